// The row setup and the store of the AVX-512 panel kernels
// (panel_block32_avx512_amd64.s, panel_kquant_avx512_amd64.s), which name
// their registers alike: W0-W3 the weight rows 0-3, the totals of rows
// 0-3 in ACC0-ACC3 (first panel half) and ACC0B-ACC3B (second half), one
// token per lane, and FR a frame of at least 512 bytes; the arguments w,
// wStride, rows, tokens, dst and dstStride at the same offsets.

// ROWS4 points W0-W3 at weight rows min(i, rows-1) of w (wStride bytes
// apart), so that a call with fewer than 4 rows repeats the last one. It
// uses AX and BX and defines the label rowsSet.
#define ROWS4 \
	MOVQ w_base+32(FP), W0; \
	MOVQ wStride+56(FP), AX; \
	MOVQ rows+88(FP), BX; \
	MOVQ W0, W1; \
	MOVQ W0, W2; \
	MOVQ W0, W3; \
	CMPQ BX, $2; \
	JB   rowsSet; \
	ADDQ AX, W1; \
	MOVQ W1, W2; \
	MOVQ W1, W3; \
	CMPQ BX, $3; \
	JB   rowsSet; \
	ADDQ AX, W2; \
	MOVQ W2, W3; \
	CMPQ BX, $4; \
	JB   rowsSet; \
	ADDQ AX, W3; \
rowsSet:

// STORE writes the totals of rows < rows and tokens < tokens to dst and
// returns. It defines the labels store, tok, next and more.
#define STORE \
store: \
	VMOVUPS ACC0, 0(FR); \
	VMOVUPS ACC1, 64(FR); \
	VMOVUPS ACC2, 128(FR); \
	VMOVUPS ACC3, 192(FR); \
	VMOVUPS ACC0B, 256(FR); \
	VMOVUPS ACC1B, 320(FR); \
	VMOVUPS ACC2B, 384(FR); \
	VMOVUPS ACC3B, 448(FR); \
	MOVQ dst_base+0(FP), DI; \
	MOVQ dstStride+24(FP), AX; \
	SHLQ $2, AX; \
	MOVQ tokens+96(FP), CX; \
	MOVQ rows+88(FP), BX; \
	XORQ SI, SI; \
tok: \
	MOVL 0(FR)(SI*1), DX; \
	MOVL DX, 0(DI); \
	CMPQ BX, $2; \
	JB   next; \
	MOVL 64(FR)(SI*1), DX; \
	MOVL DX, 4(DI); \
	CMPQ BX, $3; \
	JB   next; \
	MOVL 128(FR)(SI*1), DX; \
	MOVL DX, 8(DI); \
	CMPQ BX, $4; \
	JB   next; \
	MOVL 192(FR)(SI*1), DX; \
	MOVL DX, 12(DI); \
next: \
	ADDQ AX, DI; \
	ADDQ $4, SI; \
	CMPQ SI, $64; \ // token 16: the second half's totals
	JNE  more; \
	MOVQ $256, SI; \
more: \
	DECQ CX; \
	JNZ  tok; \
	VZEROUPPER; \
	RET
