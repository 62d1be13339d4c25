package synth

import (
	"reflect"
	"testing"

	"github.com/electplan/electplan/plan"
)

// A generated folder, written as YAML, loads back valid with everything
// in it: the generator makes real inputs, not just structs.
func TestGeneratedFolderIsValid(t *testing.T) {
	o := OneForce(7).Scaled(0.1)
	in := Generate(o)
	dir := t.TempDir()
	if err := WriteFolder(dir, in); err != nil {
		t.Fatal(err)
	}
	back, err := plan.LoadDir(dir)
	if err != nil {
		t.Fatalf("generated folder is not valid:\n%v", err)
	}
	if len(back.PollingStations) != o.Constituencies*o.StationsPerSeat || len(back.Candidates) != len(in.Candidates) ||
		len(back.Events) != len(in.Events) || len(back.Counts) != len(in.Counts) {
		t.Errorf("round trip lost items: %d stations, %d candidates, %d events, %d counts",
			len(back.PollingStations), len(back.Candidates), len(back.Events), len(back.Counts))
	}
}

func TestGenerateIsDeterministic(t *testing.T) {
	a, b := Generate(OneForce(3).Scaled(0.05)), Generate(OneForce(3).Scaled(0.05))
	if !reflect.DeepEqual(a, b) {
		t.Error("the same options and seed gave different inputs")
	}
	if c := Generate(OneForce(4).Scaled(0.05)); reflect.DeepEqual(a.PollingStations, c.PollingStations) {
		t.Error("a different seed gave the same stations")
	}
}

func TestWholeCountrySize(t *testing.T) {
	in := Generate(WholeCountry(1))
	if n := len(in.PollingStations); n < 38000 || n > 42000 {
		t.Errorf("%d stations", n)
	}
	if n := len(in.Candidates); n < 4000 || n > 5000 {
		t.Errorf("%d candidates", n)
	}
	if n := len(in.Events); n < 3000 || n > 3500 {
		t.Errorf("%d events", n)
	}
}
