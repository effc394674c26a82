//go:build !purego

package simd

// dotAVX2 returns sum(x[i]*y[i]) for i < len(x) as dotF32AVX2 computes it
// (ggml's AVX2 ggml_vec_dot_f32): FMA into four 8-lane float32
// accumulators, their lanes summed in float32, the last len(x)%8 float32
// products added in float64. len(y) >= len(x). See dotGeneric for the
// reference implementation, which sums the float32 products in float64.
//
//go:noescape
func dotAVX2(x, y []float32) float32

// axpyAVX2 sets dst[i] += float32(x[i]*a) for every i < len(x), rounding
// each product before the addition, so the result is bit-identical to the
// twin's. len(dst) >= len(x). See axpyGeneric for the reference
// implementation.
//
//go:noescape
func axpyAVX2(dst, x []float32, a float32)

// scaleAVX2 sets x[i] *= a for every i (bit-identical to the twin). See
// scaleGeneric for the reference implementation.
//
//go:noescape
func scaleAVX2(x []float32, a float32)

// maxF32AVX2 returns what maxGeneric returns, bit for bit: the lanes find
// the maximum, and inputs holding a NaN or whose maximum is ±0 (where the
// twin's answer depends on the order) are rescanned sequentially. See
// maxGeneric for the reference implementation.
//
//go:noescape
func maxF32AVX2(x []float32) float32

// expSumAVX2 sets dst[i] = float32(exp(float64(x[i]-max))) for every
// i < len(x), with exp evaluated in float64 lanes to about 2 float64 ulps
// (so dst matches the twin's math.Exp except, rarely, by 1 float32 ulp
// next to a rounding boundary), and returns the sum of the float32 results
// accumulated in float64 lanes. dst may be x. len(dst) >= len(x). See
// expSumGeneric for the reference implementation.
//
//go:noescape
func expSumAVX2(dst, x []float32, max float32) float64

// sumSquaresAVX2 returns the sum of the float32 squares x[i]*x[i],
// widened to float64 and accumulated in float64 lanes (the twin's terms,
// summed in another order). See sumSquaresGeneric for the reference
// implementation.
//
//go:noescape
func sumSquaresAVX2(x []float32) float64

// swigluAVX2 sets gate[i] = silu(gate[i]) * up[i] for every
// i < len(gate), with exp(-x) evaluated in float64 lanes as expSumAVX2
// does (so the results match the twin's except, rarely, by an ulp), then
// rounded to float32 for the float32 add, divide and multiply.
// len(up) >= len(gate). See swigluGeneric for the reference
// implementation.
//
//go:noescape
func swigluAVX2(gate, up []float32)
