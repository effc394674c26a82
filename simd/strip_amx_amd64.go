//go:build !purego

package simd

// AMX (tile and int8) strip kernels of grouped Q4_0 and Q8_0 weights, in
// strip_amx_amd64.s; amxOn (amx_linux_amd64.go) says whether they
// run.

// groupStripQ4_0Q8_0AMX is the Group Strip of Q4_0 weights on AMX. See
// groupStripQ4_0Q8_0Generic for the reference implementation.
//
//go:noescape
func groupStripQ4_0Q8_0AMX(dst []float32, dstStride int, g []byte, groups int, s []byte, tokens, n int)

// groupStripQ8_0Q8_0AMX is the Group Strip of Q8_0 weights on AMX. See
// groupStripQ8_0Q8_0Generic for the reference implementation.
//
//go:noescape
func groupStripQ8_0Q8_0AMX(dst []float32, dstStride int, g []byte, groups int, s []byte, tokens, n int)

func groupStripQ4_0Q8_0(dst []float32, dstStride int, g []byte, groups int, s []byte, tokens, n int) {
	if amxOn() {
		groupStripQ4_0Q8_0AMX(dst, dstStride, g, groups, s, tokens, n)
		return
	}
	groupStripQ4_0Q8_0Generic(dst, dstStride, g, groups, s, tokens, n)
}

func groupStripQ8_0Q8_0(dst []float32, dstStride int, g []byte, groups int, s []byte, tokens, n int) {
	if amxOn() {
		groupStripQ8_0Q8_0AMX(dst, dstStride, g, groups, s, tokens, n)
		return
	}
	groupStripQ8_0Q8_0Generic(dst, dstStride, g, groups, s, tokens, n)
}
