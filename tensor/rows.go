package tensor

import (
	"errors"
	"sync"
)

// ForRows calls fn over [0, rows) split into one contiguous range per
// goroutine, on at most threads goroutines (at least one), and returns the
// errors they return, joined. worker (in [0, threads)) tells fn which
// per-worker state it may use. It serves whole-tensor work outside the
// forward pass (quantizing, merging, generating), where starting goroutines
// per tensor costs nothing next to the work.
func ForRows(rows, threads int, fn func(worker, lo, hi int) error) error {
	threads = max(1, min(threads, rows))
	chunk := (rows + threads - 1) / threads
	errs := make([]error, threads)
	var wg sync.WaitGroup
	for w := range threads {
		lo, hi := w*chunk, min(rows, (w+1)*chunk)
		if lo >= hi {
			break
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[w] = fn(w, lo, hi)
		}()
	}
	wg.Wait()
	return errors.Join(errs...)
}
