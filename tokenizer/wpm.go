package tokenizer

import (
	"unicode"
	"unicode/utf8"
)

// wpmModel is llama.cpp's WordPiece tokenizer for "bert" vocabularies: the
// text is normalized (lowercased, accents stripped, control characters
// dropped), split at whitespace, punctuation and CJK characters, and each
// word, prefixed with "▁", is cut greedily into the longest vocabulary
// tokens. A word that cannot be cut entirely becomes the unknown token.
type wpmModel struct {
	v            *vocab
	unk          int32
	lowercase    bool
	stripAccents bool
}

// newWPM returns the WordPiece model of v.
func newWPM(v *vocab, unk int32, lowercase, stripAccents bool) *wpmModel {
	return &wpmModel{v: v, unk: unk, lowercase: lowercase, stripAccents: stripAccents}
}

func (m *wpmModel) encode(text string, out []int32) []int32 {
	word := []byte("▁")
	for _, r := range codepoints(text) {
		if m.stripAccents && r >= 0xC0 {
			r = nfdBase(r)
		}
		switch wpmClass(r, m.stripAccents) {
		case wpmSpace:
			out = m.endWord(word, out)
			word = word[:len("▁")]
		case wpmLone:
			out = m.endWord(word, out)
			out = m.endWord(utf8.AppendRune(word[:len("▁")], m.lower(r)), out)
			word = word[:len("▁")]
		case wpmLetter:
			word = utf8.AppendRune(word, m.lower(r))
		}
	}
	return m.endWord(word, out)
}

// endWord appends the tokens of word ("▁" and the word's characters), if
// it has any characters.
func (m *wpmModel) endWord(word []byte, out []int32) []int32 {
	if len(word) == len("▁") {
		return out
	}
	n := len(out)
	for i := 0; i < len(word); {
		j := min(len(word), i+m.v.maxLen+1)
		for ; j > i; j-- {
			if id, ok := m.v.index[string(word[i:j])]; ok {
				out = append(out, id)
				break
			}
		}
		if j == i {
			out = out[:n]
			break
		}
		i = j
	}
	if len(out) == n && m.unk >= 0 {
		out = append(out, m.unk)
	}
	return out
}

// wpmClasses are what WordPiece's pre-processing does with a character.
const (
	wpmLetter = iota // part of a word
	wpmSpace         // ends a word
	wpmDrop          // removed (control characters, accents when stripping)
	wpmLone          // a word of its own (punctuation, ASCII symbols, CJK)
)

// wpmClass classifies r as llama.cpp's WPM preprocess does.
func wpmClass(r rune, stripAccents bool) int {
	switch {
	case unicode.IsSpace(r):
		return wpmSpace
	case r == 0 || r == utf8.RuneError || isOther(r) || (stripAccents && r >= 0x300 && unicode.Is(unicode.M, r)):
		return wpmDrop
	case unicode.IsPunct(r) || (r < 0x7F && unicode.IsSymbol(r)) || isCJK(r):
		return wpmLone
	}
	return wpmLetter
}

// isOther reports whether r is in Unicode category C (control, format,
// private use, surrogate).
func isOther(r rune) bool {
	if r < 0x80 {
		return r < 0x20 || r == 0x7F
	}
	return unicode.Is(unicode.C, r)
}

// lower lowercases r when the model asks for it.
func (m *wpmModel) lower(r rune) rune {
	if m.lowercase {
		return unicode.ToLower(r)
	}
	return r
}

// isCJK reports whether r is a CJK ideograph as BERT's tokenizer (and
// llama.cpp, with its 0x2B920 quirk) defines them.
func isCJK(r rune) bool {
	return (r >= 0x4E00 && r <= 0x9FFF) || (r >= 0x3400 && r <= 0x4DBF) ||
		(r >= 0x20000 && r <= 0x2A6DF) || (r >= 0x2A700 && r <= 0x2B73F) ||
		(r >= 0x2B740 && r <= 0x2B81F) || (r >= 0x2B920 && r <= 0x2CEAF) ||
		(r >= 0xF900 && r <= 0xFAFF) || (r >= 0x2F800 && r <= 0x2FA1F)
}

// codepoints decodes text as llama.cpp's unicode_cpts_from_utf8 does: the
// lead byte gives the length, continuation bytes must be 10xxxxxx, and
// neither overlong forms nor surrogates are rejected. Each byte that does
// not start a well-formed sequence becomes U+FFFD.
func codepoints(text string) []rune {
	out := make([]rune, 0, len(text))
	for i := 0; i < len(text); {
		r, n, ok := decodeLenient(text[i:])
		if !ok {
			r = utf8.RuneError
		}
		out = append(out, r)
		i += n
	}
	return out
}

// decodeLenient decodes the first code point of s (s not empty); !ok
// means s does not start with a sequence llama.cpp accepts (n is then 1).
func decodeLenient(s string) (r rune, n int, ok bool) {
	c := s[0]
	switch {
	case c < 0x80:
		return rune(c), 1, true
	case c&0xE0 == 0xC0:
		n = 2
	case c&0xF0 == 0xE0:
		n = 3
	case c&0xF8 == 0xF0:
		n = 4
	default:
		return 0, 1, false
	}
	if len(s) < n {
		return 0, 1, false
	}
	r = rune(c) & (0x7F >> n)
	for i := 1; i < n; i++ {
		if s[i]&0xC0 != 0x80 {
			return 0, 1, false
		}
		r = r<<6 | rune(s[i]&0x3F)
	}
	return r, n, true
}
