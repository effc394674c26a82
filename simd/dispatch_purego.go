//go:build purego || !(amd64 || arm64)

package simd

// Without assembly (the purego tag, or an architecture with none) every
// kernel is its pure-Go twin.

func f32ToF16(dst []uint16, x []float32)           { f32ToF16Generic(dst, x) }
func f16ToF32(dst []float32, x []uint16)           { f16ToF32Generic(dst, x) }
func f32ToBF16(dst []uint16, x []float32)          { f32ToBF16Generic(dst, x) }
func quantizeF16(dst []byte, x []float32)          { quantizeF16Generic(dst, x) }
func quantizeBF16(dst []byte, x []float32)         { quantizeBF16Generic(dst, x) }
func dotBF16(w, a []byte, n int) float32           { return dotBF16Generic(w, a, n) }
func dotF16(w, a []byte, n int) float32            { return dotF16Generic(w, a, n) }
func dotF32(w, a []byte, n int) float32            { return dotF32Generic(w, a, n) }
func dotIQ4_NLQ8_0(w, a []byte, n int) float32     { return dotIQ4_NLQ8_0Generic(w, a, n) }
func dotIQ4_XSQ8_K(w, a []byte, n int) float32     { return dotIQ4_XSQ8_KGeneric(w, a, n) }
func dotQ2_KQ8_K(w, a []byte, n int) float32       { return dotQ2_KQ8_KGeneric(w, a, n) }
func dotQ3_KQ8_K(w, a []byte, n int) float32       { return dotQ3_KQ8_KGeneric(w, a, n) }
func dotQ4_0Q8_0(w, a []byte, n int) float32       { return dotQ4_0Q8_0Generic(w, a, n) }
func dotQ4_1Q8_1(w, a []byte, n int) float32       { return dotQ4_1Q8_1Generic(w, a, n) }
func dotQ4_KQ8_K(w, a []byte, n int) float32       { return dotQ4_KQ8_KGeneric(w, a, n) }
func dotQ5_0Q8_0(w, a []byte, n int) float32       { return dotQ5_0Q8_0Generic(w, a, n) }
func dotQ5_1Q8_1(w, a []byte, n int) float32       { return dotQ5_1Q8_1Generic(w, a, n) }
func dotQ5_KQ8_K(w, a []byte, n int) float32       { return dotQ5_KQ8_KGeneric(w, a, n) }
func dotQ6_KQ8_K(w, a []byte, n int) float32       { return dotQ6_KQ8_KGeneric(w, a, n) }
func dotQ8_0Q8_0(w, a []byte, n int) float32       { return dotQ8_0Q8_0Generic(w, a, n) }
func quantizeQ8_0(dst []byte, x []float32)         { quantizeQ8_0Generic(dst, x) }
func quantizeQ8_1(dst []byte, x []float32)         { quantizeQ8_1Generic(dst, x) }
func quantizeQ8_K(dst []byte, x []float32)         { quantizeQ8_KGeneric(dst, x) }
func dot(x, y []float32) float32                   { return dotGeneric(x, y) }
func axpy(dst, x []float32, a float32)             { axpyGeneric(dst, x, a) }
func scale(x []float32, a float32)                 { scaleGeneric(x, a) }
func maxF32(x []float32) float32                   { return maxGeneric(x) }
func expSum(dst, x []float32, max float32) float64 { return expSumGeneric(dst, x, max) }
func sumSquares(x []float32) float64               { return sumSquaresGeneric(x) }

func dotRows(dst, x, rows []float32, stride int)            { dotRowsGeneric(dst, x, rows, stride) }
func axpyRows(dst, rows []float32, stride int, s []float32) { axpyRowsGeneric(dst, rows, stride, s) }

func swiglu(gate, up []float32) { swigluGeneric(gate, up) }
