package quant_test

import (
	"encoding/json"
	"flag"
	"fmt"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/laminalabs/lamina/model/gguf"
	"github.com/laminalabs/lamina/quant"
)

var (
	mixRegen = flag.Bool("mix.regen", false, "rewrite testdata/quant/mix/*.json from llama.cpp (needs ../../shared and llref)")
	mixDry   = flag.String("mix.lldry", "", "llref built with --dry-run (see testdata/quant/README.md); -mix.regen uses it for the file types llama.cpp refuses without an importance matrix")
	mixKeep  = flag.String("mix.keep", "", "directory where -mix.regen keeps its synthetic models (default: a temporary one)")
)

const mixDir = "../testdata/quant/mix"

// mixFixture is one model and the types llama.cpp gave its tensors for many
// file types.
type mixFixture struct {
	Model   string      `json:"model"`
	About   string      `json:"about"`
	Info    mixInfo     `json:"info"`
	Tensors []mixTensor `json:"tensors"`
	Order   []int       `json:"order"` // tensor indices in the order of llama.cpp's output file
	Cases   []mixCase   `json:"cases"`
}

type mixInfo struct {
	Arch    string `json:"arch"`
	NLayer  int    `json:"n_layer"`
	NExpert int    `json:"n_expert"`
	NHead   int    `json:"n_head"`
	NHeadKV int    `json:"n_head_kv"`
}

type mixTensor struct {
	Name  string  `json:"name"`
	Type  string  `json:"type"`
	Shape []int64 `json:"shape"`
}

// mixCase is one llama.cpp quantization: the types of all tensors (in
// tensor order, space-separated), or the error llama.cpp stopped with.
type mixCase struct {
	FileType string `json:"ftype"`
	Pure     bool   `json:"pure,omitempty"`
	Types    string `json:"types,omitempty"`
	Imatrix  string `json:"imatrix,omitempty"` // tensor llama.cpp refused without an importance matrix; Types are from its dry run
	Error    string `json:"error,omitempty"`
}

func (f *mixFixture) modelInfo() quant.ModelInfo {
	return quant.ModelInfo{Arch: f.Info.Arch, NLayer: f.Info.NLayer, NExpert: f.Info.NExpert, NHead: f.Info.NHead, NHeadKV: f.Info.NHeadKV}
}

func (f *mixFixture) descs(t *testing.T) []quant.TensorDesc {
	out := make([]quant.TensorDesc, len(f.Tensors))
	for i, x := range f.Tensors {
		typ, err := quant.ParseType(x.Type)
		if err != nil {
			t.Fatalf("%s: %v", f.Model, err)
		}
		out[i] = quant.TensorDesc{Name: x.Name, Type: typ, Shape: x.Shape}
	}
	return out
}

func loadMixFixtures(t *testing.T) []*mixFixture {
	paths, err := filepath.Glob(filepath.Join(mixDir, "*.json"))
	if err != nil || len(paths) == 0 {
		t.Fatalf("no fixtures in %s (%v)", mixDir, err)
	}
	var out []*mixFixture
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		f := new(mixFixture)
		if err := json.Unmarshal(data, f); err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		out = append(out, f)
	}
	return out
}

func typeNames(types []quant.Type) string {
	names := make([]string, len(types))
	for i, t := range types {
		names[i] = t.String()
	}
	return strings.Join(names, " ")
}

// TestPlanTypesMatchesLlamaCpp checks PlanTypes and CheckImatrix against
// every recorded llama.cpp quantization.
func TestPlanTypesMatchesLlamaCpp(t *testing.T) {
	var cases, tensors int
	for _, f := range loadMixFixtures(t) {
		descs := f.descs(t)
		for _, c := range f.Cases {
			name := fmt.Sprintf("%s/%s/pure=%v", f.Model, c.FileType, c.Pure)
			if checkMixCase(t, name, f.modelInfo(), descs, c) {
				cases++
				tensors += len(descs)
			}
		}
	}
	t.Logf("%d (model, file type, pure) cases, %d tensor types match llama.cpp", cases, tensors)
}

func checkMixCase(t *testing.T, name string, info quant.ModelInfo, descs []quant.TensorDesc, c mixCase) bool {
	t.Helper()
	ft, err := quant.ParseFileType(c.FileType)
	if err != nil {
		t.Errorf("%s: %v", name, err)
		return false
	}
	plan, err := quant.PlanTypes(ft, info, descs, c.Pure)
	if c.Error != "" {
		if err == nil {
			t.Errorf("%s: llama.cpp fails (%s), PlanTypes gives %s", name, c.Error, typeNames(plan))
		}
		return err != nil
	}
	if err != nil {
		t.Errorf("%s: %v", name, err)
		return false
	}
	if got := typeNames(plan); got != c.Types {
		t.Errorf("%s:\n got %s\nwant %s", name, got, c.Types)
		return false
	}
	err = quant.CheckImatrix(ft, descs, plan)
	if c.Imatrix == "" && err != nil || c.Imatrix != "" && (err == nil || !strings.Contains(err.Error(), `"`+c.Imatrix+`"`)) {
		t.Errorf("%s: CheckImatrix = %v, llama.cpp stops at %q", name, err, c.Imatrix)
		return false
	}
	return true
}

// TestQuantizeOrderMatchesLlamaCpp checks the tensor order of the files
// llama.cpp wrote.
func TestQuantizeOrderMatchesLlamaCpp(t *testing.T) {
	for _, f := range loadMixFixtures(t) {
		if got := quant.QuantizeOrder(f.descs(t)); !slices.Equal(got, f.Order) {
			t.Errorf("%s: order %v, llama.cpp %v", f.Model, got, f.Order)
		}
	}
}

func TestParseFileType(t *testing.T) {
	for _, c := range []struct {
		in   string
		want quant.FileType
	}{
		{"Q4_K_M", quant.FileTypeQ4_K_M}, {"q4_k_m", quant.FileTypeQ4_K_M}, {"Q4_K", quant.FileTypeQ4_K_M},
		{"Q3_K", quant.FileTypeQ3_K_M}, {"q5_k", quant.FileTypeQ5_K_M}, {"Q2_K", quant.FileTypeQ2_K},
		{"Q6_K", quant.FileTypeQ6_K}, {"Q8_0", quant.FileTypeQ8_0}, {"f16", quant.FileTypeF16},
		{"BF16", quant.FileTypeBF16}, {"F32", quant.FileTypeF32}, {"IQ4_NL", quant.FileTypeIQ4_NL},
		{"iq2_s", quant.FileTypeIQ2_S}, {"MXFP4", quant.FileTypeMXFP4_MOE}, {"mxfp4_moe", quant.FileTypeMXFP4_MOE},
		{"15", quant.FileTypeQ4_K_M}, {"0", quant.FileTypeF32}, {"38", quant.FileTypeMXFP4_MOE},
	} {
		if got, err := quant.ParseFileType(c.in); err != nil || got != c.want {
			t.Errorf("ParseFileType(%q) = %v, %v; want %v", c.in, got, err, c.want)
		}
	}
	for _, bad := range []string{"", "Q4", "Q8_K", "Q8_1", "I32", "4", "39", "-1", "Q4_K_X"} {
		if got, err := quant.ParseFileType(bad); err == nil {
			t.Errorf("ParseFileType(%q) = %v, want an error", bad, got)
		}
	}
}

func TestFileTypeTable(t *testing.T) {
	seen := map[string]bool{}
	for _, ft := range quant.FileTypes() {
		name := ft.String()
		if seen[name] {
			t.Errorf("%s listed twice", name)
		}
		seen[name] = true
		if got, err := quant.ParseFileType(name); err != nil || got != ft {
			t.Errorf("ParseFileType(%q) = %v, %v; want %d", name, got, err, uint32(ft))
		}
		if base, ok := ft.BaseType(); !ok || !base.Valid() {
			t.Errorf("%s: base type %v, %v", name, base, ok)
		}
	}
	if got := quant.FileType(99).String(); got != "ftype(99)" {
		t.Errorf("String of unknown = %q", got)
	}
	if _, ok := quant.FileType(99).BaseType(); ok {
		t.Error("unknown file type has a base type")
	}
}

func TestPlanTypesErrors(t *testing.T) {
	info := quant.ModelInfo{Arch: "llama", NLayer: 2, NExpert: 4, NHead: 8, NHeadKV: 8}
	for _, c := range []struct {
		ft     quant.FileType
		tensor quant.TensorDesc
	}{
		{quant.FileType(99), quant.TensorDesc{Name: "blk.0.attn_q.weight", Type: quant.F32, Shape: []int64{256, 4}}},
		{quant.FileTypeQ4_K_M, quant.TensorDesc{Name: "ffn_down_exps.weight", Type: quant.F32, Shape: []int64{256, 4, 4}}},
		{quant.FileTypeQ4_K_M, quant.TensorDesc{Name: "blk.2.ffn_up_exps.weight", Type: quant.F32, Shape: []int64{256, 4, 4}}},
	} {
		if plan, err := quant.PlanTypes(c.ft, info, []quant.TensorDesc{c.tensor}, false); err == nil {
			t.Errorf("%v %s: got %v, want an error", c.ft, c.tensor.Name, plan)
		}
	}
	if err := quant.CheckImatrix(quant.FileTypeQ4_0, make([]quant.TensorDesc, 2), nil); err == nil {
		t.Error("CheckImatrix accepts a plan of the wrong length")
	}
}

// The rest of this file makes the fixtures: go test ./quant -run
// TestMixRegenerate -mix.regen [-mix.lldry /tmp/lldry] (see
// testdata/quant/README.md).

const (
	mixShared = "../../shared"
	mixLlref  = mixShared + "/tools/llref/llref.sh"
)

// TestMixRegenerate quantizes every F32 model of ../../shared/testdata/synth
// and the synthetic models of mixSynthModels with llama.cpp to every file
// type, with and without --pure, and records the tensor types.
func TestMixRegenerate(t *testing.T) {
	if !*mixRegen {
		t.Skip("fixtures are regenerated with -mix.regen")
	}
	if _, err := os.Stat(mixLlref); err != nil {
		t.Skipf("llref not found (%v): regenerating needs ../../shared", err)
	}
	scratch := *mixKeep
	if scratch == "" {
		scratch = t.TempDir()
	}
	sources := mixSharedModels(t)
	for _, s := range mixSynthModels() {
		sources = append(sources, s.write(t, scratch))
	}
	for _, src := range sources {
		f := src.record(t, scratch)
		path := filepath.Join(mixDir, src.id+".json")
		if err := os.WriteFile(path, f.encode(), 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("%s: %d tensors, %d cases", path, len(f.Tensors), len(f.Cases))
	}
}

// mixSource is a model file to record.
type mixSource struct {
	id, about, path string
	mixOnly         bool // record llama.cpp's mixes only, not --pure
}

// mixSharedModels lists the F32 models (not adapters) of the shared test data.
func mixSharedModels(t *testing.T) []mixSource {
	var out []mixSource
	for _, dir := range []string{"synth", "synth/v2"} {
		paths, err := filepath.Glob(filepath.Join(mixShared, "testdata", dir, "*.gguf"))
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range paths {
			if isF32Model(t, p) {
				base := filepath.Base(p)
				id := strings.TrimSuffix(strings.TrimSuffix(base, ".gguf"), "-F32")
				out = append(out, mixSource{id: id, about: "shared/testdata/" + dir + "/" + base, path: p})
			}
		}
	}
	return out
}

func isF32Model(t *testing.T, path string) bool {
	f, err := gguf.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if kind, _ := f.String("general.type"); kind == "adapter" {
		return false
	}
	for _, ti := range f.Tensors {
		if ti.Type != quant.F32 {
			return false
		}
	}
	return true
}

// ggufInt reads an integer key (the first entry of a per-layer array); 0
// when absent.
func ggufInt(f *gguf.File, key string) int {
	v, ok := f.Value(key)
	if !ok {
		return 0
	}
	if u, ok := v.AsUint64(); ok {
		return int(u)
	}
	switch a := v.Any().(type) {
	case []int32:
		return int(a[0])
	case []uint32:
		return int(a[0])
	}
	return 0
}

func readMixInfo(t *testing.T, f *gguf.File) mixInfo {
	arch, err := f.String("general.architecture")
	if err != nil {
		t.Fatal(err)
	}
	return mixInfo{
		Arch:    arch,
		NLayer:  ggufInt(f, arch+".block_count"),
		NExpert: ggufInt(f, arch+".expert_count"),
		NHead:   ggufInt(f, arch+".attention.head_count"),
		NHeadKV: ggufInt(f, arch+".attention.head_count_kv"),
	}
}

// record quantizes the source to every file type and collects the results.
func (src mixSource) record(t *testing.T, scratch string) *mixFixture {
	f, err := gguf.Open(src.path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	fx := &mixFixture{Model: src.id, About: src.about, Info: readMixInfo(t, f)}
	for _, ti := range f.Tensors {
		fx.Tensors = append(fx.Tensors, mixTensor{ti.Name, ti.Type.String(), ti.Shape})
	}
	for _, ft := range quant.FileTypes() {
		for _, pure := range []bool{false, true} {
			if !pure || !src.mixOnly {
				fx.Cases = append(fx.Cases, src.quantize(t, scratch, fx, ft, pure))
			}
		}
	}
	return fx
}

// quantize runs one llama.cpp quantization and records its outcome (and
// the output file's tensor order in fx.Order).
func (src mixSource) quantize(t *testing.T, scratch string, fx *mixFixture, ft quant.FileType, pure bool) mixCase {
	c := mixCase{FileType: ft.String(), Pure: pure}
	out := filepath.Join(scratch, "out.gguf")
	args := []string{"quantize", src.path, out, strconv.Itoa(int(ft)), "-t", "2"}
	if pure {
		args = append(args, "--pure")
	}
	stderr, err := runTool(mixLlref, args...)
	if err == nil {
		var order []int
		c.Types, order = outputTypes(t, out, fx)
		if fx.Order == nil {
			fx.Order = order
		} else if !slices.Equal(order, fx.Order) {
			t.Errorf("%s %s: tensor order differs between outputs", src.id, c.FileType)
		}
		if *mixDry != "" {
			if dry := dryRun(t, args, c); dry.Types != c.Types {
				t.Errorf("%s %s pure=%v: dry run %q, file %q", src.id, c.FileType, pure, dry.Types, c.Types)
			}
		}
		return c
	}
	msg := llamaError(stderr)
	if !strings.Contains(msg, "requires an imatrix") {
		c.Error = msg
		return c
	}
	if *mixDry == "" {
		t.Fatalf("%s %s: llama.cpp needs an importance matrix; give -mix.lldry for a dry run", src.id, c.FileType)
	}
	verbose, _ := runTool(mixLlref, append(args, "-v")...)
	c.Imatrix = after(verbose, "- offending tensor: ")
	return dryRun(t, args, c)
}

// outputTypes returns the types of a quantized file's tensors in fx's
// tensor order, and the file's tensor order as indices into fx.Tensors.
func outputTypes(t *testing.T, path string, fx *mixFixture) (string, []int) {
	f, err := gguf.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	index := map[string]int{}
	for i, x := range fx.Tensors {
		index[x.Name] = i
	}
	types := make([]string, len(fx.Tensors))
	var order []int
	for _, ti := range f.Tensors {
		i, ok := index[ti.Name]
		if !ok {
			t.Fatalf("%s: unexpected tensor %s", path, ti.Name)
		}
		types[i] = ti.Type.String()
		order = append(order, i)
	}
	return strings.Join(types, " "), order
}

// dryLine matches the per-tensor log lines of a llama.cpp dry run.
var dryLine = regexp.MustCompile(`^\[\s*\d+/\s*\d+\] (\S+)\s+- \[[^]]*\], type =\s*(\S+), size = [^(]*(?:\((\S+)\))?$`)

// dryRun runs the quantization of c in llama.cpp's dry-run mode and reads
// the types it would give from its log.
func dryRun(t *testing.T, args []string, c mixCase) mixCase {
	log, err := runTool(*mixDry, append(args, "--dry-run", "-v")...)
	if err != nil {
		c.Error = llamaError(log)
		return c
	}
	got := map[string]string{}
	for _, line := range strings.Split(log, "\n") {
		if m := dryLine.FindStringSubmatch(line); m != nil {
			typ := m[2]
			if m[3] != "" {
				typ = m[3]
			}
			parsed, err := quant.ParseType(typ)
			if err != nil {
				t.Fatalf("dry run: %v", err)
			}
			got[m[1]] = parsed.String()
		}
	}
	in, err := gguf.Open(args[1])
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	types := make([]string, len(in.Tensors))
	for i, ti := range in.Tensors {
		types[i] = got[ti.Name]
	}
	c.Types = strings.Join(types, " ")
	return c
}

// runTool runs a command and returns its stderr.
func runTool(tool string, args ...string) (string, error) {
	var stderr strings.Builder
	cmd := exec.Command(tool, args...)
	cmd.Stderr = &stderr
	err := cmd.Run()
	return stderr.String(), err
}

// llamaError extracts llama.cpp's reason for failing from its log.
func llamaError(log string) string {
	if msg := after(log, "failed to quantize: "); msg != "" {
		return msg
	}
	return strings.TrimSpace(log)
}

// after returns the rest of the first line of log that contains marker,
// after the marker.
func after(log, marker string) string {
	for _, line := range strings.Split(log, "\n") {
		if _, rest, ok := strings.Cut(line, marker); ok {
			return strings.TrimSpace(rest)
		}
	}
	return ""
}

// encode writes the fixture as JSON with one tensor or case a line.
func (f *mixFixture) encode() []byte {
	var b strings.Builder
	line := func(v any) string { data, _ := json.Marshal(v); return string(data) }
	fmt.Fprintf(&b, "{\n  \"model\": %s,\n  \"about\": %s,\n  \"info\": %s,\n", line(f.Model), line(f.About), line(f.Info))
	b.WriteString("  \"tensors\": [\n")
	for i, x := range f.Tensors {
		b.WriteString("    " + line(x) + sep(i, len(f.Tensors)))
	}
	fmt.Fprintf(&b, "  ],\n  \"order\": %s,\n  \"cases\": [\n", line(f.Order))
	for i, c := range f.Cases {
		b.WriteString("    " + line(c) + sep(i, len(f.Cases)))
	}
	b.WriteString("  ]\n}\n")
	return []byte(b.String())
}

func sep(i, n int) string {
	if i < n-1 {
		return ",\n"
	}
	return "\n"
}

// mixSynth is a synthetic model that exercises rules the shared models do
// not: 70B-class layer counts, falcon, 8 experts, odd row lengths, and the
// tensors llama.cpp leaves alone. Rows are few: llama.cpp's quantizer looks
// at names, row lengths and the metadata only.
type mixSynth struct {
	id, about, arch string
	eps             string            // the arch's norm epsilon key
	hp              map[string]uint32 // {arch}.KEY values
	mixOnly         bool
	tensors         []quant.TensorDesc
}

func w32(name string, shape ...int64) quant.TensorDesc {
	return quant.TensorDesc{Name: name, Type: quant.F32, Shape: shape}
}

func w16(name string, shape ...int64) quant.TensorDesc {
	return quant.TensorDesc{Name: name, Type: quant.F16, Shape: shape}
}

// perLayer repeats ts in layers 0..n-1.
func perLayer(n int, ts ...quant.TensorDesc) []quant.TensorDesc {
	var out []quant.TensorDesc
	for i := range n {
		for _, x := range ts {
			x.Name = fmt.Sprintf("blk.%d.%s", i, x.Name)
			out = append(out, x)
		}
	}
	return out
}

func hparams(layers, heads, kvHeads, experts uint32) map[string]uint32 {
	hp := map[string]uint32{"context_length": 256, "embedding_length": 256, "feed_forward_length": 256,
		"block_count": layers, "attention.head_count": heads, "attention.head_count_kv": kvHeads}
	if experts > 0 {
		hp["expert_count"], hp["expert_used_count"] = experts, 2
	}
	return hp
}

const rmsEps = "attention.layer_norm_rms_epsilon"

func mixSynthModels() []mixSynth {
	head := []quant.TensorDesc{w32("token_embd.weight", 256, 8), w32("output_norm.weight", 256), w32("output.weight", 256, 8)}
	deep := perLayer(80, w32("attn_v.weight", 256, 4), w32("ffn_down.weight", 256, 4))
	return []mixSynth{
		{id: "synth-llama-80l-gqa", about: "llama, 80 layers, 8/2 heads: LLM_TYPE_70B", arch: "llama", eps: rmsEps,
			hp: hparams(80, 8, 2, 0), mixOnly: true, tensors: append(head, deep...)},
		{id: "synth-llama-80l-mha", about: "llama, 80 layers, 8/8 heads: LLM_TYPE_65B", arch: "llama", eps: rmsEps,
			hp: hparams(80, 8, 8, 0), mixOnly: true, tensors: append(head, deep...)},
		{id: "synth-qwen2-80l", about: "qwen2, 80 layers: LLM_TYPE_70B", arch: "qwen2", eps: rmsEps,
			hp: hparams(80, 8, 8, 0), mixOnly: true, tensors: append(head, deep...)},
		{id: "synth-falcon-16l", about: "falcon, 16 layers, fused QKV", arch: "falcon", eps: "attention.layer_norm_epsilon",
			hp: hparams(16, 8, 1, 0), tensors: append(head, perLayer(16, w32("attn_norm.weight", 256), w32("attn_qkv.weight", 256, 8),
				w32("attn_output.weight", 256, 4), w32("ffn_up.weight", 256, 4), w32("ffn_down.weight", 256, 4))...)},
		{id: "synth-llama-moe8", about: "llama, 8 layers, 8 experts with a shared expert, 8/8 heads", arch: "llama", eps: rmsEps,
			hp: hparams(8, 8, 8, 8), tensors: append(head, perLayer(8, w32("attn_q.weight", 256, 4), w32("attn_k.weight", 256, 4),
				w32("attn_v.weight", 256, 4), w32("attn_output.weight", 256, 4), w32("ffn_gate_inp.weight", 256, 8),
				w32("ffn_gate_exps.weight", 256, 4, 8), w32("ffn_up_exps.weight", 256, 4, 8),
				w32("ffn_down_exps.weight", 256, 4, 8), w32("ffn_down_shexp.weight", 256, 4))...)},
		{id: "synth-odd-shapes", about: "llama, rows of 64, 96 and 160, tensors llama.cpp does not quantize, F16 sources",
			arch: "llama", eps: rmsEps, hp: hparams(2, 8, 8, 0), tensors: mixOddTensors()},
		{id: "synth-odd-48", about: "llama, rows of 48, 80 and 1: F16 fallbacks, also from the types without a fallback",
			arch: "llama", eps: rmsEps, hp: hparams(2, 8, 2, 0), tensors: append(head, perLayer(2, w32("attn_q.weight", 256, 4),
				w32("attn_v.weight", 256, 4), w32("attn_output.weight", 80, 4), w32("ffn_down.weight", 48, 4), w32("col.weight", 1, 256), w32("ffn_up_exps.weight", 48, 4, 8))...)},
		{id: "synth-tied-96", about: "llama, tied embeddings with rows of 96, per-layer token embeddings", arch: "llama", eps: rmsEps,
			hp: hparams(2, 8, 2, 0), tensors: append([]quant.TensorDesc{w32("token_embd.weight", 96, 16),
				w32("per_layer_token_embd.weight", 256, 16)}, perLayer(2, w32("attn_v.weight", 256, 4), w32("ffn_down.weight", 256, 4))...)},
	}
}

// mixOddTensors has rows that are a multiple of 32 but not of 256, and
// names each exclusion rule of llama.cpp's quantizer.
func mixOddTensors() []quant.TensorDesc {
	ts := []quant.TensorDesc{
		w32("token_embd.weight", 96, 16), w32("output.weight", 160, 16), w32("output_norm.weight", 96), w32("rope_freqs.weight", 16),
		w32("per_layer_token_embd.weight", 256, 16), w32("position_embd.weight", 256, 16), w32("token_types.weight", 256, 2),
		w32("v.patch_embd.weight", 256, 4), w32("abcde", 256, 4), w32("blk.0.ssm_conv1d.weight", 256, 4),
		w32("blk.0.altup_proj.weight", 256, 4), w32("blk.0.laurel_l.weight", 256, 4), w32("blk.0.attn_rel_b.weight", 256, 4),
		w16("blk.0.ffn_gate_inp.weight", 256, 4), w32("blk.0.time_mix_w1.weight", 256, 4), w32("blk.0.attn_kv_b.weight", 256, 4),
		w32("blk.0.ffn_down.bias", 256, 4), w32("blk.0.extra_norm.weight", 256, 4), w16("blk.0.ffn_up_shexp.weight", 256, 4),
		w32("blk.0.flat.weight", 256, 1, 1), w32("blk.0.cube.weight", 256, 4, 1), w16("blk.1.attn_norm.weight", 96),
	}
	return append(ts, perLayer(2, w32("attn_q.weight", 96, 8), w32("attn_k.weight", 64, 8), w32("attn_v.weight", 64, 8),
		w32("attn_output.weight", 96, 8), w32("ffn_gate.weight", 96, 8), w32("ffn_up.weight", 96, 8), w32("ffn_down.weight", 160, 8))...)
}

// write writes the model, tensors in name order (not llama.cpp's), with
// small pseudo-random weights.
func (s mixSynth) write(t *testing.T, dir string) mixSource {
	kvs := []gguf.KV{
		{Key: "general.architecture", Value: gguf.String(s.arch)},
		{Key: "general.name", Value: gguf.String(s.id)},
		{Key: "general.file_type", Value: gguf.Uint32(0)},
		{Key: s.arch + "." + s.eps, Value: gguf.Float32(1e-5)},
	}
	for _, k := range slices.Sorted(maps.Keys(s.hp)) {
		kvs = append(kvs, gguf.KV{Key: s.arch + "." + k, Value: gguf.Uint32(s.hp[k])})
	}
	descs := slices.SortedFunc(slices.Values(s.tensors), func(a, b quant.TensorDesc) int { return strings.Compare(a.Name, b.Name) })
	tensors := make([]gguf.Tensor, len(descs))
	seed := uint32(1)
	for i, d := range descs {
		tensors[i] = gguf.Tensor{Name: d.Name, Type: d.Type, Shape: d.Shape, Data: randomWeights(t, d, &seed)}
	}
	path := filepath.Join(dir, s.id+".gguf")
	if err := gguf.WriteFile(path, kvs, tensors); err != nil {
		t.Fatal(err)
	}
	return mixSource{id: s.id, about: "synthetic (mixSynthModels in quant/mix_test.go): " + s.about, path: path, mixOnly: s.mixOnly}
}

// randomWeights returns the bytes of d filled with small values from a
// linear congruential generator.
func randomWeights(t *testing.T, d quant.TensorDesc, seed *uint32) []byte {
	n := int64(1)
	for _, x := range d.Shape {
		n *= x
	}
	vals := make([]float32, n)
	for i := range vals {
		*seed = *seed*1664525 + 1013904223
		vals[i] = (float32(*seed>>8)/(1<<24) - 0.5) * 0.1
	}
	size, err := d.Type.RowBytes(int(n))
	if err != nil {
		t.Fatal(err)
	}
	data := make([]byte, size)
	if err := quant.Quantize(d.Type, data, vals); err != nil {
		t.Fatal(err)
	}
	return data
}
