//go:build !purego

#include "textflag.h"

// AVX2 matrix-vector products of a group of 16 Q4_0 or Q8_0 weight rows
// (group.go) with a Q8_0 vector (PackVecQ8_0), one row per int32 lane:
// rows 0-7 in one ymm register (bytes 0-31 of each 64-byte dword row of
// the group), rows 8-15 in another (bytes 32-63). Go declarations are in
// group_block32_amd64.go.
//
// Without VNNI, VPMADDUBSW multiplies unsigned weight bytes with the
// broadcast signed activation bytes into saturating int16 pair sums, so
// the operands are kept where no sum can saturate. Q4_0: the nibbles
// 0..15 (the high ones shifted down) times the codes, pairs of at most
// 2*15*128 = 3840 in magnitude, eight of which add exactly in int16.
// Q8_0: the codes plus 128 (0..255) times the vector's codes split as
// y = 16*yh + yl with yl in 0..15 and yh in -8..7, pairs of at most
// 2*255*15 = 7650 and 2*255*8 = 4080, four and eight of which add exactly.
// VPMADDWD widens the int16 sums to int32. Less the bias times the
// vector's code sum that is the exact block sum; its float32 times dx*dy
// is added to the row's total with one FMA, as panelGeneric does, so the
// results are the twins' bits.

#define G SI    // the group's current block
#define V DX    // the vector's current block
#define CNT CX  // blocks left

#define ACC0 Y0    // totals of rows 0-7
#define ACC1 Y1    // and of rows 8-15
#define MASK Y2    // 0x0F bytes
#define ONES Y3    // int16 1s
#define A0 Y4      // Q8_0: int32 sums of rows 0-7
#define A1 Y2      // and rows 8-15 (MASK is Q4_0's)
#define P0 Y3      // Q8_0: products (ONES is Q4_0's)
#define P1 Y13     // (T2 is Q4_0's)
#define YL Y5      // a broadcast activation dword (Q8_0: of yl)
#define YH Y6      // Q4_0: of the high nibbles' codes; Q8_0: of yh
#define S0 Y7      // int16 pair sums of rows 0-7 (Q8_0: with yl)
#define S1 Y8      // of rows 8-15
#define SH0 Y9     // Q8_0: the int16 pair sums with yh, rows 0-7
#define SH1 Y10    // and rows 8-15
#define T0 Y11
#define T1 Y12
#define T2 Y13
#define T3 Y14
#define X80 Y15    // Q8_0: 0x80 bytes

// Q8_0's constants, in memory.
DATA mask0f<>+0(SB)/8, $0x0f0f0f0f0f0f0f0f
DATA mask0f<>+8(SB)/8, $0x0f0f0f0f0f0f0f0f
DATA mask0f<>+16(SB)/8, $0x0f0f0f0f0f0f0f0f
DATA mask0f<>+24(SB)/8, $0x0f0f0f0f0f0f0f0f
GLOBL mask0f<>(SB), RODATA|NOPTR, $32

DATA eights<>+0(SB)/8, $0x0808080808080808
DATA eights<>+8(SB)/8, $0x0808080808080808
DATA eights<>+16(SB)/8, $0x0808080808080808
DATA eights<>+24(SB)/8, $0x0808080808080808
GLOBL eights<>(SB), RODATA|NOPTR, $32

DATA ones<>+0(SB)/8, $0x0001000100010001
DATA ones<>+8(SB)/8, $0x0001000100010001
DATA ones<>+16(SB)/8, $0x0001000100010001
DATA ones<>+24(SB)/8, $0x0001000100010001
GLOBL ones<>(SB), RODATA|NOPTR, $32

DATA sixteens<>+0(SB)/8, $0x0010001000100010
DATA sixteens<>+8(SB)/8, $0x0010001000100010
DATA sixteens<>+16(SB)/8, $0x0010001000100010
DATA sixteens<>+24(SB)/8, $0x0010001000100010
GLOBL sixteens<>(SB), RODATA|NOPTR, $32

// BCAST sets reg to the 32-bit constant c in every lane.
#define BCAST(c, reg, xreg) \
	MOVL $c, AX; \
	VMOVD AX, xreg; \
	VPBROADCASTD xreg, reg

// PF prefetches the line off+PFD bytes ahead of the group's block: a
// group is one stream of weights, which the hardware prefetchers follow
// too slowly for one core to draw DRAM's bandwidth. A prefetch past the
// end of the weights is harmless.
#define PFD 4096
#define PF(off) PREFETCHT0 (PFD+off)(G)

// Q4_0M adds dword m of the block's codes (at off(G) for rows 0-7,
// off+32(G) for rows 8-15) times the activation dwords m (low nibbles)
// and 4+m (high nibbles) to S0 and S1.
#define Q4_0M(off, lo, hi) \
	VPBROADCASTD lo(V), YL; \
	VPBROADCASTD hi(V), YH; \
	VPAND off(G), MASK, T0; \
	VPSRLW $4, off(G), T1; \ // the high nibbles down to 0..15
	VPAND T1, MASK, T1; \
	VPAND (off+32)(G), MASK, T2; \
	VPSRLW $4, (off+32)(G), T3; \
	VPAND T3, MASK, T3; \
	VPMADDUBSW YL, T0, T0; \ // u8 nibbles times s8 codes, pairs to int16
	VPMADDUBSW YH, T1, T1; \
	VPMADDUBSW YL, T2, T2; \
	VPMADDUBSW YH, T3, T3; \
	VPADDW T0, S0, S0; \
	VPADDW T1, S0, S0; \
	VPADDW T2, S1, S1; \
	VPADDW T3, S1, S1

// Q8_0M adds dword m of the block's codes plus 128 (at off(G) and
// off+32(G), made unsigned), times the low and high parts of activation
// dword m (at act and 32+act in the frame, see Q8_0BLOCK), to S0/SH0 and
// S1/SH1.
#define Q8_0M(off, act) \
	VPBROADCASTD act(SP), YL; \
	VPBROADCASTD (32+act)(SP), YH; \
	VPXOR off(G), X80, T0; \ // code+128, unsigned
	VPMADDUBSW YL, T0, P0; \
	VPADDW P0, S0, S0; \
	VPMADDUBSW YH, T0, P0; \
	VPADDW P0, SH0, SH0; \
	VPXOR (off+32)(G), X80, T1; \
	VPMADDUBSW YL, T1, P1; \
	VPADDW P1, S1, S1; \
	VPMADDUBSW YH, T1, P1; \
	VPADDW P1, SH1, SH1

// FINISH subtracts the bias (the vector block's code sum shifted left by
// shift) from the int32 sums S0 and S1 and adds them, times dx*dy, to
// ACC0 and ACC1.
#define FINISH(shift) \
	VPBROADCASTD 36(V), T2; \
	VPSLLD $shift, T2, T2; \
	VPSUBD T2, S0, S0; \
	VPSUBD T2, S1, S1; \
	VCVTDQ2PS S0, S0; \
	VCVTDQ2PS S1, S1; \
	VCVTPH2PS 0(G), T0; \ // the fp16 dx of rows 0-7
	VCVTPH2PS 16(G), T1; \ // and of rows 8-15
	VBROADCASTSS 32(V), T3; \
	VMULPS T3, T0, T0; \
	VMULPS T3, T1, T1; \
	VFMADD231PS T0, S0, ACC0; \
	VFMADD231PS T1, S1, ACC1

#define Q4_0BLOCK \
	PF(0); \
	PF(64); \
	PF(128); \
	PF(192); \
	PF(256); \
	VPXOR S0, S0, S0; \
	VPXOR S1, S1, S1; \
	Q4_0M(32, 0, 16); \
	Q4_0M(96, 4, 20); \
	Q4_0M(160, 8, 24); \
	Q4_0M(224, 12, 28); \
	VPMADDWD ONES, S0, S0; \ // int16 pairs to int32
	VPMADDWD ONES, S1, S1; \
	FINISH(3)

// Q8_0BLOCK splits the vector block's codes y into yl = y&15 (0..15) and
// yh = y>>4 (-8..7), y = 16*yh+yl, in the frame, so that VPMADDUBSW's
// products of the unsigned codes plus 128 (0..255) with them cannot
// saturate: pairs of at most 2*255*15 = 7650, four of which add exactly
// in int16, and 2*255*8 = 4080, eight of which do.
#define Q8_0BLOCK \
	PF(0); \
	PF(64); \
	PF(128); \
	PF(192); \
	PF(256); \
	PF(320); \
	PF(384); \
	PF(448); \
	PF(512); \
	VMOVDQU 0(V), S0; \
	VPAND mask0f<>(SB), S0, S1; \ // yl
	VPSRLW $4, S0, SH0; \
	VPAND mask0f<>(SB), SH0, SH0; \ // the high nibble, 0..15
	VPXOR eights<>(SB), SH0, SH0; \
	VPSUBB eights<>(SB), SH0, SH0; \ // yh, its sign restored
	VMOVDQU S1, 0(SP); \
	VMOVDQU SH0, 32(SP); \
	VPXOR S0, S0, S0; \
	VPXOR S1, S1, S1; \
	VPXOR SH0, SH0, SH0; \
	VPXOR SH1, SH1, SH1; \
	Q8_0M(32, 0); \
	Q8_0M(96, 4); \
	Q8_0M(160, 8); \
	Q8_0M(224, 12); \
	VPMADDWD ones<>(SB), S0, A0; \ // yl's int16 sums of dwords 0-3 to int32
	VPMADDWD ones<>(SB), S1, A1; \
	VPXOR S0, S0, S0; \
	VPXOR S1, S1, S1; \
	Q8_0M(288, 16); \
	Q8_0M(352, 20); \
	Q8_0M(416, 24); \
	Q8_0M(480, 28); \
	VPMADDWD ones<>(SB), S0, S0; \
	VPMADDWD ones<>(SB), S1, S1; \
	VPADDD A0, S0, S0; \
	VPADDD A1, S1, S1; \
	VPMADDWD sixteens<>(SB), SH0, SH0; \ // yh weighs 16
	VPMADDWD sixteens<>(SB), SH1, SH1; \
	VPADDD SH0, S0, S0; \
	VPADDD SH1, S1, S1; \
	FINISH(7)

// LOOP runs BLOCK on every block of bsize bytes, then stores the totals.
#define LOOP(BLOCK, bsize) \
	MOVQ dst_base+0(FP), DI; \
	MOVQ g_base+24(FP), G; \
	MOVQ v_base+48(FP), V; \
	MOVQ n+72(FP), CNT; \
	SHRQ $5, CNT; \
	VPXOR ACC0, ACC0, ACC0; \
	VPXOR ACC1, ACC1, ACC1; \
	TESTQ CNT, CNT; \
	JZ   done; \
loop: \
	BLOCK; \
	ADDQ $bsize, G; \
	ADDQ $40, V; \
	DECQ CNT; \
	JNZ  loop; \
done: \
	VMOVUPS ACC0, 0(DI); \
	VMOVUPS ACC1, 32(DI); \
	VZEROUPPER; \
	RET

// func groupGemvQ4_0Q8_0AVX2(dst []float32, g, v []byte, n int)
TEXT ·groupGemvQ4_0Q8_0AVX2(SB), NOSPLIT, $0-80
	BCAST(0x0f0f0f0f, MASK, X2)
	BCAST(0x00010001, ONES, X3)
	LOOP(Q4_0BLOCK, 288)

// func groupGemvQ8_0Q8_0AVX2(dst []float32, g, v []byte, n int)
TEXT ·groupGemvQ8_0Q8_0AVX2(SB), NOSPLIT, $64-80
	BCAST(0x80808080, X80, X15)
	LOOP(Q8_0BLOCK, 544)
