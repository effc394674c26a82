package simd

import (
	"encoding/binary"
	"math"
)

// Activation blocks. Q8_0 and Q8_1 hold 32 int8 codes with a half-precision
// scale d; Q8_1 also stores s = d*sum(codes). Q8_K holds 256 codes with a
// float32 scale and the sums of each 16 codes.
//
//	Q8_0: d fp16, qs [32]int8
//	Q8_1: d fp16, s fp16, qs [32]int8
//	Q8_K: d float32, qs [256]int8, bsums [16]int16
const (
	q8Block   = 32
	q8_0Bytes = 2 + q8Block
	q8_1Bytes = 4 + q8Block
	q8KQs     = 4
	q8KBsums  = q8KQs + qk
	q8KBytes  = q8KBsums + 2*qk/16
)

// QuantizeQ8_0 quantizes x, a whole number of 32-value blocks, to Q8_0 in
// dst (34 bytes a block) exactly as llama.cpp's x86 quantize_row_q8_0
// does: d = amax/127 and codes round(x*(127/amax)) with halves to even.
// (The reference quantizer in package quant rounds halves away from zero
// and multiplies by 1/d, so it differs in the last code now and then.)
func QuantizeQ8_0(dst []byte, x []float32) { quantizeQ8_0(dst, x) }

func quantizeQ8_0Generic(dst []byte, x []float32) { quantizeQ8(dst, x, q8_0Bytes) }

// QuantizeQ8_1 quantizes x, a whole number of 32-value blocks, to Q8_1 in
// dst (36 bytes a block) exactly as llama.cpp's x86 quantize_row_q8_1
// does: the codes of QuantizeQ8_0 plus s = d*sum(codes).
func QuantizeQ8_1(dst []byte, x []float32) { quantizeQ8_1(dst, x) }

func quantizeQ8_1Generic(dst []byte, x []float32) { quantizeQ8(dst, x, q8_1Bytes) }

// quantizeQ8 writes the blocks of size bytes (Q8_0 or Q8_1) of x to dst.
func quantizeQ8(dst []byte, x []float32, size int) {
	for i := range len(x) / q8Block {
		b := dst[i*size:][:size]
		d, sum := q8Codes((*[q8Block]byte)(b[size-q8Block:]), (*[q8Block]float32)(x[i*q8Block:]))
		putF16(b, d)
		if size == q8_1Bytes {
			putF16(b[2:], d*float32(sum))
		}
	}
}

// q8Codes is the body of the AVX2 quantize_row_q8_0/q8_1 for one block,
// instruction for instruction so that NaNs and infinities come out the
// same: it writes the codes and returns d and the wrapped int32 sum of the
// codes before their saturation to int8.
func q8Codes(qs *[q8Block]byte, x *[q8Block]float32) (d float32, sum int32) {
	amax := absMaxAVX(x)
	d = amax / 127
	var id float32
	if amax != 0 {
		id = 127 / amax
	}
	for j, v := range x {
		c := cvtps(v * id)
		qs[j] = byte(int8(max(-128, min(127, c)))) // PACKSSDW, PACKSSWB
		sum += c
	}
	return d, sum
}

// absMaxAVX returns max |x[i]| reduced as the AVX2 code does: MAXPS over
// four 8-lane rows, then the upper half against the lower, then pairs.
// MAXPS returns its second operand unless the first is greater, which
// decides what a NaN does.
func absMaxAVX(x *[q8Block]float32) float32 {
	var m [8]float32
	for l := range m {
		m[l] = abs32(x[l])
	}
	for r := 1; r < 4; r++ {
		for l := range m {
			m[l] = maxps(m[l], abs32(x[8*r+l]))
		}
	}
	var h [4]float32
	for l := range h {
		h[l] = maxps(m[l+4], m[l])
	}
	return maxps(maxps(h[0], h[2]), maxps(h[1], h[3]))
}

// maxps is one lane of MAXPS.
func maxps(a, b float32) float32 {
	if a > b {
		return a
	}
	return b
}

// cvtps rounds f to the nearest integer, halves to even, as ROUNDPS then
// CVTPS2DQ do; NaNs and values outside int32 give math.MinInt32.
func cvtps(f float32) int32 {
	r := math.RoundToEven(float64(f))
	if !(r >= math.MinInt32 && r <= math.MaxInt32) {
		return math.MinInt32
	}
	return int32(r)
}

// QuantizeQ8_K quantizes x, a whole number of 256-value blocks, to Q8_K in
// dst (292 bytes a block). llama.cpp's x86 build uses the reference
// quantize_row_q8_K_ref, reproduced here byte for byte; an all-zero block
// gets zero bsums (the C code leaves them unwritten).
func QuantizeQ8_K(dst []byte, x []float32) { quantizeQ8_K(dst, x) }

func quantizeQ8_KGeneric(dst []byte, x []float32) {
	for i := range len(x) / qk {
		quantizeQ8KBlock((*[q8KBytes]byte)(dst[i*q8KBytes:]), (*[qk]float32)(x[i*qk:]))
	}
}

func quantizeQ8KBlock(b *[q8KBytes]byte, x *[qk]float32) {
	var maxv, amax float32
	for _, v := range x {
		if a := abs32(v); a > amax {
			amax, maxv = a, v
		}
	}
	if amax == 0 {
		clear(b[:])
		return
	}
	iscale := -127 / maxv
	qs := b[q8KQs:q8KBsums]
	for j, v := range x {
		// The conversion rounds the product, so that no compiler fuses it
		// with nearestInt's addition (arm64 would: FMADDS), as x86 computes it.
		qs[j] = byte(int8(min(127, nearestInt(float32(iscale*v)))))
	}
	for g := range qk / 16 {
		var sum int
		for _, q := range qs[16*g : 16*g+16] {
			sum += int(int8(q))
		}
		binary.LittleEndian.PutUint16(b[q8KBsums+2*g:], uint16(int16(sum)))
	}
	binary.LittleEndian.PutUint32(b[:], math.Float32bits(1/iscale))
}

// nearestInt is ggml's nearest_int bit for bit: it adds 1.5*2^23 and reads
// the low mantissa bits, which rounds halves to even for |f| < 2^22.
func nearestInt(f float32) int {
	b := math.Float32bits(f + 12582912)
	return int(b&0x007fffff) - 0x00400000
}

// abs32 is fabsf: it clears the sign bit, NaNs included.
func abs32(f float32) float32 { return math.Float32frombits(math.Float32bits(f) &^ (1 << 31)) }

// putF16 stores f as half precision at b[0:2].
func putF16(b []byte, f float32) { binary.LittleEndian.PutUint16(b, toF16(f)) }
