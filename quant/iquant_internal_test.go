package quant

import (
	"math"
	"testing"
)

// TestIQBlockLayouts checks the byte layouts of iq1.go ... mxfp4.go against
// the format table.
func TestIQBlockLayouts(t *testing.T) {
	layouts := map[Type][2]int{
		IQ2_XXS: {QK_K, iq2xxsBytes}, IQ2_XS: {QK_K, iq2xsBytes}, IQ2_S: {QK_K, iq2sBytes},
		IQ3_XXS: {QK_K, iq3xxsBytes}, IQ3_S: {QK_K, iq3sBytes},
		IQ1_S: {QK_K, iq1sBytes}, IQ1_M: {QK_K, iq1mBytes},
		IQ4_NL: {iq4Sub, iq4nlBytes}, IQ4_XS: {QK_K, iq4xsBytes},
		TQ1_0: {QK_K, tq1Bytes}, TQ2_0: {QK_K, tq2Bytes}, MXFP4: {mxfp4Block, mxfp4Bytes},
	}
	for typ, l := range layouts {
		if typ.BlockSize() != l[0] || typ.BlockBytes() != l[1] {
			t.Errorf("%s: table says %d weights in %d bytes, the layout %d in %d",
				typ, typ.BlockSize(), typ.BlockBytes(), l[0], l[1])
		}
	}
}

// TestE8M0Half checks every exponent against 2^(e-128).
func TestE8M0Half(t *testing.T) {
	for e := range 256 {
		if got, want := e8m0Half(uint8(e)), float32(math.Ldexp(1, e-128)); got != want {
			t.Errorf("e8m0Half(%d) = %g, want %g", e, got, want)
		}
	}
}

// TestIQ4Index compares the table lookup with a scan for the nearest level,
// ties going to the upper one, around every midpoint, on a sweep and at
// the extremes.
func TestIQ4Index(t *testing.T) {
	var xs []float32
	for j := 1; j < len(kvaluesIQ4NL); j++ {
		mid := float32(int(kvaluesIQ4NL[j-1])+int(kvaluesIQ4NL[j])) / 2
		xs = append(xs, mid, math.Nextafter32(mid, -1000), math.Nextafter32(mid, 1000))
	}
	for i := -2000; i <= 2000; i++ {
		xs = append(xs, float32(i)/7)
	}
	xs = append(xs, 0, float32(math.Copysign(0, -1)), 1e6, -1e6)
	for _, x := range xs {
		want := 0
		for j := range kvaluesIQ4NL {
			if math.Abs(float64(x)-float64(kvaluesIQ4NL[j])) <= math.Abs(float64(x)-float64(kvaluesIQ4NL[want])) {
				want = j
			}
		}
		if got := iq4Index(x); int(got) != want {
			t.Errorf("iq4Index(%g) = %d, want %d", x, got, want)
		}
	}
	extremes := map[float32]uint8{
		float32(math.NaN()): 0, float32(math.Inf(-1)): 0, -math.MaxFloat32: 0, -1e30: 0,
		1e30: 15, math.MaxFloat32: 15, float32(math.Inf(1)): 15,
	}
	for x, want := range extremes {
		if got := iq4Index(x); got != want {
			t.Errorf("iq4Index(%g) = %d, want %d as in ggml", x, got, want)
		}
	}
}

// TestNegateIf checks that negateIf flips the sign bit of zeros too, as a
// multiplication by -1 does.
func TestNegateIf(t *testing.T) {
	for _, v := range []float32{0, float32(math.Copysign(0, -1)), 1.5, -2} {
		if got, want := math.Float32bits(negateIf(v, 1)), math.Float32bits(v*-1); got != want {
			t.Errorf("negateIf(%g, 1) = %#x, want %#x", v, got, want)
		}
		if got := negateIf(v, 2); math.Float32bits(got) != math.Float32bits(v) {
			t.Errorf("negateIf(%g, 2) = %g, want it unchanged", v, got)
		}
	}
}
