// Package tokenizer converts between text and token ids as llama.cpp does,
// from the tokenizer.* metadata of a GGUF file alone (vocabulary-only
// files work).
//
// The models llama.cpp names in tokenizer.ggml.model are supported:
//
//   - "llama": SentencePiece BPE driven by token scores, with "▁" for
//     spaces, a space prefix and byte fallback (Llama 1/2, Mistral, Phi-3,
//     TinyLlama, stories260K);
//   - "gpt2": byte-level BPE driven by merges, with the pre-tokenizer named
//     in tokenizer.ggml.pre (Llama 3, Qwen, GPT-2, Falcon, StarCoder,
//     DeepSeek …);
//   - "bert": WordPiece (BERT and BGE embedding models);
//   - "t5": SentencePiece unigram with its precompiled normalization map.
//
// Special tokens follow llama.cpp: control tokens in the text are only
// recognized when Encode is asked to parse them, user-defined tokens
// always are, and the lstrip/rstrip rules llama.cpp applies to some models
// are honoured. BOS/EOS are added as the metadata (or llama.cpp's default
// for the model) says. IsEOG reports the end-of-generation set llama.cpp
// builds (EOS, EOT, EOM, "<|im_end|>", "<|endoftext|>" …).
//
// Typical use:
//
//	f, err := gguf.Open(path)
//	…
//	tok, err := tokenizer.New(f)
//	ids := tok.Encode("Hello world", true, false) // BOS + text
//	text := tok.Decode(ids)
//
// For generation, a Decoder (NewDecoder) turns tokens into text one at a
// time without ever splitting a UTF-8 character.
package tokenizer
