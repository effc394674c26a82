package sample

import "math/rand/v2"

// xtc ("exclude top choices") draws a chance from rng and, when it is at
// most probability, removes every candidate whose probability is at
// least threshold except the least likely of them, provided at least
// minKeep remain. It leaves the list alone when probability <= 0,
// threshold > 0.5 or fewer than two candidates remain, before drawing.
func xtc(c *candidates, probability, threshold float32, minKeep int, rng *rand.Rand) {
	if probability <= 0 || threshold > 0.5 || len(c.data) < 2 {
		return
	}
	if rng.Float32() > probability {
		return
	}
	c.softmax(true)
	last := 0
	for i, d := range c.data {
		if d.p < threshold {
			break
		}
		last = i
	}
	if len(c.data)-last >= minKeep && last > 0 {
		c.data = c.data[last:]
	}
}
