package quant_test

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/laminalabs/lamina/model/gguf"
	"github.com/laminalabs/lamina/quant"
)

// sharedSynth is where ../shared keeps llama.cpp's quantized copies of
// llama-tiny-F32.gguf.
const sharedSynth = "../../shared/testdata/synth"

// openShared opens a file under ../shared or skips the test.
func openShared(t *testing.T, name string) *gguf.File {
	t.Helper()
	path := filepath.Join(sharedSynth, name)
	if _, err := os.Stat(path); err != nil {
		t.Skipf("%s not found: the llama.cpp conformance files live in ../shared beside the project root", path)
	}
	f, err := gguf.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// tensorFloats dequantizes a whole tensor.
func tensorFloats(t *testing.T, ti *gguf.TensorInfo) []float32 {
	t.Helper()
	out := make([]float32, ti.Elements())
	if err := quant.Dequantize(ti.Type, out, ti.Data); err != nil {
		t.Fatalf("%s: %v", ti.Name, err)
	}
	return out
}

// TestQuantizeMatchesLlamaCpp quantizes every 2-D tensor of the F32 source
// and compares the bytes with llama.cpp's --pure file of each type.
func TestQuantizeMatchesLlamaCpp(t *testing.T) {
	files := map[quant.Type]string{
		quant.F16: "F16", quant.BF16: "BF16", quant.Q8_0: "Q8_0",
		quant.Q4_0: "Q4_0", quant.Q4_1: "Q4_1", quant.Q5_0: "Q5_0", quant.Q5_1: "Q5_1",
	}
	src := openShared(t, "llama-tiny-F32.gguf")
	for typ, label := range files {
		t.Run(typ.String(), func(t *testing.T) {
			ref := openShared(t, "llama-tiny-"+label+".gguf")
			same := 0
			for _, want := range ref.Tensors {
				if want.Type != typ {
					continue
				}
				in, _ := src.Tensor(want.Name)
				got := make([]byte, len(want.Data))
				if err := quant.Quantize(typ, got, tensorFloats(t, in)); err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(got, want.Data) {
					t.Errorf("%s: quantized bytes differ from llama.cpp's", want.Name)
					continue
				}
				same++
			}
			if same == 0 {
				t.Fatalf("no %s tensor compared", typ)
			}
			t.Logf("%s: %d tensors byte-identical to llama.cpp", typ, same)
		})
	}
}
