package simd_test

import (
	"math/rand/v2"
	"testing"

	"github.com/laminalabs/lamina/quant"
	"github.com/laminalabs/lamina/simd"
)

// benchN is the row width of the benchmarks (n_embd of a 7B model).
const benchN = 4096

var sink float32

// BenchmarkDot multiplies one weight row of every type with its
// activations; the bytes per second are weight bytes.
func BenchmarkDot(b *testing.B) {
	for _, wt := range simd.WeightTypes() {
		typ := quant.Type(wt)
		k, _ := simd.KernelFor(wt)
		rng := rand.New(rand.NewPCG(uint64(wt), 0))
		w := weightRow(b, typ, benchN, weightCases[0], rng)
		act := make([]byte, benchN/k.ActBlockSize*k.ActBlockBytes)
		k.Quantize(act, activations(benchN, rng))
		b.Run(typ.String(), func(b *testing.B) {
			forEachImpl(b, func(b *testing.B) {
				b.SetBytes(int64(len(w)))
				for b.Loop() {
					sink = k.Dot(w, act, benchN)
				}
			})
		})
	}
}

// BenchmarkQuantize converts a row of activations to each activation
// type; the bytes per second are float32 input bytes.
func BenchmarkQuantize(b *testing.B) {
	x := activations(benchN, rand.New(rand.NewPCG(1, 1)))
	done := map[uint32]bool{}
	for _, wt := range simd.WeightTypes() {
		k, _ := simd.KernelFor(wt)
		if done[k.ActType] {
			continue
		}
		done[k.ActType] = true
		dst := make([]byte, benchN/k.ActBlockSize*k.ActBlockBytes)
		b.Run(quant.Type(k.ActType).String(), func(b *testing.B) {
			forEachImpl(b, func(b *testing.B) {
				b.SetBytes(4 * benchN)
				for b.Loop() {
					k.Quantize(dst, x)
				}
			})
		})
	}
}

// BenchmarkVec runs the f32 vector operations on rows of benchN; the bytes
// per second are input bytes.
func BenchmarkVec(b *testing.B) {
	rng := rand.New(rand.NewPCG(2, 2))
	x, y := randomVec(benchN, rng), randomVec(benchN, rng)
	h := make([]uint16, benchN)
	simd.F32ToF16(h, x)
	g := make([]float32, benchN)
	ops := []struct {
		name  string
		bytes int
		run   func()
	}{
		{"Dot", 8 * benchN, func() { sink = simd.Dot(x, y) }},
		{"Axpy", 8 * benchN, func() { simd.Axpy(y, x, 1e-9) }},
		{"Scale", 4 * benchN, func() { simd.Scale(y, 1) }},
		{"Max", 4 * benchN, func() { sink = simd.Max(x) }},
		{"ExpSum", 4 * benchN, func() { sink = float32(simd.ExpSum(y, x, 10)) }},
		{"SumSquares", 4 * benchN, func() { sink = float32(simd.SumSquares(x)) }},
		{"SwiGLU", 8 * benchN, func() { copy(g, x); simd.SwiGLU(g, y) }},
		{"F32ToF16", 4 * benchN, func() { simd.F32ToF16(h, x) }},
		{"F16ToF32", 2 * benchN, func() { simd.F16ToF32(y, h) }},
	}
	for _, op := range ops {
		b.Run(op.name, func(b *testing.B) {
			forEachImpl(b, func(b *testing.B) {
				b.SetBytes(int64(op.bytes))
				for b.Loop() {
					op.run()
				}
			})
		})
	}
}
