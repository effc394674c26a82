// Package safetensors reads and writes safetensors files, the tensor format
// of Hugging Face (PEFT adapters are published in it).
//
// A file is an 8-byte little-endian header length N, N bytes of JSON that
// map each tensor name to its dtype, shape and data_offsets (a byte range
// of the data section that follows the header) plus an optional
// "__metadata__" object of strings, then the data section.
//
// Open memory-maps a file (or reads it where mmap is unavailable) and
// Parse checks it before anything is trusted: the header length against
// the file size, the JSON's shape, every dtype, every shape against
// overflow, every byte range against the data section and against the
// other tensors (no overlaps), and the bytes each range holds against what
// its dtype and shape need. Malformed input yields an *Error naming the
// file, the tensor and what was wrong; tensor data are views of the
// mapping.
//
// Write and WriteFile produce valid files (the header padded with spaces
// so the data starts at a multiple of 8 bytes, as the reference
// implementation does; tensors packed in the order given); tests use them
// to build inputs.
package safetensors
