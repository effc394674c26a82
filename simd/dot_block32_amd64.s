//go:build !purego

#include "textflag.h"

// AVX2 dot products of the 32-weight block formats with Q8_0 and Q8_1
// activations. Go declarations and the math they compute are in
// dot_block32_amd64.go.
//
// Each block is decoded to 32 bytes in a YMM register and multiplied with
// the block's 32 int8 activation codes so that the integer sum is exact
// for every input byte:
//   - Q4_0, Q4_1, Q5_0 and Q5_1 decode to unsigned codes u (0..31), which
//     VPMADDUBSW multiplies with the signed activations directly; the
//     formats with a bias b (8 or 16) subtract VPMADDUBSW(b, y), the
//     pairwise sums of b*y, in int16 (no pair leaves int16);
//   - IQ4_NL decodes to signed values in [-127, 113], so the sign of the
//     activation moves onto the weight (never -128) and |y| (up to 128,
//     read unsigned) is the unsigned operand;
//   - Q8_0 weights and codes are both arbitrary int8, so both are widened
//     to int16 and multiplied with VPMADDWD.
// VPMADDWD with ones then gives eight int32 partial sums of four products,
// which are converted to float32 and accumulated, scaled by dx*dy, with
// one FMA into a float32 accumulator. Four blocks run per iteration, into
// two accumulators, their scales converted and multiplied together and
// left in the frame for VBROADCASTSS; the blocks left over run one at a
// time. The lanes are summed at the end.

// Register roles.
#define WP SI     // weight block
#define AP DI     // activation block
#define CNT CX    // blocks left
#define ACC0 Y0   // float32 lane sums of even blocks
#define ACC1 Y1   // float32 lane sums of odd blocks
#define ACC0X X0
#define ACC1X X1
#define T0 Y2     // decoded weights, then the block's partial sums
#define T1 Y3     // activation codes (Q8_0: weights 16-31)
#define T2 Y4     // scales; fifth bits (Q5_0, Q5_1); Q8_0 codes
#define T2X X4
#define T3 Y5     // activation scales; Q8_0 codes
#define T3X X5
#define ACCM Y6   // odd lanes: sums of mx*sy (Q4_1, Q5_1)
#define TABLE Y9  // IQ4_NL levels in both lanes
#define BITS Y10  // byte j holds 1<<(j%8)
#define SPREAD Y11 // VPSHUFB control: byte j takes qh byte j/8
#define BIAS Y12  // 8 or 16 in every byte
#define SHIFT Y13 // qword shift counts 0, 0, 4, 4
#define MASK0F Y14 // 0x0F in every byte
#define ONES Y15  // 1 in every int16

DATA ones16<>+0(SB)/8, $0x0001000100010001
DATA ones16<>+8(SB)/8, $0x0001000100010001
DATA ones16<>+16(SB)/8, $0x0001000100010001
DATA ones16<>+24(SB)/8, $0x0001000100010001
GLOBL ones16<>(SB), RODATA|NOPTR, $32

DATA mask0f<>+0(SB)/8, $0x0f0f0f0f0f0f0f0f
DATA mask0f<>+8(SB)/8, $0x0f0f0f0f0f0f0f0f
DATA mask0f<>+16(SB)/8, $0x0f0f0f0f0f0f0f0f
DATA mask0f<>+24(SB)/8, $0x0f0f0f0f0f0f0f0f
GLOBL mask0f<>(SB), RODATA|NOPTR, $32

// The upper 128-bit lane shifts its copy of the packed bytes right by 4:
// after masking, each byte holds its own high nibble (the bits shifted in
// from the next byte are masked off).
DATA nibshift<>+0(SB)/8, $0
DATA nibshift<>+8(SB)/8, $0
DATA nibshift<>+16(SB)/8, $4
DATA nibshift<>+24(SB)/8, $4
GLOBL nibshift<>(SB), RODATA|NOPTR, $32

DATA eight<>+0(SB)/8, $0x0808080808080808
DATA eight<>+8(SB)/8, $0x0808080808080808
DATA eight<>+16(SB)/8, $0x0808080808080808
DATA eight<>+24(SB)/8, $0x0808080808080808
GLOBL eight<>(SB), RODATA|NOPTR, $32

DATA sixteen<>+0(SB)/8, $0x1010101010101010
DATA sixteen<>+8(SB)/8, $0x1010101010101010
DATA sixteen<>+16(SB)/8, $0x1010101010101010
DATA sixteen<>+24(SB)/8, $0x1010101010101010
GLOBL sixteen<>(SB), RODATA|NOPTR, $32

// VPSHUFB works within 128-bit lanes, each holding qh in every dword: the
// low lane takes qh bytes 0 and 1 (weights 0-15), the high lane bytes 2
// and 3 (weights 16-31).
DATA spread<>+0(SB)/8, $0x0000000000000000
DATA spread<>+8(SB)/8, $0x0101010101010101
DATA spread<>+16(SB)/8, $0x0202020202020202
DATA spread<>+24(SB)/8, $0x0303030303030303
GLOBL spread<>(SB), RODATA|NOPTR, $32

DATA bits<>+0(SB)/8, $0x8040201008040201
DATA bits<>+8(SB)/8, $0x8040201008040201
DATA bits<>+16(SB)/8, $0x8040201008040201
DATA bits<>+24(SB)/8, $0x8040201008040201
GLOBL bits<>(SB), RODATA|NOPTR, $32

DATA oddlanes<>+0(SB)/8, $0xffffffff00000000
DATA oddlanes<>+8(SB)/8, $0xffffffff00000000
DATA oddlanes<>+16(SB)/8, $0xffffffff00000000
DATA oddlanes<>+24(SB)/8, $0xffffffff00000000
GLOBL oddlanes<>(SB), RODATA|NOPTR, $32

// kvaluesIQ4NL as int8, once per 128-bit lane.
DATA iq4nl<>+0(SB)/8, $0xf6eaddcfbfad9881
DATA iq4nl<>+8(SB)/8, $0x7159453526190d01
DATA iq4nl<>+16(SB)/8, $0xf6eaddcfbfad9881
DATA iq4nl<>+24(SB)/8, $0x7159453526190d01
GLOBL iq4nl<>(SB), RODATA|NOPTR, $32

// PROLOGUE loads the arguments, zeroes the accumulators and leaves the
// number of blocks in CNT.
#define PROLOGUE \
	MOVQ w_base+0(FP), WP; \
	MOVQ a_base+24(FP), AP; \
	MOVQ n+48(FP), CNT; \
	SHRQ $5, CNT; \
	VXORPS ACC0, ACC0, ACC0; \
	VXORPS ACC1, ACC1, ACC1; \
	VXORPS ACCM, ACCM, ACCM; \
	VMOVDQU ones16<>(SB), ONES

// NIBBLES decodes the 16 bytes at src to 32 4-bit codes in dst: byte j is
// the low nibble of src[j], byte j+16 the high nibble.
#define NIBBLES(src, dst) \
	VBROADCASTI128 src, dst; \
	VPSRLVQ SHIFT, dst, dst; \
	VPAND MASK0F, dst, dst

// FIFTHBITS spreads the 32 bits of qh at src over the bytes of dst: byte j
// is 0xFF where bit j is set and 0 where it is clear.
#define FIFTHBITS(src, dst) \
	VPBROADCASTD src, dst; \
	VPSHUFB SPREAD, dst, dst; \
	VPAND BITS, dst, dst; \
	VPCMPEQB BITS, dst, dst

// SCALES4 writes dx*dy of the next four blocks (fp16 d at the start of
// blocks of ws and as bytes) to 0(SP), 4(SP), 8(SP) and 12(SP). VMOVD
// reads the first d and two code bytes, which VPINSRW overwrites.
#define SCALES4(ws, as) \
	VMOVD 0(WP), T2X; \
	VPINSRW $1, ws(WP), T2X, T2X; \
	VPINSRW $2, 2*ws(WP), T2X, T2X; \
	VPINSRW $3, 3*ws(WP), T2X, T2X; \
	VMOVD 0(AP), T3X; \
	VPINSRW $1, as(AP), T3X, T3X; \
	VPINSRW $2, 2*as(AP), T3X, T3X; \
	VPINSRW $3, 3*as(AP), T3X, T3X; \
	VCVTPH2PS T2X, T2X; \
	VCVTPH2PS T3X, T3X; \
	VMULPS T3X, T2X, T2X; \
	VMOVUPS T2X, 0(SP)

// AFFINE4 is SCALES4 for blocks that start with fp16 (d, m) and
// activations with fp16 (d, s): VMULPS makes (dx*dy, mx*sy) for four
// blocks, written to 0(SP)-31(SP), and the odd lanes of ACCM sum the
// mx*sy.
#define AFFINE4(ws, as) \
	VMOVD 0(WP), T2X; \
	VPINSRD $1, ws(WP), T2X, T2X; \
	VPINSRD $2, 2*ws(WP), T2X, T2X; \
	VPINSRD $3, 3*ws(WP), T2X, T2X; \
	VMOVD 0(AP), T3X; \
	VPINSRD $1, as(AP), T3X, T3X; \
	VPINSRD $2, 2*as(AP), T3X, T3X; \
	VPINSRD $3, 3*as(AP), T3X, T3X; \
	VCVTPH2PS T2X, T2; \
	VCVTPH2PS T3X, T3; \
	VMULPS T3, T2, T2; \
	VADDPS T2, ACCM, ACCM; \
	VMOVUPS T2, 0(SP)

// ACCUM adds the block's int32 partial sums in T0, times the scale at
// doff(SP), to acc.
#define ACCUM(doff, acc) \
	VCVTDQ2PS T0, T0; \
	VBROADCASTSS doff(SP), T2; \
	VFMADD231PS T2, T0, acc

// SCALED1 adds the int32 partial sums in T0 of the block at WP and AP,
// times dx*dy, to ACC0. VCVTPH2PS reads 4 halves; only the first, the
// scale, is used.
#define SCALED1 \
	VCVTDQ2PS T0, T0; \
	VCVTPH2PS 0(WP), T2X; \
	VCVTPH2PS 0(AP), T3X; \
	VMULSS T3X, T2X, T2X; \
	VBROADCASTSS T2X, T2; \
	VFMADD231PS T2, T0, ACC0

// AFFINE1 is SCALED1 for the affine formats: lane 1 of ACCM gets mx*sy.
// VMOVD reads just the two halves, so lanes 2-7 of the product are 0.
#define AFFINE1 \
	VCVTDQ2PS T0, T0; \
	VMOVD 0(WP), T2X; \
	VMOVD 0(AP), T3X; \
	VCVTPH2PS T2X, T2X; \
	VCVTPH2PS T3X, T3X; \
	VMULPS T3X, T2X, T2X; \
	VADDPS T2, ACCM, ACCM; \
	VBROADCASTSS T2X, T2; \
	VFMADD231PS T2, T0, ACC0

// LOOP runs over CNT blocks of wsize and asize bytes: BLOCK(wo, ao) leaves
// the int32 partial sums of the block at wo(WP) and ao(AP) in T0. Four
// blocks go per iteration, scaled by what SCALE4 leaves at ds-byte
// strides in the frame; the rest one at a time with SCALE1. It then sums
// the lanes of both accumulators and the odd lanes of ACCM into ACC0X
// lane 0.
#define LOOP(BLOCK, SCALE4, SCALE1, wsize, asize, ds) \
	CMPQ CNT, $4; \
	JB tail; \
loop: \
	SCALE4(wsize, asize); \
	BLOCK(0, 0); \
	ACCUM(0, ACC0); \
	BLOCK(wsize, asize); \
	ACCUM(ds, ACC1); \
	BLOCK(2*wsize, 2*asize); \
	ACCUM(2*ds, ACC0); \
	BLOCK(3*wsize, 3*asize); \
	ACCUM(3*ds, ACC1); \
	ADDQ $(4*wsize), WP; \
	ADDQ $(4*asize), AP; \
	SUBQ $4, CNT; \
	CMPQ CNT, $4; \
	JAE loop; \
tail: \
	TESTQ CNT, CNT; \
	JZ sum; \
tail1: \
	BLOCK(0, 0); \
	SCALE1; \
	ADDQ $wsize, WP; \
	ADDQ $asize, AP; \
	DECQ CNT; \
	JNZ tail1; \
sum: \
	VANDPS oddlanes<>(SB), ACCM, ACCM; \
	VADDPS ACCM, ACC0, ACC0; \
	VADDPS ACC1, ACC0, ACC0; \
	VEXTRACTF128 $1, ACC0, ACC1X; \
	VADDPS ACC1X, ACC0X, ACC0X; \
	VMOVHLPS ACC0X, ACC0X, ACC1X; \
	VADDPS ACC1X, ACC0X, ACC0X; \
	VMOVSHDUP ACC0X, ACC1X; \
	VADDSS ACC1X, ACC0X, ACC0X

// EPILOGUE returns the sum in ACC0X.
#define EPILOGUE \
	VZEROUPPER; \
	MOVSS ACC0X, ret+56(FP); \
	RET

// Q4_0: fp16 d, 16 bytes of nibbles; sum((u-8)*y) = sum(u*y) - sum(8*y).
#define Q4_0(wo, ao) \
	NIBBLES(wo+2(WP), T0); \
	VMOVDQU ao+2(AP), T1; \
	VPMADDUBSW T1, T0, T0; \
	VPMADDUBSW T1, BIAS, T1; \
	VPSUBW T1, T0, T0; \
	VPMADDWD ONES, T0, T0

// func dotQ4_0Q8_0AVX2(w, a []byte, n int) float32
TEXT ·dotQ4_0Q8_0AVX2(SB), NOSPLIT, $32-60
	PROLOGUE
	VMOVDQU mask0f<>(SB), MASK0F
	VMOVDQU nibshift<>(SB), SHIFT
	VMOVDQU eight<>(SB), BIAS
	LOOP(Q4_0, SCALES4, SCALED1, 18, 34, 4)
	EPILOGUE

// Q4_1: fp16 d, fp16 m, 16 bytes of nibbles; the codes are unsigned.
#define Q4_1(wo, ao) \
	NIBBLES(wo+4(WP), T0); \
	VPMADDUBSW ao+4(AP), T0, T0; \
	VPMADDWD ONES, T0, T0

// func dotQ4_1Q8_1AVX2(w, a []byte, n int) float32
TEXT ·dotQ4_1Q8_1AVX2(SB), NOSPLIT, $32-60
	PROLOGUE
	VMOVDQU mask0f<>(SB), MASK0F
	VMOVDQU nibshift<>(SB), SHIFT
	LOOP(Q4_1, AFFINE4, AFFINE1, 20, 36, 8)
	EPILOGUE

// Q5_0: fp16 d, 4 bytes qh, 16 bytes of nibbles; the weight is
// u-16+16h = u-m with m = 16 where the fifth bit h is clear (VPANDN), so
// the sum is sum(u*y) - sum(m*y).
#define Q5_0(wo, ao) \
	NIBBLES(wo+6(WP), T0); \
	FIFTHBITS(wo+2(WP), T2); \
	VPANDN BIAS, T2, T2; \
	VMOVDQU ao+2(AP), T1; \
	VPMADDUBSW T1, T0, T0; \
	VPMADDUBSW T1, T2, T1; \
	VPSUBW T1, T0, T0; \
	VPMADDWD ONES, T0, T0

// func dotQ5_0Q8_0AVX2(w, a []byte, n int) float32
TEXT ·dotQ5_0Q8_0AVX2(SB), NOSPLIT, $32-60
	PROLOGUE
	VMOVDQU mask0f<>(SB), MASK0F
	VMOVDQU nibshift<>(SB), SHIFT
	VMOVDQU sixteen<>(SB), BIAS
	VMOVDQU spread<>(SB), SPREAD
	VMOVDQU bits<>(SB), BITS
	LOOP(Q5_0, SCALES4, SCALED1, 22, 34, 4)
	EPILOGUE

// Q5_1: fp16 d, fp16 m, 4 bytes qh, 16 bytes of nibbles; the codes
// u | 16h are unsigned.
#define Q5_1(wo, ao) \
	NIBBLES(wo+8(WP), T0); \
	FIFTHBITS(wo+4(WP), T2); \
	VPAND BIAS, T2, T2; \
	VPOR T2, T0, T0; \
	VPMADDUBSW ao+4(AP), T0, T0; \
	VPMADDWD ONES, T0, T0

// func dotQ5_1Q8_1AVX2(w, a []byte, n int) float32
TEXT ·dotQ5_1Q8_1AVX2(SB), NOSPLIT, $32-60
	PROLOGUE
	VMOVDQU mask0f<>(SB), MASK0F
	VMOVDQU nibshift<>(SB), SHIFT
	VMOVDQU sixteen<>(SB), BIAS
	VMOVDQU spread<>(SB), SPREAD
	VMOVDQU bits<>(SB), BITS
	LOOP(Q5_1, AFFINE4, AFFINE1, 24, 36, 8)
	EPILOGUE

// IQ4_NL: fp16 d, 16 bytes of 4-bit indices; VPSHUFB looks the levels up
// (int8 in [-127, 113]), VPSIGNB moves the sign of y onto them (never
// -128) and VPABSB makes |y| (-128 gives 0x80, 128 read unsigned).
#define IQ4_NL(wo, ao) \
	NIBBLES(wo+2(WP), T0); \
	VPSHUFB T0, TABLE, T0; \
	VMOVDQU ao+2(AP), T1; \
	VPSIGNB T1, T0, T0; \
	VPABSB T1, T1; \
	VPMADDUBSW T0, T1, T0; \
	VPMADDWD ONES, T0, T0

// func dotIQ4_NLQ8_0AVX2(w, a []byte, n int) float32
TEXT ·dotIQ4_NLQ8_0AVX2(SB), NOSPLIT, $32-60
	PROLOGUE
	VMOVDQU mask0f<>(SB), MASK0F
	VMOVDQU nibshift<>(SB), SHIFT
	VMOVDQU iq4nl<>(SB), TABLE
	LOOP(IQ4_NL, SCALES4, SCALED1, 18, 34, 4)
	EPILOGUE

// Q8_0: fp16 d, 32 int8 codes; both sides widen to int16 (16 codes per
// VPMOVSXBW) so that -128 times -128 is exact.
#define Q8_0(wo, ao) \
	VPMOVSXBW wo+2(WP), T0; \
	VPMOVSXBW wo+18(WP), T1; \
	VPMOVSXBW ao+2(AP), T2; \
	VPMOVSXBW ao+18(AP), T3; \
	VPMADDWD T2, T0, T0; \
	VPMADDWD T3, T1, T1; \
	VPADDD T1, T0, T0

// func dotQ8_0Q8_0AVX2(w, a []byte, n int) float32
TEXT ·dotQ8_0Q8_0AVX2(SB), NOSPLIT, $32-60
	PROLOGUE
	LOOP(Q8_0, SCALES4, SCALED1, 34, 34, 4)
	EPILOGUE
