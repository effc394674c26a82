//go:build !purego

package simd

// quantizeQ8_KAVX2 quantizes x, a whole number of 256-value blocks, to
// Q8_K in dst (292 bytes a block): per block, with amax = max |x| (NaNs
// skipped) and maxv the first x with |x| == amax, iscale = -127/maxv, the
// float32 d = 1/iscale, the codes min(127, nearest_int(iscale*x)) as int8,
// and the 16 int16 sums of each 16 codes; an all-zero block (amax = 0) is
// all zero bytes. The output is the twin's byte for byte, NaNs and
// infinities included. len(dst) >= len(x)/256*292.
// See quantizeQ8_KGeneric for the reference implementation.
//
//go:noescape
func quantizeQ8_KAVX2(dst []byte, x []float32)
