package simd

// q3K is the Q3_K super-block (ggml's block_q3_K): 32 bytes hmask of high
// bits (bit e/32 of byte e%32 for weight e), 64 bytes of low 2-bit codes
// packed as in crumbs, 12 bytes of 6-bit scales (see q3KScale), then fp16
// d; weight = d*(scale-32)*(q-4) with the 3-bit code q.
var q3K = kFormat{size: 110, d: 108, decode: decodeQ3K}

func decodeQ3K(x []byte) (s superBlock) {
	crumbs(&s.q, x[32:96], 4)
	addHighBits(&s.q, x[:32], 4)
	sc := x[96:108]
	for j := range s.scale {
		lo := sc[j%8] >> (4 * (j / 8)) & 0xF
		hi := sc[8+j%4] >> (2 * (j / 4)) & 3
		s.scale[j] = int32(lo|hi<<4) - 32
	}
	return s
}

// DotQ3_KQ8_K returns the dot product of n Q3_K weights w with n
// activations a quantized by QuantizeQ8_K, as ggml_vec_dot_q3_K_q8_K
// computes it. n is a multiple of 256, len(w) >= n/256*110 and
// len(a) >= n/256*292.
func DotQ3_KQ8_K(w, a []byte, n int) float32 { return dotQ3_KQ8_K(w, a, n) }

// dotQ3_KQ8_KGeneric is ggml_vec_dot_q3_K_q8_K_generic.
func dotQ3_KQ8_KGeneric(w, a []byte, n int) float32 { return q3K.dot(w, a, n) }
