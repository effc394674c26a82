package simd

// ternary describes a ternary super-block format: QK_K weights in
// {-d, 0, +d}, with the fp16 d at offset size-2.
type ternary struct {
	size int // bytes per super-block
	// decode returns the weights of super-block x as -1, 0 or 1.
	decode func(x []byte) [qk]int8
}

// tq1 is TQ1_0 (ggml's block_tq1_0): 48 bytes of 5 trits each (weights
// 0-159 as 5 rows of 32 bytes, weights 160-239 as 5 rows of 16), then 4
// bytes of 4 trits each (weights 240-255 as 4 rows of 4), then d. A byte
// holds its trits as a fixed-point fraction of 3^5: trit r is the integer
// part of 3*(b*3^r mod 256)/256.
var tq1 = ternary{size: 54, decode: func(x []byte) (q [qk]int8) {
	rest := trits(q[:], x[0:32], 5)
	rest = trits(rest, x[32:48], 5)
	trits(rest, x[48:52], 4)
	return q
}}

// tq2 is TQ2_0 (ggml's block_tq2_0): 64 bytes of 2-bit fields packed as in
// crumbs, each weight stored plus one, then d.
var tq2 = ternary{size: 66, decode: func(x []byte) (q [qk]int8) {
	crumbs(&q, x[:64], 1)
	return q
}}

// trits writes the rows rows of len(qs) weights held by the bytes qs, row r
// being trit r of every byte minus one, and returns the rest of q.
func trits(q []int8, qs []byte, rows int) []int8 {
	pow3 := byte(1)
	for r := range rows {
		row := q[r*len(qs):][:len(qs)]
		for m, b := range qs {
			row[m] = int8(uint16(b*pow3)*3>>8) - 1
		}
		pow3 *= 3
	}
	return q[rows*len(qs):]
}

// dot returns the dot product of the n weights in w with n activations in
// a quantized by QuantizeQ8_K: ggml's generic kernels for both formats
// add sumi*(dx*dy) per super-block. n is a multiple of 256,
// len(w) >= n/256*f.size and len(a) >= n/256*292.
func (f *ternary) dot(w, a []byte, n int) float32 {
	var sumf float32
	for i := range n / qk {
		x, y := w[i*f.size:][:f.size], a[i*q8KBytes:][:q8KBytes]
		q := f.decode(x)
		sumf += float32(float32(dot256(&q, y)) * float32(f16At(x[f.size-2:])*f32At(y)))
	}
	return sumf
}

// DotTQ1_0Q8_K returns the dot product of n TQ1_0 weights w with n
// activations a quantized by QuantizeQ8_K, as ggml_vec_dot_tq1_0_q8_K
// computes it. n is a multiple of 256, len(w) >= n/256*54 and
// len(a) >= n/256*292.
func DotTQ1_0Q8_K(w, a []byte, n int) float32 { return dotTQ1_0Q8_KGeneric(w, a, n) }

// dotTQ1_0Q8_KGeneric is ggml_vec_dot_tq1_0_q8_K_generic.
func dotTQ1_0Q8_KGeneric(w, a []byte, n int) float32 { return tq1.dot(w, a, n) }

// DotTQ2_0Q8_K returns the dot product of n TQ2_0 weights w with n
// activations a quantized by QuantizeQ8_K, as ggml_vec_dot_tq2_0_q8_K
// computes it. n is a multiple of 256, len(w) >= n/256*66 and
// len(a) >= n/256*292.
func DotTQ2_0Q8_K(w, a []byte, n int) float32 { return dotTQ2_0Q8_KGeneric(w, a, n) }

// dotTQ2_0Q8_KGeneric is ggml_vec_dot_tq2_0_q8_K_generic.
func dotTQ2_0Q8_KGeneric(w, a []byte, n int) float32 { return tq2.dot(w, a, n) }
