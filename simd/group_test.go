package simd_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"path"
	"slices"
	"testing"

	"github.com/laminalabs/lamina/quant"
	"github.com/laminalabs/lamina/simd"
)

// TestGroup checks the Group kernels in every implementation: Repack
// keeps every byte of the rows, Gemv, Panel and Strip return their
// pure-Go twins' bits, Gemv is within 1e-5 of the float64 dot products
// relative to the terms' magnitudes, and Gemv returns the bits Panel and
// Strip give the same token, so that a token has the same results in a
// prompt and in decode.
func TestGroup(t *testing.T) {
	for _, typ := range []quant.Type{quant.Q4_0, quant.Q8_0} {
		k, _ := simd.KernelFor(uint32(typ))
		grp, ok := simd.GroupsOf(uint32(typ))
		if !ok {
			t.Fatalf("%s: no Group kernels", typ)
		}
		twin := simd.GroupGenerics[uint32(typ)]
		t.Run(typ.String(), func(t *testing.T) {
			forEachImpl(t, func(t *testing.T) {
				if !simd.HasPanel(uint32(typ)) && path.Base(t.Name()) != "generic" {
					t.Skip("this path runs the pure-Go twins, which the generic subtest checks")
				}
				for wi, wc := range tileWeightCases {
					for ai, ac := range tileActCases {
						rng := rand.New(rand.NewPCG(uint64(typ)+23, uint64(100*wi+ai)))
						counts := []int{1, 3, 16, 17, 64}
						if path.Base(t.Name()) == "generic" {
							counts = twinBlockCounts // the twins against the float64 reference only
						}
						for _, nb := range counts {
							checkGroup(t, typ, k, grp, twin.Gemv, twin.Panel, nb*32, wc, ac, rng)
							checkStrip(t, typ, k, grp, twin.Strip, nb*32, wc, ac, rng)
						}
					}
				}
			})
		})
	}
}

func checkGroup(t *testing.T, typ quant.Type, k simd.Kernel, grp simd.Group,
	gemv func([]float32, []byte, []byte, int, int), panel func([]float32, int, []byte, []byte, int, int),
	n int, wc weightCase, ac actCase, rng *rand.Rand) {
	const R, T = simd.GroupRows, simd.PanelTokens
	wRow := n / 32 * typ.BlockBytes()
	aRow := n / 32 * k.ActBlockBytes
	wStride := wRow + rng.IntN(3)*7
	w := make([]byte, (R-1)*wStride+wRow)
	for r := range R {
		copy(w[r*wStride:], weightRow(t, typ, n, wc, rng))
	}
	g := make([]byte, R*wRow+1)[1:] // unaligned
	grp.Repack(g, w, wStride, n)
	back := make([]byte, len(g))
	copy(back, g)
	a := make([]byte, T*aRow)
	for tok := range T {
		ac.fill(k, a[tok*aRow:][:aRow], n, rng)
	}
	where := func(s string, args ...any) string {
		return fmt.Sprintf("%s, %s acts, n=%d: %s", wc.name, ac.name, n, fmt.Sprintf(s, args...))
	}
	// Gemv of every token.
	v := make([]byte, n/32*grp.VecBlockBytes+1)[1:]
	gemvs := make([][]float32, T)
	for tok := range T {
		at := a[tok*aRow:][:aRow]
		grp.PackVec(v, at, n)
		got, want := make([]float32, R+1), make([]float32, R)
		got[R] = guardNaN
		grp.Gemv(got[:R], g, v, 1, n)
		gemv(want, g, v, 1, n)
		if math.Float32bits(got[R]) != math.Float32bits(guardNaN) {
			t.Errorf("%s", where("Gemv wrote past dst"))
		}
		for r := range R {
			if math.Float32bits(got[r]) != math.Float32bits(want[r]) {
				t.Errorf("%s", where("Gemv token %d row %d = %g, twin %g", tok, r, got[r], want[r]))
			}
			ref, mag := referenceDot(t, typ, k, w[r*wStride:][:wRow], at, n)
			if !(math.Abs(float64(got[r])-ref) <= 1e-5*mag) {
				t.Errorf("%s", where("Gemv token %d row %d = %g, want %g (magnitude %g)", tok, r, got[r], ref, mag))
			}
		}
		gemvs[tok] = got[:R]
	}
	checkGemvGroups(t, grp, w, wStride, a[:aRow], gemvs[0], n, where)
	if !slices.Equal(g, back) {
		t.Fatalf("%s", where("a kernel wrote to the group"))
	}
	// Panel of every shape of tokens.
	p := make([]byte, 2*n/32*simd.PanelQ8_0BlockBytes)
	for _, tokens := range []int{1, 5, 16, 17, 32} {
		simd.PackQ8_0(p, a, aRow, tokens, n)
		stride := R + rng.IntN(3)
		got := make([]float32, (tokens-1)*stride+R+3)
		for i := range got {
			got[i] = guardNaN
		}
		want := make([]float32, len(got))
		copy(want, got)
		grp.Panel(got, stride, g, p, tokens, n)
		panel(want, stride, g, p, tokens, n)
		for i := range got {
			tok, r := i/stride, i%stride
			if math.Float32bits(got[i]) != math.Float32bits(want[i]) {
				t.Errorf("%s", where("Panel of %d tokens: dst[%d] = %g, twin %g", tokens, i, got[i], want[i]))
				continue
			}
			if r < R && tok < tokens && math.Float32bits(got[i]) != math.Float32bits(gemvs[tok][r]) {
				t.Errorf("%s", where("Panel of %d tokens: token %d row %d = %g, Gemv %g", tokens, tok, r, got[i], gemvs[tok][r]))
			}
		}
	}
}

// checkStrip checks grp.Strip (the AMX kernels where they run) on two
// copies of one group of random rows against its twin and against Gemv,
// for strips of 1 to StripTokens tokens.
func checkStrip(t *testing.T, typ quant.Type, k simd.Kernel, grp simd.Group, twin simd.StripFunc,
	n int, wc weightCase, ac actCase, rng *rand.Rand) {
	const R, T = simd.GroupRows, simd.StripTokens
	wRow := n / 32 * typ.BlockBytes()
	aRow := n / 32 * k.ActBlockBytes
	w := make([]byte, R*wRow)
	for r := range R {
		copy(w[r*wRow:], weightRow(t, typ, n, wc, rng))
	}
	size := R * wRow
	g := make([]byte, 2*size+1)[1:] // unaligned, two groups
	grp.Repack(g, w, wRow, n)
	copy(g[size:], g[:size])
	aStride := aRow + rng.IntN(3)
	a := make([]byte, (T-1)*aStride+aRow)
	for tok := range T {
		ac.fill(k, a[tok*aStride:][:aRow], n, rng)
	}
	v := make([]byte, n/32*grp.VecBlockBytes)
	gemvs := make([][]float32, T)
	for tok := range T {
		grp.PackVec(v, a[tok*aStride:][:aRow], n)
		gemvs[tok] = make([]float32, R)
		grp.Gemv(gemvs[tok], g, v, 1, n)
	}
	s := make([]byte, n/32*grp.StripBlockBytes+1)[1:]
	for _, tokens := range []int{1, 7, T} {
		grp.PackStrip(s, a, aStride, tokens, n)
		stride := 2*R + rng.IntN(3)
		got := make([]float32, (tokens-1)*stride+2*R+3)
		for i := range got {
			got[i] = guardNaN
		}
		want := make([]float32, len(got))
		copy(want, got)
		grp.Strip(got, stride, g, 2, s, tokens, n)
		twin(want, stride, g, 2, s, tokens, n)
		for i := range got {
			tok, c := i/stride, i%stride
			if math.Float32bits(got[i]) != math.Float32bits(want[i]) {
				t.Errorf("%s, %s acts, n=%d: Strip of %d tokens: dst[%d] = %g, twin %g", wc.name, ac.name, n, tokens, i, got[i], want[i])
				continue
			}
			if c < 2*R && tok < tokens && math.Float32bits(got[i]) != math.Float32bits(gemvs[tok][c%R]) {
				t.Errorf("%s, %s acts, n=%d: Strip of %d tokens: token %d row %d = %g, Gemv %g", wc.name, ac.name, n, tokens, tok, c, got[i], gemvs[tok][c%R])
			}
		}
	}
}

// A Strip given too little memory panics before its kernel reads or
// writes past a slice.
func TestStripChecksLengths(t *testing.T) {
	const n = 64
	grp, _ := simd.GroupsOf(uint32(quant.Q8_0))
	g := make([]byte, simd.GroupRows*n/32*quant.Q8_0.BlockBytes())
	s := make([]byte, n/32*grp.StripBlockBytes)
	dst := make([]float32, 2*simd.GroupRows)
	for name, call := range map[string]func(){
		"short group": func() { grp.Strip(dst, simd.GroupRows, g[1:], 1, s, 2, n) },
		"short strip": func() { grp.Strip(dst, simd.GroupRows, g, 1, s[1:], 2, n) },
		"short dst":   func() { grp.Strip(dst[1:], simd.GroupRows, g, 1, s, 2, n) },
		"17 tokens": func() {
			grp.Strip(make([]float32, 17*simd.GroupRows), simd.GroupRows, g, 1, make([]byte, len(s)), 17, n)
		},
		"odd n": func() { grp.Strip(dst, simd.GroupRows, g, 1, s, 2, n-1) },
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: no panic", name)
				}
			}()
			call()
		}()
	}
	grp.Strip(dst, simd.GroupRows, g, 1, s, 2, n) // the lengths it needs: no panic
}

// checkGemvGroups checks Gemv on several groups in one call (eight at a
// time and one by one on the AVX-512 path): groups 0 to 10, group i the
// rows of w rotated by i, must give the one-group Gemv's bits gemv of the
// activations a, rotated.
func checkGemvGroups(t *testing.T, grp simd.Group, w []byte, wStride int, a []byte, gemv []float32, n int, where func(string, ...any) string) {
	const R, groups = simd.GroupRows, 11
	wRow := len(w) - (R-1)*wStride
	size := R * wRow
	g := make([]byte, groups*size+1)[1:]
	rot := make([]byte, R*wRow)
	for i := range groups {
		for r := range R {
			copy(rot[r*wRow:(r+1)*wRow], w[(r+i)%R*wStride:][:wRow])
		}
		grp.Repack(g[i*size:(i+1)*size], rot, wRow, n)
	}
	v := make([]byte, n/32*grp.VecBlockBytes)
	grp.PackVec(v, a, n)
	for _, m := range []int{groups, 8, 3} {
		got := make([]float32, m*R+1)
		got[m*R] = guardNaN
		grp.Gemv(got[:m*R], g[:m*size], v, m, n)
		if math.Float32bits(got[m*R]) != math.Float32bits(guardNaN) {
			t.Errorf("%s", where("Gemv of %d groups wrote past dst", m))
		}
		for i := range m {
			for r := range R {
				if x, want := got[i*R+r], gemv[(r+i)%R]; math.Float32bits(x) != math.Float32bits(want) {
					t.Errorf("%s", where("Gemv of %d groups: group %d row %d = %g, one group's %g", m, i, r, x, want))
				}
			}
		}
	}
}
