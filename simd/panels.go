package simd

// Panels kernels compute what a Panel does for many rows and up to
// PanelsTokens tokens (consecutive panels) in one call, with the Panel's
// bits, on a CPU's matrix unit (Intel AMX). The pure-Go twin and the paths
// without a matrix unit run the Panel, TileRows rows and one panel at a
// time.
//
// The AMX kernel of Q4_K (panels_amx_amd64.s) takes 16 weight rows at a
// time as tile A, their codes unpacked once per super-block into the
// frame, and each panel half (16 tokens) as tile B: the panel layout of
// PackQ8_K holds four codes of every token per dword, as the tile unit
// takes its second operand, so the activations are not laid out again.
// One tile product per 32-weight sub-block gives the 16×16 exact int32
// sums, which vector instructions scale by the sub-blocks' scales into
// the Panel's exact integer sums, and then add to the totals with its
// float arithmetic.

// PanelsTokens is the most tokens one Panels call takes: four panels.
const PanelsTokens = 4 * PanelTokens

// PanelsQ4_KQ8_K is the Panels of Q4_K weights: it computes
// PanelQ4_KQ8_K for rows weight rows (row r at w[r*wStride:]) and tokens
// tokens, those of the consecutive panels in p (each 2*n/256*
// PanelQ8_KBlockBytes bytes, written by PackQ8_K), token t's result at
// dst[t*dstStride+r]. 1 <= tokens <= PanelsTokens.
func PanelsQ4_KQ8_K(dst []float32, dstStride int, w []byte, wStride int, p []byte, rows, tokens, n int) {
	checkPanels(len(dst), dstStride, len(w), wStride, len(p), rows, tokens, n, q4K.size)
	panelsQ4_KQ8_K(dst, dstStride, w, wStride, p, rows, tokens, n)
}

// panelsOf runs Panels with the panel kernel panel: TileRows rows of one
// panel at a time.
func panelsOf(panel PanelFunc, dst []float32, dstStride int, w []byte, wStride int, p []byte, rows, tokens, n int) {
	pb := 2 * n / qk * panelK.bytes
	for t := 0; t < tokens; t += PanelTokens {
		for r := 0; r < rows; r += TileRows {
			panel(dst[t*dstStride+r:], dstStride, w[r*wStride:], wStride, p[t/PanelTokens*pb:], min(TileRows, rows-r), min(PanelTokens, tokens-t), n)
		}
	}
}

// panelsQ4_KQ8_KGeneric is PanelsQ4_KQ8_K in pure Go: the twin of the
// Panel, panel after panel.
func panelsQ4_KQ8_KGeneric(dst []float32, dstStride int, w []byte, wStride int, p []byte, rows, tokens, n int) {
	panelsOf(panelQ4_KQ8_KGeneric, dst, dstStride, w, wStride, p, rows, tokens, n)
}

// checkPanels panics unless a Panels call's arguments (the lengths of dst,
// w and p; size the weight format's bytes per super-block) hold what it
// reads and writes: the assembly kernels index them without bounds
// checks.
func checkPanels(dst, dstStride, w, wStride, p, rows, tokens, n, size int) {
	nb := n / qk
	panels := (tokens + PanelTokens - 1) / PanelTokens
	if n <= 0 || n%qk != 0 || rows < 1 || tokens < 1 || tokens > PanelsTokens || dstStride < rows || wStride < nb*size ||
		w < (rows-1)*wStride+nb*size || p < panels*2*nb*panelK.bytes || dst < (tokens-1)*dstStride+rows {
		panic("simd: Panels arguments out of range")
	}
}
