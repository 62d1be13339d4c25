package geo

import (
	"math"
	"math/rand/v2"
	"os"
	"strings"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
)

func readTestdata(t testing.TB, name string) []byte {
	t.Helper()
	data, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// Known places against the ONS police force areas of England and Wales.
var knownForcePoints = []struct {
	place string
	pt    Point
	code  string // "" for outside England and Wales
}{
	{"Llanberis", Point{53.1170, -4.1290}, "W15000001"},
	{"Holyhead, Anglesey", Point{53.3093, -4.6330}, "W15000001"},
	{"Wrexham", Point{53.0466, -2.9925}, "W15000001"},
	{"Cardiff Castle", Point{51.4822, -3.1812}, "W15000003"},
	{"Trafalgar Square", Point{51.5080, -0.1281}, "E23000001"},
	{"Bank of England", Point{51.5142, -0.0885}, "E23000034"},
	{"Reading station", Point{51.4588, -0.9719}, "E23000029"},
	{"Manchester Piccadilly", Point{53.4774, -2.2309}, "E23000005"},
	{"Chester Cathedral", Point{53.1920, -2.8906}, "E23000006"},
	{"Edinburgh", Point{55.9533, -3.1883}, ""},
	{"Irish Sea", Point{53.8, -5.0}, ""},
}

func TestForceAreasOfKnownPlaces(t *testing.T) {
	data := readTestdata(t, "pfa_dec2020_ew_buc.geojson")
	b, err := ParseBoundaries(data)
	if err != nil {
		t.Fatal(err)
	}
	if b.Len() != 43 {
		t.Fatalf("%d force areas, want 43", b.Len())
	}
	for _, k := range knownForcePoints {
		a, ok := b.Find(k.pt)
		if got := a.Code; !ok && k.code != "" || got != k.code {
			t.Errorf("%s: in %q (%s), want %q", k.place, got, a.Name, k.code)
		}
	}
}

func TestParseAreaSelectsTheForceByCode(t *testing.T) {
	data := readTestdata(t, "pfa_dec2020_ew_buc.geojson")
	nw, err := ParseArea(data, "W15000001")
	if err != nil {
		t.Fatal(err)
	}
	if nw.Code != "W15000001" || nw.Name != "North Wales" {
		t.Fatalf("got %s %s", nw.Code, nw.Name)
	}
	for _, k := range knownForcePoints {
		if got, want := nw.Contains(k.pt), k.code == "W15000001"; got != want {
			t.Errorf("%s: North Wales contains = %v, want %v", k.place, got, want)
		}
	}
	// Chester is a few kilometres over the border; Edinburgh hundreds.
	if km := nw.OutsideKm(Point{53.1920, -2.8906}); km < 1 || km > 10 {
		t.Errorf("Chester is %.1f km outside North Wales, want a few", km)
	}
	if km := nw.OutsideKm(Point{55.9533, -3.1883}); km < 250 || km > 350 {
		t.Errorf("Edinburgh is %.1f km outside North Wales, want about 300", km)
	}
	if km := nw.OutsideKm(Point{53.1170, -4.1290}); km != 0 {
		t.Errorf("Llanberis is %.1f km outside North Wales, want 0", km)
	}
	// Caernarfon Castle stands on the shore, which the generalised
	// outline cuts: it is within the tolerance validate allows.
	if km := nw.OutsideKm(Point{53.1393, -4.2767}); km > 1 {
		t.Errorf("Caernarfon Castle is %.1f km outside North Wales, want under 1", km)
	}

	if _, err := ParseArea(data, "E23999999"); err == nil || !strings.Contains(err.Error(), "none has code E23999999") {
		t.Errorf("unknown code: %v", err)
	}
}

func TestParseAreaForms(t *testing.T) {
	square := `{"type":"Polygon","coordinates":[[[-1,51],[0,51],[0,52],[-1,52],[-1,51]]]}`
	inside, outside := Point{51.5, -0.5}, Point{51.5, 0.5}
	for name, doc := range map[string]string{
		"polygon":    square,
		"feature":    `{"type":"Feature","properties":{"name":"Square"},"geometry":` + square + `}`,
		"collection": `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"code":"X1"},"geometry":` + square + `}]}`,
		"multi":      `{"type":"MultiPolygon","coordinates":[[[[-1,51],[0,51],[0,52],[-1,52],[-1,51]]]]}`,
	} {
		a, err := ParseArea([]byte(doc), "X1")
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if !a.Contains(inside) || a.Contains(outside) {
			t.Errorf("%s: contains inside=%v outside=%v", name, a.Contains(inside), a.Contains(outside))
		}
		// 0.5° of longitude at 51.5°N is about 34.6 km.
		if km := a.OutsideKm(outside); km < 34 || km > 35.5 {
			t.Errorf("%s: outside by %.1f km, want about 34.6", name, km)
		}
	}
	for name, doc := range map[string]string{
		"line":     `{"type":"LineString","coordinates":[[-1,51],[0,51]]}`,
		"not json": `{"type":`,
		"no type":  `{}`,
	} {
		if _, err := ParseArea([]byte(doc), "X1"); err == nil {
			t.Errorf("%s: parsed", name)
		}
	}
}

func TestConstituenciesOfKnownPlaces(t *testing.T) {
	b, err := ParseBoundaries(readTestdata(t, "pcon_jul2024_uk_buc.geojson"))
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range []struct {
		place string
		pt    Point
		name  string
	}{
		{"Bangor cathedral", Point{53.2270, -4.1290}, "Bangor Aberconwy"},
		{"Holyhead", Point{53.3093, -4.6330}, "Ynys Môn"},
		{"Dolgellau", Point{52.7430, -3.8850}, "Dwyfor Meirionnydd"},
		{"Wrexham", Point{53.0466, -2.9925}, "Wrexham"},
		{"Reading town hall", Point{51.4566, -0.9693}, "Reading Central"},
	} {
		a, ok := b.Find(k.pt)
		if !ok || a.Name != k.name {
			t.Errorf("%s: in %s %q, want %q", k.place, a.Code, a.Name, k.name)
		}
	}
}

func TestSimplifiedKeepsTheShape(t *testing.T) {
	nw, err := ParseArea(readTestdata(t, "pfa_dec2020_ew_buc.geojson"), "W15000001")
	if err != nil {
		t.Fatal(err)
	}
	count := func(a Area) (n int) {
		for _, p := range a.Shape() {
			for _, r := range p {
				n += len(r)
			}
		}
		return n
	}
	s := NewArea(nw.Code, nw.Name, nw.Simplified(1))
	if count(s) >= count(nw) {
		t.Errorf("simplified has %d vertices, original %d", count(s), count(nw))
	}
	for _, k := range knownForcePoints {
		if k.code == "W15000001" && !s.Contains(k.pt) && s.OutsideKm(k.pt) > 1 {
			t.Errorf("%s is %.1f km outside the simplified outline", k.place, s.OutsideKm(k.pt))
		}
	}
}

// BenchmarkFind40000 places 40,000 points across Great Britain among the
// 650 constituencies, as validate does for a whole country's stations.
func BenchmarkFind40000(b *testing.B) {
	bs, err := ParseBoundaries(readTestdata(b, "pcon_jul2024_uk_buc.geojson"))
	if err != nil {
		b.Fatal(err)
	}
	r := rand.New(rand.NewPCG(1, 2))
	pts := make([]Point, 40000)
	for i := range pts {
		pts[i] = Point{Lat: 50.5 + r.Float64()*3.5, Lon: -4 + r.Float64()*5}
	}
	b.ResetTimer()
	for b.Loop() {
		for _, p := range pts {
			bs.Find(p)
		}
	}
}

// BenchmarkOutside40000 checks 40,000 points against one force area.
func BenchmarkOutside40000(b *testing.B) {
	a, err := ParseArea(readTestdata(b, "pfa_dec2020_ew_buc.geojson"), "W15000001")
	if err != nil {
		b.Fatal(err)
	}
	// Nearly every station lies inside its force area: 39,600 inside and
	// 400 outside, which cost a walk of the whole outline each.
	r := rand.New(rand.NewPCG(1, 2))
	var pts []Point
	for out := 0; len(pts) < 40000; {
		p := Point{Lat: 52.6 + r.Float64()*0.8, Lon: -4.7 + r.Float64()*1.8}
		switch {
		case a.Contains(p):
			pts = append(pts, p)
		case out < 400:
			pts = append(pts, p)
			out++
		}
	}
	b.ResetTimer()
	for b.Loop() {
		for _, p := range pts {
			a.OutsideKm(p)
		}
	}
}

// The banded edge index must agree with orb's point-in-polygon and with a
// walk of every edge, on every force area of England and Wales.
func TestEdgeIndexAgreesWithBruteForce(t *testing.T) {
	b, err := ParseBoundaries(readTestdata(t, "pfa_dec2020_ew_buc.geojson"))
	if err != nil {
		t.Fatal(err)
	}
	r := rand.New(rand.NewPCG(3, 4))
	for _, a := range b.Areas() {
		bd := a.Bound()
		for range 300 {
			p := Point{
				Lat: bd.Min[1] - 0.2 + r.Float64()*(bd.Max[1]-bd.Min[1]+0.4),
				Lon: bd.Min[0] - 0.2 + r.Float64()*(bd.Max[0]-bd.Min[0]+0.4),
			}
			pt := orb.Point{p.Lon, p.Lat}
			if got, want := a.Contains(p), planar.MultiPolygonContains(a.Shape(), pt); got != want {
				t.Fatalf("%s: contains %v = %v, orb says %v", a.Name, p, got, want)
			}
			if a.Contains(p) {
				continue
			}
			got, want := a.OutsideKm(p), bruteOutsideKm(a.Shape(), p)
			if math.Abs(got-want) > 1e-9 {
				t.Fatalf("%s: %v outside by %.6f km, every edge says %.6f", a.Name, p, got, want)
			}
		}
	}
}

func bruteOutsideKm(shape orb.MultiPolygon, p Point) float64 {
	kx := kmPerDegreeLat * math.Cos(p.Lat*math.Pi/180)
	best := math.Inf(1)
	for _, poly := range shape {
		for _, ring := range poly {
			for i := 1; i < len(ring); i++ {
				best = min(best, segmentDistance2((ring[i-1][0]-p.Lon)*kx, (ring[i-1][1]-p.Lat)*kmPerDegreeLat,
					(ring[i][0]-p.Lon)*kx, (ring[i][1]-p.Lat)*kmPerDegreeLat))
			}
		}
	}
	return math.Sqrt(best)
}

// A boundary file in metres (British National Grid) or with rings of
// fewer than three points is refused with the reason, never read as a
// vast or empty area.
func TestParseBoundariesRefusesWhatIsNotAnArea(t *testing.T) {
	for name, c := range map[string]struct{ doc, want string }{
		"grid metres": {`{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"PCON24CD":"W07000081"},"geometry":{"type":"Polygon","coordinates":[[[300000,350000],[301000,350000],[301000,351000],[300000,350000]]]}}]}`,
			"EPSG:27700"},
		"empty ring": {`{"type":"Polygon","coordinates":[[]]}`, "no ring of three or more points"},
		"one point":  {`{"type":"Polygon","coordinates":[[[0.5,51.5]]]}`, "no ring of three or more points"},
		"no rings":   {`{"type":"Polygon","coordinates":[]}`, "no ring of three or more points"},
		"two points": {`{"type":"MultiPolygon","coordinates":[[[[0,51],[1,51]]]]}`, "no ring of three or more points"},
	} {
		if _, err := ParseArea([]byte(c.doc), "W07000081"); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want an error saying %q", name, err, c.want)
		}
	}
}

// An area too large for the lookup grid is still found, and the first
// area in the file still wins where outlines overlap.
func TestFindWideAreas(t *testing.T) {
	doc := `{"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"code":"SMALL"},"geometry":{"type":"Polygon","coordinates":[[[-1,51],[0,51],[0,52],[-1,52],[-1,51]]]}},
{"type":"Feature","properties":{"code":"WIDE"},"geometry":{"type":"Polygon","coordinates":[[[-20,40],[20,40],[20,70],[-20,70],[-20,40]]]}}]}`
	b, err := ParseBoundaries([]byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	if len(b.wide) != 1 {
		t.Fatalf("%d wide areas, want 1", len(b.wide))
	}
	for _, c := range []struct {
		pt   Point
		want string
	}{{Point{51.5, -0.5}, "SMALL"}, {Point{60, 10}, "WIDE"}, {Point{30, 0}, ""}} {
		a, _ := b.Find(c.pt)
		if a.Code != c.want {
			t.Errorf("%v: in %q, want %q", c.pt, a.Code, c.want)
		}
	}
}

// Far from a detailed outline, OutsideKmUpTo gives up at its limit; near
// it, it agrees with OutsideKm.
func TestOutsideKmUpTo(t *testing.T) {
	var ring orb.Ring
	const n = 20000
	for i := 0; i <= n; i++ {
		th := 2 * math.Pi * float64(i%n) / n
		ring = append(ring, orb.Point{-3.8 + 0.6*math.Cos(th), 53 + 0.4*math.Sin(th)})
	}
	a := NewArea("X", "", orb.MultiPolygon{{ring}})
	near := Point{Lat: 53, Lon: -3.1} // about 7 km east of the outline
	if got, want := a.OutsideKmUpTo(near, 100), a.OutsideKm(near); got != want || want < 5 || want > 10 {
		t.Errorf("near: %.2f km up to 100, %.2f km exactly", got, want)
	}
	far := Point{Lat: 51.5, Lon: -0.1} // London
	if got := a.OutsideKmUpTo(far, 100); !math.IsInf(got, 1) {
		t.Errorf("far: %.1f km, want beyond the limit", got)
	}
	if got := a.OutsideKm(far); got < 200 || math.IsInf(got, 1) {
		t.Errorf("far, exactly: %.1f km", got)
	}
}
