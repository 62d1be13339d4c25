package importers

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"strconv"
	"strings"

	"github.com/electplan/electplan/plan"
	"github.com/electplan/electplan/plan/geo"
	"go.yaml.in/yaml/v3"
)

// Council election-management exports of polling stations. Most list one
// row per elector's address, so a polling place repeats on every row of
// its district; the importer keeps one station per polling place.

var xpressDCLayout = layout{kind: Stations, format: "xpress-dc", title: `Xpress "Democracy Club" export`,
	columns: []column{
		{key: "id", names: []string{"Polling_Place_Id"}, required: true},
		{key: "name", names: []string{"Polling_Place_Name"}, required: true},
		{key: "a1", names: []string{"Polling_Place_Address_1"}, required: true},
		{key: "a2", names: []string{"Polling_Place_Address_2"}},
		{key: "a3", names: []string{"Polling_Place_Address_3"}},
		{key: "a4", names: []string{"Polling_Place_Address_4"}},
		{key: "postcode", names: []string{"Polling_Place_Postcode"}, required: true},
		{key: "east", names: []string{"Polling_Place_Easting"}, required: true},
		{key: "north", names: []string{"Polling_Place_Northing"}, required: true},
		{key: "district", names: []string{"Polling_Place_District_Reference"}},
		{key: "uprn", names: []string{"Polling_Place_UPRN"}},
		{key: "property", names: []string{"Property_URN"}},
	}}

var xpressWebLookupLayout = layout{kind: Stations, format: "xpress-weblookup", title: "Xpress WebLookup export",
	columns: []column{
		{key: "id", names: []string{"PollingPlaceId"}, required: true},
		{key: "a1", names: []string{"PollingPlaceAddress1"}, required: true},
		{key: "a2", names: []string{"PollingPlaceAddress2"}},
		{key: "a3", names: []string{"PollingPlaceAddress3"}},
		{key: "a4", names: []string{"PollingPlaceAddress4"}},
		{key: "a5", names: []string{"PollingPlaceAddress5"}},
		{key: "a6", names: []string{"PollingPlaceAddress6"}},
		{key: "a7", names: []string{"PollingPlaceAddress7"}, required: true},
		{key: "east", names: []string{"PollingPlaceEasting"}, required: true},
		{key: "north", names: []string{"PollingPlaceNorthing"}, required: true},
		{key: "district", names: []string{"PollingDistrictReference"}},
		{key: "authority", names: []string{"AuthorityCode"}},
		{key: "uprn", names: []string{"UPRN"}},
	}}

var halaroseLayout = layout{kind: Stations, format: "halarose", title: "Halarose export",
	columns: []column{
		{key: "venue", names: []string{"PollingVenueID"}, required: true},
		{key: "number", names: []string{"PollingStationNumber"}, required: true},
		{key: "name", names: []string{"PollingStationName"}, required: true},
		{key: "a1", names: []string{"PollingStationAddress1", "PollingStationAddress_1"}, required: true},
		{key: "a2", names: []string{"PollingStationAddress2", "PollingStationAddress_2"}},
		{key: "a3", names: []string{"PollingStationAddress3", "PollingStationAddress_3"}},
		{key: "a4", names: []string{"PollingStationAddress4", "PollingStationAddress_4"}},
		{key: "a5", names: []string{"PollingStationAddress5", "PollingStationAddress_5"}},
		{key: "postcode", names: []string{"PollingStationPostCode", "PollingStationPostcode"}, required: true},
		{key: "east", names: []string{"PollingVenueEasting"}, required: true},
		{key: "north", names: []string{"PollingVenueNorthing"}, required: true},
		{key: "dref", names: []string{"PollingDistrictReference"}},
		{key: "dname", names: []string{"PollingDistrictName"}},
		{key: "did", names: []string{"PollingDistrictId"}},
		{key: "uprn", names: []string{"PollingVenueUPRN"}},
	}}

var idoxErosLayout = layout{kind: Stations, format: "idox-eros", title: "Idox Eros export",
	columns: []column{
		{key: "number", names: []string{"PollingStationNumber"}, required: true},
		{key: "name", names: []string{"PollingStationName"}, required: true},
		{key: "a1", names: []string{"PollingStationAddress_1", "PollingStationAddress1"}, required: true},
		{key: "a2", names: []string{"PollingStationAddress_2", "PollingStationAddress2"}},
		{key: "a3", names: []string{"PollingStationAddress_3", "PollingStationAddress3"}},
		{key: "a4", names: []string{"PollingStationAddress_4", "PollingStationAddress4"}},
		{key: "a5", names: []string{"PollingStationAddress_5", "PollingStationAddress5"}},
		{key: "postcode", names: []string{"PollingStationPostCode", "PollingStationPostcode"}, required: true},
		{key: "venue", names: []string{"PollingVenueID"}},
		{key: "east", names: []string{"PollingVenueEasting", "PollingStationEasting"}},
		{key: "north", names: []string{"PollingVenueNorthing", "PollingStationNorthing"}},
		{key: "dref", names: []string{"PollingDistrictReference"}},
		{key: "house", names: []string{"HouseID"}},
		{key: "housepostcode", names: []string{"HousePostCode"}},
	}}

var democracyCountsLayout = layout{kind: Stations, format: "democracy-counts", title: "Democracy Counts stations export",
	columns: []column{
		{key: "id", names: []string{"StationCode"}, required: true},
		{key: "name", names: []string{"PlaceName"}, required: true},
		{key: "a1", names: []string{"Add1"}, required: true},
		{key: "a2", names: []string{"Add2"}},
		{key: "a3", names: []string{"Add3"}},
		{key: "a4", names: []string{"Add4"}},
		{key: "a5", names: []string{"Add5"}},
		{key: "a6", names: []string{"Add6"}},
		{key: "postcode", names: []string{"PostCode"}, required: true},
		{key: "east", names: []string{"Xordinate"}, required: true},
		{key: "north", names: []string{"Yordinate"}, required: true},
	}}

// democracyCountsDistrictsLayout is Democracy Counts' other file: homes,
// not polling stations. Recognised so the SPOC is told which file to use.
var democracyCountsDistrictsLayout = layout{kind: Stations, format: "democracy-counts",
	title:  "the Democracy Counts districts (addresses) file",
	refuse: "it lists electors' addresses, not polling stations: import the stations file, the one with a PlaceName column",
	columns: []column{
		{key: "a1", names: []string{"Add1"}, required: true},
		{key: "postcode", names: []string{"PostCode"}, required: true},
		{key: "id", names: []string{"StationCode"}, required: true},
		{key: "uprn", names: []string{"UPRN"}, required: true},
		{key: "east", names: []string{"Xordinate"}},
		{key: "north", names: []string{"Yordinate"}},
	}}

// eoniLayout is the Electoral Office for Northern Ireland's export: one
// row per property, the premises (PREM_) being the polling place, with
// WGS84 coordinates in the _4326 columns of the reprojected export.
var eoniLayout = layout{kind: Stations, format: "eoni", title: "EONI (Northern Ireland) export",
	columns: []column{
		{key: "id", names: []string{"PREM_ID"}, required: true},
		{key: "name", names: []string{"PREM_NAME"}, required: true},
		{key: "a1", names: []string{"PREM_FULLADDRESS"}, required: true},
		{key: "postcode", names: []string{"PREM_POSTCODE"}, required: true},
		{key: "lon", names: []string{"PREM_X_4326"}},
		{key: "lat", names: []string{"PREM_Y_4326"}},
		{key: "igx", names: []string{"PREM_X_COR"}},
		{key: "igy", names: []string{"PREM_Y_COR"}},
		{key: "pro_uprn", names: []string{"PRO_UPRN"}},
		{key: "pro_address", names: []string{"PRO_FULLADDRESS"}},
		{key: "pro_postcode", names: []string{"PRO_POSTCODE"}},
	}}

// stationSpec says how a layout's columns make a polling place.
type stationSpec struct {
	layouts []*layout
	// id lists the columns giving the polling place id, first non-empty.
	id []string
	// name is the name column; "" takes the first address line.
	name      string
	address   []string
	postcode  string
	grid      bool // east/north are British National Grid; else lat/lon
	districts []string
	// perStation formats list polling stations, not places: stations at
	// the same place (same name, address and postcode) are joined.
	perStation bool
}

var stationSpecs = map[string]stationSpec{
	"xpress-dc": {layouts: []*layout{&xpressDCLayout}, id: []string{"id"}, name: "name",
		address: []string{"a1", "a2", "a3", "a4"}, postcode: "postcode", grid: true, districts: []string{"district"}},
	"xpress-weblookup": {layouts: []*layout{&xpressWebLookupLayout}, id: []string{"id"},
		address: []string{"a1", "a2", "a3", "a4", "a5", "a6"}, postcode: "a7", grid: true, districts: []string{"district"}},
	"halarose": {layouts: []*layout{&halaroseLayout}, id: []string{"venue"}, name: "name",
		address: []string{"a1", "a2", "a3", "a4", "a5"}, postcode: "postcode", grid: true, districts: []string{"dref", "dname", "did"}},
	"idox-eros": {layouts: []*layout{&idoxErosLayout}, id: []string{"venue", "number"}, name: "name",
		address: []string{"a1", "a2", "a3", "a4", "a5"}, postcode: "postcode", grid: true, districts: []string{"dref"}, perStation: true},
	"democracy-counts": {layouts: []*layout{&democracyCountsLayout, &democracyCountsDistrictsLayout}, id: []string{"id"}, name: "name",
		address: []string{"a1", "a2", "a3", "a4", "a5", "a6"}, postcode: "postcode", grid: true, districts: []string{"id"}, perStation: true},
	"eoni": {layouts: []*layout{&eoniLayout}, id: []string{"id"}, name: "name",
		address: []string{"a1"}, postcode: "postcode"},
}

// place is one polling place as read from the file.
type place struct {
	id, name, address, postcode string
	loc                         *plan.Location
	badLocation                 bool // a coordinate problem was reported
	districts                   []string
	stationIDs                  []string
	pos                         plan.Pos
	otherName                   bool
}

// stationsRead is what reading a stations export found.
type stationsRead struct {
	places []*place
	rows   int
	layout string
	// unassigned counts rows whose address has no polling place.
	unassigned int
	// irishGrid counts places with only Irish Grid coordinates.
	irishGrid int
	header    int
}

// readStations reads a council export in the named format into polling
// places, one per place id, in file order.
func readStations(src io.Reader, file, format string, c *collector) (*stationsRead, error) {
	if format == "fcs" {
		return readFCS(src, file, c)
	}
	spec, ok := stationSpecs[format]
	if !ok {
		return nil, fmt.Errorf("unknown stations format %q", format)
	}
	t, err := readTable(src, file, spec.layouts, c)
	if err != nil {
		return nil, err
	}
	sr := &stationsRead{layout: t.layout.title, header: t.header}
	byID := map[string]*place{}
	for {
		ok, err := t.next()
		if err != nil {
			return nil, err
		}
		if !ok {
			break
		}
		id := ""
		for _, k := range spec.id {
			if v := t.get(k); v != "" && !strings.EqualFold(v, "n/a") {
				id = v
				break
			}
		}
		if id == "" {
			sr.unassigned++
			continue
		}
		p := byID[id]
		if p == nil {
			p = &place{id: id, pos: t.pos(spec.id[0])}
			parts := make([]string, 0, len(spec.address))
			for _, k := range spec.address {
				parts = append(parts, t.get(k))
			}
			p.name = t.get(spec.name)
			p.address, p.postcode = assembleAddress(&p.name, parts, t.get(spec.postcode))
			if p.name == "" {
				c.err(p.pos, fmt.Sprintf("station %q", id), "no name or address", "the export should name every polling place")
				continue
			}
			if format == "eoni" {
				sr.readEONILocation(t, p, c)
			} else {
				p.loc, p.badLocation = gridLocation(t, fmt.Sprintf("station %q", id), c)
			}
			byID[id] = p
			sr.places = append(sr.places, p)
		} else {
			if n := t.get(spec.name); n != "" && spec.name != "" && !strings.EqualFold(n, p.name) && !p.otherName {
				p.otherName = true
				c.warn(t.pos(spec.name), fmt.Sprintf("station %q", id),
					fmt.Sprintf("rows for this polling place give different names: kept %q (line %d), not %q", p.name, p.pos.Line, n), "check the export")
			}
			if p.loc == nil && !p.badLocation && format != "eoni" {
				p.loc, p.badLocation = gridLocation(t, fmt.Sprintf("station %q", id), c)
			}
		}
		for _, k := range spec.districts {
			if v := t.get(k); v != "" {
				p.districts = appendUnique(p.districts, v)
				break
			}
		}
	}
	t.finish()
	sr.rows = t.rows
	if spec.perStation {
		sr.places = joinPlaces(sr.places, c)
	}
	if len(sr.places) == 0 && len(c.errs) == 0 {
		return nil, fileProblem(file, t.header, "the file has no polling places", "check the export has polling place ids filled in")
	}
	return sr, nil
}

// assembleAddress joins the address lines (blank ones and repeats of the
// name dropped) with ", ". A missing name takes the first line; a missing
// postcode takes a last line that is one.
func assembleAddress(name *string, parts []string, postcode string) (address, pc string) {
	var kept []string
	for _, p := range parts {
		p = strings.Join(strings.Fields(p), " ")
		if p == "" || strings.EqualFold(p, *name) || (len(kept) > 0 && strings.EqualFold(p, kept[len(kept)-1])) {
			continue
		}
		kept = append(kept, p)
	}
	if *name == "" && len(kept) > 0 {
		*name, kept = kept[0], kept[1:]
	}
	pc = strings.Join(strings.Fields(postcode), " ")
	if pc == "" && len(kept) > 0 && postcodeRE.MatchString(kept[len(kept)-1]) {
		pc, kept = kept[len(kept)-1], kept[:len(kept)-1]
	}
	if pc != "" && len(kept) > 0 && strings.EqualFold(kept[len(kept)-1], pc) {
		kept = kept[:len(kept)-1]
	}
	*name = strings.Join(strings.Fields(*name), " ")
	return strings.Join(kept, ", "), pc
}

var postcodeRE = regexp.MustCompile(`(?i)^[A-Z]{1,2}[0-9][0-9A-Z]? ?[0-9][A-Z]{2}$`)

// gridLocation reads the row's easting and northing. Blank or 0,0 is no
// location (as exports say "not known"); a value that is not a number or
// lies outside the UK is reported and not written.
func gridLocation(t *table, item string, c *collector) (*plan.Location, bool) {
	es, ns := t.get("east"), t.get("north")
	if es == "" && ns == "" {
		return nil, false
	}
	e, errE := parseNumber(es)
	n, errN := parseNumber(ns)
	switch {
	case errE != nil:
		c.warn(t.pos("east"), item, fmt.Sprintf("easting %q is not a number", es), "no location written: add it by hand")
		return nil, true
	case errN != nil:
		c.warn(t.pos("north"), item, fmt.Sprintf("northing %q is not a number", ns), "no location written: add it by hand")
		return nil, true
	case e == 0 && n == 0:
		return nil, false
	case e <= 0 || n <= 0 || e > 700000 || n > 1300000:
		c.warn(t.pos("east"), item, fmt.Sprintf("easting %s, northing %s is not a British National Grid reference in the UK", es, ns),
			"no location written: check the export")
		return nil, true
	}
	loc := plan.GridRef(e, n)
	if !plan.InUK(loc.Lat, loc.Lon) {
		c.warn(t.pos("east"), item, fmt.Sprintf("easting %s, northing %s is outside the UK", es, ns), "no location written: check the export")
		return nil, true
	}
	return &loc, false
}

// latLonLocation checks a WGS84 position: 0,0 is none, outside the UK is
// reported (with the swap hint) and not written.
func latLonLocation(lat, lon float64, pos plan.Pos, item string, c *collector) (*plan.Location, bool) {
	switch {
	case lat == 0 && lon == 0:
		return nil, false
	case plan.InUK(lat, lon):
		loc := plan.LatLon(lat, lon)
		return &loc, false
	case plan.InUK(lon, lat):
		c.warn(pos, item, fmt.Sprintf("latitude %g, longitude %g is outside the UK", lat, lon),
			"latitude and longitude swapped? no location written: check the export")
	default:
		c.warn(pos, item, fmt.Sprintf("latitude %g, longitude %g is outside the UK", lat, lon), "no location written: check the export")
	}
	return nil, true
}

// readEONILocation reads the premises' WGS84 position. EONI's own Irish
// Grid columns (EPSG:29902) are not converted: they are counted so the
// SPOC can ask for the reprojected export.
func (sr *stationsRead) readEONILocation(t *table, p *place, c *collector) {
	// EONI repeats the postcode at the end of the full address.
	p.address = strings.TrimSuffix(strings.TrimSuffix(p.address, p.postcode), ", ")
	item := fmt.Sprintf("station %q", p.id)
	xs, ys := t.get("lon"), t.get("lat")
	if xs == "" && ys == "" {
		if t.get("igx") != "" && t.get("igx") != "0" {
			sr.irishGrid++
		}
		return
	}
	lon, errX := parseNumber(xs)
	lat, errY := parseNumber(ys)
	if errX != nil || errY != nil {
		c.warn(t.pos("lon"), item, fmt.Sprintf("PREM_X_4326 %q, PREM_Y_4326 %q are not numbers", xs, ys), "no location written: check the export")
		p.badLocation = true
		return
	}
	p.loc, p.badLocation = latLonLocation(lat, lon, t.pos("lon"), item, c)
}

func parseNumber(s string) (float64, error) {
	f, err := strconv.ParseFloat(strings.ReplaceAll(strings.TrimSpace(s), ",", ""), 64)
	if err == nil && (f != f || f > 1e12 || f < -1e12) { // NaN or absurd
		return 0, errors.New("out of range")
	}
	return f, err
}

// joinPlaces joins stations at the same polling place, for exports that
// list stations: one visit covers the building, so the plan holds one
// station with every station code kept as a district reference.
func joinPlaces(places []*place, c *collector) []*place {
	byKey := map[string]*place{}
	var out []*place
	var joined []string
	for _, p := range places {
		key := strings.ToLower(p.name + "|" + p.address + "|" + strings.ReplaceAll(p.postcode, " ", ""))
		first, ok := byKey[key]
		if !ok {
			byKey[key] = p
			p.stationIDs = []string{p.id}
			out = append(out, p)
			continue
		}
		first.stationIDs = append(first.stationIDs, p.id)
		for _, d := range p.districts {
			first.districts = appendUnique(first.districts, d)
		}
		if first.loc == nil && p.loc != nil {
			first.loc = p.loc
		}
	}
	for _, p := range out {
		if len(p.stationIDs) > 1 {
			joined = append(joined, fmt.Sprintf("%s (%s)", strings.Join(quoteAll(p.stationIDs), " and "), p.name))
		}
	}
	if len(joined) > 0 {
		c.note("stations at the same polling place joined as one (one visit covers the building; their codes are kept as districts): " +
			listNames(joined, 5))
	}
	return out
}

func quoteAll(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = strconv.Quote(s)
	}
	return out
}

// importStations reads the export and places each polling place in a
// constituency: with --boundaries by its location (places outside the
// plan's constituencies are left out, those without a location take
// --constituency), else --constituency, else the plan's only one.
func importStations(src io.Reader, req Request, f *folder, c *collector, r *Report) ([]record, func(*yaml.Node) bool, error) {
	var bounds *geo.Boundaries
	if req.Boundaries != "" {
		data, err := os.ReadFile(req.Boundaries)
		if err != nil {
			return nil, nil, readError(req.Boundaries, errors.Unwrap(err))
		}
		if bounds, err = geo.ParseBoundaries(data); err != nil {
			return nil, nil, &FlagError{Flag: "--boundaries", Err: fmt.Errorf("%s: %w", req.Boundaries, err)}
		}
	}
	fallback := req.Constituency
	if fallback == "" && bounds == nil {
		code, ok := f.only()
		if !ok {
			return nil, nil, &FlagError{Flag: "--constituency", Err: fmt.Errorf(
				"give --constituency CODE or --boundaries FILE: this plan has %s (%s)",
				plan.Plural(len(f.order), "constituency", "constituencies"), f.list())}
		}
		fallback = code
		c.note("no --constituency or --boundaries: every station is placed in the plan's one constituency, " + f.describe(code))
	}
	sr, err := readStations(src, req.File, req.Format, c)
	if err != nil {
		return nil, nil, err
	}
	r.Layout, r.Rows = sr.layout, sr.rows
	if sr.unassigned > 0 {
		c.note(fmt.Sprintf("%s with no polling place id skipped (addresses not assigned to a station)", plan.Plural(sr.unassigned, "row", "rows")))
	}
	if sr.irishGrid > 0 {
		c.note(fmt.Sprintf("%s only Irish Grid coordinates (PREM_X_COR, PREM_Y_COR), which electplan does not convert: "+
			"ask EONI for the export with PREM_X_4326 and PREM_Y_4326, or add the locations by hand",
			plan.Plural(sr.irishGrid, "station has", "stations have")))
	}
	touched := map[string]bool{}
	var recs []record
	var outside, unplaced, noLocation, handLocation []string
	located := map[string]bool{} // stations the SPOC has given a location
	for _, s := range f.in.PollingStations {
		if s.Location != nil {
			located[s.ID] = true
		}
	}
	for _, p := range sr.places {
		label := fmt.Sprintf("%q %s", p.id, p.name)
		code := ""
		if bounds != nil && p.loc != nil {
			if a, ok := bounds.Find(geo.Point{Lat: p.loc.Lat, Lon: p.loc.Lon}); ok {
				if _, ours := f.codes[a.Code]; !ours {
					outside = append(outside, fmt.Sprintf("%s (%s)", label, a.Name))
					continue
				}
				code = a.Code
			}
		}
		if code == "" {
			code = fallback
		}
		if code == "" {
			unplaced = append(unplaced, label)
			continue
		}
		switch {
		case p.loc != nil || p.badLocation:
		case located[p.id]:
			handLocation = append(handLocation, label)
		default:
			noLocation = append(noLocation, label)
		}
		touched[code] = true
		fields := []field{
			{path: "id", value: textNode(p.id)},
			{path: "constituency", value: textNode(code)},
			{path: "name", value: textNode(p.name)},
		}
		if p.address != "" {
			fields = append(fields, field{path: "address", value: textNode(p.address)})
		}
		if p.postcode != "" {
			fields = append(fields, field{path: "postcode", value: textNode(strings.ToUpper(p.postcode))})
		}
		if p.loc != nil {
			fields = append(fields, field{path: "location", value: locationNode(*p.loc)})
		}
		if len(p.districts) > 0 {
			fields = append(fields, field{path: "districts", value: flowList(p.districts)})
		}
		recs = append(recs, record{id: p.id, name: p.name, constituency: code, fields: fields})
	}
	if len(outside) > 0 {
		c.note(fmt.Sprintf("%s outside this plan's constituencies by %s left out: %s (a generalised boundary file, such as the ONS "+
			"BUC file, can put a station near the edge on the wrong side by a kilometre or more: use the full-resolution BFC file, "+
			"or give --constituency instead if the export is all one constituency)",
			plan.Plural(len(outside), "station lies", "stations lie"), req.Boundaries, listNames(outside, 5)))
	}
	if len(unplaced) > 0 {
		c.note(fmt.Sprintf("%s could not be placed in a constituency (no coordinates, or outside every boundary) and %s left out: %s — give --constituency CODE to place them",
			plan.Plural(len(unplaced), "station", "stations"), isAre(len(unplaced)), listNames(unplaced, 5)))
	}
	if len(noLocation) > 0 {
		they := "they"
		if len(noLocation) == 1 {
			they = "it"
		}
		c.note(fmt.Sprintf("%s no coordinates in the export: %s — %s cannot be mapped or put on a patrol route until a location is added "+
			"(write location: {lat: …, lon: …} or {easting: …, northing: …}; later imports keep it unless the export then has coordinates of its own)",
			plan.Plural(len(noLocation), "station has", "stations have"), listNames(noLocation, 8), they))
	}
	if len(handLocation) > 0 {
		c.note(fmt.Sprintf("%s no coordinates in the export and %s the location written in the folder: %s",
			plan.Plural(len(handLocation), "station has", "stations have"), keepsKeep(len(handLocation)), listNames(handLocation, 8)))
	}
	if len(recs) == 0 {
		return nil, nil, fileProblem(req.File, sr.header,
			fmt.Sprintf("none of the %s in the file is in this plan's constituencies (%s)", plan.Plural(len(sr.places), "polling place", "polling places"), f.list()),
			"check the export is for this election, or give --constituency CODE")
	}
	r.Records = len(sr.places)
	return recs, func(item *yaml.Node) bool { return touched[scalarAt(item, "constituency")] }, nil
}

func keepsKeep(n int) string {
	if n == 1 {
		return "keeps"
	}
	return "keep"
}

func isAre(n int) string {
	if n == 1 {
		return "is"
	}
	return "are"
}

// FCS exports polling stations as JSON: one object per station, its
// addresses under "properties".
type fcsStation struct {
	ID               jsonText `json:"id"`
	StationID        jsonText `json:"stationId"`
	Name             string   `json:"name"`
	AddressLine1     string   `json:"addressLine1"`
	AddressLine2     string   `json:"addressLine2"`
	AddressLine3     string   `json:"addressLine3"`
	AddressLine4     string   `json:"addressLine4"`
	AddressLine5     string   `json:"addressLine5"`
	AddressPostCode  string   `json:"addressPostCode"`
	Latitude         *float64 `json:"latitude"`
	Longitude        *float64 `json:"longitude"`
	PollingDistricts []struct {
		ID   jsonText `json:"id"`
		Name string   `json:"name"`
	} `json:"pollingDistricts"`
}

// jsonText reads a JSON string or number as text (ids come as either).
type jsonText string

func (j *jsonText) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	switch {
	case bytes.Equal(b, []byte("null")):
		*j = ""
	case len(b) > 0 && b[0] == '"':
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*j = jsonText(strings.TrimSpace(s))
	default:
		var n json.Number
		if err := json.Unmarshal(b, &n); err != nil {
			return err
		}
		*j = jsonText(n.String())
	}
	return nil
}

var fcsLayoutTitle = "FCS polling stations JSON"

// readFCS reads an FCS export, streaming the list so a large file is not
// held twice. Stations are grouped by stationId (else id).
func readFCS(src io.Reader, file string, c *collector) (*stationsRead, error) {
	text, dec, err := decodeText(src, file)
	if err != nil {
		return nil, err
	}
	lc := &lineCounter{r: text}
	br := bufio.NewReaderSize(lc, 64<<10)
	peek, _ := br.Peek(4096)
	trimmed := bytes.TrimLeft(peek, " \t\r\n")
	switch {
	case len(trimmed) == 0:
		return nil, fileProblem(file, 1, "the file is empty", "export it again from the council's election-management system")
	case trimmed[0] != '[' && trimmed[0] != '{':
		hint := "FCS exports are a JSON list of stations"
		first, _, _ := bytes.Cut(trimmed, []byte("\n"))
		if g := guessLayout(normHeaders(splitHeader(first))); g != nil && g.kind == Stations {
			hint = fmt.Sprintf("this looks like the %s: try --format %s", g.title, g.format)
		}
		return nil, fileProblem(file, 1, "this is not JSON", hint)
	}
	jd := json.NewDecoder(br)
	lineAt := func() int {
		rest, _ := io.ReadAll(jd.Buffered())
		inBuf, _ := br.Peek(br.Buffered())
		unread := bytes.Count(rest, []byte("\n")) + bytes.Count(inBuf, []byte("\n"))
		lead := len(rest) - len(bytes.TrimLeft(rest, " \t\r\n,"))
		return lc.lines - unread + bytes.Count(rest[:lead], []byte("\n")) + 1
	}
	tok, err := jd.Token()
	if err != nil || tok != json.Delim('[') {
		return nil, fileProblem(file, 1, "expected a JSON list of polling stations ([ … ])", "check this is the FCS polling stations export")
	}
	sr := &stationsRead{layout: fcsLayoutTitle, header: 1}
	byID := map[string]*place{}
	for jd.More() {
		line := lineAt()
		var s fcsStation
		if err := jd.Decode(&s); err != nil {
			var syn *json.SyntaxError
			msg := "JSON: " + err.Error()
			if errors.As(err, &syn) {
				msg = "JSON syntax: " + syn.Error()
			}
			c.err(plan.Pos{File: file, Line: line, Column: 1}, "", msg, "check the export is complete")
			break
		}
		sr.rows++
		pos := plan.Pos{File: file, Line: line, Column: 1}
		id := string(s.StationID)
		if id == "" || id == "0" {
			id = string(s.ID)
		}
		if id == "" {
			sr.unassigned++
			continue
		}
		item := fmt.Sprintf("station %q", id)
		p := byID[id]
		if p == nil {
			p = &place{id: id, pos: pos, name: s.Name}
			p.address, p.postcode = assembleAddress(&p.name,
				[]string{s.AddressLine1, s.AddressLine2, s.AddressLine3, s.AddressLine4, s.AddressLine5}, s.AddressPostCode)
			if p.name == "" {
				c.err(pos, item, "no name or address", "the export should name every polling station")
				continue
			}
			if s.Latitude != nil && s.Longitude != nil {
				p.loc, p.badLocation = latLonLocation(*s.Latitude, *s.Longitude, pos, item, c)
			}
			byID[id] = p
			sr.places = append(sr.places, p)
		}
		for _, d := range s.PollingDistricts {
			if name := strings.TrimSpace(d.Name); name != "" {
				p.districts = appendUnique(p.districts, name)
			} else if d.ID != "" {
				p.districts = appendUnique(p.districts, string(d.ID))
			}
		}
	}
	if len(c.errs) == 0 {
		if _, err := jd.Token(); err != nil && !errors.Is(err, io.EOF) {
			c.err(plan.Pos{File: file, Line: lineAt(), Column: 1}, "", "JSON: the list is not closed", "check the export is complete")
		}
	}
	dec.note(file, c)
	if len(sr.places) == 0 && len(c.errs) == 0 {
		return nil, fileProblem(file, 1, "the file has no polling stations", "check the export is for this election")
	}
	return sr, nil
}

// splitHeader splits a first line at its sniffed delimiter.
func splitHeader(line []byte) []string {
	d := sniffDelimiter(line)
	r := bytes.Split(bytes.TrimRight(line, "\r"), []byte(string(d)))
	out := make([]string, len(r))
	for i, b := range r {
		out[i] = string(b)
	}
	return out
}

// lineCounter counts the line breaks read through it.
type lineCounter struct {
	r     io.Reader
	lines int
}

func (l *lineCounter) Read(p []byte) (int, error) {
	n, err := l.r.Read(p)
	l.lines += bytes.Count(p[:n], []byte("\n"))
	return n, err
}
