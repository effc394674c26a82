//go:build !purego

package simd

import "golang.org/x/sys/cpu"

// useAVX2 turns on the AVX2 kernels (which also use FMA and F16C). x/sys/cpu
// reports AVX2 only where the OS saves the YMM registers.
var useAVX2 = cpu.X86.HasAVX2 && cpu.X86.HasFMA && cpu.X86.HasF16C

// useAVX512 turns on the AVX-512 kernels (F, BW, VL and VNNI), and the AVX2
// kernels of the operations that have no AVX-512 variant. x/sys/cpu
// reports AVX-512 only where the OS saves the ZMM and mask registers.
var useAVX512 = useAVX2 && cpu.X86.HasAVX512F && cpu.X86.HasAVX512BW &&
	cpu.X86.HasAVX512VL && cpu.X86.HasAVX512VNNI

func init() {
	implementations = append([]implementation{
		{name: "AVX512", available: useAVX512, enabled: &useAVX512},
		{name: "AVX2", available: useAVX2, enabled: &useAVX2},
	}, implementations...)
}
