package xlsx

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/electplan/electplan/plan"
	"github.com/electplan/electplan/riskmodel"
	"github.com/xuri/excelize/v2"
)

// kind is how a column's cells are shown.
type kind int

const (
	kText     kind = iota // short text on one line
	kWrap                 // long text, wrapped in a capped width
	kInt                  // a whole number
	kHours                // officer-hours, one decimal place
	kCoord                // latitude or longitude, five decimal places
	kDate                 // yyyy-mm-dd
	kDateTime             // yyyy-mm-dd hh:mm, UK local time
	kindCount
)

// colouring says which conditional format colours a column's cells.
type colouring int

const (
	plain  colouring = iota
	byBand           // low, medium, high, very-high
	byRAG            // green, amber, red
	byTier           // standard, enhanced, high, very-high
)

// column is one column of a sheet: its header, how its cells are shown,
// its width in characters, and how it is coloured.
type column struct {
	header string
	kind   kind
	width  float64
	colour colouring
}

func text(header string, width float64) column {
	return column{header: header, kind: kText, width: width}
}

// wrap is a long-text column; its width is capped so rows grow downwards.
func wrap(header string, width float64) column {
	return column{header: header, kind: kWrap, width: min(width, maxWrapWidth)}
}

func whole(header string) column {
	return column{header: header, kind: kInt, width: numberWidth(header)}
}

func hoursCol(header string) column {
	return column{header: header, kind: kHours, width: numberWidth(header)}
}

func coordCol(header string) column { return column{header: header, kind: kCoord, width: 11} }

func dateCol(header string) column {
	return column{header: header, kind: kDate, width: max(11, numberWidth(header))}
}

func dateTimeCol(header string) column { return column{header: header, kind: kDateTime, width: 17} }

func coloured(c column, by colouring) column { c.colour = by; return c }

// maxWrapWidth caps wrapped columns: wider than this and a printed row
// becomes unreadable.
const maxWrapWidth = 70

// numberWidth fits a number column to its header, within reason.
func numberWidth(header string) float64 {
	return float64(min(max(utf8.RuneCountInString(header)+2, 8), 16))
}

// headerWordWidth is the width that keeps the header's longest word on
// one line (headers wrap between words, never inside one).
func headerWordWidth(header string) float64 {
	longest := 0
	for word := range strings.FieldsSeq(header) {
		longest = max(longest, utf8.RuneCountInString(word))
	}
	return float64(longest + 2)
}

// hours is an officer-hours figure outside an hours column (the Summary
// and totals): it is shown with one decimal place wherever it goes.
type hours float64

// styles are the cell styles and conditional formats of the workbook,
// made once so every sheet shares them.
type styles struct {
	title, header, label int
	// cells are the value styles by kind, bold (1) or not (0), and
	// left-aligned (1) or not (0).
	cells [kindCount][2][2]int
	// fills are the conditional-format styles by value, e.g. "amber".
	fills map[string]int
}

// The workbook's font: excelize's default, named wherever a style sets a
// font so no application falls back to its own.
const (
	fontFamily = "Calibri"
	fontSize   = 11
)

// The band colours: green and amber with dark text, red and black with
// white text so the value stays legible.
var bandFills = []struct {
	values     []string
	fill, font string
}{
	{[]string{string(riskmodel.Low), riskmodel.Low.RAG(), string(riskmodel.Standard)}, "92D050", "000000"},
	{[]string{string(riskmodel.Medium), riskmodel.Medium.RAG(), string(riskmodel.Enhanced)}, "FFC000", "000000"},
	{[]string{string(riskmodel.High), riskmodel.High.RAG()}, "C00000", "FFFFFF"},
	{[]string{string(riskmodel.VeryHigh)}, "000000", "FFFFFF"},
}

func newStyles(f *excelize.File) (styles, error) {
	st := styles{fills: map[string]int{}}
	top := &excelize.Alignment{Vertical: "top"}
	formats := [kindCount]struct {
		numFmt    int
		customFmt string
		wrap      bool
	}{
		kText:     {},
		kWrap:     {wrap: true},
		kInt:      {numFmt: 1},
		kHours:    {customFmt: "0.0"},
		kCoord:    {customFmt: "0.00000"},
		kDate:     {customFmt: "yyyy-mm-dd"},
		kDateTime: {customFmt: "yyyy-mm-dd hh:mm"},
	}
	var err error
	newStyle := func(s *excelize.Style) int {
		if err != nil {
			return 0
		}
		var id int
		id, err = f.NewStyle(s)
		return id
	}
	for k, fm := range formats {
		for bold := range 2 {
			for left := range 2 {
				s := &excelize.Style{NumFmt: fm.numFmt, Alignment: &excelize.Alignment{Vertical: "top", WrapText: fm.wrap}}
				if fm.customFmt != "" {
					s.CustomNumFmt = &fm.customFmt
				}
				if bold == 1 {
					s.Font = &excelize.Font{Bold: true, Family: fontFamily, Size: fontSize}
				}
				if left == 1 {
					s.Alignment.Horizontal = "left"
				}
				st.cells[k][bold][left] = newStyle(s)
			}
		}
	}
	st.title = newStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Family: fontFamily, Size: 14}, Alignment: top})
	st.label = newStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Family: fontFamily, Size: fontSize}, Alignment: top})
	st.header = newStyle(&excelize.Style{
		Font:      &excelize.Font{Bold: true, Family: fontFamily, Size: fontSize},
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"D9E1F2"}},
		Border:    []excelize.Border{{Type: "bottom", Color: "8EA9DB", Style: 1}},
		Alignment: &excelize.Alignment{Vertical: "top", WrapText: true},
	})
	if err != nil {
		return st, fmt.Errorf("add cell style: %w", err)
	}
	for _, b := range bandFills {
		id, err := f.NewConditionalStyle(&excelize.Style{
			Font: &excelize.Font{Color: b.font},
			Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{b.fill}},
		})
		if err != nil {
			return st, fmt.Errorf("add band colour: %w", err)
		}
		for _, v := range b.values {
			st.fills[v] = id
		}
	}
	return st, nil
}

// colourValues are the values each colouring recognises, least risk
// first.
func colourValues(c colouring) []string {
	var out []string
	switch c {
	case byBand:
		for _, b := range riskmodel.Bands {
			out = append(out, string(b))
		}
	case byRAG:
		for _, b := range riskmodel.Bands[:3] {
			out = append(out, b.RAG())
		}
	case byTier:
		for _, t := range riskmodel.Tiers {
			out = append(out, string(t))
		}
	}
	return out
}

// table streams one sheet: rows are written in order, top to bottom, and
// the sheet's formatting is attached before Flush (excelize encodes it
// with the streamed rows then; anything set after Flush is lost). The
// rows themselves are written by sheetRows, which the workbook's zip
// writer puts into the sheet excelize writes.
type table struct {
	w       *writer
	name    string
	cols    []column
	sw      *excelize.StreamWriter
	rows    *sheetRows // nil when rows go through sw (rowsThroughExcelize)
	row     int        // the last row written
	dataEnd int        // the last row of the list, which filters and colours cover
	list    bool
	left    bool // numbers and dates aligned left, as in a key/value sheet
	cells   []cell
}

// rowsThroughExcelize sends rows through excelize's own stream writer
// instead of sheetRows: tests use it to check that sheetRows writes the
// same bytes.
var rowsThroughExcelize = false

// openSheet starts a sheet with its columns, print setup and (when
// freeze) the top row frozen. Nothing is written yet.
func (w *writer) openSheet(name string, cols []column, freeze bool) (*table, error) {
	// Fit-to-page lives in sheetPr, which the stream writer emits as soon
	// as it starts: it has to be set first.
	if err := w.pageSetup(name); err != nil {
		return nil, err
	}
	sw, err := w.f.NewStreamWriter(name)
	if err != nil {
		return nil, fmt.Errorf("start: %w", err)
	}
	cols = slices.Clone(cols)
	styles := make([]int, len(cols))
	for i, c := range cols {
		cols[i].width = max(c.width, headerWordWidth(c.header))
		styles[i] = w.st.cells[c.kind][0][0]
	}
	t := &table{w: w, name: name, cols: cols, sw: sw}
	if !rowsThroughExcelize {
		if t.rows, err = newSheetRows(styles); err != nil {
			return nil, err
		}
	}
	// excelize's stream writer emits columns in the reverse of the order
	// they were set, and Excel wants them in ascending order: set them
	// last first.
	for i := len(cols) - 1; i >= 0; i-- {
		c := cols[i]
		if err := sw.SetColWidth(i+1, i+1, c.width); err != nil {
			return nil, fmt.Errorf("column %s width: %w", c.header, err)
		}
		if err := sw.SetColStyle(i+1, i+1, styles[i]); err != nil {
			return nil, fmt.Errorf("column %s style: %w", c.header, err)
		}
	}
	if freeze {
		if err := sw.SetPanes(&excelize.Panes{
			Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft",
			Selection: []excelize.Selection{{SQRef: "A2", ActiveCell: "A2", Pane: "bottomLeft"}},
		}); err != nil {
			return nil, fmt.Errorf("freeze header row: %w", err)
		}
	}
	return t, nil
}

// openList starts a list sheet: the header row written, frozen, and
// filtered when the sheet is closed.
func (w *writer) openList(name string, cols []column) (*table, error) {
	t, err := w.openSheet(name, cols, true)
	if err != nil {
		return nil, err
	}
	t.list = true
	headers := make([]any, len(cols))
	for i, c := range cols {
		headers[i] = excelize.Cell{StyleID: w.st.header, Value: c.header}
	}
	return t, t.put(headers...)
}

// add writes one row of the list.
func (t *table) add(values ...any) error {
	if err := t.put(values...); err != nil {
		return err
	}
	t.dataEnd = t.row
	return nil
}

// put writes the next row; values are laid out by their column's kind.
func (t *table) put(values ...any) error {
	return t.putAt(t.row+1, false, values...)
}

// putAt writes row r, which must be below every row written so far, in
// bold if asked.
func (t *table) putAt(r int, bold bool, values ...any) error {
	if r <= t.row {
		return fmt.Errorf("row %d: rows are written top to bottom, and row %d is written", r, t.row)
	}
	t.cells = t.cells[:0]
	lines := 1
	for i, v := range values {
		k, width := kText, 0.0
		if i < len(t.cols) {
			k, width = t.cols[i].kind, t.cols[i].width
		}
		c := t.w.cell(v, k, bold, t.left)
		t.cells = append(t.cells, c)
		if !c.blank && (k == kWrap || c.StyleID == t.w.st.header) {
			if s, ok := c.Value.(string); ok {
				lines = max(lines, lineCount(s, width))
			}
		}
	}
	height := 0.0
	if lines > 1 {
		height = min(float64(lines)*lineHeight, maxRowHeight)
	}
	if err := t.write(r, height); err != nil {
		return fmt.Errorf("row %d: %w", r, err)
	}
	t.row = r
	return nil
}

// write writes row r of t.cells.
func (t *table) write(r int, height float64) error {
	if t.rows != nil {
		return t.rows.write(r, height, t.cells)
	}
	values := make([]any, len(t.cells))
	for i, c := range t.cells {
		if !c.blank {
			values[i] = c.Cell
		}
	}
	name, err := excelize.CoordinatesToCellName(1, r)
	if err != nil {
		return err
	}
	var opts []excelize.RowOpts
	if height > 0 {
		opts = append(opts, excelize.RowOpts{Height: height})
	}
	return t.sw.SetRow(name, values, opts...)
}

// validate attaches a data validation to column col (1-based) over the
// list's rows.
func (t *table) validate(col int, dv *excelize.DataValidation) error {
	if t.dataEnd < 2 {
		return nil
	}
	ref, err := columnRange(col, 2, t.dataEnd)
	if err != nil {
		return err
	}
	dv.Sqref = ref
	if err := t.w.f.AddDataValidation(t.name, dv); err != nil {
		return fmt.Errorf("validate %s: %w", t.cols[col-1].header, err)
	}
	return nil
}

// colour attaches the conditional format of c to column col, rows from
// to to.
func (t *table) colour(col, from, to int, c colouring) error {
	if c == plain || to < from {
		return nil
	}
	ref, err := columnRange(col, from, to)
	if err != nil {
		return err
	}
	var rules []excelize.ConditionalFormatOptions
	for _, v := range colourValues(c) {
		dxf := t.w.st.fills[v]
		rules = append(rules, excelize.ConditionalFormatOptions{
			Type: "cell", Criteria: "==", Value: quoteFormulaText(v), Format: &dxf,
		})
	}
	if err := t.w.f.SetConditionalFormat(t.name, ref, rules); err != nil {
		return fmt.Errorf("colour %s: %w", ref, err)
	}
	return nil
}

// close attaches the list's filter and colours and ends the sheet.
func (t *table) close() error {
	if t.list {
		end := max(t.dataEnd, 1)
		last, err := excelize.CoordinatesToCellName(len(t.cols), end)
		if err != nil {
			return err
		}
		if err := t.w.f.AutoFilter(t.name, "A1:"+last, nil); err != nil {
			return fmt.Errorf("filter: %w", err)
		}
		for i, c := range t.cols {
			if err := t.colour(i+1, 2, t.dataEnd, c.colour); err != nil {
				return err
			}
		}
	}
	if err := t.sw.Flush(); err != nil {
		return fmt.Errorf("flush: %w", err)
	}
	if t.rows == nil {
		return nil
	}
	if err := t.rows.finish(); err != nil {
		return fmt.Errorf("rows: %w", err)
	}
	path, err := t.w.sheetPath(t.name)
	if err != nil {
		return err
	}
	if t.w.rows == nil {
		t.w.rows = map[string]*sheetRows{}
	}
	t.w.rows[path] = t.rows
	return nil
}

// sheetPath is the package part of the sheet called name. excelize
// names a new sheet's part by its sheet id; the zip writer refuses a
// workbook in which a sheet given rows has no such part.
func (w *writer) sheetPath(name string) (string, error) {
	for id, n := range w.f.GetSheetMap() {
		if n == name {
			return "xl/worksheets/sheet" + strconv.Itoa(id) + ".xml", nil
		}
	}
	return "", fmt.Errorf("no sheet %s in the workbook", name)
}

func columnRange(col, from, to int) (string, error) {
	a, err := excelize.CoordinatesToCellName(col, from)
	if err != nil {
		return "", err
	}
	b, err := excelize.CoordinatesToCellName(col, to)
	if err != nil {
		return "", err
	}
	return a + ":" + b, nil
}

// quoteFormulaText makes s a text literal in a formula.
func quoteFormulaText(s string) string {
	return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
}

// cell lays out one value. Strings are always text cells (the stream
// writer writes them as inline strings and never as formulas, whatever
// they begin with); dates and date-times are Excel date numbers with a
// date format, date-times in UK local time; empty strings, zero dates and nil are blank cells. An
// excelize.Cell passes through unchanged.
func (w *writer) cell(v any, k kind, bold, left bool) cell {
	style := func(k kind) int {
		b, l := 0, 0
		if bold {
			b = 1
		}
		if left {
			l = 1
		}
		return w.st.cells[k][b][l]
	}
	boxed := v // strings and numbers keep their boxes: no second allocation
	switch v := v.(type) {
	case nil:
		return blank
	case excelize.Cell:
		return cell{Cell: v}
	case string:
		if v == "" {
			return blank
		}
		return valued(style(k), boxed)
	case bool:
		return valued(style(k), yesNo(v))
	case int:
		return valued(style(k), boxed)
	case float64:
		return valued(style(k), boxed)
	case hours:
		return valued(style(kHours), float64(v))
	case plan.Date:
		if v.IsZero() {
			return blank
		}
		return valued(style(kDate), wallClock(v.Time))
	case *plan.Date:
		if v == nil {
			return blank
		}
		return w.cell(*v, k, bold, left)
	case plan.DateTime:
		if v.IsZero() {
			return blank
		}
		return valued(style(kDateTime), wallClock(v.In(plan.London)))
	case *plan.DateTime:
		if v == nil {
			return blank
		}
		return w.cell(*v, k, bold, left)
	}
	panic(fmt.Sprintf("xlsx: no layout for a %T", v)) // programmer error: every value the sheets write is handled above.
}

// cell is one laid-out cell; a blank one is left out of its row.
type cell struct {
	excelize.Cell
	blank bool
}

var blank = cell{blank: true}

func valued(style int, v any) cell { return cell{Cell: excelize.Cell{StyleID: style, Value: v}} }

// Row heights, in points. Neither Excel nor LibreOffice reliably fits a
// row to wrapped text when it opens a file, so a row of wrapped text is
// given the height of its longest cell.
const (
	lineHeight   = 15  // one line of 11-point text
	maxRowHeight = 409 // Excel's limit
)

// charsPerWidth is how many characters of ordinary text fit in one unit
// of column width (the width of a digit): a little over one, as most
// letters are narrower than a digit. Erring low makes rows a little tall
// rather than cutting text off.
const charsPerWidth = 1.15

// lineCount estimates the lines s takes when wrapped in a column width
// units wide, filling words greedily.
func lineCount(s string, width float64) int {
	perLine := max(int(width*charsPerWidth), 1)
	lines := 0
	for para := range strings.SplitSeq(s, "\n") {
		n, l := 0, 1
		for word := range strings.FieldsSeq(para) {
			wl := utf8.RuneCountInString(word)
			switch {
			case n == 0:
				n = wl
			case n+1+wl <= perLine:
				n += 1 + wl
			default:
				l++
				n = wl
			}
			for n > perLine { // a word longer than the line breaks
				l++
				n -= perLine
			}
		}
		lines += l
	}
	return lines
}

// excelEpoch is day 0 of Excel's 1900 date system (as corrected for its
// 1900 leap-year bug, for every date from March 1900 on).
var excelEpoch = time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)

// excelDay is the Excel date number of d.
func excelDay(d plan.Date) int { return d.DaysUntil(plan.NewDate(excelEpoch.Date())) * -1 }

// wallClock is t's wall-clock time in its own location, as UTC: what the
// cell shows. excelize turns it into a date number at full precision (a
// plain float64 would be cut to 15 digits, and 22:00 could show as
// 21:59).
func wallClock(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), 0, time.UTC)
}

func yesNo(b bool) string {
	if b {
		return "Yes"
	}
	return "No"
}

// pageSetup prints the sheet landscape on A4, fitted to the page width,
// with the header row repeated on every page and the protective marking
// centred at the top and bottom.
func (w *writer) pageSetup(sheet string) error {
	f := w.f
	yes, a4, landscape, one, auto := true, 9, "landscape", 1, 0
	if err := f.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: &yes}); err != nil {
		return fmt.Errorf("fit to page: %w", err)
	}
	if err := f.SetPageLayout(sheet, &excelize.PageLayoutOptions{
		Size: &a4, Orientation: &landscape, FitToWidth: &one, FitToHeight: &auto,
	}); err != nil {
		return fmt.Errorf("page layout: %w", err)
	}
	if err := f.SetHeaderFooter(sheet, w.headerFooter()); err != nil {
		return fmt.Errorf("header and footer: %w", err)
	}
	if err := f.SetDefinedName(&excelize.DefinedName{
		Name: "_xlnm.Print_Titles", RefersTo: "'" + sheet + "'!$1:$1", Scope: sheet,
	}); err != nil {
		return fmt.Errorf("print titles: %w", err)
	}
	return nil
}

// headerFooter puts the marking (bold, centred) at the top and bottom of
// every printed page, the operation and revision at top left, the sheet
// at top right, the as-of date at bottom left and "page N of M" at bottom
// right.
func (w *writer) headerFooter() *excelize.HeaderFooterOptions {
	p := w.p
	marking := `&C&"-,Bold"` + hfText(p.Force.Marking)
	ref := hfText(fmt.Sprintf("%s – revision %d", p.Force.Operation, p.Revision))
	return &excelize.HeaderFooterOptions{
		OddHeader: "&L" + ref + marking + "&R&A",
		OddFooter: "&L" + hfText("As of "+p.AsOf.String()) + marking + "&RPage &P of &N",
	}
}

// hfText escapes s for a header or footer, where & starts a code, and
// keeps it short enough that a whole header stays within Excel's 255
// characters.
func hfText(s string) string {
	const maxRunes = 50
	if utf8.RuneCountInString(s) > maxRunes {
		s = string([]rune(s)[:maxRunes-1]) + "…"
	}
	return strings.ReplaceAll(s, "&", "&&")
}
