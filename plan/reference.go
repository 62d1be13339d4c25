package plan

import (
	"bytes"
	"fmt"
	"reflect"
	"strings"
)

// Reference returns the input standard as a Markdown field reference,
// generated from the same types, tags and field docs as the loader and the
// JSON Schema, so docs/input-standard.md cannot drift from the code.
func Reference() []byte {
	return reference(reflect.TypeFor[Document](), "# Input standard v1 (`schema: electplan/v1`): field reference\n\n"+
		"Generated from the Go types by `go test ./plan -update`; do not edit by hand.\n"+
		"Every file of a plan folder starts with `schema: electplan/v1`. Map sections appear in one\n"+
		"file; list sections may be split across files and are joined. Values in the *type* column:\n"+
		"`date` is YYYY-MM-DD, `time` is YYYY-MM-DDTHH:MM in UK local time, `location` is\n"+
		"`{lat, lon}` or `{easting, northing}`.\n")
}

// ContributionReference returns the contribution file format as a
// Markdown field reference, generated like Reference.
func ContributionReference() []byte {
	return reference(reflect.TypeFor[ContributionDocument](), "# Contribution files (`schema: electplan-contribution/v1`): field reference\n\n"+
		"Generated from the Go types by `go test ./plan -update`; do not edit by hand. How contributions\n"+
		"work, and what a contribution may and may not say, is in docs/contributions.md.\n"+
		"Values in the *type* column: `date` is YYYY-MM-DD, `time` is YYYY-MM-DDTHH:MM in UK local\n"+
		"time, `location` is `{lat, lon}` or `{easting, northing}`.\n")
}

func reference(doc reflect.Type, intro string) []byte {
	var b bytes.Buffer
	b.WriteString(intro)
	seen := map[reflect.Type]bool{}
	var queue []reflect.Type
	for i := range doc.NumField() {
		if t := structOf(doc.Field(i).Type); t != nil && !seen[t] {
			seen[t] = true
			queue = append(queue, t)
		}
	}
	fmt.Fprintf(&b, "\n## Sections\n\n| key | type | meaning |\n|---|---|---|\n")
	for _, f := range infoFor(doc).fields {
		fmt.Fprintf(&b, "| `%s` | %s | %s |\n", f.name, typeName(doc.Field(f.index).Type), mdEscape(fieldDocs[doc.Name()+"."+f.name]))
	}
	for len(queue) > 0 {
		t := queue[0]
		queue = queue[1:]
		fmt.Fprintf(&b, "\n## %s\n\n| key | type | required | meaning |\n|---|---|---|---|\n", t.Name())
		for _, f := range infoFor(t).fields {
			ft := t.Field(f.index).Type
			req := ""
			if f.required {
				req = "yes"
			}
			fmt.Fprintf(&b, "| `%s` | %s | %s | %s |\n", f.name, typeName(ft), req, mdEscape(fieldDocs[t.Name()+"."+f.name]))
			if st := structOf(ft); st != nil && !seen[st] {
				seen[st] = true
				queue = append(queue, st)
			}
		}
	}
	return b.Bytes()
}

// structOf returns the struct type behind t (through pointers and
// slices) if it is one of the standard's own records.
func structOf(t reflect.Type) reflect.Type {
	for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice {
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct || t == dateType || t == dateTimeType || t == locationType {
		return nil
	}
	return t
}

func typeName(t reflect.Type) string {
	switch {
	case t.Kind() == reflect.Pointer:
		return typeName(t.Elem())
	case t.Kind() == reflect.Slice:
		return "list of " + typeName(t.Elem())
	case t == dateType:
		return "date"
	case t == dateTimeType:
		return "time"
	case t == locationType:
		return "location"
	case t == reflect.TypeFor[TimetableOverride]():
		return "map of step → date"
	case t.Kind() == reflect.String && t.Implements(enumType):
		return "one of " + strings.Join(reflect.Zero(t).Interface().(Enum).Values(), ", ")
	case t.Kind() == reflect.Struct:
		return "[" + t.Name() + "](#" + strings.ToLower(t.Name()) + ")"
	case t.Kind() == reflect.Int:
		return "whole number"
	case t.Kind() == reflect.Bool:
		return "true/false"
	}
	return "text"
}

var mdEscape = strings.NewReplacer("<", "&lt;", ">", "&gt;", "|", "\\|").Replace
