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

// Split gives every lot its number, in order, and the lots cover the
// items once each, however few items there are.
func TestSplitCoversInOrder(t *testing.T) {
	for _, n := range []int{0, 1, 2, 5, 7, 100} {
		for _, count := range []int{1, 2, 3, 4, 8} {
			from, to := make([]int, count), make([]int, count)
			Split(n, count, func(lot, f, e int) { from[lot], to[lot] = f, e })
			next := 0
			for lot := range count {
				if from[lot] != next || to[lot] < from[lot] {
					t.Fatalf("n %d, %d lots: lot %d is [%d, %d), want it to start at %d", n, count, lot, from[lot], to[lot], next)
				}
				next = to[lot]
			}
			if next != n {
				t.Fatalf("n %d, %d lots: the lots end at %d", n, count, next)
			}
		}
	}
}
