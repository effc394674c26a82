package model_test

import (
	"context"
	"fmt"
	"strings"

	"github.com/laminalabs/lamina/model"
	"github.com/laminalabs/lamina/model/embedded"
)

// Load a model, generate greedily with a callback per token, then ask a
// follow-up in the same session.
func Example() {
	f, err := embedded.Open() // or model.Open("path/to/model.gguf")
	if err != nil {
		panic(err)
	}
	m, err := model.Load(f, model.WithThreads(2))
	if err != nil {
		panic(err)
	}
	defer m.Close()

	s, err := m.NewSession(model.WithContext(256))
	if err != nil {
		panic(err)
	}
	opts := model.DefaultGenerateOptions()
	opts.Sampling.Temperature = 0 // greedy
	opts.MaxTokens = 12

	var story strings.Builder
	ctx := context.Background() // cancel it to stop generation early
	if _, err := s.Generate(ctx, "Once upon a time", opts, func(t model.Token) bool {
		story.WriteString(t.Text)
		return true // false stops generation
	}); err != nil {
		panic(err)
	}
	fmt.Println(story.String())

	// The session keeps its KV cache: a follow-up continues the story.
	story.Reset()
	opts.MaxTokens = 6
	if _, err := s.Generate(ctx, " The end. Tom", opts, func(t model.Token) bool {
		story.WriteString(t.Text)
		return true
	}); err != nil {
		panic(err)
	}
	fmt.Println(len(s.Tokens()) > 20, m.Tokenizer.NumTokens())
	// Output:
	// , there was a little girl named Lily. She
	// true 512
}
