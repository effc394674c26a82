package quant_test

import (
	"bytes"
	"encoding/binary"
	"flag"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/laminalabs/lamina/model/gguf"
	"github.com/laminalabs/lamina/quant"
)

// Tests of the i-quant, ternary and MXFP4 formats against llama.cpp. The
// fixtures under testdata/quant/iquant run everywhere; with ../shared (and
// its llref tool) the tests also build models, let llama.cpp convert them and
// compare whole tensors. testdata/quant/README.md describes the fixtures.

// iqTypes are the formats these tests cover.
var iqTypes = []quant.Type{
	quant.IQ2_XXS, quant.IQ2_XS, quant.IQ2_S, quant.IQ3_XXS, quant.IQ3_S, quant.IQ1_S,
	quant.IQ1_M, quant.IQ4_NL, quant.IQ4_XS, quant.TQ1_0, quant.TQ2_0, quant.MXFP4,
}

// iq4Types are the i-quants that Quantize supports.
var iq4Types = []quant.Type{quant.IQ4_NL, quant.IQ4_XS}

const (
	// iqFixtureDir holds the committed fixtures.
	iqFixtureDir = "../testdata/quant/iquant"
	// iqFixtureWeights is how many weights of each type the dequantization
	// fixtures keep: 32 super-blocks, 256 MXFP4 blocks (every exponent).
	iqFixtureWeights = 8192
	// llrefScript runs llama.cpp (see ../shared/tools/llref/README.md).
	llrefScript = "../../shared/tools/llref/llref.sh"
	// edgeTensor is the weight whose first rows the quantizer test replaces
	// with edge cases.
	edgeTensor = "blk.0.attn_q.weight"
)

var iqUpdate = flag.Bool("iq.update", false, "rewrite the fixtures in "+iqFixtureDir+" with llama.cpp's answers (needs ../shared and llref)")

// TestIQDequantizeFixtures compares Dequantize bit for bit with llama.cpp's
// dequantization of the committed random blocks of every type.
func TestIQDequantizeFixtures(t *testing.T) {
	for _, typ := range iqTypes {
		t.Run(typ.String(), func(t *testing.T) {
			blocks := readFixture(t, "dequantize-"+typ.String()+".bin")
			want := readFixture(t, "dequantize-"+typ.String()+".f32")
			got := make([]float32, len(want)/4)
			if err := quant.Dequantize(typ, got, blocks); err != nil {
				t.Fatal(err)
			}
			checkBits(t, typ.String(), got, want)
			t.Logf("%d weights bit-identical to llama.cpp", len(got))
		})
	}
}

// TestIQ4QuantizeFixtures quantizes the committed rows (edge cases and real
// weights) and compares with llama.cpp's bytes.
func TestIQ4QuantizeFixtures(t *testing.T) {
	x := floatsOf(readFixture(t, "quantize-input.f32"))
	for _, typ := range iq4Types {
		want := readFixture(t, "quantize-"+typ.String()+".bin")
		checkQuantize(t, typ, x, want, "fixture")
	}
}

// TestIQ4QuantizeMatchesLlamaCpp quantizes every 2-D tensor of
// llama-tiny-F32.gguf and compares with llama.cpp's IQ4_NL and IQ4_XS files.
func TestIQ4QuantizeMatchesLlamaCpp(t *testing.T) {
	src := openShared(t, "llama-tiny-F32.gguf")
	for _, typ := range iq4Types {
		t.Run(typ.String(), func(t *testing.T) {
			ref := openShared(t, "llama-tiny-"+typ.String()+".gguf")
			n := compareQuantized(t, src, ref, typ)
			t.Logf("%d tensors byte-identical to llama.cpp", n)
		})
	}
}

// TestIQ4QuantizeEdgeCasesMatchLlamaCpp lets llama.cpp quantize a model whose
// first rows of edgeTensor are edge cases (zeros, tiny, huge, ties, sparse
// sub-blocks) and compares that tensor; with -iq.update it rewrites the
// quantizer fixtures.
func TestIQ4QuantizeEdgeCasesMatchLlamaCpp(t *testing.T) {
	needLlref(t)
	src := openShared(t, "llama-tiny-F32.gguf")
	ti, _ := src.Tensor(edgeTensor)
	x := floatsOf(ti.Data)
	edge := iq4EdgeRows(x[:4*ti.Shape[0]], int(ti.Shape[0]))
	copy(x, edge)
	path := filepath.Join(t.TempDir(), "edge.gguf")
	writeModel(t, path, src, func(_ int, in *gguf.TensorInfo) (quant.Type, []byte) {
		if in.Name == edgeTensor {
			return quant.F32, bytesOf(x)
		}
		return in.Type, in.Data
	})
	if *iqUpdate {
		writeFixture(t, "quantize-input.f32", bytesOf(edge))
	}
	for _, typ := range iq4Types {
		want, _ := llrefQuantize(t, path, typ.String()).Tensor(edgeTensor)
		checkQuantize(t, typ, x, want.Data, edgeTensor)
		if *iqUpdate {
			size, _ := typ.RowBytes(len(edge))
			writeFixture(t, "quantize-"+typ.String()+".bin", want.Data[:size])
		}
	}
}

// TestIQDequantizeRandomMatchesLlamaCpp fills the 2-D weights of a tiny llama
// model with random blocks of every type, lets llama.cpp dequantize it to F32
// and compares every tensor bit for bit; with -iq.update it rewrites the
// dequantization fixtures.
func TestIQDequantizeRandomMatchesLlamaCpp(t *testing.T) {
	needLlref(t)
	src := openShared(t, "llama-tiny-F32.gguf")
	path := filepath.Join(t.TempDir(), "random.gguf")
	writeModel(t, path, src, func(k int, in *gguf.TensorInfo) (quant.Type, []byte) {
		typ := iqTypes[k%len(iqTypes)]
		return typ, randomBlocks(typ, int(in.Elements())/typ.BlockSize(), uint64(k))
	})
	model := openGGUF(t, path)
	ref := llrefQuantize(t, path, "F32")
	counts := compareDequantized(t, model, ref)
	for _, typ := range iqTypes {
		if counts[typ] == 0 {
			t.Errorf("no %s tensor compared", typ)
		}
	}
	t.Logf("weights bit-identical to llama.cpp per type: %v", counts)
	if *iqUpdate {
		writeDequantizeFixtures(t, model, ref)
	}
}

// TestIQDequantizeQuantizedMatchesLlamaCpp dequantizes models that llama.cpp
// quantized itself (the IQ4 files of ../shared, TQ1_0 and TQ2_0 made here)
// and compares with llama.cpp's own dequantization.
func TestIQDequantizeQuantizedMatchesLlamaCpp(t *testing.T) {
	needLlref(t)
	dir := t.TempDir()
	for _, typ := range []quant.Type{quant.IQ4_NL, quant.IQ4_XS, quant.TQ1_0, quant.TQ2_0} {
		t.Run(typ.String(), func(t *testing.T) {
			path := filepath.Join(sharedSynth, "llama-tiny-"+typ.String()+".gguf")
			if _, err := os.Stat(path); err != nil {
				path = filepath.Join(dir, "llama-tiny-"+typ.String()+".gguf")
				llrefQuantizeTo(t, filepath.Join(sharedSynth, "llama-tiny-F32.gguf"), path, typ.String())
			}
			model := openGGUF(t, path)
			counts := compareDequantized(t, model, llrefQuantize(t, path, "F32"))
			if counts[typ] == 0 {
				t.Fatalf("no %s tensor compared", typ)
			}
			t.Logf("%d weights bit-identical to llama.cpp", counts[typ])
		})
	}
}

// BenchmarkDequantizeIQ measures Dequantize; the bytes are those of the
// float32 output, so that the formats compare per weight.
func BenchmarkDequantizeIQ(b *testing.B) {
	const n = 1 << 16
	for _, typ := range iqTypes {
		b.Run(typ.String(), func(b *testing.B) {
			src := randomBlocks(typ, n/typ.BlockSize(), 1)
			dst := make([]float32, n)
			b.SetBytes(4 * n)
			for b.Loop() {
				if err := quant.Dequantize(typ, dst, src); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkQuantizeIQ4 measures Quantize on Gaussian weights; the bytes are
// those of the float32 input.
func BenchmarkQuantizeIQ4(b *testing.B) {
	const n = 1 << 14
	rng := rand.New(rand.NewPCG(1, 2))
	src := make([]float32, n)
	for i := range src {
		src[i] = float32(rng.NormFloat64() * 0.02)
	}
	for _, typ := range iq4Types {
		b.Run(typ.String(), func(b *testing.B) {
			size, _ := typ.RowBytes(n)
			dst := make([]byte, size)
			b.SetBytes(4 * n)
			for b.Loop() {
				if err := quant.Quantize(typ, dst, src); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// randomBlocks returns n blocks of type typ made of random bytes with valid
// scales: block i has the fp16 scale testScale(i) or, for MXFP4, the
// exponent i mod 253: every exponent whose weights are finite (llama.cpp
// rejects 255, which is NaN, and infinite weights).
func randomBlocks(typ quant.Type, n int, seed uint64) []byte {
	rng := rand.New(rand.NewPCG(seed, uint64(typ)))
	size := typ.BlockBytes()
	out := make([]byte, n*size)
	for i := range out {
		out[i] = byte(rng.Uint32())
	}
	for i := range n {
		setScale(typ, out[i*size:(i+1)*size], i, rng)
	}
	return out
}

// setScale stores the scale of block i in b, where each format keeps it.
func setScale(typ quant.Type, b []byte, i int, rng *rand.Rand) {
	h := testScale(i, rng)
	switch typ {
	case quant.MXFP4:
		b[0] = byte(i % 253)
	case quant.TQ1_0, quant.TQ2_0: // d is the last field
		binary.LittleEndian.PutUint16(b[len(b)-2:], h)
	case quant.IQ1_M: // one nibble on top of each of the last 4 uint16s
		for k := range 4 {
			p := &b[len(b)-7+2*k]
			*p = *p&0x0f | byte(h>>(4*k))<<4
		}
	default: // d is the first field
		binary.LittleEndian.PutUint16(b, h)
	}
}

// testScale returns fp16 bits for the scale of block i: +0, -0 and two
// subnormals for every 16th block and the next three, otherwise a finite
// value of random sign and magnitude between 2^-12 and 8.
func testScale(i int, rng *rand.Rand) uint16 {
	if special := []uint16{0x0000, 0x8000, 0x0001, 0x83ff}; i%16 < len(special) {
		return special[i%16]
	}
	return uint16(rng.IntN(2))<<15 | uint16(3+rng.IntN(15))<<10 | uint16(rng.IntN(1024))
}

// iq4EdgeRows returns rows of n weights that stress the IQ4 quantizers,
// followed by the real rows real.
func iq4EdgeRows(real []float32, n int) []float32 {
	rng := rand.New(rand.NewPCG(3, 4))
	levels := iq4Levels()
	gauss := func(scale float64) func(int) float32 {
		return func(int) float32 { return float32(rng.NormFloat64() * scale) }
	}
	alternate := func(v float32) func(int) float32 {
		return func(j int) float32 { return v * float32(1-2*(j%2)) }
	}
	rows := []func(j int) float32{
		func(int) float32 { return 0 },                    // all zero
		alternate(1e-16),                                  // below GROUP_MAX_EPS
		alternate(1e-10),                                  // scale underflows fp16
		alternate(6e6),                                    // scale near the fp16 maximum
		func(int) float32 { return 0.5 },                  // constant
		func(j int) float32 { return float32(j%32 - 16) }, // integer ramps
		func(j int) float32 { // one spike per sub-block
			if j%32 == 7 {
				return 3
			}
			return 0
		},
		func(j int) float32 { // every other sub-block zero
			if j/32%2 == 0 {
				return 0
			}
			return float32(rng.NormFloat64())
		},
		func(j int) float32 { // level midpoints for a scale of -1
			if j%32 == 0 {
				return levels[0]
			}
			k := 1 + j%15
			return -(levels[k-1] + levels[k]) / 2
		},
		gauss(1e-3), gauss(1), gauss(100),
	}
	out := make([]float32, 0, len(rows)*n+len(real))
	for _, f := range rows {
		for j := range n {
			out = append(out, f(j))
		}
	}
	return append(out, real...)
}

// iq4Levels returns the 16 levels of IQ4_NL, read back through Dequantize
// from a block with scale 1 whose weight j is level j.
func iq4Levels() [16]float32 {
	b := make([]byte, quant.IQ4_NL.BlockBytes())
	binary.LittleEndian.PutUint16(b, 0x3c00)
	for j := range 16 {
		b[2+j] = byte(j)
	}
	y := make([]float32, quant.IQ4_NL.BlockSize())
	if err := quant.Dequantize(quant.IQ4_NL, y, b); err != nil {
		panic(err)
	}
	return [16]float32(y[:16])
}

// checkQuantize quantizes x to typ and compares with want, block by block.
func checkQuantize(t *testing.T, typ quant.Type, x []float32, want []byte, what string) {
	t.Helper()
	got := make([]byte, len(want))
	if err := quant.Quantize(typ, got, x); err != nil {
		t.Fatalf("%s %s: %v", typ, what, err)
	}
	size := typ.BlockBytes()
	bad := 0
	for i := 0; i < len(got); i += size {
		if !bytes.Equal(got[i:i+size], want[i:i+size]) {
			if bad == 0 {
				t.Errorf("%s %s block %d:\n got %x\nwant %x", typ, what, i/size, got[i:i+size], want[i:i+size])
			}
			bad++
		}
	}
	if bad > 0 {
		t.Errorf("%s %s: %d of %d blocks differ from llama.cpp's", typ, what, bad, len(got)/size)
	}
}

// compareQuantized quantizes every tensor of src that ref holds as typ and
// compares the bytes; it returns how many tensors it compared.
func compareQuantized(t *testing.T, src, ref *gguf.File, typ quant.Type) int {
	t.Helper()
	n := 0
	for _, want := range ref.Tensors {
		if want.Type != typ {
			continue
		}
		in, ok := src.Tensor(want.Name)
		if !ok {
			t.Fatalf("%s: no such tensor in %s", want.Name, src.Path)
		}
		checkQuantize(t, typ, tensorFloats(t, in), want.Data, want.Name)
		n++
	}
	if n == 0 {
		t.Fatalf("%s holds no %s tensor", ref.Path, typ)
	}
	return n
}

// compareDequantized dequantizes every tensor of model whose type is one of
// iqTypes and compares it bit for bit with the F32 tensor of ref; it returns
// how many weights of each type it compared.
func compareDequantized(t *testing.T, model, ref *gguf.File) map[quant.Type]int {
	t.Helper()
	counts := map[quant.Type]int{}
	for i := range model.Tensors {
		ti := &model.Tensors[i]
		if !isIQ(ti.Type) {
			continue
		}
		want, ok := ref.Tensor(ti.Name)
		if !ok || want.Type != quant.F32 {
			t.Fatalf("%s: llama.cpp's output has no F32 tensor of that name", ti.Name)
		}
		checkBits(t, ti.Type.String()+" "+ti.Name, tensorFloats(t, ti), want.Data)
		counts[ti.Type] += int(ti.Elements())
	}
	return counts
}

// writeDequantizeFixtures keeps the first iqFixtureWeights weights of the
// first tensor of each type of model and llama.cpp's floats for them.
func writeDequantizeFixtures(t *testing.T, model, ref *gguf.File) {
	done := map[quant.Type]bool{}
	for i := range model.Tensors {
		ti := &model.Tensors[i]
		if !isIQ(ti.Type) || done[ti.Type] {
			continue
		}
		done[ti.Type] = true
		size, _ := ti.Type.RowBytes(iqFixtureWeights)
		want, _ := ref.Tensor(ti.Name)
		writeFixture(t, "dequantize-"+ti.Type.String()+".bin", ti.Data[:size])
		writeFixture(t, "dequantize-"+ti.Type.String()+".f32", want.Data[:4*iqFixtureWeights])
	}
}

// isIQ reports whether typ is one of iqTypes.
func isIQ(typ quant.Type) bool {
	for _, q := range iqTypes {
		if q == typ {
			return true
		}
	}
	return false
}

// checkBits compares got with the little-endian float32s want bit for bit
// and reports the first difference and how many weights differ.
func checkBits(t *testing.T, what string, got []float32, want []byte) {
	t.Helper()
	if len(want) != 4*len(got) {
		t.Fatalf("%s: %d weights, llama.cpp has %d", what, len(got), len(want)/4)
	}
	bad := 0
	for i, g := range got {
		w := binary.LittleEndian.Uint32(want[4*i:])
		if math.Float32bits(g) != w {
			if bad == 0 {
				t.Errorf("%s: weight %d is %g (%#08x), llama.cpp has %g (%#08x)", what, i, g, math.Float32bits(g), math.Float32frombits(w), w)
			}
			bad++
		}
	}
	if bad > 0 {
		t.Errorf("%s: %d of %d weights differ from llama.cpp's", what, bad, len(got))
	}
}

// writeModel writes src to path with every 2-D tensor replaced by what fill
// returns for it (k counts the 2-D tensors from 0).
func writeModel(t *testing.T, path string, src *gguf.File, fill func(k int, ti *gguf.TensorInfo) (quant.Type, []byte)) {
	t.Helper()
	var tensors []gguf.Tensor
	k := 0
	for i := range src.Tensors {
		ti := &src.Tensors[i]
		out := gguf.Tensor{Name: ti.Name, Type: ti.Type, Shape: ti.Shape, Data: ti.Data}
		if len(ti.Shape) == 2 {
			out.Type, out.Data = fill(k, ti)
			k++
		}
		tensors = append(tensors, out)
	}
	if err := gguf.WriteFile(path, src.KV, tensors); err != nil {
		t.Fatal(err)
	}
}

// needLlref skips the test unless ../shared's llref runs llama.cpp here.
func needLlref(t *testing.T) {
	t.Helper()
	if _, err := os.Stat(llrefScript); err != nil {
		t.Skipf("%s not found: llama.cpp's oracle lives in ../shared beside the project root", llrefScript)
	}
	if out, err := exec.Command(llrefScript, "layout").CombinedOutput(); err != nil {
		t.Skipf("llref does not run here (%v): %s", err, out)
	}
}

// llrefQuantize lets llama.cpp convert every 2-D tensor of the model at path
// to typ and opens the result, which it writes to a temporary directory.
func llrefQuantize(t *testing.T, path, typ string) *gguf.File {
	t.Helper()
	out := filepath.Join(t.TempDir(), filepath.Base(path)+"."+typ+".gguf")
	llrefQuantizeTo(t, path, out, typ)
	return openGGUF(t, out)
}

// llrefQuantizeTo runs llref quantize in out typ --pure --allow-requantize.
func llrefQuantizeTo(t *testing.T, in, out, typ string) {
	t.Helper()
	cmd := exec.Command(llrefScript, "quantize", in, out, typ, "--pure", "--allow-requantize")
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("llref quantize %s %s: %v\n%s", in, typ, err, msg)
	}
}

// openGGUF opens path for the rest of the test.
func openGGUF(t *testing.T, path string) *gguf.File {
	t.Helper()
	f, err := gguf.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// readFixture returns the bytes of a committed fixture.
func readFixture(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(iqFixtureDir, name))
	if err != nil {
		t.Fatalf("%v (regenerate with go test ./quant/ -run LlamaCpp -iq.update)", err)
	}
	return b
}

// writeFixture replaces a committed fixture.
func writeFixture(t *testing.T, name string, b []byte) {
	t.Helper()
	if err := os.MkdirAll(iqFixtureDir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(iqFixtureDir, name), b, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("wrote %s (%d bytes)", name, len(b))
}

// floatsOf decodes little-endian float32s.
func floatsOf(b []byte) []float32 {
	out := make([]float32, len(b)/4)
	for i := range out {
		out[i] = math.Float32frombits(binary.LittleEndian.Uint32(b[4*i:]))
	}
	return out
}

// bytesOf encodes x as little-endian float32s.
func bytesOf(x []float32) []byte {
	out := make([]byte, 4*len(x))
	for i, v := range x {
		binary.LittleEndian.PutUint32(out[4*i:], math.Float32bits(v))
	}
	return out
}
