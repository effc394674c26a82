package model_test

import (
	"bytes"
	"strconv"
	"testing"

	"github.com/laminalabs/lamina/model"
	"github.com/laminalabs/lamina/model/embedded"
	"github.com/laminalabs/lamina/model/gguf"
	"github.com/laminalabs/lamina/model/synth"
	"github.com/laminalabs/lamina/quant"
)

// benchEmbedded loads the embedded model with the default threads.
func benchEmbedded(b *testing.B) *model.Model {
	f, err := embedded.Open()
	if err != nil {
		b.Fatal(err)
	}
	m, err := model.Load(f, model.WithThreads(model.DefaultThreads()))
	if err != nil {
		b.Fatal(err)
	}
	return m
}

// benchForward runs tg (one decode step after a 64-token prompt, the
// output projection included) and pp (a prompt of n tokens in a fresh
// cache) on m, reporting tokens per second.
func benchForward(b *testing.B, m *model.Model) {
	const prompt = 64
	ids := make([]int32, 512)
	for i := range ids {
		ids[i] = int32(1 + i*7%(m.Config.VocabSize-1))
	}
	b.Run("tg", func(b *testing.B) {
		s, err := m.NewSession(model.WithContext(prompt + 1))
		if err != nil {
			b.Fatal(err)
		}
		if _, err := s.Decode(ids[:prompt], false); err != nil {
			b.Fatal(err)
		}
		tok := ids[prompt : prompt+1]
		b.ReportAllocs()
		for b.Loop() {
			s.Truncate(prompt)
			if _, err := s.Decode(tok, false); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "tok/s")
	})
	for _, n := range []int{64, 512} {
		b.Run("pp"+strconv.Itoa(n), func(b *testing.B) {
			s, err := m.NewSession(model.WithContext(n))
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			for b.Loop() {
				s.Reset()
				if _, err := s.Decode(ids[:n], false); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "tok/s")
		})
	}
}

// benchSynth is the small synthetic model of BenchmarkForward: a llama of
// 2 blocks with embd 1024 and ff 4096 (31 M parameters), so that a batch's
// ffn_down activations (4096 wide) overflow L2 as a 1B model's do.
var benchSynth = synth.Config{Arch: "llama", Layers: 2, Embedding: 1024, FeedForward: 4096, Heads: 16, HeadsKV: 4, Context: 2048, RopeBase: 10000}

// synthModel builds a random-weight model of shape c in type ft with the
// embedded model's tokenizer.
func synthModel(tb testing.TB, c synth.Config, ft quant.FileType) *model.Model {
	tb.Helper()
	src, err := embedded.Open()
	if err != nil {
		tb.Fatal(err)
	}
	tok, err := synth.TokenizerKVs(src)
	if err != nil {
		tb.Fatal(err)
	}
	var buf bytes.Buffer
	if err := synth.Write(&buf, c, synth.Options{FileType: ft, Tokenizer: tok, Seed: 1}); err != nil {
		tb.Fatal(err)
	}
	f, err := gguf.Parse("synth-"+ft.String()+".gguf", buf.Bytes())
	if err != nil {
		tb.Fatal(err)
	}
	m, err := model.Load(f, model.WithThreads(model.DefaultThreads()))
	if err != nil {
		tb.Fatal(err)
	}
	return m
}

// BenchmarkForward measures decode (tg) and prompt processing (pp) on the
// embedded stories260K model and on small synthetic Q4_0 and Q4_K_M ones.
func BenchmarkForward(b *testing.B) {
	m := benchEmbedded(b)
	defer m.Close()
	b.Run("stories260K", func(b *testing.B) { benchForward(b, m) })
	for _, ft := range []quant.FileType{quant.FileTypeQ4_0, quant.FileTypeQ4_K_M} {
		b.Run("synth-"+ft.String(), func(b *testing.B) {
			m := synthModel(b, benchSynth, ft)
			defer m.Close()
			benchForward(b, m)
		})
	}
}
