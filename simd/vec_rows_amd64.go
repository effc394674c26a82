//go:build !purego

package simd

// dotRowsAVX2 sets dst[j] = dotAVX2(x, rows[j*stride:j*stride+len(x)])
// for every j < len(dst), bit for bit: three rows at a time share the
// loads of x, and each row is accumulated in dotAVX2's four 8-lane FMA
// accumulators, reduced in float32 and finished with its last len(x)%8
// products in float64 exactly as dotAVX2 does, for every len(x).
// stride >= 0 and len(rows) >= (len(dst)-1)*stride+len(x) when dst is not
// empty (dotRows checks it). See dotRowsGeneric for the reference
// implementation, which sums the float32 products in float64.
//
//go:noescape
func dotRowsAVX2(dst, x, rows []float32, stride int)

// axpyRowsAVX2 sets dst[i] += float32(s[j]*rows[j*stride+i]) for
// j = 0, 1, ..., len(s)-1 in turn and every i < len(dst), with dst held in
// registers across all the rows (in column chunks of up to 64), bit for
// bit as axpyAVX2 called once per row. stride >= 0 and len(rows) >=
// (len(s)-1)*stride+len(dst) when s is not empty (axpyRows checks it). See
// axpyRowsGeneric for the reference implementation.
//
//go:noescape
func axpyRowsAVX2(dst, rows []float32, stride int, s []float32)

// dotRowsAVX512 returns what dotRowsAVX2 returns, bit for bit: where
// len(x)%8 == 0 it runs dotRows8AVX512 on the rows of whole groups of 8,
// and dotRowsAVX2 on the rest. The same preconditions. See dotRowsGeneric
// for the reference implementation.
func dotRowsAVX512(dst, x, rows []float32, stride int) {
	m := 0
	if len(x)%8 == 0 {
		m = len(dst) &^ 7
		dotRows8AVX512(dst[:m], x, rows, stride)
	}
	if m < len(dst) {
		dotRowsAVX2(dst[m:], x, rows[m*stride:], stride)
	}
}

// dotRows8AVX512 sets dst[j] = dotAVX2(x, rows[j*stride:j*stride+len(x)])
// for every j < len(dst), bit for bit, eight rows at a time with dotAVX2's
// four 8-lane accumulators of each row in two 16-lane registers, and the
// reduction run across the eight rows. len(x)%8 == 0, len(dst)%8 == 0,
// stride >= 0 and len(rows) >= (len(dst)-1)*stride+len(x) when dst is not
// empty. See dotRowsGeneric for the reference implementation.
//
//go:noescape
func dotRows8AVX512(dst, x, rows []float32, stride int)

// axpyRowsAVX512 computes what axpyRowsAVX2 computes, bit for bit (the
// same product and sum per value, on 16 lanes), with dst in column chunks
// of up to 128 held in registers. The same preconditions. See
// axpyRowsGeneric for the reference implementation.
//
//go:noescape
func axpyRowsAVX512(dst, rows []float32, stride int, s []float32)
