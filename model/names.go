package model

import "fmt"

// Tensor names, as llama.cpp's converters write them.
const (
	nameTokenEmbd  = "token_embd.weight"
	nameOutputNorm = "output_norm.weight"
	nameOutput     = "output.weight"
	nameRopeFreqs  = "rope_freqs.weight"
	// LongRoPE factors (Phi-3 128k), which Lamina does not apply yet.
	nameRopeFactorsLong  = "rope_factors_long.weight"
	nameRopeFactorsShort = "rope_factors_short.weight"
)

// Per-layer tensor names, formatted with the layer index by layerName.
const (
	nameAttnNorm     = "attn_norm.weight"
	nameAttnQ        = "attn_q.weight"
	nameAttnK        = "attn_k.weight"
	nameAttnV        = "attn_v.weight"
	nameAttnOut      = "attn_output.weight"
	nameAttnQBias    = "attn_q.bias"
	nameAttnKBias    = "attn_k.bias"
	nameAttnVBias    = "attn_v.bias"
	nameAttnQNorm    = "attn_q_norm.weight"
	nameAttnKNorm    = "attn_k_norm.weight"
	nameAttnQKV      = "attn_qkv.weight" // fused Q, K, V rows (Phi-3)
	nameAttnPostNorm = "post_attention_norm.weight"
	nameFFNPostNorm  = "post_ffw_norm.weight"
	nameFFNNorm      = "ffn_norm.weight"
	nameFFNGate      = "ffn_gate.weight"
	nameFFNUp        = "ffn_up.weight"
	nameFFNDown      = "ffn_down.weight"
)

// layerName returns the full name of a layer tensor, e.g. blk.3.attn_q.weight.
func layerName(layer int, name string) string { return fmt.Sprintf("blk.%d.%s", layer, name) }
