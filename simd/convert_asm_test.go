package simd_test

import (
	"encoding/binary"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/laminalabs/lamina/simd"
)

// halfGuard is the guard pattern around 16-bit destinations.
const halfGuard = 0xa5a5

// convertInputs returns float32 inputs for the narrowing conversions:
// random bit patterns (every NaN payload, subnormals, infinities) and
// values on the rounding edges of half precision and bfloat16.
func convertInputs(n int, rng *rand.Rand) []float32 {
	x := make([]float32, n)
	for i := range x {
		switch rng.IntN(4) {
		case 0: // any bits
			x[i] = math.Float32frombits(rng.Uint32())
		case 1: // a half or bfloat16 tie, or next to one
			b := rng.Uint32()&^0x1fff | 0x1000 // F16 tie bits (normal halves)
			if rng.IntN(2) == 0 {
				b = rng.Uint32()&^0xffff | 0x8000 // BF16 tie bits
			}
			x[i] = math.Float32frombits(b + uint32(rng.IntN(3)) - 1)
		case 2: // around half precision's range
			x[i] = float32(math.Ldexp(2*rng.Float64()-1, rng.IntN(50)-30))
		default:
			x[i] = f16Edges[rng.IntN(len(f16Edges))]
			if rng.IntN(2) == 0 {
				x[i] = -x[i]
			}
			if rng.IntN(8) == 0 {
				x[i] = floatSpecials[rng.IntN(len(floatSpecials))]
			}
		}
	}
	return x
}

// TestConvertAsm checks F32ToF16, F32ToBF16, QuantizeF16 and QuantizeBF16
// against their twins bit for bit (NaN payloads included), with their
// destinations at odd offsets between guards.
func TestConvertAsm(t *testing.T) {
	narrow := []struct {
		name string
		conv func(dst []uint16, x []float32)
	}{{"F32ToF16", simd.F32ToF16}, {"F32ToBF16", simd.F32ToBF16}}
	rows := []struct {
		name     string
		quantize func(dst []byte, x []float32)
	}{{"QuantizeF16", simd.QuantizeF16}, {"QuantizeBF16", simd.QuantizeBF16}}
	forEachImpl(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(51, 52))
		for _, n := range vecLengths {
			for _, off := range floatOffsets {
				_, x := guardedF32(convertInputs(n, rng), 7-off)
				for _, c := range narrow {
					want := make([]uint16, n)
					floatTwin(func() { c.conv(want, x) })
					buf := make([]uint16, off+n+8)
					for i := range buf {
						buf[i] = halfGuard
					}
					c.conv(buf[off:off+n:off+n], x)
					for i, h := range buf {
						switch {
						case i >= off && i < off+n && h != want[i-off]:
							t.Errorf("n=%d, offset %d: %s(%g = %#08x) = %#04x, twin %#04x",
								n, off, c.name, x[i-off], math.Float32bits(x[i-off]), h, want[i-off])
						case (i < off || i >= off+n) && h != halfGuard:
							t.Errorf("n=%d, offset %d: %s wrote %#04x at index %d", n, off, c.name, h, i-off)
						}
					}
				}
				for _, c := range rows {
					want := make([]byte, 2*n)
					floatTwin(func() { c.quantize(want, x) })
					boff := 2*off + 1 // an odd byte offset
					buf := make([]byte, boff+2*n+9)
					for i := range buf {
						buf[i] = halfGuard & 0xff
					}
					c.quantize(buf[boff:boff+2*n:boff+2*n], x)
					for i, b := range buf {
						switch {
						case i >= boff && i < boff+2*n && b != want[i-boff]:
							j := (i - boff) / 2
							t.Errorf("n=%d, offset %d: %s(%g = %#08x) = %#04x, twin %#04x", n, boff, c.name, x[j],
								math.Float32bits(x[j]), binary.LittleEndian.Uint16(buf[boff+2*j:]), binary.LittleEndian.Uint16(want[2*j:]))
						case (i < boff || i >= boff+2*n) && b != halfGuard&0xff:
							t.Errorf("n=%d, offset %d: %s wrote %#02x at byte %d", n, boff, c.name, b, i-boff)
						}
					}
				}
			}
		}
	})
}

// TestF16ToF32Asm checks F16ToF32 against its twin bit for bit on every
// half (signalling NaNs keep their payload), on every length and offset,
// with guards around the destination.
func TestF16ToF32Asm(t *testing.T) {
	all := make([]uint16, 1<<16+13)
	for i := range all {
		all[i] = uint16(i * 40503) // every value (40503 is odd), shuffled
	}
	forEachImpl(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(53, 54))
		check := func(x []uint16, off int) {
			t.Helper()
			n := len(x)
			want := make([]float32, n)
			floatTwin(func() { simd.F16ToF32(want, x) })
			buf, dst := guardedF32(make([]float32, n), off)
			simd.F16ToF32(dst, x)
			checkGuardsF32(t, "F16ToF32", buf, off, n)
			for i, v := range dst {
				if math.Float32bits(v) != math.Float32bits(want[i]) {
					t.Errorf("n=%d, offset %d: F16ToF32(%#04x) = %#08x, twin %#08x", n, off, x[i], math.Float32bits(v), math.Float32bits(want[i]))
					return
				}
			}
		}
		for _, off := range floatOffsets {
			check(all[off:], off)
		}
		for _, n := range vecLengths {
			for _, off := range floatOffsets {
				src := make([]uint16, 7-off+n)
				for i := range src {
					src[i] = uint16(rng.Uint32())
					if rng.IntN(4) == 0 { // a NaN or infinity
						src[i] |= 0x7c00
					}
				}
				check(src[7-off:], off)
			}
		}
	})
}
