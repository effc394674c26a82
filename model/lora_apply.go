package model

import (
	"fmt"

	"github.com/laminalabs/lamina/simd"
)

// loraState is what a session needs to apply adapters without merging
// them: the adapters switched on, and scratch for their two products.
type loraState struct {
	on []ScaledAdapter
	mm *matmul   // products with A and B, on activations of their own types
	u  []float32 // (batch, rank) A·x
	z  []float32 // (batch, n_out) B·(A·x)
}

// WithAdapters switches LoRA adapters on in a new session, as SetAdapters
// does.
func WithAdapters(adapters ...ScaledAdapter) SessionOption {
	return func(o *sessionOptions) error { o.adapters = adapters; return nil }
}

// SetAdapters switches the session's LoRA adapters (hot-swap: the base
// model stays loaded and shared): from the next Decode on, every matrix W
// an adapter targets computes W·x + s·B·(A·x), with s = the adapter's
// Scale of its user scale, summed over the adapters as llama.cpp does for
// several --lora flags. No adapters switches them all off. The adapters
// must have been loaded for this session's model. The KV cache is kept:
// call Reset when what the previous adapters computed must not be reused.
func (s *Session) SetAdapters(adapters ...ScaledAdapter) error {
	var rank, out, act int
	for _, sa := range adapters {
		a := sa.Adapter
		if a == nil {
			return fmt.Errorf("model: nil adapter")
		}
		if a.base != s.m {
			return fmt.Errorf("model: adapter %s was loaded for another model", a.path)
		}
		for _, p := range a.pairs {
			rank, out = max(rank, p.rank), max(out, p.b.out)
			act = max(act, p.a.actRow, p.b.actRow)
		}
	}
	ls := &s.st.lora
	ls.on = append(ls.on[:0], adapters...)
	batch := s.st.batch
	if len(ls.u) < batch*rank {
		ls.u = make([]float32, batch*rank)
	}
	if len(ls.z) < batch*out {
		ls.z = make([]float32, batch*out)
	}
	if ls.mm == nil || len(ls.mm.buf) < batch*act {
		ls.mm = newMatmul(s.m.pool, make([]byte, batch*act))
	}
	return nil
}

// Adapters returns the adapters switched on in the session.
func (s *Session) Adapters() []ScaledAdapter { return s.st.lora.on }

// lora adds the switched-on adapters' s·B·(A·x) to dst for the matrix in
// slot of layer (any layer for loraOutput): n rows of x in, n rows of dst
// out. It does nothing when no adapter targets the matrix.
func (s *Session) lora(layer int, slot loraSlot, x, dst []float32, n int) {
	ls := &s.st.lora
	for _, sa := range ls.on {
		p := sa.Adapter.pair(layer, slot)
		if p == nil {
			continue
		}
		u, z := ls.u[:n*p.rank], ls.z[:n*p.b.out]
		ls.mm.mul(p.a, u, x, n)
		ls.mm.mul(p.b, z, u, n)
		simd.Axpy(dst[:n*p.b.out], z, sa.Adapter.scale(p, sa.Scale))
	}
}
