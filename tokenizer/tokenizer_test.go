package tokenizer

import (
	"bytes"
	"compress/gzip"
	"encoding/hex"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/laminalabs/lamina/model/embedded"
	"github.com/laminalabs/lamina/model/gguf"
)

// Where the test data lives: the small fixtures shipped with the project
// (vocabularies gzipped), and llama.cpp's full conformance set in
// ../shared beside the project root.
const (
	fixtureDir = "../testdata/tokenizer"
	sharedDir  = "../../shared"
	sharedVoc  = sharedDir + "/testdata/vocab"
)

// vocabFile opens a llama.cpp test vocabulary such as
// "ggml-vocab-llama-spm.gguf" ("stories260K.gguf" is the embedded model):
// the gzipped fixture, else ../shared's copy. ok is false when neither
// exists.
func vocabFile(t testing.TB, name string) (f *gguf.File, ok bool) {
	t.Helper()
	var err error
	switch gz := filepath.Join(fixtureDir, name+".gz"); {
	case name == "stories260K.gguf":
		f, err = embedded.Open()
	case exists(gz):
		f, err = openGzip(gz)
	case exists(filepath.Join(sharedVoc, name)):
		f, err = gguf.Open(filepath.Join(sharedVoc, name))
	default:
		return nil, false
	}
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f, true
}

func exists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

// openGzip reads a gzipped GGUF file.
func openGzip(path string) (*gguf.File, error) {
	r, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	zr, err := gzip.NewReader(r)
	if err != nil {
		return nil, err
	}
	data, err := io.ReadAll(zr)
	if err != nil {
		return nil, err
	}
	return gguf.Parse(path, data)
}

// vocabCache holds the tokenizers openVocab built (they are immutable).
var vocabCache sync.Map

// openVocab builds the tokenizer of a test vocabulary, or skips the test.
func openVocab(t testing.TB, name string) *Tokenizer {
	t.Helper()
	tok, ok := findVocab(t, name)
	if !ok {
		t.Skipf("%s is neither in %s nor in %s", name, fixtureDir, sharedVoc)
	}
	return tok
}

// findVocab builds the tokenizer of a test vocabulary (ok false when the
// file is missing), once per test binary.
func findVocab(t testing.TB, name string) (tok *Tokenizer, ok bool) {
	t.Helper()
	if tok, ok := vocabCache.Load(name); ok {
		return tok.(*Tokenizer), true
	}
	f, ok := vocabFile(t, name)
	if !ok {
		return nil, false
	}
	tok, err := New(f)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	vocabCache.Store(name, tok)
	return tok, true
}

// vocabPath returns the path of an uncompressed test vocabulary in
// ../shared, or skips the test.
func vocabPath(t testing.TB, name string) string {
	t.Helper()
	p := filepath.Join(sharedVoc, name)
	if !exists(p) {
		t.Skipf("%s not found: the llama.cpp test vocabularies live in %s", p, sharedVoc)
	}
	return p
}

// load builds the tokenizer of the GGUF file at path.
func load(t testing.TB, path string) *Tokenizer {
	t.Helper()
	f, err := gguf.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	tok, err := New(f)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return tok
}

// vectors reads llama.cpp's .inp/.out test vectors (format in
// ../shared/testdata/PROVENANCE.md).
func vectors(t *testing.T, inpPath string) (texts []string, want [][]int32) {
	t.Helper()
	inp, err := os.ReadFile(inpPath)
	if err != nil {
		t.Fatal(err)
	}
	out, err := os.ReadFile(strings.TrimSuffix(inpPath, ".inp") + ".out")
	if err != nil {
		t.Fatal(err)
	}
	const sep = "\n__ggml_vocab_test__\n"
	for s := string(inp); s != ""; {
		text, rest, _ := strings.Cut(s, sep)
		texts, s = append(texts, text), rest
	}
	lines := strings.Split(strings.TrimSuffix(string(out), "\n"), "\n")
	if len(lines) != len(texts) {
		t.Fatalf("%s: %d inputs, %d outputs", inpPath, len(texts), len(lines))
	}
	for _, line := range lines {
		var ids []int32
		for _, f := range strings.Fields(line) {
			id, err := strconv.Atoi(f)
			if err != nil {
				t.Fatal(err)
			}
			ids = append(ids, int32(id))
		}
		want = append(want, ids)
	}
	return texts, want
}

// vectorFiles lists the .inp files of the fixtures and of ../shared, one
// per vocabulary (fixtures first).
func vectorFiles() map[string]string {
	files := map[string]string{}
	for _, dir := range []string{sharedVoc, fixtureDir} {
		paths, _ := filepath.Glob(filepath.Join(dir, "*.gguf.inp"))
		for _, p := range paths {
			files[strings.TrimSuffix(filepath.Base(p), ".inp")] = p
		}
	}
	return files
}

// TestVectors runs llama.cpp's test-tokenizer-0 vectors of every
// vocabulary present (no special tokens added or parsed), and checks that
// decoding gives the text back where llama.cpp's detokenizer does.
func TestVectors(t *testing.T) {
	for name, inp := range vectorFiles() {
		t.Run(strings.TrimSuffix(strings.TrimPrefix(name, "ggml-vocab-"), ".gguf"), func(t *testing.T) {
			tok := openVocab(t, name)
			texts, want := vectors(t, inp)
			pass := 0
			for i, text := range texts {
				got := tok.Encode(text, false, false)
				if !slices.Equal(got, want[i]) {
					t.Errorf("Encode(%q) = %v, llama.cpp %v", text, got, want[i])
					continue
				}
				pass++
				checkRoundTrip(t, tok, text, got)
			}
			t.Logf("%s: %d/%d vectors pass", name, pass, len(texts))
		})
	}
}

// checkRoundTrip checks Decode(ids) against text for the models whose
// decoding is lossless for valid UTF-8: all but WordPiece (which lowercases
// and drops whitespace), with llama.cpp's space clean-up where the model
// asks for it.
func checkRoundTrip(t *testing.T, tok *Tokenizer, text string, ids []int32) {
	t.Helper()
	if tok.cfg.kind == kindWPM {
		return
	}
	want := text
	if tok.cfg.cleanSpaces {
		want = cleanSpaces(text)
	}
	if got := tok.Decode(ids); got != want {
		t.Errorf("Decode(Encode(%q)) = %q, want %q", text, got, want)
	}
}

// refCase is one tokenization recorded from llama.cpp.
type refCase struct {
	Vocab        string  `json:"vocab"` // file name, e.g. ggml-vocab-llama-spm.gguf
	TextHex      string  `json:"text_hex"`
	AddSpecial   bool    `json:"add_special"`
	ParseSpecial bool    `json:"parse_special"`
	Tokens       []int32 `json:"tokens"`
}

// refCasesFile is the extract of ../shared's reference cases for the
// vocabularies shipped as fixtures.
const refCasesFile = fixtureDir + "/reference-cases.json"

// sharedRefCases reads the tokenizations in ../shared's reference
// manifests: the "tokenize" set and the token lists of the v2 chat
// renderings.
func sharedRefCases(t *testing.T) ([]refCase, bool) {
	var cases []refCase
	for _, m := range []struct{ path, list string }{
		{sharedDir + "/reference/manifest.json", "tokenize"},
		{sharedDir + "/reference/v2/manifest.json", "chat"},
	} {
		data, err := os.ReadFile(m.path)
		if err != nil {
			return nil, false
		}
		var doc map[string]json.RawMessage
		var list []refCase
		if err := json.Unmarshal(data, &doc); err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(doc[m.list], &list); err != nil {
			t.Fatal(err)
		}
		for _, c := range list {
			if c.Vocab != "" {
				c.Vocab = filepath.Base(c.Vocab)
				cases = append(cases, c)
			}
		}
	}
	return cases, true
}

// refCases returns ../shared's reference cases, or the shipped extract.
func refCases(t *testing.T) []refCase {
	if cases, ok := sharedRefCases(t); ok {
		return cases
	}
	data, err := os.ReadFile(refCasesFile)
	if err != nil {
		t.Fatal(err)
	}
	var cases []refCase
	if err := json.Unmarshal(data, &cases); err != nil {
		t.Fatal(err)
	}
	return cases
}

// TestReferenceCases checks the tokenizations recorded from llama.cpp
// (with BOS/EOS added as the vocabulary says, special tokens parsed or
// not), reporting the pass count per vocabulary.
func TestReferenceCases(t *testing.T) {
	byVocab := map[string][]refCase{}
	for _, c := range refCases(t) {
		byVocab[c.Vocab] = append(byVocab[c.Vocab], c)
	}
	for name, cases := range byVocab {
		t.Run(strings.TrimSuffix(strings.TrimPrefix(name, "ggml-vocab-"), ".gguf"), func(t *testing.T) {
			tok := openVocab(t, name)
			pass := 0
			for _, c := range cases {
				text, err := hex.DecodeString(c.TextHex)
				if err != nil {
					t.Fatal(err)
				}
				got := tok.Encode(string(text), c.AddSpecial, c.ParseSpecial)
				if slices.Equal(got, c.Tokens) || len(got)+len(c.Tokens) == 0 {
					pass++
				} else {
					t.Errorf("Encode(%q, add=%v, special=%v) =\n%v, llama.cpp\n%v", text, c.AddSpecial, c.ParseSpecial, got, c.Tokens)
				}
			}
			t.Logf("%s: %d/%d reference cases pass", name, pass, len(cases))
		})
	}
}

// fixtureVocabs are the vocabularies shipped (gzipped) in testdata.
var fixtureVocabs = []string{
	"ggml-vocab-llama-spm.gguf", "ggml-vocab-phi-3.gguf", "ggml-vocab-bert-bge.gguf",
	"ggml-vocab-llama-bpe.gguf", "ggml-vocab-gpt-2.gguf",
}

// TestRegenerateFixtures copies the fixture vocabularies (gzipped) and
// their vectors from ../shared, and extracts their reference cases.
func TestRegenerateFixtures(t *testing.T) {
	if os.Getenv("LAMINA_REGEN_FIXTURES") != "1" {
		t.Skip("set LAMINA_REGEN_FIXTURES=1 to copy the tokenizer fixtures from ../shared")
	}
	for _, name := range fixtureVocabs {
		data, err := os.ReadFile(vocabPath(t, name))
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
		zw.Write(data)
		zw.Close()
		writeFixture(t, name+".gz", buf.Bytes())
		for _, ext := range []string{".inp", ".out"} {
			if data, err := os.ReadFile(filepath.Join(sharedVoc, name+ext)); err == nil {
				writeFixture(t, name+ext, data)
			}
		}
	}
	cases, ok := sharedRefCases(t)
	if !ok {
		t.Fatal("../shared's reference manifests not found")
	}
	var kept []refCase
	for _, c := range cases {
		if slices.Contains(fixtureVocabs, c.Vocab) || c.Vocab == "stories260K.gguf" {
			kept = append(kept, c)
		}
	}
	data, err := json.MarshalIndent(kept, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	writeFixture(t, filepath.Base(refCasesFile), data)
}

func writeFixture(t *testing.T, name string, data []byte) {
	if err := os.WriteFile(filepath.Join(fixtureDir, name), data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestSpecialTokens checks the special tokens and end-of-generation sets
// llama.cpp reports for each vocabulary (llref info -v).
func TestSpecialTokens(t *testing.T) {
	for _, c := range []struct {
		vocab         string
		bos, eos, eot int32
		eog           []int32
	}{
		{"stories260K.gguf", 1, 2, -1, []int32{2}},
		{"ggml-vocab-llama-spm.gguf", 1, 2, -1, []int32{2}},
		{"ggml-vocab-phi-3.gguf", 1, 32000, 32007, []int32{2, 32000, 32007}},
		{"ggml-vocab-bert-bge.gguf", 101, -1, -1, []int32{0}},
		{"ggml-vocab-llama-bpe.gguf", 128000, 128009, 128009, []int32{128001, 128008, 128009}},
		{"ggml-vocab-qwen2.gguf", 151643, 151643, 151645, []int32{128247, 151643, 151645}},
		{"ggml-vocab-gpt-2.gguf", 50256, 50256, 50256, []int32{50256}},
	} {
		t.Run(c.vocab, func(t *testing.T) {
			tok := openVocab(t, c.vocab)
			if tok.BOS() != c.bos || tok.EOS() != c.eos || tok.EOT() != c.eot {
				t.Errorf("BOS, EOS, EOT = %d, %d, %d; llama.cpp %d, %d, %d", tok.BOS(), tok.EOS(), tok.EOT(), c.bos, c.eos, c.eot)
			}
			var eog []int32
			for id := range int32(tok.NumTokens()) {
				if tok.IsEOG(id) {
					eog = append(eog, id)
				}
			}
			if !slices.Equal(eog, c.eog) {
				t.Errorf("EOG tokens %v, llama.cpp %v", eog, c.eog)
			}
			for _, id := range c.eog {
				if tok.Attr(id)&AttrControl == 0 {
					t.Errorf("EOG token %d (%q) is not a control token", id, tok.Text(id))
				}
			}
		})
	}
}

// tinyVocab is the metadata of a five-token SentencePiece vocabulary.
func tinyVocab() []gguf.KV {
	return []gguf.KV{
		{Key: keyModel, Value: gguf.String("llama")},
		{Key: keyTokens, Value: gguf.Strings([]string{"<unk>", "<s>", "</s>", "▁a", "b"})},
		{Key: keyScores, Value: gguf.Float32s([]float32{0, 0, 0, -1, -2})},
		{Key: keyTypes, Value: gguf.Int32s([]int32{typeUnknown, typeControl, typeControl, typeNormal, typeNormal})},
	}
}

// edit returns kvs with key replaced by v, or removed when v is nil.
func edit(kvs []gguf.KV, key string, v *gguf.Value) []gguf.KV {
	out := slices.DeleteFunc(slices.Clone(kvs), func(kv gguf.KV) bool { return kv.Key == key })
	if v != nil {
		out = append(out, gguf.KV{Key: key, Value: *v})
	}
	return out
}

func ptr(v gguf.Value) *gguf.Value { return &v }

// TestBadInput checks that malformed metadata gives an error naming the
// key at fault.
func TestBadInput(t *testing.T) {
	bpe := edit(edit(tinyVocab(), keyModel, ptr(gguf.String("gpt2"))), keyMerges, ptr(gguf.Strings([]string{"▁ a"})))
	for _, c := range []struct {
		name string
		kvs  []gguf.KV
		key  string
	}{
		{"no model", edit(tinyVocab(), keyModel, nil), keyModel},
		{"unknown model", edit(tinyVocab(), keyModel, ptr(gguf.String("sentencepiece-v9"))), keyModel},
		{"model not a string", edit(tinyVocab(), keyModel, ptr(gguf.Uint32(1))), keyModel},
		{"no tokens", edit(tinyVocab(), keyTokens, nil), keyTokens},
		{"tokens not strings", edit(tinyVocab(), keyTokens, ptr(gguf.Int32s([]int32{1, 2}))), keyTokens},
		{"empty vocabulary", edit(tinyVocab(), keyTokens, ptr(gguf.Strings(nil))), keyTokens},
		{"duplicate token", edit(tinyVocab(), keyTokens, ptr(gguf.Strings([]string{"<unk>", "<s>", "</s>", "b", "b"}))), keyTokens},
		{"short scores", edit(tinyVocab(), keyScores, ptr(gguf.Float32s([]float32{0, 0}))), keyScores},
		{"long scores", edit(tinyVocab(), keyScores, ptr(gguf.Float32s(make([]float32, 9)))), keyScores},
		{"scores not numbers", edit(tinyVocab(), keyScores, ptr(gguf.Strings([]string{"a", "b", "c", "d", "e"}))), keyScores},
		{"short token types", edit(tinyVocab(), keyTypes, ptr(gguf.Int32s([]int32{1}))), keyTypes},
		{"add_bos not a bool", append(tinyVocab(), gguf.KV{Key: keyAddBOS, Value: gguf.String("yes")}), keyAddBOS},
		{"add_bos without BOS", append(edit(tinyVocab(), keyModel, ptr(gguf.String("t5"))),
			gguf.KV{Key: keyAddBOS, Value: gguf.Bool(true)}), keyAddBOS},
		{"negative BOS id", append(tinyVocab(), gguf.KV{Key: "tokenizer.ggml.bos_token_id", Value: gguf.Int32(-5)}), "tokenizer.ggml.bos_token_id"},
		{"space prefix not a bool", append(tinyVocab(), gguf.KV{Key: keyAddSpacePrefix, Value: gguf.Uint32(1)}), keyAddSpacePrefix},
		{"BPE without merges", edit(bpe, keyMerges, nil), keyMerges},
		{"unknown pre-tokenizer", append(bpe, gguf.KV{Key: keyPre, Value: gguf.String("no-such-pre")}), keyPre},
		{"charsmap not bytes", append(edit(tinyVocab(), keyModel, ptr(gguf.String("t5"))),
			gguf.KV{Key: keyCharsmap, Value: gguf.Strings([]string{"x"})}), keyCharsmap},
		{"charsmap size too large", append(edit(tinyVocab(), keyModel, ptr(gguf.String("t5"))),
			gguf.KV{Key: keyCharsmap, Value: byteArray(t, []byte{0xFF, 0, 0, 0, 1, 2})}), keyCharsmap},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := New(parseKVs(t, c.kvs))
			if err == nil || !strings.Contains(err.Error(), c.key) {
				t.Errorf("New: error %v, want one naming %q", err, c.key)
			}
		})
	}
}

// TestOptionalArrays checks llama.cpp's defaults for vocabularies without
// scores or token types: score 0, every token normal.
func TestOptionalArrays(t *testing.T) {
	tok, err := New(parseKVs(t, edit(edit(tinyVocab(), keyScores, nil), keyTypes, nil)))
	if err != nil {
		t.Fatal(err)
	}
	if tok.Attr(1) != AttrNormal || tok.vocab.score(4) != 0 {
		t.Errorf("Attr(1) = %b, score(4) = %v; want normal, 0", tok.Attr(1), tok.vocab.score(4))
	}
	// BOS is added, and "<s>" in the text is plain text (it is not a
	// control token here).
	if got := tok.Encode("<s>", true, true); len(got) < 2 || got[0] != 1 || got[1] == 1 {
		t.Errorf("Encode(<s>) = %v", got)
	}
}

func TestDecoder(t *testing.T) {
	tok := openVocab(t, "ggml-vocab-llama-spm.gguf")
	// "▁" then the four byte tokens of 🦙, then "▁ll" "ama" and EOS.
	ids := []int32{29871, 243, 162, 169, 156, 11148, 3304, 2}
	for _, c := range []struct {
		special bool
		want    []string
	}{
		{false, []string{" ", "", "", "", "🦙", " ll", "ama", ""}},
		{true, []string{" ", "", "", "", "🦙", " ll", "ama", "</s>"}},
	} {
		d := tok.NewDecoder(c.special)
		for i, id := range ids {
			if got := d.Write(id); got != c.want[i] {
				t.Errorf("special=%v: Write(%d) = %q, want %q", c.special, id, got, c.want[i])
			}
		}
	}
	// An unfinished character waits, a byte that cannot start one is
	// replaced, and Flush gives up on the rest.
	d := tok.NewDecoder(false)
	if got := d.Write(243) + d.Write(0xFF+3) + d.Write(162); got != "\uFFFD\uFFFD\uFFFD" {
		t.Errorf("invalid bytes: got %q", got)
	}
	if got := d.Write(243) + d.Write(162) + d.Flush(); got != "\uFFFD\uFFFD" {
		t.Errorf("Flush of a cut character: got %q", got)
	}
	if got := d.Write(15043); got != " Hello" {
		t.Errorf("after Flush: got %q", got)
	}
}
