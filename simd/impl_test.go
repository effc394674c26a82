package simd_test

import (
	"path"
	"slices"
	"strings"
	"testing"

	"github.com/laminalabs/lamina/simd"
)

// runner is *testing.T or *testing.B.
type runner[T any] interface {
	testing.TB
	Run(name string, f func(T)) bool
}

// forEachImpl runs f once per implementation of the kernels, as a subtest
// named after it in lower case ("generic"), with the exported kernels
// switched to it; implementations this CPU cannot run are skipped.
func forEachImpl[T runner[T]](tb T, f func(T)) {
	for _, name := range simd.ImplNames() {
		tb.Run(strings.ToLower(name), func(tb T) {
			restore, ok := simd.SelectImpl(name)
			tb.Cleanup(restore)
			if !ok {
				tb.Skipf("%s kernels: not supported by this CPU", name)
			}
			f(tb)
		})
	}
}

func TestPath(t *testing.T) {
	got := simd.Path()
	if simd.Purego {
		if got != "purego" {
			t.Errorf("Path() = %q in a purego build", got)
		}
		return
	}
	var names []string
	for _, name := range simd.ImplNames() {
		names = append(names, strings.ToLower(name))
	}
	if !slices.Contains(names, strings.TrimSuffix(got, "+amx")) {
		t.Errorf("Path() = %q, want one of %q", got, names)
	}
}

func TestPathFollowsSelection(t *testing.T) {
	if simd.Purego {
		t.Skip("a purego build always reports purego")
	}
	forEachImpl(t, func(t *testing.T) {
		if got, want := strings.TrimSuffix(simd.Path(), "+amx"), path.Base(t.Name()); got != want {
			t.Errorf("Path() = %q with %s selected", got, want)
		}
	})
}
