//go:build !purego

#include "textflag.h"

// AVX-512 (F, BW, VL and VNNI) products of four Q4_K or Q6_K weight rows
// with one Q8_K activation row, for single-token decode. Go declarations
// are in tile_gemv_kquant_avx512_amd64.go. Each row is computed with
// exactly the arithmetic of its row kernel in dot_kquant_avx512_amd64.s
// (per super-block: the same exact int32 lane sums, converted and added
// with FMA by d*dy into the same float32 lanes, and the same final
// reduction), so every result has the row kernel's bits. The activation
// codes and bsums of a super-block are loaded once for the four rows, and
// each super-block prefetches the same super-block of the next four rows
// (the next call's, in a matrix of contiguous rows; a prefetch past the
// end of the rows is harmless).

// Q8_K activation block layout.
#define Y_D 0       // float32 d
#define Y_BSUMS 260 // 16 int16 sums of 16 codes
#define Y_SIZE 292

// Register roles.
#define WP SI      // weight super-block of row 0
#define NXT R13    // the super-block of row 0 of the next four rows
#define RS R11     // wStride: row r's super-block is at WP+r*RS
#define RS3 R12    // 3*wStride
#define AP DI      // activation block
#define CNT CX     // super-blocks left
#define DP DX      // dst (loaded after the loop: K4ROW uses DX)
#define KM1 R8     // 0x3f in every byte
#define KM2 R9     // 0x0f in every byte
#define KM3 R10    // 0x03 in every byte
#define ACC0 Z0    // row r's float32 lane sums of d*dy*sumi (ACCr)
#define ACC1 Z1
#define ACC2 Z2
#define ACC3 Z3
#define ACCM0 Y4   // row r's float32 lane sums of dmin*dy*(mins . bsums)
#define ACCM1 Y5
#define ACCM2 Y6
#define ACCM3 Y7
#define SUMI Z8    // int32 lane sums of scale*q*y of a row's super-block
#define W Z9       // weight codes
#define P Z10      // int16 pair sums
#define SV Z11     // scales spread over the words of their groups
#define SCW Z12    // a row's int16 scales (and Q4_K: minimums, words 8-15)
#define SCWY Y12
#define SCWX X12
#define T Z13
#define TY Y13
#define TX X13
#define MY Y14
#define DDX X15    // d*dy, dmin*dy of a row
#define A0 Z16     // the activation codes of the super-block, 64 per register
#define A1 Z17
#define A2 Z18
#define A3 Z19
#define PICK0 Z20  // VPERMW controls spreading the scales over their groups
#define PICK1 Z21
#define PICK2 Z22
#define PICK3 Z23
#define PICKM Z24  // Q4_K: VPERMW control, minimum j to words 2j and 2j+1
#define M0F Z25    // 0x0F in every byte
#define BSY Y26    // the activation bsums
#define KHW K1     // word lanes 16-31
#define QL Z9      // Q6_K: ql of the half (W's register)
#define QH Z14     // Q6_K: [qh, qh] of the half (MY's register)
#define ZB Z27     // Q6_K: codes of weights 64..127 of the half
#define T2 Z28
#define M30 Z29    // Q6_K: 0x30 in every byte
#define SH0 Z30    // Q6_K: the VPSLLVW and VPSRLVW counts of the high bits
#define SH1 Z31
#define SCS Y12    // Q6_K: the 16 scales as int16 (in SCW)

// Row r's super-block: the addressing suffix of row r's weights.
#define R0 (WP)
#define R1 (WP)(RS*1)
#define R2 (WP)(RS*2)
#define R3 (WP)(RS3*1)

// The tables of dot_kquant_avx512_amd64.s (kqPick, kq6Pick, kq6Shift).
DATA g4kPick<>+0(SB)/8, $0x0000000000000000
DATA g4kPick<>+8(SB)/8, $0x0000000000000000
DATA g4kPick<>+16(SB)/8, $0x0101010101010101
DATA g4kPick<>+24(SB)/8, $0x0101010101010101
DATA g4kPick<>+32(SB)/8, $0x0202020202020202
DATA g4kPick<>+40(SB)/8, $0x0202020202020202
DATA g4kPick<>+48(SB)/8, $0x0303030303030303
DATA g4kPick<>+56(SB)/8, $0x0303030303030303
DATA g4kPick<>+64(SB)/8, $0x0404040404040404
DATA g4kPick<>+72(SB)/8, $0x0404040404040404
DATA g4kPick<>+80(SB)/8, $0x0505050505050505
DATA g4kPick<>+88(SB)/8, $0x0505050505050505
DATA g4kPick<>+96(SB)/8, $0x0606060606060606
DATA g4kPick<>+104(SB)/8, $0x0606060606060606
DATA g4kPick<>+112(SB)/8, $0x0707070707070707
DATA g4kPick<>+120(SB)/8, $0x0707070707070707
DATA g4kPick<>+128(SB)/8, $0x0b0b0a0a09090808
DATA g4kPick<>+136(SB)/8, $0x0f0f0e0e0d0d0c0c
DATA g4kPick<>+144(SB)/8, $0x0000000000000000
DATA g4kPick<>+152(SB)/8, $0x0000000000000000
GLOBL g4kPick<>(SB), RODATA|NOPTR, $160

DATA g6kPick<>+0(SB)/8, $0x0000000000000000
DATA g6kPick<>+8(SB)/8, $0x0101010101010101
DATA g6kPick<>+16(SB)/8, $0x0202020202020202
DATA g6kPick<>+24(SB)/8, $0x0303030303030303
DATA g6kPick<>+32(SB)/8, $0x0404040404040404
DATA g6kPick<>+40(SB)/8, $0x0505050505050505
DATA g6kPick<>+48(SB)/8, $0x0606060606060606
DATA g6kPick<>+56(SB)/8, $0x0707070707070707
DATA g6kPick<>+64(SB)/8, $0x0808080808080808
DATA g6kPick<>+72(SB)/8, $0x0909090909090909
DATA g6kPick<>+80(SB)/8, $0x0a0a0a0a0a0a0a0a
DATA g6kPick<>+88(SB)/8, $0x0b0b0b0b0b0b0b0b
DATA g6kPick<>+96(SB)/8, $0x0c0c0c0c0c0c0c0c
DATA g6kPick<>+104(SB)/8, $0x0d0d0d0d0d0d0d0d
DATA g6kPick<>+112(SB)/8, $0x0e0e0e0e0e0e0e0e
DATA g6kPick<>+120(SB)/8, $0x0f0f0f0f0f0f0f0f
GLOBL g6kPick<>(SB), RODATA|NOPTR, $128
DATA g6kShift<>+0(SB)/8, $0x0004000400040004
DATA g6kShift<>+8(SB)/8, $0x0004000400040004
DATA g6kShift<>+16(SB)/8, $0x0004000400040004
DATA g6kShift<>+24(SB)/8, $0x0004000400040004
DATA g6kShift<>+32(SB)/8, $0x0002000200020002
DATA g6kShift<>+40(SB)/8, $0x0002000200020002
DATA g6kShift<>+48(SB)/8, $0x0002000200020002
DATA g6kShift<>+56(SB)/8, $0x0002000200020002
DATA g6kShift<>+64(SB)/8, $0x0000000000000000
DATA g6kShift<>+72(SB)/8, $0x0000000000000000
DATA g6kShift<>+80(SB)/8, $0x0000000000000000
DATA g6kShift<>+88(SB)/8, $0x0000000000000000
DATA g6kShift<>+96(SB)/8, $0x0002000200020002
DATA g6kShift<>+104(SB)/8, $0x0002000200020002
DATA g6kShift<>+112(SB)/8, $0x0002000200020002
DATA g6kShift<>+120(SB)/8, $0x0002000200020002
GLOBL g6kShift<>(SB), RODATA|NOPTR, $128

// PROLOGUEK loads the arguments, leaves the number of super-blocks in CNT
// and zeroes the accumulators.
#define PROLOGUEK \
	MOVQ w_base+24(FP), WP; \
	MOVQ wStride+48(FP), RS; \
	LEAQ (RS)(RS*2), RS3; \
	MOVQ a_base+56(FP), AP; \
	MOVQ n+80(FP), CNT; \
	SHRQ $8, CNT; \
	VPXORD ACC0, ACC0, ACC0; \
	VPXORD ACC1, ACC1, ACC1; \
	VPXORD ACC2, ACC2, ACC2; \
	VPXORD ACC3, ACC3, ACC3; \
	VPXOR ACCM0, ACCM0, ACCM0; \
	VPXOR ACCM1, ACCM1, ACCM1; \
	VPXOR ACCM2, ACCM2, ACCM2; \
	VPXOR ACCM3, ACCM3, ACCM3; \
	MOVL $0x0f0f0f0f, AX; \
	VPBROADCASTD AX, M0F

// PF4(PF) prefetches, with PF, this super-block of the four rows after
// the four at WP: the hardware prefetchers do not follow four interleaved
// streams far enough ahead.
#define PF4(PF) \
	LEAQ (WP)(RS*4), NXT; \
	PF((NXT)); \
	PF((NXT)(RS*1)); \
	PF((NXT)(RS*2)); \
	PF((NXT)(RS3*1))

// PF144 and PF210 prefetch a super-block of 144 and 210 bytes (with the
// next super-block's first line, the lines of its last bytes).
#define PF144(row) \
	PREFETCHT0 0 row; \
	PREFETCHT0 64 row; \
	PREFETCHT0 128 row
#define PF210(row) \
	PF144(row); \
	PREFETCHT0 192 row

// ACTLOAD loads the 256 activation codes and the bsums of the block at AP.
#define ACTLOAD \
	VMOVDQU64 4(AP), A0; \
	VMOVDQU64 68(AP), A1; \
	VMOVDQU64 132(AP), A2; \
	VMOVDQU64 196(AP), A3; \
	VMOVDQU64 Y_BSUMS(AP), BSY

// Temporaries of the final reduction (VEX-encoded VEXTRACTF128 needs a
// register below 16).
#define RTY Y13
#define RTX X13

// TOTAL(z, y, x, off) stores the sum of the lanes of z (whose 256- and
// 128-bit names are y and x) to off(DP), with the arithmetic of
// KQ_TOTAL; TOTALM(z, y, x, m, off) subtracts the lanes of m first.
#define TOTALM(z, y, x, m, off) \
	VEXTRACTF64X4 $1, z, RTY; \
	VADDPS RTY, y, y; \
	VSUBPS m, y, y; \
	VEXTRACTF128 $1, y, RTX; \
	VADDPS RTX, x, x; \
	VMOVHLPS x, x, RTX; \
	VADDPS RTX, x, x; \
	VMOVSHDUP x, RTX; \
	VADDSS RTX, x, x; \
	MOVSS x, off(DP)

// Q4_K: as K4_SCALES, K4_DMIN and K4_CHUNK of dot_kquant_avx512_amd64.s,
// row by row with the activations in A0-A3 and BSY.
#define K4C(qoff, row, areg, pick) \
	VBROADCASTI64X4 qoff row, W; \
	VPSRLW $4, W, KHW, W; \
	VPANDD M0F, W, W; \
	VPMADDUBSW areg, W, P; \
	VPERMW SCW, pick, SV; \
	VPDPWSSD SV, P, SUMI

// K4ROW adds row's super-block to acc and accm, with d*dy and dmin*dy in
// the frame at slot and slot+4.
#define K4ROW(row, acc, accm, slot) \
	MOVQ 4 row, AX; \
	MOVL 12 row, BX; \
	MOVQ BX, DX; \
	SHRQ $4, DX; \
	SHLQ $32, DX; \
	ORQ DX, BX; \
	ANDQ KM2, BX; \
	MOVQ AX, DX; \
	SHRQ $6, DX; \
	ANDQ KM3, DX; \
	SHLQ $4, DX; \
	ORQ DX, BX; \                // scales 4..7 | mins 4..7
	ANDQ KM1, AX; \              // scales 0..3 | mins 0..3
	VMOVQ AX, SCWX; \
	VMOVQ BX, TX; \
	VPUNPCKLDQ TX, SCWX, SCWX; \ // scales 0..7, mins 0..7 (bytes)
	VPMOVZXBW SCWX, SCWY; \
	VCVTPH2PS 0 row, DDX; \      // d, dmin (and two unused halves)
	VMULPS.BCST Y_D(AP), DDX, DDX; \
	VMOVQ DDX, slot(SP); \
	VPERMW SCW, PICKM, T; \
	VPMADDWD BSY, TY, MY; \
	VCVTDQ2PS MY, MY; \
	VFMADD231PS.BCST (slot+4)(SP), MY, accm; \
	VPXORD SUMI, SUMI, SUMI; \
	K4C(16, row, A0, PICK0); \
	K4C(48, row, A1, PICK1); \
	K4C(80, row, A2, PICK2); \
	K4C(112, row, A3, PICK3); \
	VCVTDQ2PS SUMI, SUMI; \
	VFMADD231PS.BCST slot(SP), SUMI, acc

// func gemv4Q4_KQ8_KAVX512(dst []float32, w []byte, wStride int, a []byte, n int)
TEXT ·gemv4Q4_KQ8_KAVX512(SB), NOSPLIT, $32-88
	PROLOGUEK
	MOVQ $0x3f3f3f3f3f3f3f3f, KM1
	MOVQ $0x0f0f0f0f0f0f0f0f, KM2
	MOVQ $0x0303030303030303, KM3
	MOVL $0xffff0000, AX
	KMOVD AX, KHW
	VPMOVZXBW g4kPick<>+0(SB), PICK0
	VPMOVZXBW g4kPick<>+32(SB), PICK1
	VPMOVZXBW g4kPick<>+64(SB), PICK2
	VPMOVZXBW g4kPick<>+96(SB), PICK3
	VPMOVZXBW g4kPick<>+128(SB), PICKM
	TESTQ CNT, CNT
	JZ    q4kDone

q4kLoop:
	PF4(PF144)
	ACTLOAD
	K4ROW(R0, ACC0, ACCM0, 0)
	K4ROW(R1, ACC1, ACCM1, 8)
	K4ROW(R2, ACC2, ACCM2, 16)
	K4ROW(R3, ACC3, ACCM3, 24)
	ADDQ $144, WP
	ADDQ $Y_SIZE, AP
	DECQ CNT
	JNZ  q4kLoop

q4kDone:
	MOVQ dst_base+0(FP), DP
	TOTALM(Z0, Y0, X0, ACCM0, 0)
	TOTALM(Z1, Y1, X1, ACCM1, 4)
	TOTALM(Z2, Y2, X2, ACCM2, 8)
	TOTALM(Z3, Y3, X3, ACCM3, 12)
	VZEROUPPER
	RET

// Q6_K: as Q6K_HALF and the loop of dotQ6_KQ8_KAVX512, row by row with
// the activations in A0-A3 and BSY. VPTERNLOGD $0xec computes
// (dst & M0F) | src.
#define Q6H(ql, qh, row, ya, yb, pickA, pickB) \
	VMOVDQU64 ql row, QL; \
	VBROADCASTI64X4 qh row, QH; \
	VPSRLW $4, QL, ZB; \
	VPSLLVW SH0, QH, T; \  // bits 2k, 2k+1 to 4, 5 for k = 0, 1
	VPANDD M30, T, T; \
	VPTERNLOGD $0xec, M0F, T, QL; \
	VPSRLVW SH1, QH, T2; \ // and for k = 2, 3
	VPANDD M30, T2, T2; \
	VPTERNLOGD $0xec, M0F, T2, ZB; \
	VPMADDUBSW ya, QL, P; \
	VPERMW SCW, pickA, SV; \
	VPDPWSSD SV, P, SUMI; \
	VPMADDUBSW yb, ZB, P; \
	VPERMW SCW, pickB, SV; \
	VPDPWSSD SV, P, SUMI

// Q6ROW adds row's super-block to acc, with d*dy in the frame at slot.
#define Q6ROW(row, acc, slot) \
	VPMOVSXBW 192 row, SCS; \      // the 16 scales as int16
	VPMADDWD BSY, SCS, TY; \       // scale*bsum, pairwise
	VPSLLD $5, TY, TY; \
	VPXORD SUMI, SUMI, SUMI; \
	VPSUBD T, SUMI, SUMI; \        // -32*sum scale*bsum
	MOVWLZX 208 row, AX; \
	VMOVD AX, DDX; \
	VCVTPH2PS DDX, DDX; \
	VMULSS Y_D(AP), DDX, DDX; \
	VMOVSS DDX, slot(SP); \        // d*dy
	Q6H(0, 128, row, A0, A1, PICK0, PICK1); \
	Q6H(64, 160, row, A2, A3, PICK2, PICK3); \
	VCVTDQ2PS SUMI, SUMI; \
	VFMADD231PS.BCST slot(SP), SUMI, acc

// func gemv4Q6_KQ8_KAVX512(dst []float32, w []byte, wStride int, a []byte, n int)
TEXT ·gemv4Q6_KQ8_KAVX512(SB), NOSPLIT, $32-88
	PROLOGUEK
	MOVL $0x30303030, AX
	VPBROADCASTD AX, M30
	VPMOVZXBW g6kPick<>+0(SB), PICK0
	VPMOVZXBW g6kPick<>+32(SB), PICK1
	VPMOVZXBW g6kPick<>+64(SB), PICK2
	VPMOVZXBW g6kPick<>+96(SB), PICK3
	VMOVDQU64 g6kShift<>+0(SB), SH0
	VMOVDQU64 g6kShift<>+64(SB), SH1
	TESTQ CNT, CNT
	JZ    q6kDone

q6kLoop:
	PF4(PF210)
	ACTLOAD
	Q6ROW(R0, ACC0, 0)
	Q6ROW(R1, ACC1, 8)
	Q6ROW(R2, ACC2, 16)
	Q6ROW(R3, ACC3, 24)
	ADDQ $210, WP
	ADDQ $Y_SIZE, AP
	DECQ CNT
	JNZ  q6kLoop

q6kDone:
	MOVQ dst_base+0(FP), DP
	TOTALM(Z0, Y0, X0, ACCM0, 0)
	TOTALM(Z1, Y1, X1, ACCM1, 4)
	TOTALM(Z2, Y2, X2, ACCM2, 8)
	TOTALM(Z3, Y3, X3, ACCM3, 12)
	VZEROUPPER
	RET
