//go:build !purego

package simd

// AVX-512 (F, BW, VL and VNNI) panel kernels of Q4_K and Q6_K weights, in
// panel_kquant_avx512_amd64.s: up to 4 weight rows times the up to 32
// tokens of a panel packed by PackQ8_K, one token per lane; a row's
// decoded super-block serves both panel halves.

// panelQ4_KQ8_KAVX512 sets, for r < rows and t < tokens,
//
//	dst[t*dstStride+r] = the total of row r of w and token t of p
//
// 1 <= rows <= 4, 1 <= tokens <= 32, n is a multiple of 256, each row of
// w holds n/256 Q4_K super-blocks (144 bytes) and p holds a panel of two
// halves of n/256 blocks each (panelK); the second half is read only when
// tokens > 16. See panelQ4_KQ8_KGeneric for the reference
// implementation.
//
//go:noescape
func panelQ4_KQ8_KAVX512(dst []float32, dstStride int, w []byte, wStride int, p []byte, rows, tokens, n int)

// panelQ6_KQ8_KAVX512 is panelQ4_KQ8_KAVX512 for Q6_K weights (210-byte
// super-blocks). See panelQ6_KQ8_KGeneric for the reference
// implementation.
//
//go:noescape
func panelQ6_KQ8_KAVX512(dst []float32, dstStride int, w []byte, wStride int, p []byte, rows, tokens, n int)
