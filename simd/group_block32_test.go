package simd_test

import (
	"encoding/binary"
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/laminalabs/lamina/quant"
	"github.com/laminalabs/lamina/simd"
	"github.com/x448/float16"
)

// TestGroupBlock32 checks the grouped Gemv and Panel kernels and the
// plain-row panel kernels of Q4_0 and Q8_0 in every implementation
// against their pure-Go twins, bit for bit (their integer sums are exact
// and their float arithmetic is the twins'): block counts that straddle
// the vector widths, every octet boundary of the panel's tokens, extreme
// codes (Q4_0 nibbles 0 and 15, Q8_0 codes -128, -1, 0 and 127, activation
// codes -128 and 127) and scales (zero, ±65504, fp16 subnormals), inputs
// at odd byte offsets and NaN guards around every output.
func TestGroupBlock32(t *testing.T) {
	fixed := func(c byte) func(*rand.Rand) byte { return func(*rand.Rand) byte { return c } }
	maxScale := func(rng *rand.Rand) float32 { return [...]float32{65504, -65504}[rng.IntN(2)] }
	subnormal := func(rng *rand.Rand) float32 { return float32(rng.IntN(1023)+1) * 0x1p-24 }
	wcases := []weightCase{
		{"random", randomCode, randomScale},
		{"codes 0x00", fixed(0x00), randomScale},
		{"codes 0xFF", fixed(0xFF), maxScale},
		{"codes 0x80", fixed(0x80), maxScale},
		{"codes 0x7F", fixed(0x7F), randomScale},
		{"zero scales", randomCode, func(*rand.Rand) float32 { return 0 }},
		{"subnormal scales", randomCode, subnormal},
	}
	fixedActs := func(c byte) func(simd.Kernel, []byte, int, *rand.Rand) {
		return func(k simd.Kernel, dst []byte, n int, rng *rand.Rand) {
			for b := range n / 32 {
				y := dst[b*k.ActBlockBytes:][:k.ActBlockBytes]
				binary.LittleEndian.PutUint16(y, float16.Fromfloat32(maxScale(rng)).Bits())
				for i := range y[2:] {
					y[2+i] = c
				}
			}
		}
	}
	acases := []actCase{
		{"quantized", func(k simd.Kernel, dst []byte, n int, rng *rand.Rand) { k.Quantize(dst, activations(n, rng)) }},
		{"raw codes", rawActs},
		{"codes -128", fixedActs(0x80)},
		{"codes 127", fixedActs(0x7F)},
	}
	allCounts := []int{1, 2, 3, 7, 8, 9, 15, 16, 17, 31, 32, 33, 64, 129}
	for _, typ := range []quant.Type{quant.Q4_0, quant.Q8_0} {
		k, _ := simd.KernelFor(uint32(typ))
		grp, _ := simd.GroupsOf(uint32(typ))
		twin := simd.GroupGenerics[uint32(typ)]
		panel := map[quant.Type]simd.PanelFunc{quant.Q4_0: simd.PanelQ4_0Q8_0, quant.Q8_0: simd.PanelQ8_0Q8_0}[typ]
		panelTwin := simd.PanelGenerics[uint32(typ)]
		t.Run(typ.String(), func(t *testing.T) {
			forEachImpl(t, func(t *testing.T) {
				if !simd.HasPanel(uint32(typ)) {
					t.Skip("this path runs the pure-Go twins: nothing to compare")
				}
				for wi, wc := range wcases {
					for ai, ac := range acases {
						counts := []int{1, 3, 9, 33}
						if wi == 0 && ai < 2 {
							counts = allCounts
						}
						for _, nb := range counts {
							rng := rand.New(rand.NewPCG(uint64(typ), uint64(1000*wi+100*ai+nb)))
							where := fmt.Sprintf("%s weights, %s acts, n=%d", wc.name, ac.name, nb*32)
							checkBlock32(t, where, typ, k, grp, twin.Gemv, twin.Panel, panel, panelTwin, nb*32, wc, ac, rng)
						}
					}
				}
			})
		})
	}
}

// offsetBytes returns n bytes at an odd offset into a larger buffer.
func offsetBytes(n int, rng *rand.Rand) []byte {
	off := 2*rng.IntN(16) + 1
	return make([]byte, off+n)[off:]
}

// guarded returns n NaN guards, which the kernels must leave untouched
// where they write no result.
func guarded(n int) []float32 {
	d := make([]float32, n)
	for i := range d {
		d[i] = guardNaN
	}
	return d
}

func checkBlock32(t *testing.T, where string, typ quant.Type, k simd.Kernel, grp simd.Group,
	gemvTwin func([]float32, []byte, []byte, int, int), groupPanelTwin func([]float32, int, []byte, []byte, int, int),
	panel, panelTwin simd.PanelFunc, n int, wc weightCase, ac actCase, rng *rand.Rand) {
	const R, T = simd.GroupRows, simd.PanelTokens
	wRow := n / 32 * typ.BlockBytes()
	aRow := n / 32 * k.ActBlockBytes
	w := offsetBytes(R*wRow, rng)
	for r := range R {
		copy(w[r*wRow:], weightRow(t, typ, n, wc, rng))
	}
	g := offsetBytes(R*wRow, rng)
	grp.Repack(g, w, wRow, n)
	a := make([]byte, T*aRow)
	for tok := range T {
		ac.fill(k, a[tok*aRow:][:aRow], n, rng)
	}
	same := func(what string, got, want []float32) {
		t.Helper()
		for i := range got {
			if math.Float32bits(got[i]) != math.Float32bits(want[i]) {
				t.Errorf("%s: %s: dst[%d] = %g (%#x), twin %g (%#x)", where, what, i, got[i], math.Float32bits(got[i]), want[i], math.Float32bits(want[i]))
				return
			}
		}
	}
	v := offsetBytes(n/32*grp.VecBlockBytes, rng)
	for _, tok := range []int{0, T - 1} {
		grp.PackVec(v, a[tok*aRow:][:aRow], n)
		got, want := guarded(R+1), guarded(R+1)
		grp.Gemv(got[:R], g, v, 1, n)
		gemvTwin(want[:R], g, v, 1, n)
		same(fmt.Sprintf("Gemv of token %d", tok), got, want)
	}
	p := offsetBytes(2*n/32*simd.PanelQ8_0BlockBytes, rng)
	for _, tokens := range []int{1, 7, 8, 9, 16, 17, 24, 25, 32} {
		simd.PackQ8_0(p, a, aRow, tokens, n)
		stride := R + 1 + rng.IntN(3)
		got, want := guarded(tokens*stride+2), guarded(tokens*stride+2)
		grp.Panel(got, stride, g, p, tokens, n)
		groupPanelTwin(want, stride, g, p, tokens, n)
		same(fmt.Sprintf("group Panel of %d tokens", tokens), got, want)
		if tokens%8 != 1 && tokens != 32 {
			continue
		}
		for _, rows := range []int{1, 3, simd.TileRows} {
			stride := rows + rng.IntN(3)
			got, want := guarded(tokens*stride+2), guarded(tokens*stride+2)
			panel(got, stride, w[wRow:], wRow, p, rows, tokens, n)
			panelTwin(want, stride, w[wRow:], wRow, p, rows, tokens, n)
			same(fmt.Sprintf("Panel of %d rows, %d tokens", rows, tokens), got, want)
		}
	}
}
