package model

// state holds the activations of one forward pass, allocated once per
// session so that decoding allocates nothing (llama2.c's RunState).
type state struct {
	batch  int         // most tokens per pass
	x      []float32   // (batch, n_embd) residual stream
	xb     []float32   // (batch, n_embd) normalised input of a block
	q      []float32   // (batch, n_head*key_length)
	k      []float32   // (batch, n_head_kv*key_length)
	v      []float32   // (batch, n_head_kv*value_length)
	att    []float32   // (batch, n_head*value_length) attention output
	proj   []float32   // (batch, n_embd) output of attn_output / ffn_down
	gate   []float32   // (batch, n_ff)
	up     []float32   // (batch, n_ff)
	mm     *matmul     // matrix products, with the quantized activations of the widest input
	moe    *moeState   // mixture-of-experts scratch (nil for dense models)
	attn   attnJob     // attention's parallel region
	lora   loraState   // adapters applied without merging
	cs     [][]float32 // per RoPE of the model: (batch, rope_dims) cos/sin pairs per position
	scores [][]float32 // per worker: (ctx) attention weights
	kbuf   []float32   // (rows, n_head_kv*key_length) F16 cache rows as float32
	vbuf   []float32   // (rows, n_head_kv*value_length)
	logits []float32   // (rows asked for, n_vocab)
}

// newState allocates the activations of batches of up to batch tokens in
// a context of ctx, with KV stores of up to rows rows.
func newState(m *Model, batch, ctx, rows int, kv KVType) *state {
	c := &m.Config
	f := func(n int) []float32 { return make([]float32, n) }
	st := &state{
		batch: batch,
		x:     f(batch * c.Embedding), xb: f(batch * c.Embedding), proj: f(batch * c.Embedding),
		q:    f(batch * c.Heads * c.KeyLength),
		k:    f(batch * c.HeadsKV * c.KeyLength),
		v:    f(batch * c.HeadsKV * c.ValueLength),
		att:  f(batch * c.Heads * c.ValueLength),
		gate: f(batch * c.denseFeedForward()), up: f(batch * c.denseFeedForward()),
	}
	for range m.ropes {
		st.cs = append(st.cs, f(batch*c.RopeDims))
	}
	widest := 0
	for _, l := range m.linears() {
		if l != nil {
			widest = max(widest, l.actRow)
		}
	}
	st.mm = newMatmul(m.pool, make([]byte, batch*widest))
	st.attn.init(&m.Config, st)
	st.moe = newMoEState(m, batch)
	for range m.pool.n {
		st.scores = append(st.scores, f(ctx))
	}
	if kv == KVF16 {
		st.kbuf = f(rows * c.HeadsKV * c.KeyLength)
		st.vbuf = f(rows * c.HeadsKV * c.ValueLength)
	}
	return st
}

// logitsBuf returns a buffer of n floats, growing the kept one if needed.
func (st *state) logitsBuf(n int) []float32 {
	if cap(st.logits) < n {
		st.logits = make([]float32, n)
	}
	return st.logits[:n]
}

// linears lists every weight matrix of the model (nil where a layer
// lacks one).
func (m *Model) linears() []*linear {
	out := []*linear{m.output}
	for i := range m.layers {
		l := &m.layers[i]
		out = append(out, l.wq, l.wk, l.wv, l.wo, l.gate, l.up, l.down)
		if l.moe != nil {
			out = append(out, l.moe.linears()...)
		}
	}
	return out
}
