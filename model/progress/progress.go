// Package progress draws the progress bars of Lamina's long jobs (loading,
// quantizing, merging, synthesizing models), all in one style.
package progress

import (
	"io"

	"github.com/schollz/progressbar/v3"
)

// New returns a bar over total units of work, labelled what, drawn on w at
// most ten times a second and cleared when finished; a nil w draws nothing.
func New(w io.Writer, total int64, what string) *progressbar.ProgressBar {
	if w == nil {
		w = io.Discard
	}
	return progressbar.NewOptions64(total, progressbar.OptionSetWriter(w), progressbar.OptionSetDescription(what),
		progressbar.OptionShowCount(), progressbar.OptionClearOnFinish(), progressbar.OptionThrottle(100_000_000))
}
