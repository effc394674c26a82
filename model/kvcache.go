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

// kvStore is one layer's keys or values: size rows of width values. A
// global layer holds a row per position of the context; a sliding-window
// layer holds a ring of size < ctx rows, position p in row p % size, so
// that its memory stays bounded however long the context grows. Keys are
// stored after RoPE, so a row is right wherever it lands.
type kvStore struct {
	width int
	size  int // rows held
	f32   []float32
	f16   []uint16
	conv  *convJob // rows' conversion of f16 on a pool
}

func newKVStore(t KVType, size, width int) kvStore {
	s := kvStore{width: width, size: size}
	if t == KVF32 {
		s.f32 = make([]float32, size*width)
	} else {
		s.f16 = make([]uint16, size*width)
		s.conv = &convJob{src: s.f16}
		s.conv.part = s.conv.do
	}
	return s
}

// ringSize is the rows a sliding-window layer of window w keeps for a
// context of ctx positions decoded in batches of up to batch tokens: a
// batch's first token needs the w-1 positions before it, and its last
// token's row must not overwrite any of them (llama.cpp sizes its SWA
// cache the same way).
func ringSize(w, batch, ctx int) int { return min(ctx, w-1+batch) }

// put stores the row of position pos.
func (s *kvStore) put(pos int, x []float32) {
	r := pos % s.size
	if s.f32 != nil {
		copy(s.f32[r*s.width:(r+1)*s.width], x)
		return
	}
	simd.F32ToF16(s.f16[r*s.width:(r+1)*s.width], x)
}

// rows returns the rows that hold the first n positions as float32
// (position p in row p % size), converting into scratch for an F16 cache,
// the pool converting ranges of many values.
func (s *kvStore) rows(n int, scratch []float32, p *pool) []float32 {
	n = min(n, s.size)
	if s.f32 != nil {
		return s.f32[:n*s.width]
	}
	out := scratch[:n*s.width]
	if n*s.width < convChunk {
		simd.F16ToF32(out, s.f16[:n*s.width])
		return out
	}
	s.conv.dst = out
	p.run((n*s.width+convChunk-1)/convChunk, s.conv.part)
	s.conv.dst = nil
	return out
}

// convChunk is the most values one worker converts at a time in rows;
// fewer than that in all are converted without the pool.
const convChunk = 1 << 14

// convJob converts a store's F16 values to dst, convChunk values an item,
// on a pool (its method value bound once, so that running it allocates
// nothing).
type convJob struct {
	src  []uint16
	dst  []float32
	part func(worker, lo, hi int)
}

func (c *convJob) do(_, lo, hi int) {
	a, b := lo*convChunk, min(hi*convChunk, len(c.dst))
	simd.F16ToF32(c.dst[a:b], c.src[a:b])
}

// bytes returns the memory the store takes.
func (s *kvStore) bytes() int { return 4*len(s.f32) + 2*len(s.f16) }

// putRows stores n rows of x at positions pos, pos+1, ….
func (s *kvStore) putRows(pos int, x []float32, n int) {
	for t := range n {
		s.put(pos+t, x[t*s.width:(t+1)*s.width])
	}
}
