// Package quant holds the facts of every ggml tensor format (block size, bytes
// per block, name and file id, all in one table) and the plain-Go reference
// code that converts blocks to float32 and back.
//
// The quantizers reproduce llama.cpp's reference quantizers (the ones it uses
// without an importance matrix) byte for byte, and the dequantizers are the
// ground truth that the SIMD kernels in package simd are tested against.
package quant
