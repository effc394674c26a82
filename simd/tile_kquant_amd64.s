//go:build !purego

#include "textflag.h"

// AVX2 tile kernels of the K-quant formats with Q8_K activations: up to 4
// weight rows times up to 4 tokens per call. Go declarations and the math
// they compute are in tile_kquant_amd64.go.
//
// Each output (row r, token t) is computed exactly as the row kernel in
// dot_kquant_amd64.s computes it: per super-block the same int32 lane sums
// SUMI (exact, so their order is free), converted to float32 and added
// with one FMA times d*dy to float32 lanes ACC, the minimums' products
// (Q4_K) added with one FMA times dmin*dy to the four lanes ACCM, and the
// same final reduction. The FMAs and additions take their operands in the
// row kernel's order, so even NaN payloads agree.
//
// The work is ordered for reuse: per super-block, each row's scales are
// decoded once and each 32 weights once, then multiplied with the codes
// of every token (read from memory: they stay in L1 for all the rows).
// The int32 sums of the four tokens live in registers; ACC, ACCM and d*dy
// of each output live in the frame, touched once per super-block. The
// rows are a loop; the tokens are unrolled, and the ones past tokens are
// skipped by a branch at each step (a copy of the loop
// without the branches runs four tokens).

// Q8_K activation block layout.
#define Y_D 0       // float32 d
#define Y_BSUMS 260 // 16 int16 sums of 16 codes
#define Y_SIZE 292

// Frame layout. The accumulators of output (r, t), at ACP+64*(4r+t) with
// ACP the frame's accumulator area rounded up to 32 bytes: ACC (8
// float32), ACCM (4 float32), d*dy of the current super-block.
#define O_ACC 0
#define O_ACCM 32
#define O_DD 48
#define ACCAREA 0    // 16*64 bytes, plus 32 for the rounding
#define BSAREA 1056  // Q4_K: the 8 int16 sums of 32 codes of token t at BSAREA+16t

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
#define NIB Y0     // 0x0f in every byte
#define SUMI0 Y8   // int32 lane sums of token 0 (1, 2, 3 below)
#define SUMI1 Y9
#define SUMI2 Y10
#define SUMI3 Y11
#define U Y12      // temporaries
#define UX X12
#define V Y13
#define VX X13
#define W Y14
#define WX X14

// Per-kernel copies of dot_kquant_amd64.s's VPSHUFB controls.
// kqtBcast+32k broadcasts int16 k of a lane to the whole lane (k = 0..7).
DATA kqtBcast<>+0(SB)/8, $0x0100010001000100
DATA kqtBcast<>+8(SB)/8, $0x0100010001000100
DATA kqtBcast<>+16(SB)/8, $0x0100010001000100
DATA kqtBcast<>+24(SB)/8, $0x0100010001000100
DATA kqtBcast<>+32(SB)/8, $0x0302030203020302
DATA kqtBcast<>+40(SB)/8, $0x0302030203020302
DATA kqtBcast<>+48(SB)/8, $0x0302030203020302
DATA kqtBcast<>+56(SB)/8, $0x0302030203020302
DATA kqtBcast<>+64(SB)/8, $0x0504050405040504
DATA kqtBcast<>+72(SB)/8, $0x0504050405040504
DATA kqtBcast<>+80(SB)/8, $0x0504050405040504
DATA kqtBcast<>+88(SB)/8, $0x0504050405040504
DATA kqtBcast<>+96(SB)/8, $0x0706070607060706
DATA kqtBcast<>+104(SB)/8, $0x0706070607060706
DATA kqtBcast<>+112(SB)/8, $0x0706070607060706
DATA kqtBcast<>+120(SB)/8, $0x0706070607060706
DATA kqtBcast<>+128(SB)/8, $0x0908090809080908
DATA kqtBcast<>+136(SB)/8, $0x0908090809080908
DATA kqtBcast<>+144(SB)/8, $0x0908090809080908
DATA kqtBcast<>+152(SB)/8, $0x0908090809080908
DATA kqtBcast<>+160(SB)/8, $0x0b0a0b0a0b0a0b0a
DATA kqtBcast<>+168(SB)/8, $0x0b0a0b0a0b0a0b0a
DATA kqtBcast<>+176(SB)/8, $0x0b0a0b0a0b0a0b0a
DATA kqtBcast<>+184(SB)/8, $0x0b0a0b0a0b0a0b0a
DATA kqtBcast<>+192(SB)/8, $0x0d0c0d0c0d0c0d0c
DATA kqtBcast<>+200(SB)/8, $0x0d0c0d0c0d0c0d0c
DATA kqtBcast<>+208(SB)/8, $0x0d0c0d0c0d0c0d0c
DATA kqtBcast<>+216(SB)/8, $0x0d0c0d0c0d0c0d0c
DATA kqtBcast<>+224(SB)/8, $0x0f0e0f0e0f0e0f0e
DATA kqtBcast<>+232(SB)/8, $0x0f0e0f0e0f0e0f0e
DATA kqtBcast<>+240(SB)/8, $0x0f0e0f0e0f0e0f0e
DATA kqtBcast<>+248(SB)/8, $0x0f0e0f0e0f0e0f0e
GLOBL kqtBcast<>(SB), RODATA|NOPTR, $256

// kqtLaneBcast+32m broadcasts int16 2m of lane 0 and 2m+1 of lane 1
// (m = 0..3).
DATA kqtLaneBcast<>+0(SB)/8, $0x0100010001000100
DATA kqtLaneBcast<>+8(SB)/8, $0x0100010001000100
DATA kqtLaneBcast<>+16(SB)/8, $0x0302030203020302
DATA kqtLaneBcast<>+24(SB)/8, $0x0302030203020302
DATA kqtLaneBcast<>+32(SB)/8, $0x0504050405040504
DATA kqtLaneBcast<>+40(SB)/8, $0x0504050405040504
DATA kqtLaneBcast<>+48(SB)/8, $0x0706070607060706
DATA kqtLaneBcast<>+56(SB)/8, $0x0706070607060706
DATA kqtLaneBcast<>+64(SB)/8, $0x0908090809080908
DATA kqtLaneBcast<>+72(SB)/8, $0x0908090809080908
DATA kqtLaneBcast<>+80(SB)/8, $0x0b0a0b0a0b0a0b0a
DATA kqtLaneBcast<>+88(SB)/8, $0x0b0a0b0a0b0a0b0a
DATA kqtLaneBcast<>+96(SB)/8, $0x0d0c0d0c0d0c0d0c
DATA kqtLaneBcast<>+104(SB)/8, $0x0d0c0d0c0d0c0d0c
DATA kqtLaneBcast<>+112(SB)/8, $0x0f0e0f0e0f0e0f0e
DATA kqtLaneBcast<>+120(SB)/8, $0x0f0e0f0e0f0e0f0e
GLOBL kqtLaneBcast<>(SB), RODATA|NOPTR, $128

// Byte masks for the scale decoding of Q4_K.
DATA kqtM3f<>+0(SB)/8, $0x3f3f3f3f3f3f3f3f
GLOBL kqtM3f<>(SB), RODATA|NOPTR, $8
DATA kqtM0f<>+0(SB)/8, $0x0f0f0f0f0f0f0f0f
GLOBL kqtM0f<>(SB), RODATA|NOPTR, $8
DATA kqtM03<>+0(SB)/8, $0x0303030303030303
GLOBL kqtM03<>(SB), RODATA|NOPTR, $8

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
// of all 16 outputs and loads NIB.
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
	LEAQ (ACCAREA+31)(SP), ACP; \
	ANDQ $-32, ACP; \
	VPXOR U, U, U; \
	MOVQ $32, AX; \
setupZero: \
	VMOVDQU U, 0(ACP); \
	ADDQ $32, ACP; \
	DECQ AX; \
	JNZ  setupZero; \
	MOVL $0x0f0f0f0f, AX; \
	VMOVD AX, X0; \
	VPBROADCASTD X0, NIB

// ROWS runs ROW over the rows of the current super-block, then moves to
// the next super-block of size bytes (rowLoop names its loop).
#define ROWS(ROW, size, rowLoop) \
	MOVQ WP0, WR; \
	LEAQ (ACCAREA+31)(SP), ACP; \
	ANDQ $-32, ACP; \
	MOVQ rows+96(FP), RC; \
rowLoop: \
	ROW; \
	ADDQ wStride+56(FP), WR; \
	ADDQ $256, ACP; \
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
	VBROADCASTSS (O_DD+64*t)(ACP), V; \
	VMOVDQU (O_ACC+64*t)(ACP), U; \
	VFMADD231PS V, SUMI, U; \
	VMOVDQU U, (O_ACC+64*t)(ACP)

// FINISH writes the sum of each output's ACC lanes minus its ACCM lanes
// (the row kernel's KQ_TOTAL) to dst[t*dstStride+r], for r < rows and
// t < tokens, and returns.
#define FINISH \
	LEAQ (ACCAREA+31)(SP), ACP; \
	ANDQ $-32, ACP; \
	MOVQ dst_base+0(FP), DX; \
	MOVQ dstStride+24(FP), AX; \
	SHLQ $2, AX; \
	MOVQ tokens+104(FP), BX; \
finTok: \
	MOVQ ACP, WR; \
	MOVQ DX, WP0; \
	MOVQ rows+96(FP), RC; \
finRow: \
	VMOVDQU O_ACC(WR), Y1; \
	VMOVDQU O_ACCM(WR), X2; \
	VEXTRACTF128 $1, Y1, X3; \
	VADDPS X3, X1, X1; \
	VSUBPS X2, X1, X1; \
	VMOVHLPS X1, X1, X3; \
	VADDPS X3, X1, X1; \
	VPSHUFD $1, X1, X3; \
	VADDSS X3, X1, X1; \
	MOVSS X1, 0(WP0); \
	ADDQ $256, WR; \
	ADDQ $4, WP0; \
	DECQ RC; \
	JNZ  finRow; \
	ADDQ $64, ACP; \
	ADDQ AX, DX; \
	DECQ BX; \
	JNZ  finTok; \
	VZEROUPPER; \
	RET

// Q4_K: fp16 d, fp16 dmin, 12 bytes of packed 6-bit scales and minimums,
// 128 bytes of nibbles (weight 64c+l: low nibble of byte 32c+l, weight
// 64c+32+l: its high nibble).
#define SC Y1      // the 8 scales as int16, in both lanes
#define MINS X2    // the 8 minimums as int16
#define DDM X3     // d, dmin as float32
#define Q0 Y4      // low nibbles of a chunk
#define Q0X X4
#define Q1 Y5      // high nibbles of a chunk
#define Q1X X5
#define S0 Y6      // scales of the low and high nibbles of a chunk
#define S1 Y7

// Q4K_SCALES decodes the 12 packed bytes at 4(WR) to SC and MINS as the
// row kernel's Q4K_SCALES does.
#define Q4K_SCALES \
	MOVQ 4(WR), AX; \         // utmp0 | utmp1<<32
	MOVL 12(WR), BX; \        // utmp2
	MOVQ BX, DX; \
	SHRQ $4, DX; \
	SHLQ $32, DX; \
	ORQ  DX, BX; \            // utmp2 | (utmp2>>4)<<32
	ANDQ kqtM0f<>(SB), BX; \
	MOVQ AX, DX; \
	SHRQ $6, DX; \            // bits 6,7 of each byte of utmp0, utmp1
	ANDQ kqtM03<>(SB), DX; \
	SHLQ $4, DX; \
	ORQ  DX, BX; \            // scales 4..7 | mins 4..7
	ANDQ kqtM3f<>(SB), AX; \  // scales 0..3 | mins 0..3
	VMOVQ AX, Q0X; \
	VMOVQ BX, Q1X; \
	VPUNPCKLDQ Q1X, Q0X, Q0X; \ // scales 0..7, mins 0..7 (bytes)
	VPMOVZXBW Q0X, Q0; \
	VPERMQ $0x44, Q0, SC; \
	VEXTRACTI128 $1, Q0, MINS

// Q4K_PRE starts token t of the row's super-block: zeroes its lane sums,
// stores d*dy and adds dmin*dy*(mins . bsums) to its ACCM, with the row
// kernel's K4_MINS arithmetic.
#define Q4K_PRE(AP, t, SUMI) \
	VPXOR SUMI, SUMI, SUMI; \
	VPMADDWD (BSAREA+16*t)(SP), MINS, UX; \
	VCVTDQ2PS UX, UX; \
	VBROADCASTSS Y_D(AP), VX; \
	VMULPS VX, DDM, VX; \      // d*dy, dmin*dy
	VMOVSS VX, (O_DD+64*t)(ACP); \
	VPSHUFD $0x55, VX, VX; \
	VMOVUPS (O_ACCM+64*t)(ACP), WX; \
	VFMADD231PS VX, UX, WX; \
	VMOVUPS WX, (O_ACCM+64*t)(ACP)

// Q4K_BSUMS stores the 8 sums of 32 codes of token t's block.
#define Q4K_BSUMS(AP, t, SUMI) \
	VMOVDQU Y_BSUMS(AP), U; \
	VEXTRACTI128 $1, U, VX; \
	VPHADDW VX, UX, UX; \
	VMOVDQU UX, (BSAREA+16*t)(SP)

// Q4K_TOK adds the chunk's 64 weights times token AP's codes at ylo and
// yhi to SUMI.
#define Q4K_TOK(AP, SUMI, ylo, yhi) \
	VPMADDUBSW ylo(AP), Q0, U; \
	VPMADDUBSW yhi(AP), Q1, V; \
	VPMADDWD S0, U, U; \
	VPMADDWD S1, V, V; \
	VPADDD U, SUMI, SUMI; \
	VPADDD V, SUMI, SUMI

#define Q4K_TOK0(AP, t, SUMI) Q4K_TOK(AP, SUMI, 4, 36)
#define Q4K_TOK1(AP, t, SUMI) Q4K_TOK(AP, SUMI, 68, 100)
#define Q4K_TOK2(AP, t, SUMI) Q4K_TOK(AP, SUMI, 132, 164)
#define Q4K_TOK3(AP, t, SUMI) Q4K_TOK(AP, SUMI, 196, 228)

// Q4K_CHUNK decodes the 64 weights whose nibbles are at qoff(WR) and
// their scales (picked from SC by kqtBcast+mlo and +mhi), and runs TOK on
// them for every token.
#define Q4K_CHUNK(TOKS, qoff, mlo, mhi, TOK, done) \
	VMOVDQU qoff(WR), Q0; \
	VPSRLW $4, Q0, Q1; \
	VPAND NIB, Q0, Q0; \
	VPAND NIB, Q1, Q1; \
	VPSHUFB kqtBcast<>+mlo(SB), SC, S0; \
	VPSHUFB kqtBcast<>+mhi(SB), SC, S1; \
	TOKS(TOK, done)

// Q4K_ROW runs one row's super-block over the tokens with TOKS; l0..l5
// name its labels.
#define Q4K_ROW(TOKS, l0, l1, l2, l3, l4, l5) \
	Q4K_SCALES; \
	VMOVD 0(WR), DDM; \
	VCVTPH2PS DDM, DDM; \
	TOKS(Q4K_PRE, l0); \
	Q4K_CHUNK(TOKS, 16, 0, 32, Q4K_TOK0, l1); \
	Q4K_CHUNK(TOKS, 48, 64, 96, Q4K_TOK1, l2); \
	Q4K_CHUNK(TOKS, 80, 128, 160, Q4K_TOK2, l3); \
	Q4K_CHUNK(TOKS, 112, 192, 224, Q4K_TOK3, l4); \
	TOKS(POST, l5)

#define Q4K_ROW4 Q4K_ROW(TOKENS4, q4k40, q4k41, q4k42, q4k43, q4k44, q4k45)
#define Q4K_ROWN Q4K_ROW(TOKENS, q4kN0, q4kN1, q4kN2, q4kN3, q4kN4, q4kN5)

// func tileQ4_KQ8_KAVX2(dst []float32, dstStride int, w []byte, wStride int, a []byte, aStride int, rows, tokens, n int)
TEXT ·tileQ4_KQ8_KAVX2(SB), $1120-120
	SETUP

	CMPQ tokens+104(FP), $4
	JNE  q4kLoopN

q4kLoop4:
	TESTQ CNT, CNT
	JZ    q4kDone
	TOKENS4(Q4K_BSUMS, q4kBsums4)
	ROWS(Q4K_ROW4, 144, q4kRows4)
	DECQ  CNT
	JMP   q4kLoop4

q4kLoopN:
	TESTQ CNT, CNT
	JZ    q4kDone
	TOKENS(Q4K_BSUMS, q4kBsumsN)
	ROWS(Q4K_ROWN, 144, q4kRowsN)
	DECQ  CNT
	JMP   q4kLoopN

q4kDone:
	FINISH

#undef SC
#undef MINS
#undef DDM
#undef Q0
#undef Q0X
#undef Q1
#undef Q1X
#undef S0
#undef S1

// Q6_K: 128 bytes ql of low nibbles, 64 bytes qh of high bit pairs, 16
// int8 scales, fp16 d. In half h, weight 128h+32k+l has its low nibble in
// ql[64h+32(k%2)+l] (the high nibble for k >= 2) and its high bits at bit
// 2k of qh[32h+l]. sum scale*(q-32)*y is computed as sum scale*q*y -
// 32*sum scale*bsum, as in the row kernel.
#define M30 Y1     // 0x30 in every byte
#define M30X X1
#define SLO Y2     // scales 0..7 as int16, in both lanes
#define SHI Y3     // scales 8..15 as int16, in both lanes
#define DR X4      // d as float32
#define QL0 Y5     // low nibbles of weights 0..31 and 64..95 of the half
#define QL1 Y6     // low nibbles of weights 32..63 and 96..127 of the half
#define QH Y7      // high bits of the half
#define SCL W      // the 16 scales as int16 (before the halves)
#define Q U        // 32 decoded weights (the halves' steps)
#define SS V       // their two scales
#define T Y15      // temporary
#define TX X15

// Q6K_PRE starts token t of the row's super-block: its lane sums start at
// -32*sum scale*bsum, and d*dy is stored.
#define Q6K_PRE(AP, t, SUMI) \
	VPMADDWD Y_BSUMS(AP), SCL, T; \
	VPSLLD $5, T, T; \
	VPXOR SUMI, SUMI, SUMI; \
	VPSUBD T, SUMI, SUMI; \
	VMULSS Y_D(AP), DR, TX; \
	VMOVSS TX, (O_DD+64*t)(ACP)

// Q6K_TOK adds the 32 weights in Q times token AP's codes at yoff to
// SUMI.
#define Q6K_TOK(AP, SUMI, yoff) \
	VPMADDUBSW yoff(AP), Q, T; \
	VPMADDWD SS, T, T; \
	VPADDD T, SUMI, SUMI

#define Q6K_TOK00(AP, t, SUMI) Q6K_TOK(AP, SUMI, 4)
#define Q6K_TOK01(AP, t, SUMI) Q6K_TOK(AP, SUMI, 36)
#define Q6K_TOK02(AP, t, SUMI) Q6K_TOK(AP, SUMI, 68)
#define Q6K_TOK03(AP, t, SUMI) Q6K_TOK(AP, SUMI, 100)
#define Q6K_TOK10(AP, t, SUMI) Q6K_TOK(AP, SUMI, 132)
#define Q6K_TOK11(AP, t, SUMI) Q6K_TOK(AP, SUMI, 164)
#define Q6K_TOK12(AP, t, SUMI) Q6K_TOK(AP, SUMI, 196)
#define Q6K_TOK13(AP, t, SUMI) Q6K_TOK(AP, SUMI, 228)

// Q6K_HALF decodes the 128 weights of one half (ql at ql0(WR) and
// ql0+32(WR), qh at qh(WR), scales in S), 32 at a time, and runs the TOK
// macros on them for every token.
#define Q6K_HALF(TOKS, ql0, qh, S, TOKA, TOKB, TOKC, TOKD, la, lb, lc, ld) \
	VMOVDQU ql0(WR), QL0; \
	VMOVDQU (ql0+32)(WR), QL1; \
	VMOVDQU qh(WR), QH; \
	VPAND NIB, QL0, Q; \
	VPSLLW $4, QH, T; \        // bits 0,1 to 4,5; what crosses bytes is masked off
	VPAND M30, T, T; \
	VPOR T, Q, Q; \
	VPSHUFB kqtLaneBcast<>+0(SB), S, SS; \
	TOKS(TOKA, la); \
	VPAND NIB, QL1, Q; \
	VPSLLW $2, QH, T; \        // bits 2,3 to 4,5
	VPAND M30, T, T; \
	VPOR T, Q, Q; \
	VPSHUFB kqtLaneBcast<>+32(SB), S, SS; \
	TOKS(TOKB, lb); \
	VPSRLW $4, QL0, Q; \
	VPAND NIB, Q, Q; \
	VPAND M30, QH, T; \        // bits 4,5 in place
	VPOR T, Q, Q; \
	VPSHUFB kqtLaneBcast<>+64(SB), S, SS; \
	TOKS(TOKC, lc); \
	VPSRLW $4, QL1, Q; \
	VPAND NIB, Q, Q; \
	VPSRLW $2, QH, T; \        // bits 6,7 to 4,5
	VPAND M30, T, T; \
	VPOR T, Q, Q; \
	VPSHUFB kqtLaneBcast<>+96(SB), S, SS; \
	TOKS(TOKD, ld)

// Q6K_ROW runs one row's super-block over the tokens with TOKS; the l
// arguments name its labels.
#define Q6K_ROW(TOKS, l0, l1, l2, l3, l4, l5, l6, l7, l8, l9) \
	VPMOVSXBW 192(WR), SCL; \
	VPERMQ $0x44, SCL, SLO; \
	VPERMQ $0xEE, SCL, SHI; \
	MOVWLZX 208(WR), AX; \
	VMOVD AX, DR; \
	VCVTPH2PS DR, DR; \
	TOKS(Q6K_PRE, l0); \
	Q6K_HALF(TOKS, 0, 128, SLO, Q6K_TOK00, Q6K_TOK01, Q6K_TOK02, Q6K_TOK03, l1, l2, l3, l4); \
	Q6K_HALF(TOKS, 64, 160, SHI, Q6K_TOK10, Q6K_TOK11, Q6K_TOK12, Q6K_TOK13, l5, l6, l7, l8); \
	TOKS(POST, l9)

#define Q6K_ROW4 Q6K_ROW(TOKENS4, q6k40, q6k41, q6k42, q6k43, q6k44, q6k45, q6k46, q6k47, q6k48, q6k49)
#define Q6K_ROWN Q6K_ROW(TOKENS, q6kN0, q6kN1, q6kN2, q6kN3, q6kN4, q6kN5, q6kN6, q6kN7, q6kN8, q6kN9)

// func tileQ6_KQ8_KAVX2(dst []float32, dstStride int, w []byte, wStride int, a []byte, aStride int, rows, tokens, n int)
TEXT ·tileQ6_KQ8_KAVX2(SB), $1120-120
	SETUP
	MOVL $0x30303030, AX
	VMOVD AX, M30X
	VPBROADCASTD M30X, M30

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
