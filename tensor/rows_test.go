package tensor_test

import (
	"errors"
	"sync/atomic"
	"testing"

	"github.com/laminalabs/lamina/tensor"
)

func TestForRows(t *testing.T) {
	for _, c := range []struct{ rows, threads int }{{0, 4}, {1, 4}, {7, 3}, {8, 2}, {100, 1}, {5, 0}} {
		seen := make([]int32, c.rows)
		err := tensor.ForRows(c.rows, c.threads, func(w, lo, hi int) error {
			if w < 0 || w >= max(1, c.threads) {
				t.Errorf("%+v: worker %d", c, w)
			}
			for r := lo; r < hi; r++ {
				atomic.AddInt32(&seen[r], 1)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		for r, n := range seen {
			if n != 1 {
				t.Errorf("%+v: row %d visited %d times", c, r, n)
			}
		}
	}
	bad := errors.New("bad row")
	if err := tensor.ForRows(10, 3, func(w, lo, hi int) error {
		if lo <= 5 && 5 < hi {
			return bad
		}
		return nil
	}); !errors.Is(err, bad) {
		t.Errorf("error %v, want %v", err, bad)
	}
}
