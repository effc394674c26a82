package tokenizer

import (
	"strings"
	"unicode/utf8"
)

// Decoder turns generated tokens into text one token at a time, as a
// generation loop prints them. It never returns part of a UTF-8
// character: bytes of an unfinished character wait for the next tokens,
// and bytes that cannot form a character come out as U+FFFD, so every
// returned string is valid UTF-8. Pieces are not stripped or cleaned up
// (llama.cpp's common_token_to_piece per token). A Decoder is not safe for
// concurrent use.
type Decoder struct {
	t       *Tokenizer
	special bool
	pending []byte
}

// NewDecoder returns a streaming decoder. With special, control tokens
// (EOS, chat markers) are rendered as their text; without, they produce
// nothing, as in llama.cpp's generation output.
func (t *Tokenizer) NewDecoder(special bool) *Decoder {
	return &Decoder{t: t, special: special}
}

// Write adds token id and returns the text it completes (possibly "").
func (d *Decoder) Write(id int32) string {
	if d.special || !d.t.vocab.has(id, AttrControl|AttrUnknown) {
		d.pending = append(d.pending, d.t.Piece(id)...)
	}
	var b strings.Builder
	p := d.pending
	for len(p) > 0 && utf8.FullRune(p) {
		r, n := utf8.DecodeRune(p)
		if r == utf8.RuneError && n == 1 {
			b.WriteRune(utf8.RuneError)
		} else {
			b.Write(p[:n])
		}
		p = p[n:]
	}
	d.pending = append(d.pending[:0], p...)
	return b.String()
}

// Flush returns the bytes still waiting for the rest of their character,
// each as U+FFFD, and empties the decoder for a new stream.
func (d *Decoder) Flush() string {
	s := strings.Repeat("\uFFFD", len(d.pending))
	d.pending = d.pending[:0]
	return s
}
