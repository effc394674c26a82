package model

import (
	"math"

	"github.com/laminalabs/lamina/simd"
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

// silu is x·sigmoid(x), as ggml_silu_f32 computes it.
func silu(x float32) float32 { return x / (1 + float32(math.Exp(float64(-x)))) }
