package main

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestBenchJSON(t *testing.T) {
	out, errs, code := runCmd(t, "bench", "-p", "8", "-n", "4", "-r", "2", "-t", "2", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	type test struct {
		TokensPerSecond float64   `json:"tokens_per_second"`
		Stddev          float64   `json:"stddev"`
		N               int       `json:"n"`
		Samples         []float64 `json:"samples_ts"`
	}
	var r struct {
		Model   string `json:"model"`
		Size    int64  `json:"size"`
		Type    string `json:"type"`
		Params  int64  `json:"params"`
		Threads int    `json:"threads"`
		Path    string `json:"path"`
		PP      *test  `json:"pp"`
		TG      *test  `json:"tg"`
	}
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("%v:\n%s", err, out)
	}
	if r.Model != "stories260K.gguf (embedded)" || r.Size != 1185376 || r.Type != "F32" || r.Params != 292800 || r.Threads != 2 || r.Path == "" {
		t.Errorf("report %+v", r)
	}
	for _, c := range []struct {
		name string
		res  *test
		n    int
	}{{"pp", r.PP, 8}, {"tg", r.TG, 4}} {
		if c.res == nil || c.res.N != c.n || c.res.TokensPerSecond <= 0 || c.res.Stddev < 0 || len(c.res.Samples) != 2 {
			t.Errorf("%s: %+v, want n=%d and 2 samples", c.name, c.res, c.n)
		}
	}
}

func TestBenchTable(t *testing.T) {
	out, errs, code := runCmd(t, "bench", "-p", "4", "-n", "0", "-r", "1")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 3 || !strings.HasPrefix(lines[0], "| model") || !strings.Contains(lines[1], "---:") ||
		!strings.Contains(lines[2], "stories260K.gguf") || !strings.Contains(lines[2], " pp4 |") || !strings.Contains(lines[2], " ± ") {
		t.Errorf("table:\n%s", out)
	}
	for _, args := range [][]string{{"-r", "0"}, {"-p", "0", "-n", "0"}, {"-t", "0"}, {"extra"}} {
		if _, errs, code := runCmd(t, append([]string{"bench"}, args...)...); code != 1 {
			t.Errorf("bench %v: exit %d, %s", args, code, errs)
		}
	}
}
