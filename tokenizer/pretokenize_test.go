package tokenizer

import (
	"slices"
	"testing"
)

// preWords returns the words p cuts text into.
func preWords(p *preTokenizer, text string) []string {
	initClasses()
	s := &bpeSession{m: &bpeModel{pre: p}}
	s.split(text)
	var words []string
	lo := int32(0)
	for _, e := range s.ends {
		words = append(words, s.src[s.offs[lo]:s.offs[e]])
		lo = e
	}
	return words
}

// TestPreTokenizerSplits checks every pre-tokenizer of the table against
// llama.cpp's splits of tricky and random texts.
func TestPreTokenizerSplits(t *testing.T) {
	pass := map[string]int{}
	for _, c := range loadBPECases(t).Splits {
		p, ok := lookupPre(c.Pre)
		if !ok {
			t.Fatalf("pre-tokenizer %q not in the table", c.Pre)
		}
		text := unhex(t, c.TextHex)
		var want []string
		for _, w := range c.WordsHex {
			want = append(want, unhex(t, w))
		}
		if got := preWords(p, text); !slices.Equal(got, want) {
			t.Errorf("%s: %q:\n got %q\nwant %q", c.Pre, text, got, want)
			continue
		}
		pass[c.Pre]++
	}
	for _, row := range preTokenizers {
		if pass[row.names[0]] == 0 {
			t.Errorf("no passing split for pre-tokenizer %q", row.names[0])
		}
	}
	t.Logf("passing splits per pre-tokenizer: %v", pass)
}

// TestLookupPre checks the default and the aliases.
func TestLookupPre(t *testing.T) {
	def, _ := lookupPre("default")
	llama3, _ := lookupPre("llama3")
	for name, want := range map[string]*preTokenizer{"": def, "llama-bpe": llama3, "falcon3": llama3} {
		if got, ok := lookupPre(name); !ok || got != want {
			t.Errorf("lookupPre(%q) = %p, %v; want %p", name, got, ok, want)
		}
	}
	for _, name := range []string{"no-such-pre", "kimi-k2", "LLAMA3"} {
		if _, ok := lookupPre(name); ok {
			t.Errorf("lookupPre(%q) found a pre-tokenizer", name)
		}
	}
}
