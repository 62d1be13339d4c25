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
type sortedZip struct {
	w        io.Writer
	modified time.Time
	parts    map[string]*part
}

// part is one package part, compressed as it is written.
type part struct {
	compressed bytes.Buffer
	flate      *flate.Writer
	crc        hash.Hash32
	size       uint64
}

func (p *part) Write(b []byte) (int, error) {
	p.crc.Write(b)
	p.size += uint64(len(b))
	return p.flate.Write(b)
}

func newSortedZip(modified time.Time) func(io.Writer) excelize.ZipWriter {
	return func(w io.Writer) excelize.ZipWriter {
		return &sortedZip{w: w, modified: modified, parts: map[string]*part{}}
	}
}

// Create starts a part. A name given twice is an error: a package part
// has one body.
func (z *sortedZip) Create(name string) (io.Writer, error) {
	if _, ok := z.parts[name]; ok {
		return nil, fmt.Errorf("zip part %s written twice", name)
	}
	p := &part{crc: crc32.NewIEEE()}
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
	zw := zip.NewWriter(z.w)
	for _, name := range names {
		p := z.parts[name]
		if err := p.flate.Close(); err != nil {
			return fmt.Errorf("zip part %s: %w", name, err)
		}
		fh := &zip.FileHeader{
			Name: name, Method: zip.Deflate, CRC32: p.crc.Sum32(),
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

// msDosTime is t as a zip entry's MS-DOS date and time (CreateRaw, unlike
// CreateHeader, does not set them from FileHeader.Modified), to the even
// second. t must be in 1980 or later.
func msDosTime(t time.Time) (date, clock uint16) {
	date = uint16(t.Day() + int(t.Month())<<5 + (t.Year()-1980)<<9)
	clock = uint16(t.Second()/2 + t.Minute()<<5 + t.Hour()<<11)
	return date, clock
}
