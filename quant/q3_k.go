package quant

// Q3_K: 256 weights in 16 sub-blocks of 16, each with a signed 6-bit scale;
// weight = d*(scale-32)*(q-4) with 3-bit q (2 low bits in qs, the high bit
// in hmask). Layout: hmask[32], qs[64], scales[12], d (float16).
const (
	q3KHmask  = 0
	q3KQs     = q3KHmask + QK_K/8
	q3KScales = q3KQs + QK_K/4
	q3KD      = q3KScales + 12
	q3KBytes  = q3KD + 2
)

// q3KScale returns the 6-bit scale (0..63, 32 meaning zero) of sub-block j:
// its low nibble is in scales[j%8] (low or high half), its two high bits in
// scales[8+j%4] at bit 2*(j/4).
func q3KScale(scales []byte, j int) int {
	lo := scales[j%8] >> (4 * (j / 8)) & 0xF
	hi := scales[8+j%4] >> (2 * (j / 4)) & 3
	return int(lo | hi<<4)
}

// putQ3KScale stores the 6-bit scale l of sub-block j into zeroed scales.
func putQ3KScale(scales []byte, j int, l uint8) {
	scales[j%8] |= (l & 0xF) << (4 * (j / 8))
	scales[8+j%4] |= (l >> 4) << (2 * (j / 4))
}

// dequantizeQ3_K is dequantize_row_q3_K.
func dequantizeQ3_K(dst []float32, src []byte) {
	dequantizeEach(dst, src, QK_K, q3KBytes, dequantizeBlockQ3_K)
}

func dequantizeBlockQ3_K(y []float32, x []byte) {
	d := f16At(x[q3KD:])
	scales := x[q3KScales:q3KD]
	// Sub-block s = 8h+2j+k (16 weights at 16*s) has its low bits in bits
	// 2j of qs[32h+16k : 32h+16k+16] and its high bit in bit 4h+j of
	// hmask[16k : 16k+16].
	for s := range QK_K / 16 {
		h, j, k := s/8, s%8/2, s%2
		dl := d * float32(q3KScale(scales, s)-32)
		q := x[q3KQs+32*h+16*k : q3KQs+32*h+16*k+16]
		hm := x[q3KHmask+16*k : q3KHmask+16*k+16]
		ys := y[16*s : 16*s+16]
		shift, bit := 2*j, 4*h+j
		for l, b := range q {
			v := int(b>>shift&3) - 4 + 4*int(hm[l]>>bit&1)
			ys[l] = dl * float32(v)
		}
	}
}

// quantizeQ3_K is quantize_row_q3_K_ref.
func quantizeQ3_K(dst []byte, src []float32) {
	quantizeEach(dst, src, QK_K, q3KBytes, quantizeBlockQ3_K)
}

func quantizeBlockQ3_K(y []byte, x []float32) {
	var L [QK_K]int8
	var scales [QK_K / 16]float32
	var maxScale, amax float32
	for j := range scales {
		scales[j] = makeQ3Quants(x[16*j:16*j+16], L[16*j:16*j+16], 4)
		if a := abs32(scales[j]); a > amax {
			amax, maxScale = a, scales[j]
		}
	}
	sc := y[q3KScales:q3KD]
	clear(sc)
	putF16(y[q3KD:], 0)
	if maxScale != 0 {
		iscale := -32 / maxScale
		for j := range scales {
			l := int8(ggmlNearestInt(iscale * scales[j]))
			putQ3KScale(sc, j, uint8(clampInt(int(l), -32, 31)+32))
		}
		putF16(y[q3KD:], 1/iscale)
	}
	d := f16At(y[q3KD:])
	for j := range scales {
		dl := d * float32(q3KScale(sc, j)-32)
		if dl == 0 {
			continue
		}
		for i := 16 * j; i < 16*j+16; i++ {
			L[i] = int8(clampInt(ggmlNearestInt(x[i]/dl), -4, 3) + 4)
		}
	}
	hmask := y[q3KHmask:q3KQs]
	clear(hmask)
	var low [QK_K]uint8
	for j, l := range L {
		if l > 3 {
			hmask[j%32] |= 1 << (j / 32)
			l -= 4
		}
		low[j] = uint8(l)
	}
	pack2Bits(y[q3KQs:q3KScales], low[:])
}
