package simd

// The ggml tensor types simd has kernels for, with their GGUF ids. The
// full table lives in package quant (quant/type.go), which simd may not
// import; TestTypeIDs checks these ids against it.
const (
	typeF32    uint32 = 0
	typeF16    uint32 = 1
	typeQ4_0   uint32 = 2
	typeQ4_1   uint32 = 3
	typeQ5_0   uint32 = 6
	typeQ5_1   uint32 = 7
	typeQ8_0   uint32 = 8
	typeQ8_1   uint32 = 9
	typeQ2_K   uint32 = 10
	typeQ3_K   uint32 = 11
	typeQ4_K   uint32 = 12
	typeQ5_K   uint32 = 13
	typeQ6_K   uint32 = 14
	typeQ8_K   uint32 = 15
	typeIQ4_NL uint32 = 20
	typeIQ4_XS uint32 = 23
	typeBF16   uint32 = 30
	typeTQ1_0  uint32 = 34
	typeTQ2_0  uint32 = 35
	typeMXFP4  uint32 = 39
)

// qk is QK_K, the number of weights in a K-quant super-block (and in a
// Q8_K activation block).
const qk = 256
