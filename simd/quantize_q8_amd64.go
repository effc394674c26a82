//go:build !purego

package simd

// quantizeQ8_0AVX2 writes the len(x)/32 Q8_0 blocks of x to dst, each
// d = amax/127 as fp16 followed by the codes round(x[j]*(127/amax)),
// halves to even, saturated to int8, bit for bit as quantizeQ8_0Generic
// (and llama.cpp's x86 quantize_row_q8_0), NaNs and infinities included.
// len(x) is a multiple of 32 and len(dst) >= len(x)/32*34. See
// quantizeQ8_0Generic for the reference implementation.
//
//go:noescape
func quantizeQ8_0AVX2(dst []byte, x []float32)

// quantizeQ8_1AVX2 writes the len(x)/32 Q8_1 blocks of x to dst: d and the
// codes of quantizeQ8_0AVX2 with s between them, the fp16 of d times the
// wrapped int32 sum of the codes before their saturation, bit for bit as
// quantizeQ8_1Generic. len(x) is a multiple of 32 and
// len(dst) >= len(x)/32*36. See quantizeQ8_1Generic for the reference
// implementation.
//
//go:noescape
func quantizeQ8_1AVX2(dst []byte, x []float32)
