package riskmodel

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"pgregory.net/rapid"
)

func factorNames(a Assessment) []string {
	var out []string
	for _, f := range a.Factors {
		out = append(out, fmt.Sprintf("%s %+d (%s)", f.Factor, f.Points, f.Reason))
	}
	return out
}

func TestPlannedProtestWithCounterProtest(t *testing.T) {
	a := National().ScoreEvent(EventFactors{
		Protest: "planned", CounterProtest: true, ViolenceIndicated: true, Tension: "high",
		Topics: []string{"Asylum hotels", "local buses"}, OpenAccess: true, ExpectedAttendance: 600,
	})
	if a.Likelihood != 5 || a.Impact != 3 || a.Score != 15 || a.Band != High {
		t.Errorf("got L%d × I%d = %d (%s), want 5 × 3 = 15 (high)", a.Likelihood, a.Impact, a.Score, a.Band)
	}
	want := []string{
		"protest +3 (protest: planned)",
		"counter-protest +2 (counter-protest expected)",
		"violence-indicated +3 (intelligence indicates violence)",
		"tension +2 (community tension: high)",
		"high-tension-topics +1 (high-tension topics on the agenda: Asylum hotels)",
		"open-access +1 (public access: open)",
		"crowd +3 (expected attendance 600 (up to 1500))",
	}
	if got := factorNames(a); !slices.Equal(got, want) {
		t.Errorf("factors:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// The returning officer's rating alone decides a station's floor: amber is
// at least medium and red at least high (RISK-MODEL-V1).
func TestReturningOfficerRatingFloors(t *testing.T) {
	m := National()
	for rating, want := range map[string]Band{"green": Low, "amber": Medium, "red": High} {
		a := m.ScoreStation(StationFactors{RORating: rating})
		if a.Band != want {
			t.Errorf("RO %s: got %s (score %d), want %s", rating, a.Band, a.Score, want)
		}
	}
}

func TestCountImpactAndAttendingCandidates(t *testing.T) {
	a := National().ScoreCount(CountFactors{
		AttendingTier: TierVeryHigh, AttendingTierOf: "71234", ExpectedAttendance: 300, NationalMedia: true,
		NearestBase: &BaseDistance{Base: "Bala", Km: 22.5},
	})
	// L: very-high tier +3 → 2. I: crowd 2, count floor +1, prominent +1,
	// media +1, distance +1 = 6 → 5. 2 × 5 = 10: high.
	if a.Likelihood != 2 || a.Impact != 5 || a.Band != High || !slices.Contains(factorNames(a),
		"count +1 (a disrupted count delays the result: impact at least 3)") {
		t.Errorf("got L%d × I%d (%s):\n%s", a.Likelihood, a.Impact, a.Band, strings.Join(factorNames(a), "\n"))
	}
}

func TestCandidateResidualAndOverride(t *testing.T) {
	m := National()
	f := CandidateFactors{ThreatHistory: "threats", OnlineAbuse: "high", FixatedConcern: "low",
		Incumbency: "sitting-mp", Prominence: "national", HomeSecurity: true}
	ca := m.ScoreCandidate(f)
	if ca.Inherent.Score != 20 || ca.Inherent.Band != VeryHigh {
		t.Errorf("inherent: got %d (%s), want 20 (very-high)", ca.Inherent.Score, ca.Inherent.Band)
	}
	if ca.Residual.Likelihood != 3 || ca.Residual.Score != 15 || ca.Tier != TierHigh {
		t.Errorf("residual: got L%d score %d tier %s, want L3 15 high", ca.Residual.Likelihood, ca.Residual.Score, ca.Tier)
	}
	f.Override = &Override{Delta: -1, Rationale: "close protection arranged", DecidedBy: "Supt"}
	ca = m.ScoreCandidate(f)
	if ca.Band != Medium || ca.Tier != Enhanced || ca.Override == nil {
		t.Errorf("override: got band %s tier %s, want medium/enhanced with the override kept", ca.Band, ca.Tier)
	}
	if ca.Residual.Band != High {
		t.Errorf("the override must not rewrite the residual score's own band, got %s", ca.Residual.Band)
	}
}

func TestResidualNeverBelowOne(t *testing.T) {
	ca := National().ScoreCandidate(CandidateFactors{PersonalSecurity: []string{"close-protection"}, HomeSecurity: true})
	if ca.Residual.Likelihood != 1 {
		t.Errorf("residual likelihood %d, want 1", ca.Residual.Likelihood)
	}
}

// --- Monotonicity: raising any single input never lowers a score. ---

func pick(t *rapid.T, label string, values []string) string {
	return rapid.SampledFrom(values).Draw(t, label)
}

func raise(values []string, v string) (string, bool) {
	i := slices.Index(values, v)
	if i < 0 || i+1 >= len(values) {
		return v, false
	}
	return values[i+1], true
}

func ids(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("INC-%d", i)
	}
	return out
}

var tierNames = []string{"", "standard", "enhanced", "high", "very-high"}

func genEvent(t *rapid.T) EventFactors {
	f := EventFactors{
		Protest:            pick(t, "protest", orders["protest"]),
		CounterProtest:     rapid.Bool().Draw(t, "counter"),
		ViolenceIndicated:  rapid.Bool().Draw(t, "violence"),
		Tension:            pick(t, "tension", orders["tension"]),
		Livestreamed:       rapid.Bool().Draw(t, "live"),
		OpenAccess:         rapid.Bool().Draw(t, "open"),
		AttendingTier:      Tier(pick(t, "tier", tierNames)),
		AttendingTierOf:    "c1",
		Incidents:          ids(rapid.IntRange(0, 4).Draw(t, "incidents")),
		ExpectedAttendance: rapid.IntRange(0, 8000).Draw(t, "attendance"),
		Indoor:             rapid.Bool().Draw(t, "indoor"),
		Capacity:           rapid.IntRange(0, 8000).Draw(t, "capacity"),
	}
	if rapid.Bool().Draw(t, "has topic") {
		f.Topics = []string{"gaza"}
	}
	if rapid.Bool().Draw(t, "has base") {
		f.NearestBase = &BaseDistance{Base: "b", Km: rapid.Float64Range(0, 40).Draw(t, "km")}
	}
	if rapid.Bool().Draw(t, "concurrent") {
		f.ConcurrentWith = "x"
	}
	return f
}

// eventRaises returns every single-input raise of f.
func eventRaises(f EventFactors) map[string]EventFactors {
	out := map[string]EventFactors{}
	add := func(name string, g EventFactors) { out[name] = g }
	if v, ok := raise(orders["protest"], f.Protest); ok {
		g := f
		g.Protest = v
		add("protest", g)
	}
	if v, ok := raise(orders["tension"], f.Tension); ok {
		g := f
		g.Tension = v
		add("tension", g)
	}
	if v, ok := raise(tierNames, string(f.AttendingTier)); ok {
		g := f
		g.AttendingTier = Tier(v)
		add("tier", g)
	}
	for _, b := range []struct {
		name string
		set  func(*EventFactors)
	}{
		{"counter", func(g *EventFactors) { g.CounterProtest = true }},
		{"violence", func(g *EventFactors) { g.ViolenceIndicated = true }},
		{"live", func(g *EventFactors) { g.Livestreamed = true }},
		{"open", func(g *EventFactors) { g.OpenAccess = true }},
		{"topic", func(g *EventFactors) { g.Topics = append(slices.Clone(g.Topics), "asylum") }},
		{"incident", func(g *EventFactors) { g.Incidents = append(slices.Clone(g.Incidents), "INC-X") }},
		{"attendance", func(g *EventFactors) { g.ExpectedAttendance += 400 }},
		{"concurrent", func(g *EventFactors) { g.ConcurrentWith = "y" }},
		{"further from base", func(g *EventFactors) {
			if g.NearestBase != nil {
				d := *g.NearestBase
				d.Km += 10
				g.NearestBase = &d
			}
		}},
	} {
		g := f
		b.set(&g)
		add(b.name, g)
	}
	return out
}

func TestEventScoreIsMonotone(t *testing.T) {
	m := National()
	rapid.Check(t, func(t *rapid.T) {
		f := genEvent(t)
		base := m.ScoreEvent(f)
		for name, g := range eventRaises(f) {
			if got := m.ScoreEvent(g); got.Score < base.Score || got.Likelihood < base.Likelihood || got.Impact < base.Impact {
				t.Fatalf("raising %s lowered the score: %d → %d", name, base.Score, got.Score)
			}
		}
	})
}

func TestStationScoreIsMonotone(t *testing.T) {
	m := National()
	ratings := []string{"", "green", "amber", "red"}
	rapid.Check(t, func(t *rapid.T) {
		f := StationFactors{
			Incidents:             ids(rapid.IntRange(0, 4).Draw(t, "incidents")),
			IncidentsLastElection: rapid.IntRange(0, 5).Draw(t, "last"),
			RORating:              pick(t, "ro", ratings),
		}
		if rapid.Bool().Draw(t, "concurrent") {
			f.ConcurrentWith = "x"
		}
		base := m.ScoreStation(f).Score
		raises := []StationFactors{f, f, f, f}
		raises[0].Incidents = append(slices.Clone(f.Incidents), "INC-X")
		raises[1].IncidentsLastElection++
		raises[2].ConcurrentWith = "y"
		if v, ok := raise(ratings, f.RORating); ok {
			raises[3].RORating = v
		}
		for i, g := range raises {
			if got := m.ScoreStation(g).Score; got < base {
				t.Fatalf("raise %d lowered the score: %d → %d", i, base, got)
			}
		}
	})
}

func TestCountScoreIsMonotone(t *testing.T) {
	m := National()
	rapid.Check(t, func(t *rapid.T) {
		f := CountFactors{
			AttendingTier:      Tier(pick(t, "tier", tierNames)),
			ExpectedAttendance: rapid.IntRange(0, 3000).Draw(t, "attendance"),
			NationalMedia:      rapid.Bool().Draw(t, "media"),
			Indoor:             true,
			Capacity:           rapid.IntRange(0, 3000).Draw(t, "capacity"),
		}
		base := m.ScoreCount(f).Score
		raises := []CountFactors{f, f, f}
		if v, ok := raise(tierNames, string(f.AttendingTier)); ok {
			raises[0].AttendingTier = Tier(v)
		}
		raises[1].ExpectedAttendance += 200
		raises[2].NationalMedia = true
		for i, g := range raises {
			if got := m.ScoreCount(g).Score; got < base {
				t.Fatalf("raise %d lowered the score: %d → %d", i, base, got)
			}
		}
	})
}

func TestCandidateScoreIsMonotone(t *testing.T) {
	m := National()
	rapid.Check(t, func(t *rapid.T) {
		f := CandidateFactors{
			ThreatHistory:     pick(t, "threat", orders["threat_history"]),
			FixatedConcern:    pick(t, "fixated", orders["fixated_concern"]),
			OnlineAbuse:       pick(t, "abuse", orders["online_abuse"]),
			Incidents:         ids(rapid.IntRange(0, 4).Draw(t, "incidents")),
			Incumbency:        pick(t, "incumbency", orders["incumbency"]),
			Prominence:        pick(t, "prominence", orders["prominence"]),
			HomeAddressPublic: rapid.Bool().Draw(t, "public"),
			PublicEvents:      rapid.IntRange(0, 8).Draw(t, "events"),
			HomeSecurity:      rapid.Bool().Draw(t, "home security"),
		}
		base := m.ScoreCandidate(f)
		var raises []CandidateFactors
		for _, r := range []struct {
			order string
			field *string
		}{
			{"threat_history", &f.ThreatHistory}, {"fixated_concern", &f.FixatedConcern}, {"online_abuse", &f.OnlineAbuse},
			{"incumbency", &f.Incumbency}, {"prominence", &f.Prominence},
		} {
			if v, ok := raise(orders[r.order], *r.field); ok {
				old := *r.field
				*r.field = v
				raises = append(raises, f)
				*r.field = old
			}
		}
		g := f
		g.Incidents = append(slices.Clone(f.Incidents), "INC-X")
		raises = append(raises, g)
		g = f
		g.HomeAddressPublic = true
		raises = append(raises, g)
		g = f
		g.PublicEvents++
		raises = append(raises, g)
		for i, g := range raises {
			got := m.ScoreCandidate(g)
			if got.Inherent.Score < base.Inherent.Score || got.Residual.Score < base.Residual.Score || got.Tier.Rank() < base.Tier.Rank() {
				t.Fatalf("raise %d lowered a score: inherent %d → %d, residual %d → %d", i,
					base.Inherent.Score, got.Inherent.Score, base.Residual.Score, got.Residual.Score)
			}
		}
	})
}
