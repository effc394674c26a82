//go:build !purego

package simd

// The dispatchers of the K-quant panel kernels on amd64: the AVX-512 VNNI
// kernels where the CPU has them, otherwise the pure-Go twins.

func panelQ4_KQ8_K(dst []float32, dstStride int, w []byte, wStride int, p []byte, rows, tokens, n int) {
	if useAVX512 {
		panelQ4_KQ8_KAVX512(dst, dstStride, w, wStride, p, rows, tokens, n)
		return
	}
	panelQ4_KQ8_KGeneric(dst, dstStride, w, wStride, p, rows, tokens, n)
}

func panelQ6_KQ8_K(dst []float32, dstStride int, w []byte, wStride int, p []byte, rows, tokens, n int) {
	if useAVX512 {
		panelQ6_KQ8_KAVX512(dst, dstStride, w, wStride, p, rows, tokens, n)
		return
	}
	panelQ6_KQ8_KGeneric(dst, dstStride, w, wStride, p, rows, tokens, n)
}
