//go:build !purego

#include "textflag.h"

// AVX2 + FMA float32 vector operations. See vec_f32_amd64.go for what each
// function computes and how it compares with its twin.

// Register roles shared by the functions below.
#define DST DI // destination (or the vector updated in place)
#define SRC SI // source
#define N CX   // element count
#define I AX   // element index
#define END DX // end of the current loop

// func dotAVX2(x, y []float32) float32
//
// As dotF32AVX2 (dot_float_amd64.s), on float32 slices.
TEXT ·dotAVX2(SB), NOSPLIT, $0-52
	MOVQ   x_base+0(FP), SRC
	MOVQ   y_base+24(FP), DST
	MOVQ   x_len+8(FP), N
	VXORPS Y0, Y0, Y0 // four 8-lane float32 accumulators
	VXORPS Y1, Y1, Y1
	VXORPS Y2, Y2, Y2
	VXORPS Y3, Y3, Y3
	XORQ   I, I
	MOVQ   N, END
	ANDQ   $-32, END
	JZ     dotblocks8

dotloop32:
	VMOVUPS     (SRC)(I*4), Y4
	VMOVUPS     32(SRC)(I*4), Y5
	VMOVUPS     64(SRC)(I*4), Y6
	VMOVUPS     96(SRC)(I*4), Y7
	VFMADD231PS (DST)(I*4), Y4, Y0 // Y0 += Y4 * y[i:i+8]
	VFMADD231PS 32(DST)(I*4), Y5, Y1
	VFMADD231PS 64(DST)(I*4), Y6, Y2
	VFMADD231PS 96(DST)(I*4), Y7, Y3
	ADDQ        $32, I
	CMPQ        I, END
	JB          dotloop32

dotblocks8:
	MOVQ N, END
	ANDQ $-8, END
	CMPQ I, END
	JAE  dotreduce

dotloop8:
	VMOVUPS     (SRC)(I*4), Y4
	VFMADD231PS (DST)(I*4), Y4, Y0
	ADDQ        $8, I
	CMPQ        I, END
	JB          dotloop8

dotreduce:
	VADDPS       Y1, Y0, Y0
	VADDPS       Y3, Y2, Y2
	VADDPS       Y2, Y0, Y0
	VEXTRACTF128 $1, Y0, X1
	VADDPS       X1, X0, X0 // 4 lanes
	VMOVHLPS     X0, X0, X1 // X1 lanes 0, 1 = X0 lanes 2, 3
	VADDPS       X1, X0, X0 // 2 lanes
	VMOVSHDUP    X0, X1     // X1 lane 0 = X0 lane 1
	VADDSS       X1, X0, X0
	VCVTSS2SD    X0, X0, X0 // the leftovers add in float64
	CMPQ         I, N
	JAE          dotdone

dotloop1:
	VMOVSS    (SRC)(I*4), X1
	VMULSS    (DST)(I*4), X1, X1
	VCVTSS2SD X1, X1, X1
	VADDSD    X1, X0, X0
	INCQ      I
	CMPQ      I, N
	JB        dotloop1

dotdone:
	VCVTSD2SS X0, X0, X0
	VMOVSS    X0, ret+48(FP)
	VZEROUPPER
	RET

// func axpyAVX2(dst, x []float32, a float32)
TEXT ·axpyAVX2(SB), NOSPLIT, $0-52
	MOVQ         dst_base+0(FP), DST
	MOVQ         x_base+24(FP), SRC
	MOVQ         x_len+32(FP), N
	VBROADCASTSS a+48(FP), Y15
	XORQ         I, I
	MOVQ         N, END
	ANDQ         $-32, END
	JZ           axpyblocks8

	// Multiply, round, then add: no FMA, as the twin rounds the product.
axpyloop32:
	VMULPS  (SRC)(I*4), Y15, Y0
	VMULPS  32(SRC)(I*4), Y15, Y1
	VMULPS  64(SRC)(I*4), Y15, Y2
	VMULPS  96(SRC)(I*4), Y15, Y3
	VADDPS  (DST)(I*4), Y0, Y0
	VADDPS  32(DST)(I*4), Y1, Y1
	VADDPS  64(DST)(I*4), Y2, Y2
	VADDPS  96(DST)(I*4), Y3, Y3
	VMOVUPS Y0, (DST)(I*4)
	VMOVUPS Y1, 32(DST)(I*4)
	VMOVUPS Y2, 64(DST)(I*4)
	VMOVUPS Y3, 96(DST)(I*4)
	ADDQ    $32, I
	CMPQ    I, END
	JB      axpyloop32

axpyblocks8:
	MOVQ N, END
	ANDQ $-8, END
	CMPQ I, END
	JAE  axpytail

axpyloop8:
	VMULPS  (SRC)(I*4), Y15, Y0
	VADDPS  (DST)(I*4), Y0, Y0
	VMOVUPS Y0, (DST)(I*4)
	ADDQ    $8, I
	CMPQ    I, END
	JB      axpyloop8

axpytail:
	CMPQ I, N
	JAE  axpydone

axpyloop1:
	VMULSS (SRC)(I*4), X15, X0
	VADDSS (DST)(I*4), X0, X0
	VMOVSS X0, (DST)(I*4)
	INCQ   I
	CMPQ   I, N
	JB     axpyloop1

axpydone:
	VZEROUPPER
	RET

// func scaleAVX2(x []float32, a float32)
TEXT ·scaleAVX2(SB), NOSPLIT, $0-28
	MOVQ         x_base+0(FP), DST
	MOVQ         x_len+8(FP), N
	VBROADCASTSS a+24(FP), Y15
	XORQ         I, I
	MOVQ         N, END
	ANDQ         $-32, END
	JZ           scaleblocks8

scaleloop32:
	VMULPS  (DST)(I*4), Y15, Y0
	VMULPS  32(DST)(I*4), Y15, Y1
	VMULPS  64(DST)(I*4), Y15, Y2
	VMULPS  96(DST)(I*4), Y15, Y3
	VMOVUPS Y0, (DST)(I*4)
	VMOVUPS Y1, 32(DST)(I*4)
	VMOVUPS Y2, 64(DST)(I*4)
	VMOVUPS Y3, 96(DST)(I*4)
	ADDQ    $32, I
	CMPQ    I, END
	JB      scaleloop32

scaleblocks8:
	MOVQ N, END
	ANDQ $-8, END
	CMPQ I, END
	JAE  scaletail

scaleloop8:
	VMULPS  (DST)(I*4), Y15, Y0
	VMOVUPS Y0, (DST)(I*4)
	ADDQ    $8, I
	CMPQ    I, END
	JB      scaleloop8

scaletail:
	CMPQ I, N
	JAE  scaledone

scaleloop1:
	VMULSS (DST)(I*4), X15, X0
	VMOVSS X0, (DST)(I*4)
	INCQ   I
	CMPQ   I, N
	JB     scaleloop1

scaledone:
	VZEROUPPER
	RET

DATA vecNegInf<>+0(SB)/4, $0xff800000 // float32 -Inf
GLOBL vecNegInf<>(SB), RODATA|NOPTR, $4

// func maxF32AVX2(x []float32) float32
//
// The twin's MAX(m, v) = m > v ? m : v is order-dependent only through
// NaNs (a NaN running maximum is replaced by the next element) and signed
// zeros (of equal elements the last wins). Without NaNs, the twin returns
// the last element equal to the maximum M, whose bits are M's unless M is
// zero. So the lanes find M in any order, and an input with a NaN or with
// M == ±0 is scanned again sequentially, exactly as the twin does.
TEXT ·maxF32AVX2(SB), NOSPLIT, $0-28
	MOVQ         x_base+0(FP), SRC
	MOVQ         x_len+8(FP), N
	VBROADCASTSS vecNegInf<>(SB), Y0 // four 8-lane running maxima
	VMOVAPS      Y0, Y1
	VMOVAPS      Y0, Y2
	VMOVAPS      Y0, Y3
	VXORPS       Y8, Y8, Y8          // NaN lanes seen
	XORQ         I, I
	MOVQ         N, END
	ANDQ         $-32, END
	JZ           maxblocks8

maxloop32:
	VMOVUPS (SRC)(I*4), Y4
	VMOVUPS 32(SRC)(I*4), Y5
	VMOVUPS 64(SRC)(I*4), Y6
	VMOVUPS 96(SRC)(I*4), Y7
	VMAXPS  Y4, Y0, Y0
	VMAXPS  Y5, Y1, Y1
	VMAXPS  Y6, Y2, Y2
	VMAXPS  Y7, Y3, Y3
	VCMPPS  $3, Y5, Y4, Y9  // unordered: Y4 or Y5 is a NaN
	VCMPPS  $3, Y7, Y6, Y10
	VORPS   Y9, Y8, Y8
	VORPS   Y10, Y8, Y8
	ADDQ    $32, I
	CMPQ    I, END
	JB      maxloop32

maxblocks8:
	LEAQ    8(I), END
	CMPQ    END, N
	JA      maxreduce
	VMOVUPS (SRC)(I*4), Y4
	VMAXPS  Y4, Y0, Y0
	VCMPPS  $3, Y4, Y4, Y9
	VORPS   Y9, Y8, Y8
	MOVQ    END, I
	JMP     maxblocks8

maxreduce:
	VPTEST       Y8, Y8
	JNZ          maxsequential
	VMAXPS       Y1, Y0, Y0
	VMAXPS       Y3, Y2, Y2
	VMAXPS       Y2, Y0, Y0
	VEXTRACTF128 $1, Y0, X1
	VMAXPS       X1, X0, X0
	VMOVHLPS     X0, X0, X1
	VMAXPS       X1, X0, X0
	VMOVSHDUP    X0, X1
	VMAXSS       X1, X0, X0
	CMPQ         I, N
	JAE          maxcheck

maxloop1:
	VMOVSS   (SRC)(I*4), X1
	VUCOMISS X1, X1
	JPS      maxsequential // a NaN
	VMAXSS   X1, X0, X0
	INCQ     I
	CMPQ     I, N
	JB       maxloop1

maxcheck:
	VXORPS   X1, X1, X1
	VUCOMISS X1, X0
	JEQ      maxsequential // M == ±0: the sign depends on the order
	VMOVSS   X0, ret+24(FP)
	VZEROUPPER
	RET

maxsequential:
	VMOVSS vecNegInf<>(SB), X0
	XORQ   I, I

maxseqloop:
	CMPQ   I, N
	JAE    maxseqdone
	VMAXSS (SRC)(I*4), X0, X0 // X0 = X0 > v ? X0 : v, the twin's maxps(m, v)
	INCQ   I
	JMP    maxseqloop

maxseqdone:
	VMOVSS X0, ret+24(FP)
	VZEROUPPER
	RET

// func sumSquaresAVX2(x []float32) float64
TEXT ·sumSquaresAVX2(SB), NOSPLIT, $0-32
	MOVQ   x_base+0(FP), SRC
	MOVQ   x_len+8(FP), N
	VXORPD Y0, Y0, Y0 // four 4-lane float64 accumulators
	VXORPD Y1, Y1, Y1
	VXORPD Y2, Y2, Y2
	VXORPD Y3, Y3, Y3
	XORQ   I, I
	MOVQ   N, END
	ANDQ   $-16, END
	JZ     ssqblocks8

	// Square in float32 (the twin's v*v), widen, add in float64.
ssqloop16:
	VMOVUPS      (SRC)(I*4), Y4
	VMOVUPS      32(SRC)(I*4), Y5
	VMULPS       Y4, Y4, Y4
	VMULPS       Y5, Y5, Y5
	VCVTPS2PD    X4, Y6
	VEXTRACTF128 $1, Y4, X4
	VCVTPS2PD    X4, Y4
	VCVTPS2PD    X5, Y7
	VEXTRACTF128 $1, Y5, X5
	VCVTPS2PD    X5, Y5
	VADDPD       Y6, Y0, Y0
	VADDPD       Y4, Y1, Y1
	VADDPD       Y7, Y2, Y2
	VADDPD       Y5, Y3, Y3
	ADDQ         $16, I
	CMPQ         I, END
	JB           ssqloop16

ssqblocks8:
	LEAQ         8(I), END
	CMPQ         END, N
	JA           ssqreduce
	VMOVUPS      (SRC)(I*4), Y4
	VMULPS       Y4, Y4, Y4
	VCVTPS2PD    X4, Y6
	VEXTRACTF128 $1, Y4, X4
	VCVTPS2PD    X4, Y4
	VADDPD       Y6, Y0, Y0
	VADDPD       Y4, Y1, Y1
	MOVQ         END, I

ssqreduce:
	VADDPD       Y1, Y0, Y0
	VADDPD       Y3, Y2, Y2
	VADDPD       Y2, Y0, Y0
	VEXTRACTF128 $1, Y0, X1
	VADDPD       X1, X0, X0
	VUNPCKHPD    X0, X0, X1 // X1 low = X0 high
	VADDSD       X1, X0, X0
	CMPQ         I, N
	JAE          ssqdone

ssqloop1:
	VMOVSS    (SRC)(I*4), X1
	VMULSS    X1, X1, X1
	VCVTSS2SD X1, X1, X1
	VADDSD    X1, X0, X0
	INCQ      I
	CMPQ      I, N
	JB        ssqloop1

ssqdone:
	VMOVSD X0, ret+24(FP)
	VZEROUPPER
	RET

// ExpSum computes exp in float64 lanes: Cody-Waite range reduction
// t = k*ln2 + r with k = round(t/ln2), |r| <= ln2/2 (ln2 split in two so
// that k*ln2 is exact to ~1e-33, each part removed with one FMA), exp(r)
// by its degree-13 Taylor polynomial (truncation error below 5e-18),
// evaluated by Horner's rule with FMA, then scaled by 2^k through the
// exponent bits. The float64 result is within about 2 float64 ulps of
// exp(t), so rounding it to float32 gives the twin's
// float32(math.Exp(float64(t))) except where exp(t) lies within ~1e-16 of
// a float32 rounding boundary (then at most 1 float32 ulp apart).
//
// t is clamped to [-120, 100] first: exp(-120) rounds to float32 +0 and
// exp(100) to +Inf, as every t beyond them does, and 2^k stays a normal
// float64. The clamps keep a NaN t (VMINPD and VMAXPD return their second
// source when either is a NaN), and the NaN flows through to the result.

DATA expClampHi<>+0(SB)/8, $0x4059000000000000 // 100
DATA expClampHi<>+8(SB)/8, $0x4059000000000000
DATA expClampHi<>+16(SB)/8, $0x4059000000000000
DATA expClampHi<>+24(SB)/8, $0x4059000000000000
GLOBL expClampHi<>(SB), RODATA|NOPTR, $32

DATA expClampLo<>+0(SB)/8, $0xc05e000000000000 // -120
DATA expClampLo<>+8(SB)/8, $0xc05e000000000000
DATA expClampLo<>+16(SB)/8, $0xc05e000000000000
DATA expClampLo<>+24(SB)/8, $0xc05e000000000000
GLOBL expClampLo<>(SB), RODATA|NOPTR, $32

// expLog2e: 1/ln 2, in each of 4 lanes.
DATA expLog2e<>+0(SB)/8, $0x3ff71547652b82fe
DATA expLog2e<>+8(SB)/8, $0x3ff71547652b82fe
DATA expLog2e<>+16(SB)/8, $0x3ff71547652b82fe
DATA expLog2e<>+24(SB)/8, $0x3ff71547652b82fe
GLOBL expLog2e<>(SB), RODATA|NOPTR, $32

// expLn2Hi: ln 2 rounded to float64, in each of 4 lanes.
DATA expLn2Hi<>+0(SB)/8, $0x3fe62e42fefa39ef
DATA expLn2Hi<>+8(SB)/8, $0x3fe62e42fefa39ef
DATA expLn2Hi<>+16(SB)/8, $0x3fe62e42fefa39ef
DATA expLn2Hi<>+24(SB)/8, $0x3fe62e42fefa39ef
GLOBL expLn2Hi<>(SB), RODATA|NOPTR, $32

// expLn2Lo: ln 2 - expLn2Hi, in each of 4 lanes.
DATA expLn2Lo<>+0(SB)/8, $0x3c7abc9e3b39803f
DATA expLn2Lo<>+8(SB)/8, $0x3c7abc9e3b39803f
DATA expLn2Lo<>+16(SB)/8, $0x3c7abc9e3b39803f
DATA expLn2Lo<>+24(SB)/8, $0x3c7abc9e3b39803f
GLOBL expLn2Lo<>(SB), RODATA|NOPTR, $32

// expC0: 1/0!, in each of 4 lanes.
DATA expC0<>+0(SB)/8, $0x3ff0000000000000
DATA expC0<>+8(SB)/8, $0x3ff0000000000000
DATA expC0<>+16(SB)/8, $0x3ff0000000000000
DATA expC0<>+24(SB)/8, $0x3ff0000000000000
GLOBL expC0<>(SB), RODATA|NOPTR, $32

// expC1: 1/1!, in each of 4 lanes.
DATA expC1<>+0(SB)/8, $0x3ff0000000000000
DATA expC1<>+8(SB)/8, $0x3ff0000000000000
DATA expC1<>+16(SB)/8, $0x3ff0000000000000
DATA expC1<>+24(SB)/8, $0x3ff0000000000000
GLOBL expC1<>(SB), RODATA|NOPTR, $32

// expC2: 1/2!, in each of 4 lanes.
DATA expC2<>+0(SB)/8, $0x3fe0000000000000
DATA expC2<>+8(SB)/8, $0x3fe0000000000000
DATA expC2<>+16(SB)/8, $0x3fe0000000000000
DATA expC2<>+24(SB)/8, $0x3fe0000000000000
GLOBL expC2<>(SB), RODATA|NOPTR, $32

// expC3: 1/3!, in each of 4 lanes.
DATA expC3<>+0(SB)/8, $0x3fc5555555555555
DATA expC3<>+8(SB)/8, $0x3fc5555555555555
DATA expC3<>+16(SB)/8, $0x3fc5555555555555
DATA expC3<>+24(SB)/8, $0x3fc5555555555555
GLOBL expC3<>(SB), RODATA|NOPTR, $32

// expC4: 1/4!, in each of 4 lanes.
DATA expC4<>+0(SB)/8, $0x3fa5555555555555
DATA expC4<>+8(SB)/8, $0x3fa5555555555555
DATA expC4<>+16(SB)/8, $0x3fa5555555555555
DATA expC4<>+24(SB)/8, $0x3fa5555555555555
GLOBL expC4<>(SB), RODATA|NOPTR, $32

// expC5: 1/5!, in each of 4 lanes.
DATA expC5<>+0(SB)/8, $0x3f81111111111111
DATA expC5<>+8(SB)/8, $0x3f81111111111111
DATA expC5<>+16(SB)/8, $0x3f81111111111111
DATA expC5<>+24(SB)/8, $0x3f81111111111111
GLOBL expC5<>(SB), RODATA|NOPTR, $32

// expC6: 1/6!, in each of 4 lanes.
DATA expC6<>+0(SB)/8, $0x3f56c16c16c16c17
DATA expC6<>+8(SB)/8, $0x3f56c16c16c16c17
DATA expC6<>+16(SB)/8, $0x3f56c16c16c16c17
DATA expC6<>+24(SB)/8, $0x3f56c16c16c16c17
GLOBL expC6<>(SB), RODATA|NOPTR, $32

// expC7: 1/7!, in each of 4 lanes.
DATA expC7<>+0(SB)/8, $0x3f2a01a01a01a01a
DATA expC7<>+8(SB)/8, $0x3f2a01a01a01a01a
DATA expC7<>+16(SB)/8, $0x3f2a01a01a01a01a
DATA expC7<>+24(SB)/8, $0x3f2a01a01a01a01a
GLOBL expC7<>(SB), RODATA|NOPTR, $32

// expC8: 1/8!, in each of 4 lanes.
DATA expC8<>+0(SB)/8, $0x3efa01a01a01a01a
DATA expC8<>+8(SB)/8, $0x3efa01a01a01a01a
DATA expC8<>+16(SB)/8, $0x3efa01a01a01a01a
DATA expC8<>+24(SB)/8, $0x3efa01a01a01a01a
GLOBL expC8<>(SB), RODATA|NOPTR, $32

// expC9: 1/9!, in each of 4 lanes.
DATA expC9<>+0(SB)/8, $0x3ec71de3a556c734
DATA expC9<>+8(SB)/8, $0x3ec71de3a556c734
DATA expC9<>+16(SB)/8, $0x3ec71de3a556c734
DATA expC9<>+24(SB)/8, $0x3ec71de3a556c734
GLOBL expC9<>(SB), RODATA|NOPTR, $32

// expC10: 1/10!, in each of 4 lanes.
DATA expC10<>+0(SB)/8, $0x3e927e4fb7789f5c
DATA expC10<>+8(SB)/8, $0x3e927e4fb7789f5c
DATA expC10<>+16(SB)/8, $0x3e927e4fb7789f5c
DATA expC10<>+24(SB)/8, $0x3e927e4fb7789f5c
GLOBL expC10<>(SB), RODATA|NOPTR, $32

// expC11: 1/11!, in each of 4 lanes.
DATA expC11<>+0(SB)/8, $0x3e5ae64567f544e4
DATA expC11<>+8(SB)/8, $0x3e5ae64567f544e4
DATA expC11<>+16(SB)/8, $0x3e5ae64567f544e4
DATA expC11<>+24(SB)/8, $0x3e5ae64567f544e4
GLOBL expC11<>(SB), RODATA|NOPTR, $32

// expC12: 1/12!, in each of 4 lanes.
DATA expC12<>+0(SB)/8, $0x3e21eed8eff8d898
DATA expC12<>+8(SB)/8, $0x3e21eed8eff8d898
DATA expC12<>+16(SB)/8, $0x3e21eed8eff8d898
DATA expC12<>+24(SB)/8, $0x3e21eed8eff8d898
GLOBL expC12<>(SB), RODATA|NOPTR, $32

// expC13: 1/13!, in each of 4 lanes.
DATA expC13<>+0(SB)/8, $0x3de6124613a86d09
DATA expC13<>+8(SB)/8, $0x3de6124613a86d09
DATA expC13<>+16(SB)/8, $0x3de6124613a86d09
DATA expC13<>+24(SB)/8, $0x3de6124613a86d09
GLOBL expC13<>(SB), RODATA|NOPTR, $32

// Mask rows for the tail: 8 lanes of all ones then 8 of zeros; the 8
// lanes from byte 32-4*r have the first r lanes set.
DATA expTailMask<>+0(SB)/8, $0xffffffffffffffff
DATA expTailMask<>+8(SB)/8, $0xffffffffffffffff
DATA expTailMask<>+16(SB)/8, $0xffffffffffffffff
DATA expTailMask<>+24(SB)/8, $0xffffffffffffffff
DATA expTailMask<>+32(SB)/8, $0
DATA expTailMask<>+40(SB)/8, $0
DATA expTailMask<>+48(SB)/8, $0
DATA expTailMask<>+56(SB)/8, $0
GLOBL expTailMask<>(SB), RODATA|NOPTR, $64

// ExpSum's register roles.
#define MAXV Y15    // max in 8 float32 lanes
#define CLAMPHI Y14 // expClampHi
#define CLAMPLO Y13 // expClampLo
#define MASK Y12    // the tail's lane mask
#define ACC0 Y10    // float64 sums of the results, 4 lanes each
#define ACC1 Y11

// EXP4 sets p to exp(t) for the 4 float64 lanes of t; t and k (whose X
// register is kx) are clobbered.
#define EXP4(t, k, kx, p) \
	VMINPD       t, CLAMPHI, t        \ // t = 100 < t ? 100 : t (a NaN t stays)
	VMAXPD       t, CLAMPLO, t        \ // t = -120 > t ? -120 : t
	VMULPD       expLog2e<>(SB), t, k \
	VROUNDPD     $0, k, k             \ // k = round(t/ln2), ties to even
	VFNMADD231PD expLn2Hi<>(SB), k, t \ // t -= k*ln2hi
	VFNMADD231PD expLn2Lo<>(SB), k, t \ // t -= k*ln2lo: t is now r
	VMOVUPD      expC13<>(SB), p      \
	VFMADD213PD  expC12<>(SB), t, p   \ // p = p*r + 1/12!
	VFMADD213PD  expC11<>(SB), t, p   \
	VFMADD213PD  expC10<>(SB), t, p   \
	VFMADD213PD  expC9<>(SB), t, p    \
	VFMADD213PD  expC8<>(SB), t, p    \
	VFMADD213PD  expC7<>(SB), t, p    \
	VFMADD213PD  expC6<>(SB), t, p    \
	VFMADD213PD  expC5<>(SB), t, p    \
	VFMADD213PD  expC4<>(SB), t, p    \
	VFMADD213PD  expC3<>(SB), t, p    \
	VFMADD213PD  expC2<>(SB), t, p    \
	VFMADD213PD  expC1<>(SB), t, p    \
	VFMADD213PD  expC0<>(SB), t, p    \ // p = exp(r)
	VCVTPD2DQY   k, kx                \ // k as int32 (k is integral, |k| <= 174)
	VPMOVSXDQ    kx, k                \ // ... widened to int64
	VPSLLQ       $52, k, k            \ // ... moved to the exponent field
	VPADDQ       k, p, p                // p *= 2^k

// EXP8 sets Y4 to exp(Y0 - max) for the 8 float32 lanes of Y0, each
// rounded to float32, and leaves the low and high 4 results in X4 and X6.
// Y0..Y6 are clobbered.
#define EXP8 \
	VSUBPS       MAXV, Y0, Y0    \ // x - max, rounded to float32 as the twin does
	VCVTPS2PD    X0, Y1          \ // low 4 lanes to float64
	VEXTRACTF128 $1, Y0, X2      \
	VCVTPS2PD    X2, Y2          \ // high 4 lanes
	EXP4(Y1, Y3, X3, Y4)         \
	EXP4(Y2, Y5, X5, Y6)         \
	VCVTPD2PSY   Y4, X4          \ // round to float32, to nearest even
	VCVTPD2PSY   Y6, X6          \
	VINSERTF128  $1, X6, Y4, Y4

// func expSumAVX2(dst, x []float32, max float32) float64
TEXT ·expSumAVX2(SB), NOSPLIT, $0-64
	MOVQ         dst_base+0(FP), DST
	MOVQ         x_base+24(FP), SRC
	MOVQ         x_len+32(FP), N
	VBROADCASTSS max+48(FP), MAXV
	VMOVUPD      expClampHi<>(SB), CLAMPHI
	VMOVUPD      expClampLo<>(SB), CLAMPLO
	VXORPD       ACC0, ACC0, ACC0
	VXORPD       ACC1, ACC1, ACC1
	XORQ         I, I
	MOVQ         N, END
	ANDQ         $-8, END
	JZ           exptail

exploop8:
	VMOVUPS   (SRC)(I*4), Y0
	EXP8
	VMOVUPS   Y4, (DST)(I*4) // after the load: dst may be x
	VCVTPS2PD X4, Y7         // the float32 results, widened, summed
	VCVTPS2PD X6, Y8
	VADDPD    Y7, ACC0, ACC0
	VADDPD    Y8, ACC1, ACC1
	ADDQ      $8, I
	CMPQ      I, END
	JB        exploop8

exptail:
	MOVQ N, BX
	SUBQ I, BX // r = the 0..7 elements left
	JZ   expreduce

	// Masked load and store touch only the r lanes that are there.
	LEAQ         expTailMask<>+32(SB), R8
	SHLQ         $2, BX
	SUBQ         BX, R8
	VMOVDQU      (R8), MASK
	VMASKMOVPS   (SRC)(I*4), MASK, Y0 // absent lanes read as 0
	EXP8
	VMASKMOVPS   Y4, MASK, (DST)(I*4)
	VANDPS       MASK, Y4, Y4         // absent lanes add 0 to the sum
	VCVTPS2PD    X4, Y7
	VEXTRACTF128 $1, Y4, X8
	VCVTPS2PD    X8, Y8
	VADDPD       Y7, ACC0, ACC0
	VADDPD       Y8, ACC1, ACC1

expreduce:
	VADDPD       ACC1, ACC0, Y0
	VEXTRACTF128 $1, Y0, X1
	VADDPD       X1, X0, X0
	VUNPCKHPD    X0, X0, X1 // X1 low = X0 high
	VADDSD       X1, X0, X0
	VMOVSD       X0, ret+56(FP)
	VZEROUPPER
	RET

// SwiGLU's register roles (and ExpSum's CLAMPHI, CLAMPLO and MASK).
#define NEGX Y7 // -x
#define SIGN Y8 // the float32 sign bit in 8 lanes
#define ONE Y9  // float32 1 in 8 lanes

// SILU8 sets Y4 to x/(1+float32(exp(-x))) for the 8 float32 lanes x of
// Y0, which it keeps. Y1..Y7 are clobbered.
#define SILU8 \
	VXORPS       SIGN, Y0, NEGX    \
	VCVTPS2PD    X7, Y1            \ // low 4 lanes of -x to float64
	VEXTRACTF128 $1, NEGX, X2      \
	VCVTPS2PD    X2, Y2            \ // high 4 lanes
	EXP4(Y1, Y3, X3, Y4)           \
	EXP4(Y2, Y5, X5, Y6)           \
	VCVTPD2PSY   Y4, X4            \ // exp(-x) rounded to float32
	VCVTPD2PSY   Y6, X6            \
	VINSERTF128  $1, X6, Y4, Y4    \
	VADDPS       ONE, Y4, Y4       \ // 1 + exp(-x)
	VDIVPS       Y4, Y0, Y4          // x / (1 + exp(-x))

// func swigluAVX2(gate, up []float32)
TEXT ·swigluAVX2(SB), NOSPLIT, $0-48
	MOVQ         gate_base+0(FP), DST
	MOVQ         up_base+24(FP), SRC
	MOVQ         gate_len+8(FP), N
	VMOVUPD      expClampHi<>(SB), CLAMPHI
	VMOVUPD      expClampLo<>(SB), CLAMPLO
	MOVL         $0x80000000, AX
	VMOVD        AX, X8
	VBROADCASTSS X8, SIGN
	MOVL         $0x3f800000, AX
	VMOVD        AX, X9
	VBROADCASTSS X9, ONE
	XORQ         I, I
	MOVQ         N, END
	ANDQ         $-8, END
	JZ           glutail

gluloop8:
	VMOVUPS (DST)(I*4), Y0
	SILU8
	VMULPS  (SRC)(I*4), Y4, Y4
	VMOVUPS Y4, (DST)(I*4)
	ADDQ    $8, I
	CMPQ    I, END
	JB      gluloop8

glutail:
	MOVQ N, BX
	SUBQ I, BX // r = the 0..7 elements left
	JZ   gludone

	// Masked loads and store touch only the r lanes that are there.
	LEAQ       expTailMask<>+32(SB), R8
	SHLQ       $2, BX
	SUBQ       BX, R8
	VMOVDQU    (R8), MASK
	VMASKMOVPS (DST)(I*4), MASK, Y0
	SILU8
	VMASKMOVPS (SRC)(I*4), MASK, NEGX
	VMULPS     NEGX, Y4, Y4
	VMASKMOVPS Y4, MASK, (DST)(I*4)

gludone:
	VZEROUPPER
	RET
