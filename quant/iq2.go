package quant

import "encoding/binary"

// Byte layouts of the 2-bit i-quant blocks (ggml's block_iq2_xxs,
// block_iq2_xs and block_iq2_s). Each starts with the fp16 super-block scale
// d and covers QK_K weights in 8 sub-blocks of 32, each made of 4 groups of 8
// weights taken from a grid of magnitudes with a sign per weight.
const (
	// IQ2_XXS: per sub-block 8 bytes: 4 grid indices, then a little-endian
	// uint32 with 4×7 sign bits and the 4-bit sub-block scale on top.
	iq2xxsQs    = 2
	iq2xxsBytes = iq2xxsQs + QK_K/4

	// IQ2_XS: per group a little-endian uint16: 9-bit grid index, 7 sign
	// bits; then one byte per sub-block with two 4-bit scales (16 weights each).
	iq2xsQs     = 2
	iq2xsScales = iq2xsQs + QK_K/4
	iq2xsBytes  = iq2xsScales + QK_K/32

	// IQ2_S: the low 8 bits of the 10-bit grid indices (one byte per group),
	// one sign byte per group, per sub-block a byte with the 2 high index
	// bits of its 4 groups, and a byte of two 4-bit scales.
	iq2sQs     = 2
	iq2sSigns  = iq2sQs + QK_K/8
	iq2sQh     = iq2sSigns + QK_K/8
	iq2sScales = iq2sQh + QK_K/32
	iq2sBytes  = iq2sScales + QK_K/32
)

// iq2Scale returns d·(0.5+s)·f, rounded step by step in float32 as ggml
// computes the scale of a sub-block with the 4-bit scale s.
func iq2Scale(d float32, s uint32, f float32) float32 {
	return float32(d*(0.5+float32(s))) * f
}

// putGrid8 writes the 8 weights db·grid[j], grid[j] being byte j of grid,
// negated where bit j of signs is set. IQ3 passes two 4-byte grid points.
func putGrid8(y []float32, db float32, grid uint64, signs uint8) {
	y = y[:8]
	for j := range y {
		y[j] = negateIf(db*float32(uint8(grid>>(8*j))), signs>>j)
	}
}

func dequantizeIQ2_XXS(dst []float32, src []byte) {
	dequantizeEach(dst, src, QK_K, iq2xxsBytes, dequantizeIQ2_XXSBlock)
}

// dequantizeIQ2_XXSBlock is ggml's dequantize_row_iq2_xxs for one block.
func dequantizeIQ2_XXSBlock(y []float32, b []byte) {
	d := f16At(b)
	for ib := range QK_K / 32 {
		qs := b[iq2xxsQs+8*ib:][:8]
		aux := binary.LittleEndian.Uint32(qs[4:])
		db := iq2Scale(d, aux>>28, 0.25)
		for l := range 4 {
			putGrid8(y[32*ib+8*l:], db, iq2xxsGrid[qs[l]], ksignsIQ2XS[aux>>(7*l)&127])
		}
	}
}

func dequantizeIQ2_XS(dst []float32, src []byte) {
	dequantizeEach(dst, src, QK_K, iq2xsBytes, dequantizeIQ2_XSBlock)
}

// dequantizeIQ2_XSBlock is ggml's dequantize_row_iq2_xs for one block.
func dequantizeIQ2_XSBlock(y []float32, b []byte) {
	d := f16At(b)
	for ib := range QK_K / 32 {
		sc := b[iq2xsScales+ib]
		db := [2]float32{iq2Scale(d, uint32(sc&0xf), 0.25), iq2Scale(d, uint32(sc>>4), 0.25)}
		for l := range 4 {
			q := le16(b[iq2xsQs+8*ib+2*l:])
			putGrid8(y[32*ib+8*l:], db[l/2], iq2xsGrid[q&511], ksignsIQ2XS[q>>9])
		}
	}
}

func dequantizeIQ2_S(dst []float32, src []byte) {
	dequantizeEach(dst, src, QK_K, iq2sBytes, dequantizeIQ2_SBlock)
}

// dequantizeIQ2_SBlock is ggml's dequantize_row_iq2_s for one block.
func dequantizeIQ2_SBlock(y []float32, b []byte) {
	d := f16At(b)
	for ib := range QK_K / 32 {
		sc := b[iq2sScales+ib]
		db := [2]float32{iq2Scale(d, uint32(sc&0xf), 0.25), iq2Scale(d, uint32(sc>>4), 0.25)}
		qh := uint32(b[iq2sQh+ib])
		for l := range 4 {
			g := 4*ib + l
			idx := uint32(b[iq2sQs+g]) | qh<<(8-2*l)&0x300
			putGrid8(y[8*g:], db[l/2], iq2sGrid[idx], b[iq2sSigns+g])
		}
	}
}
