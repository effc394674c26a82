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
	for i := 0; i < len(src)/q8Block; i++ {
		b := dst[i*34 : (i+1)*34]
		d, _ := q8Codes(src[i*q8Block:(i+1)*q8Block], b[2:])
		putF16(b, d)
	}
}

func quantizeQ8_1(dst []byte, src []float32) {
	for i := 0; i < len(src)/q8Block; i++ {
		b := dst[i*36 : (i+1)*36]
		d, sum := q8Codes(src[i*q8Block:(i+1)*q8Block], b[4:])
		putF16(b, d)
		putF16(b[2:], float32(sum)*d)
	}
}

// dequantizeQ8 converts blocks whose codes start at byte off of each
// bb-byte block, with the fp16 scale at byte 0.
func dequantizeQ8(dst []float32, src []byte, bb, off int) {
	for i := 0; i < len(src)/bb; i++ {
		b := src[i*bb : (i+1)*bb]
		d := f16At(b)
		y := dst[i*q8Block : (i+1)*q8Block]
		for j := range y {
			y[j] = float32(int8(b[off+j])) * d
		}
	}
}

func dequantizeQ8_0(dst []float32, src []byte) { dequantizeQ8(dst, src, 34, 2) }
func dequantizeQ8_1(dst []float32, src []byte) { dequantizeQ8(dst, src, 36, 4) }
