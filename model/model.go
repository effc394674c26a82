package model

import (
	"fmt"
	"io"

	"github.com/laminalabs/lamina/model/gguf"
	"github.com/laminalabs/lamina/tensor"
	"github.com/laminalabs/lamina/tokenizer"
)

// Model is a loaded model: configuration, weights (views of the file) and
// tokenizer. It is read-only after Load and safe to share between Sessions
// used from different goroutines.
type Model struct {
	Config    Config
	Arch      Arch
	Tokenizer *tokenizer.Tokenizer

	file       *gguf.File
	ownsFile   bool
	tokEmbd    *tensor.Tensor // (n_vocab, n_embd)
	outputNorm []float32      // (n_embd)
	output     *linear        // n_embd → n_vocab (token_embd when tied)
	ropes      []*rope        // [0]: the global layers'; [1]: the local layers' when it differs
	layers     []layer
	pool       *pool
}

// options are Load's settings.
type options struct {
	threads  int
	progress io.Writer
	merge    mergeOptions // LoRA adapters to merge at load (lora_merge.go)
}

// Option changes how a model is loaded.
type Option func(*options) error

// WithThreads sets the number of threads matrix products use (default:
// DefaultThreads).
func WithThreads(n int) Option {
	return func(o *options) error {
		if n < 1 {
			return fmt.Errorf("model: %d threads, want at least 1", n)
		}
		o.threads = n
		return nil
	}
}

// WithProgress shows a progress bar on w while loading (nil: none).
func WithProgress(w io.Writer) Option {
	return func(o *options) error { o.progress = w; return nil }
}

// Open memory-maps the GGUF file at path and loads the model in it.
func Open(path string, opts ...Option) (*Model, error) {
	f, err := gguf.Open(path)
	if err != nil {
		return nil, err
	}
	m, err := Load(f, opts...)
	if err != nil {
		f.Close()
		return nil, err
	}
	m.ownsFile = true
	return m, nil
}

// Load builds a model from an opened GGUF file, which must stay open while
// the model is used.
func Load(f *gguf.File, opts ...Option) (*Model, error) {
	o := options{threads: DefaultThreads()}
	for _, opt := range opts {
		if err := opt(&o); err != nil {
			return nil, err
		}
	}
	archName, err := f.String("general.architecture")
	if err != nil {
		return nil, err
	}
	arch, err := lookupArch(archName)
	if err != nil {
		return nil, &gguf.Error{Path: f.Path, Offset: -1, Key: "general.architecture", Err: err}
	}
	cfg, err := readConfig(f, &arch)
	if err != nil {
		return nil, err
	}
	tok, err := tokenizer.New(f)
	if err != nil {
		return nil, err
	}
	cfg.VocabSize = tok.NumTokens()
	m := &Model{Config: cfg, Arch: arch, Tokenizer: tok, file: f}
	if err := m.bind(f, o.progress); err != nil {
		return nil, err
	}
	if err := m.mergeAtLoad(&o.merge, o.threads); err != nil {
		return nil, err
	}
	m.pool = newPool(o.threads)
	return m, nil
}

// bind finds and checks every tensor.
func (m *Model) bind(f *gguf.File, progress io.Writer) error {
	c := &m.Config
	b := &binder{f: f}
	m.tokEmbd = b.lookup(nameTokenEmbd, true, c.Embedding, c.VocabSize)
	m.outputNorm = b.vector(nameOutputNorm, c.Embedding, true)
	if !m.Arch.TiedOutput {
		m.output = b.matrix(nameOutput, "", c.Embedding, c.VocabSize, false)
	}
	if m.output == nil && b.err == nil {
		m.output = b.matrix(nameTokenEmbd, "", c.Embedding, c.VocabSize, true) // tied embeddings
	}
	var freqs []float32
	if m.Arch.RopeFreqs {
		freqs = b.vector(nameRopeFreqs, c.RopeDims/2, false)
	}
	for _, n := range []string{nameRopeFactorsLong, nameRopeFactorsShort} {
		if _, ok := f.Tensor(n); ok {
			b.fail(n, "LongRoPE scaling factors (Phi-3 128k-context models) are not supported yet; the 4k-context variants load")
		}
	}
	bar := newLoadBar(progress, c.Layers)
	m.layers = make([]layer, c.Layers)
	for i := range m.layers {
		m.layers[i] = b.bindLayer(i, c, &m.Arch)
		m.layers[i].prefault()
		bar.Add(1)
	}
	bar.Finish()
	m.ropes = []*rope{newRope(c, m.Arch.Rope, freqs)}
	if c.LocalLayers != nil {
		sw := m.Arch.SlidingWindow
		if c.RopeBaseLocal != c.RopeBase || sw.RopeUnscaled && (c.RopeFreqScale != 1 || c.Scaling != RopeScalingNone) {
			m.ropes = append(m.ropes, newRopeBase(c, m.Arch.Rope, c.RopeBaseLocal, !sw.RopeUnscaled, freqs))
			for i := range m.layers {
				if m.layers[i].local {
					m.layers[i].rope = 1
				}
			}
		}
	}
	return b.err
}

// Close releases the model's file if Open opened it.
func (m *Model) Close() error {
	m.pool.close()
	if m.ownsFile {
		return m.file.Close()
	}
	return nil
}

// File returns the GGUF file the model reads its weights from.
func (m *Model) File() *gguf.File { return m.file }
