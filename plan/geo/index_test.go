package geo

import (
	"math"
	"math/rand/v2"
	"testing"
)

// The index must agree exactly with a brute-force scan.
func TestIndexMatchesBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	random := func() Point { return Point{Lat: 50 + rng.Float64()*8, Lon: -6 + rng.Float64()*7.5} }
	points := make([]Point, 2000)
	for i := range points {
		points[i] = random()
	}
	x := NewIndex(points, 0)
	for range 300 {
		q := random()
		best, bestKm := -1, 1e9
		for i, p := range points {
			if d := DistanceKm(q, p); d < bestKm {
				best, bestKm = i, d
			}
		}
		if got, km, ok := x.Nearest(q); !ok || got != best || km != bestKm {
			t.Fatalf("nearest to %v: got %d (%.3f km), want %d (%.3f km)", q, got, km, best, bestKm)
		}
		want := 0
		for _, p := range points {
			if DistanceKm(q, p) <= 20 {
				want++
			}
		}
		got := 0
		x.Within(q, 20, func(int, float64) { got++ })
		if got != want {
			t.Fatalf("within 20 km of %v: got %d, want %d", q, got, want)
		}
	}
}

func TestDistanceKm(t *testing.T) {
	// Bangor to Wrexham is about 77 km as the crow flies.
	d := DistanceKm(Point{53.2274, -4.1293}, Point{53.0462, -2.9931})
	if d < 75 || d > 80 {
		t.Errorf("Bangor–Wrexham: %.1f km", d)
	}
}

func TestEmptyIndex(t *testing.T) {
	if _, _, ok := NewIndex(nil, 0).Nearest(Point{52, -1}); ok {
		t.Error("nearest in an empty index")
	}
}

// A prepared point's distances are DistanceKm's, bit for bit.
func TestPreparedDistanceIsDistanceKm(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	points := []Point{{0, 0}, {90, 0}, {-90, 180}, {51.5, -0.1}, {51.5, -0.1}, {49.9, -6.4}, {60.9, -0.9}, {-33.9, 151.2}}
	for range 100_000 {
		points = append(points, Point{Lat: rng.Float64()*180 - 90, Lon: rng.Float64()*360 - 180},
			Point{Lat: 49.9 + rng.Float64()*11, Lon: -8 + rng.Float64()*10})
	}
	for i := 1; i < len(points); i++ {
		a, b := points[i-1], points[i]
		want := DistanceKm(a, b)
		if got := Prepare(a).DistanceKm(Prepare(b)); math.Float64bits(got) != math.Float64bits(want) {
			t.Fatalf("%v to %v: %v, want %v", a, b, got, want)
		}
	}
}
