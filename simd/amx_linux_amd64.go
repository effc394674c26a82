//go:build !purego

package simd

import (
	"syscall"

	"golang.org/x/sys/cpu"
)

// hasAMX reports whether the CPU has AMX tiles and int8 products and
// Linux granted the process the tile state, which it enables only on
// request (arch_prctl ARCH_REQ_XCOMP_PERM for XFEATURE_XTILEDATA). The
// request is made once, at start-up, for the whole process. The AMX
// kernels also use AVX-512 VBMI (VPERMI2B), which every AMX CPU has.
// GODEBUG=cpu.amxtile=off turns the AMX kernels off.
var hasAMX = cpu.X86.HasAMXTile && cpu.X86.HasAMXInt8 && cpu.X86.HasAVX512F && cpu.X86.HasAVX512VBMI && requestTiles()

// amxOn reports whether the AMX kernels run: the CPU has AMX and the
// AVX-512 kernels, which scale the tiles' sums, are on.
func amxOn() bool { return hasAMX && useAVX512 }

// requestTiles asks Linux for the AMX tile state and reports whether it
// was granted.
func requestTiles() bool {
	const archReqXcompPerm, xfeatureXtiledata = 0x1023, 18
	_, _, errno := syscall.RawSyscall(syscall.SYS_ARCH_PRCTL, archReqXcompPerm, xfeatureXtiledata, 0)
	return errno == 0
}
