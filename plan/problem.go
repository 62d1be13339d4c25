package plan

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
)

// Severity levels of a problem.
const (
	SeverityError   = "error"
	SeverityWarning = "warning"
)

// Problem is one thing wrong with the inputs, placed exactly: file, line,
// column, the item it concerns, what is wrong and a hint at the fix.
// Warnings are worth a look but do not make the inputs invalid.
type Problem struct {
	File     string `json:"file"`
	Line     int    `json:"line"`
	Column   int    `json:"column"`
	Item     string `json:"item"`
	Message  string `json:"message"`
	Hint     string `json:"hint"`
	Severity string `json:"severity"`
}

// String formats the problem as file:line:col: item: message — hint.
func (p Problem) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s:%d:%d: ", p.File, p.Line, p.Column)
	if p.Severity == SeverityWarning {
		b.WriteString("warning: ")
	}
	if p.Item != "" {
		b.WriteString(p.Item)
		b.WriteString(": ")
	}
	b.WriteString(p.Message)
	if p.Hint != "" {
		b.WriteString(" — ")
		b.WriteString(p.Hint)
	}
	return b.String()
}

// Problems is a list of problems in file, line, column order.
type Problems []Problem

// Errors returns the problems that make the inputs invalid.
func (ps Problems) Errors() Problems {
	return slices.DeleteFunc(slices.Clone(ps), func(p Problem) bool { return p.Severity == SeverityWarning })
}

// Warnings returns the problems that are only warnings.
func (ps Problems) Warnings() Problems {
	return slices.DeleteFunc(slices.Clone(ps), func(p Problem) bool { return p.Severity != SeverityWarning })
}

// Sort orders problems by file, line, column, then message, so output is
// stable whatever order the checks ran in.
func (ps Problems) Sort() {
	slices.SortStableFunc(ps, func(a, b Problem) int {
		return cmp.Or(cmp.Compare(a.File, b.File), cmp.Compare(a.Line, b.Line),
			cmp.Compare(a.Column, b.Column), cmp.Compare(a.Message, b.Message))
	})
}

// InvalidError reports inputs that are not valid: every problem found, not
// just the first. Commands map it to exit code 3.
type InvalidError struct {
	Problems Problems
}

func (e *InvalidError) Error() string {
	errs := e.Problems.Errors()
	lines := make([]string, 0, len(e.Problems)+1)
	for _, p := range e.Problems {
		lines = append(lines, p.String())
	}
	noun := "problems"
	if len(errs) == 1 {
		noun = "problem"
	}
	summary := fmt.Sprintf("%d %s found", len(errs), noun)
	if n := errs.placeholders(); n > 0 {
		summary += fmt.Sprintf(" (%d of them placeholders still to fill in)", n)
	}
	lines = append(lines, summary)
	return strings.Join(lines, "\n")
}

// placeholders counts the problems that are unfilled placeholders.
func (ps Problems) placeholders() int {
	n := 0
	for _, p := range ps {
		if strings.Contains(p.Message, PlaceholderMessage) {
			n++
		}
	}
	return n
}

// problemList collects problems as checks find them.
type problemList struct {
	list Problems
}

func (l *problemList) add(pos Pos, item, message, hint string) {
	l.list = append(l.list, Problem{File: pos.File, Line: pos.Line, Column: pos.Column,
		Item: item, Message: message, Hint: hint, Severity: SeverityError})
}

func (l *problemList) warn(pos Pos, item, message, hint string) {
	l.list = append(l.list, Problem{File: pos.File, Line: pos.Line, Column: pos.Column,
		Item: item, Message: message, Hint: hint, Severity: SeverityWarning})
}
