package main

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

// runCmd runs the command line and returns stdout, stderr and the exit code.
func runCmd(t *testing.T, args ...string) (string, string, int) {
	t.Helper()
	var out, errb bytes.Buffer
	code := lamina(args, &out, &errb)
	return out.String(), errb.String(), code
}

func TestInfoEmbedded(t *testing.T) {
	out, errs, code := runCmd(t, "info")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, want := range []string{"stories260K.gguf (embedded)", "llama", "292.80 K", "F32 (guessed)", "F32 48", "context length  2048", "layers          5", "8 (kv 4)", "llama, 512 tokens"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

func TestInfoJSON(t *testing.T) {
	out, errs, code := runCmd(t, "info", "--json", "--tensors")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var s map[string]any
	if err := json.Unmarshal([]byte(out), &s); err != nil {
		t.Fatal(err)
	}
	want := map[string]any{
		"architecture": "llama", "n_params": 292800.0, "context_length": 2048.0, "embedding_length": 64.0,
		"block_count": 5.0, "head_count": 8.0, "head_count_kv": 4.0, "tokenizer_model": "llama",
		"vocab_size": 512.0, "tensor_count": 48.0, "file_type": "F32 (guessed)",
	}
	for k, v := range want {
		if s[k] != v {
			t.Errorf("%s = %v, want %v", k, s[k], v)
		}
	}
	if ts, _ := s["tensors"].([]any); len(ts) != 48 {
		t.Errorf("%d tensors listed, want 48", len(ts))
	}
}

func TestInfoErrors(t *testing.T) {
	_, errs, code := runCmd(t, "info", "no-such-file.gguf")
	if code != 1 || !strings.Contains(errs, "no-such-file.gguf") {
		t.Errorf("missing file: exit %d, %q", code, errs)
	}
	if _, _, code := runCmd(t, "frobnicate"); code != 2 {
		t.Errorf("unknown command: exit %d, want 2", code)
	}
}

// TestInfoSpecifics: info reports an architecture's specifics (gemma2:
// sliding window and pattern, soft caps).
func TestInfoSpecifics(t *testing.T) {
	const file = "../../testdata/model/gemma2-tiny-F32.gguf"
	out, errs, code := runCmd(t, "info", file)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, want := range []string{"activation              GeGLU", "attention softcap       20", "final softcap           15",
		"sliding window          8", "sliding window pattern  2: 1 of 2 layers local (0)"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	out, errs, code = runCmd(t, "info", "--json", file)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var s struct {
		Specifics struct {
			Window  int     `json:"sliding_window"`
			Softcap float64 `json:"final_softcap"`
			Pattern struct {
				Pattern int   `json:"pattern"`
				Local   []int `json:"local_layers"`
			} `json:"sliding_window_pattern"`
		} `json:"specifics"`
	}
	if err := json.Unmarshal([]byte(out), &s); err != nil {
		t.Fatal(err)
	}
	if sp := s.Specifics; sp.Window != 8 || sp.Softcap != 15 || sp.Pattern.Pattern != 2 || len(sp.Pattern.Local) != 1 || sp.Pattern.Local[0] != 0 {
		t.Errorf("specifics %+v", sp)
	}
}
