package simd

// q5_0 is the Q5_0 block (ggml's block_q5_0): fp16 d, 4 bytes of fifth bits
// qh, then 32 low nibbles; the 5-bit codes q are packed as in nibbles and
// weight = d*(q-16).
var q5_0 = block32{
	size:    22,
	actSize: q8_0Bytes,
	decode:  func(x []byte) [q8Block]int8 { return nibbles(x[6:], le32(x[2:]), 16) },
	term:    termScaled,
}

// DotQ5_0Q8_0 returns the dot product of n Q5_0 weights w with n
// activations a quantized by QuantizeQ8_0, as ggml_vec_dot_q5_0_q8_0
// computes it. n is a multiple of 32, len(w) >= n/32*22 and
// len(a) >= n/32*34.
func DotQ5_0Q8_0(w, a []byte, n int) float32 { return dotQ5_0Q8_0(w, a, n) }

// dotQ5_0Q8_0Generic is ggml_vec_dot_q5_0_q8_0_generic.
func dotQ5_0Q8_0Generic(w, a []byte, n int) float32 { return q5_0.dot(w, a, n) }
