package simd

// q4_0 is the Q4_0 block (ggml's block_q4_0): fp16 d, then 32 4-bit codes
// q packed as in nibbles; weight = d*(q-8).
var q4_0 = block32{
	size:    18,
	actSize: q8_0Bytes,
	decode:  func(x []byte) [q8Block]int8 { return nibbles(x[2:], 0, 8) },
	// ggml computes sumi*dx*dy left to right here, unlike the others.
	term: func(x, y []byte, sumi int32) float32 { return float32(float32(float32(sumi)*f16At(x)) * f16At(y)) },
}

// DotQ4_0Q8_0 returns the dot product of n Q4_0 weights w with n
// activations a quantized by QuantizeQ8_0, as ggml_vec_dot_q4_0_q8_0
// computes it. n is a multiple of 32, len(w) >= n/32*18 and
// len(a) >= n/32*34.
func DotQ4_0Q8_0(w, a []byte, n int) float32 { return dotQ4_0Q8_0(w, a, n) }

// dotQ4_0Q8_0Generic is ggml_vec_dot_q4_0_q8_0_generic.
func dotQ4_0Q8_0Generic(w, a []byte, n int) float32 { return q4_0.dot(w, a, n) }
