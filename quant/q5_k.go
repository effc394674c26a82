package quant

// Q5_K: like Q4_K with 5-bit q: the low 4 bits packed as in Q4_K, the fifth
// bit of element 64*c+l in bit 2c of qh[l] and of element 64*c+32+l in bit
// 2c+1. Layout: d, dmin (float16), scales[12], qh[32], qs[128].
const (
	q5KQh    = kScaleMinHeader
	q5KQs    = q5KQh + QK_K/8
	q5KBytes = q5KQs + QK_K/2
)

// q5KParams are quantize_row_q5_K_ref's make_qkx2_quants arguments.
var q5KParams = qkx2Params{nmax: 31, rmin: -0.5, rdelta: 0.1, nstep: 15}

// dequantizeQ5_K is dequantize_row_q5_K.
func dequantizeQ5_K(dst []float32, src []byte) {
	dequantizeEach(dst, src, QK_K, q5KBytes, dequantizeBlockQ5_K)
}

func dequantizeBlockQ5_K(y []float32, x []byte) {
	d, m := scalesMinsK4(x)
	qh, qs := x[q5KQh:q5KQs], x[q5KQs:q5KBytes]
	for c := range QK_K / 64 {
		q := qs[32*c : 32*c+32]
		lo, hi := y[64*c:64*c+32], y[64*c+32:64*c+64]
		d1, m1, d2, m2 := d[2*c], m[2*c], d[2*c+1], m[2*c+1]
		for l, b := range q {
			h := qh[l] >> (2 * c)
			lo[l] = float32(d1*float32(b&0xF|h&1<<4)) - m1
			hi[l] = float32(d2*float32(b>>4|h&2<<3)) - m2
		}
	}
}

// quantizeQ5_K is quantize_row_q5_K_ref.
func quantizeQ5_K(dst []byte, src []float32) {
	quantizeEach(dst, src, QK_K, q5KBytes, quantizeBlockQ5_K)
}

func quantizeBlockQ5_K(y []byte, x []float32) {
	L := quantizeScaleMinK4(y, x, q5KParams)
	qh, qs := y[q5KQh:q5KQs], y[q5KQs:q5KBytes]
	clear(qh)
	for c := range QK_K / 64 {
		for l := range 32 {
			l1, l2 := L[64*c+l], L[64*c+l+32]
			qh[l] |= l1>>4<<(2*c) | l2>>4<<(2*c+1)
			qs[32*c+l] = l1&0xF | l2<<4
		}
	}
}
