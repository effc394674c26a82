//go:build !purego

package simd

// The AVX-512 (F, BW, VL and VNNI) dot products of the 32-weight block
// formats with their activations, in dot_block32_avx512_amd64.s. Each
// sums the 32 integer products of a block exactly with VPDPBUSD, whatever
// the code bytes, and adds them, scaled by the product of the block
// scales, to float32 lane sums whose order differs from the twins': the
// result is within a few float32 roundings per block of theirs. They read
// only the n/32 blocks of w and a that the preconditions name.

// dotQ4_0Q8_0AVX512 returns the sum over the n/32 blocks i of
// dx_i*dy_i*sum_j (q_ij-8)*y_ij, the dot product of n Q4_0 weights w with
// n Q8_0 activations a. n is a multiple of 32, len(w) >= n/32*18 and
// len(a) >= n/32*34. See dotQ4_0Q8_0Generic for the reference
// implementation.
//
//go:noescape
func dotQ4_0Q8_0AVX512(w, a []byte, n int) float32

// dotQ8_0Q8_0AVX512 returns the sum over the n/32 blocks i of
// dx_i*dy_i*sum_j q_ij*y_ij, the dot product of n Q8_0 weights w with n
// Q8_0 activations a. n is a multiple of 32, len(w) >= n/32*34 and
// len(a) >= n/32*34. See dotQ8_0Q8_0Generic for the reference
// implementation.
//
//go:noescape
func dotQ8_0Q8_0AVX512(w, a []byte, n int) float32

// dotQ4_1Q8_1AVX512 returns the sum over the n/32 blocks i of
// dx_i*dy_i*sum_j q_ij*y_ij + mx_i*sy_i, the dot product of n Q4_1 weights
// w with n Q8_1 activations a. n is a multiple of 32, len(w) >= n/32*20
// and len(a) >= n/32*36. See dotQ4_1Q8_1Generic for the reference
// implementation.
//
//go:noescape
func dotQ4_1Q8_1AVX512(w, a []byte, n int) float32

// dotIQ4_NLQ8_0AVX512 returns the sum over the n/32 blocks i of
// dx_i*dy_i*sum_j kvaluesIQ4NL[k_ij]*y_ij, the dot product of n IQ4_NL
// weights w with n Q8_0 activations a. n is a multiple of 32,
// len(w) >= n/32*18 and len(a) >= n/32*34. See dotIQ4_NLQ8_0Generic for
// the reference implementation.
//
//go:noescape
func dotIQ4_NLQ8_0AVX512(w, a []byte, n int) float32

// dotQ5_0Q8_0AVX512 returns the sum over the n/32 blocks i of
// dx_i*dy_i*sum_j (q_ij-16)*y_ij, the dot product of n Q5_0 weights w with
// n Q8_0 activations a. n is a multiple of 32, len(w) >= n/32*22 and
// len(a) >= n/32*34. See dotQ5_0Q8_0Generic for the reference
// implementation.
//
//go:noescape
func dotQ5_0Q8_0AVX512(w, a []byte, n int) float32
