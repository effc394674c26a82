package sample

import (
	"cmp"
	"math"
	"slices"
)

// candidate is one token still in the running: its id, its logit and,
// after a softmax, its probability.
type candidate struct {
	id    int32
	logit float32
	p     float32
}

// candidates is the list the sampler steps narrow down. sorted records
// that data is in rank order (see compareCandidates), as llama.cpp's
// llama_token_data_array.sorted does.
type candidates struct {
	data   []candidate
	sorted bool
}

// compareCandidates orders by descending logit, ties by ascending id, so
// every sort and selection is deterministic.
func compareCandidates(a, b candidate) int {
	switch {
	case a.logit > b.logit:
		return -1
	case a.logit < b.logit:
		return 1
	}
	return cmp.Compare(a.id, b.id)
}

// ranksBefore reports whether a comes before b in rank order.
func ranksBefore(a, b candidate) bool { return compareCandidates(a, b) < 0 }

// sortTop moves the k (>= 1) best candidates, best first, to the front of
// c.data; the order of the rest is unspecified. Sorting all of them (k
// close to the length) marks the list sorted.
func (c *candidates) sortTop(k int) {
	if k*4 >= len(c.data) {
		slices.SortFunc(c.data, compareCandidates)
		c.sorted = true
		return
	}
	heapSelect(c.data, k)
	slices.SortFunc(c.data[:k], compareCandidates)
}

// heapSelect gathers the k best of d in d[:k], kept as a heap whose root
// is the worst of them.
func heapSelect(d []candidate, k int) {
	h := d[:k]
	for i := k/2 - 1; i >= 0; i-- {
		siftDown(h, i)
	}
	for i := k; i < len(d); i++ {
		if ranksBefore(d[i], h[0]) {
			h[0], d[i] = d[i], h[0]
			siftDown(h, 0)
		}
	}
}

// siftDown moves h[i] down until no child ranks after its parent.
func siftDown(h []candidate, i int) {
	for {
		worst := i
		for _, child := range [2]int{2*i + 1, 2*i + 2} {
			if child < len(h) && ranksBefore(h[worst], h[child]) {
				worst = child
			}
		}
		if worst == i {
			return
		}
		h[i], h[worst] = h[worst], h[i]
		i = worst
	}
}

// maxLogit returns the highest logit (the first one when sorted).
func (c *candidates) maxLogit() float32 {
	if c.sorted {
		return c.data[0].logit
	}
	m := c.data[0].logit
	for _, d := range c.data[1:] {
		m = max(m, d.logit)
	}
	return m
}

// softmax sets every p to the softmax of the logits, in float32 as
// llama.cpp's llama_sampler_softmax_impl computes it, sorting first when
// sort is set.
func (c *candidates) softmax(sort bool) {
	if sort && !c.sorted {
		c.sortTop(len(c.data))
	}
	m := c.maxLogit()
	var sum float32
	for i := range c.data {
		p := exp32(c.data[i].logit - m)
		c.data[i].p = p
		sum += p
	}
	for i := range c.data {
		c.data[i].p /= sum
	}
}

// argmax returns the index of the highest logit, the lowest id on ties.
func (c *candidates) argmax() int {
	best := 0
	for i := 1; i < len(c.data); i++ {
		if ranksBefore(c.data[i], c.data[best]) {
			best = i
		}
	}
	return best
}

// exp32 is expf.
func exp32(x float32) float32 { return float32(math.Exp(float64(x))) }

// log32 is logf.
func log32(x float32) float32 { return float32(math.Log(float64(x))) }
