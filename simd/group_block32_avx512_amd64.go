//go:build !purego

package simd

// AVX-512 (F, BW, VL and VNNI) kernels of grouped Q4_0 and Q8_0 weights
// (group.go): matrix-vector products in group_block32_avx512_amd64.s, and
// panel products of four of a group's rows in
// panel_block32_avx512_amd64.s.

// groupGemvQ4_0Q8_0AVX512 sets dst[r], r < 16, to row r of the group g of
// Q4_0 rows (n weights each, n a multiple of 32) times the vector v
// packed by PackVecQ8_0. See groupGemvQ4_0Q8_0Generic for the reference
// implementation.
//
//go:noescape
func groupGemvQ4_0Q8_0AVX512(dst []float32, g, v []byte, n int)

// groupGemvQ8_0Q8_0AVX512 is groupGemvQ4_0Q8_0AVX512 for Q8_0 rows. See
// groupGemvQ8_0Q8_0Generic for the reference implementation.
//
//go:noescape
func groupGemvQ8_0Q8_0AVX512(dst []float32, g, v []byte, n int)

// groupGemv8Q4_0Q8_0AVX512 is groupGemvQ4_0Q8_0AVX512 on eight groups,
// one after the other in g, into dst[0:128], streamed at once.
//
//go:noescape
func groupGemv8Q4_0Q8_0AVX512(dst []float32, g, v []byte, n int)

// groupGemv8Q8_0Q8_0AVX512 is groupGemv8Q4_0Q8_0AVX512 for Q8_0 rows.
//
//go:noescape
func groupGemv8Q8_0Q8_0AVX512(dst []float32, g, v []byte, n int)

// groupQuadQ4_0Q8_0AVX512 is panelQ4_0Q8_0AVX512 on four rows of a group
// of Q4_0 rows: w is the group from the codes of the first of them (the
// group from byte 4r for rows r..r+3), wStride is 4, rows is 4, and dx is
// the group from their first fp16 scale (byte 2r). See
// groupPanelQ4_0Q8_0Generic for the reference implementation.
//
//go:noescape
func groupQuadQ4_0Q8_0AVX512(dst []float32, dstStride int, w []byte, wStride int, p []byte, rows, tokens, n int, dx []byte)

// groupQuadQ8_0Q8_0AVX512 is groupQuadQ4_0Q8_0AVX512 for Q8_0 rows. See
// groupPanelQ8_0Q8_0Generic for the reference implementation.
//
//go:noescape
func groupQuadQ8_0Q8_0AVX512(dst []float32, dstStride int, w []byte, wStride int, p []byte, rows, tokens, n int, dx []byte)

// groupPanel runs quad, a kernel of four rows of a group, on the group's
// four quads of rows.
func groupPanel(quad func(dst []float32, dstStride int, w []byte, wStride int, p []byte, rows, tokens, n int, dx []byte), dst []float32, dstStride int, g, p []byte, tokens, n int) {
	for r := 0; r < GroupRows; r += 4 {
		quad(dst[r:], dstStride, g[4*r:], 4, p, 4, tokens, n, g[2*r:])
	}
}
