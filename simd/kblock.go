package simd

// The K-quant weight formats (Q2_K … Q6_K) and the ternary ones multiply
// super-blocks of 256 weights with Q8_K activation blocks. Their generic
// ggml kernels decode a super-block to 256 integer weights with an integer
// scale per 16; they differ in how they fold the integer sums into float32.

// superBlock is one weight super-block decoded for the dot products.
type superBlock struct {
	q     [qk]int8       // the weights' integer codes, in activation order
	scale [qk / 16]int32 // the integer scale of each 16 weights
	min   [qk / 16]int32 // the integer minimum of each 16 weights (Q2_K, Q4_K, Q5_K)
}

// lanes returns the eight integer lane sums of ggml's generic Q3_K … Q6_K
// kernels (their aux32): lane l adds scale*q*code over the weights whose
// position is l modulo 8. q8 holds the 256 activation codes.
func (s *superBlock) lanes(q8 *[qk]byte) (acc [8]int32) {
	for g, sc := range s.scale {
		q, y := (*[16]int8)(s.q[16*g:]), (*[16]byte)(q8[16*g:])
		for l := range acc {
			acc[l] += sc * (int32(q[l])*int32(int8(y[l])) + int32(q[l+8])*int32(int8(y[l+8])))
		}
	}
	return acc
}

// minSum returns sum(bsums[g]*min[g]) over the 16 groups of Q8_K block y:
// the integer dot product of the minimums with the activations.
func (s *superBlock) minSum(y []byte) int32 {
	var sum int32
	for g, m := range s.min {
		sum += int32(int16(le16(y[q8KBsums+2*g:]))) * m
	}
	return sum
}

// kSums are the eight float32 lane totals of ggml's generic Q3_K … Q6_K
// kernels (their sums array).
type kSums [8]float32

// add adds d times each integer lane sum.
func (s *kSums) add(d float32, acc *[8]int32) {
	for l, v := range acc {
		s[l] += float32(d * float32(v))
	}
}

// total returns sumf plus the lanes, added in lane order as ggml does last.
func (s *kSums) total(sumf float32) float32 {
	for _, v := range s {
		sumf += v
	}
	return sumf
}

// kFormat describes a K-quant format whose generic ggml kernel keeps lane
// sums: Q3_K, Q4_K, Q5_K and Q6_K.
type kFormat struct {
	size int // bytes per super-block
	d    int // offset of the fp16 super-block scale
	// dmin is the offset of the fp16 scale of the minimums, 0 for formats
	// without minimums.
	dmin int
	// decode decodes super-block x (min only when dmin != 0).
	decode func(x []byte) superBlock
}

// dot returns the dot product of the n weights in w with n activations in
// a quantized by QuantizeQ8_K. n is a multiple of 256,
// len(w) >= n/256*f.size and len(a) >= n/256*292.
func (f *kFormat) dot(w, a []byte, n int) float32 {
	var sums kSums
	var sumf float32
	for i := range n / qk {
		x, y := w[i*f.size:][:f.size], a[i*q8KBytes:][:q8KBytes]
		s := f.decode(x)
		dy := f32At(y)
		acc := s.lanes(q8KCodes(y))
		sums.add(f16At(x[f.d:])*dy, &acc)
		if f.dmin != 0 {
			sumf -= float32(float32(f16At(x[f.dmin:])*dy) * float32(s.minSum(y)))
		}
	}
	return sums.total(sumf)
}

// q8KCodes returns the 256 codes of Q8_K block y.
func q8KCodes(y []byte) *[qk]byte { return (*[qk]byte)(y[q8KQs:]) }

// dot256 returns the integer dot product of 256 weights with the codes of
// Q8_K block y.
func dot256(q *[qk]int8, y []byte) int32 {
	var s int32
	for k := range qk / q8Block {
		s += dot32((*[q8Block]int8)(q[q8Block*k:]), (*[q8Block]byte)(y[q8KQs+q8Block*k:]))
	}
	return s
}

// crumbs decodes 256 2-bit fields minus bias: weight 128k+32j+l is bits 2j
// of qs[32k+l], the packing of Q2_K, Q3_K (low bits) and TQ2_0.
func crumbs(q *[qk]int8, qs []byte, bias int8) {
	for k := range 2 {
		src := (*[32]byte)(qs[32*k:])
		for j := range 4 {
			dst := (*[32]int8)(q[128*k+32*j:])
			for l, b := range src {
				dst[l] = int8(b>>(2*j)&3) - bias
			}
		}
	}
}

// addHighBits adds add times bit e/32 of hm[e%32] to weight e, the
// high-bit planes of Q3_K and Q5_K.
func addHighBits(q *[qk]int8, hm []byte, add int8) {
	src := (*[32]byte)(hm)
	for bit := range 8 {
		dst := (*[32]int8)(q[32*bit:])
		for l, h := range src {
			dst[l] += int8(h>>bit&1) * add
		}
	}
}

// nibbles64 decodes 256 4-bit codes packed in 64-weight chunks: weight
// 64c+l is the low nibble of qs[32c+l] and weight 64c+32+l its high
// nibble (Q4_K, Q5_K).
func nibbles64(q *[qk]int8, qs []byte) {
	for c := range qk / 64 {
		lo, hi := (*[32]int8)(q[64*c:]), (*[32]int8)(q[64*c+32:])
		for l, b := range (*[32]byte)(qs[32*c:]) {
			lo[l] = int8(b & 0xF)
			hi[l] = int8(b >> 4)
		}
	}
}

// scalesMinsK4 decodes the twelve bytes sc holding the eight 6-bit scales
// and minimums of Q4_K and Q5_K (ggml's get_scale_min_k4), one per 32
// weights, into s.
func scalesMinsK4(s *superBlock, sc []byte) {
	for j := range 8 {
		var d, m byte
		if j < 4 {
			d, m = sc[j]&63, sc[j+4]&63
		} else {
			d = sc[j+4]&0xF | sc[j-4]>>6<<4
			m = sc[j+4]>>4 | sc[j]>>6<<4
		}
		s.scale[2*j], s.scale[2*j+1] = int32(d), int32(d)
		s.min[2*j], s.min[2*j+1] = int32(m), int32(m)
	}
}
