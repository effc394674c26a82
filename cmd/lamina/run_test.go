package main

import (
	"encoding/binary"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The README's first command: a story from the embedded model.
func TestRunEmbedded(t *testing.T) {
	out, errs, code := runCmd(t, "run", "-p", "Once upon a time", "-n", "16", "--temp", "0")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	// llama.cpp's greedy continuation of the same prompt.
	if !strings.HasPrefix(out, ", there was a little girl named Lily.") {
		t.Errorf("story %q", out)
	}
	if !strings.Contains(errs, "tokens/s") || !strings.Contains(errs, "stop: length") {
		t.Errorf("stats %q", errs)
	}
}

func TestRunStopAndEcho(t *testing.T) {
	out, errs, code := runCmd(t, "run", "-p", "Once upon a time", "--temp", "0", "--stop", "Lily", "--echo")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if out != "Once upon a time, there was a little girl named \n" || !strings.Contains(errs, "stop: stop") {
		t.Errorf("output %q, stats %q", out, errs)
	}
	if _, errs, code := runCmd(t, "run", "-p", "x", "--temp", "nan?"); code == 0 {
		t.Errorf("bad flag accepted: %s", errs)
	}
}

func TestLogits(t *testing.T) {
	path := filepath.Join(t.TempDir(), "l.f32")
	out, errs, code := runCmd(t, "logits", "--tokens", "1,403,407", "--all", "--out", path)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var s struct {
		Shape  [2]int `json:"shape"`
		Argmax int    `json:"argmax"`
		Top    []struct {
			ID    int    `json:"id"`
			Piece string `json:"piece"`
		} `json:"top"`
	}
	if err := json.Unmarshal([]byte(out), &s); err != nil {
		t.Fatal(err)
	}
	if s.Shape != [2]int{3, 512} || len(s.Top) != 5 || s.Top[0].ID != s.Argmax {
		t.Errorf("summary %+v", s)
	}
	if st, err := os.Stat(path); err != nil || st.Size() != 3*512*4 {
		t.Errorf("logits file: %v", err)
	}
	if _, errs, code := runCmd(t, "logits", "--tokens", "1,99999", "--out", path); code != 1 || !strings.Contains(errs, "99999") {
		t.Errorf("out-of-range token: exit %d, %q", code, errs)
	}
}

// TestLogitsLoRA applies an adapter at run time and merged at load
// (--lora, --lora-merge) on a base built by lamina synth with the shape
// the testdata adapters were made for, and rejects one for another shape.
func TestLogitsLoRA(t *testing.T) {
	dir := t.TempDir()
	base := filepath.Join(dir, "base.gguf")
	if _, errs, code := runCmd(t, "synth", "--arch", "llama", "--layers", "2", "--embd", "256", "--ff", "768",
		"--heads", "8", "--heads-kv", "4", "--ctx", "256", "--type", "F32", "--out", base); code != 0 {
		t.Fatalf("synth: exit %d: %s", code, errs)
	}
	lora := filepath.Join("..", "..", "testdata", "model", "lora-llama-tiny-r8-all.gguf")
	argmaxOf := func(args ...string) (int, []byte) {
		t.Helper()
		path := filepath.Join(dir, "l.f32")
		out, errs, code := runCmd(t, append([]string{"logits", "-m", base, "--tokens", "1,403,407", "--out", path}, args...)...)
		if code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, errs)
		}
		var s struct{ Argmax int }
		if err := json.Unmarshal([]byte(out), &s); err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		return s.Argmax, b
	}
	_, plain := argmaxOf()
	_, unmerged := argmaxOf("--lora", lora+":0.5")
	_, merged := argmaxOf("--lora", lora+":0.5", "--lora-merge")
	if string(plain) == string(unmerged) {
		t.Error("--lora changed nothing")
	}
	if len(merged) != len(unmerged) {
		t.Fatalf("merged logits: %d bytes, unmerged %d", len(merged), len(unmerged))
	}
	for i := 0; i < len(merged); i += 4 {
		m := math.Float32frombits(binary.LittleEndian.Uint32(merged[i:]))
		u := math.Float32frombits(binary.LittleEndian.Uint32(unmerged[i:]))
		if math.Abs(float64(m-u)) > 1e-3 {
			t.Fatalf("logit %d: merged %g, unmerged %g", i/4, m, u)
		}
	}
	if _, errs, code := runCmd(t, "run", "-p", "x", "-n", "1", "--lora", lora); code == 0 || !strings.Contains(errs, "lora-llama-tiny-r8-all.gguf") {
		t.Errorf("an adapter for another shape on the embedded model: exit %d, %q", code, errs)
	}
}
