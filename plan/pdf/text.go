package pdf

import (
	"math"
	"strconv"
	"strings"
	"unicode/utf8"
	"unsafe"
)

// Long registers draw hundreds of thousands of cells, and the PDF
// library's Text formats each with fmt, which on a whole country's order
// is a second or more. textAt writes exactly what Text writes, byte for
// byte, with strconv into a reused buffer. The library keeps, per font,
// the characters to embed in the document, and learns them from Text: so
// a string with a character not yet written in the current font goes
// through Text, and only strings of characters it has seen are written
// directly. Anything else Text would do differently (underlined or
// struck-out text, characters outside the Basic Multilingual Plane) also
// goes through Text.

// fastText turns textAt's direct writing on; the tests turn it off to
// check it changes no byte.
var fastText = true

// runeSet is a set of characters of the Basic Multilingual Plane.
type runeSet [1 << 16 / 64]uint64

func (s *runeSet) has(r rune) bool { return s[r>>6]&(1<<(r&63)) != 0 }
func (s *runeSet) add(r rune)      { s[r>>6] |= 1 << (r & 63) }

// textAt writes s with its baseline starting at (x, y), as Text does.
func (pg *page) textAt(x, y float64, s string) {
	f := pg.f
	style := f.GetFontStyle()
	face := f.GetFontFamily() + style
	if pg.seen == nil {
		pg.seen = map[string]*runeSet{}
	}
	seen := pg.seen[face]
	if seen == nil {
		seen = &runeSet{}
		pg.seen[face] = seen
	}
	direct := fastText && !strings.ContainsAny(style, "US")
	for _, r := range s {
		if r >= 1<<16 || r == utf8.RuneError {
			direct = false
			break
		}
		if !seen.has(r) {
			direct = false
			seen.add(r)
		}
	}
	if !direct {
		f.Text(x, y, s)
		return
	}
	k := f.GetConversionRatio()
	_, h := f.GetPageSize()
	b := pg.buf[:0]
	text, fill := pg.colorOp(f.GetTextColor()), pg.colorOp(f.GetFillColor())
	if text != fill { // the library sets the text colour around the text when the fill differs
		b = append(append(append(b, "q "...), text...), ' ')
	}
	b = append(b, "BT "...)
	b = appendHundredths(b, x*k)
	b = append(b, ' ')
	b = appendHundredths(b, (h-y)*k)
	b = append(b, " Td ("...)
	for _, r := range s { // UTF-16, big-endian, each byte escaped as in a PDF string
		for _, c := range [2]byte{byte(r >> 8), byte(r)} {
			switch c {
			case '\\', '(', ')':
				b = append(b, '\\', c)
			case '\r':
				b = append(b, '\\', 'r')
			default:
				b = append(b, c)
			}
		}
	}
	b = append(b, ") Tj ET"...)
	if text != fill {
		b = append(b, " Q"...)
	}
	// The library copies the string into the page at once and keeps
	// nothing of it, so it can be a view of the buffer rather than a
	// copy; the buffer is next written on the next call.
	f.RawWriteStr(unsafe.String(unsafe.SliceData(b), len(b)))
	pg.buf = b
}

// appendHundredths appends v to two decimal places, the bytes
// strconv.AppendFloat(b, v, 'f', 2, 64) appends, without its general
// conversion for the common case: a page coordinate that is not within a
// hair of halfway between two hundredths (which strconv settles on v's
// exact binary value).
func appendHundredths(b []byte, v float64) []byte {
	if math.Signbit(v) || !(v < 1e6) { // negative (even -0), large or NaN

		return strconv.AppendFloat(b, v, 'f', 2, 64)
	}
	scaled := v * 100
	n := math.Round(scaled)
	if math.Abs(scaled-n) > 0.5-1e-6 {
		return strconv.AppendFloat(b, v, 'f', 2, 64)
	}
	u := uint64(n)
	b = strconv.AppendUint(b, u/100, 10)
	return append(b, '.', byte('0'+u/10%10), byte('0'+u%10))
}

// colorOp is the operator the library writes for a colour: a grey level
// when the three components are equal, else red, green and blue, each to
// three decimals ("0.376 g", "0.122 0.220 0.392 rg").
func (pg *page) colorOp(r, g, b int) string {
	key := [3]int{r, g, b}
	if op, ok := pg.colorOps[key]; ok {
		return op
	}
	comp := func(v int) string { return strconv.FormatFloat(float64(min(max(v, 0), 255))/255.0, 'f', 3, 64) }
	op := comp(r) + " " + comp(g) + " " + comp(b) + " rg"
	if r == g && r == b {
		op = comp(r) + " g"
	}
	if pg.colorOps == nil {
		pg.colorOps = map[[3]int]string{}
	}
	pg.colorOps[key] = op
	return op
}
