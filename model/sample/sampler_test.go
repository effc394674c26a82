package sample

import (
	"math"
	"slices"
	"strings"
	"testing"
)

// greedyParams returns the default chain at temperature 0.
func greedyParams() Params {
	p := DefaultParams()
	p.Temperature = 0
	return p
}

// newSampler returns a Sampler or fails the test.
func newSampler(t testing.TB, p Params, nVocab int) *Sampler {
	t.Helper()
	s, err := New(p, nVocab)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// mustSample returns the sampled token or fails the test.
func mustSample(t testing.TB, s *Sampler, logits []float32) int32 {
	t.Helper()
	id, err := s.Sample(logits)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func TestGreedyTiesGoToLowestID(t *testing.T) {
	for _, tc := range []struct {
		logits []float32
		want   int32
	}{
		{[]float32{1, 5, 5, 0}, 1},
		{[]float32{2, 2, 2, 2}, 0},
		{[]float32{float32(math.Inf(-1)), -3, 7, 7}, 2},
	} {
		s := newSampler(t, greedyParams(), len(tc.logits))
		if got := mustSample(t, s, tc.logits); got != tc.want {
			t.Fatalf("greedy(%v) = %d, want %d", tc.logits, got, tc.want)
		}
	}
}

func TestGreedyTiesBeyondTopK(t *testing.T) {
	logits := make([]float32, 1000)
	for i := range logits {
		logits[i] = 1
	}
	logits[700], logits[300] = 2, 2
	s := newSampler(t, greedyParams(), len(logits))
	if got := mustSample(t, s, logits); got != 300 {
		t.Fatalf("greedy = %d, want 300", got)
	}
}

func TestPenaltiesApplyBeforeGreedy(t *testing.T) {
	p := greedyParams()
	p.RepeatPenalty = 2
	logits := []float32{1, 3, 2}
	s := newSampler(t, p, 3)
	if got := mustSample(t, s, logits); got != 1 {
		t.Fatalf("greedy without history = %d, want 1", got)
	}
	s.Accept(1) // 3 / 2 = 1.5 < 2
	if got := mustSample(t, s, logits); got != 2 {
		t.Fatalf("greedy after a penalty = %d, want 2", got)
	}
	s.Reset()
	if got := mustSample(t, s, logits); got != 1 {
		t.Fatalf("greedy after Reset = %d, want 1", got)
	}
}

func TestPenaltyWindowSlides(t *testing.T) {
	p := greedyParams()
	p.RepeatLastN, p.PresencePenalty = 2, 10
	logits := []float32{0, 3, 2, 1}
	s := newSampler(t, p, 4)
	for _, id := range []int32{1, 2} {
		s.Accept(id)
	}
	if got := mustSample(t, s, logits); got != 3 {
		t.Fatalf("with 1 and 2 penalized got %d, want 3", got)
	}
	s.Accept(3) // 1 leaves the window
	if got := mustSample(t, s, logits); got != 1 {
		t.Fatalf("after 1 left the window got %d, want 1", got)
	}
}

// draws samples n tokens from logits, accepting none.
func draws(t testing.TB, s *Sampler, logits []float32, n int) []int32 {
	t.Helper()
	out := make([]int32, n)
	for i := range out {
		out[i] = mustSample(t, s, logits)
	}
	return out
}

func TestSeedDeterminism(t *testing.T) {
	p := DefaultParams()
	p.Temperature, p.Seed = 1.5, 42
	logits := []float32{1, 1.5, 0.5, 2, 1.2, 0.8}
	a := draws(t, newSampler(t, p, len(logits)), logits, 200)
	s := newSampler(t, p, len(logits))
	if b := draws(t, s, logits, 200); !slices.Equal(a, b) {
		t.Fatal("same seed, different tokens")
	}
	s.Reset()
	if b := draws(t, s, logits, 200); !slices.Equal(a, b) {
		t.Fatal("Reset did not restart the random stream")
	}
	p.Seed = 43
	if b := draws(t, newSampler(t, p, len(logits)), logits, 200); slices.Equal(a, b) {
		t.Fatal("different seeds, same 200 tokens")
	}
	if s.Seed() != 42 {
		t.Fatalf("Seed() = %d, want 42", s.Seed())
	}
}

func TestRandomSeed(t *testing.T) {
	a := newSampler(t, DefaultParams(), 4)
	b := newSampler(t, DefaultParams(), 4)
	if a.Seed() == RandomSeed || a.Seed() == b.Seed() {
		t.Fatalf("random seeds %d and %d", a.Seed(), b.Seed())
	}
}

// softmax64 returns the softmax of logits/temp in float64.
func softmax64(logits []float32, temp float64) []float64 {
	out := make([]float64, len(logits))
	sum := 0.0
	for i, l := range logits {
		out[i] = math.Exp(float64(l) / temp)
		sum += out[i]
	}
	for i := range out {
		out[i] /= sum
	}
	return out
}

func TestDistribution(t *testing.T) {
	logits := []float32{0, 1, 2, 0.5, -1}
	open := Params{Temperature: 1, TopP: 1, TypicalP: 1, RepeatPenalty: 1, Seed: 7}
	hot := open
	hot.Temperature = 2
	topTwo := open
	topTwo.TopK = 2
	two := softmax64(logits[1:3], 1)
	for _, tc := range []struct {
		name string
		p    Params
		want []float64
	}{
		{"temp 1", open, softmax64(logits, 1)},
		{"temp 2", hot, softmax64(logits, 2)},
		{"top-k 2", topTwo, []float64{0, two[0], two[1], 0, 0}},
	} {
		const n = 20000
		counts := make([]int, len(logits))
		for _, id := range draws(t, newSampler(t, tc.p, len(logits)), logits, n) {
			counts[id]++
		}
		for i, want := range tc.want {
			if got := float64(counts[i]) / n; math.Abs(got-want) > 0.015 {
				t.Errorf("%s: token %d drawn %.4f of the time, want %.4f", tc.name, i, got, want)
			}
		}
	}
}

func TestSampleErrors(t *testing.T) {
	s := newSampler(t, DefaultParams(), 3)
	inf := float32(math.Inf(1))
	for _, tc := range []struct {
		logits []float32
		want   string
	}{
		{nil, "empty logits"},
		{[]float32{1, 2}, "got 2 logits"},
		{[]float32{1, float32(math.NaN()), 2}, "sample: logits contain NaN"},
		{[]float32{1, inf, 2}, "+Inf"},
		{[]float32{-inf, -inf, -inf}, "-Inf"},
	} {
		id, err := s.Sample(tc.logits)
		if err == nil || !strings.Contains(err.Error(), tc.want) || id != -1 {
			t.Errorf("Sample(%v) = %d, %v; want an error with %q", tc.logits, id, err, tc.want)
		}
	}
	if _, err := New(DefaultParams(), 0); err == nil {
		t.Error("New accepted an empty vocabulary")
	}
}

func TestOverflowIsAnError(t *testing.T) {
	p := DefaultParams()
	p.Temperature, p.TopP, p.MinP = 1e-39, 1, 0
	s := newSampler(t, p, 3)
	if _, err := s.Sample([]float32{1, 2, 3}); err == nil {
		t.Fatal("overflowing temperature gave no error")
	}
}

func TestAcceptOutOfRange(t *testing.T) {
	p := greedyParams()
	p.RepeatPenalty = 2
	s := newSampler(t, p, 3)
	for _, id := range []int32{-1, 3, 1 << 30} {
		s.Accept(id)
	}
	if got := mustSample(t, s, []float32{1, 3, 2}); got != 1 {
		t.Fatalf("out-of-range ids changed the result: %d", got)
	}
}

// everyStep turns on every step of the chain.
func everyStep() Params {
	p := DefaultParams()
	p.Seed = 9
	p.RepeatPenalty, p.FrequencyPenalty, p.PresencePenalty = 1.1, 0.1, 0.1
	p.TypicalP, p.TopNSigma = 0.9, 2
	p.XTCProbability, p.XTCThreshold = 0.5, 0.1
	p.DynaTempRange = 0.3
	return p
}

func TestSampleDoesNotAllocate(t *testing.T) {
	const nVocab = 32000
	rng := testRNG(6)
	logits := make([]float32, nVocab)
	for i := range logits {
		logits[i] = float32(rng.NormFloat64() * 4)
	}
	for name, p := range map[string]Params{"default": DefaultParams(), "every step": everyStep(), "greedy": greedyParams()} {
		s := newSampler(t, p, nVocab)
		allocs := testing.AllocsPerRun(20, func() {
			s.Accept(mustSample(t, s, logits))
		})
		if allocs != 0 {
			t.Errorf("%s: %v allocations per Sample+Accept", name, allocs)
		}
	}
}

func BenchmarkSample(b *testing.B) {
	const nVocab = 151936
	rng := testRNG(8)
	logits := make([]float32, nVocab)
	for i := range logits {
		logits[i] = float32(rng.NormFloat64() * 4)
	}
	for name, p := range map[string]Params{"default": DefaultParams(), "every step": everyStep(), "greedy": greedyParams()} {
		b.Run(name, func(b *testing.B) {
			s := newSampler(b, p, nVocab)
			for b.Loop() {
				s.Accept(mustSample(b, s, logits))
			}
		})
	}
}
