package simd

// IQ4_XS super-block (ggml's block_iq4_xs): fp16 d, a little-endian uint16
// with the high 2 bits and 4 bytes with the low 4 bits of the eight 6-bit
// sub-block scales ls (biased by 32), then 8 runs of 16 bytes of indices
// into kvaluesIQ4NL packed as in lookupNibbles; weight =
// d*(ls-32)*kvaluesIQ4NL[k].
const (
	iq4xsScalesH = 2
	iq4xsScalesL = 4
	iq4xsQs      = 8
	iq4xsBytes   = iq4xsQs + qk/2
)

// DotIQ4_XSQ8_K returns the dot product of n IQ4_XS weights w with n
// activations a quantized by QuantizeQ8_K, as ggml_vec_dot_iq4_xs_q8_K
// computes it. n is a multiple of 256, len(w) >= n/256*136 and
// len(a) >= n/256*292.
func DotIQ4_XSQ8_K(w, a []byte, n int) float32 { return dotIQ4_XSQ8_K(w, a, n) }

// dotIQ4_XSQ8_KGeneric is ggml_vec_dot_iq4_xs_q8_K_generic.
func dotIQ4_XSQ8_KGeneric(w, a []byte, n int) float32 {
	var sumf float32
	for i := range n / qk {
		x, y := w[i*iq4xsBytes:][:iq4xsBytes], a[i*q8KBytes:][:q8KBytes]
		d4d8 := f16At(x) * f32At(y)
		sh := le16(x[iq4xsScalesH:])
		for ib := range qk / q8Block {
			ls := int32(x[iq4xsScalesL+ib/2]>>(4*(ib%2))&0xF | byte(sh>>(2*ib)&3)<<4)
			q := lookupNibbles(x[iq4xsQs+16*ib:], &kvaluesIQ4NL)
			sumi := dot32(&q, (*[q8Block]byte)(y[q8KQs+q8Block*ib:]))
			sumf += float32(float32(d4d8*float32(ls-32)) * float32(sumi))
		}
	}
	return sumf
}
