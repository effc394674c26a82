package model

import (
	"io"

	"github.com/schollz/progressbar/v3"
)

// newLoadBar returns a progress bar over n steps written to w (nil: none).
func newLoadBar(w io.Writer, n int) *progressbar.ProgressBar {
	if w == nil {
		w = io.Discard
	}
	return progressbar.NewOptions(n, progressbar.OptionSetWriter(w), progressbar.OptionSetDescription("loading"),
		progressbar.OptionShowCount(), progressbar.OptionClearOnFinish(), progressbar.OptionThrottle(100_000_000))
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
