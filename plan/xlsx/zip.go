package xlsx

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"hash"
	"hash/crc32"
	"io"
	"io/fs"
	"slices"
	"strings"
	"time"

	"github.com/klauspost/compress/flate"
	"github.com/xuri/excelize/v2"
)

// contentTypes is the package part that must come first in the archive.
const contentTypes = "[Content_Types].xml"

// sortedZip is the excelize.ZipWriter Render uses. excelize writes
// streamed sheets in map order, so the same workbook could be zipped in a
// different order on each run; sortedZip compresses each part as it comes
// and holds it until Close, then writes the parts in one fixed order
// ([Content_Types].xml first, the rest by name), each stamped with the
// same time, so the bytes depend only on the parts' contents.
//
// It also puts each sheet's rows, written by sheetRows, into the sheet
// excelize writes without them.
type sortedZip struct {
	w        io.Writer
	modified time.Time
	parts    map[string]*part
	rows     map[string]*sheetRows // by part
}

// part is one package part, compressed as it is written; a sheet given
// rows is kept as excelize writes it (it is small: it has no rows) until
// Close puts the rows in.
type part struct {
	compressed bytes.Buffer
	flate      *flate.Writer
	crc        hash.Hash32
	size       uint64
	rows       *sheetRows
	sheet      bytes.Buffer // the sheet without its rows
}

func (p *part) Write(b []byte) (int, error) {
	if p.rows != nil {
		return p.sheet.Write(b)
	}
	p.crc.Write(b)
	p.size += uint64(len(b))
	return p.flate.Write(b)
}

func newSortedZip(modified time.Time, rows map[string]*sheetRows) func(io.Writer) excelize.ZipWriter {
	return func(w io.Writer) excelize.ZipWriter {
		return &sortedZip{w: w, modified: modified, parts: map[string]*part{}, rows: rows}
	}
}

// Create starts a part. A name given twice is an error: a package part
// has one body.
func (z *sortedZip) Create(name string) (io.Writer, error) {
	if _, ok := z.parts[name]; ok {
		return nil, fmt.Errorf("zip part %s written twice", name)
	}
	p := &part{crc: crc32.NewIEEE(), rows: z.rows[name]}
	// The level archive/zip itself uses.
	fw, err := flate.NewWriter(&p.compressed, flate.BestSpeed) // fast: a big sheet is megabytes of XML
	if err != nil {
		return nil, err
	}
	p.flate = fw
	z.parts[name] = p
	return p, nil
}

// AddFS is not used by excelize when writing a new workbook.
func (z *sortedZip) AddFS(fs.FS) error {
	return errors.New("zip: adding a file system is not supported")
}

// Close writes the archive.
func (z *sortedZip) Close() error {
	names := make([]string, 0, len(z.parts))
	for name := range z.parts {
		names = append(names, name)
	}
	slices.SortFunc(names, func(a, b string) int {
		switch {
		case a == b:
			return 0
		case a == contentTypes:
			return -1
		case b == contentTypes:
			return 1
		}
		return strings.Compare(a, b)
	})
	for name := range z.rows {
		if _, ok := z.parts[name]; !ok {
			return fmt.Errorf("zip: the workbook has no part %s for its rows", name)
		}
	}
	zw := zip.NewWriter(z.w)
	for _, name := range names {
		p := z.parts[name]
		crc := p.crc.Sum32()
		if p.rows != nil {
			var err error
			if crc, err = p.withRows(); err != nil {
				return fmt.Errorf("zip part %s: %w", name, err)
			}
		}
		if err := p.flate.Close(); err != nil {
			return fmt.Errorf("zip part %s: %w", name, err)
		}
		fh := &zip.FileHeader{
			Name: name, Method: zip.Deflate, CRC32: crc,
			CompressedSize64: uint64(p.compressed.Len()), UncompressedSize64: p.size,
		}
		//lint:ignore SA1019 CreateRaw ignores Modified: the MS-DOS fields are the only way to stamp a raw entry.
		fh.ModifiedDate, fh.ModifiedTime = msDosTime(z.modified)
		fw, err := zw.CreateRaw(fh)
		if err != nil {
			return fmt.Errorf("zip part %s: %w", name, err)
		}
		if _, err := p.compressed.WriteTo(fw); err != nil {
			return fmt.Errorf("zip part %s: %w", name, err)
		}
	}
	return zw.Close()
}

// withRows compresses the sheet with its rows in its sheetData: the head
// up to the rows, flushed to a byte boundary, then the rows' own
// compressed stream, then the tail, which Close ends. It returns the
// CRC-32 of the whole.
func (p *part) withRows() (uint32, error) {
	sheet := p.sheet.Bytes()
	const empty = "<sheetData></sheetData>"
	at := bytes.Index(sheet, []byte(empty))
	if at < 0 {
		return 0, errors.New("the sheet has no empty sheetData for its rows")
	}
	at += len("<sheetData>")
	head, tail := sheet[:at], sheet[at:]
	if _, err := p.flate.Write(head); err != nil {
		return 0, err
	}
	if err := p.flate.Flush(); err != nil {
		return 0, err
	}
	if _, err := p.rows.out.WriteTo(&p.compressed); err != nil {
		return 0, err
	}
	// A new compressor: the tail may not refer back past the rows.
	p.flate.Reset(&p.compressed)
	if _, err := p.flate.Write(tail); err != nil {
		return 0, err
	}
	p.size = uint64(len(head)) + p.rows.size + uint64(len(tail))
	return crc32.Update(p.rows.crcAfter(crc32.ChecksumIEEE(head)), crc32.IEEETable, tail), nil
}

// msDosTime is t as a zip entry's MS-DOS date and time (CreateRaw, unlike
// CreateHeader, does not set them from FileHeader.Modified), to the even
// second. t must be in 1980 or later.
func msDosTime(t time.Time) (date, clock uint16) {
	date = uint16(t.Day() + int(t.Month())<<5 + (t.Year()-1980)<<9)
	clock = uint16(t.Second()/2 + t.Minute()<<5 + t.Hour()<<11)
	return date, clock
}
