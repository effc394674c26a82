package simd

// q8_0 is the Q8_0 weight block, laid out like the activation block: fp16
// d, then 32 int8 codes q; weight = d*q.
var q8_0 = block32{
	size:    q8_0Bytes,
	actSize: q8_0Bytes,
	decode: func(x []byte) (q [q8Block]int8) {
		for j, b := range x[2:q8_0Bytes] {
			q[j] = int8(b)
		}
		return q
	},
	term: termScaled,
}

// DotQ8_0Q8_0 returns the dot product of n Q8_0 weights w with n
// activations a quantized by QuantizeQ8_0, as ggml_vec_dot_q8_0_q8_0
// computes it. n is a multiple of 32, len(w) >= n/32*34 and
// len(a) >= n/32*34.
func DotQ8_0Q8_0(w, a []byte, n int) float32 { return dotQ8_0Q8_0(w, a, n) }

// dotQ8_0Q8_0Generic is ggml_vec_dot_q8_0_q8_0_generic.
func dotQ8_0Q8_0Generic(w, a []byte, n int) float32 { return q8_0.dot(w, a, n) }
