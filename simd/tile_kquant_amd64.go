//go:build !purego

package simd

// AVX2 (with FMA and F16C) tile kernels of the K-quant formats with Q8_K
// activations, in tile_kquant_amd64.s. Each computes up to 4 rows times
// up to 4 tokens with the arithmetic of the row kernel in
// dot_kquant_amd64.s, so every output has the row kernel's bits.

// tileQ4_KQ8_KAVX2 sets, for r < rows and t < tokens,
//
//	dst[t*dstStride+r] = dotQ4_KQ8_KAVX2(w[r*wStride:], a[t*aStride:], n)
//
// 1 <= rows <= 4, 1 <= tokens <= 4, n is a multiple of 256, each row of w
// holds n/256 Q4_K super-blocks (144 bytes) and each row of a n/256 Q8_K
// blocks (292 bytes) written by QuantizeQ8_K. See tileQ4_KQ8_KGeneric for
// the reference implementation.
//
//go:noescape
func tileQ4_KQ8_KAVX2(dst []float32, dstStride int, w []byte, wStride int, a []byte, aStride int, rows, tokens, n int)

// tileQ6_KQ8_KAVX2 sets, for r < rows and t < tokens,
//
//	dst[t*dstStride+r] = dotQ6_KQ8_KAVX2(w[r*wStride:], a[t*aStride:], n)
//
// 1 <= rows <= 4, 1 <= tokens <= 4, n is a multiple of 256, each row of w
// holds n/256 Q6_K super-blocks (210 bytes) and each row of a n/256 Q8_K
// blocks (292 bytes) written by QuantizeQ8_K. See tileQ6_KQ8_KGeneric for
// the reference implementation.
//
//go:noescape
func tileQ6_KQ8_KAVX2(dst []float32, dstStride int, w []byte, wStride int, a []byte, aStride int, rows, tokens, n int)
