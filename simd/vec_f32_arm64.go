//go:build !purego

package simd

// The NEON float32 vector operations (vec_f32_arm64.s). They touch no
// element past len(x).

// axpyNEON adds a*x to dst, rounding each product to float32 first, bit
// for bit as the twin. len(dst) >= len(x). See axpyGeneric for the
// reference implementation.
//
//go:noescape
func axpyNEON(dst, x []float32, a float32)

// scaleNEON multiplies every element of x by a. See scaleGeneric for the
// reference implementation.
//
//go:noescape
func scaleNEON(x []float32, a float32)

// maxNEON returns the largest element of x (-Inf for an empty x) and
// true, or false when x holds a NaN or its maximum is zero: there the
// twin's answer depends on the order of the elements (a NaN resets the
// running maximum, and of +0 and -0 the later one wins), and the caller
// must ask the twin. See maxGeneric for the reference implementation.
//
//go:noescape
func maxNEON(x []float32) (m float32, ok bool)
