package model_test

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"

	"github.com/laminalabs/lamina/model"
	"github.com/laminalabs/lamina/model/embedded"
	"github.com/laminalabs/lamina/model/gguf"
	"github.com/laminalabs/lamina/model/synth"
	"github.com/laminalabs/lamina/quant"
)

// loadAdapters loads the adapters of a reference case for mdl.
func loadAdapters(t *testing.T, mdl *model.Model, dir string, paths []string, scales []float32) []model.ScaledAdapter {
	t.Helper()
	var out []model.ScaledAdapter
	for i, p := range paths {
		a, err := mdl.LoadAdapter(filepath.Join(dir, p))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { a.Close() })
		out = append(out, model.ScaledAdapter{Adapter: a, Scale: scales[i]})
	}
	return out
}

// TestLoRAConformance applies the reference adapters at run time, without
// merging (y = W·x + s·B·(A·x)), and compares logits and greedy
// continuations with llama.cpp's within the base type's tolerance.
func TestLoRAConformance(t *testing.T) {
	m, cases, gens := loraManifest(t)
	for _, c := range cases {
		if c.Path != "exact" {
			continue
		}
		var paths, names []string
		var scales []float32
		for _, a := range c.Adapters {
			paths, scales = append(paths, a.Path), append(scales, a.Scale)
			names = append(names, a.Adapter+"@"+fmtScale(a.Scale))
		}
		t.Run(c.Model+"/"+strings.Join(names, "+"), func(t *testing.T) {
			mdl, label := loadRef(t, m, c.Model)
			s := newSession(t, mdl, len(c.Tok), model.WithAdapters(loadAdapters(t, mdl, m.dir, paths, scales)...))
			got, err := s.Decode(c.Tok, c.All)
			if err != nil {
				t.Fatal(err)
			}
			want := readF32(t, filepath.Join(m.dir, c.File))
			maxAbs, cos, rms := compare(got, want)
			limAbs, limCos := tolerance(label)
			if maxAbs > limAbs*rms || cos < limCos {
				t.Errorf("max-abs %.4g (limit %.4g), cos %.7f (limit %g)", maxAbs, limAbs*rms, cos, limCos)
			}
			t.Logf("max-abs %.4g (%.4f×rms), cos %.8f", maxAbs, maxAbs/rms, cos)
		})
	}
	for i, g := range gens {
		if g.Path != "exact" {
			continue
		}
		t.Run("greedy/"+g.Model+"/"+string(rune('a'+i%26)), func(t *testing.T) {
			var paths []string
			var scales []float32
			for _, a := range g.Adapters {
				paths, scales = append(paths, a.Path), append(scales, a.Scale)
			}
			mdl, label := loadRef(t, m, g.Model)
			checkGreedyOn(t, mdl, label, g.refGenerate, model.WithAdapters(loadAdapters(t, mdl, m.dir, paths, scales)...))
		})
	}
}

// tinyBase builds, in memory, a random F32 llama of llama-tiny's shape
// (the base the adapters in testdata/model were made for), loaded with
// opts.
func tinyBase(t *testing.T, opts ...model.Option) *model.Model {
	t.Helper()
	src, err := embedded.Open()
	if err != nil {
		t.Fatal(err)
	}
	tok, err := synth.TokenizerKVs(src)
	if err != nil {
		t.Fatal(err)
	}
	c := synth.Config{Arch: "llama", Layers: 2, Embedding: 256, FeedForward: 768, Heads: 8, HeadsKV: 4, Context: 512, RopeBase: 10000}
	var buf bytes.Buffer
	if err := synth.Write(&buf, c, synth.Options{FileType: quant.FileTypeF32, Tokenizer: tok, Seed: 7}); err != nil {
		t.Fatal(err)
	}
	f, err := gguf.Parse("llama-tiny-synth.gguf", buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	m, err := model.Load(f, opts...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { m.Close() })
	return m
}

// TestLoRAHotSwap switches adapters on one session of a shared base and
// checks each result against a fresh session with those adapters, and
// against merging them at load.
func TestLoRAHotSwap(t *testing.T) {
	dir := filepath.Join("..", "testdata", "model")
	r8Path := filepath.Join(dir, "lora-llama-tiny-r8-all.gguf")
	mdl := tinyBase(t)
	r8 := loadAdapters(t, mdl, dir, []string{"lora-llama-tiny-r8-all.gguf"}, []float32{1})
	r4 := loadAdapters(t, mdl, dir, []string{"lora-llama-tiny-r4-qv.gguf"}, []float32{0.5})
	toks := []int32{1, 100, 200, 300, 400, 5, 6}
	fresh := func(m *model.Model, opts ...model.SessionOption) []float32 {
		got, err := newSession(t, m, len(toks), opts...).Decode(toks, true)
		if err != nil {
			t.Fatal(err)
		}
		return append([]float32(nil), got...)
	}
	plain := fresh(mdl)
	with8, with4 := fresh(mdl, model.WithAdapters(r8...)), fresh(mdl, model.WithAdapters(r4...))
	both := fresh(mdl, model.WithAdapters(append(r8, r4...)...))
	if d, _, _ := compare(with8, plain); d < 1e-2 {
		t.Fatalf("the r8 adapter changes the logits by only %g", d)
	}
	s := newSession(t, mdl, len(toks))
	for _, step := range []struct {
		name string
		on   []model.ScaledAdapter
		want []float32
	}{{"r8", r8, with8}, {"none", nil, plain}, {"r4", r4, with4}, {"r8+r4", append(r8, r4...), both}, {"off", nil, plain}} {
		if err := s.SetAdapters(step.on...); err != nil {
			t.Fatal(err)
		}
		s.Reset()
		got, err := s.Decode(toks, true)
		if err != nil {
			t.Fatal(err)
		}
		if d, _, _ := compare(got, step.want); d != 0 {
			t.Errorf("%s: differs from a fresh session by %g", step.name, d)
		}
	}
	merged := tinyBase(t, model.WithMergedAdapters(model.AdapterSpec{Path: r8Path, Scale: 1}))
	if d, _, rms := compare(fresh(merged), with8); d > 1e-4*rms {
		t.Errorf("unmerged and merged-at-load differ by %g (rms %g)", d, rms)
	}
	if err := newSession(t, merged, 8).SetAdapters(r8...); err == nil {
		t.Error("an adapter loaded for another model was accepted")
	}
}

// TestLoRADecodeAllocs checks that decoding with an unmerged adapter
// allocates nothing either.
func TestLoRADecodeAllocs(t *testing.T) {
	mdl := tinyBase(t)
	r8 := loadAdapters(t, mdl, filepath.Join("..", "testdata", "model"), []string{"lora-llama-tiny-r8-all.gguf"}, []float32{1})
	s := newSession(t, mdl, 64, model.WithAdapters(r8...))
	if _, err := s.Decode([]int32{1, 2, 3}, false); err != nil {
		t.Fatal(err)
	}
	allocs := testing.AllocsPerRun(20, func() {
		if _, err := s.Decode([]int32{7}, false); err != nil {
			t.Fatal(err)
		}
	})
	if allocs != 0 {
		t.Errorf("%v allocations per decode step with an adapter", allocs)
	}
}
