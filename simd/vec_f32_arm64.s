//go:build !purego

#include "textflag.h"
#include "neon_arm64.h"

// float32 vector operations, 16 values a step, then 4, then 1. Axpy and
// Scale round exactly as their twins do (FMUL, then FADD: no fusing).

#define DP R0 // dst
#define XP R1 // x
#define N R2  // values left
#define TMP R3
#define TMP2 R4

// func axpyNEON(dst, x []float32, a float32)
TEXT ·axpyNEON(SB), NOSPLIT, $0-52
	MOVD  dst_base+0(FP), DP
	MOVD  x_base+24(FP), XP
	MOVD  x_len+32(FP), N
	FMOVS a+48(FP), F31
	CMP   $16, N
	BLT   axpy4

axpy16:
	VLD1.P 64(XP), [V0.S4, V1.S4, V2.S4, V3.S4]
	VLD1   (DP), [V4.S4, V5.S4, V6.S4, V7.S4]
	FMUL_4S_S(0, 0, 31, 0)           // fmul v0.4s, v0.4s, v31.s[0]
	FMUL_4S_S(1, 1, 31, 0)           // fmul v1.4s, v1.4s, v31.s[0]
	FMUL_4S_S(2, 2, 31, 0)           // fmul v2.4s, v2.4s, v31.s[0]
	FMUL_4S_S(3, 3, 31, 0)           // fmul v3.4s, v3.4s, v31.s[0]
	FADD_4S(4, 4, 0)                 // fadd v4.4s, v4.4s, v0.4s
	FADD_4S(5, 5, 1)                 // fadd v5.4s, v5.4s, v1.4s
	FADD_4S(6, 6, 2)                 // fadd v6.4s, v6.4s, v2.4s
	FADD_4S(7, 7, 3)                 // fadd v7.4s, v7.4s, v3.4s
	VST1.P [V4.S4, V5.S4, V6.S4, V7.S4], 64(DP)
	SUB    $16, N
	CMP    $16, N
	BGE    axpy16

axpy4:
	CMP    $4, N
	BLT    axpy1
	VLD1.P 16(XP), [V0.S4]
	VLD1   (DP), [V4.S4]
	FMUL_4S_S(0, 0, 31, 0)           // fmul v0.4s, v0.4s, v31.s[0]
	FADD_4S(4, 4, 0)                 // fadd v4.4s, v4.4s, v0.4s
	VST1.P [V4.S4], 16(DP)
	SUB    $4, N
	B      axpy4

axpy1:
	CBZ     N, axpydone
	FMOVS.P 4(XP), F0
	FMOVS   (DP), F4
	FMULS   F31, F0, F0
	FADDS   F0, F4, F4
	FMOVS.P F4, 4(DP)
	SUB     $1, N
	B       axpy1

axpydone:
	RET

// func scaleNEON(x []float32, a float32)
TEXT ·scaleNEON(SB), NOSPLIT, $0-28
	MOVD  x_base+0(FP), DP
	MOVD  x_len+8(FP), N
	FMOVS a+24(FP), F31
	CMP   $16, N
	BLT   scale4

scale16:
	VLD1   (DP), [V0.S4, V1.S4, V2.S4, V3.S4]
	FMUL_4S_S(0, 0, 31, 0)           // fmul v0.4s, v0.4s, v31.s[0]
	FMUL_4S_S(1, 1, 31, 0)           // fmul v1.4s, v1.4s, v31.s[0]
	FMUL_4S_S(2, 2, 31, 0)           // fmul v2.4s, v2.4s, v31.s[0]
	FMUL_4S_S(3, 3, 31, 0)           // fmul v3.4s, v3.4s, v31.s[0]
	VST1.P [V0.S4, V1.S4, V2.S4, V3.S4], 64(DP)
	SUB    $16, N
	CMP    $16, N
	BGE    scale16

scale4:
	CMP    $4, N
	BLT    scale1
	VLD1   (DP), [V0.S4]
	FMUL_4S_S(0, 0, 31, 0)           // fmul v0.4s, v0.4s, v31.s[0]
	VST1.P [V0.S4], 16(DP)
	SUB    $4, N
	B      scale4

scale1:
	CBZ     N, scaledone
	FMOVS   (DP), F0
	FMULS   F31, F0, F0
	FMOVS.P F0, 4(DP)
	SUB     $1, N
	B       scale1

scaledone:
	RET

// maxNEON: V16-V19 the lane maxima (FMAX, which keeps NaNs), V20-V23 the
// lanes' "not a NaN" masks ANDed together.

// func maxNEON(x []float32) (m float32, ok bool)
TEXT ·maxNEON(SB), NOSPLIT, $0-29
	MOVD  x_base+0(FP), XP
	MOVD  x_len+8(FP), N
	MOVW  $0xff800000, TMP // -Inf
	VDUP  TMP, V16.S4
	VDUP  TMP, V17.S4
	VDUP  TMP, V18.S4
	VDUP  TMP, V19.S4
	VMOVI $0xff, V20.B16
	VMOVI $0xff, V21.B16
	VMOVI $0xff, V22.B16
	VMOVI $0xff, V23.B16
	CMP   $16, N
	BLT   max4

max16:
	VLD1.P 64(XP), [V0.S4, V1.S4, V2.S4, V3.S4]
	FMAX_4S(16, 16, 0)               // fmax v16.4s, v16.4s, v0.4s
	FMAX_4S(17, 17, 1)               // fmax v17.4s, v17.4s, v1.4s
	FMAX_4S(18, 18, 2)               // fmax v18.4s, v18.4s, v2.4s
	FMAX_4S(19, 19, 3)               // fmax v19.4s, v19.4s, v3.4s
	FCMEQ_4S(0, 0, 0)                // fcmeq v0.4s, v0.4s, v0.4s
	FCMEQ_4S(1, 1, 1)                // fcmeq v1.4s, v1.4s, v1.4s
	FCMEQ_4S(2, 2, 2)                // fcmeq v2.4s, v2.4s, v2.4s
	FCMEQ_4S(3, 3, 3)                // fcmeq v3.4s, v3.4s, v3.4s
	VAND   V0.B16, V20.B16, V20.B16
	VAND   V1.B16, V21.B16, V21.B16
	VAND   V2.B16, V22.B16, V22.B16
	VAND   V3.B16, V23.B16, V23.B16
	SUB    $16, N
	CMP    $16, N
	BGE    max16

max4:
	CMP    $4, N
	BLT    max1
	VLD1.P 16(XP), [V0.S4]
	FMAX_4S(16, 16, 0)               // fmax v16.4s, v16.4s, v0.4s
	FCMEQ_4S(0, 0, 0)                // fcmeq v0.4s, v0.4s, v0.4s
	VAND   V0.B16, V20.B16, V20.B16
	SUB    $4, N
	B      max4

max1:
	CBZ     N, maxsum
	FMOVS.P 4(XP), F0
	VDUP    V0.S[0], V0.S4
	FMAX_4S(16, 16, 0)               // fmax v16.4s, v16.4s, v0.4s
	FCMEQ_4S(0, 0, 0)                // fcmeq v0.4s, v0.4s, v0.4s
	VAND   V0.B16, V20.B16, V20.B16
	SUB     $1, N
	B       max1

maxsum:
	FMAX_4S(16, 16, 17)              // fmax v16.4s, v16.4s, v17.4s
	FMAX_4S(18, 18, 19)              // fmax v18.4s, v18.4s, v19.4s
	FMAX_4S(16, 16, 18)              // fmax v16.4s, v16.4s, v18.4s
	FMAXV_S(16, 16)                  // fmaxv s16, v16.4s
	FMOVS  F16, m+24(FP)
	VAND   V21.B16, V20.B16, V20.B16
	VAND   V23.B16, V22.B16, V22.B16
	VAND   V22.B16, V20.B16, V20.B16
	VMOV   V20.D[0], TMP
	VMOV   V20.D[1], TMP2
	AND    TMP2, TMP
	CMN    $1, TMP             // every lane all ones: no NaN
	BNE    notok
	FCMPS  $(0.0), F16         // a zero maximum: its sign is the last zero's
	BEQ    notok
	MOVD   $1, TMP
	MOVB   TMP, ok+28(FP)
	RET

notok:
	MOVB   ZR, ok+28(FP)
	RET
