package quant

// The block loops every format shares: a format supplies the conversion of
// one block and these run it over a row.

import "math"

// dequantizeEach runs one, the dequantizer of a single block of n weights
// stored in size bytes, over every block of src and the weights of dst that
// it holds.
func dequantizeEach(dst []float32, src []byte, n, size int, one func(y []float32, b []byte)) {
	for i := range len(src) / size {
		one(dst[i*n:][:n], src[i*size:][:size])
	}
}

// quantizeEach runs one, the quantizer of a single block of n weights
// stored in size bytes, over every block of src and the bytes of dst that
// it takes.
func quantizeEach(dst []byte, src []float32, n, size int, one func(b []byte, x []float32)) {
	for i := range len(src) / n {
		one(dst[i*size:][:size], src[i*n:][:n])
	}
}

// negateIf returns -v when the low bit of neg is set and v otherwise; it
// flips the sign bit, as multiplying by -1 does in ggml.
func negateIf(v float32, neg uint8) float32 {
	return math.Float32frombits(math.Float32bits(v) ^ uint32(neg&1)<<31)
}
