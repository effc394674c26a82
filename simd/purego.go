//go:build purego

package simd

// purego reports whether the build forces the pure-Go twins.
const purego = true
