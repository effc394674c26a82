// Package model loads transformer language models from GGUF files and runs
// their forward pass on the CPU.
//
// An architecture is a small declarative description of how it differs
// from the common decoder (see Arch and the arch_*.go files); Config holds
// the hyper-parameters read from the file's metadata; Load binds the
// tensors by llama.cpp's names and checks every shape. A Model is
// read-only and may be shared by many Sessions, each with its own KV cache.
//
// Weights stay in their file type: matrix rows are multiplied with
// activations quantized the way llama.cpp quantizes them for that type,
// through the kernels of package simd.
package model
