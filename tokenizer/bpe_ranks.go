package tokenizer

import "math/bits"

// mergeTable maps a pair of pieces (left << 32 | right) to its merge. It
// is an open-addressing hash table with linear probing, at most two
// thirds full: the merge loop's lookups cost one cache miss or so.
type mergeTable struct {
	slots []mergeSlot
	shift uint
}

// mergeSlot is one slot of a mergeTable.
type mergeSlot struct {
	key uint64 // noPair when empty
	bpeMerge
}

// noPair marks an empty slot (piece ids are below 1<<31).
const noPair = ^uint64(0)

// newMergeTable returns an empty table for n merges.
func newMergeTable(n int) mergeTable {
	b := bits.Len(uint(n + n/2 + 1))
	t := mergeTable{slots: make([]mergeSlot, 1<<b), shift: uint(64 - b)}
	for i := range t.slots {
		t.slots[i].key = noPair
	}
	return t
}

// slot returns the slot of key, or the empty slot where it would go.
func (t *mergeTable) slot(key uint64) *mergeSlot {
	mask := uint64(len(t.slots) - 1)
	for i := (key * 0x9E3779B97F4A7C15) >> t.shift; ; i = (i + 1) & mask {
		if s := &t.slots[i]; s.key == key || s.key == noPair {
			return s
		}
	}
}

// get returns the merge of key.
func (t *mergeTable) get(key uint64) (bpeMerge, bool) {
	s := t.slot(key)
	return s.bpeMerge, s.key == key
}

// addNew stores the merge of key unless key has one already.
func (t *mergeTable) addNew(key uint64, m bpeMerge) {
	if s := t.slot(key); s.key == noPair {
		s.key, s.bpeMerge = key, m
	}
}
