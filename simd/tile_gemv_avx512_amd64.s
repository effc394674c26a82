//go:build !purego

#include "textflag.h"

// AVX-512 (F, BW, VL and VNNI) products of four weight rows with one
// activation row, for single-token decode. Go declarations are in
// tile_gemv_avx512_amd64.go. Each row is computed with exactly the
// arithmetic of its row kernel in dot_block32_avx512_amd64.s: pairs of
// blocks A and B in the halves of a 512-bit register, the exact integer
// sums of VPDPBUSD, float32 lane sums updated with FMA by dx*dy of the
// pair's blocks, chunks of 16 blocks whose pairs alternate between two
// accumulators, single blocks past the last chunk into the first, and the
// same final reduction, so every result has the row kernel's bits. What
// depends only on the activations (their codes, the bias correction
// sum(b*y) and their fp16 scales) is loaded and computed once for the
// four rows, and the four rows' blocks are interleaved so that four
// streams of weights are in flight. The fp16 scales of a chunk's blocks
// are picked out of their loads with VPERMT2W (a gather costs as much as
// the rest of the chunk), and each chunk prefetches the same chunk of the
// next four rows.

// Register roles.
#define WP SI      // weight blocks of row 0
#define NXT R13    // the blocks of row 0 of the next four rows, at WP+4*RS
#define RS R11     // wStride: row r's blocks are at WP+r*RS
#define RS3 R12    // 3*wStride
#define AP DI      // activation blocks
#define CNT CX     // blocks left
#define DP DX      // dst
#define ACC00 Z0   // row r's float32 lane sums of even pairs (ACC0r) ...
#define ACC01 Z1
#define ACC02 Z2
#define ACC03 Z3
#define ACC10 Z4   // ... and of odd pairs (ACC1r)
#define ACC11 Z5
#define ACC12 Z6
#define ACC13 Z7
#define S0 Z8      // row r's dx*dy of the 16 blocks of this chunk
#define S1 Z9
#define S2 Z10
#define S3 Z11
#define NIB Z12    // Q4_0: 0x0F in the low, 0xF0 in the high 128 bits of each half
#define BIAS Z13   // the weights' bias b in every byte
#define A Z14      // activation codes
#define AY Y14
#define NCOR Z15   // int32 -sum(b*y) of the pair
#define W Z24      // weight bytes
#define WY Y24
#define SUM Z25    // int32 sums of u*y - b*y
#define SC Z26     // dx*dy of the pair's blocks, and temporary
#define SCY Y26
#define SCX X26
#define T Z27      // temporary
#define TY Y27
#define TX X27
#define WIDX Z28   // VPERMT2W controls picking the fp16 d of 16 weight blocks
#define AIDX Z29   // and of 16 activation blocks
#define SA Z30     // dy of the 16 activation blocks of this chunk; dy of a single block
#define SAX X30
#define COR SUM    // int32 sum(b*y)
#define PIDX0 Z16  // VPERMPS controls: dx*dy of blocks 2p and 2p+1 of
#define PIDX1 Z17  // the chunk to the low and high halves (p = 0..7)
#define PIDX2 Z18
#define PIDX3 Z19
#define PIDX4 Z20
#define PIDX5 Z21
#define PIDX6 Z22
#define PIDX7 Z23
#define KHI K1     // dword lanes 8-15
#define KHIQ K2    // qword lanes 4-7
#define KLO K3     // dword lanes 0-7
#define KW1 K5     // word lanes 4-7
#define KW2 K6     // word lanes 8-11
#define KW3 K7     // word lanes 12-15

// Row r's blocks: the addressing suffix of row r's weights.
#define R0 (WP)
#define R1 (WP)(RS*1)
#define R2 (WP)(RS*2)
#define R3 (WP)(RS3*1)

DATA g4Pair<>+0(SB)/8, $0x0000000000000000
DATA g4Pair<>+8(SB)/8, $0x0101010101010101
DATA g4Pair<>+16(SB)/8, $0x0202020202020202
DATA g4Pair<>+24(SB)/8, $0x0303030303030303
DATA g4Pair<>+32(SB)/8, $0x0404040404040404
DATA g4Pair<>+40(SB)/8, $0x0505050505050505
DATA g4Pair<>+48(SB)/8, $0x0606060606060606
DATA g4Pair<>+56(SB)/8, $0x0707070707070707
DATA g4Pair<>+64(SB)/8, $0x0808080808080808
DATA g4Pair<>+72(SB)/8, $0x0909090909090909
DATA g4Pair<>+80(SB)/8, $0x0a0a0a0a0a0a0a0a
DATA g4Pair<>+88(SB)/8, $0x0b0b0b0b0b0b0b0b
DATA g4Pair<>+96(SB)/8, $0x0c0c0c0c0c0c0c0c
DATA g4Pair<>+104(SB)/8, $0x0d0d0d0d0d0d0d0d
DATA g4Pair<>+112(SB)/8, $0x0e0e0e0e0e0e0e0e
DATA g4Pair<>+120(SB)/8, $0x0f0f0f0f0f0f0f0f
GLOBL g4Pair<>(SB), RODATA|NOPTR, $128

// VPERMT2W controls picking the first words (the fp16 d) of 16 blocks of
// 18 bytes (words 9k, k = 0..15) from two pairs of 64-byte loads, at
// bytes 0 and 64 (blocks 0-7 to word lanes 0-7) and at bytes 144 and 208
// (blocks 8-15 to lanes 8-15); and of 16 blocks of 34 bytes (words 17k)
// from four pairs at bytes 136j and 136j+64 (blocks 4j..4j+3 to lanes
// 4j..4j+3), j = 0..3. Every load lies within the 16 blocks.
DATA g4Idx18<>+0(SB)/8, $0x3f362d241b120900
DATA g4Idx18<>+8(SB)/8, $0x3f362d241b120900
GLOBL g4Idx18<>(SB), RODATA|NOPTR, $16
DATA g4Idx34<>+0(SB)/8, $0x3322110033221100
DATA g4Idx34<>+8(SB)/8, $0x3322110033221100
GLOBL g4Idx34<>(SB), RODATA|NOPTR, $16

DATA g4Nib<>+0(SB)/8, $0x0f0f0f0f0f0f0f0f
DATA g4Nib<>+8(SB)/8, $0x0f0f0f0f0f0f0f0f
DATA g4Nib<>+16(SB)/8, $0xf0f0f0f0f0f0f0f0
DATA g4Nib<>+24(SB)/8, $0xf0f0f0f0f0f0f0f0
GLOBL g4Nib<>(SB), RODATA|NOPTR, $32

// The Q4_0 bias 8, times 16 for the high nibbles.
DATA g4Bias8<>+0(SB)/8, $0x0808080808080808
DATA g4Bias8<>+8(SB)/8, $0x0808080808080808
DATA g4Bias8<>+16(SB)/8, $0x8080808080808080
DATA g4Bias8<>+24(SB)/8, $0x8080808080808080
GLOBL g4Bias8<>(SB), RODATA|NOPTR, $32

// float32 1 (0x3f800000) and 1/16 (0x3d800000).
DATA g4Fix16<>+0(SB)/8, $0x3f8000003f800000
DATA g4Fix16<>+8(SB)/8, $0x3f8000003f800000
DATA g4Fix16<>+16(SB)/8, $0x3d8000003d800000
DATA g4Fix16<>+24(SB)/8, $0x3d8000003d800000
GLOBL g4Fix16<>(SB), RODATA|NOPTR, $32

// PROLOGUE4 loads the arguments, leaves the number of blocks in CNT,
// zeroes the accumulators and loads the masks and pair controls; offw
// and offa are the VPERMT2W controls picking the d of the weight and
// activation blocks.
#define PROLOGUE4(offw, offa) \
	MOVQ dst_base+0(FP), DP; \
	MOVQ w_base+24(FP), WP; \
	MOVQ wStride+48(FP), RS; \
	LEAQ (RS)(RS*2), RS3; \
	MOVQ a_base+56(FP), AP; \
	MOVQ n+80(FP), CNT; \
	SHRQ $5, CNT; \
	VPXORD ACC00, ACC00, ACC00; \
	VPXORD ACC01, ACC01, ACC01; \
	VPXORD ACC02, ACC02, ACC02; \
	VPXORD ACC03, ACC03, ACC03; \
	VPXORD ACC10, ACC10, ACC10; \
	VPXORD ACC11, ACC11, ACC11; \
	VPXORD ACC12, ACC12, ACC12; \
	VPXORD ACC13, ACC13, ACC13; \
	MOVL $0xff00, AX; \
	KMOVW AX, KHI; \
	MOVL $0xf0, AX; \
	KMOVW AX, KHIQ; \
	MOVL $0x00ff, AX; \
	KMOVW AX, KLO; \
	VPMOVZXBD g4Pair<>+0(SB), PIDX0; \
	VPMOVZXBD g4Pair<>+16(SB), PIDX1; \
	VPMOVZXBD g4Pair<>+32(SB), PIDX2; \
	VPMOVZXBD g4Pair<>+48(SB), PIDX3; \
	VPMOVZXBD g4Pair<>+64(SB), PIDX4; \
	VPMOVZXBD g4Pair<>+80(SB), PIDX5; \
	VPMOVZXBD g4Pair<>+96(SB), PIDX6; \
	VPMOVZXBD g4Pair<>+112(SB), PIDX7; \
	MOVL $0xf0, AX; \
	KMOVD AX, KW1; \
	MOVL $0xf00, AX; \
	KMOVD AX, KW2; \
	MOVL $0xf000, AX; \
	KMOVD AX, KW3; \
	VPMOVZXBW offw(SB), WIDX; \
	VPMOVZXBW offa(SB), AIDX

// D18(row) leaves in SCY the fp16 d of the 16 blocks of 18 bytes at row,
// D34(row, idx) those of 16 blocks of 34 bytes, with the controls idx.
#define D18(row) \
	VMOVDQU16 0 row, SC; \
	VPERMT2W 64 row, WIDX, SC; \ // blocks 0-7
	VMOVDQU16 144 row, T; \
	VPERMT2W 208 row, WIDX, T; \ // blocks 8-15
	VMOVDQU16 T, KHI, SC // KHI as a word mask: lanes 8-15

#define D34(row, idx) \
	VMOVDQU16 0 row, SC; \
	VPERMT2W 64 row, idx, SC; \ // blocks 0-3
	VMOVDQU16 136 row, T; \
	VPERMT2W 200 row, idx, T; \ // blocks 4-7
	VMOVDQU16 T, KW1, SC; \
	VMOVDQU16 272 row, T; \
	VPERMT2W 336 row, idx, T; \ // blocks 8-11
	VMOVDQU16 T, KW2, SC; \
	VMOVDQU16 408 row, T; \
	VPERMT2W 472 row, idx, T; \ // blocks 12-15
	VMOVDQU16 T, KW3, SC

// SCALES(D, dst) converts the d that D leaves and multiplies them by the
// activations' (SA) into dst: dx*dy of the chunk's 16 blocks of a row.
#define SCALES(D, dst) \
	D; \
	VCVTPH2PS SCY, SC; \
	VMULPS SA, SC, dst

// PF18(row) and PF34(row) prefetch the 288 and 544 bytes of a chunk of
// 16 blocks of 18 and 34 bytes at row.
#define PF18(row) \
	PREFETCHT0 0 row; \
	PREFETCHT0 64 row; \
	PREFETCHT0 128 row; \
	PREFETCHT0 192 row; \
	PREFETCHT0 256 row
#define PF34(row) \
	PF18(row); \
	PREFETCHT0 320 row; \
	PREFETCHT0 384 row; \
	PREFETCHT0 448 row; \
	PREFETCHT0 512 row

// SCALES4(DW, PF) prefetches, with PF, this chunk of the four rows that
// follow the four at WP (the next call's, in a matrix of contiguous rows:
// the hardware prefetchers do not follow four interleaved streams far
// enough ahead, and this doubles the bandwidth from DRAM; a prefetch past
// the end of the rows is harmless). It leaves dy of the chunk's 16
// activation blocks in SA and each row's dx*dy in S0-S3, with DW(row)
// picking the weights' d.
#define SCALES4(DW, PF) \
	LEAQ (WP)(RS*4), NXT; \
	PF((NXT)); \
	PF((NXT)(RS*1)); \
	PF((NXT)(RS*2)); \
	PF((NXT)(RS3*1)); \
	D34((AP), AIDX); \
	VCVTPH2PS SCY, SA; \
	SCALES(DW(R0), S0); \
	SCALES(DW(R1), S1); \
	SCALES(DW(R2), S2); \
	SCALES(DW(R3), S3)

#define SCALES4_18 SCALES4(D18, PF18)
#define D34W(row) D34(row, WIDX)
#define SCALES4_34 SCALES4(D34W, PF34)

// ACTCOR leaves -sum(b*y) of the activation codes in A in NCOR.
#define ACTCOR \
	VPXORD COR, COR, COR; \
	VPDPBUSD A, BIAS, COR; \
	VPXORD NCOR, NCOR, NCOR; \
	VPSUBD COR, NCOR, NCOR

// ACT2 loads the codes of the activation blocks at ao(AP) and ao+34(AP)
// to the halves of A and their correction to NCOR; ACT1 those of the block
// at AP to the low half (zeroing the high).
#define ACT2(ao) \
	VMOVDQU64 (ao+2)(AP), AY; \
	VBROADCASTI64X4 (ao+36)(AP), KHIQ, A; \
	ACTCOR
#define ACT1 \
	VMOVDQU64 2(AP), AY; \
	ACTCOR

// DOT4(s, pidx, acc) adds the exact integer sums of W*A minus BIAS*A,
// times the pair's dx*dy (picked from s by pidx), to acc.
#define DOT4(s, pidx, acc) \
	VMOVDQA64 NCOR, SUM; \
	VPDPBUSD A, W, SUM; \
	VCVTDQ2PS SUM, SUM; \
	VPERMPS s, pidx, SC; \
	VFMADD231PS SC, SUM, acc

// DOT1(acc) is DOT4 for a single block, with its dx*dy in SC.
#define DOT1(acc) \
	VMOVDQA64 NCOR, SUM; \
	VPDPBUSD A, W, SUM; \
	VCVTDQ2PS SUM, SUM; \
	VFMADD231PS SC, SUM, acc

// SCALE1(row) sets SC to dx*dy of the row's block at WP (dy in SAX) in
// dword lanes 0-7, and to 0 in lanes 8-15.
#define SCALE1(row) \
	MOVWLZX 0 row, AX; \
	VMOVD AX, SCX; \
	VCVTPH2PS SCX, SCX; \
	VMULSS SAX, SCX, SCX; \
	VBROADCASTSS.Z SCX, KLO, SC

// ACTSCALE1 leaves dy of the activation block at AP in SAX.
#define ACTSCALE1 \
	MOVWLZX 0(AP), AX; \
	VMOVD AX, SAX; \
	VCVTPH2PS SAX, SAX

// PAIRS4(PAIR, ws, as, wo, ao, pidx, a0, a1, a2, a3) runs the pair at
// wo and ao of the chunk on the four rows, into accumulators a0-a3.
#define PAIRS4(PAIR, wo, ao, pidx, a0, a1, a2, a3) \
	ACT2(ao); \
	PAIR(wo, R0, S0, pidx, a0); \
	PAIR(wo, R1, S1, pidx, a1); \
	PAIR(wo, R2, S2, pidx, a2); \
	PAIR(wo, R3, S3, pidx, a3)

// CHUNKS4 runs PAIRS4 over chunks of 16 blocks of ws and as bytes, then
// ONE on every row for each block left, and adds each row's ACC1r to its
// ACC0r.
#define CHUNKS4(PAIR, ONE, ws, as, SCALES) \
	CMPQ CNT, $16; \
	JB tail; \
chunk: \
	SCALES; \
	PAIRS4(PAIR, 0, 0, PIDX0, ACC00, ACC01, ACC02, ACC03); \
	PAIRS4(PAIR, 2*ws, 2*as, PIDX1, ACC10, ACC11, ACC12, ACC13); \
	PAIRS4(PAIR, 4*ws, 4*as, PIDX2, ACC00, ACC01, ACC02, ACC03); \
	PAIRS4(PAIR, 6*ws, 6*as, PIDX3, ACC10, ACC11, ACC12, ACC13); \
	PAIRS4(PAIR, 8*ws, 8*as, PIDX4, ACC00, ACC01, ACC02, ACC03); \
	PAIRS4(PAIR, 10*ws, 10*as, PIDX5, ACC10, ACC11, ACC12, ACC13); \
	PAIRS4(PAIR, 12*ws, 12*as, PIDX6, ACC00, ACC01, ACC02, ACC03); \
	PAIRS4(PAIR, 14*ws, 14*as, PIDX7, ACC10, ACC11, ACC12, ACC13); \
	ADDQ $(16*ws), WP; \
	ADDQ $(16*as), AP; \
	SUBQ $16, CNT; \
	CMPQ CNT, $16; \
	JAE chunk; \
tail: \
	TESTQ CNT, CNT; \
	JZ sum; \
	ACTSCALE1; \
	ACT1; \
	ONE(R0, ACC00); \
	ONE(R1, ACC01); \
	ONE(R2, ACC02); \
	ONE(R3, ACC03); \
	ADDQ $ws, WP; \
	ADDQ $as, AP; \
	DECQ CNT; \
	JMP tail; \
sum: \
	VADDPS ACC10, ACC00, ACC00; \
	VADDPS ACC11, ACC01, ACC01; \
	VADDPS ACC12, ACC02, ACC02; \
	VADDPS ACC13, ACC03, ACC03

// Temporaries of the final reduction (S0 is free by then; VEX-encoded
// VEXTRACTF128 needs a register below 16).
#define RTY Y8
#define RTX X8

// REDUCE(z, y, x, off) sums the lanes of z (whose 256- and 128-bit
// names are y and x) and stores the sum to off(DP), with the
// arithmetic of the row kernels' EPILOGUE.
#define REDUCE(z, y, x, off) \
	VEXTRACTF64X4 $1, z, RTY; \
	VADDPS RTY, y, y; \
	VEXTRACTF128 $1, y, RTX; \
	VADDPS RTX, x, x; \
	VMOVHLPS x, x, RTX; \
	VADDPS RTX, x, x; \
	VMOVSHDUP x, RTX; \
	VADDSS RTX, x, x; \
	MOVSS x, off(DP)

#define EPILOGUE4 \
	REDUCE(Z0, Y0, X0, 0); \
	REDUCE(Z1, Y1, X1, 4); \
	REDUCE(Z2, Y2, X2, 8); \
	REDUCE(Z3, Y3, X3, 12); \
	VZEROUPPER; \
	RET

// Q4_0: as Q4_0PAIR and Q4_0ONE of dot_block32_avx512_amd64.s.
#define Q4_0PAIR4(wo, row, s, pidx, acc) \
	VBROADCASTI32X4 (wo+2)row, W; \
	VBROADCASTI32X4 (wo+20)row, KHI, W; \ // [qA, qA, qB, qB]
	VPANDD NIB, W, W; \
	DOT4(s, pidx, acc)

#define Q4_0ONE4(row, acc) \
	SCALE1(row); \
	VBROADCASTI32X4 2 row, W; \
	VPANDD NIB, W, W; \
	DOT1(acc)

// func gemv4Q4_0Q8_0AVX512(dst []float32, w []byte, wStride int, a []byte, n int)
TEXT ·gemv4Q4_0Q8_0AVX512(SB), NOSPLIT, $0-88
	PROLOGUE4(g4Idx18<>, g4Idx34<>)
	VBROADCASTI64X4 g4Nib<>(SB), NIB
	VBROADCASTI64X4 g4Bias8<>(SB), BIAS
	CHUNKS4(Q4_0PAIR4, Q4_0ONE4, 18, 34, SCALES4_18)
	VBROADCASTF64X4 g4Fix16<>(SB), T
	VMULPS T, ACC00, ACC00
	VMULPS T, ACC01, ACC01
	VMULPS T, ACC02, ACC02
	VMULPS T, ACC03, ACC03
	EPILOGUE4

// Q8_0: as Q8_0PAIR and Q8_0ONE of dot_block32_avx512_amd64.s.
#define Q8_0PAIR4(wo, row, s, pidx, acc) \
	VMOVDQU64 (wo+2)row, WY; \
	VBROADCASTI64X4 (wo+36)row, KHIQ, W; \
	VPXORD BIAS, W, W; \
	DOT4(s, pidx, acc)

#define Q8_0ONE4(row, acc) \
	SCALE1(row); \
	VMOVDQU64 2 row, WY; \
	VPXORD BIAS, W, W; \
	DOT1(acc)

// func gemv4Q8_0Q8_0AVX512(dst []float32, w []byte, wStride int, a []byte, n int)
TEXT ·gemv4Q8_0Q8_0AVX512(SB), NOSPLIT, $0-88
	PROLOGUE4(g4Idx34<>, g4Idx34<>)
	MOVL $0x80808080, AX
	VPBROADCASTD AX, BIAS
	CHUNKS4(Q8_0PAIR4, Q8_0ONE4, 34, 34, SCALES4_34)
	EPILOGUE4
