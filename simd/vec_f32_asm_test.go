package simd_test

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/laminalabs/lamina/simd"
)

// This file and dot_float_test.go and convert_asm_test.go test the float
// kernels of every implementation against the pure-Go twins: on every
// length of vecLengths, at several offsets into larger buffers (so vector
// loads are unaligned), with guard words around every destination, on
// random values and on special ones (signed zeros, subnormals, infinities,
// quiet and signalling NaNs).

// floatOffsets are the offsets, in elements, at which the differential
// tests start their slices inside larger buffers.
var floatOffsets = []int{0, 1, 3, 7}

// floatGuard is the bit pattern of the guard words around destinations: a
// signalling NaN that no kernel produces.
const floatGuard = 0x7fa5a5a5

// floatTwin runs f with the exported kernels switched to the pure-Go twins.
func floatTwin(f func()) {
	restore, _ := simd.SelectImpl("Generic")
	defer restore()
	f()
}

// guardedF32 returns a buffer of off+n+8 guard words and its slice
// [off, off+n), filled from x.
func guardedF32(x []float32, off int) (buf, s []float32) {
	buf = make([]float32, off+len(x)+8)
	for i := range buf {
		buf[i] = math.Float32frombits(floatGuard)
	}
	s = buf[off : off+len(x) : off+len(x)]
	copy(s, x)
	return buf, s
}

// checkGuardsF32 reports words of buf outside [off, off+n) that are no
// longer guards.
func checkGuardsF32(t *testing.T, what string, buf []float32, off, n int) {
	t.Helper()
	for i, v := range buf {
		if (i < off || i >= off+n) && math.Float32bits(v) != floatGuard {
			t.Errorf("%s: wrote %#08x at index %d outside [%d, %d)", what, math.Float32bits(v), i-off, 0, n)
			return
		}
	}
}

// floatSpecials are the special float32 values the cases mix in.
var floatSpecials = []float32{
	0, float32(math.Copysign(0, -1)), 1, -1, 0x1p-149, -0x1p-149, 0x1p-126, 0x1.fffffcp-127,
	math.MaxFloat32, -math.MaxFloat32, float32(math.Inf(1)), float32(math.Inf(-1)),
	math.Float32frombits(0x7fc00000), math.Float32frombits(0xffc00001), // quiet NaNs
	math.Float32frombits(0x7f800001), math.Float32frombits(0xff9fffff), // signalling NaNs
}

// floatCase fills n values for a test case.
type floatCase struct {
	name string
	fill func(n int, rng *rand.Rand) []float32
}

// finiteCases have finite values whose products and squares are finite,
// for the reductions.
var finiteCases = []floatCase{
	{"random", func(n int, rng *rand.Rand) []float32 {
		x := make([]float32, n)
		for i := range x {
			x[i] = 20*rng.Float32() - 10
		}
		return x
	}},
	{"magnitudes", func(n int, rng *rand.Rand) []float32 {
		x := make([]float32, n)
		for i := range x {
			x[i] = float32(math.Ldexp(2*rng.Float64()-1, rng.IntN(60)-30))
		}
		return x
	}},
	{"subnormal", func(n int, rng *rand.Rand) []float32 {
		x := make([]float32, n)
		for i := range x {
			x[i] = math.Float32frombits(rng.Uint32() & 0x807fffff)
		}
		return x
	}},
	{"zeros", func(n int, rng *rand.Rand) []float32 { return make([]float32, n) }},
}

// allCases add random bit patterns and the specials, for the elementwise
// kernels.
var allCases = append(finiteCases[:len(finiteCases):len(finiteCases)],
	floatCase{"bits", func(n int, rng *rand.Rand) []float32 {
		x := make([]float32, n)
		for i := range x {
			x[i] = math.Float32frombits(rng.Uint32())
		}
		return x
	}},
	floatCase{"specials", func(n int, rng *rand.Rand) []float32 {
		x := make([]float32, n)
		for i := range x {
			x[i] = floatSpecials[rng.IntN(len(floatSpecials))]
		}
		return x
	}},
)

// sameF32 reports whether a and b are the same bits, or both NaNs (a NaN
// operand's payload may be kept by either operand order).
func sameF32(a, b float32) bool {
	return math.Float32bits(a) == math.Float32bits(b) || isNaN(a) && isNaN(b)
}

// ulpsF32 returns how many float32 values lie between a and b (0 when
// they are equal, NaN-equal or both zeros).
func ulpsF32(a, b float32) uint32 {
	if a == b || isNaN(a) && isNaN(b) {
		return 0
	}
	if isNaN(a) || isNaN(b) {
		return math.MaxUint32
	}
	ord := func(f float32) int64 { // monotonic in f
		u := math.Float32bits(f)
		if u>>31 != 0 {
			return -int64(u &^ (1 << 31))
		}
		return int64(u)
	}
	d := ord(a) - ord(b)
	if d < 0 {
		d = -d
	}
	return uint32(min(d, math.MaxUint32))
}

// TestDotAsm checks Dot against its twin: the AVX2 kernel sums in float32
// lanes, so it must be within 1e-6 of the sum of the products' magnitudes.
func TestDotAsm(t *testing.T) {
	forEachImpl(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(31, 32))
		for _, c := range finiteCases {
			for _, n := range vecLengths {
				for _, off := range floatOffsets {
					_, x := guardedF32(c.fill(n, rng), off)
					_, y := guardedF32(c.fill(n+off, rng), 7-off)
					var want float32
					floatTwin(func() { want = simd.Dot(x, y) })
					got := simd.Dot(x, y)
					var mag float64
					for i := range x {
						mag += math.Abs(float64(x[i]) * float64(y[i]))
					}
					if !(math.Abs(float64(got)-float64(want)) <= 1e-6*mag) {
						t.Errorf("%s, n=%d, offset %d: Dot = %g, twin %g (magnitude %g)", c.name, n, off, got, want, mag)
					}
				}
			}
		}
		for _, s := range floatSpecials { // infinities and NaNs reach the result
			x := []float32{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}
			for i := range x {
				x[i] = s
				var want float32
				floatTwin(func() { want = simd.Dot(x, x) })
				if got := simd.Dot(x, x); !sameF32(got, want) && !(math.Abs(float64(got-want)) <= 1e-6*math.Abs(float64(want))) {
					t.Errorf("Dot with %g at %d = %g, twin %g", s, i, got, want)
				}
				x[i] = float32(i + 1)
			}
		}
	})
}

// TestAxpyScaleAsm checks that Axpy and Scale are bit-identical to their
// twins (NaNs only need to stay NaNs).
func TestAxpyScaleAsm(t *testing.T) {
	as := append([]float32{0.5, -3.25, 1e-30, 1e30}, floatSpecials...)
	forEachImpl(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(33, 34))
		for _, c := range allCases {
			for _, n := range vecLengths {
				for _, off := range floatOffsets {
					a := as[rng.IntN(len(as))]
					x := c.fill(n, rng)
					d := c.fill(n, rng)
					_, xs := guardedF32(x, 7-off)
					buf, dst := guardedF32(d, off)
					want := append([]float32(nil), d...)
					floatTwin(func() { simd.Axpy(want, x, a) })
					simd.Axpy(dst, xs, a)
					checkGuardsF32(t, "Axpy", buf, off, n)
					for i := range dst {
						if !sameF32(dst[i], want[i]) {
							t.Errorf("%s, n=%d, offset %d: Axpy(a=%g) [%d] = %g, twin %g (dst %g, x %g)",
								c.name, n, off, a, i, dst[i], want[i], d[i], x[i])
							break
						}
					}
					floatTwin(func() { simd.Scale(want, a) })
					simd.Scale(dst, a)
					checkGuardsF32(t, "Scale", buf, off, n)
					for i := range dst {
						if !sameF32(dst[i], want[i]) {
							t.Errorf("%s, n=%d, offset %d: Scale(a=%g) [%d] = %g, twin %g", c.name, n, off, a, i, dst[i], want[i])
							break
						}
					}
				}
			}
		}
	})
}

// TestMaxAsm checks that Max returns the twin's bits exactly, NaN payloads
// and the sign of a zero maximum included: NaNs and zeros are placed in
// the vector body and in the tail.
func TestMaxAsm(t *testing.T) {
	negZero := float32(math.Copysign(0, -1))
	nan := math.Float32frombits(0x7fc0beef)
	forEachImpl(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(35, 36))
		check := func(what string, x []float32) {
			t.Helper()
			var want float32
			floatTwin(func() { want = simd.Max(x) })
			if got := simd.Max(x); math.Float32bits(got) != math.Float32bits(want) {
				t.Errorf("%s, n=%d: Max = %g (%#08x), twin %g (%#08x)", what, len(x), got, math.Float32bits(got), want, math.Float32bits(want))
			}
		}
		for _, c := range allCases {
			for _, n := range vecLengths {
				for _, off := range floatOffsets {
					_, x := guardedF32(c.fill(n, rng), off)
					check(c.name, x)
				}
			}
		}
		for _, n := range vecLengths[1:] {
			for _, at := range []int{0, n / 2, n - 1, rng.IntN(n)} {
				x := make([]float32, n)
				for i := range x {
					x[i] = -1 - rng.Float32()
				}
				x[at] = nan
				check("one NaN", x)
				x[at] = -1
				if at+1 < n {
					x[at+1] = 1 // a larger element after the NaN
				}
				x[at] = nan
				check("NaN then larger", x)
				for i := range x { // zero maximum with both signs
					x[i] = -1
				}
				x[at], x[n-1-at] = 0, negZero
				check("±0 maximum", x)
				x[at], x[n-1-at] = negZero, 0
				check("∓0 maximum", x)
				for i := range x {
					x[i] = float32(math.Inf(-1))
				}
				check("all -Inf", x)
				x[at] = float32(math.Inf(1))
				check("+Inf", x)
			}
		}
	})
}

// TestSumSquaresAsm checks SumSquares against its twin: both sum the same
// float32 squares in float64, in different orders, so they agree to 1e-12
// relative.
func TestSumSquaresAsm(t *testing.T) {
	forEachImpl(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(37, 38))
		for _, c := range finiteCases {
			for _, n := range vecLengths {
				for _, off := range floatOffsets {
					_, x := guardedF32(c.fill(n, rng), off)
					var want float64
					floatTwin(func() { want = simd.SumSquares(x) })
					if got := simd.SumSquares(x); !(math.Abs(got-want) <= 1e-12*want) {
						t.Errorf("%s, n=%d, offset %d: SumSquares = %g, twin %g", c.name, n, off, got, want)
					}
				}
			}
		}
		for _, s := range floatSpecials { // overflowing squares, infinities, NaNs
			x := make([]float32, 13)
			for i := range x {
				x[i] = s
				var want float64
				floatTwin(func() { want = simd.SumSquares(x) })
				if got := simd.SumSquares(x); got != want && !(got != got && want != want) {
					t.Errorf("SumSquares with %g at %d = %g, twin %g", s, i, got, want)
				}
				x[i] = 0
			}
		}
	})
}

// expSumCheck runs ExpSum on x and max, out of place and in place, and
// compares it with its twin: each dst[i] within 1 float32 ulp of the
// twin's (NaN where the twin has NaN), the sum within 1e-12 relative. It
// returns how many dst values were not identical.
func expSumCheck(t *testing.T, what string, x []float32, max float32, off int) (mismatches int) {
	t.Helper()
	n := len(x)
	want := make([]float32, n)
	var wantSum float64
	floatTwin(func() { wantSum = simd.ExpSum(want, x, max) })
	_, xs := guardedF32(x, 7-off)
	buf, dst := guardedF32(make([]float32, n), off)
	sum := simd.ExpSum(dst, xs, max)
	checkGuardsF32(t, "ExpSum", buf, off, n)
	for i := range dst {
		if d := ulpsF32(dst[i], want[i]); d > 1 {
			t.Errorf("%s, n=%d, offset %d: exp(%g - %g) = %g, twin %g (%d ulps)", what, n, off, x[i], max, dst[i], want[i], d)
			break
		} else if d == 1 {
			mismatches++
		}
	}
	if !(math.Abs(sum-wantSum) <= 1e-12*wantSum) && !(sum == wantSum) && !(sum != sum && wantSum != wantSum) {
		t.Errorf("%s, n=%d, offset %d: ExpSum = %g, twin %g", what, n, off, sum, wantSum)
	}
	inBuf, in := guardedF32(x, off) // dst aliasing x
	again := simd.ExpSum(in, in, max)
	checkGuardsF32(t, "ExpSum in place", inBuf, off, n)
	if math.Float64bits(again) != math.Float64bits(sum) && !(again != again && sum != sum) {
		t.Errorf("%s, n=%d, offset %d: ExpSum in place = %g, out of place %g", what, n, off, again, sum)
	}
	for i := range in {
		if !sameF32(in[i], dst[i]) {
			t.Errorf("%s, n=%d, offset %d: ExpSum in place [%d] = %g, out of place %g", what, n, off, i, in[i], dst[i])
			break
		}
	}
	return mismatches
}

// TestExpSumAsm checks ExpSum against its twin on softmax-like rows, on
// rows that reach 0, subnormal results and overflow, and on the specials
// (exp(-Inf) = 0, exp(+Inf) = +Inf, NaNs stay NaNs).
func TestExpSumAsm(t *testing.T) {
	forEachImpl(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(39, 40))
		mismatches, total := 0, 0
		for _, c := range allCases {
			for _, n := range vecLengths {
				for _, off := range floatOffsets {
					x := c.fill(n, rng)
					var max float32
					switch c.name {
					case "random", "magnitudes":
						max = simd.Max(x)
					default: // a max that puts the bit patterns across exp's range
						max = 100*rng.Float32() - 50
					}
					mismatches += expSumCheck(t, c.name, x, max, off)
					total += n
				}
			}
		}
		for _, n := range vecLengths {
			x := make([]float32, n)
			for i := range x { // t = x - 0 spread over [-130, 110]
				x[i] = 240*rng.Float32() - 130
			}
			mismatches += expSumCheck(t, "wide", x, 0, 1)
			total += n
		}
		if mismatches > 0 {
			t.Logf("%d of %d results 1 ulp from the twin", mismatches, total)
		}
	})
}

// TestExpAccuracy sweeps t = x - 0 over exp's float32 range, and the
// edges where the result turns subnormal, zero or infinite, comparing
// each exp with math.Exp rounded to float32: every result must be within
// 1 ulp of it, and all but a handful (near a float32 rounding boundary)
// identical.
func TestExpAccuracy(t *testing.T) {
	var x []float32
	for _, e := range []float64{0, -87.33654, -103.27893, -103.97208, -104.5, 88.72283, 88.7229} {
		c := float32(e)
		for i := range 64 {
			x = append(x, math.Float32frombits(math.Float32bits(c)+uint32(i)), -math.Float32frombits(math.Float32bits(-c)+uint32(i)))
		}
	}
	x = append(x, float32(math.Inf(-1)), float32(math.Inf(1)), -math.MaxFloat32, math.MaxFloat32, 1e-30, -1e-30,
		float32(math.NaN()), float32(math.Copysign(0, -1)), -1000, 1000)
	rng := rand.New(rand.NewPCG(41, 42))
	for range 1 << 18 {
		x = append(x, 210*rng.Float32()-110)
	}
	for range 1 << 14 { // small |t|, where exp is near 1
		x = append(x, float32(math.Ldexp(2*rng.Float64()-1, -rng.IntN(30))))
	}
	forEachImpl(t, func(t *testing.T) {
		dst := make([]float32, len(x))
		simd.ExpSum(dst, x, 0)
		var worst float64
		mismatches := 0
		for i, v := range x {
			want := float32(math.Exp(float64(v)))
			if d := ulpsF32(dst[i], want); d > 1 {
				t.Errorf("exp(%g) = %g, want %g (%d ulps)", v, dst[i], want, d)
			} else if d == 1 {
				mismatches++
			}
			if e := math.Exp(float64(v)); e >= 0x1p-126 && e <= math.MaxFloat32 {
				worst = math.Max(worst, math.Abs(float64(dst[i])-e)/e)
			}
		}
		if mismatches > 8 {
			t.Errorf("%d of %d results 1 ulp from math.Exp rounded to float32", mismatches, len(x))
		}
		t.Logf("max relative error against math.Exp: %.3g (%d of %d results 1 ulp off)", worst, mismatches, len(x))
	})
}
