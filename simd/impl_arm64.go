//go:build !purego

package simd

import "golang.org/x/sys/cpu"

// useNEON turns on the NEON kernels; Advanced SIMD is part of every arm64
// CPU. useDotProd turns on the kernels that use the dot-product extension
// (SDOT), where the CPU has it.
var (
	useNEON    = true
	useDotProd = cpu.ARM64.HasASIMDDP
)

func init() {
	implementations = append([]implementation{
		{name: "NEON+DotProd", available: useDotProd, enabled: &useDotProd},
		{name: "NEON", available: true, enabled: &useNEON},
	}, implementations...)
}
