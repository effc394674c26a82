package simd

// q4_1 is the Q4_1 block (ggml's block_q4_1): fp16 d, fp16 m, then 32 4-bit
// codes q packed as in nibbles; weight = d*q + m.
var q4_1 = block32{
	size:    20,
	actSize: q8_1Bytes,
	decode:  func(x []byte) [q8Block]int8 { return nibbles(x[4:], 0, 0) },
	term:    termAffine,
}

// DotQ4_1Q8_1 returns the dot product of n Q4_1 weights w with n
// activations a quantized by QuantizeQ8_1, as ggml_vec_dot_q4_1_q8_1
// computes it. n is a multiple of 32, len(w) >= n/32*20 and
// len(a) >= n/32*36.
func DotQ4_1Q8_1(w, a []byte, n int) float32 { return dotQ4_1Q8_1(w, a, n) }

// dotQ4_1Q8_1Generic is ggml_vec_dot_q4_1_q8_1_generic.
func dotQ4_1Q8_1Generic(w, a []byte, n int) float32 { return q4_1.dot(w, a, n) }
