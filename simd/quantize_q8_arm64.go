//go:build !purego

package simd

// quantizeQ8_0NEON quantizes x, a whole number of 32-value blocks, to Q8_0
// in dst (34 bytes a block): for each block, d = amax/127 as fp16 and the
// codes round(x*(127/amax)) with ties to even, saturated to int8, NaNs and
// infinities treated as llama.cpp's AVX2 code treats them. The result is
// bit for bit the twin's. len(dst) >= len(x)/32*34. See
// quantizeQ8_0Generic for the reference implementation.
//
//go:noescape
func quantizeQ8_0NEON(dst []byte, x []float32)

// quantizeQ8_1NEON is quantizeQ8_0NEON for Q8_1 (36 bytes a block), which
// adds s = d*sum(codes) as fp16 after d. len(dst) >= len(x)/32*36. See
// quantizeQ8_1Generic for the reference implementation.
//
//go:noescape
func quantizeQ8_1NEON(dst []byte, x []float32)

// quantizeQ8_KNEON quantizes x, a whole number of 256-value blocks, to Q8_K
// in dst (292 bytes a block) as the twin does, bit for bit.
// len(dst) >= len(x)/256*292. See quantizeQ8_KGeneric for the reference
// implementation.
//
//go:noescape
func quantizeQ8_KNEON(dst []byte, x []float32)
