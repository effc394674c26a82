//go:build !purego

#include "textflag.h"

// AVX2 + FMA multi-row float32 kernels. See vec_rows_amd64.go for what each
// function computes and how it compares with the one-row kernels.

// DotRows' register roles. The loops address memory through advancing
// pointers, without an index register: an FMA with an indexed memory
// operand costs an extra micro-op on Intel cores.
#define DST DI     // the next result
#define XBASE SI   // x
#define XP AX      // x, advancing
#define N R12      // len(x)
#define M BX       // rows left
#define ROW DX     // the first row of the current group
#define P0 R8      // the rows of the current group, advancing
#define P1 R9
#define P2 R10
#define STRIDE R11 // bytes between rows
#define K CX       // loop counter

// DOTREDUCE adds the four 8-lane accumulators a0..a3 as dotAVX2 does and
// leaves their float32 sum, widened to float64, in the low lane of ax
// (a0's X register); t/tx is a scratch register.
#define DOTREDUCE(a0, a1, a2, a3, ax, t, tx) \
	VADDPS       a1, a0, a0 \
	VADDPS       a3, a2, a2 \
	VADDPS       a2, a0, a0 \
	VEXTRACTF128 $1, a0, tx \
	VADDPS       tx, ax, ax \ // 4 lanes
	VMOVHLPS     ax, ax, tx \ // tx lanes 0, 1 = ax lanes 2, 3
	VADDPS       tx, ax, ax \ // 2 lanes
	VMOVSHDUP    ax, tx     \ // tx lane 0 = ax lane 1
	VADDSS       tx, ax, ax \
	VCVTSS2SD    ax, ax, ax

// DOTTAIL1 adds the float32 product x[i]*row[i] (row[i] at p), widened, to
// the float64 sum in ax, as dotAVX2's leftover loop does; X12 holds x[i].
#define DOTTAIL1(p, ax) \
	VMULSS    (p), X12, X13 \
	VCVTSS2SD X13, X13, X13 \
	VADDSD    X13, ax, ax

// func dotRowsAVX2(dst, x, rows []float32, stride int)
//
// Three rows at a time share the loads of x; each row has dotAVX2's four
// accumulators (Y0-Y3, Y4-Y7, Y8-Y11), filled in dotAVX2's order: the
// blocks of 32 across all four, the blocks of 8 left into the first, the
// last len(x)%8 products in float64 after the reduction. The rows left
// over go one at a time through the same steps.
TEXT ·dotRowsAVX2(SB), NOSPLIT, $0-80
	MOVQ dst_base+0(FP), DST
	MOVQ dst_len+8(FP), M
	MOVQ x_base+24(FP), XBASE
	MOVQ x_len+32(FP), N
	MOVQ rows_base+48(FP), ROW
	MOVQ stride+72(FP), STRIDE
	SHLQ $2, STRIDE

rows3:
	CMPQ   M, $3
	JB     rows1
	MOVQ   XBASE, XP
	MOVQ   ROW, P0
	LEAQ   (ROW)(STRIDE*1), P1
	LEAQ   (P1)(STRIDE*1), P2
	VXORPS Y0, Y0, Y0
	VXORPS Y1, Y1, Y1
	VXORPS Y2, Y2, Y2
	VXORPS Y3, Y3, Y3
	VXORPS Y4, Y4, Y4
	VXORPS Y5, Y5, Y5
	VXORPS Y6, Y6, Y6
	VXORPS Y7, Y7, Y7
	VXORPS Y8, Y8, Y8
	VXORPS Y9, Y9, Y9
	VXORPS Y10, Y10, Y10
	VXORPS Y11, Y11, Y11
	MOVQ   N, K
	SHRQ   $5, K     // blocks of 32
	JZ     r3blocks8

r3loop32:
	VMOVUPS     (XP), Y12
	VFMADD231PS (P0), Y12, Y0 // Y0 += x[i:i+8] * row0[i:i+8]
	VFMADD231PS (P1), Y12, Y4
	VFMADD231PS (P2), Y12, Y8
	VMOVUPS     32(XP), Y13
	VFMADD231PS 32(P0), Y13, Y1
	VFMADD231PS 32(P1), Y13, Y5
	VFMADD231PS 32(P2), Y13, Y9
	VMOVUPS     64(XP), Y14
	VFMADD231PS 64(P0), Y14, Y2
	VFMADD231PS 64(P1), Y14, Y6
	VFMADD231PS 64(P2), Y14, Y10
	VMOVUPS     96(XP), Y15
	VFMADD231PS 96(P0), Y15, Y3
	VFMADD231PS 96(P1), Y15, Y7
	VFMADD231PS 96(P2), Y15, Y11
	ADDQ        $128, XP
	ADDQ        $128, P0
	ADDQ        $128, P1
	ADDQ        $128, P2
	DECQ        K
	JNZ         r3loop32

r3blocks8:
	MOVQ N, K
	SHRQ $3, K
	ANDQ $3, K  // blocks of 8 left
	JZ   r3reduce

r3loop8:
	VMOVUPS     (XP), Y12
	VFMADD231PS (P0), Y12, Y0
	VFMADD231PS (P1), Y12, Y4
	VFMADD231PS (P2), Y12, Y8
	ADDQ        $32, XP
	ADDQ        $32, P0
	ADDQ        $32, P1
	ADDQ        $32, P2
	DECQ        K
	JNZ         r3loop8

r3reduce:
	DOTREDUCE(Y0, Y1, Y2, Y3, X0, Y12, X12)
	DOTREDUCE(Y4, Y5, Y6, Y7, X4, Y13, X13)
	DOTREDUCE(Y8, Y9, Y10, Y11, X8, Y14, X14)
	MOVQ N, K
	ANDQ $7, K // values left
	JZ   r3done

r3loop1:
	VMOVSS (XP), X12
	DOTTAIL1(P0, X0)
	DOTTAIL1(P1, X4)
	DOTTAIL1(P2, X8)
	ADDQ   $4, XP
	ADDQ   $4, P0
	ADDQ   $4, P1
	ADDQ   $4, P2
	DECQ   K
	JNZ    r3loop1

r3done:
	VCVTSD2SS X0, X0, X0
	VCVTSD2SS X4, X4, X4
	VCVTSD2SS X8, X8, X8
	VMOVSS    X0, (DST)
	VMOVSS    X4, 4(DST)
	VMOVSS    X8, 8(DST)
	ADDQ      $12, DST
	LEAQ      (ROW)(STRIDE*2), ROW
	ADDQ      STRIDE, ROW
	SUBQ      $3, M
	JMP       rows3

rows1:
	TESTQ  M, M
	JZ     done
	MOVQ   XBASE, XP
	MOVQ   ROW, P0
	VXORPS Y0, Y0, Y0
	VXORPS Y1, Y1, Y1
	VXORPS Y2, Y2, Y2
	VXORPS Y3, Y3, Y3
	MOVQ   N, K
	SHRQ   $5, K
	JZ     r1blocks8

r1loop32:
	VMOVUPS     (XP), Y12
	VMOVUPS     32(XP), Y13
	VMOVUPS     64(XP), Y14
	VMOVUPS     96(XP), Y15
	VFMADD231PS (P0), Y12, Y0
	VFMADD231PS 32(P0), Y13, Y1
	VFMADD231PS 64(P0), Y14, Y2
	VFMADD231PS 96(P0), Y15, Y3
	ADDQ        $128, XP
	ADDQ        $128, P0
	DECQ        K
	JNZ         r1loop32

r1blocks8:
	MOVQ N, K
	SHRQ $3, K
	ANDQ $3, K
	JZ   r1reduce

r1loop8:
	VMOVUPS     (XP), Y12
	VFMADD231PS (P0), Y12, Y0
	ADDQ        $32, XP
	ADDQ        $32, P0
	DECQ        K
	JNZ         r1loop8

r1reduce:
	DOTREDUCE(Y0, Y1, Y2, Y3, X0, Y12, X12)
	MOVQ N, K
	ANDQ $7, K
	JZ   r1done

r1loop1:
	VMOVSS (XP), X12
	DOTTAIL1(P0, X0)
	ADDQ   $4, XP
	ADDQ   $4, P0
	DECQ   K
	JNZ    r1loop1

r1done:
	VCVTSD2SS X0, X0, X0
	VMOVSS    X0, (DST)
	ADDQ      $4, DST
	ADDQ      STRIDE, ROW
	DECQ      M
	JMP       rows1

done:
	VZEROUPPER
	RET

#undef DST
#undef XBASE
#undef XP
#undef N
#undef M
#undef ROW
#undef P0
#undef P1
#undef P2
#undef STRIDE
#undef K

// rowsTailMask: 8 lanes of all ones then 8 of zeros; the 8 lanes from
// byte 32-4*r have the first r lanes set.
DATA rowsTailMask<>+0(SB)/8, $0xffffffffffffffff
DATA rowsTailMask<>+8(SB)/8, $0xffffffffffffffff
DATA rowsTailMask<>+16(SB)/8, $0xffffffffffffffff
DATA rowsTailMask<>+24(SB)/8, $0xffffffffffffffff
DATA rowsTailMask<>+32(SB)/8, $0
DATA rowsTailMask<>+40(SB)/8, $0
DATA rowsTailMask<>+48(SB)/8, $0
DATA rowsTailMask<>+56(SB)/8, $0
GLOBL rowsTailMask<>(SB), RODATA|NOPTR, $64

// AxpyRows' register roles.
#define DST DI     // the current column chunk of dst
#define COL SI     // the same columns of row 0
#define N CX       // columns left
#define SV R8      // s
#define NS R9      // len(s)
#define STRIDE R10 // bytes between rows
#define J AX       // row index
#define P DX       // the current columns of row J
#define S Y15      // s[J] in every lane
#define MASK Y14   // the tail's lane mask

// AXPY8 adds S*row[off:off+8] (row at P) to the accumulator acc with the
// scratch register t: multiply, round, then add, as axpyAVX2 does (no FMA,
// and the same operand order).
#define AXPY8(off, t, acc) \
	VMULPS off(P), S, t \
	VADDPS acc, t, acc

// func axpyRowsAVX2(dst, rows []float32, stride int, s []float32)
//
// dst is processed in column chunks of 64, 32 and 8 values held in
// registers (Y0-Y7) across all the rows, then the last 1..7 columns with
// masked loads and stores. Every column sees axpyAVX2's operations in
// axpyAVX2's order, so the grouping does not change any bit.
TEXT ·axpyRowsAVX2(SB), NOSPLIT, $0-80
	MOVQ dst_base+0(FP), DST
	MOVQ dst_len+8(FP), N
	MOVQ rows_base+24(FP), COL
	MOVQ stride+48(FP), STRIDE
	SHLQ $2, STRIDE
	MOVQ s_base+56(FP), SV
	MOVQ s_len+64(FP), NS
	TESTQ NS, NS
	JZ    done

cols64:
	CMPQ    N, $64
	JB      cols32
	VMOVUPS (DST), Y0
	VMOVUPS 32(DST), Y1
	VMOVUPS 64(DST), Y2
	VMOVUPS 96(DST), Y3
	VMOVUPS 128(DST), Y4
	VMOVUPS 160(DST), Y5
	VMOVUPS 192(DST), Y6
	VMOVUPS 224(DST), Y7
	MOVQ    COL, P
	XORQ    J, J

c64loop:
	VBROADCASTSS (SV)(J*4), S
	AXPY8(0, Y8, Y0)
	AXPY8(32, Y9, Y1)
	AXPY8(64, Y10, Y2)
	AXPY8(96, Y11, Y3)
	AXPY8(128, Y12, Y4)
	AXPY8(160, Y13, Y5)
	AXPY8(192, Y8, Y6)
	AXPY8(224, Y9, Y7)
	ADDQ         STRIDE, P
	INCQ         J
	CMPQ         J, NS
	JB           c64loop
	VMOVUPS      Y0, (DST)
	VMOVUPS      Y1, 32(DST)
	VMOVUPS      Y2, 64(DST)
	VMOVUPS      Y3, 96(DST)
	VMOVUPS      Y4, 128(DST)
	VMOVUPS      Y5, 160(DST)
	VMOVUPS      Y6, 192(DST)
	VMOVUPS      Y7, 224(DST)
	ADDQ         $256, DST
	ADDQ         $256, COL
	SUBQ         $64, N
	JMP          cols64

cols32:
	CMPQ    N, $32
	JB      cols8
	VMOVUPS (DST), Y0
	VMOVUPS 32(DST), Y1
	VMOVUPS 64(DST), Y2
	VMOVUPS 96(DST), Y3
	MOVQ    COL, P
	XORQ    J, J

c32loop:
	VBROADCASTSS (SV)(J*4), S
	AXPY8(0, Y8, Y0)
	AXPY8(32, Y9, Y1)
	AXPY8(64, Y10, Y2)
	AXPY8(96, Y11, Y3)
	ADDQ         STRIDE, P
	INCQ         J
	CMPQ         J, NS
	JB           c32loop
	VMOVUPS      Y0, (DST)
	VMOVUPS      Y1, 32(DST)
	VMOVUPS      Y2, 64(DST)
	VMOVUPS      Y3, 96(DST)
	ADDQ         $128, DST
	ADDQ         $128, COL
	SUBQ         $32, N

cols8:
	CMPQ    N, $8
	JB      colstail
	VMOVUPS (DST), Y0
	MOVQ    COL, P
	XORQ    J, J

c8loop:
	VBROADCASTSS (SV)(J*4), S
	AXPY8(0, Y8, Y0)
	ADDQ         STRIDE, P
	INCQ         J
	CMPQ         J, NS
	JB           c8loop
	VMOVUPS      Y0, (DST)
	ADDQ         $32, DST
	ADDQ         $32, COL
	SUBQ         $8, N
	JMP          cols8

colstail:
	TESTQ N, N
	JZ    done

	// Masked loads and stores touch only the N columns that are there;
	// the absent lanes compute on zeros and are never stored.
	LEAQ       rowsTailMask<>+32(SB), R11
	SHLQ       $2, N
	SUBQ       N, R11
	VMOVDQU    (R11), MASK
	VMASKMOVPS (DST), MASK, Y0
	MOVQ       COL, P
	XORQ       J, J

ctloop:
	VBROADCASTSS (SV)(J*4), S
	VMASKMOVPS   (P), MASK, Y8
	VMULPS       Y8, S, Y8
	VADDPS       Y0, Y8, Y0
	ADDQ         STRIDE, P
	INCQ         J
	CMPQ         J, NS
	JB           ctloop
	VMASKMOVPS   Y0, MASK, (DST)

done:
	VZEROUPPER
	RET

#undef DST
#undef COL
#undef N
#undef SV
#undef NS
#undef STRIDE
#undef J
#undef P
#undef S
#undef MASK

// The AVX-512 kernels. They keep the AVX2 kernels' arithmetic, lane for
// lane, in 16-lane registers, and use the 32 registers for more rows.

// rows8Compact: the VPERMPS control that gathers the 8 dot products from
// the lanes where the reduction of dotRows8AVX512 leaves them (row r at
// lane 4r for r < 4 and at lane 4(r-4)+2 for r >= 4).
DATA rows8Compact<>+0(SB)/4, $0
DATA rows8Compact<>+4(SB)/4, $4
DATA rows8Compact<>+8(SB)/4, $8
DATA rows8Compact<>+12(SB)/4, $12
DATA rows8Compact<>+16(SB)/4, $2
DATA rows8Compact<>+20(SB)/4, $6
DATA rows8Compact<>+24(SB)/4, $10
DATA rows8Compact<>+28(SB)/4, $14
DATA rows8Compact<>+32(SB)/8, $0
DATA rows8Compact<>+40(SB)/8, $0
DATA rows8Compact<>+48(SB)/8, $0
DATA rows8Compact<>+56(SB)/8, $0
GLOBL rows8Compact<>(SB), RODATA|NOPTR, $64

// dotRows8AVX512's register roles.
#define DST DI     // the next 8 results
#define XBASE SI   // x
#define XP AX      // x, advancing
#define N R12      // len(x)
#define M BX       // rows left
#define ROW DX     // the first row of the current group of 8
#define PA R8      // rows 0 and 4 of the group, advancing: row k is at
#define PB R9      // PA + k*STRIDE, row 4+k at PB + k*STRIDE (k < 4)
#define STRIDE R11 // bytes between rows
#define STRIDE3 R10
#define K CX       // loop counter
#define LO8 K1     // lanes 0-7

// DOTPAIR sums the accumulators of two rows, (a01, a23) and (b01, b23),
// each a pair of dotAVX2's 8-lane accumulators [acc0 | acc1] and
// [acc2 | acc3], into s = [sum of a | sum of b], each sum
// (acc0+acc1)+(acc2+acc3) lane by lane as dotAVX2 adds them.
#define DOTPAIR(a01, a23, b01, b23, s) \
	VSHUFF32X4 $0x44, b01, a01, s   \ // [a.acc0 | b.acc0]
	VSHUFF32X4 $0xee, b01, a01, Z19 \ // [a.acc1 | b.acc1]
	VADDPS     Z19, s, s            \ // acc0 + acc1
	VSHUFF32X4 $0x44, b23, a23, Z20 \ // [a.acc2 | b.acc2]
	VSHUFF32X4 $0xee, b23, a23, Z21 \ // [a.acc3 | b.acc3]
	VADDPS     Z21, Z20, Z20        \ // acc2 + acc3
	VADDPS     Z20, s, s

// DOTHALVES adds, for 4 rows whose 8-lane sums are in s01 = [r0 | r1]
// and s23 = [r2 | r3], the low 4 lanes of each sum to its high 4 (as
// dotAVX2's VEXTRACTF128 and VADDPS), into u = [r0 | r1 | r2 | r3], 4
// lanes each.
#define DOTHALVES(s01, s23, u) \
	VSHUFF32X4 $0x88, s23, s01, u   \ // the low 128 bits of each sum
	VSHUFF32X4 $0xdd, s23, s01, Z19 \ // the high 128 bits
	VADDPS     Z19, u, u

// func dotRows8AVX512(dst, x, rows []float32, stride int)
//
// Eight rows at a time; each row's dotAVX2 accumulators acc0..acc3 sit in
// two registers, [acc0 | acc1] (fed by x[i:i+16]) and [acc2 | acc3] (fed
// by x[i+16:i+32]), so that one 16-lane FMA does the work of two 8-lane
// ones with the same lanes; the blocks of 8 after the blocks of 32 go into
// acc0 alone (masked FMAs, which neither read nor change lanes 8-15). The
// reduction then runs dotAVX2's additions for the 8 rows together,
// shuffling lanes rather than reducing row by row. len(x)%8 == 0 and
// len(dst)%8 == 0 (dotRowsAVX512 sends the rest to dotRowsAVX2): then
// dotAVX2 only widens its float32 sum to float64 and rounds it back,
// which returns the same float32 (the sum is no signalling NaN).
TEXT ·dotRows8AVX512(SB), NOSPLIT, $0-80
	MOVQ    dst_base+0(FP), DST
	MOVQ    dst_len+8(FP), M
	MOVQ    x_base+24(FP), XBASE
	MOVQ    x_len+32(FP), N
	MOVQ    rows_base+48(FP), ROW
	MOVQ    stride+72(FP), STRIDE
	SHLQ    $2, STRIDE
	LEAQ    (STRIDE)(STRIDE*2), STRIDE3
	MOVL    $0xff, K
	KMOVW   CX, LO8
	VMOVUPS rows8Compact<>(SB), Z31

rows8:
	CMPQ   M, $8
	JB     done
	MOVQ   XBASE, XP
	MOVQ   ROW, PA
	LEAQ   (ROW)(STRIDE*4), PB
	VXORPS Z0, Z0, Z0
	VXORPS Z1, Z1, Z1
	VXORPS Z2, Z2, Z2
	VXORPS Z3, Z3, Z3
	VXORPS Z4, Z4, Z4
	VXORPS Z5, Z5, Z5
	VXORPS Z6, Z6, Z6
	VXORPS Z7, Z7, Z7
	VXORPS Z8, Z8, Z8
	VXORPS Z9, Z9, Z9
	VXORPS Z10, Z10, Z10
	VXORPS Z11, Z11, Z11
	VXORPS Z12, Z12, Z12
	VXORPS Z13, Z13, Z13
	VXORPS Z14, Z14, Z14
	VXORPS Z15, Z15, Z15
	MOVQ   N, K
	SHRQ   $5, K          // blocks of 32
	JZ     r8blocks8

	// Row r's accumulators: Z(2r) = [acc0 | acc1], Z(2r+1) = [acc2 | acc3].
r8loop32:
	VMOVUPS     (XP), Z16
	VMOVUPS     64(XP), Z17
	VFMADD231PS (PA), Z16, Z0
	VFMADD231PS 64(PA), Z17, Z1
	VFMADD231PS (PA)(STRIDE*1), Z16, Z2
	VFMADD231PS 64(PA)(STRIDE*1), Z17, Z3
	VFMADD231PS (PA)(STRIDE*2), Z16, Z4
	VFMADD231PS 64(PA)(STRIDE*2), Z17, Z5
	VFMADD231PS (PA)(STRIDE3*1), Z16, Z6
	VFMADD231PS 64(PA)(STRIDE3*1), Z17, Z7
	VFMADD231PS (PB), Z16, Z8
	VFMADD231PS 64(PB), Z17, Z9
	VFMADD231PS (PB)(STRIDE*1), Z16, Z10
	VFMADD231PS 64(PB)(STRIDE*1), Z17, Z11
	VFMADD231PS (PB)(STRIDE*2), Z16, Z12
	VFMADD231PS 64(PB)(STRIDE*2), Z17, Z13
	VFMADD231PS (PB)(STRIDE3*1), Z16, Z14
	VFMADD231PS 64(PB)(STRIDE3*1), Z17, Z15
	ADDQ        $128, XP
	ADDQ        $128, PA
	ADDQ        $128, PB
	DECQ        K
	JNZ         r8loop32

r8blocks8:
	MOVQ N, K
	SHRQ $3, K
	ANDQ $3, K // blocks of 8 left
	JZ   r8reduce

r8loop8:
	VMOVUPS     (XP), Y16                          // lanes 8-15 zero
	VFMADD231PS (PA), Z16, LO8, Z0                 // acc0 only
	VFMADD231PS (PA)(STRIDE*1), Z16, LO8, Z2
	VFMADD231PS (PA)(STRIDE*2), Z16, LO8, Z4
	VFMADD231PS (PA)(STRIDE3*1), Z16, LO8, Z6
	VFMADD231PS (PB), Z16, LO8, Z8
	VFMADD231PS (PB)(STRIDE*1), Z16, LO8, Z10
	VFMADD231PS (PB)(STRIDE*2), Z16, LO8, Z12
	VFMADD231PS (PB)(STRIDE3*1), Z16, LO8, Z14
	ADDQ        $32, XP
	ADDQ        $32, PA
	ADDQ        $32, PB
	DECQ        K
	JNZ         r8loop8

r8reduce:
	DOTPAIR(Z0, Z1, Z2, Z3, Z22)     // rows 0, 1
	DOTPAIR(Z4, Z5, Z6, Z7, Z23)     // rows 2, 3
	DOTPAIR(Z8, Z9, Z10, Z11, Z24)   // rows 4, 5
	DOTPAIR(Z12, Z13, Z14, Z15, Z25) // rows 6, 7
	DOTHALVES(Z22, Z23, Z26)         // rows 0-3, 4 lanes each
	DOTHALVES(Z24, Z25, Z27)         // rows 4-7

	// In each 128-bit lane l, the 4 lanes of row l (Z26) and row 4+l
	// (Z27): add lanes 2, 3 to lanes 0, 1 (dotAVX2's VMOVHLPS, VADDPS),
	// then lane 1 to lane 0 (VMOVSHDUP, VADDSS).
	VSHUFPS   $0x44, Z27, Z26, Z28 // [l.0, l.1, (4+l).0, (4+l).1]
	VSHUFPS   $0xee, Z27, Z26, Z29 // [l.2, l.3, (4+l).2, (4+l).3]
	VADDPS    Z29, Z28, Z28
	VMOVSHDUP Z28, Z29
	VADDPS    Z29, Z28, Z28        // row l at lane 4l, row 4+l at 4l+2
	VPERMPS   Z28, Z31, Z28        // rows 0-7 in lanes 0-7
	VMOVUPS   Y28, (DST)
	ADDQ      $32, DST
	LEAQ      (ROW)(STRIDE*8), ROW
	SUBQ      $8, M
	JMP       rows8

done:
	VZEROUPPER
	RET

#undef DST
#undef XBASE
#undef XP
#undef N
#undef M
#undef ROW
#undef PA
#undef PB
#undef STRIDE
#undef STRIDE3
#undef K
#undef LO8

// axpyRowsAVX512's register roles.
#define DST DI     // the current column chunk of dst
#define COL SI     // the same columns of row 0
#define N CX       // columns left
#define SV R8      // s
#define NS R9      // len(s)
#define STRIDE R10 // bytes between rows
#define J AX       // row index
#define P DX       // the current columns of row J
#define S Z15      // s[J] in every lane
#define TAIL K1    // the tail's lanes

// AXPY16 adds S*row[off:off+16] (row at P) to the accumulator acc with
// the scratch register t, with axpyAVX2's operations on 16 lanes.
#define AXPY16(off, t, acc) \
	VMULPS off(P), S, t \
	VADDPS acc, t, acc

// func axpyRowsAVX512(dst, rows []float32, stride int, s []float32)
//
// As axpyRowsAVX2, in column chunks of 128, 64 and 16 values held in
// Z0-Z7, then the last 1..15 columns with masked loads and stores.
TEXT ·axpyRowsAVX512(SB), NOSPLIT, $0-80
	MOVQ  dst_base+0(FP), DST
	MOVQ  dst_len+8(FP), N
	MOVQ  rows_base+24(FP), COL
	MOVQ  stride+48(FP), STRIDE
	SHLQ  $2, STRIDE
	MOVQ  s_base+56(FP), SV
	MOVQ  s_len+64(FP), NS
	TESTQ NS, NS
	JZ    done

cols128:
	CMPQ    N, $128
	JB      cols64
	VMOVUPS (DST), Z0
	VMOVUPS 64(DST), Z1
	VMOVUPS 128(DST), Z2
	VMOVUPS 192(DST), Z3
	VMOVUPS 256(DST), Z4
	VMOVUPS 320(DST), Z5
	VMOVUPS 384(DST), Z6
	VMOVUPS 448(DST), Z7
	MOVQ    COL, P
	XORQ    J, J

c128loop:
	VBROADCASTSS (SV)(J*4), S
	AXPY16(0, Z8, Z0)
	AXPY16(64, Z9, Z1)
	AXPY16(128, Z10, Z2)
	AXPY16(192, Z11, Z3)
	AXPY16(256, Z12, Z4)
	AXPY16(320, Z13, Z5)
	AXPY16(384, Z14, Z6)
	AXPY16(448, Z16, Z7)
	ADDQ         STRIDE, P
	INCQ         J
	CMPQ         J, NS
	JB           c128loop
	VMOVUPS      Z0, (DST)
	VMOVUPS      Z1, 64(DST)
	VMOVUPS      Z2, 128(DST)
	VMOVUPS      Z3, 192(DST)
	VMOVUPS      Z4, 256(DST)
	VMOVUPS      Z5, 320(DST)
	VMOVUPS      Z6, 384(DST)
	VMOVUPS      Z7, 448(DST)
	ADDQ         $512, DST
	ADDQ         $512, COL
	SUBQ         $128, N
	JMP          cols128

cols64:
	CMPQ    N, $64
	JB      cols16
	VMOVUPS (DST), Z0
	VMOVUPS 64(DST), Z1
	VMOVUPS 128(DST), Z2
	VMOVUPS 192(DST), Z3
	MOVQ    COL, P
	XORQ    J, J

c64loop:
	VBROADCASTSS (SV)(J*4), S
	AXPY16(0, Z8, Z0)
	AXPY16(64, Z9, Z1)
	AXPY16(128, Z10, Z2)
	AXPY16(192, Z11, Z3)
	ADDQ         STRIDE, P
	INCQ         J
	CMPQ         J, NS
	JB           c64loop
	VMOVUPS      Z0, (DST)
	VMOVUPS      Z1, 64(DST)
	VMOVUPS      Z2, 128(DST)
	VMOVUPS      Z3, 192(DST)
	ADDQ         $256, DST
	ADDQ         $256, COL
	SUBQ         $64, N

cols16:
	CMPQ    N, $16
	JB      colstail
	VMOVUPS (DST), Z0
	MOVQ    COL, P
	XORQ    J, J

c16loop:
	VBROADCASTSS (SV)(J*4), S
	AXPY16(0, Z8, Z0)
	ADDQ         STRIDE, P
	INCQ         J
	CMPQ         J, NS
	JB           c16loop
	VMOVUPS      Z0, (DST)
	ADDQ         $64, DST
	ADDQ         $64, COL
	SUBQ         $16, N
	JMP          cols16

colstail:
	TESTQ N, N
	JZ    done

	// Masked loads and stores touch only the N columns that are there
	// (a masked-off lane is neither read nor written, nor can it fault).
	MOVL           $1, R11
	SHLL           CX, R11
	DECL           R11      // the low N bits
	KMOVW          R11, TAIL
	VMOVUPS.Z      (DST), TAIL, Z0
	MOVQ           COL, P
	XORQ           J, J

cttloop:
	VBROADCASTSS (SV)(J*4), S
	VMOVUPS.Z    (P), TAIL, Z8
	VMULPS       Z8, S, Z8
	VADDPS       Z0, Z8, Z0
	ADDQ         STRIDE, P
	INCQ         J
	CMPQ         J, NS
	JB           cttloop
	VMOVUPS      Z0, TAIL, (DST)

done:
	VZEROUPPER
	RET
