//go:build !purego

#include "textflag.h"
#include "amx_amd64.h"

// The AMX (tile and int8) Panels kernel of Q4_K weights (panels.go), with
// AVX-512 (F, BW, VBMI and VNNI) for the rest. Go declarations are in
// panels_amx_amd64.go and the arithmetic is panelQ4_KQ8_KGeneric's.
//
// The Panel's sumi = Σ_j scale_j*Σ_k q_k*a_k splits each 6-bit scale into
// lo = scale&7 and hi = scale>>3, so that sumi = C_lo + 8*C_hi with
// C_lo = Σ_j Σ_k (lo_j*q_k)*a_k: lo_j*q_k and hi_j*q_k are int8 (at most
// 7*15), and the tile unit sums all of a super-block's sub-blocks into
// the exact int32 C_lo and C_hi at once. For each group of 16 weight rows
// and each super-block:
//   - VPGATHERDD loads the 16 rows' scale bytes and d, dmin, which are
//     decoded for all rows at once (bytewise as DEC4 does) into the frame:
//     each row's lo and hi pairs and minimum pairs as int16 pairs, and d
//     and dmin as float32.
//   - Each row's codes are unpacked and multiplied (VPMULLW on pairs of
//     bytes, which cannot carry) by lo and by hi into tile A rows: per
//     sub-block pair i, 64 bytes, sub-block 2i's 32 products then 2i+1's.
//   - For each panel (both halves, 16 tokens each): per pair, TDPBSSD
//     multiplies the tiles A (16 rows of 64 codes) with tile B, a half's
//     64 codes of the pair as 16 rows of 16 dwords (panelK, as it is),
//     into the half's C_lo and C_hi: row r's 16 tokens in C row r. The
//     tiles A are loaded once for both halves. For each row, sumi = C_lo +
//     8*C_hi, and VPDPWSSD of the minimum pairs with the panel's bsum32
//     pairs gives summ. Their float32 times d*dy, and dmin*dy, are added
//     to the row's totals (frame, one token per lane) by FMAs, as the
//     Panel does.
// After the last super-block, each half's totals are transposed in
// registers and stored as its tokens' rows of dst.

// Eight tiles of 16 rows of 64 bytes: 0-3 C_lo and C_hi of the two halves,
// 4-5 A_lo and A_hi, 6-7 B of the two halves.
DATA panelsCfg<>+0(SB)/1, $1
DATA panelsCfg<>+16(SB)/8, $0x0040004000400040
DATA panelsCfg<>+24(SB)/8, $0x0040004000400040
DATA panelsCfg<>+48(SB)/8, $0x1010101010101010
GLOBL panelsCfg<>(SB), RODATA|NOPTR, $64

// The frame, from R14 (64-byte aligned): two super-block buffers, the
// one the halves multiply (DI) while the next super-block is unpacked
// into the other (AX), so that the tile loads of a super-block do not
// follow the stores of its codes at once; then the totals and the
// scalars.
#define FA 0         // tile A: pair i's lo products at 2048i, hi at +1024, row r at +64r
#define FC 8192      // C_lo and C_hi of the first half at 0 and 1024, of the second at 2048 and 3072; row r at +64r
#define FLO 12288    // lo pairs: row r, pair i at 16r+4i
#define FHI 12544    // hi pairs
#define FMP 12800    // minimum pairs
#define FD 13056     // d of the 16 rows, float32
#define FDM 13120    // dmin
#define FSCR 13184   // scales (128 bytes) and minimums (128) row after row
#define BUF 13440    // a buffer's bytes; buffer 0 at 0, 1 at BUF
#define FT 26880     // totals: half h at 1024h, row r at +64r
#define FDST 35072   // the group's first dst element
#define FW 35080     // the group's first weight row
#define FH 35088     // panel halves
#define FTOK 35096   // tokens
#define FDST16 35104 // 16 dst rows, in bytes
#define FGRP 35112   // groups left

// 0-15 as dwords: the rows of a group, for the gathers' offsets.
DATA iota16<>+0(SB)/8, $0x0000000100000000
DATA iota16<>+8(SB)/8, $0x0000000300000002
DATA iota16<>+16(SB)/8, $0x0000000500000004
DATA iota16<>+24(SB)/8, $0x0000000700000006
DATA iota16<>+32(SB)/8, $0x0000000900000008
DATA iota16<>+40(SB)/8, $0x0000000b0000000a
DATA iota16<>+48(SB)/8, $0x0000000d0000000c
DATA iota16<>+56(SB)/8, $0x0000000f0000000e
GLOBL iota16<>(SB), RODATA|NOPTR, $64

// VPERMI2B indices that lay out the 8 scales (or minimums) of rows 0-7
// (rowsLo) and 8-15 (rowsHi) row after row from two vectors of one dword
// per row: values 0-3 (first table), then 4-7 (second).
DATA rowsLo<>+0(SB)/8, $0x4342414003020100
DATA rowsLo<>+8(SB)/8, $0x4746454407060504
DATA rowsLo<>+16(SB)/8, $0x4b4a49480b0a0908
DATA rowsLo<>+24(SB)/8, $0x4f4e4d4c0f0e0d0c
DATA rowsLo<>+32(SB)/8, $0x5352515013121110
DATA rowsLo<>+40(SB)/8, $0x5756555417161514
DATA rowsLo<>+48(SB)/8, $0x5b5a59581b1a1918
DATA rowsLo<>+56(SB)/8, $0x5f5e5d5c1f1e1d1c
GLOBL rowsLo<>(SB), RODATA|NOPTR, $64
DATA rowsHi<>+0(SB)/8, $0x6362616023222120
DATA rowsHi<>+8(SB)/8, $0x6766656427262524
DATA rowsHi<>+16(SB)/8, $0x6b6a69682b2a2928
DATA rowsHi<>+24(SB)/8, $0x6f6e6d6c2f2e2d2c
DATA rowsHi<>+32(SB)/8, $0x7372717033323130
DATA rowsHi<>+40(SB)/8, $0x7776757437363534
DATA rowsHi<>+48(SB)/8, $0x7b7a79783b3a3938
DATA rowsHi<>+56(SB)/8, $0x7f7e7d7c3f3e3d3c
GLOBL rowsHi<>(SB), RODATA|NOPTR, $64

// Constant vector registers.
#define GIDX Z31  // row r's offset r*wStride, for the gathers
#define M0F Z30   // 0x0F bytes
#define SHUF Z29  // VPSHUFB: a pair's first word in lanes 0-1, its second in 2-3
#define M3F Z28   // 0x3F bytes
#define M30 Z27   // 0x30 bytes
#define M07 Z25   // 0x0007 words

// GATHER loads the dword at off of the super-block of each of the 16
// rows (BX the first's) into z.
#define GATHER(off, z) \
	KXNORW K1, K1, K1; \
	VPGATHERDD off(BX)(GIDX*1), K1, z

// SPLIT widens the 8 scales of rows 4k-4k+3 to int16 pairs and stores
// their lo and hi.
#define SPLIT(k) \
	VPMOVZXBW (FSCR+32*k)(AX), Z0; \
	VPANDD M07, Z0, Z1; \
	VMOVDQU64 Z1, (FLO+64*k)(AX); \
	VPSRLW $3, Z0, Z0; \
	VMOVDQU64 Z0, (FHI+64*k)(AX)

// MINS widens the 8 minimums of rows 4k-4k+3 to int16 pairs.
#define MINS(k) \
	VPMOVZXBW (FSCR+128+32*k)(AX), Z0; \
	VMOVDQU64 Z0, (FMP+64*k)(AX)

// DECODE decodes the scales, minimums, d and dmin of the 16 rows'
// super-blocks at BX into the buffer at AX (a, b, c the three dwords of scale bytes: scales
// 0-3 are a&63, minimums 0-3 b&63, scales 4-7 c&15 | a>>6<<4, minimums
// 4-7 c>>4 | b>>6<<4) into the frame.
#define DECODE \
	GATHER(4, Z10); \
	GATHER(8, Z11); \
	GATHER(12, Z12); \
	GATHER(0, Z13); \
	VPANDD M3F, Z10, Z14; \
	VPSRLD $2, Z10, Z15; \
	VPANDD M30, Z15, Z15; \
	VPANDD M0F, Z12, Z16; \
	VPORD Z16, Z15, Z15; \
	VPANDD M3F, Z11, Z16; \
	VPSRLD $4, Z12, Z17; \
	VPANDD M0F, Z17, Z17; \
	VPSRLD $2, Z11, Z18; \
	VPANDD M30, Z18, Z18; \
	VPORD Z18, Z17, Z17; \
	VMOVDQU64 rowsLo<>(SB), Z0; \
	VPERMI2B Z15, Z14, Z0; \
	VMOVDQU64 Z0, (FSCR)(AX); \
	VMOVDQU64 rowsHi<>(SB), Z0; \
	VPERMI2B Z15, Z14, Z0; \
	VMOVDQU64 Z0, (FSCR+64)(AX); \
	VMOVDQU64 rowsLo<>(SB), Z0; \
	VPERMI2B Z17, Z16, Z0; \
	VMOVDQU64 Z0, (FSCR+128)(AX); \
	VMOVDQU64 rowsHi<>(SB), Z0; \
	VPERMI2B Z17, Z16, Z0; \
	VMOVDQU64 Z0, (FSCR+192)(AX); \
	SPLIT(0); \
	SPLIT(1); \
	SPLIT(2); \
	SPLIT(3); \
	MINS(0); \
	MINS(1); \
	MINS(2); \
	MINS(3); \
	VPMOVDW Z13, Y0; \
	VCVTPH2PS Y0, Z0; \
	VMOVUPS Z0, (FD)(AX); \
	VPSRLD $16, Z13, Z13; \
	VPMOVDW Z13, Y0; \
	VCVTPH2PS Y0, Z0; \
	VMOVUPS Z0, (FDM)(AX)

// SCALED stores row r's codes of pair i (q, 64 bytes) times its scales'
// lo (or hi: the pairs at f) as tile A's row r at off.
#define SCALED(r, i, q, f, off) \
	VPBROADCASTD (f+16*(r)+4*(i))(AX), Z9; \
	VPSHUFB SHUF, Z9, Z9; \
	VPMULLW Z9, q, Z9; \
	VMOVDQU64 Z9, (FA+2048*(i)+off+64*(r))(AX)

// UNPACK2 unpacks the codes of pairs 2h and 2h+1 of row r (its
// super-block at CX) into tile A's rows of the buffer at AX.
#define UNPACK2(r, h) \
	VPSRLW $4, (16+64*h)(CX), Z5; \
	VPANDD (16+64*h)(CX), M0F, Z6; \
	VPANDD Z5, M0F, Z5; \
	VSHUFI64X2 $0x44, Z5, Z6, Z7; \
	VSHUFI64X2 $0xEE, Z5, Z6, Z8; \
	SCALED(r, 2*h, Z7, FLO, 0); \
	SCALED(r, 2*h, Z7, FHI, 1024); \
	SCALED(r, 2*h+1, Z8, FLO, 0); \
	SCALED(r, 2*h+1, Z8, FHI, 1024)

#define UNPACK(r) \
	UNPACK2(r, 0); \
	UNPACK2(r, 1); \
	ADDQ R8, CX

// PREPARE decodes and unpacks the 16 rows' super-blocks at BX into the
// buffer at AX.
#define PREPARE \
	DECODE; \
	MOVQ BX, CX; \
	UNPACK(0); \
	UNPACK(1); \
	UNPACK(2); \
	UNPACK(3); \
	UNPACK(4); \
	UNPACK(5); \
	UNPACK(6); \
	UNPACK(7); \
	UNPACK(8); \
	UNPACK(9); \
	UNPACK(10); \
	UNPACK(11); \
	UNPACK(12); \
	UNPACK(13); \
	UNPACK(14); \
	UNPACK(15)

// PAIR multiplies pair i of the 16 rows (tiles A, lo and hi, in tiles 4
// and 5) with that of the panel's halves at SI and CX (tiles 6 and 7)
// into C_lo and C_hi of each half (tiles 0-1 and 2-3).
#define PAIR(i) \
	TILELOADD(4, SIB_DI_DX, FA+2048*i); \
	TILELOADD(6, SIB_SI_DX, 1024*i); \
	TDPBSSD(0, 4, 6); \
	TILELOADD(5, SIB_DI_DX, FA+2048*i+1024); \
	TDPBSSD(1, 5, 6); \
	TILELOADD(7, SIB_CX_DX, 1024*i); \
	TDPBSSD(2, 4, 7); \
	TDPBSSD(3, 5, 7)

// ROW adds row r's super-block to its totals at tot(R10), its C_lo at
// c(DI) (Z20 the half's dy, Z21-Z24 its bsum32 pairs).
#define ROW(r, c, tot) \
	VPSLLD $3, (c+1024+64*r)(DI), Z0; \
	VPADDD (c+64*r)(DI), Z0, Z0; \
	VPXORD Z1, Z1, Z1; \
	VPDPWSSD.BCST (FMP+16*r)(DI), Z21, Z1; \
	VPDPWSSD.BCST (FMP+16*r+4)(DI), Z22, Z1; \
	VPDPWSSD.BCST (FMP+16*r+8)(DI), Z23, Z1; \
	VPDPWSSD.BCST (FMP+16*r+12)(DI), Z24, Z1; \
	VCVTDQ2PS Z0, Z0; \
	VMULPS.BCST (FD+4*r)(DI), Z20, Z2; \
	VMOVUPS (tot+64*r)(R10), Z3; \
	VFMADD231PS Z2, Z0, Z3; \
	VCVTDQ2PS Z1, Z1; \
	VMULPS.BCST (FDM+4*r)(DI), Z20, Z2; \
	VFNMADD231PS Z2, Z1, Z3; \
	VMOVUPS Z3, (tot+64*r)(R10)

// HALF adds the super-block of the panel half at hb to the 16 rows'
// totals at tot(R10), its C_lo at c(DI).
#define HALF(hb, c, tot) \
	VMOVUPS 4096(hb), Z20; \
	VMOVDQU32 4672(hb), Z21; \
	VMOVDQU32 4736(hb), Z22; \
	VMOVDQU32 4800(hb), Z23; \
	VMOVDQU32 4864(hb), Z24; \
	ROW(0, c, tot); \
	ROW(1, c, tot); \
	ROW(2, c, tot); \
	ROW(3, c, tot); \
	ROW(4, c, tot); \
	ROW(5, c, tot); \
	ROW(6, c, tot); \
	ROW(7, c, tot); \
	ROW(8, c, tot); \
	ROW(9, c, tot); \
	ROW(10, c, tot); \
	ROW(11, c, tot); \
	ROW(12, c, tot); \
	ROW(13, c, tot); \
	ROW(14, c, tot); \
	ROW(15, c, tot)

// PAIRS and QUADS are the first two steps of the transpose of Z0-Z15 (a
// half's totals, row r's tokens in Zr): 32-bit, then 64-bit interleaves.
#define PAIRS(x, y) \
	VPUNPCKHDQ y, x, Z16; \
	VPUNPCKLDQ y, x, x; \
	VMOVDQA64 Z16, y

#define QUADS(x0, x1, x2, x3) \
	VPUNPCKHQDQ x2, x0, Z16; \
	VPUNPCKLQDQ x2, x0, x0; \
	VPUNPCKLQDQ x3, x1, Z17; \
	VPUNPCKHQDQ x3, x1, x3; \
	VMOVDQA64 Z16, x1; \
	VMOVDQA64 Z17, x2

// LANES ends the transpose with the 128-bit lanes of Zm, Z(4+m),
// Z(8+m) and Z(12+m), which leaves token t's 16 rows in Zt.
#define LANES(p, q, r, s) \
	VSHUFI32X4 $0x88, q, p, Z16; \
	VSHUFI32X4 $0xDD, q, p, Z17; \
	VSHUFI32X4 $0x88, s, r, Z18; \
	VSHUFI32X4 $0xDD, s, r, Z19; \
	VSHUFI32X4 $0x88, Z18, Z16, p; \
	VSHUFI32X4 $0xDD, Z18, Z16, r; \
	VSHUFI32X4 $0x88, Z19, Z17, q; \
	VSHUFI32X4 $0xDD, Z19, Z17, s

// STORE1 stores token t's totals (acc) at AX and returns when the last
// of the half's CX tokens is stored; AX moves to the next token's row.
#define STORE1(t, acc) \
	VMOVUPS acc, (AX); \
	CMPQ CX, $(t+1); \
	JEQ  stored; \
	ADDQ BX, AX

// func panelsQ4_KQ8_KAMX(dst []float32, dstStride int, w []byte, wStride int, p []byte, groups, tokens, n int)
TEXT ·panelsQ4_KQ8_KAMX(SB), $35200-112
	LEAQ panelsCfg<>(SB), AX
	LDTILECFG_AX
	MOVQ SP, R14
	ADDQ $63, R14
	ANDQ $~63, R14
	MOVQ $64, DX
	MOVL $0x0f0f0f0f, AX
	VPBROADCASTD AX, M0F
	MOVL $0x01000100, AX
	VPBROADCASTD AX, SHUF
	MOVL $0x03020302, AX
	VPBROADCASTD AX, Z0
	MOVW $0xff00, AX
	KMOVW AX, K1
	VMOVDQA32 Z0, K1, SHUF
	MOVL $0x00070007, AX
	VPBROADCASTD AX, M07
	MOVL $0x3f3f3f3f, AX
	VPBROADCASTD AX, M3F
	MOVL $0x30303030, AX
	VPBROADCASTD AX, M30
	VMOVDQU32 iota16<>(SB), Z0
	MOVQ wStride+56(FP), R8
	VPBROADCASTD R8, GIDX
	VPMULLD Z0, GIDX, GIDX
	MOVQ dstStride+24(FP), AX
	SHLQ $6, AX // 16 tokens' rows of dst, in bytes
	MOVQ AX, FDST16(R14)
	MOVQ dst_base+0(FP), AX
	MOVQ AX, FDST(R14)
	MOVQ w_base+32(FP), AX
	MOVQ AX, FW(R14)
	MOVQ tokens+96(FP), AX
	MOVQ AX, FTOK(R14)
	ADDQ $15, AX
	SHRQ $4, AX
	MOVQ AX, FH(R14)
	MOVQ n+104(FP), R13
	SHRQ $8, R13
	IMUL3Q $4928, R13, R13 // a panel half's bytes
	MOVQ groups+88(FP), AX
	MOVQ AX, FGRP(R14)

group:
	VPXORD Z0, Z0, Z0
	LEAQ FT(R14), R10
	MOVQ FH(R14), AX
zero:
	VMOVDQU64 Z0, 0(R10)
	VMOVDQU64 Z0, 64(R10)
	VMOVDQU64 Z0, 128(R10)
	VMOVDQU64 Z0, 192(R10)
	VMOVDQU64 Z0, 256(R10)
	VMOVDQU64 Z0, 320(R10)
	VMOVDQU64 Z0, 384(R10)
	VMOVDQU64 Z0, 448(R10)
	VMOVDQU64 Z0, 512(R10)
	VMOVDQU64 Z0, 576(R10)
	VMOVDQU64 Z0, 640(R10)
	VMOVDQU64 Z0, 704(R10)
	VMOVDQU64 Z0, 768(R10)
	VMOVDQU64 Z0, 832(R10)
	VMOVDQU64 Z0, 896(R10)
	VMOVDQU64 Z0, 960(R10)
	ADDQ $1024, R10
	DECQ AX
	JNZ  zero
	MOVQ FW(R14), BX
	MOVQ p_base+64(FP), R12
	MOVQ n+104(FP), R9
	SHRQ $8, R9
	MOVQ R14, AX
	PREPARE // the first super-block, into buffer 0
	MOVQ R14, DI
	LEAQ BUF(R14), AX

sblock:
	CMPQ R9, $1
	JEQ  halves
	ADDQ $144, BX
	PREPARE // the next super-block, into the other buffer

halves:
	MOVQ R12, SI
	LEAQ FT(R14), R10
	MOVQ FH(R14), R11

panel: // both halves of a panel: the second may hold no tokens, and is not stored
	LEAQ (SI)(R13*1), CX
	TILEZERO(0)
	TILEZERO(1)
	TILEZERO(2)
	TILEZERO(3)
	PAIR(0)
	PAIR(1)
	PAIR(2)
	PAIR(3)
	TILESTORED_DI(FC, 0)
	TILESTORED_DI(FC+1024, 1)
	TILESTORED_DI(FC+2048, 2)
	TILESTORED_DI(FC+3072, 3)
	HALF(SI, FC, 0)
	HALF(CX, FC+2048, 1024)
	LEAQ (CX)(R13*1), SI
	ADDQ $2048, R10
	SUBQ $2, R11
	JG   panel

	ADDQ $4928, R12
	XCHGQ AX, DI
	DECQ R9
	JNZ  sblock

	// Store the totals, half after half, transposed to token rows.
	LEAQ FT(R14), R10
	MOVQ FH(R14), R11
	MOVQ FTOK(R14), R9
	MOVQ FDST(R14), SI
	MOVQ dstStride+24(FP), BX
	SHLQ $2, BX

store:
	VMOVUPS 0(R10), Z0
	VMOVUPS 64(R10), Z1
	VMOVUPS 128(R10), Z2
	VMOVUPS 192(R10), Z3
	VMOVUPS 256(R10), Z4
	VMOVUPS 320(R10), Z5
	VMOVUPS 384(R10), Z6
	VMOVUPS 448(R10), Z7
	VMOVUPS 512(R10), Z8
	VMOVUPS 576(R10), Z9
	VMOVUPS 640(R10), Z10
	VMOVUPS 704(R10), Z11
	VMOVUPS 768(R10), Z12
	VMOVUPS 832(R10), Z13
	VMOVUPS 896(R10), Z14
	VMOVUPS 960(R10), Z15
	PAIRS(Z0, Z1)
	PAIRS(Z2, Z3)
	PAIRS(Z4, Z5)
	PAIRS(Z6, Z7)
	PAIRS(Z8, Z9)
	PAIRS(Z10, Z11)
	PAIRS(Z12, Z13)
	PAIRS(Z14, Z15)
	QUADS(Z0, Z1, Z2, Z3)
	QUADS(Z4, Z5, Z6, Z7)
	QUADS(Z8, Z9, Z10, Z11)
	QUADS(Z12, Z13, Z14, Z15)
	LANES(Z0, Z4, Z8, Z12)
	LANES(Z1, Z5, Z9, Z13)
	LANES(Z2, Z6, Z10, Z14)
	LANES(Z3, Z7, Z11, Z15)
	MOVQ $16, CX
	CMPQ R9, CX
	CMOVQLT R9, CX // the half's tokens
	MOVQ SI, AX
	STORE1(0, Z0)
	STORE1(1, Z1)
	STORE1(2, Z2)
	STORE1(3, Z3)
	STORE1(4, Z4)
	STORE1(5, Z5)
	STORE1(6, Z6)
	STORE1(7, Z7)
	STORE1(8, Z8)
	STORE1(9, Z9)
	STORE1(10, Z10)
	STORE1(11, Z11)
	STORE1(12, Z12)
	STORE1(13, Z13)
	STORE1(14, Z14)
	VMOVUPS Z15, (AX)

stored:
	ADDQ FDST16(R14), SI
	ADDQ $1024, R10
	SUBQ $16, R9
	DECQ R11
	JNZ  store

	ADDQ $64, FDST(R14)
	MOVQ R8, AX
	SHLQ $4, AX
	ADDQ AX, FW(R14)
	DECQ FGRP(R14)
	JNZ  group

	TILERELEASE
	VZEROUPPER
	RET
