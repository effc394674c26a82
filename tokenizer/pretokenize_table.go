package tokenizer

import "slices"

// preTokenizer is what a tokenizer.ggml.pre value selects in llama.cpp.
type preTokenizer struct {
	names     []string   // the tokenizer.ggml.pre values that select it
	splitters []splitter // applied in turn, each to the pieces of the last
	whole     wholeWords
	// spm marks SentencePiece-style BPE (Gemma 4): spaces are written
	// "▁", words stay plain UTF-8 instead of GPT-2's byte alphabet, and
	// bytes without a token become "<0xNN>" tokens.
	spm bool
}

// wholeWords says which words llama.cpp emits as one token, without
// merging, when the vocabulary has them (its ignore_merges).
type wholeWords uint8

const (
	wholeNever    wholeWords = iota
	wholeAlways              // ignore_merges
	wholeNewlines            // words made of "\n" only (Gemma 4)
)

// asciiPuncts are the ASCII punctuation and symbol characters.
var asciiPuncts = span('!', '/') + span(':', '@') + span('[', '`') + span('{', '~')

// Character classes of the regexes, spelled as in llama.cpp.
var (
	cSpace     = cat(bitSpace)                                            // \s
	cLetter    = cat(bitLetter)                                           // \p{L}
	cNumber    = cat(bitNumber)                                           // \p{N}
	cLetMark   = cat(bitLetter | bitMark)                                 // [\p{L}\p{M}]
	cPuncSym   = cat(bitPunct | bitSymbol)                                // [\p{P}\p{S}]
	cNewline   = chars("\r\n")                                            // [\r\n]
	cSP        = chars(" ")                                               // ' '
	cDigit     = chars(span('0', '9'))                                    // [0-9]
	cASCIIWord = chars(span('A', 'Z') + span('a', 'z'))                   // [A-Za-z]
	cASCIIPunc = chars(asciiPuncts)                                       // [!-/:-@\[-`{-~]
	cLead      = cat(bitLetter | bitNumber).plus("\r\n").not()            // [^\r\n\p{L}\p{N}]
	cOther     = cat(bitSpace | bitLetter | bitNumber).not()              // [^\s\p{L}\p{N}]
	cNotNL     = chars("\n").not()                                        // [^\n]
	cHanKana   = charClass{}.with(bitHan | bitKana)                       // [一-龥぀-ゟ゠-ヿ]
	cHanWide   = charClass{}.with(bitHan | bitWide)                       // [一-龥ࠀ-一가-퟿]
	cUpper     = cLetter.minus(span('a', 'z'))                            // (?=[\p{L}])([^a-z])
	cLower     = cLetter.minus(span('A', 'Z'))                            // (?=[\p{L}])([^A-Z])
	cUpperMark = cLetMark.minus(span('a', 'z'))                           // (?=[\p{L}\p{M}])([^a-z])
	cLowerMark = cLetMark.minus(span('A', 'Z'))                           // (?=[\p{L}\p{M}])([^A-Z])
	cLeadPS    = cat(bitLetter | bitPunct | bitSymbol).plus("\r\n").not() // [^\r\n\p{L}\p{P}\p{S}]
)

// Patterns shared by several regexes.
var (
	contractions     = pattern{contraction(false)}                               // 's|'t|'re|'ve|'m|'ll|'d
	contractionsFold = pattern{contraction(true)}                                // (?i:'s|…) as [sS] …
	spaceLetters     = pattern{opt(cSP), plus(cLetter)}                          //  ?\p{L}+
	spaceNumbers     = pattern{opt(cSP), plus(cNumber)}                          //  ?\p{N}+
	spaceOthers      = pattern{opt(cSP), plus(cOther)}                           //  ?[^\s\p{L}\p{N}]+
	othersNewlines   = pattern{opt(cSP), plus(cOther), star(cNewline)}           //  ?[^\s\p{L}\p{N}]+[\r\n]*
	othersSlashes    = pattern{opt(cSP), plus(cOther), star(cNewline.plus("/"))} //  ?[^\s\p{L}\p{N}]+[\r\n/]*
	leadLetters      = pattern{opt(cLead), plus(cLetter)}                        // [^\r\n\p{L}\p{N}]?\p{L}+
	newlines         = pattern{star(cSpace), plus(cNewline)}                     // \s*[\r\n]+
	trailingSpaces   = pattern{plus(cSpace), ahead(cSpace)}                      // \s+(?!\S)
	spaces           = pattern{plus(cSpace)}                                     // \s+
	digit            = pattern{one(cNumber)}                                     // \p{N}
	digits3          = pattern{rep(cNumber, 1, 3)}                               // \p{N}{1,3}
	numbers          = pattern{plus(cNumber)}                                    // \p{N}+
	hanKana          = pattern{plus(cHanKana)}                                   // [一-龥぀-ゟ゠-ヿ]+
	// GPT-2's regex, with the final \s+ that llama.cpp's hand-written
	// version of it adds (it matches what the regex leaves between matches).
	gpt2 = regex{contractions, spaceLetters, spaceNumbers, spaceOthers, trailingSpaces, spaces}
	// Llama 3's regex; Qwen 2's and others differ in a few patterns.
	llama3    = regex{contractionsFold, leadLetters, digits3, othersNewlines, newlines, trailingSpaces, spaces}
	qwen2     = regex{contractionsFold, leadLetters, digit, othersNewlines, newlines, trailingSpaces, spaces}
	lines     = regex{{plus(cNotNL)}, {plus(chars("\n"))}}                             // [^\n]+|[\n]+
	bloom     = regex{{opt(cSP), plus(cat(bitSpace | bitStop).plus("(|.,!?)").not())}} //  ?[^(\s|.,!?…。，、।۔،)]+
	deepseek3 = regex{
		{one(cASCIIPunc), plus(cASCIIWord)}, {opt(cLeadPS), plus(cLetMark)},
		{opt(cSP), plus(cPuncSym), star(cNewline)}, newlines, trailingSpaces, spaces,
	}
)

// casedWords returns GPT-4o's regex with upper and lower as its case
// classes: [^\r\n\p{L}\p{N}]?U*L+C?|[^\r\n\p{L}\p{N}]?U+L*C?|\p{N}{1,3}|…
// where C, an optional contraction, is left out without contractions.
func casedWords(upper, lower charClass, contractions bool, num pattern) regex {
	lowerFirst := pattern{opt(cLead), star(upper), plus(lower)}
	upperFirst := pattern{opt(cLead), plus(upper), star(lower)}
	if contractions {
		lowerFirst = append(lowerFirst, maybe(contraction(true)))
		upperFirst = append(upperFirst, maybe(contraction(true)))
	}
	return regex{lowerFirst, upperFirst, num, othersSlashes, newlines, trailingSpaces, spaces}
}

// jais2Spaces is Jais 2's whitespace cascade: \s{512}(?!\S)|…|\s{4}(?!\S)|\s{1,2}(?!\S)|\s{1}.
func jais2Spaces() []pattern {
	var ps []pattern
	for n := 512; n >= 4; n /= 2 {
		ps = append(ps, pattern{rep(cSpace, n, n), ahead(cSpace)})
	}
	return append(ps, pattern{rep(cSpace, 1, 2), ahead(cSpace)}, pattern{one(cSpace)})
}

// preTokenizers are llama.cpp's pre-tokenizers, each with the
// tokenizer.ggml.pre values that select it (src/llama-vocab.cpp).
var preTokenizers = []preTokenizer{
	{names: []string{"default"}, splitters: []splitter{
		regex{{plus(cat(bitPunct).plus("$+<=>^~|"))}}, gpt2, regex{numbers}, regex{{rep(cDigit, 3, 3)}},
	}},
	{names: []string{"llama3", "llama-v3", "llama-bpe", "falcon3", "falcon-h1", "pixtral", "midm-2.0", "lfm2",
		"jina-v5-nano"}, splitters: []splitter{llama3}, whole: wholeAlways},
	{names: []string{"dbrx", "smaug-bpe", "glm4", "chatglm-bpe"}, splitters: []splitter{llama3}},
	{names: []string{"deepseek-llm"}, splitters: []splitter{
		regex{{one(cNewline)}},
		regex{{opt(cSpace), plus(cASCIIWord.with(bitCased))}},
		regex{{opt(cSpace), plus(chars(span('!', '/') + span(':', '~')).with(bitFullPunct))}},
		regex{{plus(cSpace), end()}},
		regex{{plus(cHanWide)}},
		regex{numbers},
	}},
	{names: []string{"deepseek-coder"}, splitters: []splitter{
		regex{{one(cNewline)}}, regex{{opt(cSpace), plus(cLetter)}}, regex{{opt(cSpace), plus(cat(bitPunct))}},
		regex{{plus(cHanWide)}}, regex{digit},
	}},
	{names: []string{"deepseek-v3", "hunyuan-dense", "joyai-llm", "hy_v4"},
		splitters: []splitter{regex{digits3}, regex{hanKana}, deepseek3}},
	{names: []string{"spark2_5"}, splitters: []splitter{regex{digits3}, regex{hanKana},
		regex{deepseek3[0], deepseek3[1], {opt(cSP), plus(cPuncSym)}, {one(cNewline)}, trailingSpaces, spaces},
		regex{digit},
	}},
	{names: []string{"falcon"}, splitters: []splitter{
		regex{{plus(cat(bitPunct).plus("$+<=>^~|`"))}}, gpt2, regex{{rep(cDigit, 3, 3)}},
	}},
	{names: []string{"starcoder", "refact", "command-r", "smollm", "codeshell", "exaone", "minerva-7b", "mellum2"},
		splitters: []splitter{regex{digit}, gpt2}},
	{names: []string{"gpt-2", "phi-2", "jina-es", "jina-de", "gigachat", "jina-v2-es", "jina-v2-de", "a.x-4.0",
		"mellum", "modern-bert", "jina-v1-en", "jina-v2-code", "roberta-bpe", "mpt", "olmo", "jais", "trillion",
		"granite-docling", "exaone4"}, splitters: []splitter{gpt2}},
	{names: []string{"qwen2", "deepseek-r1-qwen", "kormo", "f2llmv2", "megrez", "stablelm2", "hunyuan",
		"solar-open", "grok-2"}, splitters: []splitter{qwen2}},
	{names: []string{"qwen35"}, splitters: []splitter{regex{
		contractionsFold, {opt(cLead), plus(cLetMark)}, digit,
		{opt(cSP), plus(cat(bitSpace | bitLetter | bitMark | bitNumber).not()), star(cNewline)},
		newlines, trailingSpaces, spaces,
	}}},
	{names: []string{"poro-chat", "bloom", "gpt3-finnish"}, splitters: []splitter{bloom}},
	{names: []string{"viking"}, splitters: []splitter{bloom, regex{digit}}},
	{names: []string{"tekken"}, splitters: []splitter{casedWords(cUpper, cLower, false, digit)}, whole: wholeAlways},
	{names: []string{"chameleon"}, splitters: []splitter{
		regex{append(append(literal("<sentinel:"), plus(cDigit)), literal(">")...)},
		regex{append(append(literal("IMGIMG"), rep(chars(span('A', 'I')), 1, 4)), literal("Z")...)},
		regex{{one(chars("\t\n"))}, {rep(cSP, 4, 4)}, {rep(cSP, 2, 2)}},
		regex{digit},
		regex{{one(cat(bitPunct).plus(asciiPuncts))}},
		gpt2,
	}},
	{names: []string{"gpt-4o", "llama4", "kanana2", "talkie", "minimax-m2"},
		splitters: []splitter{casedWords(cUpper, cLower, true, digits3)}},
	{names: []string{"granite-embed-multi-97m"},
		splitters: []splitter{casedWords(cUpperMark, cLowerMark, true, digits3)}, whole: wholeAlways},
	// Tiny Aya and Youtu spell the case classes \p{Lu}… and \p{Ll}…, which
	// llama.cpp reads as any letter: [\p{L}\p{M}] both.
	{names: []string{"tiny_aya", "cohere2moe"},
		splitters: []splitter{numberGroups{}, casedWords(cLetMark, cLetMark, true, digits3)}},
	{names: []string{"youtu"}, splitters: []splitter{
		regex{{plus(charClass{}.with(bitHangul))}, {plus(charClass{}.with(bitCJKPunct))},
			{plus(charClass{}.with(bitBopomofo))}, hanKana},
		casedWords(cLetMark, cLetMark, true, digit),
	}, whole: wholeAlways},
	{names: []string{"afmoe"}, splitters: []splitter{numberGroups{}, regex{{plus(charClass{}.with(bitAsian))}}, deepseek3}},
	{names: []string{"bailingmoe", "bailingmoe2", "llada-moe"}, splitters: []splitter{
		// \s*[\r\n] ends where \s*[\r\n]+ does: after the last newline of the run.
		regex{contractionsFold, leadLetters, digit, othersNewlines, newlines, trailingSpaces, spaces},
	}},
	{names: []string{"seed-coder"}, splitters: []splitter{
		regex{contractionsFold, leadLetters, digit, spaceOthers, newlines, trailingSpaces, spaces},
	}},
	{names: []string{"ufakzeka"}, splitters: []splitter{qwen2[1:]}},
	{names: []string{"laguna"}, splitters: []splitter{lines, qwen2}},
	{names: []string{"minicpm5"}, splitters: []splitter{regex{digits3},
		regex{contractionsFold, leadLetters, numbers, othersNewlines, newlines, trailingSpaces, spaces},
	}, whole: wholeAlways},
	{names: []string{"jais-2"}, splitters: []splitter{
		append(regex{contractionsFold, leadLetters, digits3, othersNewlines, newlines}, jais2Spaces()...),
	}},
	{names: []string{"gemma4", "granite-embed-multi-311m"}, splitters: []splitter{lines}, whole: wholeNewlines, spm: true},
	{names: []string{"sarvam-moe"}, splitters: []splitter{lines}, spm: true},
}

// lookupPre returns the pre-tokenizer of a tokenizer.ggml.pre value.
func lookupPre(name string) (*preTokenizer, bool) {
	if name == "" {
		name = "default"
	}
	for i := range preTokenizers {
		if slices.Contains(preTokenizers[i].names, name) {
			return &preTokenizers[i], true
		}
	}
	return nil, false
}
