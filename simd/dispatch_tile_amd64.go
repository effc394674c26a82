//go:build !purego

package simd

// The tile kernels' dispatchers on amd64. A tile kernel must return what
// the row kernel of the same path returns, so each follows its row
// kernel's dispatcher in dispatch_amd64.go: where that takes an AVX-512
// kernel, so does the tile's, and a path with no tile kernel of its own
// calls the row kernel once per (row, token).

func tileQ4_0Q8_0(dst []float32, dstStride int, w []byte, wStride int, a []byte, aStride int, rows, tokens, n int) {
	if useAVX512 || useAVX2 {
		tileRows(dotQ4_0Q8_0, dst, dstStride, w, wStride, a, aStride, rows, tokens, n)
		return
	}
	tileQ4_0Q8_0Generic(dst, dstStride, w, wStride, a, aStride, rows, tokens, n)
}

func tileQ8_0Q8_0(dst []float32, dstStride int, w []byte, wStride int, a []byte, aStride int, rows, tokens, n int) {
	if useAVX512 || useAVX2 {
		tileRows(dotQ8_0Q8_0, dst, dstStride, w, wStride, a, aStride, rows, tokens, n)
		return
	}
	tileQ8_0Q8_0Generic(dst, dstStride, w, wStride, a, aStride, rows, tokens, n)
}

func tileQ4_KQ8_K(dst []float32, dstStride int, w []byte, wStride int, a []byte, aStride int, rows, tokens, n int) {
	if useAVX512 {
		tileQ4_KQ8_KAVX512(dst, dstStride, w, wStride, a, aStride, rows, tokens, n)
		return
	}
	if useAVX2 {
		tileQ4_KQ8_KAVX2(dst, dstStride, w, wStride, a, aStride, rows, tokens, n)
		return
	}
	tileQ4_KQ8_KGeneric(dst, dstStride, w, wStride, a, aStride, rows, tokens, n)
}

func tileQ6_KQ8_K(dst []float32, dstStride int, w []byte, wStride int, a []byte, aStride int, rows, tokens, n int) {
	if useAVX512 {
		tileQ6_KQ8_KAVX512(dst, dstStride, w, wStride, a, aStride, rows, tokens, n)
		return
	}
	if useAVX2 {
		tileQ6_KQ8_KAVX2(dst, dstStride, w, wStride, a, aStride, rows, tokens, n)
		return
	}
	tileQ6_KQ8_KGeneric(dst, dstStride, w, wStride, a, aStride, rows, tokens, n)
}
