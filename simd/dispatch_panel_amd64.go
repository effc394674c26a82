//go:build !purego

package simd

// The panel kernels' dispatchers on amd64: the AVX-512 VNNI kernels where
// the CPU has them, then the AVX2 kernels of Q4_0 and Q8_0 (rows and
// groups), otherwise the pure-Go twins, which KernelFor leaves out of the
// kernels it returns (hasPanel) because the tile kernels are faster there.

// hasPanel reports whether the selected path has fast panel kernels (and
// Group kernels, where the type has them) for weights of weightType:
// AVX-512 for every type with a panel, AVX2 for Q4_0 and Q8_0 only (the
// K-quant panels have no AVX2 kernels and would run their twins).
func hasPanel(weightType uint32) bool {
	if useAVX512 {
		return true
	}
	return useAVX2 && (weightType == typeQ4_0 || weightType == typeQ8_0)
}

func panelQ4_0Q8_0(dst []float32, dstStride int, w []byte, wStride int, p []byte, rows, tokens, n int) {
	if useAVX512 {
		panelQ4_0Q8_0AVX512(dst, dstStride, w, wStride, p, rows, tokens, n)
		return
	}
	if useAVX2 {
		panelQ4_0Q8_0AVX2(dst, dstStride, w, wStride, p, rows, tokens, n)
		return
	}
	panelQ4_0Q8_0Generic(dst, dstStride, w, wStride, p, rows, tokens, n)
}

func panelQ8_0Q8_0(dst []float32, dstStride int, w []byte, wStride int, p []byte, rows, tokens, n int) {
	if useAVX512 {
		panelQ8_0Q8_0AVX512(dst, dstStride, w, wStride, p, rows, tokens, n)
		return
	}
	if useAVX2 {
		panelQ8_0Q8_0AVX2(dst, dstStride, w, wStride, p, rows, tokens, n)
		return
	}
	panelQ8_0Q8_0Generic(dst, dstStride, w, wStride, p, rows, tokens, n)
}

func groupGemvQ4_0Q8_0(dst []float32, g, v []byte, groups, n int) {
	if useAVX512 {
		gemvGroups(groupGemv8Q4_0Q8_0AVX512, groupGemvQ4_0Q8_0AVX512, q4_0.size, dst, g, v, groups, n)
		return
	}
	if useAVX2 {
		gemvGroups(nil, groupGemvQ4_0Q8_0AVX2, q4_0.size, dst, g, v, groups, n)
		return
	}
	groupGemvQ4_0Q8_0Generic(dst, g, v, groups, n)
}

func groupGemvQ8_0Q8_0(dst []float32, g, v []byte, groups, n int) {
	if useAVX512 {
		gemvGroups(groupGemv8Q8_0Q8_0AVX512, groupGemvQ8_0Q8_0AVX512, q8_0.size, dst, g, v, groups, n)
		return
	}
	if useAVX2 {
		gemvGroups(nil, groupGemvQ8_0Q8_0AVX2, q8_0.size, dst, g, v, groups, n)
		return
	}
	groupGemvQ8_0Q8_0Generic(dst, g, v, groups, n)
}

func groupPanelQ4_0Q8_0(dst []float32, dstStride int, g, p []byte, tokens, n int) {
	if useAVX512 {
		groupPanel(groupQuadQ4_0Q8_0AVX512, dst, dstStride, g, p, tokens, n)
		return
	}
	if useAVX2 {
		groupPanelQ4_0Q8_0AVX2(dst, dstStride, g, p, tokens, n)
		return
	}
	groupPanelQ4_0Q8_0Generic(dst, dstStride, g, p, tokens, n)
}

func groupPanelQ8_0Q8_0(dst []float32, dstStride int, g, p []byte, tokens, n int) {
	if useAVX512 {
		groupPanel(groupQuadQ8_0Q8_0AVX512, dst, dstStride, g, p, tokens, n)
		return
	}
	if useAVX2 {
		groupPanelQ8_0Q8_0AVX2(dst, dstStride, g, p, tokens, n)
		return
	}
	groupPanelQ8_0Q8_0Generic(dst, dstStride, g, p, tokens, n)
}
