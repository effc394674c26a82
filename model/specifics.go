package model

import (
	"fmt"
	"math"
	"strings"

	"github.com/laminalabs/lamina/model/gguf"
)

// Specific is one way a model differs from the common decoder, as
// `lamina info` reports it: a snake_case key, a value for machines and a
// text for people.
type Specific struct {
	Key   string
	Value any
	Text  string
}

// Specifics lists the model's architecture specifics (none for a plain
// Llama-style decoder).
func (m *Model) Specifics() []Specific { return specifics(&m.Arch, &m.Config, m.file) }

// ReadSpecifics reads the hyper-parameters of f (its metadata only, no
// tensors) and returns its architecture specifics.
func ReadSpecifics(f *gguf.File) ([]Specific, error) {
	name, err := f.String("general.architecture")
	if err != nil {
		return nil, err
	}
	a, err := lookupArch(name)
	if err != nil {
		return nil, err
	}
	c, err := readConfig(f, &a)
	if err != nil {
		return nil, err
	}
	return specifics(&a, &c, f), nil
}

// specifics describes a and c; new architecture features add their line
// here (`lamina info` prints experts from the file's own keys).
func specifics(a *Arch, c *Config, f *gguf.File) []Specific {
	var out []Specific
	add := func(key string, v any, format string, args ...any) {
		out = append(out, Specific{key, v, fmt.Sprintf(format, args...)})
	}
	if a.Activation != SwiGLU {
		add("activation", a.Activation.String(), "%s", a.Activation)
	}
	if a.EmbedScale {
		s := float32(math.Sqrt(float64(c.Embedding)))
		add("embedding_scale", s, "√n_embd = %g", s)
	}
	if a.PostNorms {
		add("post_norms", true, "post-attention and post-FFN RMS norms")
	}
	if f != nil && a.FusedQKV {
		if _, ok := f.Tensor(layerName(0, nameAttnQKV)); ok {
			add("fused_qkv", true, "attn_qkv split into Q, K, V row views")
		}
	}
	if a.FusedGateUp {
		add("fused_gate_up", true, "ffn_up split into gate and up row views")
	}
	if def := 1 / float32(math.Sqrt(float64(c.KeyLength))); c.AttnScale != def {
		add("attention_scale", c.AttnScale, "%g", c.AttnScale)
	}
	if c.AttnSoftcap != 0 {
		add("attention_softcap", c.AttnSoftcap, "%g", c.AttnSoftcap)
	}
	if c.FinalSoftcap != 0 {
		add("final_softcap", c.FinalSoftcap, "%g", c.FinalSoftcap)
	}
	if c.LocalLayers != nil {
		var local []int
		for i, l := range c.LocalLayers {
			if l {
				local = append(local, i)
			}
		}
		add("sliding_window", c.SlidingWindow, "%d", c.SlidingWindow)
		pattern := "per-layer flags"
		if c.SWAPattern > 0 {
			pattern = fmt.Sprint(c.SWAPattern)
		}
		add("sliding_window_pattern", map[string]any{"pattern": c.SWAPattern, "local_layers": local},
			"%s: %d of %d layers local (%s)", pattern, len(local), c.Layers, layerList(local))
		if c.RopeBaseLocal != c.RopeBase {
			add("rope_base_local", c.RopeBaseLocal, "%g (global layers %g)", c.RopeBaseLocal, c.RopeBase)
		}
	}
	return out
}

// layerList formats layer indices compactly: "0-4, 6-10, 12".
func layerList(ls []int) string {
	if len(ls) == 0 {
		return "none"
	}
	var parts []string
	for i := 0; i < len(ls); {
		j := i
		for j+1 < len(ls) && ls[j+1] == ls[j]+1 {
			j++
		}
		if j > i {
			parts = append(parts, fmt.Sprintf("%d-%d", ls[i], ls[j]))
		} else {
			parts = append(parts, fmt.Sprint(ls[i]))
		}
		i = j + 1
	}
	return strings.Join(parts, ", ")
}
