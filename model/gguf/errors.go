package gguf

import (
	"errors"
	"fmt"
	"strings"
)

// Kinds of errors, for errors.Is.
var (
	// ErrBadMagic means the file does not start with "GGUF"; typically it is
	// not a GGUF file at all.
	ErrBadMagic = errors.New("not a GGUF file (bad magic)")
	// ErrUnsupportedVersion means the GGUF version is not 2 or 3.
	ErrUnsupportedVersion = errors.New("unsupported GGUF version")
	// ErrTruncated means the file ends before the structure it announces;
	// typically the file was cut short while copying or downloading.
	ErrTruncated = errors.New("truncated file")
	// ErrOutOfBounds means a count, length, dimension or offset does not fit
	// the file; typically this indicates corrupted input.
	ErrOutOfBounds = errors.New("out of bounds")
	// ErrBadTensorType means a tensor has a type id this reader does not know.
	ErrBadTensorType = errors.New("unknown tensor type")
	// ErrBadValue means a metadata value is malformed (unknown value type,
	// invalid alignment, duplicate key, …).
	ErrBadValue = errors.New("bad metadata value")
	// ErrMissingKey means a metadata key asked for is absent.
	ErrMissingKey = errors.New("missing key")
	// ErrWrongType means a metadata key holds a value of another type than
	// the one asked for.
	ErrWrongType = errors.New("wrong value type")
)

// Error describes a problem in a GGUF file: which file, where, which key
// or tensor, and what is wrong.
type Error struct {
	Path   string // file path, or a name given to Parse
	Offset int64  // byte offset the problem was found at, or -1
	Key    string // metadata key involved, if any
	Tensor string // tensor involved, if any
	Err    error  // what is wrong; wraps one of the Err… kinds
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("gguf: ")
	if e.Path != "" {
		b.WriteString(e.Path + ": ")
	}
	if e.Key != "" {
		fmt.Fprintf(&b, "key %q: ", e.Key)
	}
	if e.Tensor != "" {
		fmt.Fprintf(&b, "tensor %q: ", e.Tensor)
	}
	if e.Offset >= 0 {
		fmt.Fprintf(&b, "at offset %d: ", e.Offset)
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
