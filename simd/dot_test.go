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

// blockCounts are the row lengths of the dot tests in weight blocks: odd
// counts around the widths vector code works in.
var blockCounts = []int{1, 2, 3, 7, 8, 9, 15, 16, 17, 33}

// floatLengths are extra row lengths for the float types (blocks of one).
var floatLengths = []int{100, 1023, 4103}

// scaleOffsets are where each quantized weight type keeps the fp16 scales
// of a block (MXFP4 keeps an E8M0 exponent in byte 0); every other byte
// holds codes and is valid whatever its value.
var scaleOffsets = map[quant.Type][]int{
	quant.Q4_0: {0}, quant.Q4_1: {0, 2}, quant.Q5_0: {0}, quant.Q5_1: {0, 2}, quant.Q8_0: {0},
	quant.IQ4_NL: {0}, quant.MXFP4: {0},
	quant.Q2_K: {80, 82}, quant.Q3_K: {108}, quant.Q4_K: {0, 2}, quant.Q5_K: {0, 2}, quant.Q6_K: {208},
	quant.IQ4_XS: {0}, quant.TQ1_0: {52}, quant.TQ2_0: {64},
}

// A weightCase says how to fill weight rows: the code bytes and the block
// scales of quantized types, or for the float types the values
// scale*(code-127.5)/127.5.
type weightCase struct {
	name  string
	code  func(rng *rand.Rand) byte
	scale func(rng *rand.Rand) float32
}

func randomCode(rng *rand.Rand) byte { return byte(rng.Uint32()) }

// randomScale is ±2^u with u uniform in [-10, 1].
func randomScale(rng *rand.Rand) float32 {
	s := float32(math.Exp2(rng.Float64()*11 - 10))
	if rng.IntN(2) == 0 {
		s = -s
	}
	return s
}

var weightCases = []weightCase{
	{"random", randomCode, randomScale},
	{"max codes", func(*rand.Rand) byte { return 0xFF }, randomScale},
	{"min codes", func(*rand.Rand) byte { return 0 }, randomScale},
	{"zero scales", randomCode, func(*rand.Rand) float32 { return 0 }},
	{"large scales", randomCode, func(rng *rand.Rand) float32 { return float32(30000 + rng.IntN(35504)) }},
}

// weightRow returns a row of n weights of type typ filled as wc says.
func weightRow(t testing.TB, typ quant.Type, n int, wc weightCase, rng *rand.Rand) []byte {
	w := make([]byte, n/typ.BlockSize()*typ.BlockBytes())
	if typ.BlockSize() == 1 {
		x := make([]float32, n)
		for i := range x {
			x[i] = wc.scale(rng) * (float32(wc.code(rng)) - 127.5) / 127.5
		}
		if err := quant.Quantize(typ, w, x); err != nil {
			t.Fatal(err)
		}
		return w
	}
	for i := range w {
		w[i] = wc.code(rng)
	}
	for blk := range len(w) / typ.BlockBytes() {
		b := w[blk*typ.BlockBytes():]
		for _, off := range scaleOffsets[typ] {
			if typ == quant.MXFP4 {
				b[off] = e8m0(wc.scale(rng))
				continue
			}
			binary.LittleEndian.PutUint16(b[off:], float16.Fromfloat32(wc.scale(rng)).Bits())
		}
	}
	return w
}

// e8m0 returns the E8M0 exponent nearest |s| (the smallest for 0).
func e8m0(s float32) byte {
	if s == 0 {
		return 0
	}
	_, exp := math.Frexp(math.Abs(float64(s)))
	return byte(max(1, min(254, 127+exp-1)))
}

// activations returns n activations, each block of 32 of a random
// magnitude between 1e-3 and 1e3, and every fifth block zero.
func activations(n int, rng *rand.Rand) []float32 {
	x := make([]float32, n)
	for b := 0; b < n; b += 32 {
		if b/32%5 == 4 {
			continue
		}
		mag := float32(math.Pow(10, rng.Float64()*6-3))
		for i := b; i < min(b+32, n); i++ {
			x[i] = mag * (2*rng.Float32() - 1)
		}
	}
	return x
}

func dequantize(t testing.TB, typ quant.Type, b []byte, n int) []float32 {
	out := make([]float32, n)
	if err := quant.Dequantize(typ, out, b); err != nil {
		t.Fatalf("dequantize %s: %v", typ, err)
	}
	return out
}

// referenceDot returns the dot product of weight row w and activation row
// act (n values each) from their dequantized values in float64, and the
// sum of the magnitudes of its terms. Q8_1 activations are corrected for
// the fp16 rounding of s = d*sum(codes), which the kernels use in place of
// the activations' sum.
func referenceDot(t testing.TB, typ quant.Type, k simd.Kernel, w, act []byte, n int) (want, mag float64) {
	wf, af := dequantize(t, typ, w, n), dequantize(t, quant.Type(k.ActType), act, n)
	for i := range n {
		p := float64(wf[i]) * float64(af[i])
		want += p
		mag += math.Abs(p)
	}
	if quant.Type(k.ActType) != quant.Q8_1 {
		return want, mag
	}
	for blk := range n / k.ActBlockSize {
		m := f16(w[blk*typ.BlockBytes()+2:]) // Q4_1 and Q5_1 keep the minimum there
		y := act[blk*k.ActBlockBytes:]
		var sum int
		for _, q := range y[4:k.ActBlockBytes] {
			sum += int(int8(q))
		}
		s := f16(y[2:])
		want += m * (s - f16(y)*float64(sum))
		mag += math.Abs(m * s)
	}
	return want, mag
}

func f16(b []byte) float64 {
	return float64(float16.Frombits(binary.LittleEndian.Uint16(b)).Float32())
}

// rowLengths returns the row lengths the dot tests use for typ.
func rowLengths(typ quant.Type) []int {
	var ns []int
	for _, nb := range blockCounts {
		ns = append(ns, nb*typ.BlockSize())
	}
	if typ.BlockSize() == 1 {
		ns = append(ns, floatLengths...)
	}
	return ns
}

// TestDot checks every dot kernel against the float64 dot product of the
// dequantized weights and activations. The kernels sum integers within a
// block, so only the float32 scaling and summing of the block terms (or
// the products, for the float types) round: the result must be within
// 1e-5 of the sum of the terms' magnitudes.
func TestDot(t *testing.T) {
	for _, wt := range simd.WeightTypes() {
		typ := quant.Type(wt)
		k, _ := simd.KernelFor(wt)
		t.Run(typ.String(), func(t *testing.T) {
			forEachImpl(t, func(t *testing.T) {
				for ci, wc := range weightCases {
					rng := rand.New(rand.NewPCG(uint64(wt), uint64(ci)))
					for _, n := range rowLengths(typ) {
						w := weightRow(t, typ, n, wc, rng)
						act := make([]byte, n/k.ActBlockSize*k.ActBlockBytes)
						k.Quantize(act, activations(n, rng))
						got := k.Dot(w, act, n)
						want, mag := referenceDot(t, typ, k, w, act, n)
						if !(math.Abs(float64(got)-want) <= 1e-5*mag) {
							t.Errorf("%s, n=%d: got %g, want %g (error %.3g of the terms' magnitude %g)",
								wc.name, n, got, want, math.Abs(float64(got)-want)/mag, mag)
						}
					}
				}
			})
		})
	}
}
