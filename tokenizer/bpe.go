package tokenizer

import (
	"fmt"
	"slices"
	"strings"
	"sync"
)

// bpeModel is llama.cpp's BPE tokenizer for "gpt2" vocabularies: the text
// is cut into words by the pre-tokenizer named in tokenizer.ggml.pre, each
// word is spelled in GPT-2's byte alphabet (one symbol per byte), and the
// adjacent pair of lowest merge rank is merged until no pair has a rank.
// Gemma 4's SentencePiece-style BPE (preTokenizer.spm) works on UTF-8
// characters instead.
//
// Merging works on piece ids: the id of a token for a string in the
// vocabulary, and ids from the vocabulary size up for the few strings that
// merges produce or name without a token.
type bpeModel struct {
	v     *vocab
	pre   *preTokenizer
	ranks mergeTable
	extra map[string]int32 // pieces that are no token
	// unitPiece is the piece of each byte (byte alphabet only; -1: none).
	unitPiece [256]int32
	// byteTokens are the tokens llama.cpp emits for a byte of a symbol
	// that is no token: the one-byte tokens of its spelling's bytes, or
	// its "<0xNN>" token.
	byteTokens [256][]int32
	sessions   sync.Pool
}

// bpeMerge is what merging a pair gives: its rank and the merged piece.
type bpeMerge struct{ rank, result int32 }

// newBPE builds the BPE model of v from its merges ("left right", in rank
// order) and the pre-tokenizer named by tokenizer.ggml.pre ("" is
// "default").
func newBPE(v *vocab, merges []string, pre string) (*bpeModel, error) {
	p, ok := lookupPre(pre)
	if !ok {
		return nil, fmt.Errorf("tokenizer: key %q: unsupported pre-tokenizer %q", keyPre, pre)
	}
	initClasses()
	m := &bpeModel{v: v, pre: p, ranks: newMergeTable(len(merges)), extra: map[string]int32{}}
	if err := m.addMerges(merges); err != nil {
		return nil, err
	}
	m.initBytes()
	return m, nil
}

// addMerges fills the rank table. Like llama.cpp, a merge splits at its
// first space after the first byte, and the first of two equal merges
// wins.
func (m *bpeModel) addMerges(merges []string) error {
	var buf []byte
	for rank, s := range merges {
		i := strings.IndexByte(s[min(1, len(s)):], ' ') + 1
		if i <= 0 || i == len(s)-1 {
			return fmt.Errorf("tokenizer: key %q: merge %d %q is not two pieces separated by a space", keyMerges, rank, s)
		}
		left := m.piece(append(buf[:0], s[:i]...))
		right := m.piece(append(buf[:0], s[i+1:]...))
		buf = append(append(buf[:0], s[:i]...), s[i+1:]...)
		m.ranks.addNew(uint64(left)<<32|uint64(right), bpeMerge{rank: int32(rank), result: m.piece(buf)})
	}
	return nil
}

// piece returns the piece id of s, adding s as an extra piece if needed.
func (m *bpeModel) piece(s []byte) int32 {
	if id, ok := m.lookupPiece(s); ok {
		return id
	}
	id := int32(m.v.size() + len(m.extra))
	m.extra[string(s)] = id
	return id
}

// lookupPiece returns the piece id of s, if it has one.
func (m *bpeModel) lookupPiece(s []byte) (int32, bool) {
	if id, ok := m.v.index[string(s)]; ok {
		return id, true
	}
	id, ok := m.extra[string(s)]
	return id, ok
}

// initBytes fills the per-byte tables.
func (m *bpeModel) initBytes() {
	for b := range 256 {
		m.unitPiece[b] = -1
		if m.pre.spm {
			m.byteTokens[b] = m.tokensOf(fmt.Sprintf("<0x%02X>", b))
			continue
		}
		spelling := byteSpellings[b]
		if id, ok := m.lookupPiece([]byte(spelling)); ok {
			m.unitPiece[b] = id
		}
		for i := range len(spelling) {
			m.byteTokens[b] = append(m.byteTokens[b], m.tokensOf(spelling[i:i+1])...)
		}
	}
}

// tokensOf returns the token of text as a list (empty when there is none).
func (m *bpeModel) tokensOf(text string) []int32 {
	if id, ok := m.v.lookup(text); ok {
		return []int32{id}
	}
	return nil
}

// bpeSession is the scratch state of one encode call.
type bpeSession struct {
	m     *bpeModel
	text  cpText
	src   string  // the text as llama.cpp re-encodes it
	offs  []int32 // byte offset in src of each code point, and the end
	buf   []byte  // re-encoded text, or a word in the byte alphabet
	ends  []int32
	tmp   []int32
	syms  []bpeSymbol
	queue mergeQueue
}

// encode appends the tokens of text, which holds no special token.
func (m *bpeModel) encode(text string, out []int32) []int32 {
	s, _ := m.sessions.Get().(*bpeSession)
	if s == nil {
		s = &bpeSession{m: m}
	}
	defer m.sessions.Put(s)
	s.split(text)
	lo := int32(0)
	for _, e := range s.ends {
		out = s.encodeWord(s.src[s.offs[lo]:s.offs[e]], out)
		lo = e
	}
	return out
}

// split pre-tokenizes text: s.ends holds the end of each word, in code
// points (s.offs gives their byte offsets in s.src). Words are not empty.
func (s *bpeSession) split(text string) {
	if s.m.pre.spm {
		text = strings.ReplaceAll(text, " ", "▁")
	}
	s.decode(text)
	s.ends, s.tmp = s.m.pre.split(&s.text, s.ends, s.tmp)
}

// decode reads text into code points as llama.cpp does, and keeps the
// UTF-8 that llama.cpp rebuilds from them, which differs from text only
// where text is not valid UTF-8.
func (s *bpeSession) decode(text string) {
	t := &s.text
	t.cps, t.bits, t.memo = slices.Grow(t.cps[:0], len(text)), slices.Grow(t.bits[:0], len(text)), runMemo{}
	s.offs = slices.Grow(s.offs[:0], len(text)+1)
	same, off := true, 0
	for i := 0; i < len(text); {
		r, n := nextCodepoint(text[i:])
		size := encodedLen(r)
		same = same && size == n
		t.cps, t.bits, s.offs = append(t.cps, r), append(t.bits, classOf(r)), append(s.offs, int32(off))
		i, off = i+n, off+size
	}
	s.offs = append(s.offs, int32(off))
	s.src = text
	if !same {
		s.buf = s.buf[:0]
		for _, r := range t.cps {
			s.buf = appendCodepoint(s.buf, r)
		}
		s.src = string(s.buf)
	}
}

// decodePiece returns the bytes a token text spells in GPT-2's byte
// alphabet, as llama.cpp's llama_decode_text does: a character outside
// the alphabet gives "[UNK_BYTE_0x<its UTF-8 in hex><the text>]".
func (m *bpeModel) decodePiece(piece string) []byte {
	out := make([]byte, 0, len(piece))
	for i := 0; i < len(piece); {
		r, n := nextCodepoint(piece[i:])
		i += n
		if b, ok := byteOfRune(r); ok {
			out = append(out, b)
			continue
		}
		out = fmt.Appendf(out, "[UNK_BYTE_0x%x%s]", appendCodepoint(nil, r), piece)
	}
	return out
}
