package simd

// Kernel multiplies weight rows of one ggml type with activations of the
// type llama.cpp's CPU backend pairs with it (its vec_dot_type in
// ggml-cpu.c's type_traits_cpu).
type Kernel struct {
	// ActType is the ggml id of the activation type that Quantize writes
	// and Dot reads.
	ActType uint32
	// ActBlockSize and ActBlockBytes are the values and bytes of one
	// activation block: n activations take n/ActBlockSize*ActBlockBytes
	// bytes.
	ActBlockSize, ActBlockBytes int
	// Quantize converts activations x, a whole number of blocks, to
	// ActType in dst, which holds the bytes they take.
	Quantize func(dst []byte, x []float32)
	// Dot returns the dot product of a weight row w of n weights with a row
	// a of n activations written by Quantize; n is a multiple of both
	// types' block sizes.
	Dot func(w, a []byte, n int) float32
	// Tile, where not nil, computes Dot for a block of up to TileRows
	// weight rows and TileTokens activation rows in one call, bit for bit
	// as Dot does (see TileFunc).
	Tile TileFunc
	// Pack and Panel, where not nil, multiply up to TileRows weight rows
	// with the activations of up to PanelTokens tokens laid out by Pack
	// (see PanelFunc); their results are close to Dot's but not its bits.
	// KernelFor sets them on the paths where they beat Tile. A panel of n
	// activations per token takes n/ActBlockSize*PanelBlockBytes bytes.
	Pack            PackFunc
	Panel           PanelFunc
	PanelBlockBytes int
	// Panels, set with Panel, computes Panel for any number of rows and
	// up to PanelsTokens tokens (consecutive panels) in one call, with the
	// Panel's bits (panels.go): Q4_K's on the matrix unit where the CPU
	// has AMX, the others TileRows rows of one panel at a time.
	Panels PanelFunc
	// Group, where not nil, holds the kernels of weight rows repacked in
	// groups of GroupRows (group.go), which multiply faster than rows do.
	// KernelFor sets it where the path has them.
	Group *Group
}

// activation describes an activation type for the kernel table.
type activation struct {
	typ         uint32
	size, bytes int // values and bytes per block
	quantize    func(dst []byte, x []float32)
}

var (
	actF32  = activation{typeF32, 1, 4, QuantizeF32}
	actF16  = activation{typeF16, 1, 2, QuantizeF16}
	actBF16 = activation{typeBF16, 1, 2, QuantizeBF16}
	actQ8_0 = activation{typeQ8_0, q8Block, q8_0Bytes, QuantizeQ8_0}
	actQ8_1 = activation{typeQ8_1, q8Block, q8_1Bytes, QuantizeQ8_1}
	actQ8_K = activation{typeQ8_K, qk, q8KBytes, QuantizeQ8_K}
)

// withPanel returns k with its Pack, Panel and Panels set, for panels of
// blockBytes per activation block; panels, where not nil, is the type's
// own Panels kernel, and otherwise Panels runs the Panel (panelsOf).
func (k Kernel) withPanel(pack PackFunc, panel, panels PanelFunc, blockBytes int) Kernel {
	k.Pack, k.Panel, k.PanelBlockBytes = pack, panel, blockBytes
	if k.Panels = panels; panels == nil {
		k.Panels = panelsOf(panel, k.ActBlockSize, blockBytes)
	}
	return k
}

// kernel returns the Kernel that pairs activation a with dot.
func (a activation) kernel(dot func(w, a []byte, n int) float32) Kernel {
	return Kernel{ActType: a.typ, ActBlockSize: a.size, ActBlockBytes: a.bytes, Quantize: a.quantize, Dot: dot}
}

// kernels holds the kernel of every weight type simd supports. The IQ1,
// IQ2 and IQ3 types are missing: their dot products need the large lattice
// grids that live in package quant.
var kernels = map[uint32]Kernel{
	typeF32:    actF32.kernel(DotF32),
	typeF16:    actF16.kernel(DotF16),
	typeBF16:   actBF16.kernel(DotBF16),
	typeQ4_0:   actQ8_0.kernel(DotQ4_0Q8_0).withTile(TileQ4_0Q8_0).withPanel(PackQ8_0, PanelQ4_0Q8_0, nil, panel32.bytes),
	typeQ4_1:   actQ8_1.kernel(DotQ4_1Q8_1),
	typeQ5_0:   actQ8_0.kernel(DotQ5_0Q8_0),
	typeQ5_1:   actQ8_1.kernel(DotQ5_1Q8_1),
	typeQ8_0:   actQ8_0.kernel(DotQ8_0Q8_0).withTile(TileQ8_0Q8_0).withPanel(PackQ8_0, PanelQ8_0Q8_0, nil, panel32.bytes),
	typeIQ4_NL: actQ8_0.kernel(DotIQ4_NLQ8_0),
	typeMXFP4:  actQ8_0.kernel(DotMXFP4Q8_0),
	typeQ2_K:   actQ8_K.kernel(DotQ2_KQ8_K),
	typeQ3_K:   actQ8_K.kernel(DotQ3_KQ8_K),
	typeQ4_K:   actQ8_K.kernel(DotQ4_KQ8_K).withTile(TileQ4_KQ8_K).withPanel(PackQ8_K, PanelQ4_KQ8_K, PanelsQ4_KQ8_K, panelK.bytes),
	typeQ5_K:   actQ8_K.kernel(DotQ5_KQ8_K),
	typeQ6_K:   actQ8_K.kernel(DotQ6_KQ8_K).withTile(TileQ6_KQ8_K).withPanel(PackQ8_K, PanelQ6_KQ8_K, nil, panelK.bytes),
	typeIQ4_XS: actQ8_K.kernel(DotIQ4_XSQ8_K),
	typeTQ1_0:  actQ8_K.kernel(DotTQ1_0Q8_K),
	typeTQ2_0:  actQ8_K.kernel(DotTQ2_0Q8_K),
}

// KernelFor returns the kernel for weights of the ggml type with id
// weightType (as in GGUF files and quant.Type), and false when simd has
// none for it. The kernel has Pack, Panel, Panels and Group only where
// the selected path has fast panel kernels for the type (hasPanel), and
// its Group a Strip only where the CPU has AMX.
func KernelFor(weightType uint32) (Kernel, bool) {
	k, ok := kernels[weightType]
	if !hasPanel(weightType) {
		k.Pack, k.Panel, k.Panels, k.PanelBlockBytes = nil, nil, nil, 0
		return k, ok
	}
	if g, ok := groups[weightType]; ok {
		if !amxOn() {
			g.Strip = nil
		}
		k.Group = &g
	}
	return k, ok
}
