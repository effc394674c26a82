package quant

// Q6_K: 256 weights in 16 sub-blocks of 16, each with a signed 8-bit scale;
// weight = d*scale*(q-32) with 6-bit q. Layout: ql[128] (low 4 bits),
// qh[64] (high 2 bits), scales[16] (int8), d (float16). In each half h of
// 128 weights, element 128h+32k+l has its low bits in ql[64h+32*(k%2)+l]
// (low nibble for k < 2, high for k >= 2) and its high bits at bit 2k of
// qh[32h+l].
const (
	q6KQl     = 0
	q6KQh     = q6KQl + QK_K/2
	q6KScales = q6KQh + QK_K/4
	q6KD      = q6KScales + QK_K/16
	q6KBytes  = q6KD + 2
)

// dequantizeQ6_K is dequantize_row_q6_K.
func dequantizeQ6_K(dst []float32, src []byte) {
	dequantizeEach(dst, src, QK_K, q6KBytes, dequantizeBlockQ6_K)
}

func dequantizeBlockQ6_K(y []float32, x []byte) {
	d := f16At(x[q6KD:])
	// Sub-block s = 8h+2k+i holds elements 128h+32k+16i+l, l < 16.
	for s := range QK_K / 16 {
		h, k, i := s/8, s%8/2, s%2
		dl := float32(d * float32(int8(x[q6KScales+s])))
		ql := x[q6KQl+64*h+32*(k%2)+16*i : q6KQl+64*h+32*(k%2)+16*i+16]
		qh := x[q6KQh+32*h+16*i : q6KQh+32*h+16*i+16]
		ys := y[16*s : 16*s+16]
		lowShift, highShift := 4*(k/2), 2*k
		for l, b := range ql {
			q := int(b>>lowShift&0xF|(qh[l]>>highShift&3)<<4) - 32
			ys[l] = dl * float32(q)
		}
	}
}

// quantizeQ6_K is quantize_row_q6_K_ref.
func quantizeQ6_K(dst []byte, src []float32) {
	quantizeEach(dst, src, QK_K, q6KBytes, quantizeBlockQ6_K)
}

func quantizeBlockQ6_K(y []byte, x []float32) {
	var L [QK_K]int8
	var scales [QK_K / 16]float32
	var maxScale, maxAbs float32
	for j := range scales {
		scales[j] = makeQXQuants(x[16*j:16*j+16], L[16*j:16*j+16], 32)
		if a := abs32(scales[j]); a > maxAbs {
			maxAbs, maxScale = a, scales[j]
		}
	}
	clear(y[:q6KBytes])
	if maxAbs < groupMaxEps {
		return
	}
	iscale := -128 / maxScale
	putF16(y[q6KD:], 1/iscale)
	sc := y[q6KScales:q6KD]
	for j := range scales {
		sc[j] = uint8(int8(min(127, ggmlNearestInt(iscale*scales[j]))))
	}
	d := f16At(y[q6KD:])
	for j := range scales {
		dl := d * float32(int8(sc[j]))
		if dl == 0 {
			continue
		}
		for i := 16 * j; i < 16*j+16; i++ {
			L[i] = int8(clampInt(ggmlNearestInt(x[i]/dl), -32, 31) + 32)
		}
	}
	for h := range 2 {
		ql, qh := y[q6KQl+64*h:], y[q6KQh+32*h:]
		for l := range 32 {
			var hi uint8
			for k := range 4 {
				v := uint8(L[128*h+32*k+l])
				ql[32*(k%2)+l] |= (v & 0xF) << (4 * (k / 2))
				hi |= v >> 4 << (2 * k)
			}
			qh[l] = hi
		}
	}
}
