package safetensors

import (
	"bytes"
	"testing"
)

// FuzzParse checks that no input makes the reader panic or hand out data
// outside the input, and that whatever parses also re-serialises and
// parses back to the same tensors.
func FuzzParse(f *testing.F) {
	data := sampleFile(f)
	f.Add(data)
	f.Add(data[:len(data)-3])
	f.Add(raw(`{"x":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}`, make([]byte, 8)))
	f.Add(raw(`{"__metadata__":{"a":"b"}}`, nil))
	f.Fuzz(func(t *testing.T, b []byte) {
		file, err := Parse("fuzz", b)
		if err != nil {
			return
		}
		for _, ti := range file.Tensors {
			if int64(len(ti.Data)) != ti.End-ti.Begin || ti.End > file.Size {
				t.Fatalf("tensor %q: %d bytes for [%d, %d) of a %d-byte file", ti.Name, len(ti.Data), ti.Begin, ti.End, file.Size)
			}
		}
		var buf bytes.Buffer
		if err := Write(&buf, file.Tensors, file.Metadata); err != nil {
			t.Fatalf("re-serialising: %v", err)
		}
		again, err := Parse("again", buf.Bytes())
		if err != nil {
			t.Fatalf("re-parsing: %v", err)
		}
		if len(again.Tensors) != len(file.Tensors) {
			t.Fatalf("%d tensors after a round trip, had %d", len(again.Tensors), len(file.Tensors))
		}
		for _, ti := range file.Tensors {
			g, ok := again.Tensor(ti.Name)
			if !ok || g.DType != ti.DType || !bytes.Equal(g.Data, ti.Data) {
				t.Fatalf("tensor %q changed in a round trip", ti.Name)
			}
		}
	})
}
