package main

import (
	"bufio"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"sort"
	"strconv"
	"strings"
)

// logitsSummary is what `lamina logits` prints, shaped like llref's.
type logitsSummary struct {
	Shape     [2]int     `json:"shape"`
	Argmax    int        `json:"argmax"`
	Top       []topEntry `json:"top"`
	ArgmaxAll []int      `json:"argmax_all,omitempty"`
	Mean      float64    `json:"mean"`
	RMS       float64    `json:"rms"`
	Tokens    []int32    `json:"tokens"`
}

type topEntry struct {
	ID    int     `json:"id"`
	Logit float32 `json:"logit"`
	Piece string  `json:"piece"`
}

func runLogits(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("logits", "[-m MODEL] (--tokens 1,2,3 | --text TEXT) [--all] [--out FILE]", stderr)
	var mf modelFlags
	mf.register(fs)
	tokenList := fs.String("tokens", "", "comma-separated token `ids`")
	text := fs.String("text", "", "text to tokenize (BOS/EOS as the vocabulary says)")
	noBOS := fs.Bool("no-bos", false, "with --text: add no BOS/EOS")
	all := fs.Bool("all", false, "logits of every position, not only the last")
	out := fs.String("out", "logits.f32", "write raw little-endian float32 logits [positions, n_vocab] to `file`")
	topN := fs.Int("top", 5, "how many top entries to print")
	if _, err := parseArgs(fs, args); err != nil {
		return err
	}
	if (*tokenList == "") == (*text == "") {
		return errors.New("give exactly one of --tokens and --text")
	}
	m, s, _, err := mf.open(stderr)
	if err != nil {
		return err
	}
	defer m.Close()
	ids, err := parseIDs(*tokenList)
	if *text != "" {
		ids, err = m.Tokenizer.Encode(*text, !*noBOS, true), nil
	}
	if err != nil {
		return err
	}
	logits, err := s.Decode(ids, *all)
	if err != nil {
		return err
	}
	if err := writeF32(*out, logits); err != nil {
		return err
	}
	vocab := m.Config.VocabSize
	sum := summarizeLogits(logits, vocab, *topN)
	sum.Tokens = ids
	for i := range sum.Top {
		sum.Top[i].Piece = m.Tokenizer.Piece(int32(sum.Top[i].ID))
	}
	enc := json.NewEncoder(stdout)
	return enc.Encode(sum)
}

// parseIDs parses "1,2,3".
func parseIDs(s string) ([]int32, error) {
	var ids []int32
	for _, f := range strings.Split(s, ",") {
		v, err := strconv.ParseInt(strings.TrimSpace(f), 10, 32)
		if err != nil {
			return nil, fmt.Errorf("--tokens: %q is not a token id", f)
		}
		ids = append(ids, int32(v))
	}
	return ids, nil
}

// summarizeLogits describes rows of vocab logits: the argmax of each and
// the top entries of the last.
func summarizeLogits(logits []float32, vocab, topN int) logitsSummary {
	rows := len(logits) / vocab
	s := logitsSummary{Shape: [2]int{rows, vocab}}
	var sum, sq float64
	for _, v := range logits {
		sum += float64(v)
		sq += float64(v) * float64(v)
	}
	s.Mean, s.RMS = sum/float64(len(logits)), math.Sqrt(sq/float64(len(logits)))
	for r := range rows {
		s.ArgmaxAll = append(s.ArgmaxAll, argmaxOf(logits[r*vocab:(r+1)*vocab]))
	}
	last := logits[(rows-1)*vocab:]
	s.Argmax = s.ArgmaxAll[rows-1]
	if rows == 1 {
		s.ArgmaxAll = nil
	}
	order := make([]int, vocab)
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return last[order[a]] > last[order[b]] })
	for _, id := range order[:min(topN, vocab)] {
		s.Top = append(s.Top, topEntry{ID: id, Logit: last[id]})
	}
	return s
}

func argmaxOf(x []float32) int {
	best := 0
	for i, v := range x {
		if v > x[best] {
			best = i
		}
	}
	return best
}

// writeF32 writes x as raw little-endian float32.
func writeF32(path string, x []float32) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	var b [4]byte
	for _, v := range x {
		binary.LittleEndian.PutUint32(b[:], math.Float32bits(v))
		w.Write(b[:])
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
