package tokenizer

import (
	"slices"
	"testing"

	"github.com/laminalabs/lamina/model/gguf"
)

func TestWPM(t *testing.T) {
	checkCases(t, openVocab(t, "ggml-vocab-bert-bge.gguf"), []llamaCase{
		// Lowercased, accents stripped, punctuation and CJK characters
		// split off; [CLS] … [SEP] added with the special tokens.
		{"Héllo WORLD, naïve 東京!", true, false, []int32{101, 7592, 2088, 1010, 15743, 1879, 1755, 999, 102}},
		{"", true, false, []int32{101, 102}},
		{"[CLS]x[SEP] [MASK]", true, true, []int32{101, 101, 1060, 102, 103, 102}},
		{"[CLS]x[SEP]", false, false, []int32{1031, 18856, 2015, 1033, 1060, 1031, 19802, 1033}},
		// Greedy longest-prefix pieces; zero-width and control
		// characters vanish.
		{"supercalifragilisticexpialidociousxyzqq a\x00b\u200bc", true, false,
			[]int32{101, 3565, 9289, 10128, 29181, 24411, 4588, 10288, 19312, 21273, 10085, 6313, 18037, 2480, 4160, 4160, 5925, 102}},
		// Words that cannot be spelled become [UNK]; ASCII symbols are
		// split off, other symbols are not.
		{"Ω ﬁ Ⅻ ㎞ $5+3<4", false, false, []int32{1179, 1984, 100, 100, 1002, 1019, 1009, 1017, 1026, 1018}},
	})
}

// tokenizer.ggml.normalizer.* override BERT's lowercasing and accent
// stripping (stripping follows lowercasing unless set).
func TestWPMNormalizerKeys(t *testing.T) {
	f, ok := vocabFile(t, "ggml-vocab-bert-bge.gguf")
	if !ok {
		t.Skip("ggml-vocab-bert-bge.gguf not found")
	}
	text := "Héllo WORLD naïve Ωmega"
	checkCases(t, withKVs(t, f, gguf.KV{Key: keyLowercase, Value: gguf.Bool(false)}), []llamaCase{
		{text, true, false, []int32{101, 100, 100, 100, 100, 102}},
	})
	checkCases(t, withKVs(t, f, gguf.KV{Key: keyStripAccents, Value: gguf.Bool(false)}), []llamaCase{
		{text, true, false, []int32{101, 100, 2088, 100, 1179, 4168, 3654, 102}},
	})
}

func TestLenientUTF8(t *testing.T) {
	for _, c := range []struct {
		in   string
		want []rune
	}{
		{"aé€😀", []rune{'a', 'é', '€', '😀'}},
		{"\xc0\x80", []rune{0}},          // overlong forms are accepted
		{"\xed\xa0\x80", []rune{0xD800}}, // and surrogates
		{"\xff\xc3(", []rune{0xFFFD, 0xFFFD, '('}},
		{"\xe2\x82", []rune{0xFFFD, 0xFFFD}}, // truncated: one U+FFFD per byte
	} {
		if got := codepoints(c.in); !slices.Equal(got, c.want) {
			t.Errorf("codepoints(%q) = %U, want %U", c.in, got, c.want)
		}
	}
}

func TestNFDBase(t *testing.T) {
	for in, want := range map[rune]rune{'é': 'e', 'Å': 'A', 'a': 'a', '한': 'ᄒ', 'ǖ': 'u', '東': '東', 0x1E9B: 0x17F} {
		if got := nfdBase(in); got != want {
			t.Errorf("nfdBase(%U) = %U, want %U", in, got, want)
		}
	}
}
