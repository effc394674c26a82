package model

// llama: Llama 1/2/3.x and the models that reuse its layout (Mistral,
// TinyLlama, SmolLM, …). Llama 3.1+ files may carry rope_freqs.weight.
func init() {
	register(Arch{Name: "llama", Rope: RopeNorm, RopeFreqs: true})
}
