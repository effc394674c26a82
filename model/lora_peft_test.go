package model_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/laminalabs/lamina/model"
	"github.com/laminalabs/lamina/model/gguf"
	"github.com/laminalabs/lamina/model/safetensors"
	"github.com/laminalabs/lamina/quant"
)

// peftModule is one module of a test PEFT adapter, in Hugging Face terms:
// A is (r, n_in), B is (n_out, r), row-major float64.
type peftModule struct {
	hf     string // e.g. model.layers.0.self_attn.q_proj
	target string // the GGUF base tensor
	nIn    int
	nOut   int
	rank   int
	a, b   []float64
}

// peftAdapter describes a PEFT adapter to write.
type peftAdapter struct {
	modules []*peftModule
	dtype   safetensors.DType
	config  map[string]any
}

// stories260K's matrices as Hugging Face names them, with (n_in, n_out).
var storiesModules = []struct {
	hf, gguf string
	in, out  int
}{
	{"self_attn.q_proj", "attn_q", 64, 64}, {"self_attn.k_proj", "attn_k", 64, 32},
	{"self_attn.v_proj", "attn_v", 64, 32}, {"self_attn.o_proj", "attn_output", 64, 64},
	{"mlp.gate_proj", "ffn_gate", 64, 172}, {"mlp.up_proj", "ffn_up", 64, 172},
	{"mlp.down_proj", "ffn_down", 172, 64},
}

// newPEFT builds random modules for layers of stories260K (and lm_head),
// rank r except where ranks overrides by module suffix.
func newPEFT(rng *rand.Rand, layers []int, r int, ranks map[string]int, lmHead bool) []*peftModule {
	var mods []*peftModule
	add := func(hf, target string, in, out, rank int) {
		p := &peftModule{hf: hf, target: target, nIn: in, nOut: out, rank: rank,
			a: make([]float64, rank*in), b: make([]float64, out*rank)}
		for i := range p.a {
			p.a[i] = rng.NormFloat64() * 0.2
		}
		for i := range p.b {
			p.b[i] = rng.NormFloat64() * 0.2
		}
		mods = append(mods, p)
	}
	for _, l := range layers {
		for _, sm := range storiesModules {
			rank := r
			for suffix, rr := range ranks {
				if strings.HasSuffix(sm.hf, suffix) {
					rank = rr
				}
			}
			add(fmt.Sprintf("model.layers.%d.%s", l, sm.hf), fmt.Sprintf("blk.%d.%s.weight", l, sm.gguf), sm.in, sm.out, rank)
		}
	}
	if lmHead {
		add("lm_head", "output.weight", 64, 512, r)
	}
	return mods
}

// encode returns v in dtype as the file stores it, and v rounded to it.
func encode(v []float64, dtype safetensors.DType) ([]byte, []float64) {
	f := make([]float32, len(v))
	for i, x := range v {
		f[i] = float32(x)
	}
	qt, _ := dtype.QuantType()
	b := make([]byte, len(f)*dtype.Size())
	quant.Quantize(qt, b, f)
	quant.Dequantize(qt, f, b)
	out := make([]float64, len(v))
	for i, x := range f {
		out[i] = float64(x)
	}
	return b, out
}

// write writes adapter_model.safetensors and adapter_config.json to dir,
// replacing every module's A and B with the values the file holds.
func (p *peftAdapter) write(t *testing.T, dir string) string {
	t.Helper()
	var ts []safetensors.Tensor
	for _, m := range p.modules {
		var ab, bb []byte
		ab, m.a = encode(m.a, p.dtype)
		bb, m.b = encode(m.b, p.dtype)
		ts = append(ts,
			safetensors.Tensor{Name: "base_model.model." + m.hf + ".lora_A.weight", DType: p.dtype, Shape: []int64{int64(m.rank), int64(m.nIn)}, Data: ab},
			safetensors.Tensor{Name: "base_model.model." + m.hf + ".lora_B.weight", DType: p.dtype, Shape: []int64{int64(m.nOut), int64(m.rank)}, Data: bb})
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := safetensors.WriteFile(filepath.Join(dir, model.PEFTWeightsFile), ts, map[string]string{"format": "pt"}); err != nil {
		t.Fatal(err)
	}
	cfg, _ := json.Marshal(p.config)
	if err := os.WriteFile(filepath.Join(dir, model.PEFTConfigFile), cfg, 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// refPermute is numpy's w.reshape(n_head, 2, rows/n_head/2, cols)
// .swapaxes(1, 2).reshape(rows, cols) on the rows of w, spelled out with
// strides: it is llama.cpp's convert_hf_to_gguf.py LlamaModel.permute,
// written independently of the code under test.
func refPermute(w []float64, rows, cols, nHead int) []float64 {
	shape := [3]int{nHead, 2, rows / nHead / 2}
	stride := [3]int{shape[1] * shape[2], shape[2], 1} // C order, in rows
	// swapaxes(1, 2): swap the shape and the strides of axes 1 and 2.
	shape[1], shape[2] = shape[2], shape[1]
	stride[1], stride[2] = stride[2], stride[1]
	out := make([]float64, 0, len(w))
	for i := range shape[0] {
		for j := range shape[1] {
			for k := range shape[2] {
				src := i*stride[0] + j*stride[1] + k*stride[2]
				out = append(out, w[src*cols:(src+1)*cols]...)
			}
		}
	}
	return out
}

// wantMerged is W_gguf + s·P(B·A) in float64, PEFT's semantics: s = user
// × alpha_i / r_i (alpha_i / √r_i with rsLoRA), P the q/k permutation the
// converter applied to the base weights (n_head for q, n_head_kv for k).
func wantMerged(t *testing.T, m *model.Model, p *peftModule, user, alpha float64, rslora bool) []float64 {
	base, _ := m.File().Tensor(p.target)
	w := tensorF32(t, &base.Tensor)
	delta := make([]float64, p.nOut*p.nIn)
	for o := range p.nOut {
		for i := range p.nIn {
			var s float64
			for k := range p.rank {
				s += p.b[o*p.rank+k] * p.a[k*p.nIn+i]
			}
			delta[o*p.nIn+i] = s
		}
	}
	switch {
	case strings.HasSuffix(p.target, "attn_q.weight"):
		delta = refPermute(delta, p.nOut, p.nIn, m.Config.Heads)
	case strings.HasSuffix(p.target, "attn_k.weight"):
		delta = refPermute(delta, p.nOut, p.nIn, m.Config.HeadsKV)
	}
	s := user * alpha / float64(p.rank)
	if rslora {
		s = user * alpha / math.Sqrt(float64(p.rank))
	}
	out := make([]float64, len(w))
	for i := range w {
		out[i] = float64(w[i]) + s*delta[i]
	}
	return out
}

// TestPEFT builds PEFT adapters for stories260K (a llama: q/k permuted,
// 8 heads, 4 KV heads, head_dim 8), loads them directly and through
// Adapter.WriteFile's GGUF, and checks the merged weights against a
// float64 merge by hand, and the logits of the two routes against each
// other.
func TestPEFT(t *testing.T) {
	m := loadEmbedded(t)
	rng := rand.New(rand.NewPCG(9, 10))
	cases := []struct {
		name   string
		dtype  safetensors.DType
		layers []int
		ranks  map[string]int
		alphas map[string]float64
		rslora bool
		lmHead bool
	}{
		{name: "f32", dtype: safetensors.F32, layers: []int{0, 3}, lmHead: true},
		{name: "bf16-patterns", dtype: safetensors.BF16, layers: []int{1}, ranks: map[string]int{"down_proj": 2}, alphas: map[string]float64{"v_proj": 4}},
		{name: "f16-rslora", dtype: safetensors.F16, layers: []int{4}, rslora: true},
	}
	const r, alpha, user = 4, 16.0, 0.9
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			mods := newPEFT(rng, c.layers, r, c.ranks, c.lmHead)
			cfg := map[string]any{"peft_type": "LORA", "r": r, "lora_alpha": alpha, "base_model_name_or_path": "stories260K",
				"target_modules": []string{"q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj", "lm_head"},
				"use_rslora":     c.rslora}
			if c.ranks != nil {
				cfg["rank_pattern"] = c.ranks
			}
			if c.alphas != nil {
				cfg["alpha_pattern"] = c.alphas
			}
			dir := (&peftAdapter{modules: mods, dtype: c.dtype, config: cfg}).write(t, filepath.Join(t.TempDir(), "peft-"+c.name))
			direct, err := m.LoadPEFT(dir)
			if err != nil {
				t.Fatal(err)
			}
			if len(direct.Targets()) != len(mods) || direct.Alpha() != alpha || direct.Rank() != r || direct.Name() != "peft-"+c.name {
				t.Errorf("%d targets, alpha %v, rank %d, name %q", len(direct.Targets()), direct.Alpha(), direct.Rank(), direct.Name())
			}
			ggufPath := filepath.Join(t.TempDir(), "converted.gguf")
			if err := direct.WriteFile(ggufPath, model.KeepTypes); err != nil {
				t.Fatal(err)
			}
			converted, err := m.LoadAdapter(ggufPath)
			if err != nil {
				t.Fatal(err)
			}
			defer converted.Close()
			for _, p := range mods {
				base, _ := m.File().Tensor(p.target)
				w := base.Tensor
				a := alpha
				if v, ok := c.alphas[p.hf[strings.LastIndexByte(p.hf, '.')+1:]]; ok {
					a = v
				}
				want := wantMerged(t, m, p, user, a, c.rslora)
				got1, _, err := model.MergeTensor(&w, model.KeepTypes, []model.ScaledAdapter{{Adapter: direct, Scale: user}}, 2)
				if err != nil {
					t.Fatal(err)
				}
				got2, _, err := model.MergeTensor(&w, model.KeepTypes, []model.ScaledAdapter{{Adapter: converted, Scale: user}}, 2)
				if err != nil {
					t.Fatal(err)
				}
				if string(got1) != string(got2) {
					t.Errorf("%s: PEFT and converted GGUF merge differently", p.target)
				}
				got := make([]float32, len(want))
				quant.Dequantize(quant.F32, got, got1)
				var maxErr, maxW float64
				for i := range got {
					maxErr = max(maxErr, math.Abs(float64(got[i])-want[i]))
					maxW = max(maxW, math.Abs(want[i]))
				}
				// The folded alpha/rsLoRA factors round lora_B to float32 once more.
				if maxErr > 1e-6*maxW {
					t.Errorf("%s (%s): max |merged − hand merge| = %.3g (max |w| %.3g)", p.target, p.hf, maxErr, maxW)
				}
			}
			// The same logits through both routes, merged at load.
			tokens := []int32{1, 403, 407, 261, 378, 432, 383}
			logits := func(path string) []float32 {
				mm := loadEmbedded(t, model.WithMergedAdapters(model.AdapterSpec{Path: path, Scale: user}))
				out, err := newSession(t, mm, 8).Decode(tokens, true)
				if err != nil {
					t.Fatal(err)
				}
				return append([]float32(nil), out...)
			}
			l1, l2 := logits(dir), logits(ggufPath)
			if d, _, _ := compare(l1, l2); d != 0 {
				t.Errorf("logits of the PEFT and the converted adapter differ by %g", d)
			}
			plain, _ := newSession(t, m, 8).Decode(tokens, true)
			if d, _, _ := compare(l1, plain); d < 1e-2 {
				t.Errorf("the adapter moved the logits by only %g", d)
			}
			// Q8_0 conversion: lora_a rows (n_in) quantize, lora_b rows (r = 4)
			// fall back to F16 as llama.cpp's converter does; the adapter then
			// loads with Q8_0 and F16 kernels and merges close to the original.
			if c.dtype == safetensors.F32 {
				pq := filepath.Join(t.TempDir(), "q8.gguf")
				if err := direct.WriteFile(pq, quant.Q8_0); err != nil {
					t.Fatal(err)
				}
				q8, err := m.LoadAdapter(pq)
				if err != nil {
					t.Fatal(err)
				}
				defer q8.Close()
				f, _ := gguf.Open(pq)
				a, _ := f.Tensor("blk.0.attn_q.weight.lora_a")
				b, _ := f.Tensor("blk.0.attn_q.weight.lora_b")
				if a.Type != quant.Q8_0 || b.Type != quant.F16 {
					t.Errorf("Q8_0 conversion: lora_a %s, lora_b %s; want Q8_0, F16", a.Type, b.Type)
				}
				f.Close()
				// Within the README's limits for quantized weights.
				if d, cos, rms := compare(logits(pq), l1); d > 0.25*rms || cos < 0.999 {
					t.Errorf("Q8_0 adapter moved the logits by %g (rms %g), cos %g", d, rms, cos)
				}
			}
			// F32 conversion keeps the merged weights to float32 precision.
			if c.dtype != safetensors.F32 {
				p32 := filepath.Join(t.TempDir(), "f32.gguf")
				if err := direct.WriteFile(p32, quant.F32); err != nil {
					t.Fatal(err)
				}
				if d, _, _ := compare(logits(p32), l1); d != 0 {
					t.Errorf("F32 conversion changed the logits by %g", d)
				}
			}
		})
	}
}

// TestPEFTPermutation checks the permutation on its own: a q_proj delta
// with one non-zero output row must land where refPermute puts it.
func TestPEFTPermutation(t *testing.T) {
	m := loadEmbedded(t)
	for _, proj := range []string{"q_proj", "k_proj"} {
		nOut, heads, target := 64, m.Config.Heads, "blk.0.attn_q.weight"
		if proj == "k_proj" {
			nOut, heads, target = 32, m.Config.HeadsKV, "blk.0.attn_k.weight"
		}
		for _, row := range []int{0, 1, 3, 4, 7, 9, nOut - 1} {
			p := &peftModule{hf: "model.layers.0.self_attn." + proj, target: target, nIn: 64, nOut: nOut, rank: 1,
				a: make([]float64, 64), b: make([]float64, nOut)}
			p.a[5] = 1
			p.b[row] = 1
			dir := (&peftAdapter{modules: []*peftModule{p}, dtype: safetensors.F32, config: map[string]any{"r": 1, "lora_alpha": 1}}).write(t, t.TempDir())
			a, err := m.LoadPEFT(dir)
			if err != nil {
				t.Fatal(err)
			}
			base, _ := m.File().Tensor(target)
			w := base.Tensor
			data, _, err := model.MergeTensor(&w, model.KeepTypes, []model.ScaledAdapter{{Adapter: a, Scale: 1}}, 1)
			if err != nil {
				t.Fatal(err)
			}
			got := make([]float32, 64*nOut)
			quant.Dequantize(quant.F32, got, data)
			orig := tensorF32(t, &w)
			delta := make([]float64, 64*nOut)
			delta[row*64+5] = 1
			want := refPermute(delta, nOut, 64, heads)
			for i := range got {
				if d := float64(got[i] - orig[i]); math.Abs(d-want[i]) > 1e-6 {
					t.Fatalf("%s row %d: merged delta at (%d, %d) = %g, want %g", proj, row, i/64, i%64, d, want[i])
				}
			}
		}
	}
}

// TestPEFTQwen2 checks that qwen2 adapters are not permuted (NeoX RoPE).
func TestPEFTQwen2(t *testing.T) {
	m := openShared(t, "qwen2-tiny-F32")
	rng := rand.New(rand.NewPCG(11, 12))
	p := &peftModule{hf: "model.layers.1.self_attn.q_proj", target: "blk.1.attn_q.weight", nIn: 256, nOut: 256, rank: 2,
		a: make([]float64, 2*256), b: make([]float64, 256*2)}
	for i := range p.a {
		p.a[i], p.b[i] = rng.NormFloat64(), rng.NormFloat64()
	}
	dir := (&peftAdapter{modules: []*peftModule{p}, dtype: safetensors.F32, config: map[string]any{"r": 2, "lora_alpha": 4}}).write(t, t.TempDir())
	a, err := m.LoadPEFT(dir)
	if err != nil {
		t.Fatal(err)
	}
	base, _ := m.File().Tensor(p.target)
	w := base.Tensor
	data, _, err := model.MergeTensor(&w, model.KeepTypes, []model.ScaledAdapter{{Adapter: a, Scale: 1}}, 2)
	if err != nil {
		t.Fatal(err)
	}
	orig := tensorF32(t, &w)
	got := make([]float32, len(orig))
	quant.Dequantize(quant.F32, got, data)
	for o := range 256 {
		for i := range 256 {
			var s float64
			for k := range 2 {
				s += p.b[o*2+k] * p.a[k*256+i]
			}
			if d := float64(got[o*256+i]) - float64(orig[o*256+i]) - 2*s; math.Abs(d) > 1e-5 {
				t.Fatalf("(%d, %d): off by %g", o, i, d)
			}
		}
	}
}

// TestBadPEFT checks the errors of broken PEFT adapters.
func TestBadPEFT(t *testing.T) {
	m := loadEmbedded(t)
	rng := rand.New(rand.NewPCG(13, 14))
	okCfg := map[string]any{"r": 4, "lora_alpha": 8, "target_modules": []string{"q_proj", "v_proj"}}
	mk := func(layer int) []*peftModule { return newPEFT(rng, []int{layer}, 4, nil, false)[:1] } // q_proj
	cases := []struct {
		name   string
		mods   []*peftModule
		cfg    map[string]any
		edit   func(dir string)
		kind   error
		tensor string
		msg    string
	}{
		{name: "truncated", mods: mk(0), cfg: okCfg, edit: func(dir string) {
			p := filepath.Join(dir, model.PEFTWeightsFile)
			b, _ := os.ReadFile(p)
			os.WriteFile(p, b[:len(b)-10], 0o644)
		}, kind: safetensors.ErrTruncated, tensor: "base_model.model.model.layers.0.self_attn.q_proj.lora_B.weight", msg: model.PEFTWeightsFile},
		{name: "config rank", mods: mk(0), cfg: map[string]any{"r": 8, "lora_alpha": 8}, kind: model.ErrAdapterMismatch,
			tensor: "base_model.model.model.layers.0.self_attn.q_proj.lora_A.weight", msg: "rank mismatch"},
		{name: "layer the base lacks", mods: mk(6), cfg: okCfg, kind: model.ErrAdapterMismatch,
			tensor: "base_model.model.model.layers.6.self_attn.q_proj.lora_A.weight", msg: "5 layers"},
		{name: "not in target_modules", mods: newPEFT(rng, []int{0}, 4, nil, false)[2:3], cfg: map[string]any{"r": 4, "lora_alpha": 8, "target_modules": []string{"q_proj"}},
			kind: model.ErrNotAdapter, msg: "target_modules"},
		{name: "dora", mods: mk(0), cfg: map[string]any{"r": 4, "lora_alpha": 8, "use_dora": true}, kind: model.ErrAdapterUnsupported, msg: "DoRA"},
		{name: "no config", mods: mk(0), cfg: okCfg, edit: func(dir string) { os.Remove(filepath.Join(dir, model.PEFTConfigFile)) }, kind: os.ErrNotExist, msg: model.PEFTConfigFile},
		{name: "half a pair", mods: mk(0), cfg: okCfg, edit: func(dir string) {
			p := filepath.Join(dir, model.PEFTWeightsFile)
			f, _ := safetensors.Open(p)
			ts := []safetensors.Tensor{f.Tensors[0]}
			ts[0].Data = append([]byte(nil), ts[0].Data...)
			f.Close()
			safetensors.WriteFile(p, ts, nil)
		}, kind: model.ErrAdapterMismatch, msg: "incomplete"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := (&peftAdapter{modules: c.mods, dtype: safetensors.F32, config: c.cfg}).write(t, t.TempDir())
			if c.edit != nil {
				c.edit(dir)
			}
			a, err := m.LoadPEFT(dir)
			if err == nil {
				a.Close()
				t.Fatal("loaded")
			}
			msg := err.Error()
			t.Log(msg)
			if !errors.Is(err, c.kind) || !strings.Contains(msg, dir) || !strings.Contains(msg, c.msg) ||
				(c.tensor != "" && !strings.Contains(msg, `tensor "`+c.tensor+`"`)) {
				t.Errorf("error %q, want kind %q naming %s, tensor %q and %q", msg, c.kind, dir, c.tensor, c.msg)
			}
		})
	}
}
