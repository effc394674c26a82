//go:build purego || !(amd64 || arm64)

package simd

// Without assembly every tile kernel is its pure-Go twin.

func tileQ4_0Q8_0(dst []float32, dstStride int, w []byte, wStride int, a []byte, aStride int, rows, tokens, n int) {
	tileQ4_0Q8_0Generic(dst, dstStride, w, wStride, a, aStride, rows, tokens, n)
}

func tileQ8_0Q8_0(dst []float32, dstStride int, w []byte, wStride int, a []byte, aStride int, rows, tokens, n int) {
	tileQ8_0Q8_0Generic(dst, dstStride, w, wStride, a, aStride, rows, tokens, n)
}

func tileQ4_KQ8_K(dst []float32, dstStride int, w []byte, wStride int, a []byte, aStride int, rows, tokens, n int) {
	tileQ4_KQ8_KGeneric(dst, dstStride, w, wStride, a, aStride, rows, tokens, n)
}

func tileQ6_KQ8_K(dst []float32, dstStride int, w []byte, wStride int, a []byte, aStride int, rows, tokens, n int) {
	tileQ6_KQ8_KGeneric(dst, dstStride, w, wStride, a, aStride, rows, tokens, n)
}
