package model_test

import (
	"encoding/json"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/laminalabs/lamina/model"
	"github.com/laminalabs/lamina/model/gguf"
	"github.com/laminalabs/lamina/quant"
	"github.com/laminalabs/lamina/tensor"
)

// refLora is one LoRA case of the reference manifest.
type refLora struct {
	refLogits
	Adapters []struct {
		Adapter string  `json:"adapter"`
		Path    string  `json:"path"`
		Scale   float32 `json:"scale"`
	} `json:"lora"`
}

// loraManifest reads the LoRA cases and greedy continuations of the
// shared reference manifest.
func loraManifest(t *testing.T) (m *manifest, cases []refLora, gens []refLoraGen) {
	t.Helper()
	m = readManifest(t, filepath.Join(sharedRef, "manifest.json"))
	b, _ := os.ReadFile(filepath.Join(sharedRef, "manifest.json"))
	var raw struct {
		Lora     []refLora    `json:"lora"`
		Generate []refLoraGen `json:"generate"`
	}
	if err := json.Unmarshal(b, &raw); err != nil {
		t.Fatal(err)
	}
	for _, g := range raw.Generate {
		if len(g.Adapters) > 0 {
			gens = append(gens, g)
		}
	}
	return m, raw.Lora, gens
}

// refLoraGen is a greedy continuation with adapters.
type refLoraGen struct {
	refGenerate
	Adapters []struct {
		Path  string  `json:"path"`
		Scale float32 `json:"scale"`
	} `json:"lora"`
}

// TestMergeConformance merges the reference adapters into the base at
// load and compares the logits with llama.cpp's, which applied the
// adapters unmerged: merging is right if the two agree within the base
// type's tolerance (the README's "LoRA (any base): as for the base type").
func TestMergeConformance(t *testing.T) {
	if testing.Short() {
		t.Skip("-short")
	}
	m, cases, gens := loraManifest(t)
	for _, c := range cases {
		if c.Path != "exact" {
			continue
		}
		var specs []model.AdapterSpec
		var names []string
		for _, a := range c.Adapters {
			specs = append(specs, model.AdapterSpec{Path: filepath.Join(m.dir, a.Path), Scale: a.Scale})
			names = append(names, a.Adapter+"@"+fmtScale(a.Scale))
		}
		rm := m.Models[c.Model]
		variants := []struct {
			name string
			opts []model.Option
		}{{"", nil}}
		if rm.Label != "F32" { // a quantized base: also merged matrices kept in F16
			variants = append(variants, struct {
				name string
				opts []model.Option
			}{"/as-F16", []model.Option{model.WithMergeType(quant.F16)}})
		}
		for _, v := range variants {
			t.Run(c.Model+"/"+strings.Join(names, "+")+v.name, func(t *testing.T) {
				mdl, err := model.Open(filepath.Join(m.dir, rm.Path), append(v.opts, model.WithMergedAdapters(specs...))...)
				if err != nil {
					t.Fatal(err)
				}
				defer mdl.Close()
				got, err := newSession(t, mdl, len(c.Tok)).Decode(c.Tok, c.All)
				if err != nil {
					t.Fatal(err)
				}
				want := readF32(t, filepath.Join(m.dir, c.File))
				maxAbs, cos, rms := compare(got, want)
				limAbs, limCos := tolerance(rm.Label)
				if maxAbs > limAbs*rms || cos < limCos {
					t.Errorf("max-abs %.4g (limit %.4g), cos %.7f (limit %g)", maxAbs, limAbs*rms, cos, limCos)
				}
				t.Logf("max-abs %.4g (%.4f×rms), cos %.8f", maxAbs, maxAbs/rms, cos)
			})
		}
	}
	for i, g := range gens {
		if g.Path != "exact" {
			continue
		}
		t.Run("greedy/"+g.Model+"/"+string(rune('a'+i%26)), func(t *testing.T) {
			var specs []model.AdapterSpec
			for _, a := range g.Adapters {
				specs = append(specs, model.AdapterSpec{Path: filepath.Join(m.dir, a.Path), Scale: a.Scale})
			}
			rm := m.Models[g.Model]
			mdl, err := model.Open(filepath.Join(m.dir, rm.Path), model.WithMergedAdapters(specs...))
			if err != nil {
				t.Fatal(err)
			}
			defer mdl.Close()
			checkGreedyOn(t, mdl, rm.Label, g.refGenerate)
		})
	}
}

func fmtScale(s float32) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// checkGreedyOn is checkGreedy for a model already loaded: teacher-forced
// argmax at every clear step, free-running up to the first unclear one.
func checkGreedyOn(t *testing.T, mdl *model.Model, label string, g refGenerate, opts ...model.SessionOption) {
	limAbs, _ := tolerance(label)
	seq := append(append([]int32{}, g.Prompt...), g.Tokens[:len(g.Tokens)-1]...)
	s := newSession(t, mdl, len(seq)+1, opts...)
	all, err := s.Decode(seq, true)
	if err != nil {
		t.Fatal(err)
	}
	vocab := mdl.Config.VocabSize
	delta := float32(limAbs * rmsOf(all))
	for i, want := range g.Tokens {
		row := all[(len(g.Prompt)-1+i)*vocab : (len(g.Prompt)+i)*vocab]
		if g.Margins[i] >= delta && argmax(row) != want {
			t.Errorf("teacher-forced step %d: argmax %d, llama.cpp %d (margin %.3g)", i, argmax(row), want, g.Margins[i])
		}
	}
	s.Reset()
	logits, err := s.Decode(g.Prompt, false)
	for i, want := range g.Tokens {
		if err != nil {
			t.Fatal(err)
		}
		if g.Margins[i] < delta {
			t.Logf("free-running: identical for %d tokens, up to the first unclear step", i)
			return
		}
		if got := argmax(logits); got != want {
			t.Fatalf("free-running step %d: token %d, llama.cpp %d", i, got, want)
		}
		logits, err = s.Decode([]int32{want}, false)
	}
	t.Logf("free-running: all %d tokens identical", len(g.Tokens))
}

// handMerge returns W + Σ s_i·B_i·A_i in float64, row-major (n_out, n_in),
// from float32 weights w (n_out, n_in), a_i (r, n_in), b_i (n_out, r).
func handMerge(w []float32, nIn, nOut int, deltas ...handDelta) []float64 {
	out := make([]float64, len(w))
	for i, x := range w {
		out[i] = float64(x)
	}
	for _, d := range deltas {
		for o := range nOut {
			for i := range nIn {
				var s float64
				for k := range d.rank {
					s += float64(d.b[o*d.rank+k]) * float64(d.a[k*nIn+i])
				}
				out[o*nIn+i] += d.scale * s
			}
		}
	}
	return out
}

type handDelta struct {
	a, b  []float32
	rank  int
	scale float64
}

func tensorF32(t *testing.T, tt *tensor.Tensor) []float32 {
	t.Helper()
	v, err := tt.Float32()
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// TestMergeTensor merges two random adapters into stories260K's weights
// (F32, and requantized to Q8_0, Q4_K, F16, BF16) and checks the result
// against a float64 merge by hand, and the reported error against the
// error recomputed from the result.
func TestMergeTensor(t *testing.T) {
	m := loadEmbedded(t)
	rng := rand.New(rand.NewPCG(5, 6))
	dir := t.TempDir()
	const target = "blk.1.ffn_down.weight" // [172, 64]: rows of 172 weights, not a multiple of 32
	const target2 = "blk.2.attn_q.weight"  // [64, 64]
	t1 := append(loraPairFor(rng, target, 172, 64, 4), loraPairFor(rng, target2, 64, 64, 4)...)
	t2 := loraPairFor(rng, target2, 64, 64, 3)
	a1, err := m.LoadAdapter(writeGGUF(t, filepath.Join(dir, "a1.gguf"), adapterKVs("llama", 8), t1))
	if err != nil {
		t.Fatal(err)
	}
	defer a1.Close()
	a2, err := m.LoadAdapter(writeGGUF(t, filepath.Join(dir, "a2.gguf"), adapterKVs("llama", 0), t2))
	if err != nil {
		t.Fatal(err)
	}
	defer a2.Close()
	adapters := []model.ScaledAdapter{{Adapter: a1, Scale: 0.8}, {Adapter: a2, Scale: -0.3}}
	deltaOf := func(ts []gguf.Tensor, scale float64) handDelta {
		a, b := ts[0], ts[1]
		return handDelta{tensorF32(t, &a), tensorF32(t, &b), int(a.Shape[1]), scale}
	}
	f := m.File()
	for _, c := range []struct {
		target string
		deltas []handDelta
	}{
		{target, []handDelta{deltaOf(t1[:2], 0.8*8/4)}},
		{target2, []handDelta{deltaOf(t1[2:], 0.8*8/4), deltaOf(t2, -0.3)}},
	} {
		base, _ := f.Tensor(c.target)
		nIn, nOut := int(base.Shape[0]), int(base.Shape[1])
		wantF := handMerge(tensorF32(t, &base.Tensor), nIn, nOut, c.deltas...)
		for _, to := range []quant.Type{model.KeepTypes, quant.F16, quant.BF16, quant.Q8_0, quant.Q4_K} {
			w := base.Tensor
			if to == quant.Q8_0 || to == quant.Q4_K {
				if _, err := to.RowBytes(nIn); err != nil {
					if _, _, err := model.MergeTensor(&w, to, adapters, 2); err == nil {
						t.Errorf("%s to %s: merged rows of %d", c.target, to, nIn)
					}
					continue
				}
			}
			data, st, err := model.MergeTensor(&w, to, adapters, 3)
			if err != nil {
				t.Fatal(err)
			}
			typ := to
			if to == model.KeepTypes {
				typ = quant.F32
			}
			got := make([]float32, nIn*nOut)
			if err := quant.Dequantize(typ, got, data); err != nil {
				t.Fatal(err)
			}
			var sum, maxErr, maxW, maxHand float64
			for i, g := range got {
				e := math.Abs(float64(g) - float64(float32(wantF[i])))
				sum += e * e
				maxErr = max(maxErr, e)
				maxW = max(maxW, math.Abs(wantF[i]))
				maxHand = max(maxHand, math.Abs(float64(g)-wantF[i]))
			}
			rms := math.Sqrt(sum / float64(len(got)))
			if st.Type != typ || st.Name != c.target || st.Adapters != len(c.deltas) {
				t.Errorf("%s to %s: stat %+v", c.target, to, st)
			}
			// The reported error is the error of storing in typ.
			if math.Abs(st.RMS-rms) > 1e-6*maxW || math.Abs(st.MaxAbs-maxErr) > 1e-6*maxW {
				t.Errorf("%s to %s: reported rms %.3g max-abs %.3g, recomputed %.3g %.3g", c.target, to, st.RMS, st.MaxAbs, rms, maxErr)
			}
			// And the stored weights are the hand merge within that type's precision.
			lim := map[quant.Type]float64{quant.F32: 1e-6, quant.F16: 1e-3, quant.BF16: 8e-3, quant.Q8_0: 8e-3, quant.Q4_K: 0.15}[typ]
			if maxHand > lim*maxW {
				t.Errorf("%s to %s: max |merged − hand merge| %.3g, limit %.3g", c.target, to, maxHand, lim*maxW)
			}
			t.Logf("%s → %s: rms %.3g, max-abs %.3g (of max |w| %.3g)", c.target, typ, st.RMS, st.MaxAbs, maxW)
		}
	}
}

// TestMergeAtLoadAllOrNothing checks that a failing adapter leaves no
// merge behind: the load fails, and a load without it gives the plain
// adapter's logits.
func TestMergeAtLoadAllOrNothing(t *testing.T) {
	dir := t.TempDir()
	rng := rand.New(rand.NewPCG(7, 8))
	good := writeGGUF(t, filepath.Join(dir, "good.gguf"), adapterKVs("llama", 4), loraPairFor(rng, "blk.0.attn_v.weight", 64, 32, 2))
	bad := writeGGUF(t, filepath.Join(dir, "bad.gguf"), adapterKVs("llama", 4), loraPairFor(rng, "blk.0.attn_v.weight", 64, 64, 2))
	f, err := gguf.Open("embedded/stories260K.gguf")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := model.Load(f, model.WithMergedAdapters(model.AdapterSpec{Path: good, Scale: 1}, model.AdapterSpec{Path: bad, Scale: 1})); err == nil || !strings.Contains(err.Error(), bad) {
		t.Fatalf("load with a bad adapter: %v", err)
	}
	if _, err := model.Load(f, model.WithMergeType(quant.Q8_K)); err == nil {
		t.Errorf("merge type Q8_K accepted")
	}
	// Rows of 64 weights do not fit Q4_K's 256-weight blocks.
	if _, err := model.Load(f, model.WithMergeType(quant.Q4_K), model.WithMergedAdapters(model.AdapterSpec{Path: good, Scale: 1})); err == nil || !strings.Contains(err.Error(), "blk.0.attn_v.weight") {
		t.Errorf("merge to Q4_K of 64-weight rows: %v", err)
	}
	tokens := []int32{1, 403, 407, 261, 378}
	logits := func(opts ...model.Option) []float32 {
		m, err := model.Load(f, opts...)
		if err != nil {
			t.Fatal(err)
		}
		out, err := newSession(t, m, 8).Decode(tokens, true)
		if err != nil {
			t.Fatal(err)
		}
		return append([]float32(nil), out...)
	}
	plain := logits()
	merged := logits(model.WithMergedAdapters(model.AdapterSpec{Path: good, Scale: 1}))
	zero := logits(model.WithMergedAdapters(model.AdapterSpec{Path: good, Scale: 0}))
	if d, _, _ := compare(merged, plain); d < 1e-3 {
		t.Errorf("merged adapter changed the logits by only %g", d)
	}
	if d, _, _ := compare(zero, plain); d != 0 {
		t.Errorf("scale 0 changed the logits by %g", d)
	}
	// The file's own tensors are untouched: a plain load after the merges
	// gives the plain logits again.
	if d, _, _ := compare(logits(), plain); d != 0 {
		t.Errorf("the base changed by %g after merging", d)
	}
}
