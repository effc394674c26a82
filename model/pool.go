package model

import (
	"runtime"
	"sync"
	"sync/atomic"
)

// spinRounds is how many times a waiting worker (or a caller waiting for
// its workers) yields with runtime.Gosched before it parks: enough to
// bridge the short gaps between the parallel regions of one forward pass,
// few enough that idle workers sleep between tokens instead of burning CPU.
const spinRounds = 256

// pool runs parallel loops on n-1 long-lived worker goroutines plus the
// caller's goroutine (llama.cpp's threadpool). A parallel region publishes
// its function and item count once, bumps a generation counter, and the
// participants take contiguous ranges of items from an atomic counter,
// chunksPer ranges per participant, until none are left (as llama.cpp
// hands out chunks), so that a participant slowed by another process on
// its core does less of the work; the region ends on an atomic countdown. Nothing is allocated or sent per region. Waiting
// goroutines spin briefly with runtime.Gosched, then park on a condition
// variable.
//
// One region runs at a time: sessions sharing a model take turns, each
// region using every worker. fn must not call run itself.
type pool struct {
	n  int
	mu sync.Mutex // held by run for its whole region, and by close

	// The published region: written by run under mu before gen is bumped
	// and read by the workers once they see the new gen.
	fn     func(worker, lo, hi int)
	items  int
	chunk  int // items per range handed out
	closed bool

	next atomic.Int64 // the next range to hand out

	gen     atomic.Uint64 // regions published; workers wait for it to change
	pending atomic.Int32  // workers not yet done with the current region

	park     sync.Mutex
	wake     sync.Cond    // workers park here waiting for a new gen
	done     sync.Cond    // run parks here waiting for pending == 0
	sleepers atomic.Int32 // workers parked (or about to park) on wake
	waiting  atomic.Bool  // run parked (or about to park) on done
}

// newPool starts n-1 workers (n < 1 means one per CPU); the caller of run
// is the n-th.
func newPool(n int) *pool {
	if n < 1 {
		n = runtime.NumCPU()
	}
	p := &pool{n: n}
	p.wake.L = &p.park
	p.done.L = &p.park
	for w := 1; w < n; w++ {
		go p.work(w)
	}
	return p
}

// work is worker w's loop: wait for a region, do ranges of it, count down.
func (p *pool) work(w int) {
	var seen uint64
	for {
		seen = p.awaitRegion(seen)
		if p.closed {
			return
		}
		p.share(w)
		if p.pending.Add(-1) == 0 && p.waiting.Load() {
			p.park.Lock()
			p.done.Signal()
			p.park.Unlock()
		}
	}
}

// chunksPer is how many ranges a region hands out per participant. On a
// shared 2-core machine four rather than one made decode 3-10% faster and
// prompts 1-7%.
const chunksPer = 4

// share runs ranges of the current region on participant w, taking the
// next one until none are left.
func (p *pool) share(w int) {
	for {
		lo := int(p.next.Add(1)-1) * p.chunk
		if lo >= p.items {
			return
		}
		p.fn(w, lo, min(lo+p.chunk, p.items))
	}
}

// awaitRegion waits until gen differs from seen and returns it.
func (p *pool) awaitRegion(seen uint64) uint64 {
	for range spinRounds {
		if g := p.gen.Load(); g != seen {
			return g
		}
		runtime.Gosched()
	}
	p.park.Lock()
	p.sleepers.Add(1) // before the check below: run reads it after bumping gen
	for p.gen.Load() == seen {
		p.wake.Wait()
	}
	p.sleepers.Add(-1)
	p.park.Unlock()
	return p.gen.Load() // run cannot publish again before this worker counts down
}

// awaitWorkers waits until every worker is done with the current region.
func (p *pool) awaitWorkers() {
	for range spinRounds {
		if p.pending.Load() == 0 {
			return
		}
		runtime.Gosched()
	}
	p.park.Lock()
	p.waiting.Store(true) // before the check below: workers read it after counting down
	for p.pending.Load() != 0 {
		p.done.Wait()
	}
	p.waiting.Store(false)
	p.park.Unlock()
}

// run calls fn over [0, n) split into contiguous ranges of at most
// ceil(n/(chunksPer*p.n)) items, each range once, on whichever
// participant takes it; worker (in [0, p.n)) tells the call which
// per-worker scratch it may use. The caller's goroutine is worker 0. Which
// worker runs an item must not change its result. run allocates nothing:
// pass a func value made once (a method value kept in a struct), not a
// fresh closure.
func (p *pool) run(n int, fn func(worker, lo, hi int)) { p.runChunks(n, chunksPer, 1, fn) }

// streamChunksPer is the chunksPer of the regions that stream weights
// from memory (a decode step's products): the smaller ranges keep both
// cores reading until the end of each matrix. Their lengths are rounded
// up to whole runs of the groups the grouped Gemv streams at once
// (simd.GemvStreams). On a shared 2-core machine it made 2-thread decode
// 5-10% faster than chunksPer; prompts, which reuse each range's packed
// activations, run better on fewer ranges.
const streamChunksPer = 8

// runChunks is run with per ranges per participant, each range's length
// rounded up to a multiple of align.
func (p *pool) runChunks(n, per, align int, fn func(worker, lo, hi int)) {
	switch {
	case n < 1:
		return
	case p.n == 1 || n == 1:
		fn(0, 0, n)
		return
	}
	p.mu.Lock()
	if p.closed {
		p.mu.Unlock()
		fn(0, 0, n)
		return
	}
	p.fn, p.items = fn, n
	p.chunk = (max(1, (n+per*p.n-1)/(per*p.n)) + align - 1) / align * align
	p.next.Store(0)
	p.pending.Store(int32(p.n - 1))
	p.gen.Add(1)
	if p.sleepers.Load() > 0 {
		p.park.Lock()
		p.wake.Broadcast()
		p.park.Unlock()
	}
	p.share(0)
	p.awaitWorkers()
	p.fn = nil // keep no reference to the caller's data between regions
	p.mu.Unlock()
}

// close stops the workers; later regions run on the caller alone.
func (p *pool) close() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		return
	}
	p.closed = true
	p.gen.Add(1)
	p.park.Lock()
	p.wake.Broadcast()
	p.park.Unlock()
}
