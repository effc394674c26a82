package main

import (
	"io"
	"os"

	"github.com/laminalabs/lamina/model/embedded"
	"github.com/laminalabs/lamina/model/gguf"
)

// openGGUF opens the GGUF file at path, or the embedded default model when
// path is empty.
func openGGUF(path string) (*gguf.File, error) {
	if path == "" {
		return embedded.Open()
	}
	return gguf.Open(path)
}

// progressTo returns w when it is a terminal, so progress bars show to
// people and never end up in logs or pipes; otherwise nil.
func progressTo(w io.Writer) io.Writer {
	f, ok := w.(*os.File)
	if !ok {
		return nil
	}
	st, err := f.Stat()
	if err != nil || st.Mode()&os.ModeCharDevice == 0 {
		return nil
	}
	return w
}
