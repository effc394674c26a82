//go:build !purego

#include "textflag.h"
#include "panel_avx512_amd64.h"

// AVX-512 (F, BW, VL and VNNI) panel kernels of Q4_0 and Q8_0 weights
// with a Q8_0 panel (PackQ8_0): 4 weight rows times the 32 tokens of both
// panel halves (or 16 of the first), one token per lane. Go declarations are in panel_block32_avx512_amd64.go and the
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
// time into the frame, from where VMULPS broadcasts them. A row's block
// is spread once for both halves.
//
// A call computes 4 rows; with fewer, the missing rows repeat the last one
// and are not stored.

// General registers.
#define W0 R9   // weight blocks of rows 0-3
#define W1 R10
#define W2 R11
#define W3 R12
#define PB DI   // the panel's current block, first half
#define PB2 R14 // and second half
#define LEFT CX // blocks left
#define CHUNK DX // blocks left in the chunk
#define DXP R8  // dx of the current block, row 0, as float32 in the frame
#define GDX R15 // grouped weights: the fp16 dx of the four rows
#define FR R13  // the frame: fp16 dx of a chunk's blocks at 32*row, as
                // float32 at 128+64*row; at the end the totals of half
                // h at 256*h+64*row

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
#define ACC0B Z19 // the second half's totals, DY, CORR, SUM and SUMH
#define ACC1B Z20
#define ACC2B Z21
#define ACC3B Z22
#define DYB Z23
#define CORRB Z24
#define SUMB Z25
#define SUMHB Z26

// SETUP points W0-W3 at rows min(i, rows-1), loads PB and LEFT, zeroes
// the totals and jumps to store when there are no blocks.
#define SETUP \
	ROWS4; \
	MOVQ p_base+64(FP), PB; \
	MOVQ n+104(FP), PB2; \
	SHRQ $5, PB2; \
	IMUL3Q $640, PB2, PB2; \
	ADDQ PB, PB2; \
	MOVQ n+104(FP), LEFT; \
	SHRQ $5, LEFT; \
	MOVQ SP, FR; \
	VPXORD ACC0, ACC0, ACC0; \
	VPXORD ACC1, ACC1, ACC1; \
	VPXORD ACC2, ACC2, ACC2; \
	VPXORD ACC3, ACC3, ACC3; \
	VPXORD ACC0B, ACC0B, ACC0B; \
	VPXORD ACC1B, ACC1B, ACC1B; \
	VPXORD ACC2B, ACC2B, ACC2B; \
	VPXORD ACC3B, ACC3B, ACC3B; \
	TESTQ LEFT, LEFT; \
	JZ   store

// FINISH adds the exact sum in sum, less corr, times dx*dy (dx at
// off(DXP), dy in dy) to acc.
#define FINISH(sum, corr, dy, off, acc) \
	VPSUBD corr, sum, sum; \
	VCVTDQ2PS sum, sum; \
	VMULPS.BCST off(DXP), dy, SC; \
	VFMADD231PS SC, sum, acc

// Q4_0W spreads row block w (fp16 dx, 16 bytes of nibbles: code j low,
// code j+16 high) over Z8-Z15: the low nibbles of each dword of codes,
// then the high nibbles in place, times 16.
#define Q4_0W(w) \
	VPANDD.BCST 2(w), MASK, Z8; \
	VPANDD.BCST 6(w), MASK, Z9; \
	VPANDD.BCST 10(w), MASK, Z10; \
	VPANDD.BCST 14(w), MASK, Z11; \
	VPANDD.BCST 2(w), MASKH, Z12; \
	VPANDD.BCST 6(w), MASKH, Z13; \
	VPANDD.BCST 10(w), MASKH, Z14; \
	VPANDD.BCST 14(w), MASKH, Z15

// Q4_0GW and Q8_0GW are Q4_0W and Q8_0W for the four rows of a group at
// w, w+4, w+8, w+12 (the codes of block row r at 32+64m+4r).
#define Q4_0GW(w) \
	VPANDD.BCST 32(w), MASK, Z8; \
	VPANDD.BCST 96(w), MASK, Z9; \
	VPANDD.BCST 160(w), MASK, Z10; \
	VPANDD.BCST 224(w), MASK, Z11; \
	VPANDD.BCST 32(w), MASKH, Z12; \
	VPANDD.BCST 96(w), MASKH, Z13; \
	VPANDD.BCST 160(w), MASKH, Z14; \
	VPANDD.BCST 224(w), MASKH, Z15

#define Q8_0GW(w) \
	VPXORD.BCST 32(w), MASK, Z8; \
	VPXORD.BCST 96(w), MASK, Z9; \
	VPXORD.BCST 160(w), MASK, Z10; \
	VPXORD.BCST 224(w), MASK, Z11; \
	VPXORD.BCST 288(w), MASK, Z12; \
	VPXORD.BCST 352(w), MASK, Z13; \
	VPXORD.BCST 416(w), MASK, Z14; \
	VPXORD.BCST 480(w), MASK, Z15

// Q4_0H adds the Q4_0 block in Z8-Z15 times the panel half's block at pb
// to acc; the high nibbles' sum is shifted back, exactly.
#define Q4_0H(pb, sum, sumh, dy, corr, off, acc) \
	VPXORD sum, sum, sum; \
	VPDPBUSD 0(pb), Z8, sum; \
	VPDPBUSD 64(pb), Z9, sum; \
	VPDPBUSD 128(pb), Z10, sum; \
	VPDPBUSD 192(pb), Z11, sum; \
	VPXORD sumh, sumh, sumh; \
	VPDPBUSD 256(pb), Z12, sumh; \
	VPDPBUSD 320(pb), Z13, sumh; \
	VPDPBUSD 384(pb), Z14, sumh; \
	VPDPBUSD 448(pb), Z15, sumh; \
	VPSRAD $4, sumh, sumh; \
	VPADDD sumh, sum, sum; \
	FINISH(sum, corr, dy, off, acc)

// Q8_0W spreads row block w (fp16 dx, 32 int8 codes) over Z8-Z15, each
// dword of codes made unsigned.
#define Q8_0W(w) \
	VPXORD.BCST 2(w), MASK, Z8; \
	VPXORD.BCST 6(w), MASK, Z9; \
	VPXORD.BCST 10(w), MASK, Z10; \
	VPXORD.BCST 14(w), MASK, Z11; \
	VPXORD.BCST 18(w), MASK, Z12; \
	VPXORD.BCST 22(w), MASK, Z13; \
	VPXORD.BCST 26(w), MASK, Z14; \
	VPXORD.BCST 30(w), MASK, Z15

// Q8_0H adds the Q8_0 block in Z8-Z15 times the panel half's block at pb
// to acc.
#define Q8_0H(pb, sum, sumh, dy, corr, off, acc) \
	VPXORD sum, sum, sum; \
	VPDPBUSD 0(pb), Z8, sum; \
	VPDPBUSD 64(pb), Z9, sum; \
	VPDPBUSD 128(pb), Z10, sum; \
	VPDPBUSD 192(pb), Z11, sum; \
	VPXORD sumh, sumh, sumh; \
	VPDPBUSD 256(pb), Z12, sumh; \
	VPDPBUSD 320(pb), Z13, sumh; \
	VPDPBUSD 384(pb), Z14, sumh; \
	VPDPBUSD 448(pb), Z15, sumh; \
	VPADDD sumh, sum, sum; \
	FINISH(sum, corr, dy, off, acc)

// ROW1 adds row block w to acc for the first panel half; ROW2 to acc and
// accB for both halves.
#define ROW1(W, H, w, off, acc, accB) \
	W(w); \
	H(PB, SUM, SUMH, DY, CORR, off, acc)

#define ROW2(W, H, w, off, acc, accB) \
	W(w); \
	H(PB, SUM, SUMH, DY, CORR, off, acc); \
	H(PB2, SUMB, SUMHB, DYB, CORRB, off, accB)

// LOADB loads the block's dy and corr of the second half (LOAD2) or does
// nothing (LOAD1).
#define LOAD1(shift)
#define LOAD2(shift) \
	VMOVUPS 512(PB2), DYB; \
	VPSLLD $shift, 576(PB2), CORRB

// BLOCKS runs the product over chunks of up to 16 blocks of bsize bytes,
// ROW(W, H) adding a row's block, with corr the panel's code sums shifted
// left by shift, LOAD loading the second half's; D0-D3 address the rows'
// fp16 dx (BX: the block's offset from the chunk's), ADV advances what
// they address to the next block, and the last four name its labels.
#define BLOCKS(ROW, W, H, LOAD, bsize, shift, D0, D1, D2, D3, ADV, chunk, scales, scale, block) \
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
	MOVWLZX D0, AX; \
	MOVW AX, 0(FR)(SI*1); \
	MOVWLZX D1, AX; \
	MOVW AX, 32(FR)(SI*1); \
	MOVWLZX D2, AX; \
	MOVW AX, 64(FR)(SI*1); \
	MOVWLZX D3, AX; \
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
	LOAD(shift); \
	ROW(W, H, W0, 0, ACC0, ACC0B); \
	ROW(W, H, W1, 64, ACC1, ACC1B); \
	ROW(W, H, W2, 128, ACC2, ACC2B); \
	ROW(W, H, W3, 192, ACC3, ACC3B); \
	ADDQ $640, PB; \
	ADDQ $640, PB2; \
	ADDQ $4, DXP; \
	ADDQ $bsize, W0; \
	ADDQ $bsize, W1; \
	ADDQ $bsize, W2; \
	ADDQ $bsize, W3; \
	ADV; \
	DECQ LEFT; \
	DECQ CHUNK; \
	JNZ  block; \
	TESTQ LEFT, LEFT; \
	JNZ  chunk; \
	JMP  store

// The ADV of PANEL for rows (none: the rows' dx move with W0-W3) and for
// groups of Q4_0 and Q8_0 rows.
#define NOADV
#define GDX288 ADDQ $288, GDX
#define GDX544 ADDQ $544, GDX

// PANEL runs the product with one panel half for 16 tokens or fewer,
// with both halves otherwise, then stores the totals (STORE).
#define PANEL(W, H, bsize, shift, D0, D1, D2, D3, ADV) \
	CMPQ tokens+96(FP), $16; \
	JA   two; \
	BLOCKS(ROW1, W, H, LOAD1, bsize, shift, D0, D1, D2, D3, ADV, chunk1, scales1, scale1, block1); \
two: \
	BLOCKS(ROW2, W, H, LOAD2, bsize, shift, D0, D1, D2, D3, ADV, chunk2, scales2, scale2, block2); \
	STORE

// func panelQ4_0Q8_0AVX512(dst []float32, dstStride int, w []byte, wStride int, p []byte, rows, tokens, n int)
TEXT ·panelQ4_0Q8_0AVX512(SB), $512-112
	SETUP
	MOVL $0x0f0f0f0f, AX
	VPBROADCASTD AX, MASK
	MOVL $0xf0f0f0f0, AX
	VPBROADCASTD AX, MASKH
	PANEL(Q4_0W, Q4_0H, 18, 3, (W0)(BX*1), (W1)(BX*1), (W2)(BX*1), (W3)(BX*1), NOADV)

// func panelQ8_0Q8_0AVX512(dst []float32, dstStride int, w []byte, wStride int, p []byte, rows, tokens, n int)
TEXT ·panelQ8_0Q8_0AVX512(SB), $512-112
	SETUP
	MOVL $0x80808080, AX
	VPBROADCASTD AX, MASK
	PANEL(Q8_0W, Q8_0H, 34, 7, (W0)(BX*1), (W1)(BX*1), (W2)(BX*1), (W3)(BX*1), NOADV)

// func groupQuadQ4_0Q8_0AVX512(dst []float32, dstStride int, w []byte, wStride int, p []byte, rows, tokens, n int, dx []byte)
TEXT ·groupQuadQ4_0Q8_0AVX512(SB), $512-136
	SETUP
	MOVQ dx_base+112(FP), GDX
	MOVL $0x0f0f0f0f, AX
	VPBROADCASTD AX, MASK
	MOVL $0xf0f0f0f0, AX
	VPBROADCASTD AX, MASKH
	PANEL(Q4_0GW, Q4_0H, 288, 3, 0(GDX)(BX*1), 2(GDX)(BX*1), 4(GDX)(BX*1), 6(GDX)(BX*1), GDX288)

// func groupQuadQ8_0Q8_0AVX512(dst []float32, dstStride int, w []byte, wStride int, p []byte, rows, tokens, n int, dx []byte)
TEXT ·groupQuadQ8_0Q8_0AVX512(SB), $512-136
	SETUP
	MOVQ dx_base+112(FP), GDX
	MOVL $0x80808080, AX
	VPBROADCASTD AX, MASK
	PANEL(Q8_0GW, Q8_0H, 544, 7, 0(GDX)(BX*1), 2(GDX)(BX*1), 4(GDX)(BX*1), 6(GDX)(BX*1), GDX544)
