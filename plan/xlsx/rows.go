package xlsx

import (
	"bytes"
	"errors"
	"fmt"
	"hash/crc32"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/klauspost/compress/flate"
	"github.com/xuri/excelize/v2"
)

// sheetRows writes a sheet's rows as the SpreadsheetML excelize's stream
// writer writes for the same cells, byte for byte, and compresses them as
// they come. excelize still writes the sheet itself (columns, panes,
// filter, conditional formats, validations, print setup), with no rows;
// the workbook's zip writer puts these rows into its empty sheetData.
//
// The stream writer's own SetRow spends most of its time on work that is
// the same for every cell (naming the cell, a regular expression over
// every string, escaping into temporary strings): a sheet of 40,000
// polling stations repeats it over half a million cells. Here a string
// that needs nothing escaped is copied as it is.
type sheetRows struct {
	colStyle []int    // the style of each column, 0 where none
	colName  []string // the letters of each column, "A" on
	row      []byte   // the row being written
	out      bytes.Buffer
	fw       *flate.Writer
	crc      uint32 // of the uncompressed rows, chained from 0xFFFFFFFF
	size     uint64 // uncompressed
}

func newSheetRows(colStyle []int) (*sheetRows, error) {
	s := &sheetRows{colStyle: colStyle, crc: ^uint32(0)}
	fw, err := flate.NewWriter(&s.out, flate.BestSpeed)
	if err != nil {
		return nil, err
	}
	s.fw = fw
	return s, nil
}

// columnName is the letters of column col (1-based).
func (s *sheetRows) columnName(col int) (string, error) {
	for len(s.colName) < col {
		name, err := excelize.ColumnNumberToName(len(s.colName) + 1)
		if err != nil {
			return "", err
		}
		s.colName = append(s.colName, name)
	}
	return s.colName[col-1], nil
}

// write adds row r, of height points (0 for the default), with cells
// from column A; a blank cell is skipped, as excelize skips a nil value.
func (s *sheetRows) write(r int, height float64, cells []cell) error {
	if height > excelize.MaxRowHeight {
		return excelize.ErrMaxRowHeight
	}
	b := append(s.row[:0], `<row r="`...)
	b = strconv.AppendInt(b, int64(r), 10)
	b = append(b, '"')
	if height > 0 {
		b = append(b, ` ht="`...)
		b = strconv.AppendFloat(b, height, 'f', -1, 64)
		b = append(b, `" customHeight="1"`...)
	}
	b = append(b, '>')
	for i, c := range cells {
		if c.blank {
			continue
		}
		var err error
		if b, err = s.cell(b, i+1, r, c.Cell); err != nil {
			return err
		}
	}
	b = append(b, `</row>`...)
	s.row = b
	s.crc = crc32.Update(s.crc, crc32.IEEETable, b)
	s.size += uint64(len(b))
	_, err := s.fw.Write(b)
	return err
}

// cell appends one cell: its reference, style and type, then its value.
func (s *sheetRows) cell(b []byte, col, r int, c excelize.Cell) ([]byte, error) {
	if c.Formula != "" {
		return b, errors.New("a formula cell cannot be written directly")
	}
	name, err := s.columnName(col)
	if err != nil {
		return b, err
	}
	style := c.StyleID
	if style <= 0 && col <= len(s.colStyle) {
		style = s.colStyle[col-1]
	}
	b = append(b, `<c r="`...)
	b = append(b, name...)
	b = strconv.AppendInt(b, int64(r), 10)
	b = append(b, '"')
	if style != 0 {
		b = append(b, ` s="`...)
		b = strconv.AppendInt(b, int64(style), 10)
		b = append(b, '"')
	}
	switch v := c.Value.(type) {
	case nil:
		return append(b, `></c>`...), nil
	case string:
		return appendInlineString(b, v), nil
	case int:
		b = append(b, `><v>`...)
		b = strconv.AppendInt(b, int64(v), 10)
		return append(b, `</v></c>`...), nil
	case float64:
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return appendInlineString(b, fmt.Sprint(v)), nil
		}
		b = append(b, `><v>`...)
		b = appendCellFloat(b, v)
		return append(b, `</v></c>`...), nil
	case time.Time:
		if style == 0 {
			return b, errors.New("a date cell needs a date style")
		}
		_, offset := v.Zone()
		serial, ok := excelSerial(v.Add(time.Duration(offset) * time.Second))
		if !ok { // before Excel's calendar: the date as text, as excelize writes it
			return appendInlineString(b, v.Format(time.RFC3339Nano)), nil
		}
		b = append(b, `><v>`...)
		b = strconv.AppendFloat(b, serial, 'f', -1, 64)
		return append(b, `</v></c>`...), nil
	}
	return b, fmt.Errorf("no direct layout for a %T", c.Value) // programmer error: cell lays out only the kinds above
}

// appendInlineString appends the rest of an inline-string cell holding s:
// cut to Excel's 32,767 characters, escaped for XML (line feeds kept as
// they are), any "_xHHHH_" in the text itself escaped so Excel does not
// read it as a character code, and spaces kept when s begins or ends
// with one.
func appendInlineString(b []byte, s string) []byte {
	if len(s) > excelize.TotalCellChars { // a UTF-16 unit takes at least a byte
		s = cutUTF16(s, excelize.TotalCellChars)
	}
	b = append(b, ` t="inlineStr"><is><t`...)
	if s != "" && (isXMLSpace(s[0]) || isXMLSpace(s[len(s)-1])) {
		b = append(b, ` xml:space="preserve"`...)
	}
	b = append(b, '>')
	if plainText(s) {
		b = append(b, s...)
	} else {
		b = appendEscapedCodes(b, escapeText(s))
	}
	return append(b, `</t></is></c>`...)
}

func isXMLSpace(c byte) bool { return c == '\t' || c == '\n' || c == '\r' || c == ' ' }

// plainText reports whether s is printable ASCII with nothing to escape.
func plainText(s string) bool {
	for i := range len(s) {
		switch c := s[i]; {
		case c < 0x20 || c >= 0x7f, c == '<', c == '>', c == '&', c == '"', c == '\'':
			return false
		case c == '_' && i+1 < len(s) && s[i+1] == 'x':
			return false
		}
	}
	return true
}

// cutUTF16 cuts s to at most n UTF-16 code units, Excel's measure of a
// cell's length.
func cutUTF16(s string, n int) string {
	units := 0
	for i, r := range s {
		if units += utf16.RuneLen(r); units > n {
			return s[:i]
		}
	}
	return s
}

// escapeText escapes s as encoding/xml's EscapeText does, except that a
// line feed stays as it is: quotes, apostrophes, ampersands and angle
// brackets as entities, tabs and carriage returns as character
// references, and anything XML cannot carry as U+FFFD.
func escapeText(s string) string {
	var sb strings.Builder
	sb.Grow(len(s) + 16)
	for i := 0; i < len(s); {
		r, width := utf8.DecodeRuneInString(s[i:])
		i += width
		switch {
		case r == '"':
			sb.WriteString("&#34;")
		case r == '\'':
			sb.WriteString("&#39;")
		case r == '&':
			sb.WriteString("&amp;")
		case r == '<':
			sb.WriteString("&lt;")
		case r == '>':
			sb.WriteString("&gt;")
		case r == '\t':
			sb.WriteString("&#x9;")
		case r == '\r':
			sb.WriteString("&#xD;")
		case r == '\n':
			sb.WriteByte('\n')
		case r == utf8.RuneError && width == 1, !xmlChar(r):
			sb.WriteString("\uFFFD")
		default:
			sb.WriteString(s[i-width : i])
		}
	}
	return sb.String()
}

// xmlChar reports whether XML 1.0 can carry r.
func xmlChar(r rune) bool {
	return r == 0x09 || r == 0x0A || r == 0x0D ||
		r >= 0x20 && r <= 0xD7FF || r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= 0x10FFFF
}

// appendEscapedCodes appends s with each "_xHHHH_" in it escaped as
// excelize escapes it: the underscore written as the code "_x005F_", so
// Excel shows the text rather than the character the code names. A code
// that names no character (a surrogate) is dropped, as excelize drops it.
func appendEscapedCodes(b []byte, s string) []byte {
	for {
		i := nextCode(s)
		if i < 0 {
			return append(b, s...)
		}
		b = append(b, s[:i]...)
		code, rest := s[i:i+7], s[i+7:]
		if code == "_x005F_" {
			if len(rest) >= 6 && rest[5] == '_' && rest[0] == 'x' && hex4(rest[1:5]) && validCode(rest[1:5]) {
				b = append(b, "_x005F_x005F_x005F_"...)
			} else {
				b = append(b, "_x005F_x005F_"...)
			}
		} else if validCode(code[2:6]) {
			b = append(b, "_x005F"...)
			b = append(b, code...)
		}
		s = rest
	}
}

// nextCode is the index of the first "_xHHHH_" in s, or -1.
func nextCode(s string) int {
	for from := 0; ; {
		i := strings.Index(s[from:], "_x")
		if i < 0 {
			return -1
		}
		i += from
		if i+7 <= len(s) && hex4(s[i+2:i+6]) && s[i+6] == '_' {
			return i
		}
		from = i + 1
	}
}

func hex4(s string) bool {
	for i := range 4 {
		c := s[i]
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
			return false
		}
	}
	return true
}

// validCode reports whether the four hex digits name a character (not a
// surrogate).
func validCode(h string) bool {
	v, err := strconv.ParseUint(h, 16, 32)
	return err == nil && utf8.ValidRune(rune(v))
}

// appendCellFloat appends v as excelize writes a number: the shortest
// decimal that reads back as v, cut to Excel's 15 significant digits.
func appendCellFloat(b []byte, v float64) []byte {
	start := len(b)
	b = strconv.AppendFloat(b, v, 'f', -1, 64)
	if math.Abs(v) == math.MaxFloat64 {
		return b
	}
	const maxDigits = 15
	str := b[start:]
	point := bytes.IndexByte(str, '.')
	digits := 0
	for i, c := range str {
		if c < '0' || c > '9' || digits == 0 && c == '0' {
			continue
		}
		if digits++; digits <= maxDigits {
			continue
		}
		if point >= 0 && i > point {
			return bytes.TrimSuffix(b[:start+i], []byte("."))
		}
		if point < 0 {
			point = len(str)
		}
		for ; i < point; i++ {
			str[i] = '0'
		}
		return b[:start+point]
	}
	return b
}

// Excel's 1900 calendar, as excelize counts it: day 1 is 1900-01-01, and
// every date from March 1900 is one more, for the 29 February 1900 Excel
// believes in.
var (
	excelDayZero   = time.Date(1899, time.December, 31, 0, 0, 0, 0, time.UTC)
	excelLeapAfter = time.Date(1900, time.March, 1, 0, 0, 0, 0, time.UTC).Add(-time.Nanosecond)
)

const (
	day         = 24 * time.Hour
	longestStep = 290 * 364 * day // under time.Duration's range
)

// excelSerial is t as an Excel date number; false when t is before
// Excel's calendar.
func excelSerial(t time.Time) (float64, bool) {
	if t.Before(excelDayZero) {
		return 0, false
	}
	tt, diff, serial := t, t.Sub(excelDayZero), 0.0
	for diff >= longestStep {
		serial += float64(longestStep / day)
		tt = tt.Add(-longestStep)
		diff = tt.Sub(excelDayZero)
	}
	rem := diff % day
	serial += float64(diff-rem)/float64(day) + float64(rem)/float64(day)
	if t.After(excelLeapAfter) {
		serial++
	}
	return serial, serial > 0
}

// finish ends the rows' compressed stream on a byte boundary without
// marking it final, so it can sit between the sheet's head and tail in
// one deflate stream.
func (s *sheetRows) finish() error { return s.fw.Flush() }

// crcAfter is the CRC-32 of a part made of a head whose CRC is head,
// then these rows: the head's CRC carried over the rows' length in zeros,
// combined with the rows' own.
func (s *sheetRows) crcAfter(head uint32) uint32 {
	c := head
	for n := s.size; n > 0; {
		k := min(n, uint64(len(zeros)))
		c = crc32.Update(c, crc32.IEEETable, zeros[:k])
		n -= k
	}
	return ^(c ^ s.crc)
}

var zeros [64 << 10]byte
