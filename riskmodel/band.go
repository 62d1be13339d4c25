package riskmodel

// Band is a band of the 1–25 score.
type Band string

// The bands, least risk first.
const (
	Low      Band = "low"
	Medium   Band = "medium"
	High     Band = "high"
	VeryHigh Band = "very-high"
)

// Bands lists the bands, least risk first.
var Bands = []Band{Low, Medium, High, VeryHigh}

// Rank is the band's position: 0 for low up to 3 for very-high, -1 for an
// unknown band.
func (b Band) Rank() int {
	for i, x := range Bands {
		if x == b {
			return i
		}
	}
	return -1
}

// Step moves the band by delta steps, staying within low..very-high.
func (b Band) Step(delta int) Band {
	r := min(max(b.Rank()+delta, 0), len(Bands)-1)
	return Bands[r]
}

// AtLeast reports whether b is o or above.
func (b Band) AtLeast(o Band) bool { return b.Rank() >= o.Rank() }

// RAG is the red/amber/green rating of a polling station in band b: low is
// green, medium amber, high and very-high red.
func (b Band) RAG() string {
	switch b {
	case Low:
		return "green"
	case Medium:
		return "amber"
	}
	return "red"
}

// Tier is a candidate's risk tier, following their residual band.
type Tier string

// The tiers, least risk first.
const (
	Standard     Tier = "standard"
	Enhanced     Tier = "enhanced"
	TierHigh     Tier = "high"
	TierVeryHigh Tier = "very-high"
)

// Tiers lists the tiers, least risk first.
var Tiers = []Tier{Standard, Enhanced, TierHigh, TierVeryHigh}

// Rank is the tier's position: 0 for standard up to 3 for very-high, -1
// for none.
func (t Tier) Rank() int {
	for i, x := range Tiers {
		if x == t {
			return i
		}
	}
	return -1
}

// BandOf returns the band of a score 1–25.
func (m *Model) BandOf(score int) Band {
	for _, b := range m.Bands {
		if score >= b.Min && score <= b.Max {
			return b.Name
		}
	}
	if score < 1 {
		return Low
	}
	return VeryHigh
}

// BandDef returns the definition of band b.
func (m *Model) BandDef(b Band) BandDef {
	for _, d := range m.Bands {
		if d.Name == b {
			return d
		}
	}
	return BandDef{Name: b}
}

// TierOf returns the tier for a band.
func (m *Model) TierOf(b Band) TierDef {
	for _, t := range m.Tiers {
		if t.Band == b {
			return t
		}
	}
	return TierDef{Band: b, Tier: Standard}
}
