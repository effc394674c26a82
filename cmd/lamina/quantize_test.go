package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/laminalabs/lamina/model/gguf"
)

// sameTensors checks that got has want's tensors, in want's order, with
// the same types, shapes and bytes.
func sameTensors(t *testing.T, gotPath, wantPath string) {
	t.Helper()
	got, err := gguf.Open(gotPath)
	if err != nil {
		t.Fatal(err)
	}
	defer got.Close()
	want, err := gguf.Open(wantPath)
	if err != nil {
		t.Fatal(err)
	}
	defer want.Close()
	if len(got.Tensors) != len(want.Tensors) {
		t.Fatalf("%d tensors, llama.cpp wrote %d", len(got.Tensors), len(want.Tensors))
	}
	for i, w := range want.Tensors {
		g := got.Tensors[i]
		if g.Name != w.Name || g.Type != w.Type {
			t.Errorf("tensor %d: %s %s, llama.cpp %s %s", i, g.Name, g.Type, w.Name, w.Type)
			continue
		}
		if !bytes.Equal(g.Data, w.Data) {
			t.Errorf("tensor %s (%s): data differ from llama.cpp's", g.Name, g.Type)
		}
	}
	for _, key := range []string{"general.file_type", "general.quantization_version"} {
		gv, _ := got.Value(key)
		wv, _ := want.Value(key)
		if gv.Any() != wv.Any() {
			t.Errorf("%s = %v, llama.cpp %v", key, gv.Any(), wv.Any())
		}
	}
}

// TestQuantizePure quantizes the hard-case fixture to every type llama.cpp
// quantizes without an importance matrix and compares with llama.cpp's files.
func TestQuantizePure(t *testing.T) {
	types := map[string]string{"F16": "F16", "BF16": "BF16", "Q8_0": "Q8_0", "Q4_0": "Q4_0", "Q4_1": "Q4_1",
		"Q5_0": "Q5_0", "Q5_1": "Q5_1", "Q2_K": "Q2_K", "Q3_K_M": "Q3_K", "Q4_K_M": "Q4_K", "Q5_K_M": "Q5_K",
		"Q6_K": "Q6_K", "IQ4_NL": "IQ4_NL", "IQ4_XS": "IQ4_XS"}
	dir := t.TempDir()
	for ftype, label := range types {
		t.Run(ftype, func(t *testing.T) {
			out := filepath.Join(dir, label+".gguf")
			if _, errs, code := runCmd(t, "quantize", "-q", "--pure", "../../testdata/quant/hard-F32.gguf", out, ftype); code != 0 {
				t.Fatalf("exit %d: %s", code, errs)
			}
			sameTensors(t, out, "../../testdata/quant/hard-"+label+".gguf")
		})
	}
}

// TestQuantizeMixes checks llama.cpp's non-pure mixes on the shared models.
func TestQuantizeMixes(t *testing.T) {
	const synth = "../../../shared/testdata/synth/"
	if _, err := os.Stat(synth); err != nil {
		t.Skip("../shared not found: the llama.cpp mix files live there")
	}
	cases := []struct{ src, ftype, want string }{
		{"llama-tiny-F32", "Q4_K_M", "llama-tiny-Q4_K_M"},
		{"llama-tiny-F32", "Q4_0", "llama-tiny-Q4_0-mix"},
		{"llama3-tiny-F32", "Q4_K_M", "llama3-tiny-Q4_K_M"},
		{"llama3-tiny-F32", "Q8_0", "llama3-tiny-Q8_0"},
		{"qwen2-tiny-F32", "Q4_K_M", "qwen2-tiny-Q4_K_M"},
		{"qwen3-tiny-F32", "Q4_K_M", "qwen3-tiny-Q4_K_M"},
		{"v2/gemma2-tiny-F32", "Q4_K_M", "v2/gemma2-tiny-Q4_K_M"},
		{"v2/phi-tiny-F32", "Q4_K_M", "v2/phi-tiny-Q4_K_M"},
		{"v2/qwen3moe-tiny-F32", "Q4_K_M", "v2/qwen3moe-tiny-Q4_K_M"},
	}
	dir := t.TempDir()
	for _, c := range cases {
		t.Run(c.want, func(t *testing.T) {
			out := filepath.Join(dir, strings.ReplaceAll(c.want, "/", "_")+".gguf")
			if _, errs, code := runCmd(t, "quantize", "-q", synth+c.src+".gguf", out, c.ftype); code != 0 {
				t.Fatalf("exit %d: %s", code, errs)
			}
			sameTensors(t, out, synth+c.want+".gguf")
		})
	}
}

func TestQuantizeErrors(t *testing.T) {
	dir := t.TempDir()
	cases := []struct {
		args []string
		msg  string
	}{
		{[]string{"../../testdata/quant/hard-F32.gguf", filepath.Join(dir, "x.gguf"), "Q9_Z"}, "Q9_Z"},
		{[]string{"../../testdata/quant/hard-F32.gguf", filepath.Join(dir, "x.gguf"), "IQ2_XXS"}, "importance matrix"},
		{[]string{"../../testdata/quant/hard-Q4_0.gguf", filepath.Join(dir, "x.gguf"), "Q8_0"}, "--allow-requantize"},
		{[]string{"missing.gguf", filepath.Join(dir, "x.gguf"), "Q8_0"}, "missing.gguf"},
		{[]string{"only-one-arg"}, "need IN, OUT and TYPE"},
	}
	for _, c := range cases {
		_, errs, code := runCmd(t, append([]string{"quantize", "-q"}, c.args...)...)
		if code != 1 || !strings.Contains(errs, c.msg) {
			t.Errorf("quantize %v: exit %d, stderr %q, want a message with %q", c.args, code, errs, c.msg)
		}
	}
}
