package model

// phi3: fused attn_qkv and gate+up ffn_up matrices, used as row views;
// NeoX RoPE. llama.cpp ignores Phi-3's sliding window, and so does Lamina.
func init() {
	register(Arch{Name: "phi3", Rope: RopeNeox, FusedQKV: true, FusedGateUp: true, PrescaleQ: true})
}
