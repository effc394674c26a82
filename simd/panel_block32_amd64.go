//go:build !purego

package simd

// AVX2 (with FMA and F16C) panel kernels of Q4_0 and Q8_0 weights, as rows
// and as groups (group.go), in panel_block32_amd64.s: one weight row at a
// time times the tokens of a panel packed by PackQ8_0, eight tokens per
// register.

// panelQ4_0Q8_0AVX2 sets, for r < rows and t < tokens,
//
//	dst[t*dstStride+r] = the total of row r of w and token t of p
//
// 1 <= rows, 1 <= tokens <= 32, n is a multiple of 32, each row of w
// (wStride bytes apart) holds n/32 Q4_0 blocks (18 bytes) and p holds a
// panel of n/32 blocks per half (only its first half for 16 tokens or
// fewer). See panelQ4_0Q8_0Generic for the reference implementation.
//
//go:noescape
func panelQ4_0Q8_0AVX2(dst []float32, dstStride int, w []byte, wStride int, p []byte, rows, tokens, n int)

// panelQ8_0Q8_0AVX2 is panelQ4_0Q8_0AVX2 for Q8_0 weights (34-byte
// blocks). See panelQ8_0Q8_0Generic for the reference implementation.
//
//go:noescape
func panelQ8_0Q8_0AVX2(dst []float32, dstStride int, w []byte, wStride int, p []byte, rows, tokens, n int)

// groupPanelQ4_0Q8_0AVX2 is panelQ4_0Q8_0AVX2 on the 16 rows of the group
// g of Q4_0 rows (n/32*288 bytes). See groupPanelQ4_0Q8_0Generic for the
// reference implementation.
//
//go:noescape
func groupPanelQ4_0Q8_0AVX2(dst []float32, dstStride int, g, p []byte, tokens, n int)

// groupPanelQ8_0Q8_0AVX2 is groupPanelQ4_0Q8_0AVX2 for a group of Q8_0
// rows (n/32*544 bytes). See groupPanelQ8_0Q8_0Generic for the reference
// implementation.
//
//go:noescape
func groupPanelQ8_0Q8_0AVX2(dst []float32, dstStride int, g, p []byte, tokens, n int)
