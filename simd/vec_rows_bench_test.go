package simd_test

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/laminalabs/lamina/simd"
)

// BenchmarkRows runs the multi-row kernels on attention's shape (512
// cached rows of a head dimension of 64 or 128, 8 KV heads apart) beside
// the loops of one-row kernels they replace; the bytes per second are row
// bytes.
func BenchmarkRows(b *testing.B) {
	const m = 512
	for _, n := range []int{64, 128} {
		stride := 8 * n
		rng := rand.New(rand.NewPCG(3, uint64(n)))
		x := randomVec(n, rng)
		rows := randomVec((m-1)*stride+n, rng)
		scores := randomVec(m, rng)
		out := make([]float32, n)
		ops := []struct {
			name string
			run  func()
		}{
			{"DotRows", func() { simd.DotRows(scores, x, rows, stride) }},
			{"DotLoop", func() {
				for j := range scores {
					scores[j] = simd.Dot(x, rows[j*stride:j*stride+n])
				}
			}},
			{"AxpyRows", func() { simd.AxpyRows(out, rows, stride, scores) }},
			{"AxpyLoop", func() {
				for j, s := range scores {
					simd.Axpy(out, rows[j*stride:j*stride+n], s)
				}
			}},
		}
		for _, op := range ops {
			b.Run(fmt.Sprintf("%s/n=%d", op.name, n), func(b *testing.B) {
				forEachImpl(b, func(b *testing.B) {
					b.SetBytes(int64(4 * m * n))
					b.ReportAllocs()
					for b.Loop() {
						op.run()
					}
				})
			})
		}
	}
}
