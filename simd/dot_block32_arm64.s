//go:build !purego

#include "textflag.h"
#include "neon_arm64.h"

// Dot products of 32-weight blocks with Q8_0 activation blocks (34 bytes:
// fp16 d, 32 int8 codes). Each block's integer dot product is exact; its
// float32 term is computed and added to the total in the twin's order,
// block after block, so the result is bit for bit that of the twin.

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
