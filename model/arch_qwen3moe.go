package model

// qwen3moe: qwen3's attention (per-head q/k norms, NeoX RoPE, its own head
// dimension) with a mixture-of-experts feed-forward in every block.
func init() {
	register(Arch{Name: "qwen3moe", Rope: RopeNeox, QKNorm: true, Experts: true})
}
