package plan

import (
	"io/fs"
	"os"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/electplan/electplan/riskmodel"
)

// exampleFiles reads a shipped example, sub-folders included, as file
// name → text.
func exampleFiles(t *testing.T, dir string) map[string]string {
	t.Helper()
	files := map[string]string{}
	err := fs.WalkDir(os.DirFS(dir), ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(os.DirFS(dir), name)
		files[name] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func loadFiles(t *testing.T, files map[string]string) (*Inputs, []string) {
	t.Helper()
	fsys := fstest.MapFS{}
	for name, text := range files {
		fsys[name] = &fstest.MapFile{Data: []byte(text)}
	}
	in, err := Load(fsys, "ge")
	var warnings []string
	if in != nil {
		for _, w := range in.Warnings {
			warnings = append(warnings, w.String())
		}
	}
	if err != nil {
		return in, append(problemStrings(err), warnings...)
	}
	return in, warnings
}

func TestExampleGeographyLoads(t *testing.T) {
	in, warnings := loadFiles(t, exampleFiles(t, "../examples/general-election"))
	if len(warnings) > 0 {
		t.Fatalf("problems: %q", warnings)
	}
	g := in.Geography
	if g.Area.Code != "W15000001" || g.Area.Name != "North Wales" {
		t.Errorf("force area %s %s", g.Area.Code, g.Area.Name)
	}
	if len(g.Constituencies) != 7 {
		t.Errorf("%d constituency outlines, want 7", len(g.Constituencies))
	}
	var named []string
	for _, s := range in.Sources {
		named = append(named, s.Name)
	}
	for _, want := range []string{"boundaries/force-area.geojson", "boundaries/constituencies.geojson"} {
		if !strings.Contains(strings.Join(named, " "), want) {
			t.Errorf("sources %q lack %s", named, want)
		}
	}
}

func TestGeographyWarnings(t *testing.T) {
	const stations = "polling-stations-east.yaml"
	rhyl := "location: {lat: 53.31688, lon: -3.49226}"
	for _, c := range []struct {
		name string
		edit func(t *testing.T, files map[string]string)
		want []string
	}{
		{"station in Chester, over the border",
			func(t *testing.T, f map[string]string) {
				replace(t, f, stations, rhyl, "location: {lat: 53.1920, lon: -2.8906}")
			},
			[]string{`ge/polling-stations-east.yaml:20:15: warning: station "5120": the station is 2.1 km outside the force area (W15000001 North Wales) — check the location`,
				`ge/polling-stations-east.yaml:16:19: warning: station "5120": is listed under W07000095 Clwyd North but lies 31.5 km outside it — check`}},
		{"station listed under the wrong constituency",
			func(t *testing.T, f map[string]string) {
				replace(t, f, stations, "constituency: W07000095\n    name: Rhyl Community Centre",
					"constituency: W07000111\n    name: Rhyl Community Centre")
			},
			[]string{`station "5120": is listed under W07000111 Wrexham but lies `, ` km outside it, in W07000095 Clwyd North — check the constituency code`}},
		{"a base in Edinburgh",
			func(t *testing.T, f map[string]string) {
				replace(t, f, "resources.yaml", "location: {lat: 53.25655, lon: -4.30742}", "location: {lat: 55.9533, lon: -3.1883}")
			},
			[]string{`ge/resources.yaml:14:17: warning: base "Llangefni Police Station": the base is more than 100 km outside the force area`}},
		{"a station on the shore, just outside the generalised coast",
			func(t *testing.T, f map[string]string) {
				// Caernarfon Castle: about 100 m outside the generalised outline.
				replace(t, f, stations, rhyl, "location: {lat: 53.1393, lon: -4.2767}")
			},
			[]string{`station "5120": is listed under W07000095 Clwyd North`}},
	} {
		t.Run(c.name, func(t *testing.T) {
			files := exampleFiles(t, "../examples/general-election")
			c.edit(t, files)
			in, got := loadFiles(t, files)
			if in == nil {
				t.Fatal("no inputs")
			}
			all := strings.Join(got, "\n")
			for _, w := range c.want {
				if !strings.Contains(all, w) {
					t.Errorf("no %q in\n%s", w, all)
				}
			}
			if strings.Contains(c.name, "shore") && strings.Contains(all, "outside the force area") {
				t.Errorf("a point within the tolerance was reported:\n%s", all)
			}
			for _, p := range in.Warnings {
				if p.Severity != SeverityWarning {
					t.Errorf("not a warning: %s", p)
				}
			}
		})
	}
}

func TestGeographyErrors(t *testing.T) {
	for _, c := range []struct {
		name      string
		old, new  string
		extraFile map[string]string
		want      string
	}{
		{"missing file", "area: boundaries/force-area.geojson", "area: boundaries/nowhere.geojson", nil,
			"ge/election.yaml:31:9: force: the force area file boundaries/nowhere.geojson does not exist — the path is relative to the plan folder ge"},
		{"not the force", "area: boundaries/force-area.geojson", "area: other.geojson",
			map[string]string{"other.geojson": `{"type":"FeatureCollection","features":[` +
				`{"type":"Feature","properties":{"PFA20CD":"E23000001"},"geometry":{"type":"Polygon","coordinates":[[[0,51],[1,51],[1,52],[0,51]]]}},` +
				`{"type":"Feature","properties":{"PFA20CD":"E23000002"},"geometry":{"type":"Polygon","coordinates":[[[0,51],[1,51],[1,52],[0,51]]]}}]}`},
			"force area other.geojson: the file holds 2 areas and none has code W15000001 (it has E23000001, E23000002)"},
		{"not GeoJSON", "constituency_boundaries: boundaries/constituencies.geojson", "constituency_boundaries: election.yaml", nil,
			"ge/election.yaml:32:28: force: constituency boundaries election.yaml: not GeoJSON"},
	} {
		t.Run(c.name, func(t *testing.T) {
			files := exampleFiles(t, "../examples/general-election")
			replace(t, files, "election.yaml", c.old, c.new)
			for k, v := range c.extraFile {
				files[k] = v
			}
			_, got := loadFiles(t, files)
			if all := strings.Join(got, "\n"); !strings.Contains(all, c.want) {
				t.Errorf("no %q in\n%s", c.want, all)
			}
		})
	}
}

// What validate warns about reaches the plan's own warnings, placed in
// the folder, so a build does not hide a slip that moves a score.
func TestInputWarningsReachThePlan(t *testing.T) {
	files := exampleFiles(t, "../examples/general-election")
	replace(t, files, "polling-stations-east.yaml", "location: {lat: 53.31688, lon: -3.49226}", "location: {lat: 55.9533, lon: -3.1883}")
	in, _ := loadFiles(t, files)
	p, err := Build(in, riskmodel.National(), NewDate(2029, 4, 20))
	if err != nil {
		t.Fatal(err)
	}
	want := `polling-stations-east.yaml:20: station "5120": the station is more than 100 km outside the force area`
	if !slices.ContainsFunc(p.Warnings, func(w string) bool { return strings.HasPrefix(w, want) }) {
		t.Errorf("no %q in the plan's warnings:\n%s", want, strings.Join(p.Warnings, "\n"))
	}
}
