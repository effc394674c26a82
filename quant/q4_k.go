package quant

// Q4_K: 256 weights in 8 sub-blocks of 32, each with a 6-bit scale and a
// 6-bit min; weight = d*scale*q - dmin*min with 4-bit q.
// Layout: d, dmin (float16), scales[12] (see scaleMinK4), qs[128]: in each
// 64-weight chunk, byte l holds element l (low nibble) and l+32 (high).
const (
	q4KQs    = kScaleMinHeader
	q4KBytes = q4KQs + QK_K/2
)

// q4KParams are quantize_row_q4_K_ref's make_qkx2_quants arguments.
var q4KParams = qkx2Params{nmax: 15, rmin: -1, rdelta: 0.1, nstep: 20}

// dequantizeQ4_K is dequantize_row_q4_K.
func dequantizeQ4_K(dst []float32, src []byte) {
	dequantizeEach(dst, src, QK_K, q4KBytes, dequantizeBlockQ4_K)
}

func dequantizeBlockQ4_K(y []float32, x []byte) {
	d, m := scalesMinsK4(x)
	qs := x[q4KQs:q4KBytes]
	for c := range QK_K / 64 {
		q := qs[32*c : 32*c+32]
		lo, hi := y[64*c:64*c+32], y[64*c+32:64*c+64]
		d1, m1, d2, m2 := d[2*c], m[2*c], d[2*c+1], m[2*c+1]
		for l, b := range q {
			lo[l] = float32(d1*float32(b&0xF)) - m1
			hi[l] = float32(d2*float32(b>>4)) - m2
		}
	}
}

// quantizeQ4_K is quantize_row_q4_K_ref.
func quantizeQ4_K(dst []byte, src []float32) {
	quantizeEach(dst, src, QK_K, q4KBytes, quantizeBlockQ4_K)
}

func quantizeBlockQ4_K(y []byte, x []float32) {
	L := quantizeScaleMinK4(y, x, q4KParams)
	qs := y[q4KQs:q4KBytes]
	for c := range QK_K / 64 {
		for l := range 32 {
			qs[32*c+l] = L[64*c+l] | L[64*c+l+32]<<4
		}
	}
}
