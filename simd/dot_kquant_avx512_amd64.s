//go:build !purego

#include "textflag.h"

// AVX-512 (F, BW, VL and VNNI) dot products of the K-quant formats and
// IQ4_XS with Q8_K activations. Go declarations and the math they compute are in
// dot_kquant_avx512_amd64.go.
//
// The kernels follow the AVX2 ones in dot_kquant_amd64.s, 64 weights per
// 512-bit register instead of 32 per 256-bit one: each register holds
// the unsigned codes of two scale groups, VPMADDUBSW with the signed
// activation codes gives int16 pair sums (the codes are small enough
// that nothing saturates), and VPDPWSSD multiplies them by the groups'
// scales (VPERMW spreads the int16 scales over the words of their
// groups) and adds them to int32 lane sums, exactly. Offsets of the
// codes and the minimums come from the Q8_K bsums. The int32 lanes are
// converted to float32 once per super-block and accumulated with FMA,
// scaled by d*dy (its embedded broadcast reads it from the frame).

// Q8_K activation block layout.
#define Y_D 0       // float32 d
#define Y_BSUMS 260 // 16 int16 sums of 16 codes
#define Y_SIZE 292

// Register roles shared by the kernels.
#define WP SI      // weight super-block
#define AP DI      // activation block
#define CNT CX     // super-blocks left
#define KM1 R8     // 0x3f in every byte
#define KM2 R9     // 0x0f in every byte
#define KM3 R10    // 0x03 in every byte
#define ACC Z0     // float32 lane sums of d*dy*sumi
#define ACCY Y0
#define ACCX X0
#define ACCM Y1    // float32 lane sums of dmin*dy*(mins . bsums)
#define ACCMX X1
#define SUMI Z2    // int32 lane sums of scale*q*y of the super-block
#define W Z3       // weight codes
#define P Z4       // int16 pair sums
#define SV Z5      // scales spread over the words of their groups
#define SCW Z6     // the int16 scales (words 0-7) and minimums (8-15)
#define SCWY Y6
#define SCWX X6
#define T Z7
#define TY Y7
#define TX X7
#define MY Y8
#define DDX X9     // d*dy, dmin*dy
#define M0F Z10    // 0x0F in every byte
#define PICK0 Z16  // VPERMW controls: scale 2c to words 0-15, 2c+1 to 16-31
#define PICK1 Z17
#define PICK2 Z18
#define PICK3 Z19
#define PICKM Z20  // VPERMW control: minimum j to words 2j and 2j+1
#define KHW K1     // word lanes 16-31

// Byte indices widened to the VPERMW controls PICK0-PICK3 and PICKM.
DATA kqPick<>+0(SB)/8, $0x0000000000000000
DATA kqPick<>+8(SB)/8, $0x0000000000000000
DATA kqPick<>+16(SB)/8, $0x0101010101010101
DATA kqPick<>+24(SB)/8, $0x0101010101010101
DATA kqPick<>+32(SB)/8, $0x0202020202020202
DATA kqPick<>+40(SB)/8, $0x0202020202020202
DATA kqPick<>+48(SB)/8, $0x0303030303030303
DATA kqPick<>+56(SB)/8, $0x0303030303030303
DATA kqPick<>+64(SB)/8, $0x0404040404040404
DATA kqPick<>+72(SB)/8, $0x0404040404040404
DATA kqPick<>+80(SB)/8, $0x0505050505050505
DATA kqPick<>+88(SB)/8, $0x0505050505050505
DATA kqPick<>+96(SB)/8, $0x0606060606060606
DATA kqPick<>+104(SB)/8, $0x0606060606060606
DATA kqPick<>+112(SB)/8, $0x0707070707070707
DATA kqPick<>+120(SB)/8, $0x0707070707070707
DATA kqPick<>+128(SB)/8, $0x0b0b0a0a09090808
DATA kqPick<>+136(SB)/8, $0x0f0f0e0e0d0d0c0c
DATA kqPick<>+144(SB)/8, $0x0000000000000000
DATA kqPick<>+152(SB)/8, $0x0000000000000000
GLOBL kqPick<>(SB), RODATA|NOPTR, $160

// Q6_K: VPERMW controls spreading the scales of groups 8h+4z+0..3 over
// words 0-7, 8-15, 16-23 and 24-31 (at kq6Pick+32(2h+z)), and the
// VPSLLVW and VPSRLVW counts moving the high bits of weights 32k+l of a
// half to bits 4 and 5 (k = 0, 1 at kq6Shift, 2, 3 at kq6Shift+64).
DATA kq6Pick<>+0(SB)/8, $0x0000000000000000
DATA kq6Pick<>+8(SB)/8, $0x0101010101010101
DATA kq6Pick<>+16(SB)/8, $0x0202020202020202
DATA kq6Pick<>+24(SB)/8, $0x0303030303030303
DATA kq6Pick<>+32(SB)/8, $0x0404040404040404
DATA kq6Pick<>+40(SB)/8, $0x0505050505050505
DATA kq6Pick<>+48(SB)/8, $0x0606060606060606
DATA kq6Pick<>+56(SB)/8, $0x0707070707070707
DATA kq6Pick<>+64(SB)/8, $0x0808080808080808
DATA kq6Pick<>+72(SB)/8, $0x0909090909090909
DATA kq6Pick<>+80(SB)/8, $0x0a0a0a0a0a0a0a0a
DATA kq6Pick<>+88(SB)/8, $0x0b0b0b0b0b0b0b0b
DATA kq6Pick<>+96(SB)/8, $0x0c0c0c0c0c0c0c0c
DATA kq6Pick<>+104(SB)/8, $0x0d0d0d0d0d0d0d0d
DATA kq6Pick<>+112(SB)/8, $0x0e0e0e0e0e0e0e0e
DATA kq6Pick<>+120(SB)/8, $0x0f0f0f0f0f0f0f0f
GLOBL kq6Pick<>(SB), RODATA|NOPTR, $128
DATA kq6Shift<>+0(SB)/8, $0x0004000400040004
DATA kq6Shift<>+8(SB)/8, $0x0004000400040004
DATA kq6Shift<>+16(SB)/8, $0x0004000400040004
DATA kq6Shift<>+24(SB)/8, $0x0004000400040004
DATA kq6Shift<>+32(SB)/8, $0x0002000200020002
DATA kq6Shift<>+40(SB)/8, $0x0002000200020002
DATA kq6Shift<>+48(SB)/8, $0x0002000200020002
DATA kq6Shift<>+56(SB)/8, $0x0002000200020002
DATA kq6Shift<>+64(SB)/8, $0x0000000000000000
DATA kq6Shift<>+72(SB)/8, $0x0000000000000000
DATA kq6Shift<>+80(SB)/8, $0x0000000000000000
DATA kq6Shift<>+88(SB)/8, $0x0000000000000000
DATA kq6Shift<>+96(SB)/8, $0x0002000200020002
DATA kq6Shift<>+104(SB)/8, $0x0002000200020002
DATA kq6Shift<>+112(SB)/8, $0x0002000200020002
DATA kq6Shift<>+120(SB)/8, $0x0002000200020002
GLOBL kq6Shift<>(SB), RODATA|NOPTR, $128

// Q5_K: the bit of each qh byte that is the fifth bit of the low (group
// 2c) and of the high (group 2c+1) nibbles of chunk c, at kq5Bits+64c.
DATA kq5Bits<>+0(SB)/8, $0x0101010101010101
DATA kq5Bits<>+8(SB)/8, $0x0101010101010101
DATA kq5Bits<>+16(SB)/8, $0x0101010101010101
DATA kq5Bits<>+24(SB)/8, $0x0101010101010101
DATA kq5Bits<>+32(SB)/8, $0x0202020202020202
DATA kq5Bits<>+40(SB)/8, $0x0202020202020202
DATA kq5Bits<>+48(SB)/8, $0x0202020202020202
DATA kq5Bits<>+56(SB)/8, $0x0202020202020202
DATA kq5Bits<>+64(SB)/8, $0x0404040404040404
DATA kq5Bits<>+72(SB)/8, $0x0404040404040404
DATA kq5Bits<>+80(SB)/8, $0x0404040404040404
DATA kq5Bits<>+88(SB)/8, $0x0404040404040404
DATA kq5Bits<>+96(SB)/8, $0x0808080808080808
DATA kq5Bits<>+104(SB)/8, $0x0808080808080808
DATA kq5Bits<>+112(SB)/8, $0x0808080808080808
DATA kq5Bits<>+120(SB)/8, $0x0808080808080808
DATA kq5Bits<>+128(SB)/8, $0x1010101010101010
DATA kq5Bits<>+136(SB)/8, $0x1010101010101010
DATA kq5Bits<>+144(SB)/8, $0x1010101010101010
DATA kq5Bits<>+152(SB)/8, $0x1010101010101010
DATA kq5Bits<>+160(SB)/8, $0x2020202020202020
DATA kq5Bits<>+168(SB)/8, $0x2020202020202020
DATA kq5Bits<>+176(SB)/8, $0x2020202020202020
DATA kq5Bits<>+184(SB)/8, $0x2020202020202020
DATA kq5Bits<>+192(SB)/8, $0x4040404040404040
DATA kq5Bits<>+200(SB)/8, $0x4040404040404040
DATA kq5Bits<>+208(SB)/8, $0x4040404040404040
DATA kq5Bits<>+216(SB)/8, $0x4040404040404040
DATA kq5Bits<>+224(SB)/8, $0x8080808080808080
DATA kq5Bits<>+232(SB)/8, $0x8080808080808080
DATA kq5Bits<>+240(SB)/8, $0x8080808080808080
DATA kq5Bits<>+248(SB)/8, $0x8080808080808080
GLOBL kq5Bits<>(SB), RODATA|NOPTR, $256

// VPSRLVW counts moving bits 2j of the 2-bit codes of Q2_K and Q3_K to
// bits 0 and 1: j = 0, 1 at kq2Shift, j = 2, 3 at kq2Shift+64.
DATA kq2Shift<>+0(SB)/8, $0x0000000000000000
DATA kq2Shift<>+8(SB)/8, $0x0000000000000000
DATA kq2Shift<>+16(SB)/8, $0x0000000000000000
DATA kq2Shift<>+24(SB)/8, $0x0000000000000000
DATA kq2Shift<>+32(SB)/8, $0x0002000200020002
DATA kq2Shift<>+40(SB)/8, $0x0002000200020002
DATA kq2Shift<>+48(SB)/8, $0x0002000200020002
DATA kq2Shift<>+56(SB)/8, $0x0002000200020002
DATA kq2Shift<>+64(SB)/8, $0x0004000400040004
DATA kq2Shift<>+72(SB)/8, $0x0004000400040004
DATA kq2Shift<>+80(SB)/8, $0x0004000400040004
DATA kq2Shift<>+88(SB)/8, $0x0004000400040004
DATA kq2Shift<>+96(SB)/8, $0x0006000600060006
DATA kq2Shift<>+104(SB)/8, $0x0006000600060006
DATA kq2Shift<>+112(SB)/8, $0x0006000600060006
DATA kq2Shift<>+120(SB)/8, $0x0006000600060006
GLOBL kq2Shift<>(SB), RODATA|NOPTR, $128

// IQ4_XS: |kvaluesIQ4NL| (the levels of indices 0-7 are negative), the
// VPERMW controls spreading the scales of groups 2p and 2p+1 (dwords of
// SCW) over their words (at kqXSPick+32p), and the VPSRLVD counts of the
// scales' low nibbles and high bit pairs.
DATA kqXSAbs<>+0(SB)/8, $0x0a1623314153687f
DATA kqXSAbs<>+8(SB)/8, $0x7159453526190d01
GLOBL kqXSAbs<>(SB), RODATA|NOPTR, $16
DATA kqXSPick<>+0(SB)/8, $0x0000000000000000
DATA kqXSPick<>+8(SB)/8, $0x0000000000000000
DATA kqXSPick<>+16(SB)/8, $0x0202020202020202
DATA kqXSPick<>+24(SB)/8, $0x0202020202020202
DATA kqXSPick<>+32(SB)/8, $0x0404040404040404
DATA kqXSPick<>+40(SB)/8, $0x0404040404040404
DATA kqXSPick<>+48(SB)/8, $0x0606060606060606
DATA kqXSPick<>+56(SB)/8, $0x0606060606060606
DATA kqXSPick<>+64(SB)/8, $0x0808080808080808
DATA kqXSPick<>+72(SB)/8, $0x0808080808080808
DATA kqXSPick<>+80(SB)/8, $0x0a0a0a0a0a0a0a0a
DATA kqXSPick<>+88(SB)/8, $0x0a0a0a0a0a0a0a0a
DATA kqXSPick<>+96(SB)/8, $0x0c0c0c0c0c0c0c0c
DATA kqXSPick<>+104(SB)/8, $0x0c0c0c0c0c0c0c0c
DATA kqXSPick<>+112(SB)/8, $0x0e0e0e0e0e0e0e0e
DATA kqXSPick<>+120(SB)/8, $0x0e0e0e0e0e0e0e0e
GLOBL kqXSPick<>(SB), RODATA|NOPTR, $128
DATA kqXSShift<>+0(SB)/8, $0x0000000400000000
DATA kqXSShift<>+8(SB)/8, $0x0000000c00000008
DATA kqXSShift<>+16(SB)/8, $0x0000001400000010
DATA kqXSShift<>+24(SB)/8, $0x0000001c00000018
DATA kqXSShift<>+32(SB)/8, $0x0000000200000000
DATA kqXSShift<>+40(SB)/8, $0x0000000600000004
DATA kqXSShift<>+48(SB)/8, $0x0000000a00000008
DATA kqXSShift<>+56(SB)/8, $0x0000000e0000000c
GLOBL kqXSShift<>(SB), RODATA|NOPTR, $64
// Dword constants 0xf, 0x30 and 32.
DATA kqXSConst<>+0(SB)/4, $0x0000000f
DATA kqXSConst<>+4(SB)/4, $0x00000030
DATA kqXSConst<>+8(SB)/4, $0x00000020
GLOBL kqXSConst<>(SB), RODATA|NOPTR, $12

DATA kqLow4<>+0(SB)/4, $0x000f000f
GLOBL kqLow4<>(SB), RODATA|NOPTR, $4

// KQ_INIT loads the arguments, leaves the number of super-blocks in CNT
// and zeroes the accumulators.
#define KQ_INIT \
	MOVQ w_base+0(FP), WP; \
	MOVQ a_base+24(FP), AP; \
	MOVQ n+48(FP), CNT; \
	SHRQ $8, CNT; \
	VPXORD ACC, ACC, ACC; \
	VPXOR ACCM, ACCM, ACCM; \
	MOVL $0x0f0f0f0f, AX; \
	VPBROADCASTD AX, M0F

// KQ_TOTAL returns the sum of the ACC lanes minus the ACCM lanes.
#define KQ_TOTAL \
	VEXTRACTF64X4 $1, ACC, TY; \
	VADDPS TY, ACCY, ACCY; \
	VSUBPS ACCM, ACCY, ACCY; \
	VEXTRACTF128 $1, ACCY, TX; \
	VADDPS TX, ACCX, ACCX; \
	VMOVHLPS ACCX, ACCX, TX; \
	VADDPS TX, ACCX, ACCX; \
	VMOVSHDUP ACCX, TX; \
	VADDSS TX, ACCX, ACCX; \
	VZEROUPPER; \
	MOVSS ACCX, ret+56(FP); \
	RET

// Q4_K and Q5_K: fp16 d, fp16 dmin, 12 bytes of packed 6-bit scales and
// minimums, (Q5_K: 32 bytes of fifth bits,) 128 bytes of nibbles (weight
// 64c+l: the low nibble of byte 32c+l, weight 64c+32+l: its high nibble).

// K4_SCALES decodes the 12 packed bytes at 4(WP) as ggml's
// get_scale_min_k4 does (see dot_kquant_amd64.s): SCW gets the 8 scales
// and the 8 minimums as int16.
#define K4_SCALES \
	MOVQ 4(WP), AX; \
	MOVL 12(WP), BX; \
	MOVQ BX, DX; \
	SHRQ $4, DX; \
	SHLQ $32, DX; \
	ORQ DX, BX; \
	ANDQ KM2, BX; \
	MOVQ AX, DX; \
	SHRQ $6, DX; \
	ANDQ KM3, DX; \
	SHLQ $4, DX; \
	ORQ DX, BX; \             // scales 4..7 | mins 4..7
	ANDQ KM1, AX; \           // scales 0..3 | mins 0..3
	VMOVQ AX, SCWX; \
	VMOVQ BX, TX; \
	VPUNPCKLDQ TX, SCWX, SCWX; \ // scales 0..7, mins 0..7 (bytes)
	VPMOVZXBW SCWX, SCWY

// K4_DMIN stores d*dy and dmin*dy (from the fp16 d and dmin at 0(WP)) to
// 0(SP) and 4(SP), and adds dmin*dy*sum_j min_j*(bsum_2j+bsum_2j+1) to
// ACCM. VCVTPH2PS reads four halves; the last two are not used.
#define K4_DMIN \
	VCVTPH2PS 0(WP), DDX; \
	VMULPS.BCST Y_D(AP), DDX, DDX; \
	VMOVQ DDX, 0(SP); \
	VPERMW SCW, PICKM, T; \
	VPMADDWD Y_BSUMS(AP), TY, MY; \
	VCVTDQ2PS MY, MY; \
	VFMADD231PS.BCST 4(SP), MY, ACCM

// K4_CHUNK adds the 64 weights whose nibbles are at qoff(WP) times the
// codes at yoff(AP) to SUMI: W gets [q, q] with the second copy shifted
// down by 4, so that after masking it holds the low nibbles (group 2c)
// and then the high ones (group 2c+1), in the order of the codes.
#define K4_CHUNK(qoff, yoff, pick) \
	VBROADCASTI64X4 qoff(WP), W; \
	VPSRLW $4, W, KHW, W; \
	VPANDD M0F, W, W; \
	VPMADDUBSW yoff(AP), W, P; \
	VPERMW SCW, pick, SV; \
	VPDPWSSD SV, P, SUMI

// K4_SETUP loads the constants of Q4_K and Q5_K.
#define K4_SETUP \
	MOVQ $0x3f3f3f3f3f3f3f3f, KM1; \
	MOVQ $0x0f0f0f0f0f0f0f0f, KM2; \
	MOVQ $0x0303030303030303, KM3; \
	MOVL $0xffff0000, AX; \
	KMOVD AX, KHW; \
	VPMOVZXBW kqPick<>+0(SB), PICK0; \
	VPMOVZXBW kqPick<>+32(SB), PICK1; \
	VPMOVZXBW kqPick<>+64(SB), PICK2; \
	VPMOVZXBW kqPick<>+96(SB), PICK3; \
	VPMOVZXBW kqPick<>+128(SB), PICKM

// func dotQ4_KQ8_KAVX512(w, a []byte, n int) float32
TEXT ·dotQ4_KQ8_KAVX512(SB), NOSPLIT, $8-60
	KQ_INIT
	K4_SETUP
	TESTQ CNT, CNT
	JZ    q4kDone

q4kLoop:
	K4_SCALES
	K4_DMIN
	VPXORD SUMI, SUMI, SUMI
	K4_CHUNK(16, 4, PICK0)
	K4_CHUNK(48, 68, PICK1)
	K4_CHUNK(80, 132, PICK2)
	K4_CHUNK(112, 196, PICK3)
	VCVTDQ2PS SUMI, SUMI
	VFMADD231PS.BCST 0(SP), SUMI, ACC
	ADDQ $144, WP
	ADDQ $Y_SIZE, AP
	DECQ CNT
	JNZ  q4kLoop

q4kDone:
	KQ_TOTAL

// Q6_K: 128 bytes ql of low nibbles, 64 bytes qh of high bit pairs, 16
// int8 scales, fp16 d. In half h, weight 128h+32k+l has its low nibble in
// ql[64h+32(k%2)+l] (the high nibble for k >= 2) and its high bits at bit
// 2k of qh[32h+l]; the scales are those of 16 weights. The codes are
// q-32: sum scale*(q-32)*y is computed as sum scale*q*y - 32*sum
// scale*bsum.
#define QL Z11     // ql of the half: low nibbles of k = 0, 1, high of k = 2, 3
#define QH Z12     // [qh, qh] of the half
#define ZB Z13     // codes of weights 64..127 of the half
#define T2 Z14
#define M30 Z15    // 0x30 in every byte
#define SCS Y6     // the 16 scales as int16 (in SCW)

// Q6K_HALF adds the 128 weights of half h (ql at ql(WP), qh at qh(WP))
// times the codes at y(AP) to SUMI. VPTERNLOGD $0xec computes
// (dst & M0F) | src.
#define Q6K_HALF(ql, qh, y, pickA, pickB) \
	VMOVDQU64 ql(WP), QL; \
	VBROADCASTI64X4 qh(WP), QH; \
	VPSRLW $4, QL, ZB; \
	VPSLLVW kq6Shift<>+0(SB), QH, T; \    // bits 2k, 2k+1 to 4, 5 for k = 0, 1
	VPANDD M30, T, T; \
	VPTERNLOGD $0xec, M0F, T, QL; \
	VPSRLVW kq6Shift<>+64(SB), QH, T2; \  // and for k = 2, 3
	VPANDD M30, T2, T2; \
	VPTERNLOGD $0xec, M0F, T2, ZB; \
	VPMADDUBSW y(AP), QL, P; \
	VPERMW SCW, pickA, SV; \
	VPDPWSSD SV, P, SUMI; \
	VPMADDUBSW (y+64)(AP), ZB, P; \
	VPERMW SCW, pickB, SV; \
	VPDPWSSD SV, P, SUMI

// func dotQ6_KQ8_KAVX512(w, a []byte, n int) float32
TEXT ·dotQ6_KQ8_KAVX512(SB), NOSPLIT, $8-60
	KQ_INIT
	MOVL $0x30303030, AX
	VPBROADCASTD AX, M30
	VPMOVZXBW kq6Pick<>+0(SB), PICK0
	VPMOVZXBW kq6Pick<>+32(SB), PICK1
	VPMOVZXBW kq6Pick<>+64(SB), PICK2
	VPMOVZXBW kq6Pick<>+96(SB), PICK3
	TESTQ CNT, CNT
	JZ    q6kDone

q6kLoop:
	VPMOVSXBW 192(WP), SCS            // the 16 scales as int16
	VPMADDWD Y_BSUMS(AP), SCS, TY     // scale*bsum, pairwise
	VPSLLD $5, TY, TY
	VPXORD SUMI, SUMI, SUMI
	VPSUBD T, SUMI, SUMI              // -32*sum scale*bsum
	MOVWLZX 208(WP), AX
	VMOVD AX, DDX
	VCVTPH2PS DDX, DDX
	VMULSS Y_D(AP), DDX, DDX
	VMOVSS DDX, 0(SP)                 // d*dy
	Q6K_HALF(0, 128, 4, PICK0, PICK1)
	Q6K_HALF(64, 160, 132, PICK2, PICK3)
	VCVTDQ2PS SUMI, SUMI
	VFMADD231PS.BCST 0(SP), SUMI, ACC
	ADDQ $210, WP
	ADDQ $Y_SIZE, AP
	DECQ CNT
	JNZ  q6kLoop

q6kDone:
	KQ_TOTAL

// Q5_K: as Q4_K (the same 16-byte header), then 32 bytes qh whose bit j of
// byte l is the fifth bit of weight 32j+l, then the 128 bytes of nibbles.
#define QH5 Z11    // [qh, qh]
#define M10 Z12    // 0x10 in every byte
#define KFIFTH K2 // bytes of the chunk whose fifth bit is set

// K5_CHUNK is K4_CHUNK with the fifth bits: VPTESTMB picks bit 2c of the
// qh bytes for the low nibbles and bit 2c+1 for the high ones, and the
// masked VPADDB sets bit 4 of those codes.
#define K5_CHUNK(qoff, yoff, pick, bits) \
	VBROADCASTI64X4 qoff(WP), W; \
	VPTESTMB bits(SB), QH5, KFIFTH; \
	VPSRLW $4, W, KHW, W; \
	VPANDD M0F, W, W; \
	VPADDB M10, W, KFIFTH, W; \
	VPMADDUBSW yoff(AP), W, P; \
	VPERMW SCW, pick, SV; \
	VPDPWSSD SV, P, SUMI

// func dotQ5_KQ8_KAVX512(w, a []byte, n int) float32
TEXT ·dotQ5_KQ8_KAVX512(SB), NOSPLIT, $8-60
	KQ_INIT
	K4_SETUP
	MOVL $0x10101010, AX
	VPBROADCASTD AX, M10
	TESTQ CNT, CNT
	JZ    q5kDone

q5kLoop:
	K4_SCALES
	K4_DMIN
	VPXORD SUMI, SUMI, SUMI
	VBROADCASTI64X4 16(WP), QH5
	K5_CHUNK(48, 4, PICK0, kq5Bits<>+0)
	K5_CHUNK(80, 68, PICK1, kq5Bits<>+64)
	K5_CHUNK(112, 132, PICK2, kq5Bits<>+128)
	K5_CHUNK(144, 196, PICK3, kq5Bits<>+192)
	VCVTDQ2PS SUMI, SUMI
	VFMADD231PS.BCST 0(SP), SUMI, ACC
	ADDQ $176, WP
	ADDQ $Y_SIZE, AP
	DECQ CNT
	JNZ  q5kLoop

q5kDone:
	KQ_TOTAL

// Q3_K and Q2_K: 2-bit codes, weight 128k+32j+l at bits 2j of byte
// 32k+l of their 64 bytes, in 16-weight groups with scales. Q3_K adds a
// high bit (bit 4k+j of hmask byte l) and the offset 4; Q2_K has
// minimums. A half k of 128 weights is two registers: [q, q] shifted by
// 0 and 2 (weights 0..63 of the half, groups 8k..8k+3, as in Q6_K) and by
// 4 and 6 (weights 64..127, groups 8k+4..8k+7).
#define Q2 Z11     // [q, q] of the half
#define M03 Z12    // 0x03 in every byte
#define HM Z13     // Q3_K: [hmask, hmask]
#define M04 Z14    // Q3_K: 0x04 in every byte
#define KH3 K2     // Q3_K: the codes whose high bit is set

// K2_VEC adds the 64 weights of Q2 shifted by the counts at shift
// times the codes at y(AP) to SUMI, with the scales picked by pick; HIGH
// adds their high bits.
#define K2_VEC(shift, y, pick, HIGH) \
	VPSRLVW shift(SB), Q2, W; \
	VPANDD M03, W, W; \
	HIGH; \
	VPMADDUBSW y(AP), W, P; \
	VPERMW SCW, pick, SV; \
	VPDPWSSD SV, P, SUMI

#define NOHIGH

// K3_HIGH(bits) sets bit 2 of the codes whose hmask bit (picked by the
// bytes at bits) is set.
#define K3_HIGH(bits) \
	VPTESTMB bits(SB), HM, KH3; \
	VPADDB M04, W, KH3, W

#define K2_HALF(qoff, y, pick01, pick23, HIGH01, HIGH23) \
	VBROADCASTI64X4 qoff(WP), Q2; \
	K2_VEC(kq2Shift<>+0, y, pick01, HIGH01); \
	K2_VEC(kq2Shift<>+64, y+64, pick23, HIGH23)

#define K6_PICKS \
	VPMOVZXBW kq6Pick<>+0(SB), PICK0; \
	VPMOVZXBW kq6Pick<>+32(SB), PICK1; \
	VPMOVZXBW kq6Pick<>+64(SB), PICK2; \
	VPMOVZXBW kq6Pick<>+96(SB), PICK3

// func dotQ3_KQ8_KAVX512(w, a []byte, n int) float32
TEXT ·dotQ3_KQ8_KAVX512(SB), NOSPLIT, $8-60
	KQ_INIT
	K6_PICKS
	MOVL $0x03030303, AX
	VPBROADCASTD AX, M03
	MOVL $0x04040404, AX
	VPBROADCASTD AX, M04
	MOVQ $0x0f0f0f0f0f0f0f0f, KM2
	MOVQ $0x0303030303030303, KM3
	TESTQ CNT, CNT
	JZ    q3kDone

q3kLoop:
	// The 16 scales, as in dot_kquant_amd64.s: scale j has its low
	// nibble in nibble j/8 of byte j%8 and its high 2 bits at bits
	// 2*(j/4) of byte 8+j%4.
	MOVQ 96(WP), AX
	MOVL 104(WP), BX
	MOVL BX, DX
	SHRL $2, DX
	SHLQ $32, DX
	ORQ  BX, DX
	ANDQ KM3, DX
	SHLQ $4, DX         // high bits of scales 0..7
	MOVQ AX, R11
	ANDQ KM2, R11
	ORQ  DX, R11        // scales 0..7
	MOVL BX, DX
	SHRL $6, DX
	SHLQ $32, DX
	SHRL $4, BX
	ORQ  BX, DX
	ANDQ KM3, DX
	SHLQ $4, DX         // high bits of scales 8..15
	SHRQ $4, AX
	ANDQ KM2, AX
	ORQ  DX, AX         // scales 8..15
	VMOVQ R11, SCWX
	VMOVQ AX, TX
	VPUNPCKLQDQ TX, SCWX, SCWX
	VPMOVZXBW SCWX, SCWY
	MOVL $0x00200020, AX
	VMOVD AX, TX
	VPBROADCASTD TX, TY
	VPSUBW TY, SCWY, SCWY            // the 16 scales as int16
	VPMADDWD Y_BSUMS(AP), SCWY, TY   // scale*bsum, pairwise
	VPSLLD $2, TY, TY
	VPXORD SUMI, SUMI, SUMI
	VPSUBD T, SUMI, SUMI             // -4*sum scale*bsum
	MOVWLZX 108(WP), AX
	VMOVD AX, DDX
	VCVTPH2PS DDX, DDX
	VMULSS Y_D(AP), DDX, DDX
	VMOVSS DDX, 0(SP)                // d*dy
	VBROADCASTI64X4 0(WP), HM
	K2_HALF(32, 4, PICK0, PICK1, K3_HIGH(kq5Bits<>+0), K3_HIGH(kq5Bits<>+64))
	K2_HALF(64, 132, PICK2, PICK3, K3_HIGH(kq5Bits<>+128), K3_HIGH(kq5Bits<>+192))
	VCVTDQ2PS SUMI, SUMI
	VFMADD231PS.BCST 0(SP), SUMI, ACC
	ADDQ $110, WP
	ADDQ $Y_SIZE, AP
	DECQ CNT
	JNZ  q3kLoop

q3kDone:
	KQ_TOTAL

// func dotQ2_KQ8_KAVX512(w, a []byte, n int) float32
TEXT ·dotQ2_KQ8_KAVX512(SB), NOSPLIT, $8-60
	KQ_INIT
	K6_PICKS
	MOVL $0x03030303, AX
	VPBROADCASTD AX, M03
	TESTQ CNT, CNT
	JZ    q2kDone

q2kLoop:
	// Scales (low nibbles) and minimums (high nibbles) of the 16 groups.
	VPMOVZXBW 0(WP), SCWY
	VPSRLW $4, SCWY, TY              // minimums as int16
	VPANDD.BCST kqLow4<>(SB), SCW, SCW // scales as int16
	VPMADDWD Y_BSUMS(AP), TY, MY     // min*bsum, pairwise
	MOVL 80(WP), AX
	VMOVD AX, DDX
	VCVTPH2PS DDX, DDX               // d, dmin
	VMULPS.BCST Y_D(AP), DDX, DDX    // d*dy, dmin*dy
	VMOVQ DDX, 0(SP)
	VCVTDQ2PS MY, MY
	VFMADD231PS.BCST 4(SP), MY, ACCM
	VPXORD SUMI, SUMI, SUMI
	K2_HALF(16, 4, PICK0, PICK1, NOHIGH, NOHIGH)
	K2_HALF(48, 132, PICK2, PICK3, NOHIGH, NOHIGH)
	VCVTDQ2PS SUMI, SUMI
	VFMADD231PS.BCST 0(SP), SUMI, ACC
	ADDQ $84, WP
	ADDQ $Y_SIZE, AP
	DECQ CNT
	JNZ  q2kLoop

q2kDone:
	KQ_TOTAL

// IQ4_XS: fp16 d, a uint16 of the high 2 bits and 4 bytes of the low 4
// bits of the eight 6-bit scales ls (biased by 32), then 8 runs of 16
// bytes of 4-bit indices into the IQ4_NL levels (weight l of group ib:
// the low nibble of byte l, weight l+16: its high nibble). A register
// holds groups 2p and 2p+1 as [g0, g0, g1, g1] with the high nibbles
// moved down in the odd 128-bit lanes; VPSHUFB looks up |level|, and the
// activations of the negative levels (indices 0-7) are negated (the
// codes are never -128), so that VPMADDUBSW (at most 2*127*127) is exact.
#define KV Z11     // |kvaluesIQ4NL| in every 128-bit lane
#define M08 Z12    // 0x08 in every byte
#define ZERO Z13
#define KHI K2     // dword lanes 8-15
#define KODD K3    // word lanes of the odd 128-bit lanes
#define KNEG K4    // the codes whose level is negative

#define XS_PAIR(qoff, yoff, pick) \
	VBROADCASTI32X4 qoff(WP), W; \
	VBROADCASTI32X4 (qoff+16)(WP), KHI, W; \
	VPSRLW $4, W, KODD, W; \
	VPANDD M0F, W, W; \
	VPTESTNMB M08, W, KNEG; \
	VPSHUFB W, KV, W; \
	VMOVDQU64 yoff(AP), P; \
	VPSUBB P, ZERO, KNEG, P; \
	VPMADDUBSW P, W, P; \
	VPERMW SCW, pick, SV; \
	VPDPWSSD SV, P, SUMI

// func dotIQ4_XSQ8_KAVX512(w, a []byte, n int) float32
TEXT ·dotIQ4_XSQ8_KAVX512(SB), NOSPLIT, $8-60
	KQ_INIT
	VBROADCASTI32X4 kqXSAbs<>(SB), KV
	MOVL $0x08080808, AX
	VPBROADCASTD AX, M08
	VPXORD ZERO, ZERO, ZERO
	MOVL $0xff00, AX
	KMOVW AX, KHI
	MOVL $0xff00ff00, AX
	KMOVD AX, KODD
	VPMOVZXBW kqXSPick<>+0(SB), PICK0
	VPMOVZXBW kqXSPick<>+32(SB), PICK1
	VPMOVZXBW kqXSPick<>+64(SB), PICK2
	VPMOVZXBW kqXSPick<>+96(SB), PICK3
	TESTQ CNT, CNT
	JZ    xsDone

xsLoop:
	// ls_ib = (low nibble ib of the dword at 4) | (bits 2ib, 2ib+1 of
	// the uint16 at 2)<<4, as dwords; SCW gets ls-32.
	VPBROADCASTD 4(WP), SCWY
	VPSRLVD kqXSShift<>+0(SB), SCWY, SCWY
	VPANDD.BCST kqXSConst<>+0(SB), SCWY, SCWY
	VPBROADCASTD 2(WP), TY
	VPSLLD $4, TY, TY
	VPSRLVD kqXSShift<>+32(SB), TY, TY
	VPTERNLOGD.BCST $0xf8, kqXSConst<>+4(SB), TY, SCWY // SCW | (T & 0x30)
	VPSUBD.BCST kqXSConst<>+8(SB), SCWY, SCWY
	MOVWLZX 0(WP), AX
	VMOVD AX, DDX
	VCVTPH2PS DDX, DDX
	VMULSS Y_D(AP), DDX, DDX
	VMOVSS DDX, 0(SP)                // d*dy
	VPXORD SUMI, SUMI, SUMI
	XS_PAIR(8, 4, PICK0)
	XS_PAIR(40, 68, PICK1)
	XS_PAIR(72, 132, PICK2)
	XS_PAIR(104, 196, PICK3)
	VCVTDQ2PS SUMI, SUMI
	VFMADD231PS.BCST 0(SP), SUMI, ACC
	ADDQ $136, WP
	ADDQ $Y_SIZE, AP
	DECQ CNT
	JNZ  xsLoop

xsDone:
	KQ_TOTAL
