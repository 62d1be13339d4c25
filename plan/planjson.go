package plan

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
)

// JSON returns plan.json: the plan in the exchange format, indented, with
// a final newline. The same plan always gives the same bytes.
func (p *Plan) JSON() ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(p); err != nil {
		return nil, fmt.Errorf("encode plan.json: %w", err)
	}
	return buf.Bytes(), nil
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
