package simd_test

import (
	"bytes"
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/laminalabs/lamina/simd"
)

// q8Specials are the floats that decide what MAXPS, the division by amax,
// CVTPS2DQ and the packs do: NaNs of both signs and with payloads (one
// signalling), infinities, zeros, subnormals and the largest finite
// values.
var q8Specials = []float32{
	float32(math.NaN()),
	math.Float32frombits(0xffc00000),
	math.Float32frombits(0x7f800001),
	math.Float32frombits(0xff912345),
	float32(math.Inf(1)),
	float32(math.Inf(-1)),
	0,
	float32(math.Copysign(0, -1)),
	math.Float32frombits(1),
	-math.Float32frombits(0x007fffff),
	math.MaxFloat32,
	-math.MaxFloat32,
	0.5,
	-126.5,
}

// q8Block returns one block of 32 floats of the kind kind selects.
func q8Block(rng *rand.Rand, kind int) []float32 {
	x := make([]float32, 32)
	mag := float32(math.Pow(10, rng.Float64()*80-40))
	for i := range x {
		x[i] = mag * (2*rng.Float32() - 1)
	}
	switch kind {
	case 0: // random of one magnitude, 1e-40 to 1e40
	case 1: // a special value at one position
		x[rng.IntN(32)] = q8Specials[rng.IntN(len(q8Specials))]
	case 2: // several special values
		for range 1 + rng.IntN(4) {
			x[rng.IntN(32)] = q8Specials[rng.IntN(len(q8Specials))]
		}
	case 3: // all zero
		clear(x)
	case 4: // integers and halves around 127: amax = 127 gives id = 1
		for i := range x {
			x[i] = float32(rng.IntN(509)-254) / 2
		}
		x[rng.IntN(32)] = 127
	case 5: // one value repeated, maybe negative
		v := x[0]
		for i := range x {
			x[i] = v
		}
	}
	return x
}

// TestQuantizeQ8MatchesTwin compares QuantizeQ8_0 and QuantizeQ8_1 byte
// for byte with their pure-Go twins on rows of many lengths, with NaNs,
// infinities, zeros and subnormals in every position, the input and dst
// at odd offsets and guard bytes after dst.
func TestQuantizeQ8MatchesTwin(t *testing.T) {
	quantizers := []struct {
		name     string
		size     int
		quantize func(dst []byte, x []float32)
	}{
		{"Q8_0", 34, simd.QuantizeQ8_0},
		{"Q8_1", 36, simd.QuantizeQ8_1},
	}
	const guardByte, guardLen = 0xa5, 37
	forEachImpl(t, func(t *testing.T) {
		for _, q := range quantizers {
			for seed := range uint64(3) {
				rng := rand.New(rand.NewPCG(seed, 8))
				for i, nb := range b32BlockCounts {
					var x []float32
					xoff := (i + int(seed)) % 8
					x = make([]float32, xoff, xoff+32*nb)
					for range nb {
						x = append(x, q8Block(rng, rng.IntN(6))...)
					}
					x = x[xoff:]
					size := nb * q.size
					doff := 1 + (3*i+int(seed))%31
					want := make([]byte, size)
					b32Generic(t, func() int { q.quantize(want, x); return 0 })
					buf := bytes.Repeat([]byte{guardByte}, doff+size+guardLen)
					got := buf[doff : doff+size]
					q.quantize(got, x)
					if !bytes.Equal(buf[doff+size:], bytes.Repeat([]byte{guardByte}, guardLen)) {
						t.Errorf("%s: %s, n=%d, seed %d: wrote past dst: % x", simd.Path(), q.name, 32*nb, seed, buf[doff+size:])
					}
					for blk := range nb {
						g, w := got[blk*q.size:][:q.size], want[blk*q.size:][:q.size]
						if !bytes.Equal(g, w) {
							t.Errorf("%s: %s, n=%d, seed %d, block %d of %s: got\n% x\nwant\n% x", simd.Path(), q.name, 32*nb, seed, blk,
								fmt.Sprint(x[32*blk:][:32]), g, w)
						}
					}
				}
			}
		}
	})
}
