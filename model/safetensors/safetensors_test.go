package safetensors

import (
	"bytes"
	"encoding/binary"
	"errors"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/laminalabs/lamina/quant"
)

// f32Bytes encodes values as little-endian float32.
func f32Bytes(v ...float32) []byte {
	b := make([]byte, 4*len(v))
	for i, x := range v {
		binary.LittleEndian.PutUint32(b[4*i:], math.Float32bits(x))
	}
	return b
}

// sampleTensors has every float dtype, an integer one, a scalar and an
// empty tensor.
func sampleTensors() []Tensor {
	f16 := make([]byte, 2*3)
	quant.Quantize(quant.F16, f16, []float32{1, -2, 0.5})
	bf16 := make([]byte, 2*2)
	quant.Quantize(quant.BF16, bf16, []float32{3, -0.25})
	i64 := make([]byte, 8)
	binary.LittleEndian.PutUint64(i64, uint64(7))
	return []Tensor{
		{Name: "w.f32", DType: F32, Shape: []int64{2, 3}, Data: f32Bytes(1, 2, 3, 4, 5, 6)},
		{Name: "w.f16", DType: F16, Shape: []int64{3}, Data: f16},
		{Name: "w.bf16", DType: BF16, Shape: []int64{1, 2}, Data: bf16},
		{Name: "scalar", DType: I64, Shape: []int64{}, Data: i64},
		{Name: "empty", DType: F32, Shape: []int64{0, 4}, Data: []byte{}},
	}
}

func sampleFile(t testing.TB) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := Write(&buf, sampleTensors(), map[string]string{"format": "pt", "note": "héllo \"quoted\""}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestRoundTrip(t *testing.T) {
	data := sampleFile(t)
	if (8+binary.LittleEndian.Uint64(data))%8 != 0 {
		t.Errorf("data section not 8-byte aligned")
	}
	f, err := Parse("sample.safetensors", data)
	if err != nil {
		t.Fatal(err)
	}
	if want := map[string]string{"format": "pt", "note": "héllo \"quoted\""}; !reflect.DeepEqual(f.Metadata, want) {
		t.Errorf("metadata %v, want %v", f.Metadata, want)
	}
	want := sampleTensors()
	if len(f.Tensors) != len(want) {
		t.Fatalf("%d tensors, want %d", len(f.Tensors), len(want))
	}
	for _, w := range want {
		g, ok := f.Tensor(w.Name)
		if !ok {
			t.Fatalf("tensor %q missing", w.Name)
		}
		if g.DType != w.DType || !reflect.DeepEqual(g.Shape, w.Shape) || !bytes.Equal(g.Data, w.Data) {
			t.Errorf("%s: got %v, want %v", w.Name, g, &w)
		}
	}
	cases := map[string][]float32{"w.f32": {1, 2, 3, 4, 5, 6}, "w.f16": {1, -2, 0.5}, "w.bf16": {3, -0.25}}
	for name, vals := range cases {
		g, _ := f.Tensor(name)
		got, err := g.Float32()
		if err != nil || !reflect.DeepEqual(got, vals) {
			t.Errorf("%s.Float32() = %v, %v; want %v", name, got, err, vals)
		}
	}
	sc, _ := f.Tensor("scalar")
	if sc.Elements() != 1 {
		t.Errorf("scalar has %d elements", sc.Elements())
	}
	if _, err := sc.Float32(); !errors.Is(err, ErrBadDType) {
		t.Errorf("I64 Float32: %v, want ErrBadDType", err)
	}
	for i := 1; i < len(f.Tensors); i++ {
		if f.Tensors[i].Begin < f.Tensors[i-1].Begin {
			t.Errorf("tensors not in data order")
		}
	}
}

func TestOpen(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a.safetensors")
	if err := WriteFile(path, sampleTensors(), nil); err != nil {
		t.Fatal(err)
	}
	f, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if f.Metadata != nil {
		t.Errorf("metadata %v, want none", f.Metadata)
	}
	g, _ := f.Tensor("w.f32")
	if v, _ := g.Float32(); v[5] != 6 {
		t.Errorf("w.f32[5] = %v", v[5])
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(filepath.Join(t.TempDir(), "missing.safetensors")); err == nil || !strings.Contains(err.Error(), "missing.safetensors") {
		t.Errorf("missing file: %v", err)
	}
	empty := filepath.Join(t.TempDir(), "empty.safetensors")
	os.WriteFile(empty, nil, 0o644)
	if _, err := Open(empty); !errors.Is(err, ErrTruncated) {
		t.Errorf("empty file: %v, want ErrTruncated", err)
	}
}

// raw builds a file from a JSON header and a data section.
func raw(header string, data []byte) []byte {
	b := make([]byte, 8, 8+len(header)+len(data))
	binary.LittleEndian.PutUint64(b, uint64(len(header)))
	return append(append(b, header...), data...)
}

func TestBadFiles(t *testing.T) {
	d16 := make([]byte, 16)
	cases := []struct {
		name   string
		file   []byte
		kind   error
		tensor string // must be named in the message
	}{
		{"short", []byte{1, 2, 3}, ErrTruncated, ""},
		{"header past end", raw(`{}`, nil)[:9], ErrTruncated, ""},
		{"huge header", binary.LittleEndian.AppendUint64(nil, 1<<40), ErrOutOfBounds, ""},
		{"not json", raw(`{"a":`, nil), ErrBadHeader, ""},
		{"array", raw(`[1,2]`, nil), ErrBadHeader, ""},
		{"trailing", raw(`{} {}`, nil), ErrBadHeader, ""},
		{"no dtype", raw(`{"x":{"shape":[4],"data_offsets":[0,16]}}`, d16), ErrBadHeader, "x"},
		{"no shape", raw(`{"x":{"dtype":"F32","data_offsets":[0,16]}}`, d16), ErrBadHeader, "x"},
		{"no offsets", raw(`{"x":{"dtype":"F32","shape":[4]}}`, d16), ErrBadHeader, "x"},
		{"three offsets", raw(`{"x":{"dtype":"F32","shape":[4],"data_offsets":[0,8,16]}}`, d16), ErrBadHeader, "x"},
		{"entry not object", raw(`{"x":5}`, d16), ErrBadHeader, "x"},
		{"float dim", raw(`{"x":{"dtype":"F32","shape":[1.5],"data_offsets":[0,16]}}`, d16), ErrBadHeader, "x"},
		{"unknown dtype", raw(`{"x":{"dtype":"Q4","shape":[4],"data_offsets":[0,16]}}`, d16), ErrBadDType, "x"},
		{"sub-byte dtype", raw(`{"x":{"dtype":"F4","shape":[4],"data_offsets":[0,2]}}`, d16), ErrBadDType, "x"},
		{"negative dim", raw(`{"x":{"dtype":"F32","shape":[-4],"data_offsets":[0,16]}}`, d16), ErrOutOfBounds, "x"},
		{"reversed range", raw(`{"x":{"dtype":"F32","shape":[0],"data_offsets":[16,8]}}`, d16), ErrOutOfBounds, "x"},
		{"negative offset", raw(`{"x":{"dtype":"F32","shape":[0],"data_offsets":[-8,0]}}`, d16), ErrOutOfBounds, "x"},
		{"past end", raw(`{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"x":{"dtype":"F32","shape":[4],"data_offsets":[8,24]}}`, d16), ErrTruncated, "x"},
		{"size mismatch", raw(`{"x":{"dtype":"F32","shape":[3],"data_offsets":[0,16]}}`, d16), ErrOutOfBounds, "x"},
		{"overflow", raw(`{"x":{"dtype":"F32","shape":[4294967296,4294967296],"data_offsets":[0,16]}}`, d16), ErrOutOfBounds, "x"},
		{"too big", raw(`{"x":{"dtype":"F64","shape":[1000],"data_offsets":[0,16]}}`, d16), ErrOutOfBounds, "x"},
		{"overlap", raw(`{"a":{"dtype":"F32","shape":[3],"data_offsets":[0,12]},"x":{"dtype":"F32","shape":[2],"data_offsets":[8,16]}}`, d16), ErrOutOfBounds, "x"},
		{"duplicate", raw(`{"x":{"dtype":"F32","shape":[4],"data_offsets":[0,16]},"x":{"dtype":"F32","shape":[4],"data_offsets":[0,16]}}`, d16), ErrBadHeader, "x"},
		{"metadata not strings", raw(`{"__metadata__":{"a":1}}`, nil), ErrBadHeader, ""},
		{"metadata twice", raw(`{"__metadata__":{},"__metadata__":{}}`, nil), ErrBadHeader, ""},
	}
	for _, c := range cases {
		_, err := Parse("bad.safetensors", c.file)
		if !errors.Is(err, c.kind) {
			t.Errorf("%s: error %v, want %v", c.name, err, c.kind)
			continue
		}
		msg := err.Error()
		if !strings.HasPrefix(msg, "safetensors: bad.safetensors: ") || (c.tensor != "" && !strings.Contains(msg, `tensor "`+c.tensor+`"`)) {
			t.Errorf("%s: message %q does not name the file and tensor %q", c.name, msg, c.tensor)
		}
	}
	// Empty tensors may sit anywhere, even inside another's range.
	ok := raw(`{"a":{"dtype":"F32","shape":[4],"data_offsets":[0,16]},"e":{"dtype":"F32","shape":[0],"data_offsets":[8,8]}}`, d16)
	if _, err := Parse("ok", ok); err != nil {
		t.Errorf("empty tensor inside another: %v", err)
	}
}

// TestTruncated cuts a valid file at every length: each prefix is an
// error, and one that keeps the header names the tensor whose data it cut.
func TestTruncated(t *testing.T) {
	data := sampleFile(t)
	hdr := 8 + int(binary.LittleEndian.Uint64(data))
	full, err := Parse("full", data)
	if err != nil {
		t.Fatal(err)
	}
	for n := 0; n < len(data); n++ {
		_, err := Parse("cut.safetensors", data[:n])
		if err == nil {
			t.Fatalf("prefix of %d of %d bytes parsed", n, len(data))
		}
		if n >= hdr {
			if !errors.Is(err, ErrTruncated) {
				t.Errorf("prefix %d: %v, want ErrTruncated", n, err)
			}
			var last string
			for _, ti := range full.Tensors {
				if ti.End > int64(n-hdr) {
					last = ti.Name
					break
				}
			}
			if !strings.Contains(err.Error(), `tensor "`+last+`"`) {
				t.Errorf("prefix %d: %v does not name tensor %q, the one cut", n, err, last)
			}
		}
	}
}

func TestWriteErrors(t *testing.T) {
	cases := []struct {
		name string
		ts   []Tensor
	}{
		{"size", []Tensor{{Name: "a", DType: F32, Shape: []int64{3}, Data: make([]byte, 8)}}},
		{"dtype", []Tensor{{Name: "a", DType: "Q4_0", Shape: []int64{1}, Data: make([]byte, 1)}}},
		{"dup", []Tensor{{Name: "a", DType: U8, Shape: []int64{1}, Data: []byte{1}}, {Name: "a", DType: U8, Shape: []int64{1}, Data: []byte{1}}}},
		{"reserved", []Tensor{{Name: metadataKey, DType: U8, Shape: []int64{1}, Data: []byte{1}}}},
		{"negative", []Tensor{{Name: "a", DType: U8, Shape: []int64{-1}, Data: nil}}},
	}
	for _, c := range cases {
		if err := Write(&bytes.Buffer{}, c.ts, nil); err == nil || !strings.Contains(err.Error(), `tensor "`) {
			t.Errorf("%s: error %v", c.name, err)
		}
	}
}
