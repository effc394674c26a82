package model

import (
	"bytes"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/laminalabs/lamina/model/gguf"
	"github.com/laminalabs/lamina/quant"
)

func TestRouteTopK(t *testing.T) {
	for _, c := range []struct {
		logits []float32
		want   []int32
	}{
		{[]float32{0, 0, 0, 0}, []int32{0, 1}},                 // all tied: lowest indices
		{[]float32{1, 3, 3, 2}, []int32{1, 2}},                 // a tie at the top
		{[]float32{1, 3, 3, 2}, []int32{1, 2, 3}},              //
		{[]float32{2, 1, 2, 1}, []int32{0, 2, 1}},              // a tie at the cut
		{[]float32{-1, 5, 0, 7, 7, 0, 5}, []int32{3, 4, 1, 6}}, // pairs of ties
		{[]float32{4, 3, 2, 1}, []int32{0}},                    // k = 1
		{[]float32{1, 2, 3, 4}, []int32{3, 2, 1, 0}},           // k = n
	} {
		probs := slices.Clone(c.logits)
		sel := make([]int32, len(c.want))
		w := make([]float32, len(c.want))
		route(probs, sel, w)
		if !slices.Equal(sel, c.want) {
			t.Errorf("logits %v, k %d: experts %v, want %v", c.logits, len(c.want), sel, c.want)
		}
	}
}

// TestRouteWeights checks the renormalised weights against a plain
// reimplementation on random logits: softmax over all experts, a stable
// sort by probability, the k best divided by their float64 sum.
func TestRouteWeights(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for iter := range 200 {
		ne := 1 + r.IntN(64)
		k := 1 + r.IntN(ne)
		logits := make([]float32, ne)
		for i := range logits {
			logits[i] = float32(r.NormFloat64() * 3)
			if iter%4 == 0 {
				logits[i] = float32(r.IntN(4)) // many ties
			}
		}
		probs := slices.Clone(logits)
		sel, w := make([]int32, k), make([]float32, k)
		route(probs, sel, w)

		p := slices.Clone(logits)
		softmax(p)
		order := make([]int32, ne)
		for i := range order {
			order[i] = int32(i)
		}
		slices.SortStableFunc(order, func(a, b int32) int {
			switch {
			case p[a] > p[b]:
				return -1
			case p[a] < p[b]:
				return 1
			}
			return 0
		})
		if !slices.Equal(sel, order[:k]) {
			t.Fatalf("%d experts, k %d: chose %v, want %v (probs %v)", ne, k, sel, order[:k], p)
		}
		var sum float64
		for _, e := range sel {
			sum += float64(p[e])
		}
		var total float64
		for j, e := range sel {
			if want := p[e] / float32(sum); w[j] != want {
				t.Fatalf("%d experts, k %d: weight %d = %g, want %g", ne, k, j, w[j], want)
			}
			total += float64(w[j])
		}
		if math.Abs(total-1) > 1e-6 {
			t.Fatalf("%d experts, k %d: weights sum to %g", ne, k, total)
		}
	}
}

// expertFile writes a file holding one layer's expert tensors (random
// weights in the given types for gate, up and down) and binds it.
func testExperts(t *testing.T, types [3]quant.Type, E, ff, ne, k int, seed uint64) *experts {
	t.Helper()
	r := rand.New(rand.NewPCG(seed, 7))
	tensorOf := func(name string, typ quant.Type, std float64, shape ...int64) gguf.Tensor {
		n := int64(1)
		for _, d := range shape {
			n *= d
		}
		v := make([]float32, n)
		for i := range v {
			v[i] = float32(r.NormFloat64() * std)
		}
		size, err := typ.RowBytes(int(shape[0]))
		if err != nil {
			t.Fatal(err)
		}
		data := make([]byte, int64(size)*(n/shape[0]))
		if err := quant.Quantize(typ, data, v); err != nil {
			t.Fatal(err)
		}
		return gguf.Tensor{Name: name, Type: typ, Shape: shape, Data: data}
	}
	ts := []gguf.Tensor{
		tensorOf(layerName(0, nameFFNGateInp), quant.F32, 0.5, int64(E), int64(ne)),
		tensorOf(layerName(0, nameFFNGateExps), types[0], 0.1, int64(E), int64(ff), int64(ne)),
		tensorOf(layerName(0, nameFFNUpExps), types[1], 0.1, int64(E), int64(ff), int64(ne)),
		tensorOf(layerName(0, nameFFNDownExps), types[2], 0.1, int64(ff), int64(E), int64(ne)),
	}
	var buf bytes.Buffer
	if err := gguf.Write(&buf, nil, ts); err != nil {
		t.Fatal(err)
	}
	f, err := gguf.Parse("experts.gguf", buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	b := &binder{f: f}
	x := b.bindExperts(0, &Config{Embedding: E, Experts: ne, ExpertsUsed: k, ExpertFeedForward: ff})
	if b.err != nil {
		t.Fatal(b.err)
	}
	return x
}

// testMoEState builds the scratch of a one-layer model with block x.
func testMoEState(x *experts, batch int) *moeState {
	m := &Model{
		Config: Config{Embedding: x.router.in, Experts: len(x.gate), ExpertsUsed: x.used, ExpertFeedForward: x.ff},
		layers: []layer{{moe: x}},
	}
	return newMoEState(m, batch)
}

// moeReference computes the block for one token the plain way: route,
// then each chosen expert in slot order through its three matrices.
func moeReference(x *experts, xb []float32) []float32 {
	mul := func(l *linear, v []float32) []float32 {
		out := make([]float32, l.out)
		l.rowRange(out, l.quantizeActs(make([]byte, l.actRow), v, 1), 1, 0, l.out)
		return out
	}
	probs := mul(x.router, xb)
	sel, w := make([]int32, x.used), make([]float32, x.used)
	route(probs, sel, w)
	out := make([]float32, x.router.in)
	for j, e := range sel {
		g, u := mul(x.gate[e], xb), mul(x.up[e], xb)
		swiglu(g, u)
		y := mul(x.down[e], g)
		for i, v := range y {
			if j == 0 {
				out[i] = w[j] * v
			} else {
				out[i] += float32(w[j] * v)
			}
		}
	}
	return out
}

// TestExpertGrouping checks that a batch grouped by expert gives exactly
// (bit for bit) what the tokens give one at a time and what the plain
// reference gives, for several weight types (gate and up of different
// activation types included), expert counts and thread counts.
func TestExpertGrouping(t *testing.T) {
	const E = 256
	for _, c := range []struct {
		types     [3]quant.Type
		ff, ne, k int
	}{
		{[3]quant.Type{quant.F32, quant.F32, quant.F32}, 32, 4, 2},
		{[3]quant.Type{quant.Q8_0, quant.Q8_0, quant.Q8_0}, 64, 8, 2},
		{[3]quant.Type{quant.Q4_K, quant.Q4_K, quant.Q5_0}, 64, 8, 3},
		{[3]quant.Type{quant.Q4_K, quant.Q8_0, quant.Q6_K}, 256, 6, 4}, // gate and up read different activations
		{[3]quant.Type{quant.F16, quant.F16, quant.Q8_0}, 32, 5, 1},
	} {
		x := testExperts(t, c.types, E, c.ff, c.ne, c.k, uint64(c.ne*c.k))
		for _, threads := range []int{1, 3} {
			for _, n := range []int{1, 2, 7, 33} {
				name := fmt.Sprintf("%v-%v-%v/ff=%d/experts=%d/used=%d/threads=%d/n=%d", c.types[0], c.types[1], c.types[2], c.ff, c.ne, c.k, threads, n)
				t.Run(name, func(t *testing.T) {
					p := newPool(threads)
					defer p.close()
					mm := newMatmul(p, make([]byte, n*x.router.actRow))
					ms := testMoEState(x, n)
					r := rand.New(rand.NewPCG(uint64(n), 3))
					xb := make([]float32, n*E)
					for i := range xb {
						xb[i] = float32(r.NormFloat64())
					}
					got := make([]float32, n*E)
					ms.run(p, mm, x, xb, got, n)
					one := make([]float32, E)
					for tok := range n {
						row := xb[tok*E : (tok+1)*E]
						ms.run(p, mm, x, row, one, 1)
						ref := moeReference(x, row)
						for i := range E {
							g := got[tok*E+i]
							if math.Float32bits(g) != math.Float32bits(one[i]) || math.Float32bits(g) != math.Float32bits(ref[i]) {
								t.Fatalf("token %d, value %d: batch %g, one token %g, reference %g", tok, i, g, one[i], ref[i])
							}
						}
					}
				})
			}
		}
	}
}

// TestExpertsReadOnlyChosen checks that a token's computation touches
// only its experts: with every other expert's weights poisoned (NaN), the
// result is unchanged.
func TestExpertsReadOnlyChosen(t *testing.T) {
	const E, n = 256, 3
	x := testExperts(t, [3]quant.Type{quant.F32, quant.F32, quant.F32}, E, 32, 8, 2, 11)
	p := newPool(2)
	defer p.close()
	mm := newMatmul(p, make([]byte, n*x.router.actRow))
	ms := testMoEState(x, n)
	xb := make([]float32, n*E)
	for i := range xb {
		xb[i] = float32(math.Sin(float64(i)))
	}
	want := make([]float32, n*E)
	ms.run(p, mm, x, xb, want, n)
	chosen := map[int32]bool{}
	for _, e := range ms.sel[:n*x.used] {
		chosen[e] = true
	}
	if len(chosen) == len(x.gate) {
		t.Skip("every expert chosen")
	}
	for e := range x.gate {
		if chosen[int32(e)] {
			continue
		}
		for _, l := range []*linear{x.gate[e], x.up[e], x.down[e]} {
			w := l.w.Data
			l.w.Data = bytes.Repeat([]byte{0, 0, 0xc0, 0x7f}, len(w)/4) // float32 NaN, a copy: the file stays intact
		}
	}
	got := make([]float32, n*E)
	ms.run(p, mm, x, xb, got, n)
	if !slices.Equal(got, want) {
		t.Fatal("unchosen experts changed the result")
	}
}
