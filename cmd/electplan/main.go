// Command electplan writes risk-assessed policing plans for UK election
// periods. See README.md for what it does and how to use it.
package main

import (
	"os"
	"runtime/debug"
	"time"
)

func main() {
	tuneMemory(os.Getenv)
	os.Exit(run(os.Args[1:], newSystemEnv(os.Stdin, os.Stdout, os.Stderr, time.Now, os.Getenv)))
}

// tuneMemory trades a little memory for speed on big plans and caps the
// heap so a whole-country build stays within a laptop's means: collect
// garbage less often (GOGC 400) but hard before 360 MiB. GOGC and
// GOMEMLIMIT in the environment still win.
func tuneMemory(getenv func(string) string) {
	if getenv("GOGC") == "" {
		debug.SetGCPercent(400)
	}
	if getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(360 << 20)
	}
}
