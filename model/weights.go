package model

import (
	"fmt"

	"github.com/laminalabs/lamina/model/gguf"
	"github.com/laminalabs/lamina/quant"
	"github.com/laminalabs/lamina/tensor"
)

// layer holds one transformer block's weights. Matrices stay views of the
// file; the small norm and bias vectors are copied to float32 at load.
type layer struct {
	attnNorm     []float32 // (n_embd)
	wq, wk, wv   *linear   // n_embd → n_head*head_dim, n_head_kv*head_dim (views of attn_qkv when fused)
	wo           *linear   // n_head*head_dim → n_embd
	qNorm, kNorm []float32 // (head_dim), QKNorm only
	postAttnNorm []float32 // (n_embd), PostNorms only
	ffnNorm      []float32 // (n_embd)
	gate, up     *linear   // n_embd → n_ff (views of ffn_up when fused)
	down         *linear   // n_ff → n_embd
	moe          *experts  // a mixture of experts instead of gate, up and down (moe.go)
	postFFNNorm  []float32 // (n_embd), PostNorms only
	local        bool      // sliding-window attention
	rope         int       // index of the layer's RoPE in Model.ropes
}

// prefault brings the layer's weights into memory (see prefault): the
// rows the products read from the file, not the grouped ones.
func (l *layer) prefault() {
	for _, m := range []*linear{l.wq, l.wk, l.wv, l.wo, l.gate, l.up, l.down} {
		if m != nil {
			prefault(m.w.Data[m.gRows*m.wRow:])
		}
	}
	if l.moe != nil {
		for _, m := range l.moe.linears() {
			prefault(m.w.Data)
		}
	}
}

// binder looks tensors up by name and checks their type and shape,
// remembering the first error so that binding reads as a list.
type binder struct {
	f   *gguf.File
	err error
}

func (b *binder) fail(name string, format string, args ...any) {
	if b.err == nil {
		b.err = &gguf.Error{Path: b.f.Path, Offset: -1, Tensor: name, Err: fmt.Errorf(format, args...)}
	}
}

// lookup returns the tensor, checking its shape when it exists.
func (b *binder) lookup(name string, required bool, shape ...int) *tensor.Tensor {
	if b.err != nil {
		return nil
	}
	ti, ok := b.f.Tensor(name)
	if !ok {
		if required {
			b.fail(name, "missing tensor (the %s architecture needs it)", b.arch())
		}
		return nil
	}
	if !sameShape(ti.Shape, shape) {
		b.fail(name, "shape %v, want %v", ti.Shape, shape)
		return nil
	}
	return &ti.Tensor
}

func (b *binder) arch() string { s, _ := b.f.String("general.architecture"); return s }

func sameShape(got []int64, want []int) bool {
	// Trailing dimensions of 1 are the same shape to ggml.
	for len(got) > len(want) && got[len(got)-1] == 1 {
		got = got[:len(got)-1]
	}
	if len(got) != len(want) {
		return false
	}
	for i := range got {
		if got[i] != int64(want[i]) {
			return false
		}
	}
	return true
}

// vector returns a 1-D tensor of n values as float32 (nil when optional
// and absent).
func (b *binder) vector(name string, n int, required bool) []float32 {
	t := b.lookup(name, required, n)
	if t == nil {
		return nil
	}
	v, err := t.Float32()
	if err != nil {
		b.fail(name, "%v", err)
	}
	return v
}

// matrix binds a weight mapping in inputs to out outputs (ggml shape
// [in, out]), with an optional bias.
func (b *binder) matrix(name, biasName string, in, out int, required bool) *linear {
	t := b.lookup(name, required, in, out)
	if t == nil {
		return nil
	}
	l, err := newLinear(*t, in, out)
	if err != nil {
		b.fail(name, "%v", err)
		return nil
	}
	b.f.ReleaseData(t.Data[:l.gRows*l.wRow]) // repacked: the rows' copy in l.groups serves
	if biasName != "" {
		l.bias = b.vector(biasName, out, true)
	}
	return l
}

// bindLayer binds block i.
func (b *binder) bindLayer(i int, c *Config, a *Arch) layer {
	name := func(n string) string { return layerName(i, n) }
	bias := func(n string) string {
		if a.QKVBias {
			return name(n)
		}
		return ""
	}
	E, F := c.Embedding, c.FeedForward
	qDim, kvDim, vDim := c.Heads*c.KeyLength, c.HeadsKV*c.KeyLength, c.HeadsKV*c.ValueLength
	l := layer{
		attnNorm: b.vector(name(nameAttnNorm), E, true),
		wo:       b.matrix(name(nameAttnOut), "", c.Heads*c.ValueLength, E, true),
		ffnNorm:  b.vector(name(nameFFNNorm), E, true),
		local:    c.Local(i),
	}
	if _, fused := b.f.Tensor(name(nameAttnQKV)); a.FusedQKV && fused {
		qkv := b.matrix(name(nameAttnQKV), "", E, qDim+kvDim+vDim, true)
		l.wq, l.wk, l.wv = qkv.view(0, qDim), qkv.view(qDim, qDim+kvDim), qkv.view(qDim+kvDim, qDim+kvDim+vDim)
	} else {
		l.wq = b.matrix(name(nameAttnQ), bias(nameAttnQBias), E, qDim, true)
		l.wk = b.matrix(name(nameAttnK), bias(nameAttnKBias), E, kvDim, true)
		l.wv = b.matrix(name(nameAttnV), bias(nameAttnVBias), E, vDim, true)
	}
	switch {
	case c.Experts > 0:
		l.moe = b.bindExperts(i, c)
	case a.FusedGateUp:
		gateUp := b.matrix(name(nameFFNUp), "", E, 2*F, true)
		l.gate, l.up = gateUp.view(0, F), gateUp.view(F, 2*F)
	default:
		l.gate = b.matrix(name(nameFFNGate), "", E, F, true)
		l.up = b.matrix(name(nameFFNUp), "", E, F, true)
	}
	if l.moe == nil {
		l.down = b.matrix(name(nameFFNDown), "", F, E, true)
	}
	if a.QKNorm {
		l.qNorm = b.vector(name(nameAttnQNorm), c.KeyLength, true)
		l.kNorm = b.vector(name(nameAttnKNorm), c.KeyLength, true)
	}
	if a.PostNorms {
		l.postAttnNorm = b.vector(name(nameAttnPostNorm), E, true)
		l.postFFNNorm = b.vector(name(nameFFNPostNorm), E, true)
	}
	return l
}

// embeddingRow dequantizes row id of the token embedding into dst.
func embeddingRow(t *tensor.Tensor, id int32, dst []float32) error {
	return quant.Dequantize(t.Type, dst, t.Row(int(id)))
}
