package model

// gemma2: embeddings scaled by √n_embd, GeGLU, post-attention and post-FFN
// norms (stored with Gemma's +1 folded in), soft-capped attention scores
// and logits, local attention on even layers, output tied to token_embd.
func init() {
	register(Arch{
		Name: "gemma2", Rope: RopeNeox, Activation: GeGLU,
		PostNorms: true, EmbedScale: true, TiedOutput: true, PrescaleQ: true, ScaleByEmbdLayers: 46,
		AttnSoftcap:   Softcap{Key: "attn_logit_softcapping", Default: 50},
		FinalSoftcap:  Softcap{Key: "final_logit_softcapping", Default: 30},
		SlidingWindow: SlidingWindow{Pattern: 2, Window: 4096},
	})
}
