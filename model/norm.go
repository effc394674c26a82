package model

import (
	"math"
	"sync"

	"github.com/laminalabs/lamina/simd"
	"github.com/x448/float16"
)

// rmsNorm sets dst = x / rms(x) * w, with the sum of squares in float64 as
// ggml_rms_norm computes it.
func rmsNorm(dst, x, w []float32, eps float32) {
	mean := float32(simd.SumSquares(x) / float64(len(x)))
	scale := 1 / float32(math.Sqrt(float64(mean+eps)))
	for i, v := range x {
		dst[i] = float32(v*scale) * w[i]
	}
}

// gelu is ggml's CPU GELU: the tanh approximation looked up in a table of
// every F16 input (the input rounded to F16, the result stored as F16),
// the identity from 10 on and 0 up to -10.
func gelu(x float32) float32 {
	switch {
	case x <= -10:
		return 0
	case x >= 10:
		return x
	}
	return (*geluTable())[float16.Fromfloat32(x).Bits()]
}

// geluTable is ggml_table_gelu_f16 as float32, built on first use.
var geluTable = sync.OnceValue(func() *[1 << 16]float32 {
	t := new([1 << 16]float32)
	for h := range t {
		x := float16.Frombits(uint16(h)).Float32()
		t[h] = float16.Fromfloat32(geluTanh(x)).Float32()
	}
	return t
})

// geluTanh is ggml_gelu_f32: 0.5·x·(1 + tanh(√(2/π)·x·(1 + 0.044715·x²))),
// rounded step by step in float32.
func geluTanh(x float32) float32 {
	const coefA, sqrt2OverPi = 0.044715, 0.79788456080286535587989211986876
	inner := float32(float32(sqrt2OverPi*x) * (1 + float32(float32(coefA*x)*x)))
	return float32(float32(0.5*x) * (1 + float32(math.Tanh(float64(inner)))))
}
