package model

import (
	"fmt"
	"math"

	"github.com/laminalabs/lamina/model/gguf"
)

// RopeScaling is the kind of RoPE context extension a model uses.
type RopeScaling int

// RoPE scaling kinds, as `{arch}.rope.scaling.type` names them.
const (
	RopeScalingNone RopeScaling = iota
	RopeScalingLinear
	RopeScalingYaRN
)

// Config holds a model's hyper-parameters, read from `{arch}.*` metadata.
type Config struct {
	Arch          string
	ContextLength int // training context
	Embedding     int // n_embd
	Layers        int // n_layer
	FeedForward   int // n_ff
	Heads         int // n_head
	HeadsKV       int // n_head_kv
	KeyLength     int // head dimension of keys (and queries)
	ValueLength   int // head dimension of values
	RMSEps        float32
	RopeBase      float32
	RopeDims      int // dimensions rotated per head
	Scaling       RopeScaling
	RopeFreqScale float32 // 1/scaling factor
	YaRNOrigCtx   int     // original context for YaRN
	VocabSize     int

	// Architecture specifics (zero when the architecture has none).
	AttnScale     float32 // attention scale: 1/√head_dim unless the architecture says otherwise
	AttnSoftcap   float32 // attention scores capped at ±AttnSoftcap (0: none)
	FinalSoftcap  float32 // logits capped at ±FinalSoftcap (0: none)
	SlidingWindow int     // W of the local layers (0: none)
	SWAPattern    int     // the pattern P the local layers follow (when the file gives a number)
	LocalLayers   []bool  // per layer: local (sliding-window) attention; nil when none
	RopeBaseLocal float32 // RoPE base of the local layers

	// Mixture of experts (moe.go); 0 for a dense feed-forward.
	Experts           int // expert_count
	ExpertsUsed       int // expert_used_count: experts per token
	ExpertFeedForward int // n_ff_exp: width of one expert
}

// Local reports whether layer i uses sliding-window attention.
func (c *Config) Local(i int) bool { return c.LocalLayers != nil && c.LocalLayers[i] }

// configReader reads `{arch}.key` values and remembers the first error,
// so readConfig reads as a list of keys.
type configReader struct {
	f    *gguf.File
	arch string
	err  error
}

func (r *configReader) key(k string) string { return r.arch + "." + k }

// int reads a required positive integer.
func (r *configReader) int(k string) int {
	if r.err != nil {
		return 0
	}
	v, err := r.f.Uint32(r.key(k))
	if err == nil && v == 0 {
		err = fmt.Errorf("gguf: %s: key %q: must be positive", r.f.Path, r.key(k))
	}
	r.err = err
	return int(v)
}

// optInt reads an optional integer, def when absent.
func (r *configReader) optInt(k string, def int) int {
	if r.err != nil || !r.f.Has(r.key(k)) {
		return def
	}
	return r.int(k)
}

// optFloat reads an optional number, def when absent.
func (r *configReader) optFloat(k string, def float32) float32 {
	if r.err != nil || !r.f.Has(r.key(k)) {
		return def
	}
	v, err := r.f.Float32(r.key(k))
	if err == nil && (math.IsNaN(float64(v)) || math.IsInf(float64(v), 0)) {
		err = fmt.Errorf("gguf: %s: key %q: %v is not finite", r.f.Path, r.key(k), v)
	}
	r.err = err
	return v
}

// readConfig reads and validates the hyper-parameters of arch.
func readConfig(f *gguf.File, a *Arch) (Config, error) {
	arch := a.Name
	r := &configReader{f: f, arch: arch}
	c := Config{Arch: arch}
	c.ContextLength = r.int("context_length")
	c.Embedding = r.int("embedding_length")
	c.Layers = r.int("block_count")
	c.FeedForward = r.int("feed_forward_length")
	c.Heads = r.int("attention.head_count")
	c.HeadsKV = r.optInt("attention.head_count_kv", c.Heads)
	if c.Heads > 0 {
		c.KeyLength = r.optInt("attention.key_length", c.Embedding/c.Heads)
		c.ValueLength = r.optInt("attention.value_length", c.Embedding/c.Heads)
	}
	c.RMSEps = r.optFloat("attention.layer_norm_rms_epsilon", 1e-5)
	c.RopeBase = r.optFloat("rope.freq_base", 10000)
	c.RopeDims = r.optInt("rope.dimension_count", c.KeyLength)
	c.RopeFreqScale = 1
	if r.err == nil {
		r.err = c.readRopeScaling(r)
	}
	if r.err == nil {
		r.err = c.readSpecifics(r, a)
	}
	c.readExperts(r, a.Experts)
	if r.err != nil {
		return Config{}, r.err
	}
	if err := c.validate(); err != nil {
		return Config{}, fmt.Errorf("gguf: %s: %w", f.Path, err)
	}
	return c, nil
}

// readRopeScaling reads {arch}.rope.scaling.*.
func (c *Config) readRopeScaling(r *configReader) error {
	kind := "none"
	if r.f.Has(r.key("rope.scaling.type")) {
		s, err := r.f.String(r.key("rope.scaling.type"))
		if err != nil {
			return err
		}
		kind = s
	}
	factor := r.optFloat("rope.scaling.factor", 0)
	if factor == 0 {
		// Older files give the scale directly.
		factor = 1 / r.optFloat("rope.scale_linear", 1)
	}
	switch kind {
	case "none":
		return r.err
	case "linear":
		c.Scaling = RopeScalingLinear
	case "yarn":
		c.Scaling = RopeScalingYaRN
		c.YaRNOrigCtx = r.optInt("rope.scaling.original_context_length", c.ContextLength)
	default:
		return fmt.Errorf("gguf: %s: key %q: unsupported RoPE scaling %q (want none, linear or yarn)", r.f.Path, r.key("rope.scaling.type"), kind)
	}
	if factor > 0 {
		c.RopeFreqScale = 1 / factor
	}
	return r.err
}

// readSpecifics reads what the architecture adds to the common decoder:
// attention scale, soft caps and the local layers.
func (c *Config) readSpecifics(r *configReader, a *Arch) error {
	headDim := c.KeyLength
	if a.ScaleByEmbdLayers != 0 && c.Layers == a.ScaleByEmbdLayers {
		headDim = c.Embedding / c.Heads
	}
	c.AttnScale = 1 / float32(math.Sqrt(float64(headDim)))
	if a.AttnSoftcap.Key != "" {
		c.AttnSoftcap = r.optFloat(a.AttnSoftcap.Key, a.AttnSoftcap.Default)
	}
	if a.FinalSoftcap.Key != "" {
		c.FinalSoftcap = r.optFloat(a.FinalSoftcap.Key, a.FinalSoftcap.Default)
	}
	if r.err == nil && (c.AttnSoftcap < 0 || c.FinalSoftcap < 0) {
		return fmt.Errorf("gguf: %s: soft caps %g and %g must not be negative", r.f.Path, c.AttnSoftcap, c.FinalSoftcap)
	}
	sw := a.SlidingWindow
	if sw.Pattern == 0 || r.err != nil {
		return r.err
	}
	if c.SlidingWindow = r.optInt("attention.sliding_window", sw.Window); c.SlidingWindow == 0 || r.err != nil {
		return r.err
	}
	c.RopeBaseLocal = c.RopeBase
	if sw.RopeBase != 0 {
		c.RopeBaseLocal = sw.RopeBase
	}
	c.RopeBaseLocal = r.optFloat("rope.freq_base_swa", c.RopeBaseLocal)
	if r.err == nil && c.RopeBaseLocal <= 0 {
		return fmt.Errorf("gguf: %s: key %q: base %g must be positive", r.f.Path, r.key("rope.freq_base_swa"), c.RopeBaseLocal)
	}
	c.LocalLayers, c.SWAPattern = make([]bool, c.Layers), sw.Pattern
	key := r.key("attention.sliding_window_pattern")
	v, ok := r.f.Value(key)
	if !ok {
		c.setPattern(c.SWAPattern)
		return r.err
	}
	if p, ok := v.AsUint64(); ok {
		c.SWAPattern = int(p)
		c.setPattern(c.SWAPattern)
		return r.err
	}
	// A per-layer array: true (or non-zero) for the local layers.
	flags := perLayerFlags(v)
	switch {
	case flags == nil:
		return fmt.Errorf("gguf: %s: key %q: %s, want a number or one bool per layer (inconsistent pattern)", r.f.Path, key, v.TypeName())
	case len(flags) != c.Layers:
		return fmt.Errorf("gguf: %s: key %q: %d entries for %d layers (inconsistent pattern)", r.f.Path, key, len(flags), c.Layers)
	}
	c.SWAPattern = 0
	copy(c.LocalLayers, flags)
	return r.err
}

// perLayerFlags reads an array of bools or integers as flags (nil for any
// other value).
func perLayerFlags(v gguf.Value) []bool {
	var out []bool
	add := func(b bool) { out = append(out, b) }
	switch a := v.Any().(type) {
	case []bool:
		return append([]bool{}, a...)
	case []uint8:
		for _, x := range a {
			add(x != 0)
		}
	case []int8:
		for _, x := range a {
			add(x != 0)
		}
	case []int32:
		for _, x := range a {
			add(x != 0)
		}
	case []uint32:
		for _, x := range a {
			add(x != 0)
		}
	default:
		return nil
	}
	if out == nil {
		out = []bool{}
	}
	return out
}

// setPattern marks the local layers of pattern p as llama.cpp does: layer
// il is local iff il % p < p-1; p = 0 makes every layer local.
func (c *Config) setPattern(p int) {
	for il := range c.LocalLayers {
		c.LocalLayers[il] = p == 0 || il%p < p-1
	}
}

func (c *Config) validate() error {
	switch {
	case c.HeadsKV == 0 || c.Heads%c.HeadsKV != 0:
		return fmt.Errorf("key %q: %d heads are not a multiple of %d KV heads", c.Arch+".attention.head_count_kv", c.Heads, c.HeadsKV)
	case c.RopeDims > c.KeyLength || c.RopeDims%2 != 0:
		return fmt.Errorf("key %q: %d rotated dimensions do not fit a head of %d", c.Arch+".rope.dimension_count", c.RopeDims, c.KeyLength)
	case c.RMSEps <= 0:
		return fmt.Errorf("key %q: epsilon %g must be positive", c.Arch+".attention.layer_norm_rms_epsilon", c.RMSEps)
	case c.RopeBase <= 0:
		return fmt.Errorf("key %q: base %g must be positive", c.Arch+".rope.freq_base", c.RopeBase)
	}
	return nil
}
