package sample

import (
	"fmt"
	"math"
)

// RandomSeed as Params.Seed asks for a fresh random seed at New and at
// every Reset, like llama.cpp's LLAMA_DEFAULT_SEED (-1 on its command line).
const RandomSeed uint64 = math.MaxUint64

// Params configures a Sampler. DefaultParams returns llama.cpp's defaults
// (common_params_sampling in common/common.h).
type Params struct {
	// Temperature divides the logits; <= 0 picks the highest logit.
	Temperature float32
	// DynaTempRange > 0 turns on dynamic temperature: the temperature
	// varies within Temperature ± DynaTempRange with the entropy of the
	// candidates.
	DynaTempRange float32
	// DynaTempExponent shapes the entropy-to-temperature curve.
	DynaTempExponent float32

	// TopK keeps the K most likely tokens (<= 0: no limit).
	TopK int
	// TopP keeps the most likely tokens whose probabilities add up to at
	// least TopP (1: off).
	TopP float32
	// MinP drops tokens less likely than MinP times the most likely one
	// (0: off).
	MinP float32
	// TypicalP keeps the locally typical tokens up to this probability
	// mass (1: off).
	TypicalP float32
	// TopNSigma keeps tokens whose logit is within TopNSigma standard
	// deviations of the highest (<= 0: off).
	TopNSigma float32
	// XTCProbability is the chance that XTC removes the most likely
	// tokens above XTCThreshold, all but the least likely of them (0: off).
	XTCProbability float32
	// XTCThreshold is the probability above which XTC removes tokens
	// (> 0.5: off).
	XTCThreshold float32
	// MinKeep is the least number of tokens top-p, min-p, typical-p and
	// XTC keep (0 and 1 both keep at least one).
	MinKeep int

	// RepeatLastN is how many of the last accepted tokens the penalties
	// look at (0: off).
	RepeatLastN int
	// RepeatPenalty divides positive logits and multiplies negative ones
	// of tokens seen in the window (1: off).
	RepeatPenalty float32
	// FrequencyPenalty is subtracted once per occurrence in the window.
	FrequencyPenalty float32
	// PresencePenalty is subtracted once from every token in the window.
	PresencePenalty float32

	// Seed seeds the random draws; RandomSeed picks one at random.
	Seed uint64
}

// DefaultParams returns llama.cpp's default sampling parameters
// (common_params_sampling): top-k 40, top-p 0.95, min-p 0.05, typical-p
// 1, temperature 0.8, no dynamic temperature, top-n-sigma off, XTC off
// (probability 0, threshold 0.1), min-keep 0, penalties over the last 64
// tokens with repeat 1, frequency 0 and presence 0, and a random seed.
func DefaultParams() Params {
	return Params{
		Temperature:      0.8,
		DynaTempRange:    0,
		DynaTempExponent: 1,
		TopK:             40,
		TopP:             0.95,
		MinP:             0.05,
		TypicalP:         1,
		TopNSigma:        -1,
		XTCProbability:   0,
		XTCThreshold:     0.1,
		MinKeep:          0,
		RepeatLastN:      64,
		RepeatPenalty:    1,
		FrequencyPenalty: 0,
		PresencePenalty:  0,
		Seed:             RandomSeed,
	}
}

// namedValue is a parameter's name and value, for error messages.
type namedValue struct {
	name  string
	value float32
}

// Validate reports the first parameter out of its range.
func (p Params) Validate() error {
	for _, v := range p.floats() {
		if math.IsNaN(float64(v.value)) || math.IsInf(float64(v.value), 0) {
			return fmt.Errorf("sample: %s must be finite, got %g", v.name, v.value)
		}
	}
	for _, v := range p.fractions() {
		if v.value < 0 || v.value > 1 {
			return fmt.Errorf("sample: %s must be in [0, 1], got %g", v.name, v.value)
		}
	}
	switch {
	case p.RepeatPenalty <= 0:
		return fmt.Errorf("sample: RepeatPenalty must be > 0 (1 turns it off), got %g", p.RepeatPenalty)
	case p.DynaTempRange < 0:
		return fmt.Errorf("sample: DynaTempRange must be >= 0 (0 turns it off), got %g", p.DynaTempRange)
	case p.DynaTempExponent < 0:
		return fmt.Errorf("sample: DynaTempExponent must be >= 0, got %g", p.DynaTempExponent)
	case p.RepeatLastN < 0:
		return fmt.Errorf("sample: RepeatLastN must be >= 0 (0 turns penalties off), got %d", p.RepeatLastN)
	case p.MinKeep < 0:
		return fmt.Errorf("sample: MinKeep must be >= 0, got %d", p.MinKeep)
	}
	return nil
}

// floats lists every floating-point parameter.
func (p Params) floats() []namedValue {
	return append(p.fractions(),
		namedValue{"Temperature", p.Temperature},
		namedValue{"DynaTempRange", p.DynaTempRange},
		namedValue{"DynaTempExponent", p.DynaTempExponent},
		namedValue{"TopNSigma", p.TopNSigma},
		namedValue{"RepeatPenalty", p.RepeatPenalty},
		namedValue{"FrequencyPenalty", p.FrequencyPenalty},
		namedValue{"PresencePenalty", p.PresencePenalty},
	)
}

// fractions lists the parameters that are probabilities.
func (p Params) fractions() []namedValue {
	return []namedValue{
		{"TopP", p.TopP},
		{"MinP", p.MinP},
		{"TypicalP", p.TypicalP},
		{"XTCProbability", p.XTCProbability},
		{"XTCThreshold", p.XTCThreshold},
	}
}
