//go:build !purego

package simd

import "golang.org/x/sys/cpu"

// useAVX2 turns on the AVX2 kernels (which also use FMA and F16C). x/sys/cpu
// reports AVX2 only where the OS saves the YMM registers.
var useAVX2 = cpu.X86.HasAVX2 && cpu.X86.HasFMA && cpu.X86.HasF16C

func init() {
	implementations = append([]implementation{
		{name: "AVX2", available: useAVX2, enabled: &useAVX2},
	}, implementations...)
}
