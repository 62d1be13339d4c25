package pdf

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"

	"github.com/electplan/electplan/plan"
)

// qpdfCheck runs qpdf's structural check (cross-reference table, stream
// lengths and encodings) over a document.
func qpdfCheck(t *testing.T, doc []byte) {
	t.Helper()
	if _, err := exec.LookPath("qpdf"); err != nil {
		t.Fatal("qpdf not found: install qpdf (the CI script does) to check the PDF's structure")
	}
	path := filepath.Join(t.TempDir(), "doc.pdf")
	if err := os.WriteFile(path, doc, 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("qpdf", "--check", path).CombinedOutput(); err != nil {
		t.Fatalf("qpdf --check: %v\n%s", err, out)
	}
}

// The rewritten document is structurally sound, every page stream is
// compressed, it reads the same as before, and the bytes do not depend on
// how many workers compressed them.
func TestCompressedStreams(t *testing.T) {
	p := buildExample(t, "by-election", plan.NewDate(2027, 3, 1))
	doc, err := Render(p)
	if err != nil {
		t.Fatal(err)
	}
	qpdfCheck(t, doc)
	if raw := regexp.MustCompile(`\d+ 0 obj\n<</Length \d+>>\nstream\n`).FindAll(doc, -1); len(raw) > 0 {
		t.Errorf("%d streams left uncompressed", len(raw))
	}
	if n := bytes.Count(doc, []byte("/Filter /FlateDecode")); n < 10 {
		t.Errorf("only %d compressed streams", n)
	}

	// The same document through one worker and through many.
	one, many := compressWith(t, 1), compressWith(t, 8)
	if !bytes.Equal(one, many) {
		t.Error("the result depends on the number of workers")
	}
	qpdfCheck(t, one)
	if !bytes.Contains(pdfTextOf(t, one), []byte("Polling day: stations open 07:00 to 22:00.")) {
		t.Error("the text does not survive compression")
	}
}

func compressWith(t *testing.T, workers int) []byte {
	t.Helper()
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(workers))
	pg, err := newPage()
	if err != nil {
		t.Fatal(err)
	}
	fixDates(pg.f, plan.NewDate(2029, 5, 3))
	pg.f.AddPage()
	pg.para("Polling day: stations open 07:00 to 22:00.")
	var out bytes.Buffer
	if err := output(pg.f, &out); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

func pdfTextOf(t *testing.T, doc []byte) []byte {
	t.Helper()
	path := filepath.Join(t.TempDir(), "doc.pdf")
	if err := os.WriteFile(path, doc, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", path, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// A document that is not the library's gives an error, not a broken file.
func TestParseDocumentRefusesOtherDocuments(t *testing.T) {
	for name, doc := range map[string]string{
		"empty":       "",
		"no xref":     "%PDF-1.4\n1 0 obj\n<<>>\nendobj\nstartxref\n999\n%%EOF\n",
		"bad length":  "%PDF-1.4\n1 0 obj\n<</Length 99>>\nstream\nabc\nendstream\nendobj\nxref\n0 2\n0000000000 65535 f \n0000000009 00000 n \ntrailer\n<</Size 2>>\nstartxref\n58\n%%EOF\n",
		"bad xref at": "%PDF-1.4\nstartxref\n-4\n%%EOF\n",
	} {
		if _, err := parseDocument([]byte(doc)); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

// A document too long to hold uncompressed is compressed by the library
// page by page instead, and is just as sound and readable.
func TestLongDocumentsCompressedByTheLibrary(t *testing.T) {
	defer func(n int) { maxPagesCompressedAfter = n }(maxPagesCompressedAfter)
	p := buildExample(t, "by-election", plan.NewDate(2027, 3, 1))
	after, err := Render(p)
	if err != nil {
		t.Fatal(err)
	}
	maxPagesCompressedAfter = 1
	byLibrary, err := Render(p)
	if err != nil {
		t.Fatal(err)
	}
	qpdfCheck(t, byLibrary)
	if bytes.Equal(after, byLibrary) {
		t.Fatal("the threshold made no difference")
	}
	if !bytes.Equal(pdfTextOf(t, after), pdfTextOf(t, byLibrary)) {
		t.Error("the two ways of compressing read differently")
	}
}

// A colour set again is not written again, and is written again once a
// clip or a new page has put the colours back.
func TestColoursWrittenWhenTheyChange(t *testing.T) {
	pg, err := newPage()
	if err != nil {
		t.Fatal(err)
	}
	red, blue := rgb{200, 0, 0}, rgb{0, 0, 200}
	const redOp, blueOp = "0.784 0.000 0.000 rg", "0.000 0.000 0.784 rg"
	pg.f.AddPage()
	pg.fill(red)
	pg.fill(red)
	pg.f.Rect(20, 20, 10, 10, "F")
	pg.f.ClipRect(0, 0, 100, 100, false)
	pg.fill(blue)
	pg.f.Rect(40, 40, 10, 10, "F")
	pg.f.ClipEnd()
	pg.forgetState()
	pg.fill(blue) // the clip's end put red back: blue is written again
	pg.f.Rect(60, 60, 10, 10, "F")
	pg.draw(blue)
	pg.f.AddPage() // the header and footer set colours of their own
	pg.fill(blue)  // the library put blue back after them: nothing to write
	pg.f.Rect(20, 20, 10, 10, "F")
	pg.draw(rule) // the header drew its rule, but the library put blue back: rule is written
	pg.f.Line(20, 50, 80, 50)
	var out bytes.Buffer
	if err := pg.f.Output(&out); err != nil {
		t.Fatal(err)
	}
	doc := out.String()
	first, second, ok := strings.Cut(doc[strings.Index(doc, "stream"):], "endstream")
	if !ok {
		t.Fatal("no page content")
	}
	if n := strings.Count(first, redOp); n != 1 {
		t.Errorf("red written %d times on page 1, want 1", n)
	}
	if n := strings.Count(first, blueOp); n != 2 {
		t.Errorf("blue written %d times on page 1, want 2 (in the clip and after it)", n)
	}
	page2 := second[:strings.Index(second, "endstream")]
	if n := strings.Count(page2, blueOp); n != 1 {
		t.Errorf("blue written %d times on page 2, want once, by the library, when it puts the colours back", n)
	}
	ruleOp := fmt.Sprintf("%.3f %.3f %.3f RG", float64(rule.r)/255, float64(rule.g)/255, float64(rule.b)/255)
	if !strings.Contains(page2[strings.LastIndex(page2, "0.000 0.000 0.784 RG"):], ruleOp) {
		t.Errorf("the rule's colour is not written after the library puts blue back:\n%s", page2)
	}
}

// Skipping a font or colour already in force changes nothing on any
// page: the orders look the same, pixel for pixel, with the caches off.
func TestCachedStateLooksTheSame(t *testing.T) {
	p := buildExample(t, "general-election", plan.NewDate(2029, 4, 20))
	render := func(cache bool) []byte {
		defer func(was bool) { cacheState = was }(cacheState)
		cacheState = cache
		var out bytes.Buffer
		if err := Write(&out, p); err != nil {
			t.Fatal(err)
		}
		return out.Bytes()
	}
	pages := func(doc []byte) []string {
		var images []string
		for _, png := range renderPages(t, doc, 40, "", "plan") {
			b, err := os.ReadFile(png)
			if err != nil {
				t.Fatal(err)
			}
			images = append(images, string(b))
		}
		return images
	}
	cached, uncached := render(true), render(false)
	if len(cached) >= len(uncached) {
		t.Errorf("the caches save nothing: %d bytes with them, %d without", len(cached), len(uncached))
	}
	got, want := pages(cached), pages(uncached)
	if len(got) != len(want) {
		t.Fatalf("%d pages with the caches, %d without", len(got), len(want))
	}
	for i := range got {
		if got[i] != want[i] {
			t.Errorf("page %d looks different with the caches", i+1)
		}
	}
}

// The contents are drawn after the last page: what the caches hold from
// that page does not carry over (the heading's rule is navy, whatever
// colour the last page last drew in).
func TestContentsSetTheirOwnColours(t *testing.T) {
	pg, err := newPage()
	if err != nil {
		t.Fatal(err)
	}
	r := &renderer{pg: pg}
	pg.f.AddPage()
	at := r.contentsPlaceholder()
	pg.section("x", "3. Something") // its heading is underlined in navy, the last draw colour set
	r.fillContents(at)
	var out bytes.Buffer
	if err := pg.f.Output(&out); err != nil {
		t.Fatal(err)
	}
	// The library writes each page and then its content, in page order.
	streams := regexp.MustCompile(`(?s)>>\nstream\n(.*?)\nendstream`).FindAllStringSubmatch(out.String(), -1)
	if len(streams) < at {
		t.Fatalf("%d streams, no page %d", len(streams), at)
	}
	contents := streams[at-1][1]
	navyOp := fmt.Sprintf("%.3f %.3f %.3f RG", float64(navy.r)/255, float64(navy.g)/255, float64(navy.b)/255)
	if !strings.Contains(contents, navyOp) {
		t.Errorf("the contents page never sets navy for its rule:\n%s", contents)
	}
}
