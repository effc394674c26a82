package mmap

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// Released pages read back the file's bytes.
func TestRelease(t *testing.T) {
	want := make([]byte, 5*os.Getpagesize()+123)
	for i := range want {
		want[i] = byte(i * 7)
	}
	path := filepath.Join(t.TempDir(), "f")
	if err := os.WriteFile(path, want, 0o600); err != nil {
		t.Fatal(err)
	}
	data, unmap, err := Map(path)
	if err != nil {
		t.Fatal(err)
	}
	defer unmap()
	if !bytes.Equal(data, want) {
		t.Fatal("mapped bytes differ from the file's")
	}
	Release(data[100 : len(data)-50])
	Release(data[:0])
	Release(data[10:20])
	if !bytes.Equal(data, want) {
		t.Fatal("bytes differ after Release")
	}
}
