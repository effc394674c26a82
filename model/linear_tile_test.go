package model

import (
	"math"
	"testing"

	"github.com/laminalabs/lamina/quant"
)

// A product computed in kernel tiles gives, for every (row, token), the
// bits of the row kernel plus the bias, whatever the batch, the thread
// count, the L2 tiling and the view offset.
func TestLinearTileMatchesRowKernel(t *testing.T) {
	defer func(b int) { tileBytes = b }(tileBytes)
	for _, typ := range []quant.Type{quant.Q4_0, quant.Q8_0, quant.Q4_K, quant.Q6_K} {
		full := randomLinear(t, typ, 512, 79, true)
		if full.k.Tile == nil {
			t.Fatalf("%s: no tile kernel", typ)
		}
		for _, l := range []*linear{full, full.view(3, 74)} {
			for _, n := range []int{1, 2, 3, 4, 5, 9, 33} {
				x := randomActs(n, l.in)
				buf := make([]byte, n*l.actRow)
				act := l.quantizeActs(buf, x, n)
				for _, tb := range []int{0, 5 * l.wRow, 1 << 20} {
					for _, threads := range []int{1, 2, 3} {
						tileBytes = tb
						p := newPool(threads)
						got := make([]float32, n*l.out)
						newMatmul(p, buf).mulActs(l, got, act, n)
						p.close()
						for tok := range n {
							a := act[tok*l.actRow : (tok+1)*l.actRow]
							for r := range l.out {
								want := l.k.Dot(l.w.Data[r*l.wRow:(r+1)*l.wRow], a, l.in) + l.bias[r]
								if g := got[tok*l.out+r]; math.Float32bits(g) != math.Float32bits(want) {
									t.Fatalf("%s out=%d n=%d tile=%dB threads=%d: dst[%d][%d] = %v, row kernel %v",
										typ, l.out, n, tb, threads, tok, r, g, want)
								}
							}
						}
					}
				}
			}
		}
	}
}
