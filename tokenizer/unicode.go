package tokenizer

import (
	"sync"
	"unicode"
	"unicode/utf8"
)

// charBits are the classes of a code point that the pre-tokenizers test:
// the Unicode general categories llama.cpp's regexes name (\p{L} …),
// White_Space (\s), and the literal ranges of some pre-tokenizers.
type charBits uint16

const (
	bitSpace  charBits = 1 << iota // White_Space: \s
	bitLetter                      // \p{L}
	bitNumber                      // \p{N}
	bitPunct                       // \p{P}
	bitMark                        // \p{M}
	bitSymbol                      // \p{S}
	// Literal ranges outside ASCII, as llama.cpp's std::wregex sees them:
	// it replaces non-ASCII whitespace by '\v' first, so whitespace never
	// belongs to them.
	bitHan       // [一-龥]: U+4E00..U+9FA5
	bitWide      // [ࠀ-一가-퟿]: U+0800..U+4E00, U+AC00..U+D7FF (DeepSeek)
	bitKana      // [぀-ゟ゠-ヿ]: U+3040..U+30FF
	bitCased     // DeepSeek LLM's list of cased letters
	bitFullPunct // [！-／：-～‘-‟　-。] (DeepSeek LLM)
	bitStop      // …。，、।۔، (BLOOM, Poro)
	bitHangul    // [가-힣ㄱ-ㆎ] (Youtu)
	bitCJKPunct  // [！…“”‘’—：；，、-〿︰-﹏] (Youtu)
	bitBopomofo  // [ㄅ-ㄯ] (Youtu)
	bitAsian     // AFMoE's CJK, kana, Thai, Lao, Khmer, Myanmar, Hangul… ranges
)

// categoryBits pairs Unicode tables with the bit they set. Go 1.26 ships
// Unicode 15.0 and llama.cpp's table is Unicode 15.1; unicode151 adds the
// code points assigned in between (the only differences, checked over all
// code points against llama.cpp's unicode_cpt_flags_from_cpt).
var categoryBits = []struct {
	table *unicode.RangeTable
	bit   charBits
}{
	{unicode.White_Space, bitSpace},
	{unicode.Letter, bitLetter},
	{unicode151Letter, bitLetter},
	{unicode.Number, bitNumber},
	{unicode.Punct, bitPunct},
	{unicode.Mark, bitMark},
	{unicode.Symbol, bitSymbol},
	{unicode151Symbol, bitSymbol},
	{hanRanges, bitHan},
	{wideRanges, bitWide},
	{kanaRanges, bitKana},
	{casedRanges, bitCased},
	{fullPunctRanges, bitFullPunct},
	{stopRanges, bitStop},
	{hangulRanges, bitHangul},
	{cjkPunctRanges, bitCJKPunct},
	{bopomofoRanges, bitBopomofo},
	{asianRanges, bitAsian},
}

var (
	unicode151Letter = &unicode.RangeTable{R32: []unicode.Range32{{Lo: 0x2EBF0, Hi: 0x2EE5D, Stride: 1}}}
	unicode151Symbol = &unicode.RangeTable{R16: []unicode.Range16{{Lo: 0x2FFC, Hi: 0x2FFF, Stride: 1}, {Lo: 0x31EF, Hi: 0x31EF, Stride: 1}}}

	hanRanges  = rangeTable(0x4E00, 0x9FA5)
	wideRanges = rangeTable(0x0800, 0x4E00, 0xAC00, 0xD7FF)
	kanaRanges = rangeTable(0x3040, 0x30FF)
	// casedRanges is the non-ASCII part of DeepSeek LLM's letter class
	// [A-Za-zµÀ-ÖØ-öø-ƺ…𞤀-𞥃].
	casedRanges = rangeTable(0xB5, 0xB5, 0xC0, 0xD6, 0xD8, 0xF6, 0xF8, 0x1BA, 0x1BC, 0x1BF, 0x1C4, 0x293,
		0x295, 0x2AF, 0x370, 0x373, 0x376, 0x377, 0x37B, 0x37D, 0x37F, 0x37F, 0x386, 0x386, 0x388, 0x38A,
		0x38C, 0x38C, 0x38E, 0x3A1, 0x3A3, 0x3F5, 0x3F7, 0x481, 0x48A, 0x52F, 0x531, 0x556, 0x10A0, 0x10C5,
		0x13A0, 0x13F5, 0x13F8, 0x13FD, 0x1C90, 0x1CBA, 0x1CBD, 0x1CBF, 0x1D00, 0x1D2B, 0x1D6B, 0x1D77,
		0x1D79, 0x1D9A, 0x1E00, 0x1F15, 0x1F18, 0x1F1D, 0x1F20, 0x1F45, 0x1F48, 0x1F4D, 0x1F50, 0x1F57,
		0x1F59, 0x1F59, 0x1F5B, 0x1F5B, 0x1F5D, 0x1F5D, 0x1F5F, 0x1F7D, 0x1F80, 0x1FB4, 0x1FB6, 0x1FBC,
		0x1FBE, 0x1FBE, 0x1FC2, 0x1FC4, 0x1FC6, 0x1FCC, 0x1FD0, 0x1FD3, 0x1FD6, 0x1FDB, 0x1FE0, 0x1FEC,
		0x1FF2, 0x1FF4, 0x1FF6, 0x1FFC, 0x2102, 0x2102, 0x2107, 0x2107, 0x210A, 0x2113, 0x2115, 0x2115,
		0x2119, 0x211D, 0x2124, 0x2124, 0x2126, 0x2126, 0x2128, 0x2128, 0x212A, 0x212D, 0x212F, 0x2134,
		0x2139, 0x2139, 0x213C, 0x213F, 0x2145, 0x2149, 0x214E, 0x214E, 0x2183, 0x2184, 0x2C00, 0x2C7B,
		0x2C7E, 0x2CE4, 0x2CEB, 0x2CEE, 0x2CF2, 0x2CF3, 0xA640, 0xA66D, 0xA680, 0xA69B, 0xA722, 0xA76F,
		0xA771, 0xA787, 0xA78B, 0xA78E, 0xAB70, 0xABBF, 0xFB00, 0xFB06, 0xFB13, 0xFB17, 0xFF21, 0xFF3A,
		0xFF41, 0xFF5A, 0x10400, 0x1044F, 0x104B0, 0x104D3, 0x104D8, 0x104FB, 0x10C80, 0x10CB2,
		0x10CC0, 0x10CF2, 0x118A0, 0x118DF, 0x1E900, 0x1E943)
	fullPunctRanges = rangeTable(0x2018, 0x201F, 0x3000, 0x3002, 0xFF01, 0xFF0F, 0xFF1A, 0xFF5E)
	stopRanges      = rangeTable(0x060C, 0x060C, 0x06D4, 0x06D4, 0x0964, 0x0964, 0x2026, 0x2026,
		0x3001, 0x3002, 0xFF0C, 0xFF0C)
	hangulRanges   = rangeTable(0x3131, 0x318E, 0xAC00, 0xD7A3)
	cjkPunctRanges = rangeTable(0x2014, 0x2014, 0x2018, 0x2019, 0x201C, 0x201D, 0x2026, 0x2026, 0x3001, 0x303F,
		0xFE30, 0xFE4F, 0xFF01, 0xFF01, 0xFF0C, 0xFF0C, 0xFF1A, 0xFF1B)
	bopomofoRanges = rangeTable(0x3105, 0x312F)
	// asianRanges are AFMoE's [一-鿿㐀-䶿豈-﫿…ᄀ-ᇿ] as llama.cpp compiles
	// them: its source spells 豈 (U+F900) in NFC, as U+8C48.
	asianRanges = rangeTable(0x0E40, 0x0EFF, 0x1000, 0x109F, 0x1100, 0x11FF, 0x1780, 0x17FF, 0x2F00, 0x2FDF,
		0x3040, 0x30FF, 0x3400, 0x4DBF, 0x4E00, 0x9FFF, 0x8C48, 0xFAFF, 0xA9E0, 0xA9FF, 0xAA60, 0xAA7F,
		0xAC00, 0xD7AF, 0xFF65, 0xFF9F)
)

// rangeTable builds a table from inclusive lo, hi pairs.
func rangeTable(bounds ...rune) *unicode.RangeTable {
	t := &unicode.RangeTable{}
	for i := 0; i < len(bounds); i += 2 {
		t.R32 = append(t.R32, unicode.Range32{Lo: uint32(bounds[i]), Hi: uint32(bounds[i+1]), Stride: 1})
	}
	return t
}

// Code points are classified through a two-level table: pages of 256
// code points, identical pages shared.
const (
	pageBits   = 8
	maxRune    = 0x10FFFF
	pageCount  = (maxRune + 1) >> pageBits
	pageOffset = 1<<pageBits - 1
)

var (
	classOnce  sync.Once
	classIndex [pageCount]uint16 // page number of each block of 256 code points
	classPages []charBits        // the distinct pages, concatenated
)

// classOf returns the classes of code point r (none outside Unicode).
func classOf(r rune) charBits {
	if r < 0 || r > maxRune {
		return 0
	}
	return classPages[int(classIndex[r>>pageBits])<<pageBits|int(r&pageOffset)]
}

// initClasses builds the class table (once; a few milliseconds, 80 KB).
func initClasses() {
	classOnce.Do(func() {
		flat := make([]charBits, maxRune+1)
		for _, c := range categoryBits {
			setBits(flat, c.table, c.bit)
		}
		for r := range rune(0x80) {
			flat[r] = asciiBits(r)
		}
		for r := range flat {
			if flat[r]&bitSpace != 0 {
				flat[r] = bitSpace // whitespace is nothing else, not even in a literal range
			}
		}
		sharePages(flat)
	})
}

// setBits sets bit on every code point of table.
func setBits(flat []charBits, table *unicode.RangeTable, bit charBits) {
	for _, r := range table.R16 {
		for c := int(r.Lo); c <= int(r.Hi); c += int(r.Stride) {
			flat[c] |= bit
		}
	}
	for _, r := range table.R32 {
		for c := int(r.Lo); c <= int(r.Hi); c += int(r.Stride) {
			flat[c] |= bit
		}
	}
}

// asciiBits gives the classes of an ASCII code point (llama.cpp's regexes
// spell out the ASCII members of each category, the same sets).
func asciiBits(r rune) charBits {
	switch {
	case r == ' ' || r >= '\t' && r <= '\r':
		return bitSpace
	case r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z':
		return bitLetter
	case r >= '0' && r <= '9':
		return bitNumber
	case unicode.IsPunct(r):
		return bitPunct
	case unicode.IsSymbol(r):
		return bitSymbol
	}
	return 0
}

// sharePages fills classIndex and classPages from the flat table.
func sharePages(flat []charBits) {
	seen := map[[1 << pageBits]charBits]uint16{}
	for p := range classIndex {
		var page [1 << pageBits]charBits
		copy(page[:], flat[p<<pageBits:])
		n, ok := seen[page]
		if !ok {
			n = uint16(len(seen))
			seen[page] = n
			classPages = append(classPages, page[:]...)
		}
		classIndex[p] = n
	}
}

// byteSpellings are the bytes spelled in GPT-2's byte alphabet (UTF-8):
// printable Latin-1 bytes stand for themselves, the others for U+0100
// upwards in byte order. runeBytes is the inverse (-1: no byte).
var byteSpellings, runeBytes = byteAlphabet()

// byteAlphabet builds GPT-2's byte alphabet and its inverse.
func byteAlphabet() (spell [256]string, inv [0x144]int16) {
	for i := range inv {
		inv[i] = -1
	}
	n := rune(0)
	for b := range 256 {
		r := rune(b)
		if b <= ' ' || b >= 0x7F && b <= 0xA0 || b == 0xAD {
			r = 0x100 + n
			n++
		}
		spell[b], inv[r] = string(r), int16(b)
	}
	return spell, inv
}

// byteOfRune returns the byte that r stands for in GPT-2's alphabet.
func byteOfRune(r rune) (byte, bool) {
	if r < 0 || int(r) >= len(runeBytes) || runeBytes[r] < 0 {
		return 0, false
	}
	return byte(runeBytes[r]), true
}

// nextCodepoint decodes the first code point of s (not empty) as llama.cpp
// does: each byte of an invalid sequence is U+FFFD, overlong forms and
// surrogates are accepted, and code points past U+10FFFF (where llama.cpp
// aborts) are U+FFFD.
func nextCodepoint(s string) (r rune, n int) {
	if s[0] < utf8.RuneSelf {
		return rune(s[0]), 1
	}
	r, n, ok := decodeLenient(s)
	if !ok || r > maxRune {
		r = utf8.RuneError
	}
	return r, n
}

// encodedLen returns the UTF-8 length of code point r as llama.cpp
// writes it (surrogates included).
func encodedLen(r rune) int {
	switch {
	case r < 0x80:
		return 1
	case r < 0x800:
		return 2
	case r < 0x10000:
		return 3
	}
	return 4
}

// appendCodepoint appends r in UTF-8 as llama.cpp's unicode_cpt_to_utf8
// does, which encodes surrogates like any other code point.
func appendCodepoint(b []byte, r rune) []byte {
	switch n := encodedLen(r); n {
	case 1:
		return append(b, byte(r))
	case 2:
		return append(b, 0xC0|byte(r>>6), 0x80|byte(r)&0x3F)
	case 3:
		return append(b, 0xE0|byte(r>>12), 0x80|byte(r>>6)&0x3F, 0x80|byte(r)&0x3F)
	}
	return append(b, 0xF0|byte(r>>18), 0x80|byte(r>>12)&0x3F, 0x80|byte(r>>6)&0x3F, 0x80|byte(r)&0x3F)
}
