package model_test

import (
	"errors"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/laminalabs/lamina/model"
	"github.com/laminalabs/lamina/model/embedded"
	"github.com/laminalabs/lamina/model/gguf"
	"github.com/laminalabs/lamina/quant"
)

// sharedSynth holds the synthetic base models the adapters were made for.
const sharedSynth = "../../shared/testdata/synth/"

// Adapters for llama-tiny, copied into testdata (see testdata/PROVENANCE.md).
const (
	loraR8 = "../testdata/model/lora-llama-tiny-r8-all.gguf"
	loraR4 = "../testdata/model/lora-llama-tiny-r4-qv.gguf"
)

// openShared opens a synthetic base model of ../shared, skipping the test
// when ../shared is absent.
func openShared(t *testing.T, name string, opts ...model.Option) *model.Model {
	t.Helper()
	path := sharedSynth + name + ".gguf"
	if _, err := os.Stat(path); err != nil {
		t.Skipf("%s not found (the synthetic base models live in ../shared beside the project root)", path)
	}
	m, err := model.Open(path, opts...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { m.Close() })
	return m
}

// loadEmbedded loads the embedded stories260K model (llama, n_embd 64, 5
// layers, 8 heads, 4 KV heads, n_ff 172).
func loadEmbedded(t *testing.T, opts ...model.Option) *model.Model {
	t.Helper()
	f, err := embedded.Open()
	if err != nil {
		t.Fatal(err)
	}
	m, err := model.Load(f, opts...)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// randTensor returns a ggml-shaped F32 tensor of normal values × std.
func randTensor(rng *rand.Rand, name string, std float64, shape ...int64) gguf.Tensor {
	n := int64(1)
	for _, d := range shape {
		n *= d
	}
	v := make([]float32, n)
	for i := range v {
		v[i] = float32(rng.NormFloat64() * std)
	}
	return gguf.Tensor{Name: name, Type: quant.F32, Shape: shape, Data: f32Bytes(v)}
}

func f32Bytes(v []float32) []byte {
	b := make([]byte, 4*len(v))
	quant.Quantize(quant.F32, b, v)
	return b
}

// adapterKVs is the metadata llama.cpp's converter writes.
func adapterKVs(arch string, alpha float32) []gguf.KV {
	return []gguf.KV{
		{Key: "general.architecture", Value: gguf.String(arch)},
		{Key: "general.type", Value: gguf.String("adapter")},
		{Key: "adapter.type", Value: gguf.String("lora")},
		{Key: "adapter.lora.alpha", Value: gguf.Float32(alpha)},
	}
}

// loraPairFor returns random lora_a/lora_b tensors for a base matrix of
// nIn inputs and nOut outputs.
func loraPairFor(rng *rand.Rand, target string, nIn, nOut, rank int64) []gguf.Tensor {
	return []gguf.Tensor{
		randTensor(rng, target+".lora_a", 0.1, nIn, rank),
		randTensor(rng, target+".lora_b", 0.1, rank, nOut),
	}
}

func writeGGUF(t *testing.T, path string, kvs []gguf.KV, ts []gguf.Tensor) string {
	t.Helper()
	if err := gguf.WriteFile(path, kvs, ts); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestLoadAdapter(t *testing.T) {
	m := openShared(t, "llama-tiny-F32")
	cases := []struct {
		path    string
		name    string
		targets int
		rank    int
		alpha   float32
	}{
		{loraR8, "lora-llama-tiny-r8-all", 14, 8, 16},
		{loraR4, "lora-llama-tiny-r4-qv", 4, 4, 8},
	}
	for _, c := range cases {
		a, err := m.LoadAdapter(c.path)
		if err != nil {
			t.Fatal(err)
		}
		if a.Name() != c.name || len(a.Targets()) != c.targets || a.Rank() != c.rank || a.Alpha() != c.alpha || a.Path() != c.path {
			t.Errorf("%s: name %q, %d targets, rank %d, alpha %v", c.path, a.Name(), len(a.Targets()), a.Rank(), a.Alpha())
		}
		// llama.cpp: scale = user × alpha / rank.
		if s := a.Scale(1); s != 2 {
			t.Errorf("%s: Scale(1) = %v, want 2", c.path, s)
		}
		if s := a.Scale(0.5); s != 1 {
			t.Errorf("%s: Scale(0.5) = %v, want 1", c.path, s)
		}
		if !a.Has("blk.1.attn_q.weight") || a.Has("blk.1.attn_norm.weight") {
			t.Errorf("%s: Has is wrong", c.path)
		}
		if got := a.Targets()[0]; got != "blk.0.attn_q.weight" {
			t.Errorf("%s: first target %s, want blk.0.attn_q.weight", c.path, got)
		}
		if err := a.Close(); err != nil {
			t.Error(err)
		}
	}
}

// TestAdapterAlphaZero checks llama.cpp's rule: with alpha 0 (or no alpha
// key) the user scale applies alone.
func TestAdapterAlphaZero(t *testing.T) {
	m := loadEmbedded(t)
	dir := t.TempDir()
	rng := rand.New(rand.NewPCG(1, 2))
	ts := loraPairFor(rng, "blk.0.attn_q.weight", 64, 64, 4)
	for i, kvs := range [][]gguf.KV{adapterKVs("llama", 0), adapterKVs("llama", 0)[:3]} {
		path := writeGGUF(t, filepath.Join(dir, "a"+string(rune('0'+i))+".gguf"), kvs, ts)
		a, err := m.LoadAdapter(path)
		if err != nil {
			t.Fatal(err)
		}
		if s := a.Scale(0.7); s != 0.7 {
			t.Errorf("alpha 0: Scale(0.7) = %v, want 0.7", s)
		}
		a.Close()
	}
}

// TestBadAdapters checks that adapters that do not fit the model fail
// with an error naming the file and the tensor.
func TestBadAdapters(t *testing.T) {
	m := loadEmbedded(t)
	dir := t.TempDir()
	rng := rand.New(rand.NewPCG(3, 4))
	kvs := adapterKVs("llama", 8)
	set := func(key string, v gguf.Value) []gguf.KV {
		out := append([]gguf.KV(nil), kvs...)
		for i := range out {
			if out[i].Key == key {
				out[i].Value = v
			}
		}
		return out
	}
	good := loraPairFor(rng, "blk.0.attn_q.weight", 64, 64, 4)
	q4 := gguf.Tensor{Name: "blk.0.attn_v.weight.lora_a", Type: quant.Q4_0, Shape: []int64{64, 4}, Data: make([]byte, 4*2*18)}
	cases := []struct {
		name   string
		kvs    []gguf.KV
		ts     []gguf.Tensor
		path   string // an existing file instead of kvs/ts
		kind   error
		tensor string // named in the message
		msg    string
	}{
		{name: "rank mismatch", kvs: kvs, ts: []gguf.Tensor{randTensor(rng, "blk.0.attn_q.weight.lora_a", 1, 64, 4), randTensor(rng, "blk.0.attn_q.weight.lora_b", 1, 3, 64)},
			kind: model.ErrAdapterMismatch, tensor: "blk.0.attn_q.weight.lora_a", msg: "rank mismatch"},
		{name: "layer the base lacks", kvs: kvs, ts: loraPairFor(rng, "blk.7.attn_q.weight", 64, 64, 4),
			kind: model.ErrAdapterMismatch, tensor: "blk.7.attn_q.weight.lora_a", msg: "5 layers"},
		{name: "tensor the base lacks", kvs: kvs, ts: loraPairFor(rng, "blk.0.attn_qkv.weight", 64, 192, 4),
			kind: model.ErrAdapterMismatch, tensor: "blk.0.attn_qkv.weight.lora_a", msg: "does not exist in the base model"},
		{name: "other architecture", kvs: set("general.architecture", gguf.String("qwen2")), ts: good,
			kind: model.ErrAdapterMismatch, msg: `architecture "qwen2", the base model is "llama"`},
		{name: "other base model", path: loraR4, kind: model.ErrAdapterMismatch, tensor: "blk.0.attn_q.weight.lora_a", msg: "wrong base model"},
		{name: "output shape", kvs: kvs, ts: loraPairFor(rng, "blk.0.attn_k.weight", 64, 64, 4),
			kind: model.ErrAdapterMismatch, tensor: "blk.0.attn_k.weight.lora_b", msg: "gives 64 outputs"},
		{name: "half a pair", kvs: kvs, ts: good[:1], kind: model.ErrAdapterMismatch, tensor: "blk.0.attn_q.weight.lora_a", msg: "incomplete"},
		{name: "model file", path: "embedded/stories260K.gguf", kind: model.ErrNotAdapter, msg: "general.type is absent"},
		{name: "not lora", kvs: set("adapter.type", gguf.String("ia3")), ts: good, kind: model.ErrNotAdapter, msg: `"ia3"`},
		{name: "stray tensor", kvs: kvs, ts: append([]gguf.Tensor{randTensor(rng, "blk.0.attn_q.weight", 1, 64, 64)}, good...),
			kind: model.ErrNotAdapter, tensor: "blk.0.attn_q.weight"},
		{name: "quantized type", kvs: kvs, ts: []gguf.Tensor{q4, randTensor(rng, "blk.0.attn_v.weight.lora_b", 1, 4, 32)},
			kind: model.ErrAdapterUnsupported, tensor: "blk.0.attn_v.weight.lora_a", msg: "Q4_0"},
		{name: "norm target", kvs: kvs, ts: loraPairFor(rng, "blk.0.attn_norm.weight", 64, 1, 4),
			kind: model.ErrAdapterUnsupported, tensor: "blk.0.attn_norm.weight.lora_a", msg: "not a matrix the forward pass multiplies"},
		{name: "token embedding", kvs: kvs, ts: loraPairFor(rng, "token_embd.weight", 64, 512, 4),
			kind: model.ErrAdapterUnsupported, tensor: "token_embd.weight.lora_a", msg: "token embedding"},
		{name: "empty", kvs: kvs, ts: nil, kind: model.ErrNotAdapter, msg: "no lora_a/lora_b tensors"},
	}
	for i, c := range cases {
		path := c.path
		if path == "" {
			path = writeGGUF(t, filepath.Join(dir, "bad"+string(rune('a'+i))+".gguf"), c.kvs, c.ts)
		}
		a, err := m.LoadAdapter(path)
		if err == nil {
			a.Close()
			t.Errorf("%s: loaded", c.name)
			continue
		}
		msg := err.Error()
		t.Logf("%s: %s", c.name, msg)
		if !errors.Is(err, c.kind) || !strings.Contains(msg, path) || !strings.Contains(msg, c.msg) ||
			(c.tensor != "" && !strings.Contains(msg, `tensor "`+c.tensor+`"`)) {
			t.Errorf("%s: error %q, want kind %q naming %s, tensor %q and %q", c.name, msg, c.kind, path, c.tensor, c.msg)
		}
	}
	// A valid adapter on every matrix kind, output included, loads.
	var all []gguf.Tensor
	for _, mat := range []struct {
		name    string
		in, out int64
	}{{"attn_q", 64, 64}, {"attn_k", 64, 32}, {"attn_v", 64, 32}, {"attn_output", 64, 64}, {"ffn_gate", 64, 172}, {"ffn_up", 64, 172}, {"ffn_down", 172, 64}} {
		all = append(all, loraPairFor(rng, "blk.4."+mat.name+".weight", mat.in, mat.out, 2)...)
	}
	all = append(all, loraPairFor(rng, "output.weight", 64, 512, 2)...)
	a, err := m.LoadAdapter(writeGGUF(t, filepath.Join(dir, "all.gguf"), kvs, all))
	if err != nil {
		t.Fatal(err)
	}
	if n := len(a.Targets()); n != 8 || a.Targets()[7] != "output.weight" {
		t.Errorf("targets %v", a.Targets())
	}
	a.Close()
}

func TestParseAdapterSpec(t *testing.T) {
	cases := []struct {
		in    string
		path  string
		scale float32
		ok    bool
	}{
		{"a.gguf", "a.gguf", 1, true},
		{"a.gguf:0.5", "a.gguf", 0.5, true},
		{"C:\\x\\a.gguf:2", "C:\\x\\a.gguf", 2, true},
		{"dir:with:colons", "dir:with:colons", 1, true},
		{"a.gguf:-1", "a.gguf", -1, true},
		{"a.gguf:NaN", "", 0, false},
		{"", "", 0, false},
	}
	for _, c := range cases {
		s, err := model.ParseAdapterSpec(c.in)
		if (err == nil) != c.ok || (c.ok && (s.Path != c.path || s.Scale != c.scale)) {
			t.Errorf("ParseAdapterSpec(%q) = %+v, %v", c.in, s, err)
		}
	}
}
