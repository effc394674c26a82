package quant

import "math"

// Byte layout of an MXFP4 block (ggml's block_mxfp4): an E8M0 exponent,
// then 32 E2M1 weights in nibbles, byte j holding weight j in its low
// nibble and weight j+16 in its high nibble.
const (
	mxfp4Qs    = 1
	mxfp4Bytes = mxfp4Qs + mxfp4Block/2
	mxfp4Block = 32
)

// e8m0Half returns half the value 2^(e-127) of the E8M0 exponent e, as
// ggml's GGML_E8M0_TO_FP32_HALF: kvaluesMXFP4 are twice the E2M1 values.
func e8m0Half(e uint8) float32 {
	if e < 2 {
		return math.Float32frombits(0x00200000 << e)
	}
	return math.Float32frombits(uint32(e-1) << 23)
}

func dequantizeMXFP4(dst []float32, src []byte) {
	dequantizeEach(dst, src, mxfp4Block, mxfp4Bytes, dequantizeMXFP4Block)
}

// dequantizeMXFP4Block is ggml's dequantize_row_mxfp4 for one block.
func dequantizeMXFP4Block(y []float32, b []byte) {
	putIQ4(y, e8m0Half(b[0]), b[mxfp4Qs:], &kvaluesMXFP4)
}
