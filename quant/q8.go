package quant

import "math"

// Q8_0 and Q8_1 blocks hold 32 int8 codes with an fp16 scale d; Q8_1 also
// stores s = d * sum(codes), which the Q4_1/Q5_1 dot products use.
//
//	Q8_0: d fp16, qs [32]int8
//	Q8_1: d fp16, s fp16, qs [32]int8

const q8Block = 32

// q8Codes quantizes one block of 32 to int8 codes with scale amax/127,
// rounding half away from zero as llama.cpp's roundf does.
func q8Codes(x []float32, qs []byte) (d float32, sum int32) {
	var amax float32
	for _, v := range x {
		amax = max(amax, abs32(v))
	}
	d = amax / 127
	var id float32
	if d != 0 {
		id = 1 / d
	}
	for j, v := range x {
		c := int8(math.Round(float64(v * id)))
		qs[j] = byte(c)
		sum += int32(c)
	}
	return d, sum
}

func quantizeQ8_0(dst []byte, src []float32) {
	quantizeEach(dst, src, q8Block, 34, func(b []byte, x []float32) {
		d, _ := q8Codes(x, b[2:])
		putF16(b, d)
	})
}

func quantizeQ8_1(dst []byte, src []float32) {
	quantizeEach(dst, src, q8Block, 36, func(b []byte, x []float32) {
		d, sum := q8Codes(x, b[4:])
		putF16(b, d)
		putF16(b[2:], float32(sum)*d)
	})
}

// dequantizeQ8 converts blocks of bb bytes whose codes start at byte off,
// with the fp16 scale at byte 0.
func dequantizeQ8(dst []float32, src []byte, bb, off int) {
	dequantizeEach(dst, src, q8Block, bb, func(y []float32, b []byte) {
		d := f16At(b)
		for j := range y {
			y[j] = float32(int8(b[off+j])) * d
		}
	})
}

func dequantizeQ8_0(dst []float32, src []byte) { dequantizeQ8(dst, src, 34, 2) }
func dequantizeQ8_1(dst []float32, src []byte) { dequantizeQ8(dst, src, 36, 4) }
