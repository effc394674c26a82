//go:build !purego

#include "textflag.h"

// AVX2 QuantizeQ8_K, which must write what quantizeQ8_KGeneric (ggml's
// quantize_row_q8_K_ref) writes, byte for byte, for every input. Go
// declaration in quantize_q8_k_amd64.go. Per block of 256 values:
//
//  1. amax = max |x| with VMAXPS(|x|, m), which keeps m when x is a NaN,
//     as the twin's a > amax skips NaNs; an amax of 0 zeroes the block.
//  2. maxv is the first x with |x| == amax (the twin keeps the first of
//     equal magnitudes), iscale = -127/maxv and d = 1/iscale.
//  3. The codes are ggml's nearest_int(iscale*x): the bits b of
//     iscale*x + 1.5*2^23 (multiplied and added apart, as the twin rounds
//     the product), then min(127, (b & 0x7fffff) - 0x400000) truncated to
//     int8. 0x400000 has no low byte, so the code is the low byte of
//     min(b & 0x7fffff, 0x40007f) (0x7f where the clamp bites): infinities
//     and NaNs come out as in the twin.
//  4. The bsums add each 16 codes with VPMADDUBSW by ones and VPHADDW.

#define XP SI      // x block
#define DP DI      // dst block
#define CNT CX     // blocks left
#define ONES8 Y8   // 1 in every byte
#define ONES8X X8
#define PERM Y9    // VPERMD indices 0, 4, 1, 5, 2, 6, 3, 7
#define AMAX Y10   // amax in every lane
#define CLAMP Y11  // 0x40007f in every lane
#define MANT Y12   // 0x7fffff in every lane
#define MAGIC Y13  // 1.5*2^23 in every lane
#define ISC Y14    // iscale in every lane
#define ABS Y15    // 0x7fffffff in every lane

DATA q8kPerm<>+0(SB)/8, $0x0000000400000000
DATA q8kPerm<>+8(SB)/8, $0x0000000500000001
DATA q8kPerm<>+16(SB)/8, $0x0000000600000002
DATA q8kPerm<>+24(SB)/8, $0x0000000700000003
GLOBL q8kPerm<>(SB), RODATA|NOPTR, $32

DATA q8kLowByte<>+0(SB)/8, $0x000000ff000000ff
DATA q8kLowByte<>+8(SB)/8, $0x000000ff000000ff
DATA q8kLowByte<>+16(SB)/8, $0x000000ff000000ff
DATA q8kLowByte<>+24(SB)/8, $0x000000ff000000ff
GLOBL q8kLowByte<>(SB), RODATA|NOPTR, $32

// BROADCAST32 sets every dword lane of Y to the 32-bit constant c.
#define BROADCAST32(c, Y, X) \
	MOVL c, AX; \
	VMOVD AX, X; \
	VPBROADCASTD X, Y

// AMAX4 folds |x| of the 32 values at o0(XP) ... o3(XP) into the running
// maxima Y4 ... Y7; VMAXPS returns its second source (the running max)
// when the first (|x|) is a NaN.
#define AMAX4(o0, o1, o2, o3) \
	VANDPS o0(XP), ABS, Y0; \
	VANDPS o1(XP), ABS, Y1; \
	VANDPS o2(XP), ABS, Y2; \
	VANDPS o3(XP), ABS, Y3; \
	VMAXPS Y4, Y0, Y4; \
	VMAXPS Y5, Y1, Y5; \
	VMAXPS Y6, Y2, Y6; \
	VMAXPS Y7, Y3, Y7

// CODES32 writes the codes of the 32 values at o0(XP) ... o3(XP) to
// d(DP).
#define CODES32(o0, o1, o2, o3, d) \
	VMULPS o0(XP), ISC, Y0; \
	VMULPS o1(XP), ISC, Y1; \
	VMULPS o2(XP), ISC, Y2; \
	VMULPS o3(XP), ISC, Y3; \
	VADDPS MAGIC, Y0, Y0; \
	VADDPS MAGIC, Y1, Y1; \
	VADDPS MAGIC, Y2, Y2; \
	VADDPS MAGIC, Y3, Y3; \
	VPAND MANT, Y0, Y0; \
	VPAND MANT, Y1, Y1; \
	VPAND MANT, Y2, Y2; \
	VPAND MANT, Y3, Y3; \
	VPMINSD CLAMP, Y0, Y0; \
	VPMINSD CLAMP, Y1, Y1; \
	VPMINSD CLAMP, Y2, Y2; \
	VPMINSD CLAMP, Y3, Y3; \
	VPAND q8kLowByte<>(SB), Y0, Y0; \ // the code's byte, so the packs below cannot saturate
	VPAND q8kLowByte<>(SB), Y1, Y1; \
	VPAND q8kLowByte<>(SB), Y2, Y2; \
	VPAND q8kLowByte<>(SB), Y3, Y3; \
	VPACKUSDW Y1, Y0, Y0; \           // per lane: x0..3, x8..11 | x4..7, x12..15
	VPACKUSDW Y3, Y2, Y2; \
	VPACKUSWB Y2, Y0, Y0; \           // dwords of codes of x0, x8, x16, x24, x4, x12, x20, x28 ...
	VPERMD Y0, PERM, Y0; \            // ... back in order
	VMOVDQU Y0, d(DP)

// func quantizeQ8_KAVX2(dst []byte, x []float32)
TEXT ·quantizeQ8_KAVX2(SB), NOSPLIT, $0-48
	MOVQ dst_base+0(FP), DP
	MOVQ x_base+24(FP), XP
	MOVQ x_len+32(FP), CNT
	SHRQ $8, CNT
	JZ   done
	BROADCAST32($0x01010101, ONES8, ONES8X)
	VMOVDQU q8kPerm<>(SB), PERM
	BROADCAST32($0x0040007f, CLAMP, X11)
	BROADCAST32($0x007fffff, MANT, X12)
	BROADCAST32($0x4b400000, MAGIC, X13) // 12582912.0
	BROADCAST32($0x7fffffff, ABS, X15)

block:
	VXORPS Y4, Y4, Y4
	VXORPS Y5, Y5, Y5
	VXORPS Y6, Y6, Y6
	VXORPS Y7, Y7, Y7
	AMAX4(0, 32, 64, 96)
	AMAX4(128, 160, 192, 224)
	AMAX4(256, 288, 320, 352)
	AMAX4(384, 416, 448, 480)
	AMAX4(512, 544, 576, 608)
	AMAX4(640, 672, 704, 736)
	AMAX4(768, 800, 832, 864)
	AMAX4(896, 928, 960, 992)
	VMAXPS Y5, Y4, Y4 // no NaNs left: the order is free
	VMAXPS Y7, Y6, Y6
	VMAXPS Y6, Y4, Y4
	VEXTRACTF128 $1, Y4, X5
	VMAXPS X5, X4, X4
	VPERMILPS $0x4e, X4, X5
	VMAXPS X5, X4, X4
	VPERMILPS $0xb1, X4, X5
	VMAXPS X5, X4, X4
	VMOVD X4, AX
	TESTL AX, AX      // amax >= 0 and no NaN: zero exactly when its bits are
	JZ   zero
	VBROADCASTSS X4, AMAX

	// The first x with |x| == amax; there is one, so the loop ends
	// within the block.
	XORL BX, BX

find:
	VANDPS (XP)(BX*4), ABS, Y0
	VCMPPS $0, AMAX, Y0, Y0 // EQ_OQ
	VMOVMSKPS Y0, AX
	TESTL AX, AX
	JNZ  found
	ADDQ $8, BX
	JMP  find

found:
	BSFL AX, AX
	ADDQ AX, BX
	VMOVSS (XP)(BX*4), X1 // maxv
	MOVL $0xc2fe0000, AX  // -127.0
	VMOVD AX, X2
	VDIVSS X1, X2, X2     // iscale = -127/maxv
	MOVL $0x3f800000, AX  // 1.0
	VMOVD AX, X3
	VDIVSS X2, X3, X3     // d = 1/iscale
	VMOVSS X3, (DP)
	VBROADCASTSS X2, ISC

	CODES32(0, 32, 64, 96, 4)
	CODES32(128, 160, 192, 224, 36)
	CODES32(256, 288, 320, 352, 68)
	CODES32(384, 416, 448, 480, 100)
	CODES32(512, 544, 576, 608, 132)
	CODES32(640, 672, 704, 736, 164)
	CODES32(768, 800, 832, 864, 196)
	CODES32(896, 928, 960, 992, 228)

	// bsums: VPMADDUBSW by ones gives the sums of code pairs, three
	// rounds of VPHADDW the sums of 16, with the even groups in the low
	// lanes and the odd groups in the high lanes.
	VPMADDUBSW 4(DP), ONES8, Y0
	VPMADDUBSW 36(DP), ONES8, Y1
	VPMADDUBSW 68(DP), ONES8, Y2
	VPMADDUBSW 100(DP), ONES8, Y3
	VPMADDUBSW 132(DP), ONES8, Y4
	VPMADDUBSW 164(DP), ONES8, Y5
	VPMADDUBSW 196(DP), ONES8, Y6
	VPMADDUBSW 228(DP), ONES8, Y7
	VPHADDW Y1, Y0, Y0
	VPHADDW Y3, Y2, Y2
	VPHADDW Y5, Y4, Y4
	VPHADDW Y7, Y6, Y6
	VPHADDW Y2, Y0, Y0
	VPHADDW Y6, Y4, Y4
	VPHADDW Y4, Y0, Y0      // groups 0, 2, ..., 14 | 1, 3, ..., 15
	VEXTRACTI128 $1, Y0, X1
	VPUNPCKLWD X1, X0, X2   // groups 0..7
	VPUNPCKHWD X1, X0, X3   // groups 8..15
	VMOVDQU X2, 260(DP)
	VMOVDQU X3, 276(DP)

next:
	ADDQ $1024, XP
	ADDQ $292, DP
	DECQ CNT
	JNZ  block

done:
	VZEROUPPER
	RET

zero:
	VPXOR Y0, Y0, Y0
	VMOVDQU Y0, 0(DP)
	VMOVDQU Y0, 32(DP)
	VMOVDQU Y0, 64(DP)
	VMOVDQU Y0, 96(DP)
	VMOVDQU Y0, 128(DP)
	VMOVDQU Y0, 160(DP)
	VMOVDQU Y0, 192(DP)
	VMOVDQU Y0, 224(DP)
	VMOVDQU Y0, 256(DP)
	MOVL $0, 288(DP)
	JMP  next
