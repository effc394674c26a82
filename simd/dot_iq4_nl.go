package simd

// kvaluesIQ4NL are the 16 non-linear levels of IQ4_NL and IQ4_XS (ggml's
// kvalues_iq4nl).
var kvaluesIQ4NL = [16]int8{-127, -104, -83, -65, -49, -35, -22, -10, 1, 13, 25, 38, 53, 69, 89, 113}

// iq4nl is the IQ4_NL block (ggml's block_iq4_nl): fp16 d, then 32 4-bit
// indices k packed as in nibbles; weight = d*kvaluesIQ4NL[k].
var iq4nl = block32{
	size:    18,
	actSize: q8_0Bytes,
	decode:  func(x []byte) [q8Block]int8 { return lookupNibbles(x[2:], &kvaluesIQ4NL) },
	term:    termScaled,
}

// DotIQ4_NLQ8_0 returns the dot product of n IQ4_NL weights w with n
// activations a quantized by QuantizeQ8_0, as ggml_vec_dot_iq4_nl_q8_0
// computes it. n is a multiple of 32, len(w) >= n/32*18 and
// len(a) >= n/32*34.
func DotIQ4_NLQ8_0(w, a []byte, n int) float32 { return dotIQ4_NLQ8_0(w, a, n) }

// dotIQ4_NLQ8_0Generic is ggml_vec_dot_iq4_nl_q8_0_generic.
func dotIQ4_NLQ8_0Generic(w, a []byte, n int) float32 { return iq4nl.dot(w, a, n) }
