package quant

import (
	"encoding/binary"
	"math"
)

// The legacy block formats Q4_0, Q4_1, Q5_0 and Q5_1 share one layout:
//
//	d   fp16        scale
//	m   fp16        minimum (Q4_1, Q5_1 only)
//	qh  [4]byte     fifth bits, weight j at bit j (Q5_0, Q5_1 only)
//	qs  [16]byte    low nibbles: weight j in qs[j]&15, weight j+16 in qs[j]>>4
//
// The symmetric formats (Q4_0, Q5_0) store q - 2^(bits-1); the affine ones
// (Q4_1, Q5_1) store q with weight = q*d + m.
type legacyFormat struct {
	bits   int  // 4 or 5
	affine bool // has the minimum m
	// clamp limits the code to 2^bits-1 before packing, as llama.cpp does
	// for every format but Q5_1.
	clamp bool
}

var (
	q4_0Format = legacyFormat{bits: 4, clamp: true}
	q4_1Format = legacyFormat{bits: 4, affine: true, clamp: true}
	q5_0Format = legacyFormat{bits: 5, clamp: true}
	q5_1Format = legacyFormat{bits: 5, affine: true}
)

const legacyBlock = 32

// offsets returns where qh and qs start in a block.
func (f legacyFormat) offsets() (qh, qs int) {
	qh = 2
	if f.affine {
		qh = 4
	}
	qs = qh
	if f.bits == 5 {
		qs += 4
	}
	return qh, qs
}

func (f legacyFormat) blockBytes() int { _, qs := f.offsets(); return qs + legacyBlock/2 }

// unpack reads the 32 unsigned codes of block b.
func (f legacyFormat) unpack(b []byte, q *[legacyBlock]int32) {
	qhOff, qsOff := f.offsets()
	var qh uint32
	if f.bits == 5 {
		qh = binary.LittleEndian.Uint32(b[qhOff:])
	}
	for j := range legacyBlock / 2 {
		q[j] = int32(b[qsOff+j]&0x0F) | int32(qh>>j&1)<<4
		q[j+16] = int32(b[qsOff+j]>>4) | int32(qh>>(j+16)&1)<<4
	}
}

// pack writes the 32 codes into block b (d and m are written by the caller).
func (f legacyFormat) pack(b []byte, q *[legacyBlock]uint8) {
	qhOff, qsOff := f.offsets()
	var qh uint32
	for j := range legacyBlock / 2 {
		b[qsOff+j] = q[j]&0x0F | (q[j+16]&0x0F)<<4
		qh |= uint32(q[j]>>4&1)<<j | uint32(q[j+16]>>4&1)<<(j+16)
	}
	if f.bits == 5 {
		binary.LittleEndian.PutUint32(b[qhOff:], qh)
	}
}

// dequantizeBlock converts one block b to 32 weights in y.
func (f legacyFormat) dequantizeBlock(y []float32, b []byte) {
	var q [legacyBlock]int32
	d := f16At(b)
	f.unpack(b, &q)
	if f.affine {
		m := f16At(b[2:])
		for j, v := range q {
			y[j] = float32(float32(v)*d) + m
		}
		return
	}
	bias := int32(1) << (f.bits - 1)
	for j, v := range q {
		y[j] = float32(v-bias) * d
	}
}

// quantizeBlock converts 32 weights x to one block b, as llama.cpp's
// quantize_row_q{4,5}_{0,1}_ref do.
func (f legacyFormat) quantizeBlock(b []byte, x []float32) {
	top := int32(1)<<f.bits - 1
	var d, lo, offset float32
	if f.affine {
		lo, d = affineRange(x, top)
		putF16(b[2:], lo)
		offset = 0.5
	} else {
		d = signedMax(x) / -float32(int32(1)<<(f.bits-1))
		offset = float32(int32(1)<<(f.bits-1)) + 0.5
	}
	var id float32
	if d != 0 {
		id = 1 / d
	}
	putF16(b, d)
	var q [legacyBlock]uint8
	for j, v := range x {
		c := int32(int8(truncToInt32(float32((v-lo)*id) + offset)))
		if f.clamp {
			c = min(c, top)
		}
		q[j] = uint8(c)
	}
	f.pack(b, &q)
}

func (f legacyFormat) dequantize(dst []float32, src []byte) {
	dequantizeEach(dst, src, legacyBlock, f.blockBytes(), f.dequantizeBlock)
}

func (f legacyFormat) quantize(dst []byte, src []float32) {
	quantizeEach(dst, src, legacyBlock, f.blockBytes(), f.quantizeBlock)
}

// affineRange returns the minimum of x and the step (max-min)/top.
func affineRange(x []float32, top int32) (lo, d float32) {
	lo, hi := float32(math.MaxFloat32), float32(-math.MaxFloat32)
	for _, v := range x {
		if v < lo {
			lo = v
		}
		if v > hi {
			hi = v
		}
	}
	return lo, (hi - lo) / float32(top)
}

// signedMax returns the element of largest magnitude (the first one on ties).
func signedMax(x []float32) float32 {
	var amax, m float32
	for _, v := range x {
		if a := abs32(v); amax < a {
			amax, m = a, v
		}
	}
	return m
}

// truncToInt32 converts toward zero like a C float-to-int cast; values
// outside int32 (and NaN) give 0 instead of C's undefined behaviour.
func truncToInt32(f float32) int32 {
	if !(f > math.MinInt32 && f < math.MaxInt32) {
		return 0
	}
	return int32(f)
}

func dequantizeQ4_0(dst []float32, src []byte) { q4_0Format.dequantize(dst, src) }
func quantizeQ4_0(dst []byte, src []float32)   { q4_0Format.quantize(dst, src) }
func dequantizeQ4_1(dst []float32, src []byte) { q4_1Format.dequantize(dst, src) }
func quantizeQ4_1(dst []byte, src []float32)   { q4_1Format.quantize(dst, src) }
func dequantizeQ5_0(dst []float32, src []byte) { q5_0Format.dequantize(dst, src) }
func quantizeQ5_0(dst []byte, src []float32)   { q5_0Format.quantize(dst, src) }
func dequantizeQ5_1(dst []float32, src []byte) { q5_1Format.dequantize(dst, src) }
func quantizeQ5_1(dst []byte, src []float32)   { q5_1Format.quantize(dst, src) }
