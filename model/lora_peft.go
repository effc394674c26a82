package model

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/laminalabs/lamina/model/safetensors"
	"github.com/laminalabs/lamina/quant"
	"github.com/laminalabs/lamina/tensor"
)

// PEFT adapters: a directory with adapter_config.json and
// adapter_model.safetensors, as Hugging Face's peft library saves them.
// Tensors are named base_model.model.<module>.lora_A.weight (shape
// (r, n_in), row-major: the bytes of a ggml [n_in, r] tensor) and
// .lora_B.weight ((n_out, r): ggml [r, n_out]).

// File names inside a PEFT adapter directory.
const (
	PEFTConfigFile  = "adapter_config.json"
	PEFTWeightsFile = "adapter_model.safetensors"
)

// peftConfig is the part of adapter_config.json that matters here.
type peftConfig struct {
	PeftType      string             `json:"peft_type"`
	R             *float64           `json:"r"`
	LoraAlpha     *float64           `json:"lora_alpha"`
	TargetModules json.RawMessage    `json:"target_modules"`
	BaseModel     string             `json:"base_model_name_or_path"`
	RankPattern   map[string]float64 `json:"rank_pattern"`
	AlphaPattern  map[string]float64 `json:"alpha_pattern"`
	UseRSLoRA     bool               `json:"use_rslora"`
	UseDoRA       bool               `json:"use_dora"`
	FanInFanOut   bool               `json:"fan_in_fan_out"`
}

// peftArches are the architectures whose Hugging Face module names map to
// GGUF names below (they share Llama's naming).
var peftArches = map[string]bool{"llama": true, "qwen2": true, "qwen3": true}

// peftModules maps a layer module's Hugging Face name to the GGUF tensor.
var peftModules = map[string]string{
	"self_attn.q_proj": nameAttnQ, "self_attn.k_proj": nameAttnK, "self_attn.v_proj": nameAttnV,
	"self_attn.o_proj": nameAttnOut, "mlp.gate_proj": nameFFNGate, "mlp.up_proj": nameFFNUp,
	"mlp.down_proj": nameFFNDown,
}

// LoadPEFT loads a PEFT LoRA adapter directory (adapter_config.json and
// adapter_model.safetensors) for the model, without a Python converter:
// module names are mapped to GGUF tensor names, lora_B of q_proj and
// k_proj is permuted for llama-architecture models the way llama.cpp's
// converter permutes the base q/k weights, and everything is checked as
// LoadAdapter checks a GGUF adapter. The weights are copied, so no file
// stays open. Per-module ranks (rank_pattern) work as they are; per-module
// alphas (alpha_pattern) and rsLoRA's alpha/√r scaling are folded into
// lora_B, so the adapter applies with llama.cpp's single alpha.
func (m *Model) LoadPEFT(dir string) (*Adapter, error) {
	cfgPath := filepath.Join(dir, PEFTConfigFile)
	cfg, err := readPEFTConfig(cfgPath)
	if err != nil {
		return nil, err
	}
	if !peftArches[m.Config.Arch] {
		return nil, adapterErr(dir, "", ErrAdapterUnsupported, "PEFT adapters for %s models are not supported (supported: llama, qwen2, qwen3)", m.Config.Arch)
	}
	wPath := filepath.Join(dir, PEFTWeightsFile)
	if _, err := os.Stat(wPath); err != nil {
		if _, errBin := os.Stat(filepath.Join(dir, "adapter_model.bin")); errBin == nil {
			return nil, adapterErr(dir, "", ErrAdapterUnsupported, "only adapter_model.bin (a pickle) is there; save the adapter with safetensors")
		}
		return nil, &AdapterError{Path: dir, Err: err}
	}
	sf, err := safetensors.Open(wPath)
	if err != nil {
		return nil, err
	}
	defer sf.Close()
	raws, err := m.peftPairs(wPath, sf, cfg)
	if err != nil {
		return nil, err
	}
	return m.newAdapter(dir, filepath.Base(filepath.Clean(dir)), float32(*cfg.LoraAlpha), raws)
}

// readPEFTConfig reads and checks adapter_config.json.
func readPEFTConfig(path string) (*peftConfig, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, &AdapterError{Path: path, Err: err}
	}
	cfg := &peftConfig{}
	if err := json.Unmarshal(b, cfg); err != nil {
		return nil, adapterErr(path, "", ErrNotAdapter, "%v", err)
	}
	bad := func(kind error, format string, args ...any) (*peftConfig, error) {
		return nil, adapterErr(path, "", kind, format, args...)
	}
	eight := 8.0 // PEFT's defaults for r and lora_alpha
	if cfg.R == nil {
		cfg.R = &eight
	}
	if cfg.LoraAlpha == nil {
		cfg.LoraAlpha = &eight
	}
	switch {
	case cfg.PeftType != "" && !strings.EqualFold(cfg.PeftType, "LORA"):
		return bad(ErrNotAdapter, "peft_type %q, want LORA", cfg.PeftType)
	case !isCount(*cfg.R):
		return bad(ErrNotAdapter, "r = %v, want a positive integer", *cfg.R)
	case *cfg.LoraAlpha == 0 || math.IsInf(*cfg.LoraAlpha, 0):
		return bad(ErrNotAdapter, "lora_alpha = %v (the adapter would do nothing)", *cfg.LoraAlpha)
	case cfg.UseDoRA:
		return bad(ErrAdapterUnsupported, "use_dora: DoRA adapters are not supported")
	case cfg.FanInFanOut:
		return bad(ErrAdapterUnsupported, "fan_in_fan_out: Conv1D-layout adapters are not supported")
	}
	for k, r := range cfg.RankPattern {
		if !isCount(r) {
			return bad(ErrNotAdapter, "rank_pattern[%q] = %v, want a positive integer", k, r)
		}
	}
	return cfg, nil
}

func isCount(x float64) bool { return x >= 1 && x <= 1<<30 && x == math.Trunc(x) }

// patternValue returns the value of the most specific pattern of a PEFT
// rank_pattern/alpha_pattern matching module (PEFT matches a key as a
// regular expression against the end of the module name).
func patternValue(patterns map[string]float64, module string) (float64, bool) {
	keys := make([]string, 0, len(patterns))
	for k := range patterns {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		return len(keys[i]) > len(keys[j]) || len(keys[i]) == len(keys[j]) && keys[i] < keys[j]
	})
	for _, k := range keys {
		re, err := regexp.Compile(`^(.*\.)?(` + k + `)$`)
		if err == nil && re.MatchString(module) {
			return patterns[k], true
		}
	}
	return 0, false
}

// targetsModule reports whether adapter_config.json's target_modules
// covers module (a list: by exact name or name suffix; a string: as a
// regular expression over the whole name). It says true when it cannot
// tell ("all-linear", a pattern Go cannot compile, or none given).
func targetsModule(raw json.RawMessage, module string) bool {
	var list []string
	if json.Unmarshal(raw, &list) == nil && list != nil {
		for _, t := range list {
			if t == "all-linear" || module == t || strings.HasSuffix(module, "."+t) {
				return true
			}
		}
		return false
	}
	var pattern string
	if json.Unmarshal(raw, &pattern) == nil && pattern != "" && pattern != "all-linear" {
		if re, err := regexp.Compile(`^(?:` + pattern + `)$`); err == nil {
			return re.MatchString(module)
		}
	}
	return true
}

// peftName splits a PEFT tensor name into its module (without the
// base_model.model. prefix) and half ('A' or 'B'); ok is false for
// tensors that are not lora_A/lora_B weights.
func peftName(name string) (module string, half byte, ok bool) {
	s := strings.TrimPrefix(name, "base_model.model.")
	for _, h := range []byte{'A', 'B'} {
		mod, rest, found := strings.Cut(s, ".lora_"+string(h)+".")
		// "….lora_A.weight", or "….lora_A.<adapter name>.weight" as some tools save it.
		if found && (rest == "weight" || strings.HasSuffix(rest, ".weight") && !strings.Contains(strings.TrimSuffix(rest, ".weight"), ".")) {
			return mod, h, true
		}
	}
	return "", 0, false
}

// ggufTarget maps a Hugging Face module name to the GGUF base tensor.
func (m *Model) ggufTarget(module string) (string, bool) {
	s := strings.TrimPrefix(module, "model.")
	if s == "lm_head" {
		return nameOutput, true
	}
	rest, ok := strings.CutPrefix(s, "layers.")
	idx, mod, ok2 := strings.Cut(rest, ".")
	n, err := strconv.Atoi(idx)
	if !ok || !ok2 || err != nil || n < 0 || strconv.Itoa(n) != idx {
		return "", false
	}
	g, ok := peftModules[mod]
	if !ok {
		return "", false
	}
	return layerName(n, g), true
}

// peftPairs reads the lora_A/lora_B pairs of a PEFT safetensors file and
// turns them into GGUF-layout tensors of the model's names.
func (m *Model) peftPairs(path string, sf *safetensors.File, cfg *peftConfig) ([]rawPair, error) {
	type half struct{ a, b *safetensors.Tensor }
	byModule := map[string]*half{}
	var modules []string
	for i := range sf.Tensors {
		t := &sf.Tensors[i]
		module, h, ok := peftName(t.Name)
		if !ok {
			switch {
			case strings.Contains(t.Name, "lora_embedding_"):
				return nil, adapterErr(path, t.Name, ErrAdapterUnsupported, "LoRA on the token embedding is not supported")
			case strings.Contains(t.Name, "lora_magnitude_vector"):
				return nil, adapterErr(path, t.Name, ErrAdapterUnsupported, "DoRA adapters are not supported")
			case strings.HasSuffix(t.Name, ".base_layer.weight"), strings.Contains(t.Name, "_layernorm"), strings.Contains(t.Name, ".norm"):
				continue // norm vectors and base copies: llama.cpp ignores them too
			case strings.HasSuffix(t.Name, "embed_tokens.weight"), strings.HasSuffix(t.Name, "lm_head.weight"):
				return nil, adapterErr(path, t.Name, ErrAdapterUnsupported, "full embedding or lm_head weights (modules_to_save, e.g. for added tokens) are not supported")
			}
			return nil, adapterErr(path, t.Name, ErrNotAdapter, "not a lora_A or lora_B weight")
		}
		p := byModule[module]
		if p == nil {
			p = &half{}
			byModule[module] = p
			modules = append(modules, module)
		}
		if h == 'A' {
			p.a = t
		} else {
			p.b = t
		}
	}
	var raws []rawPair
	seen := map[string]string{}
	for _, module := range modules {
		p := byModule[module]
		some := p.a
		if some == nil {
			some = p.b
		}
		target, ok := m.ggufTarget(module)
		if !ok {
			return nil, adapterErr(path, some.Name, ErrAdapterUnsupported, "module %s has no counterpart in %s GGUF models (supported: layers.N.self_attn.{q,k,v,o}_proj, layers.N.mlp.{gate,up,down}_proj, lm_head)", module, m.Config.Arch)
		}
		if prev, dup := seen[target]; dup {
			return nil, adapterErr(path, some.Name, ErrNotAdapter, "modules %s and %s both map to %s", prev, module, target)
		}
		seen[target] = module
		if len(cfg.TargetModules) > 0 && !targetsModule(cfg.TargetModules, module) {
			return nil, adapterErr(path, some.Name, ErrNotAdapter, "module %s is not in target_modules %s of %s", module, cfg.TargetModules, PEFTConfigFile)
		}
		r := rawPair{target: target}
		if p.a != nil {
			r.aName = p.a.Name
		} else {
			r.aName = "base_model.model." + module + ".lora_A.weight"
		}
		if p.b != nil {
			r.bName = p.b.Name
		} else {
			r.bName = "base_model.model." + module + ".lora_B.weight"
		}
		if p.a != nil && p.b != nil {
			a, b, err := m.peftTensors(path, module, target, p.a, p.b, cfg)
			if err != nil {
				return nil, err
			}
			r.a, r.b = a, b
		} else if p.a != nil {
			r.a = &tensor.Tensor{} // presence only: newPair reports the missing half
		} else {
			r.b = &tensor.Tensor{}
		}
		raws = append(raws, r)
	}
	return raws, nil
}

// peftTensors converts one module's lora_A (r, n_in) and lora_B (n_out, r)
// into the GGUF tensors <target>.lora_a [n_in, r] and .lora_b [r, n_out]:
// F32, F16 or BF16 as stored (F32 when the two differ or B is rescaled),
// q/k rows of B permuted for llama, per-module alpha and rsLoRA folded in.
func (m *Model) peftTensors(path, module, target string, ta, tb *safetensors.Tensor, cfg *peftConfig) (*tensor.Tensor, *tensor.Tensor, error) {
	for _, t := range []*safetensors.Tensor{ta, tb} {
		if len(t.Shape) != 2 {
			return nil, nil, adapterErr(path, t.Name, ErrAdapterMismatch, "shape %v is not a matrix", t.Shape)
		}
		if t.DType != safetensors.F32 && t.DType != safetensors.F16 && t.DType != safetensors.BF16 && t.DType != safetensors.F64 {
			return nil, nil, adapterErr(path, t.Name, ErrAdapterUnsupported, "dtype %s (want F32, F16 or BF16)", t.DType)
		}
	}
	rank, nIn := ta.Shape[0], ta.Shape[1]
	nOut, bRank := tb.Shape[0], tb.Shape[1]
	if rank != bRank {
		return nil, nil, adapterErr(path, ta.Name, ErrAdapterMismatch, "rank mismatch: lora_A %v has rank %d, lora_B %v has rank %d", ta.Shape, rank, tb.Shape, bRank)
	}
	want := *cfg.R
	if r, ok := patternValue(cfg.RankPattern, module); ok {
		want = r
	}
	if float64(rank) != want {
		return nil, nil, adapterErr(path, ta.Name, ErrAdapterMismatch, "rank mismatch: %s says r = %v for %s, lora_A %v has rank %d", PEFTConfigFile, want, module, ta.Shape, rank)
	}
	alpha := *cfg.LoraAlpha
	if v, ok := patternValue(cfg.AlphaPattern, module); ok {
		alpha = v
	}
	factor := alpha / *cfg.LoraAlpha // PEFT scales by alpha_i/r, llama.cpp by alpha/r
	if cfg.UseRSLoRA {
		factor *= math.Sqrt(float64(rank)) // PEFT scales by alpha/√r
	}
	typ := func(t *safetensors.Tensor) quant.Type { q, _ := t.DType.QuantType(); return q }
	at, bt := typ(ta), typ(tb)
	if at != bt || at == quant.F64 || factor != 1 {
		at, bt = quant.F32, quant.F32
	}
	aData, err := convertPEFT(ta, at, 1)
	if err != nil {
		return nil, nil, &AdapterError{Path: path, Tensor: ta.Name, Err: err}
	}
	bData, err := convertPEFT(tb, bt, factor)
	if err != nil {
		return nil, nil, &AdapterError{Path: path, Tensor: tb.Name, Err: err}
	}
	if m.Config.Arch == "llama" {
		var heads int
		switch {
		case strings.HasSuffix(target, nameAttnQ):
			heads = m.Config.Heads
		case strings.HasSuffix(target, nameAttnK):
			heads = m.Config.HeadsKV
		}
		if heads > 0 {
			if nOut%int64(2*heads) != 0 {
				return nil, nil, adapterErr(path, tb.Name, ErrAdapterMismatch, "%d outputs do not split into %d heads of pairs", nOut, heads)
			}
			bData = permuteRows(bData, int(nOut), heads, int(rank)*bt.BlockBytes())
		}
	}
	a := &tensor.Tensor{Name: target + ".lora_a", Type: at, Shape: []int64{nIn, rank}, Data: aData}
	b := &tensor.Tensor{Name: target + ".lora_b", Type: bt, Shape: []int64{rank, nOut}, Data: bData}
	return a, b, nil
}

// convertPEFT returns a copy of t's data as type to (F32, F16 or BF16),
// multiplied by factor.
func convertPEFT(t *safetensors.Tensor, to quant.Type, factor float64) ([]byte, error) {
	if from, _ := t.DType.QuantType(); from == to && factor == 1 {
		return append([]byte(nil), t.Data...), nil
	}
	f, err := t.Float32()
	if err != nil {
		return nil, err
	}
	if factor != 1 {
		for i := range f {
			f[i] = float32(float64(f[i]) * factor)
		}
	}
	out := make([]byte, len(f)*to.BlockBytes())
	return out, quant.Quantize(to, out, f)
}

// permuteRows reorders the rows of a (rows, ·) matrix of rowBytes-byte
// rows as llama.cpp's convert_hf_to_gguf.py permutes Llama's q/k weights,
// permute(w, n_head, n_head_kv): each head's rows, viewed as (2, d/2), are
// transposed to (d/2, 2), so the head's first and second halves interleave
// (Hugging Face's rotate-half RoPE order becomes GGUF's adjacent pairs).
// Row h·d + 2j + t of the result is row h·d + t·d/2 + j of the input.
func permuteRows(src []byte, rows, heads, rowBytes int) []byte {
	dst := make([]byte, len(src))
	d := rows / heads
	for h := range heads {
		for j := range d / 2 {
			for t := range 2 {
				to, from := h*d+2*j+t, h*d+t*(d/2)+j
				copy(dst[to*rowBytes:(to+1)*rowBytes], src[from*rowBytes:(from+1)*rowBytes])
			}
		}
	}
	return dst
}
