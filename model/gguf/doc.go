// Package gguf reads and writes GGUF files, the model format of llama.cpp.
//
// Open memory-maps a file and parses its header, metadata and tensor
// infos; tensor data stays in the mapping and TensorInfo.Data is a view of
// it, so opening a model costs milliseconds whatever its size. Every count,
// length, dimension and offset is checked against the bytes actually
// present before anything is allocated, and malformed input yields an
// *Error naming the file, the key or tensor, the offset and what was wrong.
//
// Write and Writer produce GGUF v3 files with correctly aligned tensor data.
package gguf
