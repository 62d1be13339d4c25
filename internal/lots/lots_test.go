package lots

import (
	"runtime"
	"sync/atomic"
	"testing"
)

// Every item is worked on exactly once, whatever the size and cores.
func TestEveryItemOnce(t *testing.T) {
	for _, procs := range []int{1, 2, 3, 8} {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
		for _, n := range []int{0, 1, minParallel - 1, minParallel, minParallel + 1, 10007} {
			seen := make([]atomic.Int32, n)
			Run(n, func(from, to int) {
				for i := from; i < to; i++ {
					seen[i].Add(1)
				}
			})
			for i := range seen {
				if got := seen[i].Load(); got != 1 {
					t.Fatalf("procs %d, n %d: item %d worked on %d times", procs, n, i, got)
				}
			}
		}
	}
}
