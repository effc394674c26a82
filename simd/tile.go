package simd

// Tile kernels multiply a block of weight rows with a block of activation
// rows in one call: they decode each weight block once for all the tokens
// and read each activation block once for all the rows, keep the partial
// sums of every output in registers, and pay one call for the whole block.
// For every (row, token) a tile kernel returns exactly the bits the row
// kernel of the same implementation (Kernel.Dot) returns, so a matrix
// product gives the same result whether it is computed by rows or by
// tiles, and whatever its tiling or thread count.

// TileRows and TileTokens are the most weight rows and activation rows
// (tokens) that one call of a Kernel's Tile multiplies.
const (
	TileRows   = 4
	TileTokens = 4
)

// TileFunc is the type of Kernel.Tile. It computes, for r < rows and
// t < tokens,
//
//	dst[t*dstStride+r] = Dot(w[r*wStride:], a[t*aStride:], n)
//
// bit for bit as the kernel's Dot computes it. 1 <= rows <= TileRows,
// 1 <= tokens <= TileTokens, n satisfies Dot's preconditions, w holds
// (rows-1)*wStride bytes plus one weight row of n weights, a holds
// (tokens-1)*aStride bytes plus one activation row of n activations, and
// dst holds (tokens-1)*dstStride+rows values. Only those values of dst are
// written.
type TileFunc func(dst []float32, dstStride int, w []byte, wStride int, a []byte, aStride int, rows, tokens, n int)

// tileOneTokenByRows makes the dispatchers send tiles of a single token
// to the row kernel, which keeps its sums in registers and beats the tile
// kernels there; the tests turn it off to run those with one token too.
// Full tiles of one token on paths with a kernel of TileRows rows by one
// token (tile_gemv_avx512_amd64.s) go to that kernel either way.
var tileOneTokenByRows = true

// withTile returns k with its Tile set to tile.
func (k Kernel) withTile(tile TileFunc) Kernel {
	k.Tile = tile
	return k
}

// tileRows is a tile kernel made of calls of the row kernel dot, one per
// (row, token): the pure-Go twins, and the paths whose tile kernel is not
// written yet.
func tileRows(dot func(w, a []byte, n int) float32, dst []float32, dstStride int, w []byte, wStride int, a []byte, aStride int, rows, tokens, n int) {
	for t := range tokens {
		at := a[t*aStride:]
		d := dst[t*dstStride : t*dstStride+rows]
		for r := range d {
			d[r] = dot(w[r*wStride:], at, n)
		}
	}
}

// TileQ4_0Q8_0 is the TileFunc of DotQ4_0Q8_0: n Q4_0 weights per row
// (n/32*18 bytes) with activations quantized by QuantizeQ8_0 (n/32*34
// bytes).
func TileQ4_0Q8_0(dst []float32, dstStride int, w []byte, wStride int, a []byte, aStride int, rows, tokens, n int) {
	tileQ4_0Q8_0(dst, dstStride, w, wStride, a, aStride, rows, tokens, n)
}

// TileQ8_0Q8_0 is the TileFunc of DotQ8_0Q8_0: n Q8_0 weights per row
// (n/32*34 bytes) with activations quantized by QuantizeQ8_0 (n/32*34
// bytes).
func TileQ8_0Q8_0(dst []float32, dstStride int, w []byte, wStride int, a []byte, aStride int, rows, tokens, n int) {
	tileQ8_0Q8_0(dst, dstStride, w, wStride, a, aStride, rows, tokens, n)
}

// TileQ4_KQ8_K is the TileFunc of DotQ4_KQ8_K: n Q4_K weights per row
// (n/256*144 bytes) with activations quantized by QuantizeQ8_K (n/256*292
// bytes).
func TileQ4_KQ8_K(dst []float32, dstStride int, w []byte, wStride int, a []byte, aStride int, rows, tokens, n int) {
	tileQ4_KQ8_K(dst, dstStride, w, wStride, a, aStride, rows, tokens, n)
}

// TileQ6_KQ8_K is the TileFunc of DotQ6_KQ8_K: n Q6_K weights per row
// (n/256*210 bytes) with activations quantized by QuantizeQ8_K (n/256*292
// bytes).
func TileQ6_KQ8_K(dst []float32, dstStride int, w []byte, wStride int, a []byte, aStride int, rows, tokens, n int) {
	tileQ6_KQ8_K(dst, dstStride, w, wStride, a, aStride, rows, tokens, n)
}

// tileQ4_0Q8_0Generic is TileQ4_0Q8_0 by calls of dotQ4_0Q8_0Generic.
func tileQ4_0Q8_0Generic(dst []float32, dstStride int, w []byte, wStride int, a []byte, aStride int, rows, tokens, n int) {
	tileRows(dotQ4_0Q8_0Generic, dst, dstStride, w, wStride, a, aStride, rows, tokens, n)
}

// tileQ8_0Q8_0Generic is TileQ8_0Q8_0 by calls of dotQ8_0Q8_0Generic.
func tileQ8_0Q8_0Generic(dst []float32, dstStride int, w []byte, wStride int, a []byte, aStride int, rows, tokens, n int) {
	tileRows(dotQ8_0Q8_0Generic, dst, dstStride, w, wStride, a, aStride, rows, tokens, n)
}

// tileQ4_KQ8_KGeneric is TileQ4_KQ8_K by calls of dotQ4_KQ8_KGeneric.
func tileQ4_KQ8_KGeneric(dst []float32, dstStride int, w []byte, wStride int, a []byte, aStride int, rows, tokens, n int) {
	tileRows(dotQ4_KQ8_KGeneric, dst, dstStride, w, wStride, a, aStride, rows, tokens, n)
}

// tileQ6_KQ8_KGeneric is TileQ6_KQ8_K by calls of dotQ6_KQ8_KGeneric.
func tileQ6_KQ8_KGeneric(dst []float32, dstStride int, w []byte, wStride int, a []byte, aStride int, rows, tokens, n int) {
	tileRows(dotQ6_KQ8_KGeneric, dst, dstStride, w, wStride, a, aStride, rows, tokens, n)
}
