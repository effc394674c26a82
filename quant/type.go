package quant

import (
	"fmt"
	"strings"
)

// Type is a ggml tensor type, numbered as in GGUF files.
type Type uint32

// The ggml tensor types, with the ids GGUF files use.
const (
	F32     Type = 0
	F16     Type = 1
	Q4_0    Type = 2
	Q4_1    Type = 3
	Q5_0    Type = 6
	Q5_1    Type = 7
	Q8_0    Type = 8
	Q8_1    Type = 9
	Q2_K    Type = 10
	Q3_K    Type = 11
	Q4_K    Type = 12
	Q5_K    Type = 13
	Q6_K    Type = 14
	Q8_K    Type = 15
	IQ2_XXS Type = 16
	IQ2_XS  Type = 17
	IQ3_XXS Type = 18
	IQ1_S   Type = 19
	IQ4_NL  Type = 20
	IQ3_S   Type = 21
	IQ2_S   Type = 22
	IQ4_XS  Type = 23
	I8      Type = 24
	I16     Type = 25
	I32     Type = 26
	I64     Type = 27
	F64     Type = 28
	IQ1_M   Type = 29
	BF16    Type = 30
	TQ1_0   Type = 34
	TQ2_0   Type = 35
	MXFP4   Type = 39
)

// QuantizationVersion is ggml's GGML_QNT_VERSION, written to
// general.quantization_version by the quantizer.
const QuantizationVersion = 2

// QK_K is the number of weights in a super-block of the K-quants and of the
// i-quants that share their layout.
const QK_K = 256

// TypeInfo describes one tensor format: a row of n weights takes
// n/BlockSize blocks of BlockBytes bytes each.
type TypeInfo struct {
	Type       Type
	Name       string
	BlockSize  int // weights per block
	BlockBytes int // bytes per block
	// dequantize converts whole blocks: len(dst) == nblocks*BlockSize,
	// len(src) == nblocks*BlockBytes.
	dequantize func(dst []float32, src []byte)
	// quantize converts whole blocks the way llama.cpp's reference
	// quantizer does without an importance matrix; nil when unsupported.
	quantize func(dst []byte, src []float32)
}

// types is the one table of format facts, indexed by Type.
var types = [...]TypeInfo{
	F32:     {F32, "F32", 1, 4, dequantizeF32, quantizeF32},
	F16:     {F16, "F16", 1, 2, dequantizeF16, quantizeF16},
	Q4_0:    {Q4_0, "Q4_0", 32, 18, dequantizeQ4_0, quantizeQ4_0},
	Q4_1:    {Q4_1, "Q4_1", 32, 20, dequantizeQ4_1, quantizeQ4_1},
	Q5_0:    {Q5_0, "Q5_0", 32, 22, dequantizeQ5_0, quantizeQ5_0},
	Q5_1:    {Q5_1, "Q5_1", 32, 24, dequantizeQ5_1, quantizeQ5_1},
	Q8_0:    {Q8_0, "Q8_0", 32, 34, dequantizeQ8_0, quantizeQ8_0},
	Q8_1:    {Q8_1, "Q8_1", 32, 36, dequantizeQ8_1, quantizeQ8_1},
	Q2_K:    {Q2_K, "Q2_K", QK_K, 84, dequantizeQ2_K, quantizeQ2_K},
	Q3_K:    {Q3_K, "Q3_K", QK_K, 110, dequantizeQ3_K, quantizeQ3_K},
	Q4_K:    {Q4_K, "Q4_K", QK_K, 144, dequantizeQ4_K, quantizeQ4_K},
	Q5_K:    {Q5_K, "Q5_K", QK_K, 176, dequantizeQ5_K, quantizeQ5_K},
	Q6_K:    {Q6_K, "Q6_K", QK_K, 210, dequantizeQ6_K, quantizeQ6_K},
	Q8_K:    {Q8_K, "Q8_K", QK_K, 292, dequantizeQ8_K, quantizeQ8_K},
	IQ2_XXS: {IQ2_XXS, "IQ2_XXS", QK_K, 66, dequantizeIQ2_XXS, nil},
	IQ2_XS:  {IQ2_XS, "IQ2_XS", QK_K, 74, dequantizeIQ2_XS, nil},
	IQ3_XXS: {IQ3_XXS, "IQ3_XXS", QK_K, 98, dequantizeIQ3_XXS, nil},
	IQ1_S:   {IQ1_S, "IQ1_S", QK_K, 50, dequantizeIQ1_S, nil},
	IQ4_NL:  {IQ4_NL, "IQ4_NL", 32, 18, dequantizeIQ4_NL, quantizeIQ4_NL},
	IQ3_S:   {IQ3_S, "IQ3_S", QK_K, 110, dequantizeIQ3_S, nil},
	IQ2_S:   {IQ2_S, "IQ2_S", QK_K, 82, dequantizeIQ2_S, nil},
	IQ4_XS:  {IQ4_XS, "IQ4_XS", QK_K, 136, dequantizeIQ4_XS, quantizeIQ4_XS},
	I8:      {I8, "I8", 1, 1, dequantizeI8, nil},
	I16:     {I16, "I16", 1, 2, dequantizeI16, nil},
	I32:     {I32, "I32", 1, 4, dequantizeI32, nil},
	I64:     {I64, "I64", 1, 8, dequantizeI64, nil},
	F64:     {F64, "F64", 1, 8, dequantizeF64, nil},
	IQ1_M:   {IQ1_M, "IQ1_M", QK_K, 56, dequantizeIQ1_M, nil},
	BF16:    {BF16, "BF16", 1, 2, dequantizeBF16, quantizeBF16},
	TQ1_0:   {TQ1_0, "TQ1_0", QK_K, 54, dequantizeTQ1_0, nil},
	TQ2_0:   {TQ2_0, "TQ2_0", QK_K, 66, dequantizeTQ2_0, nil},
	MXFP4:   {MXFP4, "MXFP4", 32, 17, dequantizeMXFP4, nil},
}

// Types returns every known type in id order.
func Types() []Type {
	var out []Type
	for i := range types {
		if types[i].Name != "" {
			out = append(out, Type(i))
		}
	}
	return out
}

// Info returns the table row of t and whether t is a known type.
func (t Type) Info() (TypeInfo, bool) {
	if int(t) >= len(types) || types[t].Name == "" {
		return TypeInfo{}, false
	}
	return types[t], true
}

// Valid reports whether t is a known type.
func (t Type) Valid() bool { _, ok := t.Info(); return ok }

// String returns the type's ggml name, or "type(N)" for an unknown id.
func (t Type) String() string {
	if info, ok := t.Info(); ok {
		return info.Name
	}
	return fmt.Sprintf("type(%d)", uint32(t))
}

// BlockSize returns the number of weights in one block (0 for unknown types).
func (t Type) BlockSize() int { info, _ := t.Info(); return info.BlockSize }

// BlockBytes returns the size in bytes of one block (0 for unknown types).
func (t Type) BlockBytes() int { info, _ := t.Info(); return info.BlockBytes }

// CanQuantize reports whether Quantize supports t.
func (t Type) CanQuantize() bool { info, ok := t.Info(); return ok && info.quantize != nil }

// RowBytes returns the bytes taken by n weights of type t, or an error when
// t is unknown or n is not a whole number of blocks.
func (t Type) RowBytes(n int) (int, error) {
	info, ok := t.Info()
	if !ok {
		return 0, fmt.Errorf("quant: unknown tensor type %d", uint32(t))
	}
	if n < 0 || n%info.BlockSize != 0 {
		return 0, fmt.Errorf("quant: %d weights are not a whole number of %s blocks of %d", n, info.Name, info.BlockSize)
	}
	return n / info.BlockSize * info.BlockBytes, nil
}

// ParseType returns the type named name (case-insensitive, e.g. "q4_k").
func ParseType(name string) (Type, error) {
	for _, t := range Types() {
		if strings.EqualFold(types[t].Name, name) {
			return t, nil
		}
	}
	return 0, fmt.Errorf("quant: unknown tensor type %q", name)
}

// Dequantize converts src, a whole number of blocks of type t, to float32
// weights in dst, which must hold exactly the weights src encodes.
func Dequantize(t Type, dst []float32, src []byte) error {
	info, ok := t.Info()
	if !ok {
		return fmt.Errorf("quant: unknown tensor type %d", uint32(t))
	}
	if len(src)%info.BlockBytes != 0 {
		return fmt.Errorf("quant: %d bytes are not a whole number of %s blocks of %d bytes", len(src), info.Name, info.BlockBytes)
	}
	if n := len(src) / info.BlockBytes * info.BlockSize; len(dst) != n {
		return fmt.Errorf("quant: %d bytes of %s hold %d weights, destination has room for %d", len(src), info.Name, n, len(dst))
	}
	info.dequantize(dst, src)
	return nil
}

// Quantize converts src to type t in dst, byte-identical to llama.cpp's
// reference quantizer; len(src) must be a whole number of blocks and dst
// exactly the size they take.
func Quantize(t Type, dst []byte, src []float32) error {
	info, ok := t.Info()
	if !ok {
		return fmt.Errorf("quant: unknown tensor type %d", uint32(t))
	}
	if info.quantize == nil {
		return fmt.Errorf("quant: quantizing to %s is not supported", info.Name)
	}
	n, err := t.RowBytes(len(src))
	if err != nil {
		return err
	}
	if len(dst) != n {
		return fmt.Errorf("quant: %d weights of %s take %d bytes, destination has %d", len(src), info.Name, n, len(dst))
	}
	info.quantize(dst, src)
	return nil
}
