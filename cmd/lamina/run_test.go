package main

import (
	"encoding/json"
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
