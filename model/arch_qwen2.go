package model

// qwen2: biases on the q, k and v projections; NeoX-style RoPE.
func init() {
	register(Arch{Name: "qwen2", Rope: RopeNeox, QKVBias: true})
}
