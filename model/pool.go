package model

import (
	"runtime"
	"sync"
)

// pool runs loops over row ranges on a fixed set of worker goroutines.
type pool struct {
	n    int
	jobs chan job
}

type job struct {
	fn             func(worker, lo, hi int)
	worker, lo, hi int
	wg             *sync.WaitGroup
}

// newPool starts n workers (n < 1 means one per CPU).
func newPool(n int) *pool {
	if n < 1 {
		n = runtime.NumCPU()
	}
	p := &pool{n: n, jobs: make(chan job, n)}
	for range n - 1 {
		go p.work()
	}
	return p
}

func (p *pool) work() {
	for j := range p.jobs {
		j.fn(j.worker, j.lo, j.hi)
		j.wg.Done()
	}
}

// run calls fn over [0, n) split into one contiguous range per worker;
// worker (in [0, p.n)) tells the call which per-worker scratch it may use.
// The caller's goroutine takes the first range.
func (p *pool) run(n int, fn func(worker, lo, hi int)) {
	if p.n == 1 || n < 2 {
		fn(0, 0, n)
		return
	}
	chunk := (n + p.n - 1) / p.n
	var wg sync.WaitGroup
	for w, lo := 1, chunk; lo < n; w, lo = w+1, lo+chunk {
		wg.Add(1)
		p.jobs <- job{fn, w, lo, min(n, lo+chunk), &wg}
	}
	fn(0, 0, min(n, chunk))
	wg.Wait()
}

// close stops the workers.
func (p *pool) close() { close(p.jobs) }
