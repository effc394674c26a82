//go:build !purego

package simd

// The panel kernels' dispatchers on amd64: the AVX-512 VNNI kernels where
// the CPU has them, otherwise the pure-Go twins, which KernelFor leaves
// out of the kernels it returns (hasPanels) because the tile kernels are
// faster there.

// hasPanels reports whether the selected path has panel kernels.
func hasPanels() bool { return useAVX512 }

func panelQ4_0Q8_0(dst []float32, dstStride int, w []byte, wStride int, p []byte, rows, tokens, n int) {
	if useAVX512 {
		panelQ4_0Q8_0AVX512(dst, dstStride, w, wStride, p, rows, tokens, n)
		return
	}
	panelQ4_0Q8_0Generic(dst, dstStride, w, wStride, p, rows, tokens, n)
}

func panelQ8_0Q8_0(dst []float32, dstStride int, w []byte, wStride int, p []byte, rows, tokens, n int) {
	if useAVX512 {
		panelQ8_0Q8_0AVX512(dst, dstStride, w, wStride, p, rows, tokens, n)
		return
	}
	panelQ8_0Q8_0Generic(dst, dstStride, w, wStride, p, rows, tokens, n)
}

func groupGemvQ4_0Q8_0(dst []float32, g, v []byte, n int) {
	if useAVX512 {
		groupGemvQ4_0Q8_0AVX512(dst, g, v, n)
		return
	}
	groupGemvQ4_0Q8_0Generic(dst, g, v, n)
}

func groupGemvQ8_0Q8_0(dst []float32, g, v []byte, n int) {
	if useAVX512 {
		groupGemvQ8_0Q8_0AVX512(dst, g, v, n)
		return
	}
	groupGemvQ8_0Q8_0Generic(dst, g, v, n)
}

func groupPanelQ4_0Q8_0(dst []float32, dstStride int, g, p []byte, tokens, n int) {
	if useAVX512 {
		groupPanel(groupQuadQ4_0Q8_0AVX512, dst, dstStride, g, p, tokens, n)
		return
	}
	groupPanelQ4_0Q8_0Generic(dst, dstStride, g, p, tokens, n)
}

func groupPanelQ8_0Q8_0(dst []float32, dstStride int, g, p []byte, tokens, n int) {
	if useAVX512 {
		groupPanel(groupQuadQ8_0Q8_0AVX512, dst, dstStride, g, p, tokens, n)
		return
	}
	groupPanelQ8_0Q8_0Generic(dst, dstStride, g, p, tokens, n)
}
