package sample

import "math"

// topNSigma masks (sets to -Inf) the candidates whose logit is more than
// n standard deviations of the finite logits below the highest, then
// takes the softmax in rank order, as llama.cpp does; n <= 0 keeps all.
func topNSigma(c *candidates, n float32) {
	if n <= 0 || len(c.data) <= 1 {
		return
	}
	top, std := logitStats(c)
	for i := range c.data {
		if c.data[i].logit < top-n*std {
			c.data[i].logit = float32(math.Inf(-1))
		}
	}
	c.softmax(true)
}

// logitStats returns the highest logit and the population standard
// deviation of the logits, -Inf ones left out.
func logitStats(c *candidates) (top, std float32) {
	negInf := float32(math.Inf(-1))
	top = c.data[0].logit
	var sum float32
	valid := 0
	for _, d := range c.data {
		if d.logit != negInf {
			top = max(top, d.logit)
			sum += d.logit
			valid++
		}
	}
	if valid == 0 {
		return top, 0
	}
	mean := sum / float32(valid)
	var acc float32
	for _, d := range c.data {
		if d.logit != negInf {
			dev := float64(d.logit - mean)
			acc = float32(float64(acc) + dev*dev)
		}
	}
	return top, float32(math.Sqrt(float64(acc / float32(valid))))
}
