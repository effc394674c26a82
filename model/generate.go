package model

import (
	"context"
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/laminalabs/lamina/model/sample"
)

// Token is one generated token as Generate reports it.
type Token struct {
	ID int32
	// Text is the text this token completes: empty while a UTF-8
	// character is still incomplete, and held back while it could be the
	// start of a stop string.
	Text string
}

// GenerateOptions control one call of Generate.
type GenerateOptions struct {
	// MaxTokens stops after this many generated tokens (< 0: until an
	// end-of-generation token or a full context).
	MaxTokens int
	// Sampling chooses the next token; see sample.DefaultParams.
	Sampling sample.Params
	// Stop ends generation when the text ends with any of these strings;
	// the stop string itself is not reported.
	Stop []string
	// IgnoreEOS keeps generating past end-of-generation tokens by never
	// sampling them (llama.cpp's --ignore-eos).
	IgnoreEOS bool
}

// DefaultGenerateOptions returns llama.cpp's defaults: no token limit and
// its default sampler chain.
func DefaultGenerateOptions() GenerateOptions {
	return GenerateOptions{MaxTokens: -1, Sampling: sample.DefaultParams()}
}

// Stats describes one call of Generate.
type Stats struct {
	PromptTokens    int
	GeneratedTokens int
	PromptTime      time.Duration // processing the prompt
	GenerateTime    time.Duration // generating every token after the first logits
	StopReason      string        // "eog", "stop", "length", "context", "callback" or "cancelled"
}

// PromptTokensPerSecond returns the prompt-processing speed.
func (s Stats) PromptTokensPerSecond() float64 { return perSecond(s.PromptTokens, s.PromptTime) }

// TokensPerSecond returns the generation speed.
func (s Stats) TokensPerSecond() float64 { return perSecond(s.GeneratedTokens, s.GenerateTime) }

func perSecond(n int, d time.Duration) float64 {
	if d <= 0 {
		return 0
	}
	return float64(n) / d.Seconds()
}

// Generate continues the conversation with prompt and generates tokens,
// calling fn for each one until fn returns false, ctx is cancelled, an
// end-of-generation token or stop string appears, MaxTokens are generated
// or the context is full. The prompt of an empty session gets the
// vocabulary's BOS/EOS as its metadata says; a follow-up prompt continues
// after the tokens already in the session.
func (s *Session) Generate(ctx context.Context, prompt string, opts GenerateOptions, fn func(Token) bool) (st Stats, err error) {
	tok := s.m.Tokenizer
	ids := tok.Encode(prompt, len(s.tokens) == 0, true)
	if len(ids) == 0 {
		return Stats{}, fmt.Errorf("model: empty prompt")
	}
	if len(s.tokens)+len(ids) >= s.ctx {
		return Stats{}, fmt.Errorf("model: prompt of %d tokens does not fit the context of %d tokens (%d already used)", len(ids), s.ctx, len(s.tokens))
	}
	smp, err := sample.New(opts.Sampling, s.m.Config.VocabSize)
	if err != nil {
		return Stats{}, err
	}
	for _, id := range s.tokens {
		smp.Accept(id)
	}
	for _, id := range ids {
		smp.Accept(id)
	}
	st.PromptTokens = len(ids)
	start := time.Now()
	logits, err := s.Decode(ids, false)
	if err != nil {
		return st, err
	}
	st.PromptTime = time.Since(start)
	start = time.Now()
	defer func() { st.GenerateTime = time.Since(start) }()
	var eog []int32 // masked out under IgnoreEOS, as llama.cpp's logit bias does
	if opts.IgnoreEOS {
		for id := range int32(s.m.Config.VocabSize) {
			if tok.IsEOG(id) {
				eog = append(eog, id)
			}
		}
	}
	out := newStopFilter(opts.Stop)
	dec := tok.NewDecoder(false)
	for {
		if reason := s.limitReached(ctx, &opts, st.GeneratedTokens); reason != "" {
			st.StopReason = reason
			return st, nil
		}
		for _, id := range eog {
			logits[id] = float32(math.Inf(-1))
		}
		id, err := smp.Sample(logits)
		if err != nil {
			return st, err
		}
		smp.Accept(id)
		st.GeneratedTokens++
		if tok.IsEOG(id) {
			st.StopReason = "eog"
			fn(Token{ID: id, Text: out.flush() + dec.Flush()})
			return st, nil
		}
		text, stopped := out.add(dec.Write(id))
		if !fn(Token{ID: id, Text: text}) {
			st.StopReason = "callback"
			return st, nil
		}
		if stopped {
			st.StopReason = "stop"
			return st, nil
		}
		if logits, err = s.Decode([]int32{id}, false); err != nil {
			return st, err
		}
	}
}

// limitReached returns why generation must stop now, or "".
func (s *Session) limitReached(ctx context.Context, o *GenerateOptions, generated int) string {
	switch {
	case ctx.Err() != nil:
		return "cancelled"
	case o.MaxTokens >= 0 && generated >= o.MaxTokens:
		return "length"
	case len(s.tokens) >= s.ctx:
		return "context"
	}
	return ""
}

// stopFilter holds back generated text that may be the start of a stop
// string and cuts the text at the first stop string.
type stopFilter struct {
	stops   []string
	pending string
}

func newStopFilter(stops []string) *stopFilter { return &stopFilter{stops: stops} }

// add appends text and returns what can be reported now, and whether a
// stop string was found.
func (f *stopFilter) add(text string) (string, bool) {
	f.pending += text
	for _, stop := range f.stops {
		if i := strings.Index(f.pending, stop); stop != "" && i >= 0 {
			out := f.pending[:i]
			f.pending = ""
			return out, true
		}
	}
	keep := 0
	for _, stop := range f.stops {
		for n := min(len(stop)-1, len(f.pending)); n > keep; n-- {
			if strings.HasSuffix(f.pending, stop[:n]) {
				keep = n
				break
			}
		}
	}
	out := f.pending[:len(f.pending)-keep]
	f.pending = f.pending[len(f.pending)-keep:]
	return out, false
}

// flush returns the text held back.
func (f *stopFilter) flush() string {
	out := f.pending
	f.pending = ""
	return out
}
