package safetensors

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"sort"

	"github.com/laminalabs/lamina/model/internal/mmap"
	"github.com/laminalabs/lamina/quant"
)

// MaxHeaderSize is the largest JSON header accepted (100 MB, the limit of
// the reference implementation).
const MaxHeaderSize = 100 << 20

// metadataKey is the header entry that holds the file's string metadata.
const metadataKey = "__metadata__"

// DType is a tensor element type as the header names it ("F32", "BF16", …).
type DType string

// The dtypes of the safetensors format whose elements are whole bytes.
const (
	BOOL   DType = "BOOL"
	U8     DType = "U8"
	I8     DType = "I8"
	F8E5M2 DType = "F8_E5M2"
	F8E4M3 DType = "F8_E4M3"
	F8E8M0 DType = "F8_E8M0"
	I16    DType = "I16"
	U16    DType = "U16"
	F16    DType = "F16"
	BF16   DType = "BF16"
	I32    DType = "I32"
	U32    DType = "U32"
	F32    DType = "F32"
	F64    DType = "F64"
	I64    DType = "I64"
	U64    DType = "U64"
)

var dtypeSizes = map[DType]int{
	BOOL: 1, U8: 1, I8: 1, F8E5M2: 1, F8E4M3: 1, F8E8M0: 1,
	I16: 2, U16: 2, F16: 2, BF16: 2,
	I32: 4, U32: 4, F32: 4,
	F64: 8, I64: 8, U64: 8,
}

// Size returns the bytes one element takes, 0 for an unknown dtype.
func (d DType) Size() int { return dtypeSizes[d] }

// QuantType returns the ggml type with the same element encoding (F32,
// F16, BF16, F64 and the signed integers), and false when there is none.
func (d DType) QuantType() (quant.Type, bool) {
	switch d {
	case F32:
		return quant.F32, true
	case F16:
		return quant.F16, true
	case BF16:
		return quant.BF16, true
	case F64:
		return quant.F64, true
	case I8:
		return quant.I8, true
	case I16:
		return quant.I16, true
	case I32:
		return quant.I32, true
	case I64:
		return quant.I64, true
	}
	return 0, false
}

// Tensor is one tensor of a file. Shape is in the file's (PyTorch,
// row-major) order: Shape[len-1] is the innermost dimension, the reverse
// of ggml's. Data is a view of the file, valid until the File is closed.
type Tensor struct {
	Name  string
	DType DType
	Shape []int64
	// Begin and End are the data_offsets: Data is bytes [Begin, End) of
	// the data section.
	Begin, End int64
	Data       []byte
}

// Elements returns the number of elements (1 for a scalar).
func (t *Tensor) Elements() int64 {
	n := int64(1)
	for _, d := range t.Shape {
		n *= d
	}
	return n
}

// Float32 converts the tensor's elements (F32, F16, BF16 or F64) to a new
// float32 slice.
func (t *Tensor) Float32() ([]float32, error) {
	qt, ok := t.DType.QuantType()
	if !ok || (qt != quant.F32 && qt != quant.F16 && qt != quant.BF16 && qt != quant.F64) {
		return nil, &Error{Tensor: t.Name, Err: kindf(ErrBadDType, "%s elements are not floating point (want F32, F16, BF16 or F64)", t.DType)}
	}
	out := make([]float32, t.Elements())
	if err := quant.Dequantize(qt, out, t.Data); err != nil {
		return nil, &Error{Tensor: t.Name, Err: err}
	}
	return out, nil
}

// File is a parsed safetensors file.
type File struct {
	Path       string
	Size       int64 // file size in bytes
	HeaderSize int64 // bytes of JSON after the 8-byte length
	// Metadata is the header's "__metadata__" object (nil when absent).
	Metadata map[string]string
	// Tensors are in data order (by Begin).
	Tensors []Tensor

	index map[string]int
	unmap func() error
}

// Open memory-maps the file at path (or reads it where mmap is
// unavailable) and parses it. Close releases the mapping.
func Open(path string) (*File, error) {
	data, unmap, err := mmap.Map(path)
	if err != nil {
		return nil, &Error{Path: path, Err: err}
	}
	f, err := Parse(path, data)
	if err != nil {
		unmap()
		return nil, err
	}
	f.unmap = unmap
	return f, nil
}

// Close releases the file mapping; tensor data must not be used afterwards.
func (f *File) Close() error {
	if f.unmap == nil {
		return nil
	}
	err := f.unmap()
	f.unmap = nil
	for i := range f.Tensors {
		f.Tensors[i].Data = nil
	}
	return err
}

// Tensor returns the tensor named name.
func (f *File) Tensor(name string) (*Tensor, bool) {
	i, ok := f.index[name]
	if !ok {
		return nil, false
	}
	return &f.Tensors[i], true
}

// entry is a tensor's header entry; nil fields were absent.
type entry struct {
	DType   *string  `json:"dtype"`
	Shape   *[]int64 `json:"shape"`
	Offsets *[]int64 `json:"data_offsets"`
}

// Parse parses a safetensors file held in data; name is used in errors.
// The returned File's tensor data are views of data.
func Parse(name string, data []byte) (*File, error) {
	fail := func(tensor string, err error) error { return &Error{Path: name, Tensor: tensor, Err: err} }
	size := int64(len(data))
	if size < 8 {
		return nil, fail("", kindf(ErrTruncated, "%d bytes, too short for the 8-byte header length", size))
	}
	n := binary.LittleEndian.Uint64(data)
	if n > MaxHeaderSize {
		return nil, fail("", kindf(ErrOutOfBounds, "header length %d exceeds the %d-byte limit", n, MaxHeaderSize))
	}
	if int64(n) > size-8 {
		return nil, fail("", kindf(ErrTruncated, "header of %d bytes runs past the end of the %d-byte file", n, size))
	}
	f := &File{Path: name, Size: size, HeaderSize: int64(n)}
	body := data[8+n:]
	if err := f.parseHeader(data[8:8+n], body); err != nil {
		return nil, err
	}
	if err := f.checkOverlaps(); err != nil {
		return nil, err
	}
	return f, nil
}

// parseHeader decodes the JSON header and binds every tensor to body.
func (f *File) parseHeader(header, body []byte) error {
	dec := json.NewDecoder(bytes.NewReader(header))
	bad := func(format string, args ...any) error {
		return &Error{Path: f.Path, Err: kindf(ErrBadHeader, format, args...)}
	}
	badTensor := func(name string, err error) error { return &Error{Path: f.Path, Tensor: name, Err: err} }
	if tok, err := dec.Token(); err != nil {
		return bad("not JSON: %v", err)
	} else if d, ok := tok.(json.Delim); !ok || d != '{' {
		return bad("not a JSON object")
	}
	f.index = map[string]int{}
	seenMeta := false
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return bad("%v", err)
		}
		key := tok.(string) // object keys are always strings
		if key == metadataKey {
			if seenMeta {
				return bad("duplicate %q", metadataKey)
			}
			seenMeta = true
			if err := dec.Decode(&f.Metadata); err != nil {
				return bad("%q must be an object of strings: %v", metadataKey, err)
			}
			continue
		}
		if _, dup := f.index[key]; dup {
			return badTensor(key, kindf(ErrBadHeader, "duplicate tensor name"))
		}
		var e entry
		if err := dec.Decode(&e); err != nil {
			return badTensor(key, kindf(ErrBadHeader, "%v", err))
		}
		t, err := bindTensor(key, &e, body)
		if err != nil {
			return badTensor(key, err)
		}
		f.index[key] = len(f.Tensors)
		f.Tensors = append(f.Tensors, t)
	}
	if _, err := dec.Token(); err != nil { // the closing brace
		return bad("%v", err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return bad("data after the JSON object")
	}
	return nil
}

// bindTensor checks one header entry against the data section body.
func bindTensor(name string, e *entry, body []byte) (Tensor, error) {
	switch {
	case e.DType == nil:
		return Tensor{}, kindf(ErrBadHeader, "no dtype")
	case e.Shape == nil:
		return Tensor{}, kindf(ErrBadHeader, "no shape")
	case e.Offsets == nil:
		return Tensor{}, kindf(ErrBadHeader, "no data_offsets")
	case len(*e.Offsets) != 2:
		return Tensor{}, kindf(ErrBadHeader, "data_offsets has %d values, want 2", len(*e.Offsets))
	}
	t := Tensor{Name: name, DType: DType(*e.DType), Shape: *e.Shape, Begin: (*e.Offsets)[0], End: (*e.Offsets)[1]}
	es := int64(t.DType.Size())
	if es == 0 {
		return Tensor{}, kindf(ErrBadDType, "dtype %q", *e.DType)
	}
	avail := int64(len(body))
	if t.Begin < 0 || t.End < t.Begin {
		return Tensor{}, kindf(ErrOutOfBounds, "data_offsets [%d, %d) are not a byte range", t.Begin, t.End)
	}
	if t.End > avail {
		return Tensor{}, kindf(ErrTruncated, "data [%d, %d) runs past the end of the %d-byte data section", t.Begin, t.End, avail)
	}
	n := int64(1)
	for i, d := range t.Shape {
		if d < 0 {
			return Tensor{}, kindf(ErrOutOfBounds, "dimension %d is %d", i, d)
		}
		if d != 0 && n > math.MaxInt64/d {
			return Tensor{}, kindf(ErrOutOfBounds, "shape %v overflows", t.Shape)
		}
		n *= d
	}
	if n > avail/es {
		return Tensor{}, kindf(ErrOutOfBounds, "shape %v of %s needs %d elements, more than the %d-byte data section holds", t.Shape, t.DType, n, avail)
	}
	if want := n * es; t.End-t.Begin != want {
		return Tensor{}, kindf(ErrOutOfBounds, "data_offsets [%d, %d) hold %d bytes, shape %v of %s takes %d", t.Begin, t.End, t.End-t.Begin, t.Shape, t.DType, want)
	}
	t.Data = body[t.Begin:t.End:t.End]
	return t, nil
}

// checkOverlaps sorts the tensors by offset and rejects overlapping data.
func (f *File) checkOverlaps() error {
	sort.SliceStable(f.Tensors, func(a, b int) bool {
		ta, tb := &f.Tensors[a], &f.Tensors[b]
		if ta.Begin != tb.Begin {
			return ta.Begin < tb.Begin
		}
		return ta.End < tb.End
	})
	var prev *Tensor
	for i := range f.Tensors {
		t := &f.Tensors[i]
		f.index[t.Name] = i
		if t.End == t.Begin {
			continue // empty tensors occupy no bytes
		}
		if prev != nil && t.Begin < prev.End {
			return &Error{Path: f.Path, Tensor: t.Name, Err: kindf(ErrOutOfBounds, "data [%d, %d) overlaps tensor %q [%d, %d)", t.Begin, t.End, prev.Name, prev.Begin, prev.End)}
		}
		prev = t
	}
	return nil
}

// String formats the tensor as "name F32 [2 3]".
func (t *Tensor) String() string { return fmt.Sprintf("%s %s %v", t.Name, t.DType, t.Shape) }
