package tokenizer_test

import (
	"fmt"
	"log"

	"github.com/laminalabs/lamina/model/embedded"
	"github.com/laminalabs/lamina/tokenizer"
)

// newEmbedded returns the tokenizer of the embedded stories260K model.
func newEmbedded() *tokenizer.Tokenizer {
	f, err := embedded.Open()
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close()
	tok, err := tokenizer.New(f)
	if err != nil {
		log.Fatal(err)
	}
	return tok
}

func Example() {
	tok := newEmbedded()
	ids := tok.Encode("Once upon a time, there was a little girl.", true, false)
	fmt.Println(ids)
	fmt.Printf("%q\n", tok.Piece(ids[1]))
	fmt.Println(tok.Decode(ids[1:]))
	// Output:
	// [1 403 407 261 378 432 383 286 261 376 298 315 421 426]
	// " Once"
	// Once upon a time, there was a little girl.
}

func ExampleDecoder() {
	tok := newEmbedded()
	d := tok.NewDecoder(false)
	for _, id := range []int32{317, 394, 261, 370, 400, 428, tok.EOS()} {
		fmt.Printf("%q ", d.Write(id))
		if tok.IsEOG(id) {
			break
		}
	}
	fmt.Printf("%q\n", d.Flush())
	// Output: " Lily" " saw" " a" " big" " do" "g" "" ""
}
