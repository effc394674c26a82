//go:build !purego

#include "textflag.h"

// AVX2 + FMA + F16C dot products of float weight rows (F32, F16, BF16)
// with activation rows of the same type, as ggml's AVX2 ggml_vec_dot_f32,
// ggml_vec_dot_f16 and ggml_vec_dot_bf16 compute them: four 8-lane float32
// FMA accumulators over 32 elements a step, summed into one float32, then
// the leftover products added in float64. See dot_float_amd64.go.

// Register roles.
#define W SI   // weight row
#define A DI   // activation row
#define N CX   // element count
#define I AX   // element index
#define END DX // end of the current loop
#define ACC0 Y0
#define ACC1 Y1
#define ACC2 Y2
#define ACC3 Y3

// ZERO_ACCS clears the four accumulators.
#define ZERO_ACCS \
	VXORPS ACC0, ACC0, ACC0 \
	VXORPS ACC1, ACC1, ACC1 \
	VXORPS ACC2, ACC2, ACC2 \
	VXORPS ACC3, ACC3, ACC3

// REDUCE_ACCS sums the four accumulators' 32 lanes into X0 lane 0, then
// widens it to float64 (X0 low double), the leftover loop's accumulator.
#define REDUCE_ACCS \
	VADDPS       ACC1, ACC0, ACC0 \
	VADDPS       ACC3, ACC2, ACC2 \
	VADDPS       ACC2, ACC0, ACC0 \
	VEXTRACTF128 $1, ACC0, X1     \
	VADDPS       X1, X0, X0       \ // 4 lanes
	VMOVHLPS     X0, X0, X1       \ // X1 lanes 0, 1 = X0 lanes 2, 3
	VADDPS       X1, X0, X0       \ // 2 lanes
	VMOVSHDUP    X0, X1           \ // X1 lane 0 = X0 lane 1
	VADDSS       X1, X0, X0       \
	VCVTSS2SD    X0, X0, X0

// func dotF32AVX2(w, a []byte, n int) float32
TEXT ·dotF32AVX2(SB), NOSPLIT, $0-60
	MOVQ w_base+0(FP), W
	MOVQ a_base+24(FP), A
	MOVQ n+48(FP), N
	ZERO_ACCS
	XORQ I, I
	MOVQ N, END
	ANDQ $-32, END
	JZ   f32blocks8

f32loop32:
	VMOVUPS     (W)(I*4), Y4
	VMOVUPS     32(W)(I*4), Y5
	VMOVUPS     64(W)(I*4), Y6
	VMOVUPS     96(W)(I*4), Y7
	VFMADD231PS (A)(I*4), Y4, ACC0 // ACC0 += Y4 * a[i:i+8]
	VFMADD231PS 32(A)(I*4), Y5, ACC1
	VFMADD231PS 64(A)(I*4), Y6, ACC2
	VFMADD231PS 96(A)(I*4), Y7, ACC3
	ADDQ        $32, I
	CMPQ        I, END
	JB          f32loop32

f32blocks8:
	MOVQ N, END
	ANDQ $-8, END
	CMPQ I, END
	JAE  f32reduce

f32loop8:
	VMOVUPS     (W)(I*4), Y4
	VFMADD231PS (A)(I*4), Y4, ACC0
	ADDQ        $8, I
	CMPQ        I, END
	JB          f32loop8

f32reduce:
	REDUCE_ACCS
	CMPQ I, N
	JAE  f32done

f32loop1:
	VMOVSS    (W)(I*4), X1
	VMULSS    (A)(I*4), X1, X1 // the float32 product
	VCVTSS2SD X1, X1, X1
	VADDSD    X1, X0, X0       // summed in float64
	INCQ      I
	CMPQ      I, N
	JB        f32loop1

f32done:
	VCVTSD2SS X0, X0, X0
	VMOVSS    X0, ret+56(FP)
	VZEROUPPER
	RET

// func dotF16AVX2(w, a []byte, n int) float32
TEXT ·dotF16AVX2(SB), NOSPLIT, $0-60
	MOVQ w_base+0(FP), W
	MOVQ a_base+24(FP), A
	MOVQ n+48(FP), N
	ZERO_ACCS
	XORQ I, I
	MOVQ N, END
	ANDQ $-32, END
	JZ   f16blocks8

f16loop32:
	VCVTPH2PS   (W)(I*2), Y4 // 8 halves to float32
	VCVTPH2PS   16(W)(I*2), Y5
	VCVTPH2PS   32(W)(I*2), Y6
	VCVTPH2PS   48(W)(I*2), Y7
	VCVTPH2PS   (A)(I*2), Y8
	VCVTPH2PS   16(A)(I*2), Y9
	VCVTPH2PS   32(A)(I*2), Y10
	VCVTPH2PS   48(A)(I*2), Y11
	VFMADD231PS Y8, Y4, ACC0
	VFMADD231PS Y9, Y5, ACC1
	VFMADD231PS Y10, Y6, ACC2
	VFMADD231PS Y11, Y7, ACC3
	ADDQ        $32, I
	CMPQ        I, END
	JB          f16loop32

f16blocks8:
	MOVQ N, END
	ANDQ $-8, END
	CMPQ I, END
	JAE  f16reduce

f16loop8:
	VCVTPH2PS   (W)(I*2), Y4
	VCVTPH2PS   (A)(I*2), Y8
	VFMADD231PS Y8, Y4, ACC0
	ADDQ        $8, I
	CMPQ        I, END
	JB          f16loop8

f16reduce:
	REDUCE_ACCS
	CMPQ I, N
	JAE  f16done

f16loop1:
	MOVWLZX   (W)(I*2), BX
	VMOVD     BX, X1
	VCVTPH2PS X1, X1 // lane 0 = the weight
	MOVWLZX   (A)(I*2), BX
	VMOVD     BX, X2
	VCVTPH2PS X2, X2
	VMULSS    X2, X1, X1
	VCVTSS2SD X1, X1, X1
	VADDSD    X1, X0, X0
	INCQ      I
	CMPQ      I, N
	JB        f16loop1

f16done:
	VCVTSD2SS X0, X0, X0
	VMOVSS    X0, ret+56(FP)
	VZEROUPPER
	RET

// func dotBF16AVX2(w, a []byte, n int) float32
TEXT ·dotBF16AVX2(SB), NOSPLIT, $0-60
	MOVQ w_base+0(FP), W
	MOVQ a_base+24(FP), A
	MOVQ n+48(FP), N
	ZERO_ACCS
	XORQ I, I
	MOVQ N, END
	ANDQ $-32, END
	JZ   bf16blocks8

	// A bfloat16 is the upper half of a float32: zero-extend each to 32
	// bits and shift it up.
bf16loop32:
	VPMOVZXWD   (W)(I*2), Y4
	VPMOVZXWD   16(W)(I*2), Y5
	VPMOVZXWD   32(W)(I*2), Y6
	VPMOVZXWD   48(W)(I*2), Y7
	VPMOVZXWD   (A)(I*2), Y8
	VPMOVZXWD   16(A)(I*2), Y9
	VPMOVZXWD   32(A)(I*2), Y10
	VPMOVZXWD   48(A)(I*2), Y11
	VPSLLD      $16, Y4, Y4
	VPSLLD      $16, Y5, Y5
	VPSLLD      $16, Y6, Y6
	VPSLLD      $16, Y7, Y7
	VPSLLD      $16, Y8, Y8
	VPSLLD      $16, Y9, Y9
	VPSLLD      $16, Y10, Y10
	VPSLLD      $16, Y11, Y11
	VFMADD231PS Y8, Y4, ACC0
	VFMADD231PS Y9, Y5, ACC1
	VFMADD231PS Y10, Y6, ACC2
	VFMADD231PS Y11, Y7, ACC3
	ADDQ        $32, I
	CMPQ        I, END
	JB          bf16loop32

bf16blocks8:
	MOVQ N, END
	ANDQ $-8, END
	CMPQ I, END
	JAE  bf16reduce

bf16loop8:
	VPMOVZXWD   (W)(I*2), Y4
	VPMOVZXWD   (A)(I*2), Y8
	VPSLLD      $16, Y4, Y4
	VPSLLD      $16, Y8, Y8
	VFMADD231PS Y8, Y4, ACC0
	ADDQ        $8, I
	CMPQ        I, END
	JB          bf16loop8

bf16reduce:
	REDUCE_ACCS
	CMPQ I, N
	JAE  bf16done

bf16loop1:
	MOVWLZX   (W)(I*2), BX
	SHLL      $16, BX
	VMOVD     BX, X1
	MOVWLZX   (A)(I*2), BX
	SHLL      $16, BX
	VMOVD     BX, X2
	VMULSS    X2, X1, X1
	VCVTSS2SD X1, X1, X1
	VADDSD    X1, X0, X0
	INCQ      I
	CMPQ      I, N
	JB        bf16loop1

bf16done:
	VCVTSD2SS X0, X0, X0
	VMOVSS    X0, ret+56(FP)
	VZEROUPPER
	RET
