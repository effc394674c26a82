package simd

// DotF16 returns the dot product of n half-precision weights w with n
// half-precision activations a (2 bytes each, little-endian, as written by
// QuantizeF16), as ggml_vec_dot_f16 computes it without SIMD: float32
// products summed in float64. len(w), len(a) >= 2*n.
func DotF16(w, a []byte, n int) float32 { return dotF16(w, a, n) }

// dotF16Generic is the scalar ggml_vec_dot_f16.
func dotF16Generic(w, a []byte, n int) float32 { return dotHalves(w, a, n, fromF16) }

// dotHalves sums the float32 products of the n 16-bit values of w and a,
// converted by conv, in float64.
func dotHalves(w, a []byte, n int, conv func(uint16) float32) float32 {
	var sum float64
	for i := range n {
		sum += float64(conv(le16(w[2*i:])) * conv(le16(a[2*i:])))
	}
	return float32(sum)
}
