package simd

// q5K is the Q5_K super-block (ggml's block_q5_K): like Q4_K with a fifth
// bit per weight. fp16 d and dmin, 12 bytes of scales and minimums, 32
// bytes qh of fifth bits (bit e/32 of byte e%32 for weight e), then 128
// bytes of low nibbles packed as in nibbles64.
var q5K = kFormat{size: 176, d: 0, dmin: 2, decode: func(x []byte) (s superBlock) {
	nibbles64(&s.q, x[48:176])
	addHighBits(&s.q, x[16:48], 16)
	scalesMinsK4(&s, x[4:16])
	return s
}}

// DotQ5_KQ8_K returns the dot product of n Q5_K weights w with n
// activations a quantized by QuantizeQ8_K, as ggml_vec_dot_q5_K_q8_K
// computes it. n is a multiple of 256, len(w) >= n/256*176 and
// len(a) >= n/256*292.
func DotQ5_KQ8_K(w, a []byte, n int) float32 { return dotQ5_KQ8_K(w, a, n) }

// dotQ5_KQ8_KGeneric is ggml_vec_dot_q5_K_q8_K_generic.
func dotQ5_KQ8_KGeneric(w, a []byte, n int) float32 { return q5K.dot(w, a, n) }
