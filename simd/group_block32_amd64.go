//go:build !purego

package simd

// AVX2 (with FMA and F16C) kernels of grouped Q4_0 and Q8_0 weights
// (group.go), in group_block32_amd64.s.

// groupGemvQ4_0Q8_0AVX2 sets dst[r], r < 16, to row r of the group g of
// Q4_0 rows (n weights each, n a multiple of 32) times the vector v
// packed by PackVecQ8_0: for each row, block after block,
// total = fma(float32(sumi), dx*dy, total). dst holds 16 values, g
// n/32*288 bytes and v n/32*40. See groupGemvQ4_0Q8_0Generic for the
// reference implementation.
//
//go:noescape
func groupGemvQ4_0Q8_0AVX2(dst []float32, g, v []byte, n int)

// groupGemvQ8_0Q8_0AVX2 is groupGemvQ4_0Q8_0AVX2 for a group of Q8_0 rows
// (n/32*544 bytes). See groupGemvQ8_0Q8_0Generic for the reference
// implementation.
//
//go:noescape
func groupGemvQ8_0Q8_0AVX2(dst []float32, g, v []byte, n int)
