package main

import (
	"encoding/binary"
	"encoding/json"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/laminalabs/lamina/model"
	"github.com/laminalabs/lamina/model/embedded"
	"github.com/laminalabs/lamina/model/gguf"
	"github.com/laminalabs/lamina/model/safetensors"
	"github.com/laminalabs/lamina/quant"
)

const (
	sharedSynth = "../../../shared/testdata/synth/"
	sharedRef   = "../../../shared/reference/"
	loraR8      = "../../testdata/model/lora-llama-tiny-r8-all.gguf"
	loraR4      = "../../testdata/model/lora-llama-tiny-r4-qv.gguf"
)

// s24 is the reference manifest's 24-token sequence of the LoRA cases.
var s24 = []int32{1, 20, 76, 421, 485, 129, 161, 445, 218, 142, 424, 133, 211, 330, 282, 46, 17, 443, 386, 429, 276, 419, 170, 233}

func needShared(t *testing.T) {
	t.Helper()
	if _, err := os.Stat(sharedSynth + "llama-tiny-F32.gguf"); err != nil {
		t.Skip("../shared not found: the base models and llama.cpp's LoRA logits live there")
	}
}

// allLogits decodes tokens with a fresh session (F32 KV cache) of m.
func allLogits(t *testing.T, m *model.Model, tokens []int32) []float32 {
	t.Helper()
	s, err := m.NewSession(model.WithKVType(model.KVF32), model.WithContext(64))
	if err != nil {
		t.Fatal(err)
	}
	out, err := s.Decode(tokens, true)
	if err != nil {
		t.Fatal(err)
	}
	return append([]float32(nil), out...)
}

func openModel(t *testing.T, path string, opts ...model.Option) *model.Model {
	t.Helper()
	m, err := model.Open(path, opts...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { m.Close() })
	return m
}

func readRef(t *testing.T, name string) []float32 {
	t.Helper()
	b, err := os.ReadFile(sharedRef + "logits/" + name)
	if err != nil {
		t.Fatal(err)
	}
	out := make([]float32, len(b)/4)
	for i := range out {
		out[i] = math.Float32frombits(binary.LittleEndian.Uint32(b[4*i:]))
	}
	return out
}

// diff returns max-abs difference, cosine and the rms of want.
func diff(got, want []float32) (maxAbs, cos, rms float64) {
	var dot, gg, ww float64
	for i := range want {
		g, w := float64(got[i]), float64(want[i])
		maxAbs = math.Max(maxAbs, math.Abs(g-w))
		dot += g * w
		gg += g * g
		ww += w * w
	}
	return maxAbs, dot / math.Sqrt(gg*ww), math.Sqrt(ww / float64(len(want)))
}

// TestLoraMerge exports merged models with `lamina lora merge` and checks
// that loading them gives the logits of merging at load, and llama.cpp's
// logits for the same adapters within the reference tolerances.
func TestLoraMerge(t *testing.T) {
	needShared(t)
	dir := t.TempDir()
	cases := []struct {
		base, typ string
		ref       string
		merged    int
		maxAbs    float64 // × rms
		cos       float64
	}{
		{"llama-tiny-F32", "", "llama-tiny-F32/s24-all-exact-lora-llama-tiny-r8-all@1-lora-llama-tiny-r4-qv@0.7.f32", 14, 0.01, 0.99999},
		{"llama-tiny-Q8_0", "", "llama-tiny-Q8_0/s24-all-exact-lora-llama-tiny-r8-all@1-lora-llama-tiny-r4-qv@0.7.f32", 14, 0.25, 0.999},
		// Merged matrices in F32 multiply F32 activations: the README's
		// "activations kept in F32" limits.
		{"llama-tiny-Q8_0", "F32", "llama-tiny-Q8_0/s24-all-exact-lora-llama-tiny-r8-all@1-lora-llama-tiny-r4-qv@0.7.f32", 14, 0.4, 0.998},
		{"llama-tiny-F32", "Q4_K", "", 14, 0, 0},
	}
	for _, c := range cases {
		t.Run(c.base+"-"+c.typ, func(t *testing.T) {
			base := sharedSynth + c.base + ".gguf"
			out := filepath.Join(dir, c.base+c.typ+".gguf")
			args := []string{"lora", "merge", "-q", "-m", base, "--lora", loraR8, "--lora", loraR4 + ":0.7", "-o", out, "-t", "2"}
			if c.typ != "" {
				args = append(args, "--type", c.typ)
			}
			stdout, errs, code := runCmd(t, args...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errs)
			}
			lines := strings.Split(strings.TrimSpace(stdout), "\n")
			if len(lines) != 1+c.merged+3 || !strings.Contains(lines[len(lines)-1], "merged 14 of 21 tensors") {
				t.Errorf("report:\n%s", stdout)
			}
			t.Logf("report:\n%s", strings.Join(lines[:4], "\n"))
			merged := openModel(t, out)
			got := allLogits(t, merged, s24)
			if c.typ == "" {
				specs := []model.AdapterSpec{{Path: loraR8, Scale: 1}, {Path: loraR4, Scale: 0.7}}
				atLoad := allLogits(t, openModel(t, base, model.WithMergedAdapters(specs...)), s24)
				if d, _, _ := diff(got, atLoad); d != 0 {
					t.Errorf("exported model differs from merging at load by %g", d)
				}
			}
			if c.ref == "" {
				return
			}
			maxAbs, cos, rms := diff(got, readRef(t, c.ref))
			if maxAbs > c.maxAbs*rms || cos < c.cos {
				t.Errorf("vs llama.cpp: max-abs %.4g (limit %.4g), cos %.7f (limit %g)", maxAbs, c.maxAbs*rms, cos, c.cos)
			}
			t.Logf("vs llama.cpp: max-abs %.4g (%.4f×rms), cos %.8f", maxAbs, maxAbs/rms, cos)
		})
	}
}

// writePEFT writes a random PEFT adapter for the embedded model's q_proj,
// k_proj and down_proj of layer 1.
func writePEFT(t *testing.T, dir string) {
	t.Helper()
	rng := rand.New(rand.NewPCG(1, 2))
	mat := func(name string, rows, cols int) safetensors.Tensor {
		v := make([]float32, rows*cols)
		for i := range v {
			v[i] = float32(rng.NormFloat64() * 0.2)
		}
		b := make([]byte, 2*len(v))
		quant.Quantize(quant.BF16, b, v)
		return safetensors.Tensor{Name: name, DType: safetensors.BF16, Shape: []int64{int64(rows), int64(cols)}, Data: b}
	}
	var ts []safetensors.Tensor
	for _, mod := range []struct {
		name    string
		in, out int
	}{{"self_attn.q_proj", 64, 64}, {"self_attn.k_proj", 64, 32}, {"mlp.down_proj", 172, 64}} {
		p := "base_model.model.model.layers.1." + mod.name
		ts = append(ts, mat(p+".lora_A.weight", 4, mod.in), mat(p+".lora_B.weight", mod.out, 4))
	}
	if err := safetensors.WriteFile(filepath.Join(dir, model.PEFTWeightsFile), ts, nil); err != nil {
		t.Fatal(err)
	}
	cfg, _ := json.Marshal(map[string]any{"peft_type": "LORA", "r": 4, "lora_alpha": 8, "target_modules": []string{"q_proj", "k_proj", "down_proj"}})
	if err := os.WriteFile(filepath.Join(dir, model.PEFTConfigFile), cfg, 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestLoraConvert converts a PEFT adapter with `lamina lora convert`,
// merges the GGUF with `lamina lora merge` (embedded base), and checks the
// result against merging the PEFT directory at load.
func TestLoraConvert(t *testing.T) {
	dir := t.TempDir()
	peft := filepath.Join(dir, "peft")
	os.Mkdir(peft, 0o755)
	writePEFT(t, peft)
	for _, typ := range []string{"keep", "F32"} {
		conv := filepath.Join(dir, "conv-"+typ+".gguf")
		stdout, errs, code := runCmd(t, "lora", "convert", peft, "-o", conv, "--type", typ)
		if code != 0 {
			t.Fatalf("exit %d: %s", code, errs)
		}
		if !strings.Contains(stdout, "llama LoRA, 3 targets, rank 4, alpha 8") {
			t.Errorf("convert output %q", stdout)
		}
		f, err := gguf.Open(conv)
		if err != nil {
			t.Fatal(err)
		}
		gt, _ := f.String("general.type")
		at, _ := f.String("adapter.type")
		alpha, _ := f.Float32("adapter.lora.alpha")
		ti, ok := f.Tensor("blk.1.attn_k.weight.lora_b")
		wantType := quant.BF16
		if typ == "F32" {
			wantType = quant.F32
		}
		if gt != "adapter" || at != "lora" || alpha != 8 || len(f.Tensors) != 6 || !ok || ti.Type != wantType || ti.ShapeString() != "[4 32]" {
			t.Errorf("converted file: %s %s alpha %v, %d tensors, lora_b %+v", gt, at, alpha, len(f.Tensors), ti)
		}
		f.Close()
		out := filepath.Join(dir, "merged-"+typ+".gguf")
		if _, errs, code := runCmd(t, "lora", "merge", "-q", "--lora", conv+":0.5", "-o", out); code != 0 {
			t.Fatalf("merge exit %d: %s", code, errs)
		}
		emb, err := embedded.Open()
		if err != nil {
			t.Fatal(err)
		}
		atLoad, err := model.Load(emb, model.WithMergedAdapters(model.AdapterSpec{Path: peft, Scale: 0.5}))
		if err != nil {
			t.Fatal(err)
		}
		tokens := []int32{1, 403, 407, 261, 378}
		if d, _, _ := diff(allLogits(t, openModel(t, out), tokens), allLogits(t, atLoad, tokens)); d != 0 {
			t.Errorf("%s: exported merge of the converted adapter differs from merging the PEFT directory by %g", typ, d)
		}
	}
}

func TestLoraErrors(t *testing.T) {
	dir := t.TempDir()
	other := filepath.Join(dir, "qwen.gguf")
	kvs := []gguf.KV{{Key: "general.architecture", Value: gguf.String("qwen2")}, {Key: "general.type", Value: gguf.String("adapter")},
		{Key: "adapter.type", Value: gguf.String("lora")}}
	ts := []gguf.Tensor{{Name: "blk.0.attn_q.weight.lora_a", Type: quant.F32, Shape: []int64{64, 1}, Data: make([]byte, 256)},
		{Name: "blk.0.attn_q.weight.lora_b", Type: quant.F32, Shape: []int64{1, 64}, Data: make([]byte, 256)}}
	if err := gguf.WriteFile(other, kvs, ts); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out.gguf")
	cases := []struct {
		args []string
		msg  string
	}{
		{[]string{"lora"}, "need a subcommand"},
		{[]string{"lora", "split"}, `unknown subcommand "split"`},
		{[]string{"lora", "merge", "-o", out}, "need at least one --lora"},
		{[]string{"lora", "merge", "--lora", other}, "need -o"},
		{[]string{"lora", "merge", "--lora", other, "-o", out}, `adapter for architecture "qwen2", the base model is "llama"`},
		{[]string{"lora", "merge", "--lora", loraR4, "-o", out}, "wrong base model"},
		{[]string{"lora", "merge", "--lora", other, "-o", out, "--type", "IQ2_XXS"}, "no quantizer"},
		{[]string{"lora", "merge", "--lora", "missing.gguf:0.5", "-o", out}, "missing.gguf"},
		{[]string{"lora", "convert", dir}, "need IN_DIR and -o"},
		{[]string{"lora", "convert", other, "-o", out}, "is not a directory"},
		{[]string{"lora", "convert", dir, "-o", out}, model.PEFTConfigFile},
	}
	for _, c := range cases {
		_, errs, code := runCmd(t, c.args...)
		if code != 1 || !strings.Contains(errs, c.msg) {
			t.Errorf("%v: exit %d, stderr %q, want a message with %q", c.args, code, errs, c.msg)
		}
	}
	if _, err := os.Stat(out); err == nil {
		t.Errorf("a failed merge left %s behind", out)
	}
}
