//go:build !purego

#include "textflag.h"
#include "amx_amd64.h"

// AMX (tile and int8) strip kernels of grouped Q4_0 and Q8_0 weights
// (strip.go), with AVX-512 for the scaling. Go declarations are in
// strip_amx_amd64.go and the arithmetic is groupStripQ8_0Q8_0Generic's.
//
// Per block, TDPBSSD multiplies tile A, the strip's 16 rows (tokens) of 32
// int8 codes, with tile B, the group block's codes as 8 rows of 16 dwords
// (four codes of each weight row), into tile C, 16×16 exact int32 sums,
// token t's in row t. C is stored to the frame, and for each token VCVTDQ2PS
// converts its row, VMULPS times the token's dy broadcast gives dx*dy for
// the 16 weight rows (dx converted from the block's fp16 scales), and one
// FMA adds it to the token's totals in Z0-Z15. Two blocks are in flight at
// a time, in tiles 0, 2, 4 and 1, 3, 5, so that one block's tile work
// runs while the other's sums are scaled. Q4_0 blocks are unpacked to
// int8 codes minus 8 in the frame first (tile B holds codes as the
// weights' order, low nibbles the first 16, high nibbles the rest).
//
// The AMX instructions are encoded in amx_amd64.h, with fixed registers:
// SI and CX the strip and its stride 32, BX the group block, DI the
// aligned frame and DX the stride 64.

// Tiles 0-1: C, 16 rows of 64 bytes; 2-3: A, 16 rows of 32 bytes; 4-5: B,
// 8 rows of 64 bytes.
DATA stripCfg<>+0(SB)/1, $1
DATA stripCfg<>+16(SB)/2, $64
DATA stripCfg<>+18(SB)/2, $64
DATA stripCfg<>+20(SB)/2, $32
DATA stripCfg<>+22(SB)/2, $32
DATA stripCfg<>+24(SB)/2, $64
DATA stripCfg<>+26(SB)/2, $64
DATA stripCfg<>+48(SB)/1, $16
DATA stripCfg<>+49(SB)/1, $16
DATA stripCfg<>+50(SB)/1, $16
DATA stripCfg<>+51(SB)/1, $16
DATA stripCfg<>+52(SB)/1, $8
DATA stripCfg<>+53(SB)/1, $8
GLOBL stripCfg<>(SB), RODATA|NOPTR, $64

// The frame, from DI (64-byte aligned): C of the two blocks in flight at
// 0 and 1024, unpacked Q4_0 codes (tile B) at 2048 and 2560.
#define FRAME_C0 0
#define FRAME_C1 1024
#define FRAME_B0 2048
#define FRAME_B1 2560

// TILES multiplies the strip block at soff(SI) with the group block whose
// codes are at boff(sib's registers) into the frame at coff, in tiles c,
// a and b.
#define TILES(c, a, b, soff, sib, boff, coff) \
	TILELOADD(a, SIB_SI_CX, soff); \
	TILELOADD(b, sib, boff); \
	TILEZERO(c); \
	TDPBSSD(c, a, b); \
	TILESTORED_DI(coff, c)

// TOK adds token t's row of sums at coff(DI) times its dy (the strip
// block at soff(SI)) times the rows' dx (dx) to acc.
#define TOK(t, acc, coff, soff, dx) \
	VCVTDQ2PS (coff+64*t)(DI), Z17; \
	VMULPS.BCST (soff+512+4*t)(SI), dx, Z18; \
	VFMADD231PS Z18, Z17, acc

// SCALE adds the sums of one block (C at coff, strip block at soff, fp16
// dx of the group block at dxoff(BX)) to the totals Z0-Z15.
#define SCALE(coff, soff, dxoff, dx) \
	VCVTPH2PS dxoff(BX), dx; \
	TOK(0, Z0, coff, soff, dx); \
	TOK(1, Z1, coff, soff, dx); \
	TOK(2, Z2, coff, soff, dx); \
	TOK(3, Z3, coff, soff, dx); \
	TOK(4, Z4, coff, soff, dx); \
	TOK(5, Z5, coff, soff, dx); \
	TOK(6, Z6, coff, soff, dx); \
	TOK(7, Z7, coff, soff, dx); \
	TOK(8, Z8, coff, soff, dx); \
	TOK(9, Z9, coff, soff, dx); \
	TOK(10, Z10, coff, soff, dx); \
	TOK(11, Z11, coff, soff, dx); \
	TOK(12, Z12, coff, soff, dx); \
	TOK(13, Z13, coff, soff, dx); \
	TOK(14, Z14, coff, soff, dx); \
	TOK(15, Z15, coff, soff, dx)

// UNPACK4 writes the codes of the Q4_0 group block at boff(BX) to the
// frame at foff as int8 codes minus 8, tile B's layout: the low nibbles
// of dword m as row m, the high nibbles as row m+4.
#define UNPACK1(m, boff, foff) \
	VPANDD (boff+32+64*m)(BX), Z19, Z20; \
	VPSUBB Z21, Z20, Z20; \
	VMOVDQU64 Z20, (foff+64*m)(DI); \
	VPSRLW $4, (boff+32+64*m)(BX), Z22; \
	VPANDD Z22, Z19, Z22; \
	VPSUBB Z21, Z22, Z22; \
	VMOVDQU64 Z22, (foff+256+64*m)(DI)

#define UNPACK4(boff, foff) \
	UNPACK1(0, boff, foff); \
	UNPACK1(1, boff, foff); \
	UNPACK1(2, boff, foff); \
	UNPACK1(3, boff, foff)

// STORE1 stores token t's totals (acc) at AX and returns when t+1 tokens
// are done; AX moves to the next token's row.
#define STORE1(t, acc) \
	VMOVUPS acc, (AX); \
	CMPQ R13, $(t+1); \
	JEQ  stored; \
	ADDQ R12, AX

// GROUPS runs the product: for each group, the blocks two at a time by
// PAIR and the last odd one by ONE, each advancing SI and BX, then the
// store of the group's totals.
#define GROUPS(PAIR, ONE) \
	LEAQ stripCfg<>(SB), AX; \
	LDTILECFG_AX; \
	MOVQ SP, DI; \
	ADDQ $63, DI; \
	ANDQ $~63, DI; \
	MOVQ $32, CX; \
	MOVQ $64, DX; \
	MOVQ g_base+32(FP), BX; \
	MOVQ s_base+64(FP), R10; \
	MOVQ dst_base+0(FP), R11; \
	MOVQ dstStride+24(FP), R12; \
	SHLQ $2, R12; \
	MOVQ tokens+88(FP), R13; \
	MOVQ groups+56(FP), R9; \
	TESTQ R9, R9; \
	JZ   done; \
group: \
	VPXORD Z0, Z0, Z0; \
	VMOVDQA64 Z0, Z1; \
	VMOVDQA64 Z0, Z2; \
	VMOVDQA64 Z0, Z3; \
	VMOVDQA64 Z0, Z4; \
	VMOVDQA64 Z0, Z5; \
	VMOVDQA64 Z0, Z6; \
	VMOVDQA64 Z0, Z7; \
	VMOVDQA64 Z0, Z8; \
	VMOVDQA64 Z0, Z9; \
	VMOVDQA64 Z0, Z10; \
	VMOVDQA64 Z0, Z11; \
	VMOVDQA64 Z0, Z12; \
	VMOVDQA64 Z0, Z13; \
	VMOVDQA64 Z0, Z14; \
	VMOVDQA64 Z0, Z15; \
	MOVQ R10, SI; \
	MOVQ n+96(FP), R8; \
	SHRQ $5, R8; \
pair: \
	CMPQ R8, $2; \
	JB   odd; \
	PAIR; \
	SUBQ $2, R8; \
	JMP  pair; \
odd: \
	TESTQ R8, R8; \
	JZ   store; \
	ONE; \
store: \
	MOVQ R11, AX; \
	STORE1(0, Z0); \
	STORE1(1, Z1); \
	STORE1(2, Z2); \
	STORE1(3, Z3); \
	STORE1(4, Z4); \
	STORE1(5, Z5); \
	STORE1(6, Z6); \
	STORE1(7, Z7); \
	STORE1(8, Z8); \
	STORE1(9, Z9); \
	STORE1(10, Z10); \
	STORE1(11, Z11); \
	STORE1(12, Z12); \
	STORE1(13, Z13); \
	STORE1(14, Z14); \
	VMOVUPS Z15, (AX); \
stored: \
	ADDQ $64, R11; \
	DECQ R9; \
	JNZ  group; \
done: \
	TILERELEASE; \
	VZEROUPPER; \
	RET

// The blocks of Q8_0 groups (544 bytes: 16 fp16 dx, then the codes).
#define Q8_0PAIR \
	TILES(0, 2, 4, 0, SIB_BX_DX, 32, FRAME_C0); \
	TILES(1, 3, 5, 576, SIB_BX_DX, 576, FRAME_C1); \
	SCALE(FRAME_C0, 0, 0, Z16); \
	SCALE(FRAME_C1, 576, 544, Z23); \
	ADDQ $1152, SI; \
	ADDQ $1088, BX

#define Q8_0ONE \
	TILES(0, 2, 4, 0, SIB_BX_DX, 32, FRAME_C0); \
	SCALE(FRAME_C0, 0, 0, Z16); \
	ADDQ $576, SI; \
	ADDQ $544, BX

// The blocks of Q4_0 groups (288 bytes: 16 fp16 dx, then the nibbles).
#define Q4_0PAIR \
	UNPACK4(0, FRAME_B0); \
	UNPACK4(288, FRAME_B1); \
	TILES(0, 2, 4, 0, SIB_DI_DX, FRAME_B0, FRAME_C0); \
	TILES(1, 3, 5, 576, SIB_DI_DX, FRAME_B1, FRAME_C1); \
	SCALE(FRAME_C0, 0, 0, Z16); \
	SCALE(FRAME_C1, 576, 288, Z23); \
	ADDQ $1152, SI; \
	ADDQ $576, BX

#define Q4_0ONE \
	UNPACK4(0, FRAME_B0); \
	TILES(0, 2, 4, 0, SIB_DI_DX, FRAME_B0, FRAME_C0); \
	SCALE(FRAME_C0, 0, 0, Z16); \
	ADDQ $576, SI; \
	ADDQ $288, BX

// func groupStripQ8_0Q8_0AMX(dst []float32, dstStride int, g []byte, groups int, s []byte, tokens, n int)
TEXT ·groupStripQ8_0Q8_0AMX(SB), $3136-104
	GROUPS(Q8_0PAIR, Q8_0ONE)

// func groupStripQ4_0Q8_0AMX(dst []float32, dstStride int, g []byte, groups int, s []byte, tokens, n int)
TEXT ·groupStripQ4_0Q8_0AMX(SB), $3136-104
	MOVL $0x0f0f0f0f, AX
	VPBROADCASTD AX, Z19
	MOVL $0x08080808, AX
	VPBROADCASTD AX, Z21
	GROUPS(Q4_0PAIR, Q4_0ONE)
