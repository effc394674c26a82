package sample

import "math"

// temperature divides the logits by t; t <= 0 keeps only the highest
// logit (the lowest id on ties) and masks the others to -Inf, which makes
// the draw greedy.
func temperature(c *candidates, t float32) {
	if t > 0 {
		for i := range c.data {
			c.data[i].logit /= t
		}
		return
	}
	best := c.argmax()
	for i := range c.data {
		if i != best {
			c.data[i].logit = float32(math.Inf(-1))
		}
	}
}

// dynamicTemperature is llama.cpp's temp-ext sampler: with delta > 0 the
// temperature moves within [max(0, t-delta), t+delta] with the normalized
// entropy of the candidates raised to exponent; otherwise it is t.
func dynamicTemperature(c *candidates, t, delta, exponent float32) {
	if delta <= 0 {
		temperature(c, t)
		return
	}
	if len(c.data) <= 1 {
		return
	}
	lo, hi := max(0, t-delta), t+delta
	maxEntropy := -log32(1 / float32(len(c.data)))
	c.softmax(true)
	norm := entropy(c) / maxEntropy
	temperature(c, lo+(hi-lo)*float32(math.Pow(float64(norm), float64(exponent))))
}
