package model

import (
	"fmt"
	"sort"
	"strings"
)

// RopeStyle says which pairs of a head's dimensions RoPE rotates.
type RopeStyle int

const (
	// RopeNorm rotates adjacent pairs (x[2i], x[2i+1]), as Llama does.
	RopeNorm RopeStyle = iota
	// RopeNeox rotates the two halves (x[i], x[i+d/2]), as GPT-NeoX and Qwen do.
	RopeNeox
)

// Activation is the gated feed-forward's non-linearity:
// down · (act(gate·x) ⊙ up·x).
type Activation int

const (
	// SwiGLU gates with silu (Llama, Qwen, Phi-3).
	SwiGLU Activation = iota
	// GeGLU gates with the tanh-approximated GELU, through ggml's F16
	// lookup table (Gemma).
	GeGLU
)

func (a Activation) String() string {
	if a == GeGLU {
		return "GeGLU"
	}
	return "SwiGLU"
}

// Softcap describes a soft cap x → c·tanh(x/c): the {arch}.Key it reads and
// the cap when the key is absent (0: no cap). An empty Key: never capped.
type Softcap struct {
	Key     string
	Default float32
}

// SlidingWindow describes an architecture's local-attention layers: a
// local layer lets position p attend to keys p0 with p - p0 < W.
type SlidingWindow struct {
	// Pattern is the default of {arch}.attention.sliding_window_pattern P:
	// layer il is local iff il % P < P-1 (a file's P = 0: every layer is
	// local). 0 here: the architecture has no local layers and reads no
	// sliding-window keys.
	Pattern int
	// Window is W when {arch}.attention.sliding_window is absent (0: no
	// local layers without the key).
	Window int
	// RopeBase is the local layers' RoPE base when {arch}.rope.freq_base_swa
	// is absent (0: rope.freq_base).
	RopeBase float32
	// RopeUnscaled: local layers ignore the file's RoPE scaling (Gemma 3).
	RopeUnscaled bool
}

// Arch describes how an architecture differs from the common pre-norm
// decoder (RMSNorm → attention with RoPE and grouped KV heads → residual →
// RMSNorm → SwiGLU feed-forward → residual). Each arch_*.go file registers
// one; the forward pass consults these fields and has no per-architecture
// code.
type Arch struct {
	Name string
	Rope RopeStyle
	// QKVBias: attn_q, attn_k and attn_v carry biases (Qwen2).
	QKVBias bool
	// QKNorm: queries and keys get a per-head RMSNorm before RoPE (Qwen3).
	QKNorm bool
	// RopeFreqs: the file may carry rope_freqs.weight, per-dimension
	// frequency divisors (Llama 3.1+ long-context scaling).
	RopeFreqs bool
	// FusedQKV: the projections may come as one attn_qkv matrix whose
	// output rows are Q, then K, then V (Phi-3); each is a view of it.
	FusedQKV bool
	// FusedGateUp: ffn_up holds the gate rows then the up rows and there
	// is no ffn_gate (Phi-3); both are views of it.
	FusedGateUp bool
	// Activation of the feed-forward.
	Activation Activation
	// PostNorms: the attention and feed-forward outputs get RMS norms
	// (post_attention_norm, post_ffw_norm) before their residual adds
	// (Gemma 2/3).
	PostNorms bool
	// EmbedScale: input embeddings are multiplied by √n_embd (Gemma).
	EmbedScale bool
	// TiedOutput: the output is always token_embd; output.weight is never
	// read (Gemma 2).
	TiedOutput bool
	// PrescaleQ: queries are multiplied by the attention scale before the
	// QK product, as llama.cpp orders it for Gemma and Phi-3 (which
	// matters under a soft cap), instead of the scores in the softmax.
	PrescaleQ bool
	// ScaleByEmbdLayers: with exactly this many layers the attention scale
	// is 1/√(n_embd/n_head) rather than 1/√head_dim (llama.cpp's rule for
	// the 27B Gemmas); 0: never.
	ScaleByEmbdLayers int
	// AttnSoftcap caps the attention scores, FinalSoftcap the logits.
	AttnSoftcap, FinalSoftcap Softcap
	// SlidingWindow: the local-attention layers.
	SlidingWindow SlidingWindow
	// Experts: every feed-forward block is a mixture of experts (moe.go;
	// expert_count required, experts expert_feed_forward_length wide).
	// Other architectures have experts when the file gives expert_count.
	Experts bool
}

var arches = map[string]Arch{}

// register adds an architecture; called from the arch_*.go files. Fields
// left zero mean the common decoder, so each file states only its
// differences.
func register(a Arch) { arches[a.Name] = a }

// lookupArch returns the registered architecture name.
func lookupArch(name string) (Arch, error) {
	a, ok := arches[name]
	if !ok {
		return Arch{}, fmt.Errorf("unsupported architecture %q (supported: %s)", name, strings.Join(Architectures(), ", "))
	}
	return a, nil
}

// Architectures lists the supported architecture names.
func Architectures() []string {
	names := make([]string, 0, len(arches))
	for n := range arches {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}
