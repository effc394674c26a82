//go:build !purego

#include "textflag.h"
#include "neon_arm64.h"

// Float dot products: float32 products (of float32 or fp16 inputs),
// widened exactly to float64 and summed in float64 as the twins do, in
// 8 vector accumulators and a scalar one for the tail, added together at
// the end. The order of the float64 sum is not the twin's.

#define XP R0  // w or x
#define YP R1  // a or y
#define N R2   // values left
#define RP R3  // address of the result
#define TMP R4
#define KIND R5 // dotf32's result: 0 float32, 1 float64

// func dotF32NEON(w, a []byte, n int) float32
TEXT ·dotF32NEON(SB), NOSPLIT, $0-60
	MOVD w_base+0(FP), XP
	MOVD a_base+24(FP), YP
	MOVD n+48(FP), N
	MOVD $ret+56(FP), RP
	MOVD $0, KIND
	B    dotf32<>(SB)

// func dotNEON(x, y []float32) float32
TEXT ·dotNEON(SB), NOSPLIT, $0-52
	MOVD x_base+0(FP), XP
	MOVD y_base+24(FP), YP
	MOVD x_len+8(FP), N
	MOVD $ret+48(FP), RP
	MOVD $0, KIND
	B    dotf32<>(SB)

// func sumSquaresNEON(x []float32) float64
TEXT ·sumSquaresNEON(SB), NOSPLIT, $0-32
	MOVD x_base+0(FP), XP
	MOVD XP, YP
	MOVD x_len+8(FP), N
	MOVD $ret+24(FP), RP
	MOVD $1, KIND
	B    dotf32<>(SB)

// dotf32 stores at (RP) the dot product of the N float32s at XP and YP,
// as a float32 or (KIND = 1) a float64. Accumulators: V16-V23 (2 lanes
// each) and D24.
TEXT dotf32<>(SB), NOSPLIT|NOFRAME, $0
	VEOR V16.B16, V16.B16, V16.B16
	VEOR V17.B16, V17.B16, V17.B16
	VEOR V18.B16, V18.B16, V18.B16
	VEOR V19.B16, V19.B16, V19.B16
	VEOR V20.B16, V20.B16, V20.B16
	VEOR V21.B16, V21.B16, V21.B16
	VEOR V22.B16, V22.B16, V22.B16
	VEOR V23.B16, V23.B16, V23.B16
	VEOR V24.B16, V24.B16, V24.B16
	CMP  $16, N
	BLT  by4

by16:
	VLD1.P 64(XP), [V0.S4, V1.S4, V2.S4, V3.S4]
	VLD1.P 64(YP), [V4.S4, V5.S4, V6.S4, V7.S4]
	FMUL_4S(0, 0, 4)                 // fmul v0.4s, v0.4s, v4.4s
	FMUL_4S(1, 1, 5)                 // fmul v1.4s, v1.4s, v5.4s
	FMUL_4S(2, 2, 6)                 // fmul v2.4s, v2.4s, v6.4s
	FMUL_4S(3, 3, 7)                 // fmul v3.4s, v3.4s, v7.4s
	FCVTL_2D(8, 0)                   // fcvtl v8.2d, v0.2s
	FCVTL2_2D(9, 0)                  // fcvtl2 v9.2d, v0.4s
	FCVTL_2D(10, 1)                  // fcvtl v10.2d, v1.2s
	FCVTL2_2D(11, 1)                 // fcvtl2 v11.2d, v1.4s
	FCVTL_2D(12, 2)                  // fcvtl v12.2d, v2.2s
	FCVTL2_2D(13, 2)                 // fcvtl2 v13.2d, v2.4s
	FCVTL_2D(14, 3)                  // fcvtl v14.2d, v3.2s
	FCVTL2_2D(15, 3)                 // fcvtl2 v15.2d, v3.4s
	FADD_2D(16, 16, 8)               // fadd v16.2d, v16.2d, v8.2d
	FADD_2D(17, 17, 9)               // fadd v17.2d, v17.2d, v9.2d
	FADD_2D(18, 18, 10)              // fadd v18.2d, v18.2d, v10.2d
	FADD_2D(19, 19, 11)              // fadd v19.2d, v19.2d, v11.2d
	FADD_2D(20, 20, 12)              // fadd v20.2d, v20.2d, v12.2d
	FADD_2D(21, 21, 13)              // fadd v21.2d, v21.2d, v13.2d
	FADD_2D(22, 22, 14)              // fadd v22.2d, v22.2d, v14.2d
	FADD_2D(23, 23, 15)              // fadd v23.2d, v23.2d, v15.2d
	SUB    $16, N
	CMP    $16, N
	BGE    by16

by4:
	CMP    $4, N
	BLT    by1
	VLD1.P 16(XP), [V0.S4]
	VLD1.P 16(YP), [V4.S4]
	FMUL_4S(0, 0, 4)                 // fmul v0.4s, v0.4s, v4.4s
	FCVTL_2D(8, 0)                   // fcvtl v8.2d, v0.2s
	FCVTL2_2D(9, 0)                  // fcvtl2 v9.2d, v0.4s
	FADD_2D(16, 16, 8)               // fadd v16.2d, v16.2d, v8.2d
	FADD_2D(17, 17, 9)               // fadd v17.2d, v17.2d, v9.2d
	SUB    $4, N
	B      by4

by1:
	CBZ     N, sum
	FMOVS.P 4(XP), F0
	FMOVS.P 4(YP), F1
	FMULS   F1, F0, F0
	FCVTSD  F0, F0
	FADDD   F0, F24, F24
	SUB     $1, N
	B       by1

sum:
	FADD_2D(16, 16, 17)              // fadd v16.2d, v16.2d, v17.2d
	FADD_2D(18, 18, 19)              // fadd v18.2d, v18.2d, v19.2d
	FADD_2D(20, 20, 21)              // fadd v20.2d, v20.2d, v21.2d
	FADD_2D(22, 22, 23)              // fadd v22.2d, v22.2d, v23.2d
	FADD_2D(16, 16, 18)              // fadd v16.2d, v16.2d, v18.2d
	FADD_2D(20, 20, 22)              // fadd v20.2d, v20.2d, v22.2d
	FADD_2D(16, 16, 20)              // fadd v16.2d, v16.2d, v20.2d
	FADDP_D(16, 16)                  // faddp d16, v16.2d
	FADDD  F24, F16, F16
	CBNZ   KIND, f64
	FCVTDS F16, F16
	FMOVS  F16, (RP)
	RET

f64:
	FMOVD F16, (RP)
	RET

// func dotF16NEON(w, a []byte, n int) float32
TEXT ·dotF16NEON(SB), NOSPLIT, $0-60
	MOVD w_base+0(FP), XP
	MOVD a_base+24(FP), YP
	MOVD n+48(FP), N
	VEOR V16.B16, V16.B16, V16.B16
	VEOR V17.B16, V17.B16, V17.B16
	VEOR V18.B16, V18.B16, V18.B16
	VEOR V19.B16, V19.B16, V19.B16
	VEOR V20.B16, V20.B16, V20.B16
	VEOR V21.B16, V21.B16, V21.B16
	VEOR V22.B16, V22.B16, V22.B16
	VEOR V23.B16, V23.B16, V23.B16
	VEOR V24.B16, V24.B16, V24.B16
	CMP  $16, N
	BLT  h1

h16:
	VLD1.P 32(XP), [V0.H8, V1.H8]
	VLD1.P 32(YP), [V2.H8, V3.H8]
	FCVTL_4S(4, 0)                   // fcvtl v4.4s, v0.4h
	FCVTL2_4S(5, 0)                  // fcvtl2 v5.4s, v0.8h
	FCVTL_4S(6, 1)                   // fcvtl v6.4s, v1.4h
	FCVTL2_4S(7, 1)                  // fcvtl2 v7.4s, v1.8h
	FCVTL_4S(8, 2)                   // fcvtl v8.4s, v2.4h
	FCVTL2_4S(9, 2)                  // fcvtl2 v9.4s, v2.8h
	FCVTL_4S(10, 3)                  // fcvtl v10.4s, v3.4h
	FCVTL2_4S(11, 3)                 // fcvtl2 v11.4s, v3.8h
	FMUL_4S(4, 4, 8)                 // fmul v4.4s, v4.4s, v8.4s
	FMUL_4S(5, 5, 9)                 // fmul v5.4s, v5.4s, v9.4s
	FMUL_4S(6, 6, 10)                // fmul v6.4s, v6.4s, v10.4s
	FMUL_4S(7, 7, 11)                // fmul v7.4s, v7.4s, v11.4s
	FCVTL_2D(8, 4)                   // fcvtl v8.2d, v4.2s
	FCVTL2_2D(9, 4)                  // fcvtl2 v9.2d, v4.4s
	FCVTL_2D(10, 5)                  // fcvtl v10.2d, v5.2s
	FCVTL2_2D(11, 5)                 // fcvtl2 v11.2d, v5.4s
	FCVTL_2D(12, 6)                  // fcvtl v12.2d, v6.2s
	FCVTL2_2D(13, 6)                 // fcvtl2 v13.2d, v6.4s
	FCVTL_2D(14, 7)                  // fcvtl v14.2d, v7.2s
	FCVTL2_2D(15, 7)                 // fcvtl2 v15.2d, v7.4s
	FADD_2D(16, 16, 8)               // fadd v16.2d, v16.2d, v8.2d
	FADD_2D(17, 17, 9)               // fadd v17.2d, v17.2d, v9.2d
	FADD_2D(18, 18, 10)              // fadd v18.2d, v18.2d, v10.2d
	FADD_2D(19, 19, 11)              // fadd v19.2d, v19.2d, v11.2d
	FADD_2D(20, 20, 12)              // fadd v20.2d, v20.2d, v12.2d
	FADD_2D(21, 21, 13)              // fadd v21.2d, v21.2d, v13.2d
	FADD_2D(22, 22, 14)              // fadd v22.2d, v22.2d, v14.2d
	FADD_2D(23, 23, 15)              // fadd v23.2d, v23.2d, v15.2d
	SUB    $16, N
	CMP    $16, N
	BGE    h16

h1:
	CBZ     N, sum
	MOVHU.P 2(XP), TMP
	FMOVS   TMP, F0
	FCVTHS  F0, F0
	MOVHU.P 2(YP), TMP
	FMOVS   TMP, F1
	FCVTHS  F1, F1
	FMULS   F1, F0, F0
	FCVTSD  F0, F0
	FADDD   F0, F24, F24
	SUB     $1, N
	B       h1

sum:
	FADD_2D(16, 16, 17)              // fadd v16.2d, v16.2d, v17.2d
	FADD_2D(18, 18, 19)              // fadd v18.2d, v18.2d, v19.2d
	FADD_2D(20, 20, 21)              // fadd v20.2d, v20.2d, v21.2d
	FADD_2D(22, 22, 23)              // fadd v22.2d, v22.2d, v23.2d
	FADD_2D(16, 16, 18)              // fadd v16.2d, v16.2d, v18.2d
	FADD_2D(20, 20, 22)              // fadd v20.2d, v20.2d, v22.2d
	FADD_2D(16, 16, 20)              // fadd v16.2d, v16.2d, v20.2d
	FADDP_D(16, 16)                  // faddp d16, v16.2d
	FADDD  F24, F16, F16
	FCVTDS F16, F16
	FMOVS  F16, ret+56(FP)
	RET

// func dotBF16NEON(w, a []byte, n int) float32
TEXT ·dotBF16NEON(SB), NOSPLIT, $0-60
	MOVD w_base+0(FP), XP
	MOVD a_base+24(FP), YP
	MOVD n+48(FP), N
	VEOR V16.B16, V16.B16, V16.B16
	VEOR V17.B16, V17.B16, V17.B16
	VEOR V18.B16, V18.B16, V18.B16
	VEOR V19.B16, V19.B16, V19.B16
	VEOR V20.B16, V20.B16, V20.B16
	VEOR V21.B16, V21.B16, V21.B16
	VEOR V22.B16, V22.B16, V22.B16
	VEOR V23.B16, V23.B16, V23.B16
	VEOR V24.B16, V24.B16, V24.B16
	VEOR V31.B16, V31.B16, V31.B16
	CMP  $16, N
	BLT  h1

h16:
	VLD1.P 32(XP), [V0.H8, V1.H8]
	VLD1.P 32(YP), [V2.H8, V3.H8]
	VZIP1   V0.H8, V31.H8, V4.H8     // bf16 to float32: 0 below each value (V31 = 0)
	VZIP2   V0.H8, V31.H8, V5.H8
	VZIP1   V1.H8, V31.H8, V6.H8
	VZIP2   V1.H8, V31.H8, V7.H8
	VZIP1   V2.H8, V31.H8, V8.H8
	VZIP2   V2.H8, V31.H8, V9.H8
	VZIP1   V3.H8, V31.H8, V10.H8
	VZIP2   V3.H8, V31.H8, V11.H8
	FMUL_4S(4, 4, 8)                 // fmul v4.4s, v4.4s, v8.4s
	FMUL_4S(5, 5, 9)                 // fmul v5.4s, v5.4s, v9.4s
	FMUL_4S(6, 6, 10)                // fmul v6.4s, v6.4s, v10.4s
	FMUL_4S(7, 7, 11)                // fmul v7.4s, v7.4s, v11.4s
	FCVTL_2D(8, 4)                   // fcvtl v8.2d, v4.2s
	FCVTL2_2D(9, 4)                  // fcvtl2 v9.2d, v4.4s
	FCVTL_2D(10, 5)                  // fcvtl v10.2d, v5.2s
	FCVTL2_2D(11, 5)                 // fcvtl2 v11.2d, v5.4s
	FCVTL_2D(12, 6)                  // fcvtl v12.2d, v6.2s
	FCVTL2_2D(13, 6)                 // fcvtl2 v13.2d, v6.4s
	FCVTL_2D(14, 7)                  // fcvtl v14.2d, v7.2s
	FCVTL2_2D(15, 7)                 // fcvtl2 v15.2d, v7.4s
	FADD_2D(16, 16, 8)               // fadd v16.2d, v16.2d, v8.2d
	FADD_2D(17, 17, 9)               // fadd v17.2d, v17.2d, v9.2d
	FADD_2D(18, 18, 10)              // fadd v18.2d, v18.2d, v10.2d
	FADD_2D(19, 19, 11)              // fadd v19.2d, v19.2d, v11.2d
	FADD_2D(20, 20, 12)              // fadd v20.2d, v20.2d, v12.2d
	FADD_2D(21, 21, 13)              // fadd v21.2d, v21.2d, v13.2d
	FADD_2D(22, 22, 14)              // fadd v22.2d, v22.2d, v14.2d
	FADD_2D(23, 23, 15)              // fadd v23.2d, v23.2d, v15.2d
	SUB    $16, N
	CMP    $16, N
	BGE    h16

h1:
	CBZ     N, sum
	MOVHU.P 2(XP), TMP
	LSLW    $16, TMP
	FMOVS   TMP, F0
	MOVHU.P 2(YP), TMP
	LSLW    $16, TMP
	FMOVS   TMP, F1
	FMULS   F1, F0, F0
	FCVTSD  F0, F0
	FADDD   F0, F24, F24
	SUB     $1, N
	B       h1

sum:
	FADD_2D(16, 16, 17)              // fadd v16.2d, v16.2d, v17.2d
	FADD_2D(18, 18, 19)              // fadd v18.2d, v18.2d, v19.2d
	FADD_2D(20, 20, 21)              // fadd v20.2d, v20.2d, v21.2d
	FADD_2D(22, 22, 23)              // fadd v22.2d, v22.2d, v23.2d
	FADD_2D(16, 16, 18)              // fadd v16.2d, v16.2d, v18.2d
	FADD_2D(20, 20, 22)              // fadd v20.2d, v20.2d, v22.2d
	FADD_2D(16, 16, 20)              // fadd v16.2d, v16.2d, v20.2d
	FADDP_D(16, 16)                  // faddp d16, v16.2d
	FADDD  F24, F16, F16
	FCVTDS F16, F16
	FMOVS  F16, ret+56(FP)
	RET
