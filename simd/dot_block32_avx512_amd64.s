//go:build !purego

#include "textflag.h"

// AVX-512 (F, BW, VL and VNNI) dot products of the 32-weight block
// formats with Q8_0 and Q8_1 activations. Go declarations and the math
// they compute are in dot_block32_avx512_amd64.go.
//
// Four blocks go per iteration, in 512-bit registers. VPERMT2W gathers
// words from two overlapping 64-byte loads (the block scales sit between
// the codes, always at even offsets), so that 16-byte lane b of a ZMM
// holds the data of block b: the weights' packed nibbles, or codes 0-15
// (lo) and codes 16-31 (hi) of the activations. VPDPBUSD multiplies
// unsigned weight bytes with signed activation bytes and adds groups of
// four products into int32 lanes, exactly (unlike VPMADDUBSW, nothing
// saturates). Formats with signed weights add a bias b to make them
// unsigned and subtract VPDPBUSD(b, y) (every sum stays far inside int32).
// The int32 lanes 4b..4b+3 of block b are converted to float32 and
// accumulated with one FMA, times dx*dy spread over the same lanes (the
// fp16 scales are gathered by a word permute and converted by VCVTPH2PS).
// The last one to three blocks run through the same code once more, from
// zero-masked loads that cover only the bytes of those blocks (AVX-512
// suppresses faults on masked-off bytes and reads them as 0, so missing
// blocks have zero codes and zero scales and add exactly 0). The lanes
// are summed at the end.

// Register roles.
#define WP SI     // weight blocks
#define AP DI     // activation blocks
#define CNT CX    // blocks left
#define ACC Z0    // float32 lane sums
#define ACCY Y0
#define ACCX X0
#define SUM Z1    // int32 sums of u*y
#define COR Z2    // int32 sums of bias*y
#define T0 Z3
#define T1 Z4
#define T2 Z5
#define T3 Z6
#define T4 Z7
#define T4Y Y7
#define T5 Z8
#define T5Y Y8
#define T1Y Y4
#define T1X X4
#define IDXQ Z16  // VPERMT2W control gathering the weights' codes
#define IDXWD Z17 // VPERMW/VPERMT2W control spreading the weights' scales
#define IDXLO Z18 // VPERMT2W control gathering activation codes 0-15
#define IDXHI Z19 // VPERMT2W control gathering activation codes 16-31
#define IDXAD Z20 // VPERMT2W control spreading the activations' scales
#define M0F Z21   // 0x0F in every byte
#define BIAS Z22  // the weights' bias in every byte
// Zero-masked loads of the last blocks.
#define LW0 Z24
#define LW1 Z25
#define LW2 Z26
#define LW3 Z27
#define LA0 Z28
#define LA1 Z29
#define LA2 Z30
#define LA3 Z31

// VPERMT2W controls (word indices: 0-31 the first table, 32-63 the
// second). For Q8_0 blocks (34 bytes; tables at byte 0 and 64 for lo and
// the scales, at 8 and 72 for hi): codes 0-15 of block b at bytes
// 34b+2.., codes 16-31 at 34b+18.., the scale at 34b.
DATA b32Q8Lo<>+0(SB)/8, $0x0004000300020001
DATA b32Q8Lo<>+8(SB)/8, $0x0008000700060005
DATA b32Q8Lo<>+16(SB)/8, $0x0015001400130012
DATA b32Q8Lo<>+24(SB)/8, $0x0019001800170016
DATA b32Q8Lo<>+32(SB)/8, $0x0026002500240023
DATA b32Q8Lo<>+40(SB)/8, $0x002a002900280027
DATA b32Q8Lo<>+48(SB)/8, $0x0037003600350034
DATA b32Q8Lo<>+56(SB)/8, $0x003b003a00390038
GLOBL b32Q8Lo<>(SB), RODATA|NOPTR, $64
DATA b32Q8Hi<>+0(SB)/8, $0x0008000700060005
DATA b32Q8Hi<>+8(SB)/8, $0x000c000b000a0009
DATA b32Q8Hi<>+16(SB)/8, $0x0019001800170016
DATA b32Q8Hi<>+24(SB)/8, $0x001d001c001b001a
DATA b32Q8Hi<>+32(SB)/8, $0x002a002900280027
DATA b32Q8Hi<>+40(SB)/8, $0x002e002d002c002b
DATA b32Q8Hi<>+48(SB)/8, $0x003b003a00390038
DATA b32Q8Hi<>+56(SB)/8, $0x003f003e003d003c
GLOBL b32Q8Hi<>(SB), RODATA|NOPTR, $64
// The scale of block b in words 4b..4b+3 (words 16-31 are not used).
DATA b32Q8D<>+0(SB)/8, $0x0000000000000000
DATA b32Q8D<>+8(SB)/8, $0x0011001100110011
DATA b32Q8D<>+16(SB)/8, $0x0022002200220022
DATA b32Q8D<>+24(SB)/8, $0x0033003300330033
DATA b32Q8D<>+32(SB)/8, $0
DATA b32Q8D<>+40(SB)/8, $0
DATA b32Q8D<>+48(SB)/8, $0
DATA b32Q8D<>+56(SB)/8, $0
GLOBL b32Q8D<>(SB), RODATA|NOPTR, $64

// Q4_0 blocks (18 bytes; tables at byte 0 and 8): the 16 code bytes of
// block b at 18b+2.., its scale at 18b (all in the first table).
DATA b32Q4_0Qs<>+0(SB)/8, $0x0004000300020001
DATA b32Q4_0Qs<>+8(SB)/8, $0x0008000700060005
DATA b32Q4_0Qs<>+16(SB)/8, $0x000d000c000b000a
DATA b32Q4_0Qs<>+24(SB)/8, $0x00110010000f000e
DATA b32Q4_0Qs<>+32(SB)/8, $0x0016001500140013
DATA b32Q4_0Qs<>+40(SB)/8, $0x001a001900180017
DATA b32Q4_0Qs<>+48(SB)/8, $0x003b003a00390038
DATA b32Q4_0Qs<>+56(SB)/8, $0x003f003e003d003c
GLOBL b32Q4_0Qs<>(SB), RODATA|NOPTR, $64
DATA b32Q4_0D<>+0(SB)/8, $0x0000000000000000
DATA b32Q4_0D<>+8(SB)/8, $0x0009000900090009
DATA b32Q4_0D<>+16(SB)/8, $0x0012001200120012
DATA b32Q4_0D<>+24(SB)/8, $0x001b001b001b001b
DATA b32Q4_0D<>+32(SB)/8, $0
DATA b32Q4_0D<>+40(SB)/8, $0
DATA b32Q4_0D<>+48(SB)/8, $0
DATA b32Q4_0D<>+56(SB)/8, $0
GLOBL b32Q4_0D<>(SB), RODATA|NOPTR, $64

// TMASK sets k to the load mask of the bytes [off, off+64) of a buffer
// of total bytes (a register): bit i is set where off+i < total.
#define TMASK(total, off, k) \
	MOVQ total, AX; \
	SUBQ $(off), AX; \
	XORL DX, DX; \
	CMPQ AX, $0; \
	CMOVQLT DX, AX; \ // AX = max(total-off, 0)
	BTSQ AX, DX; \    // DX = 1<<(AX mod 64)
	DECQ DX; \        // (1<<AX)-1, and 0 for AX = 64
	MOVQ $-1, BX; \
	CMPQ AX, $64; \
	CMOVQGE BX, DX; \
	KMOVQ DX, k

// PROLOGUE loads the arguments, zeroes the accumulator, leaves the number
// of blocks in CNT and loads the byte constants.
#define PROLOGUE \
	MOVQ w_base+0(FP), WP; \
	MOVQ a_base+24(FP), AP; \
	MOVQ n+48(FP), CNT; \
	SHRQ $5, CNT; \
	VPXORD ACC, ACC, ACC; \
	MOVL $0x0f0f0f0f, AX; \
	VPBROADCASTD AX, M0F

// Q8ACT gathers the activation codes of four Q8_0 blocks (A0, A64, A8
// and A72: the 64 bytes at offsets 0, 64, 8 and 72) to T2 (codes 0-15)
// and T3 (codes 16-31), and their scales to T5 as float32 in lanes
// 4b..4b+3.
#define Q8ACT(A0, A64, A8, A72) \
	VMOVDQU64 A0, T2; \
	VPERMT2W A64, IDXLO, T2; \
	VMOVDQU64 A8, T3; \
	VPERMT2W A72, IDXHI, T3; \
	VMOVDQU64 A0, T5; \
	VPERMT2W A64, IDXAD, T5; \
	VCVTPH2PS T5Y, T5

// SCALED adds the int32 lanes of SUM, times the weights' scales (fp16
// words in T4Y) times the activations' scales in T5, to ACC.
#define SCALED \
	VCVTPH2PS T4Y, T4; \
	VMULPS T5, T4, T4; \
	VCVTDQ2PS SUM, SUM; \
	VFMADD231PS T4, SUM, ACC

// LOOP4 runs BODY (on memory operands) over CNT/4 groups of four blocks
// of wsize and asize bytes, then TAIL over the CNT%4 blocks left, and
// leaves the sum of the lanes of ACC in ACCX lane 0.
#define LOOP4(BODY, TAIL, wsize, asize) \
	CMPQ CNT, $4; \
	JB tail; \
loop: \
	BODY; \
	ADDQ $(4*wsize), WP; \
	ADDQ $(4*asize), AP; \
	SUBQ $4, CNT; \
	CMPQ CNT, $4; \
	JAE loop; \
tail: \
	TESTQ CNT, CNT; \
	JZ sum; \
	IMUL3Q $(wsize), CNT, R8; \
	IMUL3Q $(asize), CNT, R9; \
	TAIL; \
sum: \
	VEXTRACTF64X4 $1, ACC, T1Y; \
	VADDPS T1Y, ACCY, ACCY; \
	VEXTRACTF128 $1, ACCY, T1X; \
	VADDPS T1X, ACCX, ACCX; \
	VMOVHLPS ACCX, ACCX, T1X; \
	VADDPS T1X, ACCX, ACCX; \
	VMOVSHDUP ACCX, T1X; \
	VADDSS T1X, ACCX, ACCX

// EPILOGUE returns the sum in ACCX.
#define EPILOGUE \
	VZEROUPPER; \
	MOVSS ACCX, ret+56(FP); \
	RET

// Q4_0: fp16 d, 16 bytes of nibbles (code j low nibble of byte j, code
// j+16 its high nibble); sum((u-8)*y) = sum(u*y) - sum(8*y). W0 and W8
// are the weights' 64 bytes at offsets 0 and 8.
#define Q4_0(W0, W8, A0, A64, A8, A72) \
	VMOVDQU64 W0, T0; \
	VPERMT2W W8, IDXQ, T0; \  // packed codes of block b in lane b
	VPERMW W0, IDXWD, T4; \   // weight scales
	VPSRLW $4, T0, T1; \
	VPANDD M0F, T0, T0; \     // codes 0-15
	VPANDD M0F, T1, T1; \     // codes 16-31
	Q8ACT(A0, A64, A8, A72); \
	VPXORD SUM, SUM, SUM; \
	VPXORD COR, COR, COR; \
	VPDPBUSD T2, T0, SUM; \
	VPDPBUSD T3, T1, SUM; \
	VPDPBUSD T2, BIAS, COR; \
	VPDPBUSD T3, BIAS, COR; \
	VPSUBD COR, SUM, SUM; \
	SCALED

#define Q4_0MEM Q4_0(0(WP), 8(WP), 0(AP), 64(AP), 8(AP), 72(AP))

#define Q4_0TAIL \
	TMASK(R8, 0, K1); \
	TMASK(R8, 8, K2); \
	VMOVDQU8.Z 0(WP), K1, LW0; \
	VMOVDQU8.Z 8(WP), K2, LW1; \
	TMASK(R9, 0, K1); \
	TMASK(R9, 64, K2); \
	TMASK(R9, 8, K3); \
	TMASK(R9, 72, K4); \
	VMOVDQU8.Z 0(AP), K1, LA0; \
	VMOVDQU8.Z 64(AP), K2, LA1; \
	VMOVDQU8.Z 8(AP), K3, LA2; \
	VMOVDQU8.Z 72(AP), K4, LA3; \
	Q4_0(LW0, LW1, LA0, LA1, LA2, LA3)

// func dotQ4_0Q8_0AVX512(w, a []byte, n int) float32
TEXT ·dotQ4_0Q8_0AVX512(SB), NOSPLIT, $0-60
	PROLOGUE
	VMOVDQU64 b32Q4_0Qs<>(SB), IDXQ
	VMOVDQU64 b32Q4_0D<>(SB), IDXWD
	VMOVDQU64 b32Q8Lo<>(SB), IDXLO
	VMOVDQU64 b32Q8Hi<>(SB), IDXHI
	VMOVDQU64 b32Q8D<>(SB), IDXAD
	MOVL $0x08080808, AX
	VPBROADCASTD AX, BIAS
	LOOP4(Q4_0MEM, Q4_0TAIL, 18, 34)
	EPILOGUE

// Q8_0: fp16 d, 32 int8 codes, for the weights as for the activations;
// the weights are made unsigned by flipping their sign bits (x+128), and
// sum((x+128)*y) - sum(128*y) is the sum.
#define Q8_0(W0, W64, W8, W72, A0, A64, A8, A72) \
	VMOVDQU64 W0, T0; \
	VPERMT2W W64, IDXLO, T0; \
	VMOVDQU64 W8, T1; \
	VPERMT2W W72, IDXHI, T1; \
	VMOVDQU64 W0, T4; \
	VPERMT2W W64, IDXAD, T4; \
	VPXORD BIAS, T0, T0; \
	VPXORD BIAS, T1, T1; \
	Q8ACT(A0, A64, A8, A72); \
	VPXORD SUM, SUM, SUM; \
	VPXORD COR, COR, COR; \
	VPDPBUSD T2, T0, SUM; \
	VPDPBUSD T3, T1, SUM; \
	VPDPBUSD T2, BIAS, COR; \
	VPDPBUSD T3, BIAS, COR; \
	VPSUBD COR, SUM, SUM; \
	SCALED

#define Q8_0MEM Q8_0(0(WP), 64(WP), 8(WP), 72(WP), 0(AP), 64(AP), 8(AP), 72(AP))

// The weight and activation blocks have the same size, so one set of
// masks serves both.
#define Q8_0TAIL \
	TMASK(R8, 0, K1); \
	TMASK(R8, 64, K2); \
	TMASK(R8, 8, K3); \
	TMASK(R8, 72, K4); \
	VMOVDQU8.Z 0(WP), K1, LW0; \
	VMOVDQU8.Z 64(WP), K2, LW1; \
	VMOVDQU8.Z 8(WP), K3, LW2; \
	VMOVDQU8.Z 72(WP), K4, LW3; \
	VMOVDQU8.Z 0(AP), K1, LA0; \
	VMOVDQU8.Z 64(AP), K2, LA1; \
	VMOVDQU8.Z 8(AP), K3, LA2; \
	VMOVDQU8.Z 72(AP), K4, LA3; \
	Q8_0(LW0, LW1, LW2, LW3, LA0, LA1, LA2, LA3)

// func dotQ8_0Q8_0AVX512(w, a []byte, n int) float32
TEXT ·dotQ8_0Q8_0AVX512(SB), NOSPLIT, $0-60
	PROLOGUE
	VMOVDQU64 b32Q8Lo<>(SB), IDXLO
	VMOVDQU64 b32Q8Hi<>(SB), IDXHI
	VMOVDQU64 b32Q8D<>(SB), IDXAD
	MOVL $0x80808080, AX
	VPBROADCASTD AX, BIAS
	LOOP4(Q8_0MEM, Q8_0TAIL, 34, 34)
	EPILOGUE
