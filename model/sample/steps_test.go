package sample

import (
	"math"
	"slices"
	"testing"
)

func TestTypical(t *testing.T) {
	for _, tc := range []struct {
		probs []float32
		p     float32
		want  []int32
	}{
		{[]float32{0.97, 0.01, 0.01, 0.01}, 0.5, []int32{0}},
		{[]float32{0.4, 0.2, 0.2, 0.2}, 0.5, []int32{1, 2, 3}},
		{[]float32{0.4, 0.2, 0.2, 0.2}, 1, []int32{0, 1, 2, 3}},
	} {
		c := fromProbs(tc.probs...)
		typical(c, tc.p, 0, make([]scored, len(c.data)))
		if got := ids(c); !slices.Equal(got, tc.want) {
			t.Fatalf("typical(%v, %g) kept %v, want %v", tc.probs, tc.p, got, tc.want)
		}
	}
}

func TestTypicalMinKeepAndZeroProbability(t *testing.T) {
	c := fromProbs(0.97, 0.01, 0.01, 0.01)
	typical(c, 0.5, 2, make([]scored, 4))
	if got := ids(c); !slices.Equal(got, []int32{0, 1}) {
		t.Fatalf("min-keep 2 kept %v, want [0 1]", got)
	}
	c = fromProbs(0.4, 0.2, 0.2, 0.2, 0)
	typical(c, 0.5, 0, make([]scored, 5))
	if got := ids(c); !slices.Equal(got, []int32{1, 2, 3}) {
		t.Fatalf("with a zero-probability token kept %v, want [1 2 3]", got)
	}
}

func TestTopNSigma(t *testing.T) {
	all := map[int32]float32{0: 0.1, 1: 0.2, 2: 0.3, 3: 0.4}
	for _, tc := range []struct {
		n    float32
		want map[int32]float32
	}{
		{1, map[int32]float32{0: 0, 1: 0, 2: 0.428571, 3: 0.571429}},
		{0, all},
		{-1, all},
		{3, all},
	} {
		c := fromProbs(0.1, 0.2, 0.3, 0.4)
		topNSigma(c, tc.n)
		wantProbs(t, c, tc.want)
	}
}

func TestTopNSigmaSkipsMasked(t *testing.T) {
	c := fromProbs(0.1, 0.2, 0.3, 0.4, 0)
	topNSigma(c, 1)
	wantProbs(t, c, map[int32]float32{0: 0, 1: 0, 2: 0.428571, 3: 0.571429, 4: 0})
}

func TestXTC(t *testing.T) {
	for _, tc := range []struct {
		threshold float32
		want      []int32
	}{
		{0.09, []int32{3}},
		{0.19, []int32{2, 3}},
		{0.29, []int32{1, 2, 3}},
		{0.39, []int32{0, 1, 2, 3}},
		{0.6, []int32{0, 1, 2, 3}},
	} {
		c := fromProbs(0.4, 0.3, 0.2, 0.1)
		xtc(c, 1, tc.threshold, 0, testRNG(3))
		if got := ids(c); !slices.Equal(got, tc.want) {
			t.Fatalf("threshold %g kept %v, want %v", tc.threshold, got, tc.want)
		}
	}
}

func TestXTCChanceAndMinKeep(t *testing.T) {
	c := fromProbs(0.4, 0.3, 0.2, 0.1)
	xtc(c, 0, 0.09, 0, testRNG(3))
	if len(c.data) != 4 {
		t.Fatalf("probability 0 removed tokens: %v", ids(c))
	}
	c = fromProbs(0.4, 0.3, 0.2, 0.1)
	xtc(c, 1, 0.09, 2, testRNG(3))
	if len(c.data) != 4 {
		t.Fatalf("min-keep 2 should have stopped XTC, kept %v", ids(c))
	}
	removed := 0
	rng := testRNG(4)
	for range 2000 {
		c = fromProbs(0.4, 0.3, 0.2, 0.1)
		xtc(c, 0.25, 0.09, 0, rng)
		if len(c.data) == 1 {
			removed++
		}
	}
	if removed < 400 || removed > 600 {
		t.Fatalf("probability 0.25 removed tokens %d times in 2000", removed)
	}
}

func TestTemperature(t *testing.T) {
	c := fromProbs(0.1, 0.2, 0.3, 0.4)
	temperature(c, 1)
	wantProbs(t, c, map[int32]float32{0: 0.1, 1: 0.2, 2: 0.3, 3: 0.4})
	for _, temp := range []float32{0, -1} {
		c = fromProbs(0.1, 0.2, 0.3, 0.4)
		temperature(c, temp)
		wantProbs(t, c, map[int32]float32{0: 0, 1: 0, 2: 0, 3: 1})
	}
	c = fromProbs(0.1, 0.2, 0.3, 0.4)
	temperature(c, 0.5) // p ∝ p²: 1, 4, 9, 16 over 30
	wantProbs(t, c, map[int32]float32{0: 1.0 / 30, 1: 4.0 / 30, 2: 9.0 / 30, 3: 16.0 / 30})
}

func TestDynamicTemperature(t *testing.T) {
	c := fromProbs(0.1, 0.2, 0.3, 0.4)
	dynamicTemperature(c, 1, 0, 1)
	wantProbs(t, c, map[int32]float32{0: 0.1, 1: 0.2, 2: 0.3, 3: 0.4})
	c = fromProbs(0.1, 0.2, 0.3, 0.4)
	dynamicTemperature(c, 0, 0, 1)
	wantProbs(t, c, map[int32]float32{3: 1, 0: 0, 1: 0, 2: 0})

	// Temperature 1 ± 0.5 at normalized entropy H/ln 4 ≈ 0.923214, so the
	// logits are divided by 0.5 + 0.923214.
	probs := []float64{0.1, 0.2, 0.3, 0.4}
	h := 0.0
	for _, p := range probs {
		h -= p * math.Log(p)
	}
	temp := 0.5 + h/math.Log(4)
	want := map[int32]float32{}
	sum := 0.0
	for _, p := range probs {
		sum += math.Pow(p, 1/temp)
	}
	for i, p := range probs {
		want[int32(i)] = float32(math.Pow(p, 1/temp) / sum)
	}
	c = fromProbs(0.1, 0.2, 0.3, 0.4)
	dynamicTemperature(c, 1, 0.5, 1)
	wantProbs(t, c, want)
}

func TestPenalties(t *testing.T) {
	five := []float32{0.2, 0.2, 0.2, 0.2, 0.2}
	for _, tc := range []struct {
		last                   []int32
		repeat, freq, presence float32
		want                   []float32
	}{
		{[]int32{0}, 50, 0, 0, []float32{0, 0.25, 0.25, 0.25, 0.25}},
		{[]int32{0, 1, 2}, 50, 0, 0, []float32{0, 0, 0, 0.5, 0.5}},
		{[]int32{0, 1, 2, 0, 0}, 50, 0, 0, []float32{0, 0, 0, 0.5, 0.5}},
		{[]int32{0}, 1, 5, 5, []float32{0.000011, 0.249997, 0.249997, 0.249997, 0.249997}},
		{[]int32{0, 1, 2}, 1, 5, 5, []float32{0.000023, 0.000023, 0.000023, 0.499966, 0.499966}},
		{[]int32{0, 1, 2, 0, 0}, 1, 5, 5, []float32{0, 0.000023, 0.000023, 0.499977, 0.499977}},
	} {
		h := newHistory(len(tc.last), len(five))
		for _, id := range tc.last {
			h.add(id)
		}
		c := fromProbs(five...)
		penalties(c, &h, tc.repeat, tc.freq, tc.presence)
		want := map[int32]float32{}
		for i, p := range tc.want {
			want[int32(i)] = p
		}
		wantProbs(t, c, want)
	}
}

func TestRepeatPenaltySign(t *testing.T) {
	h := newHistory(4, 3)
	h.add(0)
	h.add(1)
	c := &candidates{data: []candidate{{id: 0, logit: 2}, {id: 1, logit: -2}, {id: 2, logit: 2}}}
	penalties(c, &h, 2, 0.5, 0.25)
	want := []float32{2.0/2 - 0.5 - 0.25, -2*2 - 0.5 - 0.25, 2}
	for i, d := range c.data {
		if d.logit != want[i] {
			t.Fatalf("logit %d = %g, want %g", d.id, d.logit, want[i])
		}
	}
}

func TestHistoryWindow(t *testing.T) {
	h := newHistory(3, 4)
	for _, id := range []int32{1, 1, 2, 3, -1, 99} {
		h.add(id) // window ends as [3 -1 99]
	}
	for id, want := range []int32{0, 0, 0, 1} {
		if got := h.count(int32(id)); got != want {
			t.Fatalf("count(%d) = %d, want %d", id, got, want)
		}
	}
	h.clear()
	h.add(2)
	for id, want := range []int32{0, 0, 1, 0} {
		if got := h.count(int32(id)); got != want {
			t.Fatalf("after clear count(%d) = %d, want %d", id, got, want)
		}
	}
}

func TestDist(t *testing.T) {
	rng := testRNG(5)
	for range 100 {
		c := &candidates{data: []candidate{{id: 0, logit: float32(math.Inf(-1))}, {id: 1, logit: 0}, {id: 2, logit: float32(math.Inf(-1))}}}
		if i, err := dist(c, rng); err != nil || c.data[i].id != 1 {
			t.Fatalf("dist picked %d (%v), want the only finite candidate", i, err)
		}
	}
	c := &candidates{data: []candidate{{id: 0, logit: float32(math.Inf(1))}, {id: 1, logit: 0}}}
	if _, err := dist(c, rng); err == nil {
		t.Fatal("dist accepted a +Inf logit")
	}
}
