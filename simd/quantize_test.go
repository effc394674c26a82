package simd_test

import (
	"bytes"
	"encoding/binary"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/x448/float16"

	"github.com/laminalabs/lamina/quant"
	"github.com/laminalabs/lamina/simd"
)

// block32 returns a block of 32 values starting with vals, then zeros.
func block32(vals ...float32) []float32 {
	x := make([]float32, 32)
	copy(x, vals)
	return x
}

// onesWith returns a block of 32 ones but for x[i] = v.
func onesWith(i int, v float32) []float32 {
	x := make([]float32, 32)
	for j := range x {
		x[j] = 1
	}
	x[i] = v
	return x
}

// TestQuantizeQ8_0Rounding checks hand-computed blocks that tell llama.cpp's
// x86 activation quantizer apart from the reference one: codes are
// round(x*(127/amax)) with halves to even, NaNs and infinities go the way
// of ROUNDPS, CVTPS2DQ and the saturating packs.
func TestQuantizeQ8_0Rounding(t *testing.T) {
	inf, nan := float32(math.Inf(1)), float32(math.NaN())
	cases := []struct {
		name  string
		x     []float32
		d     float32 // the scale before its rounding to fp16
		codes []int8  // the first codes
		fill  int8    // the other codes
		sum   int32   // the sum of the codes before saturation, wrapped
	}{
		// amax = 127 makes 127/amax = 1: the codes are x rounded, halves to
		// even (the reference rounds halves away from zero: 1, 3, -1, -3, -127).
		{"halves to even", block32(127, 0.5, 1.5, 2.5, -0.5, -2.5, 3.5, -126.5),
			1, []int8{127, 0, 2, 2, 0, -2, 4, -126}, 0, 7},
		// With amax = 0.3, x*(127/amax) is -126.5 and -125.49999 for these
		// two values; the reference's x*(1/d) is -126.50001 and -125.5.
		{"id is 127/amax", block32(0.3, math.Float32frombits(0xbe98fecb), math.Float32frombits(0xbe97c92c)),
			float32(0.3) / 127, []int8{127, -126, -125}, 0, -124},
		{"zero block", block32(), 0, nil, 0, 0},
		// 127/Inf is 0, Inf*0 is NaN, which converts to MinInt32 and
		// saturates to -128.
		{"infinity", block32(inf, 1, -1), inf, []int8{-128, 0, 0}, 0, math.MinInt32},
		// A NaN in lane 0 of the first row loses every MAXPS: amax = 1.
		{"NaN", onesWith(0, nan), float32(1) / 127, []int8{-128}, 127, math.MinInt32 + 31*127},
	}
	forEachImpl(t, func(t *testing.T) {
		for _, c := range cases {
			want0 := make([]byte, 34)
			binary.LittleEndian.PutUint16(want0, float16.Fromfloat32(c.d).Bits())
			for j := range 32 {
				code := c.fill
				if j < len(c.codes) {
					code = c.codes[j]
				}
				want0[2+j] = byte(code)
			}
			got0 := make([]byte, 34)
			simd.QuantizeQ8_0(got0, c.x)
			if !bytes.Equal(got0, want0) {
				t.Errorf("%s: QuantizeQ8_0 wrote\n% x\nwant\n% x", c.name, got0, want0)
			}
			want1 := append(append(want0[:2:2], 0, 0), want0[2:]...)
			binary.LittleEndian.PutUint16(want1[2:], float16.Fromfloat32(c.d*float32(c.sum)).Bits())
			got1 := make([]byte, 36)
			simd.QuantizeQ8_1(got1, c.x)
			if !bytes.Equal(got1, want1) {
				t.Errorf("%s: QuantizeQ8_1 wrote\n% x\nwant\n% x", c.name, got1, want1)
			}
		}
	})
}

// TestQuantizeQ8MatchesReference compares QuantizeQ8_0 and QuantizeQ8_1
// with quant's reference quantizers on random rows: the scales agree, and
// a code differs by one at most, only where x*127/amax is within a hair of
// a half. The sums s of Q8_1 follow the codes.
func TestQuantizeQ8MatchesReference(t *testing.T) {
	forEachImpl(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(1, 2))
		for range 20 {
			x := activations(32*33, rng)
			for _, c := range []struct {
				typ      quant.Type
				quantize func([]byte, []float32)
			}{{quant.Q8_0, simd.QuantizeQ8_0}, {quant.Q8_1, simd.QuantizeQ8_1}} {
				size := c.typ.BlockBytes()
				got, ref := make([]byte, 33*size), make([]byte, 33*size)
				c.quantize(got, x)
				if err := quant.Quantize(c.typ, ref, x); err != nil {
					t.Fatal(err)
				}
				for blk := range 33 {
					g, r, xb := got[blk*size:][:size], ref[blk*size:][:size], x[32*blk:][:32]
					checkQ8Block(t, c.typ, g, r, xb)
				}
			}
		}
	})
}

func checkQ8Block(t *testing.T, typ quant.Type, got, ref []byte, x []float32) {
	t.Helper()
	if !bytes.Equal(got[:2], ref[:2]) {
		t.Fatalf("%s: scale % x, reference % x", typ, got[:2], ref[:2])
	}
	var amax float32
	for _, v := range x {
		amax = max(amax, float32(math.Abs(float64(v))))
	}
	off := len(got) - 32
	sum := 0
	for j, v := range x {
		g, r := int8(got[off+j]), int8(ref[off+j])
		sum += int(g)
		if g == r {
			continue
		}
		scaled := float64(v) * 127 / float64(amax)
		if d := math.Abs(math.Abs(scaled-math.Trunc(scaled)) - 0.5); d > 1e-4 || max(g-r, r-g) != 1 {
			t.Errorf("%s: x=%g: code %d, reference %d (x*127/amax = %.7f)", typ, v, g, r, scaled)
		}
	}
	if typ == quant.Q8_1 {
		d := float32(amax) / 127
		if s := binary.LittleEndian.Uint16(got[2:]); s != float16.Fromfloat32(d*float32(sum)).Bits() {
			t.Errorf("Q8_1: s = %#04x, want fp16(%g*%d)", s, d, sum)
		}
	}
}

// TestQuantizeQ8_K compares QuantizeQ8_K byte for byte with quant's
// reference quantizer, which llama.cpp's x86 build uses for activations.
func TestQuantizeQ8_K(t *testing.T) {
	blocks := [][]float32{
		make([]float32, 256), // all zero
		func() []float32 { x := make([]float32, 256); x[17] = -3; return x }(),
		func() []float32 { x := make([]float32, 256); x[0], x[1] = 5, -5; return x }(),
	}
	rng := rand.New(rand.NewPCG(3, 4))
	for _, mag := range []float32{1e-30, 1e-3, 1, 1e3, 1e30} {
		x := make([]float32, 256)
		for i := range x {
			x[i] = mag * (2*rng.Float32() - 1)
		}
		blocks = append(blocks, x)
	}
	var row []float32
	for _, b := range blocks {
		row = append(row, b...)
	}
	row = append(row, activations(256*7, rng)...)
	forEachImpl(t, func(t *testing.T) {
		got, want := make([]byte, len(row)/256*292), make([]byte, len(row)/256*292)
		simd.QuantizeQ8_K(got, row)
		if err := quant.Quantize(quant.Q8_K, want, row); err != nil {
			t.Fatal(err)
		}
		for blk := range len(row) / 256 {
			if g, w := got[blk*292:][:292], want[blk*292:][:292]; !bytes.Equal(g, w) {
				t.Errorf("block %d:\n% x\nwant\n% x", blk, g, w)
			}
		}
	})
}

// TestQuantizeGuard checks that every activation quantizer writes exactly
// the bytes of its blocks.
func TestQuantizeGuard(t *testing.T) {
	forEachImpl(t, func(t *testing.T) {
		for _, wt := range simd.WeightTypes() {
			k, _ := simd.KernelFor(wt)
			n := 2 * 256
			x := activations(n, rand.New(rand.NewPCG(5, 6)))
			size := n / k.ActBlockSize * k.ActBlockBytes
			dst := bytes.Repeat([]byte{0xA5}, size+16)
			k.Quantize(dst[:size], x)
			if !bytes.Equal(dst[size:], bytes.Repeat([]byte{0xA5}, 16)) {
				t.Errorf("%s activations: wrote past the row: % x", quant.Type(k.ActType), dst[size:])
			}
		}
	})
}
