package sample

import (
	"slices"
	"testing"
)

func TestSortTopMatchesFullSort(t *testing.T) {
	rng := testRNG(1)
	for _, n := range []int{1, 7, 100, 5000} {
		for _, k := range []int{1, 3, 40, 256, n} {
			if k > n {
				continue
			}
			c := randomCandidates(rng, n)
			want := slices.Clone(c.data)
			slices.SortFunc(want, compareCandidates)
			c.sortTop(k)
			if !slices.Equal(c.data[:k], want[:k]) {
				t.Fatalf("n=%d k=%d: top differs", n, k)
			}
			if c.sorted != (k*4 >= n) {
				t.Fatalf("n=%d k=%d: sorted=%v", n, k, c.sorted)
			}
			slices.SortFunc(c.data, compareCandidates)
			if !slices.Equal(c.data, want) {
				t.Fatalf("n=%d k=%d: candidates lost or duplicated", n, k)
			}
		}
	}
}

func TestRankTiesGoToLowerID(t *testing.T) {
	c := &candidates{data: []candidate{{id: 4, logit: 1}, {id: 2, logit: 1}, {id: 3, logit: 2}, {id: 0, logit: 1}}}
	if got := c.data[c.argmax()].id; got != 3 {
		t.Fatalf("argmax id = %d, want 3", got)
	}
	c.sortTop(len(c.data))
	if got := ids(c); !slices.Equal(got, []int32{3, 0, 2, 4}) {
		t.Fatalf("rank order %v, want [3 0 2 4]", got)
	}
	c.data[0].logit = 1
	if got := c.data[c.argmax()].id; got != 0 {
		t.Fatalf("argmax id on a tie = %d, want 0", got)
	}
}

func TestSoftmax(t *testing.T) {
	c := fromProbs(0.1, 0.2, 0.3, 0.4)
	wantProbs(t, c, map[int32]float32{0: 0.1, 1: 0.2, 2: 0.3, 3: 0.4})
	c.softmax(true)
	if got := ids(c); !slices.Equal(got, []int32{3, 2, 1, 0}) || !c.sorted {
		t.Fatalf("sorted softmax order %v (sorted=%v)", got, c.sorted)
	}
}
