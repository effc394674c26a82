//go:build !purego

#include "textflag.h"

// AVX2 dot products of the K-quant formats and IQ4_XS with Q8_K
// activations. Go declarations and the math they compute are in
// dot_kquant_amd64.go.
//
// Per super-block of 256 weights, each kernel decodes 32 weights at a
// time to bytes in a YMM register: unsigned codes (Q2_K 0..3, Q3_K 0..7,
// Q4_K 0..15, Q5_K 0..31, Q6_K 0..63, so VPMADDUBSW with the signed
// activation codes never saturates), or for IQ4_XS signed levels whose
// sign moves onto the activation. VPMADDUBSW gives int16 pair sums, and
// VPMADDWD by the weights' scales, broadcast to int16 lanes with VPSHUFB,
// gives int32 partial sums that add exactly over the super-block. Offsets
// of the codes (Q3_K's 4, Q6_K's 32) and the minimums (Q2_K, Q4_K, Q5_K)
// come from the Q8_K bsums with one more VPMADDWD. The int32 lanes are
// converted to float32 once per super-block and accumulated with FMA,
// scaled by the weights' fp16 d (VCVTPH2PS) times the activations' d.

// Q8_K activation block layout.
#define Y_D 0      // float32 d
#define Y_QS 4     // 256 int8 codes (the macros below take their offsets, 4+32k, spelled out)
#define Y_BSUMS 260 // 16 int16 sums of 16 codes
#define Y_SIZE 292

// VPSHUFB controls broadcasting int16 k of a lane to the whole lane, at
// kqBcast+32k (k = 0..7): the scale of 32 weights of Q4_K and Q5_K.
DATA kqBcast<>+0(SB)/8, $0x0100010001000100
DATA kqBcast<>+8(SB)/8, $0x0100010001000100
DATA kqBcast<>+16(SB)/8, $0x0100010001000100
DATA kqBcast<>+24(SB)/8, $0x0100010001000100
DATA kqBcast<>+32(SB)/8, $0x0302030203020302
DATA kqBcast<>+40(SB)/8, $0x0302030203020302
DATA kqBcast<>+48(SB)/8, $0x0302030203020302
DATA kqBcast<>+56(SB)/8, $0x0302030203020302
DATA kqBcast<>+64(SB)/8, $0x0504050405040504
DATA kqBcast<>+72(SB)/8, $0x0504050405040504
DATA kqBcast<>+80(SB)/8, $0x0504050405040504
DATA kqBcast<>+88(SB)/8, $0x0504050405040504
DATA kqBcast<>+96(SB)/8, $0x0706070607060706
DATA kqBcast<>+104(SB)/8, $0x0706070607060706
DATA kqBcast<>+112(SB)/8, $0x0706070607060706
DATA kqBcast<>+120(SB)/8, $0x0706070607060706
DATA kqBcast<>+128(SB)/8, $0x0908090809080908
DATA kqBcast<>+136(SB)/8, $0x0908090809080908
DATA kqBcast<>+144(SB)/8, $0x0908090809080908
DATA kqBcast<>+152(SB)/8, $0x0908090809080908
DATA kqBcast<>+160(SB)/8, $0x0b0a0b0a0b0a0b0a
DATA kqBcast<>+168(SB)/8, $0x0b0a0b0a0b0a0b0a
DATA kqBcast<>+176(SB)/8, $0x0b0a0b0a0b0a0b0a
DATA kqBcast<>+184(SB)/8, $0x0b0a0b0a0b0a0b0a
DATA kqBcast<>+192(SB)/8, $0x0d0c0d0c0d0c0d0c
DATA kqBcast<>+200(SB)/8, $0x0d0c0d0c0d0c0d0c
DATA kqBcast<>+208(SB)/8, $0x0d0c0d0c0d0c0d0c
DATA kqBcast<>+216(SB)/8, $0x0d0c0d0c0d0c0d0c
DATA kqBcast<>+224(SB)/8, $0x0f0e0f0e0f0e0f0e
DATA kqBcast<>+232(SB)/8, $0x0f0e0f0e0f0e0f0e
DATA kqBcast<>+240(SB)/8, $0x0f0e0f0e0f0e0f0e
DATA kqBcast<>+248(SB)/8, $0x0f0e0f0e0f0e0f0e
GLOBL kqBcast<>(SB), RODATA|NOPTR, $256

// VPSHUFB controls broadcasting int16 2m of lane 0 and 2m+1 of lane 1,
// at kqLaneBcast+32m (m = 0..3): the scales of the two 16-weight groups
// of 32 weights of Q2_K, Q3_K and Q6_K, from their words in both lanes.
DATA kqLaneBcast<>+0(SB)/8, $0x0100010001000100
DATA kqLaneBcast<>+8(SB)/8, $0x0100010001000100
DATA kqLaneBcast<>+16(SB)/8, $0x0302030203020302
DATA kqLaneBcast<>+24(SB)/8, $0x0302030203020302
DATA kqLaneBcast<>+32(SB)/8, $0x0504050405040504
DATA kqLaneBcast<>+40(SB)/8, $0x0504050405040504
DATA kqLaneBcast<>+48(SB)/8, $0x0706070607060706
DATA kqLaneBcast<>+56(SB)/8, $0x0706070607060706
DATA kqLaneBcast<>+64(SB)/8, $0x0908090809080908
DATA kqLaneBcast<>+72(SB)/8, $0x0908090809080908
DATA kqLaneBcast<>+80(SB)/8, $0x0b0a0b0a0b0a0b0a
DATA kqLaneBcast<>+88(SB)/8, $0x0b0a0b0a0b0a0b0a
DATA kqLaneBcast<>+96(SB)/8, $0x0d0c0d0c0d0c0d0c
DATA kqLaneBcast<>+104(SB)/8, $0x0d0c0d0c0d0c0d0c
DATA kqLaneBcast<>+112(SB)/8, $0x0f0e0f0e0f0e0f0e
DATA kqLaneBcast<>+120(SB)/8, $0x0f0e0f0e0f0e0f0e
GLOBL kqLaneBcast<>(SB), RODATA|NOPTR, $128

// Register roles shared by the kernels (each kernel adds its own below).
#define WP SI      // weight super-block
#define AP DI      // activation block
#define CNT CX     // super-blocks left
#define KM1 R8     // 0x3f in every byte
#define KM2 R9     // 0x0f in every byte
#define KM3 R10    // 0x03 in every byte
#define ACC Y0     // float32 lane sums of d*dy*sumi
#define ACCX X0
#define ACCM X1    // float32 lane sums of dmin*dy*(mins . bsums)
#define SUMI Y2    // int32 lane sums of scale*q*y of the super-block
#define NIB Y3     // 0x0f in every byte
#define NIBX X3
#define SC Y4      // the 8 scales as int16, in both lanes
#define MINS X5    // the 8 minimums as int16
#define T0 Y6
#define T0X X6
#define T1 Y7
#define T1X X7
#define T2 Y8
#define T2X X8
#define T3 Y9
#define T3X X9
#define DD Y10     // d*dy in every lane

// Q4_K: fp16 d, fp16 dmin, 12 bytes of packed 6-bit scales and minimums,
// 128 bytes of nibbles (weight 64c+l: low nibble of byte 32c+l, weight
// 64c+32+l: its high nibble).

// Q4K_SCALES decodes the 12 packed bytes at 4(WP) as ggml's
// get_scale_min_k4 does (its utmp form, two 32-bit halves in one 64-bit
// register): SC gets the 8 scales, MINS the 8 minimums, as int16.
#define Q4K_SCALES \
	MOVQ 4(WP), AX; \         // utmp0 | utmp1<<32
	MOVL 12(WP), BX; \        // utmp2
	MOVQ BX, DX; \
	SHRQ $4, DX; \
	SHLQ $32, DX; \
	ORQ DX, BX; \             // utmp2 | (utmp2>>4)<<32
	ANDQ KM2, BX; \
	MOVQ AX, DX; \
	SHRQ $6, DX; \            // bits 6,7 of each byte of utmp0, utmp1 (bits carried over from utmp1 are masked off)
	ANDQ KM3, DX; \
	SHLQ $4, DX; \
	ORQ DX, BX; \             // scales 4..7 | mins 4..7
	ANDQ KM1, AX; \           // scales 0..3 | mins 0..3
	VMOVQ AX, T0X; \
	VMOVQ BX, T1X; \
	VPUNPCKLDQ T1X, T0X, T0X; \ // scales 0..7, mins 0..7 (bytes)
	VPMOVZXBW T0X, T0; \
	VPERMQ $0x44, T0, SC; \
	VEXTRACTI128 $1, T0, MINS

// K4_MINS adds dmin*dy*sum_j mins_j*(bsum_2j+bsum_2j+1) to ACCM and sets
// DD to d*dy, from the fp16 d and dmin at 0(WP).
#define K4_MINS \
	VMOVDQU Y_BSUMS(AP), T1; \
	VEXTRACTI128 $1, T1, T2X; \
	VPHADDW T2X, T1X, T1X; \  // the 8 sums of 32 codes
	VPMADDWD MINS, T1X, T1X; \
	VCVTDQ2PS T1X, T1X; \
	VMOVD 0(WP), T2X; \
	VCVTPH2PS T2X, T2X; \     // d, dmin
	VBROADCASTSS Y_D(AP), T3X; \
	VMULPS T3X, T2X, T2X; \   // d*dy, dmin*dy
	VPSHUFD $0x55, T2X, T3X; \
	VFMADD231PS T3X, T1X, ACCM; \
	VBROADCASTSS T2X, DD

// Q4K_CHUNK adds the 64 weights whose nibbles are at qoff(WP) times the
// codes at ylo(AP) (low nibbles) and yhi(AP) (high nibbles) to SUMI, with
// the scales of the two halves picked from SC by kqBcast+mlo and +mhi.
#define Q4K_CHUNK(qoff, ylo, yhi, mlo, mhi) \
	VMOVDQU qoff(WP), T0; \
	VPSRLW $4, T0, T1; \
	VPAND NIB, T0, T0; \
	VPAND NIB, T1, T1; \
	VPMADDUBSW ylo(AP), T0, T0; \ // unsigned codes times signed activations
	VPMADDUBSW yhi(AP), T1, T1; \
	VPSHUFB kqBcast<>+mlo(SB), SC, T2; \
	VPSHUFB kqBcast<>+mhi(SB), SC, T3; \
	VPMADDWD T2, T0, T0; \
	VPMADDWD T3, T1, T1; \
	VPADDD T0, SUMI, SUMI; \
	VPADDD T1, SUMI, SUMI

// KQ_INIT zeroes the accumulators and loads the byte masks.
#define KQ_INIT \
	VXORPS ACC, ACC, ACC; \
	VXORPS ACCM, ACCM, ACCM; \
	MOVL $0x0f0f0f0f, AX; \
	VMOVD AX, NIBX; \
	VPBROADCASTD NIBX, NIB

// KQ_TOTAL leaves the sum of the ACC lanes minus the ACCM lanes in ACCX.
#define KQ_TOTAL \
	VEXTRACTF128 $1, ACC, T0X; \
	VADDPS T0X, ACCX, ACCX; \
	VSUBPS ACCM, ACCX, ACCX; \
	VMOVHLPS ACCX, ACCX, T0X; \
	VADDPS T0X, ACCX, ACCX; \
	VPSHUFD $1, ACCX, T0X; \
	VADDSS T0X, ACCX, ACCX; \
	VZEROUPPER

// func dotQ4_KQ8_KAVX2(w, a []byte, n int) float32
TEXT ·dotQ4_KQ8_KAVX2(SB), NOSPLIT, $0-60
	MOVQ w_base+0(FP), WP
	MOVQ a_base+24(FP), AP
	MOVQ n+48(FP), CNT
	KQ_INIT
	MOVQ $0x3f3f3f3f3f3f3f3f, KM1
	MOVQ $0x0f0f0f0f0f0f0f0f, KM2
	MOVQ $0x0303030303030303, KM3
	SHRQ $8, CNT
	JZ   q4kDone

q4kLoop:
	Q4K_SCALES
	K4_MINS
	VPXOR SUMI, SUMI, SUMI
	Q4K_CHUNK(16, 4, 36, 0, 32)
	Q4K_CHUNK(48, 68, 100, 64, 96)
	Q4K_CHUNK(80, 132, 164, 128, 160)
	Q4K_CHUNK(112, 196, 228, 192, 224)
	VCVTDQ2PS SUMI, SUMI
	VFMADD231PS DD, SUMI, ACC
	ADDQ $144, WP
	ADDQ $Y_SIZE, AP
	DECQ CNT
	JNZ  q4kLoop

q4kDone:
	KQ_TOTAL
	MOVSS ACCX, ret+56(FP)
	RET

// Q6_K: 128 bytes ql of low nibbles, 64 bytes qh of high bit pairs, 16
// int8 scales, fp16 d. In half h, weight 128h+32k+l has its low nibble in
// ql[64h+32(k%2)+l] (the high nibble for k >= 2) and its high bits at bit
// 2k of qh[32h+l]. The codes are q-32: sum scale*(q-32)*y is computed as
// sum scale*q*y - 32*sum scale*bsum.
#define SLO Y4     // scales 0..7 as int16, in both lanes
#define SHI Y5     // scales 8..15 as int16, in both lanes
#define M30 Y11    // 0x30 in every byte
#define M30X X11
#define QH Y12     // high bits of the half
#define QL0 Y13    // low nibbles of weights 0..31 and 64..95 of the half
#define QL1 Y14    // low nibbles of weights 32..63 and 96..127 of the half

// Q6K_HALF adds the 128 weights of one half (ql at ql0(WP) and
// ql0+32(WP), qh at qh(WP), scales in S) times the codes at y0(AP),
// y0+32(AP), ... to SUMI.
#define Q6K_HALF(ql0, ql1, qh, y0, y1, y2, y3, S) \
	VMOVDQU ql0(WP), QL0; \
	VMOVDQU ql1(WP), QL1; \
	VMOVDQU qh(WP), QH; \
	VPAND NIB, QL0, T0; \
	VPSLLW $4, QH, T1; \       // bits 0,1 to 4,5; what crosses bytes is masked off
	VPAND M30, T1, T1; \
	VPOR T1, T0, T0; \
	VPMADDUBSW y0(AP), T0, T0; \
	VPSHUFB kqLaneBcast<>+0(SB), S, T1; \
	VPMADDWD T1, T0, T0; \
	VPADDD T0, SUMI, SUMI; \
	VPAND NIB, QL1, T2; \
	VPSLLW $2, QH, T3; \       // bits 2,3 to 4,5
	VPAND M30, T3, T3; \
	VPOR T3, T2, T2; \
	VPMADDUBSW y1(AP), T2, T2; \
	VPSHUFB kqLaneBcast<>+32(SB), S, T3; \
	VPMADDWD T3, T2, T2; \
	VPADDD T2, SUMI, SUMI; \
	VPSRLW $4, QL0, T0; \
	VPAND NIB, T0, T0; \
	VPAND M30, QH, T1; \       // bits 4,5 in place
	VPOR T1, T0, T0; \
	VPMADDUBSW y2(AP), T0, T0; \
	VPSHUFB kqLaneBcast<>+64(SB), S, T1; \
	VPMADDWD T1, T0, T0; \
	VPADDD T0, SUMI, SUMI; \
	VPSRLW $4, QL1, T2; \
	VPAND NIB, T2, T2; \
	VPSRLW $2, QH, T3; \       // bits 6,7 to 4,5
	VPAND M30, T3, T3; \
	VPOR T3, T2, T2; \
	VPMADDUBSW y3(AP), T2, T2; \
	VPSHUFB kqLaneBcast<>+96(SB), S, T3; \
	VPMADDWD T3, T2, T2; \
	VPADDD T2, SUMI, SUMI

// func dotQ6_KQ8_KAVX2(w, a []byte, n int) float32
TEXT ·dotQ6_KQ8_KAVX2(SB), NOSPLIT, $0-60
	MOVQ w_base+0(FP), WP
	MOVQ a_base+24(FP), AP
	MOVQ n+48(FP), CNT
	KQ_INIT
	MOVL $0x30303030, AX
	VMOVD AX, M30X
	VPBROADCASTD M30X, M30
	SHRQ $8, CNT
	JZ   q6kDone

q6kLoop:
	VPMOVSXBW 192(WP), T0           // the 16 scales as int16
	VPMADDWD Y_BSUMS(AP), T0, T1    // scale*bsum, pairwise
	VPSLLD $5, T1, T1
	VPXOR SUMI, SUMI, SUMI
	VPSUBD T1, SUMI, SUMI           // -32*sum scale*bsum
	VPERMQ $0x44, T0, SLO
	VPERMQ $0xEE, T0, SHI
	MOVWLZX 208(WP), AX
	VMOVD AX, T0X
	VCVTPH2PS T0X, T0X
	VMULSS Y_D(AP), T0X, T0X
	VBROADCASTSS T0X, DD            // d*dy
	Q6K_HALF(0, 32, 128, 4, 36, 68, 100, SLO)
	Q6K_HALF(64, 96, 160, 132, 164, 196, 228, SHI)
	VCVTDQ2PS SUMI, SUMI
	VFMADD231PS DD, SUMI, ACC
	ADDQ $210, WP
	ADDQ $Y_SIZE, AP
	DECQ CNT
	JNZ  q6kLoop

q6kDone:
	KQ_TOTAL
	MOVSS ACCX, ret+56(FP)
	RET

// Q5_K: as Q4_K (the same 16-byte header), then 32 bytes qh whose bit j of
// byte l is the fifth bit of weight 32j+l, then the 128 bytes of nibbles.
#define HB0 Y11    // fifth bits of the low nibbles of a chunk, at bit 4
#define HB1 Y12    // fifth bits of the high nibbles of a chunk, at bit 4
#define QH5 Y13    // the 32 bytes of qh
#define M10 Y14    // 0x10 in every byte
#define M10X X14

// Q5K_CHUNK is Q4K_CHUNK with the fifth bits, moved to bit 4 of HB0 and
// HB1 by word shifts (bits that cross into the next byte are masked off).
#define Q5K_CHUNK(qoff, ylo, yhi, mlo, mhi) \
	VPAND M10, HB0, HB0; \
	VPAND M10, HB1, HB1; \
	VMOVDQU qoff(WP), T0; \
	VPSRLW $4, T0, T1; \
	VPAND NIB, T0, T0; \
	VPAND NIB, T1, T1; \
	VPOR HB0, T0, T0; \
	VPOR HB1, T1, T1; \
	VPMADDUBSW ylo(AP), T0, T0; \
	VPMADDUBSW yhi(AP), T1, T1; \
	VPSHUFB kqBcast<>+mlo(SB), SC, T2; \
	VPSHUFB kqBcast<>+mhi(SB), SC, T3; \
	VPMADDWD T2, T0, T0; \
	VPMADDWD T3, T1, T1; \
	VPADDD T0, SUMI, SUMI; \
	VPADDD T1, SUMI, SUMI

// func dotQ5_KQ8_KAVX2(w, a []byte, n int) float32
TEXT ·dotQ5_KQ8_KAVX2(SB), NOSPLIT, $0-60
	MOVQ w_base+0(FP), WP
	MOVQ a_base+24(FP), AP
	MOVQ n+48(FP), CNT
	KQ_INIT
	MOVL $0x10101010, AX
	VMOVD AX, M10X
	VPBROADCASTD M10X, M10
	MOVQ $0x3f3f3f3f3f3f3f3f, KM1
	MOVQ $0x0f0f0f0f0f0f0f0f, KM2
	MOVQ $0x0303030303030303, KM3
	SHRQ $8, CNT
	JZ   q5kDone

q5kLoop:
	Q4K_SCALES
	K4_MINS
	VPXOR SUMI, SUMI, SUMI
	VMOVDQU 16(WP), QH5
	VPSLLW $4, QH5, HB0 // bit 0 to bit 4
	VPSLLW $3, QH5, HB1 // bit 1
	Q5K_CHUNK(48, 4, 36, 0, 32)
	VPSLLW $2, QH5, HB0 // bit 2
	VPSLLW $1, QH5, HB1 // bit 3
	Q5K_CHUNK(80, 68, 100, 64, 96)
	VMOVDQU QH5, HB0    // bit 4
	VPSRLW $1, QH5, HB1 // bit 5
	Q5K_CHUNK(112, 132, 164, 128, 160)
	VPSRLW $2, QH5, HB0 // bit 6
	VPSRLW $3, QH5, HB1 // bit 7
	Q5K_CHUNK(144, 196, 228, 192, 224)
	VCVTDQ2PS SUMI, SUMI
	VFMADD231PS DD, SUMI, ACC
	ADDQ $176, WP
	ADDQ $Y_SIZE, AP
	DECQ CNT
	JNZ  q5kLoop

q5kDone:
	KQ_TOTAL
	MOVSS ACCX, ret+56(FP)
	RET

// IQ4_XS: fp16 d, a uint16 of the high 2 bits and 4 bytes of the low 4
// bits of the eight 6-bit scales ls (biased by 32), then 8 runs of 16
// bytes of 4-bit indices into the IQ4_NL levels (weight l of group ib:
// low nibble of byte l, weight l+16: its high nibble). The levels are
// signed, so their sign moves onto the activations (VPSIGNB; the levels
// are never 0 and the codes never -128) and VPMADDUBSW takes |level|.
#define KV Y4      // the 16 levels in both lanes
#define SCW Y5     // ls-32 of groups 0, 2, 4, 6 | 1, 3, 5, 7, in both words of each dword

// kvaluesIQ4NL in both lanes.
DATA kqIQ4NL<>+0(SB)/8, $0xf6eaddcfbfad9881
DATA kqIQ4NL<>+8(SB)/8, $0x7159453526190d01
DATA kqIQ4NL<>+16(SB)/8, $0xf6eaddcfbfad9881
DATA kqIQ4NL<>+24(SB)/8, $0x7159453526190d01
GLOBL kqIQ4NL<>(SB), RODATA|NOPTR, $32

// VPSRLVD counts taking group 2k (lanes 0..3) and 2k+1 (lanes 4..7) of
// the low scale nibbles (4 bits a group) and of the high bits (2 a group).
DATA kqXSShiftL<>+0(SB)/8, $0x0000000800000000
DATA kqXSShiftL<>+8(SB)/8, $0x0000001800000010
DATA kqXSShiftL<>+16(SB)/8, $0x0000000c00000004
DATA kqXSShiftL<>+24(SB)/8, $0x0000001c00000014
GLOBL kqXSShiftL<>(SB), RODATA|NOPTR, $32
DATA kqXSShiftH<>+0(SB)/8, $0x0000000400000000
DATA kqXSShiftH<>+8(SB)/8, $0x0000000c00000008
DATA kqXSShiftH<>+16(SB)/8, $0x0000000600000002
DATA kqXSShiftH<>+24(SB)/8, $0x0000000e0000000a
GLOBL kqXSShiftH<>(SB), RODATA|NOPTR, $32

// Dword constants 0xf, 0x30 and 32, and the VPSHUFB control copying the
// low word of each dword into its high word.
DATA kqXSConst<>+0(SB)/4, $0x0000000f
DATA kqXSConst<>+4(SB)/4, $0x00000030
DATA kqXSConst<>+8(SB)/4, $0x00000020
GLOBL kqXSConst<>(SB), RODATA|NOPTR, $12
DATA kqDupWord<>+0(SB)/8, $0x0504050401000100
DATA kqDupWord<>+8(SB)/8, $0x0d0c0d0c09080908
DATA kqDupWord<>+16(SB)/8, $0x0504050401000100
DATA kqDupWord<>+24(SB)/8, $0x0d0c0d0c09080908
GLOBL kqDupWord<>(SB), RODATA|NOPTR, $32

// XS_PAIR adds groups 2p and 2p+1 (indices at qoff(WP), lane 0 group 2p,
// lane 1 group 2p+1) times the codes at yoff(AP) to SUMI; sel selects
// dword p of each lane of SCW.
#define XS_PAIR(qoff, y0, y1, y2, y3, sel) \
	VMOVDQU qoff(WP), T0; \
	VPSRLW $4, T0, T1; \
	VPAND NIB, T0, T0; \
	VPAND NIB, T1, T1; \
	VPSHUFB T0, KV, T0; \         // levels of weights 0..15 of both groups
	VPSHUFB T1, KV, T1; \         // levels of weights 16..31
	VMOVDQU y0(AP), T2X; \
	VINSERTI128 $1, y2(AP), T2, T2; \ // codes of weights 0..15 of both groups
	VMOVDQU y1(AP), T3X; \
	VINSERTI128 $1, y3(AP), T3, T3; \ // codes of weights 16..31
	VPSIGNB T0, T2, T2; \
	VPSIGNB T1, T3, T3; \
	VPABSB T0, T0; \
	VPABSB T1, T1; \
	VPMADDUBSW T2, T0, T0; \
	VPMADDUBSW T3, T1, T1; \
	VPSHUFD $sel, SCW, T2; \
	VPMADDWD T2, T0, T0; \
	VPMADDWD T2, T1, T1; \
	VPADDD T0, SUMI, SUMI; \
	VPADDD T1, SUMI, SUMI

// func dotIQ4_XSQ8_KAVX2(w, a []byte, n int) float32
TEXT ·dotIQ4_XSQ8_KAVX2(SB), NOSPLIT, $0-60
	MOVQ w_base+0(FP), WP
	MOVQ a_base+24(FP), AP
	MOVQ n+48(FP), CNT
	KQ_INIT
	VMOVDQU kqIQ4NL<>(SB), KV
	SHRQ $8, CNT
	JZ   xsDone

xsLoop:
	MOVL 4(WP), AX
	VMOVD AX, T0X
	VPBROADCASTD T0X, T0
	VPSRLVD kqXSShiftL<>(SB), T0, T0
	VPBROADCASTD kqXSConst<>+0(SB), T2
	VPAND T2, T0, T0                    // low 4 bits of ls
	MOVWLZX 2(WP), AX
	VMOVD AX, T1X
	VPBROADCASTD T1X, T1
	VPSRLVD kqXSShiftH<>(SB), T1, T1
	VPSLLD $4, T1, T1
	VPBROADCASTD kqXSConst<>+4(SB), T2
	VPAND T2, T1, T1                    // high 2 bits of ls
	VPOR T1, T0, T0
	VPBROADCASTD kqXSConst<>+8(SB), T2
	VPSUBD T2, T0, T0
	VPSHUFB kqDupWord<>(SB), T0, SCW
	MOVWLZX 0(WP), AX
	VMOVD AX, T0X
	VCVTPH2PS T0X, T0X
	VMULSS Y_D(AP), T0X, T0X
	VBROADCASTSS T0X, DD                // d*dy
	VPXOR SUMI, SUMI, SUMI
	XS_PAIR(8, 4, 20, 36, 52, 0x00)
	XS_PAIR(40, 68, 84, 100, 116, 0x55)
	XS_PAIR(72, 132, 148, 164, 180, 0xaa)
	XS_PAIR(104, 196, 212, 228, 244, 0xff)
	VCVTDQ2PS SUMI, SUMI
	VFMADD231PS DD, SUMI, ACC
	ADDQ $136, WP
	ADDQ $Y_SIZE, AP
	DECQ CNT
	JNZ  xsLoop

xsDone:
	KQ_TOTAL
	MOVSS ACCX, ret+56(FP)
	RET

// Q3_K: 32 bytes hmask (bit j of byte l: the high bit of weight 32j+l),
// 64 bytes of 2-bit codes (weight 128k+32j+l: bits 2j of byte 32k+l), 12
// bytes of packed 6-bit scales (biased by 32), fp16 d. The 3-bit codes
// are u-4 with u = low bits | high bit<<2: sum scale*(u-4)*y is computed
// as sum scale*u*y - 4*sum scale*bsum. Q2_K has the same 2-bit codes
// (at 16(WP)) without high bits and offset.
#define M03 Y3     // 0x03 in every byte
#define M03X X3
#define M04 Y11    // 0x04 in every byte
#define M04X X11
#define QHM Y12    // hmask
#define QQ Y13     // 32 bytes of 2-bit codes: 128 weights
#define W32 Y14    // 32 in every int16
#define W32X X14

// Q3K_VEC adds the 32 weights whose low bits are at bits 0,1 of T0 and
// high bits at bit 2 of T1 (other bits are masked off) times the codes at
// yoff(AP) to SUMI; mask picks the two 16-weight groups' scales from S.
#define Q3K_VEC(yoff, mask, S) \
	VPAND M03, T0, T0; \
	VPAND M04, T1, T1; \
	VPOR T1, T0, T0; \
	VPMADDUBSW yoff(AP), T0, T0; \
	VPSHUFB kqLaneBcast<>+mask(SB), S, T1; \
	VPMADDWD T1, T0, T0; \
	VPADDD T0, SUMI, SUMI

// func dotQ3_KQ8_KAVX2(w, a []byte, n int) float32
TEXT ·dotQ3_KQ8_KAVX2(SB), NOSPLIT, $0-60
	MOVQ w_base+0(FP), WP
	MOVQ a_base+24(FP), AP
	MOVQ n+48(FP), CNT
	KQ_INIT
	MOVL $0x03030303, AX
	VMOVD AX, M03X
	VPBROADCASTD M03X, M03
	MOVL $0x04040404, AX
	VMOVD AX, M04X
	VPBROADCASTD M04X, M04
	MOVL $0x00200020, AX
	VMOVD AX, W32X
	VPBROADCASTD W32X, W32
	MOVQ $0x0f0f0f0f0f0f0f0f, KM2
	MOVQ $0x0303030303030303, KM3
	SHRQ $8, CNT
	JZ   q3kDone

q3kLoop:
	// The 16 scales, as ggml's kmask form of them: scale j has its low
	// nibble in nibble j/8 of byte j%8 and its high 2 bits at bits
	// 2*(j/4) of byte 8+j%4.
	MOVQ 96(WP), AX     // bytes 0..7: low nibbles
	MOVL 104(WP), BX    // bytes 8..11: high bits
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
	VMOVQ R11, T0X
	VMOVQ AX, T1X
	VPUNPCKLQDQ T1X, T0X, T0X
	VPMOVZXBW T0X, T0
	VPSUBW W32, T0, T0              // the 16 scales as int16
	VPMADDWD Y_BSUMS(AP), T0, T1    // scale*bsum, pairwise
	VPSLLD $2, T1, T1
	VPXOR SUMI, SUMI, SUMI
	VPSUBD T1, SUMI, SUMI           // -4*sum scale*bsum
	VPERMQ $0x44, T0, SLO
	VPERMQ $0xEE, T0, SHI
	MOVWLZX 108(WP), AX
	VMOVD AX, T0X
	VCVTPH2PS T0X, T0X
	VMULSS Y_D(AP), T0X, T0X
	VBROADCASTSS T0X, DD            // d*dy
	VMOVDQU 0(WP), QHM
	VMOVDQU 32(WP), QQ
	VMOVDQU QQ, T0                  // weights 0..31: bits 0,1 and hmask bit 0
	VPSLLW $2, QHM, T1
	Q3K_VEC(4, 0, SLO)
	VPSRLW $2, QQ, T0
	VPSLLW $1, QHM, T1              // hmask bit 1 to bit 2
	Q3K_VEC(36, 32, SLO)
	VPSRLW $4, QQ, T0
	VMOVDQU QHM, T1
	Q3K_VEC(68, 64, SLO)
	VPSRLW $6, QQ, T0
	VPSRLW $1, QHM, T1
	Q3K_VEC(100, 96, SLO)
	VMOVDQU 64(WP), QQ
	VMOVDQU QQ, T0
	VPSRLW $2, QHM, T1
	Q3K_VEC(132, 0, SHI)
	VPSRLW $2, QQ, T0
	VPSRLW $3, QHM, T1
	Q3K_VEC(164, 32, SHI)
	VPSRLW $4, QQ, T0
	VPSRLW $4, QHM, T1
	Q3K_VEC(196, 64, SHI)
	VPSRLW $6, QQ, T0
	VPSRLW $5, QHM, T1
	Q3K_VEC(228, 96, SHI)
	VCVTDQ2PS SUMI, SUMI
	VFMADD231PS DD, SUMI, ACC
	ADDQ $110, WP
	ADDQ $Y_SIZE, AP
	DECQ CNT
	JNZ  q3kLoop

q3kDone:
	KQ_TOTAL
	MOVSS ACCX, ret+56(FP)
	RET

#define M2B Y11    // 0x03 in every byte (NIB stays 0x0f)
#define M2BX X11

// Q2K_VEC adds the 32 weights whose codes are at bits 0,1 of T0 (other
// bits are masked off) times the codes at yoff(AP) to SUMI; mask picks
// the two 16-weight groups' scales from S.
#define Q2K_VEC(yoff, mask, S) \
	VPAND M2B, T0, T0; \
	VPMADDUBSW yoff(AP), T0, T0; \
	VPSHUFB kqLaneBcast<>+mask(SB), S, T1; \
	VPMADDWD T1, T0, T0; \
	VPADDD T0, SUMI, SUMI

// func dotQ2_KQ8_KAVX2(w, a []byte, n int) float32
TEXT ·dotQ2_KQ8_KAVX2(SB), NOSPLIT, $0-60
	MOVQ w_base+0(FP), WP
	MOVQ a_base+24(FP), AP
	MOVQ n+48(FP), CNT
	KQ_INIT
	MOVL $0x03030303, AX
	VMOVD AX, M2BX
	VPBROADCASTD M2BX, M2B
	SHRQ $8, CNT
	JZ   q2kDone

q2kLoop:
	// Scales (low nibbles) and minimums (high nibbles) of the 16 groups.
	VMOVDQU 0(WP), T0X
	VPSRLW $4, T0X, T1X
	VPAND NIBX, T0X, T0X
	VPAND NIBX, T1X, T1X
	VPMOVZXBW T0X, T0               // scales as int16
	VPMOVZXBW T1X, T1               // minimums as int16
	VPMADDWD Y_BSUMS(AP), T1, T1    // min*bsum, pairwise
	VEXTRACTI128 $1, T1, T2X
	VPADDD T2X, T1X, T1X
	VCVTDQ2PS T1X, T1X
	VPERMQ $0x44, T0, SLO
	VPERMQ $0xEE, T0, SHI
	VMOVD 80(WP), T2X
	VCVTPH2PS T2X, T2X              // d, dmin
	VBROADCASTSS Y_D(AP), T3X
	VMULPS T3X, T2X, T2X            // d*dy, dmin*dy
	VPSHUFD $0x55, T2X, T3X
	VFMADD231PS T3X, T1X, ACCM
	VBROADCASTSS T2X, DD
	VPXOR SUMI, SUMI, SUMI
	VMOVDQU 16(WP), QQ
	VMOVDQU QQ, T0
	Q2K_VEC(4, 0, SLO)
	VPSRLW $2, QQ, T0
	Q2K_VEC(36, 32, SLO)
	VPSRLW $4, QQ, T0
	Q2K_VEC(68, 64, SLO)
	VPSRLW $6, QQ, T0
	Q2K_VEC(100, 96, SLO)
	VMOVDQU 48(WP), QQ
	VMOVDQU QQ, T0
	Q2K_VEC(132, 0, SHI)
	VPSRLW $2, QQ, T0
	Q2K_VEC(164, 32, SHI)
	VPSRLW $4, QQ, T0
	Q2K_VEC(196, 64, SHI)
	VPSRLW $6, QQ, T0
	Q2K_VEC(228, 96, SHI)
	VCVTDQ2PS SUMI, SUMI
	VFMADD231PS DD, SUMI, ACC
	ADDQ $84, WP
	ADDQ $Y_SIZE, AP
	DECQ CNT
	JNZ  q2kLoop

q2kDone:
	KQ_TOTAL
	MOVSS ACCX, ret+56(FP)
	RET
