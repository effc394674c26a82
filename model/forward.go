package model

import (
	"math"

	"github.com/laminalabs/lamina/simd"
)

// forward runs the transformer over a batch of tokens at the positions
// following the cache, stores their keys and values, and writes the
// logits of the last token (or of every token when all is set) to logits
// (nil: none wanted).
func (s *Session) forward(tokens []int32, logits []float32, all bool) {
	m, st := s.m, s.st
	c := &m.Config
	n, pos0, E := len(tokens), len(s.tokens), c.Embedding
	for t, id := range tokens {
		embeddingRow(m.tokEmbd, id, st.x[t*E:(t+1)*E])
		m.rope.cache(st.cs[t*c.RopeDims:(t+1)*c.RopeDims], pos0+t)
	}
	for i := range m.layers {
		l := &m.layers[i]
		// Attention block: x += wo · attention(rope(wq·xb), rope(wk·xb), wv·xb).
		s.norm(st.xb, st.x, l.attnNorm, n)
		st.mm.mulShared(st.xb, n, []*linear{l.wq, l.wk, l.wv}, [][]float32{st.q, st.k, st.v})
		s.lora(i, loraQ, st.xb, st.q, n)
		s.lora(i, loraK, st.xb, st.k, n)
		s.lora(i, loraV, st.xb, st.v, n)
		s.qkPrepare(l, n)
		s.keys[i].putRows(pos0, st.k, n)
		s.values[i].putRows(pos0, st.v, n)
		s.attention(i, n, pos0)
		st.mm.mul(l.wo, st.proj, st.att, n)
		s.lora(i, loraO, st.att, st.proj, n)
		addTo(st.x[:n*E], st.proj[:n*E])
		// Feed-forward block: x += down · (silu(gate·xb) ⊙ up·xb).
		s.norm(st.xb, st.x, l.ffnNorm, n)
		st.mm.mulShared(st.xb, n, []*linear{l.gate, l.up}, [][]float32{st.gate, st.up})
		s.lora(i, loraGate, st.xb, st.gate, n)
		s.lora(i, loraUp, st.xb, st.up, n)
		swiglu(st.gate[:n*c.FeedForward], st.up[:n*c.FeedForward])
		st.mm.mul(l.down, st.proj, st.gate, n)
		s.lora(i, loraDown, st.gate, st.proj, n)
		addTo(st.x[:n*E], st.proj[:n*E])
	}
	if logits == nil {
		return
	}
	first := n - 1
	if all {
		first = 0
	}
	rows := n - first
	s.norm(st.xb, st.x[first*E:], m.outputNorm, rows)
	st.mm.mul(m.output, logits, st.xb, rows)
	s.lora(-1, loraOutput, st.xb, logits, rows)
}

// norm applies RMSNorm with weight w to n rows of n_embd values.
func (s *Session) norm(dst, x, w []float32, n int) {
	E, eps := s.m.Config.Embedding, s.m.Config.RMSEps
	for t := range n {
		rmsNorm(dst[t*E:(t+1)*E], x[t*E:(t+1)*E], w, eps)
	}
}

// qkPrepare applies the per-head q/k norms (if any) and RoPE to the batch.
func (s *Session) qkPrepare(l *layer, n int) {
	c, st, r := &s.m.Config, s.st, s.m.rope
	kd := c.KeyLength
	for t := range n {
		cs := st.cs[t*c.RopeDims : (t+1)*c.RopeDims]
		for _, x := range []struct {
			v     []float32
			heads int
			norm  []float32
		}{{st.q, c.Heads, l.qNorm}, {st.k, c.HeadsKV, l.kNorm}} {
			for h := range x.heads {
				head := x.v[(t*x.heads+h)*kd : (t*x.heads+h+1)*kd]
				if x.norm != nil {
					rmsNorm(head, head, x.norm, c.RMSEps)
				}
				r.apply(head, cs)
			}
		}
	}
}

// attention computes the causal grouped-query attention of the batch
// against the cache of layer i into st.att.
func (s *Session) attention(i, n, pos0 int) {
	st, a := s.st, &s.st.attn
	a.keys = s.keys[i].rows(pos0+n, st.kbuf)
	a.values = s.values[i].rows(pos0+n, st.vbuf)
	a.pos0 = pos0
	s.m.pool.run(n*s.m.Config.Heads, a.part)
	a.keys, a.values = nil, nil
}

// attnJob is the parallel region of attention over (token, head) pairs.
// Like matmul it lives in the session's state with its method value bound
// once, so that running it allocates nothing.
type attnJob struct {
	c            *Config
	st           *state
	keys, values []float32 // the layer's cache rows as float32
	pos0         int       // position of the batch's first token
	part         func(worker, lo, hi int)
}

func (a *attnJob) init(c *Config, st *state) {
	a.c, a.st = c, st
	a.part = a.do
}

// do computes the (token, head) pairs [lo, hi) with worker w's scratch.
func (a *attnJob) do(w, lo, hi int) {
	c, st := a.c, a.st
	kd, vd, heads := c.KeyLength, c.ValueLength, c.Heads
	kw, vw := c.HeadsKV*kd, c.HeadsKV*vd
	group := heads / c.HeadsKV
	scale := 1 / float32(math.Sqrt(float64(kd)))
	keys, values, scores := a.keys, a.values, st.scores[w]
	for job := lo; job < hi; job++ {
		t, h := job/heads, job%heads
		kv := h / group
		q := st.q[(t*heads+h)*kd : (t*heads+h+1)*kd]
		span := scores[:a.pos0+t+1] // causal: positions up to this token's
		for j := range span {
			span[j] = simd.Dot(q, keys[j*kw+kv*kd:j*kw+(kv+1)*kd]) * scale
		}
		softmax(span)
		out := st.att[(t*heads+h)*vd : (t*heads+h+1)*vd]
		clear(out)
		for j, p := range span {
			simd.Axpy(out, values[j*vw+kv*vd:j*vw+(kv+1)*vd], p)
		}
	}
}

// softmax normalises x in place, summing in float64 as ggml does.
func softmax(x []float32) {
	sum := simd.ExpSum(x, x, simd.Max(x))
	simd.Scale(x, float32(1/sum))
}

// swiglu sets gate = silu(gate) ⊙ up.
func swiglu(gate, up []float32) {
	for i, g := range gate {
		gate[i] = silu(g) * up[i]
	}
}

// addTo adds x to dst.
func addTo(dst, x []float32) {
	for i, v := range x {
		dst[i] += v
	}
}
