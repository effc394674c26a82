package model

import (
	"math/rand/v2"
	"path/filepath"
	"testing"

	"github.com/laminalabs/lamina/model/embedded"
	"github.com/laminalabs/lamina/model/gguf"
	"github.com/laminalabs/lamina/quant"
)

// TestAdapterLookup checks the lookup the forward pass uses: the pair of
// every targeted (layer, slot), nil elsewhere, without allocating.
func TestAdapterLookup(t *testing.T) {
	f, err := embedded.Open()
	if err != nil {
		t.Fatal(err)
	}
	m, err := Load(f, WithThreads(1))
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(1, 1))
	mat := func(name string, shape ...int64) gguf.Tensor {
		v := make([]float32, shape[0]*shape[1])
		for i := range v {
			v[i] = float32(rng.NormFloat64())
		}
		b := make([]byte, 4*len(v))
		quant.Quantize(quant.F32, b, v)
		return gguf.Tensor{Name: name, Type: quant.F32, Shape: shape, Data: b}
	}
	ts := []gguf.Tensor{
		mat("blk.2.attn_k.weight.lora_a", 64, 3), mat("blk.2.attn_k.weight.lora_b", 3, 32),
		mat("blk.4.ffn_down.weight.lora_a", 172, 5), mat("blk.4.ffn_down.weight.lora_b", 5, 64),
		mat("output.weight.lora_a", 64, 2), mat("output.weight.lora_b", 2, 512),
	}
	kvs := []gguf.KV{
		{Key: "general.architecture", Value: gguf.String("llama")},
		{Key: "general.type", Value: gguf.String("adapter")},
		{Key: "adapter.type", Value: gguf.String("lora")},
		{Key: "adapter.lora.alpha", Value: gguf.Float32(6)},
	}
	path := filepath.Join(t.TempDir(), "a.gguf")
	if err := gguf.WriteFile(path, kvs, ts); err != nil {
		t.Fatal(err)
	}
	a, err := m.LoadAdapter(path)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	want := map[[2]int][3]int{ // (layer, slot) → rank, in, out
		{2, int(loraK)}:       {3, 64, 32},
		{4, int(loraDown)}:    {5, 172, 64},
		{-1, int(loraOutput)}: {2, 64, 512},
	}
	for layer := -1; layer < m.Config.Layers+1; layer++ {
		for s := loraQ; s <= loraOutput; s++ {
			if (layer < 0) != (s == loraOutput) {
				continue
			}
			p := a.pair(layer, s)
			w, ok := want[[2]int{layer, int(s)}]
			switch {
			case ok && p == nil:
				t.Errorf("layer %d slot %d: no pair", layer, s)
			case !ok && p != nil:
				t.Errorf("layer %d slot %d: unexpected pair %s", layer, s, p.target)
			case ok && (p.rank != w[0] || p.a.in != w[1] || p.a.out != w[0] || p.b.in != w[0] || p.b.out != w[2]):
				t.Errorf("layer %d slot %d: rank %d, A %d→%d, B %d→%d; want %v", layer, s, p.rank, p.a.in, p.a.out, p.b.in, p.b.out, w)
			}
			if ok && p != nil {
				// Each target is scaled by its own rank: 0.5 × 6 / rank.
				if got := a.scale(p, 0.5); got != 0.5*6/float32(w[0]) {
					t.Errorf("%s: scale %v", p.target, got)
				}
				base := *m.targetMatrix(p.layer, p.slot)
				if base.in != p.a.in || base.out != p.b.out {
					t.Errorf("%s: base matrix %d→%d", p.target, base.in, base.out)
				}
			}
		}
	}
	if p := a.pair(99, loraQ); p != nil {
		t.Errorf("layer 99: %v", p)
	}
	if n := testing.AllocsPerRun(100, func() { a.pair(4, loraDown) }); n != 0 {
		t.Errorf("pair allocates %v times", n)
	}
}
