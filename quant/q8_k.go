package quant

import (
	"encoding/binary"
	"math"
)

// Q8_K: 256 weights as int8 times a float32 scale, plus the sums of each
// 16 quants (used by the K-quant dot products). Layout: d (float32),
// qs[256] (int8), bsums[16] (int16).
const (
	q8KQs    = 4
	q8KBsums = q8KQs + QK_K
	q8KBytes = q8KBsums + 2*QK_K/16
)

// dequantizeQ8_K is dequantize_row_q8_K.
func dequantizeQ8_K(dst []float32, src []byte) {
	dequantizeEach(dst, src, QK_K, q8KBytes, dequantizeBlockQ8_K)
}

func dequantizeBlockQ8_K(y []float32, x []byte) {
	d := math.Float32frombits(binary.LittleEndian.Uint32(x))
	for i, q := range x[q8KQs:q8KBsums] {
		y[i] = d * float32(int8(q))
	}
}

// quantizeQ8_K is quantize_row_q8_K_ref. An all-zero block gets zero bsums
// (the C code leaves them unwritten).
func quantizeQ8_K(dst []byte, src []float32) {
	quantizeEach(dst, src, QK_K, q8KBytes, quantizeBlockQ8_K)
}

func quantizeBlockQ8_K(y []byte, x []float32) {
	maxv, amax := absMax(x)
	if amax == 0 {
		clear(y[:q8KBytes])
		return
	}
	iscale := -127 / maxv
	qs := y[q8KQs:q8KBsums]
	for j, v := range x {
		qs[j] = uint8(int8(min(127, ggmlNearestInt(iscale*v))))
	}
	for j := range QK_K / 16 {
		var sum int
		for _, q := range qs[16*j : 16*j+16] {
			sum += int(int8(q))
		}
		put16(y[q8KBsums+2*j:], uint16(int16(sum)))
	}
	binary.LittleEndian.PutUint32(y, math.Float32bits(1/iscale))
}
