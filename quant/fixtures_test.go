package quant_test

import (
	"bytes"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/laminalabs/lamina/model/gguf"
	"github.com/laminalabs/lamina/quant"
)

// The hard-case fixtures: testdata/quant/hard-F32.gguf is a one-layer
// llama-shaped file whose 2-D weights hold rows chosen to break quantizers
// (zeros, constants, outliers, subnormal scales, huge values, ties), and
// hard-<TYPE>.gguf is llama.cpp's `llama-quantize --pure` of it. For each
// type, hard-<TYPE>-deq.gguf is llama.cpp's own dequantization of that file
// back to F32. TestRegenerateFixtures rebuilds them with llref.

const fixtureDir = "../testdata/quant"

// fixtureTypes are the types llama.cpp can quantize without an importance
// matrix, with the file-type name llama-quantize takes for each.
var fixtureTypes = []struct {
	typ   quant.Type
	ftype string
}{
	{quant.F16, "F16"}, {quant.BF16, "BF16"}, {quant.Q8_0, "Q8_0"},
	{quant.Q4_0, "Q4_0"}, {quant.Q4_1, "Q4_1"}, {quant.Q5_0, "Q5_0"}, {quant.Q5_1, "Q5_1"},
	{quant.Q2_K, "Q2_K"}, {quant.Q3_K, "Q3_K_M"}, {quant.Q4_K, "Q4_K_M"}, {quant.Q5_K, "Q5_K_M"},
	{quant.Q6_K, "Q6_K"}, {quant.IQ4_NL, "IQ4_NL"}, {quant.IQ4_XS, "IQ4_XS"},
	{quant.TQ1_0, "TQ1_0"}, {quant.TQ2_0, "TQ2_0"},
}

// hardRows returns n rows of 256 values, cycling through the hard cases.
func hardRows(r *rand.Rand, n int) []float32 {
	cases := []func(i int) float32{
		func(int) float32 { return float32(r.NormFloat64() * 0.02) },
		func(int) float32 { return 0 },
		func(int) float32 { return 0.5 },
		func(i int) float32 {
			if i%97 == 5 {
				return 100
			}
			return float32(r.NormFloat64() * 0.02)
		},
		func(int) float32 { return float32(r.NormFloat64() * 1e-30) },
		func(int) float32 { return -float32(math.Abs(r.NormFloat64())) },
		func(i int) float32 { return float32(1 - 2*(i&1)) },
		func(int) float32 { return float32(r.NormFloat64() * 6e4) },
		func(int) float32 { return float32(r.Float64()*2 - 1) },
		func(i int) float32 {
			if i%64 < 32 {
				return 0
			}
			return float32(r.NormFloat64())
		},
		func(i int) float32 { return float32(i%9-4) * 0.25 },
		func(i int) float32 { return float32(r.NormFloat64()) * float32(i%16) },
	}
	out := make([]float32, 0, n*256)
	for row := range n {
		c := cases[row%len(cases)]
		for i := range 256 {
			out = append(out, c(i))
		}
	}
	return out
}

// TestRegenerateFixtures rebuilds testdata/quant with llama.cpp (llref);
// it runs only with LAMINA_REGEN_FIXTURES=1.
func TestRegenerateFixtures(t *testing.T) {
	if os.Getenv("LAMINA_REGEN_FIXTURES") != "1" {
		t.Skip("set LAMINA_REGEN_FIXTURES=1 to rebuild testdata/quant with ../shared/tools/llref")
	}
	tmpl := openShared(t, "llama-tiny-F32.gguf")
	var kvs []gguf.KV
	for _, kv := range tmpl.KV {
		if kv.Key == "llama.block_count" {
			kv.Value = gguf.Uint32(1)
		}
		kvs = append(kvs, kv)
	}
	r := rand.New(rand.NewPCG(7, 7))
	var ts []gguf.Tensor
	for _, ti := range tmpl.Tensors {
		if strings.HasPrefix(ti.Name, "blk.") && !strings.HasPrefix(ti.Name, "blk.0.") {
			continue
		}
		shape, vals := ti.Shape, []float32(nil)
		if len(shape) == 2 {
			shape = []int64{256, 4}
			vals = hardRows(r, 4)
		} else {
			vals = make([]float32, shape[0])
			for i := range vals {
				vals[i] = 1
			}
		}
		b := make([]byte, 4*len(vals))
		quant.Quantize(quant.F32, b, vals)
		ts = append(ts, gguf.Tensor{Name: ti.Name, Type: quant.F32, Shape: shape, Data: b})
	}
	src := filepath.Join(fixtureDir, "hard-F32.gguf")
	if err := os.MkdirAll(fixtureDir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := gguf.WriteFile(src, kvs, ts); err != nil {
		t.Fatal(err)
	}
	llref := "../../shared/tools/llref/llref.sh"
	for _, ft := range fixtureTypes {
		q := filepath.Join(fixtureDir, "hard-"+ft.typ.String()+".gguf")
		deq := filepath.Join(fixtureDir, "hard-"+ft.typ.String()+"-deq.gguf")
		for _, args := range [][]string{
			{"quantize", src, q, ft.ftype, "--pure"},
			{"quantize", q, deq, "F32", "--pure", "--allow-requantize"},
		} {
			if out, err := exec.Command(llref, args...).CombinedOutput(); err != nil {
				t.Fatalf("llref %v: %v\n%s", args, err, out)
			}
		}
	}
}

// TestHardCases checks quantization and dequantization of every type
// llama.cpp quantizes against its outputs on the hard-case rows.
func TestHardCases(t *testing.T) {
	src := openFixture(t, "hard-F32.gguf")
	for _, ft := range fixtureTypes {
		t.Run(ft.typ.String(), func(t *testing.T) {
			ref := openFixture(t, "hard-"+ft.typ.String()+".gguf")
			deq := openFixture(t, "hard-"+ft.typ.String()+"-deq.gguf")
			n := 0
			for _, want := range ref.Tensors {
				if want.Type != ft.typ {
					continue
				}
				n++
				in, _ := src.Tensor(want.Name)
				if ft.typ.CanQuantize() {
					got := make([]byte, len(want.Data))
					if err := quant.Quantize(ft.typ, got, tensorFloats(t, in)); err != nil {
						t.Fatal(err)
					}
					for row := range int(want.Rows()) {
						rb := len(got) / int(want.Rows())
						if !bytes.Equal(got[row*rb:(row+1)*rb], want.Data[row*rb:(row+1)*rb]) {
							t.Errorf("%s row %d: quantized bytes differ from llama.cpp's", want.Name, row)
						}
					}
				}
				wantF, _ := deq.Tensor(want.Name)
				got, exp := tensorFloats(t, &want), tensorFloats(t, wantF)
				for i := range got {
					if math.Float32bits(got[i]) != math.Float32bits(exp[i]) {
						t.Errorf("%s[%d]: dequantized %g, llama.cpp %g", want.Name, i, got[i], exp[i])
						break
					}
				}
			}
			if n == 0 {
				t.Fatalf("no %s tensor in the fixture", ft.typ)
			}
		})
	}
}

// openFixture opens a file of testdata/quant.
func openFixture(t *testing.T, name string) *gguf.File {
	t.Helper()
	f, err := gguf.Open(filepath.Join(fixtureDir, name))
	if err != nil {
		t.Fatalf("%v (rebuild with LAMINA_REGEN_FIXTURES=1 go test -run TestRegenerateFixtures ./quant/)", err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}
