package gguf

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/laminalabs/lamina/quant"
)

// sampleKVs has one value of every type, arrays of every element type and
// an array of arrays.
func sampleKVs() []KV {
	return []KV{
		{"general.architecture", String("llama")},
		{"general.alignment", Uint32(64)},
		{"u8", Uint8(200)}, {"i8", Int8(-100)}, {"u16", Uint16(60000)}, {"i16", Int16(-30000)},
		{"u32", Uint32(4000000000)}, {"i32", Int32(-2000000000)}, {"f32", Float32(1.5)},
		{"bool", Bool(true)}, {"str", String("héllo\x00world")}, {"u64", Uint64(1 << 60)},
		{"i64", Int64(-1 << 60)}, {"f64", Float64(math.Pi)},
		{"a.u8", Value{Type: TypeArray, Elem: TypeUint8, v: []uint8{1, 2, 3}}},
		{"a.i8", Value{Type: TypeArray, Elem: TypeInt8, v: []int8{-1, 2}}},
		{"a.u16", Value{Type: TypeArray, Elem: TypeUint16, v: []uint16{1, 65535}}},
		{"a.i16", Value{Type: TypeArray, Elem: TypeInt16, v: []int16{-1, 7}}},
		{"a.u32", Uint32s([]uint32{1, 2})}, {"a.i32", Int32s([]int32{-1, 3, 5})},
		{"a.f32", Float32s([]float32{0.5, -2})}, {"a.bool", Bools([]bool{true, false, true})},
		{"a.str", Strings([]string{"a", "", "ccc"})},
		{"a.u64", Value{Type: TypeArray, Elem: TypeUint64, v: []uint64{1 << 63}}},
		{"a.i64", Value{Type: TypeArray, Elem: TypeInt64, v: []int64{-5}}},
		{"a.f64", Value{Type: TypeArray, Elem: TypeFloat64, v: []float64{1e300}}},
		{"a.empty", Strings([]string{})},
		{"a.nested", Array(TypeArray, []Value{Int32s([]int32{1, 2}), Strings([]string{"x"})})},
	}
}

func tn(name string, typ quant.Type, shape []int64, data []byte) Tensor {
	return Tensor{Name: name, Type: typ, Shape: shape, Data: data}
}

func sampleTensors() []Tensor {
	mk := func(n int) []byte {
		b := make([]byte, n)
		for i := range b {
			b[i] = byte(i*7 + n)
		}
		return b
	}
	return []Tensor{
		tn("a", quant.F32, []int64{3, 2}, mk(24)),
		tn("b", quant.Q4_0, []int64{64, 3}, mk(6*18)),
		tn("c", quant.F16, []int64{5}, mk(10)),
		tn("d", quant.Q4_K, []int64{256, 1, 1, 2}, mk(2*144)),
	}
}

func sampleFile(t testing.TB) []byte {
	var buf bytes.Buffer
	if err := Write(&buf, sampleKVs(), sampleTensors()); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestRoundTrip(t *testing.T) {
	data := sampleFile(t)
	f, err := Parse("sample", data)
	if err != nil {
		t.Fatal(err)
	}
	if f.Version != 3 || f.Alignment != 64 || f.DataOffset%64 != 0 {
		t.Errorf("version %d alignment %d data offset %d", f.Version, f.Alignment, f.DataOffset)
	}
	want := sampleKVs()
	if len(f.KV) != len(want) {
		t.Fatalf("%d keys, want %d", len(f.KV), len(want))
	}
	for i, kv := range want {
		if got := f.KV[i]; got.Key != kv.Key || !reflect.DeepEqual(got.Value, kv.Value) {
			t.Errorf("key %d: got %s=%#v, want %s=%#v", i, got.Key, got.Value, kv.Key, kv.Value)
		}
	}
	for _, wt := range sampleTensors() {
		ti, ok := f.Tensor(wt.Name)
		if !ok {
			t.Fatalf("tensor %q missing", wt.Name)
		}
		if ti.Type != wt.Type || !reflect.DeepEqual(ti.Shape, wt.Shape) || !bytes.Equal(ti.Data, wt.Data) {
			t.Errorf("tensor %q: got %v %v %d bytes", wt.Name, ti.Type, ti.Shape, len(ti.Data))
		}
		if (f.DataOffset+ti.Offset)%64 != 0 {
			t.Errorf("tensor %q at %d is not aligned", wt.Name, f.DataOffset+ti.Offset)
		}
	}
	// Writing what was read gives the same bytes.
	var again bytes.Buffer
	ts := make([]Tensor, len(f.Tensors))
	for i, ti := range f.Tensors {
		ts[i] = ti.Tensor
	}
	if err := Write(&again, f.KV, ts); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(again.Bytes(), data) {
		t.Error("rewriting a parsed file changed its bytes")
	}
}

func TestAccessors(t *testing.T) {
	f, err := Parse("sample", sampleFile(t))
	if err != nil {
		t.Fatal(err)
	}
	if s, err := f.String("general.architecture"); err != nil || s != "llama" {
		t.Errorf("String = %q, %v", s, err)
	}
	if v, err := f.Uint32("u16"); err != nil || v != 60000 {
		t.Errorf("Uint32(u16) = %d, %v", v, err)
	}
	if v, err := f.Int32("i16"); err != nil || v != -30000 {
		t.Errorf("Int32(i16) = %d, %v", v, err)
	}
	if v, err := f.Float32("f64"); err != nil || v != float32(math.Pi) {
		t.Errorf("Float32(f64) = %v, %v", v, err)
	}
	if v, err := f.Strings("a.str"); err != nil || !reflect.DeepEqual(v, []string{"a", "", "ccc"}) {
		t.Errorf("Strings = %q, %v", v, err)
	}
	if _, err := f.Uint32("u64"); err == nil || !strings.Contains(err.Error(), `key "u64"`) {
		t.Errorf("Uint32 of a too large value: %v", err)
	}
	_, err = f.Uint32("str")
	if !errors.Is(err, ErrWrongType) || !strings.Contains(err.Error(), `key "str"`) || !strings.Contains(err.Error(), "found string") {
		t.Errorf("Uint32 of a string: %v", err)
	}
	if _, err := f.Strings("a.f32"); !errors.Is(err, ErrWrongType) || !strings.Contains(err.Error(), "array[float32]") {
		t.Errorf("Strings of floats: %v", err)
	}
	if _, err := f.String("nope"); !IsMissing(err) || !strings.Contains(err.Error(), `key "nope"`) {
		t.Errorf("missing key: %v", err)
	}
}

// raw builds GGUF bytes by hand for malformed-input tests.
type raw struct{ bytes.Buffer }

func (r *raw) u32(v uint32) *raw { binary.Write(r, binary.LittleEndian, v); return r }
func (r *raw) u64(v uint64) *raw { binary.Write(r, binary.LittleEndian, v); return r }
func (r *raw) str(s string) *raw { r.u64(uint64(len(s))); r.WriteString(s); return r }
func (r *raw) header(version uint32, nTensors, nKV uint64) *raw {
	r.WriteString("GGUF")
	return r.u32(version).u64(nTensors).u64(nKV)
}

// tensorInfo appends one tensor info.
func (r *raw) tensorInfo(name string, typ quant.Type, off uint64, dims ...uint64) *raw {
	r.str(name).u32(uint32(len(dims)))
	for _, d := range dims {
		r.u64(d)
	}
	return r.u32(uint32(typ)).u64(off)
}

// pad appends zeros to a multiple of 32 and then n bytes of data.
func (r *raw) pad(n int) []byte {
	for r.Len()%32 != 0 {
		r.WriteByte(0)
	}
	r.Write(make([]byte, n))
	return r.Bytes()
}

func TestBadInput(t *testing.T) {
	big := func() []byte { b := make([]byte, 1024); copy(b, "GGUF"); return b }
	cases := []struct {
		name string
		data []byte
		kind error
		msg  string
	}{
		{"empty", nil, ErrBadMagic, "bad magic"},
		{"wrong magic", []byte("GGML\x03\x00\x00\x00"), ErrBadMagic, "bad magic"},
		{"version 1", new(raw).header(1, 0, 0).Bytes(), ErrUnsupportedVersion, "version 1"},
		{"version 9", new(raw).header(9, 0, 0).Bytes(), ErrUnsupportedVersion, "version 9"},
		{"big endian", append([]byte("GGUF\x00\x00\x00\x03"), make([]byte, 16)...), ErrUnsupportedVersion, "big-endian"},
		{"no counts", []byte("GGUF\x03\x00\x00\x00"), ErrTruncated, "truncated"},
		{"2^60 tensors", func() []byte {
			b := big()
			binary.LittleEndian.PutUint32(b[4:], 3)
			binary.LittleEndian.PutUint64(b[8:], 1<<60)
			return b
		}(), ErrOutOfBounds, "tensor count"},
		{"2^60 keys", func() []byte {
			b := big()
			binary.LittleEndian.PutUint32(b[4:], 3)
			binary.LittleEndian.PutUint64(b[16:], 1<<60)
			return b
		}(), ErrOutOfBounds, "metadata count"},
		{"key past end", new(raw).header(3, 0, 1).u64(1 << 40).pad(16), ErrOutOfBounds, "string length"},
		{"string past end", new(raw).header(3, 0, 1).str("k").u32(uint32(TypeString)).u64(100).Bytes(), ErrOutOfBounds, `key "k"`},
		{"array past end", new(raw).header(3, 0, 1).str("k").u32(uint32(TypeArray)).u32(uint32(TypeUint32)).u64(1 << 50).Bytes(), ErrOutOfBounds, "array length"},
		{"unknown value type", new(raw).header(3, 0, 1).str("k").u32(99).u64(0).Bytes(), ErrBadValue, "unknown value type 99"},
		{"bad alignment", new(raw).header(3, 0, 1).str(KeyAlignment).u32(uint32(TypeUint32)).u32(3).Bytes(), ErrBadValue, "power of two"},
		{"duplicate key", new(raw).header(3, 0, 2).str("k").u32(uint32(TypeUint32)).u32(0).str("k").u32(uint32(TypeUint32)).u32(0).Bytes(), ErrBadValue, "duplicate key"},
		{"unknown tensor type", new(raw).header(3, 1, 0).tensorInfo("w", 77, 0, 4).pad(64), ErrBadTensorType, `tensor "w"`},
		{"5 dims", new(raw).header(3, 1, 0).tensorInfo("w", quant.F32, 0, 1, 1, 1, 1, 1).pad(64), ErrOutOfBounds, "5 dimensions"},
		{"huge dims", new(raw).header(3, 1, 0).tensorInfo("w", quant.F32, 0, 1<<20, 1<<20).pad(64), ErrOutOfBounds, "more bytes than the file has"},
		{"overflowing dims", new(raw).header(3, 1, 0).tensorInfo("w", quant.F32, 0, 1<<62, 1<<62).pad(64), ErrOutOfBounds, "overflows"},
		{"bad row length", new(raw).header(3, 1, 0).tensorInfo("w", quant.Q4_0, 0, 33).pad(64), ErrOutOfBounds, "block size"},
		{"misaligned offset", new(raw).header(3, 1, 0).tensorInfo("w", quant.F32, 4, 4).pad(64), ErrOutOfBounds, "alignment"},
		{"data past end", new(raw).header(3, 1, 0).tensorInfo("w", quant.F32, 32, 16).pad(64), ErrOutOfBounds, "past the end"},
		{"offset past end", new(raw).header(3, 1, 0).tensorInfo("w", quant.F32, 1<<40, 4).pad(64), ErrOutOfBounds, "past the end"},
		{"overlap", new(raw).header(3, 2, 0).tensorInfo("a", quant.F32, 0, 16).tensorInfo("b", quant.F32, 32, 16).pad(128), ErrOutOfBounds, `overlaps tensor "a"`},
		{"duplicate tensor", new(raw).header(3, 2, 0).tensorInfo("a", quant.F32, 0, 4).tensorInfo("a", quant.F32, 32, 4).pad(64), ErrBadValue, "duplicate tensor"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Parse("bad.gguf", c.data)
			if err == nil {
				t.Fatal("no error")
			}
			if !errors.Is(err, c.kind) || !strings.Contains(err.Error(), c.msg) || !strings.Contains(err.Error(), "bad.gguf") {
				t.Errorf("error %q, want kind %v mentioning %q", err, c.kind, c.msg)
			}
		})
	}
}

// Every truncation of a valid file fails cleanly.
func TestTruncated(t *testing.T) {
	data := sampleFile(t)
	for n := range len(data) - 1 {
		if _, err := Parse("cut.gguf", data[:n]); err == nil {
			t.Fatalf("file cut at %d of %d bytes parsed without error", n, len(data))
		}
	}
}

func TestOpen(t *testing.T) {
	path := filepath.Join(t.TempDir(), "m.gguf")
	if err := WriteFile(path, sampleKVs(), sampleTensors()); err != nil {
		t.Fatal(err)
	}
	f, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	ti, _ := f.Tensor("d")
	if ti.Data[0] != sampleTensors()[3].Data[0] || f.Size != int64(len(sampleFile(t))) {
		t.Error("mapped data differ")
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(filepath.Join(t.TempDir(), "missing.gguf")); err == nil || !strings.Contains(err.Error(), "missing.gguf") {
		t.Errorf("missing file: %v", err)
	}
	empty := filepath.Join(t.TempDir(), "empty.gguf")
	os.WriteFile(empty, nil, 0o644)
	if _, err := Open(empty); err == nil || !strings.Contains(err.Error(), "empty.gguf") {
		t.Errorf("empty file: %v", err)
	}
}

func TestWriterErrors(t *testing.T) {
	if err := Write(new(bytes.Buffer), nil, []Tensor{tn("w", quant.Q4_0, []int64{33}, nil)}); err == nil {
		t.Error("row length not a multiple of the block size accepted")
	}
	if err := Write(new(bytes.Buffer), nil, []Tensor{tn("w", quant.F32, []int64{4}, make([]byte, 3))}); err == nil {
		t.Error("short data accepted")
	}
	if err := Write(new(bytes.Buffer), []KV{{"k", Uint8(1)}, {"k", Uint8(2)}}, nil); err == nil {
		t.Error("duplicate key accepted")
	}
}

func BenchmarkParse(b *testing.B) {
	data := sampleFile(b)
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := Parse("sample", data); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkOpen shows that opening costs the same whatever the size of the
// tensor data: nothing is read but the header.
func BenchmarkOpen(b *testing.B) {
	chunk := make([]byte, 16<<20)
	for _, n := range []int{1, 64} {
		path := filepath.Join(b.TempDir(), "big.gguf")
		var ts []Tensor
		for i := range n {
			ts = append(ts, tn(fmt.Sprint("t", i), quant.F32, []int64{int64(len(chunk) / 4)}, chunk))
		}
		if err := WriteFile(path, sampleKVs(), ts); err != nil {
			b.Fatal(err)
		}
		b.Run(fmt.Sprintf("%dMiB", n*len(chunk)>>20), func(b *testing.B) {
			for b.Loop() {
				f, err := Open(path)
				if err != nil {
					b.Fatal(err)
				}
				f.Close()
			}
		})
	}
}
