package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"unicode/utf8"

	"github.com/laminalabs/lamina/tokenizer"
)

// runTokenize prints the tokens of a text as llama.cpp's llama-tokenize
// does: one "id -> 'piece'" line per token, or only the ids, or JSON.
func runTokenize(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("tokenize", "[-m MODEL] [--no-bos] [--special] [--ids|--json] [--file FILE | TEXT]", stderr)
	model := fs.String("m", "", "model `file` (default: the embedded stories260K)")
	noBOS := fs.Bool("no-bos", false, "do not add the BOS/EOS tokens the model asks for")
	special := fs.Bool("special", false, "turn special-token text such as <|eot_id|> into those tokens")
	idsOnly := fs.Bool("ids", false, "print only the ids, on one line")
	asJSON := fs.Bool("json", false, `print {"ids":[…],"pieces":[…]}`)
	file := fs.String("file", "", "read the text from `file`, byte for byte")
	pos, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	text, err := tokenizeInput(pos, *file)
	if err != nil {
		return err
	}
	if *idsOnly && *asJSON {
		return errors.New("--ids and --json exclude each other")
	}
	f, err := openGGUF(*model)
	if err != nil {
		return err
	}
	defer f.Close()
	tok, err := tokenizer.New(f)
	if err != nil {
		return err
	}
	ids := tok.Encode(text, !*noBOS, *special)
	switch {
	case *idsOnly:
		return printIDs(stdout, ids)
	case *asJSON:
		return printTokensJSON(stdout, tok, ids)
	}
	return printPieces(stdout, tok, ids)
}

// tokenizeInput returns the text to tokenize: the one positional argument,
// or the exact bytes of file.
func tokenizeInput(pos []string, file string) (string, error) {
	switch {
	case file != "" && len(pos) > 0:
		return "", errors.New("give either TEXT or --file, not both")
	case file != "":
		b, err := os.ReadFile(file)
		return string(b), err
	case len(pos) != 1:
		return "", fmt.Errorf("want one TEXT argument (quote it), got %d", len(pos))
	}
	return pos[0], nil
}

// printIDs prints the ids on one line, separated by spaces.
func printIDs(w io.Writer, ids []int32) error {
	s := make([]string, len(ids))
	for i, id := range ids {
		s[i] = fmt.Sprint(id)
	}
	_, err := fmt.Fprintln(w, strings.Join(s, " "))
	return err
}

// printTokensJSON prints {"ids":[…],"pieces":[…]}; bytes of pieces that
// are not valid UTF-8 become U+FFFD.
func printTokensJSON(w io.Writer, tok *tokenizer.Tokenizer, ids []int32) error {
	out := struct {
		IDs    []int32  `json:"ids"`
		Pieces []string `json:"pieces"`
	}{IDs: ids, Pieces: make([]string, len(ids))}
	if out.IDs == nil {
		out.IDs = []int32{}
	}
	for i, id := range ids {
		out.Pieces[i] = strings.ToValidUTF8(tok.Piece(id), "\uFFFD")
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return enc.Encode(out)
}

// printPieces prints one "id -> 'piece'" line per token; a piece that is
// not valid UTF-8 (a lone byte token) is shown as hex, as llama-tokenize
// does on consoles.
func printPieces(w io.Writer, tok *tokenizer.Tokenizer, ids []int32) error {
	for _, id := range ids {
		p := tok.Piece(id)
		var err error
		if utf8.ValidString(p) {
			_, err = fmt.Fprintf(w, "%6d -> '%s'\n", id, p)
		} else {
			_, err = fmt.Fprintf(w, "%6d -> '<% x>' (UTF-8 decode failure)\n", id, p)
		}
		if err != nil {
			return err
		}
	}
	return nil
}
