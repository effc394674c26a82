// Command lamina runs, inspects and converts GGUF language models on the CPU.
//
//	lamina run [-m MODEL] -p PROMPT      generate text
//	lamina info [FILE]                   describe a model
//	lamina quantize [--pure] IN OUT TYPE
//	lamina tokenize [-m MODEL] TEXT
//	lamina logits [-m MODEL] --tokens 1,2,3
//	lamina lora merge|convert …          merge LoRA adapters, convert PEFT adapters
//	lamina bench [-m MODEL] [-p 512] [-n 128]  measure tokens/s
//	lamina synth --preset llama-3.2-1b --type Q4_0 --out m.gguf
//
// Every command that takes -m falls back to the embedded stories260K model.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
)

// command is one subcommand: it parses its own flags from args and writes
// its output to stdout (errors and progress go to stderr).
type command struct {
	summary string
	run     func(args []string, stdout, stderr io.Writer) error
}

// commands is the subcommand table.
var commands = map[string]command{
	"bench":    {"measure prompt processing and generation speed, like llama-bench", runBench},
	"info":     {"describe a GGUF file: architecture, sizes, tensor types", runInfo},
	"quantize": {"rewrite a model with its weights in another type", runQuantize},
	"run":      {"generate text from a prompt", runRun},
	"synth":    {"write a random-weight model with a real model's shape", runSynth},
	"logits":   {"write the logits of a token sequence (conformance tool)", runLogits},
	"lora":     {"merge LoRA adapters into a model, convert PEFT adapters to GGUF", runLora},
	"tokenize": {"print the tokens of a text", runTokenize},
}

func main() {
	os.Exit(lamina(os.Args[1:], os.Stdout, os.Stderr))
}

// lamina runs the command line args and returns the process exit code.
func lamina(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		usage(stderr)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	cmd, ok := commands[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "lamina: unknown command %q\n\n", args[0])
		usage(stderr)
		return 2
	}
	if err := cmd.run(args[1:], stdout, stderr); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		fmt.Fprintf(stderr, "lamina %s: %v\n", args[0], err)
		return 1
	}
	return 0
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "usage: lamina COMMAND [flags] [args]\n\ncommands:")
	names := make([]string, 0, len(commands))
	for name := range commands {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		fmt.Fprintf(w, "  %-10s %s\n", name, commands[name].summary)
	}
	fmt.Fprintln(w, "\nRun 'lamina COMMAND -h' for a command's flags.")
}

// newFlags returns a flag set for a subcommand that reports errors instead
// of exiting and prints its usage to stderr.
func newFlags(name, usageLine string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: lamina %s %s\n", name, usageLine)
		fs.PrintDefaults()
	}
	return fs
}

// parseArgs parses flags that may come before, between or after the
// positional arguments (as llama.cpp's tools accept them) and returns the
// positional arguments. Everything after "--" is positional.
func parseArgs(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		rest := args
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		if n := len(rest) - len(args); n > 0 && rest[n-1] == "--" {
			return append(pos, args...), nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}
