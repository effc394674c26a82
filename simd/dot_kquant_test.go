package simd_test

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/x448/float16"

	"github.com/laminalabs/lamina/quant"
	"github.com/laminalabs/lamina/simd"
)

// The differential tests of the Q8_K kernels: every implementation against
// the pure-Go twins (the Generic implementation), on rows of many lengths
// placed at odd offsets in larger buffers, with random and extreme codes,
// scales and activations.

// kquantBlockCounts are the row lengths of the tests in super-blocks.
var kquantBlockCounts = []int{0, 1, 2, 3, 7, 8, 9, 15, 16, 17, 31, 32, 33, 64, 129}

// A kquantFormat is a weight type of the Q8_K dot products: where its
// super-blocks keep their fp16 scale d and, for the formats with
// minimums, dmin (-1 for none).
type kquantFormat struct {
	typ     quant.Type
	dot     func(w, a []byte, n int) float32
	d, dmin int
}

var kquantFormats = []kquantFormat{
	{quant.Q4_K, simd.DotQ4_KQ8_K, 0, 2},
	{quant.Q6_K, simd.DotQ6_KQ8_K, 208, -1},
	{quant.Q5_K, simd.DotQ5_KQ8_K, 0, 2},
	{quant.IQ4_XS, simd.DotIQ4_XSQ8_K, 0, -1},
	{quant.Q3_K, simd.DotQ3_KQ8_K, 108, -1},
	{quant.Q2_K, simd.DotQ2_KQ8_K, 80, 82},
}

// kquantWeightCases fill the weight super-blocks: code bytes (every byte
// but the fp16 scales) and fp16 scale bits.
var kquantWeightCases = []struct {
	name  string
	code  func(rng *rand.Rand) byte
	scale func(rng *rand.Rand) uint16
}{
	{"random", randomCode, randomF16},
	{"max codes", func(*rand.Rand) byte { return 0xFF }, randomF16},
	{"min codes", func(*rand.Rand) byte { return 0 }, randomF16},
	{"zero scales", randomCode, func(*rand.Rand) uint16 { return 0 }},
	{"max scales", randomCode, func(rng *rand.Rand) uint16 { return 0x7BFF | uint16(rng.IntN(2))<<15 }},
	{"subnormal scales", randomCode, func(rng *rand.Rand) uint16 { return uint16(1+rng.IntN(0x3FF)) | uint16(rng.IntN(2))<<15 }},
	{"max codes, max scales", func(*rand.Rand) byte { return 0xFF }, func(*rand.Rand) uint16 { return 0x7BFF }},
}

// randomF16 is the fp16 bits of randomScale.
func randomF16(rng *rand.Rand) uint16 { return float16.Fromfloat32(randomScale(rng)).Bits() }

// kquantActCases fill the activation rows that QuantizeQ8_K quantizes.
var kquantActCases = []struct {
	name string
	x    func(n int, rng *rand.Rand) []float32
}{
	{"random", activations},
	{"ones", func(n int, _ *rand.Rand) []float32 { return constRow(n, 1) }},        // codes -127
	{"minus ones", func(n int, _ *rand.Rand) []float32 { return constRow(n, -1) }}, // codes 127
	{"alternating", func(n int, _ *rand.Rand) []float32 {
		x := constRow(n, 3)
		for i := 1; i < n; i += 2 {
			x[i] = -3
		}
		return x
	}},
}

func constRow(n int, v float32) []float32 {
	x := make([]float32, n)
	for i := range x {
		x[i] = v
	}
	return x
}

// kquantWeights returns nb super-blocks of f filled as the weight case
// with index wc says.
func kquantWeights(f kquantFormat, nb, wc int, rng *rand.Rand) []byte {
	size := f.typ.BlockBytes()
	w := make([]byte, nb*size)
	for i := range w {
		w[i] = kquantWeightCases[wc].code(rng)
	}
	for b := 0; b < len(w); b += size {
		for _, off := range []int{f.d, f.dmin} {
			if off >= 0 {
				binary.LittleEndian.PutUint16(w[b+off:], kquantWeightCases[wc].scale(rng))
			}
		}
	}
	return w
}

// atOffset returns a copy of b starting off bytes into a larger buffer,
// which is filled with 0xA5 around it.
func atOffset(b []byte, off int) []byte {
	buf := bytes.Repeat([]byte{0xA5}, off+len(b)+32)
	return append(buf[:off], b...)[off : off+len(b) : off+len(b)]
}

// kquantMagnitude returns the sum over the super-blocks of the magnitudes
// of their scale term and their minimum term, from the dequantized values
// in float64: the scale of the float32 rounding of the dot products.
func kquantMagnitude(t *testing.T, f kquantFormat, w, act []byte, n int) float64 {
	size := f.typ.BlockBytes()
	af := dequantize(t, quant.Q8_K, act, n)
	// The weights with dmin = 0 are d*scale*q; with d = 0, -dmin*min.
	parts := [][]float32{dequantize(t, f.typ, w, n)}
	if f.dmin >= 0 {
		parts = parts[:0]
		for _, zero := range []int{f.dmin, f.d} {
			c := bytes.Clone(w)
			for b := 0; b < len(c); b += size {
				c[b+zero], c[b+zero+1] = 0, 0
			}
			parts = append(parts, dequantize(t, f.typ, c, n))
		}
	}
	var mag float64
	for b := 0; b < n; b += 256 {
		for _, p := range parts {
			var s float64
			for i := b; i < b+256; i++ {
				s += float64(p[i]) * float64(af[i])
			}
			mag += math.Abs(s)
		}
	}
	return mag
}

// TestDotKQuantMatchesGeneric runs every Q8_K dot kernel against its twin:
// the results must agree within 1e-5 of the sum of the super-block terms'
// magnitudes (the integer sums are exact; only the order of the float32
// scaling and summing differs).
func TestDotKQuantMatchesGeneric(t *testing.T) {
	for fi, f := range kquantFormats {
		t.Run(f.typ.String(), func(t *testing.T) {
			type input struct {
				name string
				n    int
				w, a []byte
				want float32
				mag  float64
			}
			var inputs []input
			restore, _ := simd.SelectImpl("Generic")
			for wc := range kquantWeightCases {
				for ac := range kquantActCases {
					rng := rand.New(rand.NewPCG(uint64(fi), uint64(wc*len(kquantActCases)+ac)))
					for k, nb := range kquantBlockCounts {
						n := 256 * nb
						act := make([]byte, nb*292)
						simd.QuantizeQ8_K(act, kquantActCases[ac].x(n, rng))
						w := kquantWeights(f, nb, wc, rng)
						in := input{
							name: fmt.Sprintf("%s weights, %s activations", kquantWeightCases[wc].name, kquantActCases[ac].name),
							n:    n,
							w:    atOffset(w, 1+(k+wc)%31),
							a:    atOffset(act, 1+(3*k+ac)%31),
						}
						in.want = f.dot(in.w, in.a, n)
						in.mag = kquantMagnitude(t, f, w, act, n)
						inputs = append(inputs, in)
					}
				}
			}
			restore()
			forEachImpl(t, func(t *testing.T) {
				impl := t.Name()
				for _, in := range inputs {
					got := f.dot(in.w, in.a, in.n)
					if d := math.Abs(float64(got) - float64(in.want)); !(d <= 1e-5*in.mag) {
						t.Errorf("%s, n=%d, %s: got %g, want %g (error %.3g of the terms' magnitude %g)",
							impl, in.n, in.name, got, in.want, d/in.mag, in.mag)
					}
				}
			})
		})
	}
}

// TestQuantizeQ8_KMatchesGeneric runs QuantizeQ8_K against its twin on
// random and extreme rows, unaligned, with guard bytes after dst: the
// blocks must be identical byte for byte.
func TestQuantizeQ8_KMatchesGeneric(t *testing.T) {
	inf, nan := float32(math.Inf(1)), float32(math.NaN())
	tiny := math.Float32frombits(1) // the smallest subnormal
	special := []struct {
		name string
		x    func(rng *rand.Rand) []float32
	}{
		{"zero", func(*rand.Rand) []float32 { return make([]float32, 256) }},
		{"negative zero", func(*rand.Rand) []float32 { return constRow(256, float32(math.Copysign(0, -1))) }},
		{"one value", func(rng *rand.Rand) []float32 { x := make([]float32, 256); x[rng.IntN(256)] = -3; return x }},
		{"last value", func(*rand.Rand) []float32 { x := make([]float32, 256); x[255] = 7; return x }},
		{"tie, positive first", func(*rand.Rand) []float32 { x := make([]float32, 256); x[40], x[200] = 5, -5; return x }},
		{"tie, negative first", func(*rand.Rand) []float32 { x := make([]float32, 256); x[3], x[4] = -5, 5; return x }},
		{"constant", func(*rand.Rand) []float32 { return constRow(256, 0.25) }},
		{"halves", func(*rand.Rand) []float32 { // x*iscale lands on halves
			x := make([]float32, 256)
			x[0] = -127
			for i := 1; i < 256; i++ {
				x[i] = float32(i%254-127) + 0.5
			}
			return x
		}},
		{"NaN", func(rng *rand.Rand) []float32 { x := randomRow(256, 1, rng); x[rng.IntN(256)] = nan; return x }},
		{"NaN payload", func(rng *rand.Rand) []float32 {
			x := randomRow(256, 1, rng)
			for i := 0; i < 256; i += 9 {
				x[i] = math.Float32frombits(0x7f800001 + uint32(rng.IntN(0x7fffff))) // NaNs with payloads
			}
			return x
		}},
		{"all NaN", func(*rand.Rand) []float32 { return constRow(256, nan) }},
		{"infinity", func(rng *rand.Rand) []float32 { x := randomRow(256, 1, rng); x[17] = inf; return x }},
		{"minus infinity", func(rng *rand.Rand) []float32 { x := randomRow(256, 1, rng); x[17] = -inf; return x }},
		{"subnormal", func(rng *rand.Rand) []float32 { x := randomRow(256, 1e-40, rng); x[9] = tiny; return x }},
		{"tiny", func(*rand.Rand) []float32 { x := make([]float32, 256); x[9], x[10] = tiny, -tiny; return x }},
		{"huge", func(rng *rand.Rand) []float32 { return randomRow(256, math.MaxFloat32, rng) }},
	}
	rng := rand.New(rand.NewPCG(7, 8))
	var rows [][]float32
	var names []string
	for _, s := range special {
		rows = append(rows, s.x(rng))
		names = append(names, s.name)
	}
	for _, nb := range kquantBlockCounts {
		rows = append(rows, activations(256*nb, rng))
		names = append(names, fmt.Sprintf("random, %d blocks", nb))
	}
	var mixed []float32 // every special block in one row
	for _, r := range rows[:len(special)] {
		mixed = append(mixed, r...)
	}
	rows = append(rows, mixed)
	names = append(names, "special blocks in one row")

	restore, _ := simd.SelectImpl("Generic")
	var wants [][]byte
	for _, x := range rows {
		want := make([]byte, len(x)/256*292)
		simd.QuantizeQ8_K(want, x)
		wants = append(wants, want)
	}
	restore()
	forEachImpl(t, func(t *testing.T) {
		for i, x := range rows {
			xoff := 1 + i%7
			xs := append(make([]float32, xoff), x...)[xoff:] // not 32-byte aligned
			off := 1 + i%31
			size := len(wants[i])
			buf := bytes.Repeat([]byte{0xA5}, off+size+32)
			simd.QuantizeQ8_K(buf[off:off+size:off+size], xs)
			got := buf[off : off+size]
			for blk := 0; blk < size; blk += 292 {
				if g, w := got[blk:blk+292], wants[i][blk:blk+292]; !bytes.Equal(g, w) {
					t.Errorf("%s, n=%d, %s, block %d:\n% x\nwant\n% x", t.Name(), len(x), names[i], blk/292, g, w)
				}
			}
			if g := buf[off+size:]; !bytes.Equal(g, bytes.Repeat([]byte{0xA5}, 32)) {
				t.Errorf("%s, n=%d, %s: wrote past dst: % x", t.Name(), len(x), names[i], g)
			}
			if g := buf[:off]; !bytes.Equal(g, bytes.Repeat([]byte{0xA5}, off)) {
				t.Errorf("%s, n=%d, %s: wrote before dst: % x", t.Name(), len(x), names[i], g)
			}
		}
	})
}

// randomRow returns n values uniform in (-mag, mag).
func randomRow(n int, mag float32, rng *rand.Rand) []float32 {
	x := make([]float32, n)
	for i := range x {
		x[i] = mag * (2*rng.Float32() - 1)
	}
	return x
}
