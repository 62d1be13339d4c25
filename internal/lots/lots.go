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
	count := runtime.GOMAXPROCS(0)
	if n < minParallel || count < 2 {
		work(0, n)
		return
	}
	Split(n, count, func(_, from, to int) { work(from, to) })
}

const minParallel = 4096

// Split cuts [0, n) into count lots of about the same size, in order,
// and calls work on every lot at once, each in its own goroutine, with
// the lot's number; it returns when all are done. A lot past the end of
// a short list is empty (from == to).
func Split(n, count int, work func(lot, from, to int)) {
	size := (n + count - 1) / count
	var wg sync.WaitGroup
	for lot := range count {
		wg.Go(func() { work(lot, min(lot*size, n), min((lot+1)*size, n)) })
	}
	wg.Wait()
}
