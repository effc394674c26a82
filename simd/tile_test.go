package simd_test

import (
	"encoding/binary"
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/x448/float16"

	"github.com/laminalabs/lamina/quant"
	"github.com/laminalabs/lamina/simd"
)

// tileBlockCounts are the row lengths of the tile tests in weight blocks.
var tileBlockCounts = []int{1, 2, 3, 7, 8, 9, 16, 17, 33, 64}

// tileWeightCases are dot_test.go's weight cases plus subnormal fp16
// scales.
var tileWeightCases = append(weightCases[:len(weightCases):len(weightCases)],
	weightCase{"subnormal scales", randomCode, func(rng *rand.Rand) float32 {
		return float32(rng.IntN(1023)+1) * 0x1p-24 // fp16 subnormals
	}})

// An actCase fills one activation row of n values of kernel k.
type actCase struct {
	name string
	fill func(k simd.Kernel, dst []byte, n int, rng *rand.Rand)
}

var tileActCases = []actCase{
	{"quantized", func(k simd.Kernel, dst []byte, n int, rng *rand.Rand) {
		k.Quantize(dst, activations(n, rng))
	}},
	{"saturated", func(k simd.Kernel, dst []byte, n int, rng *rand.Rand) {
		// Every block's values at ±its maximum: codes ±127.
		x := make([]float32, n)
		for i := range x {
			x[i] = 1e3
			if rng.IntN(2) == 0 {
				x[i] = -1e3
			}
		}
		k.Quantize(dst, x)
	}},
	{"raw codes", rawActs},
}

// rawActs writes activation blocks directly: for Q8_0 arbitrary code bytes
// (-128 included) and fp16 scales from tiny to ±max; for Q8_K codes in
// [-127, 127] (QuantizeQ8_K's range), matching bsums and random float32
// scales.
func rawActs(k simd.Kernel, dst []byte, n int, rng *rand.Rand) {
	for i := range dst {
		dst[i] = byte(rng.Uint32())
	}
	nb := n / k.ActBlockSize
	switch quant.Type(k.ActType) {
	case quant.Q8_0:
		for b := range nb {
			y := dst[b*k.ActBlockBytes:]
			s := [...]float32{65504, -65504, 0x1p-24, 0, randomScale(rng)}[rng.IntN(5)]
			binary.LittleEndian.PutUint16(y, float16.Fromfloat32(s).Bits())
		}
	case quant.Q8_K:
		for b := range nb {
			y := dst[b*k.ActBlockBytes:][:k.ActBlockBytes]
			binary.LittleEndian.PutUint32(y, math.Float32bits(randomScale(rng)))
			codes := y[4 : 4+256]
			for i := range codes {
				codes[i] = byte(int8(rng.IntN(255) - 127))
			}
			for g := range 16 {
				var s int16
				for _, c := range codes[16*g : 16*g+16] {
					s += int16(int8(c))
				}
				binary.LittleEndian.PutUint16(y[260+2*g:], uint16(s))
			}
		}
	default:
		panic("rawActs: unexpected activation type")
	}
}

// guardNaN fills the dst slots that a tile call must not write.
var guardNaN = math.Float32frombits(0x7fc0dead)

// TestTile checks every tile kernel against its row kernel, in every
// implementation: for every (row, token) of every tile shape the tile
// must return the row kernel's bits, and write nothing else of dst. Inputs
// start at odd offsets, rows and tokens are strided with padding, and dst
// has NaN guard words around and between the outputs.
func TestTile(t *testing.T) {
	for _, wt := range simd.WeightTypes() {
		k, _ := simd.KernelFor(wt)
		if k.Tile == nil {
			continue
		}
		typ := quant.Type(wt)
		t.Run(typ.String(), func(t *testing.T) {
			forEachImpl(t, func(t *testing.T) {
				// Run the tile kernels with one token too.
				t.Cleanup(simd.SetTileOneTokenByRows(false))
				for wi, wc := range tileWeightCases {
					for ai, ac := range tileActCases {
						rng := rand.New(rand.NewPCG(uint64(wt), uint64(100*wi+ai)))
						for _, nb := range tileBlockCounts {
							checkTile(t, typ, k, nb*typ.BlockSize(), wc, ac, rng)
						}
					}
				}
			})
		})
	}
}

func checkTile(t *testing.T, typ quant.Type, k simd.Kernel, n int, wc weightCase, ac actCase, rng *rand.Rand) {
	const R, T = simd.TileRows, simd.TileTokens
	wRow := n / typ.BlockSize() * typ.BlockBytes()
	aRow := n / k.ActBlockSize * k.ActBlockBytes
	wStride, aStride := wRow+rng.IntN(3)*7, aRow+rng.IntN(3)*5
	wOff, aOff := 1+rng.IntN(31), 1+rng.IntN(31)
	wBuf := make([]byte, wOff+(R-1)*wStride+wRow)
	aBuf := make([]byte, aOff+(T-1)*aStride+aRow)
	for i := range wBuf {
		wBuf[i] = byte(rng.Uint32()) // padding between rows: garbage
	}
	for i := range aBuf {
		aBuf[i] = byte(rng.Uint32())
	}
	w, a := wBuf[wOff:], aBuf[aOff:]
	for r := range R {
		copy(w[r*wStride:], weightRow(t, typ, n, wc, rng))
	}
	for tok := range T {
		ac.fill(k, a[tok*aStride:][:aRow], n, rng)
	}
	var want [T][R]float32
	for tok := range T {
		for r := range R {
			want[tok][r] = k.Dot(w[r*wStride:][:wRow], a[tok*aStride:][:aRow], n)
		}
	}
	const guard = 3
	for rows := 1; rows <= R; rows++ {
		for tokens := 1; tokens <= T; tokens++ {
			dstStride := rows + rng.IntN(3)
			dst := make([]float32, guard+(tokens-1)*dstStride+rows+guard)
			for i := range dst {
				dst[i] = guardNaN
			}
			k.Tile(dst[guard:len(dst)-guard], dstStride,
				w[:(rows-1)*wStride+wRow], wStride,
				a[:(tokens-1)*aStride+aRow], aStride, rows, tokens, n)
			for i, got := range dst {
				j := i - guard
				tok, r := j/dstStride, j%dstStride
				where := fmt.Sprintf("%s, %s acts, n=%d, %dx%d tile, dst[%d]", wc.name, ac.name, n, rows, tokens, j)
				if j < 0 || r >= rows || tok >= tokens {
					if math.Float32bits(got) != math.Float32bits(guardNaN) {
						t.Errorf("%s: guard overwritten with %g", where, got)
					}
					continue
				}
				if math.Float32bits(got) != math.Float32bits(want[tok][r]) {
					t.Errorf("%s (row %d, token %d): got %g (%#08x), row kernel %g (%#08x)",
						where, r, tok, got, math.Float32bits(got), want[tok][r], math.Float32bits(want[tok][r]))
				}
			}
		}
	}
}

// gemvBlockCounts are the row lengths of TestTileOneToken in weight
// blocks: around the 16-block chunks of the AVX-512 kernels.
var gemvBlockCounts = []int{1, 2, 3, 7, 15, 16, 17, 31, 32, 33, 64, 129}

// TestTileOneToken checks the tiles of a single token (decode), which
// some paths compute with kernels of four rows by one token, against the
// row kernel bit for bit, with tileOneTokenByRows both on and off.
func TestTileOneToken(t *testing.T) {
	for _, wt := range simd.WeightTypes() {
		k, _ := simd.KernelFor(wt)
		if k.Tile == nil {
			continue
		}
		typ := quant.Type(wt)
		t.Run(typ.String(), func(t *testing.T) {
			forEachImpl(t, func(t *testing.T) {
				for _, byRows := range []bool{true, false} {
					restore := simd.SetTileOneTokenByRows(byRows)
					for wi, wc := range tileWeightCases {
						for ai, ac := range tileActCases {
							rng := rand.New(rand.NewPCG(uint64(wt)+7, uint64(100*wi+ai)))
							for _, nb := range gemvBlockCounts {
								checkTileOneToken(t, typ, k, nb*typ.BlockSize(), wc, ac, rng)
							}
						}
					}
					restore()
				}
			})
		})
	}
}

func checkTileOneToken(t *testing.T, typ quant.Type, k simd.Kernel, n int, wc weightCase, ac actCase, rng *rand.Rand) {
	const R = simd.TileRows
	wRow := n / typ.BlockSize() * typ.BlockBytes()
	aRow := n / k.ActBlockSize * k.ActBlockBytes
	wStride := wRow + rng.IntN(3)*7
	wOff, aOff := 1+rng.IntN(31), 1+rng.IntN(31)
	wBuf := make([]byte, wOff+(R-1)*wStride+wRow)
	aBuf := make([]byte, aOff+aRow)
	for i := range wBuf {
		wBuf[i] = byte(rng.Uint32())
	}
	w, a := wBuf[wOff:], aBuf[aOff:]
	for r := range R {
		copy(w[r*wStride:], weightRow(t, typ, n, wc, rng))
	}
	ac.fill(k, a, n, rng)
	const guard = 3
	for rows := 1; rows <= R; rows++ {
		dst := make([]float32, guard+rows+guard)
		for i := range dst {
			dst[i] = guardNaN
		}
		k.Tile(dst[guard:guard+rows], rows, w[:(rows-1)*wStride+wRow], wStride, a, aRow, rows, 1, n)
		for i, got := range dst {
			r := i - guard
			where := fmt.Sprintf("%s, %s acts, n=%d, %dx1 tile, row %d", wc.name, ac.name, n, rows, r)
			if r < 0 || r >= rows {
				if math.Float32bits(got) != math.Float32bits(guardNaN) {
					t.Errorf("%s: guard overwritten with %g", where, got)
				}
				continue
			}
			want := k.Dot(w[r*wStride:][:wRow], a, n)
			if math.Float32bits(got) != math.Float32bits(want) {
				t.Errorf("%s: got %g (%#08x), row kernel %g (%#08x)",
					where, got, math.Float32bits(got), want, math.Float32bits(want))
			}
		}
	}
}
