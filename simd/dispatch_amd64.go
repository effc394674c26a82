//go:build !purego

package simd

// The kernels' dispatchers on amd64. Each one calls an assembly
// path where one exists and its flag is on, and the pure-Go twin otherwise.
// The test registry turns on one flag at a time, so a kernel without an
// AVX-512 variant runs its AVX2 one under either flag (useAVX512 implies
// the AVX2 features), and one with an AVX-512 variant tests useAVX512
// first.

func f32ToF16(dst []uint16, x []float32) {
	if useAVX2 || useAVX512 {
		f32ToF16AVX2(dst, x)
		return
	}
	f32ToF16Generic(dst, x)
}

func f16ToF32(dst []float32, x []uint16) {
	if useAVX2 || useAVX512 {
		f16ToF32AVX2(dst, x)
		return
	}
	f16ToF32Generic(dst, x)
}

func f32ToBF16(dst []uint16, x []float32) {
	if useAVX2 || useAVX512 {
		f32ToBF16AVX2(dst, x)
		return
	}
	f32ToBF16Generic(dst, x)
}

func quantizeF16(dst []byte, x []float32) {
	if useAVX2 || useAVX512 {
		quantizeF16AVX2(dst, x)
		return
	}
	quantizeF16Generic(dst, x)
}

func quantizeBF16(dst []byte, x []float32) {
	if useAVX2 || useAVX512 {
		quantizeBF16AVX2(dst, x)
		return
	}
	quantizeBF16Generic(dst, x)
}

func dotBF16(w, a []byte, n int) float32 {
	if useAVX2 || useAVX512 {
		return dotBF16AVX2(w, a, n)
	}
	return dotBF16Generic(w, a, n)
}

func dotF16(w, a []byte, n int) float32 {
	if useAVX2 || useAVX512 {
		return dotF16AVX2(w, a, n)
	}
	return dotF16Generic(w, a, n)
}

func dotF32(w, a []byte, n int) float32 {
	if useAVX2 || useAVX512 {
		return dotF32AVX2(w, a, n)
	}
	return dotF32Generic(w, a, n)
}

func dotIQ4_NLQ8_0(w, a []byte, n int) float32 {
	if useAVX512 {
		return dotIQ4_NLQ8_0AVX512(w, a, n)
	}
	if useAVX2 {
		return dotIQ4_NLQ8_0AVX2(w, a, n)
	}
	return dotIQ4_NLQ8_0Generic(w, a, n)
}

func dotIQ4_XSQ8_K(w, a []byte, n int) float32 {
	if useAVX512 {
		return dotIQ4_XSQ8_KAVX512(w, a, n)
	}
	if useAVX2 {
		return dotIQ4_XSQ8_KAVX2(w, a, n)
	}
	return dotIQ4_XSQ8_KGeneric(w, a, n)
}

func dotQ2_KQ8_K(w, a []byte, n int) float32 {
	if useAVX512 {
		return dotQ2_KQ8_KAVX512(w, a, n)
	}
	if useAVX2 {
		return dotQ2_KQ8_KAVX2(w, a, n)
	}
	return dotQ2_KQ8_KGeneric(w, a, n)
}

func dotQ3_KQ8_K(w, a []byte, n int) float32 {
	if useAVX512 {
		return dotQ3_KQ8_KAVX512(w, a, n)
	}
	if useAVX2 {
		return dotQ3_KQ8_KAVX2(w, a, n)
	}
	return dotQ3_KQ8_KGeneric(w, a, n)
}

func dotQ4_0Q8_0(w, a []byte, n int) float32 {
	if useAVX512 {
		return dotQ4_0Q8_0AVX512(w, a, n)
	}
	if useAVX2 {
		return dotQ4_0Q8_0AVX2(w, a, n)
	}
	return dotQ4_0Q8_0Generic(w, a, n)
}

func dotQ4_1Q8_1(w, a []byte, n int) float32 {
	if useAVX512 {
		return dotQ4_1Q8_1AVX512(w, a, n)
	}
	if useAVX2 {
		return dotQ4_1Q8_1AVX2(w, a, n)
	}
	return dotQ4_1Q8_1Generic(w, a, n)
}

func dotQ4_KQ8_K(w, a []byte, n int) float32 {
	if useAVX512 {
		return dotQ4_KQ8_KAVX512(w, a, n)
	}
	if useAVX2 {
		return dotQ4_KQ8_KAVX2(w, a, n)
	}
	return dotQ4_KQ8_KGeneric(w, a, n)
}

func dotQ5_0Q8_0(w, a []byte, n int) float32 {
	if useAVX512 {
		return dotQ5_0Q8_0AVX512(w, a, n)
	}
	if useAVX2 {
		return dotQ5_0Q8_0AVX2(w, a, n)
	}
	return dotQ5_0Q8_0Generic(w, a, n)
}

func dotQ5_1Q8_1(w, a []byte, n int) float32 {
	if useAVX2 || useAVX512 {
		return dotQ5_1Q8_1AVX2(w, a, n)
	}
	return dotQ5_1Q8_1Generic(w, a, n)
}

func dotQ5_KQ8_K(w, a []byte, n int) float32 {
	if useAVX512 {
		return dotQ5_KQ8_KAVX512(w, a, n)
	}
	if useAVX2 {
		return dotQ5_KQ8_KAVX2(w, a, n)
	}
	return dotQ5_KQ8_KGeneric(w, a, n)
}

func dotQ6_KQ8_K(w, a []byte, n int) float32 {
	if useAVX512 {
		return dotQ6_KQ8_KAVX512(w, a, n)
	}
	if useAVX2 {
		return dotQ6_KQ8_KAVX2(w, a, n)
	}
	return dotQ6_KQ8_KGeneric(w, a, n)
}

func dotQ8_0Q8_0(w, a []byte, n int) float32 {
	if useAVX512 {
		return dotQ8_0Q8_0AVX512(w, a, n)
	}
	if useAVX2 {
		return dotQ8_0Q8_0AVX2(w, a, n)
	}
	return dotQ8_0Q8_0Generic(w, a, n)
}

func quantizeQ8_0(dst []byte, x []float32) {
	if useAVX2 || useAVX512 {
		quantizeQ8_0AVX2(dst, x)
		return
	}
	quantizeQ8_0Generic(dst, x)
}

func quantizeQ8_1(dst []byte, x []float32) {
	if useAVX2 || useAVX512 {
		quantizeQ8_1AVX2(dst, x)
		return
	}
	quantizeQ8_1Generic(dst, x)
}

func quantizeQ8_K(dst []byte, x []float32) {
	if useAVX2 || useAVX512 {
		quantizeQ8_KAVX2(dst, x)
		return
	}
	quantizeQ8_KGeneric(dst, x)
}

func dot(x, y []float32) float32 {
	if useAVX2 || useAVX512 {
		return dotAVX2(x, y)
	}
	return dotGeneric(x, y)
}

func axpy(dst, x []float32, a float32) {
	if useAVX2 || useAVX512 {
		axpyAVX2(dst, x, a)
		return
	}
	axpyGeneric(dst, x, a)
}

func dotRows(dst, x, rows []float32, stride int) {
	if useAVX512 {
		checkRows(len(dst), len(x), stride, len(rows))
		dotRowsAVX512(dst, x, rows, stride)
		return
	}
	if useAVX2 {
		checkRows(len(dst), len(x), stride, len(rows))
		dotRowsAVX2(dst, x, rows, stride)
		return
	}
	dotRowsGeneric(dst, x, rows, stride)
}

func axpyRows(dst, rows []float32, stride int, s []float32) {
	if useAVX512 {
		checkRows(len(s), len(dst), stride, len(rows))
		axpyRowsAVX512(dst, rows, stride, s)
		return
	}
	if useAVX2 {
		checkRows(len(s), len(dst), stride, len(rows))
		axpyRowsAVX2(dst, rows, stride, s)
		return
	}
	axpyRowsGeneric(dst, rows, stride, s)
}

func scale(x []float32, a float32) {
	if useAVX2 || useAVX512 {
		scaleAVX2(x, a)
		return
	}
	scaleGeneric(x, a)
}

func maxF32(x []float32) float32 {
	if useAVX2 || useAVX512 {
		return maxF32AVX2(x)
	}
	return maxGeneric(x)
}

func expSum(dst, x []float32, max float32) float64 {
	if useAVX2 || useAVX512 {
		return expSumAVX2(dst, x, max)
	}
	return expSumGeneric(dst, x, max)
}

func sumSquares(x []float32) float64 {
	if useAVX2 || useAVX512 {
		return sumSquaresAVX2(x)
	}
	return sumSquaresGeneric(x)
}

func swiglu(gate, up []float32) {
	if useAVX2 || useAVX512 {
		swigluAVX2(gate, up)
		return
	}
	swigluGeneric(gate, up)
}
