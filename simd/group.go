package simd

import (
	"encoding/binary"
	"math"
)

// Grouped weights are GroupRows weight rows of a 32-weight block format
// interleaved block by block, as llama.cpp repacks Q4_0 and Q8_0 for its
// CPU kernels: a vector register loads the same four codes of every row
// of the group, one row per lane, the layout of a panel half (panel.go)
// with rows in the place of tokens. A grouped matrix-vector product
// broadcasts four activation codes to all lanes and multiplies them with
// the codes of the 16 rows at once into one exact int32 sum per row, and
// keeps the 16 rows' totals in one register from the first block to the
// last: far fewer instructions per weight than a row kernel, which
// reduces and scales lane sums, and one stream of weights from memory.
//
// A grouped block of a format of size bytes per block holds the rows'
// fp16 scales, row r's at 2r, then the codes as dwords, dword m of row r
// at 32+64m+4r, GroupRows*size bytes in all. The arithmetic is
// panelGeneric's: for each (row, token) a float32 total adds, block after
// block, fma(float32(sumi), dx*dy, total).

// GroupRows is the number of weight rows a group interleaves: the int32
// lanes of a 512-bit register.
const GroupRows = 16

// Group holds the kernels of a weight type whose rows can be grouped.
type Group struct {
	// Repack writes GroupRows weight rows of n weights, row r at
	// src[r*srcStride:], as one group to dst, which holds GroupRows times
	// the bytes of a row.
	Repack func(dst, src []byte, srcStride, n int)
	// VecBlockBytes is the bytes per activation block of a vector packed
	// by PackVec: n activations take n/32*VecBlockBytes bytes.
	VecBlockBytes int
	// PackVec lays out one activation row a of n activations, written by
	// the kernel's Quantize, as a vector for Gemv in dst.
	PackVec func(dst, a []byte, n int)
	// Gemv sets dst[GroupRows*i+r], r < GroupRows and i < groups, to
	// row r of group i of g (the groups one after the other, n weights
	// per row) times the vector v.
	Gemv func(dst []float32, g, v []byte, groups, n int)
	// Panel sets dst[t*dstStride+r], r < GroupRows and t < tokens, to row
	// r of the group g times token t of the panel p written by the
	// kernel's Pack. 1 <= tokens <= PanelTokens.
	Panel func(dst []float32, dstStride int, g, p []byte, tokens, n int)
	// StripBlockBytes is the bytes per activation block of a strip packed
	// by PackStrip: n activations take n/32*StripBlockBytes bytes.
	StripBlockBytes int
	// PackStrip lays out rows t < tokens of the activations a (row t at
	// a[t*aStride:], n activations each, written by the kernel's Quantize)
	// as one strip in dst. 1 <= tokens <= StripTokens.
	PackStrip func(dst, a []byte, aStride, tokens, n int)
	// Strip, where not nil (the CPU has a matrix unit), multiplies groups
	// with a strip (strip.go).
	Strip StripFunc
}

// vec32 is the layout of one Q8_0 activation block of a vector: the 32
// codes, then the fp16 scale as float32 and the int32 sum of the codes.
var vec32 = struct{ codes, scale, sum, bytes int }{codes: 0, scale: 32, sum: 36, bytes: 40}

// groups holds the Group kernels of the weight types that have them.
var groups = map[uint32]Group{
	typeQ4_0: {Repack: q4_0.repack, VecBlockBytes: vec32.bytes, PackVec: PackVecQ8_0, Gemv: GroupGemvQ4_0Q8_0, Panel: GroupPanelQ4_0Q8_0,
		StripBlockBytes: strip32.bytes, PackStrip: PackStripQ8_0, Strip: GroupStripQ4_0Q8_0},
	typeQ8_0: {Repack: q8_0.repack, VecBlockBytes: vec32.bytes, PackVec: PackVecQ8_0, Gemv: GroupGemvQ8_0Q8_0, Panel: GroupPanelQ8_0Q8_0,
		StripBlockBytes: strip32.bytes, PackStrip: PackStripQ8_0, Strip: GroupStripQ8_0Q8_0},
}

// PackVecQ8_0 is the PackVec of the kernels with Q8_0 activations.
func PackVecQ8_0(dst, a []byte, n int) {
	for b := range n / q8Block {
		x := a[b*q8_0Bytes:][:q8_0Bytes]
		v := dst[b*vec32.bytes:][:vec32.bytes]
		copy(v[vec32.codes:], x[2:])
		binary.LittleEndian.PutUint32(v[vec32.scale:], math.Float32bits(f16At(x)))
		binary.LittleEndian.PutUint32(v[vec32.sum:], uint32(codeSum(x[2:])))
	}
}

// GroupGemvQ4_0Q8_0 is the Group Gemv of Q4_0 weights.
func GroupGemvQ4_0Q8_0(dst []float32, g, v []byte, groups, n int) {
	groupGemvQ4_0Q8_0(dst, g, v, groups, n)
}

// GroupGemvQ8_0Q8_0 is the Group Gemv of Q8_0 weights.
func GroupGemvQ8_0Q8_0(dst []float32, g, v []byte, groups, n int) {
	groupGemvQ8_0Q8_0(dst, g, v, groups, n)
}

// GemvStreams is how many groups a Group Gemv multiplies at once where it
// is fastest (AVX-512: one memory stream each): a caller that splits a run
// of groups between threads hands out multiples of it.
const GemvStreams = 8

// gemvGroups runs a Gemv of groups groups of blocks of size bytes with
// eight, a kernel of GemvStreams groups at once (nil for none), then one,
// a kernel of one group, on the rest.
func gemvGroups(eight, one func(dst []float32, g, v []byte, n int), size int, dst []float32, g, v []byte, groups, n int) {
	gb := GroupRows * n / q8Block * size
	i := 0
	if eight != nil {
		for ; i+GemvStreams <= groups; i += GemvStreams {
			eight(dst[i*GroupRows:(i+GemvStreams)*GroupRows], g[i*gb:(i+GemvStreams)*gb], v, n)
		}
	}
	for ; i < groups; i++ {
		one(dst[i*GroupRows:(i+1)*GroupRows], g[i*gb:(i+1)*gb], v, n)
	}
}

// GroupPanelQ4_0Q8_0 is the Group Panel of Q4_0 weights.
func GroupPanelQ4_0Q8_0(dst []float32, dstStride int, g, p []byte, tokens, n int) {
	groupPanelQ4_0Q8_0(dst, dstStride, g, p, tokens, n)
}

// GroupPanelQ8_0Q8_0 is the Group Panel of Q8_0 weights.
func GroupPanelQ8_0Q8_0(dst []float32, dstStride int, g, p []byte, tokens, n int) {
	groupPanelQ8_0Q8_0(dst, dstStride, g, p, tokens, n)
}

func groupGemvQ4_0Q8_0Generic(dst []float32, g, v []byte, groups, n int) {
	gemvGroups(nil, q4_0.groupGemv, q4_0.size, dst, g, v, groups, n)
}

func groupGemvQ8_0Q8_0Generic(dst []float32, g, v []byte, groups, n int) {
	gemvGroups(nil, q8_0.groupGemv, q8_0.size, dst, g, v, groups, n)
}

func groupPanelQ4_0Q8_0Generic(dst []float32, dstStride int, g, p []byte, tokens, n int) {
	q4_0.groupPanel(dst, dstStride, g, p, tokens, n)
}

func groupPanelQ8_0Q8_0Generic(dst []float32, dstStride int, g, p []byte, tokens, n int) {
	q8_0.groupPanel(dst, dstStride, g, p, tokens, n)
}

// repack is the Group Repack of f.
func (f *block32) repack(dst, src []byte, srcStride, n int) {
	gb := GroupRows * f.size
	for b := range n / q8Block {
		d := dst[b*gb:][:gb]
		for r := range GroupRows {
			x := src[r*srcStride+b*f.size:][:f.size]
			copy(d[2*r:][:2], x)
			for m := range (f.size - 2) / 4 {
				copy(d[2*GroupRows+64*m+4*r:][:4], x[2+4*m:])
			}
		}
	}
}

// row returns block b of row r of the group g as the format stores it.
func (f *block32) row(g []byte, b, r int) (x [q8_0Bytes]byte) {
	blk := g[b*GroupRows*f.size:][:GroupRows*f.size]
	copy(x[:2], blk[2*r:])
	for m := range (f.size - 2) / 4 {
		copy(x[2+4*m:][:4], blk[2*GroupRows+64*m+4*r:])
	}
	return x
}

// groupGemv is the reference Group Gemv of f.
func (f *block32) groupGemv(dst []float32, g, v []byte, n int) {
	for r := range GroupRows {
		var total float32
		for b := range n / q8Block {
			x := f.row(g, b, r)
			y := v[b*vec32.bytes:][:vec32.bytes]
			q := f.decode(x[:f.size])
			var sumi int32
			for k, w := range q {
				sumi += int32(w) * int32(int8(y[vec32.codes+k]))
			}
			dy := math.Float32frombits(le32(y[vec32.scale:]))
			total = fma32(float32(sumi), f16At(x[:])*dy, total)
		}
		dst[r] = total
	}
}

// groupPanel is the reference Group Panel of f: panel's arithmetic on the
// group's rows.
func (f *block32) groupPanel(dst []float32, dstStride int, g, p []byte, tokens, n int) {
	nb := n / q8Block
	w := make([]byte, GroupRows*nb*f.size)
	for r := range GroupRows {
		for b := range nb {
			x := f.row(g, b, r)
			copy(w[(r*nb+b)*f.size:], x[:f.size])
		}
	}
	f.panel(dst, dstStride, w, nb*f.size, p, GroupRows, tokens, n)
}
