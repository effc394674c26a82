package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/laminalabs/lamina/model"
	"github.com/laminalabs/lamina/model/gguf"
	"github.com/laminalabs/lamina/model/progress"
	"github.com/laminalabs/lamina/quant"
)

const loraUsage = `usage: lamina lora SUBCOMMAND [flags]

subcommands:
  merge    -m BASE --lora A.gguf[:SCALE] … -o OUT.gguf [--type TYPE]
           write BASE with the adapters merged into its weights (like llama-export-lora)
  convert  [-m BASE] IN_DIR -o OUT.gguf [--type keep|F32|F16|BF16|Q8_0]
           convert a PEFT adapter directory to a GGUF LoRA adapter for BASE

Adapters are GGUF LoRA files or PEFT directories (adapter_config.json and
adapter_model.safetensors). Run 'lamina lora SUBCOMMAND -h' for the flags.`

func runLora(args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprintln(stderr, loraUsage)
		return errors.New("need a subcommand: merge or convert")
	}
	switch args[0] {
	case "merge":
		return runLoraMerge(args[1:], stdout, stderr)
	case "convert":
		return runLoraConvert(args[1:], stdout, stderr)
	case "-h", "--help", "help":
		fmt.Fprintln(stderr, loraUsage)
		return flag.ErrHelp
	}
	fmt.Fprintln(stderr, loraUsage)
	return fmt.Errorf("unknown subcommand %q (want merge or convert)", args[0])
}

// openBase loads the base model an adapter is checked against (the
// embedded model when path is empty).
func openBase(path string, threads int) (*model.Model, error) {
	f, err := openGGUF(path)
	if err != nil {
		return nil, err
	}
	m, err := model.Load(f, model.WithThreads(max(threads, 1)))
	if err != nil {
		f.Close()
		return nil, err
	}
	return m, nil
}

func runLoraMerge(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("lora merge", "-m BASE --lora A.gguf[:SCALE] … -o OUT.gguf [--type TYPE]\n\n"+
		"Every tensor an adapter targets becomes W + Σ scale·alpha/rank·B·A, stored in its own type\n"+
		"(dequantized, merged and re-quantized when quantized) or in TYPE; the rest is copied.", stderr)
	base := fs.String("m", "", "base model `file` (default: the embedded stories260K)")
	var loras stringList
	fs.Var(&loras, "lora", "adapter `FILE[:SCALE]` (GGUF or PEFT directory; scale 1 by default; repeatable)")
	outPath := fs.String("o", "", "output `file`")
	typeName := fs.String("type", "", "store the merged tensors as `TYPE` (F32, F16, Q8_0, Q4_K, …; default: each tensor's own type)")
	threads := fs.Int("t", model.DefaultThreads(), "worker `threads`")
	quiet := fs.Bool("q", false, "no progress bar")
	pos, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	switch {
	case len(pos) > 0:
		return fmt.Errorf("unexpected argument %q", pos[0])
	case len(loras) == 0:
		fs.Usage()
		return errors.New("need at least one --lora")
	case *outPath == "":
		fs.Usage()
		return errors.New("need -o OUT.gguf")
	}
	to := model.KeepTypes
	if *typeName != "" {
		if to, err = quant.ParseType(*typeName); err != nil {
			return err
		}
		if !to.CanQuantize() {
			return fmt.Errorf("cannot store merged weights as %s (no quantizer)", to)
		}
	}
	m, err := openBase(*base, *threads)
	if err != nil {
		return err
	}
	defer m.Close()
	var adapters []model.ScaledAdapter
	defer func() {
		for _, sa := range adapters {
			sa.Adapter.Close()
		}
	}()
	for _, l := range loras {
		spec, err := model.ParseAdapterSpec(l)
		if err != nil {
			return err
		}
		a, err := m.LoadAdapter(spec.Path)
		if err != nil {
			return err
		}
		adapters = append(adapters, model.ScaledAdapter{Adapter: a, Scale: spec.Scale})
	}
	bar := progressTo(stderr)
	if *quiet || bar == nil {
		bar = io.Discard
	}
	stats, size, err := writeMerged(*outPath, m.File(), adapters, to, max(*threads, 1), bar)
	if err != nil {
		return err
	}
	printMergeReport(stdout, stats)
	for _, sa := range adapters {
		fmt.Fprintf(stdout, "adapter %s: %d targets, rank %d, alpha %g, scale %g (effective %g)\n",
			sa.Adapter.Path(), len(sa.Adapter.Targets()), sa.Adapter.Rank(), sa.Adapter.Alpha(), sa.Scale, sa.Adapter.Scale(sa.Scale))
	}
	fmt.Fprintf(stdout, "%s: merged %d of %d tensors -> %s (%s)\n", m.File().Path, len(stats), len(m.File().Tensors), *outPath, humanBytes(size))
	return nil
}

// writeMerged writes base with every tensor an adapter targets merged
// (stored as to, or its own type with model.KeepTypes) and every other
// tensor and all metadata copied, and returns the merge report and the
// size of the file written.
func writeMerged(path string, base *gguf.File, adapters []model.ScaledAdapter, to quant.Type, threads int, pw io.Writer) ([]model.MergeStat, int64, error) {
	targeted := func(name string) bool {
		for _, sa := range adapters {
			if sa.Adapter.Has(name) {
				return true
			}
		}
		return false
	}
	outs := make([]gguf.Tensor, len(base.Tensors))
	var total int64
	for i, t := range base.Tensors {
		outs[i] = gguf.Tensor{Name: t.Name, Type: t.Type, Shape: t.Shape}
		if targeted(t.Name) && to != model.KeepTypes {
			if _, err := to.RowBytes(int(t.Shape[0])); err != nil {
				return nil, 0, fmt.Errorf("tensor %q: rows of %d weights cannot be stored as %s: %w", t.Name, t.Shape[0], to, err)
			}
			outs[i].Type = to
		}
		total += t.Elements()
	}
	out, err := os.Create(path)
	if err != nil {
		return nil, 0, err
	}
	fail := func(err error) ([]model.MergeStat, int64, error) {
		out.Close()
		os.Remove(path)
		return nil, 0, err
	}
	w, err := gguf.NewWriter(out, base.KV, outs)
	if err != nil {
		return fail(err)
	}
	bar := progress.New(pw, total, "merging")
	var stats []model.MergeStat
	for i := range base.Tensors {
		t := &base.Tensors[i]
		data := t.Data
		if targeted(t.Name) {
			var st model.MergeStat
			if data, st, err = model.MergeTensor(&t.Tensor, outs[i].Type, adapters, threads); err != nil {
				return fail(err)
			}
			stats = append(stats, st)
		}
		if err := w.WriteTensor(data); err != nil {
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
	return stats, st.Size(), out.Close()
}

// printMergeReport prints one line per merged tensor: its type and the
// error storing the merged weights in it introduced.
func printMergeReport(w io.Writer, stats []model.MergeStat) {
	width := len("tensor")
	for _, s := range stats {
		width = max(width, len(s.Name))
	}
	fmt.Fprintf(w, "%-*s  %-6s  %8s  %-22s\n", width, "tensor", "type", "adapters", "quantization error rms / max-abs")
	for _, s := range stats {
		errs := "exact (F32)"
		if s.Type != quant.F32 {
			errs = fmt.Sprintf("%.3g / %.3g", s.RMS, s.MaxAbs)
		}
		fmt.Fprintf(w, "%-*s  %-6s  %8d  %s\n", width, s.Name, s.Type, s.Adapters, errs)
	}
}

func runLoraConvert(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("lora convert", "[-m BASE] IN_DIR -o OUT.gguf [--type keep|F32|F16|BF16|Q8_0]\n\n"+
		"IN_DIR holds a PEFT adapter (adapter_config.json, adapter_model.safetensors). The base model\n"+
		"gives the architecture, the head counts of the q/k permutation and the shapes to check.", stderr)
	base := fs.String("m", "", "base model `file` (default: the embedded stories260K)")
	outPath := fs.String("o", "", "output `file`")
	typeName := fs.String("type", "keep", "tensor `type`: keep (as stored), F32, F16, BF16 or Q8_0")
	pos, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 || *outPath == "" {
		fs.Usage()
		return errors.New("need IN_DIR and -o OUT.gguf")
	}
	to := model.KeepTypes
	if !strings.EqualFold(*typeName, "keep") {
		if to, err = quant.ParseType(*typeName); err != nil {
			return err
		}
	}
	if st, err := os.Stat(pos[0]); err != nil {
		return err
	} else if !st.IsDir() {
		return fmt.Errorf("%s is not a directory (a PEFT adapter is a directory with %s and %s)", pos[0], model.PEFTConfigFile, model.PEFTWeightsFile)
	}
	m, err := openBase(*base, 1)
	if err != nil {
		return err
	}
	defer m.Close()
	a, err := m.LoadPEFT(pos[0])
	if err != nil {
		return err
	}
	defer a.Close()
	if err := a.WriteFile(*outPath, to); err != nil {
		return err
	}
	st, err := os.Stat(*outPath)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s: %s LoRA, %d targets, rank %d, alpha %g -> %s (%s)\n",
		pos[0], m.Config.Arch, len(a.Targets()), a.Rank(), a.Alpha(), *outPath, humanBytes(st.Size()))
	return nil
}
