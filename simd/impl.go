package simd

import "strings"

// implementation is one set of kernels: the pure-Go twins, or an assembly
// path that a CPU feature turns on.
type implementation struct {
	name string
	// available reports whether this CPU and build can run it.
	available bool
	// enabled is the flag the exported kernels read to pick this path; nil
	// for the twins, which run when every flag is off.
	enabled *bool
}

// implementations lists every path, most capable first; the twins come
// last and are always available. An architecture file adds its assembly
// paths in front from its init function (impl_amd64.go, impl_arm64.go).
var implementations = []implementation{
	{name: "Generic", available: true},
}

// Path returns the name of the kernels in use: "purego" when built with
// the purego tag, otherwise the most capable enabled implementation in
// lower case ("generic" when only the pure-Go twins are available), with
// "+amx" where the AMX kernels run too.
func Path() string {
	if purego {
		return "purego"
	}
	for _, im := range implementations {
		if im.enabled == nil || *im.enabled {
			name := strings.ToLower(im.name)
			if amxOn() {
				name += "+amx"
			}
			return name
		}
	}
	return "generic"
}
