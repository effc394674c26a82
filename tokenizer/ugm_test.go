package tokenizer

import (
	"bytes"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"testing"

	"github.com/laminalabs/lamina/model/gguf"
)

// No T5 vocabulary small enough to ship exists, so the UGM fixtures are
// built here (a unigram vocabulary of llama-spm pieces, user-defined and
// unused tokens, and a hand-made precompiled character map), and the
// expected tokens come from llama.cpp:
//
//	LAMINA_REGEN_FIXTURES=1 go test -run TestRegenerateUGMFixtures ./tokenizer/
var ugmFixtures = []struct {
	name           string
	addSpacePrefix bool
	removeExtraWS  bool
}{
	{"ugm-t5", true, true},
	{"ugm-t5-keepspaces", false, false},
}

// ugmTexts are the inputs whose tokens the UGM fixtures record.
var ugmTexts = []string{
	"Hello, world!", "  leading and trailing spaces  ", "tabs\tand\nnewlines\n\n\nend",
	"a    b", "naïve café résumé", "Ａｂｃ ﬁne①", "e\u0301te\u0301 vs été",
	"日本語 and 中文", "<user_tok>x@@y<user_t", "</s> <pad> <unk> <extra_id_0>end",
	"\xff\xfe invalid \xc3( bytes \xe2\x82", "", " ", "the quick brown fox jumps over the lazy dog",
	"\u00a0nbsp\u3000ideographic space", "▁unusedpiece ▁unused",
}

// ugmCase is one recorded tokenization.
type ugmCase struct {
	TextHex      string  `json:"text_hex"`
	AddSpecial   bool    `json:"add_special"`
	ParseSpecial bool    `json:"parse_special"`
	Tokens       []int32 `json:"tokens"`
}

func TestUGMFixtures(t *testing.T) {
	for _, fx := range ugmFixtures {
		t.Run(fx.name, func(t *testing.T) {
			tok := load(t, filepath.Join(fixtureDir, fx.name+".gguf"))
			data, err := os.ReadFile(filepath.Join(fixtureDir, fx.name+".json"))
			if err != nil {
				t.Fatal(err)
			}
			var cases []ugmCase
			if err := json.Unmarshal(data, &cases); err != nil {
				t.Fatal(err)
			}
			for _, c := range cases {
				text, _ := hex.DecodeString(c.TextHex)
				got := tok.Encode(string(text), c.AddSpecial, c.ParseSpecial)
				if !slices.Equal(got, c.Tokens) && !(len(got) == 0 && len(c.Tokens) == 0) {
					t.Errorf("Encode(%q, %v, %v) = %v, llama.cpp %v", text, c.AddSpecial, c.ParseSpecial, got, c.Tokens)
				}
			}
		})
	}
}

func TestRegenerateUGMFixtures(t *testing.T) {
	if os.Getenv("LAMINA_REGEN_FIXTURES") != "1" {
		t.Skip("set LAMINA_REGEN_FIXTURES=1 to rebuild the UGM fixtures with llama.cpp")
	}
	llref := filepath.Join(sharedDir, "tools/llref/llref.sh")
	for _, fx := range ugmFixtures {
		path := filepath.Join(fixtureDir, fx.name+".gguf")
		if err := gguf.WriteFile(path, ugmVocab(t, fx.addSpacePrefix, fx.removeExtraWS), nil); err != nil {
			t.Fatal(err)
		}
		var cases []ugmCase
		for _, text := range ugmTexts {
			for _, mode := range [][2]bool{{false, false}, {false, true}, {true, false}, {true, true}} {
				cases = append(cases, ugmCase{hex.EncodeToString([]byte(text)), mode[0], mode[1],
					llamaTokens(t, llref, path, text, mode[0], mode[1])})
			}
		}
		data, err := json.MarshalIndent(cases, "", " ")
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(fixtureDir, fx.name+".json"), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// llamaTokens tokenizes text with llama.cpp through llref.
func llamaTokens(t *testing.T, llref, model, text string, addSpecial, parseSpecial bool) []int32 {
	args := []string{"tokenize", model, text}
	if !addSpecial {
		args = append(args, "--no-bos")
	}
	if parseSpecial {
		args = append(args, "--special")
	}
	out, err := exec.Command(llref, args...).Output()
	if err != nil {
		t.Fatalf("llref %q: %v", text, err)
	}
	var res struct {
		Tokens []int32 `json:"tokens"`
	}
	if err := json.Unmarshal(out, &res); err != nil {
		t.Fatal(err)
	}
	return res.Tokens
}

// ugmVocab returns the metadata of a vocabulary-only T5-style file: a
// llama architecture header (so llama.cpp loads it) with a unigram
// tokenizer of llama-spm's first 3000 pieces.
func ugmVocab(t *testing.T, addSpacePrefix, removeExtraWS bool) []gguf.KV {
	spm, err := gguf.Open(vocabPath(t, "ggml-vocab-llama-spm.gguf"))
	if err != nil {
		t.Fatal(err)
	}
	defer spm.Close()
	pieces, _ := spm.Strings(keyTokens)
	scores, _ := spm.Float32s(keyScores)
	tokens := []string{"<pad>", "</s>", "<unk>", "<user_tok>", "@@", "▁unusedpiece", "<extra_id_0>", "▁"}
	types := []int32{typeControl, typeControl, typeUnknown, typeUserDefined, typeUserDefined, typeUnused, typeControl, typeNormal}
	sc := []float32{0, 0, 0, 0, 0, 0, 0, -3}
	for id := 259; id < 3259; id++ {
		tokens, types, sc = append(tokens, pieces[id]), append(types, typeNormal), append(sc, scores[id]/1000-2)
	}
	for c := byte(' ' + 1); c < 0x7F; c++ {
		if !slices.Contains(tokens, string(c)) {
			tokens, types, sc = append(tokens, string(c)), append(types, typeNormal), append(sc, -12)
		}
	}
	return []gguf.KV{
		{Key: "general.architecture", Value: gguf.String("llama")},
		{Key: "llama.context_length", Value: gguf.Uint32(512)},
		{Key: "llama.embedding_length", Value: gguf.Uint32(64)},
		{Key: "llama.block_count", Value: gguf.Uint32(1)},
		{Key: "llama.feed_forward_length", Value: gguf.Uint32(128)},
		{Key: "llama.attention.head_count", Value: gguf.Uint32(8)},
		{Key: "llama.rope.dimension_count", Value: gguf.Uint32(8)},
		{Key: "llama.attention.layer_norm_rms_epsilon", Value: gguf.Float32(1e-5)},
		{Key: keyModel, Value: gguf.String("t5")},
		{Key: keyTokens, Value: gguf.Strings(tokens)},
		{Key: keyScores, Value: gguf.Float32s(sc)},
		{Key: keyTypes, Value: gguf.Int32s(types)},
		{Key: "tokenizer.ggml.eos_token_id", Value: gguf.Uint32(1)},
		{Key: "tokenizer.ggml.unknown_token_id", Value: gguf.Uint32(2)},
		{Key: "tokenizer.ggml.padding_token_id", Value: gguf.Uint32(0)},
		{Key: keyAddSpacePrefix, Value: gguf.Bool(addSpacePrefix)},
		{Key: keyRemoveExtraWS, Value: gguf.Bool(removeExtraWS)},
		{Key: keyCharsmap, Value: byteArray(t, buildCharsmap(map[string]string{
			"Ａ": "A", "ｂ": "b", "ｃ": "c", "ﬁ": "fi", "①": "1", "e\u0301": "é",
			"\u00a0": " ", "\u3000": " ", "\t": " ", "\n": " ",
		}))},
	}
}

// byteArray returns an array[uint8] metadata value holding b (the GGUF
// package has no constructor for it, so it is parsed from a tiny file).
func byteArray(t *testing.T, b []byte) gguf.Value {
	var buf bytes.Buffer
	put := func(v any) { binary.Write(&buf, binary.LittleEndian, v) }
	buf.WriteString("GGUF")
	put(uint32(3))
	put(uint64(0))
	put(uint64(1))
	put(uint64(1))
	buf.WriteString("x")
	put(uint32(gguf.TypeArray))
	put(uint32(gguf.TypeUint8))
	put(uint64(len(b)))
	buf.Write(b)
	f, err := gguf.Parse("bytes", buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	v, _ := f.Value("x")
	return v
}

// buildCharsmap encodes a map from input strings to replacements in
// SentencePiece's precompiled form: a uint32 size, a double-array trie in
// the XOR layout llama.cpp reads (check byte in bits 0-7, leaf flag in bit
// 8, base in bits 10-30; value nodes have bit 31 set), then the
// NUL-terminated replacements the values point to.
func buildCharsmap(m map[string]string) []byte {
	type node struct {
		kids map[byte]*node
		val  int64
	}
	newNode := func() *node { return &node{kids: map[byte]*node{}, val: -1} }
	root := newNode()
	var repl []byte
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		n := root
		for i := 0; i < len(k); i++ {
			if n.kids[k[i]] == nil {
				n.kids[k[i]] = newNode()
			}
			n = n.kids[k[i]]
		}
		n.val = int64(len(repl))
		repl = append(append(repl, m[k]...), 0)
	}
	units := map[uint32]uint32{0: 0}
	type item struct {
		n   *node
		idx uint32
	}
	for queue := []item{{root, 0}}; len(queue) > 0; queue = queue[1:] {
		it := queue[0]
		labels := make([]uint32, 0, len(it.n.kids)+1)
		if it.n.val >= 0 {
			labels = append(labels, 0)
		}
		for c := range it.n.kids {
			labels = append(labels, uint32(c))
		}
		x := uint32(1)
		for slices.ContainsFunc(labels, func(c uint32) bool { _, used := units[x^c]; return used || x^c == 0 }) {
			x++
		}
		units[it.idx] |= (it.idx ^ x) << 10
		for _, c := range labels {
			if c == 0 {
				units[x] = 1<<31 | uint32(it.n.val)
				continue
			}
			kid := it.n.kids[byte(c)]
			units[x^c] = c
			if kid.val >= 0 {
				units[x^c] |= 1 << 8
			}
			queue = append(queue, item{kid, x ^ c})
		}
	}
	size := uint32(0)
	for i := range units {
		size = max(size, i|0xFF+1)
	}
	blob := binary.LittleEndian.AppendUint32(nil, size*4)
	for i := uint32(0); i < size; i++ {
		blob = binary.LittleEndian.AppendUint32(blob, units[i])
	}
	return append(blob, repl...)
}
