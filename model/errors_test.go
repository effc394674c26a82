package model_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/laminalabs/lamina/model"
	"github.com/laminalabs/lamina/model/embedded"
	"github.com/laminalabs/lamina/model/gguf"
)

// embeddedKVsAndTensors returns the embedded model's metadata and tensors
// so tests can write broken variants of it.
func embeddedKVsAndTensors(t *testing.T) ([]gguf.KV, []gguf.Tensor) {
	f, err := embedded.Open()
	if err != nil {
		t.Fatal(err)
	}
	ts := make([]gguf.Tensor, len(f.Tensors))
	for i, ti := range f.Tensors {
		ts[i] = ti.Tensor
	}
	return f.KV, ts
}

func loadVariant(t *testing.T, kvs []gguf.KV, ts []gguf.Tensor) error {
	var buf bytes.Buffer
	if err := gguf.Write(&buf, kvs, ts); err != nil {
		t.Fatal(err)
	}
	f, err := gguf.Parse("variant.gguf", buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	_, err = model.Load(f)
	return err
}

func TestBadModels(t *testing.T) {
	kvs, ts := embeddedKVsAndTensors(t)
	setKV := func(key string, v gguf.Value) []gguf.KV {
		out := append([]gguf.KV(nil), kvs...)
		for i := range out {
			if out[i].Key == key {
				out[i].Value = v
			}
		}
		return out
	}
	without := func(name string) []gguf.Tensor {
		var out []gguf.Tensor
		for _, x := range ts {
			if x.Name != name {
				out = append(out, x)
			}
		}
		return out
	}
	reshaped := func(name string) []gguf.Tensor {
		out := append([]gguf.Tensor(nil), ts...)
		for i := range out {
			if out[i].Name == name {
				out[i].Shape = []int64{out[i].Shape[1], out[i].Shape[0]}
			}
		}
		return out
	}
	cases := []struct {
		name string
		kvs  []gguf.KV
		ts   []gguf.Tensor
		msg  []string
	}{
		{"missing tensor", kvs, without("blk.2.ffn_up.weight"), []string{`"blk.2.ffn_up.weight"`, "missing tensor"}},
		{"wrong shape", kvs, reshaped("blk.0.ffn_up.weight"), []string{`"blk.0.ffn_up.weight"`, "shape [172 64], want [64 172]"}},
		{"unsupported arch", setKV("general.architecture", gguf.String("mamba9")), ts, []string{`"general.architecture"`, "mamba9"}},
		{"bad head count", setKV("llama.attention.head_count_kv", gguf.Uint32(3)), ts, []string{"head_count_kv", "not a multiple"}},
		{"missing key", setKV("llama.block_count", gguf.String("five")), ts, []string{`"llama.block_count"`, "found string"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := loadVariant(t, c.kvs, c.ts)
			if err == nil {
				t.Fatal("loaded without error")
			}
			for _, m := range c.msg {
				if !strings.Contains(err.Error(), m) {
					t.Errorf("error %q lacks %q", err, m)
				}
			}
		})
	}
}

func TestBadInput(t *testing.T) {
	f, _ := embedded.Open()
	m, err := model.Load(f)
	if err != nil {
		t.Fatal(err)
	}
	s, err := m.NewSession(model.WithContext(16))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Decode([]int32{1, 9999}, false); err == nil || !strings.Contains(err.Error(), "9999") {
		t.Errorf("out-of-range token: %v", err)
	}
	if _, err := s.Decode(make([]int32, 17), false); err == nil || !strings.Contains(err.Error(), "context of 16") {
		t.Errorf("too long: %v", err)
	}
	long := strings.Repeat("Once upon a time ", 20)
	if _, err := s.Generate(context.Background(), long, model.DefaultGenerateOptions(), func(model.Token) bool { return true }); err == nil || !strings.Contains(err.Error(), "does not fit") {
		t.Errorf("prompt longer than the context: %v", err)
	}
	if _, err := m.NewSession(model.WithContext(0)); err == nil {
		t.Error("context 0 accepted")
	}
}

// The logits do not depend on the thread count.
func TestThreadsIndependent(t *testing.T) {
	var ref []float32
	for _, n := range []int{1, 2, 3} {
		f, _ := embedded.Open()
		m, err := model.Load(f, model.WithThreads(n))
		if err != nil {
			t.Fatal(err)
		}
		s, _ := m.NewSession(model.WithContext(64))
		got, err := s.Decode([]int32{1, 403, 407, 261, 378, 300, 301}, true)
		if err != nil {
			t.Fatal(err)
		}
		if ref == nil {
			ref = append([]float32(nil), got...)
			continue
		}
		for i := range ref {
			if got[i] != ref[i] {
				t.Fatalf("%d threads: logit %d is %v, with 1 thread %v", n, i, got[i], ref[i])
			}
		}
	}
}

// Several sessions share one model concurrently and get the same results
// as one session alone.
func TestConcurrentSessions(t *testing.T) {
	f, _ := embedded.Open()
	m, err := model.Load(f, model.WithThreads(2))
	if err != nil {
		t.Fatal(err)
	}
	generate := func() string {
		s, err := m.NewSession(model.WithContext(128))
		if err != nil {
			t.Error(err)
			return ""
		}
		opts := model.DefaultGenerateOptions()
		opts.Sampling.Temperature, opts.MaxTokens = 0, 24
		var b strings.Builder
		if _, err := s.Generate(context.Background(), "Lily and Tom", opts, func(tok model.Token) bool {
			b.WriteString(tok.Text)
			return true
		}); err != nil {
			t.Error(err)
		}
		return b.String()
	}
	want := generate()
	got := make(chan string, 4)
	for range 4 {
		go func() { got <- generate() }()
	}
	for range 4 {
		if g := <-got; g != want {
			t.Errorf("concurrent session generated %q, alone %q", g, want)
		}
	}
}

// Cancelling the context stops generation.
func TestGenerateCancel(t *testing.T) {
	f, _ := embedded.Open()
	m, _ := model.Load(f)
	s, _ := m.NewSession(model.WithContext(128))
	ctx, cancel := context.WithCancel(context.Background())
	n := 0
	st, err := s.Generate(ctx, "Once", model.DefaultGenerateOptions(), func(model.Token) bool {
		if n++; n == 3 {
			cancel()
		}
		return true
	})
	if err != nil || st.StopReason != "cancelled" || st.GeneratedTokens != 3 {
		t.Errorf("stats %+v, err %v", st, err)
	}
}
