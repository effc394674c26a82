package simd

// GroupGenerics maps the weight types with Group kernels to the pure-Go
// twins of their Gemv, Panel and Strip.
var GroupGenerics = map[uint32]struct {
	Gemv  func(dst []float32, g, v []byte, groups, n int)
	Panel func(dst []float32, dstStride int, g, p []byte, tokens, n int)
	Strip StripFunc
}{
	typeQ4_0: {groupGemvQ4_0Q8_0Generic, groupPanelQ4_0Q8_0Generic, groupStripQ4_0Q8_0Generic},
	typeQ8_0: {groupGemvQ8_0Q8_0Generic, groupPanelQ8_0Q8_0Generic, groupStripQ8_0Q8_0Generic},
}

// AMXOn reports whether the AMX kernels run.
func AMXOn() bool { return amxOn() }

// GroupsOf returns the Group kernels of a weight type whatever the path,
// and false when it has none.
func GroupsOf(weightType uint32) (Group, bool) {
	g, ok := groups[weightType]
	return g, ok
}
