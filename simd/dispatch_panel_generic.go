//go:build purego || !amd64

package simd

// Without assembly the panel kernels are their pure-Go twins, and
// KernelFor leaves them out of the kernels it returns (hasPanel): the tile
// kernels are faster there.

// hasPanel reports whether the selected path has fast panel kernels for
// weights of weightType: none.
func hasPanel(weightType uint32) bool { return false }

func panelQ4_0Q8_0(dst []float32, dstStride int, w []byte, wStride int, p []byte, rows, tokens, n int) {
	panelQ4_0Q8_0Generic(dst, dstStride, w, wStride, p, rows, tokens, n)
}

func panelQ8_0Q8_0(dst []float32, dstStride int, w []byte, wStride int, p []byte, rows, tokens, n int) {
	panelQ8_0Q8_0Generic(dst, dstStride, w, wStride, p, rows, tokens, n)
}

func panelQ4_KQ8_K(dst []float32, dstStride int, w []byte, wStride int, p []byte, rows, tokens, n int) {
	panelQ4_KQ8_KGeneric(dst, dstStride, w, wStride, p, rows, tokens, n)
}

func panelQ6_KQ8_K(dst []float32, dstStride int, w []byte, wStride int, p []byte, rows, tokens, n int) {
	panelQ6_KQ8_KGeneric(dst, dstStride, w, wStride, p, rows, tokens, n)
}

func groupGemvQ4_0Q8_0(dst []float32, g, v []byte, groups, n int) {
	groupGemvQ4_0Q8_0Generic(dst, g, v, groups, n)
}

func groupGemvQ8_0Q8_0(dst []float32, g, v []byte, groups, n int) {
	groupGemvQ8_0Q8_0Generic(dst, g, v, groups, n)
}

func groupPanelQ4_0Q8_0(dst []float32, dstStride int, g, p []byte, tokens, n int) {
	groupPanelQ4_0Q8_0Generic(dst, dstStride, g, p, tokens, n)
}

func groupPanelQ8_0Q8_0(dst []float32, dstStride int, g, p []byte, tokens, n int) {
	groupPanelQ8_0Q8_0Generic(dst, dstStride, g, p, tokens, n)
}

// amxOn reports false without assembly: no AMX kernels.
func amxOn() bool { return false }

func groupStripQ4_0Q8_0(dst []float32, dstStride int, g []byte, groups int, s []byte, tokens, n int) {
	groupStripQ4_0Q8_0Generic(dst, dstStride, g, groups, s, tokens, n)
}

func groupStripQ8_0Q8_0(dst []float32, dstStride int, g []byte, groups int, s []byte, tokens, n int) {
	groupStripQ8_0Q8_0Generic(dst, dstStride, g, groups, s, tokens, n)
}

func panelsQ4_KQ8_K(dst []float32, dstStride int, w []byte, wStride int, p []byte, rows, tokens, n int) {
	panelsQ4_KQ8_KGeneric(dst, dstStride, w, wStride, p, rows, tokens, n)
}
