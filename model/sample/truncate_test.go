package sample

import (
	"slices"
	"testing"
)

// Expected values below are test-sampling.cpp's cases in llama.cpp.

func TestTopK(t *testing.T) {
	for _, tc := range []struct {
		k    int
		want map[int32]float32
	}{
		{1, map[int32]float32{3: 1}},
		{3, map[int32]float32{3: 0.44444, 2: 0.33333, 1: 0.22222}},
		{4, map[int32]float32{0: 0.1, 1: 0.2, 2: 0.3, 3: 0.4}},
		{0, map[int32]float32{0: 0.1, 1: 0.2, 2: 0.3, 3: 0.4}},
		{-5, map[int32]float32{0: 0.1, 1: 0.2, 2: 0.3, 3: 0.4}},
		{99, map[int32]float32{0: 0.1, 1: 0.2, 2: 0.3, 3: 0.4}},
	} {
		c := fromProbs(0.1, 0.2, 0.3, 0.4)
		topK(c, tc.k)
		wantProbs(t, c, tc.want)
	}
}

func TestTopP(t *testing.T) {
	for _, tc := range []struct {
		p    float32
		want map[int32]float32
	}{
		{0, map[int32]float32{3: 1}},
		{0.7, map[int32]float32{3: 0.571429, 2: 0.428571}},
		{0.8, map[int32]float32{3: 0.44444, 2: 0.33333, 1: 0.22222}},
		{1, map[int32]float32{0: 0.1, 1: 0.2, 2: 0.3, 3: 0.4}},
	} {
		c := fromProbs(0.1, 0.2, 0.3, 0.4)
		topP(c, tc.p, 0)
		wantProbs(t, c, tc.want)
	}
}

func TestTopPMinKeep(t *testing.T) {
	c := fromProbs(0.1, 0.2, 0.3, 0.4)
	topP(c, 0.1, 3)
	if got := ids(c); !slices.Equal(got, []int32{3, 2, 1}) {
		t.Fatalf("kept %v, want [3 2 1]", got)
	}
}

// TestTopPLargeUnsorted covers the partial ranking of long lists, both
// when the first guess suffices and when top-p must rank everything.
func TestTopPLargeUnsorted(t *testing.T) {
	rng := testRNG(2)
	for _, p := range []float32{0.05, 0.5, 0.999} {
		c := randomCandidates(rng, 4000)
		ref := &candidates{data: slices.Clone(c.data)}
		ref.sortTop(len(ref.data))
		topP(c, p, 0)
		topP(ref, p, 0)
		if !c.sorted || !slices.Equal(ids(c), ids(ref)) {
			t.Fatalf("p=%g: kept %d unsorted-path candidates, %d sorted-path", p, len(c.data), len(ref.data))
		}
	}
}

func TestMinP(t *testing.T) {
	all := map[int32]float32{0: 0.1, 1: 0.2, 2: 0.3, 3: 0.4}
	three := map[int32]float32{1: 0.2 / 0.9, 2: 0.3 / 0.9, 3: 0.4 / 0.9}
	two := map[int32]float32{2: 0.3 / 0.7, 3: 0.4 / 0.7}
	one := map[int32]float32{3: 1}
	for _, tc := range []struct {
		p    float32
		want map[int32]float32
	}{
		{0, all}, {0.24, all}, {0.26, three}, {0.49, three}, {0.51, two},
		{0.74, two}, {0.76, one}, {1, one}, {1.05, one},
	} {
		for _, sorted := range []bool{false, true} {
			c := fromProbs(0.1, 0.2, 0.3, 0.4)
			if sorted {
				c.sortTop(len(c.data))
			}
			minP(c, tc.p, 0)
			wantProbs(t, c, tc.want)
		}
	}
}

func TestMinPKeepsOrderAndMinKeep(t *testing.T) {
	c := fromProbs(0.3, 0.1, 0.4, 0.2)
	minP(c, 0.5, 0)
	if got := ids(c); !slices.Equal(got, []int32{0, 2, 3}) || c.sorted {
		t.Fatalf("unsorted min-p kept %v (sorted=%v), want [0 2 3] in input order", got, c.sorted)
	}
	c = fromProbs(0.3, 0.1, 0.4, 0.2)
	minP(c, 0.9, 3)
	if got := ids(c); !slices.Equal(got, []int32{2, 0, 3}) {
		t.Fatalf("min-p with min-keep 3 kept %v, want [2 0 3]", got)
	}
}
