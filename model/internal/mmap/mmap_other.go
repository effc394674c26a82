//go:build !unix

package mmap

import "os"

// Map reads the whole file at path where memory mapping is unavailable,
// and returns its bytes and a function that releases nothing.
func Map(path string) ([]byte, func() error, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, nil, err
	}
	return data, func() error { return nil }, nil
}

// Release does nothing where the file's bytes were read, not mapped.
func Release(b []byte) {}
