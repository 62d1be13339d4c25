package pdf

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/electplan/electplan/plan"
)

// renderInParts renders p with its order laid out in parts, annex B in
// lots of a few stations and annex E in lots of a few beats, or in one
// piece with the same lots.
func renderInParts(t *testing.T, p *plan.Plan, inParts bool) []byte {
	t.Helper()
	defer func(from, stations, beats int) {
		partsFrom, stationsPerLot, beatsPerLot, lotsInOnePiece = from, stations, beats, false
	}(partsFrom, stationsPerLot, beatsPerLot)
	partsFrom, stationsPerLot, beatsPerLot, lotsInOnePiece = 1<<30, 60, 12, true
	if inParts {
		partsFrom = 0
	}
	doc, err := Render(p)
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// An order laid out in parts reads exactly as the same order laid out in
// one piece: every page's text (page numbers and contents included), the
// outline, the links of the contents, and how the pages look.
func TestOrderInPartsIsTheOrderInOnePiece(t *testing.T) {
	p := buildExample(t, "general-election", plan.NewDate(2029, 4, 20))
	whole, parts := renderInParts(t, p, false), renderInParts(t, p, true)
	qpdfCheck(t, parts)
	if bytes.Equal(whole, parts) {
		t.Fatal("laying out in parts made no difference to the file")
	}
	if !bytes.Equal(parts, renderInParts(t, p, true)) {
		t.Error("the same plan laid out in parts twice gives different files")
	}
	wholeText, partsText := pdfText(t, whole), pdfText(t, parts)
	if len(wholeText) != len(partsText) {
		t.Fatalf("%d pages in one piece, %d in parts", len(wholeText), len(partsText))
	}
	for i := range wholeText {
		if wholeText[i] != partsText[i] {
			t.Errorf("page %d reads differently in parts:\n%s\n--- in one piece:\n%s", i+1, partsText[i], wholeText[i])
		}
	}
	if w, pt := bookmarks(t, whole), bookmarks(t, parts); !slices.Equal(w, pt) || len(w) < 20 {
		t.Errorf("outlines differ (%d entries in one piece, %d in parts)", len(w), len(pt))
	}
	if w, pt := contentsLinks(t, whole), contentsLinks(t, parts); !slices.Equal(w, pt) || len(w) < 10 {
		t.Errorf("contents links differ:\n%v\n%v", w, pt)
	}
	// A page whose resources have transparency (the maps' shading) is a
	// transparency group, as in the one-piece document.
	objects := map[string]string{}
	for _, m := range regexp.MustCompile(`(?s)\n(\d+) 0 obj\n(<<.*?>>)\n(?:stream|endobj)`).FindAllSubmatch(parts, -1) {
		objects[string(m[1])] = string(m[2])
	}
	grouped, transparent := 0, 0
	for _, d := range objects {
		if !strings.HasPrefix(d, "<</Type /Page\n") {
			continue
		}
		res := regexp.MustCompile(`/Resources (\d+) 0 R`).FindStringSubmatch(d)
		if res != nil && strings.Contains(objects[res[1]], "/ExtGState") {
			transparent++
			if strings.Contains(d, "/Group <<") {
				grouped++
			}
		}
	}
	if transparent == 0 || grouped != transparent {
		t.Errorf("%d of %d pages with transparency are transparency groups", grouped, transparent)
	}
	// Pages with a table, a map and a route map look the same.
	for _, page := range []int{len(wholeText) / 3, len(wholeText) - 1} {
		if d := pixelDifference(t, whole, parts, page); d > 0.001 {
			t.Errorf("page %d: %.2f%% of pixels differ", page, 100*d)
		}
	}
}

// bookmarks lists the outline as "level title → page".
func bookmarks(t *testing.T, doc []byte) []string {
	t.Helper()
	var out struct {
		Outlines []outlineItem `json:"outlines"`
	}
	if err := json.Unmarshal(qpdfJSON(t, doc, "outlines"), &out); err != nil {
		t.Fatal(err)
	}
	var lines []string
	var walk func([]outlineItem, int)
	walk = func(items []outlineItem, level int) {
		for _, it := range items {
			lines = append(lines, fmt.Sprintf("%s%s → %d", strings.Repeat("  ", level), it.Title, it.Page))
			walk(it.Kids, level+1)
		}
	}
	walk(out.Outlines, 0)
	return lines
}

type outlineItem struct {
	Title string        `json:"title"`
	Page  int           `json:"destpageposfrom1"`
	Kids  []outlineItem `json:"kids"`
}

// pixelDifference is the share of the pixels of a page that differ
// visibly between two documents.
func pixelDifference(t *testing.T, a, b []byte, page int) float64 {
	t.Helper()
	ia, ib := renderPage(t, a, page, 60), renderPage(t, b, page, 60)
	if ia.Bounds() != ib.Bounds() {
		return 1
	}
	r := ia.Bounds()
	differ := 0
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			r1, g1, b1, _ := ia.At(x, y).RGBA()
			r2, g2, b2, _ := ib.At(x, y).RGBA()
			if max(absDiff(r1, r2), absDiff(g1, g2), absDiff(b1, b2)) > 0x4000 {
				differ++
			}
		}
	}
	return float64(differ) / float64(r.Dx()*r.Dy())
}

func absDiff(a, b uint32) uint32 {
	if a > b {
		return a - b
	}
	return b - a
}

// contentsLinks lists the links on the contents page as the pages they
// go to.
func contentsLinks(t *testing.T, doc []byte) []int {
	t.Helper()
	var out struct {
		Pages []struct {
			Object string `json:"object"`
		} `json:"pages"`
		Objects map[string]any `json:"objects"`
	}
	if err := json.Unmarshal(qpdfJSON(t, doc, "pages", "objects"), &out); err != nil {
		t.Fatal(err)
	}
	pageOf := map[string]int{}
	for i, pg := range out.Pages {
		pageOf[pg.Object] = i + 1
	}
	contents, _ := out.Objects[out.Pages[1].Object].(map[string]any)
	annots, _ := contents["/Annots"].([]any)
	var pages []int
	for _, a := range annots {
		dest, _ := a.(map[string]any)["/Dest"].([]any)
		if len(dest) == 0 {
			continue
		}
		ref, _ := dest[0].(string)
		pages = append(pages, pageOf[ref])
	}
	return pages
}

func qpdfJSON(t *testing.T, doc []byte, keys ...string) []byte {
	t.Helper()
	path := filepath.Join(t.TempDir(), "doc.pdf")
	if err := os.WriteFile(path, doc, 0o644); err != nil {
		t.Fatal(err)
	}
	args := []string{"--json=1"}
	for _, k := range keys {
		args = append(args, "--json-key="+k)
	}
	out, err := exec.Command("qpdf", append(args, path)...).Output()
	if err != nil {
		t.Fatalf("qpdf --json: %v", err)
	}
	return out
}

// A part that carries links cannot be joined, and says so.
func TestPartWithLinksIsRefused(t *testing.T) {
	pg, err := newPage()
	if err != nil {
		t.Fatal(err)
	}
	pg.f.AddPage()
	pg.f.CellFormat(40, 5, "elsewhere", "", 0, "L", false, pg.f.AddLink(), "")
	doc, err := finish(pg.f, 1)
	if err != nil {
		t.Fatal(err)
	}
	main, err := newPage()
	if err != nil {
		t.Fatal(err)
	}
	main.f.AddPage()
	main.f.AddPage()
	err = assemble(&bytes.Buffer{}, main.f, 2, []finishedPart{{pages: 1, doc: doc}})
	if err == nil || !strings.Contains(err.Error(), "links") {
		t.Fatalf("got %v", err)
	}
}

// Writing text directly changes no byte of the order.
func TestDirectTextIsTheLibrarysText(t *testing.T) {
	for _, ex := range []string{"general-election", "by-election"} {
		p := buildExample(t, ex, plan.NewDate(2029, 4, 20))
		direct, err := Render(p)
		if err != nil {
			t.Fatal(err)
		}
		fastText = false
		byLibrary, err := Render(p)
		fastText = true
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(direct, byLibrary) {
			t.Errorf("%s: writing text directly changes the file", ex)
		}
	}
}

// appendHundredths gives strconv's bytes for every value, halfway cases,
// negative zero and values past its fast range included.
func TestHundredthsAreStrconvs(t *testing.T) {
	values := []float64{0, math.Copysign(0, -1), 0.005, 0.015, 0.125, 0.375, 1.005, 2.675, 1.115, 0.994999, 0.995,
		99.995, 841.89, 595.28, 999_999.994, 999_999.995, 1e6, 1e9, 1e300, -1, -0.004, math.NaN(), math.Inf(1), math.Inf(-1),
		math.SmallestNonzeroFloat64, math.Nextafter(0.125, 1), math.Nextafter(0.125, 0)}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 200_000 {
		values = append(values, rng.Float64()*900, float64(rng.IntN(90_000))/100+0.005, rng.Float64()*1e7)
	}
	for _, v := range values {
		want := strconv.AppendFloat(nil, v, 'f', 2, 64)
		if got := appendHundredths([]byte("x"), v); string(got[1:]) != string(want) || got[0] != 'x' {
			t.Errorf("%v (%b): %q, want %q", v, math.Float64bits(v), got, want)
		}
	}
}
