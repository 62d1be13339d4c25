package plan_test

import (
	"fmt"
	"testing"

	"github.com/electplan/electplan/plan"
	"github.com/electplan/electplan/plan/synth"
	"github.com/electplan/electplan/riskmodel"
)

// Sizes run from an eighth of the country to the whole of it, so the
// figures show how time grows with the input (it should be linear).
var sizes = []struct {
	name   string
	factor float64
}{{"eighth", 0.125}, {"quarter", 0.25}, {"half", 0.5}, {"whole-country", 1}}

func BenchmarkScore(b *testing.B) {
	m, asOf := riskmodel.National(), plan.NewDate(2029, 4, 20)
	for _, s := range sizes {
		in := synth.Generate(synth.WholeCountry(1).Scaled(s.factor))
		b.Run(fmt.Sprintf("%s/%d-stations", s.name, len(in.PollingStations)), func(b *testing.B) {
			for b.Loop() {
				plan.Score(in, m, asOf)
			}
		})
	}
}

func BenchmarkBuildPlan(b *testing.B) {
	m, asOf := riskmodel.National(), plan.NewDate(2029, 4, 20)
	for _, s := range sizes {
		in := synth.Generate(synth.WholeCountry(1).Scaled(s.factor))
		b.Run(fmt.Sprintf("%s/%d-stations", s.name, len(in.PollingStations)), func(b *testing.B) {
			for b.Loop() {
				if _, err := plan.Build(in, m, asOf); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkLoad(b *testing.B) {
	for _, s := range []struct {
		name string
		o    synth.Options
	}{{"one-force", synth.OneForce(1)}, {"whole-country", synth.WholeCountry(1)}} {
		dir := b.TempDir()
		if err := synth.WriteFolder(dir, synth.Generate(s.o)); err != nil {
			b.Fatal(err)
		}
		b.Run(s.name, func(b *testing.B) {
			for b.Loop() {
				if _, err := plan.LoadDir(dir); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
