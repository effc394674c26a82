package simd_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/laminalabs/lamina/simd"
)

// The multi-row kernels must give, on every implementation, exactly the
// bits of the one-row kernels of the same implementation called row by
// row: DotRows those of Dot, AxpyRows those of Axpy in row order.

// rowsLengths are the row lengths (len(x), len(dst)) the tests try.
var rowsLengths = []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65, 128, 129}

// rowsCounts are the numbers of rows the tests try.
var rowsCounts = []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 100}

// rowsStrides returns the strides tried for rows of n elements.
func rowsStrides(n int) []int { return []int{n, n + 1, 2*n + 5} }

// rowsCases fill the inputs: random values, and random values mixed with
// floatSpecials (signed zeros, subnormals, infinities, NaNs).
var rowsCases = []floatCase{
	{"random", func(n int, rng *rand.Rand) []float32 {
		x := make([]float32, n)
		for i := range x {
			x[i] = 4*rng.Float32() - 2
		}
		return x
	}},
	{"specials", func(n int, rng *rand.Rand) []float32 {
		x := make([]float32, n)
		for i := range x {
			if rng.IntN(8) == 0 {
				x[i] = floatSpecials[rng.IntN(len(floatSpecials))]
			} else {
				x[i] = 4*rng.Float32() - 2
			}
		}
		return x
	}},
}

// rowsBuffer returns m rows of n values, stride apart, starting off
// elements into the returned slice, which ends with the last row.
func rowsBuffer(c floatCase, m, n, stride, off int, rng *rand.Rand) []float32 {
	size := off
	if m > 0 {
		size += (m-1)*stride + n
	}
	return c.fill(size, rng)[off:]
}

// sameBits reports whether a and b have the same bits. On the pure-Go
// twins any two NaNs count as the same: when both operands of an addition
// are NaNs, which one's payload the result carries depends on the operand
// order the compiler picks for the commutative operation, which it may
// pick differently where the one-row twin is inlined. The assembly kernels
// fix their operand order, and there the payloads must match too.
func sameBits(a, b float32) bool {
	if p := simd.Path(); (p == "generic" || p == "purego") && a != a && b != b {
		return true
	}
	return math.Float32bits(a) == math.Float32bits(b)
}

func TestDotRows(t *testing.T) {
	forEachImpl(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(7, 1))
		for _, c := range rowsCases {
			for _, n := range rowsLengths {
				for _, m := range rowsCounts {
					for _, stride := range rowsStrides(n) {
						for _, off := range floatOffsets {
							name := fmt.Sprintf("%s n=%d m=%d stride=%d off=%d", c.name, n, m, stride, off)
							_, x := guardedF32(c.fill(n, rng), off)
							rows := rowsBuffer(c, m, n, stride, off, rng)
							want := make([]float32, m)
							for j := range want {
								want[j] = simd.Dot(x, rows[j*stride:j*stride+n])
							}
							buf, dst := guardedF32(make([]float32, m), off)
							simd.DotRows(dst, x, rows, stride)
							for j := range want {
								if !sameBits(dst[j], want[j]) {
									t.Fatalf("%s: row %d: got %v (%#08x), want Dot's %v (%#08x)", name, j,
										dst[j], math.Float32bits(dst[j]), want[j], math.Float32bits(want[j]))
								}
							}
							checkGuardsF32(t, name, buf, off, m)
						}
					}
				}
			}
		}
	})
}

func TestAxpyRows(t *testing.T) {
	forEachImpl(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(7, 2))
		for _, c := range rowsCases {
			for _, n := range rowsLengths {
				for _, m := range rowsCounts {
					for _, stride := range rowsStrides(n) {
						for _, off := range floatOffsets {
							name := fmt.Sprintf("%s n=%d m=%d stride=%d off=%d", c.name, n, m, stride, off)
							init := c.fill(n, rng)
							rows := rowsBuffer(c, m, n, stride, off, rng)
							s := c.fill(m, rng)
							want := append([]float32(nil), init...)
							for j, a := range s {
								simd.Axpy(want, rows[j*stride:j*stride+n], a)
							}
							buf, dst := guardedF32(init, off)
							simd.AxpyRows(dst, rows, stride, s)
							for i := range want {
								if !sameBits(dst[i], want[i]) {
									t.Fatalf("%s: dst[%d]: got %v (%#08x), want Axpy's %v (%#08x)", name, i,
										dst[i], math.Float32bits(dst[i]), want[i], math.Float32bits(want[i]))
								}
							}
							checkGuardsF32(t, name, buf, off, n)
						}
					}
				}
			}
		}
	})
}

// TestRowsTwins checks the twins themselves against Dot and Axpy of the
// twins on the attention shape (head dimension 64, rows 512 apart).
func TestRowsTwins(t *testing.T) {
	restore, _ := simd.SelectImpl("Generic")
	defer restore()
	rng := rand.New(rand.NewPCG(7, 3))
	const n, m, stride = 64, 37, 512
	x := rowsCases[0].fill(n, rng)
	rows := rowsBuffer(rowsCases[0], m, n, stride, 0, rng)
	dst := make([]float32, m)
	simd.DotRows(dst, x, rows, stride)
	out, want := make([]float32, n), make([]float32, n)
	simd.AxpyRows(out, rows, stride, dst)
	for j := range dst {
		if d := simd.Dot(x, rows[j*stride:]); !sameBits(dst[j], d) {
			t.Fatalf("DotRows row %d: got %v, want %v", j, dst[j], d)
		}
		simd.Axpy(want, rows[j*stride:j*stride+n], dst[j])
	}
	for i := range want {
		if !sameBits(out[i], want[i]) {
			t.Fatalf("AxpyRows dst[%d]: got %v, want %v", i, out[i], want[i])
		}
	}
}

// TestRowsShort checks that rows too short for the rows asked for panic
// (out of range) on every implementation rather than read past them.
func TestRowsShort(t *testing.T) {
	forEachImpl(t, func(t *testing.T) {
		const n, m, stride = 16, 3, 20
		rows := make([]float32, (m-1)*stride+n-1)
		mustPanic := func(what string, f func()) {
			t.Helper()
			defer func() {
				if recover() == nil {
					t.Errorf("%s with %d of %d elements of rows: no panic", what, len(rows), (m-1)*stride+n)
				}
			}()
			f()
		}
		mustPanic("DotRows", func() { simd.DotRows(make([]float32, m), make([]float32, n), rows, stride) })
		mustPanic("AxpyRows", func() { simd.AxpyRows(make([]float32, n), rows, stride, make([]float32, m)) })
	})
}
