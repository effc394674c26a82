//go:build !purego

package simd

// The AVX-512 (F, BW, VL and VNNI) products of four weight rows with one
// activation row, in tile_gemv_avx512_amd64.s: the tiles of a single
// token (decode). Each row's result has exactly the bits of the row
// kernel of the same path (dot_block32_avx512_amd64.s); the activations'
// loads, bias correction and scales are shared by the four rows, whose
// weights stream in together. Each chunk of 16 blocks also prefetches
// (never loads) the same chunk of the four rows after them, which may lie
// past the end of w.

// gemv4Q4_0Q8_0AVX512 sets dst[r] = dotQ4_0Q8_0AVX512(w[r*wStride:], a, n)
// for r < 4, bit for bit. n is a multiple of 32, len(dst) >= 4,
// len(w) >= 3*wStride+n/32*18 and len(a) >= n/32*34. See
// dotQ4_0Q8_0Generic for the reference implementation.
//
//go:noescape
func gemv4Q4_0Q8_0AVX512(dst []float32, w []byte, wStride int, a []byte, n int)

// gemv4Q8_0Q8_0AVX512 sets dst[r] = dotQ8_0Q8_0AVX512(w[r*wStride:], a, n)
// for r < 4, bit for bit. n is a multiple of 32, len(dst) >= 4,
// len(w) >= 3*wStride+n/32*34 and len(a) >= n/32*34. See
// dotQ8_0Q8_0Generic for the reference implementation.
//
//go:noescape
func gemv4Q8_0Q8_0AVX512(dst []float32, w []byte, wStride int, a []byte, n int)
