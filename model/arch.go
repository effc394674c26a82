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

// Arch describes how an architecture differs from the common pre-norm
// decoder (RMSNorm → attention with RoPE and grouped KV heads → residual →
// RMSNorm → SwiGLU feed-forward → residual). Each arch_*.go file registers
// one.
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
}

var arches = map[string]Arch{}

// register adds an architecture; called from the arch_*.go files.
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
