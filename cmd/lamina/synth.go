package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"runtime"
	"strings"

	"github.com/laminalabs/lamina/model/synth"
	"github.com/laminalabs/lamina/quant"
)

// synthDefault is the shape without --preset: a small model that loads and
// runs in a blink.
var synthDefault = synth.Config{Arch: "llama", Layers: 2, Embedding: 256, FeedForward: 768, Heads: 4, HeadsKV: 2, Context: 2048, RopeBase: 10000}

func runSynth(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("synth", "--arch llama|qwen2|qwen3 [--preset NAME] [--layers N --embd N --ff N --heads N --heads-kv N\n"+
		"       --head-dim N --ctx N --rope-base B --tied] [--type TYPE] [--pure] [--tokenizer-from VOCAB.gguf] [--seed S] --out OUT.gguf\n\n"+
		"Writes a random-weight model (N(0, 0.02), norms 1) with the given shape and the tokenizer of VOCAB.gguf.\n"+
		"Presets: "+strings.Join(synth.Presets(), ", ")+"; shape flags override the preset's values.", stderr)
	archName := fs.String("arch", "", "architecture: llama, qwen2 or qwen3 (default: the preset's, or llama)")
	preset := fs.String("preset", "", "start from the shape of a public model: "+strings.Join(synth.Presets(), ", "))
	var sh synth.Config // the shape flags; those given override the preset
	for _, f := range []struct {
		name, usage string
		p           *int
		def         int
	}{
		{"layers", "transformer blocks", &sh.Layers, synthDefault.Layers},
		{"embd", "embedding length", &sh.Embedding, synthDefault.Embedding},
		{"ff", "feed-forward length", &sh.FeedForward, synthDefault.FeedForward},
		{"heads", "attention heads", &sh.Heads, synthDefault.Heads},
		{"heads-kv", "key/value heads (default: the preset's, or heads)", &sh.HeadsKV, synthDefault.HeadsKV},
		{"head-dim", "head dimension (default embd/heads)", &sh.HeadDim, 0},
		{"ctx", "training context length", &sh.Context, synthDefault.Context},
	} {
		fs.IntVar(f.p, f.name, f.def, f.usage)
	}
	ropeBase := fs.Float64("rope-base", float64(synthDefault.RopeBase), "RoPE frequency base")
	tied := fs.Bool("tied", false, "tie the output projection to token_embd")
	typeName := fs.String("type", "F16", "weight type: F32, F16, BF16, Q8_0, Q4_0, Q4_K, … or a mix such as Q4_K_M")
	pure := fs.Bool("pure", false, "give every 2-D weight TYPE (no per-tensor mix rules)")
	tokFrom := fs.String("tokenizer-from", "", "GGUF `file` whose tokenizer.* metadata to copy (default: the embedded stories260K's)")
	seed := fs.Uint64("seed", 1, "random seed")
	threads := fs.Int("t", runtime.NumCPU(), "worker `threads`")
	out := fs.String("out", "", "output `file`")
	quiet := fs.Bool("q", false, "no progress bar")
	pos, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	switch {
	case len(pos) > 0:
		return fmt.Errorf("unexpected argument %q (the output goes after --out)", pos[0])
	case *out == "":
		fs.Usage()
		return errors.New("need --out")
	}
	c := synthDefault
	if *preset != "" {
		if c, err = synth.Preset(*preset); err != nil {
			return err
		}
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	for _, o := range []struct {
		name     string
		dst, val *int
	}{
		{"layers", &c.Layers, &sh.Layers}, {"embd", &c.Embedding, &sh.Embedding}, {"ff", &c.FeedForward, &sh.FeedForward},
		{"heads", &c.Heads, &sh.Heads}, {"heads-kv", &c.HeadsKV, &sh.HeadsKV}, {"head-dim", &c.HeadDim, &sh.HeadDim},
		{"ctx", &c.Context, &sh.Context},
	} {
		if set[o.name] {
			*o.dst = *o.val
		}
	}
	if set["heads"] && !set["heads-kv"] && *preset == "" {
		c.HeadsKV = c.Heads // as llama.cpp reads a missing head_count_kv
	}
	if set["rope-base"] {
		c.RopeBase = float32(*ropeBase)
	}
	if set["tied"] {
		c.Tied = *tied
	}
	if *archName != "" {
		c.Arch = *archName
	}
	ft, err := quant.ParseFileType(*typeName)
	if err != nil {
		return err
	}
	tf, err := openGGUF(*tokFrom)
	if err != nil {
		return err
	}
	defer tf.Close()
	tok, err := synth.TokenizerKVs(tf)
	if err != nil {
		return err
	}
	name := "synthetic " + c.Arch
	if *preset != "" {
		name += " (" + *preset + " shape)"
	}
	bar := progressTo(stderr)
	if *quiet || bar == nil {
		bar = io.Discard
	}
	size, err := synth.WriteFile(*out, c, synth.Options{FileType: ft, Pure: *pure, Tokenizer: tok, Seed: *seed,
		Name: name, Threads: max(*threads, 1), Progress: bar})
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s: %s, %d layers, embd %d, ff %d, heads %d/%d, %s, %s\n", *out, c.Arch, c.Layers, c.Embedding,
		c.FeedForward, c.Heads, c.HeadsKV, ft, humanBytes(size))
	return nil
}
