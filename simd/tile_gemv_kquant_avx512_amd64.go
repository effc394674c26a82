//go:build !purego

package simd

// The AVX-512 (F, BW, VL and VNNI) products of four Q4_K or Q6_K weight
// rows with one Q8_K activation row, in tile_gemv_kquant_avx512_amd64.s:
// the tiles of a single token (decode). Each row's result has exactly the
// bits of the row kernel of the same path (dot_kquant_avx512_amd64.s); the
// activations' codes and bsums are loaded once for the four rows, whose
// weights stream in together. Each super-block also prefetches (never
// loads) the same super-block of the four rows after them, which may lie
// past the end of w.

// gemv4Q4_KQ8_KAVX512 sets dst[r] = dotQ4_KQ8_KAVX512(w[r*wStride:], a, n)
// for r < 4, bit for bit. n is a multiple of 256, len(dst) >= 4,
// len(w) >= 3*wStride+n/256*144 and len(a) >= n/256*292. See
// dotQ4_KQ8_KGeneric for the reference implementation.
//
//go:noescape
func gemv4Q4_KQ8_KAVX512(dst []float32, w []byte, wStride int, a []byte, n int)

// gemv4Q6_KQ8_KAVX512 sets dst[r] = dotQ6_KQ8_KAVX512(w[r*wStride:], a, n)
// for r < 4, bit for bit. n is a multiple of 256, len(dst) >= 4,
// len(w) >= 3*wStride+n/256*210 and len(a) >= n/256*292. See
// dotQ6_KQ8_KGeneric for the reference implementation.
//
//go:noescape
func gemv4Q6_KQ8_KAVX512(dst []float32, w []byte, wStride int, a []byte, n int)
