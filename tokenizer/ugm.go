package tokenizer

import (
	"encoding/binary"
	"fmt"
	"math"
	"strings"

	"github.com/laminalabs/lamina/model/gguf"
)

const keyCharsmap = "tokenizer.ggml.precompiled_charsmap"

// ugmModel is llama.cpp's unigram tokenizer for "t5" vocabularies: the
// text is normalized with SentencePiece's precompiled character map and
// its whitespace rules, then the tokenization with the highest total score
// is found by Viterbi search over the vocabulary trie. Characters no token
// covers become the unknown token (consecutive ones merged).
type ugmModel struct {
	v           *vocab
	unk         int32
	cfg         config
	charsmap    charsmap
	tokens      trie // normal, user-defined and unused tokens
	userDefined trie // user-defined tokens, kept verbatim by normalization
	unkScore    float64
}

// newUGM returns the unigram model of v, reading the character map from f.
func newUGM(f *gguf.File, v *vocab, unk int32, cfg config) (*ugmModel, error) {
	cm, err := loadCharsmap(f)
	if err != nil {
		return nil, err
	}
	m := &ugmModel{v: v, unk: unk, cfg: cfg, charsmap: cm, tokens: newTrie(), userDefined: newTrie()}
	minScore := math.MaxFloat32
	for id, text := range v.tokens {
		a := v.attrs[id]
		if a&AttrNormal != 0 {
			minScore = min(minScore, float64(v.score(int32(id))))
		}
		if a&(AttrNormal|AttrUserDefined|AttrUnused) != 0 {
			m.tokens.insert(text, int32(id))
		}
		if a&AttrUserDefined != 0 {
			m.userDefined.insert(text, int32(id))
		}
	}
	m.unkScore = float64(float32(minScore - 10))
	return m, nil
}

// ugmBest is the best tokenization found of a prefix of the text: its
// last token, where that token starts, and the total score.
type ugmBest struct {
	id    int32
	start int
	score float64
}

func (m *ugmModel) encode(text string, out []int32) []int32 {
	s := m.normalize(text)
	if s == "" {
		return out
	}
	best := make([]ugmBest, len(s)+1)
	for i := range best {
		best[i] = ugmBest{id: m.unk, score: -math.MaxFloat64}
	}
	best[0].score = 0
	for off := 0; off < len(s); {
		n := min(utf8Len(s[off]), len(s)-off)
		m.relax(s, off, n, best)
		off += n
	}
	return m.backtrack(best, out)
}

// relax offers every token starting at off, and the unknown token for the
// character of n bytes there when no token is exactly that character.
func (m *ugmModel) relax(s string, off, n int, best []ugmBest) {
	cur := best[off].score
	single := false
	node := int32(0)
	for end := off; end < len(s); end++ {
		var ok bool
		if node, ok = m.tokens.child(node, s[end]); !ok {
			break
		}
		id := m.tokens.value[node]
		if id < 0 {
			continue
		}
		single = single || end+1-off == n
		score := float64(m.v.score(id))
		if m.v.attrs[id]&AttrUserDefined != 0 {
			score = 0
		}
		if cur+score > best[end+1].score {
			best[end+1] = ugmBest{id: id, start: off, score: cur + score}
		}
	}
	if !single && cur+m.unkScore > best[off+n].score {
		best[off+n] = ugmBest{id: m.unk, start: off, score: cur + m.unkScore}
	}
}

// backtrack appends the best tokenization, merging runs of unknowns.
func (m *ugmModel) backtrack(best []ugmBest, out []int32) []int32 {
	n := len(out)
	prevUnk := false
	for b := best[len(best)-1]; ; b = best[b.start] {
		isUnk := b.id == m.unk
		if !(prevUnk && isUnk) {
			out = append(out, b.id)
		}
		if b.start == 0 {
			break
		}
		prevUnk = isUnk
	}
	for i, j := n, len(out)-1; i < j; i, j = i+1, j-1 {
		out[i], out[j] = out[j], out[i]
	}
	return out
}

// normalize applies the character map and SentencePiece's whitespace rules
// (escape as "▁", space prefix, collapsing of extra whitespace).
func (m *ugmModel) normalize(text string) string {
	space := " "
	if m.cfg.escapeWS {
		space = "▁"
	}
	var b strings.Builder
	prepended, inWord := false, false
	for off := 0; off < len(text); {
		repl, consumed := m.normalizePrefix(text[off:])
		off += consumed
		for i := 0; i < len(repl); i++ {
			if repl[i] == ' ' {
				inWord = false
				if !m.cfg.removeExtraWS {
					b.WriteString(space)
				}
				continue
			}
			if !inWord {
				inWord = true
				if (m.cfg.addSpacePrefix && !prepended) || m.cfg.removeExtraWS {
					b.WriteString(space)
					prepended = true
				}
			}
			b.WriteByte(repl[i])
		}
	}
	return b.String()
}

// normalizePrefix returns the normalized form of the start of s and how
// many bytes of s it replaces: a user-defined token path verbatim, the
// longest character-map match, one valid UTF-8 character, or U+FFFD for
// one invalid byte.
func (m *ugmModel) normalizePrefix(s string) (string, int) {
	if n := m.userDefined.longestPath(s); n > 0 {
		return s[:n], n
	}
	if repl, n := m.charsmap.match(s); n > 0 {
		return repl, n
	}
	if _, n, ok := decodeLenient(s); ok {
		return s[:n], n
	}
	return "\uFFFD", 1
}

// charsmap is SentencePiece's precompiled character map: a double array
// trie (XOR-compressed, as llama.cpp reads it) over input prefixes, whose
// values index NUL-terminated replacement strings.
type charsmap struct {
	nodes []uint32
	repl  []byte
}

// loadCharsmap reads tokenizer.ggml.precompiled_charsmap (absent: no map).
func loadCharsmap(f *gguf.File) (charsmap, error) {
	val, ok := f.Value(keyCharsmap)
	if !ok {
		return charsmap{}, nil
	}
	var blob []byte
	switch a := val.Any().(type) {
	case []uint8:
		blob = a
	case []int8:
		blob = make([]byte, len(a))
		for i, x := range a {
			blob[i] = byte(x)
		}
	default:
		return charsmap{}, fmt.Errorf("tokenizer: key %q: want array[uint8] or array[int8], found %s", keyCharsmap, val.TypeName())
	}
	if len(blob) < 4 || uint64(binary.LittleEndian.Uint32(blob))+4 >= uint64(len(blob)) {
		return charsmap{}, fmt.Errorf("tokenizer: key %q: bad size header", keyCharsmap)
	}
	size := int(binary.LittleEndian.Uint32(blob))
	nodes := make([]uint32, size/4)
	for i := range nodes {
		nodes[i] = binary.LittleEndian.Uint32(blob[4+4*i:])
	}
	return charsmap{nodes: nodes, repl: blob[4+size:]}, nil
}

// node returns the packed node at i, or 0 (matching nothing) out of range.
func (c *charsmap) node(i uint32) uint32 {
	if int(i) >= len(c.nodes) {
		return 0
	}
	return c.nodes[i]
}

func (c *charsmap) base(i uint32) uint32 {
	n := c.node(i)
	return (n >> 10) << ((n & (1 << 9)) >> 6)
}

func (c *charsmap) check(i uint32) uint32 { return c.node(i) & (1<<31 | 0xFF) }

func (c *charsmap) leaf(i uint32) bool { return c.node(i)>>8&1 != 0 }

func (c *charsmap) value(i uint32) uint32 { return c.node(i) & (1<<31 - 1) }

// match returns the replacement of the longest prefix of s in the map and
// that prefix's length (0 when none matches).
func (c *charsmap) match(s string) (string, int) {
	if len(c.nodes) == 0 {
		return "", 0
	}
	longest, at := 0, uint32(0)
	idx := c.base(0)
	for i := 0; i < len(s) && s[i] != 0; i++ {
		idx ^= uint32(s[i])
		if c.check(idx) != uint32(s[i]) {
			break
		}
		leaf := c.leaf(idx)
		idx ^= c.base(idx)
		if leaf {
			longest, at = i+1, c.value(idx)
		}
	}
	if longest == 0 || int(at) >= len(c.repl) {
		return "", 0
	}
	r := c.repl[at:]
	end := 0
	for end < len(r) && r[end] != 0 {
		end++
	}
	if end == len(r) {
		return "", 0
	}
	return string(r[:end]), longest
}

// trie is a byte trie over token texts; node 0 is the root.
type trie struct {
	children map[uint64]int32 // node<<8 | byte → child
	value    []int32          // token at each node, or -1
}

func newTrie() trie { return trie{children: map[uint64]int32{}, value: []int32{-1}} }

// insert adds s with token id.
func (t *trie) insert(s string, id int32) {
	node := int32(0)
	for i := 0; i < len(s); i++ {
		key := uint64(node)<<8 | uint64(s[i])
		next, ok := t.children[key]
		if !ok {
			next = int32(len(t.value))
			t.children[key] = next
			t.value = append(t.value, -1)
		}
		node = next
	}
	t.value[node] = id
}

// child returns the child of node along byte c.
func (t *trie) child(node int32, c byte) (int32, bool) {
	next, ok := t.children[uint64(node)<<8|uint64(c)]
	return next, ok
}

// longestPath returns how many leading bytes of s the trie can follow, as
// llama.cpp's naive_trie::get_longest_prefix (ending on a token or not).
func (t *trie) longestPath(s string) int {
	node := int32(0)
	for i := 0; i < len(s); i++ {
		var ok bool
		if node, ok = t.child(node, s[i]); !ok {
			return i
		}
	}
	return len(s)
}
