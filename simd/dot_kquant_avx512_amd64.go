//go:build !purego

package simd

// AVX-512 (F, BW, VL and VNNI) dot products of the K-quant weight formats
// with Q8_K activations, in dot_kquant_avx512_amd64.s. Like the AVX2 ones
// in dot_kquant_amd64.go, each sums the integer products of a super-block
// exactly in int32 lanes, then adds them, scaled in float32 by the
// super-block's d times the activations' d, to float32 lane totals; the
// minimums are folded in from the activations' bsums. The results differ
// from the twins' only in the order of the float32 additions.
//
// Every kernel requires n to be a multiple of 256, w to hold n/256 weight
// super-blocks and a to hold n/256 Q8_K blocks written by QuantizeQ8_K
// (whose codes lie in [-127, 127] and whose bsums match the codes). The
// kernels read nothing beyond those blocks.

// dotQ4_KQ8_KAVX512 returns, over the super-blocks i of w (144 bytes) and
// a (292 bytes),
//
//	sum_i d_i*dy_i*sum_j scale_ij*sum_{l<32} q_ijl*y_ijl - dmin_i*dy_i*sum_j min_ij*(bsum_i,2j + bsum_i,2j+1)
//
// with the 6-bit scales and minimums of the 32-weight groups j and the
// 4-bit codes q. n is a multiple of 256, len(w) >= n/256*144,
// len(a) >= n/256*292. See dotQ4_KQ8_KGeneric for the reference
// implementation.
//
//go:noescape
func dotQ4_KQ8_KAVX512(w, a []byte, n int) float32

// dotQ6_KQ8_KAVX512 returns, over the super-blocks i of w (210 bytes) and
// a (292 bytes),
//
//	sum_i d_i*dy_i*sum_g scale_ig*sum_{l<16} (q_igl-32)*y_igl
//
// with the int8 scales of the 16-weight groups g and the 6-bit codes q.
// n is a multiple of 256, len(w) >= n/256*210, len(a) >= n/256*292.
// See dotQ6_KQ8_KGeneric for the reference implementation.
//
//go:noescape
func dotQ6_KQ8_KAVX512(w, a []byte, n int) float32

// dotQ5_KQ8_KAVX512 is dotQ4_KQ8_KAVX512 for Q5_K super-blocks (176
// bytes), whose codes q have a fifth bit. n is a multiple of 256,
// len(w) >= n/256*176, len(a) >= n/256*292. See dotQ5_KQ8_KGeneric for
// the reference implementation.
//
//go:noescape
func dotQ5_KQ8_KAVX512(w, a []byte, n int) float32

// dotQ3_KQ8_KAVX512 returns, over the super-blocks i of w (110 bytes) and
// a (292 bytes),
//
//	sum_i d_i*dy_i*sum_g (scale_ig-32)*sum_{l<16} q_igl*y_igl
//
// with the 6-bit scales of the 16-weight groups g and the 3-bit codes
// q in [-4, 3]. n is a multiple of 256, len(w) >= n/256*110,
// len(a) >= n/256*292. See dotQ3_KQ8_KGeneric for the reference
// implementation.
//
//go:noescape
func dotQ3_KQ8_KAVX512(w, a []byte, n int) float32

// dotQ2_KQ8_KAVX512 returns, over the super-blocks i of w (84 bytes) and
// a (292 bytes),
//
//	sum_i d_i*dy_i*sum_g scale_ig*sum_{l<16} q_igl*y_igl - dmin_i*dy_i*sum_g min_ig*bsum_ig
//
// with the 4-bit scales and minimums of the 16-weight groups g and the
// 2-bit codes q. n is a multiple of 256, len(w) >= n/256*84,
// len(a) >= n/256*292. See dotQ2_KQ8_KGeneric for the reference
// implementation.
//
//go:noescape
func dotQ2_KQ8_KAVX512(w, a []byte, n int) float32

// dotIQ4_XSQ8_KAVX512 returns, over the super-blocks i of w (136 bytes)
// and a (292 bytes),
//
//	sum_i d_i*dy_i*sum_ib (ls_i,ib-32)*sum_{l<32} kvaluesIQ4NL[k_i,ib,l]*y_i,ib,l
//
// with the 6-bit scales ls of the 32-weight groups ib and the 4-bit
// indices k. n is a multiple of 256, len(w) >= n/256*136,
// len(a) >= n/256*292. See dotIQ4_XSQ8_KGeneric for the reference
// implementation.
//
//go:noescape
func dotIQ4_XSQ8_KAVX512(w, a []byte, n int) float32
