package tokenizer

import (
	"math/rand/v2"
	"os"
	"strings"
	"testing"
)

// benchParagraphs are the pieces of the benchmark text: prose in several
// scripts, code, numbers and emoji.
var benchParagraphs = []string{
	"The old lighthouse keeper climbed the spiral stairs every evening at dusk, counting the 117 steps " +
		"out of habit. He trimmed the wick, polished the great lens, and watched the ships' lanterns drift " +
		"past the reef like slow, patient fireflies.",
	"Im Herbst färben sich die Wälder rund um den See in leuchtendes Gold und Rot. Früh am Morgen liegt " +
		"Nebel über dem Wasser, und nur das Rufen der Kraniche durchbricht die Stille.",
	"Le marché du samedi s'installe dès l'aube sur la place de l'église : fromages affinés, pains encore " +
		"tièdes, cerises de Céret et bouquets de lavande. « Goûtez donc ! » lance la marchande.",
	"¿Dónde está la estación de tren? Preguntó la viajera, mientras el sol de mediodía caía a plomo " +
		"sobre las calles empedradas de la vieja ciudad andaluza.",
	"Москва встретила нас мокрым снегом и огнями вечерних проспектов. Мы долго шли пешком, разговаривая " +
		"о книгах, о музыке и о том, что будет через десять лет.",
	"Η θάλασσα ήταν ήρεμη και το φως του φεγγαριού έπεφτε πάνω στα κύματα. Οι ψαράδες ετοίμαζαν τα " +
		"δίχτυα τους για το πρωινό ψάρεμα.",
	"春天来了，公园里的桃花和樱花都开了。孩子们在草地上放风筝，老人们坐在长椅上聊天，一切都显得那么安静而美好。",
	"東京の朝は早い。通勤電車は人でいっぱいだが、駅のホームには静かな秩序がある。コーヒーを片手に、新聞を読む人も多い。",
	"서울의 가을 하늘은 높고 맑다. 우리는 한강 공원을 따라 자전거를 타며 오후를 보냈고, 저녁에는 작은 식당에서 김치찌개를 먹었다.",
	"كانت المدينة القديمة تعج بالحياة، والباعة ينادون على بضائعهم من التوابل والأقمشة الملونة، بينما تتصاعد رائحة القهوة من المقاهي الصغيرة.",
	"पहाड़ों के बीच बसा यह छोटा सा गाँव अपनी हरियाली और शांत वातावरण के लिए जाना जाता है। सुबह-सुबह मंदिर की घंटियाँ गूँजती हैं।",
	"func (s *Server) handle(w http.ResponseWriter, r *http.Request) {\n\tif r.Method != http.MethodGet {\n" +
		"\t\thttp.Error(w, \"method not allowed\", 405)\n\t\treturn\n\t}\n\tfmt.Fprintf(w, \"ok %d\\n\", s.count.Add(1))\n}",
	"def fibonacci(n: int) -> list[int]:\n    seq = [0, 1]\n    while len(seq) < n:\n        seq.append(seq[-1] + seq[-2])\n" +
		"    return seq[:n]  # e.g. fibonacci(10)",
	`{"id": 48213, "price": 19.99, "tags": ["red", "xl"], "stock": {"warehouse_3": 1204, "store_17": 8}, "updated": "2024-03-18T09:41:07Z"}`,
	"Launch day 🚀🎉! Thanks everyone 🙏 — see you at the meetup 🍕☕ (doors open 18:30, room B-204).",
}

// benchText returns about n bytes of the paragraphs in a fixed random order.
func benchText(n int) string {
	r := rand.New(rand.NewPCG(1, 2))
	var b strings.Builder
	for b.Len() < n {
		b.WriteString(benchParagraphs[r.IntN(len(benchParagraphs))])
		b.WriteString("\n\n")
	}
	return b.String()
}

// TestWriteBenchText writes the benchmark text to $LAMINA_BENCH_TEXT, so
// that llama.cpp can be timed on the same bytes.
func TestWriteBenchText(t *testing.T) {
	path := os.Getenv("LAMINA_BENCH_TEXT")
	if path == "" {
		t.Skip("set LAMINA_BENCH_TEXT=FILE to write the benchmark text")
	}
	if err := os.WriteFile(path, []byte(benchText(1<<20)), 0o644); err != nil {
		t.Fatal(err)
	}
}

// BenchmarkEncode measures encoding throughput (MB/s) on 1 MiB of mixed
// text, without special tokens, for each kind of vocabulary.
func BenchmarkEncode(b *testing.B) {
	text := benchText(1 << 20)
	for _, name := range []string{
		"ggml-vocab-llama-spm.gguf", "ggml-vocab-llama-bpe.gguf", "ggml-vocab-bert-bge.gguf",
	} {
		b.Run(strings.TrimSuffix(strings.TrimPrefix(name, "ggml-vocab-"), ".gguf"), func(b *testing.B) {
			tok := openVocab(b, name)
			b.SetBytes(int64(len(text)))
			for b.Loop() {
				tok.Encode(text, false, false)
			}
		})
	}
}

// BenchmarkNew measures building a tokenizer from parsed metadata.
func BenchmarkNew(b *testing.B) {
	f, ok := vocabFile(b, "ggml-vocab-llama-spm.gguf")
	if !ok {
		b.Skip("ggml-vocab-llama-spm.gguf not found")
	}
	for b.Loop() {
		if _, err := New(f); err != nil {
			b.Fatal(err)
		}
	}
}
