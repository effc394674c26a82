//go:build linux || darwin

package simd

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"unsafe"
)

// This file checks the arm64 assembly beyond the shared differential
// tests: that every instruction emitted as a WORD (neon_arm64.h) is the
// one its comment names, and that the kernels match their twins bit for
// bit (or within a stated tolerance) on rows that end right before an
// unmapped page, so that a read or write past the end faults.

// TestNEONEncodings assembles every *_arm64.s file, disassembles the words
// of each line that calls a neon_arm64.h macro with llvm-mc, and compares
// the result with the instruction in the line's comment. It needs the go
// command and llvm-mc, and runs on any host.
func TestNEONEncodings(t *testing.T) {
	llvm, err := exec.LookPath("llvm-mc")
	if err != nil {
		t.Skip("llvm-mc not found")
	}
	goCmd, err := exec.LookPath("go")
	if err != nil {
		t.Skip("go command not found")
	}
	out, err := exec.Command(goCmd, "env", "GOROOT").Output()
	if err != nil {
		t.Skipf("go env GOROOT: %v", err)
	}
	include := filepath.Join(strings.TrimSpace(string(out)), "pkg", "include")
	macros := neonMacros(t)
	files, err := filepath.Glob("*_arm64.s")
	if err != nil || len(files) == 0 {
		t.Fatalf("no arm64 assembly: %v", err)
	}
	call := regexp.MustCompile(`^\s*([A-Z0-9_]+)\(([^)]*)\)\s*//\s*(.*?)\s*$`)
	checked := 0
	for _, file := range files {
		words := assembledWords(t, goCmd, include, file)
		src, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		type site struct{ where, want string }
		var sites []site
		var hex bytes.Buffer
		for i, line := range strings.Split(string(src), "\n") {
			m := call.FindStringSubmatch(line)
			if m == nil || !macros[m[1]] {
				if c := strings.Fields(line); len(c) > 0 && macros[strings.SplitN(c[0], "(", 2)[0]] {
					t.Errorf("%s:%d: a macro call without its instruction in a comment: %s", file, i+1, line)
				}
				continue
			}
			w := words[i+1]
			if len(w) != 1 {
				t.Errorf("%s:%d: %d words assembled, want 1", file, i+1, len(w))
				continue
			}
			sites = append(sites, site{fmt.Sprintf("%s:%d", file, i+1), m[3]})
			fmt.Fprintf(&hex, "0x%02x,0x%02x,0x%02x,0x%02x\n", w[0]&0xff, w[0]>>8&0xff, w[0]>>16&0xff, w[0]>>24)
		}
		if len(sites) == 0 {
			continue
		}
		cmd := exec.Command(llvm, "--disassemble", "-triple=aarch64", "-mattr=+dotprod,+fullfp16")
		cmd.Stdin = &hex
		dis, err := cmd.Output()
		if err != nil {
			t.Fatalf("llvm-mc: %v", err)
		}
		var got []string
		for _, l := range strings.Split(string(dis), "\n") {
			l = strings.Join(strings.Fields(l), " ")
			if l == "" || strings.HasPrefix(l, ".") {
				continue
			}
			got = append(got, l)
		}
		if len(got) != len(sites) {
			t.Fatalf("%s: llvm-mc printed %d instructions for %d words:\n%s", file, len(got), len(sites), dis)
		}
		for i, s := range sites {
			if got[i] != s.want && !strings.HasPrefix(s.want, got[i]+" ") {
				t.Errorf("%s: %q assembles to %q", s.where, s.want, got[i])
			}
			checked++
		}
	}
	t.Logf("%d WORD sites checked", checked)
}

// neonMacros returns the names of the macros neon_arm64.h defines.
func neonMacros(t *testing.T) map[string]bool {
	h, err := os.ReadFile("neon_arm64.h")
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]bool{}
	for _, m := range regexp.MustCompile(`(?m)^#define ([A-Z0-9_]+)\(`).FindAllStringSubmatch(string(h), -1) {
		names[m[1]] = true
	}
	return names
}

// assembledWords assembles file for linux/arm64 and returns the
// instruction words of each source line.
func assembledWords(t *testing.T, goCmd, include, file string) map[int][]uint32 {
	obj := filepath.Join(t.TempDir(), file+".o")
	asm := exec.Command(goCmd, "tool", "asm", "-p", "github.com/laminalabs/lamina/simd",
		"-I", ".", "-I", include, "-D", "GOOS_linux", "-D", "GOARCH_arm64", "-o", obj, file)
	asm.Env = append(os.Environ(), "GOOS=linux", "GOARCH=arm64")
	if out, err := asm.CombinedOutput(); err != nil {
		t.Fatalf("go tool asm %s: %v\n%s", file, err, out)
	}
	dump, err := exec.Command(goCmd, "tool", "objdump", obj).Output()
	if err != nil {
		t.Fatalf("go tool objdump %s: %v", obj, err)
	}
	re := regexp.MustCompile(`^\s+(\S+):(\d+)\s+0x[0-9a-f]+\s+([0-9a-f]{8})\s`)
	words := map[int][]uint32{}
	sc := bufio.NewScanner(bytes.NewReader(dump))
	for sc.Scan() {
		m := re.FindStringSubmatch(sc.Text())
		if m == nil || filepath.Base(m[1]) != file {
			continue
		}
		line, _ := strconv.Atoi(m[2])
		w, _ := strconv.ParseUint(m[3], 16, 32)
		words[line] = append(words[line], uint32(w))
	}
	return words
}

// guardedBuf returns a zeroed slice of n bytes that ends where an
// inaccessible page begins.
func guardedBuf(t *testing.T, n int) []byte {
	page := os.Getpagesize()
	size := (n+page-1)/page*page + page
	mem, err := syscall.Mmap(-1, 0, size, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_ANON|syscall.MAP_PRIVATE)
	if err != nil {
		t.Fatalf("mmap: %v", err)
	}
	t.Cleanup(func() { syscall.Munmap(mem) })
	if err := syscall.Mprotect(mem[size-page:], syscall.PROT_NONE); err != nil {
		t.Fatalf("mprotect: %v", err)
	}
	return mem[size-page-n : size-page : size-page]
}

// guarded copies b to the end of a guarded buffer.
func guarded(t *testing.T, b []byte) []byte {
	g := guardedBuf(t, len(b))
	copy(g, b)
	return g
}

// guardedF32 returns x copied to the end of a guarded buffer.
func guardedF32(t *testing.T, x []float32) []float32 {
	return f32View(guarded(t, f32Bytes(x)))
}

func f32Bytes(x []float32) []byte {
	b := make([]byte, 4*len(x))
	for i, v := range x {
		binary.LittleEndian.PutUint32(b[4*i:], math.Float32bits(v))
	}
	return b
}

// f32View returns the float32s stored in b, which must be 4-byte aligned
// (guardedBuf's ends are).
func f32View(b []byte) []float32 { return view[float32](b) }

// view returns the Ts stored in b, which must be aligned for T. It is the
// one use of unsafe here: the float kernels take []float32 and []uint16,
// and only mmapped memory can end at a guard page.
func view[T any](b []byte) []T {
	var z T
	return unsafe.Slice((*T)(unsafe.Pointer(unsafe.SliceData(b))), len(b)/int(unsafe.Sizeof(z)))
}

// forEachNEONImpl runs f with each implementation but the twins selected.
func forEachNEONImpl(t *testing.T, f func(t *testing.T)) {
	if runtime.GOARCH != "arm64" || purego {
		t.Skip("tests the arm64 assembly")
	}
	for _, name := range ImplNames() {
		if name == "Generic" {
			continue
		}
		t.Run(strings.ToLower(name), func(t *testing.T) {
			restore, ok := SelectImpl(name)
			t.Cleanup(restore)
			if !ok {
				t.Skipf("%s: not supported by this CPU", name)
			}
			f(t)
		})
	}
}

// neonBlockCounts are the row lengths of these tests in blocks.
var neonBlockCounts = []int{0, 1, 2, 3, 7, 8, 9, 15, 16, 17, 31, 32, 33, 64, 129}

// neonF16 returns random fp16 bits: mostly moderate values, sometimes
// zero, ±65504, subnormal, infinite or NaN.
func neonF16(rng *rand.Rand) uint16 {
	sign := uint16(rng.IntN(2)) << 15
	switch rng.IntN(16) {
	case 0:
		return sign
	case 1:
		return sign | 0x7bff
	case 2:
		return sign | uint16(1+rng.IntN(0x3ff))
	case 3:
		return sign | 0x7c00
	case 4:
		return sign | 0x7c00 | uint16(1+rng.IntN(0x3ff))
	}
	return sign | uint16(0x2000+rng.IntN(0x3000)) // about 2^-7 to 2^5
}

// neonRow returns nb random blocks of size bytes with fp16 values at the
// offsets f16s of each block.
func neonRow(rng *rand.Rand, nb, size int, f16s ...int) []byte {
	b := make([]byte, nb*size)
	for i := range b {
		b[i] = byte(rng.Uint32())
	}
	for blk := range nb {
		for _, off := range f16s {
			binary.LittleEndian.PutUint16(b[blk*size+off:], neonF16(rng))
		}
	}
	return b
}

// sameFloat reports whether a and b are the same float32, NaNs equal.
func sameFloat(a, b float32) bool {
	return math.Float32bits(a) == math.Float32bits(b) || a != a && b != b
}

// A neonDot is a dot kernel and its twin on rows of blocks.
type neonDot struct {
	name         string
	dot, twin    func(w, a []byte, n int) float32
	values       int   // values per block
	wSize, aSize int   // bytes per weight and activation block
	wF16s, aF16s []int // offsets of the fp16 values in the blocks
	aF32s        []int // offsets of float32 values in the activation blocks
	// rounds names the implementation whose kernel rounds differently
	// from the twin: its result must be within 1e-5 of the sum of the
	// magnitudes of the blocks' scale and minimum terms (or not finite
	// where the twin's is not).
	rounds string
}

// neonDots are the integer-block dot kernels with arm64 assembly; each
// must match its twin bit for bit, but where rounds says otherwise.
var neonDots = []neonDot{
	{name: "Q4_0", dot: DotQ4_0Q8_0, twin: dotQ4_0Q8_0Generic, values: 32, wSize: 18, aSize: 34, wF16s: []int{0}, aF16s: []int{0}},
	{name: "Q4_1", dot: DotQ4_1Q8_1, twin: dotQ4_1Q8_1Generic, values: 32, wSize: 20, aSize: 36, wF16s: []int{0, 2}, aF16s: []int{0, 2}},
	{name: "Q5_0", dot: DotQ5_0Q8_0, twin: dotQ5_0Q8_0Generic, values: 32, wSize: 22, aSize: 34, wF16s: []int{0}, aF16s: []int{0}},
	{name: "Q5_1", dot: DotQ5_1Q8_1, twin: dotQ5_1Q8_1Generic, values: 32, wSize: 24, aSize: 36, wF16s: []int{0, 2}, aF16s: []int{0, 2}},
	{name: "IQ4_NL", dot: DotIQ4_NLQ8_0, twin: dotIQ4_NLQ8_0Generic, values: 32, wSize: 18, aSize: 34, wF16s: []int{0}, aF16s: []int{0}},
	{name: "Q8_0", dot: DotQ8_0Q8_0, twin: dotQ8_0Q8_0Generic, values: 32, wSize: 34, aSize: 34, wF16s: []int{0}, aF16s: []int{0}},
	{name: "Q2_K", dot: DotQ2_KQ8_K, twin: dotQ2_KQ8_KGeneric, values: 256, wSize: 84, aSize: 292, wF16s: []int{80, 82}, aF32s: []int{0}},
	{name: "Q3_K", dot: DotQ3_KQ8_K, twin: dotQ3_KQ8_KGeneric, values: 256, wSize: 110, aSize: 292, wF16s: []int{108}, aF32s: []int{0}, rounds: "NEON+DotProd"},
	{name: "Q4_K", dot: DotQ4_KQ8_K, twin: dotQ4_KQ8_KGeneric, values: 256, wSize: 144, aSize: 292, wF16s: []int{0, 2}, aF32s: []int{0}, rounds: "NEON+DotProd"},
	{name: "Q5_K", dot: DotQ5_KQ8_K, twin: dotQ5_KQ8_KGeneric, values: 256, wSize: 176, aSize: 292, wF16s: []int{0, 2}, aF32s: []int{0}, rounds: "NEON+DotProd"},
	{name: "IQ4_XS", dot: DotIQ4_XSQ8_K, twin: dotIQ4_XSQ8_KGeneric, values: 256, wSize: 136, aSize: 292, wF16s: []int{0}, aF32s: []int{0}},
	{name: "Q6_K", dot: DotQ6_KQ8_K, twin: dotQ6_KQ8_KGeneric, values: 256, wSize: 210, aSize: 292, wF16s: []int{208}, aF32s: []int{0}, rounds: "NEON+DotProd"},
}

func finite(f float32) bool { return !math.IsNaN(float64(f)) && !math.IsInf(float64(f), 0) }

// magnitude returns the sum over the nb blocks of w and a of the
// magnitudes of the twin's results for each block with its second fp16
// scale (dmin) zeroed and with its first (d) zeroed, or of its result for
// a format with one scale.
func (k *neonDot) magnitude(w, a []byte, nb int) float64 {
	var mag float64
	for b := range nb {
		wb, ab := w[b*k.wSize:][:k.wSize], a[b*k.aSize:][:k.aSize]
		if len(k.wF16s) < 2 {
			mag += math.Abs(float64(k.twin(wb, ab, k.values)))
			continue
		}
		for _, zero := range k.wF16s[:2] {
			c := bytes.Clone(wb)
			c[zero], c[zero+1] = 0, 0
			mag += math.Abs(float64(k.twin(c, ab, k.values)))
		}
	}
	return mag
}

// TestNEONDotsMatchTwins runs the integer-block dot kernels on guarded
// rows of many lengths, random codes and fp16 scales that include zeros,
// ±65504, subnormals, infinities and NaNs, against their twins: the
// results must be the same float32 (any NaN matching any NaN).
func TestNEONDotsMatchTwins(t *testing.T) {
	forEachNEONImpl(t, func(t *testing.T) {
		for _, k := range neonDots {
			rng := rand.New(rand.NewPCG(7, uint64(k.values*k.wSize)))
			for _, nb := range neonBlockCounts {
				for rep := range 3 {
					w := guarded(t, neonRow(rng, nb, k.wSize, k.wF16s...))
					a := guarded(t, neonRow(rng, nb, k.aSize, k.aF16s...))
					for blk := range nb {
						for _, off := range k.aF32s {
							binary.LittleEndian.PutUint32(a[blk*k.aSize+off:], math.Float32bits(float32(rng.NormFloat64())))
						}
					}
					n := nb * k.values
					got, want := k.dot(w, a, n), k.twin(w, a, n)
					if strings.EqualFold(Path(), k.rounds) {
						if finite(want) && !(math.Abs(float64(got)-float64(want)) <= 1e-5*k.magnitude(w, a, nb)) || !finite(want) && finite(got) {
							t.Errorf("%s: %s, n=%d, rep %d: got %g, want %g (magnitude %g)", Path(), k.name, n, rep, got, want, k.magnitude(w, a, nb))
						}
						continue
					}
					if !sameFloat(got, want) {
						t.Errorf("%s: %s, n=%d, rep %d: got %g (%#08x), want %g (%#08x)",
							Path(), k.name, n, rep, got, math.Float32bits(got), want, math.Float32bits(want))
					}
				}
			}
		}
	})
}

// nearHalves returns n values, the first 3, whose products with
// iscale = -127/3 lie so close to a half that rounding them to float32
// before adding 1.5*2^23 (as C does) gives another nearest_int than
// fusing the two (as Go does on arm64), or that straddle a half.
func nearHalves(n int) []float32 {
	iscale := float32(-127) / 3
	x := []float32{3}
	for k := 0; len(x) < n; k++ {
		t := float64(k%253-126) + 0.5
		v := float32(t / float64(iscale))
		for range 4 {
			fused := math.FMA(float64(iscale), float64(v), 0)
			if p := float32(iscale * v); float64(p) != fused && math.Abs(fused-t) < 1e-5 {
				break
			}
			v = math.Nextafter32(v, float32(math.Inf(1)))
		}
		x = append(x, v)
	}
	return x
}

// TestNEONQuantizersMatchTwins runs the activation quantizers on guarded
// rows against their twins: the whole output must be bit-identical.
func TestNEONQuantizersMatchTwins(t *testing.T) {
	quantizers := []struct {
		name           string
		quantize, twin func(dst []byte, x []float32)
		values, size   int
	}{
		{"Q8_0", QuantizeQ8_0, quantizeQ8_0Generic, 32, 34},
		{"Q8_1", QuantizeQ8_1, quantizeQ8_1Generic, 32, 36},
		{"Q8_K", QuantizeQ8_K, quantizeQ8_KGeneric, 256, 292},
	}
	specials := []float32{float32(math.NaN()), math.Float32frombits(0x7f800001), float32(math.Inf(-1)), 0,
		math.Float32frombits(1), math.MaxFloat32, -127, 127}
	forEachNEONImpl(t, func(t *testing.T) {
		for _, q := range quantizers {
			rng := rand.New(rand.NewPCG(8, uint64(q.size)))
			for _, nb := range neonBlockCounts {
				x := make([]float32, nb*q.values)
				for blk := 0; blk < len(x); blk += q.values {
					mag := float32(math.Pow(10, rng.Float64()*60-30))
					for i := blk; i < blk+q.values; i++ {
						x[i] = mag * float32(rng.NormFloat64())
					}
					switch rng.IntN(8) {
					case 0, 1: // a special value
						x[blk+rng.IntN(q.values)] = specials[rng.IntN(len(specials))]
					case 2: // the largest magnitude twice, with both signs
						i, j := rng.IntN(q.values), rng.IntN(q.values)
						x[blk+i], x[blk+j] = 100*mag, -100*mag
					case 3: // all zero
						clear(x[blk : blk+q.values])
					case 4: // products that a fused multiply-add rounds differently
						copy(x[blk:blk+q.values], nearHalves(q.values))
					}
				}
				x = guardedF32(t, x)
				dst := guardedBuf(t, nb*q.size)
				want := make([]byte, nb*q.size)
				q.quantize(dst, x)
				q.twin(want, x)
				for blk := range nb {
					if g, w := dst[blk*q.size:][:q.size], want[blk*q.size:][:q.size]; !bytes.Equal(g, w) {
						t.Errorf("%s: %s, n=%d, block %d: got\n% x\nwant\n% x", Path(), q.name, len(x), blk, g, w)
					}
				}
			}
		}
	})
}

// neonFloatLengths are the row lengths of the float kernels' tests.
var neonFloatLengths = []int{0, 1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65, 100, 1023, 4103}

// TestNEONFloatDotsMatchTwins runs the float dot products on guarded rows
// of random finite values against their twins. They sum in float64 in
// another order, so the result must be within 1e-6 of the sum of the
// products' magnitudes (far more than the float64 rounding needs, less
// than a float32 rounding of a cancelling sum).
func TestNEONFloatDotsMatchTwins(t *testing.T) {
	f16 := func(rng *rand.Rand) []byte {
		var b [2]byte
		binary.LittleEndian.PutUint16(b[:], toF16(float32(rng.NormFloat64()*100)))
		return b[:]
	}
	bf16 := func(rng *rand.Rand) []byte {
		var b [2]byte
		binary.LittleEndian.PutUint16(b[:], toBF16(float32(rng.NormFloat64()*1e10)))
		return b[:]
	}
	f32 := func(rng *rand.Rand) []byte { return f32Bytes([]float32{float32(rng.NormFloat64() * 1e10)}) }
	dots := []struct {
		name      string
		size      int
		value     func(rng *rand.Rand) []byte
		dot, twin func(w, a []byte, n int) float32
		decode    func(b []byte) float64
	}{
		{"F32", 4, f32, DotF32, dotF32Generic, func(b []byte) float64 { return float64(f32At(b)) }},
		{"F16", 2, f16, DotF16, dotF16Generic, func(b []byte) float64 { return float64(f16At(b)) }},
		{"BF16", 2, bf16, DotBF16, dotBF16Generic, func(b []byte) float64 { return float64(fromBF16(le16(b))) }},
		{"Dot", 4, f32, func(w, a []byte, n int) float32 { return Dot(f32View(w), f32View(a)) },
			func(w, a []byte, n int) float32 { return dotGeneric(f32View(w), f32View(a)) },
			func(b []byte) float64 { return float64(f32At(b)) }},
	}
	forEachNEONImpl(t, func(t *testing.T) {
		for _, d := range dots {
			rng := rand.New(rand.NewPCG(9, uint64(d.size)))
			for _, n := range neonFloatLengths {
				var wb, ab []byte
				for range n {
					wb, ab = append(wb, d.value(rng)...), append(ab, d.value(rng)...)
				}
				w, a := guarded(t, wb), guarded(t, ab)
				got, want := d.dot(w, a, n), d.twin(w, a, n)
				var mag float64
				for i := 0; i < len(w); i += d.size {
					mag += math.Abs(d.decode(w[i:]) * d.decode(a[i:]))
				}
				if !(math.Abs(float64(got)-float64(want)) <= 1e-6*mag) {
					t.Errorf("%s: %s, n=%d: got %g, want %g (magnitude %g)", Path(), d.name, n, got, want, mag)
				}
			}
		}
	})
}

// TestNEONConversionsMatchTwins runs the fp16 and bfloat16 conversions on guarded rows
// of random bits (every kind of NaN included) against their twins: the
// outputs must be bit-identical.
func TestNEONConversionsMatchTwins(t *testing.T) {
	forEachNEONImpl(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(10, 11))
		for _, n := range neonFloatLengths {
			xb := make([]byte, 4*n)
			for i := range xb {
				xb[i] = byte(rng.Uint32())
			}
			x := f32View(guarded(t, xb))
			h, want := view[uint16](guardedBuf(t, 2*n)), make([]uint16, n)
			F32ToF16(h, x)
			f32ToF16Generic(want, x)
			for i := range want {
				if h[i] != want[i] {
					t.Errorf("%s: F32ToF16, n=%d: %#08x gives %#04x, want %#04x", Path(), n, math.Float32bits(x[i]), h[i], want[i])
				}
			}
			q, wantQ := guardedBuf(t, 2*n), make([]byte, 2*n)
			QuantizeF16(q, x)
			quantizeF16Generic(wantQ, x)
			if !bytes.Equal(q, wantQ) {
				t.Errorf("%s: QuantizeF16, n=%d: got\n% x\nwant\n% x", Path(), n, q, wantQ)
			}
			F32ToBF16(h, x)
			f32ToBF16Generic(want, x)
			for i := range want {
				if h[i] != want[i] {
					t.Errorf("%s: F32ToBF16, n=%d: %#08x gives %#04x, want %#04x", Path(), n, math.Float32bits(x[i]), h[i], want[i])
				}
			}
			QuantizeBF16(q, x)
			quantizeBF16Generic(wantQ, x)
			if !bytes.Equal(q, wantQ) {
				t.Errorf("%s: QuantizeBF16, n=%d: got\n% x\nwant\n% x", Path(), n, q, wantQ)
			}
			hx := view[uint16](guarded(t, xb[:2*n]))
			f, wantF := f32View(guardedBuf(t, 4*n)), make([]float32, n)
			F16ToF32(f, hx)
			f16ToF32Generic(wantF, hx)
			for i := range wantF {
				if math.Float32bits(f[i]) != math.Float32bits(wantF[i]) {
					t.Errorf("%s: F16ToF32, n=%d: %#04x gives %#08x, want %#08x", Path(), n, hx[i], math.Float32bits(f[i]), math.Float32bits(wantF[i]))
				}
			}
		}
	})
}

// TestNEONVecMatchTwins runs the float32 vector operations on guarded
// rows against their twins: Axpy, Scale and Max bit for bit (special
// values included), SumSquares within 1e-12 relative (float64 sums in
// another order).
func TestNEONVecMatchTwins(t *testing.T) {
	specials := []float32{0, float32(math.Copysign(0, -1)), float32(math.NaN()), float32(math.Inf(1)),
		float32(math.Inf(-1)), math.Float32frombits(1), math.MaxFloat32}
	row := func(rng *rand.Rand, n int, special bool) []float32 {
		x := make([]float32, n)
		for i := range x {
			x[i] = float32(rng.NormFloat64() * 10)
			if special && rng.IntN(8) == 0 {
				x[i] = specials[rng.IntN(len(specials))]
			}
		}
		return guardedF32(t, x)
	}
	same := func(a, b []float32) bool {
		for i := range a {
			if math.Float32bits(a[i]) != math.Float32bits(b[i]) {
				return false
			}
		}
		return true
	}
	forEachNEONImpl(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(12, 13))
		for _, n := range neonFloatLengths {
			for _, special := range []bool{false, true} {
				x, y := row(rng, n, special), row(rng, n, special)
				a := float32(rng.NormFloat64())
				want := append([]float32(nil), y...)
				axpyGeneric(want, x, a)
				Axpy(y, x, a)
				if !same(y, want) {
					t.Errorf("%s: Axpy, n=%d, specials %v: got %v, want %v", Path(), n, special, y, want)
				}
				scaleGeneric(want, a)
				Scale(y, a)
				if !same(y, want) {
					t.Errorf("%s: Scale, n=%d, specials %v: got %v, want %v", Path(), n, special, y, want)
				}
				if got, want := Max(x), maxGeneric(x); !sameFloat(got, want) || math.Signbit(float64(got)) != math.Signbit(float64(want)) {
					t.Errorf("%s: Max, n=%d, specials %v: got %g, want %g", Path(), n, special, got, want)
				}
				if special {
					continue
				}
				if got, want := SumSquares(x), sumSquaresGeneric(x); math.Abs(got-want) > 1e-12*want {
					t.Errorf("%s: SumSquares, n=%d: got %g, want %g", Path(), n, got, want)
				}
			}
		}
	})
}
