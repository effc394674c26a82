package tokenizer

import (
	"strings"
	"testing"
)

// BenchmarkBPEEncode measures byte-level BPE throughput (MB/s) on 1 MiB
// of mixed text (benchText: prose in several scripts, code, numbers,
// emoji) for vocabularies whose pre-tokenizers take different paths:
// Llama 3 (with its whole-word shortcut), Qwen 2, GPT-2 and DeepSeek LLM
// (six regexes in turn).
func BenchmarkBPEEncode(b *testing.B) {
	text := benchText(1 << 20)
	for _, name := range []string{
		"ggml-vocab-llama-bpe.gguf", "ggml-vocab-qwen2.gguf", "ggml-vocab-gpt-2.gguf", "ggml-vocab-deepseek-llm.gguf",
	} {
		b.Run(strings.TrimSuffix(strings.TrimPrefix(name, "ggml-vocab-"), ".gguf"), func(b *testing.B) {
			m := openBPE(b, name)
			b.SetBytes(int64(len(text)))
			for b.Loop() {
				m.encode(text, nil)
			}
		})
	}
}

// BenchmarkNewBPE measures building the Llama 3 model (280147 merges).
func BenchmarkNewBPE(b *testing.B) {
	f, ok := vocabFile(b, "ggml-vocab-llama-bpe.gguf")
	if !ok {
		b.Skip("ggml-vocab-llama-bpe.gguf not found")
	}
	v, err := loadVocab(f)
	if err != nil {
		b.Fatal(err)
	}
	merges, err := f.Strings(keyMerges)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := newBPE(v, merges, "llama-bpe"); err != nil {
			b.Fatal(err)
		}
	}
}
