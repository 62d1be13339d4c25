package importers

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/electplan/electplan/plan"
	"go.yaml.in/yaml/v3"
)

// record is one item an import read, as the fields it owns, ready to merge
// into a list section by id.
type record struct {
	id           string
	name         string // for reports
	constituency string
	fields       []field
}

// field is one value the importer owns: a key path ("venue.name"), the
// value, and a comment written with it when the field is added.
type field struct {
	path    string
	value   *yaml.Node
	comment string
	// ifUnset fields are suggestions and defaults: written only where the
	// SPOC has not set the key, never changed afterwards.
	ifUnset bool
	// note is said in the report when an ifUnset field is written.
	note string
}

// section is a list section of the standard the importers fill.
type section struct {
	key    string // YAML key: candidates, polling_stations, events
	file   string // the conventional file for it
	noun   string // candidate, station, event
	header string // comment block for a new file, without the modeline
	// orders give the standard's key order for the item and its nested
	// maps (by parent key), so added keys go where a reader expects them.
	orders map[string][]string
	// sameAs are the fields that, all equal, make an item already in the
	// folder under another id look like a new record (one typed by hand
	// before the import): "start" compares the day only.
	sameAs []string
}

var (
	candidatesSection = section{key: "candidates", file: "candidates.yaml", noun: "candidate",
		header: "Candidates, imported from the Democracy Club candidates CSV with\n`electplan import candidates`. Party is for display only: nothing scored\never reads it. Re-importing updates name, constituency and party and\nleaves every other field as you wrote it.",
		orders: map[string][]string{"": yamlKeys(reflect.TypeFor[plan.Candidate]())}, sameAs: []string{"name"}}
	stationsSection = section{key: "polling_stations", file: "polling-stations.yaml", noun: "station",
		header: "Polling stations, imported from the council's election-management export\nwith `electplan import stations`. Re-importing updates name, address,\npostcode, location, districts and constituency and leaves every other field\n(ro_rating, notes, electorate …) as you wrote it.",
		orders: map[string][]string{"": yamlKeys(reflect.TypeFor[plan.PollingStation]())}, sameAs: []string{"name", "postcode"}}
	eventsSection = section{key: "events", file: "events.yaml", noun: "event",
		header: "Hustings, campaign events, protests and other gatherings. Hustings are\nimported from the WhoCanIVoteFor sheet with `electplan import hustings`;\nre-importing updates title, times, venue and constituency and leaves every\nother field as you wrote it.",
		orders: map[string][]string{"": yamlKeys(reflect.TypeFor[plan.Event]()),
			"venue": yamlKeys(reflect.TypeFor[plan.Venue]())}, sameAs: []string{"title", "start"}}
)

// yamlKeys lists the yaml keys of a struct type in declaration order.
func yamlKeys(t reflect.Type) []string {
	var keys []string
	for i := range t.NumField() {
		name, _, _ := strings.Cut(t.Field(i).Tag.Get("yaml"), ",")
		if name != "" && name != "-" {
			keys = append(keys, name)
		}
	}
	return keys
}

// Change is one item an import adds, updates or finds missing.
type Change struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	File string `json:"file"`
	// Fields are the fields that change (updates) or that were left alone
	// because they are marked `# keep`.
	Fields []string `json:"fields,omitempty"`
	// Details say how each changed field changes: `name: A → B`.
	Details []string `json:"details,omitempty"`
}

// FileWrite is a file an import writes, or would write with --dry-run.
type FileWrite struct {
	Name    string `json:"name"`
	Created bool   `json:"created"`
	Backup  string `json:"backup,omitempty"`
	data    []byte
	mode    os.FileMode
	old     []byte
}

// merged is the outcome of merging records into a folder, before anything
// is written.
type merged struct {
	added, updated, notInSource, kept []Change
	unchanged                         int
	notes                             []string
	writes                            []FileWrite
}

// yamlFile is one file of the folder, parsed, with the section's changes.
type yamlFile struct {
	name     string
	path     string
	data     []byte
	mode     os.FileMode
	top      *yaml.Node // the document's top map; nil for a new file
	key, seq *yaml.Node // the section's key and value; nil when absent
	items    []*yaml.Node
	changed  map[*yaml.Node]bool
	appended []*yaml.Node
	created  bool
}

// keepRE marks a field the SPOC has pinned: `location: {…}  # keep: …`.
var keepRE = regexp.MustCompile(`(?i)^#\s*keep\b`)

// mergeRecords merges recs into the section in dir. inScope says which of
// the folder's items the import speaks for, so that only those are
// reported when the source no longer has them.
func mergeRecords(dir string, sec section, recs []record, inScope func(*yaml.Node) bool) (*merged, error) {
	files, err := readFolder(dir, sec)
	if err != nil {
		return nil, err
	}
	m := &merged{}
	type located struct {
		file *yamlFile
		item *yaml.Node
	}
	index := map[string]located{}
	var order []string
	for _, f := range files {
		for _, item := range f.items {
			id := scalarAt(item, "id")
			if id == "" {
				continue
			}
			if prev, dup := index[id]; dup {
				m.notes = append(m.notes, fmt.Sprintf("%s %q is in both %s and %s: the import updates the one in %s",
					sec.noun, id, prev.file.name, f.name, prev.file.name))
				continue
			}
			index[id] = located{f, item}
			order = append(order, id)
		}
	}
	target := targetFile(dir, files, sec)
	if target.created {
		if _, err := os.Lstat(target.path); err == nil {
			return nil, fmt.Errorf("%s is there but is not an input file of the standard (it does not parse, or lacks `schema: %s`): fix or rename it, then import again",
				target.path, plan.SchemaV1)
		}
	}
	seen := map[string]bool{}
	grouped := &groupedNotes{}
	for _, rec := range recs {
		seen[rec.id] = true
		if at, ok := index[rec.id]; ok {
			changed, details, kept, notes := applyFields(at.item, rec.fields, sec)
			grouped.add(notes, rec)
			if len(kept) > 0 {
				m.kept = append(m.kept, Change{ID: rec.id, Name: rec.name, File: at.file.name, Fields: kept})
			}
			if len(changed) == 0 {
				m.unchanged++
				continue
			}
			at.file.changed[at.item] = true
			m.updated = append(m.updated, Change{ID: rec.id, Name: rec.name, File: at.file.name, Fields: changed, Details: details})
			continue
		}
		item, notes := newItem(rec.fields, sec)
		grouped.add(notes, rec)
		target.appended = append(target.appended, item)
		m.added = append(m.added, Change{ID: rec.id, Name: rec.name, File: target.name})
		for _, id := range order {
			if at := index[id]; looksLike(at.item, item, sec.sameAs) {
				m.notes = append(m.notes, fmt.Sprintf("%s %q %s looks like %q in %s (the same %s), added under another id: "+
					"if they are one, keep one of them — give the one you keep the id %q so later imports update it",
					sec.noun, rec.id, rec.name, id, at.file.name, strings.ReplaceAll(strings.Join(sec.sameAs, " and "), "start", "day"), rec.id))
			}
		}
	}
	m.notes = append(m.notes, grouped.lines(sec.noun)...)
	for _, id := range order {
		at := index[id]
		if !seen[id] && inScope(at.item) {
			m.notInSource = append(m.notInSource, Change{ID: id, Name: itemName(at.item), File: at.file.name})
		}
	}
	if !slices.Contains(files, target) {
		files = append(files, target)
	}
	for _, f := range files {
		if len(f.changed) == 0 && len(f.appended) == 0 {
			continue
		}
		data, err := f.render(sec, files)
		if err != nil {
			return nil, err
		}
		if err := checkRendered(data, f, sec); err != nil {
			return nil, fmt.Errorf("merge into %s: %w (nothing written; please report this)", f.name, err)
		}
		w := FileWrite{Name: f.name, Created: f.created, data: data, mode: f.mode, old: f.data}
		if !f.created {
			w.Backup = f.name + ".bak"
		}
		m.writes = append(m.writes, w)
	}
	return m, nil
}

// looksLike reports whether items a and b agree on every sameAs field,
// compared without case or spacing; "start" compares the day only.
func looksLike(a, b *yaml.Node, sameAs []string) bool {
	if len(sameAs) == 0 {
		return false
	}
	for _, path := range sameAs {
		x, y := scalarAt(a, path), scalarAt(b, path)
		if path == "start" {
			x, y = x[:min(len(x), 10)], y[:min(len(y), 10)]
		}
		x, y = strings.Join(strings.Fields(x), " "), strings.Join(strings.Fields(y), " ")
		if x == "" || !strings.EqualFold(x, y) {
			return false
		}
	}
	return true
}

// groupedNotes collects the notes of suggestions written, each with the
// items it was written for, so five hustings give one line, not five.
type groupedNotes struct {
	order    []string
	subjects map[string][]string
}

func (g *groupedNotes) add(notes []string, rec record) {
	if g.subjects == nil {
		g.subjects = map[string][]string{}
	}
	for _, n := range notes {
		if _, ok := g.subjects[n]; !ok {
			g.order = append(g.order, n)
		}
		g.subjects[n] = append(g.subjects[n], fmt.Sprintf("%q %s", rec.id, rec.name))
	}
}

func (g *groupedNotes) lines(noun string) []string {
	var out []string
	for _, n := range g.order {
		subjects := g.subjects[n]
		who := noun + " " + subjects[0]
		if len(subjects) > 1 {
			who = fmt.Sprintf("%s %s", plan.Plural(len(subjects), noun, noun+"s"), listNames(subjects, 8))
		}
		out = append(out, who+": "+n)
	}
	return out
}

// readFolder parses the folder's YAML files. A file that holds the section
// but cannot be parsed stops the merge: it could not be updated safely.
func readFolder(dir string, sec section) ([]*yamlFile, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("read plan folder: %w", err)
	}
	var files []*yamlFile
	for _, e := range entries {
		ext := strings.ToLower(filepath.Ext(e.Name()))
		if e.IsDir() || (ext != ".yaml" && ext != ".yml") {
			continue
		}
		path := filepath.Join(dir, e.Name())
		data, err := os.ReadFile(path)
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", path, err)
		}
		info, err := e.Info()
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", path, err)
		}
		f := &yamlFile{name: e.Name(), path: path, data: data, mode: info.Mode().Perm(), changed: map[*yaml.Node]bool{}}
		var doc yaml.Node
		if err := yaml.Unmarshal(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")), &doc); err != nil {
			if mentionsSection(data, sec.key) {
				return nil, fmt.Errorf("%s is not valid YAML, so the import cannot update it: fix it first (electplan validate %s shows where): %w", path, dir, err)
			}
			continue
		}
		if len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
			continue
		}
		f.top = doc.Content[0]
		if v := mapValue(f.top, "schema"); v == nil || v.Value != plan.SchemaV1 {
			continue // another standard's file (a contribution, say)
		}
		for i := 0; i+1 < len(f.top.Content); i += 2 {
			if f.top.Content[i].Value == sec.key {
				f.key, f.seq = f.top.Content[i], f.top.Content[i+1]
				break
			}
		}
		if f.seq != nil && f.seq.Kind == yaml.SequenceNode {
			for _, item := range f.seq.Content {
				if item.Kind == yaml.MappingNode {
					f.items = append(f.items, item)
				}
			}
		}
		files = append(files, f)
	}
	return files, nil
}

func mentionsSection(data []byte, key string) bool {
	return bytes.HasPrefix(data, []byte(key+":")) || bytes.Contains(data, []byte("\n"+key+":"))
}

// targetFile is where new items go: the conventional file if it holds the
// section, else the first file that does, else the conventional file
// (created if missing).
func targetFile(dir string, files []*yamlFile, sec section) *yamlFile {
	var conventional, first *yamlFile
	for _, f := range files {
		if f.name == sec.file {
			conventional = f
		}
		if f.key != nil && first == nil {
			first = f
		}
	}
	switch {
	case conventional != nil && conventional.key != nil:
		return conventional
	case first != nil:
		return first
	case conventional != nil:
		return conventional
	}
	return &yamlFile{name: sec.file, path: filepath.Join(dir, sec.file), mode: 0o644, created: true,
		changed: map[*yaml.Node]bool{}}
}

// applyFields sets the fields on an existing item. It returns the paths
// that changed with how, the paths left alone because the SPOC marked them
// keep, and notes for suggestions written.
func applyFields(item *yaml.Node, fields []field, sec section) (changed, details, kept, notes []string) {
	for _, f := range fields {
		if f.path == "id" {
			continue
		}
		parent, parentKey := item, ""
		parts := strings.Split(f.path, ".")
		skip := false
		for _, p := range parts[:len(parts)-1] {
			k, v := mapEntry(parent, p)
			switch {
			case k != nil && isKept(k, v):
				kept = append(kept, f.path)
				skip = true
			case v == nil:
				v = &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
				insertKey(parent, p, v, sec.orders[parentKey])
			case v.Kind != yaml.MappingNode:
				skip = true // not a map as the SPOC wrote it: leave it for validate to report
			}
			if skip {
				break
			}
			parent, parentKey = v, p
		}
		if skip {
			continue
		}
		last := parts[len(parts)-1]
		k, v := mapEntry(parent, last)
		switch {
		case v == nil:
			nv := cloneNode(f.value)
			nv.LineComment = f.comment
			insertKey(parent, last, nv, sec.orders[parentKey])
			changed = append(changed, f.path)
			details = append(details, f.path+": — → "+inline(f.value))
			if f.note != "" {
				notes = append(notes, f.note)
			}
		case isKept(k, v):
			kept = append(kept, f.path)
		case f.ifUnset || equalValues(v, f.value):
		default:
			details = append(details, f.path+": "+inline(v)+" → "+inline(f.value))
			setValue(v, f.value)
			changed = append(changed, f.path)
		}
	}
	return changed, details, kept, notes
}

// inline is a value as one line of YAML, for reports.
func inline(n *yaml.Node) string {
	if n.Kind == yaml.ScalarNode {
		return n.Value
	}
	c := stripComments(n)
	var walk func(*yaml.Node)
	walk = func(x *yaml.Node) {
		x.Style |= yaml.FlowStyle
		for _, s := range x.Content {
			walk(s)
		}
	}
	walk(c)
	text, err := encode(c)
	if err != nil {
		return "…"
	}
	return strings.TrimSpace(string(text))
}

// newItem builds the item for a new record.
func newItem(fields []field, sec section) (*yaml.Node, []string) {
	item := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
	var notes []string
	for _, f := range fields {
		parent := item
		parts := strings.Split(f.path, ".")
		for _, p := range parts[:len(parts)-1] {
			_, v := mapEntry(parent, p)
			if v == nil {
				v = &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
				parent.Content = append(parent.Content, scalarKey(p), v)
			}
			parent = v
		}
		nv := cloneNode(f.value)
		nv.LineComment = f.comment
		parent.Content = append(parent.Content, scalarKey(parts[len(parts)-1]), nv)
		if f.note != "" {
			notes = append(notes, f.note)
		}
	}
	return item, notes
}

func scalarKey(k string) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: k}
}

// isKept reports a key the SPOC has marked `# keep` on its line (or on the
// line above it).
func isKept(k, v *yaml.Node) bool {
	for _, c := range []string{k.LineComment, k.HeadComment, v.LineComment} {
		for _, line := range strings.Split(c, "\n") {
			if keepRE.MatchString(strings.TrimSpace(line)) {
				return true
			}
		}
	}
	// A flow map or list carries a trailing comment on its last value.
	if v.Kind == yaml.MappingNode || v.Kind == yaml.SequenceNode {
		if n := len(v.Content); n > 0 && keepRE.MatchString(strings.TrimSpace(v.Content[n-1].LineComment)) {
			return true
		}
	}
	return false
}

// insertKey adds key: value to the map m where the standard's order puts
// it: after the last key that comes before it. Unknown keys go last.
func insertKey(m *yaml.Node, key string, value *yaml.Node, order []string) {
	rank := slices.Index(order, key)
	at := len(m.Content)
	if rank >= 0 {
		at = 0
		for i := 0; i+1 < len(m.Content); i += 2 {
			r := slices.Index(order, m.Content[i].Value)
			if r >= 0 && r < rank {
				at = i + 2
			}
		}
	}
	m.Content = slices.Insert(m.Content, at, scalarKey(key), value)
}

// setValue replaces dst's value by src's, keeping dst's comments.
func setValue(dst, src *yaml.Node) {
	head, line, foot := dst.HeadComment, dst.LineComment, dst.FootComment
	*dst = *cloneNode(src)
	dst.HeadComment, dst.LineComment, dst.FootComment = head, line, foot
}

func cloneNode(n *yaml.Node) *yaml.Node {
	c := *n
	c.Content = make([]*yaml.Node, len(n.Content))
	for i, sub := range n.Content {
		c.Content[i] = cloneNode(sub)
	}
	return &c
}

// mapEntry returns the key and value nodes of key in the map m.
func mapEntry(m *yaml.Node, key string) (*yaml.Node, *yaml.Node) {
	if m == nil || m.Kind != yaml.MappingNode {
		return nil, nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i], m.Content[i+1]
		}
	}
	return nil, nil
}

func mapValue(m *yaml.Node, key string) *yaml.Node {
	_, v := mapEntry(m, key)
	return v
}

// scalarAt is the scalar value at a key path of the map m, or "".
func scalarAt(m *yaml.Node, path string) string {
	for _, p := range strings.Split(path, ".") {
		m = mapValue(m, p)
	}
	if m == nil || m.Kind != yaml.ScalarNode {
		return ""
	}
	return m.Value
}

func itemName(item *yaml.Node) string {
	if n := scalarAt(item, "name"); n != "" {
		return n
	}
	return scalarAt(item, "title")
}

// equalValues compares values as the loader reads them: numbers by value,
// locations within a metre whichever form they are written in, lists and
// maps element by element. Styles and comments do not count.
func equalValues(a, b *yaml.Node) bool {
	if a.Kind == yaml.AliasNode {
		a = a.Alias
	}
	if a == nil || a.Kind != b.Kind {
		return false
	}
	switch a.Kind {
	case yaml.ScalarNode:
		if x, err := strconv.ParseFloat(a.Value, 64); err == nil {
			if y, err := strconv.ParseFloat(b.Value, 64); err == nil {
				return x == y
			}
		}
		return strings.TrimSpace(a.Value) == strings.TrimSpace(b.Value)
	case yaml.SequenceNode:
		if len(a.Content) != len(b.Content) {
			return false
		}
		for i := range a.Content {
			if !equalValues(a.Content[i], b.Content[i]) {
				return false
			}
		}
		return true
	case yaml.MappingNode:
		if la, ok := nodeLatLon(a); ok {
			lb, ok := nodeLatLon(b)
			return ok && math.Abs(la.Lat-lb.Lat) < 1e-5 && math.Abs(la.Lon-lb.Lon) < 1e-5
		}
		if len(a.Content) != len(b.Content) {
			return false
		}
		for i := 0; i+1 < len(a.Content); i += 2 {
			bv := mapValue(b, a.Content[i].Value)
			if bv == nil || !equalValues(a.Content[i+1], bv) {
				return false
			}
		}
		return true
	}
	return false
}

// nodeLatLon reads a location map in either form as WGS84.
func nodeLatLon(m *yaml.Node) (plan.Location, bool) {
	num := func(key string) (float64, bool) {
		v := mapValue(m, key)
		if v == nil || v.Kind != yaml.ScalarNode {
			return 0, false
		}
		f, err := strconv.ParseFloat(v.Value, 64)
		return f, err == nil
	}
	if lat, ok := num("lat"); ok {
		lon, ok := num("lon")
		return plan.LatLon(lat, lon), ok
	}
	if e, ok := num("easting"); ok {
		n, ok := num("northing")
		return plan.GridRef(e, n), ok
	}
	return plan.Location{}, false
}

// render writes the file with its changes. Only what changed is written
// anew: changed items are re-encoded in place, new items follow the last
// item, and every other line (comments, blank lines, other sections, the
// items that did not change) stays byte for byte.
func (f *yamlFile) render(sec section, files []*yamlFile) ([]byte, error) {
	crlf := bytes.Contains(f.data, []byte("\r\n"))
	var out []byte
	switch {
	case f.created:
		out = []byte(newFileHeader(files, sec) + "schema: " + plan.SchemaV1 + "\n\n")
		block, err := encodeSection(sec.key, nil, f.appended)
		if err != nil {
			return nil, err
		}
		out = append(out, block...)
	case f.key == nil:
		out = slices.Clone(f.data)
		if len(out) > 0 && out[len(out)-1] != '\n' {
			out = append(out, '\n')
		}
		block, err := encodeSection(sec.key, nil, f.appended)
		if err != nil {
			return nil, err
		}
		out = append(append(out, '\n'), block...)
	case f.seq.Kind == yaml.SequenceNode && f.seq.Style&yaml.FlowStyle == 0 && len(f.items) > 0 && len(f.items) == len(f.seq.Content):
		var err error
		out, err = f.splice()
		if err != nil {
			return nil, err
		}
	default:
		var err error
		out, err = f.replaceSection(sec)
		if err != nil {
			return nil, err
		}
	}
	if crlf {
		out = bytes.ReplaceAll(bytes.ReplaceAll(out, []byte("\r\n"), []byte("\n")), []byte("\n"), []byte("\r\n"))
	}
	return out, nil
}

// newFileHeader is the comment block of a new section file: the folder's
// own schema modeline (so editors keep checking it) and what it holds.
func newFileHeader(files []*yamlFile, sec section) string {
	modeline := "# yaml-language-server: $schema=" + plan.SchemaFileName
	for _, f := range files {
		first, _, _ := bytes.Cut(bytes.TrimPrefix(f.data, []byte("\xef\xbb\xbf")), []byte("\n"))
		if bytes.HasPrefix(first, []byte("# yaml-language-server:")) {
			modeline = string(bytes.TrimRight(first, "\r"))
			break
		}
	}
	var b strings.Builder
	b.WriteString(modeline + "\n#\n")
	for _, line := range strings.Split(sec.header, "\n") {
		b.WriteString("# " + line + "\n")
	}
	return b.String()
}

// lines splits data into lines, each keeping its line break.
func lines(data []byte) [][]byte {
	var ls [][]byte
	for len(data) > 0 {
		i := bytes.IndexByte(data, '\n')
		if i < 0 {
			ls = append(ls, data)
			break
		}
		ls = append(ls, data[:i+1])
		data = data[i+1:]
	}
	return ls
}

// indentOf is the 1-based column of a line's first non-space character,
// and whether the line is blank or a comment.
func indentOf(line []byte) (col int, blank, comment bool) {
	trimmed := bytes.TrimLeft(line, " \t")
	rest := bytes.TrimRight(trimmed, "\r\n \t")
	return len(line) - len(trimmed) + 1, len(rest) == 0, len(rest) > 0 && rest[0] == '#'
}

// splice rewrites a block list section: changed items re-encoded where
// they are, new items after the last one, everything else kept.
func (f *yamlFile) splice() ([]byte, error) {
	ls := lines(f.data)
	n := len(f.items)
	starts := make([]int, n) // 1-based line of each item's dash
	cols := make([]int, n)   // 1-based column of each item's dash
	for i, item := range f.items {
		starts[i], cols[i] = dashOf(ls, item)
		if starts[i] == 0 || (i > 0 && starts[i] <= starts[i-1]) {
			return nil, errors.New("could not place the list items")
		}
	}
	limit := len(ls)
	if next := nextTopKey(f.top, f.key); next != nil {
		limit = next.Line - 1
	}
	ends := make([]int, n)
	for i := range n {
		last := limit
		if i+1 < n {
			last = starts[i+1] - 1
		}
		for last > starts[i] {
			col, blank, comment := indentOf(ls[last-1])
			if !blank && !(comment && col <= cols[i]) {
				break
			}
			last--
		}
		ends[i] = last
	}
	var out []byte
	out = appendLines(out, ls[:starts[0]-1])
	for i, item := range f.items {
		if f.changed[item] {
			text, err := encodeItem(item, cols[i]-1, true)
			if err != nil {
				return nil, err
			}
			out = append(out, text...)
		} else {
			out = appendLines(out, ls[starts[i]-1:ends[i]])
		}
		if i+1 < n {
			out = appendLines(out, ls[ends[i]:starts[i+1]-1])
		}
	}
	if len(ls[ends[n-1]-1]) > 0 && !bytes.HasSuffix(out, []byte("\n")) {
		out = append(out, '\n')
	}
	for _, item := range f.appended {
		text, err := encodeItem(item, cols[n-1]-1, false)
		if err != nil {
			return nil, err
		}
		out = append(out, text...)
	}
	out = appendLines(out, ls[ends[n-1]:])
	return out, nil
}

func appendLines(out []byte, ls [][]byte) []byte {
	for _, l := range ls {
		out = append(out, l...)
	}
	return out
}

// dashOf finds the line and column of the "-" that starts a list item.
func dashOf(ls [][]byte, item *yaml.Node) (line, col int) {
	for l := item.Line; l >= 1 && l <= len(ls); l-- {
		text := ls[l-1]
		limit := len(text)
		if l == item.Line {
			limit = min(item.Column-1, len(text))
		}
		for c := limit - 1; c >= 0; c-- {
			switch text[c] {
			case ' ', '\t':
				continue
			case '-':
				return l, c + 1
			}
			break
		}
		if l < item.Line {
			if _, blank, comment := indentOf(text); !blank && !comment {
				return 0, 0
			}
		}
	}
	return 0, 0
}

func nextTopKey(top, key *yaml.Node) *yaml.Node {
	for i := 0; i+2 < len(top.Content); i += 2 {
		if top.Content[i] == key {
			return top.Content[i+2]
		}
	}
	return nil
}

// replaceSection rewrites a section written in flow style or left empty
// (`candidates: []`, `candidates:`) as a block list: the key's own lines
// are replaced; comments after them stay where they are.
func (f *yamlFile) replaceSection(sec section) ([]byte, error) {
	ls := lines(f.data)
	first := f.key.Line
	last := first
	if f.seq.Kind == yaml.SequenceNode || f.seq.Kind == yaml.MappingNode {
		last = flowEnd(ls, f.seq)
	}
	if first < 1 || last > len(ls) || last < first {
		return nil, errors.New("could not place the section")
	}
	var existing []*yaml.Node
	if f.seq.Kind == yaml.SequenceNode {
		existing = f.seq.Content
	}
	key := *f.key
	key.HeadComment, key.FootComment = "", ""
	if key.LineComment == "" {
		key.LineComment = f.seq.LineComment
	}
	block, err := encodeSection(sec.key, &key, append(slices.Clone(existing), f.appended...))
	if err != nil {
		return nil, err
	}
	var out []byte
	out = appendLines(out, ls[:first-1])
	out = append(out, block...)
	out = appendLines(out, ls[last:])
	return out, nil
}

// flowEnd is the line where a flow collection starting at n closes.
func flowEnd(ls [][]byte, n *yaml.Node) int {
	depth := 0
	inQuote := byte(0)
	for l := n.Line; l <= len(ls); l++ {
		text := ls[l-1]
		start := 0
		if l == n.Line {
			start = max(n.Column-1, 0)
		}
		for _, ch := range text[start:] {
			switch {
			case inQuote != 0:
				if ch == inQuote {
					inQuote = 0
				}
			case ch == '"' || ch == '\'':
				inQuote = ch
			case ch == '#' && depth == 0:
				return l
			case ch == '[' || ch == '{':
				depth++
			case ch == ']' || ch == '}':
				depth--
				if depth == 0 {
					return l
				}
			}
		}
		if depth == 0 {
			return l
		}
	}
	return len(ls)
}

// encodeSection encodes `key:` and the items as a block list.
func encodeSection(name string, key *yaml.Node, items []*yaml.Node) ([]byte, error) {
	if key == nil {
		key = scalarKey(name)
	}
	seq := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Content: items}
	doc := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Content: []*yaml.Node{key, seq}}
	return encode(doc)
}

// encodeItem encodes one list item indented by indent spaces. For an item
// already in the file, its head comment is left out: it is still in the
// text above the item.
func encodeItem(item *yaml.Node, indent int, inPlace bool) ([]byte, error) {
	it := *item
	if inPlace {
		it.HeadComment = ""
		if len(it.Content) > 0 {
			k := *it.Content[0]
			k.HeadComment = ""
			it.Content = append([]*yaml.Node{&k}, it.Content[1:]...)
		}
	}
	text, err := encode(&yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Content: []*yaml.Node{&it}})
	if err != nil {
		return nil, err
	}
	pad := strings.Repeat(" ", indent)
	var out []byte
	for _, l := range lines(text) {
		if len(bytes.TrimSpace(l)) > 0 {
			out = append(out, pad...)
		}
		out = append(out, l...)
	}
	return out, nil
}

func encode(n *yaml.Node) ([]byte, error) {
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(n); err != nil {
		return nil, fmt.Errorf("encode YAML: %w", err)
	}
	if err := enc.Close(); err != nil {
		return nil, fmt.Errorf("encode YAML: %w", err)
	}
	return buf.Bytes(), nil
}

// checkRendered parses the new text and checks it holds the section with
// the items expected, in order: a guard against a merge that would
// garble a file.
func checkRendered(data []byte, f *yamlFile, sec section) error {
	var doc yaml.Node
	if err := yaml.Unmarshal(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")), &doc); err != nil {
		return fmt.Errorf("the merged file is not valid YAML: %w", err)
	}
	if len(doc.Content) == 0 {
		return errors.New("the merged file is empty")
	}
	seq := mapValue(doc.Content[0], sec.key)
	if seq == nil || seq.Kind != yaml.SequenceNode {
		return errors.New("the merged file lost its " + sec.key + " list")
	}
	var want []string
	if f.seq != nil && f.seq.Kind == yaml.SequenceNode {
		for _, item := range f.seq.Content {
			want = append(want, scalarAt(item, "id"))
		}
	}
	for _, item := range f.appended {
		want = append(want, scalarAt(item, "id"))
	}
	var got []string
	for _, item := range seq.Content {
		got = append(got, scalarAt(item, "id"))
	}
	if !slices.Equal(got, want) {
		return fmt.Errorf("the merged list has ids %v, expected %v", got, want)
	}
	for item := range f.changed {
		id := scalarAt(item, "id")
		for _, g := range seq.Content {
			if scalarAt(g, "id") == id && !equalValues(stripComments(g), stripComments(item)) {
				return fmt.Errorf("%s %q did not come out as merged", sec.noun, id)
			}
		}
	}
	return nil
}

func stripComments(n *yaml.Node) *yaml.Node {
	c := cloneNode(n)
	var walk func(*yaml.Node)
	walk = func(x *yaml.Node) {
		x.HeadComment, x.LineComment, x.FootComment = "", "", ""
		for _, s := range x.Content {
			walk(s)
		}
	}
	walk(c)
	return c
}

// Node constructors for values importers write. Text is tagged !!str so
// the encoder quotes whatever YAML would otherwise read as a number, date
// or boolean ("204", "2027-03-18", "no"); plain values are written as is.
func textNode(s string) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s}
}

func plainNode(s string) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Value: s}
}

func intNode(n int) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!int", Value: strconv.Itoa(n)}
}

func numberNode(f float64) *yaml.Node {
	s := strconv.FormatFloat(f, 'f', -1, 64)
	tag := "!!float"
	if !strings.Contains(s, ".") {
		tag = "!!int"
	}
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: tag, Value: s}
}

func flowMap(pairs ...*yaml.Node) *yaml.Node {
	return &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Style: yaml.FlowStyle, Content: pairs}
}

func flowList(items []string) *yaml.Node {
	n := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Style: yaml.FlowStyle}
	for _, s := range items {
		n.Content = append(n.Content, textNode(s))
	}
	return n
}

// locationNode is the location as the source gave it: a grid reference
// stays a grid reference (the loader converts it exactly as the import
// did); latitude and longitude to six places (about 10 cm).
func locationNode(loc plan.Location) *yaml.Node {
	if loc.Grid {
		return flowMap(scalarKey("easting"), numberNode(loc.Easting), scalarKey("northing"), numberNode(loc.Northing))
	}
	round := func(f float64) float64 { return math.Round(f*1e6) / 1e6 }
	return flowMap(scalarKey("lat"), numberNode(round(loc.Lat)), scalarKey("lon"), numberNode(round(loc.Lon)))
}
