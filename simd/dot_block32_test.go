package simd_test

import (
	"encoding/binary"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/x448/float16"

	"github.com/laminalabs/lamina/quant"
	"github.com/laminalabs/lamina/simd"
)

// b32BlockCounts are the row lengths, in blocks, of the differential tests
// of the 32-weight block dot products.
var b32BlockCounts = []int{0, 1, 2, 3, 7, 8, 9, 15, 16, 17, 31, 32, 33, 64, 129}

// b32Formats are the 32-weight block formats whose dot products have
// assembly; the other 32-weight formats run through the same test.
var b32Formats = []struct {
	typ quant.Type
	dot func(w, a []byte, n int) float32
}{
	{quant.Q4_0, simd.DotQ4_0Q8_0},
	{quant.Q4_1, simd.DotQ4_1Q8_1},
	{quant.Q5_0, simd.DotQ5_0Q8_0},
	{quant.Q5_1, simd.DotQ5_1Q8_1},
	{quant.Q8_0, simd.DotQ8_0Q8_0},
	{quant.IQ4_NL, simd.DotIQ4_NLQ8_0},
}

// A b32Case fills a weight row and an activation row: every byte from
// wCode or aCode, then the fp16 scales (d, and m or s as index 1) from
// scale. quantized makes the activations QuantizeQ8_0's or QuantizeQ8_1's
// of random floats instead. exact says the block scales make every
// partial sum an integer, so that the result must be bit-identical to the
// twin's wherever the sum of the terms' magnitudes stays below 2^24.
type b32Case struct {
	name         string
	wCode, aCode func(rng *rand.Rand) byte
	scale        func(rng *rand.Rand, idx int) uint16
	quantized    bool
	exact        bool
}

func b32Const(b byte) func(*rand.Rand) byte { return func(*rand.Rand) byte { return b } }

func b32OneOf(bs ...byte) func(*rand.Rand) byte {
	return func(rng *rand.Rand) byte { return bs[rng.IntN(len(bs))] }
}

func b32RandomScale(rng *rand.Rand, _ int) uint16 {
	return float16.Fromfloat32(randomScale(rng)).Bits()
}

// b32UnitScale makes d = 1 and m (or s) a small integer.
func b32UnitScale(rng *rand.Rand, idx int) uint16 {
	if idx == 0 {
		return 0x3c00
	}
	return float16.Fromfloat32(float32(rng.IntN(129) - 64)).Bits()
}

var b32Cases = []b32Case{
	{name: "random", wCode: randomCode, aCode: randomCode, scale: b32RandomScale},
	{name: "quantized activations", wCode: randomCode, scale: b32RandomScale, quantized: true},
	{name: "unit scales", wCode: randomCode, aCode: randomCode, scale: b32UnitScale, exact: true},
	{name: "extreme codes", wCode: b32OneOf(0x00, 0x0f, 0xf0, 0xff, 0x80, 0x7f, 0x88, 0x08),
		aCode: b32OneOf(0x80, 0x7f, 0x81, 0x00, 0x01, 0xff), scale: b32UnitScale, exact: true},
	{name: "min codes", wCode: b32Const(0x00), aCode: b32Const(0x80), scale: b32UnitScale, exact: true},
	{name: "max codes", wCode: b32Const(0xff), aCode: b32Const(0x7f), scale: b32UnitScale, exact: true},
	{name: "-128 codes", wCode: b32Const(0x80), aCode: b32Const(0x80), scale: b32UnitScale, exact: true},
	{name: "zero scales", wCode: randomCode, aCode: randomCode, scale: func(*rand.Rand, int) uint16 { return 0 }},
	{name: "max scales", wCode: randomCode, aCode: randomCode, scale: func(rng *rand.Rand, _ int) uint16 {
		return 0x7bff | uint16(rng.IntN(2))<<15 // ±65504
	}},
	{name: "subnormal scales", wCode: randomCode, aCode: randomCode, scale: func(rng *rand.Rand, _ int) uint16 {
		return uint16(1+rng.IntN(0x3ff)) | uint16(rng.IntN(2))<<15
	}},
}

// b32Row returns a row of size bytes that starts off bytes into a larger
// buffer and ends at the end of its capacity, filled by code and then, in
// each block of bsize bytes, the fp16 scales at scaleOffs by scale.
func b32Row(rng *rand.Rand, size, bsize, off int, scaleOffs []int, code func(*rand.Rand) byte, scale func(*rand.Rand, int) uint16) []byte {
	buf := make([]byte, off+size)
	b := buf[off : off+size : off+size]
	for i := range b {
		b[i] = code(rng)
	}
	for blk := 0; blk < size; blk += bsize {
		for idx, so := range scaleOffs {
			binary.LittleEndian.PutUint16(b[blk+so:], scale(rng, idx))
		}
	}
	return b
}

// b32Generic runs f with the pure-Go twins selected.
func b32Generic[T any](t testing.TB, f func() T) T {
	t.Helper()
	restore, ok := simd.SelectImpl("Generic")
	defer restore()
	if !ok {
		t.Fatal("the Generic kernels are not available")
	}
	return f()
}

// TestDotBlock32MatchesTwin compares the dot products of the 32-weight
// block formats with their pure-Go twins on rows of many lengths that
// start at odd offsets. The integer sums of a block are exact in every
// implementation, but the float32 scaling and summing of the partial sums
// may round in another order: the result must be within 1e-5 of the sum
// of the magnitudes of the products (as in TestDot), and bit-identical to
// the twin's when every partial sum is an integer below 2^24.
func TestDotBlock32MatchesTwin(t *testing.T) {
	for _, f := range b32Formats {
		k, _ := simd.KernelFor(uint32(f.typ))
		wsize, asize := f.typ.BlockBytes(), k.ActBlockBytes
		actScales := []int{0}
		if quant.Type(k.ActType) == quant.Q8_1 {
			actScales = []int{0, 2}
		}
		t.Run(f.typ.String(), func(t *testing.T) {
			forEachImpl(t, func(t *testing.T) {
				for ci, c := range b32Cases {
					rng := rand.New(rand.NewPCG(uint64(f.typ), uint64(ci)))
					for i, nb := range b32BlockCounts {
						n := nb * 32
						w := b32Row(rng, nb*wsize, wsize, 1+(5*i+ci)%31, scaleOffsets[f.typ], c.wCode, c.scale)
						var a []byte
						if c.quantized {
							a = make([]byte, 3+nb*asize)[3:]
							k.Quantize(a, activations(n, rng))
						} else {
							a = b32Row(rng, nb*asize, asize, 1+(11*i+2*ci)%31, actScales, c.aCode, c.scale)
						}
						want := b32Generic(t, func() float32 { return f.dot(w, a, n) })
						got := f.dot(w, a, n)
						_, mag := referenceDot(t, f.typ, k, w, a, n)
						if c.exact && mag < 1<<24 {
							if math.Float32bits(got) != math.Float32bits(want) {
								t.Errorf("%s: %s, n=%d: got %v, want %v bit for bit (sum of magnitudes %g)", simd.Path(), c.name, n, got, want, mag)
							}
							continue
						}
						if diff := math.Abs(float64(got) - float64(want)); !(diff <= 1e-5*mag) {
							t.Errorf("%s: %s, n=%d: got %g, want %g (error %.3g of the terms' magnitude %g)",
								simd.Path(), c.name, n, got, want, diff/mag, mag)
						}
					}
				}
			})
		})
	}
}
