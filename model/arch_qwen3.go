package model

// qwen3: per-head RMS norms on queries and keys; NeoX-style RoPE; the head
// dimension may differ from n_embd/n_head (attention.key_length).
func init() {
	register(Arch{Name: "qwen3", Rope: RopeNeox, QKNorm: true})
}
