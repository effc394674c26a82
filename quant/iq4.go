package quant

// Byte layouts of the non-linear 4-bit blocks (ggml's block_iq4_nl and
// block_iq4_xs). Weights are indices into kvaluesIQ4NL, two per byte: byte j
// of a run of 16 holds weight j in its low nibble and weight j+16 in its
// high nibble.
const (
	// IQ4_NL: fp16 d, then 32 weights.
	iq4nlQs    = 2
	iq4nlBytes = iq4nlQs + iq4Sub/2

	// IQ4_XS: fp16 d, a little-endian uint16 with the high 2 bits and 4
	// bytes with the low 4 bits of the eight 6-bit sub-block scales (biased
	// by 32), then QK_K weights.
	iq4xsScalesH = 2
	iq4xsScalesL = iq4xsScalesH + 2
	iq4xsQs      = iq4xsScalesL + QK_K/64
	iq4xsBytes   = iq4xsQs + QK_K/2
)

const (
	// iq4Sub is the number of weights that share one scale.
	iq4Sub = 32
	// iq4NTry is the ntry of ggml's quantize_iq4_nl and quantize_iq4_xs: the
	// scale search tries 2·iq4NTry+1 more scales.
	iq4NTry = 7
)

// iq4Index returns the index of the level of kvaluesIQ4NL nearest to x, the
// upper one on a tie, as ggml's best_index_int8 does. Level j wins once 2x
// reaches kvaluesIQ4NL[j-1]+kvaluesIQ4NL[j], an integer, so the floor of 2x
// decides: iq4Indices maps it to the answer.
func iq4Index(x float32) uint8 {
	x2 := float64(x + x)
	switch {
	case !(x2 >= iq4Lo): // NaN too, as in ggml
		return 0
	case x2 >= iq4Lo+float64(len(iq4Indices)):
		return uint8(len(kvaluesIQ4NL) - 1)
	}
	return iq4Indices[int(x2-iq4Lo)]
}

// iq4Lo is the lowest boundary: 2x at the midpoint of the two lowest levels.
var iq4Lo = float64(int(kvaluesIQ4NL[0]) + int(kvaluesIQ4NL[1]))

// iq4Indices[k] is the index of the nearest level for ⌊2x⌋ = iq4Lo+k.
var iq4Indices = func() []uint8 {
	var out []uint8
	idx := uint8(0)
	for j := 1; j < len(kvaluesIQ4NL); j++ {
		bound := int(kvaluesIQ4NL[j-1]) + int(kvaluesIQ4NL[j])
		for len(out) < bound-int(iq4Lo) {
			out = append(out, idx)
		}
		idx = uint8(j)
	}
	return out
}()

// putIQ4 writes the 32 weights dl·values[q] of the 16 bytes of nibbles qs.
func putIQ4(y []float32, dl float32, qs []byte, values *[16]int8) {
	y, qs = y[:32], qs[:16]
	for j, q := range qs {
		y[j] = dl * float32(values[q&0xf])
		y[j+16] = dl * float32(values[q>>4])
	}
}

func dequantizeIQ4_NL(dst []float32, src []byte) {
	dequantizeEach(dst, src, iq4Sub, iq4nlBytes, dequantizeIQ4_NLBlock)
}

// dequantizeIQ4_NLBlock is ggml's dequantize_row_iq4_nl for one block.
func dequantizeIQ4_NLBlock(y []float32, b []byte) {
	putIQ4(y, f16At(b), b[iq4nlQs:], &kvaluesIQ4NL)
}

func dequantizeIQ4_XS(dst []float32, src []byte) {
	dequantizeEach(dst, src, QK_K, iq4xsBytes, dequantizeIQ4_XSBlock)
}

// dequantizeIQ4_XSBlock is ggml's dequantize_row_iq4_xs for one block.
func dequantizeIQ4_XSBlock(y []float32, b []byte) {
	d := f16At(b)
	scalesH := uint32(le16(b[iq4xsScalesH:]))
	for ib := range QK_K / iq4Sub {
		ls := uint32(b[iq4xsScalesL+ib/2])>>(4*(ib%2))&0xf | (scalesH>>(2*ib)&3)<<4
		putIQ4(y[iq4Sub*ib:], d*float32(int32(ls)-32), b[iq4xsQs+16*ib:], &kvaluesIQ4NL)
	}
}

func quantizeIQ4_NL(dst []byte, src []float32) {
	quantizeEach(dst, src, iq4Sub, iq4nlBytes, quantizeIQ4_NLBlock)
}

// quantizeIQ4_NLBlock is ggml's quantize_row_iq4_nl_impl for one block of
// 32 weights, as quantize_iq4_nl calls it without an importance matrix.
func quantizeIQ4_NLBlock(b []byte, x []float32) {
	d := iq4Scale(x)
	putF16(b, d)
	packIQ4(b[iq4nlQs:], x, reciprocalOrZero(d))
}

func quantizeIQ4_XS(dst []byte, src []float32) {
	quantizeEach(dst, src, QK_K, iq4xsBytes, quantizeIQ4_XSBlock)
}

// quantizeIQ4_XSBlock is ggml's quantize_row_iq4_nl_impl for one block of
// QK_K weights, as quantize_iq4_xs calls it without an importance matrix:
// the sub-block scales are rounded to 6 bits of the super-block scale and
// the weights chosen again for the rounded scales.
func quantizeIQ4_XSBlock(b []byte, x []float32) {
	var scales [QK_K / iq4Sub]float32
	var maxScale, amaxScale float32
	for ib := range scales {
		scales[ib] = iq4Scale(x[iq4Sub*ib:][:iq4Sub])
		if a := abs32(scales[ib]); a > amaxScale {
			amaxScale, maxScale = a, scales[ib]
		}
	}
	d := -maxScale / 32
	putF16(b, d)
	id := reciprocalOrZero(d)
	var scalesH uint16
	for ib, s := range scales {
		l := clampInt(ggmlNearestInt(id*s), -32, 31)
		packIQ4(b[iq4xsQs+16*ib:], x[iq4Sub*ib:], reciprocalOrZero(d*float32(l)))
		l += 32
		if ib%2 == 0 {
			b[iq4xsScalesL+ib/2] = byte(l & 0xf)
		} else {
			b[iq4xsScalesL+ib/2] |= byte(l&0xf) << 4
		}
		scalesH |= uint16(l>>4) << (2 * ib)
	}
	put16(b[iq4xsScalesH:], scalesH)
}

// iq4Scale returns the scale ggml picks for the 32 weights x: starting from
// the one that maps the largest magnitude to the outermost level, it keeps
// the least-squares scale of the best of 2·iq4NTry+2 assignments of levels,
// weighing every weight by its square.
func iq4Scale(x []float32) float32 {
	vmax, amax := absMax(x)
	if amax < groupMaxEps {
		return 0
	}
	v0 := float32(kvaluesIQ4NL[0])
	sumqx, sumq2 := iq4Fit(x, 1/(-vmax/v0))
	var d float32
	if sumq2 > 0 {
		d = sumqx / sumq2
	}
	best := d * sumqx
	for itry := -iq4NTry; itry <= iq4NTry; itry++ {
		sumqx, sumq2 := iq4Fit(x, float32(itry+int(kvaluesIQ4NL[0]))/vmax)
		if sumq2 > 0 && sumqx*sumqx > best*sumq2 {
			d = sumqx / sumq2
			best = d * sumqx
		}
	}
	return d
}

// iq4Fit maps every weight x to the level nearest to id·x and returns
// Σw·q·x and Σw·q² with w = x², accumulated in float32 as ggml does.
func iq4Fit(x []float32, id float32) (sumqx, sumq2 float32) {
	for _, v := range x {
		q := float32(kvaluesIQ4NL[iq4Index(id*v)])
		w := v * v
		sumqx += float32(w * q * v)
		sumq2 += float32(w * q * q)
	}
	return sumqx, sumq2
}

// packIQ4 stores the level indices nearest to id·x of 32 weights x as the
// 16 bytes of nibbles qs.
func packIQ4(qs []byte, x []float32, id float32) {
	qs, x = qs[:16], x[:32]
	for j := range qs {
		qs[j] = iq4Index(id*x[j]) | iq4Index(id*x[j+16])<<4
	}
}

// reciprocalOrZero returns 1/x, or 0 when x is zero.
func reciprocalOrZero(x float32) float32 {
	if x == 0 {
		return 0
	}
	return 1 / x
}
