package quant

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// ModelInfo holds the hyperparameters llama.cpp's mix rules look at, read by
// the caller from the model's metadata.
type ModelInfo struct {
	Arch    string // general.architecture
	NLayer  int    // {arch}.block_count
	NExpert int    // {arch}.expert_count; 0 when absent
	NHead   int    // {arch}.attention.head_count (of layer 0 where it is a per-layer array)
	NHeadKV int    // {arch}.attention.head_count_kv (of layer 0); 0 when absent, which means NHead
}

// gqa returns the number of query heads per key/value head (llama.cpp's
// n_gqa), 0 when unknown.
func (m ModelInfo) gqa() int {
	if m.NHeadKV <= 0 {
		return 0
	}
	return m.NHead / m.NHeadKV
}

// is70B reports whether llama.cpp classifies the model as LLM_TYPE_70B,
// the one model size its mix rules single out. (An 8-expert llama of 80
// layers is not one, but the rule is moot there: the 8-expert rule wins.)
func (m ModelInfo) is70B() bool {
	switch m.Arch {
	case "llama":
		return m.NLayer == 80 && m.NHeadKV > 0 && m.NHeadKV != m.NHead
	case "qwen2", "deci":
		return m.NLayer == 80
	case "jais2":
		return m.NLayer == 68
	}
	return false
}

// TensorDesc describes one tensor of the model being quantized.
type TensorDesc struct {
	Name  string
	Type  Type    // its type in the source file
	Shape []int64 // ggml order: Shape[0] is the row length
}

// nDims returns the number of dimensions ignoring trailing ones, as
// ggml_n_dims does.
func (t *TensorDesc) nDims() int {
	n := len(t.Shape)
	for n > 1 && t.Shape[n-1] == 1 {
		n--
	}
	return max(n, 1)
}

// dim returns Shape[i], or 1 past the last dimension.
func (t *TensorDesc) dim(i int) int64 {
	if i < len(t.Shape) {
		return t.Shape[i]
	}
	return 1
}

// PlanTypes returns the type each tensor gets when the model is quantized
// to ft (in the order of tensors), chosen as llama.cpp's llama_model_quantize
// chooses it with default parameters and no importance matrix; pure is
// llama-quantize --pure (every quantizable tensor gets ft's base type, bar
// the fallbacks for row lengths that are not a whole number of blocks).
// Tensors that are not quantized keep their type. It fails where llama.cpp
// does: for an FFN tensor of an expert model whose name lacks a valid
// "blk.N." layer.
func PlanTypes(ft FileType, m ModelInfo, tensors []TensorDesc, pure bool) ([]Type, error) {
	base, ok := ft.BaseType()
	if !ok {
		return nil, fmt.Errorf("quant: unknown file type %d", uint32(ft))
	}
	p := newPlanner(ft, base, m, tensors, pure)
	out := make([]Type, len(tensors))
	for _, i := range QuantizeOrder(tensors) {
		t, err := p.typeOf(&tensors[i])
		if err != nil {
			return nil, fmt.Errorf("quant: tensor %q: %w", tensors[i].Name, err)
		}
		out[i] = t
	}
	return out, nil
}

// QuantizeOrder returns the indices of tensors in the order llama.cpp
// visits and writes them when quantizing: by layer number ("blk.N."; other
// tensors first), then by name. The layer counters of the mix rules follow
// this order, and so does the tensor order of the file llama.cpp writes.
func QuantizeOrder(tensors []TensorDesc) []int {
	idx := make([]int, len(tensors))
	layer := make([]int, len(tensors))
	for i := range tensors {
		idx[i] = i
		layer[i] = -1
		if l, ok := blockIndex(tensors[i].Name); ok {
			layer[i] = l
		}
	}
	sort.SliceStable(idx, func(a, b int) bool {
		i, j := idx[a], idx[b]
		if layer[i] != layer[j] {
			return layer[i] < layer[j]
		}
		return tensors[i].Name < tensors[j].Name
	})
	return idx
}

// blockIndex parses the layer number of a "blk.N." name the way llama.cpp's
// sscanf("blk.%d.") does.
func blockIndex(name string) (int, bool) {
	rest, ok := strings.CutPrefix(name, "blk.")
	if !ok {
		return 0, false
	}
	rest = strings.TrimLeft(rest, " \t\n\v\f\r")
	end := 0
	if end < len(rest) && (rest[end] == '+' || rest[end] == '-') {
		end++
	}
	for end < len(rest) && rest[end] >= '0' && rest[end] <= '9' {
		end++
	}
	n, err := strconv.Atoi(rest[:end])
	return n, err == nil
}

// CheckImatrix returns an error naming the first tensor (in QuantizeOrder)
// whose planned type llama.cpp refuses to produce without an importance
// matrix: the 1- to 2-bit i-quants and IQ3_XXS, and Q2_K in a Q2_K_S file.
// Lamina has no importance matrices, so such a plan cannot be carried out.
// plan is what PlanTypes returned for tensors.
func CheckImatrix(ft FileType, tensors []TensorDesc, plan []Type) error {
	if len(plan) != len(tensors) {
		return fmt.Errorf("quant: a plan of %d types for %d tensors", len(plan), len(tensors))
	}
	for _, i := range QuantizeOrder(tensors) {
		t := &tensors[i]
		if quantizable(t) && needsImatrix(ft, t.Name, plan[i]) {
			return fmt.Errorf("quant: tensor %q: %s in a %s model needs an importance matrix, which Lamina does not support", t.Name, plan[i], ft)
		}
	}
	return nil
}

// needsImatrix is llama.cpp's tensor_requires_imatrix.
func needsImatrix(ft FileType, name string, t Type) bool {
	if c := categorize(name); c == catTokenEmbd || c == catOutput {
		return false
	}
	switch t {
	case IQ1_S, IQ1_M, IQ2_XXS, IQ2_XS, IQ2_S, IQ3_XXS:
		return true
	case Q2_K:
		return ft == FileTypeQ2_K_S
	}
	return false
}

// notQuantized lists name fragments of 2-D weights llama.cpp never
// quantizes (tensor_allows_quantization): norms, expert routers, tiny
// per-layer tensors of various architectures, positional tables and
// multimodal projector parts.
var notQuantized = []string{
	"_norm.weight", "ffn_gate_inp.weight", "ffn_gate_tid2eid.weight", "altup", "laurel",
	"per_layer_model_proj", "ssm_conv1d", "shortconv.conv.weight",
	"indexer.k_proj.weight", "indexer.q_proj.weight",
	"time_mix_first.weight", "time_mix_w0.weight", "time_mix_w1.weight", "time_mix_w2.weight",
	"time_mix_v0.weight", "time_mix_v1.weight", "time_mix_v2.weight",
	"time_mix_a0.weight", "time_mix_a1.weight", "time_mix_a2.weight",
	"time_mix_g1.weight", "time_mix_g2.weight",
	"time_mix_decay_w1.weight", "time_mix_decay_w2.weight", "time_mix_lerp_fused.weight",
	"attn_rel_b.weight", ".position_embd", "sam.pos_embd", "sam.neck.", "sam.net_",
	".rel_pos", ".patch_embd", ".patch_merger", "a.rvq.codebook", "mm.a.code_embd",
}

// quantizable reports whether llama.cpp quantizes t at all: 2-D or 3-D
// weights not excluded by name.
func quantizable(t *TensorDesc) bool {
	// llama.cpp tests name.rfind("weight") == name.size()-6 in size_t
	// arithmetic, which a 5-byte name passes too (npos == npos).
	weight := strings.HasSuffix(t.Name, "weight") || len(t.Name) == 5
	if t.nDims() < 2 || !weight || t.Name == "position_embd.weight" || t.Name == "token_types.weight" {
		return false
	}
	for _, frag := range notQuantized {
		if strings.Contains(t.Name, frag) {
			return false
		}
	}
	return true
}

// category is llama.cpp's broad tensor_category of a weight.
type category int

const (
	catOther category = iota
	catTokenEmbd
	catOutput
	catAttnQ
	catAttnK
	catAttnV
	catAttnQKV
	catAttnKVB
	catAttnOutput
	catFFNUp
	catFFNGate
	catFFNDown
)

// categoryFragments maps name fragments to categories, first match wins.
var categoryFragments = []struct {
	frag string
	cat  category
}{
	{"attn_qkv.weight", catAttnQKV},
	{"attn_kv_b.weight", catAttnKVB},
	{"attn_v.weight", catAttnV},
	{"attn_k.weight", catAttnK},
	{"attn_q.weight", catAttnQ},
	{"attn_output.weight", catAttnOutput},
	{"ffn_up", catFFNUp},
	{"ffn_gate", catFFNGate},
	{"ffn_down", catFFNDown},
}

// categorize returns the category of the tensor named name.
func categorize(name string) category {
	switch name {
	case "output.weight":
		return catOutput
	case "token_embd.weight", "per_layer_token_embd.weight":
		return catTokenEmbd
	}
	for _, c := range categoryFragments {
		if strings.Contains(name, c.frag) {
			return c.cat
		}
	}
	return catOther
}

// attnVLike reports whether c is one of the value projections the mixes
// give more bits.
func (c category) attnVLike() bool { return c == catAttnV || c == catAttnQKV || c == catAttnKVB }

// fallbackTypes is the type llama.cpp falls back to when a row length is
// not a whole number of blocks of the chosen type.
var fallbackTypes = map[Type]Type{
	IQ1_S: IQ4_NL, IQ1_M: IQ4_NL, IQ2_XXS: IQ4_NL, IQ2_XS: IQ4_NL, IQ2_S: IQ4_NL,
	IQ3_XXS: IQ4_NL, IQ3_S: IQ4_NL, IQ4_XS: IQ4_NL,
	Q2_K: Q4_0, Q3_K: Q4_0, TQ1_0: Q4_0, TQ2_0: Q4_0,
	Q4_K: Q5_0,
	Q5_K: Q5_1,
	Q6_K: Q8_0,
}

// fitRow returns t when its blocks divide the row length ncols, else its
// fallback, else (no fallback, or one whose blocks do not divide ncols
// either) F16.
func fitRow(t Type, ncols int64) Type {
	if ncols%int64(t.BlockSize()) == 0 {
		return t
	}
	if fb, ok := fallbackTypes[t]; ok && ncols%int64(fb.BlockSize()) == 0 {
		return fb
	}
	return F16
}

// planner carries the state of one PlanTypes call: llama.cpp's
// quantize_state_impl.
type planner struct {
	ft   FileType
	base Type
	m    ModelInfo
	pure bool
	tied bool // no output.weight: token_embd doubles as the output matrix

	nAttnV, iAttnV             int
	iFFNDown, iFFNGate, iFFNUp int
}

// newPlanner counts what llama.cpp counts before it visits the first tensor:
// the value projections, and whether output.weight exists.
func newPlanner(ft FileType, base Type, m ModelInfo, tensors []TensorDesc, pure bool) *planner {
	p := &planner{ft: ft, base: base, m: m, pure: pure, tied: true}
	for i := range tensors {
		switch c := categorize(tensors[i].Name); {
		case c == catOutput:
			p.tied = false
		case c.attnVLike():
			p.nAttnV++
		}
	}
	return p
}

// typeOf returns the type of t (llama_tensor_get_type).
func (p *planner) typeOf(t *TensorDesc) (Type, error) {
	if !quantizable(t) {
		return t.Type, nil
	}
	if p.base.BlockSize() == 1 { // F32, F16, BF16: no mixes, no fallbacks
		return p.base, nil
	}
	nt := p.base
	if !p.pure {
		var err error
		if nt, err = p.mixType(t, categorize(t.Name)); err != nil {
			return 0, err
		}
	}
	return fitRow(nt, t.dim(0)), nil
}

// mixType applies the per-tensor rules of the mix (llama_tensor_get_type_impl).
func (p *planner) mixType(t *TensorDesc, c category) (Type, error) {
	switch {
	case c == catOutput || (p.tied && c == catTokenEmbd):
		return p.outputType(t), nil
	case p.ft == FileTypeMXFP4_MOE:
		return p.mxfp4Type(t, c), nil
	case c == catTokenEmbd:
		return p.tokenEmbdType(), nil
	case p.ft.oneOf(FileTypeIQ2_XXS, FileTypeIQ2_XS, FileTypeIQ1_S, FileTypeIQ2_S, FileTypeIQ2_M, FileTypeIQ1_M):
		return p.lowBitType(c), nil
	case c.attnVLike():
		return p.attnVType(), nil
	case c == catAttnK:
		if p.m.NExpert == 8 {
			return Q8_0, nil
		}
		return p.attnQKType(), nil
	case c == catAttnQ:
		return p.attnQKType(), nil
	case c == catFFNDown:
		return p.ffnDownType(t)
	case c == catAttnOutput:
		return p.attnOutputType(), nil
	case c == catFFNGate:
		return p.ffnGateUpType(t, &p.iFFNGate)
	case c == catFFNUp:
		return p.ffnGateUpType(t, &p.iFFNUp)
	}
	return p.base, nil
}

// oneOf reports whether ft is one of fts.
func (ft FileType) oneOf(fts ...FileType) bool {
	for _, f := range fts {
		if ft == f {
			return true
		}
	}
	return false
}

// useMoreBits is llama.cpp's choice of the layers that get more bits: the
// first and last eighth and every third layer in between.
func useMoreBits(i, n int) bool {
	return i < n/8 || i >= 7*n/8 || (i-n/8)%3 == 2
}

// layerOf returns the layer of an FFN tensor: counter (the number of its
// kind seen so far) for dense models, the layer in its name for expert
// models, whose tensors llama.cpp does not trust to be in layer order.
func (p *planner) layerOf(t *TensorDesc, counter int) (int, error) {
	if p.m.NExpert <= 1 {
		return counter, nil
	}
	i, ok := blockIndex(t.Name)
	if !ok {
		return 0, fmt.Errorf("cannot tell the layer of an expert model tensor from its name")
	}
	if i < 0 || i >= p.m.NLayer {
		return 0, fmt.Errorf("layer %d is not in [0, %d)", i, p.m.NLayer)
	}
	return i, nil
}

// outputType is the type of output.weight (and of tied token embeddings).
func (p *planner) outputType(t *TensorDesc) Type {
	switch {
	case p.ft == FileTypeMXFP4_MOE, p.m.Arch == "falcon", t.dim(0)%int64(p.base.BlockSize()) != 0:
		return Q8_0
	case p.ft.oneOf(FileTypeIQ2_XXS, FileTypeIQ2_XS, FileTypeIQ3_XXS, FileTypeIQ1_S, FileTypeIQ2_S, FileTypeIQ2_M, FileTypeIQ1_M):
		return Q5_K
	case p.base != Q8_0:
		return Q6_K
	}
	return p.base
}

// mxfp4Type is the MXFP4_MOE mix: MXFP4 experts, Q8_0 for the rest.
func (p *planner) mxfp4Type(t *TensorDesc, c category) Type {
	expert := c == catFFNUp || c == catFFNGate || c == catFFNDown
	if t.dim(2) > 1 && (p.m.Arch != "bailingmoe3" || expert) {
		return MXFP4
	}
	return Q8_0
}

// tokenEmbdType is the type of untied token embeddings.
func (p *planner) tokenEmbdType() Type {
	switch {
	case p.ft.oneOf(FileTypeIQ2_XXS, FileTypeIQ2_XS, FileTypeIQ1_S, FileTypeIQ1_M):
		return Q2_K
	case p.ft.oneOf(FileTypeIQ2_S, FileTypeIQ2_M, FileTypeIQ3_XXS):
		return IQ3_S
	case p.ft.oneOf(FileTypeTQ1_0, FileTypeTQ2_0):
		return Q4_K
	}
	return p.base
}

// lowBitType is the mix of the 1- and 2-bit i-quant file types.
func (p *planner) lowBitType(c category) Type {
	more := Q2_K // the step up of these mixes
	if p.ft.oneOf(FileTypeIQ2_S, FileTypeIQ2_M) {
		more = IQ3_S
	}
	switch {
	case c.attnVLike():
		p.iAttnV++
		if p.m.gqa() >= 4 || p.m.NExpert >= 4 {
			return Q4_K
		}
		return more
	case p.m.NExpert == 8 && c == catAttnK:
		return Q4_K
	case c == catFFNDown:
		i := p.iFFNDown
		p.iFFNDown++
		if i < p.m.NLayer/8 {
			return more
		}
	case c == catAttnOutput:
		switch {
		case p.m.NExpert == 8:
			return Q5_K
		case p.ft.oneOf(FileTypeIQ1_S, FileTypeIQ1_M):
			return IQ2_XXS
		case p.ft.oneOf(FileTypeIQ2_S, FileTypeIQ2_M):
			return IQ3_S
		}
	}
	return p.base
}

// attnVType is the type of value projections (attn_v, attn_qkv, attn_kv_b).
func (p *planner) attnVType() Type {
	i, gqa, nt := p.iAttnV, p.m.gqa(), p.base
	p.iAttnV++
	switch ft := p.ft; {
	case ft == FileTypeQ2_K:
		nt = Q3_K
		if gqa >= 4 {
			nt = Q4_K
		}
	case ft == FileTypeQ2_K_S && gqa >= 4:
		nt = Q4_K
	case ft == FileTypeIQ3_XXS:
		nt = IQ3_S
		if gqa >= 4 {
			nt = Q4_K
		}
	case ft.oneOf(FileTypeIQ3_XS, FileTypeIQ3_S) && gqa >= 4, ft == FileTypeIQ3_M:
		nt = Q4_K
	case ft == FileTypeQ3_K_M:
		nt = Q4_K
		if i < 2 {
			nt = Q5_K
		}
	case ft == FileTypeQ3_K_L:
		nt = Q5_K
	case ft.oneOf(FileTypeIQ4_NL, FileTypeIQ4_XS) && gqa >= 4:
		nt = Q5_K
	case ft.oneOf(FileTypeQ4_K_M, FileTypeQ5_K_M) && useMoreBits(i, p.nAttnV):
		nt = Q6_K
	case ft == FileTypeQ4_K_S && i < 4:
		nt = Q5_K
	}
	if p.m.is70B() && (nt == Q3_K || nt == Q4_K) {
		nt = Q5_K
	}
	if p.m.NExpert == 8 {
		nt = Q8_0
	}
	return nt
}

// attnQKType is the type of query and key projections.
func (p *planner) attnQKType() Type {
	switch p.ft {
	case FileTypeIQ3_XS:
		return IQ3_XXS
	case FileTypeIQ3_XXS:
		return IQ2_S
	}
	return p.base
}

// ffnDownType is the type of FFN down projections, dense or expert.
func (p *planner) ffnDownType(t *TensorDesc) (Type, error) {
	i, err := p.layerOf(t, p.iFFNDown)
	if err != nil {
		return 0, err
	}
	p.iFFNDown++
	n, falcon, nt := p.m.NLayer, p.m.Arch == "falcon", p.base
	switch ft := p.ft; {
	case ft == FileTypeQ2_K:
		nt = Q3_K
	case ft == FileTypeQ2_K_S:
		if i < n/8 {
			nt = Q4_K
		}
	case ft == FileTypeIQ3_XXS:
		nt = Q3_K
		if i < n/8 {
			nt = Q4_K
		}
	case ft == FileTypeQ3_K_M:
		switch {
		case i < n/16:
			nt = Q5_K
		case !falcon || useMoreBits(i, n):
			nt = Q4_K
		default:
			nt = Q3_K
		}
	case ft == FileTypeIQ3_M && (i < n/8 || (p.m.NExpert == 8 && useMoreBits(i, n))):
		nt = Q4_K
	case ft == FileTypeQ3_K_L:
		nt = Q5_K
		if falcon {
			nt = Q4_K
		}
	case ft == FileTypeQ4_K_M:
		nt = p.q4KMDown(i, n, falcon)
	case i < n/8 && ft.oneOf(FileTypeIQ4_NL, FileTypeIQ4_XS):
		nt = Q5_K
	case ft == FileTypeQ5_K_M && useMoreBits(i, n):
		nt = Q6_K
	case ft == FileTypeQ4_K_S && !falcon && i < n/8:
		nt = Q5_K
	}
	return nt, nil
}

// q4KMDown is the Q4_K_M rule for FFN down projections of layer i of n.
func (p *planner) q4KMDown(i, n int, falcon bool) Type {
	switch {
	case falcon && i < n/16:
		return Q6_K
	case falcon && useMoreBits(i, n):
		return Q5_K
	case falcon:
		return Q4_K
	case useMoreBits(i, n):
		return Q6_K
	}
	return p.base
}

// attnOutputType is the type of attention output projections.
func (p *planner) attnOutputType() Type {
	ft := p.ft
	switch {
	case p.m.Arch == "falcon":
		if ft == FileTypeQ3_K_L {
			return Q4_K
		}
	case p.m.NExpert == 8:
		if ft.oneOf(FileTypeQ2_K, FileTypeIQ3_XS, FileTypeIQ3_XXS, FileTypeQ3_K_S, FileTypeQ3_K_M, FileTypeIQ4_NL,
			FileTypeQ4_K_S, FileTypeQ4_K_M, FileTypeIQ3_S, FileTypeIQ3_M, FileTypeIQ4_XS) {
			return Q5_K
		}
	case ft == FileTypeQ2_K:
		return Q3_K
	case ft == FileTypeIQ3_XXS:
		return IQ3_S
	case ft == FileTypeQ3_K_M, ft == FileTypeIQ3_M:
		return Q4_K
	case ft == FileTypeQ3_K_L:
		return Q5_K
	}
	return p.base
}

// ffnGateUpType is the type of FFN gate and up projections; counter is the
// layer counter of their kind.
func (p *planner) ffnGateUpType(t *TensorDesc, counter *int) (Type, error) {
	i, err := p.layerOf(t, *counter)
	if err != nil {
		return 0, err
	}
	*counter++
	n := p.m.NLayer
	if p.ft == FileTypeIQ3_XS && i >= n/8 && i < 7*n/8 {
		return IQ3_XXS, nil
	}
	return p.base, nil
}
