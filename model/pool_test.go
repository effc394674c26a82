package model

import (
	"fmt"
	"sync"
	"testing"
	"time"
)

// coverage records which participant ran each item of a region.
type coverage struct {
	mu      sync.Mutex
	owner   []int
	calls   int
	workers int
	bad     string
}

func (c *coverage) reset(n, workers int) {
	c.owner = make([]int, n)
	for i := range c.owner {
		c.owner[i] = -1
	}
	c.calls, c.workers, c.bad = 0, workers, ""
}

func (c *coverage) do(w, lo, hi int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.calls++
	if w < 0 || w >= c.workers || lo >= hi {
		c.bad = "bad call"
	}
	for i := lo; i < hi; i++ {
		if c.owner[i] != -1 {
			c.bad = "item run twice"
		}
		c.owner[i] = w
	}
}

// Every item runs exactly once, in contiguous ranges of at most the chunk
// size, n/(chunksPer*threads) rounded up, on valid workers.
func TestPoolCoverage(t *testing.T) {
	for _, threads := range []int{1, 2, 3, 4, 7} {
		p := newPool(threads)
		var c coverage
		fn := c.do
		for _, n := range []int{0, 1, 2, 3, 5, 7, 8, 63, 64, 1000} {
			c.reset(n, threads)
			p.run(n, fn)
			if c.bad != "" {
				t.Fatalf("%d threads, %d items: %s", threads, n, c.bad)
			}
			if want := wantCalls(n, threads); c.calls != want {
				t.Errorf("%d threads, %d items: %d calls, want %d", threads, n, c.calls, want)
			}
			for i, w := range c.owner {
				if w == -1 {
					t.Fatalf("%d threads, %d items: item %d never ran", threads, n, i)
				}
			}
		}
		p.close()
		c.reset(10, threads)
		p.run(10, fn) // after close: the caller alone
		if c.bad != "" || c.calls != 1 {
			t.Errorf("%d threads after close: %d calls, %s", threads, c.calls, c.bad)
		}
	}
}

// With an alignment, every range but the last starts and ends on a
// multiple of it, and every item still runs once.
func TestPoolAlignedChunks(t *testing.T) {
	p := newPool(2)
	defer p.close()
	var c coverage
	for _, n := range []int{1, 7, 8, 9, 32, 100, 352, 2000} {
		c.reset(n, 2)
		var mu sync.Mutex
		var misaligned []string
		p.runChunks(n, streamChunksPer, 8, func(w, lo, hi int) {
			c.do(w, lo, hi)
			if lo%8 != 0 || (hi%8 != 0 && hi != n) {
				mu.Lock()
				misaligned = append(misaligned, fmt.Sprintf("[%d, %d)", lo, hi))
				mu.Unlock()
			}
		})
		if c.bad != "" || len(misaligned) > 0 {
			t.Errorf("%d items: %s, misaligned ranges %v", n, c.bad, misaligned)
		}
		for i, w := range c.owner {
			if w == -1 {
				t.Fatalf("%d items: item %d never ran", n, i)
			}
		}
	}
}

// Regions from several goroutines take turns; each sees its own items.
func TestPoolConcurrentCallers(t *testing.T) {
	p := newPool(3)
	defer p.close()
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sums := make([]int, 3)
			fn := func(w, lo, hi int) {
				for i := lo; i < hi; i++ {
					sums[w] += i + g
				}
			}
			for n := range 200 {
				clear(sums)
				p.run(n, fn)
				if got, want := sums[0]+sums[1]+sums[2], n*(n-1)/2+n*g; got != want {
					t.Errorf("goroutine %d, %d items: sum %d, want %d", g, n, got, want)
					return
				}
			}
		}()
	}
	wg.Wait()
}

// wantCalls returns how many ranges a region of n items runs in on a pool
// of threads participants.
func wantCalls(n, threads int) int {
	switch {
	case n == 0:
		return 0
	case threads == 1 || n == 1:
		return 1
	}
	chunk := (n + chunksPer*threads - 1) / (chunksPer * threads)
	return (n + chunk - 1) / chunk
}

// Idle workers park instead of spinning, and wake for the next region:
// run returns only once every worker has counted down.
func TestPoolParks(t *testing.T) {
	p := newPool(4)
	defer p.close()
	var c coverage
	c.reset(100, 4)
	p.run(100, c.do)
	deadline := time.Now().Add(5 * time.Second)
	for p.sleepers.Load() != 3 {
		if time.Now().After(deadline) {
			t.Fatalf("%d of 3 idle workers parked", p.sleepers.Load())
		}
		time.Sleep(time.Millisecond)
	}
	c.reset(100, 4)
	p.run(100, c.do)
	if c.bad != "" || c.calls != wantCalls(100, 4) {
		t.Errorf("after parking: %d calls, %s", c.calls, c.bad)
	}
}

// A region allocates nothing.
func TestPoolNoAllocs(t *testing.T) {
	p := newPool(3)
	defer p.close()
	fn := func(w, lo, hi int) {}
	if a := testing.AllocsPerRun(100, func() { p.run(64, fn) }); a != 0 {
		t.Errorf("%v allocations per region, want 0", a)
	}
}

// BenchmarkPoolRun measures the overhead of an empty parallel region.
func BenchmarkPoolRun(b *testing.B) {
	for _, threads := range []int{1, 2, 4} {
		b.Run(fmt.Sprintf("threads=%d", threads), func(b *testing.B) {
			p := newPool(threads)
			defer p.close()
			fn := func(w, lo, hi int) {}
			b.ReportAllocs()
			for b.Loop() {
				p.run(1024, fn)
			}
		})
	}
}
