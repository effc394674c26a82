package tokenizer

import (
	"fmt"
	"strconv"

	"github.com/laminalabs/lamina/model/gguf"
)

// Token types as stored in tokenizer.ggml.token_type (llama.cpp's
// llama_token_type).
const (
	typeUndefined   int32 = 0
	typeNormal      int32 = 1
	typeUnknown     int32 = 2
	typeControl     int32 = 3
	typeUserDefined int32 = 4
	typeUnused      int32 = 5
	typeByte        int32 = 6
)

// Metadata keys of the vocabulary arrays.
const (
	keyTokens = "tokenizer.ggml.tokens"
	keyScores = "tokenizer.ggml.scores"
	keyTypes  = "tokenizer.ggml.token_type"
)

// vocab is the token table shared by every model: the token texts, their
// scores, stored types and attributes, and the index from text to id.
type vocab struct {
	tokens []string
	scores []float32
	types  []int32
	attrs  []Attr
	index  map[string]int32
	maxLen int // length in bytes of the longest token
}

// loadVocab reads the token table from f. Scores and types are optional
// (llama.cpp defaults them to 0 and NORMAL) but must have one entry per
// token when present; an empty token text becomes "[EMPTY_<id>]" as in llama.cpp.
func loadVocab(f *gguf.File) (*vocab, error) {
	tokens, err := f.Strings(keyTokens)
	if err != nil {
		return nil, err
	}
	if len(tokens) == 0 {
		return nil, fmt.Errorf("tokenizer: key %q: empty vocabulary", keyTokens)
	}
	v := &vocab{tokens: make([]string, len(tokens)), index: make(map[string]int32, len(tokens))}
	if v.scores, err = loadScores(f, len(tokens)); err != nil {
		return nil, err
	}
	if v.types, err = optionalArray(f, keyTypes, len(tokens), f.Int32s); err != nil {
		return nil, err
	}
	if v.types == nil {
		v.types = make([]int32, len(tokens))
		for i := range v.types {
			v.types[i] = typeNormal
		}
	}
	v.attrs = make([]Attr, len(tokens))
	for i, text := range tokens {
		if err := v.add(int32(i), text); err != nil {
			return nil, err
		}
	}
	return v, nil
}

// add stores token id with its text and derives its attribute.
func (v *vocab) add(id int32, text string) error {
	if text == "" {
		text = "[EMPTY_" + strconv.Itoa(int(id)) + "]"
	}
	if prev, dup := v.index[text]; dup {
		return fmt.Errorf("tokenizer: key %q: token %q at ids %d and %d", keyTokens, text, prev, id)
	}
	v.index[text] = id
	v.tokens[id] = text
	v.maxLen = max(v.maxLen, len(text))
	v.attrs[id] = attrFromType(v.types[id])
	return nil
}

// loadScores reads tokenizer.ggml.scores, stored as float32 or int32.
func loadScores(f *gguf.File, n int) ([]float32, error) {
	scores, err := optionalArray(f, keyScores, n, f.Float32s)
	if err == nil {
		return scores, nil
	}
	ints, ierr := optionalArray(f, keyScores, n, f.Int32s)
	if ierr != nil {
		return nil, err
	}
	scores = make([]float32, n)
	for i, s := range ints {
		scores[i] = float32(s)
	}
	return scores, nil
}

// optionalArray reads an array key that may be absent (nil result) but,
// when present, must hold exactly n elements (one per token).
func optionalArray[T any](f *gguf.File, key string, n int, get func(string) ([]T, error)) ([]T, error) {
	a, err := get(key)
	if gguf.IsMissing(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	if len(a) != n {
		return nil, fmt.Errorf("tokenizer: key %q: %d entries for %d tokens", key, len(a), n)
	}
	return a, nil
}

// size reports the number of tokens.
func (v *vocab) size() int { return len(v.tokens) }

// lookup returns the id of the token whose text is exactly s.
func (v *vocab) lookup(s string) (int32, bool) {
	id, ok := v.index[s]
	return id, ok
}

// score returns the score of id (0 when the file has no scores).
func (v *vocab) score(id int32) float32 {
	if v.scores == nil {
		return 0
	}
	return v.scores[id]
}

// valid reports whether id is inside the vocabulary.
func (v *vocab) valid(id int32) bool { return id >= 0 && int(id) < len(v.tokens) }

// has reports whether id is a valid token carrying any attribute of a.
func (v *vocab) has(id int32, a Attr) bool { return v.valid(id) && v.attrs[id]&a != 0 }

// byteToken returns the token of byte c as SentencePiece vocabularies
// spell it ("<0x0A>"), falling back to the one-byte text, then to unk.
func (v *vocab) byteToken(c byte, unk int32) int32 {
	const hex = "0123456789ABCDEF"
	if id, ok := v.index[string([]byte{'<', '0', 'x', hex[c>>4], hex[c&15], '>'})]; ok {
		return id
	}
	if id, ok := v.index[string([]byte{c})]; ok {
		return id
	}
	return unk
}

// modelKind is the tokenization algorithm.
type modelKind int

// Tokenization algorithms (llama.cpp's llama_vocab_type).
const (
	kindSPM modelKind = iota // SentencePiece BPE by scores ("llama")
	kindBPE                  // byte-level BPE by merges ("gpt2")
	kindWPM                  // WordPiece ("bert")
	kindUGM                  // SentencePiece unigram ("t5")
)

// config holds the tokenizer's settings: the model's defaults, overridden
// by metadata keys.
type config struct {
	name           string // tokenizer.ggml.model
	pre            string // tokenizer.ggml.pre
	kind           modelKind
	addSpacePrefix bool // prefix a space to the text (SPM, UGM)
	addBOS         bool
	forceBOS       bool // add BOS whatever the file says (Gemma 4)
	addEOS         bool
	addSEP         bool
	cleanSpaces    bool // clean_up_tokenization_spaces when decoding
	removeExtraWS  bool // UGM: collapse runs of spaces
	escapeWS       bool // spaces are written "▁" in the vocabulary
	lowercase      bool // WPM normalizer
	stripAccents   bool // WPM normalizer
}

// defaults returns the settings and special tokens llama.cpp assumes for
// a model and pre-tokenizer before reading the optional keys.
func defaults(name, pre string) (config, specialIDs, error) {
	c := config{name: name, pre: pre, escapeWS: true, lowercase: true}
	ids := noSpecialIDs()
	switch name {
	case "llama":
		c.kind, c.addSpacePrefix, c.addBOS = kindSPM, true, true
		ids.bos, ids.eos, ids.unk = 1, 2, 0
	case "bert":
		c.kind, c.addBOS, c.addSEP, c.cleanSpaces = kindWPM, true, true, true
		ids.bos, ids.unk, ids.sep, ids.pad, ids.mask = 101, 100, 102, 0, 103
	case "gpt2", "gemma4":
		c.kind, c.escapeWS, c.cleanSpaces = kindBPE, false, true
		if name == "gemma4" {
			c.pre = "gemma4"
		} else {
			ids.bos, ids.eos = 11, 11
		}
		bpeDefaults(&c, &ids)
	case "t5":
		c.kind, c.addEOS = kindUGM, true
		ids.eos, ids.unk, ids.pad = 1, 2, 0
	default:
		return c, ids, fmt.Errorf("tokenizer: key %q: unsupported tokenizer model %q", keyModel, name)
	}
	return c, ids, nil
}

// bpeDefaults applies what llama.cpp derives from a BPE pre-tokenizer name
// besides the pre-tokenizer itself (engineer B's bpe.go handles that).
func bpeDefaults(c *config, ids *specialIDs) {
	switch c.pre {
	case "llama3", "llama-v3", "llama-bpe", "falcon3", "falcon-h1", "pixtral", "midm-2.0", "lfm2", "jina-v5-nano":
		c.addBOS = true
	case "tekken", "chameleon":
		c.addBOS, c.cleanSpaces = true, false
	case "jina-v1-en", "jina-v2-code", "roberta-bpe":
		c.addSEP = true
	case "glm4", "chatglm-bpe":
		ids.bos = -1
	case "gemma4", "granite-embed-multi-311m":
		c.escapeWS, c.forceBOS = true, true
	case "sarvam-moe":
		c.escapeWS, c.cleanSpaces = true, false
	case "deepseek-llm", "deepseek-coder", "deepseek-v3", "spark2_5", "youtu", "command-r",
		"qwen2", "deepseek-r1-qwen", "kormo", "f2llmv2", "qwen35", "poro-chat", "viking",
		"smollm", "gpt-4o", "llama4", "kanana2", "talkie", "granite-embed-multi-97m",
		"tiny_aya", "cohere2moe", "superbpe", "trillion", "granite-docling", "bailingmoe",
		"bailingmoe2", "llada-moe", "seed-coder", "hunyuan", "hunyuan-dense", "hy_v4",
		"joyai-llm", "kimi-k2", "ufakzeka", "grok-2", "afmoe", "laguna", "minimax-m2", "solar-open":
		c.cleanSpaces = false
	}
}
