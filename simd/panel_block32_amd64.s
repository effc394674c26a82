//go:build !purego

#include "textflag.h"

// AVX2 panel kernels of Q4_0 and Q8_0 weights, as rows and as groups
// (group.go), with a Q8_0 panel (PackQ8_0): one weight row at a time
// times the tokens of the panel, eight tokens (an octet: lanes 0-7 or
// 8-15 of a panel half) per ymm register, two octets for 16 tokens or
// fewer and four otherwise. Go declarations are in panel_block32_amd64.go
// and the arithmetic is panelGeneric's in panel.go.
//
// Per block, each dword of the row's codes is broadcast to all lanes and
// split into unsigned values 0..15: Q4_0's low and high nibbles, or the
// two nibbles of Q8_0's codes plus 128. VPMADDUBSW multiplies them with
// the same four codes of every token (signed, from the panel) into int16
// pair sums of at most 2*15*128 = 3840 in magnitude, which cannot
// saturate, and eight of which add exactly in int16; VPMADDWD widens them
// to int32 (Q8_0's high nibbles weighted 16). Less the weights' bias (8 or
// 128) times the panel's code sums, that is the exact sum of products; its
// float32 times dx*dy is added to the token's total by one FMA.

// General registers.
#define RDX R9   // the row's fp16 dx in the first block
#define RW R10   // the row's first dword of codes in the first block
#define OFF R12  // the current block's offset from the first
#define PB R13   // the panel's current block, first half
#define PB2 R14  // and second half
#define CNT CX   // blocks left
#define ROWS BX  // rows left
#define DSTR SI  // dstStride*4
                 // DI: the row's first total in dst

// The frame: the totals of token t at 4t while they are stored, the
// block's dx as float32 at 128, and the blocks per row, the panel's
// address and the token count at 136, 144 and 152.
#define FDX 128
#define FNB 136
#define FP_ 144
#define FTOK 152

// Vector registers.
#define ACC0 Y0  // totals of tokens 0-7, 8-15, 16-23, 24-31
#define ACC1 Y1
#define ACC2 Y2
#define ACC3 Y3
#define S0 Y4    // int16 pair sums of an octet (Q8_0: low nibbles)
#define S1 Y5
#define S2 Y6
#define S3 Y7
#define SH0 Y8   // Q8_0: the high nibbles' int16 pair sums
#define SH1 Y9
#define SH2 Y10
#define SH3 Y11
#define L Y12    // a broadcast dword of codes: low nibbles
#define H Y13    // high nibbles
#define T Y14
#define XT X14
#define MASK Y15 // 0x0F bytes

DATA ones16<>+0(SB)/8, $0x0001000100010001
DATA ones16<>+8(SB)/8, $0x0001000100010001
DATA ones16<>+16(SB)/8, $0x0001000100010001
DATA ones16<>+24(SB)/8, $0x0001000100010001
GLOBL ones16<>(SB), RODATA|NOPTR, $32

DATA sixteens16<>+0(SB)/8, $0x0010001000100010
DATA sixteens16<>+8(SB)/8, $0x0010001000100010
DATA sixteens16<>+16(SB)/8, $0x0010001000100010
DATA sixteens16<>+24(SB)/8, $0x0010001000100010
GLOBL sixteens16<>(SB), RODATA|NOPTR, $32

DATA x80<>+0(SB)/8, $0x8080808080808080
DATA x80<>+8(SB)/8, $0x8080808080808080
DATA x80<>+16(SB)/8, $0x8080808080808080
DATA x80<>+24(SB)/8, $0x8080808080808080
GLOBL x80<>(SB), RODATA|NOPTR, $32

// OCT2 and OCT4 run M on the octets of one panel half or of both: the
// panel half's block, the octet's byte offset in a group of codes, its
// total and its sums.
#define OCT2(M, m) \
	M(PB, 0, ACC0, S0, SH0, m); \
	M(PB, 32, ACC1, S1, SH1, m)
#define OCT4(M, m) \
	OCT2(M, m); \
	M(PB2, 0, ACC2, S2, SH2, m); \
	M(PB2, 32, ACC3, S3, SH3, m)

#define ZERO(pb, oo, acc, s, sh, m) \
	VPXOR s, s, s; \
	VPXOR sh, sh, sh

// Q4_0: PREP4 spreads the dword of codes at off over L (low nibbles,
// codes 4m..4m+3) and H (high nibbles, codes 16+4m..), and MUL4 adds
// their products with the octet's codes to its sums.
#define PREP4(off) \
	VPBROADCASTD off(RW)(OFF*1), H; \
	VPAND MASK, H, L; \
	VPSRLW $4, H, H; \ // the high nibbles down to 0..15
	VPAND MASK, H, H

#define MUL4(pb, oo, acc, s, sh, m) \
	VPMADDUBSW (64*m+oo)(pb), L, T; \ // u8 nibbles times s8 codes, pairs to int16
	VPADDW T, s, s; \
	VPMADDUBSW (64*m+256+oo)(pb), H, T; \
	VPADDW T, s, s

// FINISH subtracts the bias (the octet's code sums shifted left by shift)
// from its int32 sums s and adds them, times dx*dy, to its total.
#define FINISH(pb, oo, acc, s, shift) \
	VPSLLD $shift, (576+oo)(pb), T; \
	VPSUBD T, s, s; \
	VCVTDQ2PS s, s; \
	VBROADCASTSS FDX(SP), T; \
	VMULPS (512+oo)(pb), T, T; \
	VFMADD231PS T, s, acc

#define FIN4(pb, oo, acc, s, sh, m) \
	VPMADDWD ones16<>(SB), s, s; \ // int16 pairs to int32
	FINISH(pb, oo, acc, s, 3)

// Q8_0: PREP8 spreads the dword of codes at off, plus 128, over L (low
// nibbles) and H (high nibbles), and MUL8 adds their products with the
// octet's codes to its sums.
#define PREP8(off) \
	VPBROADCASTD off(RW)(OFF*1), L; \
	VPXOR x80<>(SB), L, L; \ // code+128, unsigned
	VPSRLW $4, L, H; \
	VPAND MASK, L, L; \
	VPAND MASK, H, H

#define MUL8(pb, oo, acc, s, sh, m) \
	VPMADDUBSW (64*m+oo)(pb), L, T; \
	VPADDW T, s, s; \
	VPMADDUBSW (64*m+oo)(pb), H, T; \
	VPADDW T, sh, sh

#define FIN8(pb, oo, acc, s, sh, m) \
	VPMADDWD ones16<>(SB), s, s; \
	VPMADDWD sixteens16<>(SB), sh, sh; \ // the high nibbles weigh 16
	VPADDD sh, s, s; \
	FINISH(pb, oo, acc, s, 7)

// CVTDX converts the block's fp16 dx to float32 in the frame.
#define CVTDX \
	MOVWLZX 0(RDX)(OFF*1), AX; \
	VMOVD AX, XT; \
	VCVTPH2PS XT, XT; \
	VMOVSS XT, FDX(SP)

// Q4_0BLOCK and Q8_0BLOCK add one block of the row, its dwords of codes
// ds bytes apart, to the totals of the octets OCTS.
#define Q4_0BLOCK(OCTS, ds) \
	CVTDX; \
	OCTS(ZERO, 0); \
	PREP4(0*ds); \
	OCTS(MUL4, 0); \
	PREP4(1*ds); \
	OCTS(MUL4, 1); \
	PREP4(2*ds); \
	OCTS(MUL4, 2); \
	PREP4(3*ds); \
	OCTS(MUL4, 3); \
	OCTS(FIN4, 0)

#define Q8_0BLOCK(OCTS, ds) \
	CVTDX; \
	OCTS(ZERO, 0); \
	PREP8(0*ds); \
	OCTS(MUL8, 0); \
	PREP8(1*ds); \
	OCTS(MUL8, 1); \
	PREP8(2*ds); \
	OCTS(MUL8, 2); \
	PREP8(3*ds); \
	OCTS(MUL8, 3); \
	PREP8(4*ds); \
	OCTS(MUL8, 4); \
	PREP8(5*ds); \
	OCTS(MUL8, 5); \
	PREP8(6*ds); \
	OCTS(MUL8, 6); \
	PREP8(7*ds); \
	OCTS(MUL8, 7); \
	OCTS(FIN8, 0)

// The NEXTROW of rows (wStride bytes apart, in R11) and of groups.
#define ROWNEXT \
	ADDQ R11, RDX; \
	ADDQ R11, RW
#define GROUPNEXT \
	ADDQ $2, RDX; \
	ADDQ $4, RW

// RUN computes every row's totals with the octets OCTS, block by block
// (bsize bytes apart), and stores those of the panel's tokens.
#define RUN(BLOCK, OCTS, ds, bsize, NEXTROW, row, blk, st, tok) \
row: \
	MOVQ FP_(SP), PB; \
	MOVQ FNB(SP), CNT; \
	IMUL3Q $640, CNT, PB2; \
	ADDQ PB, PB2; \
	XORQ OFF, OFF; \
	VPXOR ACC0, ACC0, ACC0; \
	VPXOR ACC1, ACC1, ACC1; \
	VPXOR ACC2, ACC2, ACC2; \
	VPXOR ACC3, ACC3, ACC3; \
	TESTQ CNT, CNT; \
	JZ   st; \
blk: \
	BLOCK(OCTS, ds); \
	ADDQ $bsize, OFF; \
	ADDQ $640, PB; \
	ADDQ $640, PB2; \
	DECQ CNT; \
	JNZ  blk; \
st: \
	VMOVUPS ACC0, 0(SP); \
	VMOVUPS ACC1, 32(SP); \
	VMOVUPS ACC2, 64(SP); \
	VMOVUPS ACC3, 96(SP); \
	MOVQ FTOK(SP), CX; \
	XORQ AX, AX; \
	MOVQ DI, DX; \
tok: \
	MOVL 0(SP)(AX*4), R8; \
	MOVL R8, 0(DX); \
	ADDQ DSTR, DX; \
	INCQ AX; \
	CMPQ AX, CX; \
	JB   tok; \
	ADDQ $4, DI; \
	NEXTROW; \
	DECQ ROWS; \
	JNZ  row

// PANEL runs RUN with one panel half for 16 tokens or fewer and with
// both otherwise.
#define PANEL(BLOCK, ds, bsize, NEXTROW) \
	MOVL $0x0f0f0f0f, AX; \
	VMOVD AX, XT; \
	VPBROADCASTD XT, MASK; \
	CMPQ FTOK(SP), $16; \
	JA   four; \
	RUN(BLOCK, OCT2, ds, bsize, NEXTROW, row2, blk2, st2, tok2); \
	JMP  done; \
four: \
	RUN(BLOCK, OCT4, ds, bsize, NEXTROW, row4, blk4, st4, tok4); \
done: \
	VZEROUPPER; \
	RET

// ROWSETUP loads the registers and frame of a panel of rows.
#define ROWSETUP \
	MOVQ dst_base+0(FP), DI; \
	MOVQ dstStride+24(FP), DSTR; \
	SHLQ $2, DSTR; \
	MOVQ w_base+32(FP), RDX; \
	LEAQ 2(RDX), RW; \
	MOVQ wStride+56(FP), R11; \
	MOVQ p_base+64(FP), AX; \
	MOVQ AX, FP_(SP); \
	MOVQ rows+88(FP), ROWS; \
	MOVQ tokens+96(FP), AX; \
	MOVQ AX, FTOK(SP); \
	MOVQ n+104(FP), AX; \
	SHRQ $5, AX; \
	MOVQ AX, FNB(SP)

// GROUPSETUP loads them for a group's 16 rows.
#define GROUPSETUP \
	MOVQ dst_base+0(FP), DI; \
	MOVQ dstStride+24(FP), DSTR; \
	SHLQ $2, DSTR; \
	MOVQ g_base+32(FP), RDX; \
	LEAQ 32(RDX), RW; \
	MOVQ p_base+56(FP), AX; \
	MOVQ AX, FP_(SP); \
	MOVQ $16, ROWS; \
	MOVQ tokens+80(FP), AX; \
	MOVQ AX, FTOK(SP); \
	MOVQ n+88(FP), AX; \
	SHRQ $5, AX; \
	MOVQ AX, FNB(SP)

// func panelQ4_0Q8_0AVX2(dst []float32, dstStride int, w []byte, wStride int, p []byte, rows, tokens, n int)
TEXT ·panelQ4_0Q8_0AVX2(SB), $160-112
	ROWSETUP
	PANEL(Q4_0BLOCK, 4, 18, ROWNEXT)

// func panelQ8_0Q8_0AVX2(dst []float32, dstStride int, w []byte, wStride int, p []byte, rows, tokens, n int)
TEXT ·panelQ8_0Q8_0AVX2(SB), $160-112
	ROWSETUP
	PANEL(Q8_0BLOCK, 4, 34, ROWNEXT)

// func groupPanelQ4_0Q8_0AVX2(dst []float32, dstStride int, g, p []byte, tokens, n int)
TEXT ·groupPanelQ4_0Q8_0AVX2(SB), $160-96
	GROUPSETUP
	PANEL(Q4_0BLOCK, 64, 288, GROUPNEXT)

// func groupPanelQ8_0Q8_0AVX2(dst []float32, dstStride int, g, p []byte, tokens, n int)
TEXT ·groupPanelQ8_0Q8_0AVX2(SB), $160-96
	GROUPSETUP
	PANEL(Q8_0BLOCK, 64, 544, GROUPNEXT)
