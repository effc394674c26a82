package synth_test

import (
	"bytes"
	"math"
	"strings"
	"testing"

	"github.com/laminalabs/lamina/model"
	"github.com/laminalabs/lamina/model/embedded"
	"github.com/laminalabs/lamina/model/gguf"
	"github.com/laminalabs/lamina/model/synth"
	"github.com/laminalabs/lamina/quant"
)

func embeddedTokenizer(t *testing.T) ([]gguf.KV, *gguf.File) {
	t.Helper()
	f, err := embedded.Open()
	if err != nil {
		t.Fatal(err)
	}
	kvs, err := synth.TokenizerKVs(f)
	if err != nil {
		t.Fatal(err)
	}
	return kvs, f
}

func tiny(arch string) synth.Config {
	return synth.Config{Arch: arch, Layers: 2, Embedding: 64, FeedForward: 96, Heads: 4, HeadsKV: 2, Context: 128, RopeBase: 10000}
}

func build(t *testing.T, c synth.Config, o synth.Options) *gguf.File {
	t.Helper()
	var buf bytes.Buffer
	if err := synth.Write(&buf, c, o); err != nil {
		t.Fatal(err)
	}
	f, err := gguf.Parse("synth.gguf", buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// A tiny model of each architecture and type loads and decodes.
func TestTinyModelsLoad(t *testing.T) {
	tok, src := embeddedTokenizer(t)
	for _, arch := range []string{"llama", "qwen2", "qwen3"} {
		for _, ft := range []quant.FileType{quant.FileTypeF32, quant.FileTypeF16, quant.FileTypeQ8_0, quant.FileTypeQ4_0, quant.FileTypeQ4_K_M} {
			t.Run(arch+"/"+ft.String(), func(t *testing.T) {
				c := tiny(arch)
				c.Tied = arch != "llama"
				if arch == "qwen3" {
					c.HeadDim = 32 // ≠ n_embd/n_head, as Qwen3 allows
				}
				f := build(t, c, synth.Options{FileType: ft, Tokenizer: tok, Seed: 7, Threads: 2})
				m, err := model.Load(f, model.WithThreads(2))
				if err != nil {
					t.Fatal(err)
				}
				defer m.Close()
				if m.Config.VocabSize != 512 || m.Config.Layers != 2 || m.Config.KeyLength != c.Embedding/c.Heads && arch != "qwen3" {
					t.Errorf("config %+v", m.Config)
				}
				s, err := m.NewSession()
				if err != nil {
					t.Fatal(err)
				}
				logits, err := s.Decode([]int32{1, 100, 200, 300}, false)
				if err != nil {
					t.Fatal(err)
				}
				var ss float64
				for _, v := range logits {
					if math.IsNaN(float64(v)) || math.IsInf(float64(v), 0) {
						t.Fatalf("logit %v", v)
					}
					ss += float64(v) * float64(v)
				}
				if ss == 0 {
					t.Error("all logits are zero")
				}
				// Tensors and keys as llama.cpp names them.
				_, hasOutput := f.Tensor("output.weight")
				_, hasBias := f.Tensor("blk.1.attn_k.bias")
				_, hasQKNorm := f.Tensor("blk.0.attn_q_norm.weight")
				if hasOutput == c.Tied || hasBias != (arch == "qwen2") || hasQKNorm != (arch == "qwen3") {
					t.Errorf("output %v, bias %v, q norm %v", hasOutput, hasBias, hasQKNorm)
				}
				if got, _ := f.Uint32("general.file_type"); got != uint32(ft) {
					t.Errorf("general.file_type %d, want %d", got, ft)
				}
				for _, kv := range src.KV {
					if strings.HasPrefix(kv.Key, "tokenizer.") && !f.Has(kv.Key) {
						t.Errorf("tokenizer key %s not copied", kv.Key)
					}
				}
			})
		}
	}
}

// Weights follow N(0, 0.02), norms are 1, and the file does not depend on
// the thread count but on the seed.
func TestWeightsAndDeterminism(t *testing.T) {
	tok, _ := embeddedTokenizer(t)
	c := tiny("llama")
	write := func(seed uint64, threads int) []byte {
		var buf bytes.Buffer
		if err := synth.Write(&buf, c, synth.Options{FileType: quant.FileTypeF32, Tokenizer: tok, Seed: seed, Threads: threads}); err != nil {
			t.Fatal(err)
		}
		return buf.Bytes()
	}
	a, b, other := write(1, 1), write(1, 3), write(2, 2)
	if !bytes.Equal(a, b) {
		t.Error("1 and 3 threads wrote different files")
	}
	if bytes.Equal(a, other) {
		t.Error("seeds 1 and 2 wrote the same file")
	}
	f, err := gguf.Parse("a.gguf", a)
	if err != nil {
		t.Fatal(err)
	}
	emb, _ := f.Tensor("token_embd.weight")
	w, err := emb.Float32()
	if err != nil {
		t.Fatal(err)
	}
	var sum, ss float64
	for _, v := range w {
		sum += float64(v)
		ss += float64(v) * float64(v)
	}
	mean, std := sum/float64(len(w)), math.Sqrt(ss/float64(len(w)))
	if math.Abs(mean) > 0.001 || math.Abs(std-synth.Std) > 0.001 {
		t.Errorf("token_embd: mean %.5f, std %.5f, want N(0, %g)", mean, std, synth.Std)
	}
	norm, _ := f.Tensor("blk.0.ffn_norm.weight")
	nv, _ := norm.Float32()
	for _, v := range nv {
		if v != 1 {
			t.Fatalf("norm weight %v, want 1", v)
		}
	}
}

// Mixes follow llama.cpp's rules, with fallbacks where rows do not fit a
// K-quant block (qwen2.5-0.5b's 896).
func TestMixAndFallback(t *testing.T) {
	tok, _ := embeddedTokenizer(t)
	c := tiny("qwen2")
	c.Embedding, c.Heads, c.HeadsKV, c.FeedForward = 96, 2, 1, 256 // rows of 96: not a multiple of 256
	f := build(t, c, synth.Options{FileType: quant.FileTypeQ4_K_M, Tokenizer: tok, Threads: 1})
	q, _ := f.Tensor("blk.0.attn_q.weight")
	down, _ := f.Tensor("blk.0.ffn_down.weight") // rows of 256
	if q.Type.BlockSize() != 32 || down.Type.BlockSize() != 256 {
		t.Errorf("attn_q %s (want a 32-block fallback), ffn_down %s (want a K-quant)", q.Type, down.Type)
	}
	m, err := model.Load(f)
	if err != nil {
		t.Fatal(err)
	}
	m.Close()
}

func TestPresetsAndErrors(t *testing.T) {
	for _, name := range synth.Presets() {
		c, err := synth.Preset(name)
		if err != nil || c.Validate() != nil {
			t.Errorf("preset %s: %v, %v", name, err, c.Validate())
		}
	}
	if c, _ := synth.Preset("qwen2.5-0.5b"); c.Arch != "qwen2" || !c.Tied || c.Embedding != 896 || c.Layers != 24 {
		t.Errorf("qwen2.5-0.5b: %+v", c)
	}
	if _, err := synth.Preset("gpt-5"); err == nil || !strings.Contains(err.Error(), "tinyllama-1.1b") {
		t.Errorf("unknown preset: %v", err)
	}
	tok, _ := embeddedTokenizer(t)
	bad := []struct {
		c   func(*synth.Config)
		msg string
	}{
		{func(c *synth.Config) { c.Arch = "mamba" }, "mamba"},
		{func(c *synth.Config) { c.HeadsKV = 3 }, "multiple"},
		{func(c *synth.Config) { c.Layers = 0 }, "layers"},
		{func(c *synth.Config) { c.HeadDim = 7 }, "head dimension"},
	}
	for _, b := range bad {
		c := tiny("llama")
		b.c(&c)
		if err := synth.Write(&bytes.Buffer{}, c, synth.Options{Tokenizer: tok}); err == nil || !strings.Contains(err.Error(), b.msg) {
			t.Errorf("%+v: error %v, want one with %q", c, err, b.msg)
		}
	}
	if err := synth.Write(&bytes.Buffer{}, tiny("llama"), synth.Options{}); err == nil || !strings.Contains(err.Error(), "tokenizer") {
		t.Errorf("no tokenizer: %v", err)
	}
	c := tiny("llama")
	c.Embedding, c.FeedForward = 256, 256 // rows that fit IQ2_XXS blocks: no fallback
	if err := synth.Write(&bytes.Buffer{}, c, synth.Options{FileType: quant.FileTypeIQ2_XXS, Tokenizer: tok}); err == nil || !strings.Contains(err.Error(), "importance matrix") {
		t.Errorf("IQ2_XXS: %v", err)
	}
}
