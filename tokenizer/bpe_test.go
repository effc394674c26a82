package tokenizer

import (
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"github.com/laminalabs/lamina/model/gguf"
)

// bpeCasesFile holds llama.cpp's pre-tokenizer splits and tokenizations
// for every pre-tokenizer of the table (see bpe-PROVENANCE.md there).
const bpeCasesFile = fixtureDir + "/bpe-cases.json"

// bpeCases is the content of bpeCasesFile.
type bpeCases struct {
	// Splits are unicode_regex_split's words (UTF-8 as llama.cpp
	// re-encodes it, without the byte alphabet).
	Splits []struct {
		Pre      string   `json:"pre"`
		TextHex  string   `json:"text_hex"`
		WordsHex []string `json:"words_hex"`
	} `json:"splits"`
	// Tokens are llama_tokenize's tokens (no special tokens added or
	// parsed) with the Llama 3 vocabulary under each pre-tokenizer.
	Tokens []struct {
		Pre     string  `json:"pre"`
		TextHex string  `json:"text_hex"`
		Tokens  []int32 `json:"tokens"`
	} `json:"tokens"`
}

// loadBPECases reads bpeCasesFile, or the file $LAMINA_BPE_CASES names.
func loadBPECases(t *testing.T) *bpeCases {
	t.Helper()
	path := bpeCasesFile
	if p := os.Getenv("LAMINA_BPE_CASES"); p != "" {
		path = p
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var c bpeCases
	if err := json.Unmarshal(data, &c); err != nil {
		t.Fatal(err)
	}
	return &c
}

func unhex(t *testing.T, s string) string {
	t.Helper()
	b, err := hex.DecodeString(s)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// bpeFromFile builds the BPE model of a vocabulary file, with its own
// pre-tokenizer unless pre is given.
func bpeFromFile(t testing.TB, f *gguf.File, pre ...string) *bpeModel {
	t.Helper()
	v, err := loadVocab(f)
	if err != nil {
		t.Fatal(err)
	}
	merges, err := f.Strings(keyMerges)
	if err != nil {
		t.Fatal(err)
	}
	name, err := optional(f, keyPre, "", f.String)
	if err != nil {
		t.Fatal(err)
	}
	if len(pre) > 0 {
		name = pre[0]
	}
	m, err := newBPE(v, merges, name)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// openBPE builds the BPE model of a test vocabulary, or skips the test.
func openBPE(t testing.TB, name string, pre ...string) *bpeModel {
	t.Helper()
	f, ok := vocabFile(t, name)
	if !ok {
		t.Skipf("%s is neither in %s nor in %s", name, fixtureDir, sharedVoc)
	}
	return bpeFromFile(t, f, pre...)
}

// decodeAll joins the byte-level decoding of ids.
func decodeAll(m *bpeModel, ids []int32) string {
	var b strings.Builder
	for _, id := range ids {
		b.Write(m.decodePiece(m.v.tokens[id]))
	}
	return b.String()
}

// TestBPEVectors runs llama.cpp's test-tokenizer-0 vectors of every BPE
// vocabulary present straight through the BPE model, and decodes the
// tokens back. Texts holding a user-defined token (which Encode splits out
// before BPE) are left to TestVectors.
func TestBPEVectors(t *testing.T) {
	for name, inp := range vectorFiles() {
		f, ok := vocabFile(t, name)
		if !ok {
			continue
		}
		if model, _ := f.String(keyModel); model != "gpt2" {
			continue
		}
		t.Run(strings.TrimSuffix(strings.TrimPrefix(name, "ggml-vocab-"), ".gguf"), func(t *testing.T) {
			m := bpeFromFile(t, f)
			texts, want := vectors(t, inp)
			pass, skip := 0, 0
			for i, text := range texts {
				if hasUserDefined(m.v, text) {
					skip++
					continue
				}
				got := m.encode(text, nil)
				if !slices.Equal(got, want[i]) {
					t.Errorf("encode(%q) = %v, llama.cpp %v", text, got, want[i])
					continue
				}
				if back := decodeAll(m, got); back != text {
					t.Errorf("decode(encode(%q)) = %q", text, back)
				}
				pass++
			}
			t.Logf("%s: %d/%d vectors pass, %d hold user-defined tokens", name, pass, len(texts)-skip, skip)
		})
	}
}

// hasUserDefined reports whether text holds a user-defined token of v.
func hasUserDefined(v *vocab, text string) bool {
	for id, typ := range v.types {
		if typ == typeUserDefined && strings.Contains(text, v.tokens[id]) {
			return true
		}
	}
	return false
}

// TestBPEPreTokenizerTokens tokenizes texts with the Llama 3 vocabulary
// under every pre-tokenizer and compares with llama.cpp.
func TestBPEPreTokenizerTokens(t *testing.T) {
	f, ok := vocabFile(t, "ggml-vocab-llama-bpe.gguf")
	if !ok {
		t.Skip("ggml-vocab-llama-bpe.gguf not found")
	}
	byPre := map[string][]int{}
	cases := loadBPECases(t).Tokens
	for i, c := range cases {
		byPre[c.Pre] = append(byPre[c.Pre], i)
	}
	for pre, idx := range byPre {
		t.Run(pre, func(t *testing.T) {
			t.Parallel()
			m := bpeFromFile(t, f, pre)
			for _, i := range idx {
				text := unhex(t, cases[i].TextHex)
				if got := m.encode(text, nil); !slices.Equal(got, cases[i].Tokens) {
					t.Errorf("encode(%q) =\n%v, llama.cpp\n%v", text, got, cases[i].Tokens)
				}
			}
		})
	}
}

// TestNewBPEErrors checks that bad metadata gives an error naming its key.
func TestNewBPEErrors(t *testing.T) {
	v := &vocab{tokens: []string{"a", "b", "ab"}, index: map[string]int32{"a": 0, "b": 1, "ab": 2}}
	for _, c := range []struct {
		merges []string
		pre    string
		key    string
	}{
		{[]string{"a b"}, "no-such-pre", keyPre},
		{[]string{"a b", "ab"}, "gpt-2", keyMerges},
		{[]string{""}, "gpt-2", keyMerges},
		{[]string{"a "}, "gpt-2", keyMerges},
		{[]string{" "}, "gpt-2", keyMerges},
	} {
		_, err := newBPE(v, c.merges, c.pre)
		if err == nil || !strings.Contains(err.Error(), c.key) {
			t.Errorf("newBPE(%q, %q): error %v, want one naming %s", c.merges, c.pre, err, c.key)
		}
	}
	if _, err := newBPE(v, []string{"a b", " a b"}, ""); err != nil {
		t.Errorf("merge starting with a space (split after it): %v", err)
	}
}

// TestBPEMergeRules checks the merge loop on a made-up vocabulary: lowest
// rank first, leftmost on ties, merges whose result is no token, and
// symbols without a token falling back to one-byte tokens.
func TestBPEMergeRules(t *testing.T) {
	tokens := []string{"a", "b", "c", "ab", "bc", "abc", "Ġ", "x"}
	v := &vocab{tokens: tokens, index: map[string]int32{}}
	for i, s := range tokens {
		v.index[s] = int32(i)
	}
	for _, c := range []struct {
		merges []string
		text   string
		want   []int32
	}{
		{[]string{"b c", "a b", "a bc"}, "abc", []int32{5}},    // bc first, then a+bc
		{[]string{"a b", "b c"}, "abc", []int32{3, 2}},         // ab wins over bc
		{[]string{"a b"}, "abab", []int32{3, 3}},               // both pairs
		{[]string{"a a"}, "aaa", []int32{0, 0, 0}},             // "aa" no token: its bytes' tokens, then a
		{[]string{"c c", "cc c"}, "ccc", []int32{2, 2, 2}},     // "ccc" no token: one-byte tokens
		{nil, "a x", []int32{0, 6, 7}},                         // space spelled Ġ
		{nil, "a\x00", []int32{0}},                             // byte without token: nothing
		{[]string{"a b", "b c", "a b"}, "abc", []int32{3, 2}},  // duplicate merge keeps its first rank
		{[]string{"x y", "a b"}, "ab", []int32{3}},             // merge of unknown pieces is harmless
		{[]string{"a a", "aa a"}, "aaaa", []int32{0, 0, 0, 0}}, // leftmost first: (aa)(aa) -> no tokens
	} {
		m, err := newBPE(v, c.merges, "gpt-2")
		if err != nil {
			t.Fatal(err)
		}
		got := m.encode(c.text, nil)
		if !slices.Equal(got, c.want) {
			t.Errorf("merges %q: encode(%q) = %v, want %v", c.merges, c.text, got, c.want)
		}
	}
}

// TestDecodePiece checks the byte alphabet and llama.cpp's rendering of
// characters outside it.
func TestDecodePiece(t *testing.T) {
	m := &bpeModel{}
	for b := range 256 {
		if got := m.decodePiece(byteSpellings[b]); len(got) != 1 || got[0] != byte(b) {
			t.Fatalf("byte %#x spelled %q decodes to %q", b, byteSpellings[b], got)
		}
	}
	for _, c := range []struct{ piece, want string }{
		{"ĠHello", " Hello"},
		{"Ċ", "\n"},
		{"Ã©", "é"},
		{"a€", "a[UNK_BYTE_0xe282aca€]"},
		{"a\xff", "a[UNK_BYTE_0xefbfbda\xff]"},
	} {
		if got := string(m.decodePiece(c.piece)); got != c.want {
			t.Errorf("decodePiece(%q) = %q, want %q", c.piece, got, c.want)
		}
	}
}

// TestClasses spot-checks the code point classes, including the Unicode
// 15.1 additions Go 1.26's tables lack.
func TestClasses(t *testing.T) {
	initClasses()
	for _, c := range []struct {
		r    rune
		want charBits
	}{
		{'a', bitLetter}, {'7', bitNumber}, {'~', bitSymbol}, {'!', bitPunct}, {'\v', bitSpace},
		{0x85, bitSpace}, {0x3000, bitSpace}, {0x1C, 0}, {0x301, bitMark}, {0x378, 0},
		{0x4E2D, bitLetter | bitHan | bitAsian}, {0x4E00, bitLetter | bitHan | bitWide | bitAsian},
		{0x30AB, bitLetter | bitWide | bitKana | bitAsian}, {0xAC00, bitLetter | bitWide | bitHangul | bitAsian},
		{0x3105, bitLetter | bitWide | bitBopomofo}, {0x1F7D, bitLetter | bitCased | bitWide},
		{0xFF01, bitPunct | bitFullPunct | bitCJKPunct}, {0x2026, bitPunct | bitStop | bitWide | bitCJKPunct},
		{0xB5, bitLetter | bitCased}, {0x8C48, bitLetter | bitHan | bitAsian}, {0x2EBF0, bitLetter},
		{0x31EF, bitSymbol | bitWide}, {0x2FFC, bitSymbol | bitWide}, {0x10FFFF, 0}, {0x110000, 0}, {-1, 0},
	} {
		if got := classOf(c.r); got != c.want {
			t.Errorf("classOf(%U) = %#x, want %#x", c.r, got, c.want)
		}
	}
}

// TestInvalidUTF8 checks how bytes that are not UTF-8 are read: each byte
// of an invalid sequence is U+FFFD, overlong forms and surrogates are
// decoded (llama.cpp re-encodes them), code points past U+10FFFF are
// U+FFFD.
func TestInvalidUTF8(t *testing.T) {
	m := openBPE(t, "ggml-vocab-gpt-2.gguf")
	for _, c := range []struct {
		text string
		want []int32 // llama.cpp (llref tokenize --no-bos)
	}{
		{"a\xffb", []int32{64, 4210, 65}},
		{"a\xe4\xb8b", []int32{64, 6353, 65}},
		{"a\xc0\x80b", []int32{64, 188, 65}},
		{"a\xed\xa0\x80b", []int32{64, 169, 254, 222, 65}},
	} {
		if got := m.encode(c.text, nil); !slices.Equal(got, c.want) {
			t.Errorf("encode(%q) = %v, llama.cpp %v", c.text, got, c.want)
		}
	}
	if got := decodeAll(m, m.encode("a\xf4\x90\x80\x80b", nil)); got != "a\uFFFDb" {
		t.Errorf("code point past U+10FFFF decodes as %q", got)
	}
}

// TestSPMStyleBPE checks Gemma 4's BPE on a made-up vocabulary: spaces
// become "▁", symbols are UTF-8 characters, bytes fall back to "<0xNN>",
// runs of newlines that are tokens are kept whole.
func TestSPMStyleBPE(t *testing.T) {
	tokens := []string{"▁", "h", "i", "hi", "▁hi", "<0xC3>", "<0xA9>", "\n", "\n\n\n"}
	v := &vocab{tokens: tokens, index: map[string]int32{}}
	for i, s := range tokens {
		v.index[s] = int32(i)
	}
	m, err := newBPE(v, []string{"h i", "▁ hi"}, "gemma4")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := m.encode(" hi é\n\n\n\n\n", nil), []int32{4, 0, 5, 6, 7, 7, 7, 7, 7}; !slices.Equal(got, want) {
		t.Errorf("encode = %v, want %v", got, want)
	}
	if got, want := m.encode("\n\n\n", nil), []int32{8}; !slices.Equal(got, want) {
		t.Errorf("encode(3 newlines) = %v, want %v", got, want)
	}
}

// TestBPEConcurrent encodes from several goroutines at once (run with
// -race): each call must get its own scratch state.
func TestBPEConcurrent(t *testing.T) {
	m := openBPE(t, "ggml-vocab-llama-bpe.gguf")
	texts := []string{"Hello world", strings.Repeat("日本語 テスト ", 50), "   \n\n  x 123456", benchParagraphs[0]}
	want := make([][]int32, len(texts))
	for i, text := range texts {
		want[i] = m.encode(text, nil)
	}
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Go(func() {
			for k := range 50 {
				i := (g + k) % len(texts)
				if got := m.encode(texts[i], nil); !slices.Equal(got, want[i]) {
					t.Errorf("concurrent encode(%q) = %v, want %v", texts[i], got, want[i])
					return
				}
			}
		})
	}
	wg.Wait()
}

// FuzzBPERoundTrip feeds arbitrary bytes to byte-level BPE: no panic, ids
// in range, and decoding gives back the text as llama.cpp reads it (the
// input itself when it is valid UTF-8).
func FuzzBPERoundTrip(f *testing.F) {
	var models []*bpeModel
	for _, name := range []string{"ggml-vocab-llama-bpe.gguf", "ggml-vocab-gpt-2.gguf"} {
		if file, ok := vocabFile(f, name); ok {
			models = append(models, bpeFromFile(f, file))
		}
	}
	if len(models) == 0 {
		f.Skip("no BPE vocabulary found")
	}
	for _, s := range []string{"", " ", "Hello world", "a\xffb\xc3", "日本語 🦙\t\n", "   \n\n  x", "I'M 12345 Ll'Ll"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		for _, m := range models {
			ids := m.encode(text, nil)
			for _, id := range ids {
				if !m.v.valid(id) {
					t.Fatalf("id %d outside the vocabulary", id)
				}
			}
			got := decodeAll(m, ids)
			if utf8.ValidString(text) && got != text {
				t.Fatalf("decode(encode(%q)) = %q", text, got)
			}
			s := &bpeSession{m: m}
			s.split(text)
			if got != s.src {
				t.Fatalf("decode(encode(%q)) = %q, want %q", text, got, s.src)
			}
		}
	})
}

// TestWriteBPEPreVocabs writes copies of the Llama 3 test vocabulary under
// every pre-tokenizer to $LAMINA_BPE_PRE_DIR, for
// testdata/tokenizer/bpe-gen.py to tokenize with llama.cpp.
func TestWriteBPEPreVocabs(t *testing.T) {
	dir := os.Getenv("LAMINA_BPE_PRE_DIR")
	if dir == "" {
		t.Skip("set LAMINA_BPE_PRE_DIR=DIR to write the vocabularies")
	}
	f, ok := vocabFile(t, "ggml-vocab-llama-bpe.gguf")
	if !ok {
		t.Fatal("ggml-vocab-llama-bpe.gguf not found")
	}
	for _, row := range preTokenizers {
		name := row.names[0]
		kvs := edit(f.KV, keyPre, ptr(gguf.String(name)))
		out, err := os.Create(filepath.Join(dir, name+".gguf"))
		if err != nil {
			t.Fatal(err)
		}
		w, err := gguf.NewWriter(out, kvs, nil)
		if err == nil {
			err = w.Close()
		}
		if cerr := out.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			t.Fatal(err)
		}
	}
}
