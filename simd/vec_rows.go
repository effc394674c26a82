package simd

// DotRows sets dst[j] = Dot(x, rows[j*stride:j*stride+len(x)]) for every
// j < len(dst): the dot products of x with len(dst) rows of a row-major
// matrix whose rows start stride elements apart (attention's scores of one
// query against consecutive cached keys). Each result has exactly the bits
// Dot returns for that row. stride >= len(x), and len(rows) >=
// (len(dst)-1)*stride+len(x) when dst is not empty.
func DotRows(dst, x, rows []float32, stride int) { dotRows(dst, x, rows, stride) }

func dotRowsGeneric(dst, x, rows []float32, stride int) {
	n := len(x)
	for j := range dst {
		dst[j] = dotGeneric(x, rows[j*stride:j*stride+n])
	}
}

// AxpyRows adds s[j]*rows[j*stride:j*stride+len(dst)] to dst for j = 0,
// 1, ..., len(s)-1 in turn (attention's weighted sum of consecutive cached
// values), with exactly the bits of calling Axpy(dst,
// rows[j*stride:j*stride+len(dst)], s[j]) for each j in that order: every
// product is rounded to float32 before its addition. stride >= len(dst),
// and len(rows) >= (len(s)-1)*stride+len(dst) when s is not empty.
func AxpyRows(dst, rows []float32, stride int, s []float32) { axpyRows(dst, rows, stride, s) }

func axpyRowsGeneric(dst, rows []float32, stride int, s []float32) {
	n := len(dst)
	for j, a := range s {
		axpyGeneric(dst, rows[j*stride:j*stride+n], a)
	}
}

// checkRows panics unless m rows of n elements, stride >= 0 apart, lie
// within the nrows elements of rows: the assembly kernels index rows
// without bounds checks. It costs one test per call, not per row.
func checkRows(m, n, stride, nrows int) {
	if m > 0 && (n > nrows || stride < 0 || stride > 0 && m-1 > (nrows-n)/stride) {
		panic("simd: rows out of range")
	}
}
