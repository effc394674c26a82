#!/usr/bin/env python3
"""Regenerates testdata/model/archs.json and its .f32 files: llama.cpp's
logits and greedy continuations (through ../shared/tools/llref, exact path:
--fa off --kv-type f32, and --no-repack) for the tiny gemma2 / phi3 fixtures.

Run from the project root:  python3 testdata/model/make_archs.py [LLREF]
(LLREF defaults to /tmp/llref-cache/llref; numpy is needed)."""
import json, os, re, subprocess, sys
import numpy as np

LLREF = sys.argv[1] if len(sys.argv) > 1 else "/tmp/llref-cache/llref"
DIR = os.path.dirname(os.path.abspath(__file__))
# --no-repack: on AVX-512 machines llama.cpp's repacked Q8_0 path returns
# NaN logits for gemma2-tiny-Q8_0 on the 600-token sequence.
EXACT = ["--fa", "off", "--kv-type", "f32", "-t", "2", "--no-repack"]
MODELS = {  # id -> file, label
    "gemma2-tiny-F32": ("gemma2-tiny-F32.gguf", "F32"),
    "gemma2-tiny-Q8_0": ("gemma2-tiny-Q8_0.gguf", "Q8_0"),
    "phi3-tiny-F32": ("phi3-tiny-F32.gguf", "F32"),
}
rng = np.random.default_rng(3)
def seq(n):
    return [1] + [int(x) for x in rng.integers(3, 384, n - 1)]
# s20: longer than the window (8); w8: exactly the window; w9: one past it;
# s600: past the ring a batched decode of 512 keeps (8 - 1 + 512 rows).
SEQS = {"s20": (seq(20), True), "w8": (seq(8), True), "w9": (seq(9), True), "s600": (seq(600), False)}

def llref(*args):
    """Runs llref; returns its JSON output's integer lists by key (pieces
    of random-weight vocabularies can break the JSON text itself)."""
    out = subprocess.run([LLREF, *args], check=True, capture_output=True, text=True).stdout
    keys = re.findall(r'"(\w+)":\[([0-9,]*)\]', out)
    return {k: [int(x) for x in v.split(",") if x] for k, v in keys}

man = {"models": {}, "logits": [], "generate": []}
for mid, (path, label) in MODELS.items():
    man["models"][mid] = {"path": path, "label": label}
    full = os.path.join(DIR, path)
    for name, (toks, all_pos) in SEQS.items():
        if mid.startswith("phi3") and name in ("w8", "w9"):
            continue
        f = "%s-%s-%s-exact.f32" % (mid, name, "all" if all_pos else "last")
        args = ["logits", full, "--tokens", ",".join(map(str, toks)), "-c", str(len(toks) + 8), "-o", os.path.join(DIR, f), *EXACT]
        if all_pos:
            args.append("--all")
        llref(*args)
        shape = [len(toks) if all_pos else 1, 384]
        man["logits"].append({"model": mid, "tokens": toks, "seq": name, "all_positions": all_pos,
                              "path": "exact", "flags": EXACT, "lora": [], "file": f, "shape": shape})
    g = llref("generate", full, "Once upon a time", "-n", "16", "--ignore-eos", *EXACT)
    prompt, gen = g["prompt_tokens"], g["tokens"]
    tf = prompt + gen[:-1]
    tmp = os.path.join(DIR, "tf.tmp")
    llref("logits", full, "--tokens", ",".join(map(str, tf)), "--all", "-o", tmp, *EXACT)
    lg = np.fromfile(tmp, dtype="<f4").reshape(len(tf), -1)
    os.remove(tmp)
    margins = []
    for i in range(len(gen)):
        row = np.sort(lg[len(prompt) - 1 + i])
        margins.append(round(float(row[-1] - row[-2]), 4))
    man["generate"].append({"model": mid, "prompt": "Once upon a time", "prompt_tokens": prompt,
                            "tokens": gen, "path": "exact", "flags": EXACT + ["--ignore-eos"],
                            "lora": [], "margins": margins})
with open(os.path.join(DIR, "archs.json"), "w") as fh:
    json.dump(man, fh, indent=1)
