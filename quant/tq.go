package quant

// Byte layouts of the ternary blocks (ggml's block_tq1_0 and block_tq2_0),
// each of QK_K weights in {-d, 0, +d} with the fp16 scale d at the end.
const (
	// TQ1_0: 48 bytes of 5 trits each (weights 0-159 in 5 rows of 32
	// bytes, then weights 160-239 in 5 rows of 16), then 4 bytes of 4 trits
	// each (weights 240-255 in 4 rows of 4), then d. A byte holds its trits
	// as a fixed-point fraction of 3^5: trit n is the integer part of 3·(q·3^n
	// mod 256)/256.
	tq1Qs5a   = 32
	tq1Qs5    = (QK_K - 4*QK_K/64) / 5
	tq1D      = tq1Qs5 + QK_K/64
	tq1Bytes  = tq1D + 2
	tq1Trits5 = 5
	tq1Trits4 = 4

	// TQ2_0: 64 bytes of 4 two-bit fields, the field l of byte 32k+m being
	// weight 128k+32l+m stored as value+1; then d.
	tq2D     = QK_K / 4
	tq2Bytes = tq2D + 2
)

func dequantizeTQ1_0(dst []float32, src []byte) {
	dequantizeEach(dst, src, QK_K, tq1Bytes, dequantizeTQ1_0Block)
}

// dequantizeTQ1_0Block is ggml's dequantize_row_tq1_0 for one block.
func dequantizeTQ1_0Block(y []float32, b []byte) {
	d := f16At(b[tq1D:])
	y = putTrits(y, b[:tq1Qs5a], tq1Trits5, d)
	y = putTrits(y, b[tq1Qs5a:tq1Qs5], tq1Trits5, d)
	putTrits(y, b[tq1Qs5:tq1D], tq1Trits4, d)
}

// putTrits writes the n rows of len(qs) ternary weights that the bytes qs
// hold, trit r of every byte making row r, and returns the rest of y.
func putTrits(y []float32, qs []byte, n int, d float32) []float32 {
	pow3 := uint8(1)
	for r := range n {
		row := y[r*len(qs):][:len(qs)]
		for m, q := range qs {
			t := int32(uint16(q*pow3) * 3 >> 8)
			row[m] = float32(t-1) * d
		}
		pow3 *= 3
	}
	return y[n*len(qs):]
}

func dequantizeTQ2_0(dst []float32, src []byte) {
	dequantizeEach(dst, src, QK_K, tq2Bytes, dequantizeTQ2_0Block)
}

// dequantizeTQ2_0Block is ggml's dequantize_row_tq2_0 for one block.
func dequantizeTQ2_0Block(y []float32, b []byte) {
	d := f16At(b[tq2D:])
	for k := range tq2D / 32 {
		qs := b[32*k:][:32]
		for l := range 4 {
			row := y[128*k+32*l:][:32]
			for m, q := range qs {
				row[m] = float32(int32(q>>(2*l)&3)-1) * d
			}
		}
	}
}
