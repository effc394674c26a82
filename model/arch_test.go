package model_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/laminalabs/lamina/model"
	"github.com/laminalabs/lamina/model/gguf"
	"github.com/laminalabs/lamina/quant"
)

// TestArchConformance runs on a fresh machine: tiny gemma2 (F32, Q8_0) and
// phi3 models of testdata/model against llama.cpp's logits and greedy
// continuations (testdata/model/archs.json), with sequences exactly as
// long as gemma2's sliding window (8), one longer, and one of 600 tokens,
// past the ring a batched decode keeps.
func TestArchConformance(t *testing.T) {
	runManifest(t, readManifest(t, "../testdata/model/archs.json"))
}

func TestArchDecodeAllocs(t *testing.T) {
	for _, name := range []string{"gemma2-tiny-F32", "gemma2-tiny-Q8_0", "phi3-tiny-F32"} {
		t.Run(name, func(t *testing.T) {
			m, err := model.Open("../testdata/model/" + name + ".gguf")
			if err != nil {
				t.Fatal(err)
			}
			defer m.Close()
			for _, kv := range []model.KVType{model.KVF16, model.KVF32} {
				checkDecodeAllocs(t, m, kv)
			}
		})
	}
}

// fixtureParts returns a fixture's metadata and tensors.
func fixtureParts(t *testing.T, name string) ([]gguf.KV, []gguf.Tensor) {
	t.Helper()
	f, err := gguf.Open("../testdata/model/" + name + ".gguf")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	ts := make([]gguf.Tensor, len(f.Tensors))
	for i, ti := range f.Tensors {
		ts[i] = ti.Tensor
	}
	return append([]gguf.KV(nil), f.KV...), ts
}

// gemma3Parts turns the gemma2 fixture into a gemma3 file: the keys
// renamed, the soft caps dropped, per-head q/k norms added.
func gemma3Parts(t *testing.T) ([]gguf.KV, []gguf.Tensor) {
	kvs, ts := fixtureParts(t, "gemma2-tiny-F32")
	var out []gguf.KV
	for _, kv := range kvs {
		switch {
		case kv.Key == "general.architecture":
			kv.Value = gguf.String("gemma3")
		case strings.HasSuffix(kv.Key, "softcapping"):
			continue
		}
		kv.Key = strings.Replace(kv.Key, "gemma2.", "gemma3.", 1)
		out = append(out, kv)
	}
	ones := make([]byte, 16*4)
	for i := range 16 {
		copy(ones[4*i:], []byte{0, 0, 0x80, 0x3f}) // 1.0
	}
	for _, blk := range []string{"blk.0.", "blk.1."} {
		for _, n := range []string{"attn_q_norm.weight", "attn_k_norm.weight"} {
			ts = append(ts, gguf.Tensor{Name: blk + n, Type: quant.F32, Shape: []int64{16}, Data: ones})
		}
	}
	return out, ts
}

func setKV(kvs []gguf.KV, key string, v gguf.Value) []gguf.KV {
	out := append([]gguf.KV(nil), kvs...)
	for i := range out {
		if out[i].Key == key {
			out[i].Value = v
			return out
		}
	}
	return append(out, gguf.KV{Key: key, Value: v})
}

func loadParts(t *testing.T, kvs []gguf.KV, ts []gguf.Tensor) (*model.Model, error) {
	t.Helper()
	var buf bytes.Buffer
	if err := gguf.Write(&buf, kvs, ts); err != nil {
		t.Fatal(err)
	}
	f, err := gguf.Parse("variant.gguf", buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	return model.Load(f)
}

func TestArchConfig(t *testing.T) {
	kvs, ts := fixtureParts(t, "gemma2-tiny-F32")
	m, err := loadParts(t, kvs, ts)
	if err != nil {
		t.Fatal(err)
	}
	c := m.Config
	if c.AttnScale != 0.25 || c.AttnSoftcap != 20 || c.FinalSoftcap != 15 || c.SlidingWindow != 8 || c.SWAPattern != 2 || !c.Local(0) || c.Local(1) {
		t.Errorf("gemma2: scale %g, caps %g/%g, window %d, pattern %d, local %v", c.AttnScale, c.AttnSoftcap, c.FinalSoftcap, c.SlidingWindow, c.SWAPattern, c.LocalLayers)
	}
	// gemma3: no attention cap, final cap only when the key is present,
	// pattern 6 by default (both layers local), local RoPE base 10000.
	kvs, ts = gemma3Parts(t)
	if m, err = loadParts(t, kvs, ts); err != nil {
		t.Fatal(err)
	}
	c = m.Config
	if c.AttnSoftcap != 0 || c.FinalSoftcap != 0 || c.SWAPattern != 6 || !c.Local(0) || !c.Local(1) || c.RopeBaseLocal != 10000 {
		t.Errorf("gemma3: caps %g/%g, pattern %d, local %v, local base %g", c.AttnSoftcap, c.FinalSoftcap, c.SWAPattern, c.LocalLayers, c.RopeBaseLocal)
	}
	for _, v := range []struct {
		val   gguf.Value
		local []bool
	}{
		{gguf.Uint32(2), []bool{true, false}},
		{gguf.Uint32(1), []bool{false, false}},
		{gguf.Uint32(0), []bool{true, true}},
		{gguf.Bools([]bool{false, true}), []bool{false, true}},
	} {
		m, err := loadParts(t, setKV(kvs, "gemma3.attention.sliding_window_pattern", v.val), ts)
		if err != nil {
			t.Fatal(err)
		}
		if got := m.Config.LocalLayers; got[0] != v.local[0] || got[1] != v.local[1] {
			t.Errorf("pattern %v: local layers %v, want %v", v.val.Any(), got, v.local)
		}
	}
	m, err = loadParts(t, setKV(setKV(kvs, "gemma3.final_logit_softcapping", gguf.Float32(30)), "gemma3.rope.freq_base_swa", gguf.Float32(5e4)), ts)
	if err != nil {
		t.Fatal(err)
	}
	if m.Config.FinalSoftcap != 30 || m.Config.RopeBaseLocal != 5e4 {
		t.Errorf("gemma3 with keys: final cap %g, local base %g", m.Config.FinalSoftcap, m.Config.RopeBaseLocal)
	}
}

func TestArchBadModels(t *testing.T) {
	g3kvs, g3ts := gemma3Parts(t)
	p3kvs, p3ts := fixtureParts(t, "phi3-tiny-F32")
	without := func(ts []gguf.Tensor, name string) []gguf.Tensor {
		var out []gguf.Tensor
		for _, x := range ts {
			if x.Name != name {
				out = append(out, x)
			}
		}
		return out
	}
	factors := gguf.Tensor{Name: "rope_factors_long.weight", Type: quant.F32, Shape: []int64{8}, Data: make([]byte, 32)}
	for _, c := range []struct {
		name string
		kvs  []gguf.KV
		ts   []gguf.Tensor
		want string
	}{
		{"gemma3 pattern of 3 flags for 2 layers", setKV(g3kvs, "gemma3.attention.sliding_window_pattern", gguf.Bools([]bool{true, false, true})), g3ts, "3 entries for 2 layers (inconsistent pattern)"},
		{"gemma3 pattern as text", setKV(g3kvs, "gemma3.attention.sliding_window_pattern", gguf.String("2")), g3ts, "inconsistent pattern"},
		{"gemma3 negative pattern", setKV(g3kvs, "gemma3.attention.sliding_window_pattern", gguf.Int32(-2)), g3ts, "inconsistent pattern"},
		{"gemma3 without q norm", g3kvs, without(g3ts, "blk.1.attn_q_norm.weight"), `"blk.1.attn_q_norm.weight": missing tensor`},
		{"gemma3 negative soft cap", setKV(g3kvs, "gemma3.final_logit_softcapping", gguf.Float32(-1)), g3ts, "must not be negative"},
		{"gemma3 zero local base", setKV(g3kvs, "gemma3.rope.freq_base_swa", gguf.Float32(0)), g3ts, "rope.freq_base_swa"},
		{"phi3 without fused qkv", p3kvs, without(p3ts, "blk.0.attn_qkv.weight"), `"blk.0.attn_q.weight": missing tensor`},
		{"phi3 fused up of n_ff rows", p3kvs, resized(p3ts, "blk.1.ffn_up.weight", 32, 48), `"blk.1.ffn_up.weight": shape [32 48], want [32 96]`},
		{"phi3 LongRoPE factors", p3kvs, append(append([]gguf.Tensor{}, p3ts...), factors), "LongRoPE"},
	} {
		_, err := loadParts(t, c.kvs, c.ts)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want one containing %q", c.name, err, c.want)
		}
	}
}

// resized replaces tensor name with an F32 tensor of shape [in, out].
func resized(ts []gguf.Tensor, name string, in, out int64) []gguf.Tensor {
	res := append([]gguf.Tensor{}, ts...)
	for i := range res {
		if res[i].Name == name {
			res[i] = gguf.Tensor{Name: name, Type: quant.F32, Shape: []int64{in, out}, Data: make([]byte, 4*in*out)}
		}
	}
	return res
}

// TestArchFusedLoRA: an adapter on Phi-3's fused ffn_up is refused clearly
// (the forward pass multiplies its two halves as separate views).
func TestArchFusedLoRA(t *testing.T) {
	m, err := model.Open("../testdata/model/phi3-tiny-F32.gguf")
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	const r = 2
	path := t.TempDir() + "/lora.gguf"
	kvs := []gguf.KV{
		{Key: "general.architecture", Value: gguf.String("phi3")},
		{Key: "general.type", Value: gguf.String("adapter")},
		{Key: "adapter.type", Value: gguf.String("lora")},
		{Key: "adapter.lora.alpha", Value: gguf.Float32(4)},
	}
	ts := []gguf.Tensor{
		{Name: "blk.0.ffn_up.weight.lora_a", Type: quant.F32, Shape: []int64{32, r}, Data: make([]byte, 4*32*r)},
		{Name: "blk.0.ffn_up.weight.lora_b", Type: quant.F32, Shape: []int64{r, 96}, Data: make([]byte, 4*96*r)},
	}
	if err := gguf.WriteFile(path, kvs, ts); err != nil {
		t.Fatal(err)
	}
	_, err = m.LoadAdapter(path)
	if !errors.Is(err, model.ErrAdapterUnsupported) || !strings.Contains(err.Error(), "fused") {
		t.Errorf("adapter on the fused ffn_up: %v, want ErrAdapterUnsupported naming the fused matrix", err)
	}
}
