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
}

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
func readConfig(f *gguf.File, arch string) (Config, error) {
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
