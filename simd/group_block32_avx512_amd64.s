//go:build !purego

#include "textflag.h"

// AVX-512 (F, BW, VL and VNNI) matrix-vector products of a group of 16
// Q4_0 or Q8_0 weight rows (group.go) with a Q8_0 vector (PackVecQ8_0),
// one row per lane. Go declarations are in group_block32_avx512_amd64.go.
//
// Per block, VPANDD/VPXORD load the same dword of codes of the 16 rows as
// unsigned bytes (Q4_0's nibbles masked, the high ones in place times 16;
// Q8_0's codes with their sign bits flipped), and VPDPBUSD with a
// broadcast dword of the vector's codes sums their products into one
// int32 per row. Less the bias times the vector's code sum, that is the
// exact block sum; its float32 times dx*dy is added to the row's total
// with one FMA, as panelGeneric does.

#define G SI    // the group's current block
#define V DX    // the vector's current block
#define CNT CX  // blocks left

#define ACC Z0   // the 16 rows' totals
#define DXY Z1   // dx*dy of the block's 16 rows
#define CORR Z2  // bias times the vector block's code sum, in every lane
#define MASK Z6  // Q4_0: 0x0F bytes; Q8_0: 0x80 bytes
#define MASKH Z7 // Q4_0: 0xF0 bytes
#define SUM Z16  // int32 sums of the low dwords
#define SUMH Z17 // and of the high dwords

// SCALES sets DXY and CORR (the code sum shifted left by shift) of the
// block at g.
#define SCALES(g, shift) \
	VCVTPH2PS 0(g), DXY; \
	VMULPS.BCST 32(V), DXY, DXY; \
	VPSLLD.BCST $shift, 36(V), CORR

// FINISH adds SUM less CORR, times DXY, to acc.
#define FINISH(acc) \
	VPSUBD CORR, SUM, SUM; \
	VCVTDQ2PS SUM, SUM; \
	VFMADD231PS DXY, SUM, acc

// LOOP runs BLOCK on every block of bsize bytes, then stores ACC.
// PFQ4 and PFQ8 prefetch the lines of the Q4_0 and Q8_0 block PFD bytes
// ahead: a group is one stream of weights, which the hardware prefetchers
// follow too slowly for one core to draw DRAM's bandwidth (this prefetch
// takes Q8_0 decode on one Sapphire Rapids core from 12.8 to 15.8 GB/s).
// A prefetch past the end of the weights is harmless.
#define PFD 4096
#define PFQ4(g) \
	PREFETCHT0 (PFD+0)(g); \
	PREFETCHT0 (PFD+64)(g); \
	PREFETCHT0 (PFD+128)(g); \
	PREFETCHT0 (PFD+192)(g); \
	PREFETCHT0 (PFD+256)(g)
#define PFQ8(g) \
	PFQ4(g); \
	PREFETCHT0 (PFD+320)(g); \
	PREFETCHT0 (PFD+384)(g); \
	PREFETCHT0 (PFD+448)(g); \
	PREFETCHT0 (PFD+512)(g)

#define LOOP(BLOCK, bsize) \
	MOVQ dst_base+0(FP), DI; \
	MOVQ g_base+24(FP), G; \
	MOVQ v_base+48(FP), V; \
	MOVQ n+72(FP), CNT; \
	SHRQ $5, CNT; \
	VPXORD ACC, ACC, ACC; \
	TESTQ CNT, CNT; \
	JZ   done; \
loop: \
	BLOCK(G, ACC); \
	ADDQ $bsize, G; \
	ADDQ $40, V; \
	DECQ CNT; \
	JNZ  loop; \
done: \
	VMOVUPS ACC, 0(DI); \
	VZEROUPPER; \
	RET

// LOOP8 is LOOP on eight groups one after the other (each n/32*bsize
// bytes), in eight streams: on one core, the hardware prefetchers and the
// prefetches of eight streams draw more of DRAM's bandwidth than one
// stream does (Q8_0 on a Sapphire Rapids core: 12.4-14.1 GB/s, against
// 10.2-10.8 for one stream and 11.2-12.7 for four). Each group's
// arithmetic is LOOP's.
#define LOOP8(BLOCK, bsize) \
	MOVQ dst_base+0(FP), DI; \
	MOVQ g_base+24(FP), G; \
	MOVQ v_base+48(FP), V; \
	MOVQ n+72(FP), CNT; \
	SHRQ $5, CNT; \
	IMUL3Q $bsize, CNT, AX; \
	LEAQ (G)(AX*1), R8; \
	LEAQ (R8)(AX*1), R9; \
	LEAQ (R9)(AX*1), R10; \
	LEAQ (R10)(AX*1), R11; \
	LEAQ (R11)(AX*1), R12; \
	LEAQ (R12)(AX*1), R13; \
	LEAQ (R13)(AX*1), BX; \
	VPXORD ACC, ACC, ACC; \
	VPXORD Z3, Z3, Z3; \
	VPXORD Z4, Z4, Z4; \
	VPXORD Z5, Z5, Z5; \
	VPXORD Z18, Z18, Z18; \
	VPXORD Z19, Z19, Z19; \
	VPXORD Z20, Z20, Z20; \
	VPXORD Z21, Z21, Z21; \
	TESTQ CNT, CNT; \
	JZ   done; \
loop: \
	BLOCK(G, ACC); \
	BLOCK(R8, Z3); \
	BLOCK(R9, Z4); \
	BLOCK(R10, Z5); \
	BLOCK(R11, Z18); \
	BLOCK(R12, Z19); \
	BLOCK(R13, Z20); \
	BLOCK(BX, Z21); \
	ADDQ $bsize, G; \
	ADDQ $bsize, R8; \
	ADDQ $bsize, R9; \
	ADDQ $bsize, R10; \
	ADDQ $bsize, R11; \
	ADDQ $bsize, R12; \
	ADDQ $bsize, R13; \
	ADDQ $bsize, BX; \
	ADDQ $40, V; \
	DECQ CNT; \
	JNZ  loop; \
done: \
	VMOVUPS ACC, 0(DI); \
	VMOVUPS Z3, 64(DI); \
	VMOVUPS Z4, 128(DI); \
	VMOVUPS Z5, 192(DI); \
	VMOVUPS Z18, 256(DI); \
	VMOVUPS Z19, 320(DI); \
	VMOVUPS Z20, 384(DI); \
	VMOVUPS Z21, 448(DI); \
	VZEROUPPER; \
	RET

// SUMS multiplies the 16 rows' codes in Z8-Z15 with the vector block's
// codes, four at a time broadcast, into SUM (codes 0-15 of the block's
// order in Z8-Z11) and SUMH (Z12-Z15).
#define SUMS \
	VPXORD SUM, SUM, SUM; \
	VPDPBUSD.BCST 0(V), Z8, SUM; \
	VPDPBUSD.BCST 4(V), Z9, SUM; \
	VPDPBUSD.BCST 8(V), Z10, SUM; \
	VPDPBUSD.BCST 12(V), Z11, SUM; \
	VPXORD SUMH, SUMH, SUMH; \
	VPDPBUSD.BCST 16(V), Z12, SUMH; \
	VPDPBUSD.BCST 20(V), Z13, SUMH; \
	VPDPBUSD.BCST 24(V), Z14, SUMH; \
	VPDPBUSD.BCST 28(V), Z15, SUMH

#define Q4_0BLOCK(g, acc) \
	PFQ4(g); \
	SCALES(g, 3); \
	VPANDD 32(g), MASK, Z8; \
	VPANDD 96(g), MASK, Z9; \
	VPANDD 160(g), MASK, Z10; \
	VPANDD 224(g), MASK, Z11; \
	VPANDD 32(g), MASKH, Z12; \
	VPANDD 96(g), MASKH, Z13; \
	VPANDD 160(g), MASKH, Z14; \
	VPANDD 224(g), MASKH, Z15; \
	SUMS; \
	VPSRAD $4, SUMH, SUMH; \ // the high nibbles' sum, times 16, exactly back
	VPADDD SUMH, SUM, SUM; \
	FINISH(acc)

#define Q8_0BLOCK(g, acc) \
	PFQ8(g); \
	SCALES(g, 7); \
	VPXORD 32(g), MASK, Z8; \
	VPXORD 96(g), MASK, Z9; \
	VPXORD 160(g), MASK, Z10; \
	VPXORD 224(g), MASK, Z11; \
	VPXORD 288(g), MASK, Z12; \
	VPXORD 352(g), MASK, Z13; \
	VPXORD 416(g), MASK, Z14; \
	VPXORD 480(g), MASK, Z15; \
	SUMS; \
	VPADDD SUMH, SUM, SUM; \
	FINISH(acc)

// Q4_0MASKS and Q8_0MASK set the masks of the Q4_0 and Q8_0 blocks.
#define Q4_0MASKS \
	MOVL $0x0f0f0f0f, AX; \
	VPBROADCASTD AX, MASK; \
	MOVL $0xf0f0f0f0, AX; \
	VPBROADCASTD AX, MASKH

#define Q8_0MASK \
	MOVL $0x80808080, AX; \
	VPBROADCASTD AX, MASK

// func groupGemvQ4_0Q8_0AVX512(dst []float32, g, v []byte, n int)
TEXT ·groupGemvQ4_0Q8_0AVX512(SB), NOSPLIT, $0-80
	Q4_0MASKS
	LOOP(Q4_0BLOCK, 288)

// func groupGemvQ8_0Q8_0AVX512(dst []float32, g, v []byte, n int)
TEXT ·groupGemvQ8_0Q8_0AVX512(SB), NOSPLIT, $0-80
	Q8_0MASK
	LOOP(Q8_0BLOCK, 544)

// func groupGemv8Q4_0Q8_0AVX512(dst []float32, g, v []byte, n int)
TEXT ·groupGemv8Q4_0Q8_0AVX512(SB), NOSPLIT, $0-80
	Q4_0MASKS
	LOOP8(Q4_0BLOCK, 288)

// func groupGemv8Q8_0Q8_0AVX512(dst []float32, g, v []byte, n int)
TEXT ·groupGemv8Q8_0Q8_0AVX512(SB), NOSPLIT, $0-80
	Q8_0MASK
	LOOP8(Q8_0BLOCK, 544)
