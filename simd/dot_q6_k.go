package simd

// q6K is the Q6_K super-block (ggml's block_q6_K): 128 bytes ql of low
// nibbles, 64 bytes qh of high 2-bit pairs, 16 int8 scales, then fp16 d;
// weight = d*scale*(q-32) with the 6-bit code q. In each half h of 128
// weights, weight 128h+32k+l has its low bits in ql[64h+32(k%2)+l] (low
// nibble for k < 2) and its high bits at bit 2k of qh[32h+l].
var q6K = kFormat{size: 210, d: 208, decode: decodeQ6K}

func decodeQ6K(x []byte) (s superBlock) {
	for h := range 2 {
		ql, qh := x[64*h:64*h+64], x[128+32*h:128+32*h+32]
		q := s.q[128*h : 128*h+128]
		for l, hb := range qh {
			q[l] = int8(ql[l]&0xF|hb&3<<4) - 32
			q[l+32] = int8(ql[l+32]&0xF|hb>>2&3<<4) - 32
			q[l+64] = int8(ql[l]>>4|hb>>4&3<<4) - 32
			q[l+96] = int8(ql[l+32]>>4|hb>>6<<4) - 32
		}
	}
	for g, b := range x[192:208] {
		s.scale[g] = int32(int8(b))
	}
	return s
}

// DotQ6_KQ8_K returns the dot product of n Q6_K weights w with n
// activations a quantized by QuantizeQ8_K, as ggml_vec_dot_q6_K_q8_K
// computes it. n is a multiple of 256, len(w) >= n/256*210 and
// len(a) >= n/256*292.
func DotQ6_KQ8_K(w, a []byte, n int) float32 { return dotQ6_KQ8_K(w, a, n) }

// dotQ6_KQ8_KGeneric is ggml_vec_dot_q6_K_q8_K_generic.
func dotQ6_KQ8_KGeneric(w, a []byte, n int) float32 { return q6K.dot(w, a, n) }
