package simd_test

import (
	"fmt"
	"math"
	"math/big"
	"math/rand/v2"
	"path"
	"testing"

	"github.com/laminalabs/lamina/quant"
	"github.com/laminalabs/lamina/simd"
)

// panelKernels are the panel kernels and the packing of their
// activations, by weight type. The exported kernels, unlike KernelFor's,
// are there on every path.
// blockBytes is the bytes of an activation block in a panel half.
var panelKernels = []struct {
	typ        quant.Type
	pack       simd.PackFunc
	panel      simd.PanelFunc
	blockBytes int
}{
	{quant.Q4_0, simd.PackQ8_0, simd.PanelQ4_0Q8_0, simd.PanelQ8_0BlockBytes},
	{quant.Q8_0, simd.PackQ8_0, simd.PanelQ8_0Q8_0, simd.PanelQ8_0BlockBytes},
	{quant.Q4_K, simd.PackQ8_K, simd.PanelQ4_KQ8_K, simd.PanelQ8_KBlockBytes},
	{quant.Q6_K, simd.PackQ8_K, simd.PanelQ6_KQ8_K, simd.PanelQ8_KBlockBytes},
}

// panelBlockCounts are the row lengths of the panel tests in weight
// blocks: around the 16-block chunks of the AVX-512 kernels.
var panelBlockCounts = []int{1, 3, 15, 16, 17, 33, 64}

// panelSuperBlockCounts are those of the K-quants, whose kernels take a
// 256-weight superblock at a time.
var panelSuperBlockCounts = []int{1, 2, 3, 5}

// twinBlockCounts are the row lengths at which the panel and group tests
// check the pure-Go twins, slow as they are, against the float64
// reference.
var twinBlockCounts = []int{1, 3}

// TestPanel checks every panel kernel, in every implementation, against
// its pure-Go twin bit for bit and against the float64 dot product of the
// dequantized rows within 1e-5 of the terms' magnitudes, for every shape
// of rows and tokens, with strided, unaligned inputs and NaN guards
// around and between the outputs.
func TestPanel(t *testing.T) {
	for _, pk := range panelKernels {
		k, _ := simd.KernelFor(uint32(pk.typ))
		generic := simd.PanelGenerics[uint32(pk.typ)]
		t.Run(pk.typ.String(), func(t *testing.T) {
			forEachImpl(t, func(t *testing.T) {
				if !simd.HasPanel(uint32(pk.typ)) && path.Base(t.Name()) != "generic" {
					t.Skip("this path runs the pure-Go twins, which the generic subtest checks")
				}
				for wi, wc := range tileWeightCases {
					for ai, ac := range tileActCases {
						rng := rand.New(rand.NewPCG(uint64(pk.typ)+11, uint64(100*wi+ai)))
						counts := panelBlockCounts
						switch {
						case path.Base(t.Name()) == "generic":
							counts = twinBlockCounts // the twins against the float64 reference only
						case pk.typ.BlockSize() == 256:
							counts = panelSuperBlockCounts
						}
						for _, nb := range counts {
							checkPanel(t, pk.typ, k, pk.pack, pk.panel, generic, pk.blockBytes, nb*pk.typ.BlockSize(), wc, ac, rng)
						}
					}
				}
			})
		})
	}
}

func checkPanel(t *testing.T, typ quant.Type, k simd.Kernel, pack simd.PackFunc, panel, generic simd.PanelFunc, blockBytes, n int, wc weightCase, ac actCase, rng *rand.Rand) {
	const R, T = simd.TileRows, simd.PanelTokens
	wRow := n / typ.BlockSize() * typ.BlockBytes()
	aRow := n / k.ActBlockSize * k.ActBlockBytes
	wStride, aStride := wRow+rng.IntN(3)*7, aRow+rng.IntN(3)*5
	wOff := 1 + rng.IntN(31)
	wBuf := make([]byte, wOff+(R-1)*wStride+wRow)
	for i := range wBuf {
		wBuf[i] = byte(rng.Uint32()) // padding between rows: garbage
	}
	w := wBuf[wOff:]
	for r := range R {
		copy(w[r*wStride:], weightRow(t, typ, n, wc, rng))
	}
	a := make([]byte, (T-1)*aStride+aRow)
	for tok := range T {
		ac.fill(k, a[tok*aStride:][:aRow], n, rng)
	}
	var ref, mag [T][R]float64
	for tok := range T {
		for r := range R {
			ref[tok][r], mag[tok][r] = referenceDot(t, typ, k, w[r*wStride:][:wRow], a[tok*aStride:][:aRow], n)
		}
	}
	pOff := 1 + rng.IntN(31)
	pBuf := make([]byte, pOff+2*n/k.ActBlockSize*blockBytes)
	const guard = 3
	for _, tokens := range []int{1, 5, 16, 17, 32} {
		for i := range pBuf {
			pBuf[i] = byte(rng.Uint32()) // Pack must overwrite a used panel
		}
		p := pBuf[pOff:]
		pack(p, a, aStride, tokens, n)
		for rows := 1; rows <= R; rows++ {
			dstStride := rows + rng.IntN(3)
			size := (tokens-1)*dstStride + rows
			dst := make([]float32, guard+size+guard)
			want := make([]float32, size)
			for i := range dst {
				dst[i] = guardNaN
			}
			wr := w[:(rows-1)*wStride+wRow]
			panel(dst[guard:guard+size], dstStride, wr, wStride, p, rows, tokens, n)
			generic(want, dstStride, wr, wStride, p, rows, tokens, n)
			where := fmt.Sprintf("%s, %s acts, n=%d, %d rows x %d tokens", wc.name, ac.name, n, rows, tokens)
			checkPanelDst(t, where, dst, want, guard, dstStride, rows, func(tok, r int, got float32) string {
				if want, m := ref[tok][r], mag[tok][r]; !(math.Abs(float64(got)-want) <= 1e-5*m) {
					return fmt.Sprintf("got %g, want %g (error %.3g of the terms' magnitude %g)", got, want, math.Abs(float64(got)-want)/m, m)
				}
				return ""
			})
		}
	}
}

// checkPanelDst checks the output of a panel-shaped kernel: dst holds
// guard NaNs, the len(want) values of rows rows per dstStride (the rest of
// each stride NaN too), then guard NaNs. Each value must have want's
// bits, and ref, where not nil, returns what else is wrong with it.
func checkPanelDst(t *testing.T, where string, dst, want []float32, guard, dstStride, rows int, ref func(tok, r int, got float32) string) {
	t.Helper()
	for i, got := range dst {
		j := i - guard
		tok, r := j/dstStride, j%dstStride
		if j < 0 || j >= len(want) || r >= rows {
			if math.Float32bits(got) != math.Float32bits(guardNaN) {
				t.Errorf("%s, dst[%d]: guard overwritten with %g", where, j, got)
			}
			continue
		}
		if math.Float32bits(got) != math.Float32bits(want[j]) {
			t.Errorf("%s, dst[%d] (row %d, token %d): got %g (%#08x), twin %g (%#08x)",
				where, j, r, tok, got, math.Float32bits(got), want[j], math.Float32bits(want[j]))
		}
		if ref != nil {
			if msg := ref(tok, r, got); msg != "" {
				t.Errorf("%s, dst[%d] (row %d, token %d): %s", where, j, r, tok, msg)
			}
		}
	}
}

// TestFMA32 checks fma32 against x*y+z computed exactly and rounded once,
// on random operands and on ties that a float64 sum rounds onto.
func TestFMA32(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	exact := func(x, y, z float32) float32 {
		v := new(big.Float).SetPrec(200).SetFloat64(float64(x))
		v.Mul(v, new(big.Float).SetPrec(200).SetFloat64(float64(y)))
		v.Add(v, new(big.Float).SetPrec(200).SetFloat64(float64(z)))
		f, _ := v.Float32()
		return f
	}
	check := func(x, y, z float32) {
		if got, want := simd.FMA32(x, y, z), exact(x, y, z); math.Float32bits(got) != math.Float32bits(want) {
			t.Errorf("fma32(%g, %g, %g) = %g, want %g", x, y, z, got, want)
		}
	}
	for range 100000 {
		f := func() float32 { return float32(rng.NormFloat64() * math.Exp2(float64(rng.IntN(40)-20))) }
		check(f(), f(), f())
	}
	// 1+2^-24 is a float32 tie; x*y = 2^-24 + 2^-60 makes the float64 sum
	// land on it while the exact value lies above.
	check(1+0x1p-30, 0x1p-24-0x1p-54, 1)
	check(1+0x1p-23, 0x1p-24+0x1p-47, 1)
	check(-(1 + 0x1p-23), 0x1p-24+0x1p-47, -1)
	check(3, 0x1p-149, 0)
}
