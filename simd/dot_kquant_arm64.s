//go:build !purego

#include "textflag.h"
#include "neon_arm64.h"

// Dot products of K-quant super-blocks (256 weights) with Q8_K activation
// blocks (292 bytes: float32 d, 256 int8 codes, 16 int16 sums of 16
// codes). They keep the twin's eight integer lane sums (lane l adds
// scale*q*code over the weights at positions l mod 8 of every group of
// 16) and its float32 lane totals, so the result is bit for bit the
// twin's:
//
//	for each group g of 16: p = q[0:8]*y[0:8] + q[8:16]*y[8:16] (int16, SMULL)
//	                        acc += scale[g]*p                   (int32, SMLAL)
//	sums += float32(d*dy * float32(acc))  (four lanes at a time, in order)
//	total = sumf + sums[0] + ... + sums[7]
//
// Even groups accumulate in V10/V11 (lanes 0-3/4-7), odd groups in
// V12/V13, to halve the dependency chains; their sum is exact. Q2_K's
// twin adds the lanes of each super-block into one integer instead, and
// IQ4_XS's adds a float32 term per 32 weights; their kernels do the same.

#define WP R0  // weight super-blocks
#define AP R1  // activation blocks
#define NB R2  // super-blocks left
#define CNT R3 // inner loop counter
#define TMP R4
#define U0 R5
#define U1 R6
#define U2 R7
#define QH R8  // Q6_K: the high bits

// Float registers kept across super-blocks: V28, V29 the lane totals
// sums[0:4], sums[4:8]; F30 sumf.

// ADDLANES adds the lanes of V28 and V29 to F30 in order.
#define ADDLANE(v, i) \
	VMOV  v.S[i], TMP; \
	FMOVS TMP, F1; \
	FADDS F1, F30, F30
#define ADDLANES \
	ADDLANE(V28, 0); ADDLANE(V28, 1); ADDLANE(V28, 2); ADDLANE(V28, 3); \
	ADDLANE(V29, 0); ADDLANE(V29, 1); ADDLANE(V29, 2); ADDLANE(V29, 3)

// F16 loads the fp16 value at off(WP) as float32 into f.
#define F16(off, f) \
	MOVHU  off(WP), TMP; \
	FMOVS  TMP, f; \
	FCVTHS f, f

// Q4_K super-blocks are 144 bytes: fp16 d and dmin, 12 bytes of 6-bit
// scales and minimums, then 128 bytes of nibbles: byte 32c+l holds weight
// 64c+l in its low nibble and 64c+32+l in its high one.

// func dotQ4_KQ8_KNEON(w, a []byte, n int) float32
TEXT ·dotQ4_KQ8_KNEON(SB), NOSPLIT, $0-60
	MOVD  w_base+0(FP), WP
	MOVD  a_base+24(FP), AP
	MOVD  n+48(FP), NB
	LSR   $8, NB
	VEOR  V28.B16, V28.B16, V28.B16
	VEOR  V29.B16, V29.B16, V29.B16
	VEOR  V30.B16, V30.B16, V30.B16
	VMOVI $15, V31.B16
	CBZ   NB, done

block:
	// The eight scales and minimums (ggml's get_scale_min_k4) from the
	// little-endian words u0, u1, u2 of bytes 4-15: scales 0-3 are
	// u0&0x3f…, 4-7 are u2&0x0f… | (u0>>6&0x03…)<<4; minimums 0-3 are
	// u1&0x3f…, 4-7 are u2>>4&0x0f… | (u1>>6&0x03…)<<4.
	MOVWU 4(WP), U0
	MOVWU 8(WP), U1
	MOVWU 12(WP), U2
	ANDW  $0x0f0f0f0f, U2, TMP
	LSRW  $2, U0, CNT
	ANDW  $0x30303030, CNT, CNT
	ORRW  CNT, TMP, TMP             // scales 4-7
	ANDW  $0x3f3f3f3f, U0, U0       // scales 0-3
	ORR   TMP<<32, U0, U0
	VMOV  U0, V15.D[0]
	VUXTL V15.B8, V15.H8            // V15.H[j]: scale of weights 32j to 32j+31
	LSRW  $4, U2, TMP
	ANDW  $0x0f0f0f0f, TMP, TMP
	LSRW  $2, U1, CNT
	ANDW  $0x30303030, CNT, CNT
	ORRW  CNT, TMP, TMP             // minimums 4-7
	ANDW  $0x3f3f3f3f, U1, U1       // minimums 0-3
	ORR   TMP<<32, U1, U1
	VMOV  U1, V21.D[0]
	VUXTL V21.B8, V21.H8
	VZIP1 V21.H8, V21.H8, V26.H8    // the minimum of each group of 16: m0 m0 m1 m1 …
	VZIP2 V21.H8, V21.H8, V27.H8

	// minSum = sum(bsums[g]*min[g]) in S24, as float32.
	ADD   $260, AP, TMP
	VLD1  (TMP), [V22.H8, V23.H8]
	SMULL_4S(24, 22, 26)             // smull v24.4s, v22.4h, v26.4h
	SMLAL2_4S(24, 22, 26)            // smlal2 v24.4s, v22.8h, v26.8h
	SMLAL_4S(24, 23, 27)             // smlal v24.4s, v23.4h, v27.4h
	SMLAL2_4S(24, 23, 27)            // smlal2 v24.4s, v23.8h, v27.8h
	VADDV V24.S4, V24
	SCVTF_S(24, 24)                  // scvtf s24, s24

	FMOVS (AP), F20                 // dy
	F16(0, F25)
	FMULS F20, F25, F25             // d*dy
	F16(2, F26)
	FMULS F20, F26, F26             // dmin*dy

	VEOR  V10.B16, V10.B16, V10.B16
	VEOR  V11.B16, V11.B16, V11.B16
	VEOR  V12.B16, V12.B16, V12.B16
	VEOR  V13.B16, V13.B16, V13.B16
	ADD   $16, WP
	ADD   $4, AP
	MOVD  $4, CNT

chunk:
	// 64 weights: groups 4c (low nibbles of bytes 0-15), 4c+1 (bytes
	// 16-31), 4c+2 and 4c+3 (their high nibbles), with scales
	// V15.H[0] and V15.H[1].
	VLD1.P 32(WP), [V0.B16, V1.B16]
	VLD1.P 64(AP), [V16.B16, V17.B16, V18.B16, V19.B16]
	VAND   V31.B16, V0.B16, V2.B16
	VAND   V31.B16, V1.B16, V3.B16
	VUSHR  $4, V0.B16, V4.B16
	VUSHR  $4, V1.B16, V5.B16

	SMULL_8H(6, 2, 16)               // smull v6.8h, v2.8b, v16.8b
	SMULL2_8H(7, 2, 16)              // smull2 v7.8h, v2.16b, v16.16b
	VADD   V7.H8, V6.H8, V6.H8
	SMLAL_4S_H(10, 6, 15, 0)         // smlal v10.4s, v6.4h, v15.h[0]
	SMLAL2_4S_H(11, 6, 15, 0)        // smlal2 v11.4s, v6.8h, v15.h[0]

	SMULL_8H(8, 3, 17)               // smull v8.8h, v3.8b, v17.8b
	SMULL2_8H(9, 3, 17)              // smull2 v9.8h, v3.16b, v17.16b
	VADD   V9.H8, V8.H8, V8.H8
	SMLAL_4S_H(12, 8, 15, 0)         // smlal v12.4s, v8.4h, v15.h[0]
	SMLAL2_4S_H(13, 8, 15, 0)        // smlal2 v13.4s, v8.8h, v15.h[0]

	SMULL_8H(6, 4, 18)               // smull v6.8h, v4.8b, v18.8b
	SMULL2_8H(7, 4, 18)              // smull2 v7.8h, v4.16b, v18.16b
	VADD   V7.H8, V6.H8, V6.H8
	SMLAL_4S_H(10, 6, 15, 1)         // smlal v10.4s, v6.4h, v15.h[1]
	SMLAL2_4S_H(11, 6, 15, 1)        // smlal2 v11.4s, v6.8h, v15.h[1]

	SMULL_8H(8, 5, 19)               // smull v8.8h, v5.8b, v19.8b
	SMULL2_8H(9, 5, 19)              // smull2 v9.8h, v5.16b, v19.16b
	VADD   V9.H8, V8.H8, V8.H8
	SMLAL_4S_H(12, 8, 15, 1)         // smlal v12.4s, v8.4h, v15.h[1]
	SMLAL2_4S_H(13, 8, 15, 1)        // smlal2 v13.4s, v8.8h, v15.h[1]

	VEXT   $4, V15.B16, V15.B16, V15.B16 // the next chunk's scales to H[0], H[1]
	SUBS   $1, CNT
	BNE    chunk

	ADD    $32, AP                  // past bsums: the next block
	VADD   V12.S4, V10.S4, V10.S4
	VADD   V13.S4, V11.S4, V11.S4
	SCVTF_4S(10, 10)                 // scvtf v10.4s, v10.4s
	SCVTF_4S(11, 11)                 // scvtf v11.4s, v11.4s
	FMUL_4S_S(10, 10, 25, 0)         // fmul v10.4s, v10.4s, v25.s[0]
	FMUL_4S_S(11, 11, 25, 0)         // fmul v11.4s, v11.4s, v25.s[0]
	FADD_4S(28, 28, 10)              // fadd v28.4s, v28.4s, v10.4s
	FADD_4S(29, 29, 11)              // fadd v29.4s, v29.4s, v11.4s
	FMULS  F24, F26, F24            // dmin*dy * minSum
	FSUBS  F24, F30, F30
	SUBS   $1, NB
	BNE    block

done:
	ADDLANES
	FMOVS F30, ret+56(FP)
	RET

// Q5_K super-blocks are 176 bytes: Q4_K's d, dmin and scales, then 32
// bytes qh of fifth bits (bit e/32 of qh[e%32] adds 16 to weight e), then
// Q4_K's 128 bytes of nibbles. The kernel is Q4_K's with the fifth bits;
// it subtracts the minimums' term before the chunks (V20-V24 are needed
// there), which changes nothing: the twin adds it to another sum.

// func dotQ5_KQ8_KNEON(w, a []byte, n int) float32
TEXT ·dotQ5_KQ8_KNEON(SB), NOSPLIT, $0-60
	MOVD  w_base+0(FP), WP
	MOVD  a_base+24(FP), AP
	MOVD  n+48(FP), NB
	LSR   $8, NB
	VEOR  V28.B16, V28.B16, V28.B16
	VEOR  V29.B16, V29.B16, V29.B16
	VEOR  V30.B16, V30.B16, V30.B16
	VMOVI $15, V31.B16
	VMOVI $1, V14.B16
	VMOVI $2, V20.B16
	CBZ   NB, done

block:
	// The eight scales and minimums (ggml's get_scale_min_k4) from the
	// little-endian words u0, u1, u2 of bytes 4-15: scales 0-3 are
	// u0&0x3f…, 4-7 are u2&0x0f… | (u0>>6&0x03…)<<4; minimums 0-3 are
	// u1&0x3f…, 4-7 are u2>>4&0x0f… | (u1>>6&0x03…)<<4.
	MOVWU 4(WP), U0
	MOVWU 8(WP), U1
	MOVWU 12(WP), U2
	ANDW  $0x0f0f0f0f, U2, TMP
	LSRW  $2, U0, CNT
	ANDW  $0x30303030, CNT, CNT
	ORRW  CNT, TMP, TMP             // scales 4-7
	ANDW  $0x3f3f3f3f, U0, U0       // scales 0-3
	ORR   TMP<<32, U0, U0
	VMOV  U0, V15.D[0]
	VUXTL V15.B8, V15.H8            // V15.H[j]: scale of weights 32j to 32j+31
	LSRW  $4, U2, TMP
	ANDW  $0x0f0f0f0f, TMP, TMP
	LSRW  $2, U1, CNT
	ANDW  $0x30303030, CNT, CNT
	ORRW  CNT, TMP, TMP             // minimums 4-7
	ANDW  $0x3f3f3f3f, U1, U1       // minimums 0-3
	ORR   TMP<<32, U1, U1
	VMOV  U1, V21.D[0]
	VUXTL V21.B8, V21.H8
	VZIP1 V21.H8, V21.H8, V26.H8    // the minimum of each group of 16: m0 m0 m1 m1 …
	VZIP2 V21.H8, V21.H8, V27.H8

	// minSum = sum(bsums[g]*min[g]) in S24, as float32.
	ADD   $260, AP, TMP
	VLD1  (TMP), [V22.H8, V23.H8]
	SMULL_4S(24, 22, 26)             // smull v24.4s, v22.4h, v26.4h
	SMLAL2_4S(24, 22, 26)            // smlal2 v24.4s, v22.8h, v26.8h
	SMLAL_4S(24, 23, 27)             // smlal v24.4s, v23.4h, v27.4h
	SMLAL2_4S(24, 23, 27)            // smlal2 v24.4s, v23.8h, v27.8h
	VADDV V24.S4, V24
	SCVTF_S(24, 24)                  // scvtf s24, s24

	FMOVS (AP), F27                 // dy
	F16(0, F25)
	FMULS F27, F25, F25             // d*dy
	F16(2, F26)
	FMULS F27, F26, F26             // dmin*dy

	FMULS F24, F26, F24             // dmin*dy * minSum
	FSUBS F24, F30, F30

	VEOR  V10.B16, V10.B16, V10.B16
	VEOR  V11.B16, V11.B16, V11.B16
	VEOR  V12.B16, V12.B16, V12.B16
	VEOR  V13.B16, V13.B16, V13.B16
	ADD   $16, WP
	VLD1.P 32(WP), [V21.B16, V22.B16] // qh: the fifth bits
	ADD   $4, AP
	MOVD  $4, CNT

chunk:
	// 64 weights: groups 4c (low nibbles of bytes 0-15), 4c+1 (bytes
	// 16-31), 4c+2 and 4c+3 (their high nibbles), with scales
	// V15.H[0] and V15.H[1].
	VLD1.P 32(WP), [V0.B16, V1.B16]
	VLD1.P 64(AP), [V16.B16, V17.B16, V18.B16, V19.B16]
	VAND   V31.B16, V0.B16, V2.B16
	VAND   V31.B16, V1.B16, V3.B16
	VUSHR  $4, V0.B16, V4.B16
	VUSHR  $4, V1.B16, V5.B16

	// Fifth bits: bit 2c of qh[l] for weight 64c+l, bit 2c+1 for weight
	// 64c+32+l; qh is shifted right by 2 after each chunk.
	VAND   V14.B16, V21.B16, V23.B16
	VAND   V14.B16, V22.B16, V24.B16
	VSHL   $4, V23.B16, V23.B16
	VSHL   $4, V24.B16, V24.B16
	VORR   V23.B16, V2.B16, V2.B16
	VORR   V24.B16, V3.B16, V3.B16
	VAND   V20.B16, V21.B16, V23.B16
	VAND   V20.B16, V22.B16, V24.B16
	VSHL   $3, V23.B16, V23.B16
	VSHL   $3, V24.B16, V24.B16
	VORR   V23.B16, V4.B16, V4.B16
	VORR   V24.B16, V5.B16, V5.B16
	VUSHR  $2, V21.B16, V21.B16
	VUSHR  $2, V22.B16, V22.B16

	SMULL_8H(6, 2, 16)               // smull v6.8h, v2.8b, v16.8b
	SMULL2_8H(7, 2, 16)              // smull2 v7.8h, v2.16b, v16.16b
	VADD   V7.H8, V6.H8, V6.H8
	SMLAL_4S_H(10, 6, 15, 0)         // smlal v10.4s, v6.4h, v15.h[0]
	SMLAL2_4S_H(11, 6, 15, 0)        // smlal2 v11.4s, v6.8h, v15.h[0]

	SMULL_8H(8, 3, 17)               // smull v8.8h, v3.8b, v17.8b
	SMULL2_8H(9, 3, 17)              // smull2 v9.8h, v3.16b, v17.16b
	VADD   V9.H8, V8.H8, V8.H8
	SMLAL_4S_H(12, 8, 15, 0)         // smlal v12.4s, v8.4h, v15.h[0]
	SMLAL2_4S_H(13, 8, 15, 0)        // smlal2 v13.4s, v8.8h, v15.h[0]

	SMULL_8H(6, 4, 18)               // smull v6.8h, v4.8b, v18.8b
	SMULL2_8H(7, 4, 18)              // smull2 v7.8h, v4.16b, v18.16b
	VADD   V7.H8, V6.H8, V6.H8
	SMLAL_4S_H(10, 6, 15, 1)         // smlal v10.4s, v6.4h, v15.h[1]
	SMLAL2_4S_H(11, 6, 15, 1)        // smlal2 v11.4s, v6.8h, v15.h[1]

	SMULL_8H(8, 5, 19)               // smull v8.8h, v5.8b, v19.8b
	SMULL2_8H(9, 5, 19)              // smull2 v9.8h, v5.16b, v19.16b
	VADD   V9.H8, V8.H8, V8.H8
	SMLAL_4S_H(12, 8, 15, 1)         // smlal v12.4s, v8.4h, v15.h[1]
	SMLAL2_4S_H(13, 8, 15, 1)        // smlal2 v13.4s, v8.8h, v15.h[1]

	VEXT   $4, V15.B16, V15.B16, V15.B16 // the next chunk's scales to H[0], H[1]
	SUBS   $1, CNT
	BNE    chunk

	ADD    $32, AP                  // past bsums: the next block
	VADD   V12.S4, V10.S4, V10.S4
	VADD   V13.S4, V11.S4, V11.S4
	SCVTF_4S(10, 10)                 // scvtf v10.4s, v10.4s
	SCVTF_4S(11, 11)                 // scvtf v11.4s, v11.4s
	FMUL_4S_S(10, 10, 25, 0)         // fmul v10.4s, v10.4s, v25.s[0]
	FMUL_4S_S(11, 11, 25, 0)         // fmul v11.4s, v11.4s, v25.s[0]
	FADD_4S(28, 28, 10)              // fadd v28.4s, v28.4s, v10.4s
	FADD_4S(29, 29, 11)              // fadd v29.4s, v29.4s, v11.4s
	SUBS   $1, NB
	BNE    block

done:
	ADDLANES
	FMOVS F30, ret+56(FP)
	RET

// Q6_K super-blocks are 210 bytes: 128 bytes ql of low nibbles, 64 bytes
// qh of high bit pairs, 16 int8 scales, fp16 d. In each half h of 128
// weights, weight 128h+32k+l (k < 4, l < 32) has its low bits in
// ql[64h+32(k%2)+l] (the low nibble for k < 2) and its high bits at bit
// 2k of qh[32h+l]; weight = d*scale*(q-32).

// Q6CODES makes the 32 codes of one k (in V6, V7) from the low nibbles in
// lo0, lo1 (already isolated) and the high bits hi0, hi1, shifted and
// masked by the caller into bits 4-5; minus 32 (V27 holds 32s).
#define Q6CODES(lo0, lo1, hi0, hi1) \
	VORR  hi0.B16, lo0.B16, V6.B16; \
	VORR  hi1.B16, lo1.B16, V7.B16; \
	VSUB  V27.B16, V6.B16, V6.B16; \
	VSUB  V27.B16, V7.B16, V7.B16

// func dotQ6_KQ8_KNEON(w, a []byte, n int) float32
TEXT ·dotQ6_KQ8_KNEON(SB), NOSPLIT, $0-60
	MOVD  w_base+0(FP), WP
	MOVD  a_base+24(FP), AP
	MOVD  n+48(FP), NB
	LSR   $8, NB
	VEOR  V28.B16, V28.B16, V28.B16
	VEOR  V29.B16, V29.B16, V29.B16
	VEOR  V30.B16, V30.B16, V30.B16
	VMOVI $15, V31.B16
	VMOVI $0x30, V26.B16
	VMOVI $32, V27.B16
	CBZ   NB, done

block:
	ADD   $192, WP, TMP
	VLD1  (TMP), [V20.B16]
	SXTL_8H(14, 20)                  // sshll v14.8h, v20.8b, #0
	SXTL2_8H(15, 20)                 // sshll2 v15.8h, v20.16b, #0
	FMOVS (AP), F20                 // dy
	F16(208, F25)
	FMULS F20, F25, F25             // d*dy

	VEOR  V10.B16, V10.B16, V10.B16
	VEOR  V11.B16, V11.B16, V11.B16
	VEOR  V12.B16, V12.B16, V12.B16
	VEOR  V13.B16, V13.B16, V13.B16
	ADD   $128, WP, QH
	ADD   $4, AP
	MOVD  $2, CNT

half:
	// Groups 2k and 2k+1 of the half have scales V14.H[2k], V14.H[2k+1].
	VLD1.P 64(WP), [V0.B16, V1.B16, V2.B16, V3.B16]
	VLD1.P 32(QH), [V4.B16, V5.B16]

	// k = 0: low nibbles of ql[0:32], qh bits 0-1.
	VLD1.P 32(AP), [V16.B16, V17.B16]
	VAND   V31.B16, V0.B16, V8.B16
	VAND   V31.B16, V1.B16, V9.B16
	VSHL   $4, V4.B16, V18.B16
	VSHL   $4, V5.B16, V19.B16
	VAND   V26.B16, V18.B16, V18.B16
	VAND   V26.B16, V19.B16, V19.B16
	Q6CODES(V8, V9, V18, V19)
	SMULL_8H(8, 6, 16)               // smull v8.8h, v6.8b, v16.8b
	SMULL2_8H(9, 6, 16)              // smull2 v9.8h, v6.16b, v16.16b
	VADD   V9.H8, V8.H8, V8.H8
	SMLAL_4S_H(10, 8, 14, 0)         // smlal v10.4s, v8.4h, v14.h[0]
	SMLAL2_4S_H(11, 8, 14, 0)        // smlal2 v11.4s, v8.8h, v14.h[0]
	SMULL_8H(18, 7, 17)              // smull v18.8h, v7.8b, v17.8b
	SMULL2_8H(19, 7, 17)             // smull2 v19.8h, v7.16b, v17.16b
	VADD   V19.H8, V18.H8, V18.H8
	SMLAL_4S_H(12, 18, 14, 1)        // smlal v12.4s, v18.4h, v14.h[1]
	SMLAL2_4S_H(13, 18, 14, 1)       // smlal2 v13.4s, v18.8h, v14.h[1]

	// k = 1: low nibbles of ql[32:64], qh bits 2-3.
	VLD1.P 32(AP), [V16.B16, V17.B16]
	VAND   V31.B16, V2.B16, V8.B16
	VAND   V31.B16, V3.B16, V9.B16
	VSHL   $2, V4.B16, V18.B16
	VSHL   $2, V5.B16, V19.B16
	VAND   V26.B16, V18.B16, V18.B16
	VAND   V26.B16, V19.B16, V19.B16
	Q6CODES(V8, V9, V18, V19)
	SMULL_8H(8, 6, 16)               // smull v8.8h, v6.8b, v16.8b
	SMULL2_8H(9, 6, 16)              // smull2 v9.8h, v6.16b, v16.16b
	VADD   V9.H8, V8.H8, V8.H8
	SMLAL_4S_H(10, 8, 14, 2)         // smlal v10.4s, v8.4h, v14.h[2]
	SMLAL2_4S_H(11, 8, 14, 2)        // smlal2 v11.4s, v8.8h, v14.h[2]
	SMULL_8H(18, 7, 17)              // smull v18.8h, v7.8b, v17.8b
	SMULL2_8H(19, 7, 17)             // smull2 v19.8h, v7.16b, v17.16b
	VADD   V19.H8, V18.H8, V18.H8
	SMLAL_4S_H(12, 18, 14, 3)        // smlal v12.4s, v18.4h, v14.h[3]
	SMLAL2_4S_H(13, 18, 14, 3)       // smlal2 v13.4s, v18.8h, v14.h[3]

	// k = 2: high nibbles of ql[0:32], qh bits 4-5.
	VLD1.P 32(AP), [V16.B16, V17.B16]
	VUSHR  $4, V0.B16, V8.B16
	VUSHR  $4, V1.B16, V9.B16
	VAND   V26.B16, V4.B16, V18.B16
	VAND   V26.B16, V5.B16, V19.B16
	Q6CODES(V8, V9, V18, V19)
	SMULL_8H(8, 6, 16)               // smull v8.8h, v6.8b, v16.8b
	SMULL2_8H(9, 6, 16)              // smull2 v9.8h, v6.16b, v16.16b
	VADD   V9.H8, V8.H8, V8.H8
	SMLAL_4S_H(10, 8, 14, 4)         // smlal v10.4s, v8.4h, v14.h[4]
	SMLAL2_4S_H(11, 8, 14, 4)        // smlal2 v11.4s, v8.8h, v14.h[4]
	SMULL_8H(18, 7, 17)              // smull v18.8h, v7.8b, v17.8b
	SMULL2_8H(19, 7, 17)             // smull2 v19.8h, v7.16b, v17.16b
	VADD   V19.H8, V18.H8, V18.H8
	SMLAL_4S_H(12, 18, 14, 5)        // smlal v12.4s, v18.4h, v14.h[5]
	SMLAL2_4S_H(13, 18, 14, 5)       // smlal2 v13.4s, v18.8h, v14.h[5]

	// k = 3: high nibbles of ql[32:64], qh bits 6-7.
	VLD1.P 32(AP), [V16.B16, V17.B16]
	VUSHR  $4, V2.B16, V8.B16
	VUSHR  $4, V3.B16, V9.B16
	VUSHR  $2, V4.B16, V18.B16
	VUSHR  $2, V5.B16, V19.B16
	VAND   V26.B16, V18.B16, V18.B16
	VAND   V26.B16, V19.B16, V19.B16
	Q6CODES(V8, V9, V18, V19)
	SMULL_8H(8, 6, 16)               // smull v8.8h, v6.8b, v16.8b
	SMULL2_8H(9, 6, 16)              // smull2 v9.8h, v6.16b, v16.16b
	VADD   V9.H8, V8.H8, V8.H8
	SMLAL_4S_H(10, 8, 14, 6)         // smlal v10.4s, v8.4h, v14.h[6]
	SMLAL2_4S_H(11, 8, 14, 6)        // smlal2 v11.4s, v8.8h, v14.h[6]
	SMULL_8H(18, 7, 17)              // smull v18.8h, v7.8b, v17.8b
	SMULL2_8H(19, 7, 17)             // smull2 v19.8h, v7.16b, v17.16b
	VADD   V19.H8, V18.H8, V18.H8
	SMLAL_4S_H(12, 18, 14, 7)        // smlal v12.4s, v18.4h, v14.h[7]
	SMLAL2_4S_H(13, 18, 14, 7)       // smlal2 v13.4s, v18.8h, v14.h[7]

	VMOV   V15.B16, V14.B16         // the second half's scales
	SUBS   $1, CNT
	BNE    half

	ADD    $82, WP                  // past qh, scales and d: the next block
	ADD    $32, AP                  // past bsums
	VADD   V12.S4, V10.S4, V10.S4
	VADD   V13.S4, V11.S4, V11.S4
	SCVTF_4S(10, 10)                 // scvtf v10.4s, v10.4s
	SCVTF_4S(11, 11)                 // scvtf v11.4s, v11.4s
	FMUL_4S_S(10, 10, 25, 0)         // fmul v10.4s, v10.4s, v25.s[0]
	FMUL_4S_S(11, 11, 25, 0)         // fmul v11.4s, v11.4s, v25.s[0]
	FADD_4S(28, 28, 10)              // fadd v28.4s, v28.4s, v10.4s
	FADD_4S(29, 29, 11)              // fadd v29.4s, v29.4s, v11.4s
	SUBS   $1, NB
	BNE    block

done:
	ADDLANES
	FMOVS F30, ret+56(FP)
	RET

// Q2_K super-blocks are 84 bytes: 16 bytes with a 4-bit scale (low
// nibble) and minimum (high nibble) per group of 16, 64 bytes qs of 2-bit
// codes (weight 128k+32j+l is bits 2j of qs[32k+l]), fp16 d and dmin;
// weight = d*scale*q - dmin*min. The twin adds the super-block's integer
// lanes into one total isum, then sumf += dy*d*isum - dy*dmin*minSum.

// func dotQ2_KQ8_KNEON(w, a []byte, n int) float32
TEXT ·dotQ2_KQ8_KNEON(SB), NOSPLIT, $0-60
	MOVD  w_base+0(FP), WP
	MOVD  a_base+24(FP), AP
	MOVD  n+48(FP), NB
	LSR   $8, NB
	VEOR  V30.B16, V30.B16, V30.B16
	VMOVI $3, V31.B16
	VMOVI $15, V28.B16
	CBZ   NB, done

block:
	VLD1   (WP), [V20.B16]
	VAND   V28.B16, V20.B16, V21.B16 // scales
	VUSHR  $4, V20.B16, V22.B16      // minimums
	VUXTL  V21.B8, V14.H8
	VUXTL2 V21.B16, V15.H8
	VUXTL  V22.B8, V23.H8
	VUXTL2 V22.B16, V24.H8

	// minSum = sum(bsums[g]*min[g]) in S27, as float32.
	ADD    $260, AP, TMP
	VLD1   (TMP), [V25.H8, V26.H8]
	SMULL_4S(27, 25, 23)             // smull v27.4s, v25.4h, v23.4h
	SMLAL2_4S(27, 25, 23)            // smlal2 v27.4s, v25.8h, v23.8h
	SMLAL_4S(27, 26, 24)             // smlal v27.4s, v26.4h, v24.4h
	SMLAL2_4S(27, 26, 24)            // smlal2 v27.4s, v26.8h, v24.8h
	VADDV  V27.S4, V27
	SCVTF_S(27, 27)                  // scvtf s27, s27

	FMOVS  (AP), F22                // dy
	F16(80, F20)
	FMULS  F20, F22, F20            // dall = dy*d
	F16(82, F21)
	FMULS  F21, F22, F21            // dmin = dy*dmin
	FMULS  F27, F21, F27            // dmin*minSum

	VEOR   V10.B16, V10.B16, V10.B16
	VEOR   V11.B16, V11.B16, V11.B16
	VEOR   V12.B16, V12.B16, V12.B16
	VEOR   V13.B16, V13.B16, V13.B16
	ADD    $16, WP
	ADD    $4, AP
	MOVD   $2, CNT

half:
	// Groups 2j and 2j+1 of the half have scales V14.H[2j], V14.H[2j+1].
	VLD1.P 32(WP), [V0.B16, V1.B16]

	// j = 0: bits 0-1 of qs.
	VLD1.P 32(AP), [V16.B16, V17.B16]
	VAND   V31.B16, V0.B16, V2.B16
	VAND   V31.B16, V1.B16, V3.B16
	SMULL_8H(6, 2, 16)               // smull v6.8h, v2.8b, v16.8b
	SMULL2_8H(7, 2, 16)              // smull2 v7.8h, v2.16b, v16.16b
	VADD   V7.H8, V6.H8, V6.H8
	SMLAL_4S_H(10, 6, 14, 0)         // smlal v10.4s, v6.4h, v14.h[0]
	SMLAL2_4S_H(11, 6, 14, 0)        // smlal2 v11.4s, v6.8h, v14.h[0]
	SMULL_8H(8, 3, 17)               // smull v8.8h, v3.8b, v17.8b
	SMULL2_8H(9, 3, 17)              // smull2 v9.8h, v3.16b, v17.16b
	VADD   V9.H8, V8.H8, V8.H8
	SMLAL_4S_H(12, 8, 14, 1)         // smlal v12.4s, v8.4h, v14.h[1]
	SMLAL2_4S_H(13, 8, 14, 1)        // smlal2 v13.4s, v8.8h, v14.h[1]

	// j = 1: bits 2-3 of qs.
	VLD1.P 32(AP), [V16.B16, V17.B16]
	VUSHR  $2, V0.B16, V2.B16
	VUSHR  $2, V1.B16, V3.B16
	VAND   V31.B16, V2.B16, V2.B16
	VAND   V31.B16, V3.B16, V3.B16
	SMULL_8H(6, 2, 16)               // smull v6.8h, v2.8b, v16.8b
	SMULL2_8H(7, 2, 16)              // smull2 v7.8h, v2.16b, v16.16b
	VADD   V7.H8, V6.H8, V6.H8
	SMLAL_4S_H(10, 6, 14, 2)         // smlal v10.4s, v6.4h, v14.h[2]
	SMLAL2_4S_H(11, 6, 14, 2)        // smlal2 v11.4s, v6.8h, v14.h[2]
	SMULL_8H(8, 3, 17)               // smull v8.8h, v3.8b, v17.8b
	SMULL2_8H(9, 3, 17)              // smull2 v9.8h, v3.16b, v17.16b
	VADD   V9.H8, V8.H8, V8.H8
	SMLAL_4S_H(12, 8, 14, 3)         // smlal v12.4s, v8.4h, v14.h[3]
	SMLAL2_4S_H(13, 8, 14, 3)        // smlal2 v13.4s, v8.8h, v14.h[3]

	// j = 2: bits 4-5 of qs.
	VLD1.P 32(AP), [V16.B16, V17.B16]
	VUSHR  $4, V0.B16, V2.B16
	VUSHR  $4, V1.B16, V3.B16
	VAND   V31.B16, V2.B16, V2.B16
	VAND   V31.B16, V3.B16, V3.B16
	SMULL_8H(6, 2, 16)               // smull v6.8h, v2.8b, v16.8b
	SMULL2_8H(7, 2, 16)              // smull2 v7.8h, v2.16b, v16.16b
	VADD   V7.H8, V6.H8, V6.H8
	SMLAL_4S_H(10, 6, 14, 4)         // smlal v10.4s, v6.4h, v14.h[4]
	SMLAL2_4S_H(11, 6, 14, 4)        // smlal2 v11.4s, v6.8h, v14.h[4]
	SMULL_8H(8, 3, 17)               // smull v8.8h, v3.8b, v17.8b
	SMULL2_8H(9, 3, 17)              // smull2 v9.8h, v3.16b, v17.16b
	VADD   V9.H8, V8.H8, V8.H8
	SMLAL_4S_H(12, 8, 14, 5)         // smlal v12.4s, v8.4h, v14.h[5]
	SMLAL2_4S_H(13, 8, 14, 5)        // smlal2 v13.4s, v8.8h, v14.h[5]

	// j = 3: bits 6-7 of qs.
	VLD1.P 32(AP), [V16.B16, V17.B16]
	VUSHR  $6, V0.B16, V2.B16
	VUSHR  $6, V1.B16, V3.B16
	VAND   V31.B16, V2.B16, V2.B16
	VAND   V31.B16, V3.B16, V3.B16
	SMULL_8H(6, 2, 16)               // smull v6.8h, v2.8b, v16.8b
	SMULL2_8H(7, 2, 16)              // smull2 v7.8h, v2.16b, v16.16b
	VADD   V7.H8, V6.H8, V6.H8
	SMLAL_4S_H(10, 6, 14, 6)         // smlal v10.4s, v6.4h, v14.h[6]
	SMLAL2_4S_H(11, 6, 14, 6)        // smlal2 v11.4s, v6.8h, v14.h[6]
	SMULL_8H(8, 3, 17)               // smull v8.8h, v3.8b, v17.8b
	SMULL2_8H(9, 3, 17)              // smull2 v9.8h, v3.16b, v17.16b
	VADD   V9.H8, V8.H8, V8.H8
	SMLAL_4S_H(12, 8, 14, 7)         // smlal v12.4s, v8.4h, v14.h[7]
	SMLAL2_4S_H(13, 8, 14, 7)        // smlal2 v13.4s, v8.8h, v14.h[7]

	VMOV   V15.B16, V14.B16         // the second half's scales
	SUBS   $1, CNT
	BNE    half

	ADD    $4, WP                   // past d and dmin: the next block
	ADD    $32, AP                  // past bsums
	VADD   V12.S4, V10.S4, V10.S4
	VADD   V13.S4, V11.S4, V11.S4
	VADD   V11.S4, V10.S4, V10.S4
	VADDV  V10.S4, V10              // isum
	SCVTF_S(10, 10)                  // scvtf s10, s10
	FMULS  F10, F20, F10            // dall*isum
	FSUBS  F27, F10, F10            // - dmin*minSum
	FADDS  F10, F30, F30
	SUBS   $1, NB
	BNE    block

done:
	FMOVS F30, ret+56(FP)
	RET

// Q3_K super-blocks are 110 bytes: 32 bytes hmask of high bits (bit e/32
// of hmask[e%32] for weight e), 64 bytes qs of low 2-bit codes packed as
// in Q2_K, 12 bytes of 6-bit scales biased by 32, fp16 d; weight =
// d*scale*(q-4) with the 3-bit code q. The scales come out of two
// little-endian words, L = bytes 96-103 and H = bytes 104-107: scale j is
// (L>>(4*(j/8)) of byte j%8) & 0xf | (H>>(2*(j/4)) of byte j%4) & 3 << 4.

#define SCL R9  // scales L
#define SCH R10 // scales H

// func dotQ3_KQ8_KNEON(w, a []byte, n int) float32
TEXT ·dotQ3_KQ8_KNEON(SB), NOSPLIT, $0-60
	MOVD  w_base+0(FP), WP
	MOVD  a_base+24(FP), AP
	MOVD  n+48(FP), NB
	LSR   $8, NB
	VEOR  V28.B16, V28.B16, V28.B16
	VEOR  V29.B16, V29.B16, V29.B16
	VEOR  V30.B16, V30.B16, V30.B16
	VMOVI $3, V31.B16
	VMOVI $1, V26.B16
	VMOVI $4, V27.B16
	VMOVI $32, V24.B16
	CBZ   NB, done

block:
	MOVD  96(WP), SCL
	MOVWU 104(WP), SCH
	AND   $0x0f0f0f0f0f0f0f0f, SCL, U0      // low bits of scales 0-7
	LSR   $4, SCL, U1
	AND   $0x0f0f0f0f0f0f0f0f, U1, U1       // low bits of scales 8-15
	ANDW  $0x03030303, SCH, U2
	LSRW  $2, SCH, TMP
	ANDW  $0x03030303, TMP, TMP
	ORR   TMP<<32, U2, U2                   // high bits of scales 0-7
	ORR   U2<<4, U0, U0
	LSRW  $4, SCH, U2
	ANDW  $0x03030303, U2, U2
	LSRW  $6, SCH, TMP
	ANDW  $0x03030303, TMP, TMP
	ORR   TMP<<32, U2, U2                   // high bits of scales 8-15
	ORR   U2<<4, U1, U1
	VMOV  U0, V20.D[0]
	VMOV  U1, V20.D[1]
	VSUB  V24.B16, V20.B16, V20.B16
	SXTL_8H(14, 20)                  // sshll v14.8h, v20.8b, #0
	SXTL2_8H(15, 20)                 // sshll2 v15.8h, v20.16b, #0

	FMOVS (AP), F20                 // dy
	F16(108, F25)
	FMULS F20, F25, F25             // d*dy

	VLD1  (WP), [V18.B16, V19.B16]  // hmask
	VEOR  V10.B16, V10.B16, V10.B16
	VEOR  V11.B16, V11.B16, V11.B16
	VEOR  V12.B16, V12.B16, V12.B16
	VEOR  V13.B16, V13.B16, V13.B16
	ADD   $32, WP
	ADD   $4, AP
	MOVD  $2, CNT

half:
	// Groups 2j and 2j+1 of the half have scales V14.H[2j], V14.H[2j+1].
	VLD1.P 32(WP), [V0.B16, V1.B16]

	// j = 0: bits 0-1 of qs, minus 4 unless the high bit is set.
	VLD1.P 32(AP), [V16.B16, V17.B16]
	VAND   V31.B16, V0.B16, V2.B16
	VAND   V31.B16, V1.B16, V3.B16
	VAND   V26.B16, V18.B16, V4.B16
	VAND   V26.B16, V19.B16, V5.B16
	VSHL   $2, V4.B16, V4.B16
	VSHL   $2, V5.B16, V5.B16
	VORR   V4.B16, V2.B16, V2.B16
	VORR   V5.B16, V3.B16, V3.B16
	VSUB   V27.B16, V2.B16, V2.B16
	VSUB   V27.B16, V3.B16, V3.B16
	VUSHR  $1, V18.B16, V18.B16
	VUSHR  $1, V19.B16, V19.B16
	SMULL_8H(6, 2, 16)               // smull v6.8h, v2.8b, v16.8b
	SMULL2_8H(7, 2, 16)              // smull2 v7.8h, v2.16b, v16.16b
	VADD   V7.H8, V6.H8, V6.H8
	SMLAL_4S_H(10, 6, 14, 0)         // smlal v10.4s, v6.4h, v14.h[0]
	SMLAL2_4S_H(11, 6, 14, 0)        // smlal2 v11.4s, v6.8h, v14.h[0]
	SMULL_8H(8, 3, 17)               // smull v8.8h, v3.8b, v17.8b
	SMULL2_8H(9, 3, 17)              // smull2 v9.8h, v3.16b, v17.16b
	VADD   V9.H8, V8.H8, V8.H8
	SMLAL_4S_H(12, 8, 14, 1)         // smlal v12.4s, v8.4h, v14.h[1]
	SMLAL2_4S_H(13, 8, 14, 1)        // smlal2 v13.4s, v8.8h, v14.h[1]

	// j = 1: bits 2-3 of qs, minus 4 unless the high bit is set.
	VLD1.P 32(AP), [V16.B16, V17.B16]
	VUSHR  $2, V0.B16, V2.B16
	VUSHR  $2, V1.B16, V3.B16
	VAND   V31.B16, V2.B16, V2.B16
	VAND   V31.B16, V3.B16, V3.B16
	VAND   V26.B16, V18.B16, V4.B16
	VAND   V26.B16, V19.B16, V5.B16
	VSHL   $2, V4.B16, V4.B16
	VSHL   $2, V5.B16, V5.B16
	VORR   V4.B16, V2.B16, V2.B16
	VORR   V5.B16, V3.B16, V3.B16
	VSUB   V27.B16, V2.B16, V2.B16
	VSUB   V27.B16, V3.B16, V3.B16
	VUSHR  $1, V18.B16, V18.B16
	VUSHR  $1, V19.B16, V19.B16
	SMULL_8H(6, 2, 16)               // smull v6.8h, v2.8b, v16.8b
	SMULL2_8H(7, 2, 16)              // smull2 v7.8h, v2.16b, v16.16b
	VADD   V7.H8, V6.H8, V6.H8
	SMLAL_4S_H(10, 6, 14, 2)         // smlal v10.4s, v6.4h, v14.h[2]
	SMLAL2_4S_H(11, 6, 14, 2)        // smlal2 v11.4s, v6.8h, v14.h[2]
	SMULL_8H(8, 3, 17)               // smull v8.8h, v3.8b, v17.8b
	SMULL2_8H(9, 3, 17)              // smull2 v9.8h, v3.16b, v17.16b
	VADD   V9.H8, V8.H8, V8.H8
	SMLAL_4S_H(12, 8, 14, 3)         // smlal v12.4s, v8.4h, v14.h[3]
	SMLAL2_4S_H(13, 8, 14, 3)        // smlal2 v13.4s, v8.8h, v14.h[3]

	// j = 2: bits 4-5 of qs, minus 4 unless the high bit is set.
	VLD1.P 32(AP), [V16.B16, V17.B16]
	VUSHR  $4, V0.B16, V2.B16
	VUSHR  $4, V1.B16, V3.B16
	VAND   V31.B16, V2.B16, V2.B16
	VAND   V31.B16, V3.B16, V3.B16
	VAND   V26.B16, V18.B16, V4.B16
	VAND   V26.B16, V19.B16, V5.B16
	VSHL   $2, V4.B16, V4.B16
	VSHL   $2, V5.B16, V5.B16
	VORR   V4.B16, V2.B16, V2.B16
	VORR   V5.B16, V3.B16, V3.B16
	VSUB   V27.B16, V2.B16, V2.B16
	VSUB   V27.B16, V3.B16, V3.B16
	VUSHR  $1, V18.B16, V18.B16
	VUSHR  $1, V19.B16, V19.B16
	SMULL_8H(6, 2, 16)               // smull v6.8h, v2.8b, v16.8b
	SMULL2_8H(7, 2, 16)              // smull2 v7.8h, v2.16b, v16.16b
	VADD   V7.H8, V6.H8, V6.H8
	SMLAL_4S_H(10, 6, 14, 4)         // smlal v10.4s, v6.4h, v14.h[4]
	SMLAL2_4S_H(11, 6, 14, 4)        // smlal2 v11.4s, v6.8h, v14.h[4]
	SMULL_8H(8, 3, 17)               // smull v8.8h, v3.8b, v17.8b
	SMULL2_8H(9, 3, 17)              // smull2 v9.8h, v3.16b, v17.16b
	VADD   V9.H8, V8.H8, V8.H8
	SMLAL_4S_H(12, 8, 14, 5)         // smlal v12.4s, v8.4h, v14.h[5]
	SMLAL2_4S_H(13, 8, 14, 5)        // smlal2 v13.4s, v8.8h, v14.h[5]

	// j = 3: bits 6-7 of qs, minus 4 unless the high bit is set.
	VLD1.P 32(AP), [V16.B16, V17.B16]
	VUSHR  $6, V0.B16, V2.B16
	VUSHR  $6, V1.B16, V3.B16
	VAND   V31.B16, V2.B16, V2.B16
	VAND   V31.B16, V3.B16, V3.B16
	VAND   V26.B16, V18.B16, V4.B16
	VAND   V26.B16, V19.B16, V5.B16
	VSHL   $2, V4.B16, V4.B16
	VSHL   $2, V5.B16, V5.B16
	VORR   V4.B16, V2.B16, V2.B16
	VORR   V5.B16, V3.B16, V3.B16
	VSUB   V27.B16, V2.B16, V2.B16
	VSUB   V27.B16, V3.B16, V3.B16
	VUSHR  $1, V18.B16, V18.B16
	VUSHR  $1, V19.B16, V19.B16
	SMULL_8H(6, 2, 16)               // smull v6.8h, v2.8b, v16.8b
	SMULL2_8H(7, 2, 16)              // smull2 v7.8h, v2.16b, v16.16b
	VADD   V7.H8, V6.H8, V6.H8
	SMLAL_4S_H(10, 6, 14, 6)         // smlal v10.4s, v6.4h, v14.h[6]
	SMLAL2_4S_H(11, 6, 14, 6)        // smlal2 v11.4s, v6.8h, v14.h[6]
	SMULL_8H(8, 3, 17)               // smull v8.8h, v3.8b, v17.8b
	SMULL2_8H(9, 3, 17)              // smull2 v9.8h, v3.16b, v17.16b
	VADD   V9.H8, V8.H8, V8.H8
	SMLAL_4S_H(12, 8, 14, 7)         // smlal v12.4s, v8.4h, v14.h[7]
	SMLAL2_4S_H(13, 8, 14, 7)        // smlal2 v13.4s, v8.8h, v14.h[7]

	VMOV   V15.B16, V14.B16         // the second half's scales
	SUBS   $1, CNT
	BNE    half

	ADD    $14, WP                  // past the scales and d: the next block
	ADD    $32, AP                  // past bsums
	VADD   V12.S4, V10.S4, V10.S4
	VADD   V13.S4, V11.S4, V11.S4
	SCVTF_4S(10, 10)                 // scvtf v10.4s, v10.4s
	SCVTF_4S(11, 11)                 // scvtf v11.4s, v11.4s
	FMUL_4S_S(10, 10, 25, 0)         // fmul v10.4s, v10.4s, v25.s[0]
	FMUL_4S_S(11, 11, 25, 0)         // fmul v11.4s, v11.4s, v25.s[0]
	FADD_4S(28, 28, 10)              // fadd v28.4s, v28.4s, v10.4s
	FADD_4S(29, 29, 11)              // fadd v29.4s, v29.4s, v11.4s
	SUBS   $1, NB
	BNE    block

done:
	ADDLANES
	FMOVS F30, ret+56(FP)
	RET

// dotQ2_KQ8_KDotProd is dotQ2_KQ8_KNEON with SDOT, then MLA by the
// group's int32 scale, per group of 16. Q2_K's twin keeps one integer sum
// a super-block, so the result is still bit for bit the twin's.

// func dotQ2_KQ8_KDotProd(w, a []byte, n int) float32
TEXT ·dotQ2_KQ8_KDotProd(SB), NOSPLIT, $0-60
	MOVD  w_base+0(FP), WP
	MOVD  a_base+24(FP), AP
	MOVD  n+48(FP), NB
	LSR   $8, NB
	VEOR  V30.B16, V30.B16, V30.B16
	VMOVI $3, V31.B16
	VMOVI $15, V28.B16
	CBZ   NB, done

block:
	VLD1   (WP), [V20.B16]
	VAND   V28.B16, V20.B16, V21.B16 // scales
	VUSHR  $4, V20.B16, V22.B16      // minimums
	VUXTL  V21.B8, V14.H8
	VUXTL2 V21.B16, V15.H8
	VUXTL  V14.H4, V12.S4           // scales as int32: 0-3 in V12 … 12-15 in V15
	VUXTL2 V14.H8, V13.S4
	VUXTL  V15.H4, V14.S4
	VUXTL2 V15.H8, V15.S4
	VUXTL  V22.B8, V23.H8
	VUXTL2 V22.B16, V24.H8

	// minSum = sum(bsums[g]*min[g]) in S27, as float32.
	ADD    $260, AP, TMP
	VLD1   (TMP), [V25.H8, V26.H8]
	SMULL_4S(27, 25, 23)             // smull v27.4s, v25.4h, v23.4h
	SMLAL2_4S(27, 25, 23)            // smlal2 v27.4s, v25.8h, v23.8h
	SMLAL_4S(27, 26, 24)             // smlal v27.4s, v26.4h, v24.4h
	SMLAL2_4S(27, 26, 24)            // smlal2 v27.4s, v26.8h, v24.8h
	VADDV  V27.S4, V27
	SCVTF_S(27, 27)                  // scvtf s27, s27

	FMOVS  (AP), F22                // dy
	F16(80, F20)
	FMULS  F20, F22, F20            // dall = dy*d
	F16(82, F21)
	FMULS  F21, F22, F21            // dmin = dy*dmin
	FMULS  F27, F21, F27            // dmin*minSum

	VEOR   V10.B16, V10.B16, V10.B16
	VEOR   V11.B16, V11.B16, V11.B16
	ADD    $16, WP
	ADD    $4, AP
	MOVD   $2, CNT

half:
	// Group g < 8 of the half has scale V12.S[g] (g < 4) or V13.S[g-4].
	VLD1.P 32(WP), [V0.B16, V1.B16]

	// j = 0: bits 0-1 of qs.
	VLD1.P 32(AP), [V16.B16, V17.B16]
	VAND   V31.B16, V0.B16, V2.B16
	VAND   V31.B16, V1.B16, V3.B16
	VEOR   V6.B16, V6.B16, V6.B16
	SDOT_4S(6, 2, 16)                // sdot v6.4s, v2.16b, v16.16b
	MLA_4S_S(10, 6, 12, 0)           // mla v10.4s, v6.4s, v12.s[0]
	VEOR   V7.B16, V7.B16, V7.B16
	SDOT_4S(7, 3, 17)                // sdot v7.4s, v3.16b, v17.16b
	MLA_4S_S(11, 7, 12, 1)           // mla v11.4s, v7.4s, v12.s[1]

	// j = 1: bits 2-3 of qs.
	VLD1.P 32(AP), [V16.B16, V17.B16]
	VUSHR  $2, V0.B16, V2.B16
	VUSHR  $2, V1.B16, V3.B16
	VAND   V31.B16, V2.B16, V2.B16
	VAND   V31.B16, V3.B16, V3.B16
	VEOR   V6.B16, V6.B16, V6.B16
	SDOT_4S(6, 2, 16)                // sdot v6.4s, v2.16b, v16.16b
	MLA_4S_S(10, 6, 12, 2)           // mla v10.4s, v6.4s, v12.s[2]
	VEOR   V7.B16, V7.B16, V7.B16
	SDOT_4S(7, 3, 17)                // sdot v7.4s, v3.16b, v17.16b
	MLA_4S_S(11, 7, 12, 3)           // mla v11.4s, v7.4s, v12.s[3]

	// j = 2: bits 4-5 of qs.
	VLD1.P 32(AP), [V16.B16, V17.B16]
	VUSHR  $4, V0.B16, V2.B16
	VUSHR  $4, V1.B16, V3.B16
	VAND   V31.B16, V2.B16, V2.B16
	VAND   V31.B16, V3.B16, V3.B16
	VEOR   V6.B16, V6.B16, V6.B16
	SDOT_4S(6, 2, 16)                // sdot v6.4s, v2.16b, v16.16b
	MLA_4S_S(10, 6, 13, 0)           // mla v10.4s, v6.4s, v13.s[0]
	VEOR   V7.B16, V7.B16, V7.B16
	SDOT_4S(7, 3, 17)                // sdot v7.4s, v3.16b, v17.16b
	MLA_4S_S(11, 7, 13, 1)           // mla v11.4s, v7.4s, v13.s[1]

	// j = 3: bits 6-7 of qs.
	VLD1.P 32(AP), [V16.B16, V17.B16]
	VUSHR  $6, V0.B16, V2.B16
	VUSHR  $6, V1.B16, V3.B16
	VAND   V31.B16, V2.B16, V2.B16
	VAND   V31.B16, V3.B16, V3.B16
	VEOR   V6.B16, V6.B16, V6.B16
	SDOT_4S(6, 2, 16)                // sdot v6.4s, v2.16b, v16.16b
	MLA_4S_S(10, 6, 13, 2)           // mla v10.4s, v6.4s, v13.s[2]
	VEOR   V7.B16, V7.B16, V7.B16
	SDOT_4S(7, 3, 17)                // sdot v7.4s, v3.16b, v17.16b
	MLA_4S_S(11, 7, 13, 3)           // mla v11.4s, v7.4s, v13.s[3]

	VMOV   V14.B16, V12.B16         // the second half's scales
	VMOV   V15.B16, V13.B16
	SUBS   $1, CNT
	BNE    half

	ADD    $4, WP                   // past d and dmin: the next block
	ADD    $32, AP                  // past bsums
	VADD   V11.S4, V10.S4, V10.S4
	VADDV  V10.S4, V10              // isum
	SCVTF_S(10, 10)                  // scvtf s10, s10
	FMULS  F10, F20, F10            // dall*isum
	FSUBS  F27, F10, F10            // - dmin*minSum
	FADDS  F10, F30, F30
	SUBS   $1, NB
	BNE    block

done:
	FMOVS F30, ret+56(FP)
	RET

// dotQ3_KQ8_KDotProd is dotQ3_KQ8_KNEON with SDOT and MLA per group of
// 16, scaling each super-block's integer sum once as the other SDOT
// K-quant kernels do (so it rounds differently from the twin).

// func dotQ3_KQ8_KDotProd(w, a []byte, n int) float32
TEXT ·dotQ3_KQ8_KDotProd(SB), NOSPLIT, $0-60
	MOVD  w_base+0(FP), WP
	MOVD  a_base+24(FP), AP
	MOVD  n+48(FP), NB
	LSR   $8, NB
	VEOR  V28.B16, V28.B16, V28.B16
	VEOR  V29.B16, V29.B16, V29.B16
	VEOR  V30.B16, V30.B16, V30.B16
	VMOVI $3, V31.B16
	VMOVI $1, V26.B16
	VMOVI $4, V27.B16
	VMOVI $32, V24.B16
	CBZ   NB, done

block:
	MOVD  96(WP), SCL
	MOVWU 104(WP), SCH
	AND   $0x0f0f0f0f0f0f0f0f, SCL, U0      // low bits of scales 0-7
	LSR   $4, SCL, U1
	AND   $0x0f0f0f0f0f0f0f0f, U1, U1       // low bits of scales 8-15
	ANDW  $0x03030303, SCH, U2
	LSRW  $2, SCH, TMP
	ANDW  $0x03030303, TMP, TMP
	ORR   TMP<<32, U2, U2                   // high bits of scales 0-7
	ORR   U2<<4, U0, U0
	LSRW  $4, SCH, U2
	ANDW  $0x03030303, U2, U2
	LSRW  $6, SCH, TMP
	ANDW  $0x03030303, TMP, TMP
	ORR   TMP<<32, U2, U2                   // high bits of scales 8-15
	ORR   U2<<4, U1, U1
	VMOV  U0, V20.D[0]
	VMOV  U1, V20.D[1]
	VSUB  V24.B16, V20.B16, V20.B16
	SXTL2_8H(21, 20)                 // sshll2 v21.8h, v20.16b, #0
	SXTL_8H(20, 20)                  // sshll v20.8h, v20.8b, #0
	SXTL_4S(12, 20)                  // sshll v12.4s, v20.4h, #0
	SXTL2_4S(13, 20)                 // sshll2 v13.4s, v20.8h, #0
	SXTL_4S(14, 21)                  // sshll v14.4s, v21.4h, #0
	SXTL2_4S(15, 21)                 // sshll2 v15.4s, v21.8h, #0

	FMOVS (AP), F20                 // dy
	F16(108, F25)
	FMULS F20, F25, F25             // d*dy

	VLD1  (WP), [V18.B16, V19.B16]  // hmask
	VEOR  V10.B16, V10.B16, V10.B16
	VEOR  V11.B16, V11.B16, V11.B16
	ADD   $32, WP
	ADD   $4, AP
	MOVD  $2, CNT

half:
	// Group g < 8 of the half has scale V12.S[g] (g < 4) or V13.S[g-4].
	VLD1.P 32(WP), [V0.B16, V1.B16]

	// j = 0: bits 0-1 of qs, minus 4 unless the high bit is set.
	VLD1.P 32(AP), [V16.B16, V17.B16]
	VAND   V31.B16, V0.B16, V2.B16
	VAND   V31.B16, V1.B16, V3.B16
	VAND   V26.B16, V18.B16, V4.B16
	VAND   V26.B16, V19.B16, V5.B16
	VSHL   $2, V4.B16, V4.B16
	VSHL   $2, V5.B16, V5.B16
	VORR   V4.B16, V2.B16, V2.B16
	VORR   V5.B16, V3.B16, V3.B16
	VSUB   V27.B16, V2.B16, V2.B16
	VSUB   V27.B16, V3.B16, V3.B16
	VUSHR  $1, V18.B16, V18.B16
	VUSHR  $1, V19.B16, V19.B16
	VEOR   V6.B16, V6.B16, V6.B16
	SDOT_4S(6, 2, 16)                // sdot v6.4s, v2.16b, v16.16b
	MLA_4S_S(10, 6, 12, 0)           // mla v10.4s, v6.4s, v12.s[0]
	VEOR   V7.B16, V7.B16, V7.B16
	SDOT_4S(7, 3, 17)                // sdot v7.4s, v3.16b, v17.16b
	MLA_4S_S(11, 7, 12, 1)           // mla v11.4s, v7.4s, v12.s[1]

	// j = 1: bits 2-3 of qs, minus 4 unless the high bit is set.
	VLD1.P 32(AP), [V16.B16, V17.B16]
	VUSHR  $2, V0.B16, V2.B16
	VUSHR  $2, V1.B16, V3.B16
	VAND   V31.B16, V2.B16, V2.B16
	VAND   V31.B16, V3.B16, V3.B16
	VAND   V26.B16, V18.B16, V4.B16
	VAND   V26.B16, V19.B16, V5.B16
	VSHL   $2, V4.B16, V4.B16
	VSHL   $2, V5.B16, V5.B16
	VORR   V4.B16, V2.B16, V2.B16
	VORR   V5.B16, V3.B16, V3.B16
	VSUB   V27.B16, V2.B16, V2.B16
	VSUB   V27.B16, V3.B16, V3.B16
	VUSHR  $1, V18.B16, V18.B16
	VUSHR  $1, V19.B16, V19.B16
	VEOR   V6.B16, V6.B16, V6.B16
	SDOT_4S(6, 2, 16)                // sdot v6.4s, v2.16b, v16.16b
	MLA_4S_S(10, 6, 12, 2)           // mla v10.4s, v6.4s, v12.s[2]
	VEOR   V7.B16, V7.B16, V7.B16
	SDOT_4S(7, 3, 17)                // sdot v7.4s, v3.16b, v17.16b
	MLA_4S_S(11, 7, 12, 3)           // mla v11.4s, v7.4s, v12.s[3]

	// j = 2: bits 4-5 of qs, minus 4 unless the high bit is set.
	VLD1.P 32(AP), [V16.B16, V17.B16]
	VUSHR  $4, V0.B16, V2.B16
	VUSHR  $4, V1.B16, V3.B16
	VAND   V31.B16, V2.B16, V2.B16
	VAND   V31.B16, V3.B16, V3.B16
	VAND   V26.B16, V18.B16, V4.B16
	VAND   V26.B16, V19.B16, V5.B16
	VSHL   $2, V4.B16, V4.B16
	VSHL   $2, V5.B16, V5.B16
	VORR   V4.B16, V2.B16, V2.B16
	VORR   V5.B16, V3.B16, V3.B16
	VSUB   V27.B16, V2.B16, V2.B16
	VSUB   V27.B16, V3.B16, V3.B16
	VUSHR  $1, V18.B16, V18.B16
	VUSHR  $1, V19.B16, V19.B16
	VEOR   V6.B16, V6.B16, V6.B16
	SDOT_4S(6, 2, 16)                // sdot v6.4s, v2.16b, v16.16b
	MLA_4S_S(10, 6, 13, 0)           // mla v10.4s, v6.4s, v13.s[0]
	VEOR   V7.B16, V7.B16, V7.B16
	SDOT_4S(7, 3, 17)                // sdot v7.4s, v3.16b, v17.16b
	MLA_4S_S(11, 7, 13, 1)           // mla v11.4s, v7.4s, v13.s[1]

	// j = 3: bits 6-7 of qs, minus 4 unless the high bit is set.
	VLD1.P 32(AP), [V16.B16, V17.B16]
	VUSHR  $6, V0.B16, V2.B16
	VUSHR  $6, V1.B16, V3.B16
	VAND   V31.B16, V2.B16, V2.B16
	VAND   V31.B16, V3.B16, V3.B16
	VAND   V26.B16, V18.B16, V4.B16
	VAND   V26.B16, V19.B16, V5.B16
	VSHL   $2, V4.B16, V4.B16
	VSHL   $2, V5.B16, V5.B16
	VORR   V4.B16, V2.B16, V2.B16
	VORR   V5.B16, V3.B16, V3.B16
	VSUB   V27.B16, V2.B16, V2.B16
	VSUB   V27.B16, V3.B16, V3.B16
	VUSHR  $1, V18.B16, V18.B16
	VUSHR  $1, V19.B16, V19.B16
	VEOR   V6.B16, V6.B16, V6.B16
	SDOT_4S(6, 2, 16)                // sdot v6.4s, v2.16b, v16.16b
	MLA_4S_S(10, 6, 13, 2)           // mla v10.4s, v6.4s, v13.s[2]
	VEOR   V7.B16, V7.B16, V7.B16
	SDOT_4S(7, 3, 17)                // sdot v7.4s, v3.16b, v17.16b
	MLA_4S_S(11, 7, 13, 3)           // mla v11.4s, v7.4s, v13.s[3]

	VMOV   V14.B16, V12.B16         // the second half's scales
	VMOV   V15.B16, V13.B16
	SUBS   $1, CNT
	BNE    half

	ADD    $14, WP                  // past the scales and d: the next block
	ADD    $32, AP                  // past bsums
	VADD   V11.S4, V10.S4, V10.S4
	VADDV  V10.S4, V10              // isum
	SCVTF_S(10, 10)                  // scvtf s10, s10
	FMULS  F10, F25, F10            // d*dy*isum
	FADDS  F10, F30, F30
	SUBS   $1, NB
	BNE    block

done:
	FMOVS F30, ret+56(FP)
	RET

// IQ4_XS super-blocks are 136 bytes: fp16 d, a uint16 sh with the high 2
// bits and 4 bytes sl with the low 4 bits of the eight 6-bit sub-block
// scales ls (biased by 32), then 8 runs of 16 bytes of indices into
// kvaluesIQ4NL, packed as in IQ4_NL. Like the twin, each sub-block of 32
// adds float32(d*dy*(ls-32)) * sumi to the float32 total (F0) in turn;
// F24 holds d*dy.

#define SH U1 // the high scale bits, shifted right by 2 a sub-block
#define SL U2 // the low scale bits, shifted right by 4 a sub-block

// func dotIQ4_XSQ8_KDotProd(w, a []byte, n int) float32
TEXT ·dotIQ4_XSQ8_KDotProd(SB), NOSPLIT, $0-60
	MOVD  w_base+0(FP), WP
	MOVD  a_base+24(FP), AP
	MOVD  n+48(FP), NB
	LSR   $8, NB
	VEOR  V0.B16, V0.B16, V0.B16
	VMOVI $15, V30.B16
	MOVD  $·kvaluesIQ4NL(SB), TMP
	VLD1  (TMP), [V29.B16]
	CBZ   NB, done

block:
	F16(0, F24)
	FMOVS (AP), F2
	FMULS F2, F24, F24              // d*dy
	MOVHU 2(WP), SH
	MOVWU 4(WP), SL
	ADD   $8, WP
	ADD   $4, AP
	MOVD  $8, CNT

sub:
	VLD1.P  16(WP), [V1.B16]
	VLD1.P  32(AP), [V3.B16, V4.B16]
	VAND    V30.B16, V1.B16, V2.B16
	VUSHR   $4, V1.B16, V1.B16
	VTBL    V2.B16, [V29.B16], V2.B16 // the levels of the indices
	VTBL    V1.B16, [V29.B16], V1.B16
	VEOR    V5.B16, V5.B16, V5.B16
	SDOT_4S(5, 2, 3)                 // sdot v5.4s, v2.16b, v3.16b
	SDOT_4S(5, 1, 4)                 // sdot v5.4s, v1.16b, v4.16b
	VADDV   V5.S4, V5                // sumi
	SCVTF_S(5, 5)                    // scvtf s5, s5
	ANDW    $15, SL, TMP
	ANDW    $3, SH, U0
	ORRW    U0<<4, TMP, TMP
	SUBW    $32, TMP                 // ls-32
	SCVTFWS TMP, F6
	LSRW    $4, SL
	LSRW    $2, SH
	FMULS   F6, F24, F6              // d*dy*(ls-32)
	FMULS   F5, F6, F6               // … * sumi
	FADDS   F6, F0, F0
	SUBS    $1, CNT
	BNE     sub

	ADD   $32, AP                   // past bsums
	SUBS  $1, NB
	BNE   block

done:
	FMOVS F0, ret+56(FP)
	RET

// func dotIQ4_XSQ8_KNEON(w, a []byte, n int) float32
TEXT ·dotIQ4_XSQ8_KNEON(SB), NOSPLIT, $0-60
	MOVD  w_base+0(FP), WP
	MOVD  a_base+24(FP), AP
	MOVD  n+48(FP), NB
	LSR   $8, NB
	VEOR  V0.B16, V0.B16, V0.B16
	VMOVI $15, V30.B16
	MOVD  $·kvaluesIQ4NL(SB), TMP
	VLD1  (TMP), [V29.B16]
	CBZ   NB, done

block:
	F16(0, F24)
	FMOVS (AP), F2
	FMULS F2, F24, F24              // d*dy
	MOVHU 2(WP), SH
	MOVWU 4(WP), SL
	ADD   $8, WP
	ADD   $4, AP
	MOVD  $8, CNT

sub:
	VLD1.P  16(WP), [V1.B16]
	VLD1.P  32(AP), [V3.B16, V4.B16]
	VAND    V30.B16, V1.B16, V2.B16
	VUSHR   $4, V1.B16, V1.B16
	VTBL    V2.B16, [V29.B16], V2.B16 // the levels of the indices
	VTBL    V1.B16, [V29.B16], V1.B16
	SMULL_8H(16, 2, 3)               // smull v16.8h, v2.8b, v3.8b
	SMULL2_8H(17, 2, 3)              // smull2 v17.8h, v2.16b, v3.16b
	SMULL_8H(18, 1, 4)               // smull v18.8h, v1.8b, v4.8b
	SMULL2_8H(19, 1, 4)              // smull2 v19.8h, v1.16b, v4.16b
	SADDLP_4S(5, 16)                 // saddlp v5.4s, v16.8h
	SADALP_4S(5, 17)                 // sadalp v5.4s, v17.8h
	SADALP_4S(5, 18)                 // sadalp v5.4s, v18.8h
	SADALP_4S(5, 19)                 // sadalp v5.4s, v19.8h
	VADDV   V5.S4, V5                // sumi
	SCVTF_S(5, 5)                    // scvtf s5, s5
	ANDW    $15, SL, TMP
	ANDW    $3, SH, U0
	ORRW    U0<<4, TMP, TMP
	SUBW    $32, TMP                 // ls-32
	SCVTFWS TMP, F6
	LSRW    $4, SL
	LSRW    $2, SH
	FMULS   F6, F24, F6              // d*dy*(ls-32)
	FMULS   F5, F6, F6               // … * sumi
	FADDS   F6, F0, F0
	SUBS    $1, CNT
	BNE     sub

	ADD   $32, AP                   // past bsums
	SUBS  $1, NB
	BNE   block

done:
	FMOVS F0, ret+56(FP)
	RET

// The SDOT variants of Q4_K, Q5_K and Q6_K. SDOT adds four neighbouring
// products into a lane, which mixes the twin's lanes, so these kernels
// give up its lane sums: each super-block's integer sum isum (exact) is
// scaled once, sumf += d*dy*isum (minus dmin*dy*minSum), and the result
// may differ from the twin's by float32 rounding. Per 32 weights (Q4_K,
// Q5_K) or 16 (Q6_K): SDOT into a zeroed register, then MLA by the
// sub-block's int32 scale into V10/V11 (alternately, for two chains).

// func dotQ4_KQ8_KDotProd(w, a []byte, n int) float32
TEXT ·dotQ4_KQ8_KDotProd(SB), NOSPLIT, $0-60
	MOVD  w_base+0(FP), WP
	MOVD  a_base+24(FP), AP
	MOVD  n+48(FP), NB
	LSR   $8, NB
	VEOR  V30.B16, V30.B16, V30.B16
	VMOVI $15, V31.B16
	CBZ   NB, done

block:
	// Scales and minimums as in dotQ4_KQ8_KNEON.
	MOVWU 4(WP), U0
	MOVWU 8(WP), U1
	MOVWU 12(WP), U2
	ANDW  $0x0f0f0f0f, U2, TMP
	LSRW  $2, U0, CNT
	ANDW  $0x30303030, CNT, CNT
	ORRW  CNT, TMP, TMP
	ANDW  $0x3f3f3f3f, U0, U0
	ORR   TMP<<32, U0, U0
	VMOV  U0, V15.D[0]
	VUXTL V15.B8, V15.H8
	VUXTL V15.H4, V14.S4            // scales 0-3 as int32
	VUXTL2 V15.H8, V15.S4           // scales 4-7
	LSRW  $4, U2, TMP
	ANDW  $0x0f0f0f0f, TMP, TMP
	LSRW  $2, U1, CNT
	ANDW  $0x30303030, CNT, CNT
	ORRW  CNT, TMP, TMP
	ANDW  $0x3f3f3f3f, U1, U1
	ORR   TMP<<32, U1, U1
	VMOV  U1, V21.D[0]
	VUXTL V21.B8, V21.H8
	VZIP1 V21.H8, V21.H8, V26.H8
	VZIP2 V21.H8, V21.H8, V27.H8
	ADD   $260, AP, TMP
	VLD1  (TMP), [V22.H8, V23.H8]
	SMULL_4S(24, 22, 26)             // smull v24.4s, v22.4h, v26.4h
	SMLAL2_4S(24, 22, 26)            // smlal2 v24.4s, v22.8h, v26.8h
	SMLAL_4S(24, 23, 27)             // smlal v24.4s, v23.4h, v27.4h
	SMLAL2_4S(24, 23, 27)            // smlal2 v24.4s, v23.8h, v27.8h
	VADDV V24.S4, V24
	SCVTF_S(24, 24)                  // scvtf s24, s24

	FMOVS (AP), F27                 // dy
	F16(0, F25)
	FMULS F27, F25, F25             // d*dy
	F16(2, F26)
	FMULS F27, F26, F26             // dmin*dy
	FMULS F24, F26, F24             // dmin*dy * minSum
	FSUBS F24, F30, F30

	VEOR  V10.B16, V10.B16, V10.B16
	VEOR  V11.B16, V11.B16, V11.B16
	ADD   $16, WP
	ADD   $4, AP

	// Chunk 0: weights 0-31 (scale 0), 32-63 (scale 1).
	VLD1.P 32(WP), [V0.B16, V1.B16]
	VLD1.P 64(AP), [V16.B16, V17.B16, V18.B16, V19.B16]
	VAND   V31.B16, V0.B16, V2.B16
	VAND   V31.B16, V1.B16, V3.B16
	VUSHR  $4, V0.B16, V4.B16
	VUSHR  $4, V1.B16, V5.B16
	VEOR   V6.B16, V6.B16, V6.B16
	VEOR   V7.B16, V7.B16, V7.B16
	SDOT_4S(6, 2, 16)                // sdot v6.4s, v2.16b, v16.16b
	SDOT_4S(6, 3, 17)                // sdot v6.4s, v3.16b, v17.16b
	SDOT_4S(7, 4, 18)                // sdot v7.4s, v4.16b, v18.16b
	SDOT_4S(7, 5, 19)                // sdot v7.4s, v5.16b, v19.16b
	MLA_4S_S(10, 6, 14, 0)           // mla v10.4s, v6.4s, v14.s[0]
	MLA_4S_S(10, 7, 14, 1)           // mla v10.4s, v7.4s, v14.s[1]

	// Chunk 1: weights 64-95 (scale 2), 96-127 (scale 3).
	VLD1.P 32(WP), [V0.B16, V1.B16]
	VLD1.P 64(AP), [V16.B16, V17.B16, V18.B16, V19.B16]
	VAND   V31.B16, V0.B16, V2.B16
	VAND   V31.B16, V1.B16, V3.B16
	VUSHR  $4, V0.B16, V4.B16
	VUSHR  $4, V1.B16, V5.B16
	VEOR   V6.B16, V6.B16, V6.B16
	VEOR   V7.B16, V7.B16, V7.B16
	SDOT_4S(6, 2, 16)                // sdot v6.4s, v2.16b, v16.16b
	SDOT_4S(6, 3, 17)                // sdot v6.4s, v3.16b, v17.16b
	SDOT_4S(7, 4, 18)                // sdot v7.4s, v4.16b, v18.16b
	SDOT_4S(7, 5, 19)                // sdot v7.4s, v5.16b, v19.16b
	MLA_4S_S(11, 6, 14, 2)           // mla v11.4s, v6.4s, v14.s[2]
	MLA_4S_S(11, 7, 14, 3)           // mla v11.4s, v7.4s, v14.s[3]

	// Chunk 2: weights 128-159 (scale 4), 160-191 (scale 5).
	VLD1.P 32(WP), [V0.B16, V1.B16]
	VLD1.P 64(AP), [V16.B16, V17.B16, V18.B16, V19.B16]
	VAND   V31.B16, V0.B16, V2.B16
	VAND   V31.B16, V1.B16, V3.B16
	VUSHR  $4, V0.B16, V4.B16
	VUSHR  $4, V1.B16, V5.B16
	VEOR   V6.B16, V6.B16, V6.B16
	VEOR   V7.B16, V7.B16, V7.B16
	SDOT_4S(6, 2, 16)                // sdot v6.4s, v2.16b, v16.16b
	SDOT_4S(6, 3, 17)                // sdot v6.4s, v3.16b, v17.16b
	SDOT_4S(7, 4, 18)                // sdot v7.4s, v4.16b, v18.16b
	SDOT_4S(7, 5, 19)                // sdot v7.4s, v5.16b, v19.16b
	MLA_4S_S(10, 6, 15, 0)           // mla v10.4s, v6.4s, v15.s[0]
	MLA_4S_S(10, 7, 15, 1)           // mla v10.4s, v7.4s, v15.s[1]

	// Chunk 3: weights 192-223 (scale 6), 224-255 (scale 7).
	VLD1.P 32(WP), [V0.B16, V1.B16]
	VLD1.P 64(AP), [V16.B16, V17.B16, V18.B16, V19.B16]
	VAND   V31.B16, V0.B16, V2.B16
	VAND   V31.B16, V1.B16, V3.B16
	VUSHR  $4, V0.B16, V4.B16
	VUSHR  $4, V1.B16, V5.B16
	VEOR   V6.B16, V6.B16, V6.B16
	VEOR   V7.B16, V7.B16, V7.B16
	SDOT_4S(6, 2, 16)                // sdot v6.4s, v2.16b, v16.16b
	SDOT_4S(6, 3, 17)                // sdot v6.4s, v3.16b, v17.16b
	SDOT_4S(7, 4, 18)                // sdot v7.4s, v4.16b, v18.16b
	SDOT_4S(7, 5, 19)                // sdot v7.4s, v5.16b, v19.16b
	MLA_4S_S(11, 6, 15, 2)           // mla v11.4s, v6.4s, v15.s[2]
	MLA_4S_S(11, 7, 15, 3)           // mla v11.4s, v7.4s, v15.s[3]

	ADD    $32, AP                  // past bsums: the next block
	VADD   V11.S4, V10.S4, V10.S4
	VADDV  V10.S4, V10              // isum
	SCVTF_S(10, 10)                  // scvtf s10, s10
	FMULS  F10, F25, F10            // d*dy*isum
	FADDS  F10, F30, F30
	SUBS   $1, NB
	BNE    block

done:
	FMOVS F30, ret+56(FP)
	RET

// func dotQ5_KQ8_KDotProd(w, a []byte, n int) float32
TEXT ·dotQ5_KQ8_KDotProd(SB), NOSPLIT, $0-60
	MOVD  w_base+0(FP), WP
	MOVD  a_base+24(FP), AP
	MOVD  n+48(FP), NB
	LSR   $8, NB
	VEOR  V30.B16, V30.B16, V30.B16
	VMOVI $15, V31.B16
	VMOVI $1, V12.B16
	VMOVI $2, V13.B16
	CBZ   NB, done

block:
	// Scales and minimums as in dotQ4_KQ8_KNEON.
	MOVWU 4(WP), U0
	MOVWU 8(WP), U1
	MOVWU 12(WP), U2
	ANDW  $0x0f0f0f0f, U2, TMP
	LSRW  $2, U0, CNT
	ANDW  $0x30303030, CNT, CNT
	ORRW  CNT, TMP, TMP
	ANDW  $0x3f3f3f3f, U0, U0
	ORR   TMP<<32, U0, U0
	VMOV  U0, V15.D[0]
	VUXTL V15.B8, V15.H8
	VUXTL V15.H4, V14.S4            // scales 0-3 as int32
	VUXTL2 V15.H8, V15.S4           // scales 4-7
	LSRW  $4, U2, TMP
	ANDW  $0x0f0f0f0f, TMP, TMP
	LSRW  $2, U1, CNT
	ANDW  $0x30303030, CNT, CNT
	ORRW  CNT, TMP, TMP
	ANDW  $0x3f3f3f3f, U1, U1
	ORR   TMP<<32, U1, U1
	VMOV  U1, V21.D[0]
	VUXTL V21.B8, V21.H8
	VZIP1 V21.H8, V21.H8, V26.H8
	VZIP2 V21.H8, V21.H8, V27.H8
	ADD   $260, AP, TMP
	VLD1  (TMP), [V22.H8, V23.H8]
	SMULL_4S(24, 22, 26)             // smull v24.4s, v22.4h, v26.4h
	SMLAL2_4S(24, 22, 26)            // smlal2 v24.4s, v22.8h, v26.8h
	SMLAL_4S(24, 23, 27)             // smlal v24.4s, v23.4h, v27.4h
	SMLAL2_4S(24, 23, 27)            // smlal2 v24.4s, v23.8h, v27.8h
	VADDV V24.S4, V24
	SCVTF_S(24, 24)                  // scvtf s24, s24

	FMOVS (AP), F27                 // dy
	F16(0, F25)
	FMULS F27, F25, F25             // d*dy
	F16(2, F26)
	FMULS F27, F26, F26             // dmin*dy
	FMULS F24, F26, F24             // dmin*dy * minSum
	FSUBS F24, F30, F30

	VEOR  V10.B16, V10.B16, V10.B16
	VEOR  V11.B16, V11.B16, V11.B16
	ADD   $16, WP
	VLD1.P 32(WP), [V21.B16, V22.B16] // qh
	ADD   $4, AP

	// Chunk 0: weights 0-31 (scale 0), 32-63 (scale 1).
	VLD1.P 32(WP), [V0.B16, V1.B16]
	VLD1.P 64(AP), [V16.B16, V17.B16, V18.B16, V19.B16]
	VAND   V31.B16, V0.B16, V2.B16
	VAND   V31.B16, V1.B16, V3.B16
	VUSHR  $4, V0.B16, V4.B16
	VUSHR  $4, V1.B16, V5.B16
	VAND   V12.B16, V21.B16, V23.B16 // fifth bits, as in dotQ5_KQ8_KNEON
	VAND   V12.B16, V22.B16, V24.B16
	VSHL   $4, V23.B16, V23.B16
	VSHL   $4, V24.B16, V24.B16
	VORR   V23.B16, V2.B16, V2.B16
	VORR   V24.B16, V3.B16, V3.B16
	VAND   V13.B16, V21.B16, V23.B16
	VAND   V13.B16, V22.B16, V24.B16
	VSHL   $3, V23.B16, V23.B16
	VSHL   $3, V24.B16, V24.B16
	VORR   V23.B16, V4.B16, V4.B16
	VORR   V24.B16, V5.B16, V5.B16
	VUSHR  $2, V21.B16, V21.B16
	VUSHR  $2, V22.B16, V22.B16
	VEOR   V6.B16, V6.B16, V6.B16
	VEOR   V7.B16, V7.B16, V7.B16
	SDOT_4S(6, 2, 16)                // sdot v6.4s, v2.16b, v16.16b
	SDOT_4S(6, 3, 17)                // sdot v6.4s, v3.16b, v17.16b
	SDOT_4S(7, 4, 18)                // sdot v7.4s, v4.16b, v18.16b
	SDOT_4S(7, 5, 19)                // sdot v7.4s, v5.16b, v19.16b
	MLA_4S_S(10, 6, 14, 0)           // mla v10.4s, v6.4s, v14.s[0]
	MLA_4S_S(10, 7, 14, 1)           // mla v10.4s, v7.4s, v14.s[1]

	// Chunk 1: weights 64-95 (scale 2), 96-127 (scale 3).
	VLD1.P 32(WP), [V0.B16, V1.B16]
	VLD1.P 64(AP), [V16.B16, V17.B16, V18.B16, V19.B16]
	VAND   V31.B16, V0.B16, V2.B16
	VAND   V31.B16, V1.B16, V3.B16
	VUSHR  $4, V0.B16, V4.B16
	VUSHR  $4, V1.B16, V5.B16
	VAND   V12.B16, V21.B16, V23.B16 // fifth bits, as in dotQ5_KQ8_KNEON
	VAND   V12.B16, V22.B16, V24.B16
	VSHL   $4, V23.B16, V23.B16
	VSHL   $4, V24.B16, V24.B16
	VORR   V23.B16, V2.B16, V2.B16
	VORR   V24.B16, V3.B16, V3.B16
	VAND   V13.B16, V21.B16, V23.B16
	VAND   V13.B16, V22.B16, V24.B16
	VSHL   $3, V23.B16, V23.B16
	VSHL   $3, V24.B16, V24.B16
	VORR   V23.B16, V4.B16, V4.B16
	VORR   V24.B16, V5.B16, V5.B16
	VUSHR  $2, V21.B16, V21.B16
	VUSHR  $2, V22.B16, V22.B16
	VEOR   V6.B16, V6.B16, V6.B16
	VEOR   V7.B16, V7.B16, V7.B16
	SDOT_4S(6, 2, 16)                // sdot v6.4s, v2.16b, v16.16b
	SDOT_4S(6, 3, 17)                // sdot v6.4s, v3.16b, v17.16b
	SDOT_4S(7, 4, 18)                // sdot v7.4s, v4.16b, v18.16b
	SDOT_4S(7, 5, 19)                // sdot v7.4s, v5.16b, v19.16b
	MLA_4S_S(11, 6, 14, 2)           // mla v11.4s, v6.4s, v14.s[2]
	MLA_4S_S(11, 7, 14, 3)           // mla v11.4s, v7.4s, v14.s[3]

	// Chunk 2: weights 128-159 (scale 4), 160-191 (scale 5).
	VLD1.P 32(WP), [V0.B16, V1.B16]
	VLD1.P 64(AP), [V16.B16, V17.B16, V18.B16, V19.B16]
	VAND   V31.B16, V0.B16, V2.B16
	VAND   V31.B16, V1.B16, V3.B16
	VUSHR  $4, V0.B16, V4.B16
	VUSHR  $4, V1.B16, V5.B16
	VAND   V12.B16, V21.B16, V23.B16 // fifth bits, as in dotQ5_KQ8_KNEON
	VAND   V12.B16, V22.B16, V24.B16
	VSHL   $4, V23.B16, V23.B16
	VSHL   $4, V24.B16, V24.B16
	VORR   V23.B16, V2.B16, V2.B16
	VORR   V24.B16, V3.B16, V3.B16
	VAND   V13.B16, V21.B16, V23.B16
	VAND   V13.B16, V22.B16, V24.B16
	VSHL   $3, V23.B16, V23.B16
	VSHL   $3, V24.B16, V24.B16
	VORR   V23.B16, V4.B16, V4.B16
	VORR   V24.B16, V5.B16, V5.B16
	VUSHR  $2, V21.B16, V21.B16
	VUSHR  $2, V22.B16, V22.B16
	VEOR   V6.B16, V6.B16, V6.B16
	VEOR   V7.B16, V7.B16, V7.B16
	SDOT_4S(6, 2, 16)                // sdot v6.4s, v2.16b, v16.16b
	SDOT_4S(6, 3, 17)                // sdot v6.4s, v3.16b, v17.16b
	SDOT_4S(7, 4, 18)                // sdot v7.4s, v4.16b, v18.16b
	SDOT_4S(7, 5, 19)                // sdot v7.4s, v5.16b, v19.16b
	MLA_4S_S(10, 6, 15, 0)           // mla v10.4s, v6.4s, v15.s[0]
	MLA_4S_S(10, 7, 15, 1)           // mla v10.4s, v7.4s, v15.s[1]

	// Chunk 3: weights 192-223 (scale 6), 224-255 (scale 7).
	VLD1.P 32(WP), [V0.B16, V1.B16]
	VLD1.P 64(AP), [V16.B16, V17.B16, V18.B16, V19.B16]
	VAND   V31.B16, V0.B16, V2.B16
	VAND   V31.B16, V1.B16, V3.B16
	VUSHR  $4, V0.B16, V4.B16
	VUSHR  $4, V1.B16, V5.B16
	VAND   V12.B16, V21.B16, V23.B16 // fifth bits, as in dotQ5_KQ8_KNEON
	VAND   V12.B16, V22.B16, V24.B16
	VSHL   $4, V23.B16, V23.B16
	VSHL   $4, V24.B16, V24.B16
	VORR   V23.B16, V2.B16, V2.B16
	VORR   V24.B16, V3.B16, V3.B16
	VAND   V13.B16, V21.B16, V23.B16
	VAND   V13.B16, V22.B16, V24.B16
	VSHL   $3, V23.B16, V23.B16
	VSHL   $3, V24.B16, V24.B16
	VORR   V23.B16, V4.B16, V4.B16
	VORR   V24.B16, V5.B16, V5.B16
	VUSHR  $2, V21.B16, V21.B16
	VUSHR  $2, V22.B16, V22.B16
	VEOR   V6.B16, V6.B16, V6.B16
	VEOR   V7.B16, V7.B16, V7.B16
	SDOT_4S(6, 2, 16)                // sdot v6.4s, v2.16b, v16.16b
	SDOT_4S(6, 3, 17)                // sdot v6.4s, v3.16b, v17.16b
	SDOT_4S(7, 4, 18)                // sdot v7.4s, v4.16b, v18.16b
	SDOT_4S(7, 5, 19)                // sdot v7.4s, v5.16b, v19.16b
	MLA_4S_S(11, 6, 15, 2)           // mla v11.4s, v6.4s, v15.s[2]
	MLA_4S_S(11, 7, 15, 3)           // mla v11.4s, v7.4s, v15.s[3]

	ADD    $32, AP                  // past bsums: the next block
	VADD   V11.S4, V10.S4, V10.S4
	VADDV  V10.S4, V10              // isum
	SCVTF_S(10, 10)                  // scvtf s10, s10
	FMULS  F10, F25, F10            // d*dy*isum
	FADDS  F10, F30, F30
	SUBS   $1, NB
	BNE    block

done:
	FMOVS F30, ret+56(FP)
	RET

// func dotQ6_KQ8_KDotProd(w, a []byte, n int) float32
TEXT ·dotQ6_KQ8_KDotProd(SB), NOSPLIT, $0-60
	MOVD  w_base+0(FP), WP
	MOVD  a_base+24(FP), AP
	MOVD  n+48(FP), NB
	LSR   $8, NB
	VEOR  V30.B16, V30.B16, V30.B16
	VMOVI $15, V31.B16
	VMOVI $0x30, V26.B16
	VMOVI $32, V27.B16
	CBZ   NB, done

block:
	ADD   $192, WP, TMP
	VLD1  (TMP), [V20.B16]
	SXTL2_8H(21, 20)                 // sshll2 v21.8h, v20.16b, #0
	SXTL_8H(20, 20)                  // sshll v20.8h, v20.8b, #0
	SXTL_4S(12, 20)                  // sshll v12.4s, v20.4h, #0
	SXTL2_4S(13, 20)                 // sshll2 v13.4s, v20.8h, #0
	SXTL_4S(14, 21)                  // sshll v14.4s, v21.4h, #0
	SXTL2_4S(15, 21)                 // sshll2 v15.4s, v21.8h, #0
	FMOVS (AP), F20                 // dy
	F16(208, F25)
	FMULS F20, F25, F25             // d*dy

	VEOR  V10.B16, V10.B16, V10.B16
	VEOR  V11.B16, V11.B16, V11.B16
	ADD   $128, WP, QH
	ADD   $4, AP
	MOVD  $2, CNT

half:
	// Group g < 8 of the half has scale V12.S[g] (g < 4) or V13.S[g-4].
	VLD1.P 64(WP), [V0.B16, V1.B16, V2.B16, V3.B16]
	VLD1.P 32(QH), [V4.B16, V5.B16]

	// k = 0, as in dotQ6_KQ8_KNEON.
	VLD1.P 32(AP), [V16.B16, V17.B16]
	VAND   V31.B16, V0.B16, V8.B16
	VAND   V31.B16, V1.B16, V9.B16
	VSHL   $4, V4.B16, V18.B16
	VSHL   $4, V5.B16, V19.B16
	VAND   V26.B16, V18.B16, V18.B16
	VAND   V26.B16, V19.B16, V19.B16
	Q6CODES(V8, V9, V18, V19)
	VEOR   V20.B16, V20.B16, V20.B16
	SDOT_4S(20, 6, 16)               // sdot v20.4s, v6.16b, v16.16b
	MLA_4S_S(10, 20, 12, 0)          // mla v10.4s, v20.4s, v12.s[0]
	VEOR   V21.B16, V21.B16, V21.B16
	SDOT_4S(21, 7, 17)               // sdot v21.4s, v7.16b, v17.16b
	MLA_4S_S(11, 21, 12, 1)          // mla v11.4s, v21.4s, v12.s[1]

	// k = 1, as in dotQ6_KQ8_KNEON.
	VLD1.P 32(AP), [V16.B16, V17.B16]
	VAND   V31.B16, V2.B16, V8.B16
	VAND   V31.B16, V3.B16, V9.B16
	VSHL   $2, V4.B16, V18.B16
	VSHL   $2, V5.B16, V19.B16
	VAND   V26.B16, V18.B16, V18.B16
	VAND   V26.B16, V19.B16, V19.B16
	Q6CODES(V8, V9, V18, V19)
	VEOR   V20.B16, V20.B16, V20.B16
	SDOT_4S(20, 6, 16)               // sdot v20.4s, v6.16b, v16.16b
	MLA_4S_S(10, 20, 12, 2)          // mla v10.4s, v20.4s, v12.s[2]
	VEOR   V21.B16, V21.B16, V21.B16
	SDOT_4S(21, 7, 17)               // sdot v21.4s, v7.16b, v17.16b
	MLA_4S_S(11, 21, 12, 3)          // mla v11.4s, v21.4s, v12.s[3]

	// k = 2, as in dotQ6_KQ8_KNEON.
	VLD1.P 32(AP), [V16.B16, V17.B16]
	VUSHR  $4, V0.B16, V8.B16
	VUSHR  $4, V1.B16, V9.B16
	VAND   V26.B16, V4.B16, V18.B16
	VAND   V26.B16, V5.B16, V19.B16
	Q6CODES(V8, V9, V18, V19)
	VEOR   V20.B16, V20.B16, V20.B16
	SDOT_4S(20, 6, 16)               // sdot v20.4s, v6.16b, v16.16b
	MLA_4S_S(10, 20, 13, 0)          // mla v10.4s, v20.4s, v13.s[0]
	VEOR   V21.B16, V21.B16, V21.B16
	SDOT_4S(21, 7, 17)               // sdot v21.4s, v7.16b, v17.16b
	MLA_4S_S(11, 21, 13, 1)          // mla v11.4s, v21.4s, v13.s[1]

	// k = 3, as in dotQ6_KQ8_KNEON.
	VLD1.P 32(AP), [V16.B16, V17.B16]
	VUSHR  $4, V2.B16, V8.B16
	VUSHR  $4, V3.B16, V9.B16
	VUSHR  $2, V4.B16, V18.B16
	VUSHR  $2, V5.B16, V19.B16
	VAND   V26.B16, V18.B16, V18.B16
	VAND   V26.B16, V19.B16, V19.B16
	Q6CODES(V8, V9, V18, V19)
	VEOR   V20.B16, V20.B16, V20.B16
	SDOT_4S(20, 6, 16)               // sdot v20.4s, v6.16b, v16.16b
	MLA_4S_S(10, 20, 13, 2)          // mla v10.4s, v20.4s, v13.s[2]
	VEOR   V21.B16, V21.B16, V21.B16
	SDOT_4S(21, 7, 17)               // sdot v21.4s, v7.16b, v17.16b
	MLA_4S_S(11, 21, 13, 3)          // mla v11.4s, v21.4s, v13.s[3]

	VMOV   V14.B16, V12.B16         // the second half's scales
	VMOV   V15.B16, V13.B16
	SUBS   $1, CNT
	BNE    half

	ADD    $82, WP                  // past qh, scales and d: the next block
	ADD    $32, AP                  // past bsums
	VADD   V11.S4, V10.S4, V10.S4
	VADDV  V10.S4, V10              // isum
	SCVTF_S(10, 10)                  // scvtf s10, s10
	FMULS  F10, F25, F10            // d*dy*isum
	FADDS  F10, F30, F30
	SUBS   $1, NB
	BNE    block

done:
	FMOVS F30, ret+56(FP)
	RET
