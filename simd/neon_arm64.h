// Encodings of the Advanced SIMD instructions that Go's arm64 assembler
// does not know, for the NEON kernels (*_arm64.s). Each macro emits one
// instruction as a WORD; its arguments are register numbers in the
// operand order of the Arm mnemonic in the comment (destination first),
// and a kernel calling one writes that mnemonic, with its registers, in a
// comment on the same line. TestNEONEncodings disassembles every such
// site with llvm-mc and compares it with the comment.
//
// Element indexes: the by-element forms take the lane i of vm; an H lane
// needs vm in v0-v15.

// Integer arithmetic.

// sdot vd.4s, vn.16b, vm.16b (FEAT_DotProd)
#define SDOT_4S(d, n, m) WORD $(0x4e809400 | (m)<<16 | (n)<<5 | (d))
// smull vd.8h, vn.8b, vm.8b
#define SMULL_8H(d, n, m) WORD $(0x0e20c000 | (m)<<16 | (n)<<5 | (d))
// smull2 vd.8h, vn.16b, vm.16b
#define SMULL2_8H(d, n, m) WORD $(0x4e20c000 | (m)<<16 | (n)<<5 | (d))
// smull vd.4s, vn.4h, vm.4h
#define SMULL_4S(d, n, m) WORD $(0x0e60c000 | (m)<<16 | (n)<<5 | (d))
// smlal vd.4s, vn.4h, vm.4h
#define SMLAL_4S(d, n, m) WORD $(0x0e608000 | (m)<<16 | (n)<<5 | (d))
// smlal2 vd.4s, vn.8h, vm.8h
#define SMLAL2_4S(d, n, m) WORD $(0x4e608000 | (m)<<16 | (n)<<5 | (d))
// smlal vd.4s, vn.4h, vm.h[i]
#define SMLAL_4S_H(d, n, m, i) WORD $(0x0f402000 | ((i)&3)<<20 | ((i)>>2)<<11 | (m)<<16 | (n)<<5 | (d))
// smlal2 vd.4s, vn.8h, vm.h[i]
#define SMLAL2_4S_H(d, n, m, i) WORD $(0x4f402000 | ((i)&3)<<20 | ((i)>>2)<<11 | (m)<<16 | (n)<<5 | (d))
// mla vd.4s, vn.4s, vm.s[i]
#define MLA_4S_S(d, n, m, i) WORD $(0x6f800000 | ((i)&1)<<21 | ((i)>>1)<<11 | (m)<<16 | (n)<<5 | (d))
// saddlp vd.4s, vn.8h
#define SADDLP_4S(d, n) WORD $(0x4e602800 | (n)<<5 | (d))
// sadalp vd.4s, vn.8h
#define SADALP_4S(d, n) WORD $(0x4e606800 | (n)<<5 | (d))
// saddlv hd, vn.16b
#define SADDLV_H(d, n) WORD $(0x4e303800 | (n)<<5 | (d))
// smin vd.4s, vn.4s, vm.4s
#define SMIN_4S(d, n, m) WORD $(0x4ea06c00 | (m)<<16 | (n)<<5 | (d))
// cmhi vd.8h, vn.8h, vm.8h (unsigned vn > vm)
#define CMHI_8H(d, n, m) WORD $(0x6e603400 | (m)<<16 | (n)<<5 | (d))

// Widening and narrowing.

// sxtl vd.8h, vn.8b (sshll #0)
#define SXTL_8H(d, n) WORD $(0x0f08a400 | (n)<<5 | (d))
// sxtl2 vd.8h, vn.16b (sshll2 #0)
#define SXTL2_8H(d, n) WORD $(0x4f08a400 | (n)<<5 | (d))
// sxtl vd.4s, vn.4h (sshll #0)
#define SXTL_4S(d, n) WORD $(0x0f10a400 | (n)<<5 | (d))
// sxtl2 vd.4s, vn.8h (sshll2 #0)
#define SXTL2_4S(d, n) WORD $(0x4f10a400 | (n)<<5 | (d))
// sqxtn vd.4h, vn.4s
#define SQXTN_4H(d, n) WORD $(0x0e614800 | (n)<<5 | (d))
// sqxtn2 vd.8h, vn.4s
#define SQXTN2_8H(d, n) WORD $(0x4e614800 | (n)<<5 | (d))
// sqxtn vd.8b, vn.8h
#define SQXTN_8B(d, n) WORD $(0x0e214800 | (n)<<5 | (d))
// sqxtn2 vd.16b, vn.8h
#define SQXTN2_16B(d, n) WORD $(0x4e214800 | (n)<<5 | (d))

// Floating point.

// scvtf vd.4s, vn.4s
#define SCVTF_4S(d, n) WORD $(0x4e21d800 | (n)<<5 | (d))
// scvtf sd, sn
#define SCVTF_S(d, n) WORD $(0x5e21d800 | (n)<<5 | (d))
// fcvtns vd.4s, vn.4s (round to nearest, ties to even)
#define FCVTNS_4S(d, n) WORD $(0x4e21a800 | (n)<<5 | (d))
// fabs vd.4s, vn.4s
#define FABS_4S(d, n) WORD $(0x4ea0f800 | (n)<<5 | (d))
// fcmgt vd.4s, vn.4s, vm.4s (vn > vm; false if either is a NaN)
#define FCMGT_4S(d, n, m) WORD $(0x6ea0e400 | (m)<<16 | (n)<<5 | (d))
// fcmeq vd.4s, vn.4s, vm.4s
#define FCMEQ_4S(d, n, m) WORD $(0x4e20e400 | (m)<<16 | (n)<<5 | (d))
// facgt vd.4s, vn.4s, vm.4s (|vn| > |vm|; false if either is a NaN)
#define FACGT_4S(d, n, m) WORD $(0x6ea0ec00 | (m)<<16 | (n)<<5 | (d))
// fmax vd.4s, vn.4s, vm.4s (a NaN in either gives a NaN)
#define FMAX_4S(d, n, m) WORD $(0x4e20f400 | (m)<<16 | (n)<<5 | (d))
// fmaxv sd, vn.4s
#define FMAXV_S(d, n) WORD $(0x6e30f800 | (n)<<5 | (d))
// fadd vd.4s, vn.4s, vm.4s
#define FADD_4S(d, n, m) WORD $(0x4e20d400 | (m)<<16 | (n)<<5 | (d))
// fadd vd.2d, vn.2d, vm.2d
#define FADD_2D(d, n, m) WORD $(0x4e60d400 | (m)<<16 | (n)<<5 | (d))
// fmul vd.4s, vn.4s, vm.4s
#define FMUL_4S(d, n, m) WORD $(0x6e20dc00 | (m)<<16 | (n)<<5 | (d))
// fmul vd.4s, vn.4s, vm.s[i]
#define FMUL_4S_S(d, n, m, i) WORD $(0x4f809000 | ((i)&1)<<21 | ((i)>>1)<<11 | (m)<<16 | (n)<<5 | (d))
// faddp sd, vn.2s
#define FADDP_S(d, n) WORD $(0x7e30d800 | (n)<<5 | (d))
// faddp dd, vn.2d
#define FADDP_D(d, n) WORD $(0x7e70d800 | (n)<<5 | (d))
// fcvtl vd.4s, vn.4h
#define FCVTL_4S(d, n) WORD $(0x0e217800 | (n)<<5 | (d))
// fcvtl2 vd.4s, vn.8h
#define FCVTL2_4S(d, n) WORD $(0x4e217800 | (n)<<5 | (d))
// fcvtl vd.2d, vn.2s
#define FCVTL_2D(d, n) WORD $(0x0e617800 | (n)<<5 | (d))
// fcvtl2 vd.2d, vn.4s
#define FCVTL2_2D(d, n) WORD $(0x4e617800 | (n)<<5 | (d))
// fcvtn vd.4h, vn.4s (round to nearest, ties to even)
#define FCVTN_4H(d, n) WORD $(0x0e216800 | (n)<<5 | (d))
// fcvtn2 vd.8h, vn.4s
#define FCVTN2_8H(d, n) WORD $(0x4e216800 | (n)<<5 | (d))
