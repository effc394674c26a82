package simd

// DotBF16 returns the dot product of n bfloat16 weights w with n bfloat16
// activations a (2 bytes each, little-endian, as written by QuantizeBF16),
// as ggml_vec_dot_bf16 computes it without SIMD: float32 products summed
// in float64. len(w), len(a) >= 2*n.
func DotBF16(w, a []byte, n int) float32 { return dotBF16(w, a, n) }

// dotBF16Generic is the scalar ggml_vec_dot_bf16.
func dotBF16Generic(w, a []byte, n int) float32 { return dotHalves(w, a, n, fromBF16) }
