package sample

// topPFirstGuess is how many candidates top-p ranks before it falls back
// to ranking them all, for lists longer than topPSortAll (llama.cpp's
// adaptive top-k heuristic; it only saves time).
const (
	topPFirstGuess = 256
	topPSortAll    = 1024
)

// topK keeps the k best candidates, in rank order; k <= 0 keeps all.
func topK(c *candidates, k int) {
	if k <= 0 {
		return
	}
	k = min(k, len(c.data))
	if !c.sorted {
		c.sortTop(k)
	}
	c.data = c.data[:k]
	c.sorted = true
}

// topP keeps the best candidates until their probabilities add up to at
// least p and at least minKeep are kept, in rank order; p >= 1 keeps all.
func topP(c *candidates, p float32, minKeep int) {
	if p >= 1 {
		return
	}
	c.softmax(false)
	ranked := len(c.data)
	if !c.sorted {
		if ranked > topPSortAll {
			ranked = topPFirstGuess
		}
		c.sortTop(ranked)
	}
	var sum float32
	for i := range c.data {
		if i == ranked {
			c.sortTop(len(c.data))
			ranked = len(c.data)
		}
		sum += c.data[i].p
		if sum >= p && i+1 >= minKeep {
			c.data = c.data[:i+1]
			break
		}
	}
	c.sorted = true
}

// minP drops the candidates whose probability is below p times the
// highest, keeping at least minKeep; p <= 0 keeps all. Like llama.cpp it
// keeps an unsorted list's order when enough candidates pass.
func minP(c *candidates, p float32, minKeep int) {
	if p <= 0 || len(c.data) == 0 {
		return
	}
	if !c.sorted && keepAbove(c, c.maxLogit()+log32(p), minKeep) {
		return
	}
	if !c.sorted {
		c.sortTop(len(c.data))
	}
	threshold := c.data[0].logit + log32(p)
	i := 1
	for ; i < len(c.data); i++ {
		if c.data[i].logit < threshold && i >= minKeep {
			break
		}
	}
	c.data = c.data[:i]
}

// keepAbove keeps, in order, the candidates whose logit is at least
// threshold, when there are at least max(minKeep, 1) of them; it reports
// whether it did.
func keepAbove(c *candidates, threshold float32, minKeep int) bool {
	n := 0
	for _, d := range c.data {
		if d.logit >= threshold {
			n++
		}
	}
	if n == 0 || n < minKeep {
		return false
	}
	kept := c.data[:0]
	for _, d := range c.data {
		if d.logit >= threshold {
			kept = append(kept, d)
		}
	}
	c.data = kept
	return true
}
