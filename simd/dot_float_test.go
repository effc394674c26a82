package simd_test

import (
	"encoding/binary"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/x448/float16"

	"github.com/laminalabs/lamina/simd"
)

// floatRowType describes one float weight type for TestDotFloatAsm: its
// size, its dot product, how to draw a value's bits for a case, and how to
// decode them.
type floatRowType struct {
	name   string
	size   int
	dot    func(w, a []byte, n int) float32
	decode func(bits uint32) float64
}

var floatRowTypes = []floatRowType{
	{"F32", 4, simd.DotF32, func(b uint32) float64 { return float64(math.Float32frombits(b)) }},
	{"F16", 2, simd.DotF16, func(b uint32) float64 { return float64(float16.Frombits(uint16(b)).Float32()) }},
	{"BF16", 2, simd.DotBF16, func(b uint32) float64 { return float64(math.Float32frombits(b << 16)) }},
}

// floatRowCases draw the bits of one value of type typ ("F32", "F16" or
// "BF16"): all finite, with products and sums well inside float32.
var floatRowCases = []struct {
	name string
	bits func(typ string, rng *rand.Rand) uint32
}{
	{"random", func(typ string, rng *rand.Rand) uint32 {
		v := float32(rng.NormFloat64())
		switch typ {
		case "F32":
			return math.Float32bits(v)
		case "F16":
			return uint32(float16.Fromfloat32(v).Bits())
		}
		return math.Float32bits(v) >> 16
	}},
	{"finite bits", func(typ string, rng *rand.Rand) uint32 {
		switch typ {
		case "F32": // |v| < 2^40
			return rng.Uint32()&0x80000000 | rng.Uint32N(0x53800000)
		case "F16": // any finite half
			return rng.Uint32N(0x7c00) | rng.Uint32N(2)<<15
		}
		return rng.Uint32N(0x5380) | rng.Uint32N(2)<<15 // |v| < 2^40
	}},
	{"max f16", func(typ string, rng *rand.Rand) uint32 {
		s := rng.Uint32N(2)
		switch typ {
		case "F32":
			return s<<31 | math.Float32bits(65504)
		case "F16":
			return s<<15 | 0x7bff
		}
		return s<<15 | math.Float32bits(65504)>>16
	}},
	{"subnormal", func(typ string, rng *rand.Rand) uint32 {
		switch typ {
		case "F32":
			return rng.Uint32() & 0x807fffff
		case "F16":
			return rng.Uint32() & 0x83ff
		}
		return rng.Uint32() & 0x807f
	}},
	{"zeros", func(typ string, rng *rand.Rand) uint32 {
		if typ == "F32" {
			return rng.Uint32N(2) << 31
		}
		return rng.Uint32N(2) << 15
	}},
}

// putBits writes the low size bytes of bits to b.
func putBits(b []byte, size int, bits uint32) {
	if size == 4 {
		binary.LittleEndian.PutUint32(b, bits)
	} else {
		binary.LittleEndian.PutUint16(b, uint16(bits))
	}
}

// TestDotFloatAsm checks DotF32, DotF16 and DotBF16 against their twins on
// rows starting at odd byte offsets. The AVX2 kernels sum in float32 lanes
// where the twins sum in float64: they must agree within 1e-5 of the sum
// of the products' magnitudes.
func TestDotFloatAsm(t *testing.T) {
	for _, typ := range floatRowTypes {
		t.Run(typ.name, func(t *testing.T) {
			forEachImpl(t, func(t *testing.T) {
				rng := rand.New(rand.NewPCG(43, uint64(typ.size)))
				for _, c := range floatRowCases {
					for _, n := range vecLengths {
						for _, off := range []int{0, 1, 3, 6} {
							wb := make([]byte, off+typ.size*n+5)
							ab := make([]byte, 7-off+typ.size*n)
							w, a := wb[off:off+typ.size*n], ab[7-off:]
							var mag float64
							for i := range n {
								x, y := c.bits(typ.name, rng), c.bits(typ.name, rng)
								putBits(w[typ.size*i:], typ.size, x)
								putBits(a[typ.size*i:], typ.size, y)
								mag += math.Abs(typ.decode(x) * typ.decode(y))
							}
							var want float32
							floatTwin(func() { want = typ.dot(w, a, n) })
							got := typ.dot(w, a, n)
							if !(math.Abs(float64(got)-float64(want)) <= 1e-5*mag) {
								t.Errorf("%s, n=%d, offset %d: Dot%s = %g, twin %g (magnitude %g)", c.name, n, off, typ.name, got, want, mag)
							}
						}
					}
				}
				// An infinity or NaN in the vector body or the tail.
				specials := map[int][]uint32{4: {0x7f800000, 0xff800000, 0x7fc00000, 0x7f800001}, 2: {0x7c00, 0xfc00, 0x7e00, 0x7c01}}
				if typ.name == "BF16" {
					specials[2] = []uint32{0x7f80, 0xff80, 0x7fc0, 0x7f81}
				}
				n := 41
				w, a := make([]byte, typ.size*n), make([]byte, typ.size*n)
				for i := range n {
					putBits(w[typ.size*i:], typ.size, floatRowCases[0].bits(typ.name, rng))
					putBits(a[typ.size*i:], typ.size, floatRowCases[0].bits(typ.name, rng))
				}
				for _, s := range specials[typ.size] {
					for _, at := range []int{0, 13, 39, 40} {
						saved := append([]byte(nil), w[typ.size*at:typ.size*(at+1)]...)
						putBits(w[typ.size*at:], typ.size, s)
						var want float32
						floatTwin(func() { want = typ.dot(w, a, n) })
						if got := typ.dot(w, a, n); !sameF32(got, want) {
							t.Errorf("Dot%s with %#x at %d = %g, twin %g", typ.name, s, at, got, want)
						}
						copy(w[typ.size*at:], saved)
					}
				}
			})
		})
	}
}
