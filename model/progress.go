package model

import (
	"io"

	"github.com/schollz/progressbar/v3"

	"github.com/laminalabs/lamina/model/progress"
)

// newLoadBar returns a progress bar over n steps written to w (nil: none).
func newLoadBar(w io.Writer, n int) *progressbar.ProgressBar {
	return progress.New(w, int64(n), "loading")
}

// prefault reads one byte of every page of b, so the file's pages are in
// memory before the first token (as llama.cpp's MAP_POPULATE does) and the
// load progress bar measures real work.
func prefault(b []byte) (sum byte) {
	for i := 0; i < len(b); i += 4096 {
		sum += b[i]
	}
	return sum
}
