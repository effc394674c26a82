package model

import "math"

// rope rotates query/key heads by position, as ggml_rope_ext does for the
// models here (YaRN only when the file asks for it).
type rope struct {
	style      RopeStyle
	dims       int       // rotated dimensions per head
	thetaScale float32   // base^(-2/dims)
	freqScale  float32   // 1/linear scaling factor
	freqs      []float32 // per-pair frequency divisors (rope_freqs.weight) or nil
	extFactor  float32   // YaRN extrapolation mix (0: off)
	corrDims   [2]float32
	mscale     float32
}

// newRope returns the model's RoPE (global layers).
func newRope(c *Config, style RopeStyle, freqs []float32) *rope {
	return newRopeBase(c, style, c.RopeBase, true, freqs)
}

// newRopeBase returns a RoPE of the given base; scaled applies the file's
// RoPE scaling (Gemma 3's local layers are unscaled).
func newRopeBase(c *Config, style RopeStyle, base float32, scaled bool, freqs []float32) *rope {
	r := &rope{
		style:      style,
		dims:       c.RopeDims,
		thetaScale: float32(math.Pow(float64(base), -2/float64(c.RopeDims))),
		freqScale:  1,
		freqs:      freqs,
		mscale:     1,
	}
	if !scaled {
		return r
	}
	r.freqScale = c.RopeFreqScale
	if c.Scaling == RopeScalingYaRN {
		r.extFactor = 1
		r.corrDims = yarnCorrDims(c.RopeDims, c.YaRNOrigCtx, base, 32, 1)
		r.mscale *= 1 + 0.1*float32(math.Log(1/float64(r.freqScale)))
	}
	return r
}

// yarnCorrDims is ggml_rope_yarn_corr_dims: the dimension range over which
// YaRN blends interpolation and extrapolation.
func yarnCorrDims(nDims, nCtxOrig int, base, betaFast, betaSlow float32) [2]float32 {
	corr := func(nRot float32) float64 {
		return float64(nDims) * math.Log(float64(nCtxOrig)/(float64(nRot)*2*math.Pi)) / (2 * math.Log(float64(base)))
	}
	lo := math.Max(0, math.Floor(corr(betaFast)))
	hi := math.Min(float64(nDims-1), math.Ceil(corr(betaSlow)))
	return [2]float32{float32(lo), float32(hi)}
}

// cache fills cs with (cos, sin) pairs for position pos, one pair per
// rotated pair of dimensions, as ggml_rope_cache_init does.
func (r *rope) cache(cs []float32, pos int) {
	theta := float32(pos)
	for i0 := 0; i0 < r.dims; i0 += 2 {
		t := theta
		if r.freqs != nil {
			t /= r.freqs[i0/2]
		}
		interp := r.freqScale * t
		angle := interp
		if r.extFactor != 0 {
			y := (float32(i0/2) - r.corrDims[0]) / max(0.001, r.corrDims[1]-r.corrDims[0])
			mix := (1 - min(1, max(0, y))) * r.extFactor
			angle = interp*(1-mix) + t*mix
		}
		cs[i0] = float32(math.Cos(float64(angle))) * r.mscale
		cs[i0+1] = float32(math.Sin(float64(angle))) * r.mscale
		theta *= r.thetaScale
	}
}

// apply rotates one head x (head_dim values) with the cached cos/sin.
func (r *rope) apply(x, cs []float32) {
	half := r.dims / 2
	for i0 := 0; i0 < r.dims; i0 += 2 {
		c, s := cs[i0], cs[i0+1]
		a, b := i0, i0+1
		if r.style == RopeNeox {
			a, b = i0/2, i0/2+half
		}
		x0, x1 := x[a], x[b]
		x[a] = float32(x0*c) - float32(x1*s)
		x[b] = float32(x0*s) + float32(x1*c)
	}
}
