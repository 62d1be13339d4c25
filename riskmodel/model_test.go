package riskmodel

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"testing"
)

func TestNationalModel(t *testing.T) {
	m := National()
	if m.ID != "electplan-national" || m.Version != "1.0.0" {
		t.Errorf("id/version: got %s %s", m.ID, m.Version)
	}
	if !m.Standard() {
		t.Error("the embedded model is not marked standard")
	}
	sum := sha256.Sum256(NationalSource())
	if m.SHA256() != hex.EncodeToString(sum[:]) {
		t.Errorf("sha256 %s is not the hash of the file", m.SHA256())
	}
}

func TestParsedCopyOfNationalIsStandard(t *testing.T) {
	m, err := Parse(NationalSource())
	if err != nil {
		t.Fatal(err)
	}
	if !m.Standard() || m.SHA256() != National().SHA256() {
		t.Error("a byte-identical model file must be standard with the same hash")
	}
}

func TestChangedModelIsNonStandard(t *testing.T) {
	src := bytes.Replace(NationalSource(), []byte("counter_protest: 2"), []byte("counter_protest: 3"), 1)
	m, err := Parse(src)
	if err != nil {
		t.Fatal(err)
	}
	if m.Standard() {
		t.Error("a changed model is marked standard")
	}
	if m.SHA256() == National().SHA256() {
		t.Error("a changed model has the national hash")
	}
}

func TestInvalidModelsAreRefused(t *testing.T) {
	tests := []struct {
		name, old, new, want string
	}{
		{"gap between bands", "{name: medium, min: 5,", "{name: medium, min: 6,", "medium starts at 6, want 5"},
		{"bands do not reach 25", "{name: very-high, min: 20, max: 25,", "{name: very-high, min: 20, max: 24,", "the last band ends at 24, want 25"},
		{"thresholds not increasing", "thresholds: [2, 4, 6, 9]", "thresholds: [2, 4, 4, 9]", "thresholds must increase"},
		{"more risk scoring less", "protest: {none: 0, possible: 1, planned: 3}", "protest: {none: 0, possible: 3, planned: 1}", `"planned" scores 1, less than the value below it (3)`},
		{"negative points", "counter_protest: 2", "counter_protest: -2", "counter_protest: points must not be negative"},
		{"unknown enumeration value", "ro_rating: {green: 0, amber: 2, red: 6}", "ro_rating: {green: 0, amber: 2, red: 6, black: 9}", `unknown value "black"`},
		{"missing deployment", "    very-high: {officers: 12,", "    extreme: {officers: 12,", "deployments.count: no deployment for band very-high"},
		{"unknown key", "counter_protest: 2", "counter_protests: 2", "field counter_protests not found"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := NationalSource()
			if !bytes.Contains(src, []byte(tt.old)) {
				t.Fatalf("model file does not contain %q", tt.old)
			}
			_, err := Parse(bytes.Replace(src, []byte(tt.old), []byte(tt.new), 1))
			if err == nil {
				t.Fatal("invalid model accepted")
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q does not say %q", err, tt.want)
			}
		})
	}
}

// Every band boundary, on both sides.
func TestBandBoundaries(t *testing.T) {
	m := National()
	for _, tt := range []struct {
		score int
		want  Band
	}{
		{1, Low}, {4, Low}, {5, Medium}, {9, Medium}, {10, High}, {16, High}, {19, High}, {20, VeryHigh}, {25, VeryHigh},
	} {
		if got := m.BandOf(tt.score); got != tt.want {
			t.Errorf("score %d: got %s, want %s", tt.score, got, tt.want)
		}
	}
}

// Every axis threshold, on both sides.
func TestAxisThresholds(t *testing.T) {
	m := National()
	check := func(name string, thresholds []int, cases map[int]int) {
		t.Helper()
		for points, want := range cases {
			if got := level(points, thresholds); got != want {
				t.Errorf("%s: %d points → %d, want %d", name, points, got, want)
			}
		}
	}
	check("flashpoint likelihood", m.Flashpoint.Likelihood.Thresholds,
		map[int]int{0: 1, 1: 1, 2: 2, 3: 2, 4: 3, 5: 3, 6: 4, 8: 4, 9: 5, 20: 5})
	check("crowd", m.Flashpoint.Impact.CrowdThresholds,
		map[int]int{0: 1, 100: 1, 101: 2, 500: 2, 501: 3, 1500: 3, 1501: 4, 5000: 4, 5001: 5})
	check("candidate likelihood", m.Candidate.Likelihood.Thresholds,
		map[int]int{0: 1, 1: 2, 2: 2, 3: 3, 4: 3, 5: 4, 6: 4, 7: 5, 12: 5})
}

func TestBandStep(t *testing.T) {
	if Low.Step(-1) != Low || VeryHigh.Step(1) != VeryHigh || Medium.Step(1) != High || High.Step(-1) != Medium {
		t.Error("Step does not move one band within low..very-high")
	}
}
