//go:build !purego

package simd

// The NEON dot products of K-quant super-blocks with Q8_K activations
// (dot_kquant_arm64.s). They keep the twin's eight int32 lane sums and
// float32 lane totals (see kFormat.dot), so each result is bit for bit
// the twin's. They use only Advanced SIMD (SMULL and SMLAL), and read no
// byte past the super-blocks that n covers.

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
