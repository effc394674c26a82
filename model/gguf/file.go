package gguf

import (
	"errors"
	"fmt"
	"math"
	"math/bits"
	"sort"

	"github.com/laminalabs/lamina/model/internal/mmap"
	"github.com/laminalabs/lamina/quant"
	"github.com/laminalabs/lamina/tensor"
)

// Magic is the first four bytes of every GGUF file.
const Magic = "GGUF"

// DefaultAlignment is the tensor data alignment when general.alignment is absent.
const DefaultAlignment = 32

// KeyAlignment is the metadata key that sets the tensor data alignment.
const KeyAlignment = "general.alignment"

// MaxDims is the most dimensions a tensor may have (GGML_MAX_DIMS).
const MaxDims = 4

// KV is one metadata key and its value.
type KV struct {
	Key   string
	Value Value
}

// TensorInfo describes one tensor of a file. Data is a view into the file
// mapping, valid until the File is closed.
type TensorInfo struct {
	tensor.Tensor
	Offset int64 // from the start of the data section
}

// File is a parsed GGUF file.
type File struct {
	Path       string
	Version    uint32
	Alignment  int
	DataOffset int64 // start of the data section
	Size       int64 // file size in bytes
	KV         []KV
	Tensors    []TensorInfo

	kv      map[string]int
	tensors map[string]int
	data    []byte
	unmap   func() error
}

// Open memory-maps the file at path (or reads it where mmap is unavailable)
// and parses it. Close releases the mapping.
func Open(path string) (*File, error) {
	data, unmap, err := mmap.Map(path)
	if err != nil {
		return nil, &Error{Path: path, Offset: -1, Err: err}
	}
	f, err := Parse(path, data)
	if err != nil {
		unmap()
		return nil, err
	}
	f.unmap = unmap
	return f, nil
}

// ReleaseData tells the OS that the file's pages under b, tensor data of
// the file, are not needed for now (once a copy of them is made, as
// repacked weights are): they leave the process's resident memory and are
// read from the file again if touched. It does nothing for a File from
// Parse, whose data are the caller's.
func (f *File) ReleaseData(b []byte) {
	if f.unmap != nil {
		mmap.Release(b)
	}
}

// Parse parses a GGUF file held in data; name is used in errors. The
// returned File's tensor data are views of data.
func Parse(name string, data []byte) (*File, error) {
	f := &File{Path: name, data: data, Size: int64(len(data))}
	d := &decoder{b: data}
	fail := func(key, tensor string, err error) error {
		return &Error{Path: name, Offset: int64(d.pos), Key: key, Tensor: tensor, Err: err}
	}
	if len(data) < 4 || string(data[:4]) != Magic {
		return nil, &Error{Path: name, Offset: 0, Err: ErrBadMagic}
	}
	d.pos = 4
	f.Version = d.u32()
	if d.err != nil {
		return nil, fail("", "", d.err)
	}
	switch {
	case f.Version == 1:
		return nil, fail("", "", kindf(ErrUnsupportedVersion, "version 1 (the 2023 draft format) is not supported, convert the model again"))
	case f.Version != 2 && f.Version != 3:
		if bits.ReverseBytes32(f.Version) <= 3 {
			return nil, fail("", "", kindf(ErrUnsupportedVersion, "big-endian files are not supported"))
		}
		return nil, fail("", "", kindf(ErrUnsupportedVersion, "version %d", f.Version))
	}
	nTensors := d.count("tensor count", 24)
	nKV := d.count("metadata count", 13)
	if d.err != nil {
		return nil, fail("", "", d.err)
	}
	if err := f.readKV(d, nKV, fail); err != nil {
		return nil, err
	}
	if err := f.readTensorInfos(d, nTensors, fail); err != nil {
		return nil, err
	}
	f.DataOffset = alignUp(int64(d.pos), int64(f.Alignment))
	if f.DataOffset > f.Size && nTensors > 0 {
		return nil, &Error{Path: name, Offset: int64(d.pos), Err: kindf(ErrTruncated, "data section at %d starts past the end of the %d-byte file", f.DataOffset, f.Size)}
	}
	if err := f.bindData(); err != nil {
		return nil, err
	}
	return f, nil
}

func (f *File) readKV(d *decoder, n int, fail func(string, string, error) error) error {
	f.KV = make([]KV, 0, n)
	f.kv = make(map[string]int, n)
	f.Alignment = DefaultAlignment
	for range n {
		key := d.str()
		if d.err != nil {
			return fail("", "", fmt.Errorf("reading key #%d: %w", len(f.KV), d.err))
		}
		t := ValueType(d.u32())
		v := d.value(t, 0)
		if d.err != nil {
			return fail(key, "", d.err)
		}
		if _, dup := f.kv[key]; dup {
			return fail(key, "", kindf(ErrBadValue, "duplicate key"))
		}
		if key == KeyAlignment {
			a, ok := v.AsUint64()
			if v.Type != TypeUint32 || !ok || a == 0 || a&(a-1) != 0 || a > 1<<30 {
				return fail(key, "", kindf(ErrBadValue, "alignment must be a uint32 power of two, found %s %s", v.TypeName(), v.Format(4)))
			}
			f.Alignment = int(a)
		}
		f.kv[key] = len(f.KV)
		f.KV = append(f.KV, KV{key, v})
	}
	return nil
}

func (f *File) readTensorInfos(d *decoder, n int, fail func(string, string, error) error) error {
	f.Tensors = make([]TensorInfo, n)
	f.tensors = make(map[string]int, n)
	for i := range f.Tensors {
		t := &f.Tensors[i]
		t.Name = d.str()
		if d.err != nil {
			return fail("", "", fmt.Errorf("reading tensor info #%d: %w", i, d.err))
		}
		nd := d.u32()
		if d.err == nil && (nd == 0 || nd > MaxDims) {
			return fail("", t.Name, kindf(ErrOutOfBounds, "%d dimensions, want 1 to %d", nd, MaxDims))
		}
		t.Shape = make([]int64, nd)
		for j := range t.Shape {
			t.Shape[j] = int64(d.u64())
			if d.err == nil && t.Shape[j] < 0 {
				return fail("", t.Name, kindf(ErrOutOfBounds, "dimension %d is %d", j, uint64(t.Shape[j])))
			}
		}
		t.Type = quant.Type(d.u32())
		off := d.u64()
		if d.err != nil {
			return fail("", t.Name, d.err)
		}
		if !t.Type.Valid() {
			return fail("", t.Name, kindf(ErrBadTensorType, "type id %d", uint32(t.Type)))
		}
		if off > math.MaxInt64 {
			return fail("", t.Name, kindf(ErrOutOfBounds, "data offset %d", off))
		}
		t.Offset = int64(off)
		if t.Offset%int64(f.Alignment) != 0 {
			return fail("", t.Name, kindf(ErrOutOfBounds, "data offset %d is not a multiple of the alignment %d", t.Offset, f.Alignment))
		}
		if _, dup := f.tensors[t.Name]; dup {
			return fail("", t.Name, kindf(ErrBadValue, "duplicate tensor name"))
		}
		f.tensors[t.Name] = i
	}
	return nil
}

// dataSize returns the bytes a tensor's data take, checking the shape
// against the type's block size and against overflow.
func dataSize(t *TensorInfo, limit int64) (int64, error) {
	bs := int64(t.Type.BlockSize())
	if len(t.Shape) > 0 && t.Shape[0]%bs != 0 {
		return 0, kindf(ErrOutOfBounds, "row length %d is not a multiple of the %s block size %d", t.Shape[0], t.Type, bs)
	}
	n := int64(1)
	for _, dim := range t.Shape {
		if dim != 0 && n > math.MaxInt64/dim {
			return 0, kindf(ErrOutOfBounds, "shape %v overflows", t.Shape)
		}
		n *= dim
	}
	size := n / bs
	if bb := int64(t.Type.BlockBytes()); size > limit/bb {
		return 0, kindf(ErrOutOfBounds, "shape %v of %s needs more bytes than the file has", t.Shape, t.Type)
	} else {
		size *= bb
	}
	return size, nil
}

// bindData checks every tensor's byte range against the file and against
// the other tensors, then points Data into the mapping.
func (f *File) bindData() error {
	avail := f.Size - f.DataOffset
	order := make([]int, len(f.Tensors))
	for i := range f.Tensors {
		t := &f.Tensors[i]
		size, err := dataSize(t, max(avail, 0))
		if err != nil {
			return &Error{Path: f.Path, Offset: -1, Tensor: t.Name, Err: err}
		}
		if t.Offset > avail || size > avail-t.Offset {
			return &Error{Path: f.Path, Offset: f.DataOffset + t.Offset, Tensor: t.Name,
				Err: kindf(ErrOutOfBounds, "data [%d, %d) runs past the end of the %d-byte file", f.DataOffset+t.Offset, f.DataOffset+t.Offset+size, f.Size)}
		}
		start := f.DataOffset + t.Offset
		t.Data = f.data[start : start+size : start+size]
		order[i] = i
	}
	sort.Slice(order, func(a, b int) bool { return f.Tensors[order[a]].Offset < f.Tensors[order[b]].Offset })
	for k := 1; k < len(order); k++ {
		prev, cur := &f.Tensors[order[k-1]], &f.Tensors[order[k]]
		if cur.Offset < prev.Offset+int64(len(prev.Data)) {
			return &Error{Path: f.Path, Offset: f.DataOffset + cur.Offset, Tensor: cur.Name,
				Err: kindf(ErrOutOfBounds, "data overlaps tensor %q", prev.Name)}
		}
	}
	return nil
}

func alignUp(x, a int64) int64 { return (x + a - 1) / a * a }

// Close releases the file mapping; tensor data must not be used afterwards.
func (f *File) Close() error {
	if f.unmap == nil {
		return nil
	}
	err := f.unmap()
	f.unmap, f.data = nil, nil
	for i := range f.Tensors {
		f.Tensors[i].Data = nil
	}
	return err
}

// Tensor returns the tensor named name.
func (f *File) Tensor(name string) (*TensorInfo, bool) {
	i, ok := f.tensors[name]
	if !ok {
		return nil, false
	}
	return &f.Tensors[i], true
}

// Value returns the metadata value of key.
func (f *File) Value(key string) (Value, bool) {
	i, ok := f.kv[key]
	if !ok {
		return Value{}, false
	}
	return f.KV[i].Value, true
}

// Has reports whether key is present.
func (f *File) Has(key string) bool { _, ok := f.kv[key]; return ok }

// keyErr builds the error for key with kind.
func (f *File) keyErr(key string, err error) error {
	return &Error{Path: f.Path, Offset: -1, Key: key, Err: err}
}

// lookup returns key's value or a missing-key error.
func (f *File) lookup(key string) (Value, error) {
	v, ok := f.Value(key)
	if !ok {
		return Value{}, f.keyErr(key, ErrMissingKey)
	}
	return v, nil
}

func (f *File) wrongType(key string, v Value, want string) error {
	return f.keyErr(key, kindf(ErrWrongType, "want %s, found %s", want, v.TypeName()))
}

// String returns the string value of key.
func (f *File) String(key string) (string, error) {
	v, err := f.lookup(key)
	if err != nil {
		return "", err
	}
	s, ok := v.v.(string)
	if !ok {
		return "", f.wrongType(key, v, "string")
	}
	return s, nil
}

// Uint64 returns the value of key, which must be an integer ≥ 0.
func (f *File) Uint64(key string) (uint64, error) {
	v, err := f.lookup(key)
	if err != nil {
		return 0, err
	}
	u, ok := v.AsUint64()
	if !ok {
		return 0, f.wrongType(key, v, "an unsigned integer")
	}
	return u, nil
}

// Uint32 returns the value of key, which must be an integer in [0, 2^32).
func (f *File) Uint32(key string) (uint32, error) {
	u, err := f.Uint64(key)
	if err != nil {
		return 0, err
	}
	if u > math.MaxUint32 {
		return 0, f.keyErr(key, kindf(ErrBadValue, "value %d does not fit uint32", u))
	}
	return uint32(u), nil
}

// Int64 returns the integer value of key.
func (f *File) Int64(key string) (int64, error) {
	v, err := f.lookup(key)
	if err != nil {
		return 0, err
	}
	i, ok := v.AsInt64()
	if !ok {
		return 0, f.wrongType(key, v, "an integer")
	}
	return i, nil
}

// Int32 returns the integer value of key, which must fit int32.
func (f *File) Int32(key string) (int32, error) {
	i, err := f.Int64(key)
	if err != nil {
		return 0, err
	}
	if i < math.MinInt32 || i > math.MaxInt32 {
		return 0, f.keyErr(key, kindf(ErrBadValue, "value %d does not fit int32", i))
	}
	return int32(i), nil
}

// Float32 returns the numeric value of key as float32.
func (f *File) Float32(key string) (float32, error) {
	v, err := f.lookup(key)
	if err != nil {
		return 0, err
	}
	x, ok := v.AsFloat64()
	if !ok {
		return 0, f.wrongType(key, v, "a number")
	}
	return float32(x), nil
}

// Bool returns the boolean value of key.
func (f *File) Bool(key string) (bool, error) {
	v, err := f.lookup(key)
	if err != nil {
		return false, err
	}
	b, ok := v.v.(bool)
	if !ok {
		return false, f.wrongType(key, v, "bool")
	}
	return b, nil
}

// arrayOf returns key's array as []T.
func arrayOf[T any](f *File, key, want string) ([]T, error) {
	v, err := f.lookup(key)
	if err != nil {
		return nil, err
	}
	a, ok := v.v.([]T)
	if !ok || v.Type != TypeArray {
		return nil, f.wrongType(key, v, want)
	}
	return a, nil
}

// Strings returns the string array of key.
func (f *File) Strings(key string) ([]string, error) { return arrayOf[string](f, key, "array[string]") }

// Float32s returns the float32 array of key.
func (f *File) Float32s(key string) ([]float32, error) {
	return arrayOf[float32](f, key, "array[float32]")
}

// Int32s returns the int32 array of key.
func (f *File) Int32s(key string) ([]int32, error) { return arrayOf[int32](f, key, "array[int32]") }

// Uint32s returns the uint32 array of key.
func (f *File) Uint32s(key string) ([]uint32, error) { return arrayOf[uint32](f, key, "array[uint32]") }

// IsMissing reports whether err says a key is absent.
func IsMissing(err error) bool { return errors.Is(err, ErrMissingKey) }
