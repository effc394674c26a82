package model

import (
	"math"

	"github.com/laminalabs/lamina/simd"
)

// forward runs the transformer over a batch of tokens at the positions
// following the cache, stores their keys and values, and writes the
// logits of the last token (or of every token when all is set) to logits
// (nil: none wanted). Every architecture runs this one function; the
// fields of Arch and of each layer say what differs.
func (s *Session) forward(tokens []int32, logits []float32, all bool) {
	m, st := s.m, s.st
	c := &m.Config
	n, pos0, E := len(tokens), len(s.tokens), c.Embedding
	for t, id := range tokens {
		x := st.x[t*E : (t+1)*E]
		embeddingRow(m.tokEmbd, id, x)
		if m.Arch.EmbedScale {
			simd.Scale(x, float32(math.Sqrt(float64(E))))
		}
		for r, rope := range m.ropes {
			rope.cache(st.cs[r][t*c.RopeDims:(t+1)*c.RopeDims], pos0+t)
		}
	}
	for i := range m.layers {
		l := &m.layers[i]
		// Attention block: x += post-norm(wo · attention(rope(wq·xb), rope(wk·xb), wv·xb)).
		s.norm(st.xb, st.x, l.attnNorm, n)
		st.mm.mulShared(st.xb, n, []*linear{l.wq, l.wk, l.wv}, [][]float32{st.q, st.k, st.v})
		s.lora(i, loraQ, st.xb, st.q, n)
		s.lora(i, loraK, st.xb, st.k, n)
		s.lora(i, loraV, st.xb, st.v, n)
		s.qkPrepare(l, n)
		s.keys[i].putRows(pos0, st.k, n)
		s.values[i].putRows(pos0, st.v, n)
		s.attention(i, l, n, pos0)
		st.mm.mul(l.wo, st.proj, st.att, n)
		s.lora(i, loraO, st.att, st.proj, n)
		s.residual(l.postAttnNorm, n)
		// Feed-forward block: x += post-norm(ffn(xb)).
		s.norm(st.xb, st.x, l.ffnNorm, n)
		s.ffn(i, l, n)
		s.residual(l.postFFNNorm, n)
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
	if c.FinalSoftcap != 0 {
		softcap(logits[:rows*c.VocabSize], c.FinalSoftcap)
	}
}

// ffn runs layer i's feed-forward block on the n normalised rows of st.xb
// into st.proj: down · (act(gate·xb) ⊙ up·xb).
func (s *Session) ffn(i int, l *layer, n int) {
	st, F := s.st, s.m.Config.FeedForward
	if l.moe != nil { // a mixture of experts (moe.go)
		st.moe.run(s.m.pool, st.mm, l.moe, st.xb, st.proj, n)
		return
	}
	st.mm.mulShared(st.xb, n, []*linear{l.gate, l.up}, [][]float32{st.gate, st.up})
	s.lora(i, loraGate, st.xb, st.gate, n)
	s.lora(i, loraUp, st.xb, st.up, n)
	s.glu(st.gate[:n*F], st.up[:n*F], n)
	st.mm.mul(l.down, st.proj, st.gate, n)
	s.lora(i, loraDown, st.gate, st.proj, n)
}

// residual adds a block's output (st.proj) to the residual stream, after
// the block's post-norm when the layer has one.
func (s *Session) residual(postNorm []float32, n int) {
	st, E := s.st, s.m.Config.Embedding
	if postNorm != nil {
		s.norm(st.proj, st.proj, postNorm, n)
	}
	if n == 1 {
		addTo(st.x[:E], st.proj[:E])
		return
	}
	s.m.pool.run(n, func(_, lo, hi int) { addTo(st.x[lo*E:hi*E], st.proj[lo*E:hi*E]) })
}

// norm applies RMSNorm with weight w to n rows of n_embd values, the pool
// taking the rows of a batch.
func (s *Session) norm(dst, x, w []float32, n int) {
	if n == 1 {
		s.normRows(dst, x, w, 0, 1)
		return
	}
	s.m.pool.run(n, func(_, lo, hi int) { s.normRows(dst, x, w, lo, hi) })
}

// normRows is norm on rows [lo, hi).
func (s *Session) normRows(dst, x, w []float32, lo, hi int) {
	E, eps := s.m.Config.Embedding, s.m.Config.RMSEps
	for t := lo; t < hi; t++ {
		rmsNorm(dst[t*E:(t+1)*E], x[t*E:(t+1)*E], w, eps)
	}
}

// qkPrepare applies the per-head q/k norms (if any) and the layer's RoPE
// to the batch, then the attention scale to the queries when the
// architecture scales them before the product.
func (s *Session) qkPrepare(l *layer, n int) {
	if n == 1 {
		s.qkRows(l, 0, 1)
	} else {
		s.m.pool.run(n, func(_, lo, hi int) { s.qkRows(l, lo, hi) })
	}
	if c := &s.m.Config; s.m.Arch.PrescaleQ {
		simd.Scale(s.st.q[:n*c.Heads*c.KeyLength], c.AttnScale)
	}
}

// qkRows applies the per-head q/k norms and RoPE to tokens [lo, hi).
func (s *Session) qkRows(l *layer, lo, hi int) {
	c, st, r := &s.m.Config, s.st, s.m.ropes[l.rope]
	kd := c.KeyLength
	for t := lo; t < hi; t++ {
		cs := st.cs[l.rope][t*c.RopeDims : (t+1)*c.RopeDims]
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
func (s *Session) attention(i int, l *layer, n, pos0 int) {
	c, st, a := &s.m.Config, s.st, &s.st.attn
	a.keys = s.keys[i].rows(pos0+n, st.kbuf, s.m.pool)
	a.values = s.values[i].rows(pos0+n, st.vbuf, s.m.pool)
	a.pos0, a.n, a.ring, a.window = pos0, n, s.keys[i].size, 0
	if l.local {
		a.window = c.SlidingWindow
	}
	a.scale = c.AttnScale
	if s.m.Arch.PrescaleQ {
		a.scale = 1
	}
	s.m.pool.run(n*c.Heads, a.part)
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
	n            int       // tokens in the batch
	ring         int       // rows of the layer's store: position p is row p % ring
	window       int       // sliding window (0: the whole causal past)
	scale        float32   // applied to the scores (1 when the queries carry it)
	part         func(worker, lo, hi int)
}

// balanced maps slot i of n to a token so that the pool's contiguous
// ranges of slots get alike amounts of causal attention: slots 0, 1, 2, 3,
// … take tokens 0, n-1, 1, n-2, …, pairing a short past with a long one.
func balanced(i, n int) int {
	if i%2 == 0 {
		return i / 2
	}
	return n - 1 - i/2
}

func (a *attnJob) init(c *Config, st *state) {
	a.c, a.st = c, st
	a.part = a.do
}

// do computes the (token, head) pairs [lo, hi) with worker w's scratch.
// Position p sees the keys of positions [p-window+1, p] (all of [0, p]
// without a window), llama.cpp's rule: masked iff p - p0 >= window.
func (a *attnJob) do(w, lo, hi int) {
	c, st := a.c, a.st
	kd, vd, heads := c.KeyLength, c.ValueLength, c.Heads
	kw, vw := c.HeadsKV*kd, c.HeadsKV*vd
	group := heads / c.HeadsKV
	keys, values, scores := a.keys, a.values, st.scores[w]
	for job := lo; job < hi; job++ {
		t, h := balanced(job/heads, a.n), job%heads
		kv := h / group
		q := st.q[(t*heads+h)*kd : (t*heads+h+1)*kd]
		p, first := a.pos0+t, 0
		if a.window > 0 {
			first = max(0, p-a.window+1)
		}
		// The rows of positions [first, p] are the ring's rows from
		// first%ring on, wrapping to row 0 at most once: spans
		// [r0, r0+n0) and [0, len(span)-n0).
		span := scores[:p-first+1]
		r0 := first % a.ring
		n0 := min(len(span), a.ring-r0)
		ko, vo := kv*kd, kv*vd
		simd.DotRows(span[:n0], q, keys[r0*kw+ko:], kw)
		if n0 < len(span) {
			simd.DotRows(span[n0:], q, keys[ko:], kw)
		}
		if a.scale != 1 { // x*1 is x: no dot product is a signalling NaN
			simd.Scale(span, a.scale) // the bits of Dot(...)*a.scale, one product each
		}
		if c.AttnSoftcap != 0 {
			softcap(span, c.AttnSoftcap)
		}
		softmax(span)
		out := st.att[(t*heads+h)*vd : (t*heads+h+1)*vd]
		clear(out)
		simd.AxpyRows(out, values[r0*vw+vo:], vw, span[:n0])
		if n0 < len(span) {
			simd.AxpyRows(out, values[vo:], vw, span[n0:])
		}
	}
}

// softmax normalises x in place, summing in float64 as ggml does.
func softmax(x []float32) {
	sum := simd.ExpSum(x, x, simd.Max(x))
	simd.Scale(x, float32(1/sum))
}

// softcap sets x = c·tanh(x/c) as llama.cpp computes it: scale by 1/c,
// tanh, scale by c.
func softcap(x []float32, c float32) {
	inv := 1 / c
	for i, v := range x {
		x[i] = float32(math.Tanh(float64(v*inv))) * c
	}
}

// glu sets the n rows of gate to act(gate) ⊙ up, the pool taking the
// rows of a batch.
func (s *Session) glu(gate, up []float32, n int) {
	act := s.m.Arch.Activation
	if n == 1 {
		glu(act, gate, up)
		return
	}
	F := len(gate) / n
	s.m.pool.run(n, func(_, lo, hi int) { glu(act, gate[lo*F:hi*F], up[lo*F:hi*F]) })
}

// glu sets gate = act(gate) ⊙ up.
func glu(act Activation, gate, up []float32) {
	if act == GeGLU {
		geglu(gate, up)
		return
	}
	swiglu(gate, up)
}

// swiglu sets gate = silu(gate) ⊙ up.
func swiglu(gate, up []float32) { simd.SwiGLU(gate, up) }

// geglu sets gate = gelu(gate) ⊙ up, as ggml_vec_geglu_f32 computes it.
func geglu(gate, up []float32) {
	for i, g := range gate {
		gate[i] = gelu(g) * up[i]
	}
}

// addTo adds x to dst.
func addTo(dst, x []float32) {
	for i, v := range x {
		dst[i] += v
	}
}
