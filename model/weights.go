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
	wq, wk, wv   *linear   // n_embd → n_head*head_dim, n_head_kv*head_dim
	wo           *linear   // n_head*head_dim → n_embd
	qNorm, kNorm []float32 // (head_dim), QKNorm only
	ffnNorm      []float32 // (n_embd)
	gate, up     *linear   // n_embd → n_ff
	down         *linear   // n_ff → n_embd
}

// prefault brings the layer's weights into memory (see prefault).
func (l *layer) prefault() {
	for _, m := range []*linear{l.wq, l.wk, l.wv, l.wo, l.gate, l.up, l.down} {
		if m != nil {
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
	qDim, kvDim := c.Heads*c.KeyLength, c.HeadsKV*c.KeyLength
	l := layer{
		attnNorm: b.vector(name(nameAttnNorm), c.Embedding, true),
		wq:       b.matrix(name(nameAttnQ), bias(nameAttnQBias), c.Embedding, qDim, true),
		wk:       b.matrix(name(nameAttnK), bias(nameAttnKBias), c.Embedding, kvDim, true),
		wv:       b.matrix(name(nameAttnV), bias(nameAttnVBias), c.Embedding, c.HeadsKV*c.ValueLength, true),
		wo:       b.matrix(name(nameAttnOut), "", c.Heads*c.ValueLength, c.Embedding, true),
		ffnNorm:  b.vector(name(nameFFNNorm), c.Embedding, true),
		gate:     b.matrix(name(nameFFNGate), "", c.Embedding, c.FeedForward, true),
		up:       b.matrix(name(nameFFNUp), "", c.Embedding, c.FeedForward, true),
		down:     b.matrix(name(nameFFNDown), "", c.FeedForward, c.Embedding, true),
	}
	if a.QKNorm {
		l.qNorm = b.vector(name(nameAttnQNorm), c.KeyLength, true)
		l.kNorm = b.vector(name(nameAttnKNorm), c.KeyLength, true)
	}
	return l
}

// embeddingRow dequantizes row id of the token embedding into dst.
func embeddingRow(t *tensor.Tensor, id int32, dst []float32) error {
	return quant.Dequantize(t.Type, dst, t.Row(int(id)))
}
