//go:build !purego

#include "textflag.h"
#include "neon_arm64.h"

// NEON multi-row float32 kernels. See vec_rows_arm64.go for what each
// function computes and how it compares with the one-row kernels.

// DotRows' register roles.
#define DP R0      // the next result
#define XBASE R1   // x
#define NX R2      // len(x)
#define M R3       // rows left
#define ROW R4     // the first row of the current pair
#define STRIDE R5  // bytes between rows
#define XP R6      // x, advancing
#define PA R7      // row A, advancing
#define PB R8      // row B (row A again for a lone last row), advancing
#define N R9       // values left
#define TMP R10

// DOTSUM adds the 8 float64 accumulators v(a)..v(a+7) as dotf32 does
// (dot_float_arm64.s), leaving the sum in d(a). Its lines are macro calls
// written out at each use, so that every WORD carries its mnemonic.

// func dotRowsNEON(dst, x, rows []float32, stride int)
//
// Two rows at a time (A and B) share the loads of x; each row has
// dotf32's eight float64 accumulators (V16-V23 for A, V24-V31 for B),
// filled in dotf32's order, and its tail of len(x)%4 products summed in
// float64 from zero and added last, as dotf32's D24. A lone last row runs
// as both A and B, and only A's result is stored.
TEXT ·dotRowsNEON(SB), NOSPLIT, $0-80
	MOVD dst_base+0(FP), DP
	MOVD dst_len+8(FP), M
	MOVD x_base+24(FP), XBASE
	MOVD x_len+32(FP), NX
	MOVD rows_base+48(FP), ROW
	MOVD stride+72(FP), STRIDE
	LSL  $2, STRIDE

pair:
	CBZ  M, done
	MOVD XBASE, XP
	MOVD ROW, PA
	ADD  STRIDE, ROW, PB
	CMP  $1, M
	BNE  zero
	MOVD PA, PB         // a lone row: B repeats A

zero:
	MOVD NX, N
	VEOR V16.B16, V16.B16, V16.B16
	VEOR V17.B16, V17.B16, V17.B16
	VEOR V18.B16, V18.B16, V18.B16
	VEOR V19.B16, V19.B16, V19.B16
	VEOR V20.B16, V20.B16, V20.B16
	VEOR V21.B16, V21.B16, V21.B16
	VEOR V22.B16, V22.B16, V22.B16
	VEOR V23.B16, V23.B16, V23.B16
	VEOR V24.B16, V24.B16, V24.B16
	VEOR V25.B16, V25.B16, V25.B16
	VEOR V26.B16, V26.B16, V26.B16
	VEOR V27.B16, V27.B16, V27.B16
	VEOR V28.B16, V28.B16, V28.B16
	VEOR V29.B16, V29.B16, V29.B16
	VEOR V30.B16, V30.B16, V30.B16
	VEOR V31.B16, V31.B16, V31.B16
	CMP  $16, N
	BLT  by4

by16:
	VLD1.P 64(XP), [V0.S4, V1.S4, V2.S4, V3.S4]
	VLD1.P 64(PA), [V4.S4, V5.S4, V6.S4, V7.S4]
	FMUL_4S(4, 0, 4)                            // fmul v4.4s, v0.4s, v4.4s
	FMUL_4S(5, 1, 5)                            // fmul v5.4s, v1.4s, v5.4s
	FMUL_4S(6, 2, 6)                            // fmul v6.4s, v2.4s, v6.4s
	FMUL_4S(7, 3, 7)                            // fmul v7.4s, v3.4s, v7.4s
	FCVTL_2D(8, 4)                              // fcvtl v8.2d, v4.2s
	FCVTL2_2D(9, 4)                             // fcvtl2 v9.2d, v4.4s
	FCVTL_2D(10, 5)                             // fcvtl v10.2d, v5.2s
	FCVTL2_2D(11, 5)                            // fcvtl2 v11.2d, v5.4s
	FCVTL_2D(12, 6)                             // fcvtl v12.2d, v6.2s
	FCVTL2_2D(13, 6)                            // fcvtl2 v13.2d, v6.4s
	FCVTL_2D(14, 7)                             // fcvtl v14.2d, v7.2s
	FCVTL2_2D(15, 7)                            // fcvtl2 v15.2d, v7.4s
	FADD_2D(16, 16, 8)                          // fadd v16.2d, v16.2d, v8.2d
	FADD_2D(17, 17, 9)                          // fadd v17.2d, v17.2d, v9.2d
	FADD_2D(18, 18, 10)                         // fadd v18.2d, v18.2d, v10.2d
	FADD_2D(19, 19, 11)                         // fadd v19.2d, v19.2d, v11.2d
	FADD_2D(20, 20, 12)                         // fadd v20.2d, v20.2d, v12.2d
	FADD_2D(21, 21, 13)                         // fadd v21.2d, v21.2d, v13.2d
	FADD_2D(22, 22, 14)                         // fadd v22.2d, v22.2d, v14.2d
	FADD_2D(23, 23, 15)                         // fadd v23.2d, v23.2d, v15.2d
	VLD1.P 64(PB), [V4.S4, V5.S4, V6.S4, V7.S4]
	FMUL_4S(4, 0, 4)                            // fmul v4.4s, v0.4s, v4.4s
	FMUL_4S(5, 1, 5)                            // fmul v5.4s, v1.4s, v5.4s
	FMUL_4S(6, 2, 6)                            // fmul v6.4s, v2.4s, v6.4s
	FMUL_4S(7, 3, 7)                            // fmul v7.4s, v3.4s, v7.4s
	FCVTL_2D(8, 4)                              // fcvtl v8.2d, v4.2s
	FCVTL2_2D(9, 4)                             // fcvtl2 v9.2d, v4.4s
	FCVTL_2D(10, 5)                             // fcvtl v10.2d, v5.2s
	FCVTL2_2D(11, 5)                            // fcvtl2 v11.2d, v5.4s
	FCVTL_2D(12, 6)                             // fcvtl v12.2d, v6.2s
	FCVTL2_2D(13, 6)                            // fcvtl2 v13.2d, v6.4s
	FCVTL_2D(14, 7)                             // fcvtl v14.2d, v7.2s
	FCVTL2_2D(15, 7)                            // fcvtl2 v15.2d, v7.4s
	FADD_2D(24, 24, 8)                          // fadd v24.2d, v24.2d, v8.2d
	FADD_2D(25, 25, 9)                          // fadd v25.2d, v25.2d, v9.2d
	FADD_2D(26, 26, 10)                         // fadd v26.2d, v26.2d, v10.2d
	FADD_2D(27, 27, 11)                         // fadd v27.2d, v27.2d, v11.2d
	FADD_2D(28, 28, 12)                         // fadd v28.2d, v28.2d, v12.2d
	FADD_2D(29, 29, 13)                         // fadd v29.2d, v29.2d, v13.2d
	FADD_2D(30, 30, 14)                         // fadd v30.2d, v30.2d, v14.2d
	FADD_2D(31, 31, 15)                         // fadd v31.2d, v31.2d, v15.2d
	SUB    $16, N
	CMP    $16, N
	BGE    by16

by4:
	CMP    $4, N
	BLT    sum
	VLD1.P 16(XP), [V0.S4]
	VLD1.P 16(PA), [V4.S4]
	VLD1.P 16(PB), [V5.S4]
	FMUL_4S(4, 0, 4)                            // fmul v4.4s, v0.4s, v4.4s
	FMUL_4S(5, 0, 5)                            // fmul v5.4s, v0.4s, v5.4s
	FCVTL_2D(8, 4)                              // fcvtl v8.2d, v4.2s
	FCVTL2_2D(9, 4)                             // fcvtl2 v9.2d, v4.4s
	FCVTL_2D(10, 5)                             // fcvtl v10.2d, v5.2s
	FCVTL2_2D(11, 5)                            // fcvtl2 v11.2d, v5.4s
	FADD_2D(16, 16, 8)                          // fadd v16.2d, v16.2d, v8.2d
	FADD_2D(17, 17, 9)                          // fadd v17.2d, v17.2d, v9.2d
	FADD_2D(24, 24, 10)                         // fadd v24.2d, v24.2d, v10.2d
	FADD_2D(25, 25, 11)                         // fadd v25.2d, v25.2d, v11.2d
	SUB    $4, N
	B      by4

	// The accumulators' tree, as dotf32 adds them.
sum:
	FADD_2D(16, 16, 17)                         // fadd v16.2d, v16.2d, v17.2d
	FADD_2D(18, 18, 19)                         // fadd v18.2d, v18.2d, v19.2d
	FADD_2D(20, 20, 21)                         // fadd v20.2d, v20.2d, v21.2d
	FADD_2D(22, 22, 23)                         // fadd v22.2d, v22.2d, v23.2d
	FADD_2D(16, 16, 18)                         // fadd v16.2d, v16.2d, v18.2d
	FADD_2D(20, 20, 22)                         // fadd v20.2d, v20.2d, v22.2d
	FADD_2D(16, 16, 20)                         // fadd v16.2d, v16.2d, v20.2d
	FADDP_D(16, 16)                             // faddp d16, v16.2d
	FADD_2D(24, 24, 25)                         // fadd v24.2d, v24.2d, v25.2d
	FADD_2D(26, 26, 27)                         // fadd v26.2d, v26.2d, v27.2d
	FADD_2D(28, 28, 29)                         // fadd v28.2d, v28.2d, v29.2d
	FADD_2D(30, 30, 31)                         // fadd v30.2d, v30.2d, v31.2d
	FADD_2D(24, 24, 26)                         // fadd v24.2d, v24.2d, v26.2d
	FADD_2D(28, 28, 30)                         // fadd v28.2d, v28.2d, v30.2d
	FADD_2D(24, 24, 28)                         // fadd v24.2d, v24.2d, v28.2d
	FADDP_D(24, 24)                             // faddp d24, v24.2d

	// The tails, summed from zero in F1 (A) and F2 (B), as dotf32's D24.
	VEOR V1.B16, V1.B16, V1.B16
	VEOR V2.B16, V2.B16, V2.B16

by1:
	CBZ     N, store
	FMOVS.P 4(XP), F3
	FMOVS.P 4(PA), F4
	FMOVS.P 4(PB), F5
	FMULS   F4, F3, F4  // x*a, operands in dotf32's order
	FMULS   F5, F3, F5
	FCVTSD  F4, F4
	FCVTSD  F5, F5
	FADDD   F4, F1, F1
	FADDD   F5, F2, F2
	SUB     $1, N
	B       by1

store:
	FADDD   F1, F16, F16
	FCVTDS  F16, F16
	FMOVS.P F16, 4(DP)
	CMP     $1, M
	BEQ     done
	FADDD   F2, F24, F24
	FCVTDS  F24, F24
	FMOVS.P F24, 4(DP)
	ADD     STRIDE<<1, ROW, ROW
	SUB     $2, M
	B       pair

done:
	RET

#undef DP
#undef XBASE
#undef NX
#undef M
#undef ROW
#undef STRIDE
#undef XP
#undef PA
#undef PB
#undef N
#undef TMP

// AxpyRows' register roles.
#define DP R0     // the current column chunk of dst
#define COL R1    // the same columns of row 0
#define N R2      // columns left
#define SBASE R3  // s
#define NS R4     // len(s)
#define STRIDE R5 // bytes between rows
#define SP_ R6    // s, advancing
#define K R7      // rows left
#define ROWP R8   // the current columns of the current row
#define PTR R9    // ROWP, advancing
#define TMP R10

// func axpyRowsNEON(dst, rows []float32, stride int, s []float32)
//
// dst is processed in column chunks of 64, 16, 4 and 1 values held in
// registers (V0-V15) across all the rows, s[j] in F31. Every column sees
// axpyNEON's operations (FMUL by element, then FADD dst + product) in
// axpyNEON's order, so the grouping does not change any bit.
TEXT ·axpyRowsNEON(SB), NOSPLIT, $0-80
	MOVD dst_base+0(FP), DP
	MOVD dst_len+8(FP), N
	MOVD rows_base+24(FP), COL
	MOVD stride+48(FP), STRIDE
	LSL  $2, STRIDE
	MOVD s_base+56(FP), SBASE
	MOVD s_len+64(FP), NS
	CBZ  NS, done

cols64:
	CMP  $64, N
	BLT  cols16
	MOVD DP, PTR
	VLD1.P 64(PTR), [V0.S4, V1.S4, V2.S4, V3.S4]
	VLD1.P 64(PTR), [V4.S4, V5.S4, V6.S4, V7.S4]
	VLD1.P 64(PTR), [V8.S4, V9.S4, V10.S4, V11.S4]
	VLD1   (PTR), [V12.S4, V13.S4, V14.S4, V15.S4]
	MOVD   SBASE, SP_
	MOVD   NS, K
	MOVD   COL, ROWP

c64loop:
	FMOVS.P 4(SP_), F31
	MOVD    ROWP, PTR
	VLD1.P  64(PTR), [V16.S4, V17.S4, V18.S4, V19.S4]
	VLD1.P  64(PTR), [V20.S4, V21.S4, V22.S4, V23.S4]
	VLD1.P  64(PTR), [V24.S4, V25.S4, V26.S4, V27.S4]
	FMUL_4S_S(16, 16, 31, 0)                        // fmul v16.4s, v16.4s, v31.s[0]
	FMUL_4S_S(17, 17, 31, 0)                        // fmul v17.4s, v17.4s, v31.s[0]
	FMUL_4S_S(18, 18, 31, 0)                        // fmul v18.4s, v18.4s, v31.s[0]
	FMUL_4S_S(19, 19, 31, 0)                        // fmul v19.4s, v19.4s, v31.s[0]
	FMUL_4S_S(20, 20, 31, 0)                        // fmul v20.4s, v20.4s, v31.s[0]
	FMUL_4S_S(21, 21, 31, 0)                        // fmul v21.4s, v21.4s, v31.s[0]
	FMUL_4S_S(22, 22, 31, 0)                        // fmul v22.4s, v22.4s, v31.s[0]
	FMUL_4S_S(23, 23, 31, 0)                        // fmul v23.4s, v23.4s, v31.s[0]
	FMUL_4S_S(24, 24, 31, 0)                        // fmul v24.4s, v24.4s, v31.s[0]
	FMUL_4S_S(25, 25, 31, 0)                        // fmul v25.4s, v25.4s, v31.s[0]
	FMUL_4S_S(26, 26, 31, 0)                        // fmul v26.4s, v26.4s, v31.s[0]
	FMUL_4S_S(27, 27, 31, 0)                        // fmul v27.4s, v27.4s, v31.s[0]
	FADD_4S(0, 0, 16)                               // fadd v0.4s, v0.4s, v16.4s
	FADD_4S(1, 1, 17)                               // fadd v1.4s, v1.4s, v17.4s
	FADD_4S(2, 2, 18)                               // fadd v2.4s, v2.4s, v18.4s
	FADD_4S(3, 3, 19)                               // fadd v3.4s, v3.4s, v19.4s
	FADD_4S(4, 4, 20)                               // fadd v4.4s, v4.4s, v20.4s
	FADD_4S(5, 5, 21)                               // fadd v5.4s, v5.4s, v21.4s
	FADD_4S(6, 6, 22)                               // fadd v6.4s, v6.4s, v22.4s
	FADD_4S(7, 7, 23)                               // fadd v7.4s, v7.4s, v23.4s
	FADD_4S(8, 8, 24)                               // fadd v8.4s, v8.4s, v24.4s
	FADD_4S(9, 9, 25)                               // fadd v9.4s, v9.4s, v25.4s
	FADD_4S(10, 10, 26)                             // fadd v10.4s, v10.4s, v26.4s
	FADD_4S(11, 11, 27)                             // fadd v11.4s, v11.4s, v27.4s
	VLD1    (PTR), [V16.S4, V17.S4, V18.S4, V19.S4]
	FMUL_4S_S(16, 16, 31, 0)                        // fmul v16.4s, v16.4s, v31.s[0]
	FMUL_4S_S(17, 17, 31, 0)                        // fmul v17.4s, v17.4s, v31.s[0]
	FMUL_4S_S(18, 18, 31, 0)                        // fmul v18.4s, v18.4s, v31.s[0]
	FMUL_4S_S(19, 19, 31, 0)                        // fmul v19.4s, v19.4s, v31.s[0]
	FADD_4S(12, 12, 16)                             // fadd v12.4s, v12.4s, v16.4s
	FADD_4S(13, 13, 17)                             // fadd v13.4s, v13.4s, v17.4s
	FADD_4S(14, 14, 18)                             // fadd v14.4s, v14.4s, v18.4s
	FADD_4S(15, 15, 19)                             // fadd v15.4s, v15.4s, v19.4s
	ADD     STRIDE, ROWP, ROWP
	SUB     $1, K
	CBNZ    K, c64loop
	VST1.P  [V0.S4, V1.S4, V2.S4, V3.S4], 64(DP)
	VST1.P  [V4.S4, V5.S4, V6.S4, V7.S4], 64(DP)
	VST1.P  [V8.S4, V9.S4, V10.S4, V11.S4], 64(DP)
	VST1.P  [V12.S4, V13.S4, V14.S4, V15.S4], 64(DP)
	ADD     $256, COL, COL
	SUB     $64, N
	B       cols64

cols16:
	CMP  $16, N
	BLT  cols4
	VLD1 (DP), [V0.S4, V1.S4, V2.S4, V3.S4]
	MOVD SBASE, SP_
	MOVD NS, K
	MOVD COL, ROWP

c16loop:
	FMOVS.P 4(SP_), F31
	VLD1    (ROWP), [V16.S4, V17.S4, V18.S4, V19.S4]
	FMUL_4S_S(16, 16, 31, 0)                        // fmul v16.4s, v16.4s, v31.s[0]
	FMUL_4S_S(17, 17, 31, 0)                        // fmul v17.4s, v17.4s, v31.s[0]
	FMUL_4S_S(18, 18, 31, 0)                        // fmul v18.4s, v18.4s, v31.s[0]
	FMUL_4S_S(19, 19, 31, 0)                        // fmul v19.4s, v19.4s, v31.s[0]
	FADD_4S(0, 0, 16)                               // fadd v0.4s, v0.4s, v16.4s
	FADD_4S(1, 1, 17)                               // fadd v1.4s, v1.4s, v17.4s
	FADD_4S(2, 2, 18)                               // fadd v2.4s, v2.4s, v18.4s
	FADD_4S(3, 3, 19)                               // fadd v3.4s, v3.4s, v19.4s
	ADD     STRIDE, ROWP, ROWP
	SUB     $1, K
	CBNZ    K, c16loop
	VST1.P  [V0.S4, V1.S4, V2.S4, V3.S4], 64(DP)
	ADD     $64, COL, COL
	SUB     $16, N
	B       cols16

cols4:
	CMP  $4, N
	BLT  cols1
	VLD1 (DP), [V0.S4]
	MOVD SBASE, SP_
	MOVD NS, K
	MOVD COL, ROWP

c4loop:
	FMOVS.P 4(SP_), F31
	VLD1    (ROWP), [V16.S4]
	FMUL_4S_S(16, 16, 31, 0)                        // fmul v16.4s, v16.4s, v31.s[0]
	FADD_4S(0, 0, 16)                               // fadd v0.4s, v0.4s, v16.4s
	ADD     STRIDE, ROWP, ROWP
	SUB     $1, K
	CBNZ    K, c4loop
	VST1.P  [V0.S4], 16(DP)
	ADD     $16, COL, COL
	SUB     $4, N
	B       cols4

cols1:
	CBZ   N, done
	FMOVS (DP), F0
	MOVD  SBASE, SP_
	MOVD  NS, K
	MOVD  COL, ROWP

c1loop:
	FMOVS.P 4(SP_), F31
	FMOVS   (ROWP), F16
	FMULS   F31, F16, F16 // x*a, as axpyNEON's tail
	FADDS   F16, F0, F0   // dst + product
	ADD     STRIDE, ROWP, ROWP
	SUB     $1, K
	CBNZ    K, c1loop
	FMOVS.P F0, 4(DP)
	ADD     $4, COL, COL
	SUB     $1, N
	B       cols1

done:
	RET
