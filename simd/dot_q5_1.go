package simd

// q5_1 is the Q5_1 block (ggml's block_q5_1): fp16 d, fp16 m, 4 bytes of
// fifth bits qh, then 32 low nibbles; the 5-bit codes q are packed as in
// nibbles and weight = d*q + m.
var q5_1 = block32{
	size:    24,
	actSize: q8_1Bytes,
	decode:  func(x []byte) [q8Block]int8 { return nibbles(x[8:], le32(x[4:]), 0) },
	term:    termAffine,
}

// DotQ5_1Q8_1 returns the dot product of n Q5_1 weights w with n
// activations a quantized by QuantizeQ8_1, as ggml_vec_dot_q5_1_q8_1
// computes it. n is a multiple of 32, len(w) >= n/32*24 and
// len(a) >= n/32*36.
func DotQ5_1Q8_1(w, a []byte, n int) float32 { return dotQ5_1Q8_1(w, a, n) }

// dotQ5_1Q8_1Generic is ggml_vec_dot_q5_1_q8_1_generic.
func dotQ5_1Q8_1Generic(w, a []byte, n int) float32 { return q5_1.dot(w, a, n) }
