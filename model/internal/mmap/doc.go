// Package mmap maps model files into memory read-only, so that the GGUF and
// safetensors readers can hand out tensors as views of the file without
// copying them. Where memory mapping is unavailable it reads the file.
package mmap
