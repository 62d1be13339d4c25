package plan

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"reflect"
	"strings"
)

// JSON returns plan.json: the plan in the exchange format. Each top-level
// key is on its own line and each item of a top-level list on a line of
// its own, so a diff of two plans shows the items that changed; a final
// newline ends the file. The same plan always gives the same bytes.
func (p *Plan) JSON() ([]byte, error) {
	var buf bytes.Buffer
	if err := p.WriteJSON(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// WriteJSON writes plan.json to w, exactly as JSON returns it. Lists are
// written an item at a time, so a whole-country plan never needs its JSON
// in memory at once.
func (p *Plan) WriteJSON(w io.Writer) error {
	bw := bufio.NewWriterSize(w, 1<<16)
	if err := writeObject(bw, reflect.ValueOf(p).Elem()); err != nil {
		return fmt.Errorf("encode plan.json: %w", err)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write plan.json: %w", err)
	}
	return nil
}

// writeObject writes a struct one key per line, and its lists one item
// per line, streaming the items.
func writeObject(w *bufio.Writer, v reflect.Value) error {
	t := v.Type()
	w.WriteString("{")
	first := true
	for i := range t.NumField() {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" || !f.IsExported() {
			continue
		}
		if !first {
			w.WriteString(",")
		}
		first = false
		fmt.Fprintf(w, "\n  %q: ", name)
		fv := v.Field(i)
		if fv.Kind() == reflect.Slice && fv.Len() > 0 {
			w.WriteString("[")
			for j := range fv.Len() {
				if j > 0 {
					w.WriteString(",")
				}
				w.WriteString("\n    ")
				if err := writeValue(w, fv.Index(j).Interface()); err != nil {
					return err
				}
			}
			w.WriteString("\n  ]")
			continue
		}
		if err := writeValue(w, fv.Interface()); err != nil {
			return err
		}
	}
	w.WriteString("\n}\n")
	return nil
}

// writeValue writes v as compact JSON on the current line.
func writeValue(w *bufio.Writer, v any) error {
	enc := json.NewEncoder(&lineWriter{w})
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// lineWriter drops the newline json.Encoder ends each value with.
type lineWriter struct{ w *bufio.Writer }

func (l *lineWriter) Write(b []byte) (int, error) {
	_, err := l.w.Write(bytes.TrimSuffix(b, []byte("\n")))
	return len(b), err
}

// ReadPlan reads a plan.json. It refuses a file that is not a plan or was
// written to another version of the exchange format.
func ReadPlan(r io.Reader) (*Plan, error) {
	var p Plan
	dec := json.NewDecoder(r)
	if err := dec.Decode(&p); err != nil {
		return nil, fmt.Errorf("not a plan.json: %w", err)
	}
	if p.Schema != PlanSchema {
		if p.Schema == "" {
			return nil, fmt.Errorf("not a plan.json: no \"schema\": %q", PlanSchema)
		}
		return nil, fmt.Errorf("plan schema %q is not %q, which this version of electplan reads", p.Schema, PlanSchema)
	}
	return &p, nil
}

// ReadPlanFile reads the plan.json at path.
func ReadPlanFile(path string) (*Plan, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	p, err := ReadPlan(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return p, nil
}
