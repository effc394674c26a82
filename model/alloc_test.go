package model_test

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/laminalabs/lamina/model"
	"github.com/laminalabs/lamina/model/embedded"
	"github.com/laminalabs/lamina/model/gguf"
	"github.com/laminalabs/lamina/model/sample"
	"github.com/laminalabs/lamina/model/synth"
	"github.com/laminalabs/lamina/quant"
)

// checkDecodeAllocs asserts that a single-token decode step — the forward
// pass with the output projection, sampling and accepting the token —
// allocates nothing once the session is warm.
func checkDecodeAllocs(t *testing.T, m *model.Model, kv model.KVType) {
	t.Helper()
	s, err := m.NewSession(model.WithContext(256), model.WithKVType(kv))
	if err != nil {
		t.Fatal(err)
	}
	smp, err := sample.New(sample.DefaultParams(), m.Config.VocabSize)
	if err != nil {
		t.Fatal(err)
	}
	logits, err := s.Decode([]int32{1, 2, 3, 4}, false)
	if err != nil {
		t.Fatal(err)
	}
	tok := make([]int32, 1)
	step := func() {
		id, err := smp.Sample(logits)
		if err != nil {
			t.Fatal(err)
		}
		smp.Accept(id)
		tok[0] = id
		if logits, err = s.Decode(tok, false); err != nil {
			t.Fatal(err)
		}
	}
	step() // warm-up
	if a := testing.AllocsPerRun(50, step); a != 0 {
		t.Errorf("%v allocations per decode step, want 0", a)
	}
	// The forward pass alone, with a fresh slice literal as callers write it.
	if a := testing.AllocsPerRun(20, func() {
		if _, err := s.Decode([]int32{5}, false); err != nil {
			t.Fatal(err)
		}
	}); a != 0 {
		t.Errorf("%v allocations per Decode of one token, want 0", a)
	}
}

var kvName = map[model.KVType]string{model.KVF16: "f16", model.KVF32: "f32"}

func TestDecodeAllocsEmbedded(t *testing.T) {
	f, err := embedded.Open()
	if err != nil {
		t.Fatal(err)
	}
	for _, threads := range []int{1, 2, 3} {
		m, err := model.Load(f, model.WithThreads(threads))
		if err != nil {
			t.Fatal(err)
		}
		for _, kv := range []model.KVType{model.KVF16, model.KVF32} {
			t.Run(fmt.Sprintf("threads=%d/kv=%s", threads, kvName[kv]), func(t *testing.T) { checkDecodeAllocs(t, m, kv) })
		}
		m.Close()
	}
}

// TestDecodeAllocsQuantized checks quantized models: synthetic Q4_0 and
// Q4_K_M ones (llama; qwen3 with q/k norms and a head dimension of its
// own), whose kernels quantize activations to Q8_0 and Q8_K, and
// llama.cpp-quantized ones from ../shared when it is there.
func TestDecodeAllocsQuantized(t *testing.T) {
	for _, c := range []struct {
		arch string
		ft   quant.FileType
	}{{"llama", quant.FileTypeQ4_0}, {"qwen3", quant.FileTypeQ4_K_M}, {"qwen2", quant.FileTypeQ8_0}} {
		shape := synth.Config{Arch: c.arch, Layers: 2, Embedding: 256, FeedForward: 512, Heads: 4, HeadsKV: 2, Context: 512, RopeBase: 10000}
		if c.arch == "qwen3" {
			shape.HeadDim = 128
		}
		m := synthModel(t, shape, c.ft)
		t.Run("synth-"+c.arch+"-"+c.ft.String(), func(t *testing.T) { checkDecodeAllocs(t, m, model.KVF16) })
		m.Close()
	}
	for _, path := range []string{
		"../../shared/testdata/synth/llama-tiny-Q4_0.gguf",
		"../../shared/testdata/synth/qwen2-tiny-Q4_K_M.gguf",
	} {
		if _, err := os.Stat(path); err != nil {
			t.Logf("skipping %s: %v", path, err)
			continue
		}
		f, err := gguf.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		m, err := model.Load(f, model.WithThreads(2))
		if err != nil {
			t.Fatal(err)
		}
		t.Run(filepath.Base(path), func(t *testing.T) { checkDecodeAllocs(t, m, model.KVF16) })
		m.Close()
		f.Close()
	}
}
