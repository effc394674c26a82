package gguf

import (
	"bufio"
	"encoding/binary"
	"fmt"
	"io"
	"math"
	"os"

	"github.com/laminalabs/lamina/tensor"
)

// Tensor is a tensor to write: its data must hold exactly the bytes its
// type and shape take.
type Tensor = tensor.Tensor

// tensorSize returns the bytes the tensor's data take, or an error when the
// shape does not fit the type.
func tensorSize(t *Tensor) (int64, error) {
	info := TensorInfo{Tensor: *t}
	if !t.Type.Valid() {
		return 0, fmt.Errorf("gguf: tensor %q: %w", t.Name, kindf(ErrBadTensorType, "type id %d", uint32(t.Type)))
	}
	if len(t.Shape) == 0 || len(t.Shape) > MaxDims {
		return 0, fmt.Errorf("gguf: tensor %q: %d dimensions, want 1 to %d", t.Name, len(t.Shape), MaxDims)
	}
	n, err := dataSize(&info, math.MaxInt64)
	if err != nil {
		return 0, fmt.Errorf("gguf: tensor %q: %w", t.Name, err)
	}
	return n, nil
}

// Writer writes a GGUF v3 file: NewWriter writes the header, metadata and
// tensor infos, then WriteTensor is called once per tensor, in the order
// given, and Close pads and flushes. Tensor data can thus be produced one
// tensor at a time without holding the whole model in memory.
type Writer struct {
	w         *bufio.Writer
	tensors   []Tensor // Data unused
	sizes     []int64
	align     int64
	next      int
	written   int64
	headerLen int64
}

// NewWriter writes the file header for kvs and the tensors' infos (their
// Data may be nil) to w.
func NewWriter(w io.Writer, kvs []KV, tensors []Tensor) (*Writer, error) {
	gw := &Writer{w: bufio.NewWriterSize(w, 1<<20), tensors: tensors, align: DefaultAlignment}
	seen := map[string]bool{}
	for _, kv := range kvs {
		if seen[kv.Key] {
			return nil, fmt.Errorf("gguf: key %q: %w", kv.Key, kindf(ErrBadValue, "duplicate key"))
		}
		seen[kv.Key] = true
		if kv.Key == KeyAlignment {
			a, ok := kv.Value.AsUint64()
			if kv.Value.Type != TypeUint32 || !ok || a == 0 || a&(a-1) != 0 {
				return nil, fmt.Errorf("gguf: key %q: %w", kv.Key, kindf(ErrBadValue, "alignment must be a uint32 power of two"))
			}
			gw.align = int64(a)
		}
	}
	e := &encoder{w: gw.w}
	e.bytes([]byte(Magic))
	e.u32(3)
	e.u64(uint64(len(tensors)))
	e.u64(uint64(len(kvs)))
	for _, kv := range kvs {
		e.str(kv.Key)
		e.u32(uint32(kv.Value.Type))
		if err := e.value(kv.Value); err != nil {
			return nil, fmt.Errorf("gguf: key %q: %w", kv.Key, err)
		}
	}
	names := map[string]bool{}
	var off int64
	for i := range tensors {
		t := &tensors[i]
		if names[t.Name] {
			return nil, fmt.Errorf("gguf: tensor %q: %w", t.Name, kindf(ErrBadValue, "duplicate tensor name"))
		}
		names[t.Name] = true
		size, err := tensorSize(t)
		if err != nil {
			return nil, err
		}
		gw.sizes = append(gw.sizes, size)
		e.str(t.Name)
		e.u32(uint32(len(t.Shape)))
		for _, d := range t.Shape {
			e.u64(uint64(d))
		}
		e.u32(uint32(t.Type))
		e.u64(uint64(off))
		off = alignUp(off+size, gw.align)
	}
	gw.headerLen = e.n
	if err := e.pad(gw.align); err != nil {
		return nil, err
	}
	return gw, e.err
}

// WriteTensor writes the data of the next tensor.
func (gw *Writer) WriteTensor(data []byte) error {
	if gw.next >= len(gw.tensors) {
		return fmt.Errorf("gguf: all %d tensors are already written", len(gw.tensors))
	}
	t, size := &gw.tensors[gw.next], gw.sizes[gw.next]
	if int64(len(data)) != size {
		return fmt.Errorf("gguf: tensor %q: %d bytes of data, its type %s and shape %v take %d", t.Name, len(data), t.Type, t.Shape, size)
	}
	e := &encoder{w: gw.w, n: gw.written}
	e.bytes(data)
	if gw.next+1 < len(gw.tensors) {
		e.pad(gw.align)
	}
	gw.written = e.n
	gw.next++
	return e.err
}

// Close checks that every tensor was written and flushes the output.
func (gw *Writer) Close() error {
	if gw.next != len(gw.tensors) {
		return fmt.Errorf("gguf: %d of %d tensors written", gw.next, len(gw.tensors))
	}
	return gw.w.Flush()
}

// Write writes a whole GGUF file to w.
func Write(w io.Writer, kvs []KV, tensors []Tensor) error {
	gw, err := NewWriter(w, kvs, tensors)
	if err != nil {
		return err
	}
	for _, t := range tensors {
		if err := gw.WriteTensor(t.Data); err != nil {
			return err
		}
	}
	return gw.Close()
}

// WriteFile writes a whole GGUF file to path.
func WriteFile(path string, kvs []KV, tensors []Tensor) error {
	out, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := Write(out, kvs, tensors); err != nil {
		out.Close()
		os.Remove(path)
		return err
	}
	return out.Close()
}

// encoder writes little-endian GGUF structures and counts the bytes.
type encoder struct {
	w   io.Writer
	n   int64
	err error
	buf [8]byte
}

func (e *encoder) bytes(p []byte) {
	if e.err != nil {
		return
	}
	var k int
	k, e.err = e.w.Write(p)
	e.n += int64(k)
}

func (e *encoder) u8(x uint8) { e.buf[0] = x; e.bytes(e.buf[:1]) }
func (e *encoder) u16(x uint16) {
	binary.LittleEndian.PutUint16(e.buf[:], x)
	e.bytes(e.buf[:2])
}
func (e *encoder) u32(x uint32) {
	binary.LittleEndian.PutUint32(e.buf[:], x)
	e.bytes(e.buf[:4])
}
func (e *encoder) u64(x uint64) {
	binary.LittleEndian.PutUint64(e.buf[:], x)
	e.bytes(e.buf[:8])
}
func (e *encoder) str(s string) { e.u64(uint64(len(s))); e.bytes([]byte(s)) }

// pad writes zeros up to the next multiple of align.
func (e *encoder) pad(align int64) error {
	if n := alignUp(e.n, align) - e.n; n > 0 {
		e.bytes(make([]byte, n))
	}
	return e.err
}

// value writes v's payload (its type tag is written by the caller).
func (e *encoder) value(v Value) error {
	switch x := v.v.(type) {
	case uint8:
		e.u8(x)
	case int8:
		e.u8(uint8(x))
	case uint16:
		e.u16(x)
	case int16:
		e.u16(uint16(x))
	case uint32:
		e.u32(x)
	case int32:
		e.u32(uint32(x))
	case float32:
		e.u32(math.Float32bits(x))
	case bool:
		e.u8(boolByte(x))
	case string:
		e.str(x)
	case uint64:
		e.u64(x)
	case int64:
		e.u64(uint64(x))
	case float64:
		e.u64(math.Float64bits(x))
	default:
		return e.array(v)
	}
	return e.err
}

// array writes an array value: element type, count, elements.
func (e *encoder) array(v Value) error {
	if v.Type != TypeArray {
		return fmt.Errorf("value of type %s holds %T", v.Type, v.v)
	}
	e.u32(uint32(v.Elem))
	e.u64(uint64(v.Len()))
	switch a := v.v.(type) {
	case []Value:
		for _, x := range a {
			if x.Type != v.Elem {
				return fmt.Errorf("array of %s holds a %s", v.Elem, x.TypeName())
			}
			if err := e.array(x); err != nil {
				return err
			}
		}
		return e.err
	case []string:
		for _, s := range a {
			e.str(s)
		}
		return e.err
	}
	return e.fixedArray(v)
}

// fixedArray writes the elements of an array of fixed-size scalars.
func (e *encoder) fixedArray(v Value) error {
	if a, ok := v.v.([]bool); ok {
		for _, b := range a {
			e.u8(boolByte(b))
		}
		return e.err
	}
	size := binary.Size(v.v)
	if size < 0 || v.Elem.minSize()*v.Len() != size {
		return fmt.Errorf("array of %s holds %T", v.Elem, v.v)
	}
	if e.err == nil {
		e.err = binary.Write(e.w, binary.LittleEndian, v.v)
		e.n += int64(size)
	}
	return e.err
}

func boolByte(b bool) uint8 {
	if b {
		return 1
	}
	return 0
}
