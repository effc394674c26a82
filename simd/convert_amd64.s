//go:build !purego

#include "textflag.h"

// AVX2 + F16C conversions between float32 and the 16-bit float types. See
// convert_amd64.go for what each function computes.

// Broadcast constants (one 32-bit lane each, spread with VPBROADCASTD).
DATA cvtEMMask<>+0(SB)/4, $0x00007fff // a half's exponent and mantissa
GLOBL cvtEMMask<>(SB), RODATA|NOPTR, $4
DATA cvtHalfInf<>+0(SB)/4, $0x00007c00 // a half's infinity, without sign
GLOBL cvtHalfInf<>(SB), RODATA|NOPTR, $4
DATA cvtEMMask2<>+0(SB)/4, $0x7fff7fff // cvtEMMask in both 16-bit halves
GLOBL cvtEMMask2<>(SB), RODATA|NOPTR, $4
DATA cvtHalfInf2<>+0(SB)/4, $0x7c007c00 // cvtHalfInf in both 16-bit halves
GLOBL cvtHalfInf2<>(SB), RODATA|NOPTR, $4
DATA cvtQuiet<>+0(SB)/4, $0x00400000 // a float32's quiet-NaN bit
GLOBL cvtQuiet<>(SB), RODATA|NOPTR, $4
DATA cvtAbs<>+0(SB)/4, $0x7fffffff // a float32's magnitude bits
GLOBL cvtAbs<>(SB), RODATA|NOPTR, $4
DATA cvtInf<>+0(SB)/4, $0x7f800000 // a float32's infinity, without sign
GLOBL cvtInf<>(SB), RODATA|NOPTR, $4
DATA cvtOne<>+0(SB)/4, $0x00000001
GLOBL cvtOne<>(SB), RODATA|NOPTR, $4
DATA cvtRound<>+0(SB)/4, $0x00007fff // bfloat16 rounding bias, below the tie bit
GLOBL cvtRound<>(SB), RODATA|NOPTR, $4
DATA cvtNaNQuiet<>+0(SB)/4, $0x00000040 // a bfloat16's quiet-NaN bit
GLOBL cvtNaNQuiet<>(SB), RODATA|NOPTR, $4

// Register roles shared by the functions below.
#define DST DI // destination base
#define SRC SI // source base
#define N CX   // element count
#define I AX   // element index
#define N8 DX  // N rounded down to the loop's step

// FIX_SNAN clears the quiet bit that VCVTPH2PS sets when it converts a
// signalling NaN, so that NaN payloads pass through unchanged as fromF16
// keeps them. w holds the halves zero-extended to 32-bit lanes (it is
// clobbered), f their VCVTPH2PS conversions, t is scratch; em, inf and
// quiet hold cvtEMMask, cvtHalfInf and cvtQuiet in every lane. The same
// macro serves Y (8 lanes) and X (4 lanes) registers.
#define FIX_SNAN(w, f, t, em, inf, quiet) \
	VPAND     em, w, t    \ // t = exponent and mantissa
	VPCMPGTD  inf, t, t   \ // t = all ones where the half is a NaN
	VPSLLD    $13, w, w   \ // the half's quiet bit (bit 9) to bit 22
	VPANDN    quiet, w, w \ // w = bit 22 where that quiet bit is clear
	VPAND     t, w, w     \ // ... and the half is a NaN: signalling NaNs
	VPANDN    f, w, f       // f &^= w

// func f16ToF32AVX2(dst []float32, x []uint16)
TEXT ·f16ToF32AVX2(SB), NOSPLIT, $0-48
	MOVQ dst_base+0(FP), DST
	MOVQ x_base+24(FP), SRC
	MOVQ x_len+32(FP), N
	VPBROADCASTD cvtEMMask<>(SB), Y13
	VPBROADCASTD cvtHalfInf<>(SB), Y14
	VPBROADCASTD cvtQuiet<>(SB), Y15
	VPBROADCASTD cvtEMMask2<>(SB), Y11
	VPBROADCASTD cvtHalfInf2<>(SB), Y12
	XORQ I, I
	MOVQ N, N8
	ANDQ $-16, N8
	JZ   f16blocks8

	// 16 halves a step; only a step holding a NaN needs FIX_SNAN.
f16loop16:
	VMOVDQU   (SRC)(I*2), Y0
	VPAND     Y11, Y0, Y0    // exponents and mantissas, 16-bit lanes
	VPCMPGTW  Y12, Y0, Y0    // all ones where a half is a NaN
	VCVTPH2PS (SRC)(I*2), Y1
	VCVTPH2PS 16(SRC)(I*2), Y2
	VPTEST    Y0, Y0
	JNZ       f16fix16

f16store16:
	VMOVUPS Y1, (DST)(I*4)
	VMOVUPS Y2, 32(DST)(I*4)
	ADDQ    $16, I
	CMPQ    I, N8
	JB      f16loop16
	JMP     f16blocks8

f16fix16:
	VPMOVZXWD (SRC)(I*2), Y0 // the halves as 32-bit lanes
	FIX_SNAN(Y0, Y1, Y3, Y13, Y14, Y15)
	VPMOVZXWD 16(SRC)(I*2), Y0
	FIX_SNAN(Y0, Y2, Y3, Y13, Y14, Y15)
	JMP       f16store16

f16blocks8:
	LEAQ      8(I), BX
	CMPQ      BX, N
	JA        f16tail
	VPMOVZXWD (SRC)(I*2), Y0
	VCVTPH2PS (SRC)(I*2), Y1
	FIX_SNAN(Y0, Y1, Y2, Y13, Y14, Y15)
	VMOVUPS   Y1, (DST)(I*4)
	MOVQ      BX, I

f16tail:
	CMPQ I, N
	JAE  f16done

f16loop1:
	MOVWLZX   (SRC)(I*2), BX
	VMOVD     BX, X0 // lane 0 = the half, the other halves 0
	VCVTPH2PS X0, X1
	FIX_SNAN(X0, X1, X2, X13, X14, X15)
	VMOVSS    X1, (DST)(I*4)
	INCQ      I
	CMPQ      I, N
	JB        f16loop1

f16done:
	VZEROUPPER
	RET

// func f32ToF16AVX2(dst []uint16, x []float32)
TEXT ·f32ToF16AVX2(SB), NOSPLIT, $0-48
	MOVQ dst_base+0(FP), DST
	MOVQ x_base+24(FP), SRC
	MOVQ x_len+32(FP), N
	XORQ I, I
	MOVQ N, N8
	ANDQ $-16, N8
	JZ   h16loop8

h16loop16:
	VMOVUPS   (SRC)(I*4), Y0
	VMOVUPS   32(SRC)(I*4), Y1
	VCVTPS2PH $0, Y0, (DST)(I*2)   // imm 0: round to nearest even
	VCVTPS2PH $0, Y1, 16(DST)(I*2)
	ADDQ      $16, I
	CMPQ      I, N8
	JB        h16loop16

h16loop8:
	LEAQ      8(I), BX
	CMPQ      BX, N
	JA        h16tail
	VMOVUPS   (SRC)(I*4), Y0
	VCVTPS2PH $0, Y0, (DST)(I*2)
	MOVQ      BX, I

h16tail:
	CMPQ I, N
	JAE  h16done

h16loop1:
	VMOVSS    (SRC)(I*4), X0
	VCVTPS2PH $0, X0, X0
	VMOVD     X0, BX
	MOVW      BX, (DST)(I*2)
	INCQ      I
	CMPQ      I, N
	JB        h16loop1

h16done:
	VZEROUPPER
	RET

// func quantizeF16AVX2(dst []byte, x []float32)
TEXT ·quantizeF16AVX2(SB), NOSPLIT, $0-48
	// Same arguments in the same places; only dst's length unit differs,
	// and f32ToF16AVX2 reads x's length alone.
	JMP ·f32ToF16AVX2(SB)

// BF16_ROUND converts the 8 float32 lanes of u to bfloat16 in the low
// halves of the 32-bit lanes of r, as toBF16 does: NaNs get the quiet bit,
// the rest round to nearest even. t and m are scratch; Y10..Y14 hold
// cvtRound, cvtOne, cvtAbs, cvtInf and cvtNaNQuiet.
#define BF16_ROUND(u, r, t, m) \
	VPSRLD    $16, u, t    \ // t = the upper half
	VPAND     Y11, t, r    \ // r = its lowest bit, the tie breaker
	VPADDD    Y10, r, r    \
	VPADDD    u, r, r      \ // r = u + 0x7fff + lsb
	VPSRLD    $16, r, r    \
	VPOR      Y14, t, t    \ // t = the NaN result: upper half | 64
	VPAND     Y12, u, m    \
	VPCMPGTD  Y13, m, m    \ // m = all ones where |u| > Inf: NaN
	VPBLENDVB m, t, r, r     // r = m ? t : r

// func f32ToBF16AVX2(dst []uint16, x []float32)
TEXT ·f32ToBF16AVX2(SB), NOSPLIT, $0-48
	MOVQ dst_base+0(FP), DST
	MOVQ x_base+24(FP), SRC
	MOVQ x_len+32(FP), N
	VPBROADCASTD cvtRound<>(SB), Y10
	VPBROADCASTD cvtOne<>(SB), Y11
	VPBROADCASTD cvtAbs<>(SB), Y12
	VPBROADCASTD cvtInf<>(SB), Y13
	VPBROADCASTD cvtNaNQuiet<>(SB), Y14
	XORQ I, I
	MOVQ N, N8
	ANDQ $-16, N8
	JZ   bf16loop8

bf16loop16:
	VMOVDQU   (SRC)(I*4), Y0
	VMOVDQU   32(SRC)(I*4), Y1
	BF16_ROUND(Y0, Y2, Y4, Y5)
	BF16_ROUND(Y1, Y3, Y6, Y7)
	VPACKUSDW Y3, Y2, Y2      // words in qwords: Y2.lo, Y3.lo, Y2.hi, Y3.hi
	VPERMQ    $0xD8, Y2, Y2   // qword order 0, 2, 1, 3: elements in order
	VMOVDQU   Y2, (DST)(I*2)
	ADDQ      $16, I
	CMPQ      I, N8
	JB        bf16loop16

bf16loop8:
	LEAQ         8(I), BX
	CMPQ         BX, N
	JA           bf16tail
	VMOVDQU      (SRC)(I*4), Y0
	BF16_ROUND(Y0, Y2, Y4, Y5)
	VEXTRACTI128 $1, Y2, X3
	VPACKUSDW    X3, X2, X2 // the 8 results as words, in order
	VMOVDQU      X2, (DST)(I*2)
	MOVQ         BX, I

bf16tail:
	CMPQ I, N
	JAE  bf16done

bf16loop1:
	MOVL (SRC)(I*4), BX
	MOVL BX, R8
	ANDL $0x7fffffff, R8
	CMPL R8, $0x7f800000
	JHI  bf16nan
	MOVL BX, R8
	SHRL $16, R8
	ANDL $1, R8
	LEAL 0x7fff(BX)(R8*1), BX // u + 0x7fff + lsb
	SHRL $16, BX
	JMP  bf16store

bf16nan:
	SHRL $16, BX
	ORL  $64, BX

bf16store:
	MOVW BX, (DST)(I*2)
	INCQ I
	CMPQ I, N
	JB   bf16loop1

bf16done:
	VZEROUPPER
	RET

// func quantizeBF16AVX2(dst []byte, x []float32)
TEXT ·quantizeBF16AVX2(SB), NOSPLIT, $0-48
	// As quantizeF16AVX2: the arguments of f32ToBF16AVX2.
	JMP ·f32ToBF16AVX2(SB)
