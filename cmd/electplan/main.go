// Command electplan writes risk-assessed policing plans for UK election
// periods. See README.md for what it does and how to use it.
package main

import (
	"os"
	"time"
)

func main() {
	os.Exit(run(os.Args[1:], newSystemEnv(os.Stdin, os.Stdout, os.Stderr, time.Now, os.Getenv)))
}
