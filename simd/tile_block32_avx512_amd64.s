//go:build !purego

#include "textflag.h"

// AVX-512 (F, BW, VL and VNNI) tile kernels of Q4_0 and Q8_0 weights with
// Q8_0 activations: up to 4 weight rows times up to 4 tokens per call. Go
// declarations and the math they compute are in
// tile_block32_avx512_amd64.go.
//
// Each output (row r, token t) is computed exactly as the row kernel in
// dot_block32_avx512_amd64.s computes it: chunks of 16 blocks as 8 pairs
// [A | B] in 512-bit registers, the pairs' exact int32 lane sums
// converted to float32 and added with one FMA, times dx*dy spread by
// VPERMPS, to ACC0 (even pairs) or ACC1 (odd pairs); the blocks after the
// last chunk one at a time into ACC0 (dx*dy in lanes 0-7 only); then
// ACC0+ACC1, Q4_0's exact rescaling of the high-nibble lanes by 1/16 and
// the same final reduction, all with the row kernel's operand order.
//
// Per chunk, each token's activation pairs, the negated sums of bias*y
// (so that one VPDPBUSD onto them leaves the lane sums) and its dy are
// laid out once in the frame for all the rows; each row's 8 weight pairs
// are decoded once into registers for all the tokens. ACC0 and ACC1 of
// each output live in the frame, loaded and stored once per chunk.

// General registers.
#define WP0 SI  // weight blocks of row 0
#define WR R11  // weight blocks of the current row
#define ACP R12 // accumulators of the current row, token 0
#define RC R10  // rows left
#define AP0 DI  // activation blocks of token 0
#define CNT CX  // blocks left
#define B R13   // the frame, rounded up to 64 bytes

// Frame layout, from B: the accumulators ACC0, ACC1 of output (r, t) at
// 128*(4r+t); token t's data at TOK+TOKSIZE*t: dy of the chunk's 16
// blocks (float32) at +0, then for pair p its activation codes [A | B] at
// +64+128p and the negated int32 lane sums of bias*y at +128+128p (one
// block: pair 0's slots, with dy at +0).
#define TOK 2048
#define TOKSIZE 1152
// The frame is TOK+4*TOKSIZE bytes, plus 64 for the rounding: 6720.

// Vector registers.
#define W0 Z0      // the chunk's 8 weight pairs of the current row
#define W1 Z1
#define W2 Z2
#define W3 Z3
#define W4 Z4
#define W5 Z5
#define W6 Z6
#define W7 Z7
#define S16 Z8     // dx*dy of the chunk's 16 blocks, for one (row, token)
#define ACC0 Z9
#define ACC0Y Y9
#define ACC0X X9
#define ACC1 Z10
#define SC Z11     // dx*dy of a pair (or block) over its lanes
#define SCY Y11
#define SCX X11
#define SUM Z12    // int32 lane sums
#define DX16 Z13   // dx of the chunk's 16 blocks of the current row
#define DXX X13
#define NIB Z14    // Q4_0: 0x0F in the low, 0xF0 in the high 128 bits of each half
#define BIAS Z15   // the weights' bias in every byte (Q4_0: 8, and 8*16 in the high nibbles' lanes)
#define PIDX0 Z16  // VPERMPS controls: dx*dy of blocks 2p and 2p+1 of
#define PIDX1 Z17  // the chunk to the low and high halves (p = 0..7)
#define PIDX2 Z18
#define PIDX3 Z19
#define PIDX4 Z20
#define PIDX5 Z21
#define PIDX6 Z22
#define PIDX7 Z23
#define GIDXW Z24  // gather offsets of 16 weight blocks
#define GIDXA Z25  // gather offsets of 16 activation blocks
#define T Z26      // temporaries
#define TY Y26
#define TX X26
#define T2 Z27
#define T3 Z28
#define FIX Z29    // Q4_0: 1 for the low-nibble lanes, 1/16 for the high
#define KHI K1     // dword lanes 8-15
#define KHIQ K2    // qword lanes 4-7
#define KLO K3     // dword lanes 0-7
#define KG K4      // gather mask

// Copies of dot_block32_avx512_amd64.s's constants.
DATA t32Pair<>+0(SB)/8, $0x0000000000000000
DATA t32Pair<>+8(SB)/8, $0x0101010101010101
DATA t32Pair<>+16(SB)/8, $0x0202020202020202
DATA t32Pair<>+24(SB)/8, $0x0303030303030303
DATA t32Pair<>+32(SB)/8, $0x0404040404040404
DATA t32Pair<>+40(SB)/8, $0x0505050505050505
DATA t32Pair<>+48(SB)/8, $0x0606060606060606
DATA t32Pair<>+56(SB)/8, $0x0707070707070707
DATA t32Pair<>+64(SB)/8, $0x0808080808080808
DATA t32Pair<>+72(SB)/8, $0x0909090909090909
DATA t32Pair<>+80(SB)/8, $0x0a0a0a0a0a0a0a0a
DATA t32Pair<>+88(SB)/8, $0x0b0b0b0b0b0b0b0b
DATA t32Pair<>+96(SB)/8, $0x0c0c0c0c0c0c0c0c
DATA t32Pair<>+104(SB)/8, $0x0d0d0d0d0d0d0d0d
DATA t32Pair<>+112(SB)/8, $0x0e0e0e0e0e0e0e0e
DATA t32Pair<>+120(SB)/8, $0x0f0f0f0f0f0f0f0f
GLOBL t32Pair<>(SB), RODATA|NOPTR, $128
DATA t32Off18<>+0(SB)/8, $0x0036002400120000
DATA t32Off18<>+8(SB)/8, $0x007e006c005a0048
DATA t32Off18<>+16(SB)/8, $0x00c600b400a20090
DATA t32Off18<>+24(SB)/8, $0x010e00fc00ea00d8
GLOBL t32Off18<>(SB), RODATA|NOPTR, $32
DATA t32Off34<>+0(SB)/8, $0x0066004400220000
DATA t32Off34<>+8(SB)/8, $0x00ee00cc00aa0088
DATA t32Off34<>+16(SB)/8, $0x0176015401320110
DATA t32Off34<>+24(SB)/8, $0x01fe01dc01ba0198
GLOBL t32Off34<>(SB), RODATA|NOPTR, $32
DATA t32Nib<>+0(SB)/8, $0x0f0f0f0f0f0f0f0f
DATA t32Nib<>+8(SB)/8, $0x0f0f0f0f0f0f0f0f
DATA t32Nib<>+16(SB)/8, $0xf0f0f0f0f0f0f0f0
DATA t32Nib<>+24(SB)/8, $0xf0f0f0f0f0f0f0f0
GLOBL t32Nib<>(SB), RODATA|NOPTR, $32
DATA t32Bias8<>+0(SB)/8, $0x0808080808080808
DATA t32Bias8<>+8(SB)/8, $0x0808080808080808
DATA t32Bias8<>+16(SB)/8, $0x8080808080808080
DATA t32Bias8<>+24(SB)/8, $0x8080808080808080
GLOBL t32Bias8<>(SB), RODATA|NOPTR, $32
DATA t32Fix16<>+0(SB)/8, $0x3f8000003f800000
DATA t32Fix16<>+8(SB)/8, $0x3f8000003f800000
DATA t32Fix16<>+16(SB)/8, $0x3d8000003d800000
DATA t32Fix16<>+24(SB)/8, $0x3d8000003d800000
GLOBL t32Fix16<>(SB), RODATA|NOPTR, $32

// SETUP loads WP0, AP0, CNT, B, the masks and the controls, and zeroes the
// accumulators of all 16 outputs; offw is the weights' gather offsets.
#define SETUP(offw) \
	MOVQ w_base+32(FP), WP0; \
	MOVQ a_base+64(FP), AP0; \
	MOVQ n+112(FP), CNT; \
	SHRQ $5, CNT; \
	LEAQ 63(SP), B; \
	ANDQ $-64, B; \
	VPXORD T, T, T; \
	MOVQ B, AX; \
	MOVQ $32, BX; \
setupZero: \
	VMOVDQU64 T, 0(AX); \
	ADDQ $64, AX; \
	DECQ BX; \
	JNZ  setupZero; \
	MOVL $0xff00, AX; \
	KMOVW AX, KHI; \
	MOVL $0xf0, AX; \
	KMOVW AX, KHIQ; \
	MOVL $0x00ff, AX; \
	KMOVW AX, KLO; \
	VPMOVZXBD t32Pair<>+0(SB), PIDX0; \
	VPMOVZXBD t32Pair<>+16(SB), PIDX1; \
	VPMOVZXBD t32Pair<>+32(SB), PIDX2; \
	VPMOVZXBD t32Pair<>+48(SB), PIDX3; \
	VPMOVZXBD t32Pair<>+64(SB), PIDX4; \
	VPMOVZXBD t32Pair<>+80(SB), PIDX5; \
	VPMOVZXBD t32Pair<>+96(SB), PIDX6; \
	VPMOVZXBD t32Pair<>+112(SB), PIDX7; \
	VPMOVZXWD offw(SB), GIDXW; \
	VPMOVZXWD t32Off34<>(SB), GIDXA

// GATHERD leaves in dst the fp16 d of the 16 blocks at base (gather
// offsets idx) as float32: the dwords at their starts, narrowed to their
// low words.
#define GATHERD(base, idx, dst) \
	KXNORW KG, KG, KG; \
	VPXORD T, T, T; \
	VPGATHERDD 0(base)(idx*1), KG, T; \
	VPMOVDW T, TY; \
	VCVTPH2PS TY, dst

// NEGCOR stores the pair (or block) of activation codes in T at off(DX)
// and the negated lane sums of BIAS times them at off+64(DX).
#define NEGCOR(off) \
	VMOVDQU64 T, off(DX); \
	VPXORD T2, T2, T2; \
	VPDPBUSD T, BIAS, T2; \
	VPXORD T3, T3, T3; \
	VPSUBD T2, T3, T3; \
	VMOVDQU64 T3, (off+64)(DX)

// ACTPAIR lays out activation pair p of the chunk at AX.
#define ACTPAIR(p) \
	VMOVDQU64 (2+68*p)(AX), TY; \
	VINSERTI64X4 $1, (36+68*p)(AX), T, T; \
	NEGCOR(64+128*p)

// TOKENS16 lays out the chunk of 16 activation blocks of every token.
#define TOKENS16 \
	MOVQ AP0, AX; \
	LEAQ TOK(B), DX; \
	MOVQ tokens+104(FP), BX; \
tok16: \
	GATHERD(AX, GIDXA, T2); \
	VMOVUPS T2, 0(DX); \
	ACTPAIR(0); \
	ACTPAIR(1); \
	ACTPAIR(2); \
	ACTPAIR(3); \
	ACTPAIR(4); \
	ACTPAIR(5); \
	ACTPAIR(6); \
	ACTPAIR(7); \
	ADDQ aStride+88(FP), AX; \
	ADDQ $TOKSIZE, DX; \
	DECQ BX; \
	JNZ  tok16

// TOKENS1 lays out the activation block at AP0 of every token.
#define TOKENS1 \
	MOVQ AP0, AX; \
	LEAQ TOK(B), DX; \
	MOVQ tokens+104(FP), BX; \
tok1: \
	VMOVDQU64 2(AX), TY; \ // zeroes the high half
	NEGCOR(64); \
	MOVWLZX 0(AX), R8; \
	VMOVD R8, TX; \
	VCVTPH2PS TX, TX; \
	VMOVSS TX, 0(DX); \
	ADDQ aStride+88(FP), AX; \
	ADDQ $TOKSIZE, DX; \
	DECQ BX; \
	JNZ  tok1

// PAIRSTEP adds weight pair p (in Wp) times token t's pair p, times the
// pair's dx*dy, to acc.
#define PAIRSTEP(t, p, Wp, pidx, acc) \
	VPERMPS S16, pidx, SC; \
	VMOVDQU64 (TOK+TOKSIZE*t+128+128*p)(B), SUM; \
	VPDPBUSD (TOK+TOKSIZE*t+64+128*p)(B), Wp, SUM; \
	VCVTDQ2PS SUM, SUM; \
	VFMADD231PS SC, SUM, acc

// CHUNKSTEP runs the chunk of the current row with token t.
#define CHUNKSTEP(t) \
	VMULPS (TOK+TOKSIZE*t)(B), DX16, S16; \
	VMOVUPS (128*t)(ACP), ACC0; \
	VMOVUPS (128*t+64)(ACP), ACC1; \
	PAIRSTEP(t, 0, W0, PIDX0, ACC0); \
	PAIRSTEP(t, 1, W1, PIDX1, ACC1); \
	PAIRSTEP(t, 2, W2, PIDX2, ACC0); \
	PAIRSTEP(t, 3, W3, PIDX3, ACC1); \
	PAIRSTEP(t, 4, W4, PIDX4, ACC0); \
	PAIRSTEP(t, 5, W5, PIDX5, ACC1); \
	PAIRSTEP(t, 6, W6, PIDX6, ACC0); \
	PAIRSTEP(t, 7, W7, PIDX7, ACC1); \
	VMOVUPS ACC0, (128*t)(ACP); \
	VMOVUPS ACC1, (128*t+64)(ACP)

// ONESTEP adds the current row's block (in W0, dx in DXX) times token t's
// block, times dx*dy in lanes 0-7, to ACC0.
#define ONESTEP(t) \
	VMULSS (TOK+TOKSIZE*t)(B), DXX, SCX; \
	VBROADCASTSS.Z SCX, KLO, SC; \
	VMOVUPS (128*t)(ACP), ACC0; \
	VMOVDQU64 (TOK+TOKSIZE*t+128)(B), SUM; \
	VPDPBUSD (TOK+TOKSIZE*t+64)(B), W0, SUM; \
	VCVTDQ2PS SUM, SUM; \
	VFMADD231PS SC, SUM, ACC0; \
	VMOVUPS ACC0, (128*t)(ACP)

// EACHTOKEN runs STEP(t) for t < tokens, then jumps to done.
#define EACHTOKEN(STEP, done) \
	STEP(0); \
	CMPQ tokens+104(FP), $2; \
	JB done; \
	STEP(1); \
	CMPQ tokens+104(FP), $3; \
	JB done; \
	STEP(2); \
	CMPQ tokens+104(FP), $4; \
	JB done; \
	STEP(3); \
done:

// EACHROW runs DECODE and then STEP for every token over the rows, from
// WP0; lp and done name its labels.
#define EACHROW(DECODE, STEP, lp, done) \
	MOVQ WP0, WR; \
	MOVQ B, ACP; \
	MOVQ rows+96(FP), RC; \
lp: \
	DECODE; \
	EACHTOKEN(STEP, done); \
	ADDQ wStride+56(FP), WR; \
	ADDQ $512, ACP; \
	DECQ RC; \
	JNZ  lp

// TILE runs the whole product: chunks of 16 blocks of ws bytes (DECODE16
// decodes the current row's), then single blocks (DECODE1); RESCALE
// finishes ACC0 before the reduction.
#define TILE(DECODE16, DECODE1, ws, RESCALE) \
chunk: \
	CMPQ CNT, $16; \
	JB   single; \
	TOKENS16; \
	EACHROW(DECODE16, CHUNKSTEP, chunkRow, chunkTok); \
	ADDQ $(16*ws), WP0; \
	ADDQ $(16*34), AP0; \
	SUBQ $16, CNT; \
	JMP  chunk; \
single: \
	TESTQ CNT, CNT; \
	JZ   finish; \
	TOKENS1; \
	EACHROW(DECODE1, ONESTEP, singleRow, singleTok); \
	ADDQ $ws, WP0; \
	ADDQ $34, AP0; \
	DECQ CNT; \
	JMP  single; \
finish: \
	MOVQ B, ACP; \
	MOVQ dst_base+0(FP), DX; \
	MOVQ dstStride+24(FP), R9; \
	SHLQ $2, R9; \
	MOVQ tokens+104(FP), BX; \
finTok: \
	MOVQ ACP, WR; \
	MOVQ DX, AX; \
	MOVQ rows+96(FP), RC; \
finRow: \
	VMOVUPS 0(WR), ACC0; \
	VMOVUPS 64(WR), ACC1; \
	VADDPS ACC1, ACC0, ACC0; \
	RESCALE; \
	VEXTRACTF64X4 $1, ACC0, SCY; \
	VADDPS SCY, ACC0Y, ACC0Y; \
	VEXTRACTF128 $1, ACC0Y, SCX; \
	VADDPS SCX, ACC0X, ACC0X; \
	VMOVHLPS ACC0X, ACC0X, SCX; \
	VADDPS SCX, ACC0X, ACC0X; \
	VMOVSHDUP ACC0X, SCX; \
	VADDSS SCX, ACC0X, ACC0X; \
	MOVSS ACC0X, 0(AX); \
	ADDQ $512, WR; \
	ADDQ $4, AX; \
	DECQ RC; \
	JNZ  finRow; \
	ADDQ $128, ACP; \
	ADDQ R9, DX; \
	DECQ BX; \
	JNZ  finTok; \
	VZEROUPPER; \
	RET

// Q4_0: fp16 d, 16 bytes of nibbles. Pair p is [qA, qA, qB, qB] masked by
// NIB: the high nibbles times 16, which FIX undoes at the end.
#define Q4_0W(p, Wp) \
	VBROADCASTI32X4 (2+36*p)(WR), Wp; \
	VBROADCASTI32X4 (20+36*p)(WR), KHI, Wp; \
	VPANDD NIB, Wp, Wp

#define Q4_0DECODE16 \
	GATHERD(WR, GIDXW, DX16); \
	Q4_0W(0, W0); \
	Q4_0W(1, W1); \
	Q4_0W(2, W2); \
	Q4_0W(3, W3); \
	Q4_0W(4, W4); \
	Q4_0W(5, W5); \
	Q4_0W(6, W6); \
	Q4_0W(7, W7)

#define DX1 \
	MOVWLZX 0(WR), R8; \
	VMOVD R8, DXX; \
	VCVTPH2PS DXX, DXX

#define Q4_0DECODE1 \
	VBROADCASTI32X4 2(WR), W0; \
	VPANDD NIB, W0, W0; \
	DX1

#define Q4_0RESCALE VMULPS FIX, ACC0, ACC0

// func tileQ4_0Q8_0AVX512(dst []float32, dstStride int, w []byte, wStride int, a []byte, aStride int, rows, tokens, n int)
TEXT ·tileQ4_0Q8_0AVX512(SB), $6720-120
	SETUP(t32Off18<>)
	VBROADCASTI64X4 t32Nib<>(SB), NIB
	VBROADCASTI64X4 t32Bias8<>(SB), BIAS
	VBROADCASTF64X4 t32Fix16<>(SB), FIX
	TILE(Q4_0DECODE16, Q4_0DECODE1, 18, Q4_0RESCALE)

// Q8_0: fp16 d, 32 int8 codes, made unsigned by flipping their sign bits.
#define Q8_0W(p, Wp) \
	VMOVDQU64 (2+68*p)(WR), Wp; \
	VBROADCASTI64X4 (36+68*p)(WR), KHIQ, Wp; \
	VPXORD BIAS, Wp, Wp

#define Q8_0DECODE16 \
	GATHERD(WR, GIDXA, DX16); \
	Q8_0W(0, W0); \
	Q8_0W(1, W1); \
	Q8_0W(2, W2); \
	Q8_0W(3, W3); \
	Q8_0W(4, W4); \
	Q8_0W(5, W5); \
	Q8_0W(6, W6); \
	Q8_0W(7, W7)

#define Q8_0DECODE1 \
	VMOVDQU64 2(WR), Y0; \ // W0's low half; the high half is zeroed
	VPXORD BIAS, W0, W0; \
	DX1

#define NORESCALE

// func tileQ8_0Q8_0AVX512(dst []float32, dstStride int, w []byte, wStride int, a []byte, aStride int, rows, tokens, n int)
TEXT ·tileQ8_0Q8_0AVX512(SB), $6720-120
	SETUP(t32Off34<>)
	MOVL $0x80808080, AX
	VPBROADCASTD AX, BIAS
	TILE(Q8_0DECODE16, Q8_0DECODE1, 34, NORESCALE)
