package pdf

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"codeberg.org/go-pdf/fpdf"
	"github.com/electplan/electplan/plan"
	"github.com/electplan/electplan/riskmodel"
	"github.com/electplan/electplan/templates"
)

// Page geometry, in millimetres (A4 portrait; a landscape page swaps the
// width and height: see page.w and page.h).
const (
	pageW        = 210.0
	pageH        = 297.0
	marginL      = 16.0
	marginR      = 16.0
	marginTop    = 22.0
	marginBottom = 20.0
	bodyW        = pageW - marginL - marginR
	lineH        = 4.6
	cellPad      = 1.2
)

// rgb is a colour.
type rgb struct{ r, g, b int }

var (
	navy      = rgb{31, 56, 100}
	ink       = rgb{33, 33, 33}
	muted     = rgb{96, 96, 96}
	rule      = rgb{180, 186, 196}
	headFill  = rgb{221, 228, 240}
	zebraFill = rgb{246, 248, 251}
	white     = rgb{255, 255, 255}
	alertFill = rgb{253, 236, 234}
	alertInk  = rgb{150, 20, 20}
)

// bandColours are the fill and text colours of each band (RAG, with black
// for very-high, as in the national model).
var bandColours = map[riskmodel.Band]struct{ fill, text rgb }{
	riskmodel.Low:      {rgb{0, 150, 80}, white},
	riskmodel.Medium:   {rgb{255, 192, 0}, ink},
	riskmodel.High:     {rgb{192, 0, 0}, white},
	riskmodel.VeryHigh: {rgb{0, 0, 0}, white},
}

// ragBand maps a RAG rating to the band whose colours it shares.
func ragBand(rag string) riskmodel.Band {
	switch rag {
	case "green":
		return riskmodel.Low
	case "amber":
		return riskmodel.Medium
	}
	return riskmodel.High
}

// tierBand maps a candidate tier to the band whose colours it shares.
func tierBand(t riskmodel.Tier) riskmodel.Band {
	return riskmodel.Bands[max(t.Rank(), 0)]
}

const family = "sans"

// page is the document being laid out: fpdf plus what the running header
// and footer and the contents need to know.
type page struct {
	f        *fpdf.Fpdf
	curStyle string // the font style and size last set, to skip repeats; size 0 when not known
	curSize  float64
	colours  colours // the colours last set, to skip repeats
	marking  string
	left     string  // header, left: operation and revision
	right    string  // header, right: force
	foot     string  // footer, left
	banner   string  // extra restricted banner under the header, if any
	w, h     float64 // the page's width and height
	bodyW    float64 // the width between the margins
	toc      []tocEntry
	sections map[string]int

	// A part of a long document is laid out on its own (see parts.go):
	// its headings are kept in headings for the whole document's
	// bookmarks and contents, and its pages are numbered by the
	// placeholders that stand for them in the main document.
	part     bool
	headings []partHeading
	// What textAt needs: the characters the library has seen in each
	// face, a buffer, and colours as operators.
	seen     map[string]*runeSet
	buf      []byte
	colorOps map[[3]int]string
	faces    []string // the font's styles loaded

	// The pages from placeholdersFrom on (if set) stand in for the parts'
	// pages: they have no header, and only the page number of a footer.
	placeholdersFrom int
}

// isPlaceholder reports whether the current page stands in for a part's.
func (pg *page) isPlaceholder() bool {
	return pg.placeholdersFrom > 0 && pg.f.PageNo() >= pg.placeholdersFrom
}

type tocEntry struct {
	level int
	title string
	page  int
	link  int
}

func newPage() (*page, error) { return newPageOriented(false, true) }

// newLandscapePage is newPage for a document of wide tables, on A4
// landscape.
func newLandscapePage() (*page, error) { return newPageOriented(true, true) }

// newPartPage is newPage for a part of a long document (see parts.go),
// whose pages are numbered by the main document: it has no {nb} alias,
// which the library would otherwise look for in every page.
func newPartPage() (*page, error) { return newPageOriented(false, false) }

func newPageOriented(landscape, numbered bool) (*page, error) {
	orientation, w, h := "P", pageW, pageH
	if landscape {
		orientation, w, h = "L", pageH, pageW
	}
	f := fpdf.New(orientation, "mm", "A4", "")
	f.SetCompression(false) // output compresses the streams when the document is done
	pg := &page{f: f, sections: map[string]int{}, w: w, h: h, bodyW: w - marginL - marginR}
	for _, style := range []string{"", "B"} { // italic is loaded when first used
		if err := pg.loadFace(style); err != nil {
			return nil, err
		}
	}
	f.SetMargins(marginL, marginTop, marginR)
	f.SetAutoPageBreak(true, marginBottom)
	if numbered {
		f.AliasNbPages("{nb}")
	}
	f.SetHeaderFuncMode(func() { pg.keepFont(pg.header) }, true)
	f.SetFooterFunc(func() { pg.keepFont(pg.footer) })
	return pg, nil
}

// colours are the text, fill and draw colours last set. The library
// writes a fill or draw colour every time it is set, and a long table
// sets the same ones row after row; a colour is known only until the
// graphics state is restored (the end of a clip or a transform), which
// puts back the colours in force before it.
type colours struct {
	text, fill, draw                rgb
	knownText, knownFill, knownDraw bool
}

// cacheState skips setting a font or colour already in force; tests
// turn it off to check the order looks the same without it.
var cacheState = true

func (pg *page) text(c rgb) {
	if cs := &pg.colours; !cacheState || !cs.knownText || cs.text != c {
		cs.text, cs.knownText = c, true
		pg.f.SetTextColor(c.r, c.g, c.b)
	}
}

func (pg *page) fill(c rgb) {
	if cs := &pg.colours; !cacheState || !cs.knownFill || cs.fill != c {
		cs.fill, cs.knownFill = c, true
		pg.f.SetFillColor(c.r, c.g, c.b)
	}
}

func (pg *page) draw(c rgb) {
	if cs := &pg.colours; !cacheState || !cs.knownDraw || cs.draw != c {
		cs.draw, cs.knownDraw = c, true
		pg.f.SetDrawColor(c.r, c.g, c.b)
	}
}

// forgetState empties the font and colour caches, for when what is in
// force is not what they say: after the graphics state is restored (the
// end of a clip or a transform), or after moving to another page.
func (pg *page) forgetState() {
	pg.curStyle, pg.curSize = "", 0
	pg.colours = colours{}
}

// font sets the font, skipping the call when nothing changes: setting a
// font is the commonest call in a long table.
func (pg *page) font(style string, size float64) {
	if cacheState && style == pg.curStyle && size == pg.curSize {
		return
	}
	pg.curStyle, pg.curSize = style, size
	if err := pg.loadFace(style); err != nil {
		pg.f.SetError(err)
		return
	}
	pg.f.SetFont(family, style, size)
}

// fontFiles are the faces of the document font by style.
var fontFiles = map[string]string{
	"":  "fonts/LiberationSans-Regular.ttf",
	"B": "fonts/LiberationSans-Bold.ttf",
	"I": "fonts/LiberationSans-Italic.ttf",
}

// fontFile is a font file of the templates, read once: every document,
// and every part of a long one, loads the same few, and the library only
// reads them.
func fontFile(name string) ([]byte, error) {
	if b, ok := fontBytes.Load(name); ok {
		return b.([]byte), nil
	}
	b, err := templates.Fonts.ReadFile(name)
	if err != nil {
		return nil, fmt.Errorf("read font: %w", err)
	}
	v, _ := fontBytes.LoadOrStore(name, b)
	return v.([]byte), nil
}

var fontBytes sync.Map // file name → contents

// loadFace loads the document font's face for style, once. A face is
// embedded in the document (as the characters used of it) only when it
// is loaded, so a part that never uses italic does not carry it.
func (pg *page) loadFace(style string) error {
	if slices.Contains(pg.faces, style) {
		return nil
	}
	file, ok := fontFiles[style]
	if !ok {
		return fmt.Errorf("no %q face of the document font", style)
	}
	b, err := fontFile(file)
	if err != nil {
		return err
	}
	pg.f.AddUTF8FontFromBytes(family, style, b)
	if err := pg.f.Error(); err != nil {
		return fmt.Errorf("load font: %w", err)
	}
	pg.faces = append(pg.faces, style)
	return nil
}

// keepFont runs fn (a header or footer) and puts the font back as it was,
// so the cache in font stays true. The library puts the colours back
// itself once a new page's header is done (to those in force before the
// last page's footer), so the colour cache goes back to what it was.
func (pg *page) keepFont(fn func()) {
	style, size, cs := pg.curStyle, pg.curSize, pg.colours
	fn()
	if style != "" || size != 0 {
		pg.font(style, size)
	}
	pg.colours = cs
}

func (pg *page) header() {
	if pg.isPlaceholder() {
		return
	}
	f := pg.f
	pg.font("", 7.5)
	pg.text(muted)
	f.SetXY(marginL, 8)
	f.CellFormat(pg.bodyW/3, 4, pg.left, "", 0, "L", false, 0, "")
	pg.font("B", 10)
	pg.text(ink)
	f.CellFormat(pg.bodyW/3, 4, pg.marking, "", 0, "C", false, 0, "")
	pg.font("", 7.5)
	pg.text(muted)
	f.CellFormat(pg.bodyW/3, 4, pg.right, "", 0, "R", false, 0, "")
	pg.draw(rule)
	f.SetLineWidth(0.2)
	f.Line(marginL, 13.5, pg.w-marginR, 13.5)
	if pg.banner != "" {
		pg.fill(alertFill)
		pg.text(alertInk)
		pg.font("B", 7.5)
		f.SetXY(marginL, 14.5)
		f.CellFormat(pg.bodyW, 5, pg.banner, "", 0, "C", true, 0, "")
	}
	pg.text(ink)
	f.SetXY(marginL, marginTop)
}

func (pg *page) footer() {
	f := pg.f
	if pg.isPlaceholder() {
		// The part's page under it has the rest of the footer.
		f.SetFont(numberFamily, "", 7.5)
		pg.curStyle, pg.curSize = "", 0 // not known: the order's font is to be set afresh
		pg.text(muted)
		pg.pageNumber(fmt.Sprintf("page %d of {nb}", f.PageNo()))
		pg.text(ink)
		return
	}
	y := pg.h - 13
	pg.draw(rule)
	f.SetLineWidth(0.2)
	f.Line(marginL, y-1.5, pg.w-marginR, y-1.5)
	pg.font("", 7.5)
	pg.text(muted)
	f.SetXY(marginL, y)
	f.CellFormat(pg.bodyW/3, 4, pg.foot, "", 0, "L", false, 0, "")
	pg.font("B", 10)
	pg.text(ink)
	f.CellFormat(pg.bodyW/3, 4, pg.marking, "", 0, "C", false, 0, "")
	pg.font("", 7.5)
	pg.text(muted)
	if !pg.part { // a part's pages are numbered by their placeholders
		pg.pageNumber(fmt.Sprintf("page %d of {nb}", f.PageNo()))
	}
	pg.text(ink)
}

// pageNumber writes "page N of M" at the right of the footer. It is
// left-aligned in its box so that the {nb} alias, replaced at the end,
// cannot push the text off the page.
func (pg *page) pageNumber(text string) {
	pg.f.SetXY(pg.w-marginR-24, pg.h-13)
	pg.f.CellFormat(24, 4, text, "", 0, "L", false, 0, "")
}

// remaining is the vertical space left on the page.
func (pg *page) remaining() float64 {
	return pg.h - marginBottom - pg.f.GetY()
}

// ensure starts a new page unless h millimetres are left.
func (pg *page) ensure(h float64) {
	if pg.remaining() < h {
		pg.f.AddPage()
	}
}

// section starts a numbered top-level section on a new page, with a
// bookmark and a contents entry.
func (pg *page) section(key, title string) {
	pg.f.AddPage()
	pg.heading(0, title)
	pg.sections[key] = pg.f.PageNo()
	if pg.part {
		pg.headings[len(pg.headings)-1].key = key
	}
}

// heading writes a heading of level 0 (section), 1 (subsection) or 2
// (minor) with a bookmark; levels 0 and 1 also go in the contents.
func (pg *page) heading(level int, title string) {
	f := pg.f
	size, space := 15.0, 10.0
	switch level {
	case 1:
		size, space = 11.5, 8.0
		pg.ensure(28)
		f.Ln(2)
	case 2:
		size, space = 10, 7.0
		pg.ensure(24)
		f.Ln(1)
	}
	pg.mark(partHeading{level: level, title: title, page: f.PageNo(), y: f.GetY()})
	pg.font("B", size)
	pg.text(navy)
	f.MultiCell(pg.bodyW, space*0.7, title, "", "L", false)
	if level == 0 {
		pg.draw(navy)
		f.SetLineWidth(0.5)
		f.Line(marginL, f.GetY()+0.5, marginL+pg.bodyW, f.GetY()+0.5)
		f.Ln(3)
	} else {
		f.Ln(1)
	}
	pg.text(ink)
	pg.font("", 9.5)
}

// mark makes a heading a bookmark and a link target, and puts levels 0
// and 1 in the contents; a part keeps its headings for the document.
func (pg *page) mark(h partHeading) {
	if pg.part {
		pg.headings = append(pg.headings, h)
		return
	}
	f := pg.f
	link := f.AddLink()
	f.SetLink(link, h.y, h.page)
	f.Bookmark(h.title, h.level, h.y)
	if h.level < 2 {
		pg.toc = append(pg.toc, tocEntry{level: h.level, title: h.title, page: h.page, link: link})
	}
	if h.key != "" {
		pg.sections[h.key] = h.page
	}
}

// para writes a paragraph of body text.
func (pg *page) para(text string) {
	pg.font("", 9.5)
	pg.text(ink)
	pg.f.MultiCell(pg.bodyW, lineH, text, "", "L", false)
	pg.f.Ln(1.8)
}

// note writes a small muted paragraph.
func (pg *page) note(text string) {
	pg.font("I", 8)
	pg.text(muted)
	pg.f.MultiCell(pg.bodyW, 3.8, text, "", "L", false)
	pg.text(ink)
	pg.f.Ln(1.5)
}

// bulletList writes a bulleted list.
func (pg *page) bulletList(items []string) {
	f := pg.f
	pg.font("", 9.5)
	pg.text(ink)
	for _, it := range items {
		pg.ensure(lineH * 2)
		y := f.GetY()
		f.SetXY(marginL+1, y)
		f.CellFormat(4, lineH, "•", "", 0, "L", false, 0, "")
		f.SetXY(marginL+5, y)
		f.MultiCell(pg.bodyW-5, lineH, it, "", "L", false)
		f.Ln(0.6)
	}
	f.Ln(1.2)
}

// alert writes a boxed warning.
func (pg *page) alert(lines []string) {
	if len(lines) == 0 {
		return
	}
	f := pg.f
	pg.font("", 9)
	h := 4.0
	for _, l := range lines {
		h += float64(len(f.SplitText(l, pg.bodyW-10))) * lineH
	}
	pg.ensure(h + 2)
	y := f.GetY()
	pg.fill(alertFill)
	pg.draw(alertInk)
	f.SetLineWidth(0.3)
	f.Rect(marginL, y, pg.bodyW, h, "DF")
	f.SetXY(marginL+3, y+2)
	pg.text(alertInk)
	for _, l := range lines {
		f.SetX(marginL + 3)
		f.MultiCell(pg.bodyW-6, lineH, l, "", "L", false)
	}
	pg.text(ink)
	f.SetY(y + h + 3)
}

// fixDates dates a document by its as-of day and sorts its catalogue, so
// the same inputs give the same bytes whenever they are rendered.
func fixDates(f *fpdf.Fpdf, asOf plan.Date) {
	stamp := time.Date(asOf.Year(), asOf.Month(), asOf.Day(), 0, 0, 0, 0, time.UTC)
	f.SetCreationDate(stamp)
	f.SetModificationDate(stamp)
	f.SetCatalogSort(true)
}

// col is a table column.
type col struct {
	title string
	width float64 // millimetres; the widths of a table add up to the body width
	align string  // L, C or R
}

// cell is a table cell: text, and optionally the band whose colours fill it.
type cell struct {
	text string
	band riskmodel.Band
	bold bool
}

func txt(s string) cell { return cell{text: s} }

func num(n int) cell { return cell{text: fmt.Sprint(n)} }

func hrs(h float64) cell { return cell{text: fmt.Sprintf("%.1f", h)} }

func banded(b riskmodel.Band, label string) cell { return cell{text: label, band: b, bold: true} }

// table lays out rows under a header that repeats on every page; a row is
// never split across pages.
func (pg *page) table(cols []col, rows [][]cell) {
	f := pg.f
	const size = 8.0
	lh := 3.7
	cols = pg.fitWords(cols, rows, size)
	headerHeight := func() float64 {
		pg.font("B", size)
		n := 1
		for _, c := range cols {
			n = max(n, len(f.SplitText(c.title, c.width-2*cellPad)))
		}
		return float64(n)*lh + 2*cellPad
	}
	drawHeader := func() {
		h := headerHeight()
		x, y := marginL, f.GetY()
		pg.fill(headFill)
		pg.draw(rule)
		f.SetLineWidth(0.15)
		pg.text(navy)
		pg.font("B", size)
		for _, c := range cols {
			f.Rect(x, y, c.width, h, "DF")
			lines := f.SplitText(c.title, c.width-2*cellPad)
			for i, l := range lines {
				f.SetXY(x+cellPad, y+cellPad+float64(i)*lh)
				f.CellFormat(c.width-2*cellPad, lh, l, "", 0, alignOf(c.align), false, 0, "")
			}
			x += c.width
		}
		f.SetXY(marginL, y+h)
		pg.text(ink)
	}
	rowLines := func(r []cell) ([][]string, float64) {
		out := make([][]string, len(cols))
		n := 1
		for i, c := range cols {
			if i >= len(r) {
				continue
			}
			pg.font(styleOf(r[i]), size)
			out[i] = f.SplitText(r[i].text, c.width-2*cellPad)
			n = max(n, len(out[i]))
		}
		return out, float64(n)*lh + 2*cellPad
	}
	f.SetAutoPageBreak(false, marginBottom)
	defer f.SetAutoPageBreak(true, marginBottom)
	if pg.remaining() < headerHeight()+3*lh {
		f.AddPage()
	}
	drawHeader()
	for ri, r := range rows {
		lines, h := rowLines(r)
		if pg.remaining() < h {
			f.AddPage()
			drawHeader()
		}
		x, y := marginL, f.GetY()
		for i, c := range cols {
			var cl cell
			if i < len(r) {
				cl = r[i]
			}
			style := "D"
			switch {
			case cl.band != "":
				pg.fill(bandColours[cl.band].fill)
				pg.text(bandColours[cl.band].text)
				style = "DF"
			case ri%2 == 1:
				pg.fill(zebraFill)
				pg.text(ink)
				style = "DF"
			default:
				pg.text(ink)
			}
			pg.draw(rule)
			f.SetLineWidth(0.15)
			f.Rect(x, y, c.width, h, style)
			pg.font(styleOf(cl), size)
			for li, l := range lines[i] {
				pg.cellText(x, y+cellPad+float64(li)*lh, c.width, lh, l, c.align)
			}
			x += c.width
		}
		pg.text(ink)
		f.SetXY(marginL, y+h)
	}
	f.Ln(3)
}

// fitWords widens any column too narrow for its longest word (a title
// word, an id, a count name, an e-mail address), taking the room from
// columns that have more than they need, so words are not broken mid-way
// while another column has space to spare. Room is taken first from
// columns whose text wraps anyway, then from columns whose lines would
// otherwise fit unwrapped; where even that is not enough, each short
// column gets its share. SplitText keeps the cell margin free on both
// sides, so that is part of a word's need.
func (pg *page) fitWords(cols []col, rows [][]cell, size float64) []col {
	f := pg.f
	word := make([]float64, len(cols)) // the longest word
	line := make([]float64, len(cols)) // the longest line of a cell, unwrapped
	pad := 2*cellPad + 2*f.GetCellMargin() + 0.2
	measure := func(i int, text, style string) {
		pg.font(style, size)
		for _, l := range strings.Split(text, "\n") {
			line[i] = max(line[i], f.GetStringWidth(l)+pad)
			for _, w := range strings.Fields(l) {
				word[i] = max(word[i], f.GetStringWidth(w)+pad)
			}
		}
	}
	for i, c := range cols {
		measure(i, c.title, "B")
	}
	for _, r := range rows {
		for i := range min(len(r), len(cols)) {
			measure(i, r[i].text, styleOf(r[i]))
		}
	}
	out := slices.Clone(cols)
	short := 0.0
	for i, c := range out {
		short += max(0, word[i]-c.width)
	}
	if short == 0 {
		return cols
	}
	for _, floor := range []func(i int) float64{
		func(i int) float64 { return max(word[i], min(cols[i].width, line[i])) },
		func(i int) float64 { return word[i] },
	} {
		spare := 0.0
		for i, c := range out {
			if word[i] <= c.width {
				spare += max(0, c.width-floor(i))
			}
		}
		if spare == 0 {
			continue
		}
		take := min(1, short/spare)
		got := min(short, spare)
		for i, c := range out {
			if word[i] <= c.width {
				out[i].width -= max(0, c.width-floor(i)) * take
			} else {
				out[i].width += (word[i] - c.width) * got / short
			}
		}
		short -= got
		if short <= 1e-9 {
			break
		}
	}
	return out
}

func styleOf(c cell) string {
	if c.bold {
		return "B"
	}
	return ""
}

func alignOf(a string) string {
	if a == "" {
		return "L"
	}
	return a
}

// keyValues lays out label/value pairs as a two-column table without a
// header row.
func (pg *page) keyValues(pairs [][2]string, labelW float64) {
	f := pg.f
	for _, kv := range pairs {
		pg.font("", 9)
		lines := f.SplitText(kv[1], pg.bodyW-labelW-2*cellPad)
		h := float64(max(len(lines), 1))*lineH + 1.6
		pg.ensure(h)
		y := f.GetY()
		pg.font("B", 9)
		pg.text(navy)
		f.SetXY(marginL, y+0.8)
		f.CellFormat(labelW, lineH, kv[0], "", 0, "L", false, 0, "")
		pg.font("", 9)
		pg.text(ink)
		for i, l := range lines {
			f.SetXY(marginL+labelW+cellPad, y+0.8+float64(i)*lineH)
			f.CellFormat(pg.bodyW-labelW-2*cellPad, lineH, l, "", 0, "L", false, 0, "")
		}
		pg.draw(rule)
		f.SetLineWidth(0.1)
		f.Line(marginL, y+h, marginL+pg.bodyW, y+h)
		f.SetXY(marginL, y+h)
	}
	f.Ln(3)
}

// widths scales relative column weights to the body width of a portrait
// page.
func widths(titles []string, weights ...float64) []col {
	return widthsIn(bodyW, titles, weights...)
}

// widthsIn scales relative column weights to total millimetres.
func widthsIn(total float64, titles []string, weights ...float64) []col {
	sum := 0.0
	for _, w := range weights {
		sum += w
	}
	cols := make([]col, len(titles))
	for i, t := range titles {
		title, align, _ := strings.Cut(t, "|")
		cols[i] = col{title: title, width: total * weights[i] / sum, align: align}
	}
	return cols
}

// compactTable lays out one line per row, for long registers (every
// polling station, every candidate): text is cut to its column with an
// ellipsis instead of wrapping, so thousands of rows stay fast to lay out
// and easy to scan. The header repeats on every page.
func (pg *page) compactTable(cols []col, rows [][]cell) {
	f := pg.f
	const size, rowH = 7.5, 4.4
	drawHeader := func() {
		y := f.GetY()
		pg.lineHeader(marginL, y, pg.bodyW, rowH, size, cols)
		f.SetXY(marginL, y+rowH+1)
	}
	f.SetAutoPageBreak(false, marginBottom)
	defer f.SetAutoPageBreak(true, marginBottom)
	if pg.remaining() < 4*rowH {
		f.AddPage()
	}
	drawHeader()
	for ri, r := range rows {
		if pg.remaining() < rowH {
			f.AddPage()
			drawHeader()
		}
		y := f.GetY()
		pg.lineRow(marginL, y, pg.bodyW, rowH, size, cols, r, ri%2 == 1)
		f.SetXY(marginL, y+rowH)
	}
	pg.draw(rule)
	f.SetLineWidth(0.15)
	f.Line(marginL, f.GetY(), marginL+pg.bodyW, f.GetY())
	f.Ln(3)
}

// lineHeader draws the header row of a one-line-per-row table at (x, y);
// it is rowH+1 tall.
func (pg *page) lineHeader(x, y, w, rowH, size float64, cols []col) {
	pg.fill(headFill)
	pg.f.Rect(x, y, w, rowH+1, "F")
	pg.font("B", size)
	pg.text(navy)
	for _, c := range cols {
		pg.cellText(x, y+0.5, c.width, rowH, c.title, c.align)
		x += c.width
	}
	pg.text(ink)
}

// lineRow draws one row of a one-line-per-row table at (x, y): a zebra
// stripe if striped, band-coloured cells, and each cell's text cut to its
// column.
func (pg *page) lineRow(x, y, w, rowH, size float64, cols []col, cells []cell, striped bool) {
	f := pg.f
	if striped {
		pg.fill(zebraFill)
		f.Rect(x, y, w, rowH, "F")
	}
	for i, c := range cols {
		var cl cell
		if i < len(cells) {
			cl = cells[i]
		}
		if cl.band != "" {
			pg.fill(bandColours[cl.band].fill)
			f.Rect(x, y, c.width, rowH, "F")
			pg.text(bandColours[cl.band].text)
		}
		pg.font(styleOf(cl), size)
		pg.cellText(x, y, c.width, rowH, cl.text, c.align)
		if cl.band != "" {
			pg.text(ink)
		}
		x += c.width
	}
}

// cellText writes one line of text in a box, cut with an ellipsis if it is
// too wide.
func (pg *page) cellText(x, y, w, h float64, s, align string) {
	f := pg.f
	room := w - 2*cellPad
	if f.GetStringWidth(s) > room {
		runes := []rune(s)
		lo, hi := 0, len(runes)
		for lo < hi { // the longest prefix that fits with the ellipsis
			mid := (lo + hi + 1) / 2
			if f.GetStringWidth(string(runes[:mid])+"…") <= room {
				lo = mid
			} else {
				hi = mid - 1
			}
		}
		s = strings.TrimSpace(string(runes[:lo])) + "…"
	}
	tx := x + cellPad
	switch align {
	case "R":
		tx = x + w - cellPad - f.GetStringWidth(s)
	case "C":
		tx = x + (w-f.GetStringWidth(s))/2
	}
	pg.textAt(tx, y+h*0.72, s)
}
