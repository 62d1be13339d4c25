package plan

import (
	"fmt"
	"math"
	"reflect"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/agnivade/levenshtein"
	"github.com/electplan/electplan/internal/lots"
	"go.yaml.in/yaml/v3"
)

// The decoder reads the input standard from the yaml.Node tree rather than
// with yaml.Unmarshal, for three reasons: every problem is placed at the
// exact line and column of the offending key or value; nothing is silently
// coerced (12.5 into a whole number, 0755 read as octal, "yes" as true);
// and unknown or duplicate keys are found at every depth, which KnownFields
// misses inside custom unmarshalers. It collects every problem it finds and
// carries on, so one run reports them all.

// maxNodes bounds the work one file may cause, so a file of nested aliases
// (a "billion laughs") is refused instead of exhausting memory.
var maxNodes = 5_000_000

type decoder struct {
	file     string
	problems *problemList
	budget   int
	overrun  bool
}

func newDecoder(file string, problems *problemList) *decoder {
	return &decoder{file: file, problems: problems, budget: maxNodes}
}

// scope says what is being decoded, for messages: the item (`station
// "PS-014"`) and the path of keys inside it (`venue.location`).
type scope struct {
	item string
	path string
}

func (s scope) key(name string) scope {
	if s.path == "" {
		return scope{s.item, name}
	}
	return scope{s.item, s.path + "." + name}
}

func (s scope) index(i int) scope {
	return scope{s.item, fmt.Sprintf("%s[%d]", s.path, i)}
}

func (d *decoder) pos(n *yaml.Node) Pos {
	return Pos{File: d.file, Line: max(n.Line, 1), Column: max(n.Column, 1)}
}

func (d *decoder) fail(n *yaml.Node, s scope, message, hint string) {
	if s.path != "" {
		message = s.path + ": " + message
	}
	d.problems.add(d.pos(n), s.item, message, hint)
}

// resolve follows aliases and charges the node to the budget. It returns
// nil once the budget is spent.
func (d *decoder) resolve(n *yaml.Node) *yaml.Node {
	for n != nil && n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	if d.budget--; d.budget < 0 {
		if !d.overrun {
			d.overrun = true
			d.problems.add(d.pos(n), "", "file expands to too many values (aliases nested too deeply)",
				"write the values out instead of using anchors and aliases")
		}
		return nil
	}
	return n
}

func isNull(n *yaml.Node) bool {
	return n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null"
}

func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a map of keys"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		if n.ShortTag() == "!!null" {
			return "nothing"
		}
		return fmt.Sprintf("%q", n.Value)
	}
	return "something else"
}

var placeholderRE = regexp.MustCompile(`^<[^<>]+>$`)

// isPlaceholder reports a value `init` wrote for the SPOC to fill in.
func isPlaceholder(n *yaml.Node) bool {
	return n.Kind == yaml.ScalarNode && strings.HasPrefix(n.Value, "<") && placeholderRE.MatchString(n.Value)
}

// PlaceholderMessage starts the message of every unfilled placeholder, so
// callers can count them.
const PlaceholderMessage = "still to be filled in"

var (
	dateType     = reflect.TypeFor[Date]()
	dateTimeType = reflect.TypeFor[DateTime]()
	locationType = reflect.TypeFor[Location]()
	originType   = reflect.TypeFor[Origin]()
	enumType     = reflect.TypeFor[Enum]()
)

// decode reads n into v. It reports whether a value was set (false for an
// explicit null or a value with problems).
func (d *decoder) decode(n *yaml.Node, v reflect.Value, s scope) bool {
	if n = d.resolve(n); n == nil {
		return false
	}
	if isNull(n) {
		return false
	}
	if isPlaceholder(n) {
		d.fail(n, s, fmt.Sprintf("%s (%s)", PlaceholderMessage, n.Value), "replace the placeholder with the real value")
		return false
	}
	t := v.Type()
	switch {
	case t == dateType:
		return d.decodeDate(n, v, s)
	case t == dateTimeType:
		return d.decodeDateTime(n, v, s)
	case t == locationType:
		return d.decodeLocation(n, v, s)
	case t.Kind() == reflect.String && t.Implements(enumType):
		return d.decodeEnum(n, v, s)
	}
	switch t.Kind() {
	case reflect.Pointer:
		elem := reflect.New(t.Elem())
		if d.decode(n, elem.Elem(), s) {
			v.Set(elem)
			return true
		}
		return false
	case reflect.Struct:
		return d.decodeStruct(n, v, s)
	case reflect.Slice:
		return d.decodeSlice(n, v, s)
	case reflect.Map:
		return d.decodeMap(n, v, s)
	case reflect.String:
		if n.Kind != yaml.ScalarNode {
			d.fail(n, s, "expected text, got "+kindName(n), "write a single value here")
			return false
		}
		v.SetString(n.Value)
		return true
	case reflect.Int:
		i, ok := d.scalarInt(n, s)
		if ok {
			v.SetInt(i)
		}
		return ok
	case reflect.Float64:
		f, ok := d.scalarFloat(n, s)
		if ok {
			v.SetFloat(f)
		}
		return ok
	case reflect.Bool:
		return d.decodeBool(n, v, s)
	}
	panic("plan: the decoder does not handle " + t.String())
}

var decimalRE = regexp.MustCompile(`^[-+]?(0|[1-9][0-9]*)$`)

func (d *decoder) scalarInt(n *yaml.Node, s scope) (int64, bool) {
	if n.Kind != yaml.ScalarNode {
		d.fail(n, s, "expected a whole number, got "+kindName(n), "")
		return 0, false
	}
	tag := n.ShortTag()
	switch {
	case tag == "!!str":
		d.fail(n, s, fmt.Sprintf("expected a whole number, got the text %q", n.Value), numberHint(n, "a whole number, e.g. 300"))
		return 0, false
	case tag == "!!float":
		d.fail(n, s, fmt.Sprintf("%s is not a whole number", n.Value), "write a whole number")
		return 0, false
	case tag != "!!int":
		d.fail(n, s, "expected a whole number, got "+kindName(n), "write a whole number")
		return 0, false
	case !decimalRE.MatchString(n.Value):
		hint := "write it in plain decimal digits"
		if len(n.Value) > 1 && n.Value[0] == '0' {
			hint = fmt.Sprintf("a leading zero makes YAML read %s as octal: write %s", n.Value, strings.TrimLeft(n.Value, "0"))
		}
		d.fail(n, s, fmt.Sprintf("%s is not a plain decimal number", n.Value), hint)
		return 0, false
	}
	i, err := strconv.ParseInt(n.Value, 10, 64)
	if err != nil || i > math.MaxInt32 || i < math.MinInt32 {
		d.fail(n, s, fmt.Sprintf("%s is out of range", n.Value), "")
		return 0, false
	}
	return i, true
}

// numberHint says how to write a number where text was found: quotes
// make YAML read digits as text, so a quoted number loses its quotes.
func numberHint(n *yaml.Node, want string) string {
	if n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0 {
		return "write the number without quotes"
	}
	return "write " + want
}

func (d *decoder) scalarFloat(n *yaml.Node, s scope) (float64, bool) {
	if n.Kind != yaml.ScalarNode {
		d.fail(n, s, "expected a number, got "+kindName(n), "")
		return 0, false
	}
	switch n.ShortTag() {
	case "!!int", "!!float":
	case "!!str":
		d.fail(n, s, fmt.Sprintf("expected a number, got the text %q", n.Value), numberHint(n, "a number, e.g. 51.752"))
		return 0, false
	default:
		d.fail(n, s, "expected a number, got "+kindName(n), "")
		return 0, false
	}
	f, err := strconv.ParseFloat(strings.ReplaceAll(n.Value, "_", ""), 64)
	if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
		d.fail(n, s, fmt.Sprintf("%s is not a finite number", n.Value), "write a number such as 51.752")
		return 0, false
	}
	return f, true
}

func (d *decoder) decodeBool(n *yaml.Node, v reflect.Value, s scope) bool {
	if n.Kind == yaml.ScalarNode && n.ShortTag() == "!!bool" {
		v.SetBool(strings.EqualFold(n.Value, "true"))
		return true
	}
	hint := "write true or false"
	switch strings.ToLower(n.Value) {
	case "yes", "no", "y", "n", "on", "off":
		hint = fmt.Sprintf("YAML readers disagree on %q: write true or false", n.Value)
	}
	d.fail(n, s, "expected true or false, got "+kindName(n), hint)
	return false
}

func (d *decoder) decodeDate(n *yaml.Node, v reflect.Value, s scope) bool {
	if n.Kind != yaml.ScalarNode {
		d.fail(n, s, "expected a date, got "+kindName(n), "write dates as YYYY-MM-DD, e.g. 2029-05-03")
		return false
	}
	date, err := ParseDate(n.Value)
	if err != nil {
		if why := noSuchDay(n.Value); why != "" {
			d.fail(n, s, fmt.Sprintf("%q is not a date: %s", n.Value, why), "check the day of the month")
			return false
		}
		d.fail(n, s, fmt.Sprintf("%q is not a date", n.Value), dateHint(n.Value))
		return false
	}
	v.Set(reflect.ValueOf(date))
	return true
}

var isoDateRE = regexp.MustCompile(`^(\d{4})-(\d{2})-(\d{2})$`)

// noSuchDay explains a date written in the right form for a day that
// does not exist ("2027-02-31": February 2027 has 28 days), or is "".
func noSuchDay(s string) string {
	m := isoDateRE.FindStringSubmatch(strings.TrimSpace(s))
	if m == nil {
		return ""
	}
	year, _ := strconv.Atoi(m[1])
	month, _ := strconv.Atoi(m[2])
	day, _ := strconv.Atoi(m[3])
	if month < 1 || month > 12 {
		return fmt.Sprintf("there is no month %d", month)
	}
	days := time.Date(year, time.Month(month)+1, 0, 0, 0, 0, 0, time.UTC).Day()
	if day < 1 || day > days {
		return fmt.Sprintf("%s %d has %d days", time.Month(month), year, days)
	}
	return ""
}

var ukDateRE = regexp.MustCompile(`^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$`)

// dateHint rewrites a UK-style date (12/04/2029) into the standard's form.
func dateHint(s string) string {
	if m := ukDateRE.FindStringSubmatch(strings.TrimSpace(s)); m != nil {
		day, _ := strconv.Atoi(m[1])
		month, _ := strconv.Atoi(m[2])
		if day >= 1 && day <= 31 && month >= 1 && month <= 12 {
			return fmt.Sprintf("write dates as YYYY-MM-DD: %s-%02d-%02d", m[3], month, day)
		}
	}
	return "write dates as YYYY-MM-DD, e.g. 2029-05-03"
}

func (d *decoder) decodeDateTime(n *yaml.Node, v reflect.Value, s scope) bool {
	if n.Kind != yaml.ScalarNode {
		d.fail(n, s, "expected a time, got "+kindName(n), "write times as YYYY-MM-DDTHH:MM, e.g. 2029-04-20T19:30")
		return false
	}
	t, err := ParseDateTime(n.Value)
	if err != nil {
		hint := "write times as YYYY-MM-DDTHH:MM in UK local time, e.g. 2029-04-20T19:30"
		if _, derr := ParseDate(n.Value); derr == nil {
			hint = "a time needs the hour too: " + n.Value + "T19:00, say"
		}
		d.fail(n, s, fmt.Sprintf("%q is not a time", n.Value), hint)
		return false
	}
	v.Set(reflect.ValueOf(t))
	return true
}

func (d *decoder) decodeEnum(n *yaml.Node, v reflect.Value, s scope) bool {
	allowed := v.Interface().(Enum).Values()
	if n.Kind != yaml.ScalarNode {
		d.fail(n, s, "expected one word, got "+kindName(n), "use one of: "+strings.Join(allowed, ", "))
		return false
	}
	if slices.Contains(allowed, n.Value) {
		v.SetString(n.Value)
		return true
	}
	d.fail(n, s, fmt.Sprintf("%q is not allowed", n.Value), enumHint(n.Value, allowed))
	return false
}

// enumHint suggests the allowed value the user most likely meant.
func enumHint(got string, allowed []string) string {
	list := "use one of: " + strings.Join(allowed, ", ")
	norm := strings.ToLower(strings.NewReplacer("_", "-", " ", "-").Replace(strings.TrimSpace(got)))
	if slices.Contains(allowed, norm) {
		return fmt.Sprintf("write %q (lower case, words joined by hyphens)", norm)
	}
	if m := nearest(got, allowed); m != "" {
		return fmt.Sprintf("did you mean %q? (%s)", m, list)
	}
	return list
}

// nearest returns the candidate within a small edit distance of s, or "".
func nearest(s string, candidates []string) string {
	best, bestDist := "", 3
	for _, c := range candidates {
		limit := 2
		if len(c) <= 4 {
			limit = 1
		}
		dist := levenshtein.ComputeDistance(strings.ToLower(s), strings.ToLower(c))
		if dist <= limit && dist < bestDist {
			best, bestDist = c, dist
		}
	}
	return best
}

// fieldInfo describes one key of a struct in the standard.
type fieldInfo struct {
	name     string
	index    int
	required bool
	minimum  *int64
	maximum  *int64
	enum     []int64
}

type structInfo struct {
	fields []fieldInfo
	byName map[string]int // key → position in fields
	origin int            // index of the Origin field, or -1
}

var structInfos sync.Map // reflect.Type → *structInfo

// infoFor reads the yaml and jsonschema tags of t once.
func infoFor(t reflect.Type) *structInfo {
	if si, ok := structInfos.Load(t); ok {
		return si.(*structInfo)
	}
	si := &structInfo{byName: map[string]int{}, origin: -1}
	for i := range t.NumField() {
		f := t.Field(i)
		if f.Type == originType {
			si.origin = i
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
		if name == "-" || name == "" || !f.IsExported() {
			continue
		}
		fi := fieldInfo{name: name, index: i}
		for _, opt := range strings.Split(f.Tag.Get("jsonschema"), ",") {
			key, val, _ := strings.Cut(opt, "=")
			switch key {
			case "required":
				fi.required = true
			case "minimum":
				m, _ := strconv.ParseInt(val, 10, 64)
				fi.minimum = &m
			case "maximum":
				m, _ := strconv.ParseInt(val, 10, 64)
				fi.maximum = &m
			case "enum":
				if e, err := strconv.ParseInt(val, 10, 64); err == nil {
					fi.enum = append(fi.enum, e)
				}
			}
		}
		si.byName[name] = len(si.fields)
		si.fields = append(si.fields, fi)
	}
	actual, _ := structInfos.LoadOrStore(t, si)
	return actual.(*structInfo)
}

func (si *structInfo) names() []string {
	names := make([]string, len(si.fields))
	for i, f := range si.fields {
		names[i] = f.name
	}
	return names
}

// items names the list elements that are items in their own right, and
// the key that identifies each one in messages.
var items = map[reflect.Type]struct{ noun, key string }{
	reflect.TypeFor[Candidate]():      {"candidate", "id"},
	reflect.TypeFor[Event]():          {"event", "id"},
	reflect.TypeFor[PollingStation](): {"station", "id"},
	reflect.TypeFor[Count]():          {"count", "id"},
	reflect.TypeFor[Incident]():       {"incident", "id"},
	reflect.TypeFor[Constituency]():   {"constituency", "code"},
	reflect.TypeFor[CommandMember]():  {"command", "role"},
	reflect.TypeFor[Decision]():       {"decision", "at"},
	reflect.TypeFor[Base]():           {"base", "name"},
	reflect.TypeFor[Availability]():   {"availability", "date"},

	reflect.TypeFor[ContributedEvent]():    {"event", "id"},
	reflect.TypeFor[ContributedIncident](): {"incident", "id"},
	reflect.TypeFor[ContributedConcern]():  {"concern", "category"},
}

// itemLabel names list element i: `station "PS-014"`, or `station #3`
// when it has no usable id.
func itemLabel(n *yaml.Node, noun, key string, i int) string {
	if n.Kind == yaml.MappingNode {
		for j := 0; j+1 < len(n.Content); j += 2 {
			k, v := n.Content[j], n.Content[j+1]
			if k.Value == key && v.Kind == yaml.ScalarNode && v.Value != "" && !isNull(v) && !isPlaceholder(v) {
				return fmt.Sprintf("%s %q", noun, v.Value)
			}
		}
	}
	return fmt.Sprintf("%s #%d", noun, i+1)
}

func (d *decoder) decodeStruct(n *yaml.Node, v reflect.Value, s scope) bool {
	if n.Kind != yaml.MappingNode {
		d.fail(n, s, "expected a map of keys, got "+kindName(n), "write key: value pairs here")
		return false
	}
	si := infoFor(v.Type())
	var origin *Origin
	if si.origin >= 0 {
		origin = v.Field(si.origin).Addr().Interface().(*Origin)
		origin.Pos = d.pos(n)
		if origin.fields == nil {
			origin.fields = make([]fieldPos, 0, len(n.Content)/2)
		}
	}
	seen := make(map[string]*yaml.Node, len(n.Content)/2)
	for j := 0; j+1 < len(n.Content); j += 2 {
		k, val := d.resolve(n.Content[j]), n.Content[j+1]
		if k == nil {
			return false
		}
		if k.Kind != yaml.ScalarNode {
			d.fail(k, s, "a key must be a plain word", "")
			continue
		}
		if first, dup := seen[k.Value]; dup {
			d.fail(k, s, fmt.Sprintf("duplicate key %q (first given at line %d)", k.Value, first.Line),
				"keep one of them")
			continue
		}
		seen[k.Value] = k
		fi, ok := si.byName[k.Value]
		if !ok {
			d.fail(k, s, fmt.Sprintf("unknown key %q", k.Value), keyHint(k.Value, si.names()))
			continue
		}
		f := si.fields[fi]
		sub := s.key(f.name)
		if origin != nil {
			if rv := d.resolve(val); rv != nil {
				origin.set(f.name, d.pos(rv))
				if rv.Kind == yaml.SequenceNode {
					for i, el := range rv.Content {
						origin.set(f.name+"["+strconv.Itoa(i)+"]", d.pos(el))
					}
				}
			}
		}
		fv := v.Field(f.index)
		if isPlaceholder(val) {
			hint := "replace the placeholder with the real value"
			if !f.required {
				hint += ", or delete the line"
			}
			d.fail(val, sub, fmt.Sprintf("%s (%s)", PlaceholderMessage, val.Value), hint)
			continue
		}
		set := d.decode(val, fv, sub)
		if set && fv.Kind() == reflect.Int {
			d.checkInt(val, fv.Int(), f, sub)
		}
		if f.required && !set && isNull(val) {
			d.fail(k, s, fmt.Sprintf("%q is empty", f.name), "give a value: "+fieldDoc(v.Type(), f.name))
		}
		if f.required && set && isEmptyText(fv) && len(d.resolve(val).Content) == 0 {
			d.fail(val, s, fmt.Sprintf("%q is empty", f.name), "give a value: "+fieldDoc(v.Type(), f.name))
		}
	}
	for _, f := range si.fields {
		if f.required && seen[f.name] == nil {
			msg := fmt.Sprintf("missing required key %q", f.name)
			if s.path != "" {
				msg = fmt.Sprintf("missing required key %q in %s", f.name, s.path)
			}
			d.problems.add(d.pos(n), s.item, msg, "add "+f.name+": "+fieldDoc(v.Type(), f.name))
		}
	}
	return true
}

func isEmptyText(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.String:
		return strings.TrimSpace(v.String()) == ""
	case reflect.Slice:
		return v.Len() == 0
	}
	return false
}

func (d *decoder) checkInt(n *yaml.Node, i int64, f fieldInfo, s scope) {
	if len(f.enum) > 0 && !slices.Contains(f.enum, i) {
		allowed := make([]string, len(f.enum))
		for j, e := range f.enum {
			allowed[j] = strconv.FormatInt(e, 10)
		}
		d.fail(n, s, fmt.Sprintf("%d is not allowed", i), "use one of: "+strings.Join(allowed, ", "))
		return
	}
	if f.minimum != nil && i < *f.minimum {
		d.fail(n, s, fmt.Sprintf("%d is below the minimum of %d", i, *f.minimum), "")
	}
	if f.maximum != nil && i > *f.maximum {
		d.fail(n, s, fmt.Sprintf("%d is above the maximum of %d", i, *f.maximum), "")
	}
}

// keyHint suggests the key the user most likely meant.
func keyHint(got string, allowed []string) string {
	norm := strings.ToLower(strings.NewReplacer("-", "_", " ", "_").Replace(got))
	if slices.Contains(allowed, norm) {
		return fmt.Sprintf("did you mean %q? (keys are lower case with underscores)", norm)
	}
	if m := nearest(norm, allowed); m != "" {
		return fmt.Sprintf("did you mean %q?", m)
	}
	return "keys allowed here: " + strings.Join(allowed, ", ")
}

func (d *decoder) decodeSlice(n *yaml.Node, v reflect.Value, s scope) bool {
	if n.Kind != yaml.SequenceNode {
		d.fail(n, s, "expected a list, got "+kindName(n), "write a list: one line per entry starting with \"- \", or [a, b]")
		return false
	}
	if _, isItem := items[v.Type().Elem()]; isItem && len(n.Content) >= parallelItems && d.decodeItemsAtOnce(n, v, s) {
		return true
	}
	out := reflect.MakeSlice(v.Type(), 0, len(n.Content))
	out = d.decodeItems(n.Content, 0, v.Type().Elem(), s, out)
	v.Set(out)
	return true
}

// decodeItems decodes the elements of a list, the first being element
// first of the whole list, appending those that decode to out.
func (d *decoder) decodeItems(elements []*yaml.Node, first int, et reflect.Type, s scope, out reflect.Value) reflect.Value {
	item, isItem := items[et]
	for k, el := range elements {
		i := first + k
		sub := s.index(i)
		if isItem {
			if rel := d.resolve(el); rel != nil {
				sub = scope{item: itemLabel(rel, item.noun, item.key, i)}
			}
		}
		ev := reflect.New(et).Elem()
		if d.decode(el, ev, sub) {
			out = reflect.Append(out, ev)
		}
	}
	return out
}

// parallelItems is the length of list of items (a force's polling
// stations) from which its items are decoded on every core.
var parallelItems = 4096

// decodeItemsAtOnce decodes a long list of items in lots on every core,
// each with its share of the node budget, and puts the items and the
// problems together in order: what decoding one by one gives. If a lot
// runs out of budget (aliases expanding), it reports false having changed
// nothing, and the list is decoded one by one, which reports the overrun
// where it happens.
func (d *decoder) decodeItemsAtOnce(n *yaml.Node, v reflect.Value, s scope) bool {
	count := min(runtime.GOMAXPROCS(0), len(n.Content))
	if count < 2 {
		return false
	}
	type lot struct {
		items    reflect.Value
		problems problemList
		used     int
		overrun  bool
	}
	done := make([]lot, count)
	budget := d.budget / count
	lots.Split(len(n.Content), count, func(j, lo, hi int) {
		ld := &decoder{file: d.file, problems: &done[j].problems, budget: budget}
		done[j].items = ld.decodeItems(n.Content[lo:hi], lo, v.Type().Elem(), s, reflect.MakeSlice(v.Type(), 0, hi-lo))
		done[j].used, done[j].overrun = budget-ld.budget, ld.overrun
	})
	for _, l := range done {
		if l.overrun {
			return false
		}
	}
	out := reflect.MakeSlice(v.Type(), 0, len(n.Content))
	for _, l := range done {
		out = reflect.AppendSlice(out, l.items)
		d.problems.list = append(d.problems.list, l.problems.list...)
		d.budget -= l.used
	}
	v.Set(out)
	return true
}

func (d *decoder) decodeMap(n *yaml.Node, v reflect.Value, s scope) bool {
	if n.Kind != yaml.MappingNode {
		d.fail(n, s, "expected a map of keys, got "+kindName(n), "write key: value pairs here")
		return false
	}
	if v.Type().Key().Kind() != reflect.String {
		panic("plan: maps in the standard have text keys")
	}
	out := reflect.MakeMapWithSize(v.Type(), len(n.Content)/2)
	seen := map[string]int{}
	for j := 0; j+1 < len(n.Content); j += 2 {
		k := d.resolve(n.Content[j])
		if k == nil {
			return false
		}
		if k.Kind != yaml.ScalarNode {
			d.fail(k, s, "a key must be a plain word", "")
			continue
		}
		if line, dup := seen[k.Value]; dup {
			d.fail(k, s, fmt.Sprintf("duplicate key %q (first given at line %d)", k.Value, line), "keep one of them")
			continue
		}
		seen[k.Value] = k.Line
		ev := reflect.New(v.Type().Elem()).Elem()
		if d.decode(n.Content[j+1], ev, s.key(k.Value)) {
			out.SetMapIndex(reflect.ValueOf(k.Value).Convert(v.Type().Key()), ev)
		}
	}
	v.Set(out)
	return true
}

// decodeLocation reads {lat, lon} or {easting, northing} and checks the
// point lies in the UK.
func (d *decoder) decodeLocation(n *yaml.Node, v reflect.Value, s scope) bool {
	if n.Kind != yaml.MappingNode {
		d.fail(n, s, "expected {lat, lon} or {easting, northing}, got "+kindName(n),
			"write e.g. {lat: 51.752, lon: -1.258} or {easting: 451234, northing: 206543}")
		return false
	}
	vals := map[string]float64{}
	nodes := map[string]*yaml.Node{}
	ok := true
	for j := 0; j+1 < len(n.Content); j += 2 {
		k := d.resolve(n.Content[j])
		if k == nil {
			return false
		}
		switch k.Value {
		case "lat", "lon", "easting", "northing":
		default:
			d.fail(k, s, fmt.Sprintf("unknown key %q", k.Value), keyHint(k.Value, []string{"lat", "lon", "easting", "northing"}))
			ok = false
			continue
		}
		if _, dup := nodes[k.Value]; dup {
			d.fail(k, s, fmt.Sprintf("duplicate key %q", k.Value), "keep one of them")
			ok = false
			continue
		}
		val := d.resolve(n.Content[j+1])
		if val == nil {
			return false
		}
		nodes[k.Value] = val
		f, good := d.scalarFloat(val, s.key(k.Value))
		ok = ok && good
		vals[k.Value] = f
	}
	if !ok {
		return false
	}
	_, hasLat := nodes["lat"]
	_, hasLon := nodes["lon"]
	_, hasE := nodes["easting"]
	_, hasN := nodes["northing"]
	const example = "write e.g. {lat: 51.752, lon: -1.258} or {easting: 451234, northing: 206543}"
	switch {
	case (hasLat || hasLon) && (hasE || hasN):
		d.fail(n, s, "give lat/lon or easting/northing, not both", "keep one pair")
		return false
	case hasLat != hasLon:
		d.fail(n, s, "lat and lon must be given together", example)
		return false
	case hasE != hasN:
		d.fail(n, s, "easting and northing must be given together", example)
		return false
	case !hasLat && !hasE:
		d.fail(n, s, "no coordinates given", example+", or leave the location out")
		return false
	}
	var loc Location
	if hasLat {
		lat, lon := vals["lat"], vals["lon"]
		if !InUK(lat, lon) {
			hint := "the standard takes UK locations only (lat 49.8 to 60.9, lon -8.7 to 1.8)"
			if InUK(lon, lat) {
				hint = "latitude and longitude swapped?"
			}
			d.fail(n, s, fmt.Sprintf("lat %g, lon %g is outside the UK", lat, lon), hint)
			return false
		}
		loc = LatLon(lat, lon)
	} else {
		e, no := vals["easting"], vals["northing"]
		inGrid := func(e, n float64) bool { return e > 0 && e <= 700_000 && n > 0 && n <= 1_300_000 }
		if e == 0 && no == 0 {
			d.fail(n, s, "0, 0 is not a real grid reference", "council exports write 0,0 when the location is unknown: leave the location out")
			return false
		}
		if !inGrid(e, no) {
			hint := "British National Grid eastings run 0 to 700000 and northings 0 to 1300000"
			if inGrid(no, e) {
				hint = "easting and northing swapped?"
			}
			d.fail(n, s, fmt.Sprintf("grid reference (easting %g, northing %g) is outside Great Britain", e, no), hint)
			return false
		}
		loc = GridRef(e, no)
		if !InUK(loc.Lat, loc.Lon) {
			d.fail(n, s, fmt.Sprintf("grid reference (easting %g, northing %g) is outside the UK", e, no), "")
			return false
		}
	}
	v.Set(reflect.ValueOf(loc))
	return true
}
