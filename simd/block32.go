package simd

// The weight formats of 32-weight blocks (Q4_0, Q4_1, Q5_0, Q5_1, Q8_0,
// IQ4_NL and MXFP4) share one dot product. ggml's generic kernels decode a
// weight block to 32 integers, sum their products with the 32 int8 codes of
// the matching Q8_0 or Q8_1 activation block, and add the block's scaled
// integer sum to a float32 total, block after block.

// block32 describes one such weight format.
type block32 struct {
	size    int // bytes per weight block
	actSize int // bytes per activation block: q8_0Bytes or q8_1Bytes
	// decode returns the 32 integer weights of block x in activation order.
	decode func(x []byte) [q8Block]int8
	// term returns what weight block x and activation block y add to the
	// total, given the integer dot product sumi of their codes.
	term func(x, y []byte, sumi int32) float32
}

// dot returns the dot product of the n weights in w with the n activations
// in a. n is a multiple of 32, len(w) >= n/32*f.size and
// len(a) >= n/32*f.actSize.
func (f *block32) dot(w, a []byte, n int) float32 {
	var sumf float32
	qs := f.actSize - q8Block
	for i := range n / q8Block {
		x := w[i*f.size:][:f.size]
		y := a[i*f.actSize:][:f.actSize]
		q := f.decode(x)
		sumf += f.term(x, y, dot32(&q, (*[q8Block]byte)(y[qs:])))
	}
	return sumf
}

// dot32 returns the integer dot product of 32 weights with 32 int8 codes,
// in four independent sums (the result is exact, so the order is free).
func dot32(q *[q8Block]int8, y *[q8Block]byte) int32 {
	var s0, s1, s2, s3 int32
	for j := 0; j < q8Block; j += 4 {
		q, y := (*[4]int8)(q[j:]), (*[4]byte)(y[j:])
		s0 += int32(q[0]) * int32(int8(y[0]))
		s1 += int32(q[1]) * int32(int8(y[1]))
		s2 += int32(q[2]) * int32(int8(y[2]))
		s3 += int32(q[3]) * int32(int8(y[3]))
	}
	return s0 + s1 + s2 + s3
}

// nibbles decodes 32 weights packed as in the legacy formats: weight j is
// the low nibble of qs[j] and weight j+16 its high nibble, each with bit j
// (or j+16) of qh as a fifth bit, minus bias.
func nibbles(qs []byte, qh uint32, bias int8) (q [q8Block]int8) {
	for j, b := range qs[:q8Block/2] {
		q[j] = int8(b&0xF|byte(qh>>j&1)<<4) - bias
		q[j+16] = int8(b>>4|byte(qh>>(j+16)&1)<<4) - bias
	}
	return q
}

// lookupNibbles decodes 32 weights stored as 4-bit indices into values,
// packed like nibbles.
func lookupNibbles(qs []byte, values *[16]int8) (q [q8Block]int8) {
	for j, b := range qs[:q8Block/2] {
		q[j] = values[b&0xF]
		q[j+16] = values[b>>4]
	}
	return q
}

// termScaled is (dx*dy)*sumi with the fp16 scales dx and dy at the start of
// the blocks: the block term of ggml's Q5_0, Q8_0 and IQ4_NL kernels.
func termScaled(x, y []byte, sumi int32) float32 {
	return float32(float32(f16At(x)*f16At(y)) * float32(sumi))
}

// termAffine is (dx*dy)*sumi + mx*sy, the block term of ggml's Q4_1 and
// Q5_1 kernels: mx is the weight block's minimum and sy = dy*sum(codes).
func termAffine(x, y []byte, sumi int32) float32 {
	return float32(float32(f16At(x)*f16At(y))*float32(sumi)) + float32(f16At(x[2:])*f16At(y[2:]))
}
