package model

import (
	"fmt"
)

// DefaultContext is the context size of a session when none is given,
// capped by the model's training context.
const DefaultContext = 4096

// batchSize is the most tokens one forward pass takes (llama.cpp's
// default micro-batch); longer prompts are processed in several passes.
const batchSize = 512

// Session is one conversation with a model: its KV cache, position and
// scratch buffers. A Session is not safe for concurrent use; several
// Sessions may share one Model concurrently.
type Session struct {
	m      *Model
	ctx    int
	keys   []kvStore // per layer: (ctx or ring, n_head_kv*key_length)
	values []kvStore // per layer: (ctx or ring, n_head_kv*value_length)
	tokens []int32   // tokens in the cache, in order
	// stale: a Truncate went back further than the sliding-window rings
	// remember, so the next Decode first recomputes the cache of tokens.
	stale bool
	st    *state
}

// sessionOptions are NewSession's settings.
type sessionOptions struct {
	ctx      int
	kvType   KVType
	adapters []ScaledAdapter
	batch    int // most tokens per forward pass (0: batchSize)
}

// SessionOption changes how a session is created.
type SessionOption func(*sessionOptions) error

// WithContext sets the context size in tokens (default DefaultContext,
// capped by the model's training context).
func WithContext(n int) SessionOption {
	return func(o *sessionOptions) error {
		if n < 1 {
			return fmt.Errorf("model: context of %d tokens, want at least 1", n)
		}
		o.ctx = n
		return nil
	}
}

// WithKVType sets the KV cache element type (default KVF16).
func WithKVType(t KVType) SessionOption {
	return func(o *sessionOptions) error { o.kvType = t; return nil }
}

// withBatch sets the most tokens per forward pass (default batchSize), so
// that tests can make sliding-window rings wrap on short sequences.
func withBatch(n int) SessionOption {
	return func(o *sessionOptions) error { o.batch = n; return nil }
}

// NewSession creates a session with an empty KV cache.
func (m *Model) NewSession(opts ...SessionOption) (*Session, error) {
	o := sessionOptions{ctx: min(DefaultContext, m.Config.ContextLength), kvType: KVF16}
	for _, opt := range opts {
		if err := opt(&o); err != nil {
			return nil, err
		}
	}
	c := &m.Config
	s := &Session{m: m, ctx: o.ctx, tokens: make([]int32, 0, o.ctx)} // no growth while decoding
	batch := min(batchSize, o.ctx)
	if o.batch > 0 {
		batch = min(o.batch, o.ctx)
	}
	most := 0 // rows of the largest store
	for i := range c.Layers {
		rows := o.ctx
		if c.Local(i) {
			rows = ringSize(c.SlidingWindow, batch, o.ctx)
		}
		most = max(most, rows)
		s.keys = append(s.keys, newKVStore(o.kvType, rows, c.HeadsKV*c.KeyLength))
		s.values = append(s.values, newKVStore(o.kvType, rows, c.HeadsKV*c.ValueLength))
	}
	s.st = newState(m, batch, o.ctx, most, o.kvType)
	if err := s.SetAdapters(o.adapters...); err != nil {
		return nil, err
	}
	return s, nil
}

// Context returns the session's context size in tokens.
func (s *Session) Context() int { return s.ctx }

// Tokens returns the tokens in the cache (the conversation so far).
func (s *Session) Tokens() []int32 { return s.tokens }

// Reset empties the cache.
func (s *Session) Reset() { s.tokens, s.stale = s.tokens[:0], false }

// Truncate drops every token from position n on, so the next Decode
// continues after the first n tokens. When a sliding-window layer no longer
// holds the window before position n, the next Decode recomputes the
// cache of the first n tokens first.
func (s *Session) Truncate(n int) {
	if n < 0 || n >= len(s.tokens) {
		return
	}
	for i := range s.keys {
		// The ring holds positions [len-size, len); the next pass reads
		// the window before n.
		if first := max(0, n-s.m.Config.SlidingWindow+1); s.m.Config.Local(i) && first < len(s.tokens)-s.keys[i].size {
			s.stale = true
		}
	}
	s.tokens = s.tokens[:n]
}

// KVBytes returns the memory taken by the KV cache.
func (s *Session) KVBytes() int {
	n := 0
	for i := range s.keys {
		n += s.keys[i].bytes() + s.values[i].bytes()
	}
	return n
}

// Decode appends tokens to the conversation and returns the logits of the
// last one (n_vocab values), or of every one when all is set ((len(tokens),
// n_vocab) row-major). The slice is reused by the next call.
func (s *Session) Decode(tokens []int32, all bool) ([]float32, error) {
	if len(tokens) == 0 {
		return nil, fmt.Errorf("model: no tokens to decode")
	}
	vocab := s.m.Config.VocabSize
	for _, id := range tokens {
		if id < 0 || int(id) >= vocab {
			return nil, fmt.Errorf("model: token id %d is out of range [0, %d)", id, vocab)
		}
	}
	if len(s.tokens)+len(tokens) > s.ctx {
		return nil, fmt.Errorf("model: %d tokens after the %d already in the cache exceed the context of %d tokens", len(tokens), len(s.tokens), s.ctx)
	}
	nOut := 1
	if all {
		nOut = len(tokens)
	}
	logits := s.st.logitsBuf(nOut * vocab)
	if s.stale {
		s.stale = false
		s.replay()
	}
	for done := 0; done < len(tokens); {
		n := min(s.st.batch, len(tokens)-done)
		batch := tokens[done : done+n]
		var dst []float32
		switch {
		case all:
			dst = logits[done*vocab : (done+n)*vocab]
		case done+n == len(tokens):
			dst = logits
		}
		s.forward(batch, dst, all)
		s.tokens = append(s.tokens, batch...)
		done += n
	}
	return logits, nil
}

// replay recomputes the cache of the tokens in it, without logits.
func (s *Session) replay() {
	tokens := s.tokens
	s.tokens = make([]int32, 0, s.ctx)
	for done := 0; done < len(tokens); {
		n := min(s.st.batch, len(tokens)-done)
		s.forward(tokens[done:done+n], nil, false)
		s.tokens = append(s.tokens, tokens[done:done+n]...)
		done += n
	}
}
