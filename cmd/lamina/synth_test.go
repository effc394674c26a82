package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

// A synthesized model loads in run and bench and is accepted by quantize.
func TestSynth(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "q.gguf")
	stdout, errs, code := runCmd(t, "synth", "--arch", "qwen2", "--layers", "2", "--embd", "64", "--ff", "128",
		"--heads", "4", "--heads-kv", "2", "--type", "Q8_0", "--seed", "3", "--out", out)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if !strings.Contains(stdout, "qwen2, 2 layers, embd 64") || !strings.Contains(stdout, "Q8_0") {
		t.Errorf("summary %q", stdout)
	}
	info, errs, code := runCmd(t, "info", "--json", out)
	if code != 0 {
		t.Fatalf("info: exit %d: %s", code, errs)
	}
	var s map[string]any
	if err := json.Unmarshal([]byte(info), &s); err != nil {
		t.Fatal(err)
	}
	for k, v := range map[string]any{"architecture": "qwen2", "block_count": 2.0, "embedding_length": 64.0,
		"head_count_kv": 2.0, "vocab_size": 512.0, "file_type": "Q8_0"} {
		if s[k] != v {
			t.Errorf("info %s = %v, want %v", k, s[k], v)
		}
	}
	if _, errs, code := runCmd(t, "run", "-m", out, "-p", "Once upon a time", "-n", "4", "--temp", "0"); code != 0 || !strings.Contains(errs, "stop: length") {
		t.Errorf("run: exit %d: %s", code, errs)
	}
	if _, errs, code := runCmd(t, "bench", "-m", out, "-p", "8", "-n", "4", "-r", "1"); code != 0 {
		t.Errorf("bench: exit %d: %s", code, errs)
	}

	// F32 with the llama defaults, then quantized by lamina quantize.
	f32 := filepath.Join(dir, "f32.gguf")
	if _, errs, code := runCmd(t, "synth", "-q", "--type", "F32", "--layers", "1", "--out", f32); code != 0 {
		t.Fatalf("synth F32: exit %d: %s", code, errs)
	}
	q4 := filepath.Join(dir, "q4.gguf")
	if _, errs, code := runCmd(t, "quantize", "-q", f32, q4, "Q4_K_M"); code != 0 {
		t.Fatalf("quantize: exit %d: %s", code, errs)
	}
	if _, errs, code := runCmd(t, "run", "-m", q4, "-p", "Lily", "-n", "2"); code != 0 {
		t.Errorf("run quantized: exit %d: %s", code, errs)
	}
}

func TestSynthErrors(t *testing.T) {
	out := filepath.Join(t.TempDir(), "x.gguf")
	cases := []struct {
		args []string
		msg  string
	}{
		{[]string{"--layers", "1"}, "need --out"},
		{[]string{"--preset", "gpt-5", "--out", out}, "gpt-5"},
		{[]string{"--arch", "mamba", "--out", out}, "mamba"},
		{[]string{"--type", "Q9_Z", "--out", out}, "Q9_Z"},
		{[]string{"--heads", "5", "--heads-kv", "2", "--out", out}, "multiple"},
		{[]string{"--tokenizer-from", "missing.gguf", "--out", out}, "missing.gguf"},
	}
	for _, c := range cases {
		_, errs, code := runCmd(t, append([]string{"synth", "-q"}, c.args...)...)
		if code != 1 || !strings.Contains(errs, c.msg) {
			t.Errorf("synth %v: exit %d, stderr %q, want a message with %q", c.args, code, errs, c.msg)
		}
	}
}
