package sample

import (
	"math"
	"slices"
)

// scored is a candidate with its typical-p score.
type scored struct {
	candidate
	score float32
}

// typical keeps the locally typical candidates (Meister et al.), as
// llama.cpp computes them: ranked by how far each token's surprise
// -log p is from the entropy, kept until their probabilities add up to
// more than p and at least minKeep are kept; p >= 1 keeps all. scratch
// must hold as many entries as c.data. Zero probabilities are left out of
// the entropy (llama.cpp would make it NaN).
func typical(c *candidates, p float32, minKeep int, scratch []scored) {
	if p >= 1 {
		return
	}
	c.softmax(true)
	entropy := entropy(c)
	s := scratch[:len(c.data)]
	for i, d := range c.data {
		s[i] = scored{d, float32(math.Abs(float64(-log32(d.p) - entropy)))}
	}
	slices.SortFunc(s, compareScored)
	var sum float32
	last := len(s)
	for i := range s {
		sum += s[i].p
		if sum > p && (minKeep == 0 || i >= minKeep-1) {
			last = i + 1
			break
		}
	}
	for i := range last {
		c.data[i] = s[i].candidate
	}
	c.data = c.data[:last]
	c.sorted = false
}

// entropy returns -Σ p log p over the candidates with p > 0.
func entropy(c *candidates) float32 {
	var h float32
	for _, d := range c.data {
		if d.p > 0 {
			h -= d.p * log32(d.p)
		}
	}
	return h
}

// compareScored orders by ascending score, ties in rank order.
func compareScored(a, b scored) int {
	switch {
	case a.score < b.score:
		return -1
	case a.score > b.score:
		return 1
	}
	return compareCandidates(a.candidate, b.candidate)
}
