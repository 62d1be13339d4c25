package plan

import (
	"fmt"
	"go.yaml.in/yaml/v3"
	"math"
	"strings"
	"time"
	_ "time/tzdata" // Europe/London must resolve on machines without zoneinfo.

	"github.com/electplan/electplan/plan/geo"
)

// London is the zone every time in the standard is read in unless the
// time carries its own offset.
var London = mustLoadLocation("Europe/London")

func mustLoadLocation(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err) // time/tzdata is linked in: this cannot fail.
	}
	return loc
}

// Date is a calendar date with no time of day, held as midnight UTC so
// that day arithmetic never crosses a clock change.
type Date struct{ time.Time }

// NewDate returns the date y-m-d.
func NewDate(y int, m time.Month, d int) Date {
	return Date{time.Date(y, m, d, 0, 0, 0, 0, time.UTC)}
}

// DateOf returns the calendar date of t in its own location.
func DateOf(t time.Time) Date {
	return NewDate(t.Date())
}

// ParseDate reads YYYY-MM-DD.
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(time.DateOnly, strings.TrimSpace(s))
	if err != nil {
		return Date{}, fmt.Errorf("%q is not a date in the form YYYY-MM-DD", s)
	}
	return Date{t}, nil
}

// String formats the date as YYYY-MM-DD, or "" for the zero date.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return d.Format(time.DateOnly)
}

// AddDays returns the date n days later (earlier when n is negative).
func (d Date) AddDays(n int) Date { return Date{d.Time.AddDate(0, 0, n)} }

// Before reports whether d is before e.
func (d Date) Before(e Date) bool { return d.Time.Before(e.Time) }

// After reports whether d is after e.
func (d Date) After(e Date) bool { return d.Time.After(e.Time) }

// DaysUntil is the number of days from d to e (negative if e is earlier).
func (d Date) DaysUntil(e Date) int {
	return int(math.Round(e.Time.Sub(d.Time).Hours() / 24))
}

// At returns the instant at hour:minute on this date in UK local time.
func (d Date) At(hour, minute int) DateTime {
	return DateTime{time.Date(d.Year(), d.Month(), d.Day(), hour, minute, 0, 0, London)}
}

// MarshalText writes YYYY-MM-DD (so JSON and YAML both carry the plain date).
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// MarshalYAML writes the date plain (2029-05-03), as people write dates in
// the input files, rather than quoted as a string.
func (d Date) MarshalYAML() (any, error) {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!timestamp", Value: d.String()}, nil
}

// MarshalJSON writes the date as a JSON string; the zero date as null.
func (d Date) MarshalJSON() ([]byte, error) {
	if d.IsZero() {
		return []byte("null"), nil
	}
	return []byte(`"` + d.String() + `"`), nil
}

// UnmarshalText reads YYYY-MM-DD.
func (d *Date) UnmarshalText(b []byte) error {
	v, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// UnmarshalJSON reads a JSON string date or null.
func (d *Date) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*d = Date{}
		return nil
	}
	return d.UnmarshalText([]byte(strings.Trim(string(b), `"`)))
}

// DateTime is an instant written in the standard as YYYY-MM-DDTHH:MM, read
// in UK local time unless an offset is given.
type DateTime struct{ time.Time }

var dateTimeLayouts = []string{
	"2006-01-02T15:04", "2006-01-02 15:04", "2006-01-02T15:04:05", "2006-01-02 15:04:05",
}

var dateTimeZoneLayouts = []string{time.RFC3339, "2006-01-02T15:04Z07:00", "2006-01-02 15:04Z07:00"}

// ParseDateTime reads YYYY-MM-DDTHH:MM (UK local time) or the same with a
// zone offset or Z.
func ParseDateTime(s string) (DateTime, error) {
	s = strings.TrimSpace(s)
	for _, layout := range dateTimeZoneLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return DateTime{t.In(London)}, nil
		}
	}
	for _, layout := range dateTimeLayouts {
		if t, err := time.ParseInLocation(layout, s, London); err == nil {
			return DateTime{t}, nil
		}
	}
	return DateTime{}, fmt.Errorf("%q is not a time in the form YYYY-MM-DDTHH:MM", s)
}

// String formats the time as YYYY-MM-DDTHH:MM in UK local time.
func (t DateTime) String() string {
	if t.IsZero() {
		return ""
	}
	return t.In(London).Format("2006-01-02T15:04")
}

// Date is the UK calendar date of the instant.
func (t DateTime) Date() Date { return DateOf(t.In(London)) }

// Clock is HH:MM in UK local time.
func (t DateTime) Clock() string { return t.In(London).Format("15:04") }

// MarshalJSON writes RFC 3339 with the UK offset, or null when zero.
func (t DateTime) MarshalJSON() ([]byte, error) {
	if t.IsZero() {
		return []byte("null"), nil
	}
	return []byte(`"` + t.In(London).Format(time.RFC3339) + `"`), nil
}

// UnmarshalJSON reads RFC 3339 (or the standard's local form) or null.
func (t *DateTime) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*t = DateTime{}
		return nil
	}
	v, err := ParseDateTime(strings.Trim(string(b), `"`))
	if err != nil {
		return err
	}
	*t = v
	return nil
}

// MarshalText writes YYYY-MM-DDTHH:MM (the standard's own form).
func (t DateTime) MarshalText() ([]byte, error) { return []byte(t.String()), nil }

// Location is a point given either as WGS84 latitude/longitude or as a
// British National Grid easting/northing. After loading, Lat and Lon are
// always set; Grid records that the input was a grid reference.
type Location struct {
	Lat      float64 `yaml:"lat,omitempty" json:"lat"`
	Lon      float64 `yaml:"lon,omitempty" json:"lon"`
	Easting  float64 `yaml:"easting,omitempty" json:"easting,omitempty"`
	Northing float64 `yaml:"northing,omitempty" json:"northing,omitempty"`
	Grid     bool    `yaml:"-" json:"-"`
}

// LatLon returns a WGS84 location.
func LatLon(lat, lon float64) Location { return Location{Lat: lat, Lon: lon} }

// GridRef returns a location from a British National Grid reference, with
// its WGS84 position computed.
func GridRef(easting, northing float64) Location {
	lat, lon := geo.BNGToWGS84(easting, northing)
	return Location{Lat: lat, Lon: lon, Easting: easting, Northing: northing, Grid: true}
}

// String is "lat, lon" to five decimal places (about a metre).
func (l Location) String() string { return fmt.Sprintf("%.5f, %.5f", l.Lat, l.Lon) }

// UK bounds of the standard: a location must lie inside them.
const (
	ukMinLat, ukMaxLat = 49.8, 60.9
	ukMinLon, ukMaxLon = -8.7, 1.8
)

// InUK reports whether lat, lon lies within the standard's UK bounds.
func InUK(lat, lon float64) bool {
	return lat >= ukMinLat && lat <= ukMaxLat && lon >= ukMinLon && lon <= ukMaxLon
}

// TimetableOverride holds statutory dates the returning officer has fixed,
// by step name (e.g. close_of_nominations); they replace computed ones.
type TimetableOverride map[string]Date

// Pos is a place in an input file: the file as the user named it, and a
// 1-based line and column.
type Pos struct {
	File   string
	Line   int
	Column int
}

// String is file:line:col.
func (p Pos) String() string { return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Column) }

// Origin records where an item and each of its fields were read from, so
// problems found after loading still point at the exact line and column.
type Origin struct {
	Pos    Pos
	fields []fieldPos // in the order read; a later one of a name wins
}

// fieldPos is where one field was read, in the item's file.
type fieldPos struct {
	name         string
	line, column int32
}

// Field is where the value of the named key was read; list elements are
// named "key[i]". It falls back to the item's own position.
func (o Origin) Field(name string) Pos {
	if i := o.find(name); i >= 0 {
		f := o.fields[i]
		return Pos{File: o.Pos.File, Line: int(f.line), Column: int(f.column)}
	}
	return o.Pos
}

// Has reports whether the key was present in the input.
func (o Origin) Has(name string) bool { return o.find(name) >= 0 }

func (o Origin) find(name string) int {
	for i := len(o.fields) - 1; i >= 0; i-- {
		if o.fields[i].name == name {
			return i
		}
	}
	return -1
}

// set records where a field was read: p is in the item's own file.
func (o *Origin) set(name string, p Pos) {
	o.fields = append(o.fields, fieldPos{name, int32(p.Line), int32(p.Column)})
}
