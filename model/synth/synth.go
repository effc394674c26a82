// Package synth writes random-weight models with the shapes of real ones
// (TinyLlama 1.1B, Llama 3.2 1B, Qwen2.5 0.5B, …) and the tokenizer of a
// given GGUF file, for benchmarks and tests that need a realistic model
// without downloading one. Weights are N(0, 0.02) from a seeded PCG, norm
// weights are 1; the file is generated tensor by tensor directly in the
// requested type (llama.cpp's per-tensor mix rules apply, as in `lamina
// quantize`), so memory stays at one tensor.
package synth

import (
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"math/rand/v2"
	"os"
	"runtime"
	"sort"
	"strings"

	"github.com/laminalabs/lamina/model/gguf"
	"github.com/laminalabs/lamina/model/progress"
	"github.com/laminalabs/lamina/quant"
	"github.com/laminalabs/lamina/tensor"
)

// Std is the standard deviation of the random weights.
const Std = 0.02

// Config is the shape of a model.
type Config struct {
	Arch        string  // llama, qwen2 or qwen3
	Layers      int     // block_count
	Embedding   int     // embedding_length
	FeedForward int     // feed_forward_length
	Heads       int     // attention.head_count
	HeadsKV     int     // attention.head_count_kv
	HeadDim     int     // attention.key_length (0: Embedding/Heads)
	Context     int     // context_length
	RopeBase    float32 // rope.freq_base
	RMSEps      float32 // attention.layer_norm_rms_epsilon (0: the arch's default)
	Tied        bool    // no output.weight: the output projection is token_embd
}

// presets are the shapes of public models.
var presets = map[string]Config{
	"tinyllama-1.1b": {Arch: "llama", Layers: 22, Embedding: 2048, FeedForward: 5632, Heads: 32, HeadsKV: 4, Context: 2048, RopeBase: 10000},
	"llama-3.2-1b":   {Arch: "llama", Layers: 16, Embedding: 2048, FeedForward: 8192, Heads: 32, HeadsKV: 8, Context: 131072, RopeBase: 500000, Tied: true},
	"qwen2.5-0.5b":   {Arch: "qwen2", Layers: 24, Embedding: 896, FeedForward: 4864, Heads: 14, HeadsKV: 2, Context: 32768, RopeBase: 1e6, Tied: true},
	"1b":             {Arch: "llama", Layers: 16, Embedding: 2048, FeedForward: 8192, Heads: 32, HeadsKV: 8, Context: 4096, RopeBase: 10000},
}

// Preset returns the named preset's shape.
func Preset(name string) (Config, error) {
	c, ok := presets[strings.ToLower(name)]
	if !ok {
		return Config{}, fmt.Errorf("synth: unknown preset %q (known: %s)", name, strings.Join(Presets(), ", "))
	}
	return c, nil
}

// Presets lists the preset names.
func Presets() []string {
	names := make([]string, 0, len(presets))
	for n := range presets {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// arch holds what an architecture adds to the llama layout.
type arch struct {
	qkvBias, qkNorm bool
	eps             float32
}

var arches = map[string]arch{
	"llama": {eps: 1e-5},
	"qwen2": {qkvBias: true, eps: 1e-6},
	"qwen3": {qkNorm: true, eps: 1e-6},
}

// headDim returns the head dimension.
func (c *Config) headDim() int {
	if c.HeadDim > 0 {
		return c.HeadDim
	}
	return c.Embedding / max(c.Heads, 1)
}

// Validate checks the shape.
func (c *Config) Validate() error {
	if _, ok := arches[c.Arch]; !ok {
		return fmt.Errorf("synth: architecture %q, want llama, qwen2 or qwen3", c.Arch)
	}
	for _, v := range []struct {
		name string
		n    int
	}{{"layers", c.Layers}, {"embd", c.Embedding}, {"ff", c.FeedForward}, {"heads", c.Heads}, {"heads-kv", c.HeadsKV}, {"ctx", c.Context}} {
		if v.n < 1 {
			return fmt.Errorf("synth: %s = %d, want at least 1", v.name, v.n)
		}
	}
	switch {
	case c.Heads%c.HeadsKV != 0:
		return fmt.Errorf("synth: %d heads are not a multiple of %d KV heads", c.Heads, c.HeadsKV)
	case c.headDim() < 2 || c.headDim()%2 != 0:
		return fmt.Errorf("synth: head dimension %d, want a positive even number", c.headDim())
	case c.RopeBase <= 0:
		return fmt.Errorf("synth: rope base %g, want > 0", c.RopeBase)
	}
	return nil
}

// Options control Write.
type Options struct {
	// FileType is the type the weights are written in: F32, F16, BF16, a
	// tensor type (Q8_0, Q4_0, …) or a llama.cpp mix (Q4_K_M, …).
	FileType quant.FileType
	// Pure gives every 2-D weight FileType's base type (llama-quantize --pure).
	Pure bool
	// Tokenizer holds the tokenizer.* metadata; see TokenizerKVs.
	Tokenizer []gguf.KV
	Seed      uint64
	Name      string // general.name ("" : "synthetic ARCH")
	Threads   int    // < 1: one per CPU
	Progress  io.Writer
}

// TokenizerKVs returns every tokenizer.* key of f.
func TokenizerKVs(f *gguf.File) ([]gguf.KV, error) {
	var out []gguf.KV
	for _, kv := range f.KV {
		if strings.HasPrefix(kv.Key, "tokenizer.") {
			out = append(out, kv)
		}
	}
	if _, err := vocabSize(out); err != nil {
		return nil, fmt.Errorf("%s: %w", f.Path, err)
	}
	return out, nil
}

func vocabSize(kvs []gguf.KV) (int, error) {
	for _, kv := range kvs {
		if kv.Key == "tokenizer.ggml.tokens" {
			if tokens, ok := kv.Value.Any().([]string); ok && len(tokens) > 0 {
				return len(tokens), nil
			}
		}
	}
	return 0, errors.New("synth: no tokenizer.ggml.tokens in the tokenizer metadata")
}

// kind is what a tensor's values are.
type kind int

const (
	kindWeight kind = iota // N(0, Std), in the planned type
	kindNorm               // ones, F32
	kindBias               // N(0, Std), F32
)

// spec is one tensor to generate.
type spec struct {
	name  string
	shape []int64
	kind  kind
}

// specs lists the model's tensors in the order llama.cpp's converters
// write them.
func specs(c *Config, a arch, vocab int) []spec {
	E, hd := int64(c.Embedding), int64(c.headDim())
	q, kv, ff := int64(c.Heads)*hd, int64(c.HeadsKV)*hd, int64(c.FeedForward)
	out := []spec{{"token_embd.weight", []int64{E, int64(vocab)}, kindWeight}}
	for i := range c.Layers {
		b := fmt.Sprintf("blk.%d.", i)
		out = append(out,
			spec{b + "attn_norm.weight", []int64{E}, kindNorm},
			spec{b + "attn_q.weight", []int64{E, q}, kindWeight},
			spec{b + "attn_k.weight", []int64{E, kv}, kindWeight},
			spec{b + "attn_v.weight", []int64{E, kv}, kindWeight})
		if a.qkvBias {
			out = append(out,
				spec{b + "attn_q.bias", []int64{q}, kindBias},
				spec{b + "attn_k.bias", []int64{kv}, kindBias},
				spec{b + "attn_v.bias", []int64{kv}, kindBias})
		}
		if a.qkNorm {
			out = append(out,
				spec{b + "attn_q_norm.weight", []int64{hd}, kindNorm},
				spec{b + "attn_k_norm.weight", []int64{hd}, kindNorm})
		}
		out = append(out,
			spec{b + "attn_output.weight", []int64{q, E}, kindWeight},
			spec{b + "ffn_norm.weight", []int64{E}, kindNorm},
			spec{b + "ffn_gate.weight", []int64{E, ff}, kindWeight},
			spec{b + "ffn_up.weight", []int64{E, ff}, kindWeight},
			spec{b + "ffn_down.weight", []int64{ff, E}, kindWeight})
	}
	out = append(out, spec{"output_norm.weight", []int64{E}, kindNorm})
	if !c.Tied {
		out = append(out, spec{"output.weight", []int64{E, int64(vocab)}, kindWeight})
	}
	return out
}

// metadata returns the file's keys: general.*, the arch's hyper-parameters
// and the tokenizer's.
func metadata(c *Config, a arch, o *Options, vocab int) []gguf.KV {
	p := c.Arch + "."
	name := o.Name
	if name == "" {
		name = "synthetic " + c.Arch
	}
	eps := c.RMSEps
	if eps == 0 {
		eps = a.eps
	}
	kvs := []gguf.KV{
		{Key: "general.architecture", Value: gguf.String(c.Arch)},
		{Key: "general.type", Value: gguf.String("model")},
		{Key: "general.name", Value: gguf.String(name)},
		{Key: "general.file_type", Value: gguf.Uint32(uint32(o.FileType))},
		{Key: "general.quantization_version", Value: gguf.Uint32(quant.QuantizationVersion)},
		{Key: p + "context_length", Value: gguf.Uint32(uint32(c.Context))},
		{Key: p + "embedding_length", Value: gguf.Uint32(uint32(c.Embedding))},
		{Key: p + "block_count", Value: gguf.Uint32(uint32(c.Layers))},
		{Key: p + "feed_forward_length", Value: gguf.Uint32(uint32(c.FeedForward))},
		{Key: p + "attention.head_count", Value: gguf.Uint32(uint32(c.Heads))},
		{Key: p + "attention.head_count_kv", Value: gguf.Uint32(uint32(c.HeadsKV))},
	}
	if c.Arch == "qwen3" || c.headDim()*c.Heads != c.Embedding {
		kvs = append(kvs,
			gguf.KV{Key: p + "attention.key_length", Value: gguf.Uint32(uint32(c.headDim()))},
			gguf.KV{Key: p + "attention.value_length", Value: gguf.Uint32(uint32(c.headDim()))})
	}
	kvs = append(kvs,
		gguf.KV{Key: p + "rope.dimension_count", Value: gguf.Uint32(uint32(c.headDim()))},
		gguf.KV{Key: p + "rope.freq_base", Value: gguf.Float32(c.RopeBase)},
		gguf.KV{Key: p + "attention.layer_norm_rms_epsilon", Value: gguf.Float32(eps)},
		gguf.KV{Key: p + "vocab_size", Value: gguf.Uint32(uint32(vocab))})
	return append(kvs, o.Tokenizer...)
}

// plan returns the type of every tensor, as llama-quantize would choose it
// for a model converted to F32.
func plan(c *Config, o *Options, ss []spec) ([]quant.Type, error) {
	descs := make([]quant.TensorDesc, len(ss))
	for i, s := range ss {
		descs[i] = quant.TensorDesc{Name: s.name, Type: quant.F32, Shape: s.shape}
	}
	info := quant.ModelInfo{Arch: c.Arch, NLayer: c.Layers, NHead: c.Heads, NHeadKV: c.HeadsKV}
	types, err := quant.PlanTypes(o.FileType, info, descs, o.Pure)
	if err == nil {
		err = quant.CheckImatrix(o.FileType, descs, types)
	}
	if err != nil {
		return nil, err
	}
	for i, t := range types {
		if ss[i].kind != kindWeight {
			types[i] = quant.F32
		} else if !t.CanQuantize() {
			return nil, fmt.Errorf("synth: tensor %q: quantizing to %s is not supported", ss[i].name, t)
		}
	}
	return types, nil
}

// Write writes a random-weight model of shape c to w.
func Write(w io.Writer, c Config, o Options) error {
	if err := c.Validate(); err != nil {
		return err
	}
	a := arches[c.Arch]
	vocab, err := vocabSize(o.Tokenizer)
	if err != nil {
		return err
	}
	ss := specs(&c, a, vocab)
	types, err := plan(&c, &o, ss)
	if err != nil {
		return err
	}
	tensors := make([]gguf.Tensor, len(ss))
	var total int64
	for i, s := range ss {
		tensors[i] = gguf.Tensor{Name: s.name, Type: types[i], Shape: s.shape}
		total += tensors[i].Elements()
	}
	gw, err := gguf.NewWriter(w, metadata(&c, a, &o, vocab), tensors)
	if err != nil {
		return err
	}
	bar := progress.New(o.Progress, total, "synthesizing")
	threads := o.Threads
	if threads < 1 {
		threads = runtime.NumCPU()
	}
	var buf []byte // one tensor at a time
	for i := range ss {
		t := &tensors[i]
		size := int(t.Rows()) * t.RowBytes()
		if cap(buf) < size {
			buf = make([]byte, size)
		}
		data := buf[:size]
		if err := generate(data, t, ss[i].kind, o.Seed, threads); err != nil {
			return fmt.Errorf("synth: tensor %q: %w", t.Name, err)
		}
		if err := gw.WriteTensor(data); err != nil {
			return err
		}
		bar.Add64(t.Elements())
	}
	bar.Finish()
	return gw.Close()
}

// WriteFile writes a random-weight model to path and returns its size.
func WriteFile(path string, c Config, o Options) (int64, error) {
	out, err := os.Create(path)
	if err != nil {
		return 0, err
	}
	fail := func(err error) (int64, error) {
		out.Close()
		os.Remove(path)
		return 0, err
	}
	if err := Write(out, c, o); err != nil {
		return fail(err)
	}
	st, err := out.Stat()
	if err != nil {
		return fail(err)
	}
	return st.Size(), out.Close()
}

// generate fills data with tensor t's rows, split over threads. Row r's
// values come from a PCG seeded with (seed ^ hash(name), r), so the file
// does not depend on the thread count.
func generate(data []byte, t *gguf.Tensor, k kind, seed uint64, threads int) error {
	rows, n, rowBytes := int(t.Rows()), int(t.Shape[0]), t.RowBytes()
	h := fnv.New64a()
	h.Write([]byte(t.Name))
	stream := seed ^ h.Sum64()
	return tensor.ForRows(rows, threads, func(_, lo, hi int) error {
		src := &rand.PCG{}
		rng := rand.New(src)
		row := make([]float32, n)
		for r := lo; r < hi; r++ {
			src.Seed(stream, uint64(r))
			for i := range row {
				if k == kindNorm {
					row[i] = 1
				} else {
					row[i] = float32(rng.NormFloat64() * Std)
				}
			}
			if err := quant.Quantize(t.Type, data[r*rowBytes:(r+1)*rowBytes], row); err != nil {
				return err
			}
		}
		return nil
	})
}
