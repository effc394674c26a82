package tokenizer

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// fuzzVocabs are the vocabularies fuzzed, one per model kind.
var fuzzVocabs = []string{
	"stories260K.gguf", "ggml-vocab-bert-bge.gguf", "ggml-vocab-llama-bpe.gguf", "ggml-vocab-qwen2.gguf",
}

// FuzzEncode feeds arbitrary bytes to every model kind: no panic, ids in
// range, the streaming decoder agrees with the pieces, and decoding gives
// valid UTF-8 text back for SentencePiece (without "▁", which decodes as a
// space) and byte-level BPE. (Invalid UTF-8 is not kept: SentencePiece may
// swallow an escaped space into an invalid sequence, and BPE reads invalid
// bytes as U+FFFD, both exactly as llama.cpp.)
func FuzzEncode(f *testing.F) {
	toks := []*Tokenizer{load(f, fixtureDir+"/ugm-t5.gguf")}
	for _, name := range fuzzVocabs {
		if tok, ok := findVocab(f, name); ok {
			toks = append(toks, tok)
		}
	}
	for _, s := range []string{"", " ", "Hello world", "a\xffb\xc3", "<s>x</s><|im_end|>[CLS]", "日本語 🦙\t\n", "▁x  y"} {
		f.Add(s, false)
		f.Add(s, true)
	}
	f.Fuzz(func(t *testing.T, text string, special bool) {
		for _, tok := range toks {
			ids := tok.Encode(text, false, special)
			checkIDs(t, tok, ids)
			checkStream(t, tok, ids)
			if !special && losslessFor(tok, text) {
				checkRoundTrip(t, tok, text, ids)
			}
		}
	})
}

// losslessFor reports whether decoding tok's tokens of text must give the
// text back.
func losslessFor(tok *Tokenizer, text string) bool {
	switch tok.cfg.kind {
	case kindSPM:
		return utf8.ValidString(text) && !strings.Contains(text, "▁")
	case kindBPE:
		return utf8.ValidString(text)
	}
	return false
}

func checkIDs(t *testing.T, tok *Tokenizer, ids []int32) {
	t.Helper()
	for _, id := range ids {
		if !tok.vocab.valid(id) {
			t.Fatalf("%s: id %d outside the vocabulary", tok.Model(), id)
		}
	}
}

// checkStream checks that a special-rendering Decoder writes exactly the
// pieces' bytes, each invalid byte replaced by U+FFFD.
func checkStream(t *testing.T, tok *Tokenizer, ids []int32) {
	t.Helper()
	d := tok.NewDecoder(true)
	var got, raw strings.Builder
	for _, id := range ids {
		s := d.Write(id)
		if !utf8.ValidString(s) {
			t.Fatalf("Decoder wrote invalid UTF-8 %q", s)
		}
		got.WriteString(s)
		raw.WriteString(tok.Piece(id))
	}
	got.WriteString(d.Flush())
	var want strings.Builder
	for _, r := range raw.String() {
		want.WriteRune(r)
	}
	if got.String() != want.String() {
		t.Fatalf("Decoder wrote %q, want %q", got.String(), want.String())
	}
}
