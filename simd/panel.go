package simd

import (
	"encoding/binary"
	"math"
)

// Panel kernels multiply weight rows with a panel: the activations of up
// to PanelTokens tokens laid out by a Pack function so that a vector
// register holds the same four codes of 16 tokens, one token per lane. A
// panel is two such halves of panelLanes tokens, one after the other, each
// of PanelBlockBytes per activation block (Kernel); the second half of a
// panel of at most panelLanes tokens is never read.
// A panel kernel broadcasts four weight codes at a time to all lanes and
// multiplies them with the codes of all the tokens at once, so that each
// instruction works for PanelTokens outputs and the sums never need a
// horizontal reduction. That is how batched prompts reach the CPU's
// integer dot-product throughput; a row or tile kernel spends most of its
// instructions reducing and scaling lane sums.
//
// A panel kernel's outputs are close to the row kernel's but not its bits:
// it adds each block's scaled integer sum to one float32 total, block
// after block, with one fused multiply-add (see panelGeneric), where the
// row kernels keep several partial totals. A product that uses panels
// still gives the same bits whatever its thread count or tiling.

// PanelTokens is the number of activation rows (tokens) one panel holds.
const PanelTokens = 2 * panelLanes

// panelLanes is the number of tokens in each half of a panel: the int32
// lanes of a 512-bit register.
const panelLanes = 16

// panel32 is the layout of one Q8_0 activation block of a panel half:
// the activation codes as eight groups of four, group g of lane t at
// codes+64g+4t (the codes 4g..4g+3 of the block, in order), then each
// lane's fp16 scale as float32 at scale+4t and the int32 sum of its 32
// codes at sum+4t. Lanes of missing tokens are zero.
var panel32 = struct{ codes, scale, sum, bytes int }{codes: 0, scale: 512, sum: 576, bytes: 640}

// PackFunc is the type of Kernel.Pack: it lays out rows t < tokens of the
// activations a (row t at a[t*aStride:], n activations each, written by
// the kernel's Quantize) as one panel in dst, which holds
// 2*n/ActBlockSize*PanelBlockBytes bytes (Kernel). 1 <= tokens <=
// PanelTokens.
type PackFunc func(dst []byte, a []byte, aStride, tokens, n int)

// PanelFunc is the type of Kernel.Panel. It computes, for r < rows and
// t < tokens,
//
//	dst[t*dstStride+r] ≈ Dot(w[r*wStride:], a_t, n)
//
// where a_t is activation row t of the panel p written by the kernel's
// Pack, with panelGeneric's arithmetic. 1 <= rows <= TileRows,
// 1 <= tokens <= PanelTokens, n satisfies Dot's preconditions, w holds
// (rows-1)*wStride bytes plus one weight row of n weights, and dst holds
// (tokens-1)*dstStride+rows values. Only those values of dst are written.
type PanelFunc func(dst []float32, dstStride int, w []byte, wStride int, p []byte, rows, tokens, n int)

// PackQ8_0 is the PackFunc of the kernels with Q8_0 activations.
func PackQ8_0(dst []byte, a []byte, aStride, tokens, n int) {
	nb := n / q8Block
	half := nb * panel32.bytes
	dst = dst[:2*half]
	if tokens < PanelTokens {
		clear(dst)
	}
	for tok := range tokens {
		at := a[tok*aStride:][:nb*q8_0Bytes]
		ph, t := dst[tok/panelLanes*half:], tok%panelLanes
		for b := range nb {
			x := at[b*q8_0Bytes:][:q8_0Bytes]
			pb := ph[b*panel32.bytes:][:panel32.bytes]
			for g := range q8Block / 4 {
				copy(pb[panel32.codes+64*g+4*t:][:4], x[2+4*g:])
			}
			binary.LittleEndian.PutUint32(pb[panel32.scale+4*t:], math.Float32bits(f16At(x)))
			binary.LittleEndian.PutUint32(pb[panel32.sum+4*t:], uint32(codeSum(x[2:])))
		}
	}
}

// codeSum returns the sum of the int8 codes c.
func codeSum(c []byte) int32 {
	var sum int32
	for _, v := range c {
		sum += int32(int8(v))
	}
	return sum
}

// PanelQ4_0Q8_0 is the PanelFunc of DotQ4_0Q8_0: n Q4_0 weights per row
// (n/32*18 bytes) with a panel packed by PackQ8_0.
func PanelQ4_0Q8_0(dst []float32, dstStride int, w []byte, wStride int, p []byte, rows, tokens, n int) {
	panelQ4_0Q8_0(dst, dstStride, w, wStride, p, rows, tokens, n)
}

// PanelQ8_0Q8_0 is the PanelFunc of DotQ8_0Q8_0: n Q8_0 weights per row
// (n/32*34 bytes) with a panel packed by PackQ8_0.
func PanelQ8_0Q8_0(dst []float32, dstStride int, w []byte, wStride int, p []byte, rows, tokens, n int) {
	panelQ8_0Q8_0(dst, dstStride, w, wStride, p, rows, tokens, n)
}

// panelQ4_0Q8_0Generic is PanelQ4_0Q8_0 in pure Go.
func panelQ4_0Q8_0Generic(dst []float32, dstStride int, w []byte, wStride int, p []byte, rows, tokens, n int) {
	q4_0.panel(dst, dstStride, w, wStride, p, rows, tokens, n)
}

// panelQ8_0Q8_0Generic is PanelQ8_0Q8_0 in pure Go.
func panelQ8_0Q8_0Generic(dst []float32, dstStride int, w []byte, wStride int, p []byte, rows, tokens, n int) {
	q8_0.panel(dst, dstStride, w, wStride, p, rows, tokens, n)
}

// panel is the reference panel kernel of a block32 format whose block term
// is (dx*dy)*sumi: for each (row, token) it adds, block after block,
//
//	total = fma(float32(sumi), dx*dy, total)
//
// to a float32 total that starts at 0, with dx*dy rounded to float32 and
// one rounding for the fused multiply-add.
func (f *block32) panel(dst []float32, dstStride int, w []byte, wStride int, p []byte, rows, tokens, n int) {
	nb := n / q8Block
	for r := range rows {
		wr := w[r*wStride:][:nb*f.size]
		for tok := range tokens {
			ph, t := p[tok/panelLanes*nb*panel32.bytes:], tok%panelLanes
			var total float32
			for b := range nb {
				x := wr[b*f.size:][:f.size]
				pb := ph[b*panel32.bytes:][:panel32.bytes]
				q := f.decode(x)
				var sumi int32
				for k, v := range q {
					sumi += int32(v) * int32(int8(pb[panel32.codes+64*(k/4)+4*t+k%4]))
				}
				dy := math.Float32frombits(le32(pb[panel32.scale+4*t:]))
				total = fma32(float32(sumi), f16At(x)*dy, total)
			}
			dst[tok*dstStride+r] = total
		}
	}
}

// fma32 returns x*y+z rounded once to float32, as a float32 fused
// multiply-add instruction computes it. x*y is exact in float64, and
// x*y+z = s+e exactly with s the float64 sum and e its rounding error;
// rounding s to float32 gives the right answer unless s lies exactly
// halfway between two float32 values, where e breaks the tie.
func fma32(x, y, z float32) float32 {
	p := float64(x) * float64(y)
	s := p + float64(z)
	bb := s - p
	e := (p - (s - bb)) + (float64(z) - bb)
	r := float32(s)
	if e == 0 || float64(r) == s || math.IsInf(s, 0) {
		return r
	}
	lo, hi := r, r
	if float64(r) < s {
		hi = math.Nextafter32(r, float32(math.Inf(1)))
	} else {
		lo = math.Nextafter32(r, float32(math.Inf(-1)))
	}
	if s != (float64(lo)+float64(hi))/2 {
		return r
	}
	if e > 0 {
		return hi
	}
	return lo
}
