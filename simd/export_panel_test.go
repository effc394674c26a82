package simd

// PanelGenerics maps the weight types with panel kernels to the pure-Go
// twins of those kernels.
var PanelGenerics = map[uint32]PanelFunc{
	typeQ4_0: panelQ4_0Q8_0Generic,
	typeQ8_0: panelQ8_0Q8_0Generic,
	typeQ4_K: panelQ4_KQ8_KGeneric,
	typeQ6_K: panelQ6_KQ8_KGeneric,
}

// FMA32 is fma32.
var FMA32 = fma32

// PanelQ8_0BlockBytes is the bytes of a Q8_0 block in a panel half.
var PanelQ8_0BlockBytes = panel32.bytes

// PanelQ8_KBlockBytes is the bytes of a Q8_K block in a panel half.
var PanelQ8_KBlockBytes = panelK.bytes

// HasPanel is hasPanel: whether the selected path has panel (and group)
// kernels of its own for the weight type rather than the pure-Go twins.
func HasPanel(weightType uint32) bool { return hasPanel(weightType) }

// PanelsGenerics maps the weight types with Panels kernels to their
// pure-Go twins.
var PanelsGenerics = map[uint32]PanelFunc{typeQ4_K: panelsQ4_KQ8_KGeneric}
