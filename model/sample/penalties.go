package sample

// history is the window of the last accepted tokens that the penalties
// look at, with how often each token occurs in it.
type history struct {
	ring   []int32 // len is the window size
	start  int     // index of the oldest token
	size   int     // tokens in the window
	counts []int32 // occurrences in the window, by token id
}

// newHistory returns an empty window of n tokens over a vocabulary of
// nVocab tokens.
func newHistory(n, nVocab int) history {
	return history{ring: make([]int32, n), counts: make([]int32, nVocab)}
}

// add appends id to the window, dropping the oldest token when full. Ids
// outside the vocabulary take a place in the window but are not counted,
// as no candidate can match them.
func (h *history) add(id int32) {
	n := len(h.ring)
	if n == 0 {
		return
	}
	if h.size == n {
		h.adjust(h.ring[h.start], -1)
		h.ring[h.start] = id
		h.start = (h.start + 1) % n
	} else {
		h.ring[(h.start+h.size)%n] = id
		h.size++
	}
	h.adjust(id, 1)
}

// adjust changes the count of id by delta.
func (h *history) adjust(id, delta int32) {
	if id >= 0 && int(id) < len(h.counts) {
		h.counts[id] += delta
	}
}

// count returns how often id occurs in the window.
func (h *history) count(id int32) int32 {
	if id >= 0 && int(id) < len(h.counts) {
		return h.counts[id]
	}
	return 0
}

// clear empties the window.
func (h *history) clear() {
	for i := range h.size {
		h.adjust(h.ring[(h.start+i)%len(h.ring)], -1)
	}
	h.start, h.size = 0, 0
}

// penalties applies llama.cpp's repetition penalties to every candidate
// seen in the window: a logit <= 0 is multiplied by repeat, a positive
// one divided by it, then count*freq + present is subtracted.
func penalties(c *candidates, h *history, repeat, freq, present float32) {
	if len(h.ring) == 0 || (repeat == 1 && freq == 0 && present == 0) {
		return
	}
	for i := range c.data {
		n := h.count(c.data[i].id)
		if n == 0 {
			continue
		}
		if c.data[i].logit <= 0 {
			c.data[i].logit *= repeat
		} else {
			c.data[i].logit /= repeat
		}
		c.data[i].logit -= float32(n)*freq + present
	}
	c.sorted = false
}
