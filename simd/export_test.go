package simd

import (
	"maps"
	"slices"
)

// This file exports internals to the external tests in package simd_test.

// Purego reports whether the build forces the pure-Go twins.
const Purego = purego

// ImplNames returns the names of the implementations, most capable first.
func ImplNames() []string {
	var names []string
	for _, im := range implementations {
		names = append(names, im.name)
	}
	return names
}

// SelectImpl makes the exported kernels use the implementation called
// name, turning its flag on and every other flag off. It returns a function
// that restores the flags, and false when this CPU cannot run name.
func SelectImpl(name string) (restore func(), ok bool) {
	saved := make([]bool, len(implementations))
	for i, im := range implementations {
		if im.enabled != nil {
			saved[i] = *im.enabled
		}
		if im.name == name {
			ok = im.available
		}
	}
	restore = func() {
		for i, im := range implementations {
			if im.enabled != nil {
				*im.enabled = saved[i]
			}
		}
	}
	if ok {
		for _, im := range implementations {
			if im.enabled != nil {
				*im.enabled = im.name == name
			}
		}
	}
	return restore, ok
}

// WeightTypes returns the ids of the weight types with a kernel, in order.
func WeightTypes() []uint32 { return slices.Sorted(maps.Keys(kernels)) }

// TypeIDs are simd's ggml type ids by ggml name, for TestTypeIDs.
var TypeIDs = map[string]uint32{
	"F32": typeF32, "F16": typeF16, "BF16": typeBF16,
	"Q4_0": typeQ4_0, "Q4_1": typeQ4_1, "Q5_0": typeQ5_0, "Q5_1": typeQ5_1,
	"Q8_0": typeQ8_0, "Q8_1": typeQ8_1, "Q8_K": typeQ8_K,
	"Q2_K": typeQ2_K, "Q3_K": typeQ3_K, "Q4_K": typeQ4_K, "Q5_K": typeQ5_K, "Q6_K": typeQ6_K,
	"IQ4_NL": typeIQ4_NL, "IQ4_XS": typeIQ4_XS, "TQ1_0": typeTQ1_0, "TQ2_0": typeTQ2_0,
	"MXFP4": typeMXFP4,
}
