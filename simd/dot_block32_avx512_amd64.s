//go:build !purego

#include "textflag.h"

// AVX-512 (F, BW, VL and VNNI) dot products of the 32-weight block
// formats with Q8_0 and Q8_1 activations. Go declarations and the math
// they compute are in dot_block32_avx512_amd64.go.
//
// Two blocks A and B go per 512-bit register: A in the low 256 bits, B in
// the high (a 256-bit load and a merge-masked broadcast load, so that
// nothing has to cross a 128-bit lane in the ALUs). The nibble formats
// load their 16 packed bytes as [qA, qA, qB, qB]. Q4_0 and Q4_1 mask them
// by 0x0F in the first and 0xF0 in the second copy: the high-nibble codes
// come out multiplied by 16, which is undone once, exactly, on the
// float32 lane sums at the end (scaling by a power of two commutes with
// rounding); IQ4_NL and Q5_0 shift the second copy down (they look the
// codes up, or add a fifth bit). VPDPBUSD multiplies the unsigned weight
// bytes with the signed activation bytes and adds groups of four products
// into int32 lanes, exactly (unlike VPMADDUBSW, nothing saturates);
// formats with signed weights add a bias b to make them unsigned and
// subtract VPDPBUSD(b, y), so every lane holds the exact integer sum of
// its products. The int32 lanes are converted to float32 and accumulated
// with FMA, times dx*dy of their block in every lane of its half.
//
// The scales of 16 blocks are gathered (VPGATHERDD, the dword at the
// start of each block: its fp16 d and two code bytes, or d and m or s),
// narrowed to words, converted to float32 and multiplied, one chunk of 16
// blocks ahead of their use so that the gathers' latency hides behind a
// chunk of work; VPERMPS spreads them over the halves of a pair. Fewer
// than 16 blocks left go one at a time with scalar scales. The lanes are
// summed at the end.

// Register roles.
#define WP SI      // weight blocks
#define AP DI      // activation blocks
#define CNT CX     // blocks left
#define GWP R9     // weight blocks of the next chunk
#define GAP R10    // activation blocks of the next chunk
#define ACC0 Z0    // float32 lane sums of even pairs
#define ACC0Y Y0
#define ACC0X X0
#define ACC1 Z1    // float32 lane sums of odd pairs
#define SUM Z2     // int32 sums of u*y
#define COR Z3     // int32 sums of b*y
#define W Z4       // weight bytes
#define A Z5       // activation codes
#define AY Y5
#define WY Y4
#define SC Z6      // dx*dy of the pair's blocks, and temporary
#define SCY Y6
#define SCX X6
#define T Z7       // temporary
#define TY Y7
#define TX X7
#define S16 Z8     // dx*dy of the 16 blocks of this chunk
#define SNEXT Z9   // dx*dy of the 16 blocks of the next chunk
#define GIDXW Z10  // gather offsets of 16 weight blocks
#define GIDXA Z11  // gather offsets of 16 activation blocks
#define NIB Z12    // Q4_0, Q4_1: 0x0F in the low, 0xF0 in the high 128 bits of each half
#define M0F NIB    // IQ4_NL, Q5_0: 0x0F in every byte
#define BIAS Z13   // the weights' bias b in every byte
#define FIX Z14    // Q4_0: 1 for the low-nibble lanes, 1/16 for the high
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
#define KG K4      // gather mask
#define KQH K5     // Q5_0: the bytes whose fifth bit is set
#define KODD K6    // word lanes of the odd 128-bit lanes
#define ACCM Z15   // Q4_1: float32 lane sums of mx*sy
#define SMT Z24    // Q4_1: temporary
#define SMNEXT Z25 // Q4_1: mx*sy of the 16 blocks of the next chunk
#define TABLE Z26  // IQ4_NL: the levels+128 in every 128-bit lane

DATA b32Pair<>+0(SB)/8, $0x0000000000000000
DATA b32Pair<>+8(SB)/8, $0x0101010101010101
DATA b32Pair<>+16(SB)/8, $0x0202020202020202
DATA b32Pair<>+24(SB)/8, $0x0303030303030303
DATA b32Pair<>+32(SB)/8, $0x0404040404040404
DATA b32Pair<>+40(SB)/8, $0x0505050505050505
DATA b32Pair<>+48(SB)/8, $0x0606060606060606
DATA b32Pair<>+56(SB)/8, $0x0707070707070707
DATA b32Pair<>+64(SB)/8, $0x0808080808080808
DATA b32Pair<>+72(SB)/8, $0x0909090909090909
DATA b32Pair<>+80(SB)/8, $0x0a0a0a0a0a0a0a0a
DATA b32Pair<>+88(SB)/8, $0x0b0b0b0b0b0b0b0b
DATA b32Pair<>+96(SB)/8, $0x0c0c0c0c0c0c0c0c
DATA b32Pair<>+104(SB)/8, $0x0d0d0d0d0d0d0d0d
DATA b32Pair<>+112(SB)/8, $0x0e0e0e0e0e0e0e0e
DATA b32Pair<>+120(SB)/8, $0x0f0f0f0f0f0f0f0f
GLOBL b32Pair<>(SB), RODATA|NOPTR, $128

// Byte offsets of 16 consecutive blocks of 18, 20, 22, 34 and 36 bytes.
DATA b32Off18<>+0(SB)/8, $0x0036002400120000
DATA b32Off18<>+8(SB)/8, $0x007e006c005a0048
DATA b32Off18<>+16(SB)/8, $0x00c600b400a20090
DATA b32Off18<>+24(SB)/8, $0x010e00fc00ea00d8
GLOBL b32Off18<>(SB), RODATA|NOPTR, $32
DATA b32Off20<>+0(SB)/8, $0x003c002800140000
DATA b32Off20<>+8(SB)/8, $0x008c007800640050
DATA b32Off20<>+16(SB)/8, $0x00dc00c800b400a0
DATA b32Off20<>+24(SB)/8, $0x012c0118010400f0
GLOBL b32Off20<>(SB), RODATA|NOPTR, $32
DATA b32Off22<>+0(SB)/8, $0x0042002c00160000
DATA b32Off22<>+8(SB)/8, $0x009a0084006e0058
DATA b32Off22<>+16(SB)/8, $0x00f200dc00c600b0
DATA b32Off22<>+24(SB)/8, $0x014a0134011e0108
GLOBL b32Off22<>(SB), RODATA|NOPTR, $32
DATA b32Off34<>+0(SB)/8, $0x0066004400220000
DATA b32Off34<>+8(SB)/8, $0x00ee00cc00aa0088
DATA b32Off34<>+16(SB)/8, $0x0176015401320110
DATA b32Off34<>+24(SB)/8, $0x01fe01dc01ba0198
GLOBL b32Off34<>(SB), RODATA|NOPTR, $32
DATA b32Off36<>+0(SB)/8, $0x006c004800240000
DATA b32Off36<>+8(SB)/8, $0x00fc00d800b40090
DATA b32Off36<>+16(SB)/8, $0x018c016801440120
DATA b32Off36<>+24(SB)/8, $0x021c01f801d401b0
GLOBL b32Off36<>(SB), RODATA|NOPTR, $32

// kvaluesIQ4NL+128 (the levels made unsigned).
DATA b32IQ4NL<>+0(SB)/8, $0x766a5d4f3f2d1801
DATA b32IQ4NL<>+8(SB)/8, $0xf1d9c5b5a6998d81
GLOBL b32IQ4NL<>(SB), RODATA|NOPTR, $16

DATA b32Nib<>+0(SB)/8, $0x0f0f0f0f0f0f0f0f
DATA b32Nib<>+8(SB)/8, $0x0f0f0f0f0f0f0f0f
DATA b32Nib<>+16(SB)/8, $0xf0f0f0f0f0f0f0f0
DATA b32Nib<>+24(SB)/8, $0xf0f0f0f0f0f0f0f0
GLOBL b32Nib<>(SB), RODATA|NOPTR, $32

// The Q4_0 bias 8, times 16 for the high nibbles.
DATA b32Bias8<>+0(SB)/8, $0x0808080808080808
DATA b32Bias8<>+8(SB)/8, $0x0808080808080808
DATA b32Bias8<>+16(SB)/8, $0x8080808080808080
DATA b32Bias8<>+24(SB)/8, $0x8080808080808080
GLOBL b32Bias8<>(SB), RODATA|NOPTR, $32

// float32 1 (0x3f800000) and 1/16 (0x3d800000).
DATA b32Fix16<>+0(SB)/8, $0x3f8000003f800000
DATA b32Fix16<>+8(SB)/8, $0x3f8000003f800000
DATA b32Fix16<>+16(SB)/8, $0x3d8000003d800000
DATA b32Fix16<>+24(SB)/8, $0x3d8000003d800000
GLOBL b32Fix16<>(SB), RODATA|NOPTR, $32

// PROLOGUE loads the arguments, leaves the number of blocks in CNT,
// zeroes the accumulators and loads the masks and pair controls; offw
// and offa are the gather offsets of the weight and activation blocks.
#define PROLOGUE(offw, offa) \
	MOVQ w_base+0(FP), WP; \
	MOVQ a_base+24(FP), AP; \
	MOVQ n+48(FP), CNT; \
	SHRQ $5, CNT; \
	VPXORD ACC0, ACC0, ACC0; \
	VPXORD ACC1, ACC1, ACC1; \
	MOVL $0xff00, AX; \
	KMOVW AX, KHI; \
	MOVL $0xf0, AX; \
	KMOVW AX, KHIQ; \
	MOVL $0x00ff, AX; \
	KMOVW AX, KLO; \
	MOVL $0xff00ff00, AX; \
	KMOVD AX, KODD; \
	VPMOVZXBD b32Pair<>+0(SB), PIDX0; \
	VPMOVZXBD b32Pair<>+16(SB), PIDX1; \
	VPMOVZXBD b32Pair<>+32(SB), PIDX2; \
	VPMOVZXBD b32Pair<>+48(SB), PIDX3; \
	VPMOVZXBD b32Pair<>+64(SB), PIDX4; \
	VPMOVZXBD b32Pair<>+80(SB), PIDX5; \
	VPMOVZXBD b32Pair<>+96(SB), PIDX6; \
	VPMOVZXBD b32Pair<>+112(SB), PIDX7; \
	VPMOVZXWD offw(SB), GIDXW; \
	VPMOVZXWD offa(SB), GIDXA; \
	VPXORD ACCM, ACCM, ACCM

// GATHER16 leaves dx*dy of the 16 blocks at GWP and GAP in SNEXT: the
// dwords at their starts, narrowed to their low words (the fp16 d);
// NEXT16 moves them to S16.
#define GATHER16 GATHERD(SNEXT)
#define NEXT16 VMOVAPS SNEXT, S16

#define GATHERD(dst) \
	KXNORW KG, KG, KG; \
	VPXORD SC, SC, SC; \
	VPGATHERDD 0(GWP)(GIDXW*1), KG, SC; \
	KXNORW KG, KG, KG; \
	VPXORD T, T, T; \
	VPGATHERDD 0(GAP)(GIDXA*1), KG, T; \
	VPMOVDW SC, SCY; \
	VPMOVDW T, TY; \
	VCVTPH2PS SCY, SC; \
	VCVTPH2PS TY, T; \
	VMULPS T, SC, dst

// GATHER16M also leaves mx*sy in SMNEXT (the high words of the dwords),
// and NEXT16M adds those of this chunk to ACCM.
#define GATHER16M \
	KXNORW KG, KG, KG; \
	VPXORD SC, SC, SC; \
	VPGATHERDD 0(GWP)(GIDXW*1), KG, SC; \
	KXNORW KG, KG, KG; \
	VPXORD T, T, T; \
	VPGATHERDD 0(GAP)(GIDXA*1), KG, T; \
	VPSRLD $16, SC, SMNEXT; \
	VPSRLD $16, T, SMT; \
	VPMOVDW SC, SCY; \
	VPMOVDW T, TY; \
	VCVTPH2PS SCY, SC; \
	VCVTPH2PS TY, T; \
	VMULPS T, SC, SNEXT; \
	VPMOVDW SMNEXT, SCY; \
	VPMOVDW SMT, TY; \
	VCVTPH2PS SCY, SC; \
	VCVTPH2PS TY, T; \
	VMULPS T, SC, SMNEXT
#define NEXT16M \
	VMOVAPS SNEXT, S16; \
	VADDPS SMNEXT, ACCM, ACCM

// SCALE1 sets SC to dx*dy of the block at WP and AP in dword lanes 0-7,
// and to 0 in lanes 8-15.
#define SCALE1 \
	MOVWLZX 0(WP), AX; \
	VMOVD AX, SCX; \
	MOVWLZX 0(AP), AX; \
	VMOVD AX, TX; \
	VCVTPH2PS SCX, SCX; \
	VCVTPH2PS TX, TX; \
	VMULSS TX, SCX, SCX; \
	VBROADCASTSS.Z SCX, KLO, SC

// AFFINE1 is SCALE1 for blocks that start with fp16 (d, m) and
// activations with fp16 (d, s), and adds mx*sy to lane 0 of ACCM.
#define AFFINE1 \
	VMOVD 0(WP), SCX; \
	VMOVD 0(AP), TX; \
	VCVTPH2PS SCX, SCX; \
	VCVTPH2PS TX, TX; \
	VMULPS TX, SCX, SCX; \ // dx*dy, mx*sy
	VPSRLQ $32, SCX, TX; \
	VADDPS T, ACCM, ACCM; \
	VBROADCASTSS.Z SCX, KLO, SC

// ACT2 loads the codes of the activation blocks at ao(AP) and ao+34(AP)
// to the halves of A; ACT1 those of the block at AP to the low half
// (zeroing the high).
#define ACT2(ao) \
	VMOVDQU64 (ao+2)(AP), AY; \
	VBROADCASTI64X4 (ao+36)(AP), KHIQ, A
#define ACT1 \
	VMOVDQU64 2(AP), AY

// DOT adds the exact integer sums of W*A minus BIAS*A, times SC, to acc.
#define DOT(acc) \
	VPXORD SUM, SUM, SUM; \
	VPXORD COR, COR, COR; \
	VPDPBUSD A, W, SUM; \
	VPDPBUSD A, BIAS, COR; \
	VPSUBD COR, SUM, SUM; \
	VCVTDQ2PS SUM, SUM; \
	VFMADD231PS SC, SUM, acc

// DOTU adds the exact integer sums of W*A, times SC, to acc.
#define DOTU(acc) \
	VPXORD SUM, SUM, SUM; \
	VPDPBUSD A, W, SUM; \
	VCVTDQ2PS SUM, SUM; \
	VFMADD231PS SC, SUM, acc

// CHUNKS runs PAIR(wo, ao, pidx, acc), on the pair of blocks at wo(WP)
// and ao(AP) with pidx picking its scales from S16, over chunks of 16
// blocks of ws and as bytes, gathering the scales of the next chunk
// before running the current one; then ONE over the blocks left, and
// leaves the sum of the lanes of ACC0 and ACC1 in ACC0X lane 0.
#define CHUNKS(PAIR, ONE, ws, as) CHUNKSG(PAIR, ONE, ws, as, GATHER16, NEXT16, SCALE1)

// CHUNKSG is CHUNKS with the gather, the move of the gathered scales
// into place and the scales of one block as arguments.
#define CHUNKSG(PAIR, ONE, ws, as, GATHER, NEXT, SCALE) \
	CMPQ CNT, $16; \
	JB tail; \
	MOVQ WP, GWP; \
	MOVQ AP, GAP; \
	GATHER; \
chunk: \
	NEXT; \
	CMPQ CNT, $32; \
	JB pairs; \
	LEAQ (16*ws)(WP), GWP; \
	LEAQ (16*as)(AP), GAP; \
	GATHER; \
pairs: \
	PAIR(0, 0, PIDX0, ACC0); \
	PAIR(2*ws, 2*as, PIDX1, ACC1); \
	PAIR(4*ws, 4*as, PIDX2, ACC0); \
	PAIR(6*ws, 6*as, PIDX3, ACC1); \
	PAIR(8*ws, 8*as, PIDX4, ACC0); \
	PAIR(10*ws, 10*as, PIDX5, ACC1); \
	PAIR(12*ws, 12*as, PIDX6, ACC0); \
	PAIR(14*ws, 14*as, PIDX7, ACC1); \
	ADDQ $(16*ws), WP; \
	ADDQ $(16*as), AP; \
	SUBQ $16, CNT; \
	CMPQ CNT, $16; \
	JAE chunk; \
tail: \
	TESTQ CNT, CNT; \
	JZ sum; \
	SCALE; \
	ONE; \
	ADDQ $ws, WP; \
	ADDQ $as, AP; \
	DECQ CNT; \
	JMP tail; \
sum: \
	VADDPS ACC1, ACC0, ACC0

// EPILOGUE sums the lanes of ACC0 and returns the sum.
#define EPILOGUE \
	VEXTRACTF64X4 $1, ACC0, TY; \
	VADDPS TY, ACC0Y, ACC0Y; \
	VEXTRACTF128 $1, ACC0Y, TX; \
	VADDPS TX, ACC0X, ACC0X; \
	VMOVHLPS ACC0X, ACC0X, TX; \
	VADDPS TX, ACC0X, ACC0X; \
	VMOVSHDUP ACC0X, TX; \
	VADDSS TX, ACC0X, ACC0X; \
	VZEROUPPER; \
	MOVSS ACC0X, ret+56(FP); \
	RET

// Q4_0: fp16 d, 16 bytes of nibbles (code j the low nibble of byte j,
// code j+16 its high nibble); sum((u-8)*y) = sum(u*y) - sum(8*y), with
// u and 8 times 16 in the high-nibble lanes.
#define Q4_0PAIR(wo, ao, pidx, acc) \
	VBROADCASTI32X4 (wo+2)(WP), W; \
	VBROADCASTI32X4 (wo+20)(WP), KHI, W; \ // [qA, qA, qB, qB]
	VPANDD NIB, W, W; \
	ACT2(ao); \
	VPERMPS S16, pidx, SC; \
	DOT(acc)

#define Q4_0ONE \
	VBROADCASTI32X4 2(WP), W; \
	VPANDD NIB, W, W; \
	ACT1; \
	DOT(ACC0)

// func dotQ4_0Q8_0AVX512(w, a []byte, n int) float32
TEXT ·dotQ4_0Q8_0AVX512(SB), NOSPLIT, $0-60
	PROLOGUE(b32Off18<>, b32Off34<>)
	VBROADCASTI64X4 b32Nib<>(SB), NIB
	VBROADCASTI64X4 b32Bias8<>(SB), BIAS
	CHUNKS(Q4_0PAIR, Q4_0ONE, 18, 34)
	VBROADCASTF64X4 b32Fix16<>(SB), FIX
	VMULPS FIX, ACC0, ACC0
	EPILOGUE

// Q8_0: fp16 d, 32 int8 codes; the weights are made unsigned by flipping
// their sign bits (x+128), and sum((x+128)*y) - sum(128*y) is the sum.
#define Q8_0PAIR(wo, ao, pidx, acc) \
	VMOVDQU64 (wo+2)(WP), WY; \
	VBROADCASTI64X4 (wo+36)(WP), KHIQ, W; \
	VPXORD BIAS, W, W; \
	ACT2(ao); \
	VPERMPS S16, pidx, SC; \
	DOT(acc)

#define Q8_0ONE \
	VMOVDQU64 2(WP), WY; \
	VPXORD BIAS, W, W; \
	ACT1; \
	DOT(ACC0)

// func dotQ8_0Q8_0AVX512(w, a []byte, n int) float32
TEXT ·dotQ8_0Q8_0AVX512(SB), NOSPLIT, $0-60
	PROLOGUE(b32Off34<>, b32Off34<>)
	MOVL $0x80808080, AX
	VPBROADCASTD AX, BIAS
	CHUNKS(Q8_0PAIR, Q8_0ONE, 34, 34)
	EPILOGUE

// Q4_1: fp16 d, fp16 m, 16 bytes of nibbles, with Q8_1 activations
// (fp16 d, fp16 s, 32 codes): the codes are unsigned, and the sum of the
// mx*sy (ACCM) is added at the end.
#define ACT2_1(ao) \
	VMOVDQU64 (ao+4)(AP), AY; \
	VBROADCASTI64X4 (ao+40)(AP), KHIQ, A

#define Q4_1PAIR(wo, ao, pidx, acc) \
	VBROADCASTI32X4 (wo+4)(WP), W; \
	VBROADCASTI32X4 (wo+24)(WP), KHI, W; \
	VPANDD NIB, W, W; \
	ACT2_1(ao); \
	VPERMPS S16, pidx, SC; \
	DOTU(acc)

#define Q4_1ONE \
	VBROADCASTI32X4 4(WP), W; \
	VPANDD NIB, W, W; \
	VMOVDQU64 4(AP), AY; \
	DOTU(ACC0)

// func dotQ4_1Q8_1AVX512(w, a []byte, n int) float32
TEXT ·dotQ4_1Q8_1AVX512(SB), NOSPLIT, $0-60
	PROLOGUE(b32Off20<>, b32Off36<>)
	VBROADCASTI64X4 b32Nib<>(SB), NIB
	CHUNKSG(Q4_1PAIR, Q4_1ONE, 20, 36, GATHER16M, NEXT16M, AFFINE1)
	VBROADCASTF64X4 b32Fix16<>(SB), FIX
	VMULPS FIX, ACC0, ACC0
	VADDPS ACCM, ACC0, ACC0
	EPILOGUE

// IQ4_NL: fp16 d, 16 bytes of 4-bit indices (as Q4_0's nibbles) into the
// levels kvaluesIQ4NL. VPSRLW moves the high nibbles down in the second
// copy of each block's bytes, VPSHUFB looks up the levels+128, and
// sum((L+128)*y) - sum(128*y) is the sum.
#define IQ4_NLW \
	VPSRLW $4, W, KODD, W; \
	VPANDD M0F, W, W; \
	VPSHUFB W, TABLE, W

#define IQ4_NLPAIR(wo, ao, pidx, acc) \
	VBROADCASTI32X4 (wo+2)(WP), W; \
	VBROADCASTI32X4 (wo+20)(WP), KHI, W; \
	IQ4_NLW; \
	ACT2(ao); \
	VPERMPS S16, pidx, SC; \
	DOT(acc)

#define IQ4_NLONE \
	VBROADCASTI32X4 2(WP), W; \
	IQ4_NLW; \
	ACT1; \
	DOT(ACC0)


// func dotIQ4_NLQ8_0AVX512(w, a []byte, n int) float32
TEXT ·dotIQ4_NLQ8_0AVX512(SB), NOSPLIT, $0-60
	PROLOGUE(b32Off18<>, b32Off34<>)
	MOVL $0x0f0f0f0f, AX
	VPBROADCASTD AX, M0F
	MOVL $0x80808080, AX
	VPBROADCASTD AX, BIAS
	VBROADCASTI32X4 b32IQ4NL<>(SB), TABLE
	CHUNKS(IQ4_NLPAIR, IQ4_NLONE, 18, 34)
	EPILOGUE

// Q5_0: fp16 d, 4 bytes qh, 16 bytes of nibbles; the codes u | 16h
// (h = bit j of qh for code j: the qh of blocks A and B are the byte mask
// of their 64 bytes in the register) are unsigned, and
// sum((u+16h-16)*y) = sum((u|16h)*y) - sum(16*y).
#define Q5_0W \
	VPSRLW $4, W, KODD, W; \
	VPANDD M0F, W, W; \
	VPADDB BIAS, W, KQH, W

#define Q5_0PAIR(wo, ao, pidx, acc) \
	VBROADCASTI32X4 (wo+6)(WP), W; \
	VBROADCASTI32X4 (wo+28)(WP), KHI, W; \
	MOVL (wo+2)(WP), AX; \
	MOVL (wo+24)(WP), BX; \
	SHLQ $32, BX; \
	ORQ BX, AX; \
	KMOVQ AX, KQH; \
	Q5_0W; \
	ACT2(ao); \
	VPERMPS S16, pidx, SC; \
	DOT(acc)

#define Q5_0ONE \
	VBROADCASTI32X4 6(WP), W; \
	KMOVD 2(WP), KQH; \
	Q5_0W; \
	ACT1; \
	DOT(ACC0)

// func dotQ5_0Q8_0AVX512(w, a []byte, n int) float32
TEXT ·dotQ5_0Q8_0AVX512(SB), NOSPLIT, $0-60
	PROLOGUE(b32Off22<>, b32Off34<>)
	MOVL $0x0f0f0f0f, AX
	VPBROADCASTD AX, M0F
	MOVL $0x10101010, AX
	VPBROADCASTD AX, BIAS
	CHUNKS(Q5_0PAIR, Q5_0ONE, 22, 34)
	EPILOGUE
