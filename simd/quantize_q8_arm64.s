//go:build !purego

#include "textflag.h"
#include "neon_arm64.h"

// The Q8_0 and Q8_1 activation quantizers. They repeat the twin's
// emulation of llama.cpp's AVX2 quantize_row_q8_0/q8_1 step for step, so
// that NaNs and infinities come out as there:
//
//   - amax is reduced like the AVX2 code (four rows of eight lanes, then
//     the upper four lanes against the lower, then pairs), each step an
//     x86 MAXPS, a > b ? a : b, here FCMGT and BIF;
//   - a code is FCVTNS(x*id), ties to even like ROUNDPS and CVTPS2DQ,
//     except that NaNs and values outside int32, which CVTPS2DQ turns into
//     MinInt32, get MinInt32 here too (FCVTNS gives 0 or saturates);
//   - SQXTN saturates to int8 as PACKSSDW and PACKSSWB do.

#define XP R0  // float32 input
#define DP R1  // output blocks
#define NB R2  // blocks left
#define HDR R3 // bytes before the codes: 2 (Q8_0) or 4 (Q8_1, with s)
#define TMP R4

// Vector registers: V0-V7 the block's 32 values, then x*id, then the
// in-range masks; V16-V23 their magnitudes, then the int32 codes; V24-V29
// scratch; constants V8 (S8 = 127), V9 (zero), V10 (MinInt32 lanes), V11
// (2^31 lanes); V12 (S12) d; V13 (S13) id.

// func quantizeQ8_0NEON(dst []byte, x []float32)
TEXT ·quantizeQ8_0NEON(SB), NOSPLIT, $0-48
	MOVD dst_base+0(FP), DP
	MOVD x_base+24(FP), XP
	MOVD x_len+32(FP), NB
	MOVD $2, HDR
	B    quantizeQ8<>(SB)

// func quantizeQ8_1NEON(dst []byte, x []float32)
TEXT ·quantizeQ8_1NEON(SB), NOSPLIT, $0-48
	MOVD dst_base+0(FP), DP
	MOVD x_base+24(FP), XP
	MOVD x_len+32(FP), NB
	MOVD $4, HDR
	B    quantizeQ8<>(SB)

// quantizeQ8 writes len(x)/32 blocks: XP = x, DP = dst, NB = len(x), HDR
// as above.
TEXT quantizeQ8<>(SB), NOSPLIT|NOFRAME, $0
	LSR   $5, NB
	CBZ   NB, done
	MOVW  $0x42fe0000, TMP // 127.0
	FMOVS TMP, F8
	VEOR  V9.B16, V9.B16, V9.B16
	MOVW  $0x80000000, TMP
	VDUP  TMP, V10.S4
	MOVW  $0x4f000000, TMP // 2^31
	VDUP  TMP, V11.S4

loop:
	VLD1.P 64(XP), [V0.S4, V1.S4, V2.S4, V3.S4]
	VLD1.P 64(XP), [V4.S4, V5.S4, V6.S4, V7.S4]
	FABS_4S(16, 0)                   // fabs v16.4s, v0.4s
	FABS_4S(17, 1)                   // fabs v17.4s, v1.4s
	FABS_4S(18, 2)                   // fabs v18.4s, v2.4s
	FABS_4S(19, 3)                   // fabs v19.4s, v3.4s
	FABS_4S(20, 4)                   // fabs v20.4s, v4.4s
	FABS_4S(21, 5)                   // fabs v21.4s, v5.4s
	FABS_4S(22, 6)                   // fabs v22.4s, v6.4s
	FABS_4S(23, 7)                   // fabs v23.4s, v7.4s

	// The eight lanes m (V16, V17) = MAXPS(m, row r), rows r = 1, 2, 3:
	// keep m where m > row, else take the row.
	FCMGT_4S(24, 16, 18)             // fcmgt v24.4s, v16.4s, v18.4s
	FCMGT_4S(25, 17, 19)             // fcmgt v25.4s, v17.4s, v19.4s
	VBIF   V24.B16, V18.B16, V16.B16
	VBIF   V25.B16, V19.B16, V17.B16
	FCMGT_4S(24, 16, 20)             // fcmgt v24.4s, v16.4s, v20.4s
	FCMGT_4S(25, 17, 21)             // fcmgt v25.4s, v17.4s, v21.4s
	VBIF   V24.B16, V20.B16, V16.B16
	VBIF   V25.B16, V21.B16, V17.B16
	FCMGT_4S(24, 16, 22)             // fcmgt v24.4s, v16.4s, v22.4s
	FCMGT_4S(25, 17, 23)             // fcmgt v25.4s, v17.4s, v23.4s
	VBIF   V24.B16, V22.B16, V16.B16
	VBIF   V25.B16, V23.B16, V17.B16

	// h = MAXPS(m[4:8], m[0:4]) in V17.
	FCMGT_4S(24, 17, 16)             // fcmgt v24.4s, v17.4s, v16.4s
	VBIF   V24.B16, V16.B16, V17.B16

	// MAXPS(h0, h2) and MAXPS(h1, h3) in lanes 0 and 1, then amax =
	// MAXPS of those two in S17.
	VEXT   $8, V17.B16, V17.B16, V25.B16
	FCMGT_4S(24, 17, 25)             // fcmgt v24.4s, v17.4s, v25.4s
	VBIF   V24.B16, V25.B16, V17.B16
	VEXT   $4, V17.B16, V17.B16, V25.B16
	FCMGT_4S(24, 17, 25)             // fcmgt v24.4s, v17.4s, v25.4s
	VBIF   V24.B16, V25.B16, V17.B16

	// d = amax/127; id = 127/amax, or 0 where amax == 0 (not for NaN).
	FDIVS  F8, F17, F12
	FDIVS  F17, F8, F13
	FCMPS  $(0.0), F17
	FCSELS EQ, F9, F13, F13
	FCVTSH F12, F14
	FMOVS  F14, TMP
	MOVH   TMP, (DP)

	FMUL_4S_S(0, 0, 13, 0)           // fmul v0.4s, v0.4s, v13.s[0]
	FMUL_4S_S(1, 1, 13, 0)           // fmul v1.4s, v1.4s, v13.s[0]
	FMUL_4S_S(2, 2, 13, 0)           // fmul v2.4s, v2.4s, v13.s[0]
	FMUL_4S_S(3, 3, 13, 0)           // fmul v3.4s, v3.4s, v13.s[0]
	FMUL_4S_S(4, 4, 13, 0)           // fmul v4.4s, v4.4s, v13.s[0]
	FMUL_4S_S(5, 5, 13, 0)           // fmul v5.4s, v5.4s, v13.s[0]
	FMUL_4S_S(6, 6, 13, 0)           // fmul v6.4s, v6.4s, v13.s[0]
	FMUL_4S_S(7, 7, 13, 0)           // fmul v7.4s, v7.4s, v13.s[0]
	FCVTNS_4S(16, 0)                 // fcvtns v16.4s, v0.4s
	FCVTNS_4S(17, 1)                 // fcvtns v17.4s, v1.4s
	FCVTNS_4S(18, 2)                 // fcvtns v18.4s, v2.4s
	FCVTNS_4S(19, 3)                 // fcvtns v19.4s, v3.4s
	FCVTNS_4S(20, 4)                 // fcvtns v20.4s, v4.4s
	FCVTNS_4S(21, 5)                 // fcvtns v21.4s, v5.4s
	FCVTNS_4S(22, 6)                 // fcvtns v22.4s, v6.4s
	FCVTNS_4S(23, 7)                 // fcvtns v23.4s, v7.4s

	// In range: 2^31 > |x*id|, false for NaNs. Elsewhere MinInt32.
	FACGT_4S(0, 11, 0)               // facgt v0.4s, v11.4s, v0.4s
	FACGT_4S(1, 11, 1)               // facgt v1.4s, v11.4s, v1.4s
	FACGT_4S(2, 11, 2)               // facgt v2.4s, v11.4s, v2.4s
	FACGT_4S(3, 11, 3)               // facgt v3.4s, v11.4s, v3.4s
	FACGT_4S(4, 11, 4)               // facgt v4.4s, v11.4s, v4.4s
	FACGT_4S(5, 11, 5)               // facgt v5.4s, v11.4s, v5.4s
	FACGT_4S(6, 11, 6)               // facgt v6.4s, v11.4s, v6.4s
	FACGT_4S(7, 11, 7)               // facgt v7.4s, v11.4s, v7.4s
	VBIF   V0.B16, V10.B16, V16.B16
	VBIF   V1.B16, V10.B16, V17.B16
	VBIF   V2.B16, V10.B16, V18.B16
	VBIF   V3.B16, V10.B16, V19.B16
	VBIF   V4.B16, V10.B16, V20.B16
	VBIF   V5.B16, V10.B16, V21.B16
	VBIF   V6.B16, V10.B16, V22.B16
	VBIF   V7.B16, V10.B16, V23.B16

	CMP    $4, HDR
	BNE    codes

	// Q8_1: s = d*float32(sum of the codes), the sum wrapping in int32.
	VADD   V16.S4, V17.S4, V24.S4
	VADD   V18.S4, V19.S4, V25.S4
	VADD   V20.S4, V21.S4, V26.S4
	VADD   V22.S4, V23.S4, V27.S4
	VADD   V24.S4, V25.S4, V24.S4
	VADD   V26.S4, V27.S4, V26.S4
	VADD   V24.S4, V26.S4, V24.S4
	VADDV  V24.S4, V24
	SCVTF_S(24, 24)                  // scvtf s24, s24
	FMULS  F24, F12, F24
	FCVTSH F24, F24
	FMOVS  F24, TMP
	MOVH   TMP, 2(DP)

codes:
	ADD    HDR, DP
	SQXTN_4H(24, 16)                 // sqxtn v24.4h, v16.4s
	SQXTN2_8H(24, 17)                // sqxtn2 v24.8h, v17.4s
	SQXTN_4H(25, 18)                 // sqxtn v25.4h, v18.4s
	SQXTN2_8H(25, 19)                // sqxtn2 v25.8h, v19.4s
	SQXTN_4H(26, 20)                 // sqxtn v26.4h, v20.4s
	SQXTN2_8H(26, 21)                // sqxtn2 v26.8h, v21.4s
	SQXTN_4H(27, 22)                 // sqxtn v27.4h, v22.4s
	SQXTN2_8H(27, 23)                // sqxtn2 v27.8h, v23.4s
	SQXTN_8B(28, 24)                 // sqxtn v28.8b, v24.8h
	SQXTN2_16B(28, 25)               // sqxtn2 v28.16b, v25.8h
	SQXTN_8B(29, 26)                 // sqxtn v29.8b, v26.8h
	SQXTN2_16B(29, 27)               // sqxtn2 v29.16b, v27.8h
	VST1.P [V28.B16, V29.B16], 32(DP)
	SUBS   $1, NB
	BNE    loop

done:
	RET

// The Q8_K quantizer (292-byte blocks: float32 d, 256 int8 codes, 16 int16
// sums of 16 codes), the twin's quantize_row_q8_K_ref step for step:
//
//   - amax is the largest |x| that is not a NaN (a > amax ? a : amax from
//     0, FCMGT and BIT), maxv the first x with |x| = amax;
//   - an all-zero block (amax = 0) is written as 292 zero bytes;
//   - iscale = -127/maxv, d = 1/iscale;
//   - a code is nearest_int(iscale*x): the low 23 bits of iscale*x +
//     1.5*2^23 minus 2^22, capped at 127 and truncated to int8, with the
//     product rounded before the addition as on x86 (the twin converts it
//     explicitly so that no compiler fuses the two).

#define XB R5  // the block's values
#define QS R6  // the block's codes
#define BS R7  // the block's sums
#define CNT R8

// Vector registers: V0-V11 scratch; V16-V19 the lane maxima; S20 amax and
// V21 amax in every lane; V22 iscale in every lane; constants V24
// (1.5*2^23), V25 (0x7fffff), V26 (2^22), V27 (127).

// func quantizeQ8_KNEON(dst []byte, x []float32)
TEXT ·quantizeQ8_KNEON(SB), NOSPLIT, $0-48
	MOVD  dst_base+0(FP), DP
	MOVD  x_base+24(FP), XP
	MOVD  x_len+32(FP), NB
	LSR   $8, NB
	CBZ   NB, done
	MOVW  $0x4b400000, TMP // 12582912.0
	VDUP  TMP, V24.S4
	MOVW  $0x7fffff, TMP
	VDUP  TMP, V25.S4
	MOVW  $0x400000, TMP
	VDUP  TMP, V26.S4
	MOVW  $127, TMP
	VDUP  TMP, V27.S4

block:
	// amax: four vectors of lane maxima over the 256 values.
	VEOR  V16.B16, V16.B16, V16.B16
	VEOR  V17.B16, V17.B16, V17.B16
	VEOR  V18.B16, V18.B16, V18.B16
	VEOR  V19.B16, V19.B16, V19.B16
	MOVD  XP, XB
	MOVD  $16, CNT

amax:
	VLD1.P 64(XB), [V0.S4, V1.S4, V2.S4, V3.S4]
	FABS_4S(4, 0)                    // fabs v4.4s, v0.4s
	FABS_4S(5, 1)                    // fabs v5.4s, v1.4s
	FABS_4S(6, 2)                    // fabs v6.4s, v2.4s
	FABS_4S(7, 3)                    // fabs v7.4s, v3.4s
	FCMGT_4S(8, 4, 16)               // fcmgt v8.4s, v4.4s, v16.4s
	FCMGT_4S(9, 5, 17)               // fcmgt v9.4s, v5.4s, v17.4s
	FCMGT_4S(10, 6, 18)              // fcmgt v10.4s, v6.4s, v18.4s
	FCMGT_4S(11, 7, 19)              // fcmgt v11.4s, v7.4s, v19.4s
	VBIT   V8.B16, V4.B16, V16.B16
	VBIT   V9.B16, V5.B16, V17.B16
	VBIT   V10.B16, V6.B16, V18.B16
	VBIT   V11.B16, V7.B16, V19.B16
	SUBS   $1, CNT
	BNE    amax

	// No NaNs are left, so the order of the last maxima is free.
	FCMGT_4S(8, 17, 16)              // fcmgt v8.4s, v17.4s, v16.4s
	FCMGT_4S(9, 19, 18)              // fcmgt v9.4s, v19.4s, v18.4s
	VBIT   V8.B16, V17.B16, V16.B16
	VBIT   V9.B16, V19.B16, V18.B16
	FCMGT_4S(8, 18, 16)              // fcmgt v8.4s, v18.4s, v16.4s
	VBIT   V8.B16, V18.B16, V16.B16
	FMAXV_S(20, 16)                  // fmaxv s20, v16.4s
	FCMPS  $(0.0), F20
	BEQ    zero

	// maxv: the first value with |x| = amax. Find its group of 16, then
	// look in it one value at a time.
	FMOVS  F20, TMP
	VDUP   TMP, V21.S4
	MOVD   XP, XB

find:
	VLD1.P 64(XB), [V0.S4, V1.S4, V2.S4, V3.S4]
	FABS_4S(4, 0)                    // fabs v4.4s, v0.4s
	FABS_4S(5, 1)                    // fabs v5.4s, v1.4s
	FABS_4S(6, 2)                    // fabs v6.4s, v2.4s
	FABS_4S(7, 3)                    // fabs v7.4s, v3.4s
	FCMEQ_4S(4, 4, 21)               // fcmeq v4.4s, v4.4s, v21.4s
	FCMEQ_4S(5, 5, 21)               // fcmeq v5.4s, v5.4s, v21.4s
	FCMEQ_4S(6, 6, 21)               // fcmeq v6.4s, v6.4s, v21.4s
	FCMEQ_4S(7, 7, 21)               // fcmeq v7.4s, v7.4s, v21.4s
	VORR   V5.B16, V4.B16, V4.B16
	VORR   V7.B16, V6.B16, V6.B16
	VORR   V6.B16, V4.B16, V4.B16
	VMOV   V4.D[0], TMP
	VMOV   V4.D[1], CNT
	ORR    CNT, TMP
	CBZ    TMP, find

	SUB    $64, XB

scan:
	FMOVS.P 4(XB), F1
	FABSS   F1, F2
	FCMPS   F20, F2
	BNE     scan

	// iscale = -127/maxv (F1), d = 1/iscale.
	MOVW   $0xc2fe0000, TMP // -127.0
	FMOVS  TMP, F2
	FDIVS  F1, F2, F22
	FMOVS  $(1.0), F3
	FDIVS  F22, F3, F3
	FMOVS  F3, (DP)
	FMOVS  F22, TMP
	VDUP   TMP, V22.S4

	ADD    $4, DP, QS
	ADD    $260, DP, BS
	MOVD   XP, XB
	MOVD   $16, CNT

codes:
	// iscale*x, rounded, then + 1.5*2^23 (nearest_int), as x86 computes it.
	VLD1.P 64(XB), [V0.S4, V1.S4, V2.S4, V3.S4]
	FMUL_4S(4, 22, 0)                // fmul v4.4s, v22.4s, v0.4s
	FMUL_4S(5, 22, 1)                // fmul v5.4s, v22.4s, v1.4s
	FMUL_4S(6, 22, 2)                // fmul v6.4s, v22.4s, v2.4s
	FMUL_4S(7, 22, 3)                // fmul v7.4s, v22.4s, v3.4s
	FADD_4S(4, 4, 24)                // fadd v4.4s, v4.4s, v24.4s
	FADD_4S(5, 5, 24)                // fadd v5.4s, v5.4s, v24.4s
	FADD_4S(6, 6, 24)                // fadd v6.4s, v6.4s, v24.4s
	FADD_4S(7, 7, 24)                // fadd v7.4s, v7.4s, v24.4s
	VAND   V25.B16, V4.B16, V4.B16
	VAND   V25.B16, V5.B16, V5.B16
	VAND   V25.B16, V6.B16, V6.B16
	VAND   V25.B16, V7.B16, V7.B16
	VSUB   V26.S4, V4.S4, V4.S4
	VSUB   V26.S4, V5.S4, V5.S4
	VSUB   V26.S4, V6.S4, V6.S4
	VSUB   V26.S4, V7.S4, V7.S4
	SMIN_4S(4, 4, 27)                // smin v4.4s, v4.4s, v27.4s
	SMIN_4S(5, 5, 27)                // smin v5.4s, v5.4s, v27.4s
	SMIN_4S(6, 6, 27)                // smin v6.4s, v6.4s, v27.4s
	SMIN_4S(7, 7, 27)                // smin v7.4s, v7.4s, v27.4s

	// Truncate to int8: the low halves of the int32s, then the low bytes.
	VUZP1  V5.H8, V4.H8, V8.H8
	VUZP1  V7.H8, V6.H8, V9.H8
	VUZP1  V9.B16, V8.B16, V10.B16
	VST1.P [V10.B16], 16(QS)
	SADDLV_H(11, 10)                 // saddlv h11, v10.16b
	VMOV   V11.H[0], TMP
	MOVH.P TMP, 2(BS)
	SUBS   $1, CNT
	BNE    codes
	B      next

zero:
	VEOR   V0.B16, V0.B16, V0.B16
	VEOR   V1.B16, V1.B16, V1.B16
	VEOR   V2.B16, V2.B16, V2.B16
	VEOR   V3.B16, V3.B16, V3.B16
	MOVD   DP, QS
	VST1.P [V0.B16, V1.B16, V2.B16, V3.B16], 64(QS)
	VST1.P [V0.B16, V1.B16, V2.B16, V3.B16], 64(QS)
	VST1.P [V0.B16, V1.B16, V2.B16, V3.B16], 64(QS)
	VST1.P [V0.B16, V1.B16, V2.B16, V3.B16], 64(QS)
	VST1.P [V0.B16, V1.B16], 32(QS)
	MOVW   ZR, (QS)

next:
	ADD    $1024, XP
	ADD    $292, DP
	SUBS   $1, NB
	BNE    block

done:
	RET
