package importers

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/electplan/electplan/plan"
	"github.com/google/renameio/v2"
	"go.yaml.in/yaml/v3"
)

// Kind is what an import brings in.
type Kind string

// The kinds of import.
const (
	Candidates Kind = "candidates"
	Stations   Kind = "stations"
	Hustings   Kind = "hustings"
)

// Formats lists the --format values an import of kind k reads, the
// default first.
func Formats(k Kind) []string {
	switch k {
	case Candidates:
		return []string{"democracyclub"}
	case Stations:
		return []string{"xpress-dc", "xpress-weblookup", "idox-eros", "halarose", "democracy-counts", "fcs", "eoni"}
	case Hustings:
		return []string{"wcivf"}
	}
	return nil
}

// kindSource says where a kind's file comes from, for hints.
func kindSource(k Kind) string {
	switch k {
	case Candidates:
		return "Democracy Club candidates page (candidates.democracyclub.org.uk, \"Download CSV\")"
	case Stations:
		return "council's election-management system"
	}
	return "WhoCanIVoteFor hustings sheet"
}

// Request is one import: what to read, how, and into which plan folder.
type Request struct {
	Kind   Kind
	Format string
	// File is the source file as the user named it.
	File string
	// Dir is the plan folder.
	Dir string
	// Constituency assigns records the file does not place (ONS code).
	Constituency string
	// Boundaries is a GeoJSON boundary file placing stations by location.
	Boundaries string
	// DryRun merges and validates but writes nothing.
	DryRun bool
}

// FlagError is a mistake in a request's flag value (an unknown
// constituency, an unreadable boundary file): the import never started.
type FlagError struct {
	Flag string
	Err  error
}

func (e *FlagError) Error() string { return e.Flag + ": " + e.Err.Error() }
func (e *FlagError) Unwrap() error { return e.Err }

// Report is what an import did, or with DryRun would do.
type Report struct {
	Kind   Kind   `json:"kind"`
	Format string `json:"format"`
	// Layout is the file layout found, in words.
	Layout string `json:"layout"`
	File   string `json:"file"`
	Dir    string `json:"dir"`
	// Rows is the number of data rows (or JSON records) read; Records the
	// distinct candidates, polling places or events they hold.
	Rows    int `json:"rows"`
	Records int `json:"records"`
	// Notes are what the SPOC should know about the file and the merge.
	Notes []string `json:"notes"`
	// Warnings are rows read with a problem the import worked round.
	Warnings plan.Problems `json:"warnings"`
	// Section is the list merged into.
	Section     string   `json:"section"`
	Added       []Change `json:"added"`
	Updated     []Change `json:"updated"`
	Unchanged   int      `json:"unchanged"`
	NotInSource []Change `json:"not_in_source"`
	// Kept lists fields the import would have changed but the SPOC marked
	// `# keep`.
	Kept   []Change    `json:"kept"`
	Writes []FileWrite `json:"files"`
	DryRun bool        `json:"dry_run"`
	// Blocked is set when the merged folder would have problems the import
	// caused (other than placeholders): nothing is written.
	Blocked bool `json:"blocked"`
	// NewProblems are the problems the import caused, placeholders included.
	NewProblems plan.Problems `json:"new_problems"`
	// Problems is the validation of the folder as the import leaves it (or
	// would leave it), exactly as `electplan validate` reports it.
	Problems plan.Problems `json:"problems"`
	// After is the folder as loaded after the import.
	After *plan.Inputs `json:"-"`
}

// Written reports whether the import changed files on disk.
func (r *Report) Written() bool { return !r.DryRun && !r.Blocked && len(r.Writes) > 0 }

// collector gathers what reading a file finds: errors (the file cannot be
// imported), warnings (rows worked round) and notes.
type collector struct {
	errs, warns plan.Problems
	moreErrs    int
	moreWarns   int
	notes       []string
}

// maxProblems bounds the problems listed per kind, so a file wrong on
// every row reports the pattern, not a million lines.
const maxProblems = 50

func (c *collector) err(pos plan.Pos, item, msg, hint string) {
	if len(c.errs) >= maxProblems {
		c.moreErrs++
		return
	}
	c.errs = append(c.errs, plan.Problem{File: pos.File, Line: max(pos.Line, 1), Column: max(pos.Column, 1),
		Item: item, Message: msg, Hint: hint, Severity: plan.SeverityError})
}

func (c *collector) warn(pos plan.Pos, item, msg, hint string) {
	if len(c.warns) >= maxProblems {
		c.moreWarns++
		return
	}
	c.warns = append(c.warns, plan.Problem{File: pos.File, Line: max(pos.Line, 1), Column: max(pos.Column, 1),
		Item: item, Message: msg, Hint: hint, Severity: plan.SeverityWarning})
}

func (c *collector) note(s string) { c.notes = append(c.notes, s) }

// invalid returns the errors as an *plan.InvalidError, or nil.
func (c *collector) invalid() error {
	if len(c.errs) == 0 {
		return nil
	}
	ps := slices.Clone(c.errs)
	if c.moreErrs > 0 {
		last := ps[len(ps)-1]
		ps = append(ps, plan.Problem{File: last.File, Line: last.Line, Column: last.Column,
			Message: fmt.Sprintf("and %d more rows with problems", c.moreErrs), Severity: plan.SeverityError})
	}
	ps.Sort()
	return &plan.InvalidError{Problems: ps}
}

func (c *collector) warnings() plan.Problems {
	ws := slices.Clone(c.warns)
	ws.Sort()
	if c.moreWarns > 0 && len(ws) > 0 {
		last := ws[len(ws)-1]
		ws = append(ws, plan.Problem{File: last.File, Line: last.Line, Column: last.Column,
			Message: fmt.Sprintf("and %d more rows like these", c.moreWarns), Severity: plan.SeverityWarning})
	}
	return ws
}

// folder is what an import needs to know about the plan folder.
type folder struct {
	in    *plan.Inputs
	codes map[string]plan.Constituency
	names map[string]string // slug of name → code
	order []string          // codes in the folder's order
}

func newFolder(in *plan.Inputs) *folder {
	f := &folder{in: in, codes: map[string]plan.Constituency{}, names: map[string]string{}}
	for _, c := range in.Constituencies {
		if c.Code == "" {
			continue
		}
		f.codes[c.Code] = c
		f.order = append(f.order, c.Code)
		if c.Name != "" {
			f.names[nameKey(c.Name)] = c.Code
		}
	}
	return f
}

// nameKey is a constituency name as compared: case, accents, punctuation
// and "&"/"and" do not count ("Ynys Môn" = "ynys mon").
func nameKey(name string) string {
	return plan.Slug(strings.ReplaceAll(name, "&", " and "))
}

// byName finds a constituency of the plan by name or Democracy Club slug.
func (f *folder) byName(name string) (string, bool) {
	code, ok := f.names[nameKey(name)]
	return code, ok
}

// only is the plan's constituency when it has exactly one.
func (f *folder) only() (string, bool) {
	if len(f.order) == 1 {
		return f.order[0], true
	}
	return "", false
}

// describe is "E14001438 Reading Central".
func (f *folder) describe(code string) string {
	if c, ok := f.codes[code]; ok && c.Name != "" {
		return code + " " + c.Name
	}
	return code
}

func (f *folder) list() string {
	var parts []string
	for _, code := range f.order {
		parts = append(parts, f.describe(code))
	}
	return strings.Join(parts, ", ")
}

// Import reads req.File and merges it into the plan folder req.Dir. It
// returns the report; an *plan.InvalidError when the file cannot be
// imported (every problem placed at file:line:col); a *FlagError for a bad
// flag value; or an ordinary error when something cannot be read or
// written. The folder is validated as `electplan validate` would; files
// are written (atomically, the previous version kept as .bak) only when
// the import causes no problem beyond placeholders left to fill in.
func Import(req Request) (*Report, error) {
	if !slices.Contains(Formats(req.Kind), req.Format) {
		return nil, &FlagError{Flag: "--format", Err: fmt.Errorf("%q is not one of %s", req.Format, strings.Join(Formats(req.Kind), ", "))}
	}
	in, err := plan.LoadDir(req.Dir)
	var invalid *plan.InvalidError
	if err != nil && !errors.As(err, &invalid) {
		if _, statErr := os.Stat(req.Dir); errors.Is(statErr, os.ErrNotExist) {
			return nil, fmt.Errorf("plan folder %s does not exist: start it with `electplan init %s` first", req.Dir, req.Dir)
		}
		return nil, err
	}
	var before plan.Problems
	if invalid != nil {
		before = invalid.Problems
	}
	f := newFolder(in)
	if len(f.order) == 0 {
		return nil, fmt.Errorf("plan folder %s has no constituencies the import can use: list them in election.yaml (constituencies:) first; `electplan validate %s` shows what is missing",
			req.Dir, req.Dir)
	}
	if req.Constituency != "" {
		if _, ok := f.codes[req.Constituency]; !ok {
			return nil, &FlagError{Flag: "--constituency", Err: fmt.Errorf("%s is not one of this plan's constituencies (%s)",
				req.Constituency, f.list())}
		}
	}
	src, err := os.Open(req.File)
	if err != nil {
		return nil, readError(req.File, errors.Unwrap(err))
	}
	defer src.Close()

	c := &collector{}
	r := &Report{Kind: req.Kind, Format: req.Format, File: req.File, Dir: req.Dir, DryRun: req.DryRun}
	var recs []record
	var sec section
	var scope func(*yaml.Node) bool
	switch req.Kind {
	case Candidates:
		sec = candidatesSection
		recs, scope, err = importCandidates(src, req, f, c, r)
	case Stations:
		sec = stationsSection
		recs, scope, err = importStations(src, req, f, c, r)
	case Hustings:
		sec = eventsSection
		recs, scope, err = importHustings(src, req, f, c, r)
	}
	if err != nil {
		return nil, err
	}
	if err := c.invalid(); err != nil {
		return nil, err
	}
	r.Section = sec.key
	m, err := mergeRecords(req.Dir, sec, recs, scope)
	if err != nil {
		return nil, err
	}
	r.Added, r.Updated, r.Unchanged, r.NotInSource, r.Kept = m.added, m.updated, m.unchanged, m.notInSource, m.kept
	r.Notes = append(c.notes, m.notes...)
	r.Warnings = c.warnings()
	r.Writes = m.writes

	after, afterProblems, err := validateAfter(req.Dir, in, before, m.writes)
	if err != nil {
		return nil, err
	}
	r.After, r.Problems = after, afterProblems
	r.NewProblems = newProblems(before, afterProblems)
	for _, p := range r.NewProblems {
		if p.Severity == plan.SeverityError && !strings.Contains(p.Message, plan.PlaceholderMessage) {
			r.Blocked = true
		}
	}
	if req.DryRun || r.Blocked {
		return r, nil
	}
	for _, w := range m.writes {
		if err := write(req.Dir, w); err != nil {
			return r, err
		}
	}
	return r, nil
}

// validateAfter loads the folder as the writes would leave it, without
// touching it: the loader reads the folder through an overlay holding the
// new contents, so files the plan refers to (boundary GeoJSON, say) are
// read where they are, and problems are named as in the folder.
func validateAfter(dir string, in *plan.Inputs, before plan.Problems, writes []FileWrite) (*plan.Inputs, plan.Problems, error) {
	if len(writes) == 0 {
		if len(before) > 0 {
			return in, before, nil
		}
		return in, in.Warnings, nil
	}
	o := overlayFS{base: os.DirFS(dir), files: map[string][]byte{}}
	for _, w := range writes {
		o.files[w.Name] = w.data
	}
	after, err := plan.Load(o, dir)
	var invalid *plan.InvalidError
	switch {
	case errors.As(err, &invalid):
		return after, invalid.Problems, nil
	case err != nil:
		return nil, nil, err
	}
	return after, after.Warnings, nil
}

// overlayFS is a folder with some files replaced or added in memory.
type overlayFS struct {
	base  fs.FS
	files map[string][]byte
}

func (o overlayFS) Open(name string) (fs.File, error) {
	if data, ok := o.files[name]; ok {
		return &memFile{Reader: bytes.NewReader(data), info: memInfo{name: name, size: int64(len(data))}}, nil
	}
	return o.base.Open(name)
}

func (o overlayFS) ReadFile(name string) ([]byte, error) {
	if data, ok := o.files[name]; ok {
		return data, nil
	}
	return fs.ReadFile(o.base, name)
}

func (o overlayFS) Stat(name string) (fs.FileInfo, error) {
	if data, ok := o.files[name]; ok {
		return memInfo{name: name, size: int64(len(data))}, nil
	}
	return fs.Stat(o.base, name)
}

// ReadDir lists a folder with the files added to it, in name order; a
// folder that holds only added files exists.
func (o overlayFS) ReadDir(name string) ([]fs.DirEntry, error) {
	entries, err := fs.ReadDir(o.base, name)
	added := false
	for file, data := range o.files {
		if path.Dir(file) != name {
			continue
		}
		added = true
		base := path.Base(file)
		if !slices.ContainsFunc(entries, func(e fs.DirEntry) bool { return e.Name() == base }) {
			entries = append(entries, fs.FileInfoToDirEntry(memInfo{name: base, size: int64(len(data))}))
		}
	}
	if err != nil && !(added && errors.Is(err, fs.ErrNotExist)) {
		return entries, err
	}
	slices.SortFunc(entries, func(a, b fs.DirEntry) int { return strings.Compare(a.Name(), b.Name()) })
	return entries, nil
}

// LoadWith loads the plan folder dir as it would be with files (named
// relative to it, e.g. "contributions/71842.yaml") added or replaced,
// without writing anything.
func LoadWith(dir string, files map[string][]byte) (*plan.Inputs, error) {
	o := overlayFS{base: os.DirFS(dir), files: files}
	return plan.Load(o, dir)
}

type memFile struct {
	*bytes.Reader
	info memInfo
}

func (f *memFile) Stat() (fs.FileInfo, error) { return f.info, nil }
func (f *memFile) Close() error               { return nil }

type memInfo struct {
	name string
	size int64
}

func (i memInfo) Name() string       { return i.name }
func (i memInfo) Size() int64        { return i.size }
func (i memInfo) Mode() fs.FileMode  { return 0o644 }
func (i memInfo) ModTime() time.Time { return time.Time{} }
func (i memInfo) IsDir() bool        { return false }
func (i memInfo) Sys() any           { return nil }

// newProblems are the problems after the import that were not there
// before, compared by file, item and message (lines move as items are
// added).
func newProblems(before, after plan.Problems) plan.Problems {
	type key struct{ file, item, msg string }
	had := map[key]int{}
	for _, p := range before {
		had[key{p.File, p.Item, p.Message}]++
	}
	var out plan.Problems
	for _, p := range after {
		k := key{p.File, p.Item, p.Message}
		if had[k] > 0 {
			had[k]--
			continue
		}
		out = append(out, p)
	}
	return out
}

// write replaces one file atomically, keeping the previous version as
// .bak.
func write(dir string, w FileWrite) error {
	path := filepath.Join(dir, w.Name)
	if w.Backup != "" {
		if err := renameio.WriteFile(filepath.Join(dir, w.Backup), w.old, w.mode); err != nil {
			return fmt.Errorf("back up %s: %w", path, err)
		}
	}
	if err := renameio.WriteFile(path, w.data, w.mode); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

// listNames is up to n quoted ids with names, then "and N more".
func listNames(items []string, n int) string {
	if len(items) <= n {
		return strings.Join(items, ", ")
	}
	return strings.Join(items[:n], ", ") + fmt.Sprintf(" and %d more", len(items)-n)
}
