package quant

import (
	"encoding/binary"
	"math"
)

// Plain (non-block) formats: one weight per "block".

func dequantizeF32(dst []float32, src []byte) {
	for i := range dst {
		dst[i] = math.Float32frombits(binary.LittleEndian.Uint32(src[4*i:]))
	}
}

func quantizeF32(dst []byte, src []float32) {
	for i, v := range src {
		binary.LittleEndian.PutUint32(dst[4*i:], math.Float32bits(v))
	}
}

func dequantizeF16(dst []float32, src []byte) {
	for i := range dst {
		dst[i] = fp16ToF32(le16(src[2*i:]))
	}
}

func quantizeF16(dst []byte, src []float32) {
	for i, v := range src {
		put16(dst[2*i:], f32ToFP16(v))
	}
}

func dequantizeBF16(dst []float32, src []byte) {
	for i := range dst {
		dst[i] = bf16ToF32(le16(src[2*i:]))
	}
}

func quantizeBF16(dst []byte, src []float32) {
	for i, v := range src {
		put16(dst[2*i:], f32ToBF16(v))
	}
}

func dequantizeF64(dst []float32, src []byte) {
	for i := range dst {
		dst[i] = float32(math.Float64frombits(binary.LittleEndian.Uint64(src[8*i:])))
	}
}

func dequantizeI8(dst []float32, src []byte) {
	for i := range dst {
		dst[i] = float32(int8(src[i]))
	}
}

func dequantizeI16(dst []float32, src []byte) {
	for i := range dst {
		dst[i] = float32(int16(le16(src[2*i:])))
	}
}

func dequantizeI32(dst []float32, src []byte) {
	for i := range dst {
		dst[i] = float32(int32(binary.LittleEndian.Uint32(src[4*i:])))
	}
}

func dequantizeI64(dst []float32, src []byte) {
	for i := range dst {
		dst[i] = float32(int64(binary.LittleEndian.Uint64(src[8*i:])))
	}
}
