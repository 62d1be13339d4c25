package pdf

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"sync"

	"codeberg.org/go-pdf/fpdf"
	"github.com/klauspost/compress/zlib"
)

// The PDF library compresses each page with a compressor of its own,
// about a megabyte of state allocated and cleared for every page: on a
// plan of thousands of pages that is gigabytes of garbage and most of the
// time spent writing. So the library writes its streams uncompressed and
// they are compressed here afterwards, each worker reusing one
// compressor, in parallel, with the same result byte for byte whatever
// the number of workers.
//
// A long plan is also laid out in parts at once (see parts.go): the main
// document holds a placeholder page for each of the parts' pages, and
// writing puts each part's page under its placeholder's own content (the
// page number), with the part's fonts and graphics states, renumbering
// the part's objects after the main document's.

// output writes a document laid out in one piece.
func output(f *fpdf.Fpdf, w io.Writer) error {
	return assemble(w, f, 0, nil)
}

// maxPagesCompressedAfter is the longest document (or part) compressed
// after it is written: at about 35 kB of page content a page, 1,500 pages
// hold some 50 MB uncompressed, which the library then copies once more.
// A longer one is left to the library to compress page by page: slower,
// but without the second, uncompressed copy.
var maxPagesCompressedAfter = 1500

// rawStreamRE matches the dictionary of a stream the library wrote with
// no filter. Such a stream can always be Flate-compressed by adding the
// filter.
var rawStreamRE = regexp.MustCompile(`^<</Length (\d+)>>$`)

// refRE matches an indirect reference, "N 0 R".
var refRE = regexp.MustCompile(`\b(\d+) 0 R\b`)

// pdfObject is one object of a document the library wrote: its number,
// its dictionary (or whole body, for an object without a stream) and its
// stream data, if it has a stream.
type pdfObject struct {
	num    int
	dict   []byte
	data   []byte
	stream bool
	raw    bool // a stream without a filter, to compress
}

// pdfDoc is a document the library wrote, taken apart.
type pdfDoc struct {
	version string
	objs    []pdfObject // in file order
	trailer []byte      // the trailer dictionary's lines, without "trailer"
}

// capture takes the library's document as written. The library hands
// over its whole document in one Write, so it is kept without a copy;
// should it ever come in pieces, they are gathered.
type capture struct{ b []byte }

func (c *capture) Write(p []byte) (int, error) {
	if c.b == nil {
		c.b = p
	} else {
		c.b = append(slices.Clip(c.b), p...)
	}
	return len(p), nil
}

// finish closes f and takes its document apart, compressing its
// unfiltered streams; pages is how many pages of content it has (its
// placeholders hold none). Nothing of the library's copy is kept, so it
// can be collected.
func finish(f *fpdf.Fpdf, pages int) (*pdfDoc, error) {
	if pages > maxPagesCompressedAfter {
		f.SetCompression(true)
	}
	var c capture
	if err := f.Output(&c); err != nil {
		return nil, err
	}
	d, err := parseDocument(c.b)
	if err != nil {
		return nil, err
	}
	for i := range d.objs {
		o := &d.objs[i]
		o.dict = bytes.Clone(o.dict)
		if !o.raw {
			o.data = bytes.Clone(o.data)
		}
	}
	compressAll(d.objs) // each raw stream's data is replaced by a compressed copy
	return d, nil
}

// parseDocument finds every object through the cross-reference table, in
// file order, and the trailer. The library writes one table with an entry
// for every object from 1 up, each "%010d 00000 n ", and each object as
// "N 0 obj\n<<…>>\n[stream\n…\nendstream\n]endobj\n".
func parseDocument(doc []byte) (*pdfDoc, error) {
	if !bytes.HasPrefix(doc, []byte("%PDF-")) {
		return nil, errors.New("not a PDF")
	}
	version := string(doc[5:min(len(doc), 8)])
	tail := doc[max(0, len(doc)-64):]
	i := bytes.LastIndex(tail, []byte("startxref\n"))
	if i < 0 {
		return nil, errors.New("no startxref")
	}
	rest := tail[i+len("startxref\n"):]
	end := bytes.IndexByte(rest, '\n')
	if end < 0 {
		return nil, errors.New("startxref has no offset")
	}
	xrefAt, err := strconv.Atoi(string(rest[:end]))
	if err != nil || xrefAt <= 0 || xrefAt >= len(doc) {
		return nil, fmt.Errorf("bad startxref %q", rest[:end])
	}
	table := doc[xrefAt:]
	var n int
	if _, err := fmt.Sscanf(string(table[:min(len(table), 32)]), "xref\n0 %d\n", &n); err != nil || n < 1 {
		return nil, errors.New("no cross-reference table")
	}
	head := len(fmt.Sprintf("xref\n0 %d\n", n))
	const entry = 20
	if len(table) < head+n*entry {
		return nil, errors.New("short cross-reference table")
	}
	entries := table[head : head+n*entry]
	trailerStart := head + n*entry
	ts := bytes.Index(table[trailerStart:], []byte("trailer\n"))
	te := bytes.LastIndex(table, []byte("startxref\n"))
	if ts != 0 || te < trailerStart {
		return nil, errors.New("no trailer after the cross-reference table")
	}
	d := &pdfDoc{version: version, trailer: bytes.Clone(table[trailerStart+len("trailer\n") : te])}
	type span struct{ num, start int }
	spans := make([]span, 0, n-1)
	for num := 1; num < n; num++ {
		off, err := strconv.Atoi(string(entries[num*entry : num*entry+10]))
		if err != nil || off <= 0 || off >= xrefAt {
			return nil, fmt.Errorf("object %d: bad offset", num)
		}
		spans = append(spans, span{num, off})
	}
	slices.SortFunc(spans, func(a, b span) int { return a.start - b.start })
	d.objs = make([]pdfObject, len(spans))
	for k, s := range spans {
		end := xrefAt
		if k+1 < len(spans) {
			end = spans[k+1].start
		}
		o, err := parseObject(doc[s.start:end], s.num)
		if err != nil {
			return nil, err
		}
		d.objs[k] = o
	}
	return d, nil
}

func parseObject(body []byte, num int) (pdfObject, error) {
	o := pdfObject{num: num}
	open := []byte(strconv.Itoa(num) + " 0 obj\n")
	if !bytes.HasPrefix(body, open) {
		return o, fmt.Errorf("object %d: not where the table says", num)
	}
	body = body[len(open):]
	if i := bytes.Index(body, []byte(">>\nstream\n")); i >= 0 && bytes.HasSuffix(body, []byte("\nendstream\nendobj\n")) {
		o.stream = true
		o.dict = body[:i+2]
		o.data = body[i+len(">>\nstream\n") : len(body)-len("\nendstream\nendobj\n")]
		m := lengthRE.FindSubmatch(o.dict)
		if m == nil || string(m[1]) != strconv.Itoa(len(o.data)) {
			return o, fmt.Errorf("object %d: stream length does not match", num)
		}
		o.raw = rawStreamRE.Match(o.dict)
		return o, nil
	}
	if !bytes.HasSuffix(body, []byte("\nendobj\n")) {
		return o, fmt.Errorf("object %d: no endobj", num)
	}
	o.dict = body[:len(body)-len("\nendobj\n")]
	return o, nil
}

var lengthRE = regexp.MustCompile(`/Length (\d+)\b`)

// compressAll compresses every unfiltered stream, in parallel, each
// worker reusing one compressor.
func compressAll(objs []pdfObject) {
	workers := runtime.GOMAXPROCS(0)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			var buf bytes.Buffer
			zw, _ := zlib.NewWriterLevel(&buf, zlib.BestSpeed) // a valid level: no error
			for i := w; i < len(objs); i += workers {
				o := &objs[i]
				if !o.raw {
					continue
				}
				buf.Reset()
				zw.Reset(&buf)
				_, _ = zw.Write(o.data) // writes to memory
				_ = zw.Close()
				o.data = bytes.Clone(buf.Bytes())
				o.dict = []byte("<</Filter /FlateDecode /Length " + strconv.Itoa(len(o.data)) + ">>")
				o.raw = false
			}
		})
	}
	wg.Wait()
}

// assemble writes the main document f, whose pages from firstPlaceholder
// on stand for the parts' pages (in order), with the parts' pages under
// them.
func assemble(w io.Writer, f *fpdf.Fpdf, firstPlaceholder int, parts []finishedPart) error {
	total, pages := f.PageNo(), f.PageNo()
	if firstPlaceholder > 0 {
		pages = firstPlaceholder - 1
	}
	main, err := finish(f, pages)
	if err != nil {
		return err
	}
	byNum := make(map[int]*pdfObject, len(main.objs))
	for i := range main.objs {
		byNum[main.objs[i].num] = &main.objs[i]
	}
	mainFonts := fontEntries(byNum[2])
	next := len(main.objs) + 1
	version := main.version
	var extra []pdfObject
	page := firstPlaceholder
	for i, part := range parts {
		version = max(version, part.doc.version)
		kept, err := part.doc.join(part.pages, page, byNum, mainFonts, next)
		if err != nil {
			return fmt.Errorf("part %d: %w", i+1, err)
		}
		extra = append(extra, kept...)
		next += len(kept)
		page += part.pages
	}
	if firstPlaceholder > 0 && page != total+1 {
		return fmt.Errorf("%d placeholder pages for %d pages of parts", total-firstPlaceholder+1, page-firstPlaceholder)
	}
	trailer := sizeRE.ReplaceAll(main.trailer, []byte("/Size "+strconv.Itoa(next)))
	return write(w, version, slices.Concat(main.objs, extra), trailer)
}

var sizeRE = regexp.MustCompile(`/Size \d+`)

// fontRE matches a font in a resource dictionary: "/Fname N 0 R".
var fontRE = regexp.MustCompile(`(?m)^/F\w+ \d+ 0 R$`)

// fontEntries are the lines of a resource dictionary's fonts.
func fontEntries(resources *pdfObject) [][]byte {
	if resources == nil {
		return nil
	}
	return fontRE.FindAll(resources.dict, -1)
}

// join puts a part of n pages under the main document's placeholders from
// page first on: each placeholder shows the part's page and then its own
// (the page number), with the part's resources and the main document's
// fonts. The part's objects other than its page tree, catalogue and
// document information are returned, renumbered from next, with its
// resources given the main document's fonts it lacks.
func (d *pdfDoc) join(n, first int, main map[int]*pdfObject, mainFonts [][]byte, next int) ([]pdfObject, error) {
	root, info := trailerRef(d.trailer, "/Root"), trailerRef(d.trailer, "/Info")
	// The library numbers its page tree 1, its resources 2, and page k
	// 2k+1 with its content 2k+2.
	renumber := map[int]int{}
	var kept []pdfObject
	groups := make([][]byte, n+1) // each page's transparency group, if it has one
	for _, o := range d.objs {
		switch {
		case o.num == 1 || o.num == root || o.num == info:
		case o.num >= 3 && o.num <= 2*n+2 && o.num%2 == 1:
			k := (o.num - 1) / 2
			switch {
			case !bytes.HasPrefix(o.dict, []byte("<</Type /Page\n")):
				return nil, fmt.Errorf("object %d is not page %d", o.num, k)
			case bytes.Contains(o.dict, []byte("/Annots")):
				return nil, fmt.Errorf("page %d has links, which a part cannot carry", k)
			case bytes.Contains(o.dict, []byte("/MediaBox")):
				return nil, fmt.Errorf("page %d is not of the document's size, which a part cannot be", k)
			}
			groups[k] = groupRE.Find(o.dict)
		default:
			renumber[o.num] = next + len(kept)
			kept = append(kept, o)
		}
	}
	resources, ok := renumber[2]
	if !ok {
		return nil, errors.New("no resources")
	}
	for i := range kept {
		o := &kept[i]
		o.num = renumber[o.num]
		var bad error
		o.dict = refRE.ReplaceAllFunc(o.dict, func(ref []byte) []byte {
			old, _ := strconv.Atoi(string(ref[:bytes.IndexByte(ref, ' ')]))
			to, ok := renumber[old]
			if !ok {
				bad = fmt.Errorf("object %d refers to object %d, which is not carried over", o.num, old)
			}
			return []byte(strconv.Itoa(to) + " 0 R")
		})
		if bad != nil {
			return nil, bad
		}
		if o.num == resources {
			o.dict = withFonts(o.dict, mainFonts)
		}
	}
	for k := 1; k <= n; k++ {
		p := first + k - 1
		pg, content := main[2*p+1], renumber[2*k+2]
		placeholder := []byte("/Contents " + strconv.Itoa(2*p+2) + " 0 R")
		if pg == nil || content == 0 || !bytes.Contains(pg.dict, []byte("/Resources 2 0 R")) || !bytes.Contains(pg.dict, placeholder) {
			return nil, fmt.Errorf("no placeholder for page %d", p)
		}
		pg.dict = bytes.Replace(pg.dict, []byte("/Resources 2 0 R"), []byte("/Resources "+strconv.Itoa(resources)+" 0 R"), 1)
		contents := []byte("/Contents [" + strconv.Itoa(content) + " 0 R " + strconv.Itoa(2*p+2) + " 0 R]")
		if g := groups[k]; g != nil && !groupRE.Match(pg.dict) {
			contents = slices.Concat(g, []byte("\n"), contents)
		}
		pg.dict = bytes.Replace(pg.dict, placeholder, contents, 1)
	}
	return kept, nil
}

// withFonts adds to a resource dictionary the fonts it does not have.
func withFonts(dict []byte, fonts [][]byte) []byte {
	at := bytes.Index(dict, []byte("/Font <<\n"))
	if at < 0 {
		return dict
	}
	at += len("/Font <<\n")
	var add []byte
	for _, f := range fonts {
		name := f[:bytes.IndexByte(f, ' ')+1]
		if !bytes.Contains(dict, name) {
			add = append(append(add, f...), '\n')
		}
	}
	return slices.Concat(dict[:at], add, dict[at:])
}

// groupRE matches a page's transparency group, which the library gives
// every page of a document that uses transparency.
var groupRE = regexp.MustCompile(`/Group <<[^<>]*>>`)

// trailerRef is the object number the trailer gives for key, or 0.
func trailerRef(trailer []byte, key string) int {
	m := regexp.MustCompile(regexp.QuoteMeta(key) + ` (\d+) 0 R`).FindSubmatch(trailer)
	if m == nil {
		return 0
	}
	n, _ := strconv.Atoi(string(m[1]))
	return n
}

// write writes the objects, numbered 1 up in any order, with a fresh
// cross-reference table.
func write(w io.Writer, version string, objs []pdfObject, trailer []byte) error {
	bw := bufio.NewWriterSize(w, 1<<16) // an object is written in five pieces
	cw := &countingWriter{w: bw}
	cw.write([]byte("%PDF-" + version + "\n%µ¶\n"))
	offsets := make([]int, len(objs)+1)
	for _, o := range objs {
		if o.num < 1 || o.num > len(objs) || offsets[o.num] != 0 {
			return fmt.Errorf("object %d numbered out of order", o.num)
		}
		offsets[o.num] = cw.n
		cw.write([]byte(strconv.Itoa(o.num) + " 0 obj\n"))
		cw.write(o.dict)
		if o.stream {
			cw.write([]byte("\nstream\n"))
			cw.write(o.data)
			cw.write([]byte("\nendstream\nendobj\n"))
		} else {
			cw.write([]byte("\nendobj\n"))
		}
	}
	xref := cw.n
	var b bytes.Buffer
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(offsets))
	for _, off := range offsets[1:] {
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	b.WriteString("trailer\n")
	b.Write(trailer)
	fmt.Fprintf(&b, "startxref\n%d\n%%%%EOF\n", xref)
	cw.write(b.Bytes())
	if cw.err == nil {
		cw.err = bw.Flush()
	}
	if cw.err != nil {
		return fmt.Errorf("write plan.pdf: %w", cw.err)
	}
	return nil
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
