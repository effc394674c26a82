package sample

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
)

// PCG stream constants for the two random streams (the draw and XTC's
// chance), so that one seed gives two independent sequences.
const (
	distStream = 0x9e3779b97f4a7c15
	xtcStream  = 0xbf58476d1ce4e5b9
)

var (
	errNaN    = errors.New("sample: logits contain NaN")
	errPosInf = errors.New("sample: logits contain +Inf")
	errNegInf = errors.New("sample: every logit is -Inf")
)

// Sampler chooses tokens from logits with llama.cpp's sampler chain. It
// keeps the penalty window and the random state between calls; it is not
// safe for concurrent use.
type Sampler struct {
	p       Params
	nVocab  int
	buf     []candidate
	scratch []scored // typical-p's workspace
	hist    history
	seed    uint64
	distSrc *rand.PCG
	xtcSrc  *rand.PCG
	distRNG *rand.Rand
	xtcRNG  *rand.Rand
}

// New returns a Sampler for logits over nVocab tokens.
func New(p Params, nVocab int) (*Sampler, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	if nVocab <= 0 || nVocab > math.MaxInt32 {
		return nil, fmt.Errorf("sample: vocabulary size %d out of range [1, %d]", nVocab, math.MaxInt32)
	}
	s := &Sampler{
		p:       p,
		nVocab:  nVocab,
		buf:     make([]candidate, nVocab),
		hist:    newHistory(p.RepeatLastN, nVocab),
		distSrc: &rand.PCG{},
		xtcSrc:  &rand.PCG{},
	}
	if p.TypicalP < 1 {
		s.scratch = make([]scored, nVocab)
	}
	s.distRNG = rand.New(s.distSrc)
	s.xtcRNG = rand.New(s.xtcSrc)
	s.Reset()
	return s, nil
}

// Reset forgets the accepted tokens and restarts the random streams from
// the seed (a new random one for RandomSeed), as llama.cpp's
// common_sampler_reset does.
func (s *Sampler) Reset() {
	s.hist.clear()
	s.seed = s.p.Seed
	if s.seed == RandomSeed {
		s.seed = rand.Uint64()
	}
	s.distSrc.Seed(s.seed, distStream)
	s.xtcSrc.Seed(s.seed, xtcStream)
}

// Seed returns the seed in use, the one picked at random for RandomSeed.
func (s *Sampler) Seed() uint64 { return s.seed }

// Accept records a token for the repetition penalties: call it for every
// prompt token and every sampled token, as llama.cpp's llama-cli does.
func (s *Sampler) Accept(id int32) { s.hist.add(id) }

// Sample returns the next token drawn from logits, which must hold one
// finite or -Inf value per vocabulary token. It does not Accept the token.
func (s *Sampler) Sample(logits []float32) (int32, error) {
	c, err := s.load(logits)
	if err != nil {
		return -1, err
	}
	s.chain(&c)
	i, err := dist(&c, s.distRNG)
	if err != nil {
		return -1, err
	}
	return c.data[i].id, nil
}

// load fills the candidate buffer from logits, checking them.
func (s *Sampler) load(logits []float32) (candidates, error) {
	if len(logits) == 0 {
		return candidates{}, errors.New("sample: empty logits")
	}
	if len(logits) != s.nVocab {
		return candidates{}, fmt.Errorf("sample: got %d logits, want one per vocabulary token (%d)", len(logits), s.nVocab)
	}
	finite := false
	for i, l := range logits {
		switch {
		case math.IsNaN(float64(l)):
			return candidates{}, errNaN
		case math.IsInf(float64(l), 1):
			return candidates{}, errPosInf
		case !math.IsInf(float64(l), -1):
			finite = true
		}
		s.buf[i] = candidate{id: int32(i), logit: l}
	}
	if !finite {
		return candidates{}, errNegInf
	}
	return candidates{data: s.buf}, nil
}

// chain runs every step before the draw, in llama.cpp's default order.
func (s *Sampler) chain(c *candidates) {
	p := &s.p
	penalties(c, &s.hist, p.RepeatPenalty, p.FrequencyPenalty, p.PresencePenalty)
	topNSigma(c, p.TopNSigma)
	topK(c, p.TopK)
	typical(c, p.TypicalP, p.MinKeep, s.scratch)
	topP(c, p.TopP, p.MinKeep)
	minP(c, p.MinP, p.MinKeep)
	xtc(c, p.XTCProbability, p.XTCThreshold, p.MinKeep, s.xtcRNG)
	dynamicTemperature(c, p.Temperature, p.DynaTempRange, p.DynaTempExponent)
}
