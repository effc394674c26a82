package model

import (
	"os"
	"path/filepath"
	"runtime"
)

// DefaultThreads returns the number of physical cores (llama.cpp's
// default thread count): hyper-threads share a core's vector units, so
// more threads than cores only add contention. Where the topology cannot
// be read it returns the number of logical CPUs.
func DefaultThreads() int {
	siblings, _ := filepath.Glob("/sys/devices/system/cpu/cpu[0-9]*/topology/thread_siblings_list")
	cores := map[string]bool{}
	for _, path := range siblings {
		if b, err := os.ReadFile(path); err == nil {
			cores[string(b)] = true
		}
	}
	if n := len(cores); n > 0 && n <= runtime.NumCPU() {
		return n
	}
	return runtime.NumCPU()
}
