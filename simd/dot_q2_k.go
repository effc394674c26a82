package simd

// Q2_K super-block (ggml's block_q2_K): 16 bytes of scales (low nibble) and
// minimums (high nibble), one pair per 16 weights, 64 bytes of 2-bit codes
// q packed as in crumbs, then fp16 d and dmin; weight =
// d*scale*q - dmin*min.
const (
	q2KQs    = 16
	q2KD     = q2KQs + qk/4
	q2KDmin  = q2KD + 2
	q2KBytes = q2KDmin + 2
)

// decodeQ2K decodes Q2_K super-block x.
func decodeQ2K(x []byte) (s superBlock) {
	crumbs(&s.q, x[q2KQs:q2KD], 0)
	for g, b := range x[:q2KQs] {
		s.scale[g], s.min[g] = int32(b&0xF), int32(b>>4)
	}
	return s
}

// DotQ2_KQ8_K returns the dot product of n Q2_K weights w with n
// activations a quantized by QuantizeQ8_K, as ggml_vec_dot_q2_K_q8_K
// computes it. n is a multiple of 256, len(w) >= n/256*84 and
// len(a) >= n/256*292.
func DotQ2_KQ8_K(w, a []byte, n int) float32 { return dotQ2_KQ8_K(w, a, n) }

// dotQ2_KQ8_KGeneric is ggml_vec_dot_q2_K_q8_K_generic, which sums each
// super-block's integers in one total rather than in lanes.
func dotQ2_KQ8_KGeneric(w, a []byte, n int) float32 {
	var sumf float32
	for i := range n / qk {
		x, y := w[i*q2KBytes:][:q2KBytes], a[i*q8KBytes:][:q8KBytes]
		s := decodeQ2K(x)
		dy := f32At(y)
		dall, dmin := dy*f16At(x[q2KD:]), dy*f16At(x[q2KDmin:])
		var isum int32
		for _, v := range s.lanes(q8KCodes(y)) {
			isum += v
		}
		sumf += float32(dall*float32(isum)) - float32(dmin*float32(s.minSum(y)))
	}
	return sumf
}
