package importers

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/electplan/electplan/plan"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// column is one column a layout reads. names are the header spellings it
// accepts, compared without case or surrounding space; names[0] is the one
// messages use. A name ending in "*" matches any header starting with it
// (the hustings sheet's "Date (DD-MM-YYYY)" has changed wording over the
// years).
type column struct {
	key      string
	names    []string
	required bool
	// norm are the names as compared, prefix whether each matches as a
	// prefix; filled once for every layout by init.
	norm   []string
	prefix []bool
}

func init() {
	for _, l := range layouts {
		for i := range l.columns {
			c := &l.columns[i]
			for _, n := range c.names {
				p, isPrefix := strings.CutSuffix(n, "*")
				c.norm = append(c.norm, normHeader(p))
				c.prefix = append(c.prefix, isPrefix)
			}
		}
	}
}

// layout is one file layout: the --format that reads it, the columns it
// has, and how to describe it. A layout with refuse set is one electplan
// recognises but does not import; refuse says what to import instead.
type layout struct {
	kind    Kind
	format  string
	title   string
	columns []column
	refuse  string
}

// layouts are every layout known, in the order format guesses prefer.
var layouts = []*layout{
	&democracyClubLayout, &yourNextMPLayout,
	&xpressDCLayout, &xpressWebLookupLayout, &halaroseLayout, &idoxErosLayout,
	&democracyCountsLayout, &democracyCountsDistrictsLayout, &eoniLayout,
	&wcivfLayout,
}

// maxRowBytes bounds one CSV row, so an unclosed quote or a file that is
// not CSV at all is refused instead of being read into memory whole.
const maxRowBytes = 1 << 20

// maxHeaderSearch is how many rows may precede the header (titles, notes).
const maxHeaderSearch = 10

// table reads a CSV file row by row, with its columns bound to a layout.
type table struct {
	file   string
	layout *layout
	r      *csv.Reader
	col    map[string]int
	rec    []string
	line   int
	rows   int
	delim  rune
	dec    *decodeStats
	c      *collector
	header int
	// headerWidth is the number of header cells.
	headerWidth int
	headerCells []string
}

// readTable opens src (named file in messages) as a table in one of the
// accepted layouts, which must all be of one kind. It sniffs the text
// encoding and the delimiter, skips title rows above the header, and
// refuses a file whose header lacks a required column, naming the columns
// and the format the header looks like instead.
func readTable(src io.Reader, file string, accept []*layout, c *collector) (*table, error) {
	text, dec, err := decodeText(src, file)
	if err != nil {
		return nil, err
	}
	br := bufio.NewReaderSize(text, 64<<10)
	peek, err := br.Peek(64 << 10)
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, bufio.ErrBufferFull) {
		return nil, readError(file, err)
	}
	if len(bytes.TrimSpace(peek)) == 0 {
		return nil, fileProblem(file, 1, "the file is empty",
			"export it again from the "+kindSource(accept[0].kind))
	}
	if first := bytes.TrimLeft(peek, " \t\r\n"); first[0] == '{' || first[0] == '[' {
		hint := "this reader expects CSV (comma- or semicolon-separated text)"
		if accept[0].kind == Stations {
			hint = "FCS exports are JSON: try --format fcs"
		}
		return nil, fileProblem(file, 1, "this is a JSON file, not CSV", hint)
	}
	delim := sniffDelimiter(peek)
	lim := &rowLimiter{r: br, delim: byte(delim), line: 1, fieldStart: true}
	r := csv.NewReader(lim)
	r.Comma = delim
	r.LazyQuotes = true
	r.FieldsPerRecord = -1
	r.ReuseRecord = true
	t := &table{file: file, r: r, delim: delim, dec: dec, c: c}

	// Find the header: the first row naming columns of a known layout.
	var header []string
	for i := 0; i < maxHeaderSearch; i++ {
		rec, err := t.read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
		if i == 0 && len(rec) >= 1 && strings.HasPrefix(strings.ToLower(strings.TrimSpace(rec[0])), "sep=") {
			continue // Excel's delimiter hint line
		}
		if knownColumns(normHeaders(rec)) >= 2 {
			header = slices.Clone(rec)
			t.header = t.line
			break
		}
	}
	if header == nil {
		return nil, fileProblem(file, 1, "no header row: none of the first rows names the columns of "+describeLayouts(accept),
			"the first row should name the columns, e.g. "+strings.Join(requiredNames(accept[0]), ", "))
	}
	norm := normHeaders(header)
	best, bestMissing := bestLayout(accept, norm)
	if len(bestMissing) > 0 {
		return nil, missingColumns(file, t.header, best, bestMissing, norm)
	}
	if best.refuse != "" {
		return nil, fileProblem(file, t.header, "this is "+best.title, best.refuse)
	}
	t.layout = best
	t.col = bindColumns(best, norm)
	t.headerWidth = len(header)
	t.headerCells = header
	if delim != ',' {
		c.note(fmt.Sprintf("%s is %s-separated: read that way", file, delimName(delim)))
	}
	return t, nil
}

// read reads one record, turning reader failures into problems placed at
// their line.
func (t *table) read() ([]string, error) {
	rec, err := t.r.Read()
	if err == nil {
		t.line, _ = t.r.FieldPos(0)
		return rec, nil
	}
	if errors.Is(err, io.EOF) {
		return nil, io.EOF
	}
	var tooLong *rowTooLongError
	if errors.As(err, &tooLong) {
		return nil, fileProblem(t.file, tooLong.line, fmt.Sprintf("a row longer than %d MiB", maxRowBytes>>20),
			"an unclosed quote, or not a CSV file at all")
	}
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return nil, &plan.InvalidError{Problems: plan.Problems{{File: t.file, Line: pe.Line, Column: pe.Column,
			Message: "CSV: " + pe.Err.Error(), Hint: "check the quotes on this row", Severity: plan.SeverityError}}}
	}
	return nil, readError(t.file, err)
}

// next moves to the next data row. Rows with more fields than the header
// are problems (a delimiter inside an unquoted value); shorter rows read
// their missing cells as empty, as spreadsheets trim trailing blanks.
func (t *table) next() (bool, error) {
	for {
		rec, err := t.read()
		if errors.Is(err, io.EOF) {
			return false, nil
		}
		if err != nil {
			return false, err
		}
		if isBlank(rec) {
			continue
		}
		t.rec = rec
		t.rows++
		if len(rec) > t.width() && !isBlank(rec[t.width():]) {
			line, col := t.r.FieldPos(t.width())
			t.c.err(plan.Pos{File: t.file, Line: line, Column: col}, "",
				fmt.Sprintf("row has %d fields but the header has %d", len(rec), t.width()),
				"a value containing the delimiter "+delimName(t.delim)+" needs quotes")
			continue
		}
		return true, nil
	}
}

// width is the number of header columns.
func (t *table) width() int { return t.headerWidth }

// get returns the trimmed cell of the column key in the current row, or
// "" when the layout's column is absent or the row is short.
func (t *table) get(key string) string {
	i, ok := t.col[key]
	if !ok || i >= len(t.rec) {
		return ""
	}
	return strings.TrimSpace(t.rec[i])
}

// pos is the position of the column key's cell in the current row.
func (t *table) pos(key string) plan.Pos {
	i, ok := t.col[key]
	if !ok || i >= len(t.rec) {
		i = 0
	}
	line, col := t.r.FieldPos(i)
	return plan.Pos{File: t.file, Line: line, Column: col}
}

// colName is the column key's header as the file spells it (the layout's
// name for a column the file lacks).
func (t *table) colName(key string) string {
	if i, ok := t.col[key]; ok {
		return strings.TrimSpace(strings.Trim(t.headerCells[i], "\ufeff"))
	}
	for _, c := range t.layout.columns {
		if c.key == key {
			return strings.TrimSuffix(c.names[0], "*")
		}
	}
	return key
}

// finish adds the decoding note once every row is read.
func (t *table) finish() {
	t.dec.note(t.file, t.c)
}

func isBlank(rec []string) bool {
	for _, f := range rec {
		if strings.TrimSpace(f) != "" {
			return false
		}
	}
	return true
}

// normHeader is a header cell as compared: lower case, trimmed, quotes and
// byte-order marks removed, runs of spaces joined.
func normHeader(h string) string {
	h = strings.Trim(strings.TrimSpace(h), "\"'\ufeff")
	return strings.Join(strings.Fields(strings.ToLower(h)), " ")
}

func (c column) matches(h string) bool {
	for i, n := range c.norm {
		if h == n || (c.prefix[i] && strings.HasPrefix(h, n)) {
			return true
		}
	}
	return false
}

// findColumn is the index of the first header cell c matches, or -1.
// The header is given normalised (normHeaders).
func findColumn(c column, header []string) int {
	for i, h := range header {
		if c.matches(h) {
			return i
		}
	}
	return -1
}

func normHeaders(header []string) []string {
	out := make([]string, len(header))
	for i, h := range header {
		out[i] = normHeader(h)
	}
	return out
}

func bindColumns(l *layout, header []string) map[string]int {
	m := map[string]int{}
	for _, c := range l.columns {
		if i := findColumn(c, header); i >= 0 {
			m[c.key] = i
		}
	}
	return m
}

// knownColumns counts the (normalised) header cells some layout names.
func knownColumns(rec []string) int {
	n := 0
	for _, h := range rec {
		if h == "" {
			continue
		}
	layouts:
		for _, l := range layouts {
			for _, c := range l.columns {
				if c.matches(h) {
					n++
					break layouts
				}
			}
		}
	}
	return n
}

// missingRequired lists the required columns of l the header lacks.
func missingRequired(l *layout, header []string) []column {
	var missing []column
	for _, c := range l.columns {
		if c.required && findColumn(c, header) < 0 {
			missing = append(missing, c)
		}
	}
	return missing
}

func matchCount(l *layout, header []string) int {
	n := 0
	for _, c := range l.columns {
		if findColumn(c, header) >= 0 {
			n++
		}
	}
	return n
}

// bestLayout picks, among the accepted layouts, one whose required columns
// are all present (the most columns matched wins), else the one missing
// fewest, with what it misses.
func bestLayout(accept []*layout, header []string) (*layout, []column) {
	var best *layout
	var bestMissing []column
	bestMatch := -1
	for _, l := range accept {
		missing := missingRequired(l, header)
		m := matchCount(l, header)
		better := best == nil || len(missing) < len(bestMissing) ||
			(len(missing) == len(bestMissing) && m > bestMatch)
		if better {
			best, bestMissing, bestMatch = l, missing, m
		}
	}
	return best, bestMissing
}

// guessLayout is the known layout the header fits best (every required
// column present, most columns matched), or nil.
func guessLayout(header []string) *layout {
	var best *layout
	bestMatch := 0
	for _, l := range layouts {
		if len(missingRequired(l, header)) > 0 {
			continue
		}
		if m := matchCount(l, header); m > bestMatch {
			best, bestMatch = l, m
		}
	}
	return best
}

// missingColumns is the problem for a header that lacks required columns:
// which, the format that has them, and what the header looks like.
func missingColumns(file string, line int, want *layout, missing []column, header []string) error {
	names := make([]string, len(missing))
	for i, c := range missing {
		names[i] = strings.TrimSuffix(c.names[0], "*")
	}
	noun := "columns"
	if len(names) == 1 {
		noun = "column"
	}
	msg := fmt.Sprintf("missing %s %s: the %s format (%s) has them", noun, strings.Join(names, ", "), want.format, want.title)
	hint := "check this is the " + want.title + " and that its first row names the columns"
	if g := guessLayout(header); g != nil && g != want {
		switch {
		case g.refuse != "":
			hint = "this header looks like " + g.title + ": " + g.refuse
		case g.kind != want.kind:
			hint = fmt.Sprintf("this header looks like %s: use `electplan import %s --format %s`", g.title, g.kind, g.format)
		case g.format != want.format:
			hint = fmt.Sprintf("this header looks like %s (%s): try --format %s", g.format, g.title, g.format)
		}
	}
	return fileProblem(file, line, msg, hint)
}

func requiredNames(l *layout) []string {
	var names []string
	for _, c := range l.columns {
		if c.required {
			names = append(names, strings.TrimSuffix(c.names[0], "*"))
		}
	}
	return names
}

func describeLayouts(ls []*layout) string {
	titles := make([]string, len(ls))
	for i, l := range ls {
		titles[i] = l.title
	}
	return strings.Join(titles, " or ")
}

func delimName(d rune) string {
	switch d {
	case ',':
		return "comma"
	case ';':
		return "semicolon"
	case '\t':
		return "tab"
	case '|':
		return "pipe"
	}
	return fmt.Sprintf("%q", d)
}

// sniffDelimiter picks the delimiter (comma, semicolon, tab or pipe) that
// splits the first lines most consistently: the one whose commonest
// non-zero count per line occurs on most lines. Quoted text is ignored, so
// "Smith, John" does not vote for the comma. A file with none is read as
// comma-separated (one column).
func sniffDelimiter(peek []byte) rune {
	candidates := []byte{',', ';', '\t', '|'}
	lines := bytes.SplitN(peek, []byte("\n"), 22)
	if len(lines) > 21 {
		lines = lines[:21] // the last piece may be cut short
	}
	best, bestScore, bestCount := byte(','), 0, 0
	for _, d := range candidates {
		freq := map[int]int{}
		inQuote := false
		for _, line := range lines {
			n := 0
			for _, ch := range line {
				switch {
				case ch == '"':
					inQuote = !inQuote
				case ch == d && !inQuote:
					n++
				}
			}
			if n > 0 && !inQuote {
				freq[n]++
			}
		}
		score, count := 0, 0
		for n, f := range freq {
			if f > score || (f == score && n > count) {
				score, count = f, n
			}
		}
		if score > bestScore || (score == bestScore && count > bestCount) {
			best, bestScore, bestCount = d, score, count
		}
	}
	return rune(best)
}

// rowLimiter passes text through, failing when one CSV row runs past
// maxRowBytes. It follows quoting so that line breaks inside a quoted
// value do not end the row.
type rowLimiter struct {
	r          io.Reader
	delim      byte
	run        int
	line       int
	rowLine    int
	inQuote    bool
	fieldStart bool
	justClosed bool
}

type rowTooLongError struct{ line int }

func (e *rowTooLongError) Error() string { return fmt.Sprintf("row at line %d is too long", e.line) }

func (l *rowLimiter) Read(p []byte) (int, error) {
	n, err := l.r.Read(p)
	buf := p[:n]
	for i := 0; i < len(buf); {
		if l.run == 0 {
			l.rowLine = l.line
		}
		// Runs of ordinary bytes are counted in one step.
		j := i
		for j < len(buf) && buf[j] != '"' && buf[j] != '\n' && buf[j] != l.delim {
			j++
		}
		if j -= i; j > 0 {
			l.run += j
			l.fieldStart, l.justClosed = false, false
			if l.run > maxRowBytes {
				return i, &rowTooLongError{line: l.rowLine}
			}
			i += j
			continue
		}
		ch := buf[i]
		i++
		l.run++
		switch {
		case ch == '"' && l.inQuote:
			l.inQuote, l.justClosed = false, true
			continue
		case ch == '"' && (l.fieldStart || l.justClosed):
			l.inQuote = true
		case ch == '\n':
			l.line++
			if !l.inQuote {
				l.run, l.fieldStart, l.justClosed = 0, true, false
				continue
			}
		case ch == l.delim && !l.inQuote:
			l.fieldStart, l.justClosed = true, false
			continue
		}
		l.fieldStart, l.justClosed = false, false
		if l.run > maxRowBytes {
			return i, &rowTooLongError{line: l.rowLine}
		}
	}
	return n, err
}

// decodeStats records what decoding had to do, for the note.
type decodeStats struct {
	utf16     bool
	cp1252    int
	firstLine int
	line      int
}

func (d *decodeStats) note(file string, c *collector) {
	switch {
	case d.utf16:
		c.note(file + " is UTF-16 text (Excel's \"Unicode text\"): decoded")
	case d.cp1252 > 0:
		c.note(fmt.Sprintf("%s is not UTF-8: read as Windows-1252, as council systems export (%s, the first on line %d); check names with accents",
			file, plan.Plural(d.cp1252, "byte", "bytes"), d.firstLine))
	}
}

// decodeText returns src as UTF-8: a UTF-8 byte-order mark is dropped,
// UTF-16 (with its mark) is decoded, and any byte that is not part of
// valid UTF-8 is read as Windows-1252, the encoding of most council and
// spreadsheet exports. Binary files are refused.
func decodeText(src io.Reader, file string) (io.Reader, *decodeStats, error) {
	br := bufio.NewReaderSize(src, 4096)
	head, err := br.Peek(4096)
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, bufio.ErrBufferFull) {
		return nil, nil, readError(file, err)
	}
	st := &decodeStats{line: 1}
	switch {
	case bytes.HasPrefix(head, []byte{0xFF, 0xFE}), bytes.HasPrefix(head, []byte{0xFE, 0xFF}):
		st.utf16 = true
		dec := unicode.BOMOverride(unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder())
		return transform.NewReader(br, dec), st, nil
	case bytes.HasPrefix(head, []byte("PK\x03\x04")):
		return nil, nil, fileProblem(file, 1, "this is an Excel workbook or other zip file, not CSV",
			"open it and save it as CSV (File → Save As → CSV UTF-8)")
	case bytes.IndexByte(head, 0) >= 0:
		return nil, nil, fileProblem(file, 1, "this is a binary file, not CSV text",
			"export the data again as CSV")
	}
	if bytes.HasPrefix(head, []byte("\xef\xbb\xbf")) {
		_, _ = br.Discard(3)
	}
	return transform.NewReader(br, &lenientUTF8{st: st}), st, nil
}

// lenientUTF8 passes valid UTF-8 through and reads every other byte as
// Windows-1252, counting them.
type lenientUTF8 struct {
	st *decodeStats
}

func (t *lenientUTF8) Reset() {}

func (t *lenientUTF8) Transform(dst, src []byte, atEOF bool) (nDst, nSrc int, err error) {
	// Most text is valid UTF-8: copy it in one step.
	if chunk := src[:min(len(src), len(dst))]; utf8.Valid(chunk) {
		copy(dst, chunk)
		t.st.line += bytes.Count(chunk, []byte("\n"))
		nDst, nSrc = len(chunk), len(chunk)
		if nSrc < len(src) {
			return nDst, nSrc, transform.ErrShortDst
		}
		return nDst, nSrc, nil
	}
	for nSrc < len(src) {
		ch := src[nSrc]
		if ch < utf8.RuneSelf {
			if nDst >= len(dst) {
				return nDst, nSrc, transform.ErrShortDst
			}
			dst[nDst] = ch
			nDst++
			nSrc++
			if ch == '\n' {
				t.st.line++
			}
			continue
		}
		r, size := utf8.DecodeRune(src[nSrc:])
		if r == utf8.RuneError && size <= 1 {
			if !atEOF && !utf8.FullRune(src[nSrc:]) {
				return nDst, nSrc, transform.ErrShortSrc // a sequence cut by the buffer
			}
			r, size = charmap.Windows1252.DecodeByte(ch), 1
			if t.st.cp1252 == 0 {
				t.st.firstLine = t.st.line
			}
			t.st.cp1252++
		}
		if nDst+utf8.RuneLen(r) > len(dst) {
			return nDst, nSrc, transform.ErrShortDst
		}
		nDst += utf8.EncodeRune(dst[nDst:], r)
		nSrc += size
	}
	return nDst, nSrc, nil
}

// fileProblem is an *plan.InvalidError with one problem about the file.
func fileProblem(file string, line int, msg, hint string) error {
	return &plan.InvalidError{Problems: plan.Problems{{File: file, Line: max(line, 1), Column: 1,
		Message: msg, Hint: hint, Severity: plan.SeverityError}}}
}

// readError is a failure to read the file (not a problem in it).
func readError(file string, err error) error {
	return fmt.Errorf("read %s: %w", file, err)
}
