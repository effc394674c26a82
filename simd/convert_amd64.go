//go:build !purego

package simd

// f16ToF32AVX2 sets dst[i] = fromF16(x[i]) for every i < len(x), with
// F16C's VCVTPH2PS; it clears the quiet bit that instruction sets on
// signalling NaNs, so that every bit pattern converts as the twin converts
// it. len(dst) >= len(x). See f16ToF32Generic for the reference
// implementation.
//
//go:noescape
func f16ToF32AVX2(dst []float32, x []uint16)

// f32ToF16AVX2 sets dst[i] = toF16(x[i]) for every i < len(x), with F16C's
// VCVTPS2PH rounding to nearest even. len(dst) >= len(x). See
// f32ToF16Generic for the reference implementation.
//
//go:noescape
func f32ToF16AVX2(dst []uint16, x []float32)

// quantizeF16AVX2 writes toF16(x[i]) little-endian to dst[2*i:2*i+2] for
// every i < len(x); it is f32ToF16AVX2 on a byte row. len(dst) >=
// 2*len(x). See quantizeF16Generic for the reference implementation.
//
//go:noescape
func quantizeF16AVX2(dst []byte, x []float32)

// f32ToBF16AVX2 sets dst[i] = toBF16(x[i]) for every i < len(x): round to
// nearest even in integer lanes, NaNs made quiet. len(dst) >= len(x). See
// f32ToBF16Generic for the reference implementation.
//
//go:noescape
func f32ToBF16AVX2(dst []uint16, x []float32)

// quantizeBF16AVX2 writes toBF16(x[i]) little-endian to dst[2*i:2*i+2]
// for every i < len(x); it is f32ToBF16AVX2 on a byte row. len(dst) >=
// 2*len(x). See quantizeBF16Generic for the reference implementation.
//
//go:noescape
func quantizeBF16AVX2(dst []byte, x []float32)
