package simd

import "math"

// Dot returns the dot product of x and y[:len(x)] as ggml_vec_dot_f32
// computes it without SIMD: float32 products summed in float64.
// len(y) >= len(x).
func Dot(x, y []float32) float32 { return dot(x, y) }

func dotGeneric(x, y []float32) float32 {
	y = y[:len(x)]
	var sum float64
	for i, v := range x {
		sum += float64(v * y[i])
	}
	return float32(sum)
}

// Axpy adds a*x to dst (ggml_vec_mad_f32), rounding each product to
// float32 before the addition. len(dst) >= len(x).
func Axpy(dst, x []float32, a float32) { axpy(dst, x, a) }

func axpyGeneric(dst, x []float32, a float32) {
	dst = dst[:len(x)]
	for i, v := range x {
		dst[i] += float32(v * a)
	}
}

// Scale multiplies every element of x by a (ggml_vec_scale_f32).
func Scale(x []float32, a float32) { scale(x, a) }

func scaleGeneric(x []float32, a float32) {
	for i := range x {
		x[i] *= a
	}
}

// Max returns the largest element of x as ggml_vec_max_f32 finds it: -Inf
// for an empty x, and an element compared with a NaN running maximum
// replaces it (C's MAX(max, v) = max > v ? max : v).
func Max(x []float32) float32 { return maxF32(x) }

func maxGeneric(x []float32) float32 {
	m := float32(math.Inf(-1))
	for _, v := range x {
		m = maxps(m, v)
	}
	return m
}

// ExpSum sets dst[i] = exp(x[i]-max) and returns their sum, accumulated in
// float64 as ggml_vec_soft_max_f32 does (its ggml_float). dst may be x.
// len(dst) >= len(x).
func ExpSum(dst, x []float32, max float32) float64 { return expSum(dst, x, max) }

func expSumGeneric(dst, x []float32, max float32) float64 {
	dst = dst[:len(x)]
	var sum float64
	for i, v := range x {
		e := float32(math.Exp(float64(v - max)))
		sum += float64(e)
		dst[i] = e
	}
	return sum
}

// SumSquares returns the sum of the squares of x, the float32 squares
// accumulated in float64 as ggml_rms_norm does.
func SumSquares(x []float32) float64 { return sumSquares(x) }

func sumSquaresGeneric(x []float32) float64 {
	var sum float64
	for _, v := range x {
		sum += float64(v * v)
	}
	return sum
}

// SwiGLU sets gate[i] = silu(gate[i]) * up[i], with
// silu(x) = x/(1+exp(-x)) computed in float32 from exp rounded to float32,
// as ggml's scalar ggml_vec_swiglu_f32 does. len(up) >= len(gate).
func SwiGLU(gate, up []float32) { swiglu(gate, up) }

func swigluGeneric(gate, up []float32) {
	up = up[:len(gate)]
	for i, x := range gate {
		gate[i] = x / (1 + float32(math.Exp(float64(-x)))) * up[i]
	}
}
