package geo

import (
	"math"
	"testing"
)

func dms(d, m, s float64) float64 { return d + m/60 + s/3600 }

// metresApart is a flat-earth distance, fine for errors of a few metres.
func metresApart(lat1, lon1, lat2, lon2 float64) float64 {
	dy := (lat1 - lat2) * 111_320
	dx := (lon1 - lon2) * 111_320 * math.Cos(lat1*math.Pi/180)
	return math.Hypot(dx, dy)
}

// The worked example of the OS guide, annex C: the projection alone must be
// exact to a millimetre or so.
func TestProjectionMatchesOSWorkedExample(t *testing.T) {
	const e, n = 651409.903, 313177.270
	wantLat, wantLon := dms(52, 39, 27.2531), dms(1, 43, 4.5177)

	phi, lambda := bngToOSGB36(e, n)
	lat, lon := phi*180/math.Pi, lambda*180/math.Pi
	if d := metresApart(lat, lon, wantLat, wantLon); d > 0.005 {
		t.Errorf("inverse projection: got %.9f,%.9f, want %.9f,%.9f (%.4f m off)", lat, lon, wantLat, wantLon, d)
	}
	ge, gn := osgb36ToBNG(wantLat*math.Pi/180, wantLon*math.Pi/180)
	if math.Abs(ge-e) > 0.005 || math.Abs(gn-n) > 0.005 {
		t.Errorf("forward projection: got %.3f,%.3f, want %.3f,%.3f", ge, gn, e, n)
	}
}

// Points whose WGS84/ETRS89 positions are published by Ordnance Survey's
// OSTN transformation; the Helmert path must stay within a few metres.
func TestBNGToWGS84WithinAFewMetres(t *testing.T) {
	tests := []struct {
		name             string
		easting, north   float64
		wantLat, wantLon float64
	}{
		{"TR143599 Kent", 614300, 159900, 51.297880, 1.072628},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lat, lon := BNGToWGS84(tt.easting, tt.north)
			if d := metresApart(lat, lon, tt.wantLat, tt.wantLon); d > 5 {
				t.Errorf("got %.6f,%.6f, want %.6f,%.6f: %.1f m off", lat, lon, tt.wantLat, tt.wantLon, d)
			}
		})
	}
}

func TestRoundTrip(t *testing.T) {
	for _, p := range [][2]float64{{524755, 197969}, {349506, 479545}, {140000, 30000}, {460000, 1200000}} {
		lat, lon := BNGToWGS84(p[0], p[1])
		e, n := WGS84ToBNG(lat, lon)
		if math.Abs(e-p[0]) > 0.01 || math.Abs(n-p[1]) > 0.01 {
			t.Errorf("%v → %.6f,%.6f → %.3f,%.3f", p, lat, lon, e, n)
		}
	}
}
