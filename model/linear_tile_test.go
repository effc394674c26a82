package model

import (
	"math"
	"testing"

	"github.com/laminalabs/lamina/quant"
	"github.com/laminalabs/lamina/simd"
)

// A product computed in kernel tiles, panels and strips gives, for every
// (row, token), the bits of its kernel call plus the bias, whatever the
// thread count, the L2 tiling and the view offset: the row kernel's bits
// for the tokens in tiles, for the tokens in panels the bits of the
// kernel's Panel on that token's panel, which are close to the row
// kernel's, and for grouped rows the bits of the Group's Gemv, which its
// Panel and Strip give too.
func TestLinearTileMatchesRowKernel(t *testing.T) {
	defer func(b int) { tileBytes = b }(tileBytes)
	for _, typ := range []quant.Type{quant.Q4_0, quant.Q8_0, quant.Q4_K, quant.Q6_K} {
		full := randomLinear(t, typ, 512, 79, true)
		if full.k.Tile == nil {
			t.Fatalf("%s: no tile kernel", typ)
		}
		for _, l := range []*linear{full, full.view(3, 74), full.view(16, 79)} {
			for _, n := range []int{1, 2, 3, 4, 5, 7, 8, 9, 16, 23, 33, 40} {
				x := randomActs(n, l.in)
				buf := make([]byte, n*l.actRow)
				act := l.quantizeActs(buf, x, n)
				want := wantTiled(t, l, x, act, n)
				for _, tb := range []int{0, 5 * l.wRow, 1 << 20} {
					for _, threads := range []int{1, 2, 3} {
						tileBytes = tb
						p := newPool(threads)
						got := make([]float32, n*l.out)
						mm := newMatmul(p, buf)
						mm.mulActs(l, got, act, mm.pack([]*linear{l}, act, n), n)
						p.close()
						for i, g := range got {
							if math.Float32bits(g) != math.Float32bits(want[i]) {
								t.Fatalf("%s out=%d n=%d tile=%dB threads=%d: dst[%d][%d] = %v, want %v",
									typ, l.out, n, tb, threads, i/l.out, i%l.out, g, want[i])
							}
						}
					}
				}
			}
		}
	}
}

// wantTiled returns what a product of l with the n rows of act gives: for
// each (row, token) the row kernel, or for the tokens in panels the
// kernel's Panel on the token's panel, or for grouped rows the Group's
// Gemv (whose bits its Panel has too), plus the bias. The panel results
// must also be within 1e-5 of the row kernel's, relative to the sum of
// the magnitudes of the products of the weights and x, the activations
// before quantization.
func wantTiled(t *testing.T, l *linear, x []float32, act []byte, n int) []float32 {
	const P = simd.PanelTokens
	want := make([]float32, n*l.out)
	np := l.panelTokens(n)
	if (l.k.Panel != nil) != (np > 0) && n >= P {
		t.Fatalf("%s: panelTokens(%d) = %d with Panel %v", l.w.Type, n, np, l.k.Panel != nil)
	}
	panel := make([]byte, l.panelBytes())
	var one [P]float32
	var grouped [][simd.GroupRows]float32 // (token): the group of the row
	var vec []byte
	if l.groups != nil {
		grouped = make([][simd.GroupRows]float32, n)
		vec = make([]byte, l.vecBytes())
	}
	wf := make([]float32, l.in)
	for r := range l.out {
		w := l.w.Data[r*l.wRow : (r+1)*l.wRow]
		if err := quant.Dequantize(quant.Type(l.w.Type), wf, w); err != nil {
			t.Fatal(err)
		}
		if G := simd.GroupRows; r < l.gRows && r%G == 0 {
			for tok := range n {
				l.k.Group.PackVec(vec, act[tok*l.actRow:(tok+1)*l.actRow], l.in)
				l.k.Group.Gemv(grouped[tok][:], l.groups[r*l.wRow:(r+G)*l.wRow], vec, 1, l.in)
			}
		}
		for t0 := 0; t0 < n; t0 += P {
			nt := min(P, n-t0)
			if t0 < np && r >= l.gRows {
				l.k.Pack(panel, act[t0*l.actRow:], l.actRow, min(nt, np-t0), l.in)
				l.k.Panel(one[:], 1, w, l.wRow, panel, 1, min(nt, np-t0), l.in)
			}
			for tok := t0; tok < t0+nt; tok++ {
				dot := l.k.Dot(w, act[tok*l.actRow:(tok+1)*l.actRow], l.in)
				v := dot
				if r < l.gRows {
					v = grouped[tok][r%simd.GroupRows]
				} else if tok < np {
					v = one[tok-t0]
				}
				if r < l.gRows || tok < np {
					var mag float64
					for i, a := range x[tok*l.in : (tok+1)*l.in] {
						mag += math.Abs(float64(wf[i]) * float64(a))
					}
					if math.Abs(float64(v-dot)) > 1e-5*mag {
						t.Errorf("%s row %d token %d: panel or group %v, row kernel %v", l.w.Type, r, tok, v, dot)
					}
				}
				want[tok*l.out+r] = v + l.bias[r]
			}
		}
	}
	return want
}
