//go:build !purego

package simd

// The NEON dot products of 32-weight blocks with Q8_0 activations
// (dot_block32_arm64.s). Each returns, for n a multiple of 32,
//
//	for each block i: sumf += term(w block i, a block i, sum of code products)
//
// with the block terms computed and added in float32 in the twin's order,
// so the result is bit for bit the twin's. The …DotProd variants need
// FEAT_DotProd (SDOT); the …NEON ones use only Advanced SIMD. Neither
// reads past the blocks that n covers.

// dotQ8_0Q8_0NEON returns the dot product of n Q8_0 weights w with n Q8_0
// activations a. n is a multiple of 32, len(w) >= n/32*34 and
// len(a) >= n/32*34. See dotQ8_0Q8_0Generic for the reference
// implementation.
//
//go:noescape
func dotQ8_0Q8_0NEON(w, a []byte, n int) float32

// dotQ8_0Q8_0DotProd is dotQ8_0Q8_0NEON using SDOT.
//
//go:noescape
func dotQ8_0Q8_0DotProd(w, a []byte, n int) float32

// dotQ4_0Q8_0NEON returns the dot product of n Q4_0 weights w with n Q8_0
// activations a. n is a multiple of 32, len(w) >= n/32*18 and
// len(a) >= n/32*34. See dotQ4_0Q8_0Generic for the reference
// implementation.
//
//go:noescape
func dotQ4_0Q8_0NEON(w, a []byte, n int) float32

// dotQ4_0Q8_0DotProd is dotQ4_0Q8_0NEON using SDOT.
//
//go:noescape
func dotQ4_0Q8_0DotProd(w, a []byte, n int) float32

// dotQ4_1Q8_1NEON returns the dot product of n Q4_1 weights w with n Q8_1
// activations a. n is a multiple of 32, len(w) >= n/32*20 and
// len(a) >= n/32*36. See dotQ4_1Q8_1Generic for the reference
// implementation.
//
//go:noescape
func dotQ4_1Q8_1NEON(w, a []byte, n int) float32

// dotQ4_1Q8_1DotProd is dotQ4_1Q8_1NEON using SDOT.
//
//go:noescape
func dotQ4_1Q8_1DotProd(w, a []byte, n int) float32

// dotQ5_0Q8_0NEON returns the dot product of n Q5_0 weights w with n Q8_0
// activations a. n is a multiple of 32, len(w) >= n/32*22 and
// len(a) >= n/32*34. See dotQ5_0Q8_0Generic for the reference
// implementation.
//
//go:noescape
func dotQ5_0Q8_0NEON(w, a []byte, n int) float32

// dotQ5_0Q8_0DotProd is dotQ5_0Q8_0NEON using SDOT.
//
//go:noescape
func dotQ5_0Q8_0DotProd(w, a []byte, n int) float32

// dotQ5_1Q8_1NEON returns the dot product of n Q5_1 weights w with n Q8_1
// activations a. n is a multiple of 32, len(w) >= n/32*24 and
// len(a) >= n/32*36. See dotQ5_1Q8_1Generic for the reference
// implementation.
//
//go:noescape
func dotQ5_1Q8_1NEON(w, a []byte, n int) float32

// dotQ5_1Q8_1DotProd is dotQ5_1Q8_1NEON using SDOT.
//
//go:noescape
func dotQ5_1Q8_1DotProd(w, a []byte, n int) float32

// dotIQ4_NLQ8_0NEON returns the dot product of n IQ4_NL weights w with n Q8_0
// activations a. n is a multiple of 32, len(w) >= n/32*18 and
// len(a) >= n/32*34. See dotIQ4_NLQ8_0Generic for the reference
// implementation.
//
//go:noescape
func dotIQ4_NLQ8_0NEON(w, a []byte, n int) float32

// dotIQ4_NLQ8_0DotProd is dotIQ4_NLQ8_0NEON using SDOT.
//
//go:noescape
func dotIQ4_NLQ8_0DotProd(w, a []byte, n int) float32
