package tokenizer

import "strings"

// spmModel is llama.cpp's SentencePiece tokenizer for "llama" vocabularies:
// spaces become "▁", the text is split into UTF-8 characters, and the
// adjacent pair whose concatenation is the highest-scoring token is merged
// until no pair is a token. Characters left outside the vocabulary become
// byte tokens "<0xNN>".
type spmModel struct {
	v   *vocab
	unk int32
	// wordsApart is set when no token has "▁" after another character: no
	// merge can then cross the start of a word, and each word is merged on
	// its own (same result, much smaller queues).
	wordsApart bool
}

// newSPM returns the SentencePiece model of v; unk is used for bytes that
// have no token.
func newSPM(v *vocab, unk int32) *spmModel {
	m := &spmModel{v: v, unk: unk, wordsApart: true}
	for _, tok := range v.tokens {
		if strings.Contains(strings.TrimLeft(tok, "▁"), "▁") {
			m.wordsApart = false
		}
	}
	return m
}

// spmSymbol is a span of the text in the doubly linked list of symbols;
// n == 0 marks a symbol merged into its left neighbour.
type spmSymbol struct {
	start, n   int32
	prev, next int32
}

// spmBigram is a candidate merge of two adjacent symbols.
type spmBigram struct {
	left, right int32
	score       float32
	size        int32 // byte length of the merged text when queued
}

// before reports whether a is merged before b: higher score first, then
// the leftmost.
func (a spmBigram) before(b spmBigram) bool {
	return a.score > b.score || (a.score == b.score && a.left < b.left)
}

// spmSession holds the state of one encode call.
type spmSession struct {
	m     *spmModel
	text  string
	syms  []spmSymbol
	queue bigramQueue
}

func (m *spmModel) encode(text string, out []int32) []int32 {
	s := spmSession{m: m, text: strings.ReplaceAll(text, " ", "▁")}
	s.split()
	for a := 0; a < len(s.syms); {
		b := s.wordEnd(a)
		out = s.mergeRange(a, b, out)
		a = b
	}
	return out
}

// split makes one symbol per UTF-8 character, judged by its lead byte as
// llama.cpp does (invalid bytes form characters of their own length).
func (s *spmSession) split() {
	s.syms = make([]spmSymbol, 0, len(s.text))
	for off := 0; off < len(s.text); {
		n := min(utf8Len(s.text[off]), len(s.text)-off)
		i := int32(len(s.syms))
		s.syms = append(s.syms, spmSymbol{start: int32(off), n: int32(n), prev: i - 1, next: i + 1})
		off += n
	}
}

// utf8Len is the length of the UTF-8 sequence a lead byte announces (1 for
// continuation bytes), as llama.cpp's unicode_len_utf8.
func utf8Len(c byte) int {
	return int([16]byte{1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 3, 4}[c>>4])
}

// wordEnd returns the end of the range of symbols starting at a that can
// be merged on its own: the next "▁" following another character when
// words are apart, else the end of the text.
func (s *spmSession) wordEnd(a int) int {
	if !s.m.wordsApart {
		return len(s.syms)
	}
	for b := a + 1; b < len(s.syms); b++ {
		if s.symText(b) == "▁" && s.symText(b-1) != "▁" {
			return b
		}
	}
	return len(s.syms)
}

func (s *spmSession) symText(i int) string {
	return s.text[s.syms[i].start : s.syms[i].start+s.syms[i].n]
}

// mergeRange merges symbols [a, b) and appends their tokens.
func (s *spmSession) mergeRange(a, b int, out []int32) []int32 {
	s.syms[a].prev, s.syms[b-1].next = -1, -1
	for i := a + 1; i < b; i++ {
		s.tryAdd(int32(i-1), int32(i))
	}
	for len(s.queue) > 0 {
		s.merge(s.queue.pop())
	}
	for i := int32(a); i >= 0; i = s.syms[i].next {
		out = s.emit(s.syms[i], out)
	}
	return out
}

// tryAdd queues the merge of symbols left and right if it forms a token.
func (s *spmSession) tryAdd(left, right int32) {
	if left < 0 || right < 0 {
		return
	}
	l, r := s.syms[left], s.syms[right]
	id, ok := s.m.v.lookup(s.text[l.start : r.start+r.n])
	if !ok {
		return
	}
	s.queue.push(spmBigram{left: left, right: right, score: s.m.v.score(id), size: l.n + r.n})
}

// merge applies a queued merge unless one of its symbols changed since.
func (s *spmSession) merge(b spmBigram) {
	l, r := &s.syms[b.left], &s.syms[b.right]
	if l.n == 0 || r.n == 0 || l.n+r.n != b.size {
		return
	}
	l.n += r.n
	r.n = 0
	l.next = r.next
	if r.next >= 0 {
		s.syms[r.next].prev = b.left
	}
	s.tryAdd(l.prev, b.left)
	s.tryAdd(b.left, l.next)
}

// emit appends the token of a final symbol, or its bytes as byte tokens.
func (s *spmSession) emit(sym spmSymbol, out []int32) []int32 {
	text := s.text[sym.start : sym.start+sym.n]
	if id, ok := s.m.v.lookup(text); ok {
		return append(out, id)
	}
	for i := 0; i < len(text); i++ {
		if id := s.m.v.byteToken(text[i], s.m.unk); id >= 0 {
			out = append(out, id)
		}
	}
	return out
}

// bigramQueue is a binary heap of bigrams, the one to merge first on top.
type bigramQueue []spmBigram

func (q *bigramQueue) push(x spmBigram) {
	h := append(*q, x)
	for i := len(h) - 1; i > 0; {
		p := (i - 1) / 2
		if !h[i].before(h[p]) {
			break
		}
		h[i], h[p] = h[p], h[i]
		i = p
	}
	*q = h
}

func (q *bigramQueue) pop() spmBigram {
	h := *q
	top, last := h[0], len(h)-1
	h[0] = h[last]
	h = h[:last]
	for i := 0; ; {
		c := 2*i + 1
		if c >= last {
			break
		}
		if c+1 < last && h[c+1].before(h[c]) {
			c++
		}
		if !h[c].before(h[i]) {
			break
		}
		h[i], h[c] = h[c], h[i]
		i = c
	}
	*q = h
	return top
}
