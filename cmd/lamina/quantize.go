package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"

	"github.com/laminalabs/lamina/model/gguf"
	"github.com/laminalabs/lamina/model/progress"
	"github.com/laminalabs/lamina/quant"
	"github.com/laminalabs/lamina/tensor"
)

func runQuantize(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("quantize", "[--pure] [--allow-requantize] [-t THREADS] IN.gguf OUT.gguf TYPE\n\n"+
		"TYPE is a tensor type (Q4_0, Q4_K, IQ4_NL, …) or a llama.cpp file type (Q4_K_M, Q5_K_M, Q3_K_M, Q2_K_S, …).", stderr)
	pure := fs.Bool("pure", false, "give every 2-D weight TYPE (no per-tensor mix rules), like llama-quantize --pure")
	requant := fs.Bool("allow-requantize", false, "allow quantizing tensors that are already quantized")
	threads := fs.Int("t", runtime.NumCPU(), "worker `threads`")
	quiet := fs.Bool("q", false, "no progress bar")
	pos, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 3 {
		fs.Usage()
		return errors.New("need IN, OUT and TYPE")
	}
	ft, err := quant.ParseFileType(pos[2])
	if err != nil {
		return err
	}
	in, err := gguf.Open(pos[0])
	if err != nil {
		return err
	}
	defer in.Close()
	plan, err := planQuantization(in, ft, *pure, *requant)
	if err != nil {
		return err
	}
	bar := progressTo(stderr)
	if *quiet || bar == nil {
		bar = io.Discard
	}
	outSize, err := writeQuantized(pos[1], in, ft, plan, max(*threads, 1), bar)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s: %s (%s) -> %s: %s (%s)\n", pos[0], humanBytes(in.Size), fileTypeName(in), pos[1], humanBytes(outSize), ft)
	return nil
}

// layer0Uint reads {arch}.key, taking layer 0's entry where it is a
// per-layer array, as llama.cpp's quantizer rules do.
func layer0Uint(f *gguf.File, arch, key string) uint64 {
	if us := archUints(f, arch, key); len(us) > 0 {
		return us[0]
	}
	return 0
}

// planQuantization returns the output type of every tensor of in.
func planQuantization(in *gguf.File, ft quant.FileType, pure, allowRequant bool) ([]quant.Type, error) {
	arch, err := in.String("general.architecture")
	if err != nil {
		return nil, err
	}
	info := quant.ModelInfo{
		Arch:    arch,
		NLayer:  int(archUint(in, arch, "block_count")),
		NExpert: int(archUint(in, arch, "expert_count")),
		NHead:   int(layer0Uint(in, arch, "attention.head_count")),
		NHeadKV: int(layer0Uint(in, arch, "attention.head_count_kv")),
	}
	descs := tensorDescs(in)
	plan, err := quant.PlanTypes(ft, info, descs, pure)
	if err == nil {
		err = quant.CheckImatrix(ft, descs, plan)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", in.Path, err)
	}
	for i, t := range in.Tensors {
		if plan[i] == t.Type || isFloat(t.Type) || allowRequant {
			continue
		}
		return nil, fmt.Errorf("%s: tensor %q is already %s; requantizing to %s loses quality (use --allow-requantize to do it anyway)", in.Path, t.Name, t.Type, plan[i])
	}
	return plan, nil
}

// tensorDescs describes in's tensors for the mix rules.
func tensorDescs(in *gguf.File) []quant.TensorDesc {
	descs := make([]quant.TensorDesc, len(in.Tensors))
	for i, t := range in.Tensors {
		descs[i] = quant.TensorDesc{Name: t.Name, Type: t.Type, Shape: t.Shape}
	}
	return descs
}

func isFloat(t quant.Type) bool { return t == quant.F32 || t == quant.F16 || t == quant.BF16 }

// writeQuantized writes in's metadata and tensors, each converted to its
// planned type, to path, and returns the size of the file written.
func writeQuantized(path string, in *gguf.File, ft quant.FileType, plan []quant.Type, threads int, pw io.Writer) (int64, error) {
	kvs := withKV(in.KV, gguf.KV{Key: "general.quantization_version", Value: gguf.Uint32(quant.QuantizationVersion)})
	kvs = withKV(kvs, gguf.KV{Key: "general.file_type", Value: gguf.Uint32(uint32(ft))})
	order := quant.QuantizeOrder(tensorDescs(in)) // llama.cpp writes tensors in this order
	outs := make([]gguf.Tensor, len(order))
	var total int64
	for k, i := range order {
		t := &in.Tensors[i]
		outs[k] = gguf.Tensor{Name: t.Name, Type: plan[i], Shape: t.Shape}
		total += t.Elements()
	}
	out, err := os.Create(path)
	if err != nil {
		return 0, err
	}
	fail := func(err error) (int64, error) {
		out.Close()
		os.Remove(path)
		return 0, err
	}
	w, err := gguf.NewWriter(out, kvs, outs)
	if err != nil {
		return fail(err)
	}
	bar := progress.New(pw, total, "quantizing")
	for _, i := range order {
		t := &in.Tensors[i]
		data, err := convertTensor(&t.Tensor, plan[i], threads)
		if err == nil {
			err = w.WriteTensor(data)
		}
		if err != nil {
			return fail(fmt.Errorf("tensor %q: %w", t.Name, err))
		}
		bar.Add64(t.Elements())
	}
	bar.Finish()
	if err := w.Close(); err != nil {
		return fail(err)
	}
	st, err := out.Stat()
	if err != nil {
		return fail(err)
	}
	return st.Size(), out.Close()
}

// withKV returns kvs with kv set: replaced in place if the key exists,
// appended otherwise (as gguf_set_val does in llama.cpp).
func withKV(kvs []gguf.KV, kv gguf.KV) []gguf.KV {
	out := append([]gguf.KV(nil), kvs...)
	for i := range out {
		if out[i].Key == kv.Key {
			out[i] = kv
			return out
		}
	}
	return append(out, kv)
}

// convertTensor returns t's data in type to, converting rows in parallel
// chunks; data already of that type is returned as it is.
func convertTensor(t *tensor.Tensor, to quant.Type, threads int) ([]byte, error) {
	if t.Type == to {
		return t.Data, nil
	}
	rows := int(t.Rows())
	rowLen := int(t.Shape[0])
	outRow, err := to.RowBytes(rowLen)
	if err != nil {
		return nil, err
	}
	inRow := t.RowBytes()
	dst := make([]byte, rows*outRow)
	err = tensor.ForRows(rows, threads, func(_, lo, hi int) error {
		buf := make([]float32, rowLen)
		for r := lo; r < hi; r++ {
			if err := quant.Dequantize(t.Type, buf, t.Data[r*inRow:(r+1)*inRow]); err != nil {
				return err
			}
			if err := quant.Quantize(to, dst[r*outRow:(r+1)*outRow], buf); err != nil {
				return err
			}
		}
		return nil
	})
	return dst, err
}
