package pdf

import (
	"cmp"
	"fmt"
	"math"
	"slices"

	"codeberg.org/go-pdf/fpdf"
	"github.com/electplan/electplan/plan"
	"github.com/electplan/electplan/plan/geo"
	"github.com/electplan/electplan/riskmodel"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/clip"
	"github.com/paulmach/orb/planar"
)

// Maps are drawn as vector graphics on a flat projection about the map's
// centre (longitude scaled by the cosine of latitude): at county scale it
// is within a fraction of a percent of the national grid, north is up and
// one scale bar serves the whole map.

// kmPerDegreeLat is the length of a degree of latitude.
const kmPerDegreeLat = orb.EarthRadius * math.Pi / 180 / 1000

var (
	landFill    = rgb{236, 240, 245}
	focusFill   = rgb{255, 255, 255}
	areaStroke  = rgb{90, 100, 117}
	boundary    = rgb{154, 163, 176}
	nameInk     = rgb{80, 92, 110}
	routeStroke = rgb{0, 110, 200}
)

type markKind int

const (
	markStation markKind = iota
	markEvent
	markCount
	markBase
)

// mark is one place on a map.
type mark struct {
	kind  markKind
	at    orb.Point // longitude, latitude
	band  riskmodel.Band
	label string // drawn only when there is room; "" for none
	rank  int    // labels are placed in rank order, lowest first
}

// outline is a constituency (or other) outline with its name.
type outline struct {
	name  string
	shape orb.MultiPolygon
	focus bool // the constituency the map is about
}

// mapSpec is everything one map draws.
type mapSpec struct {
	view     orb.Bound // the region to show, longitude and latitude
	area     orb.MultiPolygon
	outlines []outline
	names    bool // write constituency names
	marks    []mark
	routes   []orb.LineString
	scale    float64 // mark size: 1 for overview maps, more for close-ups
}

// projection maps longitude and latitude into a box on the page.
type projection struct {
	lon0, lat0 float64 // the view's centre
	kx         float64 // cos(lat0)
	mmPerDeg   float64 // millimetres per degree of latitude
	cx, cy     float64 // the box's centre on the page
}

// fitView pads a view so small or empty regions still show a few
// kilometres around their places.
func fitView(b orb.Bound) orb.Bound {
	const minDeg = 0.03 // about 3 km
	c := b.Center()
	halfLat := max((b.Max[1]-b.Min[1])/2, minDeg)
	halfLon := max((b.Max[0]-b.Min[0])/2, minDeg/math.Cos(c[1]*math.Pi/180))
	return orb.Bound{Min: orb.Point{c[0] - halfLon, c[1] - halfLat}, Max: orb.Point{c[0] + halfLon, c[1] + halfLat}}
}

// aspect is the view's height over its width once projected.
func aspect(view orb.Bound) float64 {
	c := view.Center()
	w := (view.Max[0] - view.Min[0]) * math.Cos(c[1]*math.Pi/180)
	h := view.Max[1] - view.Min[1]
	if w <= 0 {
		return 1
	}
	return h / w
}

// mapHeight is the height a map of the view takes at width w, kept
// between lo and hi millimetres.
func mapHeight(view orb.Bound, w, lo, hi float64) float64 {
	return min(hi, max(lo, w*aspect(view)))
}

func newProjection(view orb.Bound, x, y, w, h float64) projection {
	c := view.Center()
	kx := math.Cos(c[1] * math.Pi / 180)
	wDeg := (view.Max[0] - view.Min[0]) * kx
	hDeg := view.Max[1] - view.Min[1]
	const fill = 0.92 // a margin inside the frame
	scale := math.Min(w*fill/wDeg, h*fill/hDeg)
	return projection{lon0: c[0], lat0: c[1], kx: kx, mmPerDeg: scale, cx: x + w/2, cy: y + h/2}
}

func (p projection) xy(pt orb.Point) (float64, float64) {
	return p.cx + (pt[0]-p.lon0)*p.kx*p.mmPerDeg, p.cy - (pt[1]-p.lat0)*p.mmPerDeg
}

// kmPerMM is the ground distance one millimetre of map covers.
func (p projection) kmPerMM() float64 { return kmPerDegreeLat / p.mmPerDeg }

// rect is a box on the page, for label placement.
type rect struct{ x0, y0, x1, y1 float64 }

func (a rect) overlaps(b rect) bool {
	return a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1
}

func (a rect) inside(b rect) bool {
	return a.x0 >= b.x0 && a.x1 <= b.x1 && a.y0 >= b.y0 && a.y1 <= b.y1
}

// drawMap draws the map in the box at (x, y) of size w × h and returns
// how many labels were left off because every place for them would have
// covered another.
func (pg *page) drawMap(s mapSpec, x, y, w, h float64) (omitted int) {
	f := pg.f
	pr := newProjection(s.view, x, y, w, h)
	frame := rect{x, y, x + w, y + h}
	if s.scale == 0 {
		s.scale = 1
	}

	f.SetLineJoinStyle("round")
	f.ClipRect(x, y, w, h, false)
	// Sea and neighbouring land are left white; the force area is tinted.
	if len(s.area) > 0 {
		pg.fill(landFill)
		pg.draw(areaStroke)
		f.SetLineWidth(0.35)
		pg.path(pr, clipTo(s.area, s.view), "B*")
	}
	for _, o := range s.outlines {
		if o.focus {
			pg.fill(focusFill)
			pg.draw(navy)
			f.SetLineWidth(0.6)
			pg.path(pr, o.shape, "B*")
		} else {
			pg.draw(boundary)
			f.SetLineWidth(0.2)
			pg.path(pr, o.shape, "S")
		}
	}
	for _, r := range s.routes {
		pg.draw(routeStroke)
		f.SetLineWidth(0.35)
		f.SetDashPattern([]float64{1.2, 0.8}, 0)
		for i, pt := range r {
			px, py := pr.xy(pt)
			if i == 0 {
				f.MoveTo(px, py)
			} else {
				f.LineTo(px, py)
			}
		}
		f.DrawPath("S")
		f.SetDashPattern(nil, 0)
	}

	// Lower bands first, so the marks that matter sit on top.
	marks := slices.Clone(s.marks)
	slices.SortStableFunc(marks, func(a, b mark) int {
		return cmp.Or(cmp.Compare(a.band.Rank(), b.band.Rank()), cmp.Compare(a.kind, b.kind))
	})
	pg.stationDots(pr, marks, s.scale)
	for _, m := range marks {
		if m.kind != markStation {
			px, py := pr.xy(m.at)
			pg.drawMark(m.kind, m.band, px, py, s.scale)
		}
	}
	// Furniture: north arrow, scale bar and constituency names; labels
	// keep clear of them.
	taken := []rect{pg.northArrow(x+w-9, y+3), pg.scaleBar(pr, x+3, y+h-3, min(32, w/4))}
	if s.names {
		taken = append(taken, pg.outlineNames(pr, s.outlines)...)
	}
	f.ClipEnd()
	// Ending the clip restores the font and colours the document had
	// before it, so the caches no longer say what is in force.
	pg.forgetState()
	pg.draw(rule)
	f.SetLineWidth(0.3)
	f.Rect(x, y, w, h, "D")
	return pg.placeLabels(pr, s.marks, s.scale, frame, taken)
}

// outlineNames writes each outline's name at its label point on a faint
// white ground, so it reads over the marks, and returns the space taken.
func (pg *page) outlineNames(pr projection, outlines []outline) []rect {
	f := pg.f
	var taken []rect
	pg.font("B", 6.5)
	for _, o := range outlines {
		lp, ok := labelPoint(o.shape)
		if !ok || o.name == "" {
			continue
		}
		px, py := pr.xy(lp)
		tw := f.GetStringWidth(o.name)
		box := rect{px - tw/2 - 0.6, py - 1.9, px + tw/2 + 0.6, py + 1.3}
		pg.fill(white)
		f.SetAlpha(0.6, "Normal")
		f.Rect(box.x0, box.y0, box.x1-box.x0, box.y1-box.y0, "F")
		f.SetAlpha(1, "Normal")
		pg.text(nameInk)
		pg.textAt(px-tw/2, py+0.6, o.name)
		taken = append(taken, box)
	}
	return taken
}

// clipTo cuts an outline to a little more than the view, so a map of one
// constituency does not carry every vertex of the whole force area.
func clipTo(mp orb.MultiPolygon, view orb.Bound) orb.MultiPolygon {
	if view.Contains(mp.Bound().Min) && view.Contains(mp.Bound().Max) {
		return mp
	}
	return clip.MultiPolygon(view.Pad(0.02*(view.Max[1]-view.Min[1])), mp.Clone())
}

// path adds a multipolygon's rings to the page as one path and paints it.
func (pg *page) path(pr projection, mp orb.MultiPolygon, style string) {
	f := pg.f
	n := 0
	for _, poly := range mp {
		for _, ring := range poly {
			if len(ring) < 3 {
				continue
			}
			for i, pt := range ring {
				px, py := pr.xy(pt)
				if i == 0 {
					f.MoveTo(px, py)
				} else {
					f.LineTo(px, py)
				}
			}
			f.ClosePath()
			n++
		}
	}
	if n > 0 {
		f.DrawPath(style)
	}
}

// stationDots draws the polling stations as dots, one path per colour:
// each dot is a zero-length line with round caps, which a PDF reader
// paints as a disc. Forty thousand stations then cost a few bytes each
// rather than four curves each. marks are in band order.
func (pg *page) stationDots(pr projection, marks []mark, scale float64) {
	f := pg.f
	f.SetLineCapStyle("round")
	const ringMM = 0.25 // the white ring that sets a dot off from its neighbours
	for _, pass := range []struct {
		ring bool
	}{{true}, {false}} {
		for i := 0; i < len(marks); {
			if marks[i].kind != markStation {
				i++
				continue
			}
			band := marks[i].band
			if pass.ring {
				pg.draw(white)
				f.SetLineWidth(2*0.75*scale + ringMM)
			} else {
				pg.draw(bandColours[band].fill)
				f.SetLineWidth(2 * 0.75 * scale)
			}
			for ; i < len(marks) && (marks[i].kind != markStation || marks[i].band == band); i++ {
				if marks[i].kind != markStation {
					continue
				}
				px, py := pr.xy(marks[i].at)
				f.MoveTo(px, py)
				f.LineTo(px, py)
			}
			f.DrawPath("S")
		}
	}
	f.SetLineCapStyle("butt")
}

// drawMark draws one symbol: a disc for a polling station, a triangle for
// an event, a square for a count, all in their band's colour, and a navy
// diamond for a base.
func (pg *page) drawMark(kind markKind, band riskmodel.Band, x, y, scale float64) {
	f := pg.f
	c := bandColours[band].fill
	switch kind {
	case markStation:
		pg.fill(c)
		pg.draw(white)
		f.SetLineWidth(0.12 * scale)
		f.Circle(x, y, 0.75*scale, "FD")
	case markEvent:
		r := 1.5 * scale
		pg.fill(c)
		pg.draw(ink)
		f.SetLineWidth(0.15 * scale)
		f.Polygon([]fpdf.PointType{{X: x, Y: y - r}, {X: x + r*0.87, Y: y + r/2}, {X: x - r*0.87, Y: y + r/2}}, "FD")
	case markCount:
		r := 1.25 * scale
		pg.fill(c)
		pg.draw(ink)
		f.SetLineWidth(0.25 * scale)
		f.Rect(x-r, y-r, 2*r, 2*r, "FD")
	case markBase:
		r := 1.4 * scale
		pg.fill(navy)
		pg.draw(white)
		f.SetLineWidth(0.2 * scale)
		f.Polygon([]fpdf.PointType{{X: x, Y: y - r}, {X: x + r, Y: y}, {X: x, Y: y + r}, {X: x - r, Y: y}}, "FD")
	}
}

// markBox is the space a drawn mark covers.
func markBox(kind markKind, x, y, scale float64) rect {
	r := map[markKind]float64{markStation: 0.75, markEvent: 1.5, markCount: 1.25, markBase: 1.4}[kind] * scale
	return rect{x - r, y - r, x + r, y + r}
}

// labelSize and labelPad are the labels' font size (points) and the
// white margin round their text (millimetres).
const labelSize, labelPad = 6.5, 0.5

// placeLabels writes the labels the marks carry where spotLabels finds
// room and returns how many found none.
func (pg *page) placeLabels(pr projection, marks []mark, scale float64, frame rect, taken []rect) (omitted int) {
	f := pg.f
	pg.font("B", labelSize)
	spots, omitted := spotLabels(pr, marks, scale, frame, taken, f.GetStringWidth)
	for _, sp := range spots {
		pg.fill(white)
		f.SetAlpha(0.85, "Normal")
		f.Rect(sp.box.x0, sp.box.y0, sp.box.x1-sp.box.x0, sp.box.y1-sp.box.y0, "F")
		f.SetAlpha(1, "Normal")
		pg.text(ink)
		pg.textAt(sp.box.x0+labelPad, sp.box.y1-labelPad-0.35, sp.text)
	}
	return omitted
}

// labelSpot is where one label goes.
type labelSpot struct {
	text string
	box  rect
}

// spotLabels places the labels of the marks that have one, in rank order,
// each at the first of eight places around its mark that stays inside the
// frame and covers no other label, no labelled mark and nothing already
// taken (the map's furniture). A label with no such place is left off and
// counted. width measures a label's text in millimetres.
func spotLabels(pr projection, marks []mark, scale float64, frame rect, taken []rect, width func(string) float64) (spots []labelSpot, omitted int) {
	var labelled []mark
	for _, m := range marks {
		if m.label != "" {
			labelled = append(labelled, m)
		}
	}
	slices.SortStableFunc(labelled, func(a, b mark) int { return cmp.Or(cmp.Compare(a.rank, b.rank), cmp.Compare(a.label, b.label)) })
	taken = slices.Clone(taken)
	for _, m := range labelled {
		px, py := pr.xy(m.at)
		taken = append(taken, markBox(m.kind, px, py, scale))
	}
	const th = labelSize * 0.3528 // points to millimetres
	const gap = 0.6
	for _, m := range labelled {
		px, py := pr.xy(m.at)
		box := markBox(m.kind, px, py, scale)
		tw := width(m.label) + 2*labelPad
		hh := th + 2*labelPad
		candidates := []rect{
			{box.x1 + gap, py - hh/2, box.x1 + gap + tw, py + hh/2}, // right
			{box.x0 - gap - tw, py - hh/2, box.x0 - gap, py + hh/2}, // left
			{px - tw/2, box.y0 - gap - hh, px + tw/2, box.y0 - gap}, // above
			{px - tw/2, box.y1 + gap, px + tw/2, box.y1 + gap + hh}, // below
			{box.x1, box.y0 - hh, box.x1 + tw, box.y0},              // above right
			{box.x0 - tw, box.y0 - hh, box.x0, box.y0},              // above left
			{box.x1, box.y1, box.x1 + tw, box.y1 + hh},              // below right
			{box.x0 - tw, box.y1, box.x0, box.y1 + hh},              // below left
		}
		i := slices.IndexFunc(candidates, func(c rect) bool { return c.inside(frame) && !slices.ContainsFunc(taken, c.overlaps) })
		if i < 0 {
			omitted++
			continue
		}
		spots = append(spots, labelSpot{text: m.label, box: candidates[i]})
		taken = append(taken, candidates[i])
	}
	return spots, omitted
}

// northArrow draws a north arrow with its top-left corner at (x, y) and
// returns the space it takes.
func (pg *page) northArrow(x, y float64) rect {
	f := pg.f
	const w, h = 6.0, 10.0
	pg.fill(white)
	f.SetAlpha(0.85, "Normal")
	f.Rect(x, y, w, h, "F")
	f.SetAlpha(1, "Normal")
	cx := x + w/2
	pg.fill(ink)
	pg.draw(ink)
	f.SetLineWidth(0.15)
	f.Polygon([]fpdf.PointType{{X: cx, Y: y + 1}, {X: cx + 1.6, Y: y + 6}, {X: cx, Y: y + 5}, {X: cx - 1.6, Y: y + 6}}, "FD")
	pg.font("B", 7)
	pg.text(ink)
	pg.textAt(cx-f.GetStringWidth("N")/2, y+h-0.8, "N")
	return rect{x, y, x + w, y + h}
}

// scaleBar draws a scale bar of a round length, at most maxMM long, with
// its bottom-left corner at (x, y) and returns the space it takes.
func (pg *page) scaleBar(pr projection, x, y, maxMM float64) rect {
	f := pg.f
	km := 0.0
	for _, step := range []float64{100, 50, 20, 10, 5, 2, 1, 0.5, 0.2, 0.1} {
		if step/pr.kmPerMM() <= maxMM {
			km = step
			break
		}
	}
	if km == 0 {
		km = 0.1
	}
	bar := km / pr.kmPerMM()
	label := fmt.Sprintf("%g km", km)
	pg.font("", 6.5)
	lw := f.GetStringWidth(label)
	box := rect{x, y - 7, x + bar + lw/2 + 4, y}
	pg.fill(white)
	f.SetAlpha(0.85, "Normal")
	f.Rect(box.x0, box.y0, box.x1-box.x0, box.y1-box.y0, "F")
	f.SetAlpha(1, "Normal")
	bx, by := x+1.5, y-3
	pg.draw(ink)
	f.SetLineWidth(0.15)
	pg.fill(ink)
	f.Rect(bx, by, bar/2, 1.2, "FD")
	pg.fill(white)
	f.Rect(bx+bar/2, by, bar/2, 1.2, "FD")
	pg.text(ink)
	// "0" over the left end, the length over the right, as on a printed map.
	pg.textAt(bx-0.6, by-0.8, "0")
	pg.textAt(bx+bar-lw/2, by-0.8, label)
	return box
}

// labelPoint is where a constituency's name goes: the middle of the
// widest span across its largest part at the height of that part's
// centroid, which is inside the outline even where the centroid is not.
func labelPoint(mp orb.MultiPolygon) (orb.Point, bool) {
	var best orb.Polygon
	bestArea := 0.0
	for _, p := range mp {
		if len(p) == 0 {
			continue
		}
		if a := math.Abs(planar.Area(p[0])); a > bestArea {
			best, bestArea = p, a
		}
	}
	if best == nil {
		return orb.Point{}, false
	}
	c, _ := planar.CentroidArea(best)
	y := c[1]
	var xs []float64
	for _, ring := range best {
		for i := 1; i < len(ring); i++ {
			a, b := ring[i-1], ring[i]
			if (a[1] > y) != (b[1] > y) {
				xs = append(xs, a[0]+(y-a[1])*(b[0]-a[0])/(b[1]-a[1]))
			}
		}
	}
	slices.Sort(xs)
	widest, at := -1.0, c
	for i := 0; i+1 < len(xs); i += 2 {
		if w := xs[i+1] - xs[i]; w > widest {
			widest, at = w, orb.Point{(xs[i] + xs[i+1]) / 2, y}
		}
	}
	return at, true
}

// point is a plan location as an orb point, and whether there is one.
func point(l *plan.Location) (orb.Point, bool) {
	if l == nil || (l.Lat == 0 && l.Lon == 0) {
		return orb.Point{}, false
	}
	return orb.Point{l.Lon, l.Lat}, true
}

// mapPlaces gathers the marks of the plan's places, keeping those keep
// accepts; a place with no location is counted in missing.
type mapPlaces struct {
	marks   []mark
	missing int
}

// labelRank orders labels: very-high before high, counts and events
// before stations.
func labelRank(b riskmodel.Band, kind markKind) int { return (3-b.Rank())*10 + int(kind) }

// mapIndex holds the marks of the plan's places once, overall and by
// constituency, so a plan of 650 constituency maps reads its 40,000
// stations once rather than once per map.
type mapIndex struct {
	all            mapPlaces
	byConstituency map[string]*mapPlaces
	bounds         map[string]orb.Bound // each constituency outline's
}

func (r *renderer) mapIndex() *mapIndex {
	if r.maps != nil {
		return r.maps
	}
	x := &mapIndex{byConstituency: map[string]*mapPlaces{}, bounds: map[string]orb.Bound{}}
	for code, shape := range r.p.Map.Constituencies {
		x.bounds[code] = shape.Bound()
	}
	in := func(code string) *mapPlaces {
		mp := x.byConstituency[code]
		if mp == nil {
			mp = &mapPlaces{}
			x.byConstituency[code] = mp
		}
		return mp
	}
	// Overview maps label high and very-high events and counts; a
	// constituency's map labels its red stations too.
	add := func(kind markKind, loc *plan.Location, band riskmodel.Band, id string, overviewLabel, ownLabel bool, codes ...string) {
		pt, ok := point(loc)
		m := mark{kind: kind, at: pt, band: band, rank: labelRank(band, kind)}
		for i, dest := range append([]*mapPlaces{&x.all}, make([]*mapPlaces, len(codes))...) {
			label := overviewLabel
			if i > 0 {
				dest, label = in(codes[i-1]), ownLabel
			}
			if !ok {
				dest.missing++
				continue
			}
			m.label = ""
			if label {
				m.label = id
			}
			dest.marks = append(dest.marks, m)
		}
	}
	high := func(b riskmodel.Band) bool { return b == riskmodel.High || b == riskmodel.VeryHigh }
	for _, s := range r.p.PollingStations {
		add(markStation, s.Location, ragBand(s.RAG), s.ID, false, s.RAG == "red", s.Constituency)
	}
	for _, e := range r.p.Flashpoints {
		add(markEvent, e.Venue.Location, e.Band, e.ID, high(e.Band), high(e.Band), e.Constituency)
	}
	for _, c := range r.p.Counts {
		add(markCount, c.Venue.Location, c.Band, c.ID, high(c.Band), high(c.Band), c.Constituencies...)
	}
	r.maps = x
	return x
}

// places are the marks of one constituency's places, or of all for "".
func (r *renderer) places(constituency string) mapPlaces {
	x := r.mapIndex()
	if constituency == "" {
		return x.all
	}
	if mp := x.byConstituency[constituency]; mp != nil {
		return *mp
	}
	return mapPlaces{}
}

// baseMarks are the force's bases inside view (all of them for a nil view).
func (r *renderer) baseMarks(view *orb.Bound) []mark {
	var out []mark
	for _, b := range r.p.Resources.Bases {
		pt, ok := point(&b.Location)
		if ok && (view == nil || view.Contains(pt)) {
			out = append(out, mark{kind: markBase, at: pt})
		}
	}
	return out
}

func boundOf(marks []mark) (orb.Bound, bool) {
	if len(marks) == 0 {
		return orb.Bound{}, false
	}
	b := marks[0].at.Bound()
	for _, m := range marks[1:] {
		b = b.Extend(m.at)
	}
	return b, true
}

// overviewMap draws the force area with every constituency, station,
// flashpoint, count and base.
func (r *renderer) overviewMap() {
	pg, p := r.pg, r.p
	places := r.places("")
	marks, far := r.nearMarks(append(slices.Clone(places.marks), r.baseMarks(nil)...), p.Map.Area)
	// The map frames the plan's constituencies and places; the force area
	// is drawn around them for context, and frames the map only when
	// nothing else can (a by-election is one constituency of a large area).
	view, ok := boundOf(marks)
	for _, c := range p.Constituencies {
		if shape, has := p.Map.Constituencies[c.Code]; has {
			if ok {
				view = view.Union(shape.Bound())
			} else {
				view, ok = shape.Bound(), true
			}
		}
	}
	if !ok && len(p.Map.Area) > 0 {
		view, ok = p.Map.Area.Bound(), true
	}
	if !ok {
		pg.para("No place in the plan has a location, so there is no map: give locations (latitude and longitude or a grid reference) for stations, venues and bases.")
		return
	}
	view = fitView(view)
	var outlines []outline
	for _, c := range p.Constituencies {
		if shape, ok := p.Map.Constituencies[c.Code]; ok {
			outlines = append(outlines, outline{name: c.Name, shape: shape})
		}
	}
	h := mapHeight(view, pg.bodyW, 90, 180)
	pg.ensure(h + 22)
	y := pg.f.GetY()
	omitted := pg.drawMap(mapSpec{view: view, area: p.Map.Area, outlines: outlines, names: len(outlines) <= 20, marks: marks, scale: 1},
		marginL, y, pg.bodyW, h)
	pg.f.SetY(y + h + 2)
	pg.mapLegend()
	r.mapNotes(places.missing, far, omitted, "High and very-high events and counts are labelled with their id")
}

// constituencyMap draws one constituency's stations, flashpoints and
// counts, with its outline, its neighbours' and the bases in view.
func (r *renderer) constituencyMap(code string) {
	pg, p := r.pg, r.p
	places := r.places(code)
	shape, hasShape := p.Map.Constituencies[code]
	near, far := r.nearMarks(places.marks, shape)
	if !hasShape {
		near, far = r.nearMarks(places.marks, p.Map.Area)
	}
	view, ok := boundOf(near)
	if hasShape {
		if ok {
			view = view.Union(shape.Bound())
		} else {
			view, ok = shape.Bound(), true
		}
	}
	if !ok {
		return
	}
	view = fitView(view)
	var outlines []outline
	for _, c := range p.Constituencies {
		if s, ok := p.Map.Constituencies[c.Code]; ok && c.Code != code && r.mapIndex().bounds[c.Code].Intersects(view) {
			outlines = append(outlines, outline{name: c.Name, shape: s})
		}
	}
	if hasShape {
		outlines = append(outlines, outline{shape: shape, focus: true})
	}
	marks := append(near, r.baseMarks(&view)...)
	h := mapHeight(view, pg.bodyW, 70, 115)
	pg.ensure(h + 22)
	y := pg.f.GetY()
	omitted := pg.drawMap(mapSpec{view: view, area: p.Map.Area, outlines: outlines, marks: marks, scale: 1.7},
		marginL, y, pg.bodyW, h)
	pg.f.SetY(y + h + 2)
	pg.mapLegend()
	r.mapNotes(places.missing, far, omitted, "Red stations and high and very-high events and counts are labelled with their id")
}

// farKm is how far outside the outline a map is drawn for a place may lie
// and still be on the map: further out, it is almost certainly a slip in
// its location (validate warns), and framing it would shrink the area to
// a speck.
const farKm = 25.0

// nearMarks keeps the marks within farKm of outline (all of them when
// there is no outline) and counts the rest.
func (r *renderer) nearMarks(marks []mark, outline orb.MultiPolygon) (near []mark, far int) {
	if len(outline) == 0 {
		return marks, 0
	}
	a := geo.NewArea("", "", outline)
	for _, m := range marks {
		if a.OutsideKmUpTo(geo.Point{Lat: m.at[1], Lon: m.at[0]}, farKm) <= farKm {
			near = append(near, m)
		} else {
			far++
		}
	}
	return near, far
}

// mapLegend explains the symbols in one line under a map.
func (pg *page) mapLegend() {
	f := pg.f
	y := f.GetY() + 2
	x := float64(marginL)
	pg.font("", 7)
	word := func(s string) {
		pg.text(ink)
		pg.textAt(x, y+1, s)
		x += f.GetStringWidth(s) + 3
	}
	sym := func(kind markKind, band riskmodel.Band) {
		pg.drawMark(kind, band, x+1.5, y, 1.2)
		x += 3.6
	}
	for _, rag := range []string{"red", "amber", "green"} {
		sym(markStation, ragBand(rag))
	}
	word("polling station (RAG)")
	sym(markEvent, riskmodel.High)
	word("event")
	sym(markCount, riskmodel.High)
	word("count")
	sym(markBase, riskmodel.Low)
	word("base")
	word("  Bands:")
	for _, b := range riskmodel.Bands {
		pg.fill(bandColours[b].fill)
		pg.draw(ink)
		f.SetLineWidth(0.1)
		f.Rect(x, y-1.5, 3, 3, "FD")
		x += 4
		word(string(b))
	}
	f.SetY(y + 3.5)
}

// mapNotes says what a map leaves out and whose boundaries it draws.
func (r *renderer) mapNotes(missing, far, omitted int, labelled string) {
	text := labelled + "."
	if far > 0 {
		text += fmt.Sprintf(" %s more than %.0f km outside the area shown and %s not on the map: check %s location (see the warnings).",
			plan.Plural(far, "place lies", "places lie"), farKm, map[bool]string{true: "is", false: "are"}[far == 1],
			map[bool]string{true: "its", false: "their"}[far == 1])
	}
	if omitted > 0 {
		text += fmt.Sprintf(" %s left off where %s would cover others; every item is in the tables.",
			plan.Plural(omitted, "label is", "labels are"), map[bool]string{true: "it", false: "they"}[omitted == 1])
	}
	if missing > 0 {
		text += fmt.Sprintf(" %s no location and %s not shown.", plan.Plural(missing, "place has", "places have"),
			map[bool]string{true: "is", false: "are"}[missing == 1])
	}
	if len(r.p.Map.Area) > 0 || len(r.p.Map.Constituencies) > 0 {
		text += " Boundaries are generalised, for orientation only."
		for _, a := range r.p.Map.Attribution {
			text += " " + a
		}
	}
	r.pg.note(text)
}
