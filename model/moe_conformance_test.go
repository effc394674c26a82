package model_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/laminalabs/lamina/model"
	"github.com/laminalabs/lamina/model/gguf"
)

// sharedSynthV2 holds the models of the second reference set.
const sharedSynthV2 = "../../shared/testdata/synth/v2"

// TestMoEFixtureConformance runs on a fresh machine: two tiny
// mixture-of-experts models kept in testdata/model (qwen3moe, 8 experts, 2
// used, tied output; llama, 8 experts, 3 used, untied), against llama.cpp's
// logits of every position and its greedy continuations.
func TestMoEFixtureConformance(t *testing.T) {
	runManifest(t, readManifest(t, "../testdata/model/moe-tiny.json"))
}

// TestDecodeAllocsMoE checks that decoding a mixture-of-experts model
// allocates nothing per step: the fixtures of testdata/model and, when
// ../shared is there, the second reference set's models in several weight
// types, at several thread counts.
func TestDecodeAllocsMoE(t *testing.T) {
	paths := []string{"../testdata/model/moe-qwen3moe-8x2-Q8_0.gguf", "../testdata/model/moe-mixtral-8x3-Q8_0.gguf"}
	for _, name := range []string{"qwen3moe-tiny-F32", "qwen3moe-tiny-Q4_K_M", "mixtral-tiny-Q8_0", "mixtral-tiny-Q4_K_M"} {
		paths = append(paths, filepath.Join(sharedSynthV2, name+".gguf"))
	}
	for _, path := range paths {
		if _, err := os.Stat(path); err != nil {
			t.Logf("skipping %s: %v", path, err)
			continue
		}
		for _, threads := range []int{1, 3} {
			m, err := model.Open(path, model.WithThreads(threads))
			if err != nil {
				t.Fatal(err)
			}
			for _, kv := range []model.KVType{model.KVF16, model.KVF32} {
				t.Run(fmt.Sprintf("%s/threads=%d/kv=%s", filepath.Base(path), threads, kvName[kv]), func(t *testing.T) { checkDecodeAllocs(t, m, kv) })
			}
			m.Close()
		}
	}
}

// TestMoELlref checks shapes the reference set does not hold against
// llama.cpp itself: it writes models with ../shared/tools/gguf_synth.py,
// quantizes them and computes their logits with llref (llama.cpp as an
// oracle, see ../shared/tools/llref), and compares every position on the
// exact path. It runs only where both tools exist ($LLREF, default
// /tmp/llref-cache/llref, the place llref's setup.sh builds it).
func TestMoELlref(t *testing.T) {
	if testing.Short() {
		t.Skip("-short")
	}
	const synthTool = "../../shared/tools/gguf_synth.py"
	llref := os.Getenv("LLREF")
	if llref == "" {
		llref = "/tmp/llref-cache/llref"
	}
	python, err := exec.LookPath("python3")
	for _, p := range []string{synthTool, llref} {
		if _, e := os.Stat(p); e != nil && err == nil {
			err = e
		}
	}
	if err != nil {
		t.Skipf("llama.cpp oracle not available: %v", err)
	}
	common := []string{"--n-embd", "256", "--std", "0.05", "--n-layer", "2", "--router-std", "0.3", "--vocab", "384", "--out-norm-gain", "10"}
	cases := []struct {
		name string
		args []string
	}{
		// 8 experts, 2 used, untied output (Qwen3-30B-A3B's routing at a small scale).
		{"qwen3moe-8x2-untied", []string{"--arch", "qwen3moe", "--n-head", "4", "--n-head-kv", "2", "--head-dim", "32", "--n-ff", "256", "--n-ff-exp", "32", "--n-expert", "8", "--n-expert-used", "2", "--qk-norm-gain", "1.5", "--seed", "71"}},
		// Tied output; every expert used.
		{"qwen3moe-6x6-tied", []string{"--arch", "qwen3moe", "--n-head", "4", "--n-head-kv", "4", "--head-dim", "64", "--n-ff", "64", "--n-ff-exp", "64", "--n-expert", "6", "--n-expert-used", "6", "--tie-embeddings", "--embd-std", "0.05", "--seed", "73"}},
		// 3 used: the weighted sum's order matters.
		{"mixtral-8x3-tied", []string{"--arch", "llama", "--n-head", "8", "--n-head-kv", "2", "--n-ff", "32", "--n-expert", "8", "--n-expert-used", "3", "--qk-std", "0.1", "--tie-embeddings", "--embd-std", "0.05", "--seed", "72"}},
		// One expert per token, untied.
		{"mixtral-4x1-untied", []string{"--arch", "llama", "--n-head", "8", "--n-head-kv", "2", "--n-ff", "64", "--n-expert", "4", "--n-expert-used", "1", "--qk-std", "0.1", "--seed", "76"}},
	}
	r := rand.New(rand.NewPCG(2, 2))
	tokens := []int32{1}
	for range 31 {
		tokens = append(tokens, int32(3+r.IntN(384-3)))
	}
	list := make([]string, len(tokens))
	for i, id := range tokens {
		list[i] = fmt.Sprint(id)
	}
	dir := t.TempDir()
	run := func(t *testing.T, name string, args ...string) {
		t.Helper()
		if out, err := exec.Command(name, args...).CombinedOutput(); err != nil {
			t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
		}
	}
	for _, c := range cases {
		f32 := filepath.Join(dir, c.name+"-F32.gguf")
		run(t, python, append(append([]string{synthTool, "model", f32}, common...), c.args...)...)
		for _, typ := range []string{"F32", "Q8_0", "Q4_K_M"} {
			t.Run(c.name+"-"+typ, func(t *testing.T) {
				path := f32
				if typ != "F32" {
					path = filepath.Join(dir, c.name+"-"+typ+".gguf")
					run(t, llref, "quantize", f32, path, typ)
				}
				ref := filepath.Join(dir, c.name+"-"+typ+".f32")
				run(t, llref, "logits", path, "--tokens", strings.Join(list, ","), "--all", "--fa", "off", "--kv-type", "f32", "-o", ref)
				m, err := model.Open(path, model.WithThreads(2))
				if err != nil {
					t.Fatal(err)
				}
				defer m.Close()
				got, err := newSession(t, m, len(tokens)).Decode(tokens, true)
				if err != nil {
					t.Fatal(err)
				}
				want := readF32(t, ref)
				maxAbs, cos, rms := compare(got, want)
				limAbs, limCos := tolerance(typ)
				if maxAbs > limAbs*rms || cos < limCos {
					t.Errorf("max-abs %.4g (limit %.4g), cos %.7f (limit %g)", maxAbs, limAbs*rms, cos, limCos)
				}
				vocab := m.Config.VocabSize
				for p := range tokens {
					w := want[p*vocab : (p+1)*vocab]
					if best := argmax(w); margin(w, best) > float32(limAbs*rms) && argmax(got[p*vocab:(p+1)*vocab]) != best {
						t.Errorf("position %d: argmax %d, llama.cpp %d (margin %.3g)", p, argmax(got[p*vocab:(p+1)*vocab]), best, margin(w, best))
					}
				}
				t.Logf("max-abs %.4g (%.4f×rms), cos %.8f", maxAbs, maxAbs/rms, cos)
			})
		}
	}
}

// margin is the gap between the largest logit, at best, and the next.
func margin(x []float32, best int32) float32 {
	second := float32(math.Inf(-1))
	for i, v := range x {
		if int32(i) != best && v > second {
			second = v
		}
	}
	return x[best] - second
}

// TestBadMoEModels checks that broken mixture-of-experts files fail to
// load with errors that name the key or tensor and say what is wrong.
func TestBadMoEModels(t *testing.T) {
	for _, c := range []struct {
		file, name string
		edit       func(kvs []gguf.KV, ts []gguf.Tensor) ([]gguf.KV, []gguf.Tensor)
		msg        []string
	}{
		{"mixtral-tiny-F32", "more experts used than exist", setKey("llama.expert_used_count", gguf.Uint32(5)),
			[]string{`"llama.expert_used_count"`, "5 experts used per token, but the model has 4"}},
		{"mixtral-tiny-F32", "experts without a used count", dropKey("llama.expert_used_count"),
			[]string{`"llama.expert_used_count"`, "missing or 0"}},
		{"qwen3moe-tiny-F32", "qwen3moe without experts", dropKey("qwen3moe.expert_count"),
			[]string{`"qwen3moe.expert_count"`, "needs experts"}},
		{"qwen3moe-tiny-F32", "expert tensor of the wrong shape", reshapeTensor("blk.1.ffn_down_exps.weight", 256, 32, 4),
			[]string{`"blk.1.ffn_down_exps.weight"`, "shape [256 32 4], want [32 256 4]"}},
		{"qwen3moe-tiny-F32", "expert count unlike the tensors", setKey("qwen3moe.expert_count", gguf.Uint32(8)),
			[]string{`"blk.0.ffn_gate_inp.weight"`, "shape [256 4], want [256 8]"}},
		{"mixtral-tiny-F32", "missing router", dropTensor("blk.0.ffn_gate_inp.weight"),
			[]string{`"blk.0.ffn_gate_inp.weight"`, "missing tensor"}},
		{"mixtral-tiny-F32", "2-D expert tensor", reshapeTensor("blk.0.ffn_up_exps.weight", 256, 128),
			[]string{`"blk.0.ffn_up_exps.weight"`, "shape [256 128], want [256 32 4]"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(sharedSynthV2, c.file+".gguf")
			f, err := gguf.Open(path)
			if err != nil {
				t.Skipf("%s not found (the second reference set lives in ../shared): %v", path, err)
			}
			defer f.Close()
			ts := make([]gguf.Tensor, len(f.Tensors))
			for i, ti := range f.Tensors {
				ts[i] = ti.Tensor
			}
			kvs, ts := c.edit(append([]gguf.KV(nil), f.KV...), ts)
			err = loadVariant(t, kvs, ts)
			if err == nil {
				t.Fatal("loaded")
			}
			t.Log(err)
			for _, m := range c.msg {
				if !strings.Contains(err.Error(), m) {
					t.Errorf("error %q does not say %q", err, m)
				}
			}
		})
	}
}

func setKey(key string, v gguf.Value) func([]gguf.KV, []gguf.Tensor) ([]gguf.KV, []gguf.Tensor) {
	return func(kvs []gguf.KV, ts []gguf.Tensor) ([]gguf.KV, []gguf.Tensor) {
		for i := range kvs {
			if kvs[i].Key == key {
				kvs[i].Value = v
			}
		}
		return kvs, ts
	}
}

func dropKey(key string) func([]gguf.KV, []gguf.Tensor) ([]gguf.KV, []gguf.Tensor) {
	return func(kvs []gguf.KV, ts []gguf.Tensor) ([]gguf.KV, []gguf.Tensor) {
		return slices.DeleteFunc(kvs, func(kv gguf.KV) bool { return kv.Key == key }), ts
	}
}

func dropTensor(name string) func([]gguf.KV, []gguf.Tensor) ([]gguf.KV, []gguf.Tensor) {
	return func(kvs []gguf.KV, ts []gguf.Tensor) ([]gguf.KV, []gguf.Tensor) {
		return kvs, slices.DeleteFunc(ts, func(x gguf.Tensor) bool { return x.Name == name })
	}
}

func reshapeTensor(name string, shape ...int64) func([]gguf.KV, []gguf.Tensor) ([]gguf.KV, []gguf.Tensor) {
	return func(kvs []gguf.KV, ts []gguf.Tensor) ([]gguf.KV, []gguf.Tensor) {
		for i := range ts {
			if ts[i].Name == name {
				ts[i].Shape = shape
			}
		}
		return kvs, ts
	}
}
