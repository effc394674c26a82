package simd

import (
	"encoding/binary"
	"math"
)

// F32ToF16 converts x to IEEE half precision in dst, rounding to nearest
// even as ggml's x86 build (F16C's VCVTPS2PH) does; values beyond the half
// range become infinities and NaNs stay quiet NaNs. len(dst) >= len(x).
func F32ToF16(dst []uint16, x []float32) { f32ToF16(dst, x) }

func f32ToF16Generic(dst []uint16, x []float32) {
	for i, v := range x {
		dst[i] = toF16(v)
	}
}

// F16ToF32 converts the half-precision values x to float32 in dst (the
// conversion is exact). len(dst) >= len(x).
func F16ToF32(dst []float32, x []uint16) { f16ToF32(dst, x) }

func f16ToF32Generic(dst []float32, x []uint16) {
	for i, h := range x {
		dst[i] = fromF16(h)
	}
}

// F32ToBF16 converts x to bfloat16 in dst as ggml's GGML_FP32_TO_BF16
// does: round to nearest even, NaNs made quiet. len(dst) >= len(x).
func F32ToBF16(dst []uint16, x []float32) { f32ToBF16(dst, x) }

func f32ToBF16Generic(dst []uint16, x []float32) {
	for i, v := range x {
		dst[i] = toBF16(v)
	}
}

// QuantizeF16 writes x as little-endian half-precision values to dst (2
// bytes each), the activation row of F16 weights. len(dst) >= 2*len(x).
func QuantizeF16(dst []byte, x []float32) { quantizeF16(dst, x) }

func quantizeF16Generic(dst []byte, x []float32) { putHalves(dst, x, toF16) }

// QuantizeBF16 writes x as little-endian bfloat16 values to dst (2 bytes
// each), the activation row of BF16 weights. len(dst) >= 2*len(x).
func QuantizeBF16(dst []byte, x []float32) { quantizeBF16(dst, x) }

func quantizeBF16Generic(dst []byte, x []float32) { putHalves(dst, x, toBF16) }

// QuantizeF32 writes x as little-endian float32 values to dst (4 bytes
// each), the activation row of F32 weights. len(dst) >= 4*len(x).
func QuantizeF32(dst []byte, x []float32) { quantizeF32Generic(dst, x) }

func quantizeF32Generic(dst []byte, x []float32) {
	for i, v := range x {
		binary.LittleEndian.PutUint32(dst[4*i:], math.Float32bits(v))
	}
}

// putHalves writes conv(v) for every v of x to dst, 2 bytes each.
func putHalves(dst []byte, x []float32, conv func(float32) uint16) {
	for i, v := range x {
		binary.LittleEndian.PutUint16(dst[2*i:], conv(v))
	}
}

// fromF16 converts IEEE half-precision bits to float32 exactly, keeping
// NaN payloads (ggml's GGML_CPU_FP16_TO_FP32).
func fromF16(h uint16) float32 {
	em := uint32(h & 0x7fff) // exponent and mantissa
	bits := em << 13
	switch {
	case em >= 0x7c00: // infinity or NaN
		bits += (255 - 31) << 23
	case em >= 0x400: // normal: rebias the exponent
		bits += (127 - 15) << 23
	default: // zero or subnormal: em units of 2^-24
		bits = math.Float32bits(float32(em) * 0x1p-24)
	}
	return math.Float32frombits(uint32(h&0x8000)<<16 | bits)
}

// toF16 converts f to half-precision bits, rounding to nearest even like
// VCVTPS2PH with rounding mode 0 (ggml's GGML_CPU_FP32_TO_FP16 on x86):
// NaNs keep the top of their payload and become quiet.
func toF16(f float32) uint16 {
	b := math.Float32bits(f)
	sign := uint16(b>>16) & 0x8000
	b &^= 1 << 31
	switch {
	case b > 0x7f800000: // NaN
		return sign | 0x7e00 | uint16(b>>13)&0x3ff
	case b >= 0x477ff000: // 65520 and up round to infinity
		return sign | 0x7c00
	case b < 0x38800000: // below 2^-14: a subnormal half (or zero, or 2^-14 after rounding)
		return sign | uint16(math.RoundToEven(float64(math.Float32frombits(b))*0x1p24))
	}
	b -= (127 - 15) << 23 // rebias the exponent
	b += 0xfff + b>>13&1  // round the 13 dropped bits to nearest even
	return sign | uint16(b>>13)
}

// fromBF16 converts bfloat16 bits to float32 exactly.
func fromBF16(h uint16) float32 { return math.Float32frombits(uint32(h) << 16) }

// toBF16 is ggml's GGML_FP32_TO_BF16: NaNs are made quiet, everything else
// rounds to nearest even.
func toBF16(f float32) uint16 {
	u := math.Float32bits(f)
	if u&0x7fffffff > 0x7f800000 {
		return uint16(u>>16 | 64)
	}
	return uint16((u + 0x7fff + u>>16&1) >> 16)
}

// le16 reads the little-endian uint16 at b[0:2].
func le16(b []byte) uint16 { return binary.LittleEndian.Uint16(b) }

// le32 reads the little-endian uint32 at b[0:4].
func le32(b []byte) uint32 { return binary.LittleEndian.Uint32(b) }

// f16At reads the half-precision value stored at b[0:2].
func f16At(b []byte) float32 { return fromF16(le16(b)) }

// f32At reads the little-endian float32 stored at b[0:4].
func f32At(b []byte) float32 { return math.Float32frombits(le32(b)) }
