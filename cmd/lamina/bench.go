package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime/pprof"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/laminalabs/lamina/model"
	"github.com/laminalabs/lamina/simd"
)

// benchSeed fixes the random prompt and generated tokens, so runs compare.
const benchSeed = 1234

// benchResult is one test of `lamina bench`: tokens per second over the
// repetitions.
type benchResult struct {
	Test            string    `json:"test"` // "pp512", "tg128"
	N               int       `json:"n"`    // tokens per repetition
	TokensPerSecond float64   `json:"tokens_per_second"`
	Stddev          float64   `json:"stddev"`
	Samples         []float64 `json:"samples_ts"` // tokens/s of each repetition
}

// benchReport is what `lamina bench --json` prints.
type benchReport struct {
	Model   string       `json:"model"` // file name
	Arch    string       `json:"arch"`
	Size    int64        `json:"size"` // file bytes
	Type    string       `json:"type"` // file type, or the tensor type mix
	Params  int64        `json:"params"`
	Threads int          `json:"threads"`
	Path    string       `json:"path"` // simd.Path(): the kernels in use
	Reps    int          `json:"reps"`
	PP      *benchResult `json:"pp,omitempty"`
	TG      *benchResult `json:"tg,omitempty"`
}

func runBench(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("bench", "[-m MODEL] [-p 512] [-n 128] [-t THREADS] [-r REPS] [--json] [--lora FILE[:SCALE] [--lora-merge]]\n\n"+
		"pp: one prompt of -p random tokens in an empty cache; tg: -n single-token decode steps.\n"+
		"Tokens/s are the mean ± stddev over -r repetitions after one warm-up, as llama-bench reports them.", stderr)
	var mf modelFlags
	mf.register(fs)
	pp := fs.Int("p", 512, "prompt `tokens` of the pp test (0: skip it)")
	tg := fs.Int("n", 128, "generated `tokens` of the tg test (0: skip it)")
	reps := fs.Int("r", 5, "`repetitions` of each test")
	asJSON := fs.Bool("json", false, "print one JSON object")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the tests to `file` (go tool pprof reads it)")
	pos, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	switch {
	case len(pos) > 0:
		return fmt.Errorf("unexpected argument %q (the model goes after -m)", pos[0])
	case *pp < 0 || *tg < 0 || *pp+*tg == 0:
		return errors.New("-p and -n must be ≥ 0, and one of them positive")
	case *reps < 1:
		return fmt.Errorf("-r %d: want at least one repetition", *reps)
	case mf.threads < 1:
		return fmt.Errorf("-t %d: want at least one thread", mf.threads)
	}
	m, opts, err := mf.load(stderr)
	if err != nil {
		return err
	}
	f := m.File()
	defer f.Close()
	defer m.Close()
	sum := summarize(f, false)
	rep := benchReport{
		Model: filepath.Base(f.Path), Arch: sum.Architecture, Size: sum.FileSize, Params: sum.NParams,
		Type: sum.FileType, Threads: mf.threads, Path: simd.Path(), Reps: *reps,
	}
	if !f.Has("general.file_type") { // the tensor types: "F32", or "Q4_K 13, F32 5"
		rep.Type = typeMix(sum.TensorTypes)
		for t := range sum.TensorTypes {
			if len(sum.TensorTypes) == 1 {
				rep.Type = t
			}
		}
	}
	rng := rand.New(rand.NewPCG(benchSeed, benchSeed))
	if *cpuProfile != "" {
		pf, err := os.Create(*cpuProfile)
		if err != nil {
			return err
		}
		defer pf.Close()
		if err := pprof.StartCPUProfile(pf); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	if *pp > 0 {
		if rep.PP, err = benchPrompt(m, opts, *pp, *reps, rng); err != nil {
			return err
		}
	}
	if *tg > 0 {
		if rep.TG, err = benchGenerate(m, opts, *tg, *reps, rng); err != nil {
			return err
		}
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(rep)
	}
	printBench(stdout, &rep)
	return nil
}

// randomTokens returns n valid token ids.
func randomTokens(rng *rand.Rand, n, vocab int) []int32 {
	ids := make([]int32, n)
	for i := range ids {
		ids[i] = int32(rng.IntN(vocab))
	}
	return ids
}

// benchPrompt times a prompt of n random tokens processed in batches in an
// empty cache (logits of the last token only, as llama-bench asks for).
func benchPrompt(m *model.Model, opts []model.SessionOption, n, reps int, rng *rand.Rand) (*benchResult, error) {
	s, err := m.NewSession(append(opts, model.WithContext(n))...)
	if err != nil {
		return nil, err
	}
	ids := randomTokens(rng, n, m.Config.VocabSize)
	return timeReps(fmt.Sprintf("pp%d", n), n, reps, func() error {
		s.Reset()
		_, err := s.Decode(ids, false)
		return err
	})
}

// benchGenerate times n single-token decode steps from an empty cache,
// each with the output projection, feeding random tokens as llama-bench
// does (the sampler is not part of the measure).
func benchGenerate(m *model.Model, opts []model.SessionOption, n, reps int, rng *rand.Rand) (*benchResult, error) {
	s, err := m.NewSession(append(opts, model.WithContext(n))...)
	if err != nil {
		return nil, err
	}
	ids := randomTokens(rng, n, m.Config.VocabSize)
	tok := make([]int32, 1)
	return timeReps(fmt.Sprintf("tg%d", n), n, reps, func() error {
		s.Reset()
		for _, id := range ids {
			tok[0] = id
			if _, err := s.Decode(tok, false); err != nil {
				return err
			}
		}
		return nil
	})
}

// timeReps runs one warm-up and reps timed runs of n tokens each.
func timeReps(test string, n, reps int, run func() error) (*benchResult, error) {
	if err := run(); err != nil {
		return nil, err
	}
	r := &benchResult{Test: test, N: n}
	for range reps {
		start := time.Now()
		if err := run(); err != nil {
			return nil, err
		}
		r.Samples = append(r.Samples, float64(n)/time.Since(start).Seconds())
	}
	r.TokensPerSecond, r.Stddev = meanStddev(r.Samples)
	return r, nil
}

// meanStddev returns the mean and the sample standard deviation (0 for a
// single sample), as llama-bench computes them.
func meanStddev(xs []float64) (mean, stddev float64) {
	for _, x := range xs {
		mean += x
	}
	mean /= float64(len(xs))
	if len(xs) < 2 {
		return mean, 0
	}
	var ss float64
	for _, x := range xs {
		ss += (x - mean) * (x - mean)
	}
	return mean, math.Sqrt(ss / float64(len(xs)-1))
}

// printBench prints llama-bench's markdown table: one row per test, text
// columns left-aligned, numbers right-aligned.
func printBench(w io.Writer, r *benchReport) {
	header := []string{"model", "size", "type", "params", "path", "threads", "test", "t/s"}
	right := []bool{false, true, false, true, false, true, true, true}
	rows := [][]string{header}
	for _, t := range []*benchResult{r.PP, r.TG} {
		if t != nil {
			rows = append(rows, []string{r.Model, humanBytes(r.Size), r.Type, humanCount(r.Params), r.Path,
				fmt.Sprint(r.Threads), t.Test, fmt.Sprintf("%.2f ± %.2f", t.TokensPerSecond, t.Stddev)})
		}
	}
	width := make([]int, len(header))
	for _, row := range rows {
		for i, c := range row {
			width[i] = max(width[i], utf8.RuneCountInString(c))
		}
	}
	line := func(cells []string) {
		var b strings.Builder
		for i, c := range cells {
			pad := strings.Repeat(" ", width[i]-utf8.RuneCountInString(c))
			if right[i] {
				c = pad + c
			} else {
				c += pad
			}
			b.WriteString("| " + c + " ")
		}
		fmt.Fprintln(w, b.String()+"|")
	}
	line(header)
	rule := make([]string, len(header))
	for i := range rule {
		rule[i] = strings.Repeat("-", width[i])
		if right[i] {
			rule[i] = rule[i][1:] + ":"
		}
	}
	line(rule)
	for _, row := range rows[1:] {
		line(row)
	}
}
