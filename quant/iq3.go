package quant

import "encoding/binary"

// Byte layouts of the 3-bit i-quant blocks (ggml's block_iq3_xxs and
// block_iq3_s). Each starts with the fp16 super-block scale d and covers QK_K
// weights in 8 sub-blocks of 32, each made of 4 groups of 8 weights; a group
// takes two grid points of 4 magnitudes and a sign per weight.
const (
	// IQ3_XXS: one byte per grid point, then per sub-block a little-endian
	// uint32 with 4×7 sign bits and the 4-bit sub-block scale on top.
	iq3xxsQs    = 2
	iq3xxsSigns = iq3xxsQs + QK_K/4
	iq3xxsBytes = iq3xxsSigns + QK_K/8

	// IQ3_S: the low 8 bits of the 9-bit grid indices, per sub-block a byte
	// of their high bits, a sign byte per group, and per pair of sub-blocks
	// a byte of two 4-bit scales.
	iq3sQs     = 2
	iq3sQh     = iq3sQs + QK_K/4
	iq3sSigns  = iq3sQh + QK_K/32
	iq3sScales = iq3sSigns + QK_K/8
	iq3sBytes  = iq3sScales + QK_K/64
)

// gridPair joins the 4-byte grid points lo and hi into one 8-byte group.
func gridPair(lo, hi uint32) uint64 { return uint64(lo) | uint64(hi)<<32 }

func dequantizeIQ3_XXS(dst []float32, src []byte) {
	dequantizeEach(dst, src, QK_K, iq3xxsBytes, dequantizeIQ3_XXSBlock)
}

// dequantizeIQ3_XXSBlock is ggml's dequantize_row_iq3_xxs for one block.
func dequantizeIQ3_XXSBlock(y []float32, b []byte) {
	d := f16At(b)
	for ib := range QK_K / 32 {
		aux := binary.LittleEndian.Uint32(b[iq3xxsSigns+4*ib:])
		db := iq2Scale(d, aux>>28, 0.5)
		qs := b[iq3xxsQs+8*ib:][:8]
		for l := range 4 {
			grid := gridPair(iq3xxsGrid[qs[2*l]], iq3xxsGrid[qs[2*l+1]])
			putGrid8(y[32*ib+8*l:], db, grid, ksignsIQ2XS[aux>>(7*l)&127])
		}
	}
}

func dequantizeIQ3_S(dst []float32, src []byte) {
	dequantizeEach(dst, src, QK_K, iq3sBytes, dequantizeIQ3_SBlock)
}

// dequantizeIQ3_SBlock is ggml's dequantize_row_iq3_s for one block.
func dequantizeIQ3_SBlock(y []float32, b []byte) {
	d := f16At(b)
	for ib := range QK_K / 32 {
		sc := uint32(b[iq3sScales+ib/2]) >> (4 * (ib % 2)) & 0xf
		db := d * float32(1+2*sc)
		qh := uint32(b[iq3sQh+ib])
		qs := b[iq3sQs+8*ib:][:8]
		for l := range 4 {
			lo := uint32(qs[2*l]) | qh<<(8-2*l)&256
			hi := uint32(qs[2*l+1]) | qh<<(7-2*l)&256
			putGrid8(y[32*ib+8*l:], db, gridPair(iq3sGrid[lo], iq3sGrid[hi]), b[iq3sSigns+4*ib+l])
		}
	}
}
