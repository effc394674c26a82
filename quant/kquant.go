package quant

import "math"

// Shared machinery of the K-quants (Q2_K ... Q8_K): ggml's rounding, the
// scale searches of ggml-quants.c (make_qx_quants, make_q3_quants,
// make_qkx2_quants) and the 6-bit scale/min packing of Q4_K and Q5_K.
//
// Every float operation mirrors the C reference in float32 and in the same
// order. Products that feed an addition are wrapped in float32(...) so that
// the compiler cannot fuse them into an FMA, which would round differently.

// groupMaxEps is ggml's GROUP_MAX_EPS: groups whose largest magnitude is
// below it count as all zero.
const groupMaxEps = 1e-15

// ggmlNearestInt is ggml's nearest_int bit for bit: it adds 1.5*2^23 in
// float32 and reads the low mantissa bits. For |f| < 2^22 that is rounding
// half to even; it also gives ggml's exact (meaningless but deterministic)
// answer for larger, infinite and NaN inputs, which degenerate blocks do
// reach, on every architecture.
// The float32(f) keeps an inlined caller's product from being fused with
// the addition.
func ggmlNearestInt(f float32) int {
	b := math.Float32bits(float32(f) + 12582912)
	return int(b&0x007fffff) - 0x00400000
}

// clampInt limits v to [lo, hi] like ggml's MAX(lo, MIN(hi, v)).
func clampInt(v, lo, hi int) int { return max(lo, min(hi, v)) }

// maxIfGreater returns v if v > m, else m: C's "if (v > m) m = v", which
// unlike the builtin max keeps m for NaN and for -0 vs 0.
func maxIfGreater(m, v float32) float32 {
	if v > m {
		return v
	}
	return m
}

// sqrt32 is sqrtf (the float64 square root rounds to the same float32).
func sqrt32(f float32) float32 { return float32(math.Sqrt(float64(f))) }

// absMax returns the element of x with the largest magnitude (the first one
// on ties) and that magnitude.
func absMax(x []float32) (maxv, amax float32) {
	for _, v := range x {
		if ax := abs32(v); ax > amax {
			amax, maxv = ax, v
		}
	}
	return maxv, amax
}

// sumsX3 adds x^3*l and x^2*l^2 (weights x^2) as make_qx_quants and
// make_q3_quants do for levels l = level(i).
func sumsX3(x []float32, level func(i int) int) (sumlx, suml2 float32) {
	for i, xi := range x {
		l := float32(level(i))
		w := float32(xi * xi)
		sumlx += float32(float32(w*xi) * l)
		suml2 += float32(float32(w*l) * l)
	}
	return sumlx, suml2
}

// makeQXQuants is make_qx_quants with rmse_type 1 and no importance
// weights (weights x^2): it picks a signed scale for len(x) weights with
// levels in [-nmax, nmax), stores the levels plus nmax in L and returns the
// scale.
func makeQXQuants(x []float32, L []int8, nmax int) float32 {
	maxv, amax := absMax(x)
	if amax < groupMaxEps {
		clear(L)
		return 0
	}
	fmax := float32(nmax)
	levelAt := func(iscale float32) func(i int) int {
		return func(i int) int { return clampInt(ggmlNearestInt(iscale*x[i]), -nmax, nmax-1) }
	}
	iscale := -fmax / maxv
	level := levelAt(iscale)
	for i := range x {
		L[i] = int8(level(i) + nmax)
	}
	sumlx, suml2 := sumsX3(x, level)
	var scale float32
	if suml2 != 0 {
		scale = sumlx / suml2
	}
	best := float32(scale * sumlx)
	for is := -9; is <= 9; is++ {
		if is == 0 {
			continue
		}
		iscale = -(fmax + float32(0.1*float32(is))) / maxv
		level = levelAt(iscale)
		sumlx, suml2 = sumsX3(x, level)
		if suml2 > 0 && float32(sumlx*sumlx) > float32(best*suml2) {
			for i := range x {
				L[i] = int8(level(i) + nmax)
			}
			scale = sumlx / suml2
			best = float32(scale * sumlx)
		}
	}
	return scale
}

// makeQ3Quants is make_q3_quants with do_rmse: a signed scale for len(x)
// weights with levels in [-nmax, nmax), refined one level at a time; the
// levels plus nmax go to L.
func makeQ3Quants(x []float32, L []int8, nmax int) float32 {
	maxv, amax := absMax(x)
	if amax < groupMaxEps {
		clear(L)
		return 0
	}
	iscale := -float32(nmax) / maxv
	for i, xi := range x {
		L[i] = int8(clampInt(ggmlNearestInt(iscale*xi), -nmax, nmax-1))
	}
	sumlx, suml2 := sumsX3(x, func(i int) int { return int(L[i]) })
	for range 5 {
		changed := false
		for i, xi := range x {
			w := float32(xi * xi)
			li := float32(L[i])
			slx := sumlx - float32(float32(w*xi)*li)
			if slx <= 0 {
				continue
			}
			sl2 := suml2 - float32(float32(w*li)*li)
			nl := clampInt(ggmlNearestInt(float32(xi*sl2)/slx), -nmax, nmax-1)
			if nl == int(L[i]) {
				continue
			}
			fl := float32(nl)
			slx += float32(float32(w*xi) * fl)
			sl2 += float32(float32(w*fl) * fl)
			if sl2 > 0 && float32(float32(slx*slx)*suml2) > float32(float32(sumlx*sumlx)*sl2) {
				L[i], sumlx, suml2 = int8(nl), slx, sl2
				changed = true
			}
		}
		if !changed {
			break
		}
	}
	for i := range x {
		L[i] += int8(nmax)
	}
	if suml2 > 0 {
		return sumlx / suml2
	}
	return 0
}

// qkx2Params are the search parameters of one make_qkx2_quants call site.
type qkx2Params struct {
	nmax         int     // levels are 0..nmax
	rmin, rdelta float32 // the trial steps are nmax + rmin + rdelta*is
	nstep        int     // is runs 0..nstep
	useMAD       bool    // weigh |error| instead of error^2
}

// makeQKX2Quants is make_qkx2_quants: it fits x ~ scale*L - theMin with
// levels L in [0, nmax] and weights w, trying nstep+1 scales around the
// min/max one and keeping the least-squares fit with the smallest weighted
// error. laux is scratch of len(x).
func makeQKX2Quants(p qkx2Params, x, w []float32, L, laux []uint8) (scale, theMin float32) {
	minv, maxv := x[0], x[0]
	sumW := w[0]
	sumX := float32(sumW * x[0])
	for i := 1; i < len(x); i++ {
		if x[i] < minv {
			minv = x[i]
		}
		maxv = maxIfGreater(maxv, x[i])
		sumW += w[i]
		sumX += float32(w[i] * x[i])
	}
	if minv > 0 {
		minv = 0
	}
	if maxv == minv {
		clear(L)
		return 0, -minv
	}
	fmax := float32(p.nmax)
	quantizeAll := func(iscale, minv float32, L []uint8) {
		for i, xi := range x {
			L[i] = uint8(clampInt(ggmlNearestInt(iscale*(xi-minv)), 0, p.nmax))
		}
	}
	iscale := fmax / (maxv - minv)
	scale = 1 / iscale
	quantizeAll(iscale, minv, L)
	bestErr := p.fitError(x, w, L, scale, minv)
	for is := 0; is <= p.nstep; is++ {
		iscale = (p.rmin + float32(p.rdelta*float32(is)) + fmax) / (maxv - minv)
		quantizeAll(iscale, minv, laux)
		var sumL, sumL2, sumXL float32
		for i, xi := range x {
			l := float32(laux[i])
			wl := float32(w[i] * l)
			sumL += wl
			sumL2 += float32(wl * l)
			sumXL += float32(wl * xi)
		}
		d := float32(sumW*sumL2) - float32(sumL*sumL)
		if !(d > 0) {
			continue
		}
		thisScale := (float32(sumW*sumXL) - float32(sumX*sumL)) / d
		thisMin := (float32(sumL2*sumX) - float32(sumL*sumXL)) / d
		if thisMin > 0 {
			thisMin = 0
			thisScale = sumXL / sumL2
		}
		if e := p.fitError(x, w, laux, thisScale, thisMin); e < bestErr {
			copy(L, laux)
			bestErr, scale, minv = e, thisScale, thisMin
		}
	}
	return scale, -minv
}

// fitError is the weighted error of x ~ scale*L + minv as make_qkx2_quants
// measures it.
func (p qkx2Params) fitError(x, w []float32, L []uint8, scale, minv float32) float32 {
	var e float32
	for i, xi := range x {
		diff := float32(scale*float32(L[i])) + minv - xi
		if p.useMAD {
			diff = abs32(diff)
		} else {
			diff = diff * diff
		}
		e += float32(w[i] * diff)
	}
	return e
}

// pack2Bits stores the 2-bit levels L[0:QK_K] into qs[0:QK_K/4] the way
// Q2_K and Q3_K do: in each half, byte l holds elements l, l+32, l+64, l+96.
func pack2Bits(qs []byte, L []uint8) {
	for j := 0; j < QK_K; j += 128 {
		for l := range 32 {
			qs[j/4+l] = L[j+l] | L[j+l+32]<<2 | L[j+l+64]<<4 | L[j+l+96]<<6
		}
	}
}

// scaleMinK4 is get_scale_min_k4: the 6-bit scale and min of sub-block j
// (0..7) from the 12 packed bytes q of a Q4_K or Q5_K block.
func scaleMinK4(j int, q []byte) (sc, m uint8) {
	if j < 4 {
		return q[j] & 63, q[j+4] & 63
	}
	return q[j+4]&0xF | (q[j-4]>>6)<<4, q[j+4]>>4 | (q[j]>>6)<<4
}

// putScaleMinK4 is the inverse of scaleMinK4 for sub-blocks filled in
// order 0..7: it stores the 6-bit scale ls and min lm of sub-block j.
func putScaleMinK4(j int, q []byte, ls, lm uint8) {
	if j < 4 {
		q[j], q[j+4] = ls, lm
		return
	}
	q[j+4] = ls&0xF | (lm&0xF)<<4
	q[j-4] |= (ls >> 4) << 6
	q[j] |= (lm >> 4) << 6
}

// Q4_K and Q5_K share a header: float16 d, float16 dmin, 12 bytes of
// packed 6-bit scales and mins for 8 sub-blocks of 32 weights.
const (
	kScaleMinHeader = 2 + 2 + 12
	kSubBlocks      = QK_K / 32
)

// quantizeScaleMinK4 is the common part of quantize_row_q4_K_ref and
// quantize_row_q5_K_ref: it writes the header of the block y for the 256
// weights x and returns their levels in [0, p.nmax].
func quantizeScaleMinK4(y []byte, x []float32, p qkx2Params) (L [QK_K]uint8) {
	var weights [32]float32
	var laux [32]uint8
	var scales, mins [kSubBlocks]float32
	var maxScale, maxMin float32
	for j := range kSubBlocks {
		xs := x[32*j : 32*j+32]
		var sumX2 float32
		for _, v := range xs {
			sumX2 += float32(v * v)
		}
		avX := sqrt32(sumX2 / 32)
		for l, v := range xs {
			weights[l] = avX + abs32(v)
		}
		scales[j], mins[j] = makeQKX2Quants(p, xs, weights[:], L[32*j:32*j+32], laux[:])
		maxScale = maxIfGreater(maxScale, scales[j])
		maxMin = maxIfGreater(maxMin, mins[j])
	}
	var invScale, invMin float32
	if maxScale > 0 {
		invScale = 63 / maxScale
	}
	if maxMin > 0 {
		invMin = 63 / maxMin
	}
	q := y[4:kScaleMinHeader]
	for j := range kSubBlocks {
		ls := min(63, uint8(ggmlNearestInt(invScale*scales[j])))
		lm := min(63, uint8(ggmlNearestInt(invMin*mins[j])))
		putScaleMinK4(j, q, ls, lm)
	}
	putF16(y[0:], maxScale/63)
	putF16(y[2:], maxMin/63)
	d, dmin := f16At(y[0:]), f16At(y[2:])
	for j := range kSubBlocks {
		sc, m := scaleMinK4(j, q)
		dl := d * float32(sc)
		if dl == 0 {
			continue
		}
		ml := float32(dmin * float32(m))
		for ii := 32 * j; ii < 32*j+32; ii++ {
			L[ii] = uint8(clampInt(ggmlNearestInt((x[ii]+ml)/dl), 0, p.nmax))
		}
	}
	return L
}

// scalesMinsK4 decodes the header of a Q4_K or Q5_K block: the scale and
// the min of each sub-block of 32 weights.
func scalesMinsK4(x []byte) (d, m [kSubBlocks]float32) {
	dall, dmin := f16At(x[0:]), f16At(x[2:])
	for j := range kSubBlocks {
		sc, mn := scaleMinK4(j, x[4:kScaleMinHeader])
		d[j] = dall * float32(sc)
		m[j] = float32(dmin * float32(mn))
	}
	return d, m
}
