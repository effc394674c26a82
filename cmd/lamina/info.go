package main

import (
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"
	"text/tabwriter"

	"github.com/laminalabs/lamina/model"
	"github.com/laminalabs/lamina/model/gguf"
	"github.com/laminalabs/lamina/quant"
)

// modelSummary is what `lamina info` reports; its JSON form is the
// machine-readable output.
type modelSummary struct {
	Path              string         `json:"path"`
	Version           uint32         `json:"gguf_version"`
	FileSize          int64          `json:"file_size"`
	Architecture      string         `json:"architecture"`
	Name              string         `json:"name,omitempty"`
	NParams           int64          `json:"n_params"`
	FileType          string         `json:"file_type"`
	TensorTypes       map[string]int `json:"tensor_types"`
	ContextLength     uint64         `json:"context_length"`
	EmbeddingLength   uint64         `json:"embedding_length"`
	BlockCount        uint64         `json:"block_count"`
	FeedForwardLength uint64         `json:"feed_forward_length"`
	HeadCount         uint64         `json:"head_count"`
	HeadCountKV       uint64         `json:"head_count_kv"`
	ExpertCount       uint64         `json:"expert_count,omitempty"`
	ExpertUsedCount   uint64         `json:"expert_used_count,omitempty"`
	ExpertFFLength    uint64         `json:"expert_feed_forward_length,omitempty"`
	TokenizerModel    string         `json:"tokenizer_model"`
	VocabSize         int            `json:"vocab_size"`
	TensorCount       int            `json:"tensor_count"`
	// Specifics: what the architecture adds to the common decoder
	// (sliding window, soft caps, experts…), by key; printed in order.
	Specifics map[string]any   `json:"specifics,omitempty"`
	specifics []model.Specific // in order, for the text form
	Tensors   []tensorRow      `json:"tensors,omitempty"`
}

// tensorRow is one line of `lamina info --tensors`.
type tensorRow struct {
	Name   string  `json:"name"`
	Type   string  `json:"type"`
	Shape  []int64 `json:"shape"`
	Offset int64   `json:"offset"`
	Bytes  int     `json:"bytes"`
}

func runInfo(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("info", "[--tensors] [--json] [FILE]  (default: the embedded model)", stderr)
	listTensors := fs.Bool("tensors", false, "list every tensor: name, type, shape, offset")
	asJSON := fs.Bool("json", false, "print JSON for machines")
	model := fs.String("m", "", "model `file` (same as the positional FILE)")
	pos, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	switch {
	case len(pos) > 1:
		return fmt.Errorf("one file at a time, got %d", len(pos))
	case len(pos) == 1:
		*model = pos[0]
	}
	f, err := openGGUF(*model)
	if err != nil {
		return err
	}
	defer f.Close()
	s := summarize(f, *listTensors)
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(s)
	}
	printSummary(stdout, s)
	return nil
}

// summarize collects the facts `lamina info` shows. Keys a file lacks read
// as zero: info describes whatever it is given, vocab-only files included.
func summarize(f *gguf.File, withTensors bool) modelSummary {
	arch, _ := f.String("general.architecture")
	name, _ := f.String("general.name")
	tokModel, _ := f.String("tokenizer.ggml.model")
	tokens, _ := f.Strings("tokenizer.ggml.tokens")
	s := modelSummary{
		Path: f.Path, Version: f.Version, FileSize: f.Size,
		Architecture: arch, Name: name, TokenizerModel: tokModel, VocabSize: len(tokens),
		TensorTypes: map[string]int{}, TensorCount: len(f.Tensors),
		ContextLength:     archUint(f, arch, "context_length"),
		EmbeddingLength:   archUint(f, arch, "embedding_length"),
		BlockCount:        archUint(f, arch, "block_count"),
		FeedForwardLength: archUint(f, arch, "feed_forward_length"),
		HeadCount:         archUint(f, arch, "attention.head_count"),
		HeadCountKV:       archUint(f, arch, "attention.head_count_kv"),
		ExpertCount:       archUint(f, arch, "expert_count"),
		ExpertUsedCount:   archUint(f, arch, "expert_used_count"),
		ExpertFFLength:    archUint(f, arch, "expert_feed_forward_length"),
		FileType:          fileTypeName(f),
	}
	if s.VocabSize == 0 {
		s.VocabSize = int(archUint(f, arch, "vocab_size"))
	}
	if sp, err := model.ReadSpecifics(f); err == nil && len(sp) > 0 { // unsupported or vocab-only files have none
		s.specifics, s.Specifics = sp, map[string]any{}
		for _, x := range sp {
			s.Specifics[x.Key] = x.Value
		}
	}
	for _, t := range f.Tensors {
		s.NParams += t.Elements()
		s.TensorTypes[t.Type.String()]++
		if withTensors {
			s.Tensors = append(s.Tensors, tensorRow{t.Name, t.Type.String(), t.Shape, f.DataOffset + t.Offset, len(t.Data)})
		}
	}
	return s
}

// archUints reads {arch}.key as unsigned integers: one for a scalar, one
// per layer where the key is a per-layer array (some models vary head
// counts by layer); nil when absent.
func archUints(f *gguf.File, arch, key string) []uint64 {
	v, ok := f.Value(arch + "." + key)
	if !ok {
		return nil
	}
	if u, ok := v.AsUint64(); ok {
		return []uint64{u}
	}
	var out []uint64
	switch a := v.Any().(type) {
	case []int32:
		for _, x := range a {
			out = append(out, uint64(max(x, 0)))
		}
	case []uint32:
		for _, x := range a {
			out = append(out, uint64(x))
		}
	}
	return out
}

// archUint reads {arch}.key, the largest entry of a per-layer array.
func archUint(f *gguf.File, arch, key string) uint64 {
	var most uint64
	for _, u := range archUints(f, arch, key) {
		most = max(most, u)
	}
	return most
}

// fileTypeName names general.file_type; when the key is absent it guesses
// from the most common type of the 2-D tensors, as llama.cpp does.
func fileTypeName(f *gguf.File) string {
	if ft, err := f.Uint32("general.file_type"); err == nil {
		return quant.FileType(ft).String()
	}
	count := map[quant.Type]int{}
	var most quant.Type
	for _, t := range f.Tensors {
		if len(t.Shape) >= 2 {
			if count[t.Type]++; count[t.Type] > count[most] {
				most = t.Type
			}
		}
	}
	for _, ft := range quant.FileTypes() {
		if base, _ := ft.BaseType(); base == most && count[most] > 0 {
			return ft.String() + " (guessed)"
		}
	}
	return "unknown"
}

func printSummary(w io.Writer, s modelSummary) {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	row := func(k, format string, args ...any) { fmt.Fprintf(tw, "%s\t"+format+"\n", append([]any{k}, args...)...) }
	row("file", "%s (%s, GGUF v%d)", s.Path, humanBytes(s.FileSize), s.Version)
	if s.Name != "" {
		row("name", "%s", s.Name)
	}
	row("architecture", "%s", orDash(s.Architecture))
	row("parameters", "%s (%d)", humanCount(s.NParams), s.NParams)
	row("file type", "%s", s.FileType)
	row("tensor types", "%s", typeMix(s.TensorTypes))
	row("context length", "%d", s.ContextLength)
	row("embedding", "%d", s.EmbeddingLength)
	row("layers", "%d", s.BlockCount)
	row("feed forward", "%d", s.FeedForwardLength)
	row("heads", "%d (kv %d)", s.HeadCount, s.HeadCountKV)
	if s.ExpertCount > 0 {
		row("experts", "%d, %d used per token%s", s.ExpertCount, s.ExpertUsedCount, expertWidth(s.ExpertFFLength))
	}
	row("tokenizer", "%s, %d tokens", orDash(s.TokenizerModel), s.VocabSize)
	row("tensors", "%d", s.TensorCount)
	for _, x := range s.specifics {
		row(strings.ReplaceAll(x.Key, "_", " "), "%s", x.Text)
	}
	tw.Flush()
	if len(s.Tensors) == 0 {
		return
	}
	fmt.Fprintln(w)
	tw = tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "name\ttype\tshape\toffset\tbytes")
	for _, t := range s.Tensors {
		fmt.Fprintf(tw, "%s\t%s\t%v\t%d\t%d\n", t.Name, t.Type, t.Shape, t.Offset, t.Bytes)
	}
	tw.Flush()
}

// expertWidth formats the experts' feed-forward length when the file gives one.
func expertWidth(n uint64) string {
	if n == 0 {
		return ""
	}
	return fmt.Sprintf(", feed forward %d", n)
}

// typeMix formats tensor type counts, most common first: "Q4_K 13, F32 5".
func typeMix(m map[string]int) string {
	names := make([]string, 0, len(m))
	for n := range m {
		names = append(names, n)
	}
	sort.Slice(names, func(i, j int) bool {
		if m[names[i]] != m[names[j]] {
			return m[names[i]] > m[names[j]]
		}
		return names[i] < names[j]
	})
	parts := make([]string, len(names))
	for i, n := range names {
		parts[i] = fmt.Sprintf("%s %d", n, m[n])
	}
	return orDash(strings.Join(parts, ", "))
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// humanBytes formats a byte count with a binary unit.
func humanBytes(n int64) string {
	const unit = 1024
	if n < unit {
		return fmt.Sprintf("%d B", n)
	}
	div, exp := int64(unit), 0
	for m := n / unit; m >= unit; m /= unit {
		div *= unit
		exp++
	}
	return fmt.Sprintf("%.2f %ciB", float64(n)/float64(div), "KMGTPE"[exp])
}

// humanCount formats a parameter count as llama.cpp does (e.g. 1.10 B).
func humanCount(n int64) string {
	switch {
	case n >= 1e9:
		return fmt.Sprintf("%.2f B", float64(n)/1e9)
	case n >= 1e6:
		return fmt.Sprintf("%.2f M", float64(n)/1e6)
	case n >= 1e3:
		return fmt.Sprintf("%.2f K", float64(n)/1e3)
	}
	return fmt.Sprint(n)
}
