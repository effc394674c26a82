package tokenizer

import (
	"bytes"
	"slices"
	"testing"

	"github.com/laminalabs/lamina/model/gguf"
)

// llamaCase is one tokenization checked against llama.cpp (llref tokenize).
type llamaCase struct {
	text                     string
	addSpecial, parseSpecial bool
	want                     []int32
}

// checkCases encodes every case with tok.
func checkCases(t *testing.T, tok *Tokenizer, cases []llamaCase) {
	t.Helper()
	for _, c := range cases {
		if got := tok.Encode(c.text, c.addSpecial, c.parseSpecial); !slices.Equal(got, c.want) {
			t.Errorf("Encode(%q, %v, %v) = %v, llama.cpp %v", c.text, c.addSpecial, c.parseSpecial, got, c.want)
		}
	}
}

func TestSPMStories(t *testing.T) {
	checkCases(t, openVocab(t, "stories260K.gguf"), []llamaCase{
		{"Hello world", true, false, []int32{1, 346, 306, 414, 263, 304, 341}},
		{"", true, false, []int32{1}},
		{"", false, false, nil},
		// A space is prefixed after every special token, and special
		// tokens are matched only when asked.
		{"</s>Hi<s> there", true, true, []int32{1, 2, 320, 417, 1, 410, 383}},
		// Characters outside the vocabulary fall back to byte tokens;
		// invalid UTF-8 bytes too.
		{"日本", false, false, []int32{410, 233, 154, 168, 233, 159, 175}},
		{"a\xc3(b\xf0\x9f", false, false, []int32{261, 198, 43, 430, 243, 162}},
	})
}

func TestSPMLlama(t *testing.T) {
	checkCases(t, openVocab(t, "ggml-vocab-llama-spm.gguf"), []llamaCase{
		{"🦙 llama", false, false, []int32{29871, 243, 162, 169, 156, 11148, 3304}},
		{"<s> <s>x</s>", false, true, []int32{1, 259, 1, 921, 2}},
	})
}

// Phi-3's special tokens swallow the whitespace after them (llama.cpp
// sets rstrip on them by model name), except <s>, <unk> and <|endoftext|>.
func TestSPMPhi3Strip(t *testing.T) {
	checkCases(t, openVocab(t, "ggml-vocab-phi-3.gguf"), []llamaCase{
		{"<|user|>\nHi <|end|>\n<|assistant|>  x", true, true, []int32{1, 32010, 6324, 29871, 32007, 32001, 921}},
		{"a <|end|>  b", false, true, []int32{263, 29871, 32007, 289}},
	})
}

// withKVs returns the tokenizer of f's metadata with kvs added or replaced.
func withKVs(t *testing.T, f *gguf.File, kvs ...gguf.KV) *Tokenizer {
	t.Helper()
	all := slices.DeleteFunc(slices.Clone(f.KV), func(kv gguf.KV) bool {
		return slices.ContainsFunc(kvs, func(o gguf.KV) bool { return o.Key == kv.Key })
	})
	tok, err := New(parseKVs(t, append(all, kvs...)))
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

// parseKVs writes a vocabulary-only GGUF file in memory and parses it.
func parseKVs(t *testing.T, kvs []gguf.KV) *gguf.File {
	t.Helper()
	var buf bytes.Buffer
	if err := gguf.Write(&buf, kvs, nil); err != nil {
		t.Fatal(err)
	}
	f, err := gguf.Parse("test.gguf", buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// The metadata overrides llama.cpp's SPM defaults: no space prefix, EOS
// added, BOS not.
func TestSPMMetadataFlags(t *testing.T) {
	f, _ := vocabFile(t, "stories260K.gguf")
	tok := withKVs(t, f,
		gguf.KV{Key: keyAddSpacePrefix, Value: gguf.Bool(false)},
		gguf.KV{Key: keyAddEOS, Value: gguf.Bool(true)},
		gguf.KV{Key: keyAddBOS, Value: gguf.Bool(false)})
	checkCases(t, tok, []llamaCase{
		{"Hello world", true, false, []int32{440, 411, 306, 414, 263, 304, 341, 2}},
		{" Hello</s>world", true, true, []int32{346, 306, 414, 2, 424, 304, 341, 2}},
		{"", true, false, []int32{2}},
	})
	if tok.AddBOS() || !tok.AddEOS() {
		t.Errorf("AddBOS, AddEOS = %v, %v; want false, true", tok.AddBOS(), tok.AddEOS())
	}
	if got := tok.Decode([]int32{440, 411, 263}); got != "He w" {
		t.Errorf("Decode without space prefix = %q, want %q", got, "He w")
	}
}

func TestSPMDecode(t *testing.T) {
	tok := openVocab(t, "ggml-vocab-llama-spm.gguf")
	for _, c := range []struct {
		ids  []int32
		want string
	}{
		// Special tokens are rendered; only the first piece loses its
		// leading space.
		{[]int32{1, 15043, 3186}, "<s> Hello world"},
		{[]int32{15043, 3186, 2}, "Hello world</s>"},
		{[]int32{29871, 243, 162, 169, 156}, "🦙"},
		{[]int32{-1, 32000, 3186}, " world"},
	} {
		if got := tok.Decode(c.ids); got != c.want {
			t.Errorf("Decode(%v) = %q, want %q", c.ids, got, c.want)
		}
	}
	if got := tok.Piece(13); got != "\n" {
		t.Errorf("Piece(<0x0A>) = %q", got)
	}
	if got := tok.Text(15043); got != "▁Hello" {
		t.Errorf("Text(15043) = %q", got)
	}
}
