package simd

import "encoding/binary"

// panelK is the layout of one Q8_K activation block of a panel half: the
// 256 activation codes as 64 groups of four, group g of lane t at
// codes+64g+4t (the codes 4g..4g+3 of the block, in order), then each
// lane's float32 scale at scale+4t, its 16 code sums (bsums) as int16
// pairs, bsum 2j and 2j+1 of lane t in the dword at bsums+64j+4t, and the
// sums of 32 codes, bsum 2j plus bsum 2j+1 wrapped to int16, as pairs:
// those of 32 codes 2i and 2i+1 in the dword at bsums32+64i+4t. A
// multiply-add of int16 pairs (VPDPWSSD) with a broadcast pair of weight
// scales or minimums then gives each lane its share of a bsum correction.
// Lanes of missing tokens are zero.
var panelK = struct{ codes, scale, bsums, bsums32, bytes int }{
	codes: 0, scale: 4096, bsums: 4160, bsums32: 4672, bytes: 4928,
}

// PackQ8_K is the PackFunc of the kernels with Q8_K activations. It copies
// the blocks' bsums rather than recomputing them.
func PackQ8_K(dst []byte, a []byte, aStride, tokens, n int) {
	nb := n / qk
	half := nb * panelK.bytes
	dst = dst[:2*half]
	if tokens < PanelTokens {
		clear(dst)
	}
	for tok := range tokens {
		at := a[tok*aStride:][:nb*q8KBytes]
		ph, t := dst[tok/panelLanes*half:], tok%panelLanes
		for b := range nb {
			y := at[b*q8KBytes:][:q8KBytes]
			pb := ph[b*panelK.bytes:][:panelK.bytes]
			for g := range qk / 4 {
				copy(pb[panelK.codes+64*g+4*t:][:4], y[q8KQs+4*g:][:4])
			}
			copy(pb[panelK.scale+4*t:][:4], y[:4])
			for j := range qk / 32 {
				copy(pb[panelK.bsums+64*j+4*t:][:4], y[q8KBsums+4*j:][:4])
			}
			for i := range qk / 64 {
				s := y[q8KBsums+8*i:][:8]
				lo := le16(s) + le16(s[2:])
				hi := le16(s[4:]) + le16(s[6:])
				binary.LittleEndian.PutUint32(pb[panelK.bsums32+64*i+4*t:], uint32(lo)|uint32(hi)<<16)
			}
		}
	}
}

// PanelQ4_KQ8_K is the PanelFunc of DotQ4_KQ8_K: n Q4_K weights per row
// (n/256*144 bytes) with a panel packed by PackQ8_K.
func PanelQ4_KQ8_K(dst []float32, dstStride int, w []byte, wStride int, p []byte, rows, tokens, n int) {
	panelQ4_KQ8_K(dst, dstStride, w, wStride, p, rows, tokens, n)
}

// PanelQ6_KQ8_K is the PanelFunc of DotQ6_KQ8_K: n Q6_K weights per row
// (n/256*210 bytes) with a panel packed by PackQ8_K.
func PanelQ6_KQ8_K(dst []float32, dstStride int, w []byte, wStride int, p []byte, rows, tokens, n int) {
	panelQ6_KQ8_K(dst, dstStride, w, wStride, p, rows, tokens, n)
}

// panelKCode returns activation code k of lane t in panel block pb.
func panelKCode(pb []byte, t, k int) int32 {
	return int32(int8(pb[panelK.codes+64*(k/4)+4*t+k%4]))
}

// panelKPair returns the int16 pair of the dword at pb[off+4t:].
func panelKPair(pb []byte, off, t int) (lo, hi int32) {
	v := le32(pb[off+4*t:])
	return int32(int16(v)), int32(int16(v >> 16))
}

// panelQ4_KQ8_KGeneric is PanelQ4_KQ8_K in pure Go. For each (row, token)
// and super-block it forms two exact int32 sums, wrapping as int32 adds
// do,
//
//	sumi = Σ_k scale_k*q_k*a_k   (q_k the 4-bit code, a_k the activation code)
//	summ = Σ_j min_j*bsum32_j    (over the eight 32-weight sub-blocks)
//
// with bsum32_j from the panel, and adds them to a float32 total that
// starts at 0, each with one rounding:
//
//	total = fma(float32(sumi), d*dy, total)
//	total = fma(float32(summ), -(dmin*dy), total)
//
// where d*dy and dmin*dy are rounded to float32.
func panelQ4_KQ8_KGeneric(dst []float32, dstStride int, w []byte, wStride int, p []byte, rows, tokens, n int) {
	nb := n / qk
	for r := range rows {
		wr := w[r*wStride:][:nb*q4K.size]
		for tok := range tokens {
			ph, t := p[tok/panelLanes*nb*panelK.bytes:], tok%panelLanes
			var total float32
			for b := range nb {
				x := wr[b*q4K.size:][:q4K.size]
				pb := ph[b*panelK.bytes:][:panelK.bytes]
				s := q4K.decode(x)
				var sumi, summ int32
				for k, q := range s.q {
					sumi += s.scale[k/16] * int32(q) * panelKCode(pb, t, k)
				}
				for i := range qk / 64 {
					lo, hi := panelKPair(pb, panelK.bsums32+64*i, t)
					summ += s.min[4*i]*lo + s.min[4*i+2]*hi
				}
				dy := f32At(pb[panelK.scale+4*t:])
				total = fma32(float32(sumi), f16At(x[q4K.d:])*dy, total)
				total = fma32(float32(summ), -(f16At(x[q4K.dmin:]) * dy), total)
			}
			dst[tok*dstStride+r] = total
		}
	}
}

// panelQ6_KQ8_KGeneric is PanelQ6_KQ8_K in pure Go. For each (row, token)
// and super-block it forms the exact int32 sum, wrapping as int32 adds do,
//
//	sumi = Σ_j scale_j*(Σ_{k in j} q_k*a_k - 32*bsum_j)
//
// over the sixteen 16-weight sub-blocks j, with the 6-bit codes q_k in
// [0, 63] and bsum_j from the panel, and adds it to a float32 total that
// starts at 0 with one rounding: total = fma(float32(sumi), d*dy, total),
// d*dy rounded to float32.
func panelQ6_KQ8_KGeneric(dst []float32, dstStride int, w []byte, wStride int, p []byte, rows, tokens, n int) {
	nb := n / qk
	for r := range rows {
		wr := w[r*wStride:][:nb*q6K.size]
		for tok := range tokens {
			ph, t := p[tok/panelLanes*nb*panelK.bytes:], tok%panelLanes
			var total float32
			for b := range nb {
				x := wr[b*q6K.size:][:q6K.size]
				pb := ph[b*panelK.bytes:][:panelK.bytes]
				s := q6K.decode(x)
				var sumi int32
				for j, sc := range s.scale {
					var sj int32
					for k := 16 * j; k < 16*j+16; k++ {
						sj += (int32(s.q[k]) + 32) * panelKCode(pb, t, k)
					}
					lo, hi := panelKPair(pb, panelK.bsums+64*(j/2), t)
					bsum := lo
					if j%2 == 1 {
						bsum = hi
					}
					sumi += sc * (sj - 32*bsum)
				}
				dy := f32At(pb[panelK.scale+4*t:])
				total = fma32(float32(sumi), f16At(x[q6K.d:])*dy, total)
			}
			dst[tok*dstStride+r] = total
		}
	}
}
