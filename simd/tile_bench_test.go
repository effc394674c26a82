package simd_test

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/laminalabs/lamina/quant"
	"github.com/laminalabs/lamina/simd"
)

var tileSink []float32

// BenchmarkTile multiplies 16 weight rows of benchN weights with 1 or 4
// tokens, by tile calls ("tile") and, for comparison, by one row-kernel
// call per (row, token) ("dot"). The bytes per second are weight bytes
// times tokens, as in BenchmarkDot: the weight bytes the row kernel would
// read.
func BenchmarkTile(b *testing.B) {
	const rows = 16
	for _, wt := range simd.WeightTypes() {
		k, _ := simd.KernelFor(wt)
		if k.Tile == nil {
			continue
		}
		typ := quant.Type(wt)
		rng := rand.New(rand.NewPCG(uint64(wt), 1))
		wRow := benchN / typ.BlockSize() * typ.BlockBytes()
		aRow := benchN / k.ActBlockSize * k.ActBlockBytes
		w := make([]byte, 0, rows*wRow)
		for range rows {
			w = append(w, weightRow(b, typ, benchN, weightCases[0], rng)...)
		}
		a := make([]byte, simd.TileTokens*aRow)
		for t := range simd.TileTokens {
			k.Quantize(a[t*aRow:(t+1)*aRow], activations(benchN, rng))
		}
		dst := make([]float32, simd.TileTokens*rows)
		for _, tokens := range []int{1, simd.TileTokens} {
			for _, mode := range []string{"tile", "dot"} {
				b.Run(fmt.Sprintf("%s/tokens=%d/%s", typ, tokens, mode), func(b *testing.B) {
					forEachImpl(b, func(b *testing.B) {
						b.SetBytes(int64(rows * wRow * tokens))
						for b.Loop() {
							if mode == "dot" {
								for t := range tokens {
									for r := range rows {
										dst[t*rows+r] = k.Dot(w[r*wRow:(r+1)*wRow], a[t*aRow:(t+1)*aRow], benchN)
									}
								}
								continue
							}
							for r := 0; r < rows; r += simd.TileRows {
								k.Tile(dst[r:], rows, w[r*wRow:], wRow, a, aRow, simd.TileRows, tokens, benchN)
							}
						}
						tileSink = dst
					})
				})
			}
		}
	}
}

// BenchmarkPanel multiplies 16 weight rows of benchN weights with the 16
// tokens of a panel ("panel"), and for comparison with the same tokens in
// tile calls of TileTokens ("tile"). The bytes per second are weight
// bytes times tokens, as in BenchmarkTile.
func BenchmarkPanel(b *testing.B) {
	const rows, tokens = 16, simd.PanelTokens
	for _, pk := range panelKernels {
		typ := pk.typ
		k, _ := simd.KernelFor(uint32(typ))
		w, a, wRow, aRow := benchOperands(b, typ, k, rows, tokens, 1)
		p := make([]byte, 2*benchN/k.ActBlockSize*pk.blockBytes)
		pk.pack(p, a, aRow, tokens, benchN)
		dst := make([]float32, tokens*rows)
		for _, mode := range []string{"panel", "tile"} {
			b.Run(fmt.Sprintf("%s/%s", typ, mode), func(b *testing.B) {
				forEachImpl(b, func(b *testing.B) {
					b.SetBytes(int64(rows * wRow * tokens))
					for b.Loop() {
						for r := 0; r < rows; r += simd.TileRows {
							if mode == "panel" {
								pk.panel(dst[r:], rows, w[r*wRow:], wRow, p, simd.TileRows, tokens, benchN)
								continue
							}
							for t := 0; t < tokens; t += simd.TileTokens {
								k.Tile(dst[t*rows+r:], rows, w[r*wRow:], wRow, a[t*aRow:], aRow, simd.TileRows, simd.TileTokens, benchN)
							}
						}
					}
					tileSink = dst
				})
			})
		}
	}
}

// BenchmarkPanels multiplies 64 weight rows of benchN weights with the
// PanelsTokens tokens of four panels in one Panels call (AMX where it
// runs, else Panel calls). The bytes per second are weight bytes times
// tokens, as in BenchmarkPanel.
func BenchmarkPanels(b *testing.B) {
	const rows, tokens = 64, simd.PanelsTokens
	typ := quant.Q4_K
	k, _ := simd.KernelFor(uint32(typ))
	w, a, wRow, aRow := benchOperands(b, typ, k, rows, tokens, 2)
	pb := 2 * benchN / k.ActBlockSize * simd.PanelQ8_KBlockBytes
	p := make([]byte, tokens/simd.PanelTokens*pb)
	for t := 0; t < tokens; t += simd.PanelTokens {
		simd.PackQ8_K(p[t/simd.PanelTokens*pb:], a[t*aRow:], aRow, simd.PanelTokens, benchN)
	}
	dst := make([]float32, tokens*rows)
	b.Run(typ.String(), func(b *testing.B) {
		forEachImpl(b, func(b *testing.B) {
			b.SetBytes(int64(rows * wRow * tokens))
			for b.Loop() {
				simd.PanelsQ4_KQ8_K(dst, rows, w, wRow, p, rows, tokens, benchN)
			}
			tileSink = dst
		})
	})
}

// benchOperands returns rows random weight rows of benchN weights of typ
// and tokens rows of activations quantized by k, one after the other,
// and their row bytes.
func benchOperands(b *testing.B, typ quant.Type, k simd.Kernel, rows, tokens int, seed uint64) (w, a []byte, wRow, aRow int) {
	rng := rand.New(rand.NewPCG(uint64(typ), seed))
	wRow = benchN / typ.BlockSize() * typ.BlockBytes()
	aRow = benchN / k.ActBlockSize * k.ActBlockBytes
	w = make([]byte, 0, rows*wRow)
	for range rows {
		w = append(w, weightRow(b, typ, benchN, weightCases[0], rng)...)
	}
	a = make([]byte, tokens*aRow)
	for t := range tokens {
		k.Quantize(a[t*aRow:(t+1)*aRow], activations(benchN, rng))
	}
	return w, a, wRow, aRow
}
