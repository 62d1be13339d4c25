package pdf

import (
	"bytes"
	"compress/zlib"
	"errors"
	"fmt"
	"io"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"sync"

	"codeberg.org/go-pdf/fpdf"
)

// The PDF library compresses each page with a compressor of its own,
// about a megabyte of state allocated and cleared for every page: on a
// plan of thousands of pages that is gigabytes of garbage and most of the
// time spent writing. So the library writes its streams uncompressed and
// compressedOutput compresses them afterwards, each worker reusing one
// compressor, in parallel, with the same result byte for byte whatever
// the number of workers.

// output writes the finished document to w with its streams compressed.
// f must have been made with compression off (see newPageOriented). A
// very long document (a whole country's plan) is left to the library to
// compress page by page: slower, but it does not make a second,
// uncompressed copy of the document (the library keeps the pages
// uncompressed until it writes them either way), which would cost over a
// hundred megabytes.
func output(f *fpdf.Fpdf, w io.Writer) error {
	if f.PageCount() > maxPagesCompressedAfter {
		f.SetCompression(true)
		return f.Output(w)
	}
	cw := &compressingWriter{w: w}
	if err := f.Output(cw); err != nil {
		return err
	}
	return cw.close()
}

// compressingWriter takes the library's document and writes it on
// compressed. The library hands over its whole document in one Write, so
// it is compressed from the library's own buffer without a copy; should it
// ever come in pieces, they are gathered first.
type compressingWriter struct {
	w    io.Writer
	buf  []byte
	done bool
	err  error
}

func (c *compressingWriter) Write(p []byte) (int, error) {
	if len(c.buf) == 0 && !c.done && bytes.HasSuffix(p, []byte("%%EOF\n")) {
		c.done = true
		c.err = compressStreams(p, c.w)
		return len(p), c.err
	}
	c.buf = append(c.buf, p...)
	return len(p), nil
}

func (c *compressingWriter) close() error {
	if c.err != nil || len(c.buf) == 0 {
		return c.err
	}
	return compressStreams(c.buf, c.w)
}

// maxPagesCompressedAfter is the longest document compressed after it is
// written: at about 35 kB of page content a page, 1,500 pages hold some
// 50 MB uncompressed.
var maxPagesCompressedAfter = 1500

// rawStreamRE matches the start of an object whose stream carries no
// filter: "N 0 obj\n<</Length L>>\nstream\n". Such a stream can always be
// Flate-compressed by adding the filter.
var rawStreamRE = regexp.MustCompile(`^(\d+) 0 obj\n<</Length (\d+)>>\nstream\n`)

// pdfObject is one object of the document: where it is in the input, and
// for a stream to compress, where its data is.
type pdfObject struct {
	num, start, end  int
	dataStart, dataN int // 0, 0 for an object copied as it is
	number           []byte
}

// compressStreams rewrites a PDF written by the library with its
// unfiltered streams Flate-compressed and the cross-reference table
// rebuilt, writing the result to w.
func compressStreams(doc []byte, w io.Writer) error {
	objs, xrefAt, trailer, err := parseObjects(doc)
	if err != nil {
		return fmt.Errorf("compress plan.pdf: %w", err)
	}
	compressed := compressAll(doc, objs)

	cw := &countingWriter{w: w}
	offsets := make([]int, len(objs)+1)
	first := xrefAt
	if len(objs) > 0 {
		first = objs[0].start
	}
	cw.write(doc[:first]) // the header
	for i, o := range objs {
		offsets[o.num] = cw.n
		if o.dataN == 0 {
			cw.write(doc[o.start:o.end])
			continue
		}
		cw.write(o.number)
		cw.write([]byte(" 0 obj\n<</Filter /FlateDecode /Length " + strconv.Itoa(len(compressed[i])) + ">>\nstream\n"))
		cw.write(compressed[i])
		cw.write([]byte("\nendstream\nendobj\n"))
	}
	xref := cw.n
	var b bytes.Buffer
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(offsets))
	for _, off := range offsets[1:] {
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	b.Write(trailer)
	fmt.Fprintf(&b, "startxref\n%d\n%%%%EOF\n", xref)
	cw.write(b.Bytes())
	if cw.err != nil {
		return fmt.Errorf("write plan.pdf: %w", cw.err)
	}
	return nil
}

// parseObjects finds every object through the cross-reference table, in
// file order, and the trailer. The library writes one table with an entry
// for every object from 1 up, each "%010d 00000 n ".
func parseObjects(doc []byte) (objs []pdfObject, xrefAt int, trailer []byte, err error) {
	tail := doc[max(0, len(doc)-64):]
	i := bytes.LastIndex(tail, []byte("startxref\n"))
	if i < 0 {
		return nil, 0, nil, errors.New("no startxref")
	}
	rest := tail[i+len("startxref\n"):]
	end := bytes.IndexByte(rest, '\n')
	if end < 0 {
		return nil, 0, nil, errors.New("startxref has no offset")
	}
	xrefAt, err = strconv.Atoi(string(rest[:end]))
	if err != nil || xrefAt <= 0 || xrefAt >= len(doc) {
		return nil, 0, nil, fmt.Errorf("bad startxref %q", rest[:end])
	}
	table := doc[xrefAt:]
	var n int
	if _, err := fmt.Sscanf(string(table[:min(len(table), 32)]), "xref\n0 %d\n", &n); err != nil || n < 1 {
		return nil, 0, nil, errors.New("no cross-reference table")
	}
	head := len(fmt.Sprintf("xref\n0 %d\n", n))
	const entry = 20
	entries := table[head : head+n*entry]
	trailerStart := head + n*entry
	ts := bytes.Index(table[trailerStart:], []byte("trailer\n"))
	te := bytes.LastIndex(table, []byte("startxref\n"))
	if ts != 0 || te < trailerStart {
		return nil, 0, nil, errors.New("no trailer after the cross-reference table")
	}
	trailer = table[trailerStart:te]
	for num := 1; num < n; num++ {
		off, err := strconv.Atoi(string(entries[num*entry : num*entry+10]))
		if err != nil || off <= 0 || off >= xrefAt {
			return nil, 0, nil, fmt.Errorf("object %d: bad offset", num)
		}
		objs = append(objs, pdfObject{num: num, start: off})
	}
	slices.SortFunc(objs, func(a, b pdfObject) int { return a.start - b.start })
	for k := range objs {
		o := &objs[k]
		o.end = xrefAt
		if k+1 < len(objs) {
			o.end = objs[k+1].start
		}
		m := rawStreamRE.FindSubmatchIndex(doc[o.start:o.end])
		if m == nil {
			continue
		}
		length, _ := strconv.Atoi(string(doc[o.start+m[4] : o.start+m[5]]))
		ds := o.start + m[1]
		if !bytes.Equal(doc[min(ds+length, o.end):o.end], []byte("\nendstream\nendobj\n")) {
			return nil, 0, nil, fmt.Errorf("object %d: stream length does not match", o.num)
		}
		o.dataStart, o.dataN, o.number = ds, length, doc[o.start+m[2]:o.start+m[3]]
	}
	return objs, xrefAt, trailer, nil
}

// compressAll compresses every stream to compress, in parallel; the
// result is indexed like objs.
func compressAll(doc []byte, objs []pdfObject) [][]byte {
	out := make([][]byte, len(objs))
	workers := runtime.GOMAXPROCS(0)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var buf bytes.Buffer
			zw, _ := zlib.NewWriterLevel(&buf, zlib.BestSpeed) // a valid level: no error
			for i := w; i < len(objs); i += workers {
				o := objs[i]
				if o.dataN == 0 {
					continue
				}
				buf.Reset()
				zw.Reset(&buf)
				_, _ = zw.Write(doc[o.dataStart : o.dataStart+o.dataN]) // writes to memory
				_ = zw.Close()
				out[i] = bytes.Clone(buf.Bytes())
			}
		}()
	}
	wg.Wait()
	return out
}

// countingWriter writes through, counting bytes and keeping the first
// error.
type countingWriter struct {
	w   io.Writer
	n   int
	err error
}

func (c *countingWriter) write(b []byte) {
	if c.err != nil {
		return
	}
	n, err := c.w.Write(b)
	c.n += n
	c.err = err
}
