package model

import (
	"errors"
	"fmt"
	"math"
	"os"
	"sort"
	"strconv"
	"strings"

	"github.com/laminalabs/lamina/model/gguf"
	"github.com/laminalabs/lamina/quant"
	"github.com/laminalabs/lamina/tensor"
)

// LoRA adapters (low-rank adaptation): for a base weight W mapping n_in
// inputs to n_out outputs, an adapter carries A (ggml shape [n_in, r]) and
// B ([r, n_out]) and the model computes y = W·x + s·B·(A·x), with
// s = user scale × alpha / r (llama.cpp's rule; the user scale alone when
// alpha is 0). The GGUF layout is llama.cpp's (src/llama-adapter.cpp):
// general.type = adapter, adapter.type = lora, adapter.lora.alpha, and the
// pair <base tensor name>.lora_a / .lora_b for every target.

// Kinds of adapter errors, for errors.Is.
var (
	// ErrNotAdapter means the file is not a LoRA adapter (general.type or
	// adapter.type say otherwise, or a tensor is not a lora_a/lora_b).
	ErrNotAdapter = errors.New("not a LoRA adapter")
	// ErrAdapterMismatch means the adapter does not fit the base model:
	// another architecture, a target the base lacks, shapes or ranks that
	// disagree, a pair missing a half. Typically the wrong base model.
	ErrAdapterMismatch = errors.New("adapter does not fit the base model")
	// ErrAdapterUnsupported means the adapter uses something Lamina does
	// not apply: a tensor type other than F32, F16, BF16 or Q8_0, a target
	// other than the attention and feed-forward matrices and output, DoRA, …
	ErrAdapterUnsupported = errors.New("unsupported adapter")
)

// AdapterError describes a problem with a LoRA adapter: which file, which
// tensor, and what is wrong.
type AdapterError struct {
	Path   string // adapter file or directory
	Tensor string // tensor involved (as the adapter file names it), if any
	Err    error  // what is wrong; wraps one of the ErrNotAdapter… kinds
}

func (e *AdapterError) Error() string {
	var b strings.Builder
	b.WriteString("lora: ")
	if e.Path != "" {
		b.WriteString(e.Path + ": ")
	}
	if e.Tensor != "" {
		fmt.Fprintf(&b, "tensor %q: ", e.Tensor)
	}
	b.WriteString(e.Err.Error())
	return b.String()
}

// Unwrap returns the underlying error.
func (e *AdapterError) Unwrap() error { return e.Err }

func adapterErr(path, tensor string, kind error, format string, args ...any) error {
	return &AdapterError{Path: path, Tensor: tensor, Err: fmt.Errorf("%s: %w", fmt.Sprintf(format, args...), kind)}
}

// loraSlot names a matrix of a layer an adapter can target; loraOutput is
// the output projection (not per layer).
type loraSlot int

const (
	loraQ loraSlot = iota
	loraK
	loraV
	loraO
	loraGate
	loraUp
	loraDown
	loraSlots  // number of per-layer slots
	loraOutput = loraSlots
)

// loraSlotNames are the per-layer tensor names of the slots.
var loraSlotNames = [loraSlots]string{nameAttnQ, nameAttnK, nameAttnV, nameAttnOut, nameFFNGate, nameFFNUp, nameFFNDown}

// loraPair is one target of an adapter: y += s·B·(A·x) on top of the base
// matrix named target.
type loraPair struct {
	target string // base tensor name, e.g. blk.0.attn_q.weight
	layer  int    // -1 for output.weight
	slot   loraSlot
	rank   int
	a      *linear       // n_in → rank (rows of A)
	b      *linear       // rank → n_out (rows of B)
	at, bt tensor.Tensor // ggml shapes [n_in, rank], [rank, n_out]
}

// Adapter is a LoRA adapter loaded for, and validated against, one Model.
// It is read-only and may be shared by sessions of that model; its
// matrices stay views of the adapter file until Close.
type Adapter struct {
	path, name string
	alpha      float32
	base       *Model
	pairs      []*loraPair // by layer, then slot; output last
	byName     map[string]*loraPair
	layers     [][loraSlots]*loraPair
	output     *loraPair
	close      func() error
}

// Path returns the file or directory the adapter was loaded from.
func (a *Adapter) Path() string { return a.path }

// Name returns the adapter's general.name (a PEFT adapter: its directory
// name), or "" when it has none.
func (a *Adapter) Name() string { return a.name }

// Alpha returns adapter.lora.alpha (0 when the file has none).
func (a *Adapter) Alpha() float32 { return a.alpha }

// Rank returns the adapter's rank r: that of its targets, or the largest
// when they differ (PEFT's rank_pattern allows that).
func (a *Adapter) Rank() int {
	r := 0
	for _, p := range a.pairs {
		r = max(r, p.rank)
	}
	return r
}

// Targets returns the names of the base tensors the adapter changes, by
// layer and matrix, output.weight last.
func (a *Adapter) Targets() []string {
	out := make([]string, len(a.pairs))
	for i, p := range a.pairs {
		out[i] = p.target
	}
	return out
}

// Has reports whether the adapter changes the base tensor named target.
func (a *Adapter) Has(target string) bool { _, ok := a.byName[target]; return ok }

// Scale returns the factor s of y = W·x + s·B·(A·x) for a user scale
// (llama.cpp's --lora FILE:SCALE): user × alpha / rank, or user alone
// when alpha is 0, as llama.cpp computes it. When targets differ in rank,
// each target is scaled by its own rank (see Rank).
func (a *Adapter) Scale(user float32) float32 { return loraScale(user, a.alpha, a.Rank()) }

// scale is Scale for one target, with the target's own rank.
func (a *Adapter) scale(p *loraPair, user float32) float32 { return loraScale(user, a.alpha, p.rank) }

func loraScale(user, alpha float32, rank int) float32 {
	if alpha == 0 || rank == 0 {
		return user
	}
	return user * alpha / float32(rank)
}

// Close releases the adapter's file; the adapter must not be used
// afterwards (a model merged with it at load keeps its merged weights).
func (a *Adapter) Close() error {
	if a.close == nil {
		return nil
	}
	err := a.close()
	a.close = nil
	return err
}

// pair returns the adapter's matrices for slot of layer, nil when the
// adapter does not target it. The forward pass calls it for every matrix
// it multiplies; it does not allocate.
func (a *Adapter) pair(layer int, s loraSlot) *loraPair {
	if s == loraOutput {
		return a.output
	}
	if layer < 0 || layer >= len(a.layers) || s < 0 || s >= loraSlots {
		return nil
	}
	return a.layers[layer][s]
}

// LoadAdapter loads the LoRA adapter at path for the model: a GGUF file
// as llama.cpp's convert_lora_to_gguf.py writes it, or, when path is a
// directory, a PEFT adapter (see LoadPEFT). Every target is checked
// against the model (architecture, tensor, shape, rank, type) before the
// adapter is returned; on error nothing is kept open.
func (m *Model) LoadAdapter(path string) (*Adapter, error) {
	if st, err := os.Stat(path); err == nil && st.IsDir() {
		return m.LoadPEFT(path)
	}
	f, err := gguf.Open(path)
	if err != nil {
		return nil, err
	}
	a, err := m.adapterFromGGUF(f)
	if err != nil {
		f.Close()
		return nil, err
	}
	a.close = f.Close
	return a, nil
}

// rawPair is a target's two tensors as an adapter file holds them, before
// validation; aName and bName are their names in that file (for errors).
type rawPair struct {
	target       string
	a, b         *tensor.Tensor
	aName, bName string
}

// adapterFromGGUF reads the metadata and tensor pairs of a GGUF adapter.
func (m *Model) adapterFromGGUF(f *gguf.File) (*Adapter, error) {
	path := f.Path
	str := func(key string) (string, error) {
		s, err := f.String(key)
		if gguf.IsMissing(err) {
			return "", nil
		}
		return s, err
	}
	typ, err := str("general.type")
	if err != nil {
		return nil, err
	}
	if typ != "adapter" {
		if typ == "" {
			typ = "absent"
		} else {
			typ = strconv.Quote(typ)
		}
		return nil, adapterErr(path, "", ErrNotAdapter, "general.type is %s, want \"adapter\" (is this a model file?)", typ)
	}
	if at, err := str("adapter.type"); err != nil {
		return nil, err
	} else if at != "lora" {
		return nil, adapterErr(path, "", ErrNotAdapter, "adapter.type is %q, want \"lora\"", at)
	}
	arch, err := str("general.architecture")
	if err != nil {
		return nil, err
	}
	if arch != m.Config.Arch {
		return nil, adapterErr(path, "", ErrAdapterMismatch, "adapter for architecture %q, the base model is %q", arch, m.Config.Arch)
	}
	var alpha float32
	if f.Has("adapter.lora.alpha") {
		if alpha, err = f.Float32("adapter.lora.alpha"); err != nil {
			return nil, err
		}
		if math.IsNaN(float64(alpha)) || math.IsInf(float64(alpha), 0) {
			return nil, adapterErr(path, "", ErrNotAdapter, "adapter.lora.alpha %v is not finite", alpha)
		}
	}
	name, err := str("general.name")
	if err != nil {
		return nil, err
	}
	byTarget := map[string]*rawPair{}
	var order []string
	for i := range f.Tensors {
		t := &f.Tensors[i].Tensor
		target, half, ok := splitLoraName(t.Name)
		if !ok {
			if strings.HasSuffix(t.Name, "_norm.weight") {
				continue // llama.cpp ignores norm vectors in adapters too
			}
			return nil, adapterErr(path, t.Name, ErrNotAdapter, "unexpected tensor (want <base tensor>.lora_a and .lora_b)")
		}
		p := byTarget[target]
		if p == nil {
			p = &rawPair{target: target, aName: target + ".lora_a", bName: target + ".lora_b"}
			byTarget[target] = p
			order = append(order, target)
		}
		if half == 'a' {
			p.a = t
		} else {
			p.b = t
		}
	}
	raws := make([]rawPair, len(order))
	for i, target := range order {
		raws[i] = *byTarget[target]
	}
	return m.newAdapter(path, name, alpha, raws)
}

// splitLoraName splits "X.lora_a" into X and 'a' (or 'b').
func splitLoraName(name string) (target string, half byte, ok bool) {
	if t, found := strings.CutSuffix(name, ".lora_a"); found {
		return t, 'a', true
	}
	if t, found := strings.CutSuffix(name, ".lora_b"); found {
		return t, 'b', true
	}
	return "", 0, false
}

// loraTypes are the tensor types an adapter's matrices may have.
var loraTypes = map[quant.Type]bool{quant.F32: true, quant.F16: true, quant.BF16: true, quant.Q8_0: true}

// newAdapter validates the pairs against the model and builds the adapter.
func (m *Model) newAdapter(path, name string, alpha float32, raws []rawPair) (*Adapter, error) {
	a := &Adapter{path: path, name: name, alpha: alpha, base: m, byName: map[string]*loraPair{},
		layers: make([][loraSlots]*loraPair, m.Config.Layers)}
	for i := range raws {
		p, err := m.newPair(path, &raws[i])
		if err != nil {
			return nil, err
		}
		if p.layer < 0 {
			a.output = p
		} else {
			a.layers[p.layer][p.slot] = p
		}
		a.byName[p.target] = p
		a.pairs = append(a.pairs, p)
	}
	if len(a.pairs) == 0 {
		return nil, adapterErr(path, "", ErrNotAdapter, "no lora_a/lora_b tensors")
	}
	sort.Slice(a.pairs, func(i, j int) bool {
		pi, pj := a.pairs[i], a.pairs[j]
		if (pi.layer < 0) != (pj.layer < 0) {
			return pj.layer < 0
		}
		if pi.layer != pj.layer {
			return pi.layer < pj.layer
		}
		return pi.slot < pj.slot
	})
	return a, nil
}

// newPair checks one target against the model.
func (m *Model) newPair(path string, r *rawPair) (*loraPair, error) {
	switch {
	case r.a == nil:
		return nil, adapterErr(path, r.bName, ErrAdapterMismatch, "%s has no %s: the LoRA pair of %s is incomplete", r.bName, r.aName, r.target)
	case r.b == nil:
		return nil, adapterErr(path, r.aName, ErrAdapterMismatch, "%s has no %s: the LoRA pair of %s is incomplete", r.aName, r.bName, r.target)
	}
	layer, slot, err := m.loraTarget(r.target)
	if err != nil {
		return nil, &AdapterError{Path: path, Tensor: r.aName, Err: err}
	}
	base, _ := m.file.Tensor(r.target)
	nIn, nOut, _ := matrixDims(base.Shape)
	for _, half := range []struct {
		t    *tensor.Tensor
		name string
	}{{r.a, r.aName}, {r.b, r.bName}} {
		if !loraTypes[half.t.Type] {
			return nil, adapterErr(path, half.name, ErrAdapterUnsupported, "type %s (want F32, F16, BF16 or Q8_0)", half.t.Type)
		}
	}
	aIn, aRank, okA := matrixDims(r.a.Shape)
	bRank, bOut, okB := matrixDims(r.b.Shape)
	switch {
	case !okA:
		return nil, adapterErr(path, r.aName, ErrAdapterMismatch, "shape %v is not a matrix", r.a.Shape)
	case !okB:
		return nil, adapterErr(path, r.bName, ErrAdapterMismatch, "shape %v is not a matrix", r.b.Shape)
	case aRank != bRank:
		return nil, adapterErr(path, r.aName, ErrAdapterMismatch, "rank mismatch: %s %v has rank %d, %s %v has rank %d", r.aName, r.a.Shape, aRank, r.bName, r.b.Shape, bRank)
	case aRank == 0:
		return nil, adapterErr(path, r.aName, ErrAdapterMismatch, "rank 0")
	case aIn != nIn:
		return nil, adapterErr(path, r.aName, ErrAdapterMismatch, "shape %v takes %d inputs, base tensor %s %v has %d (wrong base model?)", r.a.Shape, aIn, r.target, base.Shape, nIn)
	case bOut != nOut:
		return nil, adapterErr(path, r.bName, ErrAdapterMismatch, "shape %v gives %d outputs, base tensor %s %v has %d (wrong base model?)", r.b.Shape, bOut, r.target, base.Shape, nOut)
	}
	rank := int(aRank)
	la, err := newLinear(*r.a, int(nIn), rank)
	if err != nil {
		return nil, adapterErr(path, r.aName, ErrAdapterUnsupported, "%v", err)
	}
	lb, err := newLinear(*r.b, rank, int(nOut))
	if err != nil {
		return nil, adapterErr(path, r.bName, ErrAdapterUnsupported, "%v", err)
	}
	return &loraPair{target: r.target, layer: layer, slot: slot, rank: rank, a: la, b: lb, at: *r.a, bt: *r.b}, nil
}

// matrixDims returns a 2-D ggml shape's [ne0, ne1] (a 1-D shape is
// [ne0, 1]); ok is false when a higher dimension is not 1.
func matrixDims(shape []int64) (ne0, ne1 int64, ok bool) {
	if len(shape) == 0 {
		return 0, 0, false
	}
	ne0, ne1 = shape[0], 1
	if len(shape) > 1 {
		ne1 = shape[1]
	}
	for _, d := range shape[min(len(shape), 2):] {
		if d != 1 {
			return 0, 0, false
		}
	}
	return ne0, ne1, true
}

// loraTargetNames lists what an adapter may target, for error messages.
const loraTargetNames = "blk.N.{attn_q,attn_k,attn_v,attn_output,ffn_gate,ffn_up,ffn_down}.weight and output.weight"

// loraTarget finds the matrix the forward pass multiplies for a base
// tensor name: its layer (-1 for output.weight) and slot.
func (m *Model) loraTarget(name string) (layer int, slot loraSlot, err error) {
	_, inBase := m.file.Tensor(name)
	missing := func() error {
		return fmt.Errorf("target %s does not exist in the base model %s (wrong base model?): %w", name, m.file.Path, ErrAdapterMismatch)
	}
	unsupported := func(why string) error {
		return fmt.Errorf("target %s %s (LoRA applies to %s): %w", name, why, loraTargetNames, ErrAdapterUnsupported)
	}
	switch name {
	case nameOutput:
		if !inBase {
			return 0, 0, fmt.Errorf("target %s does not exist in the base model %s (its output reuses token_embd): %w", name, m.file.Path, ErrAdapterMismatch)
		}
		return -1, loraOutput, nil
	case nameTokenEmbd:
		return 0, 0, unsupported("is the token embedding, which Lamina does not adapt")
	}
	rest, ok := strings.CutPrefix(name, "blk.")
	idx, suffix, ok2 := strings.Cut(rest, ".")
	n, err := strconv.Atoi(idx)
	if !ok || !ok2 || err != nil || n < 0 || strconv.Itoa(n) != idx {
		if !inBase {
			return 0, 0, missing()
		}
		return 0, 0, unsupported("is not a matrix the forward pass multiplies")
	}
	if n >= m.Config.Layers {
		return 0, 0, fmt.Errorf("target %s is in layer %d, the base model %s has %d layers (wrong base model?): %w", name, n, m.file.Path, m.Config.Layers, ErrAdapterMismatch)
	}
	for s, sn := range loraSlotNames {
		if sn == suffix {
			if !inBase {
				return 0, 0, missing()
			}
			if lin := *m.targetMatrix(n, loraSlot(s)); lin == nil || lin.isView {
				return 0, 0, unsupported("is not multiplied as one matrix in this architecture (fused or experts)")
			}
			return n, loraSlot(s), nil
		}
	}
	if !inBase {
		return 0, 0, missing()
	}
	return 0, 0, unsupported("is not a matrix the forward pass multiplies")
}

// targetMatrix returns where the model keeps the matrix of a layer slot
// (or of the output), so that merging at load can replace it.
func (m *Model) targetMatrix(layer int, s loraSlot) **linear {
	if s == loraOutput {
		return &m.output
	}
	l := &m.layers[layer]
	switch s {
	case loraQ:
		return &l.wq
	case loraK:
		return &l.wk
	case loraV:
		return &l.wv
	case loraO:
		return &l.wo
	case loraGate:
		return &l.gate
	case loraUp:
		return &l.up
	}
	return &l.down
}

// AdapterSpec names an adapter and the user scale it applies at, as
// llama.cpp's --lora FILE:SCALE does: a GGUF LoRA file or a PEFT
// directory.
type AdapterSpec struct {
	Path  string
	Scale float32
}

// ParseAdapterSpec parses "FILE[:SCALE]" (scale 1 when absent). The scale
// is the text after the last colon when that parses as a number, so paths
// that contain colons still work.
func ParseAdapterSpec(s string) (AdapterSpec, error) {
	if i := strings.LastIndexByte(s, ':'); i > 0 {
		if v, err := strconv.ParseFloat(s[i+1:], 32); err == nil {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return AdapterSpec{}, fmt.Errorf("lora: %q: scale %v is not finite", s, v)
			}
			return AdapterSpec{Path: s[:i], Scale: float32(v)}, nil
		}
	}
	if s == "" {
		return AdapterSpec{}, errors.New("lora: empty adapter path")
	}
	return AdapterSpec{Path: s, Scale: 1}, nil
}

// KeepTypes, given to Adapter.WriteFile, keeps every tensor's own type.
const KeepTypes = ^quant.Type(0)

// WriteFile writes the adapter as a GGUF LoRA file in llama.cpp's layout
// (general.type = adapter, adapter.type = lora, adapter.lora.alpha, the
// .lora_a/.lora_b pairs). Tensors are converted to type to (F32, F16,
// BF16 or Q8_0), or keep their own with KeepTypes; a tensor whose rows do
// not fit to's blocks falls back to F16, as llama.cpp's converter does.
func (a *Adapter) WriteFile(path string, to quant.Type) error {
	if to != KeepTypes && !loraTypes[to] {
		return fmt.Errorf("lora: %s: cannot write adapter tensors as %s (want F32, F16, BF16 or Q8_0)", path, to)
	}
	kvs := []gguf.KV{
		{Key: "general.architecture", Value: gguf.String(a.base.Config.Arch)},
		{Key: "general.type", Value: gguf.String("adapter")},
	}
	if a.name != "" {
		kvs = append(kvs, gguf.KV{Key: "general.name", Value: gguf.String(a.name)})
	}
	kvs = append(kvs,
		gguf.KV{Key: "adapter.type", Value: gguf.String("lora")},
		gguf.KV{Key: "adapter.lora.alpha", Value: gguf.Float32(a.alpha)})
	var ts []gguf.Tensor
	for _, p := range a.pairs {
		for _, t := range []tensor.Tensor{p.at, p.bt} {
			typ, data, err := convertLora(t, to)
			if err != nil {
				return fmt.Errorf("lora: %s: tensor %q: %w", path, t.Name, err)
			}
			ts = append(ts, gguf.Tensor{Name: t.Name, Type: typ, Shape: t.Shape, Data: data})
		}
	}
	return gguf.WriteFile(path, kvs, ts)
}

// convertLora returns t's data in type to (see WriteFile).
func convertLora(t tensor.Tensor, to quant.Type) (quant.Type, []byte, error) {
	if to == KeepTypes || to == t.Type {
		return t.Type, t.Data, nil
	}
	if _, err := to.RowBytes(int(t.Shape[0])); err != nil {
		to = quant.F16
		if t.Type == to {
			return to, t.Data, nil
		}
	}
	f, err := t.Float32()
	if err != nil {
		return 0, nil, err
	}
	out := make([]byte, len(f)/to.BlockSize()*to.BlockBytes())
	return to, out, quant.Quantize(to, out, f)
}
