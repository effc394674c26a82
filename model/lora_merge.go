package model

import (
	"errors"
	"fmt"
	"math"

	"github.com/laminalabs/lamina/quant"
	"github.com/laminalabs/lamina/tensor"
)

// ScaledAdapter is an adapter with the user scale it applies at.
type ScaledAdapter struct {
	Adapter *Adapter
	Scale   float32
}

// MergeStat reports one merged tensor.
type MergeStat struct {
	Name     string
	Type     quant.Type // type of the merged data
	Adapters int        // adapters that changed the tensor
	// RMS and MaxAbs measure the error that storing the merged weights in
	// Type introduced: W'_stored − W'_float32 over all weights (0 for F32).
	RMS, MaxAbs float64
}

// MergeTensor returns the weights W' = W + Σ s_i·B_i·A_i of the base
// tensor w, with s_i = adapters[i].Adapter's scale at adapters[i].Scale,
// stored in type to (KeepTypes: w's own type), and the error storing them
// in that type introduced. W is dequantized to float32 (when not already),
// the deltas are summed in float64 and added, and the result is quantized
// with package quant, one row per step, on up to threads goroutines.
// Adapters that do not target w contribute nothing.
func MergeTensor(w *tensor.Tensor, to quant.Type, adapters []ScaledAdapter, threads int) ([]byte, MergeStat, error) {
	if to == KeepTypes {
		to = w.Type
	}
	st := MergeStat{Name: w.Name, Type: to}
	nIn, nOut, ok := matrixDims(w.Shape)
	if !ok {
		return nil, st, fmt.Errorf("lora: tensor %q: shape %v is not a matrix", w.Name, w.Shape)
	}
	in, out := int(nIn), int(nOut)
	outRow, err := to.RowBytes(in)
	if err == nil && !to.CanQuantize() {
		err = fmt.Errorf("quantizing to %s is not supported", to)
	}
	if err != nil {
		return nil, st, fmt.Errorf("lora: tensor %q: %w", w.Name, err)
	}
	inRow, err := w.Type.RowBytes(in)
	if err != nil || len(w.Data) != inRow*out {
		return nil, st, fmt.Errorf("lora: tensor %q: %d bytes of %s data for shape %v", w.Name, len(w.Data), w.Type, w.Shape)
	}
	type delta struct {
		a, b  []float32 // (rank, in), (out, rank) row-major
		rank  int
		scale float64
	}
	var deltas []delta
	for _, sa := range adapters {
		p := sa.Adapter.byName[w.Name]
		if p == nil {
			continue
		}
		if p.a.in != in || p.b.out != out {
			return nil, st, fmt.Errorf("lora: %s: tensor %q: adapter is for a %d → %d matrix, the tensor is %d → %d", sa.Adapter.path, w.Name, p.a.in, p.b.out, in, out)
		}
		a, err := p.at.Float32()
		if err == nil {
			var b []float32
			if b, err = p.bt.Float32(); err == nil {
				deltas = append(deltas, delta{a, b, p.rank, float64(sa.Adapter.scale(p, sa.Scale))})
			}
		}
		if err != nil {
			return nil, st, fmt.Errorf("lora: %s: %w", sa.Adapter.path, err)
		}
	}
	st.Adapters = len(deltas)
	dst := make([]byte, out*outRow)
	threads = max(1, min(threads, out))
	sums := make([]float64, threads)
	maxs := make([]float64, threads)
	err = tensor.ForRows(out, threads, func(t, lo, hi int) error {
		row := make([]float32, in)
		back := make([]float32, in)
		acc := make([]float64, in)
		for r := lo; r < hi; r++ {
			if err := quant.Dequantize(w.Type, row, w.Data[r*inRow:(r+1)*inRow]); err != nil {
				return err
			}
			clear(acc)
			for _, d := range deltas {
				for k := range d.rank {
					c := d.scale * float64(d.b[r*d.rank+k])
					if c == 0 {
						continue
					}
					for i, x := range d.a[k*in : (k+1)*in] {
						acc[i] += c * float64(x)
					}
				}
			}
			for i := range row {
				row[i] = float32(float64(row[i]) + acc[i])
			}
			q := dst[r*outRow : (r+1)*outRow]
			if err := quant.Quantize(to, q, row); err != nil {
				return err
			}
			if to == quant.F32 {
				continue
			}
			quant.Dequantize(to, back, q)
			for i, x := range back {
				e := math.Abs(float64(x) - float64(row[i]))
				sums[t] += e * e
				maxs[t] = max(maxs[t], e)
			}
		}
		return nil
	})
	if err != nil {
		return nil, st, fmt.Errorf("lora: tensor %q: %w", w.Name, err)
	}
	var sum float64
	for t := range threads {
		sum += sums[t]
		st.MaxAbs = max(st.MaxAbs, maxs[t])
	}
	st.RMS = math.Sqrt(sum / float64(in*out))
	return dst, st, nil
}

// mergeOptions are the merge-at-load settings of Load.
type mergeOptions struct {
	specs []AdapterSpec
	typ   quant.Type // type of the merged matrices
	set   bool       // typ was given (else: each matrix's own type)
}

// WithMergedAdapters merges LoRA adapters into the model's weights at
// load: each targeted matrix becomes W + Σ s_i·B_i·A_i, stored in its own
// type (re-quantized when quantized; see MergeTensor) unless
// WithMergeType says otherwise. The merged matrices live in new memory;
// everything else stays a view of the file. Paths are GGUF adapters or
// PEFT directories; every adapter is validated before any weight changes.
func WithMergedAdapters(specs ...AdapterSpec) Option {
	return func(o *options) error {
		for _, s := range specs {
			if s.Path == "" {
				return errors.New("model: merged adapter with no path")
			}
		}
		o.merge.specs = append(o.merge.specs, specs...)
		return nil
	}
}

// WithMergeType stores the matrices WithMergedAdapters merges as type t
// (F32, F16, BF16, Q8_0, …) instead of their own. Re-quantizing a merged
// matrix to a 2–6-bit type adds that type's full quantization error on top
// of the file's (on the llama-tiny models it moves the logits by 0.4–1.5×
// their rms, against 0.02× for F16 and 0.17× for Q8_0), so F16 keeps a
// quantized base close to llama.cpp's unmerged results, at 2 bytes per
// merged weight.
func WithMergeType(t quant.Type) Option {
	return func(o *options) error {
		if !t.CanQuantize() || t == quant.Q8_1 || t == quant.Q8_K {
			return fmt.Errorf("model: cannot store merged weights as %s", t)
		}
		o.merge.typ, o.merge.set = t, true
		return nil
	}
}

// mergeAtLoad merges the adapters of WithMergedAdapters into the bound
// weights; on error the model is left as it was.
func (m *Model) mergeAtLoad(o *mergeOptions, threads int) error {
	if len(o.specs) == 0 {
		return nil
	}
	to := KeepTypes
	if o.set {
		to = o.typ
	}
	var adapters []ScaledAdapter
	defer func() {
		for _, sa := range adapters {
			sa.Adapter.Close()
		}
	}()
	for _, s := range o.specs {
		a, err := m.LoadAdapter(s.Path)
		if err != nil {
			return err
		}
		adapters = append(adapters, ScaledAdapter{a, s.Scale})
	}
	type replacement struct {
		dst **linear
		lin *linear
	}
	var done []replacement
	seen := map[string]bool{}
	for _, sa := range adapters {
		for _, p := range sa.Adapter.pairs {
			if seen[p.target] {
				continue
			}
			seen[p.target] = true
			dst := m.targetMatrix(p.layer, p.slot)
			base, _ := m.file.Tensor(p.target)
			data, st, err := MergeTensor(&base.Tensor, to, adapters, threads)
			if err != nil {
				return err
			}
			t := tensor.Tensor{Name: p.target, Type: st.Type, Shape: append([]int64(nil), base.Shape...), Data: data}
			lin, err := newLinear(t, (*dst).in, (*dst).out)
			if err != nil {
				return fmt.Errorf("lora: tensor %q: %w", p.target, err)
			}
			lin.bias = (*dst).bias
			done = append(done, replacement{dst, lin})
		}
	}
	for _, r := range done {
		*r.dst = r.lin
	}
	return nil
}
