//go:build !purego

#include "textflag.h"
#include "panel_avx512_amd64.h"

// AVX-512 (F, BW, VL and VNNI) panel kernels of Q4_K and Q6_K weights
// with a Q8_K panel (PackQ8_K, layout panelK): 4 weight rows times the 32
// tokens of both panel halves (or 16 of the first), one token per lane.
// Go declarations are in panel_kquant_avx512_amd64.go and the arithmetic
// is that of panelQ4_KQ8_KGeneric and panelQ6_KQ8_KGeneric in
// panel_kquant.go.
//
// Per super-block and row, the row's scales (and Q4_K's minimums; Q6_K's
// codes too) are decoded once into the frame, as dwords for VPMULLD.BCST
// and as int16 pairs for VPDPWSSD. Four weight codes at a time are
// broadcast to the 16 lanes as unsigned bytes, and VPDPBUSD multiplies
// them with the same four codes of every token of each half (the panel's
// group) into one exact int32 sum per token and sub-block; VPMULLD scales
// it. The bsum corrections come from VPDPWSSD of the panel's int16 bsum
// pairs with pairs of minimums (Q4_K) or scales (Q6_K). The exact int32
// sums' float32 times d*dy (and dmin*dy) are added to the row's total by
// FMAs. All of a row's decoding and code spreading is shared by the two
// halves.
//
// A call computes 4 rows; with fewer, the missing rows repeat the last one
// and are not stored.

// General registers.
#define W0 R9   // weight super-blocks of rows 0-3
#define W1 R10
#define W2 R11
#define W3 R12
#define PB DI   // the panel's current block, first half
#define PB2 R14 // and second half
#define LEFT CX // super-blocks left
#define FR R13  // the frame half with each row's decoded super-block (the
                // next one is decoded into the other, NXT); at the end
                // the totals of half h at 256*h+64*row
#define NXT R8

// Vector registers of both kernels; those ending in B are the second
// half's.
#define ACC0 Z0 // totals of rows 0-3, one token per lane
#define ACC1 Z1
#define ACC2 Z2
#define ACC3 Z3
#define ACC0B Z16
#define ACC1B Z17
#define ACC2B Z18
#define ACC3B Z19
#define DY Z4    // the block's dy of every token
#define DYB Z24
#define WQ Z7    // four weight codes, broadcast
#define WQ2 Z8
#define SUM Z9   // int32 sums of two sub-blocks
#define SUM2 Z10
#define SUMB Z25
#define SUM2B Z26
#define ISUM Z11 // scaled int32 sum of the super-block
#define ISUMB Z27
#define CORR Z12 // bsum correction
#define CORRB Z15
#define TMP Z13

// SETUP points W0-W3 at rows min(i, rows-1), loads PB, PB2 and LEFT,
// zeroes the totals and jumps to store when there are no super-blocks.
#define SETUP \
	ROWS4; \
	MOVQ p_base+64(FP), PB; \
	MOVQ n+104(FP), LEFT; \
	SHRQ $8, LEFT; \
	IMUL3Q $4928, LEFT, PB2; \ // a half's bytes; not read for 16 tokens or fewer
	ADDQ PB, PB2; \
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

// ---- Q4_K ----

// Q4_K vector registers.
#define MASK Z5  // 0x0F bytes
#define MASKH Z6 // 0xF0 bytes
#define BS0 Z20  // the panel's bsum32 pairs 0-3 (panelK.bsums32)
#define BS1 Z21
#define BS2 Z22
#define BS3 Z23
#define BSB0 Z28
#define BSB1 Z29
#define BSB2 Z30
#define BSB3 Z31

// Q4_K frame, 128 bytes per row at off: scales as dwords at off+0,
// minimums as int16 pairs at off+80, d and dmin as float32 at off+96.

// DEC4 decodes the scales, minimums and d, dmin of the super-block at
// w+d (fp16 d and dmin, 12 bytes of 6-bit scales at 4) into frame fr at
// off. With
// a, b, c the three dwords of scale bytes, bytewise: scales 0-3 are a&63,
// minimums 0-3 b&63, scales 4-7 c&15 | a>>6<<4, minimums 4-7
// c>>4 | b>>6<<4 (scalesMinsK4).
#define DEC4(w, d, fr, off) \
	MOVL d+4(w), AX; \
	MOVL AX, SI; \
	SHRL $2, SI; \
	ANDL $0x30303030, SI; \
	ANDL $0x3f3f3f3f, AX; \
	MOVL d+12(w), DX; \
	MOVL DX, BX; \
	ANDL $0x0f0f0f0f, BX; \
	ORL  BX, SI; \
	SHLQ $32, SI; \
	ORQ  SI, AX; \ // scales 0-7 as bytes
	MOVL d+8(w), BX; \
	MOVL BX, SI; \
	SHRL $2, SI; \
	ANDL $0x30303030, SI; \
	ANDL $0x3f3f3f3f, BX; \
	SHRL $4, DX; \
	ANDL $0x0f0f0f0f, DX; \
	ORL  DX, SI; \
	SHLQ $32, SI; \
	ORQ  SI, BX; \ // minimums 0-7 as bytes
	VMOVQ AX, X13; \
	VPINSRQ $1, BX, X13, X13; \
	VPMOVZXBD X13, Z14; \ // scales, then minimums, as dwords
	VMOVDQU32 Z14, off(fr); \
	VPMOVZXBW X13, Y13; \ // as words: minimum pairs at 16
	VMOVDQU Y13, off+64(fr); \
	MOVL d+0(w), AX; \
	VMOVD AX, X13; \
	VCVTPH2PS X13, X13; \ // d, dmin
	VMOVQ X13, off+96(fr)

// LO4_1 and HI4_1 add group i of 64-weight chunk c of super-block w to SUM
// (low nibbles, sub-block 2c) and to SUM2 (high nibbles in place, times
// 16, sub-block 2c+1): bytes 16+32c+4i of w hold codes 64c+4i.. low and
// 64c+32+4i.. high, panel groups 16c+i and 16c+8+i. LO4_2 and HI4_2 also
// add the same codes times the second half to SUMB and SUM2B.
#define LO4_1(w, c, i) \
	VPANDD.BCST 16+32*c+4*i(w), MASK, WQ; \
	VPDPBUSD 1024*c+64*i(PB), WQ, SUM

#define HI4_1(w, c, i) \
	VPANDD.BCST 16+32*c+4*i(w), MASKH, WQ2; \
	VPDPBUSD 1024*c+512+64*i(PB), WQ2, SUM2

#define LO4_2(w, c, i) \
	LO4_1(w, c, i); \
	VPDPBUSD 1024*c+64*i(PB2), WQ, SUMB

#define HI4_2(w, c, i) \
	HI4_1(w, c, i); \
	VPDPBUSD 1024*c+512+64*i(PB2), WQ2, SUM2B

// SCALE4 adds scale*sum of sub-blocks 2c (sum) and 2c+1 (sum2, times 16)
// of the row decoded at off to isum.
#define SCALE4(off, c, sum, sum2, isum) \
	VPSRAD $4, sum2, sum2; \ // exact: a multiple of 16
	VPMULLD.BCST off+8*c(FR), sum, sum; \
	VPMULLD.BCST off+8*c+4(FR), sum2, sum2; \
	VPADDD sum, isum, isum; \
	VPADDD sum2, isum, isum

// CHUNK4_1 adds scale*sum of sub-blocks 2c and 2c+1 to ISUM; CHUNK4_2
// also to ISUMB for the second half.
#define CHUNK4_1(w, off, c) \
	VPXORD SUM, SUM, SUM; \
	VPXORD SUM2, SUM2, SUM2; \
	LO4_1(w, c, 0); HI4_1(w, c, 0); \
	LO4_1(w, c, 1); HI4_1(w, c, 1); \
	LO4_1(w, c, 2); HI4_1(w, c, 2); \
	LO4_1(w, c, 3); HI4_1(w, c, 3); \
	LO4_1(w, c, 4); HI4_1(w, c, 4); \
	LO4_1(w, c, 5); HI4_1(w, c, 5); \
	LO4_1(w, c, 6); HI4_1(w, c, 6); \
	LO4_1(w, c, 7); HI4_1(w, c, 7); \
	SCALE4(off, c, SUM, SUM2, ISUM)

#define CHUNK4_2(w, off, c) \
	VPXORD SUM, SUM, SUM; \
	VPXORD SUM2, SUM2, SUM2; \
	VPXORD SUMB, SUMB, SUMB; \
	VPXORD SUM2B, SUM2B, SUM2B; \
	LO4_2(w, c, 0); HI4_2(w, c, 0); \
	LO4_2(w, c, 1); HI4_2(w, c, 1); \
	LO4_2(w, c, 2); HI4_2(w, c, 2); \
	LO4_2(w, c, 3); HI4_2(w, c, 3); \
	LO4_2(w, c, 4); HI4_2(w, c, 4); \
	LO4_2(w, c, 5); HI4_2(w, c, 5); \
	LO4_2(w, c, 6); HI4_2(w, c, 6); \
	LO4_2(w, c, 7); HI4_2(w, c, 7); \
	SCALE4(off, c, SUM, SUM2, ISUM); \
	SCALE4(off, c, SUMB, SUM2B, ISUMB)

// FIN4 adds isum times d*dy, less the correction of the bsum32 pairs
// b0-b3 times dmin*dy, of the row decoded at off to acc.
#define FIN4(off, isum, b0, b1, b2, b3, dy, corr, acc) \
	VPXORD corr, corr, corr; \
	VPDPWSSD.BCST off+80(FR), b0, corr; \ // min 2i*bsum32 2i + min 2i+1*bsum32 2i+1
	VPDPWSSD.BCST off+84(FR), b1, corr; \
	VPDPWSSD.BCST off+88(FR), b2, corr; \
	VPDPWSSD.BCST off+92(FR), b3, corr; \
	VCVTDQ2PS isum, isum; \
	VMULPS.BCST off+96(FR), dy, TMP; \
	VFMADD231PS TMP, isum, acc; \
	VCVTDQ2PS corr, corr; \
	VMULPS.BCST off+100(FR), dy, TMP; \
	VFNMADD231PS TMP, corr, acc // acc - corr*(dmin*dy), one rounding

// ROW4_1 adds super-block w, decoded at off, to acc for the first half;
// ROW4_2 to acc and accB for both halves.
#define ROW4_1(w, off, acc, accB) \
	VPXORD ISUM, ISUM, ISUM; \
	CHUNK4_1(w, off, 0); \
	CHUNK4_1(w, off, 1); \
	CHUNK4_1(w, off, 2); \
	CHUNK4_1(w, off, 3); \
	FIN4(off, ISUM, BS0, BS1, BS2, BS3, DY, CORR, acc)

#define ROW4_2(w, off, acc, accB) \
	VPXORD ISUM, ISUM, ISUM; \
	VPXORD ISUMB, ISUMB, ISUMB; \
	CHUNK4_2(w, off, 0); \
	CHUNK4_2(w, off, 1); \
	CHUNK4_2(w, off, 2); \
	CHUNK4_2(w, off, 3); \
	FIN4(off, ISUM, BS0, BS1, BS2, BS3, DY, CORR, acc); \
	FIN4(off, ISUMB, BSB0, BSB1, BSB2, BSB3, DYB, CORRB, accB)

// LOAD4_2 loads the second half's dy and bsum32 pairs (LOAD4_1: none).
#define LOAD4_1
#define LOAD4_2 \
	VMOVUPS 4096(PB2), DYB; \
	VMOVDQU32 4672(PB2), BSB0; \
	VMOVDQU32 4736(PB2), BSB1; \
	VMOVDQU32 4800(PB2), BSB2; \
	VMOVDQU32 4864(PB2), BSB3

// NEXT moves the panel halves and the rows to the next super-block (of
// bsize bytes), swaps the frame halves and loops to block while
// super-blocks are left.
#define NEXT(bsize, block) \
	ADDQ $4928, PB; \
	ADDQ $4928, PB2; \
	ADDQ $bsize, W0; \
	ADDQ $bsize, W1; \
	ADDQ $bsize, W2; \
	ADDQ $bsize, W3; \
	XCHGQ FR, NXT; \
	DECQ LEFT; \
	JNZ  block

// BLOCKS4 runs the product over the super-blocks, ROW adding a row's and
// LOAD loading the second half's dy and bsums, the first super-block
// already decoded at FR, then jumps to store; block and last name its
// labels.
#define BLOCKS4(ROW, LOAD, block, last) \
block: \
	VMOVUPS 4096(PB), DY; \
	VMOVDQU32 4672(PB), BS0; \
	VMOVDQU32 4736(PB), BS1; \
	VMOVDQU32 4800(PB), BS2; \
	VMOVDQU32 4864(PB), BS3; \
	LOAD; \
	CMPQ LEFT, $1; \
	JEQ  last; \
	DEC4(W0, 144, NXT, 0); \ // the next super-block, into the other half
	DEC4(W1, 144, NXT, 128); \
	DEC4(W2, 144, NXT, 256); \
	DEC4(W3, 144, NXT, 384); \
last: \
	ROW(W0, 0, ACC0, ACC0B); \
	ROW(W1, 128, ACC1, ACC1B); \
	ROW(W2, 256, ACC2, ACC2B); \
	ROW(W3, 384, ACC3, ACC3B); \
	NEXT(144, block); \
	JMP  store

// func panelQ4_KQ8_KAVX512(dst []float32, dstStride int, w []byte, wStride int, p []byte, rows, tokens, n int)
TEXT ·panelQ4_KQ8_KAVX512(SB), $1024-112
	SETUP
	MOVL $0x0f0f0f0f, AX
	VPBROADCASTD AX, MASK
	MOVL $0xf0f0f0f0, AX
	VPBROADCASTD AX, MASKH
	LEAQ 512(SP), NXT
	DEC4(W0, 0, FR, 0) // the first super-block
	DEC4(W1, 0, FR, 128)
	DEC4(W2, 0, FR, 256)
	DEC4(W3, 0, FR, 384)
	CMPQ tokens+96(FP), $16
	JA   two4
	BLOCKS4(ROW4_1, LOAD4_1, block4a, last4a)

two4:
	BLOCKS4(ROW4_2, LOAD4_2, block4b, last4b)
	STORE

// ---- Q6_K ----

// Q6_K vector registers.
#define M0F Z5  // 0x0F bytes
#define M30 Z6  // 0x30 bytes
#define QL Z14  // 64 bytes of low nibbles
#define QH Z23  // 32 bytes of high pairs, then the same shifted right by 2
#define QHY Y23
#define QH2 Y21
#define QV Z22  // 64 decoded codes

// Q6_K frame, 384 bytes per row at off: the 256 codes q in [0, 63] in
// activation order at off+0, the int8 scales as dwords at off+256 and as
// int16 pairs at off+320, d as float32 at off+352.

// DEC6HALF decodes the 128 codes of half h of super-block w (ql at 64h,
// qh at 128+32h) into the frame at off+128h: codes 128h+l, l < 64, are
// ql[64h+l]&15 | bits 2(l/32) of qh[32h+l%32] << 4, codes 128h+64+l
// ql[64h+l]>>4 | bits 2(l/32)+4 of qh[32h+l%32] << 4 (decodeQ6K).
#define DEC6HALF(w, d, fr, off, h) \
	VMOVDQU8 d+64*h(w), QL; \
	VMOVDQU32 d+128+32*h(w), QHY; \
	VPSRLW $2, QHY, QH2; \
	VINSERTI64X4 $1, QH2, QH, QH; \ // qh, qh>>2: bits 0-1 and 4-5 of each byte
	VPANDD M0F, QL, QV; \
	VPSLLW $4, QH, TMP; \
	VPANDD M30, TMP, TMP; \
	VPORD TMP, QV, QV; \
	VMOVDQU32 QV, off+128*h(fr); \
	VPSRLW $4, QL, QV; \
	VPANDD M0F, QV, QV; \
	VPANDD M30, QH, TMP; \
	VPORD TMP, QV, QV; \
	VMOVDQU32 QV, off+128*h+64(fr)

// DEC6 decodes the super-block at w+d into frame fr at off.
#define DEC6(w, d, fr, off) \
	DEC6HALF(w, d, fr, off, 0); \
	DEC6HALF(w, d, fr, off, 1); \
	VPMOVSXBD d+192(w), TMP; \
	VMOVDQU32 TMP, off+256(fr); \
	VPMOVSXBW d+192(w), Y13; \
	VMOVDQU Y13, off+320(fr); \
	MOVWLZX d+208(w), AX; \
	VMOVD AX, X13; \
	VCVTPH2PS X13, X13; \
	VMOVSS X13, off+352(fr)

// G6_1 adds group 4j+i of the codes decoded at off to sum; G6_2 also
// adds them times the second half to sumB.
#define G6_1(off, j, i, wq, sum, sumB) \
	VPBROADCASTD off+16*j+4*i(FR), wq; \
	VPDPBUSD 256*j+64*i(PB), wq, sum

#define G6_2(off, j, i, wq, sum, sumB) \
	G6_1(off, j, i, wq, sum, sumB); \
	VPDPBUSD 256*j+64*i(PB2), wq, sumB

// MUL6 adds scale*sum of sub-blocks j (sum) and k (sum2) to isum.
#define MUL6(off, j, k, sum, sum2, isum) \
	VPMULLD.BCST off+256+4*j(FR), sum, sum; \
	VPMULLD.BCST off+256+4*k(FR), sum2, sum2; \
	VPADDD sum, isum, isum; \
	VPADDD sum2, isum, isum

// SUB6_1 adds scale*sum of sub-blocks j and k = j+1 to ISUM; SUB6_2 also
// to ISUMB for the second half.
#define SUB6_1(off, j, k) \
	VPXORD SUM, SUM, SUM; \
	VPXORD SUM2, SUM2, SUM2; \
	G6_1(off, j, 0, WQ, SUM, SUMB); G6_1(off, k, 0, WQ2, SUM2, SUM2B); \
	G6_1(off, j, 1, WQ, SUM, SUMB); G6_1(off, k, 1, WQ2, SUM2, SUM2B); \
	G6_1(off, j, 2, WQ, SUM, SUMB); G6_1(off, k, 2, WQ2, SUM2, SUM2B); \
	G6_1(off, j, 3, WQ, SUM, SUMB); G6_1(off, k, 3, WQ2, SUM2, SUM2B); \
	MUL6(off, j, k, SUM, SUM2, ISUM)

#define SUB6_2(off, j, k) \
	VPXORD SUM, SUM, SUM; \
	VPXORD SUM2, SUM2, SUM2; \
	VPXORD SUMB, SUMB, SUMB; \
	VPXORD SUM2B, SUM2B, SUM2B; \
	G6_2(off, j, 0, WQ, SUM, SUMB); G6_2(off, k, 0, WQ2, SUM2, SUM2B); \
	G6_2(off, j, 1, WQ, SUM, SUMB); G6_2(off, k, 1, WQ2, SUM2, SUM2B); \
	G6_2(off, j, 2, WQ, SUM, SUMB); G6_2(off, k, 2, WQ2, SUM2, SUM2B); \
	G6_2(off, j, 3, WQ, SUM, SUMB); G6_2(off, k, 3, WQ2, SUM2, SUM2B); \
	MUL6(off, j, k, SUM, SUM2, ISUM); \
	MUL6(off, j, k, SUMB, SUM2B, ISUMB)

// CORR6_1 adds scale pair j of the row decoded at off times the bsum pair
// j of the first half to CORR (scale 2j*bsum 2j + scale 2j+1*bsum 2j+1);
// CORR6_2 also that of the second half to CORRB.
#define CORR6_1(off, j) \
	VPBROADCASTD off+320+4*j(FR), WQ; \
	VPDPWSSD 4160+64*j(PB), WQ, CORR

#define CORR6_2(off, j) \
	CORR6_1(off, j); \
	VPDPWSSD 4160+64*j(PB2), WQ, CORRB

// FIN6 adds isum less 32*corr, times d*dy, of the row decoded at off to
// acc.
#define FIN6(off, isum, corr, dy, acc) \
	VPSLLD $5, corr, corr; \ // 32*Σ scale*bsum
	VPSUBD corr, isum, isum; \
	VCVTDQ2PS isum, isum; \
	VMULPS.BCST off+352(FR), dy, TMP; \
	VFMADD231PS TMP, isum, acc

// ROW6_1 adds the super-block decoded at off to acc for the first half;
// ROW6_2 to acc and accB for both halves.
#define ROW6_1(off, acc, accB) \
	VPXORD ISUM, ISUM, ISUM; \
	SUB6_1(off, 0, 1); \
	SUB6_1(off, 2, 3); \
	SUB6_1(off, 4, 5); \
	SUB6_1(off, 6, 7); \
	SUB6_1(off, 8, 9); \
	SUB6_1(off, 10, 11); \
	SUB6_1(off, 12, 13); \
	SUB6_1(off, 14, 15); \
	VPXORD CORR, CORR, CORR; \
	CORR6_1(off, 0); \
	CORR6_1(off, 1); \
	CORR6_1(off, 2); \
	CORR6_1(off, 3); \
	CORR6_1(off, 4); \
	CORR6_1(off, 5); \
	CORR6_1(off, 6); \
	CORR6_1(off, 7); \
	FIN6(off, ISUM, CORR, DY, acc)

#define ROW6_2(off, acc, accB) \
	VPXORD ISUM, ISUM, ISUM; \
	VPXORD ISUMB, ISUMB, ISUMB; \
	SUB6_2(off, 0, 1); \
	SUB6_2(off, 2, 3); \
	SUB6_2(off, 4, 5); \
	SUB6_2(off, 6, 7); \
	SUB6_2(off, 8, 9); \
	SUB6_2(off, 10, 11); \
	SUB6_2(off, 12, 13); \
	SUB6_2(off, 14, 15); \
	VPXORD CORR, CORR, CORR; \
	VPXORD CORRB, CORRB, CORRB; \
	CORR6_2(off, 0); \
	CORR6_2(off, 1); \
	CORR6_2(off, 2); \
	CORR6_2(off, 3); \
	CORR6_2(off, 4); \
	CORR6_2(off, 5); \
	CORR6_2(off, 6); \
	CORR6_2(off, 7); \
	FIN6(off, ISUM, CORR, DY, acc); \
	FIN6(off, ISUMB, CORRB, DYB, accB)

// LOAD6_2 loads the second half's dy (LOAD6_1: none).
#define LOAD6_1
#define LOAD6_2 VMOVUPS 4096(PB2), DYB

// BLOCKS6 is BLOCKS4 for Q6_K.
#define BLOCKS6(ROW, LOAD, block, last) \
block: \
	VMOVUPS 4096(PB), DY; \
	LOAD; \
	CMPQ LEFT, $1; \
	JEQ  last; \
	DEC6(W0, 210, NXT, 0); \ // the next super-block, into the other half
	DEC6(W1, 210, NXT, 384); \
	DEC6(W2, 210, NXT, 768); \
	DEC6(W3, 210, NXT, 1152); \
last: \
	ROW(0, ACC0, ACC0B); \
	ROW(384, ACC1, ACC1B); \
	ROW(768, ACC2, ACC2B); \
	ROW(1152, ACC3, ACC3B); \
	NEXT(210, block); \
	JMP  store

// func panelQ6_KQ8_KAVX512(dst []float32, dstStride int, w []byte, wStride int, p []byte, rows, tokens, n int)
TEXT ·panelQ6_KQ8_KAVX512(SB), $3072-112
	SETUP
	MOVL $0x0f0f0f0f, AX
	VPBROADCASTD AX, M0F
	MOVL $0x30303030, AX
	VPBROADCASTD AX, M30
	LEAQ 1536(SP), NXT
	DEC6(W0, 0, FR, 0) // the first super-block
	DEC6(W1, 0, FR, 384)
	DEC6(W2, 0, FR, 768)
	DEC6(W3, 0, FR, 1152)
	CMPQ tokens+96(FP), $16
	JA   two6
	BLOCKS6(ROW6_1, LOAD6_1, block6a, last6a)

two6:
	BLOCKS6(ROW6_2, LOAD6_2, block6b, last6b)
	STORE
