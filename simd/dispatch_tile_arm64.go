//go:build !purego

package simd

// The tile kernels' dispatchers on arm64. There is no NEON tile kernel
// yet: each calls the row kernel's dispatcher once per (row, token), which
// is bit-identical to the row kernel whichever path it takes.

func tileQ4_0Q8_0(dst []float32, dstStride int, w []byte, wStride int, a []byte, aStride int, rows, tokens, n int) {
	tileRows(dotQ4_0Q8_0, dst, dstStride, w, wStride, a, aStride, rows, tokens, n)
}

func tileQ8_0Q8_0(dst []float32, dstStride int, w []byte, wStride int, a []byte, aStride int, rows, tokens, n int) {
	tileRows(dotQ8_0Q8_0, dst, dstStride, w, wStride, a, aStride, rows, tokens, n)
}

func tileQ4_KQ8_K(dst []float32, dstStride int, w []byte, wStride int, a []byte, aStride int, rows, tokens, n int) {
	tileRows(dotQ4_KQ8_K, dst, dstStride, w, wStride, a, aStride, rows, tokens, n)
}

func tileQ6_KQ8_K(dst []float32, dstStride int, w []byte, wStride int, a []byte, aStride int, rows, tokens, n int) {
	tileRows(dotQ6_KQ8_K, dst, dstStride, w, wStride, a, aStride, rows, tokens, n)
}
