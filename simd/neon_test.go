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
		var sites []string // "file:line: want"
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
			sites = append(sites, fmt.Sprintf("%s:%d: %s", file, i+1, m[3]))
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
		for i, site := range sites {
			want := site[strings.Index(site, ": ")+2:]
			if got[i] != want && !strings.HasPrefix(want, got[i]+" ") {
				t.Errorf("%s: assembles to %q", site, got[i])
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
// (guardedBuf's ends are). It is the one use of unsafe here: the float
// kernels take []float32, and only mmapped memory can end at a guard page.
func f32View(b []byte) []float32 {
	return unsafe.Slice((*float32)(unsafe.Pointer(unsafe.SliceData(b))), len(b)/4)
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
	name           string
	dot, twin      func(w, a []byte, n int) float32
	values         int   // values per block
	wSize, aSize   int   // bytes per weight and activation block
	wF16s, aF16s   []int // offsets of the fp16 values in the blocks
	aF32s          []int // offsets of float32 values in the activation blocks
	tolerance      float64
	wFloat, aFloat bool // rows of random floats (F32 or F16 values)
}

// neonDots are the dot kernels with arm64 assembly. Those with tolerance 0
// must match their twins bit for bit.
var neonDots = []neonDot{
	{name: "Q4_0", dot: DotQ4_0Q8_0, twin: dotQ4_0Q8_0Generic, values: 32, wSize: 18, aSize: 34, wF16s: []int{0}, aF16s: []int{0}},
	{name: "Q8_0", dot: DotQ8_0Q8_0, twin: dotQ8_0Q8_0Generic, values: 32, wSize: 34, aSize: 34, wF16s: []int{0}, aF16s: []int{0}},
	{name: "Q4_K", dot: DotQ4_KQ8_K, twin: dotQ4_KQ8_KGeneric, values: 256, wSize: 144, aSize: 292, wF16s: []int{0, 2}, aF32s: []int{0}},
	{name: "Q6_K", dot: DotQ6_KQ8_K, twin: dotQ6_KQ8_KGeneric, values: 256, wSize: 210, aSize: 292, wF16s: []int{208}, aF32s: []int{0}},
}

// TestNEONDotsMatchTwins runs the dot kernels on guarded rows of many
// lengths against their twins.
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
					if k.tolerance == 0 {
						if !sameFloat(got, want) {
							t.Errorf("%s: %s, n=%d, rep %d: got %g (%#08x), want %g (%#08x)",
								Path(), k.name, n, rep, got, math.Float32bits(got), want, math.Float32bits(want))
						}
						continue
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
