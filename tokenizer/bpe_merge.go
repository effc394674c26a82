package tokenizer

import "strings"

// bpeSymbol is a span of a word in the doubly linked list of symbols;
// n == 0 marks a symbol merged into its left neighbour.
type bpeSymbol struct {
	start, n   int32
	prev, next int32
	piece      int32 // -1: none
}

// bpePair is a candidate merge of two adjacent symbols: it applies if both
// still span size bytes together when it is taken.
type bpePair struct {
	order  uint64 // rank << 32 | left: lowest merges first, leftmost first
	right  int32
	size   int32
	result int32
}

// left returns the index of the pair's left symbol.
func (p bpePair) left() int32 { return int32(uint32(p.order)) }

// encodeWord appends the tokens of one pre-tokenized word.
func (s *bpeSession) encodeWord(word string, out []int32) []int32 {
	if id, ok := s.wholeToken(word); ok {
		return append(out, id)
	}
	s.symbols(word)
	s.merge()
	return s.emit(word, out)
}

// wholeToken returns the token of the whole word when llama.cpp takes it
// without merging (ignore_merges).
func (s *bpeSession) wholeToken(word string) (int32, bool) {
	p := s.m.pre
	switch {
	case p.whole == wholeNever, p.whole == wholeNewlines && strings.Trim(word, "\n") != "":
		return 0, false
	case p.spm:
		return s.m.v.lookup(word)
	case len(word) > s.m.v.maxLen:
		return 0, false
	}
	s.buf = s.buf[:0]
	for i := range len(word) {
		s.buf = append(s.buf, byteSpellings[word[i]]...)
	}
	id, ok := s.m.v.index[string(s.buf)]
	return id, ok
}

// symbols splits word into its first symbols: bytes, or UTF-8 characters
// for SentencePiece-style BPE.
func (s *bpeSession) symbols(word string) {
	m, syms := s.m, s.syms[:0]
	for i := 0; i < len(word); {
		n, piece := 1, m.unitPiece[word[i]]
		if m.pre.spm {
			n = min(utf8Len(word[i]), len(word)-i)
			if id, ok := m.lookupPiece([]byte(word[i : i+n])); ok {
				piece = id
			}
		}
		k := int32(len(syms))
		syms = append(syms, bpeSymbol{start: int32(i), n: int32(n), prev: k - 1, next: k + 1, piece: piece})
		i += n
	}
	syms[len(syms)-1].next = -1
	s.syms = syms
}

// merge applies the merges to the symbols, lowest rank first, then
// leftmost first, as llama.cpp does.
func (s *bpeSession) merge() {
	s.queue = s.queue[:0]
	for i := 1; i < len(s.syms); i++ {
		s.tryPair(int32(i-1), int32(i))
	}
	for len(s.queue) > 0 {
		p := s.queue.pop()
		l, r := &s.syms[p.left()], &s.syms[p.right]
		if l.n == 0 || r.n == 0 || l.n+r.n != p.size {
			continue // outdated: one side changed since
		}
		l.n += r.n
		l.piece = p.result
		r.n = 0
		l.next = r.next
		if r.next >= 0 {
			s.syms[r.next].prev = p.left()
		}
		s.tryPair(l.prev, p.left())
		s.tryPair(p.left(), l.next)
	}
}

// tryPair queues the merge of symbols a and b, if they have one.
func (s *bpeSession) tryPair(a, b int32) {
	if a < 0 || b < 0 {
		return
	}
	l, r := &s.syms[a], &s.syms[b]
	if l.piece < 0 || r.piece < 0 {
		return
	}
	mg, ok := s.m.ranks.get(uint64(l.piece)<<32 | uint64(r.piece))
	if !ok {
		return
	}
	s.queue.push(bpePair{order: uint64(mg.rank)<<32 | uint64(a), right: b, size: l.n + r.n, result: mg.result})
}

// emit appends the token of each symbol; a symbol that is no token gives
// its bytes' fallback tokens.
func (s *bpeSession) emit(word string, out []int32) []int32 {
	ntok := int32(s.m.v.size())
	for i := int32(0); i >= 0; i = s.syms[i].next {
		y := &s.syms[i]
		if y.piece >= 0 && y.piece < ntok {
			out = append(out, y.piece)
			continue
		}
		for j := y.start; j < y.start+y.n; j++ {
			out = append(out, s.m.byteTokens[word[j]]...)
		}
	}
	return out
}

// mergeQueue is a binary heap of pairs, the one to merge first on top.
type mergeQueue []bpePair

// push adds x to the queue.
func (q *mergeQueue) push(x bpePair) {
	h := append(*q, x)
	for i := len(h) - 1; i > 0; {
		p := (i - 1) / 2
		if h[i].order >= h[p].order {
			break
		}
		h[i], h[p] = h[p], h[i]
		i = p
	}
	*q = h
}

// pop removes and returns the pair to merge first.
func (q *mergeQueue) pop() bpePair {
	h := *q
	top, last := h[0], len(h)-1
	h[0] = h[last]
	h = h[:last]
	for i := 0; ; {
		c := 2*i + 1
		if c >= last {
			break
		}
		if c+1 < last && h[c+1].order < h[c].order {
			c++
		}
		if h[c].order >= h[i].order {
			break
		}
		h[i], h[c] = h[c], h[i]
		i = c
	}
	*q = h
	return top
}
