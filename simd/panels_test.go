package simd_test

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/laminalabs/lamina/quant"
	"github.com/laminalabs/lamina/simd"
)

// TestPanels checks the Panels kernels where they run (AMX) against
// their pure-Go twins (the Panel's, panel by panel) bit for bit: rows
// around the 16-row groups, tokens of one to four panels with partial
// halves, strided, unaligned inputs, the extreme weight and activation
// cases, and NaN guards around and between the outputs.
func TestPanels(t *testing.T) {
	for _, pk := range []struct {
		typ    quant.Type
		panels simd.PanelFunc
	}{
		{quant.Q4_K, simd.PanelsQ4_KQ8_K},
	} {
		k, _ := simd.KernelFor(uint32(pk.typ))
		twin := simd.PanelsGenerics[uint32(pk.typ)]
		t.Run(pk.typ.String(), func(t *testing.T) {
			forEachImpl(t, func(t *testing.T) {
				if !simd.AMXOn() {
					t.Skip("no matrix unit: Panels runs the Panel, panel by panel, which TestPanel checks")
				}
				for wi, wc := range tileWeightCases {
					for ai, ac := range tileActCases {
						rng := rand.New(rand.NewPCG(uint64(pk.typ)+23, uint64(100*wi+ai)))
						for _, nb := range []int{1, 3} {
							checkPanels(t, pk.typ, k, pk.panels, twin, nb*pk.typ.BlockSize(), wc, ac, rng)
						}
					}
				}
			})
		})
	}
}

func checkPanels(t *testing.T, typ quant.Type, k simd.Kernel, panels, twin simd.PanelFunc, n int, wc weightCase, ac actCase, rng *rand.Rand) {
	const R, P, T = 33, simd.PanelTokens, simd.PanelsTokens
	wRow := n / typ.BlockSize() * typ.BlockBytes()
	aRow := n / k.ActBlockSize * k.ActBlockBytes
	wStride, aStride := wRow+rng.IntN(3)*7, aRow+rng.IntN(3)*5
	wBuf := make([]byte, 1+rng.IntN(31)+(R-1)*wStride+wRow)
	for i := range wBuf {
		wBuf[i] = byte(rng.Uint32())
	}
	w := wBuf[len(wBuf)-((R-1)*wStride+wRow):]
	for r := range R {
		copy(w[r*wStride:], weightRow(t, typ, n, wc, rng))
	}
	a := make([]byte, (T-1)*aStride+aRow)
	for tok := range T {
		ac.fill(k, a[tok*aStride:][:aRow], n, rng)
	}
	pb := 2 * n / k.ActBlockSize * simd.PanelQ8_KBlockBytes
	pBuf := make([]byte, 1+rng.IntN(31)+T/P*pb)
	p := pBuf[len(pBuf)-T/P*pb:]
	for tok := 0; tok < T; tok += P {
		simd.PackQ8_K(p[tok/P*pb:], a[tok*aStride:], aStride, P, n)
	}
	const guard = 3
	for _, tokens := range []int{1, 16, 17, 40, 64, 97, T} {
		if tokens%P != 0 { // the last panel packed with fewer tokens, as the model does
			last := tokens / P * P
			simd.PackQ8_K(p[last/P*pb:], a[last*aStride:], aStride, tokens-last, n)
		}
		for _, rows := range []int{1, 15, 16, 17, 32, R} {
			dstStride := rows + rng.IntN(3)
			size := (tokens-1)*dstStride + rows
			dst := make([]float32, guard+size+guard)
			for i := range dst {
				dst[i] = guardNaN
			}
			want := make([]float32, size)
			wr := w[:(rows-1)*wStride+wRow]
			panels(dst[guard:guard+size], dstStride, wr, wStride, p, rows, tokens, n)
			twin(want, dstStride, wr, wStride, p, rows, tokens, n)
			checkPanelDst(t, fmt.Sprintf("%s, %s acts, n=%d, %d rows x %d tokens", wc.name, ac.name, n, rows, tokens),
				dst, want, guard, dstStride, rows, nil)
		}
	}
}
