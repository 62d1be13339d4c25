// Package lots splits independent work over the cores.
package lots

import (
	"runtime"
	"sync"
)

// Run calls work over [0, n) cut into one lot per core, each lot in its
// own goroutine, and returns when all are done. Work on fewer than
// minParallel items is not worth the goroutines and runs as one lot.
// Each item must be independent of the others, so the result does not
// depend on how the lots are scheduled.
func Run(n int, work func(from, to int)) {
	lots := runtime.GOMAXPROCS(0)
	if n < minParallel || lots < 2 {
		work(0, n)
		return
	}
	var wg sync.WaitGroup
	size := (n + lots - 1) / lots
	for from := 0; from < n; from += size {
		wg.Go(func() { work(from, min(from+size, n)) })
	}
	wg.Wait()
}

const minParallel = 4096
