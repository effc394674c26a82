package simd

// DotF32 returns the dot product of n float32 weights w with n float32
// activations a (4 bytes each, little-endian, as written by QuantizeF32),
// computed as Dot does. len(w), len(a) >= 4*n.
func DotF32(w, a []byte, n int) float32 { return dotF32(w, a, n) }

// dotF32Generic is the scalar ggml_vec_dot_f32 on byte rows.
func dotF32Generic(w, a []byte, n int) float32 {
	w, a = w[:4*n], a[:4*n]
	var sum float64
	for i := 0; i < len(w); i += 4 {
		sum += float64(f32At(w[i:]) * f32At(a[i:]))
	}
	return float32(sum)
}
