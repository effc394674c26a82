package quant

// Byte layouts of the 1-bit i-quant blocks (ggml's block_iq1_s and
// block_iq1_m). Each covers QK_K weights in 8 sub-blocks of 32, each made of
// 4 groups of 8 weights taken from an 11-bit-indexed grid of -1, 0 and +1
// and shifted by ±iq1Delta.
const (
	// IQ1_S: fp16 d, the low 8 bits of the grid indices (one byte per
	// group), then per sub-block a little-endian uint16: 4×3 high index
	// bits, a 3-bit scale and the sign of the shift on top.
	iq1sQs    = 2
	iq1sQh    = iq1sQs + QK_K/8
	iq1sBytes = iq1sQh + QK_K/16

	// IQ1_M: the low 8 bits of the grid indices, per pair of groups a byte
	// of 2×(3 high index bits, shift sign), then 4 little-endian uint16s
	// holding four 3-bit scales (16 weights each) and one nibble of the fp16
	// super-block scale on top of each.
	iq1mQs     = 0
	iq1mQh     = iq1mQs + QK_K/8
	iq1mScales = iq1mQh + QK_K/16
	iq1mBytes  = iq1mScales + QK_K/32
)

// iq1Delta is ggml's IQ1S_DELTA, the shift added to every grid value.
const iq1Delta = 0.125

// iq1Shift returns -iq1Delta when the low bit of neg is set, else iq1Delta.
func iq1Shift(neg uint32) float32 { return negateIf(iq1Delta, uint8(neg)) }

// iq1OddScale returns d·(2s+1) for the 3-bit scale in the low bits of s.
func iq1OddScale(d float32, s uint32) float32 { return d * float32(2*(s&7)+1) }

// putIQ1Group writes the 8 weights dl·(grid[j]+delta), grid[j] being the
// signed byte j of grid.
func putIQ1Group(y []float32, dl float32, grid uint64, delta float32) {
	y = y[:8]
	for j := range y {
		y[j] = dl * (float32(int8(grid>>(8*j))) + delta)
	}
}

func dequantizeIQ1_S(dst []float32, src []byte) {
	dequantizeEach(dst, src, QK_K, iq1sBytes, dequantizeIQ1_SBlock)
}

// dequantizeIQ1_SBlock is ggml's dequantize_row_iq1_s for one block.
func dequantizeIQ1_SBlock(y []float32, b []byte) {
	d := f16At(b)
	for ib := range QK_K / 32 {
		qh := uint32(le16(b[iq1sQh+2*ib:]))
		dl := iq1OddScale(d, qh>>12)
		delta := iq1Shift(qh >> 15)
		for l := range 4 {
			g := 4*ib + l
			idx := uint32(b[iq1sQs+g]) | (qh>>(3*l)&7)<<8
			putIQ1Group(y[8*g:], dl, iq1sGrid[idx], delta)
		}
	}
}

func dequantizeIQ1_M(dst []float32, src []byte) {
	dequantizeEach(dst, src, QK_K, iq1mBytes, dequantizeIQ1_MBlock)
}

// dequantizeIQ1_MBlock is ggml's dequantize_row_iq1_m for one block.
func dequantizeIQ1_MBlock(y []float32, b []byte) {
	var sc [4]uint32
	for k := range sc {
		sc[k] = uint32(le16(b[iq1mScales+2*k:]))
	}
	d := fp16ToF32(uint16(sc[0]>>12 | sc[1]>>8&0x00f0 | sc[2]>>4&0x0f00 | sc[3]&0xf000))
	for ib := range QK_K / 32 {
		s := sc[ib/2] >> (6 * (ib % 2))
		dl := [2]float32{iq1OddScale(d, s), iq1OddScale(d, s>>3)}
		for l := range 4 {
			g := 4*ib + l
			h := uint32(b[iq1mQh+g/2]) >> (4 * (l % 2))
			idx := uint32(b[iq1mQs+g]) | (h&7)<<8
			putIQ1Group(y[8*g:], dl[l/2], iq1sGrid[idx], iq1Shift(h>>3))
		}
	}
}
