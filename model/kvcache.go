package model

import (
	"fmt"

	"github.com/laminalabs/lamina/simd"
)

// KVType is the element type of the KV cache.
type KVType int

const (
	// KVF16 stores keys and values in half precision (llama.cpp's default).
	KVF16 KVType = iota
	// KVF32 stores them in single precision (llama.cpp's --kv-type f32).
	KVF32
)

// ParseKVType accepts "f16" or "f32".
func ParseKVType(s string) (KVType, error) {
	switch s {
	case "f16":
		return KVF16, nil
	case "f32":
		return KVF32, nil
	}
	return 0, fmt.Errorf("unknown KV cache type %q (want f16 or f32)", s)
}

// kvStore is one layer's keys or values: ctx rows of width values.
type kvStore struct {
	width int
	f32   []float32
	f16   []uint16
}

func newKVStore(t KVType, ctx, width int) kvStore {
	s := kvStore{width: width}
	if t == KVF32 {
		s.f32 = make([]float32, ctx*width)
	} else {
		s.f16 = make([]uint16, ctx*width)
	}
	return s
}

// put stores row pos.
func (s *kvStore) put(pos int, x []float32) {
	if s.f32 != nil {
		copy(s.f32[pos*s.width:], x)
		return
	}
	simd.F32ToF16(s.f16[pos*s.width:(pos+1)*s.width], x)
}

// rows returns rows [0, n) as float32, converting into scratch for an
// F16 cache.
func (s *kvStore) rows(n int, scratch []float32) []float32 {
	if s.f32 != nil {
		return s.f32[:n*s.width]
	}
	out := scratch[:n*s.width]
	simd.F16ToF32(out, s.f16[:n*s.width])
	return out
}

// bytes returns the memory the store takes.
func (s *kvStore) bytes() int { return 4*len(s.f32) + 2*len(s.f16) }

// putRows stores n rows of x at positions pos, pos+1, ….
func (s *kvStore) putRows(pos int, x []float32, n int) {
	for t := range n {
		s.put(pos+t, x[t*s.width:(t+1)*s.width])
	}
}
