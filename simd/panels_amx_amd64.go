//go:build !purego

package simd

// The AMX Panels kernel of Q4_K weights, in panels_amx_amd64.s; amxOn
// (amx_linux_amd64.go) says whether it runs.

// panelsQ4_KQ8_KAMX is PanelsQ4_KQ8_K on AMX for groups*16 rows. See
// panelQ4_KQ8_KGeneric for the arithmetic.
//
//go:noescape
func panelsQ4_KQ8_KAMX(dst []float32, dstStride int, w []byte, wStride int, p []byte, groups, tokens, n int)

// panelsQ4_KQ8_K runs the AMX kernel on the rows' whole groups of 16 and
// the Panel on the rest. The kernel gathers the rows' scales with int32
// offsets, so rows strided 128 MiB or more take the Panel too.
func panelsQ4_KQ8_K(dst []float32, dstStride int, w []byte, wStride int, p []byte, rows, tokens, n int) {
	g := 0
	if amxOn() && wStride < 1<<27 {
		if g = rows / GroupRows; g > 0 {
			panelsQ4_KQ8_KAMX(dst, dstStride, w, wStride, p, g, tokens, n)
		}
	}
	if r := g * GroupRows; r < rows {
		panelsQ4_KRest(dst[r:], dstStride, w[r*wStride:], wStride, p, rows-r, tokens, n)
	}
}
