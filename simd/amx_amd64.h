// AMX instructions, which Go's assembler has no mnemonics for, encoded
// as bytes (VEX, with the registers fixed by the macros' SIB bytes), for
// the AMX kernels (strip_amx_amd64.s, panels_amx_amd64.s).

#define DISP32(off) BYTE $((off)&255); BYTE $(((off)>>8)&255); BYTE $(((off)>>16)&255); BYTE $(((off)>>24)&255)

// LDTILECFG (AX) and TILERELEASE.
#define LDTILECFG_AX BYTE $0xC4; BYTE $0xE2; BYTE $0x78; BYTE $0x49; BYTE $0x00
#define TILERELEASE BYTE $0xC4; BYTE $0xE2; BYTE $0x78; BYTE $0x49; BYTE $0xC0

// TILEZERO tmm(t).
#define TILEZERO(t) BYTE $0xC4; BYTE $0xE2; BYTE $0x7B; BYTE $0x49; BYTE $(0xC0|((t)<<3))

// TILELOADD tmm(t), off(base)(index*1), the base and index named by the
// SIB byte sib.
#define TILELOADD(t, sib, off) BYTE $0xC4; BYTE $0xE2; BYTE $0x7B; BYTE $0x4B; BYTE $(0x84|((t)<<3)); BYTE $(sib); DISP32(off)

// TILESTORED off(DI)(DX*1), tmm(t).
#define TILESTORED_DI(off, t) BYTE $0xC4; BYTE $0xE2; BYTE $0x7A; BYTE $0x4B; BYTE $(0x84|((t)<<3)); BYTE $0x17; DISP32(off)

// TDPBSSD tmm(c), tmm(a), tmm(b): signed codes times signed codes.
#define TDPBSSD(c, a, b) BYTE $0xC4; BYTE $0xE2; BYTE $(((15-(b))<<3)|3); BYTE $0x5E; BYTE $(0xC0|((c)<<3)|(a))

// SIB bytes of (SI)(CX*1), (SI)(DX*1), (CX)(DX*1), (BX)(DX*1) and
// (DI)(DX*1).
#define SIB_SI_CX 0x0E
#define SIB_SI_DX 0x16
#define SIB_CX_DX 0x11
#define SIB_BX_DX 0x13
#define SIB_DI_DX 0x17

