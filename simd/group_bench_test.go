package simd_test

import (
	"fmt"
	"testing"

	"github.com/laminalabs/lamina/quant"
	"github.com/laminalabs/lamina/simd"
)

// BenchmarkGroup multiplies a group of 16 weight rows of benchN weights
// with one token ("gemv", against "tile": the tile kernels' four-row
// decode), with a panel of 32 tokens ("panel") and with a strip of 16
// ("strip", four copies of the group in one call; AMX where the CPU has
// it). The bytes per second are weight bytes times tokens, as in
// BenchmarkTile.
func BenchmarkGroup(b *testing.B) {
	const rows = simd.GroupRows
	for _, typ := range []quant.Type{quant.Q4_0, quant.Q8_0} {
		k, _ := simd.KernelFor(uint32(typ))
		grp, _ := simd.GroupsOf(uint32(typ))
		w, a, wRow, aRow := benchOperands(b, typ, k, rows, simd.PanelTokens, 3)
		g := make([]byte, rows*wRow)
		grp.Repack(g, w, wRow, benchN)
		v := make([]byte, benchN/32*grp.VecBlockBytes)
		grp.PackVec(v, a, benchN)
		p := make([]byte, 2*benchN/32*simd.PanelQ8_0BlockBytes)
		simd.PackQ8_0(p, a, aRow, simd.PanelTokens, benchN)
		const stripGroups = 4
		gs := make([]byte, 0, stripGroups*len(g))
		for range stripGroups {
			gs = append(gs, g...)
		}
		s := make([]byte, benchN/32*grp.StripBlockBytes)
		grp.PackStrip(s, a, aRow, simd.StripTokens, benchN)
		dst := make([]float32, simd.PanelTokens*stripGroups*rows)
		for _, mode := range []string{"gemv", "tile", "panel", "strip"} {
			b.Run(fmt.Sprintf("%s/%s", typ, mode), func(b *testing.B) {
				forEachImpl(b, func(b *testing.B) {
					tokens := 1
					switch mode {
					case "panel":
						tokens = simd.PanelTokens
					case "strip":
						tokens = stripGroups * simd.StripTokens
					}
					b.SetBytes(int64(rows * wRow * tokens))
					for b.Loop() {
						switch mode {
						case "gemv":
							grp.Gemv(dst, g, v, 1, benchN)
						case "tile":
							for r := 0; r < rows; r += simd.TileRows {
								k.Tile(dst[r:], rows, w[r*wRow:], wRow, a, aRow, simd.TileRows, 1, benchN)
							}
						case "panel":
							grp.Panel(dst, rows, g, p, tokens, benchN)
						case "strip":
							grp.Strip(dst, stripGroups*rows, gs, stripGroups, s, simd.StripTokens, benchN)
						}
					}
					tileSink = dst
				})
			})
		}
	}
}
