#!/usr/bin/env python3
"""Regenerates bpe-cases.json: llama.cpp's pre-tokenizer splits and BPE
tokenizations of tricky and random texts, for every pre-tokenizer of
tokenizer/pretokenize_table.go (see bpe-PROVENANCE.md).

Run from the repository root, with ../shared beside it (llama.cpp's
prebuilt library via shared/tools/llref/setup.sh, g++, go):

    python3 testdata/tokenizer/bpe-gen.py [--random N] [--seed S] [--wide] [--out PATH]

--wide adds random code points from all planes and long whitespace runs;
large sets are for LAMINA_BPE_CASES=PATH go test ./tokenizer -run BPE|PreTokenizer.
"""
import argparse, json, os, random, struct, subprocess, tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
SETUP = os.path.join(ROOT, "..", "shared", "tools", "llref", "setup.sh")

# The regex lists of llama.cpp's pre-tokenizers (src/llama-vocab.cpp, as
# C strings), keyed by the first tokenizer.ggml.pre name of each row of
# pretokenize_table.go.
CONTR = "(?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])"
GPT2 = "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)"
TAIL = "|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+"
LLAMA3 = CONTR + "|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*" + TAIL
QWEN2 = CONTR + "|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*" + TAIL
DS_PUNCT_WORD = "[!\"#$%&'()*+,\\-./:;<=>?@\\[\\\\\\]^_`{|}~][A-Za-z]+|[^\r\n\\p{L}\\p{P}\\p{S}]?[\\p{L}\\p{M}]+"
HAN_KANA = "[\u4e00-\u9fa5\u3040-\u309f\u30a0-\u30ff]+"
HAN_WIDE = "[\u4e00-\u9fa5\u0800-\u4e00\uac00-\ud7ff]+"
BLOOM = " ?[^(\\s|.,!?\u2026\u3002\uff0c\u3001\u0964\u06d4\u060c)]+"
LINES = "[^\\n]+|[\\n]+"
DS_LETTERS = ("\\s?[A-Za-z\u00b5\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u01ba\u01bc-\u01bf\u01c4-\u0293\u0295-\u02af"
              "\u0370-\u0373\u0376\u0377\u037b-\u037d\u037f\u0386\u0388-\u038a\u038c\u038e-\u03a1\u03a3-\u03f5"
              "\u03f7-\u0481\u048a-\u052f\u0531-\u0556\u10a0-\u10c5\u13a0-\u13f5\u13f8-\u13fd\u1c90-\u1cba"
              "\u1cbd-\u1cbf\u1d00-\u1d2b\u1d6b-\u1d77\u1d79-\u1d9a\u1e00-\u1f15\u1f18-\u1f1d\u1f20-\u1f45"
              "\u1f48-\u1f4d\u1f50-\u1f57\u1f59\u1f5b\u1f5d\u1f5f-\u1f7d\u1f80-\u1fb4\u1fb6-\u1fbc\u1fbe"
              "\u1fc2-\u1fc4\u1fc6-\u1fcc\u1fd0-\u1fd3\u1fd6-\u1fdb\u1fe0-\u1fec\u1ff2-\u1ff4\u1ff6-\u1ffc"
              "\u2102\u2107\u210a-\u2113\u2115\u2119-\u211d\u2124\u2126\u2128\u212a-\u212d\u212f-\u2134\u2139"
              "\u213c-\u213f\u2145-\u2149\u214e\u2183\u2184\u2c00-\u2c7b\u2c7e-\u2ce4\u2ceb-\u2cee\u2cf2\u2cf3"
              "\ua640-\ua66d\ua680-\ua69b\ua722-\ua76f\ua771-\ua787\ua78b-\ua78e\uab70-\uabbf\ufb00-\ufb06"
              "\ufb13-\ufb17\uff21-\uff3a\uff41-\uff5a\U00010400-\U0001044f\U000104b0-\U000104d3"
              "\U000104d8-\U000104fb\U00010c80-\U00010cb2\U00010cc0-\U00010cf2\U000118a0-\U000118df"
              "\U0001e900-\U0001e943]+")


def cased(letters, num):
    up, low = "((?=[%s])([^a-z]))" % letters, "((?=[%s])([^A-Z]))" % letters
    lead = "[^\\r\\n\\p{L}\\p{N}]?"
    return (lead + up + "*" + low + "+" + CONTR + "?|" + lead + up + "+" + low + "*" + CONTR + "?|" + num +
            "| ?[^\\s\\p{L}\\p{N}]+[\\r\\n/]*" + TAIL)


LU_WORDS = ("[^\\r\\n\\p{L}\\p{N}]?[\\p{Lu}\\p{Lt}\\p{Lm}\\p{Lo}\\p{M}]*[\\p{Ll}\\p{Lm}\\p{Lo}\\p{M}]+" + CONTR +
            "?|[^\\r\\n\\p{L}\\p{N}]?[\\p{Lu}\\p{Lt}\\p{Lm}\\p{Lo}\\p{M}]+[\\p{Ll}\\p{Lm}\\p{Lo}\\p{M}]*" + CONTR +
            "?|%s| ?[^\\s\\p{L}\\p{N}]+[\\r\\n/]*" + TAIL)

PRES = {
    "default": ["[\\p{P}\\$\\+<=>\\^~\\|]+", GPT2, "\\p{N}+", "[0-9][0-9][0-9]"],
    "llama3": [LLAMA3],
    "dbrx": [LLAMA3],
    "deepseek-llm": ["[\r\n]", DS_LETTERS, "\\s?[!-/:-~\uff01-\uff0f\uff1a-\uff5e\u2018-\u201f\u3000-\u3002]+", "\\s+$",
                     HAN_WIDE, "\\p{N}+"],
    "deepseek-coder": ["[\r\n]", "\\s?\\p{L}+", "\\s?\\p{P}+", HAN_WIDE, "\\p{N}"],
    "deepseek-v3": ["\\p{N}{1,3}", HAN_KANA, DS_PUNCT_WORD + "| ?[\\p{P}\\p{S}]+[\r\n]*|\\s*[\r\n]+|\\s+(?!\\S)|\\s+"],
    "spark2_5": ["\\p{N}{1,3}", HAN_KANA, DS_PUNCT_WORD + "| ?[\\p{P}\\p{S}]+|[\r\n]|\\s+(?!\\S)|\\s+", "\\p{N}"],
    "falcon": ["[\\p{P}\\$\\+<=>\\^~\\|`]+", GPT2, "[0-9][0-9][0-9]"],
    "starcoder": ["\\p{N}", GPT2],
    "gpt-2": [GPT2],
    "qwen2": [QWEN2],
    "qwen35": [CONTR + "|[^\\r\\n\\p{L}\\p{N}]?[\\p{L}\\p{M}]+|\\p{N}| ?[^\\s\\p{L}\\p{M}\\p{N}]+[\\r\\n]*" + TAIL],
    "poro-chat": [BLOOM],
    "viking": [BLOOM, "\\p{N}"],
    "tekken": ["[^\\r\\n\\p{L}\\p{N}]?((?=[\\p{L}])([^a-z]))*((?=[\\p{L}])([^A-Z]))+|"
               "[^\\r\\n\\p{L}\\p{N}]?((?=[\\p{L}])([^a-z]))+((?=[\\p{L}])([^A-Z]))*|\\p{N}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n/]*" + TAIL],
    "chameleon": ["<sentinel:[0-9]+>", "(IMGIMG)((A|B|C|D|E|F|G|H|I){1,4})Z", "([\\t\\n]|    |  )", "\\p{N}",
                  "[\\p{P}!-/:-@\\[-`{-~]", GPT2],
    "gpt-4o": [cased("\\p{L}", "\\p{N}{1,3}")],
    "granite-embed-multi-97m": [cased("\\p{L}\\p{M}", "\\p{N}{1,3}")],
    "tiny_aya": ["\\d{1,3}(?=(?:\\d{3})*\\b)", LU_WORDS % "\\p{N}{1,3}"],
    "youtu": ["[\uac00-\ud7a3\u3131-\u318e]+|[\uff01\u2026\u201c\u201d\u2018\u2019\u2014\uff1a\uff1b\uff0c\u3001-\u303f"
              "\ufe30-\ufe4f]+|[\u3105-\u312f]+|" + HAN_KANA, LU_WORDS % "\\p{N}"],
    "afmoe": ["\\p{AFMoE_digits}",
              "[\u4e00-\u9fff\u3400-\u4dbf\u8c48-\ufaff\u3040-\u309f\u30a0-\u30ff\uff65-\uff9f\u2f00-\u2fdf"
              "\u0e40-\u0e7f\u0e80-\u0eff\u1780-\u17ff\u1000-\u109f\uaa60-\uaa7f\ua9e0-\ua9ff\uac00-\ud7af"
              "\u1100-\u11ff]+",
              DS_PUNCT_WORD + "| ?[\\p{P}\\p{S}]+[\r\n]*|\\s*[\r\n]+|\\s+(?!\\S)|\\s+"],
    "bailingmoe": ["'(?:[sSdDmMtT]|[lL][lL]|[vV][eE]|[rR][eE])|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}|"
                   " ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]|\\s+(?!\\S)|\\s+"],
    "seed-coder": [CONTR + "|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1}| ?[^\\s\\p{L}\\p{N}\\r\\n]+" + TAIL],
    "ufakzeka": ["[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*" + TAIL],
    "laguna": [LINES, QWEN2],
    "minicpm5": ["\\p{N}{1,3}", CONTR + "|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}+| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*" + TAIL],
    "jais-2": [CONTR + "|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|" +
               "|".join("\\s{%d}(?!\\S)" % n for n in (512, 256, 128, 64, 32, 16, 8, 4)) + "|\\s{1,2}(?!\\S)|\\s{1}"],
    "gemma4": [LINES],
    "sarvam-moe": [LINES],
}
SPM = {"gemma4", "sarvam-moe"}  # spaces are written U+2581 before splitting

FIXED = [b"Hello world", b" Hello World's  top-10 CAN'T \n\n  x", b"   \n\t  \n", b"a  b   c    ", b"1234567 89",
         "\U0001f999 Ollama \u65e5\u672c\u8a9e \u30c6\u30b9\u30c8 \ud55c\uad6d\uc5b4!!".encode(), b"a\xffb\xc3(\xe4\xb8c",
         b"\xc0\x80\xed\xa0\x80x", b"<sentinel:7>IMGIMGABZ x", b"~`$+<=>^|", "\u2028\u3000 \u00a0x".encode()]

ATOMS = [
    "Hello", "world", "HELLO", "hELLo", "\u00c9COLE", "\u00e9cole", "Stra\u00dfe", "\u0391\u0392\u0393", "\u03b1\u03b2\u03b3",
    "\u041f\u0440\u0438\u0432\u0435\u0442", "\u01c5ungla", "\u01c8", " ", "  ", "   ", "\t", "\n", "\r\n", "\r", "\n\n",
    " \n ", "\v", "\f", "\u00a0", "\u2028", "\u3000", "\u1680", "\u0085", "\u200b", "\u180e", "\u2009",
    "'s", "'S", "'t", "'re", "'RE", "'Ve", "'m", "'ll", "'LL", "'d", "'D", "'x", "'", "''",
    "0", "7", "42", "123", "1234", "12345", "3.14", "1,000,000", "\u0663\u0664\u0665", "\u00b2", "\u00bd", "\u216b", "\u2460",
    ".", ",", "!", "?", "...", "\u2026", "~", "`", "$", "+", "<=>", "^", "|", "_", "-", "--", "@", "#", "%", "&", "*",
    "(", ")", "[", "]", "{", "}", "/", "\\", "\"", ";", ":",
    "\u4e2d\u6587", "\u65e5\u672c\u8a9e", "\u3072\u3089\u304c\u306a", "\u30ab\u30bf\u30ab\u30ca", "\ud55c\uad6d\uc5b4",
    "\uff71\uff72\uff73", "\uff01", "\uff0c", "\u3002", "\u3001", "\uff1a", "\uff21\uff42\uff43",
    "e\u0301", "\u0301", "n\u0303o", "\u0915\u094d\u0937\u093f", "\u0627\u0644\u0639\u0631\u0628\u064a\u0629", "\u060c",
    "\u06d4", "\u0964", "\u05e2\u05d1\u05e8\u05d9\u05ea", "\u0e44\u0e17\u0e22",
    "\U0001f999", "\U0001f389\U0001f389", "\U0001f44d\U0001f3fd", "\u2764\ufe0f", "\u2615", "\u2122", "\u00a9",
    "\u2ebf", "\u31ef", "\u2ffc", "\u0378", "\ue000", "\ufffd", "\U0001f600", "\U0002ebf0",
    "\u03ce", "\u1f7d", "\u1fbe", "\u2126", "\u212a", "\u00b5", "\u01c6",
    "<sentinel:12>", "<sentinel:>", "IMGIMGABZ", "IMGIMGABCDEZ", "IMGIMGZ", "\x01", "\x1c", "\x1f", "\x7f", "\x00",
    "func main() {", "\tx := 1", "if a<b&&c>=d {", "// comment", "#include <stdio.h>", "x**2", "snake_case",
    "camelCase", "XMLHttpRequest", "iPhone", "\u3105\u3106\u3107", "\u3131\u3134", "\ufe30\ufe4f", "\u2014",
    "\u201cquoted\u201d", "\u1780\u17d2\u1798", "\u1019\u103c\u1014\u103a", "\u0ea5\u0eb2\u0ea7", "\u3000\u3001\u303f",
]
BAD_BYTES = [b"\xff", b"\xc3", b"\xe4\xb8", b"\xc0\x80", b"\xed\xa0\x80", b"\xf0\x9f", b"\x80", b"\xf0\x80\x80\x80"]


def random_text(rng, wide):
    parts = []
    for _ in range(rng.randint(1, 40 if wide else 14)):
        r = rng.random()
        if r < 0.05:
            parts.append(rng.choice(BAD_BYTES))
        elif r < 0.07 and wide:
            cp = rng.choice([rng.randint(0x80, 0x3000), rng.randint(0x80, 0xFFFF), rng.randint(0x10000, 0x10FFFF)])
            parts.append(chr(0x41 if 0xD800 <= cp <= 0xDFFF else cp).encode())
        elif r < 0.075 and wide:
            parts.append("".join(rng.choice(" \t\n\r\u3000\u00a0\v") for _ in range(rng.randint(2, 700))).encode())
        elif r < 0.08:
            parts.append(b" " * rng.randint(3, 40))
        elif r < 0.10:
            parts.append("".join(rng.choice("0123456789") for _ in range(rng.randint(4, 12))).encode())
        else:
            parts.append(rng.choice(ATOMS).encode())
    return b"".join(parts)


def run(cmd, texts):
    # llama.cpp never tokenizes an empty fragment (AFMoE's splitter aborts
    # on one): texts must not be empty.
    data = b"".join(struct.pack("<I", len(t)) + t for t in texts)
    return subprocess.run(cmd, input=data, capture_output=True, check=True).stdout


def split(oracle, tmp, name, texts):
    path = os.path.join(tmp, "rx-" + name)
    with open(path, "wb") as f:
        f.write(b"\0".join(r.encode() for r in PRES[name]))
    out, i, res = run([oracle, "split", path], texts), 0, []
    for _ in texts:
        (n,), i = struct.unpack_from("<I", out, i), i + 4
        words = []
        for _ in range(n):
            (m,), i = struct.unpack_from("<I", out, i), i + 4
            words.append(out[i:i + m].hex())
            i += m
        res.append(words)
    return res


def tokenize(oracle, model, texts):
    out, i, res = run([oracle, "tokenize", model], texts), 0, []
    for _ in texts:
        (n,), i = struct.unpack_from("<I", out, i), i + 4
        res.append(list(struct.unpack_from("<%di" % n, out, i)))
        i += 4 * n
    return res


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--random", type=int, default=8, help="random texts per pre-tokenizer")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--wide", action="store_true")
    ap.add_argument("--out", default=os.path.join(HERE, "bpe-cases.json"))
    a = ap.parse_args()
    libdir = subprocess.run([SETUP], capture_output=True, text=True, check=True).stdout.split()[-1]
    libdir = os.path.join(os.path.dirname(libdir), "nlc-3.22.1", "package", "bins", "linux-x64")
    rng = random.Random(a.seed)
    with tempfile.TemporaryDirectory() as tmp:
        oracle = os.path.join(tmp, "bpe-oracle")
        subprocess.run(["g++", "-O1", "-o", oracle, os.path.join(HERE, "bpe-oracle.cpp"), "-L" + libdir,
                        "-l:libllama.v0.5.0.so", "-l:libggml.v0.5.0.so", "-l:libggml-base.so",
                        "-Wl,-rpath," + libdir], check=True)
        subprocess.run(["go", "test", "./tokenizer", "-run", "TestWriteBPEPreVocabs", "-count=1"], cwd=ROOT,
                       env=dict(os.environ, LAMINA_BPE_PRE_DIR=tmp), check=True)
        cases = {"splits": [], "tokens": []}
        for name in PRES:
            texts = [t for t in FIXED + [random_text(rng, a.wide) for _ in range(a.random)] if t]
            inputs = [t.replace(b" ", "\u2581".encode()) for t in texts] if name in SPM else texts
            for t, words in zip(texts, split(oracle, tmp, name, inputs)):
                cases["splits"].append({"pre": name, "text_hex": t.hex(), "words_hex": words})
            for t, toks in zip(texts, tokenize(oracle, os.path.join(tmp, name + ".gguf"), texts)):
                cases["tokens"].append({"pre": name, "text_hex": t.hex(), "tokens": toks})
    with open(a.out, "w") as f:
        json.dump(cases, f, separators=(",", ":"))
        f.write("\n")
    print("%d splits, %d tokenizations -> %s" % (len(cases["splits"]), len(cases["tokens"]), a.out))


if __name__ == "__main__":
    main()
