//go:build !purego

package simd

// AVX-512 (F, BW, VL and VNNI) panel kernels of Q4_0 and Q8_0 weights, in
// panel_block32_avx512_amd64.s: up to 4 weight rows times the 32 tokens
// of a panel packed by PackQ8_0, one token per lane.

// panelQ4_0Q8_0AVX512 sets, for r < rows and t < tokens,
//
//	dst[t*dstStride+r] = the total of row r of w and token t of p
//
// 1 <= rows <= 4, 1 <= tokens <= 32, n is a multiple of 32, each row of w
// holds n/32 Q4_0 blocks (18 bytes) and p holds a panel of n/32 blocks
// per half (only its first half for 16 tokens or fewer). See
// panelQ4_0Q8_0Generic for the reference implementation.
//
//go:noescape
func panelQ4_0Q8_0AVX512(dst []float32, dstStride int, w []byte, wStride int, p []byte, rows, tokens, n int)

// panelQ8_0Q8_0AVX512 is panelQ4_0Q8_0AVX512 for Q8_0 weights (34-byte
// blocks). See panelQ8_0Q8_0Generic for the reference implementation.
//
//go:noescape
func panelQ8_0Q8_0AVX512(dst []float32, dstStride int, w []byte, wStride int, p []byte, rows, tokens, n int)
