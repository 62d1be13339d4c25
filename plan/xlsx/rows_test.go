package xlsx

import (
	"bytes"
	"hash/crc32"
	"math"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/electplan/electplan/plan"
	"github.com/xuri/excelize/v2"
)

// throughExcelize renders with every row sent through excelize's own
// stream writer.
func throughExcelize(t *testing.T, render func() []byte) []byte {
	t.Helper()
	rowsThroughExcelize = true
	defer func() { rowsThroughExcelize = false }()
	return render()
}

// samePartsAsExcelize checks that a workbook whose rows sheetRows wrote
// has, part for part, the bytes excelize writes for the same rows.
func samePartsAsExcelize(t *testing.T, render func() []byte) {
	t.Helper()
	want := parts(t, throughExcelize(t, render))
	got := parts(t, render())
	if len(got) != len(want) {
		t.Errorf("%d parts, excelize writes %d", len(got), len(want))
	}
	for name, w := range want {
		g, ok := got[name]
		switch {
		case !ok:
			t.Errorf("part %s missing", name)
		case g != w:
			i := 0
			for i < min(len(g), len(w)) && g[i] == w[i] {
				i++
			}
			t.Errorf("part %s differs from excelize's at byte %d:\n got …%s…\nwant …%s…",
				name, i, g[max(i-80, 0):min(i+80, len(g))], w[max(i-80, 0):min(i+80, len(w))])
		}
	}
}

func TestRowsAreExcelizesRows(t *testing.T) {
	for _, ex := range examples {
		t.Run(ex.dir, func(t *testing.T) {
			p := buildExample(t, ex.dir, ex.asOf)
			samePartsAsExcelize(t, func() []byte { return render(t, p) })
		})
	}
	t.Run("comparison", func(t *testing.T) {
		c := testComparison(t, nil)
		samePartsAsExcelize(t, func() []byte { return renderComparison(t, c) })
	})
}

// awkward is text that needs each kind of care a cell's text gets.
var awkward = []string{
	`<b>&"quoted" 'apostrophe'</b>`,
	"tab\there", "carriage\rreturn", "line\nfeed", "crlf\r\nend",
	" leading space", "trailing space ", "\tleading tab", "trailing line\n",
	"control \x01\x02\x1f and DEL \x7f", "invalid \xff\xfe UTF-8", "nul \x00 byte",
	"Welsh ŵ ŷ Cadi Prŷs", "astral 😀 emoji", "noncharacter \uFFFE", "private \uE000",
	"_x0041_", "a_x0041_b", "_x005F_", "_x005F_x0041_", "_x005F_x0041_x0042_", "_x005f_", "_xD800_",
	"_x005F_xD800_", "_x12G4_", "_x004", "__x0041__", "_X0041_", "x0041_", "_x0041", "_x_x0041_",
	"=SUM(A1)", "+44", "-1", "@x", "",
	strings.Repeat("long ", 7000),
	strings.Repeat("😀", 16400),
	strings.Repeat("é", 20000) + " ",
}

func TestAwkwardTextIsWrittenAsExcelizeWritesIt(t *testing.T) {
	p := generalElection(t)
	for i, s := range awkward {
		p.Flashpoints[i%len(p.Flashpoints)].Title = s
		p.PollingStations[i].Notes = s
		p.PollingStations[i].Name = s
		p.Decisions[i%len(p.Decisions)].Rationale = s
	}
	p.Warnings = append(p.Warnings, awkward...)
	samePartsAsExcelize(t, func() []byte { return render(t, p) })

	// And what a spreadsheet reads back is the text, less what XML cannot
	// carry and cut to Excel's length.
	f := open(t, render(t, p))
	for i, s := range awkward {
		if s == "" {
			continue
		}
		cell := cellOf(t, f, sheetPollingStations, "Station notes", i+2)
		got := value(t, f, sheetPollingStations, cell)
		if !utf8.ValidString(s) || strings.ContainsFunc(s, func(r rune) bool { return !xmlChar(r) }) || strings.Contains(s, "_xD800_") || len(s) > excelize.TotalCellChars {
			continue // replaced, dropped or cut: excelize reads these back as it wrote them, which the byte check covers
		}
		if got != s {
			t.Errorf("%s reads %q, want %q", cell, got, s)
		}
	}
}

func TestCellValuesAreExcelizes(t *testing.T) {
	values := []any{
		0, 1, -1, 42, math.MaxInt64, math.MinInt64,
		0.0, 1.5, -2.25, 0.1, 1e-7, 1e21, 123456789012345678.0, 0.1234567890123456789, 12345.678901234567,
		1.0 / 3, 2.0 / 3, math.MaxFloat64, -math.MaxFloat64, math.SmallestNonzeroFloat64, math.NaN(), math.Inf(1), math.Inf(-1),
		time.Date(2029, 5, 3, 7, 0, 0, 0, time.UTC), time.Date(2029, 5, 3, 21, 59, 59, 999_999_999, time.UTC),
		time.Date(1900, 2, 28, 12, 0, 0, 0, time.UTC), time.Date(1900, 3, 1, 0, 0, 0, 0, time.UTC),
		time.Date(1899, 12, 31, 0, 0, 0, 0, time.UTC), time.Date(1800, 1, 1, 0, 0, 0, 0, time.UTC),
		time.Date(2300, 1, 1, 6, 30, 0, 0, time.UTC), time.Date(2029, 5, 3, 7, 0, 0, 0, plan.London),
		"text", nil,
	}
	heights := []float64{0, 15, 22.5, 409}
	write := func() []byte {
		f := excelize.NewFile()
		defer f.Close()
		w := &writer{f: f, p: &plan.Plan{}}
		st, err := newStyles(f)
		if err != nil {
			t.Fatal(err)
		}
		w.st = st
		tb, err := w.openSheet("Sheet1", []column{text("A", 10), hoursCol("B"), dateTimeCol("C")}, false)
		if err != nil {
			t.Fatal(err)
		}
		for i, v := range values {
			row := []any{excelize.Cell{StyleID: st.cells[kDateTime][0][0], Value: v}, excelize.Cell{Value: v}, nil, excelize.Cell{StyleID: st.header, Value: v}}
			tb.cells = tb.cells[:0]
			for _, c := range row {
				tb.cells = append(tb.cells, w.cell(c, kText, false, false))
			}
			if err := tb.write(i+1, heights[i%len(heights)]); err != nil {
				t.Fatalf("%v: %v", v, err)
			}
			tb.row = i + 1
		}
		if err := tb.close(); err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		f.SetZipWriter(newSortedZip(time.Date(2029, 1, 1, 0, 0, 0, 0, time.UTC), w.rows))
		if err := f.Write(&buf); err != nil {
			t.Fatal(err)
		}
		return buf.Bytes()
	}
	samePartsAsExcelize(t, write)
}

func TestRowsRefuseWhatTheyCannotWrite(t *testing.T) {
	rows, err := newSheetRows(nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []excelize.Cell{
		{Formula: "SUM(A1)"},
		{Value: true}, // bools are laid out as Yes/No text before they get here
		{Value: time.Date(2029, 5, 3, 0, 0, 0, 0, time.UTC)}, // a date needs its date style
	} {
		if err := rows.write(1, 0, []cell{{Cell: c}}); err == nil {
			t.Errorf("%+v written", c)
		}
	}
	if err := rows.write(1, 410, nil); err == nil {
		t.Error("a row taller than Excel allows written")
	}
}

func TestRowsCRCIsTheWholePartsCRC(t *testing.T) {
	head := []byte(`<worksheet><sheetData>`)
	rows, err := newSheetRows([]int{3})
	if err != nil {
		t.Fatal(err)
	}
	for r := 1; r <= 5000; r++ { // past the zero buffer's length
		if err := rows.write(r, 0, []cell{valued(0, "row text")}); err != nil {
			t.Fatal(err)
		}
	}
	var body bytes.Buffer
	for r := 1; r <= 5000; r++ {
		body.WriteString(`<row r="` + strconv.Itoa(r) + `"><c r="A` + strconv.Itoa(r) + `" s="3" t="inlineStr"><is><t>row text</t></is></c></row>`)
	}
	if uint64(body.Len()) != rows.size {
		t.Fatalf("size %d, want %d", rows.size, body.Len())
	}
	want := crc32.ChecksumIEEE(append(bytes.Clone(head), body.Bytes()...))
	if got := rows.crcAfter(crc32.ChecksumIEEE(head)); got != want {
		t.Errorf("CRC %08x, want %08x", got, want)
	}
}
