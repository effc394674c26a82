package sample

import (
	"math"
	"strings"
	"testing"
)

func TestDefaultParamsAreLlamaCpps(t *testing.T) {
	// common_params_sampling in llama.cpp's common/common.h.
	want := Params{
		Temperature: 0.8, DynaTempRange: 0, DynaTempExponent: 1,
		TopK: 40, TopP: 0.95, MinP: 0.05, TypicalP: 1, TopNSigma: -1,
		XTCProbability: 0, XTCThreshold: 0.1, MinKeep: 0,
		RepeatLastN: 64, RepeatPenalty: 1, FrequencyPenalty: 0, PresencePenalty: 0,
		Seed: RandomSeed,
	}
	if got := DefaultParams(); got != want {
		t.Fatalf("DefaultParams() = %+v, want %+v", got, want)
	}
	if err := want.Validate(); err != nil {
		t.Fatal(err)
	}
}

func TestValidate(t *testing.T) {
	nan := float32(math.NaN())
	for _, tc := range []struct {
		name string
		edit func(*Params)
	}{
		{"Temperature", func(p *Params) { p.Temperature = nan }},
		{"TopNSigma", func(p *Params) { p.TopNSigma = float32(math.Inf(1)) }},
		{"FrequencyPenalty", func(p *Params) { p.FrequencyPenalty = nan }},
		{"TopP", func(p *Params) { p.TopP = 1.5 }},
		{"MinP", func(p *Params) { p.MinP = -0.1 }},
		{"TypicalP", func(p *Params) { p.TypicalP = 2 }},
		{"XTCProbability", func(p *Params) { p.XTCProbability = -1 }},
		{"XTCThreshold", func(p *Params) { p.XTCThreshold = 1.1 }},
		{"RepeatPenalty", func(p *Params) { p.RepeatPenalty = 0 }},
		{"DynaTempRange", func(p *Params) { p.DynaTempRange = -1 }},
		{"DynaTempExponent", func(p *Params) { p.DynaTempExponent = -1 }},
		{"RepeatLastN", func(p *Params) { p.RepeatLastN = -1 }},
		{"MinKeep", func(p *Params) { p.MinKeep = -1 }},
	} {
		p := DefaultParams()
		tc.edit(&p)
		err := p.Validate()
		if err == nil || !strings.Contains(err.Error(), tc.name) {
			t.Errorf("bad %s: error %v", tc.name, err)
		}
		if _, err := New(p, 10); err == nil {
			t.Errorf("New accepted a bad %s", tc.name)
		}
	}
}

func TestValidateAcceptsEdges(t *testing.T) {
	p := DefaultParams()
	p.Temperature, p.TopK, p.TopP, p.MinP, p.TypicalP = -1, -1, 0, 1, 0
	p.FrequencyPenalty, p.PresencePenalty, p.RepeatLastN = -2, -2, 0
	if err := p.Validate(); err != nil {
		t.Fatal(err)
	}
}
