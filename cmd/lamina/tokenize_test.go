package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// runTokenizeCmd runs `lamina tokenize args...`, or runTokenize itself
// while the command is not in main.go's table.
func runTokenizeCmd(args ...string) (string, error) {
	var out, errb bytes.Buffer
	if _, ok := commands["tokenize"]; !ok {
		err := runTokenize(args, &out, &errb)
		return out.String(), err
	}
	if code := lamina(append([]string{"tokenize"}, args...), &out, &errb); code != 0 {
		return out.String(), fmt.Errorf("exit %d: %s", code, errb.String())
	}
	return out.String(), nil
}

// tokenizeCmd runs `lamina tokenize args...` and returns its output.
func tokenizeCmd(t *testing.T, args ...string) string {
	t.Helper()
	out, err := runTokenizeCmd(args...)
	if err != nil {
		t.Fatalf("lamina tokenize %q: %v", args, err)
	}
	return out
}

func TestTokenizePieces(t *testing.T) {
	// The embedded stories260K vocabulary, as llama.cpp tokenizes it;
	// a lone byte token is shown as hex.
	got := tokenizeCmd(t, "Hello world")
	want := "     1 -> '<s>'\n   346 -> ' He'\n   306 -> 'll'\n   414 -> 'o'\n   263 -> ' w'\n   304 -> 'or'\n   341 -> 'ld'\n"
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	if got := tokenizeCmd(t, "--no-bos", "\xe4"); got != "   410 -> ' '\n   231 -> '<e4>' (UTF-8 decode failure)\n" {
		t.Errorf("invalid UTF-8 piece: got %q", got)
	}
}

func TestTokenizeIDs(t *testing.T) {
	if got := tokenizeCmd(t, "--ids", "--no-bos", "Hello world"); got != "346 306 414 263 304 341\n" {
		t.Errorf("--ids --no-bos: got %q", got)
	}
	if got := tokenizeCmd(t, "Hello", "--ids"); got != "1 346 306 414\n" {
		t.Errorf("flags after TEXT: got %q", got)
	}
	if got := tokenizeCmd(t, "--ids", "--special", "</s>x"); !strings.HasPrefix(got, "1 2 ") {
		t.Errorf("--special: got %q, want BOS then EOS (2)", got)
	}
}

func TestTokenizeJSONFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "in.txt")
	if err := os.WriteFile(path, []byte("a\xffb\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	var res struct {
		IDs    []int32  `json:"ids"`
		Pieces []string `json:"pieces"`
	}
	if err := json.Unmarshal([]byte(tokenizeCmd(t, "--json", "--no-bos", "--file", path)), &res); err != nil {
		t.Fatal(err)
	}
	// ' a' is 261; the invalid byte 0xFF falls back to the byte token <0xFF> (id 258).
	if !slices.Contains(res.IDs, 258) || len(res.IDs) != len(res.Pieces) || res.IDs[0] != 261 {
		t.Errorf("got %+v", res)
	}
}

func TestTokenizeErrors(t *testing.T) {
	for _, args := range [][]string{
		{},                       // no text
		{"a", "b"},               // two texts
		{"--ids", "--json", "a"}, // two formats
		{"--file", "/nonexistent/file", "a"},
		{"-m", "/nonexistent/model.gguf", "a"},
	} {
		if _, err := runTokenizeCmd(args...); err == nil {
			t.Errorf("lamina tokenize %q: no error", args)
		}
	}
}
