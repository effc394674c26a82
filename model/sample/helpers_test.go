package sample

import (
	"math"
	"math/rand/v2"
	"testing"
)

// fromProbs returns candidates with ids 0.. and logits log(p), as
// llama.cpp's test-sampling.cpp builds them.
func fromProbs(probs ...float32) *candidates {
	c := &candidates{}
	for i, p := range probs {
		c.data = append(c.data, candidate{id: int32(i), logit: log32(p)})
	}
	return c
}

// randomCandidates returns n candidates with logits drawn from rng; about
// one in eight logits repeats an earlier one, to exercise ties.
func randomCandidates(rng *rand.Rand, n int) *candidates {
	c := &candidates{data: make([]candidate, n)}
	for i := range c.data {
		l := float32(rng.NormFloat64() * 3)
		if i > 0 && rng.IntN(8) == 0 {
			l = c.data[rng.IntN(i)].logit
		}
		c.data[i] = candidate{id: int32(i), logit: l}
	}
	return c
}

// testRNG returns a seeded generator for tests.
func testRNG(seed uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, 1)) }

// wantProbs checks that c holds exactly the ids of want, each with the
// softmax probability given (within 1e-5, llama.cpp's tolerance).
func wantProbs(t *testing.T, c *candidates, want map[int32]float32) {
	t.Helper()
	c.softmax(false)
	got := map[int32]float32{}
	for _, d := range c.data {
		got[d.id] = d.p
	}
	if len(got) != len(want) {
		t.Fatalf("kept %v, want %v", got, want)
	}
	for id, p := range want {
		g, ok := got[id]
		if !ok || math.Abs(float64(g-p)) > 1e-5 {
			t.Fatalf("kept %v, want %v", got, want)
		}
	}
}

// ids returns the ids of c in order.
func ids(c *candidates) []int32 {
	out := make([]int32, len(c.data))
	for i, d := range c.data {
		out[i] = d.id
	}
	return out
}
