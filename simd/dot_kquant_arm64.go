//go:build !purego

package simd

// The NEON dot products of K-quant (and IQ4_XS) super-blocks with Q8_K
// activations (dot_kquant_arm64.s). They keep the twin's integer sums and
// add its float32 terms in its order (see kFormat.dot), so each result is
// bit for bit the twin's. They use only Advanced SIMD (SMULL and SMLAL).
// The SDOT variants (Q2_K and IQ4_XS, which stay bit-exact, and Q3_K,
// Q4_K, Q5_K and Q6_K, which round differently) follow. None reads a byte past the
// super-blocks that n covers.

// dotQ4_KQ8_KNEON returns the dot product of n Q4_K weights w with n Q8_K
// activations a. n is a multiple of 256, len(w) >= n/256*144 and
// len(a) >= n/256*292. See dotQ4_KQ8_KGeneric for the reference
// implementation.
//
//go:noescape
func dotQ4_KQ8_KNEON(w, a []byte, n int) float32

// dotQ6_KQ8_KNEON returns the dot product of n Q6_K weights w with n Q8_K
// activations a. n is a multiple of 256, len(w) >= n/256*210 and
// len(a) >= n/256*292. See dotQ6_KQ8_KGeneric for the reference
// implementation.
//
//go:noescape
func dotQ6_KQ8_KNEON(w, a []byte, n int) float32

// dotQ5_KQ8_KNEON returns the dot product of n Q5_K weights w with n Q8_K
// activations a. n is a multiple of 256, len(w) >= n/256*176 and
// len(a) >= n/256*292. See dotQ5_KQ8_KGeneric for the reference
// implementation.
//
//go:noescape
func dotQ5_KQ8_KNEON(w, a []byte, n int) float32

// dotIQ4_XSQ8_KNEON returns the dot product of n IQ4_XS weights w with n
// Q8_K activations a, adding the sub-blocks' float32 terms in the twin's
// order (so bit for bit the twin's). n is a multiple of 256,
// len(w) >= n/256*136 and len(a) >= n/256*292. See dotIQ4_XSQ8_KGeneric
// for the reference implementation.
//
//go:noescape
func dotIQ4_XSQ8_KNEON(w, a []byte, n int) float32

// dotIQ4_XSQ8_KDotProd is dotIQ4_XSQ8_KNEON using SDOT.
//
//go:noescape
func dotIQ4_XSQ8_KDotProd(w, a []byte, n int) float32

// dotQ2_KQ8_KNEON returns the dot product of n Q2_K weights w with n Q8_K
// activations a, bit for bit as the twin. n is a multiple of 256,
// len(w) >= n/256*84 and len(a) >= n/256*292. See dotQ2_KQ8_KGeneric for
// the reference implementation.
//
//go:noescape
func dotQ2_KQ8_KNEON(w, a []byte, n int) float32

// dotQ3_KQ8_KNEON returns the dot product of n Q3_K weights w with n Q8_K
// activations a. n is a multiple of 256, len(w) >= n/256*110 and
// len(a) >= n/256*292. See dotQ3_KQ8_KGeneric for the reference
// implementation.
//
//go:noescape
func dotQ3_KQ8_KNEON(w, a []byte, n int) float32

// dotQ4_KQ8_KDotProd is dotQ4_KQ8_KNEON using SDOT. It scales each
// super-block's integer sum once instead of keeping the twin's eight lane
// sums, so its result may differ from the twin's by float32 rounding
// (within 1e-5 of the sum of the super-blocks' terms' magnitudes).
//
//go:noescape
func dotQ4_KQ8_KDotProd(w, a []byte, n int) float32

// dotQ5_KQ8_KDotProd is dotQ5_KQ8_KNEON using SDOT, rounding as
// dotQ4_KQ8_KDotProd does.
//
//go:noescape
func dotQ5_KQ8_KDotProd(w, a []byte, n int) float32

// dotQ6_KQ8_KDotProd is dotQ6_KQ8_KNEON using SDOT, rounding as
// dotQ4_KQ8_KDotProd does.
//
//go:noescape
func dotQ6_KQ8_KDotProd(w, a []byte, n int) float32

// dotQ2_KQ8_KDotProd is dotQ2_KQ8_KNEON using SDOT; still bit for bit the
// twin's.
//
//go:noescape
func dotQ2_KQ8_KDotProd(w, a []byte, n int) float32

// dotQ3_KQ8_KDotProd is dotQ3_KQ8_KNEON using SDOT, rounding as
// dotQ4_KQ8_KDotProd does.
//
//go:noescape
func dotQ3_KQ8_KDotProd(w, a []byte, n int) float32
