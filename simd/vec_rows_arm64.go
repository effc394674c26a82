//go:build !purego

package simd

// dotRowsNEON sets dst[j] = dotNEON(x, rows[j*stride:j*stride+len(x)])
// for every j < len(dst), bit for bit: two rows at a time share the loads
// of x, and each row is accumulated in dotNEON's eight float64 vector
// accumulators and scalar tail, added up in dotNEON's order, for every
// len(x). stride >= 0 and len(rows) >= (len(dst)-1)*stride+len(x) when
// dst is not empty (dotRows checks it). See dotRowsGeneric for the
// reference implementation.
//
//go:noescape
func dotRowsNEON(dst, x, rows []float32, stride int)

// axpyRowsNEON sets dst[i] += float32(s[j]*rows[j*stride+i]) for
// j = 0, 1, ..., len(s)-1 in turn and every i < len(dst), with dst held in
// registers across all the rows (in column chunks of up to 64), bit for
// bit as axpyNEON called once per row. stride >= 0 and len(rows) >=
// (len(s)-1)*stride+len(dst) when s is not empty (axpyRows checks it). See
// axpyRowsGeneric for the reference implementation.
//
//go:noescape
func axpyRowsNEON(dst, rows []float32, stride int, s []float32)
