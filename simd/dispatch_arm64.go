//go:build !purego

package simd

// The kernels' dispatchers on arm64. Each one calls an assembly
// path where one exists and its flag is on, and the pure-Go twin otherwise.
// A kernel with an SDOT variant runs it under useDotProd and its plain
// NEON variant under useNEON; a kernel with only a NEON variant runs it
// under either flag, so that each implementation runs every kernel its
// CPU features allow. The fp16 and bfloat16 conversions run the assembly
// on a multiple of 16 values and the twin on the rest.

func axpy(dst, x []float32, a float32) {
	if useNEON || useDotProd {
		axpyNEON(dst[:len(x)], x, a)
		return
	}
	axpyGeneric(dst, x, a)
}

func dot(x, y []float32) float32 {
	if useNEON || useDotProd {
		return dotNEON(x, y[:len(x)])
	}
	return dotGeneric(x, y)
}

func dotRows(dst, x, rows []float32, stride int) {
	if useNEON || useDotProd {
		checkRows(len(dst), len(x), stride, len(rows))
		dotRowsNEON(dst, x, rows, stride)
		return
	}
	dotRowsGeneric(dst, x, rows, stride)
}

func axpyRows(dst, rows []float32, stride int, s []float32) {
	if useNEON || useDotProd {
		checkRows(len(s), len(dst), stride, len(rows))
		axpyRowsNEON(dst, rows, stride, s)
		return
	}
	axpyRowsGeneric(dst, rows, stride, s)
}

func dotBF16(w, a []byte, n int) float32 {
	if useNEON || useDotProd {
		return dotBF16NEON(w, a, n)
	}
	return dotBF16Generic(w, a, n)
}

func dotF16(w, a []byte, n int) float32 {
	if useNEON || useDotProd {
		return dotF16NEON(w, a, n)
	}
	return dotF16Generic(w, a, n)
}

func dotF32(w, a []byte, n int) float32 {
	if useNEON || useDotProd {
		return dotF32NEON(w, a, n)
	}
	return dotF32Generic(w, a, n)
}

func dotIQ4_NLQ8_0(w, a []byte, n int) float32 {
	if useDotProd {
		return dotIQ4_NLQ8_0DotProd(w, a, n)
	} else if useNEON {
		return dotIQ4_NLQ8_0NEON(w, a, n)
	}
	return dotIQ4_NLQ8_0Generic(w, a, n)
}

func dotIQ4_XSQ8_K(w, a []byte, n int) float32 {
	if useDotProd {
		return dotIQ4_XSQ8_KDotProd(w, a, n)
	} else if useNEON {
		return dotIQ4_XSQ8_KNEON(w, a, n)
	}
	return dotIQ4_XSQ8_KGeneric(w, a, n)
}

func dotQ2_KQ8_K(w, a []byte, n int) float32 {
	if useDotProd {
		return dotQ2_KQ8_KDotProd(w, a, n)
	} else if useNEON {
		return dotQ2_KQ8_KNEON(w, a, n)
	}
	return dotQ2_KQ8_KGeneric(w, a, n)
}

func dotQ3_KQ8_K(w, a []byte, n int) float32 {
	if useDotProd {
		return dotQ3_KQ8_KDotProd(w, a, n)
	} else if useNEON {
		return dotQ3_KQ8_KNEON(w, a, n)
	}
	return dotQ3_KQ8_KGeneric(w, a, n)
}

func dotQ4_0Q8_0(w, a []byte, n int) float32 {
	if useDotProd {
		return dotQ4_0Q8_0DotProd(w, a, n)
	} else if useNEON {
		return dotQ4_0Q8_0NEON(w, a, n)
	}
	return dotQ4_0Q8_0Generic(w, a, n)
}

func dotQ4_1Q8_1(w, a []byte, n int) float32 {
	if useDotProd {
		return dotQ4_1Q8_1DotProd(w, a, n)
	} else if useNEON {
		return dotQ4_1Q8_1NEON(w, a, n)
	}
	return dotQ4_1Q8_1Generic(w, a, n)
}

func dotQ4_KQ8_K(w, a []byte, n int) float32 {
	if useDotProd {
		return dotQ4_KQ8_KDotProd(w, a, n)
	} else if useNEON {
		return dotQ4_KQ8_KNEON(w, a, n)
	}
	return dotQ4_KQ8_KGeneric(w, a, n)
}

func dotQ5_0Q8_0(w, a []byte, n int) float32 {
	if useDotProd {
		return dotQ5_0Q8_0DotProd(w, a, n)
	} else if useNEON {
		return dotQ5_0Q8_0NEON(w, a, n)
	}
	return dotQ5_0Q8_0Generic(w, a, n)
}

func dotQ5_1Q8_1(w, a []byte, n int) float32 {
	if useDotProd {
		return dotQ5_1Q8_1DotProd(w, a, n)
	} else if useNEON {
		return dotQ5_1Q8_1NEON(w, a, n)
	}
	return dotQ5_1Q8_1Generic(w, a, n)
}

func dotQ5_KQ8_K(w, a []byte, n int) float32 {
	if useDotProd {
		return dotQ5_KQ8_KDotProd(w, a, n)
	} else if useNEON {
		return dotQ5_KQ8_KNEON(w, a, n)
	}
	return dotQ5_KQ8_KGeneric(w, a, n)
}

func dotQ6_KQ8_K(w, a []byte, n int) float32 {
	if useDotProd {
		return dotQ6_KQ8_KDotProd(w, a, n)
	} else if useNEON {
		return dotQ6_KQ8_KNEON(w, a, n)
	}
	return dotQ6_KQ8_KGeneric(w, a, n)
}

func dotQ8_0Q8_0(w, a []byte, n int) float32 {
	if useDotProd {
		return dotQ8_0Q8_0DotProd(w, a, n)
	} else if useNEON {
		return dotQ8_0Q8_0NEON(w, a, n)
	}
	return dotQ8_0Q8_0Generic(w, a, n)
}

func expSum(dst, x []float32, max float32) float64 { return expSumGeneric(dst, x, max) }

func f16ToF32(dst []float32, x []uint16) {
	if useNEON || useDotProd {
		n := len(x) &^ 15
		f16ToF32NEON(dst[:n], x[:n])
		dst, x = dst[n:], x[n:]
	}
	f16ToF32Generic(dst, x)
}

func f32ToBF16(dst []uint16, x []float32) {
	if useNEON || useDotProd {
		n := len(x) &^ 15
		f32ToBF16NEON(dst[:n], x[:n])
		dst, x = dst[n:], x[n:]
	}
	f32ToBF16Generic(dst, x)
}

func f32ToF16(dst []uint16, x []float32) {
	if useNEON || useDotProd {
		n := len(x) &^ 15
		f32ToF16NEON(dst[:n], x[:n])
		dst, x = dst[n:], x[n:]
	}
	f32ToF16Generic(dst, x)
}

func maxF32(x []float32) float32 {
	if useNEON || useDotProd {
		if m, ok := maxNEON(x); ok {
			return m
		}
	}
	return maxGeneric(x)
}

func quantizeBF16(dst []byte, x []float32) {
	if useNEON || useDotProd {
		n := len(x) &^ 15
		quantizeBF16NEON(dst[:2*n], x[:n])
		dst, x = dst[2*n:], x[n:]
	}
	quantizeBF16Generic(dst, x)
}

func quantizeF16(dst []byte, x []float32) {
	if useNEON || useDotProd {
		n := len(x) &^ 15
		quantizeF16NEON(dst[:2*n], x[:n])
		dst, x = dst[2*n:], x[n:]
	}
	quantizeF16Generic(dst, x)
}

func quantizeQ8_0(dst []byte, x []float32) {
	if useNEON || useDotProd {
		quantizeQ8_0NEON(dst, x)
		return
	}
	quantizeQ8_0Generic(dst, x)
}

func quantizeQ8_1(dst []byte, x []float32) {
	if useNEON || useDotProd {
		quantizeQ8_1NEON(dst, x)
		return
	}
	quantizeQ8_1Generic(dst, x)
}

func quantizeQ8_K(dst []byte, x []float32) {
	if useNEON || useDotProd {
		quantizeQ8_KNEON(dst, x)
		return
	}
	quantizeQ8_KGeneric(dst, x)
}

func scale(x []float32, a float32) {
	if useNEON || useDotProd {
		scaleNEON(x, a)
		return
	}
	scaleGeneric(x, a)
}

func sumSquares(x []float32) float64 {
	if useNEON || useDotProd {
		return sumSquaresNEON(x)
	}
	return sumSquaresGeneric(x)
}

func swiglu(gate, up []float32) { swigluGeneric(gate, up) }
