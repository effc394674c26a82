package model

import (
	"math/rand/v2"
	"testing"
)

const gemma2Fixture = "../testdata/model/gemma2-tiny-F32.gguf" // sliding window 8, layer 0 local

func openFixture(t *testing.T, path string) *Model {
	t.Helper()
	m, err := Open(path, WithThreads(2))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { m.Close() })
	return m
}

func randomTokens(n int, seed uint64) []int32 {
	r := rand.New(rand.NewPCG(seed, 1))
	out := []int32{1}
	for len(out) < n {
		out = append(out, int32(3+r.IntN(381)))
	}
	return out
}

// TestSlidingWindowRing decodes far past the window token by token, with
// a ring a few rows longer than the window, and compares every position's
// logits with one batched decode of the same tokens: the ring must give
// the same keys at the same positions. Memory: the local layer keeps only
// its ring.
func TestSlidingWindowRing(t *testing.T) {
	m := openFixture(t, gemma2Fixture)
	if w := m.Config.SlidingWindow; w != 8 || !m.Config.Local(0) || m.Config.Local(1) {
		t.Fatalf("fixture: window %d, local layers %v; want 8, [true false]", w, m.Config.LocalLayers)
	}
	const n, batch = 150, 3
	tokens := randomTokens(n, 1)
	V := m.Config.VocabSize
	for _, kv := range []KVType{KVF32, KVF16} {
		step, err := m.NewSession(WithContext(n), WithKVType(kv), withBatch(batch))
		if err != nil {
			t.Fatal(err)
		}
		if got, want := step.keys[0].size, ringSize(8, batch, n); got != want || want != 10 {
			t.Fatalf("local layer keeps %d rows, want %d (= 10)", got, want)
		}
		if step.keys[1].size != n {
			t.Fatalf("global layer keeps %d rows, want %d", step.keys[1].size, n)
		}
		batched, err := m.NewSession(WithContext(n), WithKVType(kv))
		if err != nil {
			t.Fatal(err)
		}
		want, err := batched.Decode(tokens, true)
		if err != nil {
			t.Fatal(err)
		}
		for p, id := range tokens {
			got, err := step.Decode([]int32{id}, false)
			if err != nil {
				t.Fatal(err)
			}
			for i := range got {
				if got[i] != want[p*V+i] {
					t.Fatalf("kv %d: position %d, logit %d: %g token by token, %g batched", kv, p, i, got[i], want[p*V+i])
				}
			}
		}
		if step.KVBytes() >= batched.KVBytes() {
			t.Errorf("kv %d: ring session takes %d bytes, full one %d", kv, step.KVBytes(), batched.KVBytes())
		}
	}
}

// TestSlidingWindowTruncate checks that Truncate keeps sessions right when
// the ring still holds the window before the cut and when it does not.
func TestSlidingWindowTruncate(t *testing.T) {
	m := openFixture(t, gemma2Fixture)
	tokens := randomTokens(100, 2)
	next := int32(77)
	V := m.Config.VocabSize
	for _, cut := range []int{98, 95, 60, 5} {
		s, err := m.NewSession(WithContext(128), WithKVType(KVF32), withBatch(4)) // ring of 11 rows
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.Decode(tokens, false); err != nil {
			t.Fatal(err)
		}
		s.Truncate(cut)
		if wantStale := cut-7 < 100-11; s.stale != wantStale {
			t.Errorf("cut %d: stale %v, want %v", cut, s.stale, wantStale)
		}
		got, err := s.Decode([]int32{next}, false)
		if err != nil {
			t.Fatal(err)
		}
		fresh, err := m.NewSession(WithContext(128), WithKVType(KVF32))
		if err != nil {
			t.Fatal(err)
		}
		want, err := fresh.Decode(append(append([]int32{}, tokens[:cut]...), next), false)
		if err != nil {
			t.Fatal(err)
		}
		for i := range V {
			if got[i] != want[i] {
				t.Fatalf("cut %d: logit %d: %g after Truncate, %g fresh", cut, i, got[i], want[i])
			}
		}
		if len(s.Tokens()) != cut+1 {
			t.Errorf("cut %d: %d tokens in the session, want %d", cut, len(s.Tokens()), cut+1)
		}
	}
}
