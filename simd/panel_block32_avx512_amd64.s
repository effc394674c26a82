//go:build !purego

#include "textflag.h"

// AVX-512 (F, BW, VL and VNNI) panel kernels of Q4_0 and Q8_0 weights
// with a Q8_0 panel (PackQ8_0): 4 weight rows times 16 tokens, one token
// per lane. Go declarations are in panel_block32_avx512_amd64.go and the
// arithmetic is panelGeneric's in panel.go.
//
// Per block and row, VPANDD/VPXORD with a broadcast memory operand spread
// four weight codes at a time over the 16 lanes as unsigned bytes, and
// VPDPBUSD multiplies them with the same four codes of every token (the
// panel's group) into one int32 sum per token. The weights' bias (8 for
// Q4_0; 128 for Q8_0, whose codes are made unsigned by flipping their
// sign bits) times the panel's code sums is subtracted, which leaves the
// exact sum of products; its float32 times dx*dy is added to the row's
// total by one FMA. The rows' fp16 scales are converted 16 blocks at a
// time into the frame, from where VMULPS broadcasts them.
//
// A call computes 4 rows; with fewer, the missing rows repeat the last one
// and are not stored.

// General registers.
#define W0 R9   // weight blocks of rows 0-3
#define W1 R10
#define W2 R11
#define W3 R12
#define PB DI   // the panel's current block
#define LEFT CX // blocks left
#define CHUNK DX // blocks left in the chunk
#define DXP R8  // dx of the current block, row 0, as float32 in the frame
#define FR R13  // the frame: fp16 dx of a chunk's blocks at 32*row, as
                // float32 at 128+64*row; at the end the totals at 64*row

// Vector registers.
#define ACC0 Z0 // totals of rows 0-3, one token per lane
#define ACC1 Z1
#define ACC2 Z2
#define ACC3 Z3
#define DY Z4    // the block's dy of every token
#define CORR Z5  // bias times the block's code sums of every token
#define MASK Z6  // Q4_0: 0x0F bytes; Q8_0: 0x80 bytes
#define MASKH Z7 // Q4_0: 0xF0 bytes
#define SUM Z16  // int32 sums of the low groups
#define SUMH Z17 // and of the high groups
#define SC Z18   // dx*dy

// SETUP points W0-W3 at rows min(i, rows-1), loads PB and LEFT, zeroes
// the totals and jumps to store when there are no blocks.
#define SETUP \
	MOVQ w_base+32(FP), W0; \
	MOVQ wStride+56(FP), AX; \
	MOVQ rows+88(FP), BX; \
	MOVQ W0, W1; \
	MOVQ W0, W2; \
	MOVQ W0, W3; \
	CMPQ BX, $2; \
	JB   rowsSet; \
	ADDQ AX, W1; \
	MOVQ W1, W2; \
	MOVQ W1, W3; \
	CMPQ BX, $3; \
	JB   rowsSet; \
	ADDQ AX, W2; \
	MOVQ W2, W3; \
	CMPQ BX, $4; \
	JB   rowsSet; \
	ADDQ AX, W3; \
rowsSet: \
	MOVQ p_base+64(FP), PB; \
	MOVQ n+104(FP), LEFT; \
	SHRQ $5, LEFT; \
	MOVQ SP, FR; \
	VPXORD ACC0, ACC0, ACC0; \
	VPXORD ACC1, ACC1, ACC1; \
	VPXORD ACC2, ACC2, ACC2; \
	VPXORD ACC3, ACC3, ACC3; \
	TESTQ LEFT, LEFT; \
	JZ   store

// FINISH adds the exact sum in SUM, less CORR, times dx*dy (dx at
// off(DXP)) to acc.
#define FINISH(off, acc) \
	VPSUBD CORR, SUM, SUM; \
	VCVTDQ2PS SUM, SUM; \
	VMULPS.BCST off(DXP), DY, SC; \
	VFMADD231PS SC, SUM, acc

// Q4_0ROW adds row block w (fp16 dx, 16 bytes of nibbles: code j low,
// code j+16 high) to acc. The high nibbles are taken in place, times 16:
// their sum is shifted back, exactly.
#define Q4_0ROW(w, off, acc) \
	VPANDD.BCST 2(w), MASK, Z8; \
	VPANDD.BCST 6(w), MASK, Z9; \
	VPANDD.BCST 10(w), MASK, Z10; \
	VPANDD.BCST 14(w), MASK, Z11; \
	VPANDD.BCST 2(w), MASKH, Z12; \
	VPANDD.BCST 6(w), MASKH, Z13; \
	VPANDD.BCST 10(w), MASKH, Z14; \
	VPANDD.BCST 14(w), MASKH, Z15; \
	VPXORD SUM, SUM, SUM; \
	VPDPBUSD 0(PB), Z8, SUM; \
	VPDPBUSD 64(PB), Z9, SUM; \
	VPDPBUSD 128(PB), Z10, SUM; \
	VPDPBUSD 192(PB), Z11, SUM; \
	VPXORD SUMH, SUMH, SUMH; \
	VPDPBUSD 256(PB), Z12, SUMH; \
	VPDPBUSD 320(PB), Z13, SUMH; \
	VPDPBUSD 384(PB), Z14, SUMH; \
	VPDPBUSD 448(PB), Z15, SUMH; \
	VPSRAD $4, SUMH, SUMH; \
	VPADDD SUMH, SUM, SUM; \
	FINISH(off, acc)

// Q8_0ROW adds row block w (fp16 dx, 32 int8 codes) to acc.
#define Q8_0ROW(w, off, acc) \
	VPXORD.BCST 2(w), MASK, Z8; \
	VPXORD.BCST 6(w), MASK, Z9; \
	VPXORD.BCST 10(w), MASK, Z10; \
	VPXORD.BCST 14(w), MASK, Z11; \
	VPXORD.BCST 18(w), MASK, Z12; \
	VPXORD.BCST 22(w), MASK, Z13; \
	VPXORD.BCST 26(w), MASK, Z14; \
	VPXORD.BCST 30(w), MASK, Z15; \
	VPXORD SUM, SUM, SUM; \
	VPDPBUSD 0(PB), Z8, SUM; \
	VPDPBUSD 64(PB), Z9, SUM; \
	VPDPBUSD 128(PB), Z10, SUM; \
	VPDPBUSD 192(PB), Z11, SUM; \
	VPXORD SUMH, SUMH, SUMH; \
	VPDPBUSD 256(PB), Z12, SUMH; \
	VPDPBUSD 320(PB), Z13, SUMH; \
	VPDPBUSD 384(PB), Z14, SUMH; \
	VPDPBUSD 448(PB), Z15, SUMH; \
	VPADDD SUMH, SUM, SUM; \
	FINISH(off, acc)

// PANEL runs the product over chunks of up to 16 blocks of bsize bytes,
// ROW adding a row's block, with CORR the panel's code sums shifted left
// by shift; then stores the totals.
#define PANEL(ROW, bsize, shift) \
chunk: \
	MOVQ LEFT, CHUNK; \
	CMPQ CHUNK, $16; \
	JBE  scales; \
	MOVQ $16, CHUNK; \
scales: \
	XORQ BX, BX; \
	XORQ SI, SI; \
	MOVQ CHUNK, DXP; \
scale: \
	MOVWLZX (W0)(BX*1), AX; \
	MOVW AX, 0(FR)(SI*1); \
	MOVWLZX (W1)(BX*1), AX; \
	MOVW AX, 32(FR)(SI*1); \
	MOVWLZX (W2)(BX*1), AX; \
	MOVW AX, 64(FR)(SI*1); \
	MOVWLZX (W3)(BX*1), AX; \
	MOVW AX, 96(FR)(SI*1); \
	ADDQ $bsize, BX; \
	ADDQ $2, SI; \
	DECQ DXP; \
	JNZ  scale; \
	VCVTPH2PS 0(FR), SC; \ // words past the chunk's are never used
	VMOVUPS SC, 128(FR); \
	VCVTPH2PS 32(FR), SC; \
	VMOVUPS SC, 192(FR); \
	VCVTPH2PS 64(FR), SC; \
	VMOVUPS SC, 256(FR); \
	VCVTPH2PS 96(FR), SC; \
	VMOVUPS SC, 320(FR); \
	LEAQ 128(FR), DXP; \
block: \
	VMOVUPS 512(PB), DY; \
	VPSLLD $shift, 576(PB), CORR; \
	ROW(W0, 0, ACC0); \
	ROW(W1, 64, ACC1); \
	ROW(W2, 128, ACC2); \
	ROW(W3, 192, ACC3); \
	ADDQ $640, PB; \
	ADDQ $4, DXP; \
	ADDQ $bsize, W0; \
	ADDQ $bsize, W1; \
	ADDQ $bsize, W2; \
	ADDQ $bsize, W3; \
	DECQ LEFT; \
	DECQ CHUNK; \
	JNZ  block; \
	TESTQ LEFT, LEFT; \
	JNZ  chunk; \
store: \
	VMOVUPS ACC0, 0(FR); \
	VMOVUPS ACC1, 64(FR); \
	VMOVUPS ACC2, 128(FR); \
	VMOVUPS ACC3, 192(FR); \
	MOVQ dst_base+0(FP), DI; \
	MOVQ dstStride+24(FP), AX; \
	SHLQ $2, AX; \
	MOVQ tokens+96(FP), CX; \
	MOVQ rows+88(FP), BX; \
	XORQ SI, SI; \
tok: \
	MOVL 0(FR)(SI*1), DX; \
	MOVL DX, 0(DI); \
	CMPQ BX, $2; \
	JB   next; \
	MOVL 64(FR)(SI*1), DX; \
	MOVL DX, 4(DI); \
	CMPQ BX, $3; \
	JB   next; \
	MOVL 128(FR)(SI*1), DX; \
	MOVL DX, 8(DI); \
	CMPQ BX, $4; \
	JB   next; \
	MOVL 192(FR)(SI*1), DX; \
	MOVL DX, 12(DI); \
next: \
	ADDQ AX, DI; \
	ADDQ $4, SI; \
	DECQ CX; \
	JNZ  tok; \
	VZEROUPPER; \
	RET

// func panelQ4_0Q8_0AVX512(dst []float32, dstStride int, w []byte, wStride int, p []byte, rows, tokens, n int)
TEXT ·panelQ4_0Q8_0AVX512(SB), $384-112
	SETUP
	MOVL $0x0f0f0f0f, AX
	VPBROADCASTD AX, MASK
	MOVL $0xf0f0f0f0, AX
	VPBROADCASTD AX, MASKH
	PANEL(Q4_0ROW, 18, 3)

// func panelQ8_0Q8_0AVX512(dst []float32, dstStride int, w []byte, wStride int, p []byte, rows, tokens, n int)
TEXT ·panelQ8_0Q8_0AVX512(SB), $384-112
	SETUP
	MOVL $0x80808080, AX
	VPBROADCASTD AX, MASK
	PANEL(Q8_0ROW, 34, 7)
