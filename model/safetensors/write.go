package safetensors

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"sort"
)

// Write writes a safetensors file holding tensors, packed in the order
// given (their Begin and End are ignored), and metadata (nil: none) to w.
// Each tensor's Data must hold exactly the bytes its dtype and shape take.
func Write(w io.Writer, tensors []Tensor, metadata map[string]string) error {
	var h bytes.Buffer
	h.WriteByte('{')
	sep := func() {
		if h.Len() > 1 {
			h.WriteByte(',')
		}
	}
	if metadata != nil {
		keys := make([]string, 0, len(metadata))
		for k := range metadata {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		h.WriteString(`"` + metadataKey + `":{`)
		for i, k := range keys {
			if i > 0 {
				h.WriteByte(',')
			}
			writeJSON(&h, k)
			h.WriteByte(':')
			writeJSON(&h, metadata[k])
		}
		h.WriteByte('}')
	}
	seen := map[string]bool{}
	var off int64
	for i := range tensors {
		t := &tensors[i]
		if t.Name == metadataKey || seen[t.Name] {
			return &Error{Tensor: t.Name, Err: kindf(ErrBadHeader, "duplicate or reserved tensor name")}
		}
		seen[t.Name] = true
		es := int64(t.DType.Size())
		if es == 0 {
			return &Error{Tensor: t.Name, Err: kindf(ErrBadDType, "dtype %q", t.DType)}
		}
		shape := t.Shape
		if shape == nil {
			shape = []int64{}
		}
		for _, d := range shape {
			if d < 0 {
				return &Error{Tensor: t.Name, Err: kindf(ErrOutOfBounds, "shape %v", shape)}
			}
		}
		if want := t.Elements() * es; int64(len(t.Data)) != want {
			return &Error{Tensor: t.Name, Err: fmt.Errorf("%d bytes of data, shape %v of %s takes %d", len(t.Data), shape, t.DType, want)}
		}
		sep()
		writeJSON(&h, t.Name)
		h.WriteString(`:{"dtype":`)
		writeJSON(&h, string(t.DType))
		h.WriteString(`,"shape":`)
		writeJSON(&h, shape)
		fmt.Fprintf(&h, `,"data_offsets":[%d,%d]}`, off, off+int64(len(t.Data)))
		off += int64(len(t.Data))
	}
	h.WriteByte('}')
	for h.Len()%8 != 0 { // the reference writer aligns the data to 8 bytes
		h.WriteByte(' ')
	}
	bw := bufio.NewWriterSize(w, 1<<20)
	var n [8]byte
	binary.LittleEndian.PutUint64(n[:], uint64(h.Len()))
	bw.Write(n[:])
	bw.Write(h.Bytes())
	for i := range tensors {
		bw.Write(tensors[i].Data)
	}
	return bw.Flush()
}

// writeJSON appends v encoded as JSON (strings, string slices and int
// slices cannot fail to encode).
func writeJSON(b *bytes.Buffer, v any) {
	enc, _ := json.Marshal(v)
	b.Write(enc)
}

// WriteFile writes a safetensors file to path (see Write).
func WriteFile(path string, tensors []Tensor, metadata map[string]string) error {
	out, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := Write(out, tensors, metadata); err != nil {
		out.Close()
		os.Remove(path)
		return err
	}
	return out.Close()
}
