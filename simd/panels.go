package simd

// A Panels computes what a Panel does for many rows and up to
// PanelsTokens tokens (consecutive panels) in one call, with the Panel's
// bits. Every kernel with a Panel has one (panelsOf: TileRows rows of one
// panel at a time); Q4_K's runs on the CPU's matrix unit where it has one
// (Intel AMX, panels_amx_amd64.s): 16 weight rows at a time as tile A,
// each 6-bit sub-block scale split in two 3-bit halves folded into the
// weight codes, so that two tile products sum a super-block's scaled
// codes exactly, and each panel half (16 tokens) as tile B, which the
// panel layout of PackQ8_K already is.

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

// panelsOf returns the Panels that runs panel, TileRows rows of one
// panel at a time, for panels of blockBytes per activation block of
// actBlock values.
func panelsOf(panel PanelFunc, actBlock, blockBytes int) PanelFunc {
	return func(dst []float32, dstStride int, w []byte, wStride int, p []byte, rows, tokens, n int) {
		pb := 2 * n / actBlock * blockBytes
		for t := 0; t < tokens; t += PanelTokens {
			for r := 0; r < rows; r += TileRows {
				panel(dst[t*dstStride+r:], dstStride, w[r*wStride:], wStride, p[t/PanelTokens*pb:], min(TileRows, rows-r), min(PanelTokens, tokens-t), n)
			}
		}
	}
}

// panelsQ4_KQ8_KGeneric is PanelsQ4_KQ8_K in pure Go: the twin of the
// Panel, panel after panel; panelsQ4_KRest is the selected path's Panel
// the same way, for the rows the AMX kernel leaves.
var (
	panelsQ4_KQ8_KGeneric = panelsOf(panelQ4_KQ8_KGeneric, qk, panelK.bytes)
	panelsQ4_KRest        = panelsOf(panelQ4_KQ8_K, qk, panelK.bytes)
)

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
