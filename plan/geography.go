package plan

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"github.com/electplan/electplan/plan/geo"
)

// Geography is the force area and the constituency outlines read from the
// GeoJSON files that force.area and force.constituency_boundaries name.
// Either may be missing: the plan then has no maps of it and no checks
// against it.
type Geography struct {
	// Area is the force area; zero when force.area is not given.
	Area geo.Area
	// Constituencies holds the outline of each constituency of the plan
	// found in the boundary file, by code.
	Constituencies map[string]geo.Area
	// Boundaries is the whole boundary file, to say which constituency a
	// misplaced point falls in; nil when none is given.
	Boundaries *geo.Boundaries
	// Attribution is the source statement of each file read, for the
	// maps: the file's own "attribution" member, or the ONS statement for
	// an ONS file.
	Attribution []string
}

// HasArea reports whether the force area is known.
func (g *Geography) HasArea() bool { return !g.Area.IsZero() }

// OutsideToleranceKm is how far outside a generalised outline a point may
// lie before validate warns. The ONS generalised boundaries move a coast
// or a border by up to a few hundred metres, so a station on the shore
// can fall just outside its outline without being misplaced.
const OutsideToleranceKm = 1.0

// farKm is how far outside an outline validate measures; a place further
// out is reported as more than this (and costs no more to check).
const farKm = 100.0

// kmOutside words a distance outside an outline from OutsideKmUpTo.
func kmOutside(km float64) string {
	if math.IsInf(km, 1) {
		return fmt.Sprintf("more than %.0f km", farKm)
	}
	return fmt.Sprintf("%.1f km", km)
}

// loadGeography reads the GeoJSON files the force section names.
func loadGeography(fsys fs.FS, display string, in *Inputs, p *problemList) {
	f := &in.Force
	if f.Area != "" {
		data, ok := readGeoFile(fsys, display, f.Area, f.Origin.Field("area"), "force area", in, p)
		if ok {
			a, err := geo.ParseArea(data, f.Code)
			if err != nil {
				p.add(f.Origin.Field("area"), "force", fmt.Sprintf("force area %s: %v", f.Area, err),
					"give a GeoJSON Polygon or MultiPolygon in WGS84, or a FeatureCollection with a feature whose code (e.g. PFA20CD) is the force code, such as the ONS police force area file")
			} else {
				if a.Name == "" {
					a.Name = f.Name
				}
				in.Geography.Area = a
			}
		}
	}
	if f.ConstituencyBoundaries != "" {
		at := f.Origin.Field("constituency_boundaries")
		data, ok := readGeoFile(fsys, display, f.ConstituencyBoundaries, at, "constituency boundaries", in, p)
		if !ok {
			return
		}
		b, err := geo.ParseBoundaries(data)
		if err != nil {
			p.add(at, "force", fmt.Sprintf("constituency boundaries %s: %v", f.ConstituencyBoundaries, err),
				"give a GeoJSON FeatureCollection of constituencies with their ONS codes (e.g. PCON24CD), such as the ONS Westminster constituency file")
			return
		}
		in.Geography.Boundaries = b
		in.Geography.Constituencies = map[string]geo.Area{}
		for _, c := range in.Constituencies {
			if a, ok := b.Area(c.Code); ok {
				in.Geography.Constituencies[c.Code] = a
			}
		}
	}
}

// readGeoFile reads a file named relative to the plan folder (or
// absolute) and records it among the sources, so a changed boundary
// changes the inputs' hash.
func readGeoFile(fsys fs.FS, display, name string, at Pos, what string, in *Inputs, p *problemList) ([]byte, bool) {
	var data []byte
	var err error
	clean := path.Clean(filepath.ToSlash(name))
	switch {
	case fs.ValidPath(clean):
		data, err = fs.ReadFile(fsys, clean)
	case filepath.IsAbs(name):
		data, err = os.ReadFile(name)
	default:
		data, err = os.ReadFile(filepath.Join(display, name))
	}
	if err != nil {
		msg := fmt.Sprintf("cannot read the %s file %s", what, name)
		if errors.Is(err, fs.ErrNotExist) {
			msg = fmt.Sprintf("the %s file %s does not exist", what, name)
		}
		p.add(at, "force", msg, "the path is relative to the plan folder "+display)
		return nil, false
	}
	if a := attributionOf(data); a != "" && !slices.Contains(in.Geography.Attribution, a) {
		in.Geography.Attribution = append(in.Geography.Attribution, a)
	}
	sum := sha256.Sum256(data)
	src := SourceFile{Name: filepath.ToSlash(name), SHA256: hex.EncodeToString(sum[:])}
	i, _ := slices.BinarySearchFunc(in.Sources, src.Name, func(s SourceFile, n string) int { return strings.Compare(s.Name, n) })
	in.Sources = slices.Insert(in.Sources, i, src)
	return data, true
}

// geography warns about places outside the force area and polling
// stations outside the constituency they are listed under. Both are
// warnings: cross-border counts and bases exist, and councils sometimes
// site a station just over a boundary.
func (v *validator) geography() {
	g := &v.in.Geography
	area := g.Area
	outside := func(loc *Location, at Pos, item, what string) {
		if area.IsZero() || loc == nil {
			return
		}
		if km := area.OutsideKmUpTo(geo.Point{Lat: loc.Lat, Lon: loc.Lon}, farKm); km > OutsideToleranceKm {
			v.p.warn(at, item, fmt.Sprintf("%s is %s outside the force area (%s)", what, kmOutside(km), areaLabel(area)),
				"check the location for a slip; a venue over the border (a shared count, a neighbouring base) can stay")
		}
	}
	for i := range v.in.PollingStations {
		s := &v.in.PollingStations[i]
		item := fmt.Sprintf("station %q", s.ID)
		outside(s.Location, s.Origin.Field("location"), item, "the station")
		v.stationConstituency(s, item)
	}
	for i := range v.in.Events {
		e := &v.in.Events[i]
		outside(e.Venue.Location, e.Venue.Origin.Field("location"), fmt.Sprintf("event %q", e.ID), "the venue")
	}
	for i := range v.in.Counts {
		c := &v.in.Counts[i]
		outside(c.Venue.Location, c.Venue.Origin.Field("location"), fmt.Sprintf("count %q", c.ID), "the count venue")
	}
	for i := range v.in.Resources.Bases {
		b := &v.in.Resources.Bases[i]
		outside(&b.Location, b.Origin.Field("location"), fmt.Sprintf("base %q", b.Name), "the base")
	}
	if g.Boundaries != nil {
		for _, c := range v.in.Constituencies {
			if _, ok := g.Constituencies[c.Code]; !ok {
				v.p.warn(c.Origin.Field("code"), fmt.Sprintf("constituency %s", c.Code),
					"has no outline in the constituency boundaries file "+v.in.Force.ConstituencyBoundaries,
					"use a boundary file of the same vintage as the codes (PCON24CD for the 2024 constituencies)")
			}
		}
	}
}

func (v *validator) stationConstituency(s *PollingStation, item string) {
	g := &v.in.Geography
	if g.Boundaries == nil || s.Location == nil {
		return
	}
	stated, ok := g.Constituencies[s.Constituency]
	if !ok {
		return
	}
	pt := geo.Point{Lat: s.Location.Lat, Lon: s.Location.Lon}
	km := stated.OutsideKmUpTo(pt, farKm)
	if km <= OutsideToleranceKm {
		return
	}
	msg := fmt.Sprintf("is listed under %s but lies %s outside it", areaLabel(stated), kmOutside(km))
	if in, ok := g.Boundaries.Find(pt); ok {
		msg += ", in " + areaLabel(in)
	}
	v.p.warn(s.Origin.Field("constituency"), item, msg,
		"check the constituency code and the location against the council's list")
}

func areaLabel(a geo.Area) string {
	switch {
	case a.Name == "":
		return a.Code
	case a.Code == "":
		return a.Name
	}
	return a.Code + " " + a.Name
}

// ONSAttribution is the statement the Open Government Licence asks of
// anyone showing ONS boundaries.
const ONSAttribution = "Source: Office for National Statistics licensed under the Open Government Licence v.3.0. " +
	"Contains OS data © Crown copyright and database right."

// onsCodeKeyRE finds an ONS code property such as "PFA20CD" or "PCON24CD".
var onsCodeKeyRE = regexp.MustCompile(`"[A-Z]{2,5}\d{2}CD"\s*:`)

// attributionOf is a GeoJSON file's "attribution" member (a foreign member
// RFC 7946 allows), else the ONS statement when the file carries ONS code
// properties.
func attributionOf(data []byte) string {
	var head struct {
		Attribution string `json:"attribution"`
	}
	if json.Unmarshal(data, &head) == nil && strings.TrimSpace(head.Attribution) != "" {
		return strings.TrimSpace(head.Attribution)
	}
	if onsCodeKeyRE.Match(data) {
		return ONSAttribution
	}
	return ""
}
