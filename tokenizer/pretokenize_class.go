package tokenizer

import (
	"strings"
	"unicode/utf8"
)

// charClass is a set of code points.
type charClass struct {
	ascii [2]uint64 // members below 128
	bits  charBits  // members from 128 up: those with any of these classes
	neg   bool      // members from 128 up: those with none of them
}

// has reports whether r, of classes b, belongs to c.
func (c *charClass) has(r rune, b charBits) bool {
	if r < utf8.RuneSelf {
		return c.ascii[r>>6]>>(r&63)&1 != 0
	}
	return (b&c.bits != 0) != c.neg
}

// cat returns the code points of any of the classes bits.
func cat(bits charBits) charClass {
	c := charClass{bits: bits}
	for r := range rune(utf8.RuneSelf) {
		if asciiBits(r)&bits != 0 {
			c.ascii[r>>6] |= 1 << (r & 63)
		}
	}
	return c
}

// chars returns the ASCII characters of lits.
func chars(lits string) charClass { return charClass{}.plus(lits) }

// plus adds the ASCII characters of lits to c.
func (c charClass) plus(lits string) charClass {
	for _, r := range lits {
		c.ascii[r>>6] |= 1 << (r & 63)
	}
	return c
}

// minus removes the ASCII characters of lits from c.
func (c charClass) minus(lits string) charClass {
	for _, r := range lits {
		c.ascii[r>>6] &^= 1 << (r & 63)
	}
	return c
}

// with adds the code points from 128 up of the classes bits to c (which
// must not be a complement).
func (c charClass) with(bits charBits) charClass {
	c.bits |= bits
	return c
}

// not returns the complement of c.
func (c charClass) not() charClass {
	return charClass{ascii: [2]uint64{^c.ascii[0], ^c.ascii[1]}, bits: c.bits, neg: !c.neg}
}

// span returns the ASCII characters from lo to hi.
func span(lo, hi byte) string {
	var b strings.Builder
	for c := lo; c <= hi; c++ {
		b.WriteByte(c)
	}
	return b.String()
}
