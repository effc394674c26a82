package quant

// Q2_K: 256 weights in 16 sub-blocks of 16, each with a 4-bit scale and a
// 4-bit min; weight = d*scale*q - dmin*min with 2-bit q.
// Layout: scales[16] (scale low nibble, min high nibble), qs[64], d, dmin
// (float16).
const (
	q2KScales = 0
	q2KQs     = q2KScales + QK_K/16
	q2KD      = q2KQs + QK_K/4
	q2KDmin   = q2KD + 2
	q2KBytes  = q2KDmin + 2
)

// q2KParams are quantize_row_q2_K_ref's make_qkx2_quants arguments.
var q2KParams = qkx2Params{nmax: 3, rmin: -0.5, rdelta: 0.1, nstep: 15, useMAD: true}

// dequantizeQ2_K is dequantize_row_q2_K.
func dequantizeQ2_K(dst []float32, src []byte) {
	dequantizeEach(dst, src, QK_K, q2KBytes, dequantizeBlockQ2_K)
}

func dequantizeBlockQ2_K(y []float32, x []byte) {
	d, dmin := f16At(x[q2KD:]), f16At(x[q2KDmin:])
	scales := x[q2KScales:q2KQs]
	// Sub-block s = 8h+2j+k (16 weights at 16*s) sits in bits 2j of
	// qs[32h+16k : 32h+16k+16].
	for s := range QK_K / 16 {
		h, j, k := s/8, s%8/2, s%2
		dl := d * float32(scales[s]&0xF)
		ml := float32(dmin * float32(scales[s]>>4))
		q := x[q2KQs+32*h+16*k : q2KQs+32*h+16*k+16]
		ys := y[16*s : 16*s+16]
		shift := 2 * j
		for l, b := range q {
			ys[l] = float32(dl*float32(b>>shift&3)) - ml
		}
	}
}

// quantizeQ2_K is quantize_row_q2_K_ref.
func quantizeQ2_K(dst []byte, src []float32) {
	quantizeEach(dst, src, QK_K, q2KBytes, quantizeBlockQ2_K)
}

func quantizeBlockQ2_K(y []byte, x []float32) {
	var L [QK_K]uint8
	var laux [16]uint8
	var weights, scales, mins [QK_K / 16]float32
	var maxScale, maxMin float32
	for j := range QK_K / 16 {
		xs := x[16*j : 16*j+16]
		for l, v := range xs {
			weights[l] = abs32(v)
		}
		scales[j], mins[j] = makeQKX2Quants(q2KParams, xs, weights[:], L[16*j:16*j+16], laux[:])
		maxScale = maxIfGreater(maxScale, scales[j])
		maxMin = maxIfGreater(maxMin, mins[j])
	}
	sc := y[q2KScales:q2KQs]
	clear(sc)
	putF16(y[q2KD:], 0)
	putF16(y[q2KDmin:], 0)
	if maxScale > 0 {
		iscale := 15 / maxScale
		for j := range sc {
			sc[j] = uint8(ggmlNearestInt(iscale * scales[j]))
		}
		putF16(y[q2KD:], maxScale/15)
	}
	if maxMin > 0 {
		iscale := 15 / maxMin
		for j := range sc {
			sc[j] |= uint8(ggmlNearestInt(iscale*mins[j]) << 4)
		}
		putF16(y[q2KDmin:], maxMin/15)
	}
	d, dmin := f16At(y[q2KD:]), f16At(y[q2KDmin:])
	for j := range QK_K / 16 {
		dl := d * float32(sc[j]&0xF)
		if dl == 0 {
			continue
		}
		ml := float32(dmin * float32(sc[j]>>4))
		for i := 16 * j; i < 16*j+16; i++ {
			L[i] = uint8(clampInt(ggmlNearestInt((x[i]+ml)/dl), 0, 3))
		}
	}
	pack2Bits(y[q2KQs:q2KD], L[:])
}
