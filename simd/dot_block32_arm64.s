//go:build !purego

#include "textflag.h"
#include "neon_arm64.h"

// Dot products of 32-weight blocks with Q8_0 activation blocks (34 bytes:
// fp16 d, 32 int8 codes) or Q8_1 ones (36 bytes: fp16 d and s, 32 codes).
// Each block's integer dot product is exact (SDOT, or SMULL and SADALP);
// its float32 term is computed and added to the total in the twin's
// order, block after block, so the result is bit for bit that of the
// twin. One block an iteration: the integer work of the next block does
// not wait for the float chain.

#define WP R0 // weight blocks
#define AP R1 // activation blocks
#define NB R2 // blocks left
#define WD R3 // fp16 scale of the weight block
#define AD R4 // fp16 scale of the activation block

// Vector registers: V0 the float32 total; V1-V2 the 32 weight codes; V3-V4
// the 32 activation codes; V5 the integer sum; V6-V7 the scales; V16-V19
// int16 products; V30-V31 constants.

// HALVES converts the fp16 scales in WD and AD to float32 in F6 and F7:
// FMOVS puts the bits in the low half of S6, which is H6.
#define HALVES \
	FMOVS  WD, F6; \
	FCVTHS F6, F6; \
	FMOVS  AD, F7; \
	FCVTHS F7, F7

// func dotQ8_0Q8_0DotProd(w, a []byte, n int) float32
TEXT ·dotQ8_0Q8_0DotProd(SB), NOSPLIT, $0-60
	MOVD w_base+0(FP), WP
	MOVD a_base+24(FP), AP
	MOVD n+48(FP), NB
	LSR  $5, NB
	VEOR V0.B16, V0.B16, V0.B16
	CBZ  NB, done

loop:
	MOVHU.P 2(WP), WD
	VLD1.P  32(WP), [V1.B16, V2.B16]
	MOVHU.P 2(AP), AD
	VLD1.P  32(AP), [V3.B16, V4.B16]
	VEOR    V5.B16, V5.B16, V5.B16
	SDOT_4S(5, 1, 3)                 // sdot v5.4s, v1.16b, v3.16b
	SDOT_4S(5, 2, 4)                 // sdot v5.4s, v2.16b, v4.16b
	VADDV   V5.S4, V5                // sumi
	SCVTF_S(5, 5)                    // scvtf s5, s5
	HALVES
	FMULS   F7, F6, F6               // dx*dy
	FMULS   F5, F6, F6               // (dx*dy)*sumi
	FADDS   F6, F0, F0
	SUBS    $1, NB
	BNE     loop

done:
	FMOVS F0, ret+56(FP)
	RET

// func dotQ8_0Q8_0NEON(w, a []byte, n int) float32
TEXT ·dotQ8_0Q8_0NEON(SB), NOSPLIT, $0-60
	MOVD w_base+0(FP), WP
	MOVD a_base+24(FP), AP
	MOVD n+48(FP), NB
	LSR  $5, NB
	VEOR V0.B16, V0.B16, V0.B16
	CBZ  NB, done

loop:
	MOVHU.P 2(WP), WD
	VLD1.P  32(WP), [V1.B16, V2.B16]
	MOVHU.P 2(AP), AD
	VLD1.P  32(AP), [V3.B16, V4.B16]

	// The int16 products of codes 0-7, 8-15, 16-23 and 24-31 (each fits:
	// |q*y| <= 2^14), added in pairs to int32 lanes.
	SMULL_8H(16, 1, 3)               // smull v16.8h, v1.8b, v3.8b
	SMULL2_8H(17, 1, 3)              // smull2 v17.8h, v1.16b, v3.16b
	SMULL_8H(18, 2, 4)               // smull v18.8h, v2.8b, v4.8b
	SMULL2_8H(19, 2, 4)              // smull2 v19.8h, v2.16b, v4.16b
	SADDLP_4S(5, 16)                 // saddlp v5.4s, v16.8h
	SADALP_4S(5, 17)                 // sadalp v5.4s, v17.8h
	SADALP_4S(5, 18)                 // sadalp v5.4s, v18.8h
	SADALP_4S(5, 19)                 // sadalp v5.4s, v19.8h
	VADDV   V5.S4, V5                // sumi
	SCVTF_S(5, 5)                    // scvtf s5, s5
	HALVES
	FMULS   F7, F6, F6               // dx*dy
	FMULS   F5, F6, F6               // (dx*dy)*sumi
	FADDS   F6, F0, F0
	SUBS    $1, NB
	BNE     loop

done:
	FMOVS F0, ret+56(FP)
	RET

// Q4_0 weight blocks are 18 bytes: fp16 d, then 16 bytes whose low nibbles
// are weights 0-15 and high nibbles weights 16-31, each minus 8.

// NIBBLES splits the 16 code bytes in V1 into weights 0-15 (V2) and 16-31
// (V1), minus 8. V30 holds 0x0f bytes, V31 8s.
#define NIBBLES \
	VAND  V30.B16, V1.B16, V2.B16; \
	VUSHR $4, V1.B16, V1.B16; \
	VSUB  V31.B16, V2.B16, V2.B16; \
	VSUB  V31.B16, V1.B16, V1.B16

// func dotQ4_0Q8_0DotProd(w, a []byte, n int) float32
TEXT ·dotQ4_0Q8_0DotProd(SB), NOSPLIT, $0-60
	MOVD  w_base+0(FP), WP
	MOVD  a_base+24(FP), AP
	MOVD  n+48(FP), NB
	LSR   $5, NB
	VEOR  V0.B16, V0.B16, V0.B16
	VMOVI $15, V30.B16
	VMOVI $8, V31.B16
	CBZ   NB, done

loop:
	MOVHU.P 2(WP), WD
	VLD1.P  16(WP), [V1.B16]
	MOVHU.P 2(AP), AD
	VLD1.P  32(AP), [V3.B16, V4.B16]
	NIBBLES
	VEOR    V5.B16, V5.B16, V5.B16
	SDOT_4S(5, 2, 3)                 // sdot v5.4s, v2.16b, v3.16b
	SDOT_4S(5, 1, 4)                 // sdot v5.4s, v1.16b, v4.16b
	VADDV   V5.S4, V5                // sumi
	SCVTF_S(5, 5)                    // scvtf s5, s5
	HALVES
	FMULS   F6, F5, F5               // sumi*dx
	FMULS   F7, F5, F5               // (sumi*dx)*dy, ggml's order for Q4_0
	FADDS   F5, F0, F0
	SUBS    $1, NB
	BNE     loop

done:
	FMOVS F0, ret+56(FP)
	RET

// func dotQ4_0Q8_0NEON(w, a []byte, n int) float32
TEXT ·dotQ4_0Q8_0NEON(SB), NOSPLIT, $0-60
	MOVD  w_base+0(FP), WP
	MOVD  a_base+24(FP), AP
	MOVD  n+48(FP), NB
	LSR   $5, NB
	VEOR  V0.B16, V0.B16, V0.B16
	VMOVI $15, V30.B16
	VMOVI $8, V31.B16
	CBZ   NB, done

loop:
	MOVHU.P 2(WP), WD
	VLD1.P  16(WP), [V1.B16]
	MOVHU.P 2(AP), AD
	VLD1.P  32(AP), [V3.B16, V4.B16]
	NIBBLES
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
	HALVES
	FMULS   F6, F5, F5               // sumi*dx
	FMULS   F7, F5, F5               // (sumi*dx)*dy
	FADDS   F5, F0, F0
	SUBS    $1, NB
	BNE     loop

done:
	FMOVS F0, ret+56(FP)
	RET

// The other formats decode to the same registers: weights 0-15 in V2 and
// 16-31 in V1, their activation codes in V3 and V4.

#define QH R5  // Q5_0, Q5_1: the fifth bits
#define TMP R6
#define ONE R7 // Q4_1, Q5_1: 1.0

// NIBBLES_U splits the 16 code bytes in V1 into their low nibbles (V2)
// and high nibbles (V1). V30 holds 0x0f bytes.
#define NIBBLES_U \
	VAND  V30.B16, V1.B16, V2.B16; \
	VUSHR $4, V1.B16, V1.B16

// FIFTH adds bit j of QH to weight j as 16: TBL spreads byte j/8 of QH
// over byte j, CMTST tests bit j%8 of it. V25 holds 0x10 bytes, V26 the
// bits 1, 2, …, 128 twice, V27 and V28 the byte indexes 0…0 1…1 and
// 2…2 3…3.
#define FIFTH \
	VMOV   QH, V10.S[0]; \
	VTBL   V27.B16, [V10.B16], V11.B16; \
	VTBL   V28.B16, [V10.B16], V12.B16; \
	VCMTST V26.B16, V11.B16, V11.B16; \
	VCMTST V26.B16, V12.B16, V12.B16; \
	VAND   V25.B16, V11.B16, V11.B16; \
	VAND   V25.B16, V12.B16, V12.B16; \
	VORR   V11.B16, V2.B16, V2.B16; \
	VORR   V12.B16, V1.B16, V1.B16

// The affine formats (Q4_1, Q5_1) add (dx*dy)*sumi + mx*sy: one FMUL
// makes (dx*dy, mx*sy), a second multiplies by (sumi, 1), FADDP adds the
// two products as the twin does.

// IQ4_NL's levels come from the Go array kvaluesIQ4NL ([16]int8).

// func dotQ4_1Q8_1DotProd(w, a []byte, n int) float32
TEXT ·dotQ4_1Q8_1DotProd(SB), NOSPLIT, $0-60
	MOVD  w_base+0(FP), WP
	MOVD  a_base+24(FP), AP
	MOVD  n+48(FP), NB
	LSR   $5, NB
	VEOR  V0.B16, V0.B16, V0.B16
	VMOVI $15, V30.B16
	MOVW  $0x3f800000, ONE
	CBZ   NB, done

loop:
	MOVWU.P 4(WP), WD
	VLD1.P  16(WP), [V1.B16]
	MOVWU.P 4(AP), AD
	VLD1.P  32(AP), [V3.B16, V4.B16]
	NIBBLES_U
	VEOR    V5.B16, V5.B16, V5.B16
	SDOT_4S(5, 2, 3)                 // sdot v5.4s, v2.16b, v3.16b
	SDOT_4S(5, 1, 4)                 // sdot v5.4s, v1.16b, v4.16b
	VADDV   V5.S4, V5                // sumi
	SCVTF_S(5, 5)                    // scvtf s5, s5
	FMOVS   WD, F6                   // the fp16 pairs (d, m) and (d, s)
	FCVTL_4S(6, 6)                   // fcvtl v6.4s, v6.4h
	FMOVS   AD, F7
	FCVTL_4S(7, 7)                   // fcvtl v7.4s, v7.4h
	FMUL_4S(6, 6, 7)                 // fmul v6.4s, v6.4s, v7.4s
	VMOV    ONE, V5.S[1]             // V5 = (sumi, 1)
	FMUL_4S(6, 6, 5)                 // fmul v6.4s, v6.4s, v5.4s
	FADDP_S(6, 6)                    // faddp s6, v6.2s
	FADDS   F6, F0, F0
	SUBS    $1, NB
	BNE     loop

done:
	FMOVS F0, ret+56(FP)
	RET

// func dotQ4_1Q8_1NEON(w, a []byte, n int) float32
TEXT ·dotQ4_1Q8_1NEON(SB), NOSPLIT, $0-60
	MOVD  w_base+0(FP), WP
	MOVD  a_base+24(FP), AP
	MOVD  n+48(FP), NB
	LSR   $5, NB
	VEOR  V0.B16, V0.B16, V0.B16
	VMOVI $15, V30.B16
	MOVW  $0x3f800000, ONE
	CBZ   NB, done

loop:
	MOVWU.P 4(WP), WD
	VLD1.P  16(WP), [V1.B16]
	MOVWU.P 4(AP), AD
	VLD1.P  32(AP), [V3.B16, V4.B16]
	NIBBLES_U
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
	FMOVS   WD, F6                   // the fp16 pairs (d, m) and (d, s)
	FCVTL_4S(6, 6)                   // fcvtl v6.4s, v6.4h
	FMOVS   AD, F7
	FCVTL_4S(7, 7)                   // fcvtl v7.4s, v7.4h
	FMUL_4S(6, 6, 7)                 // fmul v6.4s, v6.4s, v7.4s
	VMOV    ONE, V5.S[1]             // V5 = (sumi, 1)
	FMUL_4S(6, 6, 5)                 // fmul v6.4s, v6.4s, v5.4s
	FADDP_S(6, 6)                    // faddp s6, v6.2s
	FADDS   F6, F0, F0
	SUBS    $1, NB
	BNE     loop

done:
	FMOVS F0, ret+56(FP)
	RET

// func dotQ5_0Q8_0DotProd(w, a []byte, n int) float32
TEXT ·dotQ5_0Q8_0DotProd(SB), NOSPLIT, $0-60
	MOVD  w_base+0(FP), WP
	MOVD  a_base+24(FP), AP
	MOVD  n+48(FP), NB
	LSR   $5, NB
	VEOR  V0.B16, V0.B16, V0.B16
	VMOVI $15, V30.B16
	VMOVI $0x10, V25.B16
	MOVD  $0x8040201008040201, TMP
	VDUP  TMP, V26.D2
	VEOR  V27.B16, V27.B16, V27.B16
	MOVD  $0x0101010101010101, TMP
	VMOV  TMP, V27.D[1]
	VMOVI $2, V28.B16
	VADD  V27.B16, V28.B16, V28.B16
	VMOVI $16, V31.B16
	CBZ   NB, done

loop:
	MOVHU.P 2(WP), WD
	MOVWU.P 4(WP), QH
	VLD1.P  16(WP), [V1.B16]
	MOVHU.P 2(AP), AD
	VLD1.P  32(AP), [V3.B16, V4.B16]
	NIBBLES_U
	FIFTH
	VSUB    V31.B16, V2.B16, V2.B16
	VSUB    V31.B16, V1.B16, V1.B16
	VEOR    V5.B16, V5.B16, V5.B16
	SDOT_4S(5, 2, 3)                 // sdot v5.4s, v2.16b, v3.16b
	SDOT_4S(5, 1, 4)                 // sdot v5.4s, v1.16b, v4.16b
	VADDV   V5.S4, V5                // sumi
	SCVTF_S(5, 5)                    // scvtf s5, s5
	HALVES
	FMULS   F7, F6, F6               // dx*dy
	FMULS   F5, F6, F6               // (dx*dy)*sumi
	FADDS   F6, F0, F0
	SUBS    $1, NB
	BNE     loop

done:
	FMOVS F0, ret+56(FP)
	RET

// func dotQ5_0Q8_0NEON(w, a []byte, n int) float32
TEXT ·dotQ5_0Q8_0NEON(SB), NOSPLIT, $0-60
	MOVD  w_base+0(FP), WP
	MOVD  a_base+24(FP), AP
	MOVD  n+48(FP), NB
	LSR   $5, NB
	VEOR  V0.B16, V0.B16, V0.B16
	VMOVI $15, V30.B16
	VMOVI $0x10, V25.B16
	MOVD  $0x8040201008040201, TMP
	VDUP  TMP, V26.D2
	VEOR  V27.B16, V27.B16, V27.B16
	MOVD  $0x0101010101010101, TMP
	VMOV  TMP, V27.D[1]
	VMOVI $2, V28.B16
	VADD  V27.B16, V28.B16, V28.B16
	VMOVI $16, V31.B16
	CBZ   NB, done

loop:
	MOVHU.P 2(WP), WD
	MOVWU.P 4(WP), QH
	VLD1.P  16(WP), [V1.B16]
	MOVHU.P 2(AP), AD
	VLD1.P  32(AP), [V3.B16, V4.B16]
	NIBBLES_U
	FIFTH
	VSUB    V31.B16, V2.B16, V2.B16
	VSUB    V31.B16, V1.B16, V1.B16
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
	HALVES
	FMULS   F7, F6, F6               // dx*dy
	FMULS   F5, F6, F6               // (dx*dy)*sumi
	FADDS   F6, F0, F0
	SUBS    $1, NB
	BNE     loop

done:
	FMOVS F0, ret+56(FP)
	RET

// func dotQ5_1Q8_1DotProd(w, a []byte, n int) float32
TEXT ·dotQ5_1Q8_1DotProd(SB), NOSPLIT, $0-60
	MOVD  w_base+0(FP), WP
	MOVD  a_base+24(FP), AP
	MOVD  n+48(FP), NB
	LSR   $5, NB
	VEOR  V0.B16, V0.B16, V0.B16
	VMOVI $15, V30.B16
	VMOVI $0x10, V25.B16
	MOVD  $0x8040201008040201, TMP
	VDUP  TMP, V26.D2
	VEOR  V27.B16, V27.B16, V27.B16
	MOVD  $0x0101010101010101, TMP
	VMOV  TMP, V27.D[1]
	VMOVI $2, V28.B16
	VADD  V27.B16, V28.B16, V28.B16
	MOVW  $0x3f800000, ONE
	CBZ   NB, done

loop:
	MOVWU.P 4(WP), WD
	MOVWU.P 4(WP), QH
	VLD1.P  16(WP), [V1.B16]
	MOVWU.P 4(AP), AD
	VLD1.P  32(AP), [V3.B16, V4.B16]
	NIBBLES_U
	FIFTH
	VEOR    V5.B16, V5.B16, V5.B16
	SDOT_4S(5, 2, 3)                 // sdot v5.4s, v2.16b, v3.16b
	SDOT_4S(5, 1, 4)                 // sdot v5.4s, v1.16b, v4.16b
	VADDV   V5.S4, V5                // sumi
	SCVTF_S(5, 5)                    // scvtf s5, s5
	FMOVS   WD, F6                   // the fp16 pairs (d, m) and (d, s)
	FCVTL_4S(6, 6)                   // fcvtl v6.4s, v6.4h
	FMOVS   AD, F7
	FCVTL_4S(7, 7)                   // fcvtl v7.4s, v7.4h
	FMUL_4S(6, 6, 7)                 // fmul v6.4s, v6.4s, v7.4s
	VMOV    ONE, V5.S[1]             // V5 = (sumi, 1)
	FMUL_4S(6, 6, 5)                 // fmul v6.4s, v6.4s, v5.4s
	FADDP_S(6, 6)                    // faddp s6, v6.2s
	FADDS   F6, F0, F0
	SUBS    $1, NB
	BNE     loop

done:
	FMOVS F0, ret+56(FP)
	RET

// func dotQ5_1Q8_1NEON(w, a []byte, n int) float32
TEXT ·dotQ5_1Q8_1NEON(SB), NOSPLIT, $0-60
	MOVD  w_base+0(FP), WP
	MOVD  a_base+24(FP), AP
	MOVD  n+48(FP), NB
	LSR   $5, NB
	VEOR  V0.B16, V0.B16, V0.B16
	VMOVI $15, V30.B16
	VMOVI $0x10, V25.B16
	MOVD  $0x8040201008040201, TMP
	VDUP  TMP, V26.D2
	VEOR  V27.B16, V27.B16, V27.B16
	MOVD  $0x0101010101010101, TMP
	VMOV  TMP, V27.D[1]
	VMOVI $2, V28.B16
	VADD  V27.B16, V28.B16, V28.B16
	MOVW  $0x3f800000, ONE
	CBZ   NB, done

loop:
	MOVWU.P 4(WP), WD
	MOVWU.P 4(WP), QH
	VLD1.P  16(WP), [V1.B16]
	MOVWU.P 4(AP), AD
	VLD1.P  32(AP), [V3.B16, V4.B16]
	NIBBLES_U
	FIFTH
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
	FMOVS   WD, F6                   // the fp16 pairs (d, m) and (d, s)
	FCVTL_4S(6, 6)                   // fcvtl v6.4s, v6.4h
	FMOVS   AD, F7
	FCVTL_4S(7, 7)                   // fcvtl v7.4s, v7.4h
	FMUL_4S(6, 6, 7)                 // fmul v6.4s, v6.4s, v7.4s
	VMOV    ONE, V5.S[1]             // V5 = (sumi, 1)
	FMUL_4S(6, 6, 5)                 // fmul v6.4s, v6.4s, v5.4s
	FADDP_S(6, 6)                    // faddp s6, v6.2s
	FADDS   F6, F0, F0
	SUBS    $1, NB
	BNE     loop

done:
	FMOVS F0, ret+56(FP)
	RET

// func dotIQ4_NLQ8_0DotProd(w, a []byte, n int) float32
TEXT ·dotIQ4_NLQ8_0DotProd(SB), NOSPLIT, $0-60
	MOVD  w_base+0(FP), WP
	MOVD  a_base+24(FP), AP
	MOVD  n+48(FP), NB
	LSR   $5, NB
	VEOR  V0.B16, V0.B16, V0.B16
	VMOVI $15, V30.B16
	MOVD  $·kvaluesIQ4NL(SB), TMP
	VLD1  (TMP), [V29.B16]
	CBZ   NB, done

loop:
	MOVHU.P 2(WP), WD
	VLD1.P  16(WP), [V1.B16]
	MOVHU.P 2(AP), AD
	VLD1.P  32(AP), [V3.B16, V4.B16]
	NIBBLES_U
	VTBL    V2.B16, [V29.B16], V2.B16 // the levels of the indices
	VTBL    V1.B16, [V29.B16], V1.B16
	VEOR    V5.B16, V5.B16, V5.B16
	SDOT_4S(5, 2, 3)                 // sdot v5.4s, v2.16b, v3.16b
	SDOT_4S(5, 1, 4)                 // sdot v5.4s, v1.16b, v4.16b
	VADDV   V5.S4, V5                // sumi
	SCVTF_S(5, 5)                    // scvtf s5, s5
	HALVES
	FMULS   F7, F6, F6               // dx*dy
	FMULS   F5, F6, F6               // (dx*dy)*sumi
	FADDS   F6, F0, F0
	SUBS    $1, NB
	BNE     loop

done:
	FMOVS F0, ret+56(FP)
	RET

// func dotIQ4_NLQ8_0NEON(w, a []byte, n int) float32
TEXT ·dotIQ4_NLQ8_0NEON(SB), NOSPLIT, $0-60
	MOVD  w_base+0(FP), WP
	MOVD  a_base+24(FP), AP
	MOVD  n+48(FP), NB
	LSR   $5, NB
	VEOR  V0.B16, V0.B16, V0.B16
	VMOVI $15, V30.B16
	MOVD  $·kvaluesIQ4NL(SB), TMP
	VLD1  (TMP), [V29.B16]
	CBZ   NB, done

loop:
	MOVHU.P 2(WP), WD
	VLD1.P  16(WP), [V1.B16]
	MOVHU.P 2(AP), AD
	VLD1.P  32(AP), [V3.B16, V4.B16]
	NIBBLES_U
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
	HALVES
	FMULS   F7, F6, F6               // dx*dy
	FMULS   F5, F6, F6               // (dx*dy)*sumi
	FADDS   F6, F0, F0
	SUBS    $1, NB
	BNE     loop

done:
	FMOVS F0, ret+56(FP)
	RET
