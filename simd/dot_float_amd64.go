//go:build !purego

package simd

// dotF32AVX2 returns the dot product of the n little-endian float32 values
// of w and a, sum(w[i]*a[i]), as ggml's AVX2 ggml_vec_dot_f32 computes it:
// FMA into four 8-lane float32 accumulators, 32 elements a step (then 8),
// their lanes summed in float32, and the last n%8 float32 products added
// in float64. It differs from the twin (products summed in float64) by the
// float32 rounding of the lanes. len(w), len(a) >= 4*n. See dotF32Generic
// for the reference implementation.
//
//go:noescape
func dotF32AVX2(w, a []byte, n int) float32

// dotF16AVX2 returns the dot product of the n little-endian half-precision
// values of w and a, as ggml's AVX2 ggml_vec_dot_f16 computes it: values
// widened by VCVTPH2PS, then summed as dotF32AVX2 sums. len(w), len(a) >=
// 2*n. See dotF16Generic for the reference implementation.
//
//go:noescape
func dotF16AVX2(w, a []byte, n int) float32

// dotBF16AVX2 returns the dot product of the n little-endian bfloat16
// values of w and a, as ggml's AVX2 ggml_vec_dot_bf16 computes it: values
// widened exactly (shifted into the upper half of a float32), then summed
// as dotF32AVX2 sums. len(w), len(a) >= 2*n. See dotBF16Generic for the
// reference implementation.
//
//go:noescape
func dotBF16AVX2(w, a []byte, n int) float32
