package pdf

import (
	"bytes"
	"fmt"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/electplan/electplan/plan"
	"github.com/electplan/electplan/plan/geo"
	"github.com/electplan/electplan/riskmodel"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
	"pgregory.net/rapid"
)

// Labels never overlap one another, a labelled mark or the map's
// furniture, never leave the frame, and every label is either placed or
// counted as left off, however crowded the map.
func TestLabelsNeverOverlap(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.IntRange(1, 60).Draw(t, "marks")
		spread := rapid.Float64Range(0.001, 0.5).Draw(t, "spread") // degrees
		var marks []mark
		for i := range n {
			marks = append(marks, mark{
				kind: markKind(rapid.IntRange(0, 3).Draw(t, "kind")),
				at: orb.Point{-3.5 + rapid.Float64Range(0, spread).Draw(t, "lon"),
					53 + rapid.Float64Range(0, spread).Draw(t, "lat")},
				label: strings.Repeat("X", rapid.IntRange(0, 12).Draw(t, "label")),
				rank:  rapid.IntRange(0, 40).Draw(t, "rank"),
				band:  riskmodel.High,
			})
			_ = i
		}
		view := fitView(orb.Bound{Min: orb.Point{-3.5, 53}, Max: orb.Point{-3.5 + spread, 53 + spread}})
		frame := rect{16, 30, 194, 150}
		pr := newProjection(view, frame.x0, frame.y0, frame.x1-frame.x0, frame.y1-frame.y0)
		furniture := []rect{{frame.x1 - 9, frame.y0 + 3, frame.x1 - 3, frame.y0 + 13}, {frame.x0 + 3, frame.y1 - 10, frame.x0 + 40, frame.y1 - 3}}
		width := func(s string) float64 { return 1.2 * float64(len(s)) }
		spots, omitted := spotLabels(pr, marks, 1.5, frame, furniture, width)

		labelled := 0
		var markBoxes []rect
		for _, m := range marks {
			if m.label != "" {
				labelled++
				x, y := pr.xy(m.at)
				markBoxes = append(markBoxes, markBox(m.kind, x, y, 1.5))
			}
		}
		if len(spots)+omitted != labelled {
			t.Fatalf("%d placed + %d left off != %d labelled", len(spots), omitted, labelled)
		}
		for i, a := range spots {
			if !a.box.inside(frame) {
				t.Fatalf("label %q leaves the frame: %+v", a.text, a.box)
			}
			for _, b := range spots[i+1:] {
				if a.box.overlaps(b.box) {
					t.Fatalf("labels %q and %q overlap", a.text, b.text)
				}
			}
			for _, b := range append(markBoxes, furniture...) {
				if a.box.overlaps(b) {
					t.Fatalf("label %q covers a labelled mark or the furniture", a.text)
				}
			}
		}
		again, _ := spotLabels(pr, marks, 1.5, frame, furniture, width)
		if fmt.Sprint(again) != fmt.Sprint(spots) {
			t.Fatal("placement differs between two runs")
		}
	})
}

// A constituency's name is written inside it, even where the outline is
// a crescent or an archipelago whose centroid is outside.
func TestLabelPointIsInside(t *testing.T) {
	data, err := os.ReadFile("../geo/testdata/pcon_jul2024_uk_buc.geojson")
	if err != nil {
		t.Fatal(err)
	}
	b, err := geo.ParseBoundaries(data)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range b.Areas() {
		p, ok := labelPoint(a.Shape())
		if !ok || !planar.MultiPolygonContains(a.Shape(), p) {
			t.Errorf("%s %s: label point %v is outside", a.Code, a.Name, p)
		}
	}
}

// renderPage renders one page of a PDF at dpi and decodes it.
// renderPages renders every page of doc into dir (a temporary folder if
// empty) at dpi and returns the images' paths in page order.
func renderPages(t *testing.T, doc []byte, dpi int, dir, name string) []string {
	t.Helper()
	if _, err := exec.LookPath("pdftoppm"); err != nil {
		t.Fatal("pdftoppm not found: install poppler-utils")
	}
	if dir == "" {
		dir = t.TempDir()
	}
	path := filepath.Join(dir, name+".pdf")
	if err := os.WriteFile(path, doc, 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("pdftoppm", "-png", "-r", fmt.Sprint(dpi), path, filepath.Join(dir, name)).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v\n%s", err, out)
	}
	pngs, err := filepath.Glob(filepath.Join(dir, name+"-*.png")) // numbered with leading zeros: in page order
	if err != nil {
		t.Fatal(err)
	}
	return pngs
}

func renderPage(t *testing.T, doc []byte, page, dpi int) image.Image {
	t.Helper()
	if _, err := exec.LookPath("pdftoppm"); err != nil {
		t.Fatal("pdftoppm not found: install poppler-utils")
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "plan.pdf")
	if err := os.WriteFile(path, doc, 0o644); err != nil {
		t.Fatal(err)
	}
	n := fmt.Sprint(page)
	if out, err := exec.Command("pdftoppm", "-png", "-r", fmt.Sprint(dpi), "-f", n, "-l", n, "-singlefile",
		path, filepath.Join(dir, "page")).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v\n%s", err, out)
	}
	f, err := os.Open(filepath.Join(dir, "page.png"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	return img
}

// share is the fraction of an image's pixels within tol of colour c.
func share(img image.Image, c rgb, tol int) float64 {
	b := img.Bounds()
	n := 0
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			if abs(int(r>>8)-c.r) <= tol && abs(int(g>>8)-c.g) <= tol && abs(int(bl>>8)-c.b) <= tol {
				n++
			}
		}
	}
	return float64(n) / float64(b.Dx()*b.Dy())
}

func abs(n int) int { return max(n, -n) }

// pageWith is the first page (from 1) whose text holds all of want, after
// the contents.
func pageWith(t *testing.T, pages []string, want ...string) int {
	t.Helper()
	for i, p := range pages {
		if strings.Contains(p, "Contents") {
			continue
		}
		all := true
		for _, w := range want {
			all = all && strings.Contains(p, w)
		}
		if all {
			return i + 1
		}
	}
	t.Fatalf("no page holds %q", want)
	return 0
}

// The general-election plan has an overview map in the Method section and
// a map for each constituency in annex B; the overview draws the force
// area, its stations and its flashpoints.
func TestMapsRender(t *testing.T) {
	p := buildExample(t, "general-election", plan.NewDate(2029, 4, 20))
	doc, err := Render(p)
	if err != nil {
		t.Fatal(err)
	}
	pages := pdfText(t, doc)
	all := strings.Join(pages, "\f")
	if n, want := strings.Count(all, "polling station (RAG)"), 1+len(p.Constituencies); n != want {
		t.Errorf("%d map legends, want %d (an overview and one per constituency)", n, want)
	}
	if !strings.Contains(all, "Contains OS data © Crown copyright and database right") {
		t.Error("the maps do not carry the ONS attribution")
	}
	overview := pageWith(t, pages, "6.1 Overview map", "polling station (RAG)")
	img := renderPage(t, doc, overview, 50)
	if s := share(img, landFill, 3); s < 0.08 {
		t.Errorf("force area tint covers %.1f%% of the overview page, want a large share", 100*s)
	}
	if s := share(img, bandColours[riskmodel.Low].fill, 40); s < 0.001 {
		t.Errorf("green stations cover %.2f%% of the overview page", 100*s)
	}
	if s := share(img, navy, 30); s < 0.001 {
		t.Errorf("navy (bases, headings) covers %.2f%% of the overview page", 100*s)
	}
	// A constituency map: the focus constituency is white inside the
	// tinted force area.
	ynys := pageWith(t, pages, "Ynys Môn (W07000112)", "polling station (RAG)")
	img = renderPage(t, doc, ynys, 50)
	if s := share(img, landFill, 3); s < 0.01 {
		t.Errorf("no tinted neighbouring land on the Ynys Môn map (%.2f%%)", 100*s)
	}
}

// A plan with no boundary files still maps its places, without claiming
// any boundary source.
func TestMapsWithoutBoundaries(t *testing.T) {
	p := buildExample(t, "by-election", plan.NewDate(2027, 3, 1))
	p.Map = plan.MapData{}
	doc, err := Render(p)
	if err != nil {
		t.Fatal(err)
	}
	all := strings.Join(pdfText(t, doc), "\f")
	if n := strings.Count(all, "polling station (RAG)"); n != 2 {
		t.Errorf("%d map legends, want 2", n)
	}
	if strings.Contains(all, "Boundaries are generalised") {
		t.Error("a plan with no boundaries names a boundary source")
	}
}

// Labels are set in the label font even after the map's clip has ended,
// which restores whatever font the page had before the map.
func TestLabelsKeepTheirFontAfterTheClip(t *testing.T) {
	pg, err := newPage()
	if err != nil {
		t.Fatal(err)
	}
	pg.f.AddPage()
	pg.para("Before the map, in the body font.")
	sq := orb.MultiPolygon{{{{-3.9, 53.1}, {-3.7, 53.1}, {-3.7, 53.3}, {-3.9, 53.3}, {-3.9, 53.1}}}}
	marks := []mark{{kind: markEvent, at: orb.Point{-3.8, 53.2}, band: riskmodel.VeryHigh, label: "EV-1"}}
	if omitted := pg.drawMap(mapSpec{view: fitView(sq.Bound()), outlines: []outline{{name: "Clwyd", shape: sq}}, names: true,
		marks: marks, scale: 1}, marginL, 40, pg.bodyW, 100); omitted != 0 {
		t.Fatalf("%d labels left off", omitted)
	}
	var raw bytes.Buffer
	if err := pg.f.Output(&raw); err != nil { // uncompressed: newPage leaves compression to output
		t.Fatal(err)
	}
	doc := raw.String()
	// The label's text, as the library encodes it (UTF-16, big-endian).
	at := strings.Index(doc, "(\x00E\x00V\x00-\x001)")
	if at < 0 {
		t.Fatal("the label is not on the page")
	}
	// The font in force where it is drawn: the last Tf, with q … Q
	// restoring the one before.
	stack := []string{""}
	for _, line := range strings.Split(doc[strings.Index(doc, "stream\n"):at], "\n") {
		for _, tok := range strings.Fields(line) {
			switch tok {
			case "q":
				stack = append(stack, stack[len(stack)-1])
			case "Q":
				stack = stack[:len(stack)-1]
			}
		}
		if i := strings.Index(line, " Tf"); i > 0 && strings.HasPrefix(line, "BT /F") {
			stack[len(stack)-1] = line[:i]
		}
	}
	if font := stack[len(stack)-1]; !strings.HasSuffix(font, fmt.Sprintf(" %.2f", labelSize)) {
		t.Errorf("the label is set in %q, want the %.1f pt label font", font, labelSize)
	}
}

// A place far outside the force area (a slip in its location) is left
// off the overview and said to be, rather than shrinking the area to a
// speck.
func TestFarPlaceLeftOffTheMap(t *testing.T) {
	p := buildExample(t, "general-election", plan.NewDate(2029, 4, 20))
	edinburgh := plan.LatLon(55.9533, -3.1883)
	p.PollingStations[0].Location = &edinburgh
	doc, err := Render(p)
	if err != nil {
		t.Fatal(err)
	}
	pages := pdfText(t, doc)
	overview := pageWith(t, pages, "6.1 Overview map", "polling station (RAG)")
	if !strings.Contains(strings.Join(strings.Fields(pages[overview-1]), " "), "1 place lies more than 25 km outside the area shown") {
		t.Error("the overview does not say a place is left off")
	}
	if s := share(renderPage(t, doc, overview, 50), landFill, 3); s < 0.08 {
		t.Errorf("force area tint covers %.1f%% of the overview page: the map zoomed out", 100*s)
	}
}
