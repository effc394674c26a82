// bpe-oracle: llama.cpp's pre-tokenizer and BPE tokenizer as a batch
// oracle for bpe-gen.py. Built against the prebuilt libllama that
// ../../../shared/tools/llref/setup.sh fetches (no llama.cpp source needed).
//
//   bpe-oracle split REGEXFILE   REGEXFILE: regexes separated by NUL bytes
//   bpe-oracle tokenize MODEL    MODEL: a GGUF vocabulary
//
// stdin: texts, each a little-endian u32 length and the bytes.
// stdout, per text: split: u32 count, then each word as u32 length and
// bytes (llama.cpp's unicode_regex_split without the byte alphabet);
// tokenize: u32 count and the i32 tokens (llama_tokenize, no special
// tokens added or parsed).
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

// From libllama (C++ ABI of src/unicode.h and the C API of llama.h).
std::vector<std::string> unicode_regex_split(const std::string & text, const std::vector<std::string> & regex_exprs,
                                             bool byte_encode);
extern "C" {
struct llama_model;
struct llama_vocab;
struct model_params {  // llama_model_params, 80 bytes
    void *devices;
    const void *buft_overrides;
    int32_t n_gpu_layers, split_mode, load_mode, lazy_mode, main_gpu;
    const float *tensor_split;
    void *progress_cb, *progress_cb_ud;
    const void *kv_overrides;
    bool vocab_only, check_tensors, use_extra_bufts, no_host, no_alloc, load_mtp;
};
void llama_backend_init(void);
void llama_log_set(void (*cb)(int, const char *, void *), void *ud);
model_params llama_model_default_params(void);
llama_model *llama_model_load_from_file(const char *path, model_params p);
const llama_vocab *llama_model_get_vocab(const llama_model *m);
int32_t llama_tokenize(const llama_vocab *v, const char *text, int32_t len, int32_t *toks, int32_t n_max,
                       bool add_special, bool parse_special);
}

static bool read_text(std::string & text) {
    uint32_t n;
    if (fread(&n, 4, 1, stdin) != 1) {
        return false;
    }
    text.assign(n, '\0');
    return n == 0 || fread(&text[0], 1, n, stdin) == n;
}

static void put32(uint32_t v) { fwrite(&v, 4, 1, stdout); }

static int split(const char * path) {
    std::ifstream f(path, std::ios::binary);
    std::stringstream ss;
    ss << f.rdbuf();
    std::vector<std::string> exprs;
    std::string rx = ss.str(), text;
    for (size_t s = 0; s <= rx.size();) {
        size_t e = rx.find('\0', s);
        e = e == std::string::npos ? rx.size() : e;
        exprs.push_back(rx.substr(s, e - s));
        s = e + 1;
    }
    while (read_text(text)) {
        auto words = unicode_regex_split(text, exprs, false);
        put32(words.size());
        for (auto & w : words) {
            put32(w.size());
            fwrite(w.data(), 1, w.size(), stdout);
        }
    }
    return 0;
}

static void quiet(int, const char *, void *) {}

static int tokenize(const char * path) {
    llama_log_set(quiet, nullptr);
    llama_backend_init();
    model_params mp = llama_model_default_params();
    mp.vocab_only = true;
    llama_model * m = llama_model_load_from_file(path, mp);
    if (!m) {
        fprintf(stderr, "cannot load %s\n", path);
        return 1;
    }
    const llama_vocab * v = llama_model_get_vocab(m);
    std::string text;
    while (read_text(text)) {
        std::vector<int32_t> toks(text.size() * 4 + 16);
        int32_t n = llama_tokenize(v, text.data(), text.size(), toks.data(), toks.size(), false, false);
        if (n < 0) {
            fprintf(stderr, "tokenize failed\n");
            return 1;
        }
        put32(n);
        fwrite(toks.data(), 4, n, stdout);
    }
    return 0;
}

int main(int argc, char ** argv) {
    if (argc == 3 && std::string(argv[1]) == "split") {
        return split(argv[2]);
    }
    if (argc == 3 && std::string(argv[1]) == "tokenize") {
        return tokenize(argv[2]);
    }
    fprintf(stderr, "usage: bpe-oracle split REGEXFILE | tokenize MODEL\n");
    return 2;
}
