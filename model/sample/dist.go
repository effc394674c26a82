package sample

import (
	"errors"
	"math"
	"math/rand/v2"
)

// errOverflow reports logits that became infinite inside the chain.
var errOverflow = errors.New("sample: no finite logit left to sample from (a penalty or temperature overflowed)")

// dist draws one candidate from the softmax of the logits and returns its
// index, as llama.cpp's dist sampler does: float32 exponentials summed in
// float64, one uniform draw scaled by the sum, and the first candidate at
// which the running sum reaches it. Candidates of probability 0 are never
// chosen (llama.cpp could pick one on a draw of exactly 0).
func dist(c *candidates, rng *rand.Rand) (int, error) {
	d := c.data
	if len(d) == 1 {
		return 0, nil
	}
	m := c.maxLogit()
	if math.IsInf(float64(m), 0) {
		return 0, errOverflow
	}
	var sum float64
	for i := range d {
		d[i].p = exp32(d[i].logit - m)
		sum += float64(d[i].p)
	}
	target := sum * rng.Float64()
	var run float64
	for i := range len(d) - 1 {
		run += float64(d[i].p)
		if run >= target && d[i].p > 0 {
			return i, nil
		}
	}
	return len(d) - 1, nil
}
