package tokenizer

// Pre-tokenization cuts a text into the words that byte-level BPE encodes
// one by one, as llama.cpp's unicode_regex_split does with the regex list
// of a tokenizer.ggml.pre value: each regex cuts every piece left by the
// previous ones into its matches and the stretches between them.
//
// The regexes are written as data (pretokenize_table.go): an alternation
// of patterns, each a sequence of quantified character classes, matched as
// llama.cpp's ECMAScript engine matches them: leftmost match, first
// alternative that matches, greedy quantifiers that backtrack. Where
// llama.cpp replaces a regex by hand-written code, the regex gives the
// same words (checked against it), except for AFMoE's digit splitter,
// which is no regex and has its own splitter here (numberGroups).

// itemKind is what a pattern item matches.
type itemKind uint8

const (
	itemRun         itemKind = iota // min to max code points of class
	itemContraction                 // 's|'t|'re|'ve|'m|'ll|'d, in any case with fold; optional when min is 0
	itemAhead                       // nothing, where no code point or one of class follows: (?!\S) for class \s
	itemEnd                         // nothing, at the end of the piece: $
)

// item is one element of a pattern.
type item struct {
	kind     itemKind
	class    charClass
	min, max int // repetitions of a run; max < 0: no limit
	fold     bool
}

// Pattern items: a run of exactly one, at most one, any number, at least
// one, or lo to hi code points of a class; a lookahead; the end.
func one(c charClass) item             { return item{kind: itemRun, class: c, min: 1, max: 1} }
func opt(c charClass) item             { return item{kind: itemRun, class: c, min: 0, max: 1} }
func star(c charClass) item            { return item{kind: itemRun, class: c, min: 0, max: -1} }
func plus(c charClass) item            { return item{kind: itemRun, class: c, min: 1, max: -1} }
func rep(c charClass, lo, hi int) item { return item{kind: itemRun, class: c, min: lo, max: hi} }
func ahead(c charClass) item           { return item{kind: itemAhead, class: c} }
func end() item                        { return item{kind: itemEnd} }

// contraction matches an English contraction, in any case with fold.
func contraction(fold bool) item { return item{kind: itemContraction, fold: fold, min: 1} }

// maybe makes a contraction optional.
func maybe(it item) item {
	it.min = 0
	return it
}

// literal returns the pattern items matching the ASCII string s.
func literal(s string) []item {
	items := make([]item, len(s))
	for i := range s {
		items[i] = one(chars(s[i : i+1]))
	}
	return items
}

// splitter cuts a piece of text t[lo:hi] into smaller pieces, appending
// the end of each to ends.
type splitter interface {
	split(t *cpText, lo, hi int, ends []int32) []int32
}

// pattern is one alternative of a regex: items matched in sequence.
type pattern []item

// regex is an alternation of patterns: at each position the first pattern
// that matches gives the match. It cuts a piece into its matches and the
// stretches between them.
type regex []pattern

// cpText is a text decoded into code points as llama.cpp decodes it, with
// their classes; it is what the regexes match.
type cpText struct {
	cps  []rune
	bits []charBits
	memo runMemo
}

// runMemo remembers where the last unbounded run stopped, so that trying a
// failing pattern at every position of a long run stays linear.
type runMemo struct {
	item            *item
	from, stop, lim int
}

// split cuts t[lo:hi] into the matches of re and the stretches between
// them.
func (re regex) split(t *cpText, lo, hi int, ends []int32) []int32 {
	gap := lo
	for pos := lo; pos < hi; {
		e := re.match(t, pos, hi)
		if e <= pos {
			pos++
			continue
		}
		if pos > gap {
			ends = append(ends, int32(pos))
		}
		ends = append(ends, int32(e))
		pos, gap = e, e
	}
	if gap < hi {
		ends = append(ends, int32(hi))
	}
	return ends
}

// match returns the end of the match of re at pos, or -1.
func (re regex) match(t *cpText, pos, hi int) int {
	for _, p := range re {
		if e := p.match(t, pos, hi); e >= 0 {
			return e
		}
	}
	return -1
}

// match returns the end of the match of p at pos (backtracking through its
// items), or -1.
func (p pattern) match(t *cpText, pos, hi int) int {
	if len(p) == 0 {
		return pos
	}
	it, rest := &p[0], p[1:]
	switch it.kind {
	case itemAhead:
		if pos < hi && !it.class.has(t.cps[pos], t.bits[pos]) {
			return -1
		}
		return rest.match(t, pos, hi)
	case itemEnd:
		if pos != hi {
			return -1
		}
		return rest.match(t, pos, hi)
	case itemContraction:
		if n := contractionLen(t.cps[pos:hi], it.fold); n > 0 {
			if e := rest.match(t, pos+n, hi); e >= 0 {
				return e
			}
		}
		if it.min > 0 {
			return -1
		}
		return rest.match(t, pos, hi)
	}
	n := t.run(it, pos, hi)
	if len(rest) > 0 && rest[0].kind == itemEnd && pos+n < hi {
		return -1 // no shorter run can end the piece either
	}
	for ; n >= it.min; n-- {
		if e := rest.match(t, pos+n, hi); e >= 0 {
			return e
		}
	}
	return -1
}

// run returns how many code points of its class follow pos, up to its
// maximum.
func (t *cpText) run(it *item, pos, hi int) int {
	m := &t.memo
	if it.max < 0 && m.item == it && m.lim == hi && m.from <= pos && pos <= m.stop {
		return m.stop - pos
	}
	n := 0
	for pos+n < hi && n != it.max && it.class.has(t.cps[pos+n], t.bits[pos+n]) {
		n++
	}
	if it.max < 0 {
		*m = runMemo{item: it, from: pos, stop: pos + n, lim: hi}
	}
	return n
}

// contractionLen returns the length of the contraction 's 't 're 've 'm
// 'll 'd that cps starts with (any case with fold), or 0.
func contractionLen(cps []rune, fold bool) int {
	if len(cps) < 2 || cps[0] != '\'' {
		return 0
	}
	c := func(i int) rune {
		if i >= len(cps) {
			return -1
		}
		if fold && cps[i] >= 'A' && cps[i] <= 'Z' {
			return cps[i] + 'a' - 'A'
		}
		return cps[i]
	}
	switch c1, c2 := c(1), c(2); {
	case c1 == 's' || c1 == 't' || c1 == 'm' || c1 == 'd':
		return 2
	case c1 == 'r' && c2 == 'e' || c1 == 'v' && c2 == 'e' || c1 == 'l' && c2 == 'l':
		return 3
	}
	return 0
}

// numberGroups is llama.cpp's hand-written digit splitter of AFMoE and
// Tiny Aya: each run of numbers (\p{N}) is cut into groups of three from
// its end, the shorter group first, and the text before a run joins its
// first group.
type numberGroups struct{}

// split cuts the number runs of t[lo:hi].
func (numberGroups) split(t *cpText, lo, hi int, ends []int32) []int32 {
	last := lo
	for pos := lo; pos < hi; {
		if !cNumber.has(t.cps[pos], t.bits[pos]) {
			pos++
			continue
		}
		n := t.run(&numberRun, pos, hi)
		first := n % 3
		if first == 0 {
			first = 3
		}
		for cut := pos + first; cut <= pos+n; cut += 3 {
			ends = append(ends, int32(cut))
		}
		pos += n
		last = pos
	}
	if last < hi {
		ends = append(ends, int32(hi))
	}
	return ends
}

// numberRun is the run numberGroups cuts.
var numberRun = plus(cNumber)

// split returns the end of every word of t (code point offsets), cutting
// with each splitter of p in turn; tmp is scratch space.
func (p *preTokenizer) split(t *cpText, ends, tmp []int32) (words, scratch []int32) {
	ends = ends[:0]
	if len(t.cps) > 0 {
		ends = append(ends, int32(len(t.cps)))
	}
	for _, sp := range p.splitters {
		tmp, lo := tmp[:0], 0
		for _, e := range ends {
			tmp = sp.split(t, lo, int(e), tmp)
			lo = int(e)
		}
		ends, tmp = tmp, ends
	}
	return ends, tmp
}
