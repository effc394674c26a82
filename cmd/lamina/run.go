package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"time"

	"github.com/laminalabs/lamina/model"
)

// stringList is a repeatable string flag.
type stringList []string

func (l *stringList) String() string     { return strings.Join(*l, ",") }
func (l *stringList) Set(v string) error { *l = append(*l, v); return nil }

// modelFlags are the flags every command that runs a model shares.
type modelFlags struct {
	path      string
	threads   int
	ctx       int
	kvType    string
	loras     stringList // FILE[:SCALE]
	loraMerge bool
}

func (mf *modelFlags) register(fs flagSet) {
	fs.StringVar(&mf.path, "m", "", "model `file` (default: the embedded stories260K)")
	fs.IntVar(&mf.threads, "t", model.DefaultThreads(), "`threads` (default: physical cores)")
	fs.IntVar(&mf.ctx, "c", 0, "context size in tokens (default: min(4096, the model's))")
	fs.StringVar(&mf.kvType, "kv-type", "f16", "KV cache type: f16 or f32")
	fs.Var(&mf.loras, "lora", "LoRA adapter `FILE[:SCALE]`, a GGUF file or a PEFT directory (repeatable; scale 1 by default)")
	fs.BoolVar(&mf.loraMerge, "lora-merge", false, "merge the --lora adapters into the weights at load instead of applying them at run time")
}

// flagSet is the part of flag.FlagSet the shared flags need.
type flagSet interface {
	StringVar(p *string, name, value, usage string)
	IntVar(p *int, name string, value int, usage string)
	BoolVar(p *bool, name string, value bool, usage string)
	Var(value flag.Value, name, usage string)
}

// load loads the model (merging the --lora adapters into it with
// --lora-merge) and returns the options of its sessions: the KV cache
// type, the context size and the adapters applied at run time. The model
// owns nothing: close m.File() after m.
func (mf *modelFlags) load(stderr io.Writer) (*model.Model, []model.SessionOption, error) {
	kv, err := model.ParseKVType(mf.kvType)
	if err != nil {
		return nil, nil, err
	}
	var specs []model.AdapterSpec
	for _, l := range mf.loras {
		spec, err := model.ParseAdapterSpec(l)
		if err != nil {
			return nil, nil, err
		}
		specs = append(specs, spec)
	}
	f, err := openGGUF(mf.path)
	if err != nil {
		return nil, nil, err
	}
	loadOpts := []model.Option{model.WithThreads(mf.threads), model.WithProgress(progressTo(stderr))}
	if mf.loraMerge {
		loadOpts = append(loadOpts, model.WithMergedAdapters(specs...))
	}
	m, err := model.Load(f, loadOpts...)
	if err != nil {
		f.Close()
		return nil, nil, err
	}
	opts := []model.SessionOption{model.WithKVType(kv)}
	if mf.ctx > 0 {
		opts = append(opts, model.WithContext(mf.ctx))
	}
	if !mf.loraMerge {
		var on []model.ScaledAdapter
		for _, spec := range specs {
			a, err := m.LoadAdapter(spec.Path)
			if err != nil {
				m.Close()
				f.Close()
				return nil, nil, err
			}
			on = append(on, model.ScaledAdapter{Adapter: a, Scale: spec.Scale})
		}
		opts = append(opts, model.WithAdapters(on...))
	}
	return m, opts, nil
}

// open loads the model and creates a session; it returns the load time.
func (mf *modelFlags) open(stderr io.Writer) (*model.Model, *model.Session, time.Duration, error) {
	start := time.Now()
	m, opts, err := mf.load(stderr)
	if err != nil {
		return nil, nil, 0, err
	}
	s, err := m.NewSession(opts...)
	if err != nil {
		return nil, nil, 0, err
	}
	return m, s, time.Since(start), nil
}

func runRun(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("run", "[-m MODEL] [-p PROMPT | -f FILE] [-n N] [sampling flags]", stderr)
	var mf modelFlags
	mf.register(fs)
	prompt := fs.String("p", "", "prompt `text`")
	promptFile := fs.String("f", "", "read the prompt from `file`")
	opts := model.DefaultGenerateOptions()
	fs.IntVar(&opts.MaxTokens, "n", -1, "tokens to generate (-1: until end of generation or a full context)")
	sp := &opts.Sampling
	fs.Func("temp", fmt.Sprintf("temperature; 0 is greedy (default %g)", sp.Temperature), floatFlag(&sp.Temperature))
	fs.IntVar(&sp.TopK, "top-k", sp.TopK, "top-k sampling (0: off)")
	fs.Func("top-p", fmt.Sprintf("top-p sampling (1: off) (default %g)", sp.TopP), floatFlag(&sp.TopP))
	fs.Func("min-p", fmt.Sprintf("min-p sampling (0: off) (default %g)", sp.MinP), floatFlag(&sp.MinP))
	fs.Func("typical", fmt.Sprintf("typical-p sampling (1: off) (default %g)", sp.TypicalP), floatFlag(&sp.TypicalP))
	fs.Func("repeat-penalty", fmt.Sprintf("repetition penalty (1: off) (default %g)", sp.RepeatPenalty), floatFlag(&sp.RepeatPenalty))
	fs.IntVar(&sp.RepeatLastN, "repeat-last-n", sp.RepeatLastN, "tokens the penalties look back on")
	fs.Func("frequency-penalty", "frequency penalty (0: off)", floatFlag(&sp.FrequencyPenalty))
	fs.Func("presence-penalty", "presence penalty (0: off)", floatFlag(&sp.PresencePenalty))
	fs.Uint64Var(&sp.Seed, "seed", sp.Seed, "random seed")
	var stops stringList
	fs.Var(&stops, "stop", "stop at this `string` (repeatable)")
	echo := fs.Bool("echo", false, "print the prompt before the generated text")
	fs.BoolVar(&opts.IgnoreEOS, "ignore-eos", false, "keep generating past end-of-generation tokens")
	pos, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return fmt.Errorf("unexpected argument %q (the prompt goes after -p)", pos[0])
	}
	opts.Stop = stops
	text, err := promptText(*prompt, *promptFile)
	if err != nil {
		return err
	}
	m, s, loadTime, err := mf.open(stderr)
	if err != nil {
		return err
	}
	defer m.Close()
	if *echo {
		fmt.Fprint(stdout, text)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	st, err := s.Generate(ctx, text, opts, func(t model.Token) bool {
		_, werr := io.WriteString(stdout, t.Text)
		return werr == nil
	})
	fmt.Fprintln(stdout)
	fmt.Fprintf(stderr, "\nload %.0f ms | prompt %d tokens, %.1f tokens/s | generated %d tokens, %.1f tokens/s | stop: %s\n",
		float64(loadTime.Microseconds())/1000, st.PromptTokens, st.PromptTokensPerSecond(), st.GeneratedTokens, st.TokensPerSecond(), st.StopReason)
	return err
}

// promptText returns the prompt from -p or -f.
func promptText(p, file string) (string, error) {
	switch {
	case p != "" && file != "":
		return "", errors.New("give -p or -f, not both")
	case file != "":
		b, err := os.ReadFile(file)
		return string(b), err
	}
	return p, nil
}

// floatFlag parses a float32 flag value.
func floatFlag(dst *float32) func(string) error {
	return func(s string) error {
		var v float64
		if _, err := fmt.Sscan(s, &v); err != nil {
			return fmt.Errorf("%q is not a number", s)
		}
		*dst = float32(v)
		return nil
	}
}
