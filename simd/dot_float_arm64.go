//go:build !purego

package simd

// The NEON float dot products (dot_float_arm64.s). Like their twins they
// round each product to float32 and sum the products in float64, but in
// another order, so the results may differ from the twins' by the
// rounding of that float64 sum (far below float32 precision) and then by
// one float32 rounding step. They read no value past n.

// dotF32NEON returns the dot product of the n little-endian float32
// values in w and in a. len(w), len(a) >= 4*n. See dotF32Generic for the
// reference implementation.
//
//go:noescape
func dotF32NEON(w, a []byte, n int) float32

// dotNEON returns the dot product of x and y[:len(x)].
// len(y) >= len(x). See dotGeneric for the reference implementation.
//
//go:noescape
func dotNEON(x, y []float32) float32

// dotF16NEON returns the dot product of the n little-endian fp16 values
// in w and in a. len(w), len(a) >= 2*n. See dotF16Generic for the
// reference implementation.
//
//go:noescape
func dotF16NEON(w, a []byte, n int) float32

// sumSquaresNEON returns the sum of the squares of x: float32 squares
// summed in float64, in another order than the twin's. See
// sumSquaresGeneric for the reference implementation.
//
//go:noescape
func sumSquaresNEON(x []float32) float64

// dotBF16NEON returns the dot product of the n little-endian bfloat16
// values in w and in a. len(w), len(a) >= 2*n. See dotBF16Generic for the
// reference implementation.
//
//go:noescape
func dotBF16NEON(w, a []byte, n int) float32
