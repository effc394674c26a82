package model

import (
	"fmt"

	"github.com/laminalabs/lamina/simd"
	"github.com/laminalabs/lamina/tensor"
)

// linear is a weight matrix of out rows of in weights, kept in its file
// type, with an optional bias. Its rows are multiplied with activations
// quantized to the kernel's activation type, as llama.cpp does.
type linear struct {
	w       tensor.Tensor
	in, out int
	bias    []float32 // (out) or nil
	k       simd.Kernel
	wRow    int // bytes of one weight row
	actRow  int // bytes of one quantized activation row
}

func newLinear(t tensor.Tensor, in, out int) (*linear, error) {
	k, ok := simd.KernelFor(uint32(t.Type))
	if !ok {
		return nil, fmt.Errorf("no matrix kernel for %s weights yet", t.Type)
	}
	if in%k.ActBlockSize != 0 {
		return nil, fmt.Errorf("row length %d is not a multiple of the %d-weight activation block", in, k.ActBlockSize)
	}
	return &linear{w: t, in: in, out: out, k: k, wRow: t.RowBytes(), actRow: in / k.ActBlockSize * k.ActBlockBytes}, nil
}

// quantizeActs converts n rows of in values to the kernel's activation
// type in buf, which must hold n*actRow bytes.
func (l *linear) quantizeActs(buf []byte, x []float32, n int) []byte {
	act := buf[:n*l.actRow]
	for t := range n {
		l.k.Quantize(act[t*l.actRow:(t+1)*l.actRow], x[t*l.in:(t+1)*l.in])
	}
	return act
}

// mul computes dst[t*out+r] = w_r·x_t + bias_r for n tokens (x is
// (n, in), dst is (n, out)), splitting rows over the pool. Each weight
// row is read once for all n tokens.
func (l *linear) mul(p *pool, dst, x []float32, n int, buf []byte) {
	l.mulActs(p, dst, l.quantizeActs(buf, x, n), n)
}

// mulActs is mul on activations already quantized by quantizeActs.
func (l *linear) mulActs(p *pool, dst []float32, act []byte, n int) {
	p.run(l.out, func(_, lo, hi int) {
		for r := lo; r < hi; r++ {
			w := l.w.Data[r*l.wRow : (r+1)*l.wRow]
			var b float32
			if l.bias != nil {
				b = l.bias[r]
			}
			for t := range n {
				dst[t*l.out+r] = l.k.Dot(w, act[t*l.actRow:(t+1)*l.actRow], l.in) + b
			}
		}
	})
}
