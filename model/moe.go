package model

import (
	"fmt"

	"github.com/laminalabs/lamina/tensor"
)

// Mixture-of-experts feed-forward block (qwen3moe; llama files with
// experts, Mixtral style), as llama.cpp's build_moe_ffn computes it with
// softmax gating and renormalised weights, for every token x:
//
//	p   = softmax(router · x)                over all n_expert experts
//	S   = the expert_used_count largest p    best first (ties: lowest index)
//	w_e = p_e / Σ_S p                        for e in S
//	y   = Σ_{e in S} w_e · down_e(act(gate_e · x) ⊙ up_e · x)
//
// with act the architecture's activation (silu for these), the sum taken
// in slot order. ggml picks the top k with a sort that leaves the order of
// exact ties unspecified; Lamina takes the lowest index. (Newer ggml also
// swaps the first two slots; the sum adds those two first, so that changes
// no bit.)
//
// Expert e's matrices are the e-th slabs of the 3-D ffn_{gate,up,down}_exps
// tensors, kept in their file type as views, so a token reads only the rows
// of the experts it chose. A batch is grouped by expert: each chosen
// expert's matrices run once over the rows of the tokens that chose it, so
// each weight row is read once per batch. Every output value is the same
// kernel call and the same sum (in each token's slot order) as token by
// token, so the grouping changes nothing in the result.

// Tensor names of the mixture-of-experts block.
const (
	nameFFNGateInp  = "ffn_gate_inp.weight"  // router, [n_embd, n_expert]
	nameFFNGateExps = "ffn_gate_exps.weight" // [n_embd, n_ff_exp, n_expert]
	nameFFNUpExps   = "ffn_up_exps.weight"   // [n_embd, n_ff_exp, n_expert]
	nameFFNDownExps = "ffn_down_exps.weight" // [n_ff_exp, n_embd, n_expert]
)

// experts is one layer's mixture-of-experts feed-forward block.
type experts struct {
	router         *linear   // n_embd → n_expert
	gate, up, down []*linear // per expert: n_embd → n_ff_exp, n_ff_exp → n_embd
	used           int       // experts per token
	ff             int       // n_ff_exp
}

// linears lists the block's matrices.
func (x *experts) linears() []*linear {
	out := append([]*linear{x.router}, x.gate...)
	out = append(out, x.up...)
	return append(out, x.down...)
}

// readExperts reads the mixture-of-experts keys: expert_count (absent or 0:
// a dense feed-forward block, unless the architecture always has experts),
// expert_used_count, and the experts' width: expert_feed_forward_length
// (default n_ff / expert_used_count, as llama.cpp) for architectures that
// always have experts, n_ff for the others (llama).
func (c *Config) readExperts(r *configReader, always bool) {
	opt := func(k string) int {
		if r.err != nil || !r.f.Has(r.key(k)) {
			return 0
		}
		v, err := r.f.Uint32(r.key(k))
		r.err = err
		return int(v)
	}
	c.Experts, c.ExpertsUsed = opt("expert_count"), opt("expert_used_count")
	switch {
	case r.err != nil:
		return
	case c.Experts == 0 && always:
		r.err = fmt.Errorf("gguf: %s: key %q: missing or 0, the %s architecture needs experts", r.f.Path, r.key("expert_count"), c.Arch)
	case c.Experts == 0:
		c.ExpertsUsed = 0
	case c.ExpertsUsed == 0:
		r.err = fmt.Errorf("gguf: %s: key %q: missing or 0, a model with %d experts needs it", r.f.Path, r.key("expert_used_count"), c.Experts)
	case c.ExpertsUsed > c.Experts:
		r.err = fmt.Errorf("gguf: %s: key %q: %d experts used per token, but the model has %d (%s)", r.f.Path, r.key("expert_used_count"), c.ExpertsUsed, c.Experts, r.key("expert_count"))
	case always:
		c.ExpertFeedForward = r.optInt("expert_feed_forward_length", c.FeedForward/c.ExpertsUsed)
	default:
		c.ExpertFeedForward = c.FeedForward
	}
}

// denseFeedForward is the width of the dense feed-forward blocks: n_ff,
// or 0 when every block is a mixture of experts.
func (c *Config) denseFeedForward() int {
	if c.Experts > 0 {
		return 0
	}
	return c.FeedForward
}

// bindExperts binds block i's router and expert tensors.
func (b *binder) bindExperts(i int, c *Config) *experts {
	name := func(n string) string { return layerName(i, n) }
	E, ff, n := c.Embedding, c.ExpertFeedForward, c.Experts
	x := &experts{used: c.ExpertsUsed, ff: ff}
	x.router = b.matrix(name(nameFFNGateInp), "", E, n, true)
	x.gate = b.expertMatrices(name(nameFFNGateExps), E, ff, n)
	x.up = b.expertMatrices(name(nameFFNUpExps), E, ff, n)
	x.down = b.expertMatrices(name(nameFFNDownExps), ff, E, n)
	if b.err != nil {
		return nil
	}
	return x
}

// expertMatrices binds a 3-D expert tensor of ggml shape [in, out, n] as n
// matrices mapping in inputs to out outputs: expert e's is the e-th
// contiguous slab of out rows, a view of the file.
func (b *binder) expertMatrices(name string, in, out, n int) []*linear {
	t := b.lookup(name, true, in, out, n)
	if t == nil {
		return nil
	}
	slab := out * t.RowBytes()
	if len(t.Data) < n*slab {
		b.fail(name, "%d bytes of data, %d experts of %d bytes need %d", len(t.Data), n, slab, n*slab)
		return nil
	}
	ls := make([]*linear, n)
	for e := range ls {
		v := tensor.Tensor{Name: t.Name, Type: t.Type, Shape: []int64{int64(in), int64(out)}, Data: t.Data[e*slab : (e+1)*slab : (e+1)*slab]}
		l, err := newRowLinear(v, in, out)
		if err != nil {
			b.fail(name, "%v", err)
			return nil
		}
		ls[e] = l
	}
	return ls
}

// route turns one token's router logits into its experts: probs becomes
// softmax(probs) (summed in float64, as ggml_soft_max), sel the len(sel)
// most probable experts, best first, ties to the lowest index, and w their
// probabilities divided by their sum (float64, rounded to float32, as
// ggml_sum_rows and ggml_div compute it).
func route(probs []float32, sel []int32, w []float32) {
	softmax(probs)
	k, have := len(sel), 0
	for e, p := range probs {
		if have == k && !(p > probs[sel[k-1]]) {
			continue
		}
		// Insert e after every chosen expert at least as probable: experts
		// arrive in index order, so ties keep the lower index first.
		j := min(have, k-1)
		for j > 0 && p > probs[sel[j-1]] {
			sel[j] = sel[j-1]
			j--
		}
		sel[j] = int32(e)
		have = min(have+1, k)
	}
	var sum float64
	for j, e := range sel {
		w[j] = probs[e]
		sum += float64(w[j])
	}
	s := float32(sum)
	for j := range w {
		w[j] /= s
	}
}

// moeState is a session's scratch for the mixture-of-experts blocks, sized
// for the widest layer at the session's batch, and the parallel regions
// of one block's computation, bound once so that running them allocates
// nothing (as matmul and attnJob).
type moeState struct {
	probs []float32 // (batch, n_expert) router logits, then probabilities
	sel   []int32   // (batch, used) each token's experts, best first
	w     []float32 // (batch, used) their weights
	row   []int32   // (batch, used) the grouped row of each (token, slot)
	count []int32   // (n_expert) tokens per expert
	start []int32   // (n_expert+1) first grouped row of each expert
	next  []int32   // (n_expert) grouping cursor
	live  []int32   // experts chosen by some token of the batch, ascending

	// Grouped rows: the tokens of each live expert, in token order, one
	// expert after the other.
	actGate, actUp []byte    // (batch*used, ·) quantized inputs (actUp nil: the same as actGate)
	gate, up       []float32 // (batch*used, n_ff_exp); gate becomes act(gate) ⊙ up
	actDown        []byte    // (batch*used, ·) gate quantized for the down matrices
	y              []float32 // (batch*used, n_embd) expert outputs

	act Activation // the architecture's

	// The block in flight.
	x                    *experts
	upActs               []byte // actUp or actGate: the up matrices' input
	out                  []float32
	upPart, actPart      func(worker, lo, hi int)
	downPart, reducePart func(worker, lo, hi int)
}

// newMoEState returns the scratch for m's expert blocks at a batch of
// batch tokens, or nil when m has none.
func newMoEState(m *Model, batch int) *moeState {
	c := &m.Config
	if c.Experts == 0 {
		return nil
	}
	var actGate, actUp, actDown int
	split := false
	for i := range m.layers {
		x := m.layers[i].moe
		if x == nil {
			continue
		}
		for e := range x.gate {
			actGate = max(actGate, x.gate[e].actRow)
			actUp = max(actUp, x.up[e].actRow)
			actDown = max(actDown, x.down[e].actRow)
			split = split || !sameActs(x.gate[e], x.up[e])
		}
	}
	rows := batch * c.ExpertsUsed
	ms := &moeState{
		probs: make([]float32, batch*c.Experts),
		sel:   make([]int32, rows), w: make([]float32, rows),
		row:   make([]int32, rows),
		count: make([]int32, c.Experts), start: make([]int32, c.Experts+1), next: make([]int32, c.Experts),
		live:    make([]int32, 0, c.Experts),
		actGate: make([]byte, rows*actGate),
		gate:    make([]float32, rows*c.ExpertFeedForward), up: make([]float32, rows*c.ExpertFeedForward),
		actDown: make([]byte, rows*actDown),
		y:       make([]float32, rows*c.Embedding),
	}
	if split {
		ms.actUp = make([]byte, rows*actUp)
	}
	ms.act = m.Arch.Activation
	ms.upPart, ms.actPart, ms.downPart, ms.reducePart = ms.doUp, ms.doAct, ms.doDown, ms.doReduce
	return ms
}

// sameActs reports whether a and b read the same quantized activations.
func sameActs(a, b *linear) bool { return a.k.ActType == b.k.ActType && a.actRow == b.actRow }

// run computes the block x for n tokens of normalised input xb ((n,
// n_embd)) into out ((n, n_embd)), on p with mm for the router.
func (ms *moeState) run(p *pool, mm *matmul, x *experts, xb, out []float32, n int) {
	ne, k := len(x.gate), x.used
	E := x.router.in
	mm.mul(x.router, ms.probs, xb, n)
	for t := range n {
		route(ms.probs[t*ne:(t+1)*ne], ms.sel[t*k:(t+1)*k], ms.w[t*k:(t+1)*k])
	}
	ms.group(n, k, ne)
	// Quantize each token's input once per activation type, at its first
	// grouped row, and copy it to its other rows.
	g0, u0 := x.gate[0], x.up[0]
	split := !sameActs(g0, u0)
	for t := range n {
		first := int(ms.row[t*k])
		src := xb[t*E : (t+1)*E]
		ms.quantizeCopies(g0, ms.actGate, src, first, t, k)
		if split {
			ms.quantizeCopies(u0, ms.actUp, src, first, t, k)
		}
	}
	ms.x, ms.out, ms.upActs = x, out, ms.actGate
	if split {
		ms.upActs = ms.actUp
	}
	p.run(x.ff, ms.upPart)
	p.run(n*k, ms.actPart)
	p.run(E, ms.downPart)
	p.run(n, ms.reducePart)
	ms.x, ms.out, ms.upActs = nil, nil, nil
}

// quantizeCopies quantizes src for l into grouped row first of buf and
// copies it to token t's other k-1 grouped rows.
func (ms *moeState) quantizeCopies(l *linear, buf []byte, src []float32, first, t, k int) {
	a := l.actRow
	dst := buf[first*a : (first+1)*a]
	l.k.Quantize(dst, src)
	for j := 1; j < k; j++ {
		r := int(ms.row[t*k+j])
		copy(buf[r*a:(r+1)*a], dst)
	}
}

// group sorts the batch's (token, slot) pairs by expert: the live experts,
// each one's first grouped row, and the grouped row of every pair (tokens
// in order within an expert).
func (ms *moeState) group(n, k, ne int) {
	count := ms.count[:ne]
	clear(count)
	for _, e := range ms.sel[:n*k] {
		count[e]++
	}
	ms.live = ms.live[:0]
	for e, c := range count {
		ms.start[e+1] = ms.start[e] + c
		ms.next[e] = ms.start[e]
		if c > 0 {
			ms.live = append(ms.live, int32(e))
		}
	}
	for i, e := range ms.sel[:n*k] {
		r := ms.next[e]
		ms.next[e]++
		ms.row[i] = r
	}
}

// doUp computes rows [lo, hi) of every live expert's gate and up matrices
// over its tokens, so that each worker's share of the work is the same
// whatever the grouping.
func (ms *moeState) doUp(_, lo, hi int) {
	x, ff := ms.x, ms.x.ff
	for _, e := range ms.live {
		r0, c := int(ms.start[e]), int(ms.count[e])
		g, u := x.gate[e], x.up[e]
		g.rows(ms.gate[r0*ff:], ms.actGate[r0*g.actRow:], packed{}, c, lo, hi)
		u.rows(ms.up[r0*ff:], ms.upActs[r0*u.actRow:], packed{}, c, lo, hi)
	}
}

// doAct sets grouped rows [lo, hi) of gate to act(gate) ⊙ up and
// quantizes them for the down matrices.
func (ms *moeState) doAct(_, lo, hi int) {
	ff, d := ms.x.ff, ms.x.down[0]
	for r := lo; r < hi; r++ {
		g := ms.gate[r*ff : (r+1)*ff]
		glu(ms.act, g, ms.up[r*ff:(r+1)*ff])
		d.k.Quantize(ms.actDown[r*d.actRow:(r+1)*d.actRow], g)
	}
}

// doDown computes rows [lo, hi) of every live expert's down matrix over
// its tokens.
func (ms *moeState) doDown(_, lo, hi int) {
	E := ms.x.router.in
	for _, e := range ms.live {
		r0, c := int(ms.start[e]), int(ms.count[e])
		d := ms.x.down[e]
		d.rows(ms.y[r0*E:], ms.actDown[r0*d.actRow:], packed{}, c, lo, hi)
	}
}

// doReduce writes tokens [lo, hi) of out: the weighted sum of their
// experts' outputs in slot order (best first), each product rounded to
// float32 before it is added, as ggml_mul then ggml_add compute it.
func (ms *moeState) doReduce(_, lo, hi int) {
	E, k := ms.x.router.in, ms.x.used
	for t := lo; t < hi; t++ {
		dst := ms.out[t*E : (t+1)*E]
		for j := range k {
			w, r := ms.w[t*k+j], int(ms.row[t*k+j])
			y := ms.y[r*E : (r+1)*E]
			if j == 0 {
				for i, v := range y {
					dst[i] = w * v
				}
				continue
			}
			for i, v := range y {
				dst[i] += float32(w * v) // the conversion forbids fusing into an FMA
			}
		}
	}
}
