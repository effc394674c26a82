//go:build !purego

#include "textflag.h"

// AVX2 tile kernels of Q4_0 and Q8_0 weights with Q8_0 activations: up to
// 4 weight rows times up to 4 tokens per call. Go declarations and the
// math they compute are in tile_block32_amd64.go.
//
// Each output (row r, token t) is computed exactly as the row kernel in
// dot_block32_amd64.s computes it: the same int32 lane sums per block
// (exact, so how they are formed is free), converted to float32 and added
// with one FMA times dx*dy, in groups of four blocks to ACC0 (blocks 0
// and 2) and ACC1 (blocks 1 and 3), the blocks after the last group to
// ACC0, then the row kernel's final sum, all with its operand order.
//
// Per group, each token's bias sums (Q4_0) or widened codes (Q8_0) and
// its dy are laid out once in the frame for all the rows; each row's four
// blocks are decoded once into registers for all the tokens. ACC0 and
// ACC1 of each output live in the frame, loaded and stored once per group.
// The rows are a loop; the tokens are unrolled, and the ones past tokens
// are skipped by a branch.

// General registers.
#define WP0 SI  // weight blocks of row 0
#define WR R11  // weight blocks of the current row
#define ACP R12 // accumulators of the current row, token 0
#define RC R13  // rows left
#define CNT CX  // blocks left
#define AP0 DI  // activation blocks of token 0 (1, 2, 3 below)
#define AP1 R8
#define AP2 R9
#define AP3 R10

// Frame layout. The accumulators ACC0, ACC1 of output (r, t) are at
// ACP+64*(4r+t), with ACP the frame's accumulator area rounded up to 32
// bytes. Token t's data is at TOKA+TOKSIZE*t: per block b of the group
// Q4_0's int16 pair sums of 8*y at +32b, or Q8_0's codes widened to int16
// at +64b; dy of the group's four blocks (float32) at +256; dx*dy of the
// current row's group at SXA+16t.
#define ACCAREA 0   // 16*64 bytes, plus 32 for the rounding
#define TOKA 1056
#define TOKSIZE 272
#define SXA 2144    // frame size 2208

// Shared vector registers.
#define DXS X8     // dx of the current row's blocks (float32)
#define SX X9      // dx*dy of the current (row, token)
#define ACC0 Y10
#define ACC0X X10
#define ACC1 Y11
#define ACC1X X11
#define P Y12      // a block's lane sums
#define S Y13      // dx*dy of a block in every lane
#define U Y14      // temporary
#define UX X14

DATA t32ones16<>+0(SB)/8, $0x0001000100010001
DATA t32ones16<>+8(SB)/8, $0x0001000100010001
DATA t32ones16<>+16(SB)/8, $0x0001000100010001
DATA t32ones16<>+24(SB)/8, $0x0001000100010001
GLOBL t32ones16<>(SB), RODATA|NOPTR, $32

DATA t32mask0f<>+0(SB)/8, $0x0f0f0f0f0f0f0f0f
DATA t32mask0f<>+8(SB)/8, $0x0f0f0f0f0f0f0f0f
DATA t32mask0f<>+16(SB)/8, $0x0f0f0f0f0f0f0f0f
DATA t32mask0f<>+24(SB)/8, $0x0f0f0f0f0f0f0f0f
GLOBL t32mask0f<>(SB), RODATA|NOPTR, $32

// The upper 128-bit lane shifts its copy of the packed bytes right by 4.
DATA t32nibshift<>+0(SB)/8, $0
DATA t32nibshift<>+8(SB)/8, $0
DATA t32nibshift<>+16(SB)/8, $4
DATA t32nibshift<>+24(SB)/8, $4
GLOBL t32nibshift<>(SB), RODATA|NOPTR, $32

DATA t32eight<>+0(SB)/8, $0x0808080808080808
DATA t32eight<>+8(SB)/8, $0x0808080808080808
DATA t32eight<>+16(SB)/8, $0x0808080808080808
DATA t32eight<>+24(SB)/8, $0x0808080808080808
GLOBL t32eight<>(SB), RODATA|NOPTR, $32

// TOKENS runs STEP(AP, t) for the tokens t < tokens and jumps to done
// after the last.
#define TOKENS(STEP, done) \
	STEP(AP0, 0); \
	CMPQ tokens+104(FP), $2; \
	JB done; \
	STEP(AP1, 1); \
	CMPQ tokens+104(FP), $3; \
	JB done; \
	STEP(AP2, 2); \
	CMPQ tokens+104(FP), $4; \
	JB done; \
	STEP(AP3, 3); \
done:

// SETUP loads the arguments: the token pointers (those past tokens repeat
// the last, and are never read), WP0 and CNT (blocks); it zeroes the
// accumulators of all 16 outputs.
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
	SHRQ $5, CNT; \
	LEAQ (ACCAREA+31)(SP), ACP; \
	ANDQ $-32, ACP; \
	VPXOR U, U, U; \
	MOVQ $32, AX; \
setupZero: \
	VMOVDQU U, 0(ACP); \
	ADDQ $32, ACP; \
	DECQ AX; \
	JNZ  setupZero

// DY4 stores dy of the four blocks at AP (blocks of 34 bytes) as float32
// for token t, as the row kernel's SCALES4 reads them.
#define DY4(AP, t) \
	VMOVD 0(AP), UX; \
	VPINSRW $1, 34(AP), UX, UX; \
	VPINSRW $2, 68(AP), UX, UX; \
	VPINSRW $3, 102(AP), UX, UX; \
	VCVTPH2PS UX, UX; \
	VMOVUPS UX, (TOKA+TOKSIZE*t+256)(SP)

// DY1 stores dy of the block at AP as float32 for token t.
#define DY1(AP, t) \
	MOVWLZX 0(AP), AX; \
	VMOVD AX, UX; \
	VCVTPH2PS UX, UX; \
	VMOVSS UX, (TOKA+TOKSIZE*t+256)(SP)

// DX4 loads dx of the current row's four blocks of ws bytes to DXS; DX1
// that of its block.
#define DX4(ws) \
	VMOVD 0(WR), DXS; \
	VPINSRW $1, ws(WR), DXS, DXS; \
	VPINSRW $2, (2*ws)(WR), DXS, DXS; \
	VPINSRW $3, (3*ws)(WR), DXS, DXS; \
	VCVTPH2PS DXS, DXS
#define DX1 \
	MOVWLZX 0(WR), AX; \
	VMOVD AX, DXS; \
	VCVTPH2PS DXS, DXS

// STEP4 runs the current row's group with token t: the four blocks'
// dx*dy, then B0..B3 (block b's lane sums to P) into ACC0 or ACC1.
#define STEP4(B0, B1, B2, B3, AP, t) \
	VMULPS (TOKA+TOKSIZE*t+256)(SP), DXS, SX; \
	VMOVUPS SX, (SXA+16*t)(SP); \
	VMOVDQU (64*t)(ACP), ACC0; \
	VMOVDQU (64*t+32)(ACP), ACC1; \
	B0(AP, t); \
	ACCUM(t, 0, ACC0); \
	B1(AP, t); \
	ACCUM(t, 1, ACC1); \
	B2(AP, t); \
	ACCUM(t, 2, ACC0); \
	B3(AP, t); \
	ACCUM(t, 3, ACC1); \
	VMOVDQU ACC0, (64*t)(ACP); \
	VMOVDQU ACC1, (64*t+32)(ACP)

// ACCUM adds the block's lane sums in P, times its dx*dy, to acc.
#define ACCUM(t, b, acc) \
	VCVTDQ2PS P, P; \
	VBROADCASTSS (SXA+16*t+4*b)(SP), S; \
	VFMADD231PS S, P, acc

// STEP1 runs the current row's single block with token t into ACC0.
#define STEP1(B0, AP, t) \
	VMULSS (TOKA+TOKSIZE*t+256)(SP), DXS, SX; \
	VBROADCASTSS SX, S; \
	VMOVDQU (64*t)(ACP), ACC0; \
	B0(AP, t); \
	VCVTDQ2PS P, P; \
	VFMADD231PS S, P, ACC0; \
	VMOVDQU ACC0, (64*t)(ACP)

// EACHROW runs DECODE, then STEP for every token, over the rows from WP0;
// lp and done name its labels.
#define EACHROW(DECODE, STEP, lp, done) \
	MOVQ WP0, WR; \
	LEAQ (ACCAREA+31)(SP), ACP; \
	ANDQ $-32, ACP; \
	MOVQ rows+96(FP), RC; \
lp: \
	DECODE; \
	TOKENS(STEP, done); \
	ADDQ wStride+56(FP), WR; \
	ADDQ $256, ACP; \
	DECQ RC; \
	JNZ  lp

// ADVANCE moves the activation pointers by k blocks.
#define ADVANCE(k) \
	ADDQ $(34*k), AP0; \
	ADDQ $(34*k), AP1; \
	ADDQ $(34*k), AP2; \
	ADDQ $(34*k), AP3

// TILE runs the whole product over blocks of ws bytes: groups of four
// (PREP4 lays out a token's group, DECODE4 decodes a row's, S4 runs one
// (row, token)), then single blocks (PREP1, DECODE1, S1); then it writes
// the outputs and returns.
#define TILE(PREP4, DECODE4, S4, PREP1, DECODE1, S1, ws) \
group: \
	CMPQ CNT, $4; \
	JB   single; \
	TOKENS(PREP4, prep4); \
	EACHROW(DECODE4, S4, groupRow, groupTok); \
	ADDQ $(4*ws), WP0; \
	ADVANCE(4); \
	SUBQ $4, CNT; \
	JMP  group; \
single: \
	TESTQ CNT, CNT; \
	JZ   finish; \
	TOKENS(PREP1, prep1); \
	EACHROW(DECODE1, S1, singleRow, singleTok); \
	ADDQ $ws, WP0; \
	ADVANCE(1); \
	DECQ CNT; \
	JMP  single; \
finish: \
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
	VMOVDQU 0(WR), ACC0; \
	VMOVDQU 32(WR), ACC1; \
	VXORPS U, U, U; \           // the row kernel's ACCM, 0 for these formats
	VADDPS U, ACC0, ACC0; \
	VADDPS ACC1, ACC0, ACC0; \
	VEXTRACTF128 $1, ACC0, ACC1X; \
	VADDPS ACC1X, ACC0X, ACC0X; \
	VMOVHLPS ACC0X, ACC0X, ACC1X; \
	VADDPS ACC1X, ACC0X, ACC0X; \
	VMOVSHDUP ACC0X, ACC1X; \
	VADDSS ACC1X, ACC0X, ACC0X; \
	MOVSS ACC0X, 0(WP0); \
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

// Q4_0: fp16 d, 16 bytes of nibbles; sum((u-8)*y) = sum(u*y) - sum(8*y)
// in int16 pairs, as in the row kernel.
#define MASK0F Y0
#define SHIFT Y1
#define ONES Y2
#define BIAS Y3
#define QW0 Y4     // the decoded blocks of the current row
#define QW1 Y5
#define QW2 Y6
#define QW3 Y7

// NIBBLES decodes the 16 bytes at src to 32 4-bit codes in dst.
#define NIBBLES(src, dst) \
	VBROADCASTI128 src, dst; \
	VPSRLVQ SHIFT, dst, dst; \
	VPAND MASK0F, dst, dst

#define Q4_0PREPB(AP, t, b) \
	VPMADDUBSW (2+34*b)(AP), BIAS, U; \
	VMOVDQU U, (TOKA+TOKSIZE*t+32*b)(SP)

#define Q4_0PREP4(AP, t) \
	Q4_0PREPB(AP, t, 0); \
	Q4_0PREPB(AP, t, 1); \
	Q4_0PREPB(AP, t, 2); \
	Q4_0PREPB(AP, t, 3); \
	DY4(AP, t)

#define Q4_0PREP1(AP, t) \
	Q4_0PREPB(AP, t, 0); \
	DY1(AP, t)

#define Q4_0DECODE4 \
	NIBBLES(2(WR), QW0); \
	NIBBLES(20(WR), QW1); \
	NIBBLES(38(WR), QW2); \
	NIBBLES(56(WR), QW3); \
	DX4(18)

#define Q4_0DECODE1 \
	NIBBLES(2(WR), QW0); \
	DX1

// Q4_0BLOCK leaves the lane sums of row block b (in QW) times token t's
// block b (at AP) in P.
#define Q4_0BLOCK(AP, t, b, QW) \
	VPMADDUBSW (2+34*b)(AP), QW, P; \
	VPSUBW (TOKA+TOKSIZE*t+32*b)(SP), P, P; \
	VPMADDWD ONES, P, P

#define Q4_0B0(AP, t) Q4_0BLOCK(AP, t, 0, QW0)
#define Q4_0B1(AP, t) Q4_0BLOCK(AP, t, 1, QW1)
#define Q4_0B2(AP, t) Q4_0BLOCK(AP, t, 2, QW2)
#define Q4_0B3(AP, t) Q4_0BLOCK(AP, t, 3, QW3)
#define Q4_0S4(AP, t) STEP4(Q4_0B0, Q4_0B1, Q4_0B2, Q4_0B3, AP, t)
#define Q4_0S1(AP, t) STEP1(Q4_0B0, AP, t)

// func tileQ4_0Q8_0AVX2(dst []float32, dstStride int, w []byte, wStride int, a []byte, aStride int, rows, tokens, n int)
TEXT ·tileQ4_0Q8_0AVX2(SB), $2208-120
	SETUP
	VMOVDQU t32mask0f<>(SB), MASK0F
	VMOVDQU t32nibshift<>(SB), SHIFT
	VMOVDQU t32ones16<>(SB), ONES
	VMOVDQU t32eight<>(SB), BIAS
	TILE(Q4_0PREP4, Q4_0DECODE4, Q4_0S4, Q4_0PREP1, Q4_0DECODE1, Q4_0S1, 18)

#undef QW0
#undef QW1
#undef QW2
#undef QW3

// Q8_0: fp16 d, 32 int8 codes; both sides widened to int16, as in the row
// kernel.
#define QL0 Y0     // the decoded blocks of the current row: codes 0-15,
#define QH0 Y1     // codes 16-31
#define QL1 Y2
#define QH1 Y3
#define QL2 Y4
#define QH2 Y5
#define QL3 Y6
#define QH3 Y7

#define Q8_0PREPB(AP, t, b) \
	VPMOVSXBW (2+34*b)(AP), U; \
	VMOVDQU U, (TOKA+TOKSIZE*t+64*b)(SP); \
	VPMOVSXBW (18+34*b)(AP), U; \
	VMOVDQU U, (TOKA+TOKSIZE*t+64*b+32)(SP)

#define Q8_0PREP4(AP, t) \
	Q8_0PREPB(AP, t, 0); \
	Q8_0PREPB(AP, t, 1); \
	Q8_0PREPB(AP, t, 2); \
	Q8_0PREPB(AP, t, 3); \
	DY4(AP, t)

#define Q8_0PREP1(AP, t) \
	Q8_0PREPB(AP, t, 0); \
	DY1(AP, t)

#define Q8_0W(b, QL, QH) \
	VPMOVSXBW (2+34*b)(WR), QL; \
	VPMOVSXBW (18+34*b)(WR), QH

#define Q8_0DECODE4 \
	Q8_0W(0, QL0, QH0); \
	Q8_0W(1, QL1, QH1); \
	Q8_0W(2, QL2, QH2); \
	Q8_0W(3, QL3, QH3); \
	DX4(34)

#define Q8_0DECODE1 \
	Q8_0W(0, QL0, QH0); \
	DX1

// Q8_0BLOCK leaves the lane sums of row block b (in QL, QH) times token
// t's block b in P.
#define Q8_0BLOCK(t, b, QL, QH) \
	VPMADDWD (TOKA+TOKSIZE*t+64*b)(SP), QL, P; \
	VPMADDWD (TOKA+TOKSIZE*t+64*b+32)(SP), QH, U; \
	VPADDD U, P, P

#define Q8_0B0(AP, t) Q8_0BLOCK(t, 0, QL0, QH0)
#define Q8_0B1(AP, t) Q8_0BLOCK(t, 1, QL1, QH1)
#define Q8_0B2(AP, t) Q8_0BLOCK(t, 2, QL2, QH2)
#define Q8_0B3(AP, t) Q8_0BLOCK(t, 3, QL3, QH3)
#define Q8_0S4(AP, t) STEP4(Q8_0B0, Q8_0B1, Q8_0B2, Q8_0B3, AP, t)
#define Q8_0S1(AP, t) STEP1(Q8_0B0, AP, t)

// func tileQ8_0Q8_0AVX2(dst []float32, dstStride int, w []byte, wStride int, a []byte, aStride int, rows, tokens, n int)
TEXT ·tileQ8_0Q8_0AVX2(SB), $2208-120
	SETUP
	TILE(Q8_0PREP4, Q8_0DECODE4, Q8_0S4, Q8_0PREP1, Q8_0DECODE1, Q8_0S1, 34)
