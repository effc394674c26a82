package simd_test

import (
	"testing"

	"github.com/laminalabs/lamina/quant"
	"github.com/laminalabs/lamina/simd"
)

// TestTypeIDs keeps simd's type ids equal to quant's table.
func TestTypeIDs(t *testing.T) {
	for name, id := range simd.TypeIDs {
		typ, err := quant.ParseType(name)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if uint32(typ) != id {
			t.Errorf("simd's id of %s is %d, quant's is %d", name, id, uint32(typ))
		}
	}
}

// vecDotTypes is ggml-cpu.c's type_traits_cpu[…].vec_dot_type: the
// activation type llama.cpp pairs with each weight type.
var vecDotTypes = map[quant.Type]quant.Type{
	quant.F32: quant.F32, quant.F16: quant.F16, quant.BF16: quant.BF16,
	quant.Q4_0: quant.Q8_0, quant.Q4_1: quant.Q8_1, quant.Q5_0: quant.Q8_0, quant.Q5_1: quant.Q8_1,
	quant.Q8_0: quant.Q8_0, quant.IQ4_NL: quant.Q8_0, quant.MXFP4: quant.Q8_0,
	quant.Q2_K: quant.Q8_K, quant.Q3_K: quant.Q8_K, quant.Q4_K: quant.Q8_K, quant.Q5_K: quant.Q8_K,
	quant.Q6_K: quant.Q8_K, quant.IQ4_XS: quant.Q8_K, quant.TQ1_0: quant.Q8_K, quant.TQ2_0: quant.Q8_K,
}

// TestKernelTable checks every kernel's activation type against ggml's and
// its geometry against quant, and that the types without kernels report
// none.
func TestKernelTable(t *testing.T) {
	if got, want := len(simd.WeightTypes()), len(vecDotTypes); got != want {
		t.Errorf("%d weight types have kernels, want %d", got, want)
	}
	for _, wt := range simd.WeightTypes() {
		k, ok := simd.KernelFor(wt)
		typ, act := quant.Type(wt), quant.Type(k.ActType)
		if !ok || !typ.Valid() || !act.Valid() || k.Quantize == nil || k.Dot == nil {
			t.Errorf("weight type %d: kernel %+v, ok %v", wt, k, ok)
			continue
		}
		if want, ok := vecDotTypes[typ]; !ok || act != want {
			t.Errorf("%s: activations of type %s, ggml uses %s", typ, act, want)
		}
		if k.ActBlockSize != act.BlockSize() || k.ActBlockBytes != act.BlockBytes() {
			t.Errorf("%s: activation %s blocks of %d values in %d bytes, quant says %d in %d",
				typ, act, k.ActBlockSize, k.ActBlockBytes, act.BlockSize(), act.BlockBytes())
		}
		if typ.BlockSize()%k.ActBlockSize != 0 && k.ActBlockSize%typ.BlockSize() != 0 {
			t.Errorf("%s: weight blocks of %d and activation blocks of %d do not nest", typ, typ.BlockSize(), k.ActBlockSize)
		}
	}
	for _, typ := range []quant.Type{quant.Q8_1, quant.Q8_K, quant.IQ2_XXS, quant.I8, 9999} {
		if _, ok := simd.KernelFor(uint32(typ)); ok {
			t.Errorf("KernelFor(%s) found a kernel", typ)
		}
	}
}
