package tokenizer

import (
	"fmt"
	"slices"
	"strings"

	"github.com/laminalabs/lamina/model/gguf"
)

// Attr is a set of token attributes (llama.cpp's llama_token_attr).
type Attr uint16

// Token attributes. A token read from the file has the one of its stored
// type; loading adds more (control for end-of-turn texts, unused, and the
// strip attributes some models give their special tokens).
const (
	AttrUnknown     Attr = 1 << 0 // the unknown token
	AttrUnused      Attr = 1 << 1 // reserved, never produced
	AttrNormal      Attr = 1 << 2 // an ordinary piece of text
	AttrControl     Attr = 1 << 3 // BOS, EOS, chat markers: matched only when parsing special tokens
	AttrUserDefined Attr = 1 << 4 // always matched in the text, rendered verbatim
	AttrByte        Attr = 1 << 5 // a raw byte "<0xNN>"
	AttrNormalized  Attr = 1 << 6
	AttrLStrip      Attr = 1 << 7 // swallows the whitespace before it
	AttrRStrip      Attr = 1 << 8 // swallows the whitespace after it
	AttrSingleWord  Attr = 1 << 9
)

// attrFromType maps a stored token type to its attribute, as llama.cpp
// does while loading (unknown types get no attribute).
func attrFromType(t int32) Attr {
	switch t {
	case typeUnknown:
		return AttrUnknown
	case typeUnused:
		return AttrUnused
	case typeNormal:
		return AttrNormal
	case typeControl:
		return AttrControl
	case typeUserDefined:
		return AttrUserDefined
	case typeByte:
		return AttrByte
	}
	return 0
}

// specialIDs are the ids of the tokens with a role; -1 means none.
type specialIDs struct {
	bos, eos, eot, eom, unk, sep, pad, mask        int32
	fimPre, fimSuf, fimMid, fimPad, fimRep, fimSep int32
}

// noSpecialIDs returns a set with every role unassigned.
func noSpecialIDs() specialIDs {
	return specialIDs{-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1}
}

// byKey lists the metadata key of every role with a pointer to its id, in
// llama.cpp's order (the deprecated FIM keys last, overriding).
func (ids *specialIDs) byKey() []struct {
	key string
	id  *int32
} {
	return []struct {
		key string
		id  *int32
	}{
		{"tokenizer.ggml.bos_token_id", &ids.bos},
		{"tokenizer.ggml.eos_token_id", &ids.eos},
		{"tokenizer.ggml.eot_token_id", &ids.eot},
		{"tokenizer.ggml.eom_token_id", &ids.eom},
		{"tokenizer.ggml.unknown_token_id", &ids.unk},
		{"tokenizer.ggml.seperator_token_id", &ids.sep},
		{"tokenizer.ggml.padding_token_id", &ids.pad},
		{"tokenizer.ggml.mask_token_id", &ids.mask},
		{"tokenizer.ggml.fim_pre_token_id", &ids.fimPre},
		{"tokenizer.ggml.fim_suf_token_id", &ids.fimSuf},
		{"tokenizer.ggml.fim_mid_token_id", &ids.fimMid},
		{"tokenizer.ggml.fim_pad_token_id", &ids.fimPad},
		{"tokenizer.ggml.fim_rep_token_id", &ids.fimRep},
		{"tokenizer.ggml.fim_sep_token_id", &ids.fimSep},
		{"tokenizer.ggml.prefix_token_id", &ids.fimPre},
		{"tokenizer.ggml.suffix_token_id", &ids.fimSuf},
		{"tokenizer.ggml.middle_token_id", &ids.fimMid},
	}
}

// readSpecialIDs overrides the default roles with the file's ids. Like
// llama.cpp it drops defaults outside the vocabulary and ignores stored
// ids outside it.
func (t *Tokenizer) readSpecialIDs(f *gguf.File) error {
	n := uint32(t.vocab.size())
	for _, r := range t.ids.byKey() {
		if *r.id >= 0 && uint32(*r.id) >= n {
			*r.id = -1
		}
		id, err := f.Uint32(r.key)
		if gguf.IsMissing(err) {
			continue
		}
		if err != nil {
			return err
		}
		if id < n {
			*r.id = int32(id)
		}
	}
	return nil
}

// readAddFlags reads whether BOS, EOS and SEP are added, and checks that
// the tokens to add exist.
func (t *Tokenizer) readAddFlags(f *gguf.File) error {
	c := &t.cfg
	for _, a := range []struct {
		key   string
		flag  *bool
		id    int32
		idKey string
	}{
		{keyAddBOS, &c.addBOS, t.ids.bos, "tokenizer.ggml.bos_token_id"},
		{keyAddEOS, &c.addEOS, t.ids.eos, "tokenizer.ggml.eos_token_id"},
		{keyAddSEP, &c.addSEP, t.ids.sep, "tokenizer.ggml.seperator_token_id"},
	} {
		v, err := optional(f, a.key, *a.flag, f.Bool)
		if err != nil {
			return err
		}
		*a.flag = v || (a.flag == &c.addBOS && c.forceBOS)
		if *a.flag && a.id < 0 {
			return fmt.Errorf("tokenizer: key %q is true, but %q is not set", a.key, a.idKey)
		}
	}
	return nil
}

// eogTexts are the token texts llama.cpp treats as ending generation.
var eogTexts = []string{
	"<|eot_id|>", "<|im_end|>", "<|end|>", "<|return|>", "<|call|>", "<|flush|>", "<|calls|>",
	"<end_of_turn>", "<|endoftext|>", "</s>", "<|eom_id|>", "<EOT>", "_<EOT>", "[EOT]", "[EOS]",
	"<|end_of_text|>", "<end_of_utterance>", "<eos>", "<turn|>", "<|tool_response>",
	"<｜end▁of▁sentence｜>", "[e~[",
}

// findSpecials completes the special tokens as llama.cpp does from token
// texts: it fills unassigned roles, marks unused control tokens, builds the
// end-of-generation set and the list of tokens matched in text.
func (t *Tokenizer) findSpecials() {
	t.guessRoles()
	for id, text := range t.vocab.tokens {
		if t.vocab.attrs[id]&AttrControl != 0 && strings.Contains(text, "unused") {
			t.vocab.attrs[id] |= AttrUnused
		}
	}
	t.collectEOG()
	for id := range t.vocab.tokens {
		if t.vocab.attrs[id]&(AttrControl|AttrUserDefined|AttrUnknown) != 0 {
			t.specials = append(t.specials, int32(id))
		}
	}
	slices.SortStableFunc(t.specials, func(a, b int32) int {
		return len(t.vocab.tokens[b]) - len(t.vocab.tokens[a])
	})
}

// guessRoles assigns end-of-turn, end-of-message and fill-in-the-middle
// roles the file leaves unset from well-known token texts, making those
// tokens control tokens.
func (t *Tokenizer) guessRoles() {
	for _, r := range []struct {
		id    *int32
		texts []string
	}{
		{&t.ids.eot, []string{"<|eot_id|>", "<|im_end|>", "<|end|>", "<end_of_turn>", "<|endoftext|>",
			"<|end_of_text|>", "<EOT>", "_<EOT>", "[EOT]", "<｜end▁of▁sentence｜>", "<end_of_utterance>"}},
		{&t.ids.eom, []string{"<|eom_id|>"}},
		{&t.ids.fimPre, []string{"<|fim_prefix|>", "<fim-prefix>", "<fim_prefix>", "<｜fim▁begin｜>",
			"<PRE>", "▁<PRE>", "<|code_prefix|>", "<|prefix|>"}},
		{&t.ids.fimSuf, []string{"<|fim_suffix|>", "<fim-suffix>", "<fim_suffix>", "<｜fim▁hole｜>",
			"<SUF>", "▁<SUF>", "<|code_suffix|>", "<|suffix|>"}},
		{&t.ids.fimMid, []string{"<|fim_middle|>", "<fim-middle>", "<fim_middle>", "<｜fim▁end｜>",
			"<MID>", "▁<MID>", "<|code_middle|>", "<|middle|>"}},
		{&t.ids.fimPad, []string{"<|fim_pad|>", "<fim-pad>", "<fim_pad>", "<PAD>", "[PAD]"}},
		{&t.ids.fimRep, []string{"<|fim_repo|>", "<|repo_name|>", "<fim-repo>", "<REPO>", "<reponame>"}},
		{&t.ids.fimSep, []string{"<|file_sep|>"}},
	} {
		if *r.id >= 0 {
			continue
		}
		if id, ok := t.firstOf(r.texts); ok {
			*r.id = id
			t.vocab.attrs[id] |= AttrControl
		}
	}
}

// firstOf returns the id of the first of texts found in the vocabulary.
func (t *Tokenizer) firstOf(texts []string) (int32, bool) {
	for _, s := range texts {
		if id, ok := t.vocab.lookup(s); ok {
			return id, true
		}
	}
	return -1, false
}

// collectEOG builds the end-of-generation set with llama.cpp's rules and
// workarounds (gpt-oss, solar-open, gemma4).
func (t *Tokenizer) collectEOG() {
	t.eog = map[int32]bool{}
	for _, id := range []int32{t.ids.fimPad, t.ids.fimRep, t.ids.fimSep} {
		if id >= 0 {
			t.eog[id] = true
		}
	}
	for _, s := range eogTexts {
		if id, ok := t.vocab.lookup(s); ok {
			t.eog[id] = true
			t.vocab.attrs[id] |= AttrControl
		}
	}
	for _, s := range []string{"<|channel|>", "<|message|>", "<|start|>", "<|constrain|>"} {
		if id, ok := t.vocab.lookup(s); ok {
			t.vocab.attrs[id] = AttrUserDefined
		}
	}
	for _, id := range []int32{t.ids.eos, t.ids.eot, t.ids.eom} {
		if id >= 0 {
			t.eog[id] = true
		}
	}
	t.dropEOG("<|end|>", AttrUserDefined, func(has func(string) bool) bool {
		return (has("<|return|>") && has("<|call|>")) ||
			((has("<|call|>") || has("<|calls|>")) && has("<|flush|>"))
	})
	t.dropEOG("</s>", AttrNormal, func(has func(string) bool) bool { return has("<|tool_response>") })
}

// dropEOG removes the token text from the end-of-generation set, giving
// it attribute a, when it is in the set and cond holds of the set.
func (t *Tokenizer) dropEOG(text string, a Attr, cond func(has func(string) bool) bool) {
	has := func(s string) bool {
		id, ok := t.vocab.lookup(s)
		return ok && t.eog[id]
	}
	if id, ok := t.vocab.lookup(text); ok && t.eog[id] && cond(has) {
		delete(t.eog, id)
		t.vocab.attrs[id] = a
	}
}

// applyModelAttrs gives the special tokens of some models the strip
// attributes llama.cpp hard-codes by model, pre-tokenizer or architecture.
func (t *Tokenizer) applyModelAttrs(f *gguf.File) {
	name, _ := f.String("general.name")
	name = strings.ToLower(name)
	arch, _ := f.String("general.architecture")
	set := func(text string, a Attr, on bool) {
		id, ok := t.vocab.lookup(text)
		switch {
		case ok && on:
			t.vocab.attrs[id] |= a
		case ok:
			t.vocab.attrs[id] &^= a
		}
	}
	switch {
	case containsAny(t.cfg.pre, "jina-v2-de", "jina-v2-es", "jina-v2-code") ||
		containsAny(arch, "nomic-bert-moe", "jina-bert-v3"):
		set("<mask>", AttrLStrip, true)
	case containsAny(name, "phi-3", "phi3"):
		for _, id := range t.specials {
			t.vocab.attrs[id] |= AttrRStrip
		}
		set("</s>", AttrRStrip, true)
		for _, s := range []string{"<unk>", "<s>", "<|endoftext|>"} {
			set(s, AttrRStrip, false)
		}
	case containsAny(name, "modern-bert"):
		set("[MASK]", AttrLStrip, true)
	}
}

// containsAny reports whether s contains any of subs.
func containsAny(s string, subs ...string) bool {
	return slices.ContainsFunc(subs, func(sub string) bool { return strings.Contains(s, sub) })
}

// fragment is a part of the text to encode: a special token, or a span of
// plain text (token < 0).
type fragment struct {
	token      int32
	start, end int
}

// partition splits text around the special tokens found in it, longest
// tokens first, as llama.cpp's tokenizer_st_partition does. Control and
// unknown tokens are only looked for with parseSpecial; user-defined
// tokens always are. Tokens with lstrip/rstrip take the ASCII whitespace
// beside them.
func (t *Tokenizer) partition(text string, parseSpecial bool) []fragment {
	if text == "" {
		return nil
	}
	frags := []fragment{{token: -1, end: len(text)}}
	for _, id := range t.specials {
		if !parseSpecial && t.vocab.attrs[id]&(AttrControl|AttrUnknown) != 0 {
			continue
		}
		if strings.Contains(text, t.vocab.tokens[id]) {
			frags = t.splitAt(frags, text, id)
		}
	}
	return frags
}

// splitAt splits every text fragment at each occurrence of token id.
func (t *Tokenizer) splitAt(frags []fragment, text string, id int32) []fragment {
	tok, attr := t.vocab.tokens[id], t.vocab.attrs[id]
	out := make([]fragment, 0, len(frags)+2)
	for _, fr := range frags {
		start, end := fr.start, fr.end
		for fr.token < 0 {
			i := strings.Index(text[start:end], tok)
			if i < 0 {
				break
			}
			left, right := start+i, start+i+len(tok)
			for attr&AttrLStrip != 0 && left > start && isSpace(text[left-1]) {
				left--
			}
			if left > start {
				out = append(out, fragment{token: -1, start: start, end: left})
			}
			out = append(out, fragment{token: id, start: start + i, end: right})
			for attr&AttrRStrip != 0 && right < end && isSpace(text[right]) {
				right++
			}
			start = right
		}
		if fr.token >= 0 || start < end {
			out = append(out, fragment{token: fr.token, start: start, end: end})
		}
	}
	return out
}

// isSpace reports whether c is ASCII whitespace as C's isspace sees it.
func isSpace(c byte) bool { return c == ' ' || (c >= '\t' && c <= '\r') }

// byteDecoder is a model whose pieces spell bytes in another alphabet
// (byte-level BPE: "Ġ" is a space).
type byteDecoder interface {
	decodePiece(piece string) []byte
}

// piece renders token id as llama.cpp's token_to_piece does with special
// tokens shown.
func (t *Tokenizer) piece(id int32) string {
	text, attr := t.vocab.tokens[id], t.vocab.attrs[id]
	switch {
	case attr&(AttrUnknown|AttrControl|AttrUserDefined) != 0:
		return text
	case attr&AttrNormal != 0 && !t.cfg.escapeWS:
		return string(t.model.(byteDecoder).decodePiece(text))
	case attr&AttrNormal != 0:
		return strings.ReplaceAll(text, "▁", " ")
	case attr&AttrByte != 0:
		return string([]byte{hexByte(text)})
	}
	return ""
}

// hexByte parses the byte of a "<0xNN>" token as llama.cpp does (strtol
// on the two characters after "<0x", stopping at a non-hex digit).
func hexByte(text string) byte {
	var b byte
	for i := 3; i < 5 && i < len(text); i++ {
		c := text[i]
		switch {
		case c >= '0' && c <= '9':
			b = b<<4 | (c - '0')
		case c >= 'a' && c <= 'f':
			b = b<<4 | (c - 'a' + 10)
		case c >= 'A' && c <= 'F':
			b = b<<4 | (c - 'A' + 10)
		default:
			return b
		}
	}
	return b
}
