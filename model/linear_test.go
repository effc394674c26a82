package model

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/laminalabs/lamina/quant"
	"github.com/laminalabs/lamina/tensor"
)

// randomLinear returns an (in → out) matrix of type typ with N(0, 0.02)
// weights, and a bias when withBias is set.
func randomLinear(tb testing.TB, typ quant.Type, in, out int, withBias bool) *linear {
	tb.Helper()
	rng := rand.New(rand.NewPCG(uint64(in), uint64(out)))
	rowBytes, err := typ.RowBytes(in)
	if err != nil {
		tb.Fatal(err)
	}
	data := make([]byte, out*rowBytes)
	row := make([]float32, in)
	for r := range out {
		for i := range row {
			row[i] = float32(rng.NormFloat64() * 0.02)
		}
		if err := quant.Quantize(typ, data[r*rowBytes:(r+1)*rowBytes], row); err != nil {
			tb.Fatal(err)
		}
	}
	l, err := newLinear(tensor.Tensor{Name: "w", Type: typ, Shape: []int64{int64(in), int64(out)}, Data: data}, in, out)
	if err != nil {
		tb.Fatal(err)
	}
	if withBias {
		l.bias = make([]float32, out)
		for i := range l.bias {
			l.bias[i] = float32(rng.NormFloat64())
		}
	}
	return l
}

func randomActs(n, in int) []float32 {
	rng := rand.New(rand.NewPCG(uint64(n), 7))
	x := make([]float32, n*in)
	for i := range x {
		x[i] = float32(rng.NormFloat64())
	}
	return x
}

// The tiled batch product gives bit-identical results to the row loop,
// for any tile size, thread count and batch.
func TestLinearTiled(t *testing.T) {
	defer func(b int) { tileBytes = b }(tileBytes)
	for _, typ := range []quant.Type{quant.F32, quant.F16, quant.Q8_0, quant.Q4_0, quant.Q4_K} {
		l := randomLinear(t, typ, 256, 77, typ == quant.Q8_0)
		for _, n := range []int{1, 2, 5, 33} {
			x := randomActs(n, l.in)
			buf := make([]byte, n*l.actRow)
			want := make([]float32, n*l.out)
			tileBytes = 0
			newMatmul(newPool(1), buf).mul(l, want, x, n)
			for _, tb := range []int{1, l.wRow, 3 * l.wRow, 10 * l.wRow, 1 << 20} {
				for _, threads := range []int{1, 3} {
					tileBytes = tb
					p := newPool(threads)
					got := make([]float32, n*l.out)
					newMatmul(p, buf).mul(l, got, x, n)
					p.close()
					for i := range want {
						if math.Float32bits(got[i]) != math.Float32bits(want[i]) {
							t.Fatalf("%s n=%d tile=%dB threads=%d: dst[%d] = %v, row loop %v", typ, n, tb, threads, i, got[i], want[i])
						}
					}
				}
			}
		}
	}
}

// BenchmarkLinear multiplies a matrix of a 1B model (attn_q, 2048→2048;
// ffn_down, 8192→2048) with n tokens: n=1 is decode's row loop, n=64 and
// n=512 prefill's tiled product ("rows": the same without tiling, for
// comparison). SetBytes is the weight bytes the kernels read per op (the
// matrix once per token, n times its size), so MB/s compares kernel
// throughput across batch sizes; tok/s is tokens per second.
func BenchmarkLinear(b *testing.B) {
	shapes := []struct {
		name    string
		in, out int
	}{{"attn_q", 2048, 2048}, {"ffn_down", 8192, 2048}}
	for _, typ := range []quant.Type{quant.Q4_0, quant.Q8_0, quant.Q4_K, quant.F16} {
		for _, sh := range shapes {
			l := randomLinear(b, typ, sh.in, sh.out, false)
			for _, n := range []int{1, 64, 512} {
				x := randomActs(n, sh.in)
				for _, tiled := range []bool{true, false} {
					name := fmt.Sprintf("%s/%s/n=%d", typ, sh.name, n)
					switch {
					case n == 1 && !tiled:
						continue // decode never tiles
					case n > 1 && !tiled:
						name += "/rows"
					}
					b.Run(name, func(b *testing.B) {
						if !tiled {
							defer func(v int) { tileBytes = v }(tileBytes)
							tileBytes = 0
						}
						benchLinear(b, l, x, n)
					})
				}
			}
		}
	}
}

func benchLinear(b *testing.B, l *linear, x []float32, n int) {
	p := newPool(DefaultThreads())
	defer p.close()
	dst := make([]float32, n*l.out)
	buf := make([]byte, n*l.actRow)
	mm := newMatmul(p, buf)
	act := l.quantizeActs(buf, x, n)
	panels := mm.pack([]*linear{l}, act, n)
	b.SetBytes(int64(n * l.out * l.wRow))
	b.ReportAllocs()
	for b.Loop() {
		mm.mulActs(l, dst, act, panels, n)
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "tok/s")
}
