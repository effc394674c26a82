package model_test

import (
	"encoding/binary"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/laminalabs/lamina/model"
	"github.com/laminalabs/lamina/model/embedded"
	"github.com/laminalabs/lamina/model/gguf"
)

// The conformance suite compares Lamina with llama.cpp's outputs on the
// exact path (no flash attention, F32 KV cache), with the tolerances of
// ../shared/reference/README.md: relative to the rms of the reference
// logits, by weight type.

const sharedRef = "../../shared/reference"

// refLogits is one logits case of a reference manifest.
type refLogits struct {
	Model string  `json:"model"`
	Tok   []int32 `json:"tokens"`
	All   bool    `json:"all_positions"`
	Path  string  `json:"path"`
	File  string  `json:"file"`
	Shape []int   `json:"shape"`
	Lora  []any   `json:"lora"`
}

// refGenerate is one greedy continuation of a reference manifest.
type refGenerate struct {
	Model   string    `json:"model"`
	Prompt  []int32   `json:"prompt_tokens"`
	Tokens  []int32   `json:"tokens"`
	Path    string    `json:"path"`
	Lora    []any     `json:"lora"`
	Margins []float32 `json:"margins"`
}

type refModel struct {
	Path  string `json:"path"`
	Label string `json:"label"`
	Arch  string `json:"arch"`
}

type manifest struct {
	dir      string
	Models   map[string]refModel `json:"models"`
	Logits   []refLogits         `json:"logits"`
	Generate []refGenerate       `json:"generate"`
}

func readManifest(t *testing.T, path string) *manifest {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Skipf("%s not found (llama.cpp's reference outputs live in ../shared beside the project root): %v", path, err)
	}
	m := &manifest{dir: filepath.Dir(path)}
	if err := json.Unmarshal(b, m); err != nil {
		t.Fatal(err)
	}
	return m
}

// tolerance returns the max-abs limit (× rms) and the cosine floor for a
// model file label, from the reference README.
func tolerance(label string) (maxAbs, cos float64) {
	switch label {
	case "F32", "as-is", "":
		return 0.01, 0.99999
	case "F16":
		return 0.02, 0.99999
	case "BF16":
		return 0.08, 0.99995
	}
	return 0.25, 0.999
}

// models caches loaded models across subtests.
var models sync.Map

func loadRef(t *testing.T, m *manifest, id string) (*model.Model, string) {
	t.Helper()
	rm, ok := m.Models[id]
	if !ok { // the in-repo set: the embedded stories260K
		rm = refModel{Label: "as-is"}
	}
	key := rm.Path
	if v, ok := models.Load(key); ok {
		return v.(*model.Model), rm.Label
	}
	var (
		f   *gguf.File
		err error
	)
	if rm.Path == "" {
		f, err = embedded.Open()
	} else {
		f, err = gguf.Open(filepath.Join(m.dir, rm.Path))
	}
	if err != nil {
		t.Fatal(err)
	}
	skipUnsupported(t, f, id)
	mdl, err := model.Load(f)
	if err != nil {
		if n, _ := f.Uint32(rm.Arch + ".expert_count"); n > 0 {
			t.Skipf("%s: mixture-of-experts file does not load (not supported yet?): %v", id, err)
		}
		t.Fatal(err)
	}
	models.Store(key, mdl)
	return mdl, rm.Label
}

// skipUnsupported skips a case whose model has an architecture Lamina does
// not run yet, so that the harness picks new architectures up as they come.
func skipUnsupported(t *testing.T, f *gguf.File, id string) {
	t.Helper()
	arch, _ := f.String("general.architecture")
	for _, a := range model.Architectures() {
		if a == arch {
			return
		}
	}
	t.Skipf("%s: architecture %q is not supported yet (supported: %s)", id, arch, strings.Join(model.Architectures(), ", "))
}

func readF32(t *testing.T, path string) []float32 {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	out := make([]float32, len(b)/4)
	for i := range out {
		out[i] = math.Float32frombits(binary.LittleEndian.Uint32(b[4*i:]))
	}
	return out
}

// compare returns max-abs difference, cosine similarity and rms of want.
func compare(got, want []float32) (maxAbs, cos, rms float64) {
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

func newSession(t *testing.T, m *model.Model, n int, opts ...model.SessionOption) *model.Session {
	t.Helper()
	s, err := m.NewSession(append([]model.SessionOption{model.WithKVType(model.KVF32), model.WithContext(max(n, 8))}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func checkLogits(t *testing.T, m *manifest, c refLogits) {
	mdl, label := loadRef(t, m, c.Model)
	s := newSession(t, mdl, len(c.Tok))
	got, err := s.Decode(c.Tok, c.All)
	if err != nil {
		t.Fatal(err)
	}
	want := readF32(t, filepath.Join(m.dir, c.File))
	if len(got) != len(want) {
		t.Fatalf("%d logits, reference has %d", len(got), len(want))
	}
	maxAbs, cos, rms := compare(got, want)
	limAbs, limCos := tolerance(label)
	if !(maxAbs <= limAbs*rms) || !(cos >= limCos) { // NaN fails
		t.Errorf("max-abs %.4g (limit %.4g), cos %.7f (limit %g)", maxAbs, limAbs*rms, cos, limCos)
	}
	t.Logf("max-abs %.4g (%.4f×rms), cos %.8f", maxAbs, maxAbs/rms, cos)
}

// checkGreedy runs the two greedy checks of the reference README: the
// teacher-forced argmax at every step with a clear reference margin, and
// free-running greedy decoding up to the first unclear step.
func checkGreedy(t *testing.T, m *manifest, g refGenerate) {
	mdl, label := loadRef(t, m, g.Model)
	limAbs, _ := tolerance(label)
	seq := append(append([]int32{}, g.Prompt...), g.Tokens[:len(g.Tokens)-1]...)
	s := newSession(t, mdl, len(seq)+1)
	all, err := s.Decode(seq, true)
	if err != nil {
		t.Fatal(err)
	}
	vocab := mdl.Config.VocabSize
	rms := rmsOf(all)
	delta := float32(limAbs * rms)
	for i, want := range g.Tokens {
		if g.Margins[i] < delta {
			continue
		}
		row := all[(len(g.Prompt)-1+i)*vocab : (len(g.Prompt)+i)*vocab]
		if got := argmax(row); got != want {
			t.Errorf("teacher-forced step %d: argmax %d, llama.cpp %d (margin %.3g)", i, got, want, g.Margins[i])
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

func rmsOf(x []float32) float64 {
	var ss float64
	for _, v := range x {
		ss += float64(v) * float64(v)
	}
	return math.Sqrt(ss / float64(len(x)))
}

func argmax(x []float32) int32 {
	best := 0
	for i, v := range x {
		if v > x[best] {
			best = i
		}
	}
	return int32(best)
}

func runManifest(t *testing.T, m *manifest) {
	for _, c := range m.Logits {
		if c.Path != "exact" || len(c.Lora) > 0 {
			continue
		}
		name := c.Model + "/" + strings.TrimSuffix(filepath.Base(c.File), ".f32")
		t.Run("logits/"+name, func(t *testing.T) { checkLogits(t, m, c) })
	}
	for i, g := range m.Generate {
		if g.Path != "exact" || len(g.Lora) > 0 {
			continue
		}
		t.Run("greedy/"+g.Model+"/"+string(rune('a'+i%26)), func(t *testing.T) { checkGreedy(t, m, g) })
	}
}

// TestStoriesConformance runs on a fresh machine: the embedded stories260K
// model against llama.cpp's logits and greedy continuations kept in
// testdata/model.
func TestStoriesConformance(t *testing.T) {
	runManifest(t, readManifest(t, "../testdata/model/stories260K.json"))
}

// TestConformance runs the full public reference set of ../shared.
func TestConformance(t *testing.T) {
	if testing.Short() {
		t.Skip("-short")
	}
	runManifest(t, readManifest(t, filepath.Join(sharedRef, "manifest.json")))
}

// TestConformanceV2 runs the second public reference set of ../shared
// (gemma2, gemma3, phi3, MoE): every logits and greedy case of its
// manifest on the exact path; architectures not supported yet are
// skipped with a message.
func TestConformanceV2(t *testing.T) {
	if testing.Short() {
		t.Skip("-short")
	}
	runManifest(t, readManifest(t, filepath.Join(sharedRef, "v2", "manifest.json")))
}
