package simd_test

import (
	"bytes"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/x448/float16"

	"github.com/laminalabs/lamina/quant"
	"github.com/laminalabs/lamina/simd"
)

// TestF16ToF32 converts every half-precision value and compares with
// github.com/x448/float16.
func TestF16ToF32(t *testing.T) {
	forEachImpl(t, func(t *testing.T) {
		h := make([]uint16, 1<<16)
		for i := range h {
			h[i] = uint16(i)
		}
		got := make([]float32, len(h))
		simd.F16ToF32(got, h)
		for i, v := range got {
			want := float16.Frombits(h[i]).Float32()
			if math.Float32bits(v) != math.Float32bits(want) && !(isNaN(v) && isNaN(want)) {
				t.Errorf("F16ToF32(%#04x) = %g (%#08x), want %g", h[i], v, math.Float32bits(v), want)
			}
		}
	})
}

func isNaN(f float32) bool { return f != f }

// f16Edges are float32 values around the edges of half precision.
var f16Edges = []float32{
	0, 1, -1, 65504, 65519.996, 65520, -65520, 1e10, float32(math.Inf(1)), float32(math.Inf(-1)),
	0x1p-14, 0x1p-14 - 0x1p-25, 0x1p-14 - 0x1p-24, 0x1p-24, 0x1p-25, 0x1p-25 + 0x1p-40, 3 * 0x1p-25,
	0x1p-26, 1e-30, 1.00048828125, 1.0009765625 + 0x1p-11, math.MaxFloat32, math.SmallestNonzeroFloat32,
}

// TestF32ToF16 compares the conversion with github.com/x448/float16,
// which rounds to nearest even as F16C does, on edge values and random
// bit patterns; NaNs must stay quiet NaNs with their sign.
func TestF32ToF16(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	x := append([]float32(nil), f16Edges...)
	for _, v := range f16Edges {
		x = append(x, -v)
	}
	for range 1 << 16 {
		x = append(x, math.Float32frombits(rng.Uint32()))
	}
	forEachImpl(t, func(t *testing.T) {
		got := make([]uint16, len(x))
		simd.F32ToF16(got, x)
		for i, v := range x {
			if isNaN(v) {
				if got[i]&0x7e00 != 0x7e00 || got[i]>>15 != uint16(math.Float32bits(v)>>31) {
					t.Errorf("F32ToF16(NaN %#08x) = %#04x, want a quiet NaN", math.Float32bits(v), got[i])
				}
				continue
			}
			if want := float16.Fromfloat32(v).Bits(); got[i] != want {
				t.Errorf("F32ToF16(%g) = %#04x, want %#04x", v, got[i], want)
			}
		}
	})
}

// TestConvertRows checks the byte-row converters against quant's
// reference (byte for byte), and F32ToBF16 against quant's BF16.
func TestConvertRows(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	x := append(activations(999, rng), f16Edges...)
	x = append(x, float32(math.NaN()), float32(math.Copysign(math.NaN(), -1)))
	forEachImpl(t, func(t *testing.T) {
		for _, c := range []struct {
			typ      quant.Type
			quantize func([]byte, []float32)
		}{{quant.F16, simd.QuantizeF16}, {quant.BF16, simd.QuantizeBF16}, {quant.F32, simd.QuantizeF32}} {
			got, want := make([]byte, len(x)*c.typ.BlockBytes()), make([]byte, len(x)*c.typ.BlockBytes())
			c.quantize(got, x)
			if err := quant.Quantize(c.typ, want, x); err != nil {
				t.Fatal(err)
			}
			if c.typ == quant.F16 { // quant's F16 NaN payloads are its own
				got, want = got[:len(got)-4], want[:len(want)-4]
			}
			if !bytes.Equal(got, want) {
				t.Errorf("Quantize%s differs from quant's reference", c.typ)
			}
		}
		bf := make([]uint16, len(x))
		simd.F32ToBF16(bf, x)
		want := make([]byte, 2*len(x))
		if err := quant.Quantize(quant.BF16, want, x); err != nil {
			t.Fatal(err)
		}
		for i, h := range bf {
			if w := uint16(want[2*i]) | uint16(want[2*i+1])<<8; h != w {
				t.Errorf("F32ToBF16(%g) = %#04x, want %#04x", x[i], h, w)
			}
		}
	})
}
