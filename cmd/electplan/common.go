package main

import (
	"fmt"
	"os"
	"strconv"
	"time"

	"github.com/electplan/electplan/plan"
	"github.com/electplan/electplan/riskmodel"
)

// asOfDate resolves the plan's as-of date: the flag, else
// SOURCE_DATE_EPOCH (for reproducible builds), else today in the UK.
func asOfDate(flag string, e *env) (plan.Date, error) {
	if flag != "" {
		d, err := plan.ParseDate(flag)
		if err != nil {
			return plan.Date{}, usagef("--as-of: %v", err)
		}
		return d, nil
	}
	if s := e.getenv("SOURCE_DATE_EPOCH"); s != "" {
		secs, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return plan.Date{}, fmt.Errorf("SOURCE_DATE_EPOCH %q is not a number of seconds", s)
		}
		return plan.DateOf(time.Unix(secs, 0).In(plan.London)), nil
	}
	return plan.DateOf(e.now().In(plan.London)), nil
}

// loadModel returns the national model, or the model in path if given.
func loadModel(path string) (*riskmodel.Model, error) {
	if path == "" {
		return riskmodel.National(), nil
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read model: %w", err)
	}
	m, err := riskmodel.Parse(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return m, nil
}

// modelLine describes the model in one line, flagging a non-standard one.
func modelLine(m *riskmodel.Model) string {
	s := fmt.Sprintf("%s %s (sha256 %s)", m.ID, m.Version, m.SHA256()[:12])
	if !m.Standard() {
		s += " — NON-STANDARD MODEL: not the national standard; the national comparison will flag this plan"
	}
	return s
}
