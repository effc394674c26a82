//go:build !purego

package simd

// The tile kernels' dispatchers on amd64. A tile kernel must return what
// the row kernel of the same path returns, so each follows its row
// kernel's dispatcher in dispatch_amd64.go: where that takes an AVX-512
// kernel, so does the tile's, and a path with no tile kernel of its own
// calls the row kernel once per (row, token). A single token also goes to
// the row kernel, which keeps its sums in registers and is faster there
// (tileOneTokenByRows; the tests turn it off to run the tile kernels with
// one token too), except for the paths with a kernel of four rows by one
// token (tile_gemv_avx512_amd64.s, tile_gemv_kquant_avx512_amd64.s),
// which full tiles of one token take.

func tileQ4_0Q8_0(dst []float32, dstStride int, w []byte, wStride int, a []byte, aStride int, rows, tokens, n int) {
	switch {
	case tokens == 1 && rows == TileRows && useAVX512:
		gemv4Q4_0Q8_0AVX512(dst, w, wStride, a, n)
	case tokens == 1 && tileOneTokenByRows:
		tileRows(dotQ4_0Q8_0, dst, dstStride, w, wStride, a, aStride, rows, tokens, n)
	case useAVX512:
		tileQ4_0Q8_0AVX512(dst, dstStride, w, wStride, a, aStride, rows, tokens, n)
	case useAVX2:
		tileQ4_0Q8_0AVX2(dst, dstStride, w, wStride, a, aStride, rows, tokens, n)
	default:
		tileQ4_0Q8_0Generic(dst, dstStride, w, wStride, a, aStride, rows, tokens, n)
	}
}

func tileQ8_0Q8_0(dst []float32, dstStride int, w []byte, wStride int, a []byte, aStride int, rows, tokens, n int) {
	switch {
	case tokens == 1 && rows == TileRows && useAVX512:
		gemv4Q8_0Q8_0AVX512(dst, w, wStride, a, n)
	case tokens == 1 && tileOneTokenByRows:
		tileRows(dotQ8_0Q8_0, dst, dstStride, w, wStride, a, aStride, rows, tokens, n)
	case useAVX512:
		tileQ8_0Q8_0AVX512(dst, dstStride, w, wStride, a, aStride, rows, tokens, n)
	case useAVX2:
		tileQ8_0Q8_0AVX2(dst, dstStride, w, wStride, a, aStride, rows, tokens, n)
	default:
		tileQ8_0Q8_0Generic(dst, dstStride, w, wStride, a, aStride, rows, tokens, n)
	}
}

func tileQ4_KQ8_K(dst []float32, dstStride int, w []byte, wStride int, a []byte, aStride int, rows, tokens, n int) {
	switch {
	case tokens == 1 && rows == TileRows && useAVX512:
		gemv4Q4_KQ8_KAVX512(dst, w, wStride, a, n)
	case tokens == 1 && tileOneTokenByRows:
		tileRows(dotQ4_KQ8_K, dst, dstStride, w, wStride, a, aStride, rows, tokens, n)
	case useAVX512:
		tileQ4_KQ8_KAVX512(dst, dstStride, w, wStride, a, aStride, rows, tokens, n)
	case useAVX2:
		tileQ4_KQ8_KAVX2(dst, dstStride, w, wStride, a, aStride, rows, tokens, n)
	default:
		tileQ4_KQ8_KGeneric(dst, dstStride, w, wStride, a, aStride, rows, tokens, n)
	}
}

func tileQ6_KQ8_K(dst []float32, dstStride int, w []byte, wStride int, a []byte, aStride int, rows, tokens, n int) {
	switch {
	case tokens == 1 && rows == TileRows && useAVX512:
		gemv4Q6_KQ8_KAVX512(dst, w, wStride, a, n)
	case tokens == 1 && tileOneTokenByRows:
		tileRows(dotQ6_KQ8_K, dst, dstStride, w, wStride, a, aStride, rows, tokens, n)
	case useAVX512:
		tileQ6_KQ8_KAVX512(dst, dstStride, w, wStride, a, aStride, rows, tokens, n)
	case useAVX2:
		tileQ6_KQ8_KAVX2(dst, dstStride, w, wStride, a, aStride, rows, tokens, n)
	default:
		tileQ6_KQ8_KGeneric(dst, dstStride, w, wStride, a, aStride, rows, tokens, n)
	}
}
