//go:build !purego

package simd

// AVX2 (with FMA and F16C) tile kernels of Q4_0 and Q8_0 weights with
// Q8_0 activations, in tile_block32_amd64.s. Each computes up to 4
// rows times up to 4 tokens with the arithmetic of the row kernel in
// dot_block32_amd64.s, so every output has the row kernel's bits.

// tileQ4_0Q8_0AVX2 sets, for r < rows and t < tokens,
//
//	dst[t*dstStride+r] = dotQ4_0Q8_0AVX2(w[r*wStride:], a[t*aStride:], n)
//
// 1 <= rows <= 4, 1 <= tokens <= 4, n is a multiple of 32, each row of w
// holds n/32 Q4_0 blocks (18 bytes) and each row of a n/32 Q8_0 blocks
// (34 bytes). See tileQ4_0Q8_0Generic for the reference implementation.
//
//go:noescape
func tileQ4_0Q8_0AVX2(dst []float32, dstStride int, w []byte, wStride int, a []byte, aStride int, rows, tokens, n int)

// tileQ8_0Q8_0AVX2 sets, for r < rows and t < tokens,
//
//	dst[t*dstStride+r] = dotQ8_0Q8_0AVX2(w[r*wStride:], a[t*aStride:], n)
//
// 1 <= rows <= 4, 1 <= tokens <= 4, n is a multiple of 32, each row of w
// holds n/32 Q8_0 blocks (34 bytes) and each row of a n/32 Q8_0 blocks
// (34 bytes). See tileQ8_0Q8_0Generic for the reference implementation.
//
//go:noescape
func tileQ8_0Q8_0AVX2(dst []float32, dstStride int, w []byte, wStride int, a []byte, aStride int, rows, tokens, n int)
