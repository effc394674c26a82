// Package sample chooses the next token from a model's logits the way
// llama.cpp's default sampler chain does (common/sampling.cpp,
// src/llama-sampling.cpp).
//
// A Sampler runs, in llama.cpp's order, over a list of candidate tokens:
//
//	penalties → top-n-sigma → top-k → typical-p → top-p → min-p → XTC →
//	temperature (optionally dynamic) → dist
//
// Each step is a plain function over the candidate list. Steps that are
// disabled by their parameter leave the list untouched, so the default
// Params (llama.cpp's common_params_sampling defaults) run penalties (a
// no-op at repeat penalty 1), top-k 40, top-p 0.95, min-p 0.05 and
// temperature 0.8 before drawing. A temperature <= 0 keeps only the
// highest logit (ties go to the lowest id), so the chain still applies
// penalties and the truncation steps before the greedy choice, as in
// llama.cpp. DRY and mirostat are not implemented.
//
// Like llama.cpp's llama-cli, the caller should Accept the prompt tokens
// before the first Sample so that the repetition penalties see them, and
// Accept every sampled token afterwards.
//
// The random draws come from math/rand/v2's PCG, so a fixed Seed repeats
// a generation exactly (llama.cpp's mt19937 stream is not reproduced; the
// probabilities each token is drawn from are).
package sample
