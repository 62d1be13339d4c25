package plan

import (
	"errors"
	"testing"
)

// FuzzLoad feeds arbitrary bytes to the loader as one file of an otherwise
// valid folder. It must never panic, and anything it refuses must be
// refused as invalid input with at least one placed problem, never as an
// internal error. The seed corpus runs in every `go test`.
func FuzzLoad(f *testing.F) {
	base := minimal(f)
	for _, text := range base {
		f.Add(text)
	}
	for _, seed := range []string{
		"",
		"schema: electplan/v1\n",
		"schema: electplan/v2\n",
		"- a\n- b\n",
		"schema: electplan/v1\ncandidates: [{id: 1, name: x, constituency: E14001419, override: {tier_delta: 2}}]\n",
		"schema: electplan/v1\npolling_stations: [{id: 0755, constituency: E14001419, name: x, location: {easting: 0, northing: 0}}]\n",
		"schema: electplan/v1\nevents: [{id: e, kind: protest, title: t, constituency: E14001419, venue: {name: v, location: {lat: 1e400, lon: .nan}}, start: 2029-04-01T10:00, expected_attendance: 1}]\n",
		"schema: electplan/v1\nx: &a [1]\ncandidates: [*a, *a]\nelection: *a\n",
		"schema: electplan/v1\nelection: {timetable: {polling_day: 2029-13-45, bogus: x}}\n",
		"schema: electplan/v1\n---\nschema: electplan/v1\n",
		"\xef\xbb\xbfschema: electplan/v1\n",
		"schema: electplan/v1\ncandidates:\n\t- id: 1\n",
		"schema: \xff\xfe\n",
		"schema: electplan/v1\nresources: {availability: [{date: 2029-05-03, officers: 99999999999999999999}]}\n",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, text string) {
		files := minimal(t)
		files["fuzz.yaml"] = text
		_, err := Load(mapFS(files), "ep")
		if err == nil {
			return
		}
		var invalid *InvalidError
		if !errors.As(err, &invalid) {
			t.Fatalf("internal error instead of a problem report: %v", err)
		}
		if len(invalid.Problems.Errors()) == 0 {
			t.Fatalf("refused without an error-level problem: %v", err)
		}
		for _, p := range invalid.Problems {
			if p.File == "" || p.Line < 1 || p.Column < 1 || p.Message == "" {
				t.Fatalf("problem not placed: %+v", p)
			}
		}
	})
}
