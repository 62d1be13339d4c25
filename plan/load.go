package plan

import (
	"bytes"
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"reflect"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// Inputs is a whole plan folder, loaded and merged: map sections once,
// list sections concatenated in file-name order.
type Inputs struct {
	Election        Election
	Force           Force
	Resources       Resources
	Command         []CommandMember
	Constituencies  []Constituency
	Candidates      []Candidate
	Events          []Event
	PollingStations []PollingStation
	Counts          []Count
	Incidents       []Incident
	Decisions       []Decision

	// Contributions are the contributions from candidates, agents and
	// parties that passed their checks, in file-name order.
	Contributions []*Contribution

	// Geography is the force area and constituency outlines, when the
	// force section names their files.
	Geography Geography

	// Sources lists the files read, in name order, with their SHA-256.
	Sources []SourceFile
	// Dir is the folder as the user named it.
	Dir string
	// Warnings found while loading; they do not make the inputs invalid.
	Warnings Problems
}

// SourceFile is one input file and the SHA-256 of its bytes.
type SourceFile struct {
	Name   string `json:"name"`
	SHA256 string `json:"sha256"`
}

// InputsSHA256 is one hash over every input file's name and hash, so two
// plans built from the same folder contents carry the same value.
func (in *Inputs) InputsSHA256() string {
	h := sha256.New()
	for _, s := range in.Sources {
		fmt.Fprintf(h, "%s\x00%s\n", s.Name, s.SHA256)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// LoadDir reads and validates the plan folder dir. Problems are returned
// as an *InvalidError; I/O failures as ordinary errors.
func LoadDir(dir string) (*Inputs, error) {
	info, err := os.Stat(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("plan folder %s does not exist", dir)
	}
	if err != nil {
		return nil, fmt.Errorf("read plan folder: %w", err)
	}
	if !info.IsDir() {
		return nil, fmt.Errorf("read plan folder: %s is a file, not a folder", dir)
	}
	return Load(os.DirFS(dir), dir)
}

// Load reads and validates the plan folder at the root of fsys. display is
// how file names are shown in problems (the folder as the user named it).
func Load(fsys fs.FS, display string) (*Inputs, error) {
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return nil, fmt.Errorf("read plan folder %s: %w", display, err)
	}
	var names []string
	for _, e := range entries {
		ext := strings.ToLower(path.Ext(e.Name()))
		if !e.IsDir() && (ext == ".yaml" || ext == ".yml") {
			names = append(names, e.Name())
		}
	}
	slices.Sort(names)
	in := &Inputs{Dir: display}
	var problems problemList
	if len(names) == 0 {
		problems.add(Pos{File: display, Line: 1, Column: 1}, "", "no .yaml or .yml files in this folder",
			"run `electplan init "+display+"` to start a plan folder")
		return in, &InvalidError{Problems: problems.list}
	}
	// Files are parsed in parallel (YAML parsing is most of the time on a
	// big folder), then merged in name order so the result and the order
	// of problems never depend on which finished first.
	type parsed struct {
		doc      *Document
		ok       bool
		problems problemList
		source   SourceFile
		err      error
	}
	results := make([]parsed, len(names))
	var wg sync.WaitGroup
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	for _, i := range largestFirst(fsys, names) { // the longest parse starts first
		name := names[i]
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			r := &results[i]
			data, err := fs.ReadFile(fsys, name)
			if err != nil {
				r.err = fmt.Errorf("read %s: %w", filepath.Join(display, name), err)
				return
			}
			sum := sha256.Sum256(data)
			r.source = SourceFile{Name: name, SHA256: hex.EncodeToString(sum[:])}
			r.doc, r.ok = parseDocument(data, filepath.Join(display, name), &r.problems)
		}()
	}
	wg.Wait()
	m := merger{in: in, problems: &problems, mapSeen: map[string]Pos{}}
	partial := false
	for i, r := range results {
		if r.err != nil {
			return nil, r.err
		}
		in.Sources = append(in.Sources, r.source)
		problems.list = append(problems.list, r.problems.list...)
		if r.ok {
			m.merge(r.doc, filepath.Join(display, names[i]))
		} else {
			partial = true
			problems.warn(Pos{File: filepath.Join(display, names[i]), Line: 1, Column: 1}, "",
				"checks across files (references, counts covering every constituency) wait until this file can be read",
				"fix the problems reported for this file and validate again")
		}
	}
	loadGeography(fsys, display, in, &problems)
	validate(in, &problems, m.first, partial)
	if err := loadContributions(fsys, display, in, &problems); err != nil {
		return nil, err
	}
	problems.list.Sort()
	in.Warnings = problems.list.Warnings()
	if len(problems.list.Errors()) > 0 {
		return in, &InvalidError{Problems: problems.list}
	}
	return in, nil
}

// largestFirst orders the positions of names by file size, largest first.
func largestFirst(fsys fs.FS, names []string) []int {
	order := make([]int, len(names))
	sizes := make([]int64, len(names))
	for i, name := range names {
		order[i] = i
		if info, err := fs.Stat(fsys, name); err == nil {
			sizes[i] = info.Size()
		}
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(sizes[b], sizes[a]) })
	return order
}

// yamlLineRE finds the line number in a yaml.v3 syntax error.
var yamlLineRE = regexp.MustCompile(`^yaml: (?:line (\d+): )?`)

// parseDocument parses one file of the plan folder and decodes it into a
// Document. It reports false when the file could not be read as the
// standard at all.
func parseDocument(data []byte, file string, problems *problemList) (*Document, bool) {
	top, ok := parseTop(data, file, SchemaV1, problems)
	if !ok {
		return nil, false
	}
	var doc Document
	newDecoder(file, problems).decodeStruct(top, reflect.ValueOf(&doc).Elem(), scope{})
	return &doc, true
}

// parseContribution parses one file of the contributions/ folder.
func parseContribution(data []byte, file string, problems *problemList) (*ContributionDocument, bool) {
	top, ok := parseTop(data, file, ContributionSchemaV1, problems)
	if !ok {
		return nil, false
	}
	var doc ContributionDocument
	newDecoder(file, problems).decodeStruct(top, reflect.ValueOf(&doc).Elem(), scope{item: "contribution"})
	return &doc, true
}

// parseTop parses a YAML file and returns its top-level map, having
// checked it declares the schema want. A missing schema key is left to the
// decoder, which reports it like any missing key.
func parseTop(data []byte, file, want string, problems *problemList) (*yaml.Node, bool) {
	at := func(line int) Pos { return Pos{File: file, Line: line, Column: 1} }
	if !utf8.Valid(data) {
		problems.add(at(firstBadUTF8Line(data)), "", "file is not UTF-8 text",
			"save the file as UTF-8 (spreadsheet exports are often Windows-1252)")
		return nil, false
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	var root yaml.Node
	if err := parseYAML(data, &root); err != nil {
		problems.add(yamlErrorPos(err, file, data), "", "YAML syntax: "+yamlLineRE.ReplaceAllString(err.Error(), ""),
			yamlHint(err, data))
		return nil, false
	}
	if line := secondDocument(data); line > 0 {
		problems.add(at(line), "", "a second YAML document (after ---) in one file",
			"keep one document per file; split the rest into another .yaml file")
	}
	if len(root.Content) == 0 {
		problems.add(at(1), "", "file is empty", "start it with `schema: "+want+"`")
		return nil, false
	}
	top := root.Content[0]
	if top.Kind != yaml.MappingNode {
		problems.add(Pos{File: file, Line: top.Line, Column: top.Column}, "",
			"the file must be a map of sections", "start it with `schema: "+want+"`")
		return nil, false
	}
	// Check the schema first: a file for another standard is not decoded
	// further, to spare the SPOC a page of irrelevant unknown keys.
	var schemaNode *yaml.Node
	for j := 0; j+1 < len(top.Content); j += 2 {
		if top.Content[j].Value == "schema" {
			schemaNode = top.Content[j+1]
			break
		}
	}
	if schemaNode == nil || schemaNode.Value == want {
		return top, true
	}
	pos := Pos{File: file, Line: schemaNode.Line, Column: schemaNode.Column}
	switch {
	case schemaNode.Value == ContributionSchemaV1:
		problems.add(pos, "", "this is a contribution file", "move it into the "+ContributionsDir+"/ folder")
	case schemaNode.Value == SchemaV1:
		problems.add(pos, "", "this is a plan file, not a contribution", "move it out of the "+ContributionsDir+"/ folder, into the plan folder")
	default:
		problems.add(pos, "", fmt.Sprintf("unknown schema %q", schemaNode.Value), "this version of electplan reads `schema: "+want+"`")
	}
	return nil, false
}

// secondDocument returns the line of a "---" that starts a second YAML
// document, or 0. (yaml.Unmarshal reads the first document only.) A
// marker before any content just opens the first document.
func secondDocument(data []byte) int {
	content := false
	for i, line := range bytes.Split(data, []byte("\n")) {
		if bytes.HasPrefix(line, []byte("---")) && (len(line) == 3 || line[3] == ' ' || line[3] == '\t' || line[3] == '\r') {
			if content {
				return i + 1
			}
			continue
		}
		trimmed := bytes.TrimSpace(line)
		if len(trimmed) > 0 && trimmed[0] != '#' {
			content = true
		}
	}
	return 0
}

func firstBadUTF8Line(data []byte) int {
	line := 1
	for len(data) > 0 {
		r, size := utf8.DecodeRune(data)
		if r == utf8.RuneError && size <= 1 {
			return line
		}
		if r == '\n' {
			line++
		}
		data = data[size:]
	}
	return line
}

func yamlErrorPos(err error, file string, data []byte) Pos {
	p := Pos{File: file, Line: 1, Column: 1}
	if m := yamlLineRE.FindStringSubmatch(err.Error()); len(m) == 2 && m[1] != "" {
		p.Line, _ = strconv.Atoi(m[1])
	}
	return p
}

func yamlHint(err error, data []byte) string {
	if bytes.Contains(data, []byte("\t")) {
		return "YAML does not allow tabs for indentation: use spaces"
	}
	msg := err.Error()
	switch {
	case strings.Contains(msg, "mapping values are not allowed"):
		return "a value containing \": \" needs quotes, or the indentation is off"
	case strings.Contains(msg, "did not find expected"):
		return "check the indentation and that quotes and brackets are closed"
	}
	return "check the indentation and quoting near this line"
}

// merger joins documents into one Inputs.
type merger struct {
	in       *Inputs
	problems *problemList
	mapSeen  map[string]Pos
	first    Pos // the first file, where folder-wide problems are reported
}

func (m *merger) merge(doc *Document, file string) {
	if m.first.File == "" {
		m.first = Pos{File: file, Line: 1, Column: 1}
	}
	once := func(section string, present bool, pos Pos) bool {
		if !present {
			return false
		}
		if prev, dup := m.mapSeen[section]; dup {
			m.problems.add(pos, section, fmt.Sprintf("%s is given twice (also at %s)", section, prev),
				"map sections appear in exactly one file: keep one")
			return false
		}
		m.mapSeen[section] = pos
		return true
	}
	if doc.Election != nil && once("election", true, doc.Election.Origin.Pos) {
		m.in.Election = *doc.Election
	}
	if doc.Force != nil && once("force", true, doc.Force.Origin.Pos) {
		m.in.Force = *doc.Force
	}
	if doc.Resources != nil && once("resources", true, doc.Resources.Origin.Pos) {
		m.in.Resources = *doc.Resources
	}
	m.in.Command = append(m.in.Command, doc.Command...)
	m.in.Constituencies = append(m.in.Constituencies, doc.Constituencies...)
	m.in.Candidates = append(m.in.Candidates, doc.Candidates...)
	m.in.Events = append(m.in.Events, doc.Events...)
	m.in.PollingStations = append(m.in.PollingStations, doc.PollingStations...)
	m.in.Counts = append(m.in.Counts, doc.Counts...)
	m.in.Incidents = append(m.in.Incidents, doc.Incidents...)
	m.in.Decisions = append(m.in.Decisions, doc.Decisions...)
}
