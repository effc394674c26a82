package simd_test

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/laminalabs/lamina/simd"
)

// vecLengths are the element counts of the f32 tests: every count up to
// two vectors of 8, and odd counts around larger widths.
var vecLengths = []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 31, 32, 33, 63, 64, 65, 100, 1023, 4103}

// randomVec returns n values of magnitude up to 10 and a guard value
// appended after them, to catch writes past the end.
func randomVec(n int, rng *rand.Rand) []float32 {
	x := make([]float32, n, n+1)
	for i := range x {
		x[i] = 20*rng.Float32() - 10
	}
	return append(x, guard)[:n]
}

const guard = float32(-12345.5)

func checkGuard(t *testing.T, name string, x []float32) {
	t.Helper()
	if g := x[:len(x)+1][len(x)]; g != guard {
		t.Errorf("%s wrote past element %d", name, len(x))
	}
}

func TestDotF32(t *testing.T) {
	forEachImpl(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(11, 12))
		for _, n := range vecLengths {
			x, y := randomVec(n, rng), randomVec(n+3, rng)
			var want, mag float64
			for i := range x {
				p := float64(x[i]) * float64(y[i])
				want += p
				mag += math.Abs(p)
			}
			if got := simd.Dot(x, y); !(math.Abs(float64(got)-want) <= 1e-6*mag) {
				t.Errorf("n=%d: Dot = %g, want %g", n, got, want)
			}
		}
	})
}

func TestAxpyScale(t *testing.T) {
	forEachImpl(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(13, 14))
		for _, n := range vecLengths {
			x, dst := randomVec(n, rng), randomVec(n, rng)
			a := 20*rng.Float32() - 10
			want := slices.Clone(dst)
			for i := range want {
				want[i] += float32(x[i] * a)
			}
			simd.Axpy(dst, x, a)
			if !slices.Equal(dst, want) {
				t.Errorf("n=%d: Axpy = %v, want %v", n, dst, want)
			}
			checkGuard(t, "Axpy", dst)
			for i := range want {
				want[i] *= a
			}
			simd.Scale(dst, a)
			if !slices.Equal(dst, want) {
				t.Errorf("n=%d: Scale = %v, want %v", n, dst, want)
			}
			checkGuard(t, "Scale", dst)
		}
	})
}

func TestMax(t *testing.T) {
	nan, inf := float32(math.NaN()), float32(math.Inf(1))
	cases := []struct {
		x    []float32
		want float32
	}{
		{nil, -inf},
		{[]float32{-inf}, -inf},
		{[]float32{-3, -1, -2}, -1},
		{[]float32{nan, 1}, 1},   // MAX(NaN, 1) = 1
		{[]float32{1, nan}, nan}, // MAX(1, NaN) = NaN
	}
	forEachImpl(t, func(t *testing.T) {
		for _, c := range cases {
			if got := simd.Max(c.x); math.Float32bits(got) != math.Float32bits(c.want) && !(isNaN(got) && isNaN(c.want)) {
				t.Errorf("Max(%v) = %g, want %g", c.x, got, c.want)
			}
		}
		rng := rand.New(rand.NewPCG(15, 16))
		for _, n := range vecLengths[1:] {
			x := randomVec(n, rng)
			if got, want := simd.Max(x), slices.Max(x); got != want {
				t.Errorf("n=%d: Max = %g, want %g", n, got, want)
			}
		}
	})
}

func TestExpSum(t *testing.T) {
	forEachImpl(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(17, 18))
		for _, n := range vecLengths {
			x := randomVec(n, rng)
			m := simd.Max(x)
			dst := randomVec(n, rng)
			sum := simd.ExpSum(dst, x, m)
			var want float64
			for i, v := range x {
				e := math.Exp(float64(v - m))
				want += e
				if math.Abs(float64(dst[i])-e) > 1e-7*e {
					t.Errorf("n=%d: exp(%g) = %g, want %g", n, v-m, dst[i], e)
				}
			}
			if math.Abs(sum-want) > 1e-7*want {
				t.Errorf("n=%d: ExpSum = %g, want %g", n, sum, want)
			}
			checkGuard(t, "ExpSum", dst)
			if again := simd.ExpSum(x, x, m); again != sum || !slices.Equal(x, dst) {
				t.Errorf("n=%d: ExpSum in place differs", n)
			}
		}
	})
}

func TestSumSquares(t *testing.T) {
	forEachImpl(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(19, 20))
		for _, n := range vecLengths {
			x := randomVec(n, rng)
			var want float64
			for _, v := range x {
				want += float64(v) * float64(v)
			}
			if got := simd.SumSquares(x); math.Abs(got-want) > 1e-7*want {
				t.Errorf("n=%d: SumSquares = %g, want %g", n, got, want)
			}
		}
	})
}

func TestSwiGLU(t *testing.T) {
	forEachImpl(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(21, 22))
		lengths := append(vecLengths[:len(vecLengths):len(vecLengths)], 11)
		for _, n := range lengths {
			gate, up := randomVec(n, rng), randomVec(n, rng)
			if n == 11 {
				// Extremes: exp(-x) overflowing and underflowing float32,
				// zeros, infinities and a NaN.
				copy(gate, []float32{-200, 200, -89, 89, 0, float32(math.Copysign(0, -1)), float32(math.Inf(1)), float32(math.Inf(-1)), float32(math.NaN()), 1e-30, -1e-30})
			}
			want := make([]float32, n)
			for i, x := range gate {
				want[i] = x / (1 + float32(math.Exp(float64(-x)))) * up[i]
			}
			simd.SwiGLU(gate, up)
			for i, got := range gate {
				w := want[i]
				if got == w || (math.IsNaN(float64(got)) && math.IsNaN(float64(w))) {
					continue
				}
				if math.Abs(float64(got-w)) > 2e-7*math.Abs(float64(w)) {
					t.Errorf("n=%d: SwiGLU[%d] = %g, want %g", n, i, got, w)
				}
			}
			checkGuard(t, "SwiGLU", gate)
		}
	})
}
