package quant_test

import (
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

// The K-quant tests. Fixtures live in testdata/quant/kquant (see
// testdata/quant/README.md); -kquant.regen rebuilds them with llama.cpp's
// quantizer (tools/llref in ../shared).

var kqRegen = flag.Bool("kquant.regen", false, "rebuild testdata/quant/kquant with llama.cpp (needs ../shared)")

const (
	kqShared   = "../../shared"
	kqFixtures = "../testdata/quant/kquant"
	// kqProbeTensor is the tensor of llama-tiny-F32.gguf whose first rows
	// are replaced by the hard-case rows for llama.cpp to quantize.
	kqProbeTensor = "token_embd.weight"
)

// kqFileTypes are the K-quant block types with the llama.cpp file type that
// quantizes every 2-D tensor to them under --pure.
var kqFileTypes = []struct {
	typ   quant.Type
	ftype string
}{
	{quant.Q2_K, "Q2_K"},
	{quant.Q3_K, "Q3_K_M"},
	{quant.Q4_K, "Q4_K_M"},
	{quant.Q5_K, "Q5_K_M"},
	{quant.Q6_K, "Q6_K"},
}

// kqAllTypes are every K-quant type, Q8_K included.
var kqAllTypes = []quant.Type{quant.Q2_K, quant.Q3_K, quant.Q4_K, quant.Q5_K, quant.Q6_K, quant.Q8_K}

func kqFloats(b []byte) []float32 {
	out := make([]float32, len(b)/4)
	for i := range out {
		out[i] = math.Float32frombits(binary.LittleEndian.Uint32(b[4*i:]))
	}
	return out
}

func kqBytes(x []float32) []byte {
	out := make([]byte, 4*len(x))
	for i, v := range x {
		binary.LittleEndian.PutUint32(out[4*i:], math.Float32bits(v))
	}
	return out
}

func kqQuantize(t testing.TB, typ quant.Type, x []float32) []byte {
	t.Helper()
	n, err := typ.RowBytes(len(x))
	if err != nil {
		t.Fatal(err)
	}
	out := make([]byte, n)
	for i := range out { // every byte must be written, whatever was there
		out[i] = 0xA5
	}
	if err := quant.Quantize(typ, out, x); err != nil {
		t.Fatal(err)
	}
	return out
}

func kqDequantize(t testing.TB, typ quant.Type, b []byte) []float32 {
	t.Helper()
	out := make([]float32, len(b)/typ.BlockBytes()*typ.BlockSize())
	if err := quant.Dequantize(typ, out, b); err != nil {
		t.Fatal(err)
	}
	return out
}

// kqDiffBlocks returns how many blocks of got and want differ and the
// index of the first (-1 if none).
func kqDiffBlocks(got, want []byte, size int) (n, first int) {
	first = -1
	for b := 0; b < len(want)/size; b++ {
		if string(got[b*size:(b+1)*size]) != string(want[b*size:(b+1)*size]) {
			if first < 0 {
				first = b
			}
			n++
		}
	}
	return n, first
}

// kqSameBits reports the first index where got and want differ bit for bit
// (-1 if none).
func kqSameBits(got, want []float32) int {
	if len(got) != len(want) {
		return 0
	}
	for i := range got {
		if math.Float32bits(got[i]) != math.Float32bits(want[i]) {
			return i
		}
	}
	return -1
}

func kqShape2D(ti *gguf.TensorInfo) bool { return len(ti.Shape) == 2 && ti.Shape[1] > 1 }

func kqOpen(t testing.TB, path string) *gguf.File {
	t.Helper()
	f, err := gguf.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

func kqNeedShared(t testing.TB) string {
	t.Helper()
	dir := filepath.Join(kqShared, "testdata", "synth")
	if _, err := os.Stat(filepath.Join(dir, "llama-tiny-F32.gguf")); err != nil {
		t.Skipf("llama.cpp reference files not found (%v); conformance needs ../shared", err)
	}
	return dir
}

// TestKQuantConformance quantizes every 2-D tensor of llama-tiny-F32.gguf
// and compares the bytes with llama.cpp's --pure K-quant files, and checks
// our dequantization of the first row of each of llama.cpp's tensors
// against llama.cpp's own (stored as realdeq-<TYPE>.f32).
func TestKQuantConformance(t *testing.T) {
	dir := kqNeedShared(t)
	src := kqOpen(t, filepath.Join(dir, "llama-tiny-F32.gguf"))
	for _, ft := range kqFileTypes {
		t.Run(ft.typ.String(), func(t *testing.T) {
			qf := kqOpen(t, filepath.Join(dir, "llama-tiny-"+ft.typ.String()+".gguf"))
			want := kqReadFloats(t, "realdeq-"+ft.typ.String()+".f32")
			same, total := 0, 0
			var deq []float32
			for i := range qf.Tensors {
				ti := &qf.Tensors[i]
				if !kqShape2D(ti) {
					continue
				}
				if ti.Type != ft.typ {
					t.Errorf("%s is %s, want %s", ti.Name, ti.Type, ft.typ)
					continue
				}
				total++
				st, ok := src.Tensor(ti.Name)
				if !ok {
					t.Fatalf("%s missing from the F32 model", ti.Name)
				}
				got := kqQuantize(t, ft.typ, kqFloats(st.Data))
				if n, first := kqDiffBlocks(got, ti.Data, ft.typ.BlockBytes()); n > 0 {
					t.Errorf("%s: %d blocks differ from llama.cpp, first %d", ti.Name, n, first)
				} else {
					same++
				}
				rowBytes, _ := ft.typ.RowBytes(int(ti.Shape[0]))
				deq = append(deq, kqDequantize(t, ft.typ, ti.Data[:rowBytes])...)
			}
			t.Logf("%s: %d/%d tensors byte-identical to llama.cpp", ft.typ, same, total)
			if i := kqSameBits(deq, want); i >= 0 {
				t.Errorf("dequantized first rows differ from llama.cpp at %d (of %d/%d)", i, len(deq), len(want))
			}
		})
	}
}

func kqReadFloats(t testing.TB, name string) []float32 {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(kqFixtures, name))
	if err != nil {
		t.Fatal(err)
	}
	return kqFloats(b)
}

// TestKQuantFixtures checks the hard-case rows (hard.f32) against
// llama.cpp's quantization of them (hard-<TYPE>.bin) and our dequantization
// of llama.cpp's blocks against llama.cpp's own (hard-<TYPE>.deq.f32).
func TestKQuantFixtures(t *testing.T) {
	x := kqReadFloats(t, "hard.f32")
	for _, ft := range kqFileTypes {
		t.Run(ft.typ.String(), func(t *testing.T) {
			want, err := os.ReadFile(filepath.Join(kqFixtures, "hard-"+ft.typ.String()+".bin"))
			if err != nil {
				t.Fatal(err)
			}
			got := kqQuantize(t, ft.typ, x)
			if n, first := kqDiffBlocks(got, want, ft.typ.BlockBytes()); n > 0 {
				t.Errorf("%d of %d hard-case rows differ from llama.cpp, first row %d (%s)", n, len(x)/quant.QK_K, first, kqHardRows[first].name)
			}
			wantDeq := kqReadFloats(t, "hard-"+ft.typ.String()+".deq.f32")
			if i := kqSameBits(kqDequantize(t, ft.typ, want), wantDeq); i >= 0 {
				t.Errorf("dequantization differs from llama.cpp at %d (row %s)", i, kqHardRows[i/quant.QK_K].name)
			}
		})
	}
}

// kqHardRows are the hard cases, one super-block each.
var kqHardRows = []struct {
	name string
	gen  func(r *rand.Rand, i int) float32
}{
	{"zeros", func(*rand.Rand, int) float32 { return 0 }},
	{"negative zeros", func(*rand.Rand, int) float32 { return float32(math.Copysign(0, -1)) }},
	{"constant 0.5", func(*rand.Rand, int) float32 { return 0.5 }},
	{"constant -3", func(*rand.Rand, int) float32 { return -3 }},
	{"outlier 1000", func(r *rand.Rand, i int) float32 { return kqSpike(i, 37, 1000, 0.02*float32(r.NormFloat64())) }},
	{"outlier -50", func(r *rand.Rand, i int) float32 { return kqSpike(i, 200, -50, float32(r.NormFloat64())) }},
	{"tiny 1e-30", func(r *rand.Rand, _ int) float32 { return 1e-30 * float32(r.NormFloat64()) }},
	{"denormal 1e-41", func(r *rand.Rand, _ int) float32 { return 1e-41 * float32(r.NormFloat64()) }},
	{"negative only", func(r *rand.Rand, _ int) float32 { return -float32(math.Abs(r.NormFloat64())) }},
	{"positive only", func(r *rand.Rand, _ int) float32 { return float32(math.Abs(r.NormFloat64())) + 0.1 }},
	{"alternating 1", func(_ *rand.Rand, i int) float32 { return float32(1 - 2*(i%2)) }},
	{"alternating ramp", func(_ *rand.Rand, i int) float32 { return float32(1-2*(i%2)) * (1 + float32(i)/256) }},
	{"single 0.7", func(_ *rand.Rand, i int) float32 { return kqSpike(i, 100, 0.7, 0) }},
	{"single 1e-20", func(_ *rand.Rand, i int) float32 { return kqSpike(i, 5, 1e-20, 0) }},
	{"ramp", func(_ *rand.Rand, i int) float32 { return float32(i)/255 - 0.5 }},
	{"integers", func(_ *rand.Rand, i int) float32 { return float32(i%16 - 8) }},
	{"half integers", func(_ *rand.Rand, i int) float32 { return float32(i%8) + 0.5 }},
	{"sub-block scales", func(r *rand.Rand, i int) float32 {
		return float32(r.NormFloat64() * math.Pow(10, float64(i/16%7-3)))
	}},
	{"large 1e4", func(r *rand.Rand, _ int) float32 { return 1e4 * float32(r.NormFloat64()) }},
	{"large 5e4", func(r *rand.Rand, _ int) float32 { return 5e4 * float32(r.NormFloat64()) }},
	{"half zeros", func(r *rand.Rand, i int) float32 { return float32(i/128) * float32(r.NormFloat64()) }},
	{"sparse", func(r *rand.Rand, _ int) float32 {
		if r.IntN(10) == 0 {
			return float32(r.NormFloat64())
		}
		return 0
	}},
	{"two values", func(r *rand.Rand, _ int) float32 { return 0.3 * float32(1-2*r.IntN(2)) }},
	{"constant but one zero", func(_ *rand.Rand, i int) float32 { return kqSpike(i, 77, 0, 2) }},
	{"step", func(_ *rand.Rand, i int) float32 { return float32(i/128*2 - 1) }},
	{"every 16th x100", func(r *rand.Rand, i int) float32 {
		return float32(r.NormFloat64()) * float32(1+99*(1-min(1, i%16)))
	}},
	{"abs-max tie +-", func(r *rand.Rand, i int) float32 {
		return kqSpike(i, 3, 2, kqSpike(i, 9, -2, float32(r.NormFloat64())*0.5))
	}},
	{"abs-max tie -+", func(r *rand.Rand, i int) float32 {
		return kqSpike(i, 3, -2, kqSpike(i, 9, 2, float32(r.NormFloat64())*0.5))
	}},
	{"quarter grid", func(r *rand.Rand, _ int) float32 { return float32(r.IntN(7)-3) / 4 }},
	{"integer grid 1e-3", func(r *rand.Rand, _ int) float32 { return float32(r.IntN(31)-15) * 1e-3 }},
	{"integer grid 1e-7", func(r *rand.Rand, _ int) float32 { return float32(r.IntN(31)-15) * 1e-7 }},
	{"eighths 0..3/8", func(r *rand.Rand, _ int) float32 { return float32(r.IntN(4)) / 8 }},
	{"half integers +-32", func(r *rand.Rand, _ int) float32 { return float32(r.IntN(64)-32) + 0.5 }},
	{"exponential", func(r *rand.Rand, _ int) float32 { return float32(r.ExpFloat64() * float64(1-2*r.IntN(2))) }},
	{"uniform", func(r *rand.Rand, _ int) float32 { return 2*r.Float32() - 1 }},
	{"normal 0.02 a", func(r *rand.Rand, _ int) float32 { return 0.02 * float32(r.NormFloat64()) }},
	{"normal 0.02 b", func(r *rand.Rand, _ int) float32 { return 0.02 * float32(r.NormFloat64()) }},
	{"normal 1 shifted", func(r *rand.Rand, _ int) float32 { return 3 + float32(r.NormFloat64()) }},
}

// kqSpike returns v at index at and else at every other index.
func kqSpike(i, at int, v, other float32) float32 {
	if i == at {
		return v
	}
	return other
}

func kqHardInput() []float32 {
	r := rand.New(rand.NewPCG(1, 2))
	x := make([]float32, 0, len(kqHardRows)*quant.QK_K)
	for _, row := range kqHardRows {
		for i := range quant.QK_K {
			x = append(x, row.gen(r, i))
		}
	}
	return x
}

// TestKQuantRegenerate rebuilds the fixtures when run with -kquant.regen:
// it writes a copy of llama-tiny-F32.gguf whose token_embd rows start with
// the hard cases, has llama.cpp quantize it to each K-quant (--pure) and
// dequantize the result, and keeps the rows of interest. It also keeps the
// first row of every 2-D tensor of llama.cpp's dequantized llama-tiny
// K-quant files.
func TestKQuantRegenerate(t *testing.T) {
	if !*kqRegen {
		t.Skip("run with -kquant.regen to rebuild testdata/quant/kquant")
	}
	dir := kqNeedShared(t)
	llref := filepath.Join(kqShared, "tools", "llref", "llref.sh")
	tmp := t.TempDir()
	hard := kqHardInput()
	kqWrite(t, "hard.f32", kqBytes(hard))
	probe := filepath.Join(tmp, "probe-F32.gguf")
	kqWriteProbe(t, filepath.Join(dir, "llama-tiny-F32.gguf"), probe, hard)
	run := func(args ...string) {
		if out, err := exec.Command(llref, args...).CombinedOutput(); err != nil {
			t.Fatalf("llref %v: %v\n%s", args, err, out)
		}
	}
	for _, ft := range kqFileTypes {
		name := ft.typ.String()
		q := filepath.Join(tmp, "probe-"+name+".gguf")
		run("quantize", probe, q, ft.ftype, "--pure")
		qd := filepath.Join(tmp, "probe-"+name+"-deq.gguf")
		run("quantize", q, qd, "F32", "--allow-requantize", "--pure")
		rows := len(hard) / quant.QK_K
		rb, _ := ft.typ.RowBytes(quant.QK_K * rows)
		kqWrite(t, "hard-"+name+".bin", kqTensor(t, q, kqProbeTensor, ft.typ).Data[:rb])
		kqWrite(t, "hard-"+name+".deq.f32", kqTensor(t, qd, kqProbeTensor, quant.F32).Data[:4*len(hard)])

		rd := filepath.Join(tmp, "real-"+name+"-deq.gguf")
		run("quantize", filepath.Join(dir, "llama-tiny-"+name+".gguf"), rd, "F32", "--allow-requantize", "--pure")
		var first []byte
		f := kqOpen(t, rd)
		for i := range f.Tensors {
			if ti := &f.Tensors[i]; kqShape2D(ti) {
				first = append(first, ti.Data[:4*ti.Shape[0]]...)
			}
		}
		kqWrite(t, "realdeq-"+name+".f32", first)
	}
}

func kqWrite(t testing.TB, name string, b []byte) {
	t.Helper()
	if err := os.MkdirAll(kqFixtures, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(kqFixtures, name), b, 0o644); err != nil {
		t.Fatal(err)
	}
}

func kqTensor(t testing.TB, path, name string, typ quant.Type) *gguf.TensorInfo {
	t.Helper()
	ti, ok := kqOpen(t, path).Tensor(name)
	if !ok || ti.Type != typ {
		t.Fatalf("%s: no %s tensor %s", path, typ, name)
	}
	return ti
}

// kqWriteProbe copies the model at src to dst with the first rows of
// kqProbeTensor replaced by rows.
func kqWriteProbe(t testing.TB, src, dst string, rows []float32) {
	t.Helper()
	f := kqOpen(t, src)
	var tensors []gguf.Tensor
	for _, ti := range f.Tensors {
		data := ti.Data
		if ti.Name == kqProbeTensor {
			if ti.Type != quant.F32 || ti.Shape[0] != quant.QK_K || len(rows)*4 > len(data) {
				t.Fatalf("%s: %s %v cannot hold %d hard-case rows", src, ti.Type, ti.Shape, len(rows)/quant.QK_K)
			}
			data = append(kqBytes(rows), data[len(rows)*4:]...)
		}
		tensors = append(tensors, gguf.Tensor{Name: ti.Name, Type: ti.Type, Shape: ti.Shape, Data: data})
	}
	if err := gguf.WriteFile(dst, f.KV, tensors); err != nil {
		t.Fatal(err)
	}
}

// kqRandomRows returns n super-blocks of N(0, sigma) weights.
func kqRandomRows(seed uint64, n int, sigma float64) []float32 {
	r := rand.New(rand.NewPCG(seed, 7))
	x := make([]float32, n*quant.QK_K)
	for i := range x {
		x[i] = float32(sigma * r.NormFloat64())
	}
	return x
}

// TestKQuantRoundTrip bounds the quantize-dequantize error: relative RMS
// error over random Gaussian blocks and the worst error of any weight
// relative to its block's largest magnitude.
func TestKQuantRoundTrip(t *testing.T) {
	bounds := map[quant.Type]struct{ rms, worst float64 }{
		quant.Q2_K: {0.40, 0.60},
		quant.Q3_K: {0.20, 0.35},
		quant.Q4_K: {0.10, 0.15},
		quant.Q5_K: {0.05, 0.08},
		quant.Q6_K: {0.025, 0.04},
		quant.Q8_K: {0.01, 0.0045},
	}
	x := kqRandomRows(3, 64, 0.5)
	for _, typ := range kqAllTypes {
		y := kqDequantize(t, typ, kqQuantize(t, typ, x))
		var se, sx, worst float64
		for b := 0; b < len(x); b += quant.QK_K {
			var amax float64
			for _, v := range x[b : b+quant.QK_K] {
				amax = max(amax, math.Abs(float64(v)))
			}
			for i := b; i < b+quant.QK_K; i++ {
				e := float64(y[i] - x[i])
				se += e * e
				sx += float64(x[i]) * float64(x[i])
				worst = max(worst, math.Abs(e)/amax)
			}
		}
		rel := math.Sqrt(se / sx)
		t.Logf("%s: relative RMS error %.4f, worst |error|/amax %.4f", typ, rel, worst)
		if b := bounds[typ]; rel > b.rms || worst > b.worst {
			t.Errorf("%s: relative RMS error %.4f (limit %g), worst %.4f (limit %g)", typ, rel, b.rms, worst, b.worst)
		}
	}
}

// TestKQuantZeros checks that all-zero weights give all-zero blocks that
// decode to zeros.
func TestKQuantZeros(t *testing.T) {
	x := make([]float32, 3*quant.QK_K)
	for _, typ := range kqAllTypes {
		q := kqQuantize(t, typ, x)
		for i, b := range q {
			if b != 0 {
				t.Errorf("%s: byte %d of a zero row is %#x", typ, i, b)
				break
			}
		}
		for i, v := range kqDequantize(t, typ, q) {
			if v != 0 {
				t.Errorf("%s: weight %d of a zero block decodes to %g", typ, i, v)
				break
			}
		}
	}
}

// TestKQuantExtremes checks that extreme but finite weights (within the
// range where a float16 super-block scale stays finite) never decode to
// NaN or Inf, and that Q8_K, whose scale is float32, takes any finite input.
func TestKQuantExtremes(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	var x []float32
	for _, scale := range []float64{1e-45, 1e-38, 1e-30, 1e-8, 1, 3e4, 6e4} {
		for range quant.QK_K {
			x = append(x, float32(scale*r.NormFloat64()))
		}
	}
	for i := range quant.QK_K { // mixed magnitudes in one block
		x = append(x, float32(math.Pow(10, float64(i%10-5))*r.NormFloat64()))
	}
	x = append(x, kqHardInput()...)
	huge := make([]float32, quant.QK_K)
	for i := range huge {
		huge[i] = float32(math.Ldexp(r.NormFloat64(), 120))
	}
	for _, typ := range kqAllTypes {
		in := x
		if typ == quant.Q8_K {
			in = append(in[:len(in):len(in)], huge...)
		}
		for i, v := range kqDequantize(t, typ, kqQuantize(t, typ, in)) {
			if math.IsNaN(float64(v)) || math.IsInf(float64(v), 0) {
				t.Errorf("%s: weight %d (%g) decodes to %g", typ, i, in[i], v)
				break
			}
		}
	}
}

// TestKQuantQ8K checks Q8_K exactly: integer weights with largest magnitude
// 127 survive a round trip unchanged, and bsums are the sums of 16 quants.
func TestKQuantQ8K(t *testing.T) {
	r := rand.New(rand.NewPCG(8, 9))
	x := make([]float32, 2*quant.QK_K)
	for i := range x {
		x[i] = float32(r.IntN(255) - 127)
	}
	x[17], x[300] = 127, -127
	q := kqQuantize(t, quant.Q8_K, x)
	for i, v := range kqDequantize(t, quant.Q8_K, q) {
		if v != x[i] {
			t.Fatalf("integer weight %d (%g) decodes to %g after a Q8_K round trip", i, x[i], v)
		}
	}
	q = kqQuantize(t, quant.Q8_K, kqRandomRows(4, 2, 1))
	for b := 0; b < len(q); b += quant.Q8_K.BlockBytes() {
		blk := q[b : b+quant.Q8_K.BlockBytes()]
		for j := range quant.QK_K / 16 {
			var sum int
			for _, v := range blk[4+16*j : 4+16*j+16] {
				sum += int(int8(v))
			}
			if got := int16(binary.LittleEndian.Uint16(blk[4+quant.QK_K+2*j:])); int(got) != sum {
				t.Errorf("block at %d: bsums[%d] = %d, quants sum to %d", b, j, got, sum)
			}
		}
	}
}
