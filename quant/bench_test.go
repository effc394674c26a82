package quant_test

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/laminalabs/lamina/quant"
)

// benchRow is the weights per benchmark call: one 4096-wide matrix row.
const benchRow = 4096

// benchBlocks returns encoded blocks of type t for benchRow weights: a
// quantization of random weights where Quantize supports t, else random
// bytes with small finite scales.
func benchBlocks(t quant.Type) []byte {
	r := rand.New(rand.NewPCG(1, uint64(t)))
	n, _ := t.RowBytes(benchRow)
	b := make([]byte, n)
	if t.CanQuantize() {
		x := make([]float32, benchRow)
		for i := range x {
			x[i] = float32(r.NormFloat64())
		}
		quant.Quantize(t, b, x)
		return b
	}
	for i := range b {
		b[i] = byte(r.UintN(256)) & 0x3b // keeps fp16 scales finite and small
	}
	return b
}

// BenchmarkDequantize reports, per type, the throughput in bytes of
// encoded weights read per second.
func BenchmarkDequantize(b *testing.B) {
	dst := make([]float32, benchRow)
	for _, t := range quant.Types() {
		src := benchBlocks(t)
		b.Run(t.String(), func(b *testing.B) {
			b.SetBytes(int64(len(src)))
			b.ReportAllocs()
			for b.Loop() {
				quant.Dequantize(t, dst, src)
			}
		})
	}
}

// BenchmarkQuantize reports, per type, the throughput in bytes of float32
// input per second.
func BenchmarkQuantize(b *testing.B) {
	r := rand.New(rand.NewPCG(2, 2))
	x := make([]float32, benchRow)
	for i := range x {
		x[i] = float32(r.NormFloat64())
	}
	for _, t := range quant.Types() {
		if !t.CanQuantize() {
			continue
		}
		dst := make([]byte, len(benchBlocks(t)))
		b.Run(t.String(), func(b *testing.B) {
			b.SetBytes(int64(4 * len(x)))
			for b.Loop() {
				if err := quant.Quantize(t, dst, x); err != nil {
					b.Fatal(fmt.Errorf("%s: %w", t, err))
				}
			}
		})
	}
}
