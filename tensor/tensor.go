// Package tensor describes a tensor as Lamina passes it around: a name, a
// ggml type, a shape and the bytes that hold it (usually a view into a
// memory-mapped model file). It holds no math.
package tensor

import (
	"fmt"
	"strings"

	"github.com/laminalabs/lamina/quant"
)

// Tensor is a typed, shaped view of bytes.
type Tensor struct {
	Name  string
	Type  quant.Type
	Shape []int64 // ggml order: Shape[0] is the row length (innermost)
	Data  []byte
}

// Elements returns the number of weights.
func (t *Tensor) Elements() int64 {
	n := int64(1)
	for _, d := range t.Shape {
		n *= d
	}
	return n
}

// Rows returns the number of rows: the product of all dimensions but the first.
func (t *Tensor) Rows() int64 {
	if len(t.Shape) == 0 || t.Shape[0] == 0 {
		return 0
	}
	return t.Elements() / t.Shape[0]
}

// RowBytes returns the bytes one row takes.
func (t *Tensor) RowBytes() int {
	if len(t.Shape) == 0 {
		return 0
	}
	n, _ := t.Type.RowBytes(int(t.Shape[0]))
	return n
}

// Row returns the bytes of row i.
func (t *Tensor) Row(i int) []byte {
	rb := t.RowBytes()
	return t.Data[i*rb : (i+1)*rb]
}

// Float32 dequantizes the whole tensor into a new slice.
func (t *Tensor) Float32() ([]float32, error) {
	out := make([]float32, t.Elements())
	if err := quant.Dequantize(t.Type, out, t.Data); err != nil {
		return nil, fmt.Errorf("tensor %q: %w", t.Name, err)
	}
	return out, nil
}

// ShapeString formats the shape as "[256 512]".
func (t *Tensor) ShapeString() string {
	parts := make([]string, len(t.Shape))
	for i, d := range t.Shape {
		parts[i] = fmt.Sprint(d)
	}
	return "[" + strings.Join(parts, " ") + "]"
}
