package timetable

import (
	"fmt"
	"strings"
)

// Nation is a nation of the United Kingdom. It decides which bank holidays
// apply and, for Northern Ireland, the longer postal-vote deadline.
type Nation string

// The nations of the United Kingdom. Wales and England share the gov.uk
// "england-and-wales" bank-holiday division.
const (
	England         Nation = "england"
	Wales           Nation = "wales"
	Scotland        Nation = "scotland"
	NorthernIreland Nation = "northern-ireland"
)

// Nations lists every UK nation in a fixed order. A general election treats
// a bank holiday in any of them as non-working for the nomination steps.
var Nations = []Nation{England, Wales, Scotland, NorthernIreland}

// nationAliases maps the spellings ParseNation accepts to a Nation.
var nationAliases = map[string]Nation{
	"england":          England,
	"wales":            Wales,
	"scotland":         Scotland,
	"northern-ireland": NorthernIreland,
	"northern ireland": NorthernIreland,
	"northern_ireland": NorthernIreland,
	"ni":               NorthernIreland,
}

// ParseNation parses a nation name, ignoring case and surrounding space. It
// accepts the constant values ("england", "wales", "scotland",
// "northern-ireland") and, for Northern Ireland, "northern ireland" and "ni".
// Anything else is an error listing the accepted names.
func ParseNation(s string) (Nation, error) {
	if n, ok := nationAliases[strings.ToLower(strings.TrimSpace(s))]; ok {
		return n, nil
	}
	return "", fmt.Errorf("parse nation %q: want one of %s", s, nationList())
}

// valid reports whether n is one of Nations.
func (n Nation) valid() bool {
	for _, m := range Nations {
		if n == m {
			return true
		}
	}
	return false
}

// division is a gov.uk bank-holiday division.
type division string

const (
	divEnglandWales    division = "england-and-wales"
	divScotland        division = "scotland"
	divNorthernIreland division = "northern-ireland"
)

// division returns the gov.uk bank-holiday division of n, or "" if n is not a
// known nation.
func (n Nation) division() division {
	switch n {
	case England, Wales:
		return divEnglandWales
	case Scotland:
		return divScotland
	case NorthernIreland:
		return divNorthernIreland
	}
	return ""
}

func nationList() string {
	names := make([]string, len(Nations))
	for i, n := range Nations {
		names[i] = string(n)
	}
	return strings.Join(names, ", ")
}
