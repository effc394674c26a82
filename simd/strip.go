package simd

import (
	"encoding/binary"
	"math"
)

// Strip kernels multiply grouped weights (group.go) with a strip, the
// Q8_0 activations of up to StripTokens tokens laid out for a CPU's matrix
// unit (Intel AMX). One tile instruction multiplies a block of 16 tokens'
// codes (16 rows of 32 int8) with the same block of a group's 16 rows,
// which the group layout already holds as the unit takes its second
// operand (four codes of every row per 64 bytes), into 16×16 exact int32
// sums; vector instructions then add each sum times its dx*dy to the
// (token, row) totals. That is many times the integer throughput of the
// panel kernels' VNNI instructions.
//
// A strip kernel's arithmetic is the Group Gemv's: for each (row, token) a
// float32 total adds, block after block, fma(float32(sumi), dx*dy, total),
// so that a strip gives the same bits as Gemv for each of its tokens.

// StripTokens is the number of activation rows (tokens) one strip holds.
const StripTokens = 16

// strip32 is the layout of one Q8_0 activation block of a strip: token
// t's 32 codes at codes+32t, then its fp16 scale as float32 at scale+4t.
// Rows of missing tokens are zero.
var strip32 = struct{ codes, scale, bytes int }{codes: 0, scale: 512, bytes: 576}

// StripFunc is the type of Group.Strip. It sets, for i < groups, r <
// GroupRows and t < tokens,
//
//	dst[t*dstStride+GroupRows*i+r]
//
// to row r of group i of g (the groups one after the other, n weights per
// row) times token t of the strip s written by the Group's PackStrip, with
// the bits of Gemv. 1 <= tokens <= StripTokens and n is a multiple of 32.
type StripFunc func(dst []float32, dstStride int, g []byte, groups int, s []byte, tokens, n int)

// PackStripQ8_0 is the PackStrip of the Groups with Q8_0 activations: it
// lays out rows t < tokens of the activations a (row t at a[t*aStride:],
// n activations each, quantized to Q8_0) as one strip in dst, which holds
// n/32*StripBlockBytes bytes. 1 <= tokens <= StripTokens.
func PackStripQ8_0(dst, a []byte, aStride, tokens, n int) {
	nb := n / q8Block
	dst = dst[:nb*strip32.bytes]
	if tokens < StripTokens {
		clear(dst)
	}
	for t := range tokens {
		at := a[t*aStride:][:nb*q8_0Bytes]
		for b := range nb {
			x := at[b*q8_0Bytes:][:q8_0Bytes]
			sb := dst[b*strip32.bytes:][:strip32.bytes]
			copy(sb[strip32.codes+q8Block*t:][:q8Block], x[2:])
			binary.LittleEndian.PutUint32(sb[strip32.scale+4*t:], math.Float32bits(f16At(x)))
		}
	}
}

// GroupStripQ4_0Q8_0 is the Group Strip of Q4_0 weights.
func GroupStripQ4_0Q8_0(dst []float32, dstStride int, g []byte, groups int, s []byte, tokens, n int) {
	checkStrip(len(dst), dstStride, len(g), groups, len(s), tokens, n, q4_0.size)
	groupStripQ4_0Q8_0(dst, dstStride, g, groups, s, tokens, n)
}

// GroupStripQ8_0Q8_0 is the Group Strip of Q8_0 weights.
func GroupStripQ8_0Q8_0(dst []float32, dstStride int, g []byte, groups int, s []byte, tokens, n int) {
	checkStrip(len(dst), dstStride, len(g), groups, len(s), tokens, n, q8_0.size)
	groupStripQ8_0Q8_0(dst, dstStride, g, groups, s, tokens, n)
}

// checkStrip panics unless a Strip's arguments (the lengths of dst, g and
// s; size the weight format's bytes per block) hold what it reads and
// writes: the assembly kernels index them without bounds checks. It costs
// a few tests per call, not per block.
func checkStrip(dst, dstStride, g, groups, s, tokens, n, size int) {
	nb := n / q8Block
	if n <= 0 || n%q8Block != 0 || groups < 0 || tokens < 1 || tokens > StripTokens || dstStride < 0 ||
		g < groups*GroupRows*nb*size || s < nb*strip32.bytes ||
		groups > 0 && dst < (tokens-1)*dstStride+GroupRows*groups {
		panic("simd: strip arguments out of range")
	}
}

func groupStripQ4_0Q8_0Generic(dst []float32, dstStride int, g []byte, groups int, s []byte, tokens, n int) {
	q4_0.groupStrip(dst, dstStride, g, groups, s, tokens, n)
}

func groupStripQ8_0Q8_0Generic(dst []float32, dstStride int, g []byte, groups int, s []byte, tokens, n int) {
	q8_0.groupStrip(dst, dstStride, g, groups, s, tokens, n)
}

// groupStrip is the reference Group Strip of f: the Gemv of each group
// with each token of the strip, laid out as a vector.
func (f *block32) groupStrip(dst []float32, dstStride int, g []byte, groups int, s []byte, tokens, n int) {
	nb := n / q8Block
	size := nb * GroupRows * f.size
	v := make([]byte, nb*vec32.bytes)
	for t := range tokens {
		for b := range nb {
			sb := s[b*strip32.bytes:][:strip32.bytes]
			vb := v[b*vec32.bytes:][:vec32.bytes]
			codes := sb[strip32.codes+q8Block*t:][:q8Block]
			copy(vb[vec32.codes:], codes)
			copy(vb[vec32.scale:][:4], sb[strip32.scale+4*t:])
			binary.LittleEndian.PutUint32(vb[vec32.sum:], uint32(codeSum(codes)))
		}
		for i := range groups {
			f.groupGemv(dst[t*dstStride+GroupRows*i:][:GroupRows], g[i*size:][:size], v, n)
		}
	}
}
