package plan

import (
	"github.com/paulmach/orb"
)

// MapData is what the plan's maps draw besides the places in the plan:
// the force area and the constituency outlines, simplified for drawing,
// and the attribution their licence asks for. It is not part of
// plan.json: the outlines are inputs, not plan.
type MapData struct {
	// Area is the force area's outline (longitude, latitude); nil when
	// force.area is not given.
	Area     orb.MultiPolygon
	AreaName string
	// Constituencies are the outlines of the plan's constituencies found
	// in force.constituency_boundaries, by code.
	Constituencies map[string]orb.MultiPolygon
	// Attribution is the source statement of each boundary file.
	Attribution []string
}

// mapToleranceKm is how far a simplified outline may stray from the
// input: about a millimetre on a beat's small route map, less on the
// overview, up to a few millimetres on a map of one city constituency;
// generalised outlines are no closer to the ground than that anyway. It
// cuts a generalised force area's vertices by about half.
const mapToleranceKm = 0.1

func (b *builder) maps() {
	g := &b.in.Geography
	m := MapData{Attribution: g.Attribution}
	if g.HasArea() {
		m.Area = g.Area.Simplified(mapToleranceKm)
		m.AreaName = g.Area.Name
	}
	if len(g.Constituencies) > 0 {
		m.Constituencies = make(map[string]orb.MultiPolygon, len(g.Constituencies))
		for code, a := range g.Constituencies {
			m.Constituencies[code] = a.Simplified(mapToleranceKm)
		}
	}
	b.p.Map = m
}
