package main

import (
	"fmt"
	"time"
)

// progress tells a person at a terminal what a long command is doing. It
// says nothing when stderr is not a terminal, so piped and scripted runs
// stay quiet.
type progress struct {
	e       *env
	started time.Time
	active  bool
}

func newProgress(e *env) *progress {
	return &progress{e: e, started: e.now(), active: e.stderrTTY}
}

func (p *progress) step(what string) {
	if !p.active {
		return
	}
	fmt.Fprintf(p.e.stderr, "\r\x1b[K%s …", what)
}

func (p *progress) done() {
	if !p.active {
		return
	}
	fmt.Fprintf(p.e.stderr, "\r\x1b[Kdone in %.1fs\n", p.e.now().Sub(p.started).Seconds())
}
