package model

// gemma3: gemma2 with per-head q/k norms, no attention soft cap, a final
// soft cap only when the file has one, five local layers in six, and an
// unscaled RoPE of base 10000 on the local layers.
func init() {
	register(Arch{
		Name: "gemma3", Rope: RopeNeox, QKNorm: true, Activation: GeGLU,
		PostNorms: true, EmbedScale: true, PrescaleQ: true, ScaleByEmbdLayers: 62,
		FinalSoftcap:  Softcap{Key: "final_logit_softcapping"},
		SlidingWindow: SlidingWindow{Pattern: 6, RopeBase: 10000, RopeUnscaled: true},
	})
}
