// Package embedded carries the default model compiled into the binary: the
// real 260K-parameter stories260K llama model trained on TinyStories by
// Andrej Karpathy (MIT licence; see testdata/PROVENANCE.md). Commands that
// take -m fall back to it, so Lamina works on a fresh machine with no
// download.
package embedded

import (
	_ "embed"

	"github.com/laminalabs/lamina/model/gguf"
)

// Name is the name the embedded model goes by in messages.
const Name = "stories260K.gguf (embedded)"

//go:embed stories260K.gguf
var data []byte

// Bytes returns the embedded GGUF file. It must not be modified.
func Bytes() []byte { return data }

// Open parses the embedded model; its tensor data are views of the binary's
// read-only data.
func Open() (*gguf.File, error) { return gguf.Parse(Name, data) }
