package gguf

import (
	"fmt"
	"math"
)

// ValueType is the type tag of a metadata value.
type ValueType uint32

// Metadata value types, numbered as in GGUF files.
const (
	TypeUint8   ValueType = 0
	TypeInt8    ValueType = 1
	TypeUint16  ValueType = 2
	TypeInt16   ValueType = 3
	TypeUint32  ValueType = 4
	TypeInt32   ValueType = 5
	TypeFloat32 ValueType = 6
	TypeBool    ValueType = 7
	TypeString  ValueType = 8
	TypeArray   ValueType = 9
	TypeUint64  ValueType = 10
	TypeInt64   ValueType = 11
	TypeFloat64 ValueType = 12
)

// valueTypes holds the name and encoded size (0: variable) of each value type.
var valueTypes = [...]struct {
	name string
	size int
}{
	TypeUint8: {"uint8", 1}, TypeInt8: {"int8", 1}, TypeUint16: {"uint16", 2}, TypeInt16: {"int16", 2},
	TypeUint32: {"uint32", 4}, TypeInt32: {"int32", 4}, TypeFloat32: {"float32", 4}, TypeBool: {"bool", 1},
	TypeString: {"string", 0}, TypeArray: {"array", 0}, TypeUint64: {"uint64", 8}, TypeInt64: {"int64", 8},
	TypeFloat64: {"float64", 8},
}

func (t ValueType) valid() bool { return int(t) < len(valueTypes) }

// minSize is the fewest bytes one encoded value of type t takes.
func (t ValueType) minSize() int {
	switch t {
	case TypeString:
		return 8
	case TypeArray:
		return 12
	}
	return valueTypes[t].size
}

// String returns the type's name, e.g. "uint32".
func (t ValueType) String() string {
	if t.valid() {
		return valueTypes[t].name
	}
	return fmt.Sprintf("valuetype(%d)", uint32(t))
}

// Value is one metadata value. Scalars hold the Go type of the same name
// (uint8 … float64, bool, string); arrays hold a typed slice ([]uint8 …
// []float64, []bool, []string) or, for arrays of arrays, []Value.
type Value struct {
	Type ValueType // type of the value
	Elem ValueType // element type, for arrays
	v    any
}

// Any returns the value as described on Value.
func (v Value) Any() any { return v.v }

// TypeName describes the value's type, e.g. "uint32" or "array[string]".
func (v Value) TypeName() string {
	if v.Type == TypeArray {
		return "array[" + v.Elem.String() + "]"
	}
	return v.Type.String()
}

// Len returns the number of elements of an array value (0 for scalars).
func (v Value) Len() int {
	if v.Type != TypeArray {
		return 0
	}
	switch a := v.v.(type) {
	case []uint8:
		return len(a)
	case []int8:
		return len(a)
	case []uint16:
		return len(a)
	case []int16:
		return len(a)
	case []uint32:
		return len(a)
	case []int32:
		return len(a)
	case []float32:
		return len(a)
	case []bool:
		return len(a)
	case []string:
		return len(a)
	case []uint64:
		return len(a)
	case []int64:
		return len(a)
	case []float64:
		return len(a)
	case []Value:
		return len(a)
	}
	return 0
}

// String makes a string value.
func String(s string) Value { return Value{Type: TypeString, v: s} }

// Uint8 makes a uint8 value.
func Uint8(x uint8) Value { return Value{Type: TypeUint8, v: x} }

// Int8 makes an int8 value.
func Int8(x int8) Value { return Value{Type: TypeInt8, v: x} }

// Uint16 makes a uint16 value.
func Uint16(x uint16) Value { return Value{Type: TypeUint16, v: x} }

// Int16 makes an int16 value.
func Int16(x int16) Value { return Value{Type: TypeInt16, v: x} }

// Uint32 makes a uint32 value.
func Uint32(x uint32) Value { return Value{Type: TypeUint32, v: x} }

// Int32 makes an int32 value.
func Int32(x int32) Value { return Value{Type: TypeInt32, v: x} }

// Uint64 makes a uint64 value.
func Uint64(x uint64) Value { return Value{Type: TypeUint64, v: x} }

// Int64 makes an int64 value.
func Int64(x int64) Value { return Value{Type: TypeInt64, v: x} }

// Float32 makes a float32 value.
func Float32(x float32) Value { return Value{Type: TypeFloat32, v: x} }

// Float64 makes a float64 value.
func Float64(x float64) Value { return Value{Type: TypeFloat64, v: x} }

// Bool makes a bool value.
func Bool(x bool) Value { return Value{Type: TypeBool, v: x} }

// Strings makes an array of strings.
func Strings(x []string) Value { return Value{Type: TypeArray, Elem: TypeString, v: x} }

// Float32s makes an array of float32.
func Float32s(x []float32) Value { return Value{Type: TypeArray, Elem: TypeFloat32, v: x} }

// Int32s makes an array of int32.
func Int32s(x []int32) Value { return Value{Type: TypeArray, Elem: TypeInt32, v: x} }

// Uint32s makes an array of uint32.
func Uint32s(x []uint32) Value { return Value{Type: TypeArray, Elem: TypeUint32, v: x} }

// Bools makes an array of bool.
func Bools(x []bool) Value { return Value{Type: TypeArray, Elem: TypeBool, v: x} }

// Array makes an array whose elements are themselves values of type elem
// (used for arrays of arrays).
func Array(elem ValueType, x []Value) Value { return Value{Type: TypeArray, Elem: elem, v: x} }

// AsUint64 returns an unsigned or non-negative signed integer value.
func (v Value) AsUint64() (uint64, bool) {
	switch x := v.v.(type) {
	case uint8:
		return uint64(x), true
	case uint16:
		return uint64(x), true
	case uint32:
		return uint64(x), true
	case uint64:
		return x, true
	case int8:
		return uint64(x), x >= 0
	case int16:
		return uint64(x), x >= 0
	case int32:
		return uint64(x), x >= 0
	case int64:
		return uint64(x), x >= 0
	}
	return 0, false
}

// AsInt64 returns an integer value that fits int64.
func (v Value) AsInt64() (int64, bool) {
	switch x := v.v.(type) {
	case int8:
		return int64(x), true
	case int16:
		return int64(x), true
	case int32:
		return int64(x), true
	case int64:
		return x, true
	}
	u, ok := v.AsUint64()
	return int64(u), ok && u <= math.MaxInt64
}

// AsFloat64 returns a floating-point or integer value as float64.
func (v Value) AsFloat64() (float64, bool) {
	switch x := v.v.(type) {
	case float32:
		return float64(x), true
	case float64:
		return x, true
	}
	if i, ok := v.AsInt64(); ok {
		return float64(i), true
	}
	if u, ok := v.AsUint64(); ok {
		return float64(u), true
	}
	return 0, false
}

// Format renders a value for people: scalars as they are, arrays
// shortened to their first few elements.
func (v Value) Format(maxElems int) string {
	if v.Type != TypeArray {
		if s, ok := v.v.(string); ok {
			return fmt.Sprintf("%q", s)
		}
		return fmt.Sprint(v.v)
	}
	n := v.Len()
	if n <= maxElems {
		return fmt.Sprintf("%v", v.v)
	}
	return fmt.Sprintf("%s with %d elements", v.TypeName(), n)
}
