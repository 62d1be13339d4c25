package main

import (
	"io"
	"os"
	"time"

	"golang.org/x/term"
)

// env is what commands get from the outside world. Nothing below main
// touches os.Stdout, os.Exit or time.Now: tests build an env of their own.
type env struct {
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
	now    func() time.Time
	getenv func(string) string
	// stdoutTTY and stderrTTY say whether colour and progress bars make sense.
	stdoutTTY bool
	stderrTTY bool
}

func newSystemEnv(stdin io.Reader, stdout, stderr *os.File, now func() time.Time, getenv func(string) string) *env {
	return &env{
		stdin: stdin, stdout: stdout, stderr: stderr, now: now, getenv: getenv,
		stdoutTTY: term.IsTerminal(int(stdout.Fd())) && getenv("NO_COLOR") == "",
		stderrTTY: term.IsTerminal(int(stderr.Fd())),
	}
}
