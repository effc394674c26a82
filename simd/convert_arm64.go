//go:build !purego

package simd

// The NEON float32/fp16 conversions (convert_arm64.s). They convert
// len(x) values, which must be a multiple of 16 (the dispatchers convert
// the rest with the twins), bit for bit as the twins do, and write no
// element past them.

// f32ToF16NEON converts x to fp16 in dst, rounding to nearest even.
// len(x) is a multiple of 16 and len(dst) >= len(x). See f32ToF16Generic
// for the reference implementation.
//
//go:noescape
func f32ToF16NEON(dst []uint16, x []float32)

// quantizeF16NEON writes x as little-endian fp16 values to dst.
// len(x) is a multiple of 16 and len(dst) >= 2*len(x). See
// quantizeF16Generic for the reference implementation.
//
//go:noescape
func quantizeF16NEON(dst []byte, x []float32)

// f16ToF32NEON converts the fp16 values x to float32 in dst, exactly and
// keeping NaN payloads. len(x) is a multiple of 16 and len(dst) >= len(x).
// See f16ToF32Generic for the reference implementation.
//
//go:noescape
func f16ToF32NEON(dst []float32, x []uint16)

// f32ToBF16NEON converts x to bfloat16 in dst, rounding to nearest even
// and making NaNs quiet, bit for bit as the twin. len(x) is a multiple of
// 16 and len(dst) >= len(x). See f32ToBF16Generic for the reference
// implementation.
//
//go:noescape
func f32ToBF16NEON(dst []uint16, x []float32)

// quantizeBF16NEON writes x as little-endian bfloat16 values to dst.
// len(x) is a multiple of 16 and len(dst) >= 2*len(x). See
// quantizeBF16Generic for the reference implementation.
//
//go:noescape
func quantizeBF16NEON(dst []byte, x []float32)
