package gguf

import (
	"encoding/binary"
	"math"
)

// maxArrayDepth bounds nesting of arrays of arrays.
const maxArrayDepth = 8

// decoder reads little-endian GGUF structures from a byte slice, checking
// every length against the bytes that remain before using it.
type decoder struct {
	b   []byte
	pos int
	err error // first error, sticky
}

func (d *decoder) remaining() int { return len(d.b) - d.pos }

// take returns the next n bytes, or nil (and a truncation error) when
// fewer remain.
func (d *decoder) take(n int) []byte {
	if d.err != nil {
		return nil
	}
	if n < 0 || n > d.remaining() {
		d.err = kindf(ErrTruncated, "need %d bytes, %d remain", n, d.remaining())
		return nil
	}
	p := d.b[d.pos : d.pos+n]
	d.pos += n
	return p
}

func (d *decoder) u8() uint8 {
	if p := d.take(1); p != nil {
		return p[0]
	}
	return 0
}

func (d *decoder) u16() uint16 {
	if p := d.take(2); p != nil {
		return binary.LittleEndian.Uint16(p)
	}
	return 0
}

func (d *decoder) u32() uint32 {
	if p := d.take(4); p != nil {
		return binary.LittleEndian.Uint32(p)
	}
	return 0
}

func (d *decoder) u64() uint64 {
	if p := d.take(8); p != nil {
		return binary.LittleEndian.Uint64(p)
	}
	return 0
}

// count reads a uint64 element count and checks that count elements of at
// least minSize bytes each fit in what remains.
func (d *decoder) count(what string, minSize int) int {
	n := d.u64()
	if d.err != nil {
		return 0
	}
	if minSize < 1 {
		minSize = 1
	}
	if n > uint64(d.remaining()/minSize) {
		d.err = kindf(ErrOutOfBounds, "%s %d cannot fit in the %d bytes that remain", what, n, d.remaining())
		return 0
	}
	return int(n)
}

func (d *decoder) str() string {
	n := d.count("string length", 1)
	return string(d.take(n))
}

// value reads one value of type t.
func (d *decoder) value(t ValueType, depth int) Value {
	switch t {
	case TypeUint8:
		return Uint8(d.u8())
	case TypeInt8:
		return Int8(int8(d.u8()))
	case TypeUint16:
		return Uint16(d.u16())
	case TypeInt16:
		return Int16(int16(d.u16()))
	case TypeUint32:
		return Uint32(d.u32())
	case TypeInt32:
		return Int32(int32(d.u32()))
	case TypeFloat32:
		return Float32(math.Float32frombits(d.u32()))
	case TypeBool:
		b := d.u8()
		if b > 1 && d.err == nil {
			d.err = kindf(ErrBadValue, "bool value %d is neither 0 nor 1", b)
		}
		return Bool(b == 1)
	case TypeString:
		return String(d.str())
	case TypeUint64:
		return Uint64(d.u64())
	case TypeInt64:
		return Int64(int64(d.u64()))
	case TypeFloat64:
		return Float64(math.Float64frombits(d.u64()))
	case TypeArray:
		return d.array(depth)
	}
	if d.err == nil {
		d.err = kindf(ErrBadValue, "unknown value type %d", uint32(t))
	}
	return Value{}
}

// array reads an array header and its elements into a typed slice.
func (d *decoder) array(depth int) Value {
	if depth >= maxArrayDepth {
		d.err = kindf(ErrBadValue, "arrays nested deeper than %d", maxArrayDepth)
		return Value{}
	}
	elem := ValueType(d.u32())
	if d.err == nil && !elem.valid() {
		d.err = kindf(ErrBadValue, "unknown array element type %d", uint32(elem))
	}
	if d.err != nil {
		return Value{}
	}
	n := d.count("array length", elem.minSize())
	if d.err != nil {
		return Value{}
	}
	v := Value{Type: TypeArray, Elem: elem}
	switch elem {
	case TypeUint8:
		v.v = readFixed(d, n, 1, func(p []byte) uint8 { return p[0] })
	case TypeInt8:
		v.v = readFixed(d, n, 1, func(p []byte) int8 { return int8(p[0]) })
	case TypeUint16:
		v.v = readFixed(d, n, 2, binary.LittleEndian.Uint16)
	case TypeInt16:
		v.v = readFixed(d, n, 2, func(p []byte) int16 { return int16(binary.LittleEndian.Uint16(p)) })
	case TypeUint32:
		v.v = readFixed(d, n, 4, binary.LittleEndian.Uint32)
	case TypeInt32:
		v.v = readFixed(d, n, 4, func(p []byte) int32 { return int32(binary.LittleEndian.Uint32(p)) })
	case TypeFloat32:
		v.v = readFixed(d, n, 4, func(p []byte) float32 { return math.Float32frombits(binary.LittleEndian.Uint32(p)) })
	case TypeBool:
		v.v = readFixed(d, n, 1, func(p []byte) bool { return p[0] != 0 })
	case TypeUint64:
		v.v = readFixed(d, n, 8, binary.LittleEndian.Uint64)
	case TypeInt64:
		v.v = readFixed(d, n, 8, func(p []byte) int64 { return int64(binary.LittleEndian.Uint64(p)) })
	case TypeFloat64:
		v.v = readFixed(d, n, 8, func(p []byte) float64 { return math.Float64frombits(binary.LittleEndian.Uint64(p)) })
	case TypeString:
		s := make([]string, n)
		for i := range s {
			if s[i] = d.str(); d.err != nil {
				return Value{}
			}
		}
		v.v = s
	case TypeArray:
		a := make([]Value, n)
		for i := range a {
			if a[i] = d.array(depth + 1); d.err != nil {
				return Value{}
			}
		}
		v.v = a
	}
	return v
}

// readFixed decodes n fixed-size elements; the caller has checked that
// they fit.
func readFixed[T any](d *decoder, n, size int, conv func([]byte) T) []T {
	p := d.take(n * size)
	if p == nil {
		return nil
	}
	out := make([]T, n)
	for i := range out {
		out[i] = conv(p[i*size:])
	}
	return out
}
