package safetensors

import (
	"errors"
	"fmt"
	"strings"
)

// Kinds of errors, for errors.Is.
var (
	// ErrTruncated means the file ends before the header or a tensor's data
	// it announces; typically the file was cut short while downloading.
	ErrTruncated = errors.New("truncated file")
	// ErrOutOfBounds means a length, shape or offset does not fit the file,
	// or two tensors' data overlap; typically the file is corrupted.
	ErrOutOfBounds = errors.New("out of bounds")
	// ErrBadHeader means the JSON header is malformed: not JSON, not an
	// object, a tensor entry without dtype, shape or data_offsets, a
	// duplicate name, metadata values that are not strings, …
	ErrBadHeader = errors.New("bad header")
	// ErrBadDType means a tensor has a dtype this package does not know, or
	// one a conversion does not support.
	ErrBadDType = errors.New("unsupported dtype")
)

// Error describes a problem in a safetensors file: which file, which
// tensor, and what is wrong.
type Error struct {
	Path   string // file path, or the name given to Parse
	Tensor string // tensor involved, if any
	Err    error  // what is wrong; wraps one of the Err… kinds
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("safetensors: ")
	if e.Path != "" {
		b.WriteString(e.Path + ": ")
	}
	if e.Tensor != "" {
		fmt.Fprintf(&b, "tensor %q: ", e.Tensor)
	}
	b.WriteString(e.Err.Error())
	return b.String()
}

// Unwrap returns the underlying error.
func (e *Error) Unwrap() error { return e.Err }

// kindf builds an error message that wraps kind.
func kindf(kind error, format string, args ...any) error {
	return fmt.Errorf("%s: %w", fmt.Sprintf(format, args...), kind)
}
