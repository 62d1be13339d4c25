package pdf

import (
	"cmp"
	"errors"
	"runtime"
	"slices"
	"sync"
)

// A long plan is laid out in parts at once, on every core. The main
// document has the cover and the contents; each group of sections and
// annexes is a document of its own, set up the same way, which is
// finished (written and compressed) as soon as it is laid out, so that
// only the parts in hand are ever held uncompressed. The main document
// then takes a placeholder page for each of the parts' pages, in order,
// with their headings as bookmarks and contents entries, so that its page
// count, contents and outline are the whole plan's; the placeholders
// carry the page numbers, in a font of their own. Writing the document
// puts each part's page under its placeholder's (see assemble).

// numberFamily is the font the main document numbers the parts' pages in:
// the order's regular face under a name of its own, so that it can sit
// beside a part's fonts in the part's resources.
const numberFamily = "sans-page-number"

// partHeading is a heading as laid out: where it is, and the section key
// of a numbered section.
type partHeading struct {
	level int
	title string
	page  int
	y     float64
	key   string
}

// finishedPart is a part laid out and written: its headings, its pages
// and the document, compressed.
type finishedPart struct {
	headings []partHeading
	pages    int
	doc      *pdfDoc
}

// layOutParts lays out and finishes each part in a document of its own,
// as many at once as there are cores. The longest start first, so the
// cores finish at about the same time (the last to start are short);
// the parts come back in document order, whatever order they ran in.
func (r *renderer) layOutParts(parts []orderPart) ([]finishedPart, error) {
	// What the parts read in common is made before they start.
	r.constituencyName("")
	r.stationsIn("")
	r.mapIndex()
	out := make([]finishedPart, len(parts))
	errs := make([]error, len(parts))
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	var wg sync.WaitGroup
	longestFirst := make([]int, len(parts))
	for i := range longestFirst {
		longestFirst[i] = i
	}
	slices.SortStableFunc(longestFirst, func(a, b int) int { return cmp.Compare(parts[b].work, parts[a].work) })
	for _, i := range longestFirst {
		sem <- struct{}{}
		wg.Go(func() {
			defer func() { <-sem }()
			out[i], errs[i] = r.layOutPart(parts[i].layOut)
		})
	}
	wg.Wait()
	return out, errors.Join(errs...)
}

func (r *renderer) layOutPart(layOut func(*renderer)) (finishedPart, error) {
	pg, err := newPartPage()
	if err != nil {
		return finishedPart{}, err
	}
	pg.part = true
	pg.marking, pg.left, pg.right, pg.foot = r.pg.marking, r.pg.left, r.pg.right, r.pg.foot
	fixDates(pg.f, r.p.AsOf)
	layOut(&renderer{pg: pg, p: r.p, w: r.w, names: r.names, byConstituency: r.byConstituency, maps: r.maps})
	if err := pg.f.Error(); err != nil {
		return finishedPart{}, err
	}
	n := pg.f.PageNo()
	doc, err := finish(pg.f, n)
	if err != nil {
		return finishedPart{}, err
	}
	return finishedPart{headings: pg.headings, pages: n, doc: doc}, nil
}

// placeholders adds a page to the main document for each page of the
// parts, in order, marking the parts' headings on them. It returns the
// number of the first placeholder page.
func (r *renderer) placeholders(parts []finishedPart) (int, error) {
	pg, f := r.pg, r.pg.f
	b, err := fontFile(fontFiles[""])
	if err != nil {
		return 0, err
	}
	f.AddUTF8FontFromBytes(numberFamily, "", b)
	first := f.PageNo() + 1
	pg.placeholdersFrom = first
	for _, part := range parts {
		headings := part.headings
		for k := 1; k <= part.pages; k++ {
			f.AddPage()
			for len(headings) > 0 && headings[0].page == k {
				h := headings[0]
				h.page = f.PageNo()
				pg.mark(h)
				headings = headings[1:]
			}
		}
	}
	return first, nil
}
