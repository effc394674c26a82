//go:build !linux && !purego

package simd

// amxOn reports false where the OS is not Linux: the AMX kernels are
// only enabled there, where the process asks for the tile state.
func amxOn() bool { return false }
