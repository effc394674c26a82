// Package simd holds the vector kernels of the forward pass: the
// activation quantizers, the dot products of a weight row stored in its
// GGUF type with a quantized activation row, the float16/bfloat16
// conversions and the float32 vector operations.
//
// Every kernel reproduces the arithmetic of llama.cpp's CPU backend: the
// activation quantizers match what its x86 build writes bit for bit, and
// the dot products compute ggml's ggml_vec_dot_*_generic functions
// (integer sums per block, then float32 scaling in the same order).
//
// Each exported kernel has a pure-Go twin named …Generic that is compiled
// on every platform; the exported function calls its dispatcher
// (dispatch_amd64.go, dispatch_arm64.go, dispatch_purego.go), which picks
// the fastest implementation this CPU can run from flags set once at
// start-up through golang.org/x/sys/cpu (impl_amd64.go, impl_arm64.go).
// Path reports which one is in use, and the build tag purego forces the
// twins.
//
// Batches of tokens have kernels of their own beside the row kernels: 4×4
// tiles (tile.go) with the row kernels' bits; panels (panel.go), 32
// tokens' activations one per int32 lane for VNNI; grouped weights
// (group.go), 16 rows of Q4_0 or Q8_0 repacked at load, with a
// matrix-vector kernel for decode; and strips (strip.go), 16 tokens
// multiplied with a group on Intel's AMX tile unit where the CPU has it
// and Linux grants the tile state (amx_linux_amd64.go); on AMX, Panels
// (panels.go) also multiplies Q4_K rows 16 at a time with up to four
// panels, with the Panel's bits. Panels, groups and strips add each
// block's scaled integer sum to one float32 total in order, and a grouped
// row gives a token the same bits in all three.
//
// Kernels do not validate their arguments: their preconditions are
// documented and the caller (package model) checks shapes once, at load.
// A kernel whose inputs violate them may panic or return garbage.
package simd
