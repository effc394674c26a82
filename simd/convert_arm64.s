//go:build !purego

#include "textflag.h"
#include "neon_arm64.h"

// Conversions between float32 and fp16, 16 values a step. Both directions
// are bit for bit the twins': FCVTN rounds to nearest even, overflows to
// infinity and keeps the top of a NaN's payload as VCVTPS2PH does, and
// FCVTL is exact, except that it quiets signalling NaNs, which fromF16
// keeps; a step with a NaN in it rebuilds the NaN lanes as fromF16 does.

#define DP R0  // destination
#define XP R1  // source
#define N R2   // values left, a multiple of 16
#define TMP R3
#define TMP2 R4

// func f32ToF16NEON(dst []uint16, x []float32)
TEXT ·f32ToF16NEON(SB), NOSPLIT, $0-48
	MOVD dst_base+0(FP), DP
	MOVD x_base+24(FP), XP
	MOVD x_len+32(FP), N
	B    f32tof16<>(SB)

// func quantizeF16NEON(dst []byte, x []float32)
TEXT ·quantizeF16NEON(SB), NOSPLIT, $0-48
	MOVD dst_base+0(FP), DP
	MOVD x_base+24(FP), XP
	MOVD x_len+32(FP), N
	B    f32tof16<>(SB)

// f32tof16 writes the N float32s at XP as fp16 to DP.
TEXT f32tof16<>(SB), NOSPLIT|NOFRAME, $0
	CBZ N, done

loop:
	VLD1.P 64(XP), [V0.S4, V1.S4, V2.S4, V3.S4]
	FCVTN_4H(4, 0)                   // fcvtn v4.4h, v0.4s
	FCVTN2_8H(4, 1)                  // fcvtn2 v4.8h, v1.4s
	FCVTN_4H(5, 2)                   // fcvtn v5.4h, v2.4s
	FCVTN2_8H(5, 3)                  // fcvtn2 v5.8h, v3.4s
	VST1.P [V4.H8, V5.H8], 32(DP)
	SUBS   $16, N
	BNE    loop

done:
	RET

// Registers of f16ToF32NEON: V0-V1 the halves; V2-V5 their float32s;
// V6-V15 scratch; constants V28 (0x7fff halves), V29 (0x7c00 halves), V30
// (0x70000000 words), V31 (0x80000000 words).

// func f16ToF32NEON(dst []float32, x []uint16)
TEXT ·f16ToF32NEON(SB), NOSPLIT, $0-48
	MOVD dst_base+0(FP), DP
	MOVD x_base+24(FP), XP
	MOVD x_len+32(FP), N
	CBZ  N, done
	MOVW $0x7fff, TMP
	VDUP TMP, V28.H8
	MOVW $0x7c00, TMP
	VDUP TMP, V29.H8
	MOVW $0x70000000, TMP
	VDUP TMP, V30.S4
	MOVW $0x80000000, TMP
	VDUP TMP, V31.S4

loop:
	VLD1.P 32(XP), [V0.H8, V1.H8]
	FCVTL_4S(2, 0)                   // fcvtl v2.4s, v0.4h
	FCVTL2_4S(3, 0)                  // fcvtl2 v3.4s, v0.8h
	FCVTL_4S(4, 1)                   // fcvtl v4.4s, v1.4h
	FCVTL2_4S(5, 1)                  // fcvtl2 v5.4s, v1.8h

	// Any NaN: |h| > 0x7c00.
	VAND   V28.B16, V0.B16, V6.B16
	VAND   V28.B16, V1.B16, V7.B16
	CMHI_8H(8, 6, 29)                // cmhi v8.8h, v6.8h, v29.8h
	CMHI_8H(9, 7, 29)                // cmhi v9.8h, v7.8h, v29.8h
	VORR   V9.B16, V8.B16, V8.B16
	VMOV   V8.D[0], TMP
	VMOV   V8.D[1], TMP2
	ORR    TMP2, TMP
	CBNZ   TMP, nan

store:
	VST1.P [V2.S4, V3.S4, V4.S4, V5.S4], 64(DP)
	SUBS   $16, N
	BNE    loop

done:
	RET

nan:
	// fromF16's NaN: sign<<16 | (|h|<<13 + 0x70000000), in the lanes
	// where the FCVTL result is a NaN (FCMEQ of it with itself is false).
	VUXTL  V6.H4, V8.S4
	VUXTL2 V6.H8, V9.S4
	VUXTL  V7.H4, V10.S4
	VUXTL2 V7.H8, V11.S4
	VSHL   $13, V8.S4, V8.S4
	VSHL   $13, V9.S4, V9.S4
	VSHL   $13, V10.S4, V10.S4
	VSHL   $13, V11.S4, V11.S4
	VADD   V30.S4, V8.S4, V8.S4
	VADD   V30.S4, V9.S4, V9.S4
	VADD   V30.S4, V10.S4, V10.S4
	VADD   V30.S4, V11.S4, V11.S4
	VUXTL  V0.H4, V12.S4
	VUXTL2 V0.H8, V13.S4
	VUXTL  V1.H4, V14.S4
	VUXTL2 V1.H8, V15.S4
	VSHL   $16, V12.S4, V12.S4
	VSHL   $16, V13.S4, V13.S4
	VSHL   $16, V14.S4, V14.S4
	VSHL   $16, V15.S4, V15.S4
	VAND   V31.B16, V12.B16, V12.B16
	VAND   V31.B16, V13.B16, V13.B16
	VAND   V31.B16, V14.B16, V14.B16
	VAND   V31.B16, V15.B16, V15.B16
	VORR   V12.B16, V8.B16, V8.B16
	VORR   V13.B16, V9.B16, V9.B16
	VORR   V14.B16, V10.B16, V10.B16
	VORR   V15.B16, V11.B16, V11.B16
	FCMEQ_4S(12, 2, 2)               // fcmeq v12.4s, v2.4s, v2.4s
	FCMEQ_4S(13, 3, 3)               // fcmeq v13.4s, v3.4s, v3.4s
	FCMEQ_4S(14, 4, 4)               // fcmeq v14.4s, v4.4s, v4.4s
	FCMEQ_4S(15, 5, 5)               // fcmeq v15.4s, v5.4s, v5.4s
	VBIF   V12.B16, V8.B16, V2.B16
	VBIF   V13.B16, V9.B16, V3.B16
	VBIF   V14.B16, V10.B16, V4.B16
	VBIF   V15.B16, V11.B16, V5.B16
	B      store

// func f32ToBF16NEON(dst []uint16, x []float32)
TEXT ·f32ToBF16NEON(SB), NOSPLIT, $0-48
	MOVD dst_base+0(FP), DP
	MOVD x_base+24(FP), XP
	MOVD x_len+32(FP), N
	B    f32tobf16<>(SB)

// func quantizeBF16NEON(dst []byte, x []float32)
TEXT ·quantizeBF16NEON(SB), NOSPLIT, $0-48
	MOVD dst_base+0(FP), DP
	MOVD x_base+24(FP), XP
	MOVD x_len+32(FP), N
	B    f32tobf16<>(SB)

// f32tobf16 writes the N float32s at XP as bfloat16 to DP as toBF16 does:
// the high half of u + 0x7fff + (u>>16 & 1), or of u | 0x400000 for a NaN
// (FCMEQ of a NaN with itself is false). V30 holds 0x7fff words, V31
// 1 words; V29 0x400000 words.
TEXT f32tobf16<>(SB), NOSPLIT|NOFRAME, $0
	CBZ  N, done
	MOVW $0x7fff, TMP
	VDUP TMP, V30.S4
	MOVW $1, TMP
	VDUP TMP, V31.S4
	MOVW $0x400000, TMP
	VDUP TMP, V29.S4

loop:
	VLD1.P 64(XP), [V0.S4, V1.S4, V2.S4, V3.S4]
	VUSHR  $16, V0.S4, V4.S4
	VUSHR  $16, V1.S4, V5.S4
	VUSHR  $16, V2.S4, V6.S4
	VUSHR  $16, V3.S4, V7.S4
	VAND   V31.B16, V4.B16, V4.B16
	VAND   V31.B16, V5.B16, V5.B16
	VAND   V31.B16, V6.B16, V6.B16
	VAND   V31.B16, V7.B16, V7.B16
	VADD   V30.S4, V4.S4, V4.S4
	VADD   V30.S4, V5.S4, V5.S4
	VADD   V30.S4, V6.S4, V6.S4
	VADD   V30.S4, V7.S4, V7.S4
	VADD   V0.S4, V4.S4, V4.S4
	VADD   V1.S4, V5.S4, V5.S4
	VADD   V2.S4, V6.S4, V6.S4
	VADD   V3.S4, V7.S4, V7.S4
	VORR   V29.B16, V0.B16, V8.B16
	VORR   V29.B16, V1.B16, V9.B16
	VORR   V29.B16, V2.B16, V10.B16
	VORR   V29.B16, V3.B16, V11.B16
	FCMEQ_4S(12, 0, 0)               // fcmeq v12.4s, v0.4s, v0.4s
	FCMEQ_4S(13, 1, 1)               // fcmeq v13.4s, v1.4s, v1.4s
	FCMEQ_4S(14, 2, 2)               // fcmeq v14.4s, v2.4s, v2.4s
	FCMEQ_4S(15, 3, 3)               // fcmeq v15.4s, v3.4s, v3.4s
	VBIT   V12.B16, V4.B16, V8.B16
	VBIT   V13.B16, V5.B16, V9.B16
	VBIT   V14.B16, V6.B16, V10.B16
	VBIT   V15.B16, V7.B16, V11.B16
	VUZP2  V9.H8, V8.H8, V16.H8     // the high halves
	VUZP2  V11.H8, V10.H8, V17.H8
	VST1.P [V16.H8, V17.H8], 32(DP)
	SUBS   $16, N
	BNE    loop

done:
	RET
