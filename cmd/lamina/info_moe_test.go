package main

import (
	"encoding/json"
	"os"
	"strings"
	"testing"
)

// TestInfoExperts checks that info shows a mixture-of-experts file's
// expert counts (the second reference set's models, when ../shared is
// there).
func TestInfoExperts(t *testing.T) {
	for _, c := range []struct {
		file string
		text string
		json map[string]float64
	}{
		{"qwen3moe-tiny-Q8_0.gguf", "4, 2 used per token, feed forward 32", map[string]float64{"expert_count": 4, "expert_used_count": 2, "expert_feed_forward_length": 32}},
		{"mixtral-tiny-F32.gguf", "4, 2 used per token\n", map[string]float64{"expert_count": 4, "expert_used_count": 2}},
	} {
		path := "../../../shared/testdata/synth/v2/" + c.file
		if _, err := os.Stat(path); err != nil {
			t.Skipf("%s not found (the second reference set lives in ../shared): %v", path, err)
		}
		out, errs, code := runCmd(t, "info", path)
		if code != 0 {
			t.Fatalf("exit %d: %s", code, errs)
		}
		if !strings.Contains(out, "experts") || !strings.Contains(out, c.text) {
			t.Errorf("%s: output lacks %q:\n%s", c.file, c.text, out)
		}
		out, errs, code = runCmd(t, "info", "--json", path)
		if code != 0 {
			t.Fatalf("exit %d: %s", code, errs)
		}
		var s map[string]any
		if err := json.Unmarshal([]byte(out), &s); err != nil {
			t.Fatal(err)
		}
		for k, v := range c.json {
			if s[k] != v {
				t.Errorf("%s: %s = %v, want %v", c.file, k, s[k], v)
			}
		}
	}
	// Dense files carry no expert fields.
	out, _, _ := runCmd(t, "info", "--json")
	if strings.Contains(out, "expert") {
		t.Errorf("dense model's JSON mentions experts:\n%s", out)
	}
}
