package simd

// q4K is the Q4_K super-block (ggml's block_q4_K): fp16 d and dmin, 12
// bytes of 6-bit scales and minimums (see scalesMinsK4), then 128 bytes of
// 4-bit codes q packed as in nibbles64; weight = d*scale*q - dmin*min.
var q4K = kFormat{size: 144, d: 0, dmin: 2, decode: func(x []byte) (s superBlock) {
	nibbles64(&s.q, x[16:144])
	scalesMinsK4(&s, x[4:16])
	return s
}}

// DotQ4_KQ8_K returns the dot product of n Q4_K weights w with n
// activations a quantized by QuantizeQ8_K, as ggml_vec_dot_q4_K_q8_K
// computes it. n is a multiple of 256, len(w) >= n/256*144 and
// len(a) >= n/256*292.
func DotQ4_KQ8_K(w, a []byte, n int) float32 { return dotQ4_KQ8_K(w, a, n) }

// dotQ4_KQ8_KGeneric is ggml_vec_dot_q4_K_q8_K_generic.
func dotQ4_KQ8_KGeneric(w, a []byte, n int) float32 { return q4K.dot(w, a, n) }
