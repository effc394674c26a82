package quant

import (
	"encoding/binary"
	"math"

	"github.com/x448/float16"
)

// fp16ToF32 converts IEEE half-precision bits to float32.
func fp16ToF32(h uint16) float32 { return float16.Frombits(h).Float32() }

// f32ToFP16 converts f to IEEE half-precision bits, rounding to nearest even
// as ggml's GGML_FP32_TO_FP16 does.
func f32ToFP16(f float32) uint16 { return float16.Fromfloat32(f).Bits() }

// bf16ToF32 converts bfloat16 bits to float32.
func bf16ToF32(h uint16) float32 { return math.Float32frombits(uint32(h) << 16) }

// f32ToBF16 converts f to bfloat16 bits the way ggml does: NaNs are kept
// quiet, everything else rounds to nearest even.
func f32ToBF16(f float32) uint16 {
	u := math.Float32bits(f)
	if u&0x7fffffff > 0x7f800000 {
		return uint16(u>>16 | 64)
	}
	return uint16((u + (0x7fff + (u>>16)&1)) >> 16)
}

// le16 reads a little-endian uint16 at b[0:2].
func le16(b []byte) uint16 { return binary.LittleEndian.Uint16(b) }

// put16 writes v little-endian at b[0:2].
func put16(b []byte, v uint16) { binary.LittleEndian.PutUint16(b, v) }

// f16At reads the half-precision float stored at b[0:2].
func f16At(b []byte) float32 { return fp16ToF32(le16(b)) }

// putF16 stores f as half precision at b[0:2].
func putF16(b []byte, f float32) { put16(b, f32ToFP16(f)) }

// abs32 is C's fabsf.
func abs32(f float32) float32 { return math.Float32frombits(math.Float32bits(f) &^ (1 << 31)) }
