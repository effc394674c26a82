package simd

import "math"

// kvaluesMXFP4 are the 16 E2M1 values times two (ggml's kvalues_mxfp4), so
// that they are integers; e8m0Half halves the block scale to match.
var kvaluesMXFP4 = [16]int8{0, 1, 2, 3, 4, 6, 8, 12, 0, -1, -2, -3, -4, -6, -8, -12}

// mxfp4 is the MXFP4 block (ggml's block_mxfp4): an E8M0 exponent e, then
// 32 4-bit indices k packed as in nibbles; weight = 2^(e-127) *
// kvaluesMXFP4[k]/2.
var mxfp4 = block32{
	size:    17,
	actSize: q8_0Bytes,
	decode:  func(x []byte) [q8Block]int8 { return lookupNibbles(x[1:], &kvaluesMXFP4) },
	term: func(x, y []byte, sumi int32) float32 {
		return float32(float32(f16At(y)*e8m0Half(x[0])) * float32(sumi))
	},
}

// e8m0Half returns half of 2^(e-127), ggml's GGML_E8M0_TO_FP32_HALF.
func e8m0Half(e uint8) float32 {
	if e < 2 {
		return math.Float32frombits(0x00200000 << e)
	}
	return math.Float32frombits(uint32(e-1) << 23)
}

// DotMXFP4Q8_0 returns the dot product of n MXFP4 weights w with n
// activations a quantized by QuantizeQ8_0, as ggml_vec_dot_mxfp4_q8_0
// computes it. n is a multiple of 32, len(w) >= n/32*17 and
// len(a) >= n/32*34.
func DotMXFP4Q8_0(w, a []byte, n int) float32 { return dotMXFP4Q8_0Generic(w, a, n) }

// dotMXFP4Q8_0Generic is ggml_vec_dot_mxfp4_q8_0_generic.
func dotMXFP4Q8_0Generic(w, a []byte, n int) float32 { return mxfp4.dot(w, a, n) }
