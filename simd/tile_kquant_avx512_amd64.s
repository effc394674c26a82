//go:build !purego

#include "textflag.h"

// AVX-512 (F, BW, VL and VNNI) tile kernels of the K-quant formats with
// Q8_K activations: up to 4 weight rows times up to 4 tokens per call. Go
// declarations and the math they compute are in
// tile_kquant_avx512_amd64.go.
//
// Each output (row r, token t) is computed exactly as the row kernel in
// dot_kquant_avx512_amd64.s computes it: per super-block the same int32
// lane sums SUMI (16 lanes, exact, so their order is free), converted to
// float32 and added with one FMA times d*dy to the 16 float32 lanes ACC,
// the minimums' products (Q4_K) added with one FMA times dmin*dy to the 8
// lanes ACCM, and the same final reduction, all with the row kernel's
// operand order.
//
// As in tile_kquant_amd64.s, each row's scales and each chunk of 64
// weights are decoded once per super-block and multiplied with the codes
// of every token (read from memory, where they stay in L1 for all the
// rows); the int32 sums of the four tokens live in registers, ACC, ACCM
// and the scales of each output in the frame. The rows are a loop; the
// tokens are unrolled, and the ones past tokens are skipped by a branch at
// each step (a copy of the loop without the branches runs four tokens).

// Q8_K activation block layout.
#define Y_D 0       // float32 d
#define Y_BSUMS 260 // 16 int16 sums of 16 codes
#define Y_SIZE 292

// Frame layout. The accumulators of output (r, t), at ACP+128*(4r+t) with
// ACP the frame rounded up to 64 bytes: ACC (16 float32), ACCM (8
// float32), d*dy and dmin*dy of the current super-block.
#define O_ACC 0
#define O_ACCM 64
#define O_DD 96
#define O_DMIN 100

// General registers.
#define WP0 SI  // super-block of row 0
#define WR R11  // super-block of the current row
#define ACP R12 // accumulators of the current row, token 0
#define RC R13  // rows left
#define CNT CX  // super-blocks left
#define AP0 DI  // activation block of token 0 (1, 2, 3 below)
#define AP1 R8
#define AP2 R9
#define AP3 R10

// Vector registers shared by the kernels (each adds its own below).
#define M0F Z0     // 0x0F in every byte
#define SCW Z1     // Q4_K: the scales (words 0-7) and minimums (8-15); Q6_K: the 16 scales
#define SCWY Y1
#define SCWX X1
#define P Z6       // int16 pair sums, and temporary
#define PY Y6
#define PX X6
#define T Z7       // temporary
#define TY Y7
#define TX X7
#define SUMI0 Z8   // int32 lane sums of token 0 (1, 2, 3 below)
#define SUMI1 Z9
#define SUMI2 Z10
#define SUMI3 Z11
#define U Z12      // temporaries
#define UY Y12
#define PICK0 Z16  // VPERMW controls spreading the scales (see the row kernels)
#define PICK1 Z17
#define PICK2 Z18
#define PICK3 Z19
#define PICKM Z20  // Q4_K: minimum j to words 2j and 2j+1
#define KHW K1     // word lanes 16-31

// Copies of dot_kquant_avx512_amd64.s's VPERMW controls, shifts and masks.
DATA kqtPick<>+0(SB)/8, $0x0000000000000000
DATA kqtPick<>+8(SB)/8, $0x0000000000000000
DATA kqtPick<>+16(SB)/8, $0x0101010101010101
DATA kqtPick<>+24(SB)/8, $0x0101010101010101
DATA kqtPick<>+32(SB)/8, $0x0202020202020202
DATA kqtPick<>+40(SB)/8, $0x0202020202020202
DATA kqtPick<>+48(SB)/8, $0x0303030303030303
DATA kqtPick<>+56(SB)/8, $0x0303030303030303
DATA kqtPick<>+64(SB)/8, $0x0404040404040404
DATA kqtPick<>+72(SB)/8, $0x0404040404040404
DATA kqtPick<>+80(SB)/8, $0x0505050505050505
DATA kqtPick<>+88(SB)/8, $0x0505050505050505
DATA kqtPick<>+96(SB)/8, $0x0606060606060606
DATA kqtPick<>+104(SB)/8, $0x0606060606060606
DATA kqtPick<>+112(SB)/8, $0x0707070707070707
DATA kqtPick<>+120(SB)/8, $0x0707070707070707
DATA kqtPick<>+128(SB)/8, $0x0b0b0a0a09090808
DATA kqtPick<>+136(SB)/8, $0x0f0f0e0e0d0d0c0c
DATA kqtPick<>+144(SB)/8, $0x0000000000000000
DATA kqtPick<>+152(SB)/8, $0x0000000000000000
GLOBL kqtPick<>(SB), RODATA|NOPTR, $160
DATA kqt6Pick<>+0(SB)/8, $0x0000000000000000
DATA kqt6Pick<>+8(SB)/8, $0x0101010101010101
DATA kqt6Pick<>+16(SB)/8, $0x0202020202020202
DATA kqt6Pick<>+24(SB)/8, $0x0303030303030303
DATA kqt6Pick<>+32(SB)/8, $0x0404040404040404
DATA kqt6Pick<>+40(SB)/8, $0x0505050505050505
DATA kqt6Pick<>+48(SB)/8, $0x0606060606060606
DATA kqt6Pick<>+56(SB)/8, $0x0707070707070707
DATA kqt6Pick<>+64(SB)/8, $0x0808080808080808
DATA kqt6Pick<>+72(SB)/8, $0x0909090909090909
DATA kqt6Pick<>+80(SB)/8, $0x0a0a0a0a0a0a0a0a
DATA kqt6Pick<>+88(SB)/8, $0x0b0b0b0b0b0b0b0b
DATA kqt6Pick<>+96(SB)/8, $0x0c0c0c0c0c0c0c0c
DATA kqt6Pick<>+104(SB)/8, $0x0d0d0d0d0d0d0d0d
DATA kqt6Pick<>+112(SB)/8, $0x0e0e0e0e0e0e0e0e
DATA kqt6Pick<>+120(SB)/8, $0x0f0f0f0f0f0f0f0f
GLOBL kqt6Pick<>(SB), RODATA|NOPTR, $128
DATA kqt6Shift<>+0(SB)/8, $0x0004000400040004
DATA kqt6Shift<>+8(SB)/8, $0x0004000400040004
DATA kqt6Shift<>+16(SB)/8, $0x0004000400040004
DATA kqt6Shift<>+24(SB)/8, $0x0004000400040004
DATA kqt6Shift<>+32(SB)/8, $0x0002000200020002
DATA kqt6Shift<>+40(SB)/8, $0x0002000200020002
DATA kqt6Shift<>+48(SB)/8, $0x0002000200020002
DATA kqt6Shift<>+56(SB)/8, $0x0002000200020002
DATA kqt6Shift<>+64(SB)/8, $0x0000000000000000
DATA kqt6Shift<>+72(SB)/8, $0x0000000000000000
DATA kqt6Shift<>+80(SB)/8, $0x0000000000000000
DATA kqt6Shift<>+88(SB)/8, $0x0000000000000000
DATA kqt6Shift<>+96(SB)/8, $0x0002000200020002
DATA kqt6Shift<>+104(SB)/8, $0x0002000200020002
DATA kqt6Shift<>+112(SB)/8, $0x0002000200020002
DATA kqt6Shift<>+120(SB)/8, $0x0002000200020002
GLOBL kqt6Shift<>(SB), RODATA|NOPTR, $128

DATA kqtzM3f<>+0(SB)/8, $0x3f3f3f3f3f3f3f3f
GLOBL kqtzM3f<>(SB), RODATA|NOPTR, $8
DATA kqtzM0f<>+0(SB)/8, $0x0f0f0f0f0f0f0f0f
GLOBL kqtzM0f<>(SB), RODATA|NOPTR, $8
DATA kqtzM03<>+0(SB)/8, $0x0303030303030303
GLOBL kqtzM03<>(SB), RODATA|NOPTR, $8

// TOKENS runs STEP(AP, t, SUMI) for the tokens t < tokens and jumps to
// done after the last.
#define TOKENS(STEP, done) \
	STEP(AP0, 0, SUMI0); \
	CMPQ tokens+104(FP), $2; \
	JB done; \
	STEP(AP1, 1, SUMI1); \
	CMPQ tokens+104(FP), $3; \
	JB done; \
	STEP(AP2, 2, SUMI2); \
	CMPQ tokens+104(FP), $4; \
	JB done; \
	STEP(AP3, 3, SUMI3); \
done:

// TOKENS4 is TOKENS for tokens = 4, without the branches.
#define TOKENS4(STEP, done) \
	STEP(AP0, 0, SUMI0); \
	STEP(AP1, 1, SUMI1); \
	STEP(AP2, 2, SUMI2); \
	STEP(AP3, 3, SUMI3)

// SETUP loads the arguments: the token pointers (those past tokens repeat
// the last, and are never read), WP0 and CNT; it zeroes the accumulators
// of all 16 outputs and loads M0F.
#define SETUP \
	MOVQ a_base+64(FP), AP0; \
	MOVQ aStride+88(FP), AX; \
	MOVQ tokens+104(FP), BX; \
	MOVQ AP0, AP1; \
	CMPQ BX, $2; \
	JB   setup1; \
	ADDQ AX, AP1; \
setup1: \
	MOVQ AP1, AP2; \
	CMPQ BX, $3; \
	JB   setup2; \
	ADDQ AX, AP2; \
setup2: \
	MOVQ AP2, AP3; \
	CMPQ BX, $4; \
	JB   setup3; \
	ADDQ AX, AP3; \
setup3: \
	MOVQ w_base+32(FP), WP0; \
	MOVQ n+112(FP), CNT; \
	SHRQ $8, CNT; \
	LEAQ 63(SP), ACP; \
	ANDQ $-64, ACP; \
	VPXORD U, U, U; \
	MOVQ $32, AX; \
setupZero: \
	VMOVDQU64 U, 0(ACP); \
	ADDQ $64, ACP; \
	DECQ AX; \
	JNZ  setupZero; \
	MOVL $0x0f0f0f0f, AX; \
	VPBROADCASTD AX, M0F

// ROWS runs ROW over the rows of the current super-block, then moves to
// the next super-block of size bytes (rowLoop names its loop).
#define ROWS(ROW, size, rowLoop) \
	MOVQ WP0, WR; \
	LEAQ 63(SP), ACP; \
	ANDQ $-64, ACP; \
	MOVQ rows+96(FP), RC; \
rowLoop: \
	ROW; \
	ADDQ wStride+56(FP), WR; \
	ADDQ $512, ACP; \
	DECQ RC; \
	JNZ  rowLoop; \
	ADDQ $size, WP0; \
	ADDQ $Y_SIZE, AP0; \
	ADDQ $Y_SIZE, AP1; \
	ADDQ $Y_SIZE, AP2; \
	ADDQ $Y_SIZE, AP3

// POST adds the lane sums of token t, converted to float32, times d*dy to
// ACC of output (row, t), as the row kernel does.
#define POST(AP, t, SUMI) \
	VCVTDQ2PS SUMI, SUMI; \
	VMOVUPS (O_ACC+128*t)(ACP), U; \
	VFMADD231PS.BCST (O_DD+128*t)(ACP), SUMI, U; \
	VMOVUPS U, (O_ACC+128*t)(ACP)

// FINISH writes the sum of each output's ACC lanes minus its ACCM lanes
// (the row kernel's KQ_TOTAL) to dst[t*dstStride+r], for r < rows and
// t < tokens, and returns.
#define FINISH \
	LEAQ 63(SP), ACP; \
	ANDQ $-64, ACP; \
	MOVQ dst_base+0(FP), DX; \
	MOVQ dstStride+24(FP), AX; \
	SHLQ $2, AX; \
	MOVQ tokens+104(FP), BX; \
finTok: \
	MOVQ ACP, WR; \
	MOVQ DX, WP0; \
	MOVQ rows+96(FP), RC; \
finRow: \
	VMOVUPS O_ACC(WR), Z1; \
	VMOVUPS O_ACCM(WR), Y2; \
	VEXTRACTF64X4 $1, Z1, Y3; \
	VADDPS Y3, Y1, Y1; \
	VSUBPS Y2, Y1, Y1; \
	VEXTRACTF128 $1, Y1, X3; \
	VADDPS X3, X1, X1; \
	VMOVHLPS X1, X1, X3; \
	VADDPS X3, X1, X1; \
	VMOVSHDUP X1, X3; \
	VADDSS X3, X1, X1; \
	MOVSS X1, 0(WP0); \
	ADDQ $512, WR; \
	ADDQ $4, WP0; \
	DECQ RC; \
	JNZ  finRow; \
	ADDQ $128, ACP; \
	ADDQ AX, DX; \
	DECQ BX; \
	JNZ  finTok; \
	VZEROUPPER; \
	RET

// Q4_K: fp16 d, fp16 dmin, 12 bytes of packed 6-bit scales and minimums,
// 128 bytes of nibbles (weight 64c+l: the low nibble of byte 32c+l,
// weight 64c+32+l: its high nibble).
#define MSP Y2     // the minimums spread over the words of their groups
#define DDM X3     // d, dmin (and two unused halves) as float32
#define QW Z4      // the codes of a chunk
#define SV Z5      // the chunk's scales spread over the words of their groups

// K4_SCALES decodes the 12 packed bytes at 4(WR) to SCW as the row
// kernel's K4_SCALES does.
#define K4_SCALES \
	MOVQ 4(WR), AX; \
	MOVL 12(WR), BX; \
	MOVQ BX, DX; \
	SHRQ $4, DX; \
	SHLQ $32, DX; \
	ORQ  DX, BX; \
	ANDQ kqtzM0f<>(SB), BX; \
	MOVQ AX, DX; \
	SHRQ $6, DX; \
	ANDQ kqtzM03<>(SB), DX; \
	SHLQ $4, DX; \
	ORQ  DX, BX; \             // scales 4..7 | mins 4..7
	ANDQ kqtzM3f<>(SB), AX; \  // scales 0..3 | mins 0..3
	VMOVQ AX, SCWX; \
	VMOVQ BX, TX; \
	VPUNPCKLDQ TX, SCWX, SCWX; \ // scales 0..7, mins 0..7 (bytes)
	VPMOVZXBW SCWX, SCWY

// K4_PRE starts token t of the row's super-block: zeroes its lane sums,
// stores d*dy and dmin*dy, and adds dmin*dy*(mins . bsums) to its ACCM,
// with the row kernel's K4_DMIN arithmetic.
#define K4_PRE(AP, t, SUMI) \
	VPXORD SUMI, SUMI, SUMI; \
	VMULPS.BCST Y_D(AP), DDM, PX; \
	VMOVQ PX, (O_DD+128*t)(ACP); \
	VPMADDWD Y_BSUMS(AP), MSP, PY; \
	VCVTDQ2PS PY, PY; \
	VMOVUPS (O_ACCM+128*t)(ACP), UY; \
	VFMADD231PS.BCST (O_DMIN+128*t)(ACP), PY, UY; \
	VMOVUPS UY, (O_ACCM+128*t)(ACP)

// K4_TOK adds the chunk's 64 weights times token AP's codes at yoff to
// SUMI.
#define K4_TOK(AP, SUMI, yoff) \
	VPMADDUBSW yoff(AP), QW, P; \
	VPDPWSSD SV, P, SUMI

#define K4_TOK0(AP, t, SUMI) K4_TOK(AP, SUMI, 4)
#define K4_TOK1(AP, t, SUMI) K4_TOK(AP, SUMI, 68)
#define K4_TOK2(AP, t, SUMI) K4_TOK(AP, SUMI, 132)
#define K4_TOK3(AP, t, SUMI) K4_TOK(AP, SUMI, 196)

// K4_CHUNK decodes the 64 weights whose nibbles are at qoff(WR) (the low
// nibbles, then the high ones, in the order of the codes) and their
// scales, and runs TOK on them for every token.
#define K4_CHUNK(TOKS, qoff, pick, TOK, done) \
	VBROADCASTI64X4 qoff(WR), QW; \
	VPSRLW $4, QW, KHW, QW; \
	VPANDD M0F, QW, QW; \
	VPERMW SCW, pick, SV; \
	TOKS(TOK, done)

// Q4K_ROW runs one row's super-block over the tokens with TOKS; l0..l5
// name its labels.
#define Q4K_ROW(TOKS, l0, l1, l2, l3, l4, l5) \
	K4_SCALES; \
	VPERMW SCW, PICKM, T; \
	VMOVDQU TY, MSP; \
	VCVTPH2PS 0(WR), DDM; \
	TOKS(K4_PRE, l0); \
	K4_CHUNK(TOKS, 16, PICK0, K4_TOK0, l1); \
	K4_CHUNK(TOKS, 48, PICK1, K4_TOK1, l2); \
	K4_CHUNK(TOKS, 80, PICK2, K4_TOK2, l3); \
	K4_CHUNK(TOKS, 112, PICK3, K4_TOK3, l4); \
	TOKS(POST, l5)

#define Q4K_ROW4 Q4K_ROW(TOKENS4, q4k40, q4k41, q4k42, q4k43, q4k44, q4k45)
#define Q4K_ROWN Q4K_ROW(TOKENS, q4kN0, q4kN1, q4kN2, q4kN3, q4kN4, q4kN5)

// func tileQ4_KQ8_KAVX512(dst []float32, dstStride int, w []byte, wStride int, a []byte, aStride int, rows, tokens, n int)
TEXT ·tileQ4_KQ8_KAVX512(SB), $2112-120
	SETUP
	MOVL $0xffff0000, AX
	KMOVD AX, KHW
	VPMOVZXBW kqtPick<>+0(SB), PICK0
	VPMOVZXBW kqtPick<>+32(SB), PICK1
	VPMOVZXBW kqtPick<>+64(SB), PICK2
	VPMOVZXBW kqtPick<>+96(SB), PICK3
	VPMOVZXBW kqtPick<>+128(SB), PICKM

	CMPQ tokens+104(FP), $4
	JNE  q4kLoopN

q4kLoop4:
	TESTQ CNT, CNT
	JZ    q4kDone
	ROWS(Q4K_ROW4, 144, q4kRows4)
	DECQ  CNT
	JMP   q4kLoop4

q4kLoopN:
	TESTQ CNT, CNT
	JZ    q4kDone
	ROWS(Q4K_ROWN, 144, q4kRowsN)
	DECQ  CNT
	JMP   q4kLoopN

q4kDone:
	FINISH

#undef MSP
#undef DDM
#undef QW
#undef SV

// Q6_K: 128 bytes ql of low nibbles, 64 bytes qh of high bit pairs, 16
// int8 scales, fp16 d (see the row kernel). sum scale*(q-32)*y is
// computed as sum scale*q*y - 32*sum scale*bsum.
#define DR X3      // d as float32
#define QL Z4      // ql of the half, then the codes of weights 0..63 of the half
#define ZB Z5      // the codes of weights 64..127 of the half
#define QH Z13     // [qh, qh] of the half
#define T2 Z14
#define M30 Z15    // 0x30 in every byte
#define SVA Z21    // the scales of the half's weights 0..63 and 64..127,
#define SVB Z22    // spread over the words of their groups

// K6_PRE starts token t of the row's super-block: its lane sums start at
// -32*sum scale*bsum, and d*dy is stored.
#define K6_PRE(AP, t, SUMI) \
	VPMADDWD Y_BSUMS(AP), SCWY, TY; \
	VPSLLD $5, TY, TY; \
	VPXORD SUMI, SUMI, SUMI; \
	VPSUBD T, SUMI, SUMI; \
	VMULSS Y_D(AP), DR, PX; \
	VMOVSS PX, (O_DD+128*t)(ACP)

// K6_TOK adds the half's 128 weights times token AP's codes at y to SUMI.
#define K6_TOK(AP, SUMI, y) \
	VPMADDUBSW y(AP), QL, P; \
	VPDPWSSD SVA, P, SUMI; \
	VPMADDUBSW (y+64)(AP), ZB, P; \
	VPDPWSSD SVB, P, SUMI

#define K6_TOK0(AP, t, SUMI) K6_TOK(AP, SUMI, 4)
#define K6_TOK1(AP, t, SUMI) K6_TOK(AP, SUMI, 132)

// K6_HALF decodes the 128 weights of a half (ql at ql(WR), qh at qh(WR))
// as the row kernel's Q6K_HALF does, and runs TOK on them for every
// token. VPTERNLOGD $0xec computes (dst & M0F) | src.
#define K6_HALF(TOKS, ql, qh, pickA, pickB, TOK, done) \
	VMOVDQU64 ql(WR), QL; \
	VBROADCASTI64X4 qh(WR), QH; \
	VPSRLW $4, QL, ZB; \
	VPSLLVW kqt6Shift<>+0(SB), QH, T; \    // bits 2k, 2k+1 to 4, 5 for k = 0, 1
	VPANDD M30, T, T; \
	VPTERNLOGD $0xec, M0F, T, QL; \
	VPSRLVW kqt6Shift<>+64(SB), QH, T2; \  // and for k = 2, 3
	VPANDD M30, T2, T2; \
	VPTERNLOGD $0xec, M0F, T2, ZB; \
	VPERMW SCW, pickA, SVA; \
	VPERMW SCW, pickB, SVB; \
	TOKS(TOK, done)

// Q6K_ROW runs one row's super-block over the tokens with TOKS; l0..l3
// name its labels.
#define Q6K_ROW(TOKS, l0, l1, l2, l3) \
	VPMOVSXBW 192(WR), SCWY; \
	MOVWLZX 208(WR), AX; \
	VMOVD AX, DR; \
	VCVTPH2PS DR, DR; \
	TOKS(K6_PRE, l0); \
	K6_HALF(TOKS, 0, 128, PICK0, PICK1, K6_TOK0, l1); \
	K6_HALF(TOKS, 64, 160, PICK2, PICK3, K6_TOK1, l2); \
	TOKS(POST, l3)

#define Q6K_ROW4 Q6K_ROW(TOKENS4, q6k40, q6k41, q6k42, q6k43)
#define Q6K_ROWN Q6K_ROW(TOKENS, q6kN0, q6kN1, q6kN2, q6kN3)

// func tileQ6_KQ8_KAVX512(dst []float32, dstStride int, w []byte, wStride int, a []byte, aStride int, rows, tokens, n int)
TEXT ·tileQ6_KQ8_KAVX512(SB), $2112-120
	SETUP
	MOVL $0x30303030, AX
	VPBROADCASTD AX, M30
	VPMOVZXBW kqt6Pick<>+0(SB), PICK0
	VPMOVZXBW kqt6Pick<>+32(SB), PICK1
	VPMOVZXBW kqt6Pick<>+64(SB), PICK2
	VPMOVZXBW kqt6Pick<>+96(SB), PICK3

	CMPQ tokens+104(FP), $4
	JNE  q6kLoopN

q6kLoop4:
	TESTQ CNT, CNT
	JZ    q6kDone
	ROWS(Q6K_ROW4, 210, q6kRows4)
	DECQ  CNT
	JMP   q6kLoop4

q6kLoopN:
	TESTQ CNT, CNT
	JZ    q6kDone
	ROWS(Q6K_ROWN, 210, q6kRowsN)
	DECQ  CNT
	JMP   q6kLoopN

q6kDone:
	FINISH
