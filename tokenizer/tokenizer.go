package tokenizer

import (
	"strings"

	"github.com/laminalabs/lamina/model/gguf"
)

// Metadata keys read by New besides the vocabulary arrays (see vocab.go)
// and the special-token ids (see special.go).
const (
	keyModel          = "tokenizer.ggml.model"
	keyPre            = "tokenizer.ggml.pre"
	keyMerges         = "tokenizer.ggml.merges"
	keyAddBOS         = "tokenizer.ggml.add_bos_token"
	keyAddEOS         = "tokenizer.ggml.add_eos_token"
	keyAddSEP         = "tokenizer.ggml.add_sep_token"
	keyAddSpacePrefix = "tokenizer.ggml.add_space_prefix"
	keyRemoveExtraWS  = "tokenizer.ggml.remove_extra_whitespaces"
	keyLowercase      = "tokenizer.ggml.normalizer.lowercase"
	keyStripAccents   = "tokenizer.ggml.normalizer.strip_accents"
)

// encoder turns a text fragment that holds no special tokens into ids,
// appending them to out.
type encoder interface {
	encode(text string, out []int32) []int32
}

// Tokenizer converts between text and token ids exactly as llama.cpp does
// for the same GGUF metadata. It is safe for concurrent use.
type Tokenizer struct {
	vocab    *vocab
	cfg      config
	ids      specialIDs
	model    encoder
	head     []int32 // tokens put before the text when adding special tokens
	tail     []int32 // and after it
	eog      map[int32]bool
	specials []int32  // control, user-defined and unknown tokens, longest first
	pieces   []string // the text of every token, special tokens included
}

// New builds the tokenizer described by f's tokenizer.* metadata; a
// vocabulary-only file is enough. Errors name the offending key.
func New(f *gguf.File) (*Tokenizer, error) {
	name, err := f.String(keyModel)
	if err != nil {
		return nil, err
	}
	pre, err := optional(f, keyPre, "", f.String)
	if err != nil {
		return nil, err
	}
	cfg, ids, err := defaults(name, pre)
	if err != nil {
		return nil, err
	}
	v, err := loadVocab(f)
	if err != nil {
		return nil, err
	}
	t := &Tokenizer{vocab: v, cfg: cfg, ids: ids}
	if err := t.readFlags(f); err != nil {
		return nil, err
	}
	if err := t.readSpecialIDs(f); err != nil {
		return nil, err
	}
	if err := t.readAddFlags(f); err != nil {
		return nil, err
	}
	if t.model, err = t.newModel(f); err != nil {
		return nil, err
	}
	t.head, t.tail = t.ends()
	t.findSpecials()
	t.pieces = make([]string, v.size())
	for id := range t.pieces {
		t.pieces[id] = t.piece(int32(id))
	}
	t.applyModelAttrs(f)
	return t, nil
}

// optional reads key with get, or returns def when the key is absent.
func optional[T any](f *gguf.File, key string, def T, get func(string) (T, error)) (T, error) {
	x, err := get(key)
	if gguf.IsMissing(err) {
		return def, nil
	}
	return x, err
}

// readFlags reads the tokenizer flags that may override the model's
// defaults: space prefix, extra whitespace and the BERT normalizer.
func (t *Tokenizer) readFlags(f *gguf.File) error {
	var err error
	c := &t.cfg
	if c.addSpacePrefix, err = optional(f, keyAddSpacePrefix, c.addSpacePrefix, f.Bool); err != nil {
		return err
	}
	if c.removeExtraWS, err = optional(f, keyRemoveExtraWS, c.removeExtraWS, f.Bool); err != nil {
		return err
	}
	if c.lowercase, err = optional(f, keyLowercase, c.lowercase, f.Bool); err != nil {
		return err
	}
	c.stripAccents, err = optional(f, keyStripAccents, c.lowercase, f.Bool)
	return err
}

// newModel builds the encoder of the tokenizer's model type.
func (t *Tokenizer) newModel(f *gguf.File) (encoder, error) {
	switch t.cfg.kind {
	case kindSPM:
		return newSPM(t.vocab, t.ids.unk), nil
	case kindWPM:
		return newWPM(t.vocab, t.ids.unk, t.cfg.lowercase, t.cfg.stripAccents), nil
	case kindUGM:
		return newUGM(f, t.vocab, t.ids.unk, t.cfg)
	}
	merges, err := f.Strings(keyMerges)
	if err != nil {
		return nil, err
	}
	return newBPE(t.vocab, merges, t.cfg.pre)
}

// Encode splits text into token ids. With addSpecial the model's BOS/EOS
// (CLS/SEP for BERT) are added as its metadata says; with parseSpecial the
// text of control tokens (such as "<|eot_id|>") becomes those tokens,
// otherwise it is tokenized as plain text. User-defined tokens are always
// matched. Invalid UTF-8 is handled as llama.cpp does (byte tokens or the
// unknown token, depending on the model).
func (t *Tokenizer) Encode(text string, addSpecial, parseSpecial bool) []int32 {
	var out []int32
	if addSpecial {
		out = append(out, t.head...)
	}
	prevSpecial := true
	for _, fr := range t.partition(text, parseSpecial) {
		if fr.token >= 0 {
			out = append(out, fr.token)
			prevSpecial = true
			continue
		}
		s := text[fr.start:fr.end]
		if t.cfg.kind == kindSPM && t.cfg.addSpacePrefix && prevSpecial {
			s = " " + s
		}
		out = t.model.encode(s, out)
		prevSpecial = false
	}
	if addSpecial {
		out = append(out, t.tail...)
	}
	return out
}

// ends returns the tokens Encode adds around the text when asked to add
// special tokens: BOS and EOS as the flags say, or for WordPiece always
// CLS (its BOS) and SEP, as llama.cpp does.
func (t *Tokenizer) ends() (head, tail []int32) {
	if t.cfg.kind == kindWPM {
		return nonNull(t.ids.bos), nonNull(t.ids.sep)
	}
	if t.cfg.addBOS {
		head = []int32{t.ids.bos}
	}
	if t.cfg.addEOS {
		tail = []int32{t.ids.eos}
	}
	return head, tail
}

// nonNull returns id as a one-token list, or none for -1.
func nonNull(id int32) []int32 {
	if id < 0 {
		return nil
	}
	return []int32{id}
}

// Piece returns the text of token id as llama.cpp's llama_token_to_piece
// renders it with special tokens shown: "▁" becomes a space, byte tokens
// become their byte, byte-level BPE pieces are mapped back to bytes. The
// result may be a fragment of a UTF-8 character. Ids outside the
// vocabulary give "".
func (t *Tokenizer) Piece(id int32) string {
	if !t.vocab.valid(id) {
		return ""
	}
	return t.pieces[id]
}

// Decode returns the text of ids as llama.cpp's llama_detokenize renders
// it with special tokens shown: the pieces joined, without the space the
// model prefixes to the first word, and with the model's clean-up of
// spaces before punctuation where the model asks for it.
func (t *Tokenizer) Decode(ids []int32) string {
	var b strings.Builder
	for i, id := range ids {
		p := t.Piece(id)
		if i == 0 && t.cfg.addSpacePrefix {
			p = strings.TrimPrefix(p, " ")
		}
		b.WriteString(p)
	}
	if t.cfg.cleanSpaces {
		return cleanSpaces(b.String())
	}
	return b.String()
}

// cleanSpaces removes the spaces llama.cpp's clean_up_tokenization_spaces
// removes, in its three passes: before "?!.,"; around a lone apostrophe;
// before the contractions 's 'm 're 've.
func cleanSpaces(s string) string {
	for _, p := range [...]string{" ?", " !", " .", " ,"} {
		s = strings.ReplaceAll(s, p, p[1:])
	}
	s = strings.ReplaceAll(s, " ' ", "'")
	for _, p := range [...]string{" 's", " 'm", " 're", " 've"} {
		s = strings.ReplaceAll(s, p, p[1:])
	}
	return s
}

// NumTokens returns the size of the vocabulary.
func (t *Tokenizer) NumTokens() int { return t.vocab.size() }

// BOS returns the beginning-of-sequence token, or -1 when there is none.
func (t *Tokenizer) BOS() int32 { return t.ids.bos }

// EOS returns the end-of-sequence token, or -1 when there is none.
func (t *Tokenizer) EOS() int32 { return t.ids.eos }

// EOT returns the end-of-turn token, or -1 when there is none.
func (t *Tokenizer) EOT() int32 { return t.ids.eot }

// AddBOS reports whether Encode adds BOS when asked to add special tokens.
func (t *Tokenizer) AddBOS() bool { return t.cfg.addBOS }

// AddEOS reports whether Encode adds EOS when asked to add special tokens.
func (t *Tokenizer) AddEOS() bool { return t.cfg.addEOS }

// IsEOG reports whether id ends generation (EOS, EOT, EOM, "<|im_end|>",
// "<|endoftext|>", … as llama.cpp collects them).
func (t *Tokenizer) IsEOG(id int32) bool { return t.eog[id] }

// Attr returns the attributes of token id (0 for ids outside the
// vocabulary).
func (t *Tokenizer) Attr(id int32) Attr {
	if !t.vocab.valid(id) {
		return 0
	}
	return t.vocab.attrs[id]
}

// Text returns the raw vocabulary entry of token id ("" outside the
// vocabulary), e.g. "▁Hello" or "<0x0A>".
func (t *Tokenizer) Text(id int32) string {
	if !t.vocab.valid(id) {
		return ""
	}
	return t.vocab.tokens[id]
}

// Model returns the tokenizer model named in the file ("llama", "gpt2",
// "bert" or "t5").
func (t *Tokenizer) Model() string { return t.cfg.name }
