//go:build !purego

#include "textflag.h"

// AVX2 Q8_0 and Q8_1 activation quantizers: llama.cpp's x86
// quantize_row_q8_0 and quantize_row_q8_1, instruction for instruction
// where the result depends on it (the operand order of every MAXPS, which
// decides where a NaN goes). Go declarations are in quantize_q8_amd64.go.

// Register roles.
#define DP DI        // output block
#define XP SI        // input block
#define CNT CX       // blocks left
#define ABSMASK Y15  // 0x7fffffff in every lane
#define PERM Y14     // VPERMD indices that undo the lane-wise packs
#define C127 X13     // 127.0 in lane 0
#define ZERO X12     // 0.0
#define D X7         // lane 0: d = amax/127

DATA absmask<>+0(SB)/8, $0x7fffffff7fffffff
DATA absmask<>+8(SB)/8, $0x7fffffff7fffffff
DATA absmask<>+16(SB)/8, $0x7fffffff7fffffff
DATA absmask<>+24(SB)/8, $0x7fffffff7fffffff
GLOBL absmask<>(SB), RODATA|NOPTR, $32

// The packs leave the dwords of codes 0-3, 8-11, 16-19, 24-27, 4-7,
// 12-15, 20-23, 28-31; dword k of the output takes dword perm[k].
DATA perm<>+0(SB)/4, $0
DATA perm<>+4(SB)/4, $4
DATA perm<>+8(SB)/4, $1
DATA perm<>+12(SB)/4, $5
DATA perm<>+16(SB)/4, $2
DATA perm<>+20(SB)/4, $6
DATA perm<>+24(SB)/4, $3
DATA perm<>+28(SB)/4, $7
GLOBL perm<>(SB), RODATA|NOPTR, $32

DATA c127<>+0(SB)/4, $0x42fe0000 // 127.0
GLOBL c127<>(SB), RODATA|NOPTR, $4

// PROLOGUE loads the arguments and constants; it jumps to done when x
// holds no whole block.
#define PROLOGUE \
	MOVQ dst_base+0(FP), DP; \
	MOVQ x_base+24(FP), XP; \
	MOVQ x_len+32(FP), CNT; \
	SHRQ $5, CNT; \
	JZ done; \
	VMOVDQU absmask<>(SB), ABSMASK; \
	VMOVDQU perm<>(SB), PERM; \
	VMOVSS c127<>(SB), C127; \
	VXORPS ZERO, ZERO, ZERO

// CODES reads the 32 floats at XP into Y0-Y3 and leaves their int32 codes
// there and d in D. Go's VMAXPS b, a, dst is MAXPS(a, b): a if a > b, else
// b (so a NaN in b wins, one in a loses). amax is reduced as absMaxAVX
// does: rows 1-3 against the running maximum, then the high half against
// the low, the upper pair against the lower, lane 1 against lane 0. Then
// d = amax/127, id = 127/amax masked to 0 where amax == 0 (CMPSS NEQ_UQ is
// true for a NaN, which keeps id = NaN as the twin's amax != 0 does), and
// the codes are CVTPS2DQ(x*id): round to nearest even under the default
// MXCSR, 0x80000000 for NaN and out-of-range values.
#define CODES \
	VMOVUPS 0(XP), Y0; \
	VMOVUPS 32(XP), Y1; \
	VMOVUPS 64(XP), Y2; \
	VMOVUPS 96(XP), Y3; \
	VANDPS ABSMASK, Y0, Y4; \
	VANDPS ABSMASK, Y1, Y5; \
	VMAXPS Y5, Y4, Y4; \
	VANDPS ABSMASK, Y2, Y5; \
	VMAXPS Y5, Y4, Y4; \
	VANDPS ABSMASK, Y3, Y5; \
	VMAXPS Y5, Y4, Y4; \
	VEXTRACTF128 $1, Y4, X5; \
	VMAXPS X4, X5, X5; \
	VMOVHLPS X5, X5, X6; \
	VMAXPS X6, X5, X5; \
	VMOVSHDUP X5, X6; \
	VMAXSS X6, X5, X5; \
	VDIVSS C127, X5, D; \
	VDIVSS X5, C127, X8; \
	VCMPSS $4, ZERO, X5, X9; \
	VANDPS X9, X8, X8; \
	VBROADCASTSS X8, Y8; \
	VMULPS Y8, Y0, Y0; \
	VMULPS Y8, Y1, Y1; \
	VMULPS Y8, Y2, Y2; \
	VMULPS Y8, Y3, Y3; \
	VCVTPS2DQ Y0, Y0; \
	VCVTPS2DQ Y1, Y1; \
	VCVTPS2DQ Y2, Y2; \
	VCVTPS2DQ Y3, Y3

// PACK saturates the int32 codes in Y0-Y3 to int8 (PACKSSDW then
// PACKSSWB clamp to [-128, 127]) and puts them in order in Y0.
#define PACK \
	VPACKSSDW Y1, Y0, Y0; \
	VPACKSSDW Y3, Y2, Y2; \
	VPACKSSWB Y2, Y0, Y0; \
	VPERMD Y0, PERM, Y0

// func quantizeQ8_0AVX2(dst []byte, x []float32)
TEXT ·quantizeQ8_0AVX2(SB), NOSPLIT, $0-48
	PROLOGUE

loop:
	CODES
	PACK
	VCVTPS2PH $0, D, X9     // d to fp16, rounding to nearest even
	VPEXTRW $0, X9, 0(DP)
	VMOVDQU Y0, 2(DP)
	ADDQ $128, XP
	ADDQ $34, DP
	DECQ CNT
	JNZ loop
	VZEROUPPER

done:
	RET

// func quantizeQ8_1AVX2(dst []byte, x []float32)
TEXT ·quantizeQ8_1AVX2(SB), NOSPLIT, $0-48
	PROLOGUE

loop:
	CODES

	// s = d*float32(sum of the int32 codes), the sum wrapping like the
	// twin's.
	VPADDD Y1, Y0, Y4
	VPADDD Y3, Y2, Y5
	VPADDD Y5, Y4, Y4
	VEXTRACTI128 $1, Y4, X5
	VPADDD X5, X4, X4
	VPSHUFD $0x4e, X4, X5   // swap the qwords
	VPADDD X5, X4, X4
	VPSHUFD $0xb1, X4, X5   // swap the dwords of each qword
	VPADDD X5, X4, X4
	VCVTDQ2PS X4, X4
	VMULSS X4, D, X4
	VCVTPS2PH $0, X4, X4
	VPEXTRW $0, X4, 2(DP)

	PACK
	VCVTPS2PH $0, D, X9
	VPEXTRW $0, X9, 0(DP)
	VMOVDQU Y0, 4(DP)
	ADDQ $128, XP
	ADDQ $36, DP
	DECQ CNT
	JNZ loop
	VZEROUPPER

done:
	RET
