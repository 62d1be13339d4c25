package patrol

import "slices"

// distMatrix is a dense symmetric matrix of straight-line km between the
// nodes of one beat; node 0 is the base.
type distMatrix struct {
	n  int
	km []float64
}

func (d distMatrix) at(i, j int) float64 { return d.km[i*d.n+j] }

// tourKm is the length of the closed tour t.
func tourKm(d distMatrix, t []int) float64 {
	if len(t) < 2 {
		return 0
	}
	km := d.at(t[len(t)-1], t[0])
	for i := 1; i < len(t); i++ {
		km += d.at(t[i-1], t[i])
	}
	return km
}

// gainKm is the least saving a move must make to be taken, so rounding
// cannot make the search cycle.
const gainKm = 1e-9

// improve shortens the closed tour t in place by local search until no
// 2-opt move (reversing a stretch) or Or-opt move (moving a run of up to
// three stops elsewhere, either way round) shortens it. t[0] stays first.
// It never lengthens the tour, and the result has no pair of edges that
// would be shorter swapped, so on a plane it never crosses itself.
func improve(d distMatrix, t []int) {
	if len(t) < 4 { // the base and two stops: either way round is the same
		return
	}
	for {
		twoOpt(d, t)
		if !orOpt(d, t) {
			return
		}
	}
}

// twoOpt applies improving 2-opt moves until there are none.
func twoOpt(d distMatrix, t []int) {
	n := len(t)
	for again := true; again; {
		again = false
		for i := 0; i < n-2; i++ {
			for j := i + 2; j < n; j++ {
				if i == 0 && j == n-1 { // the two edges share the base
					continue
				}
				a, b, c, e := t[i], t[i+1], t[j], t[(j+1)%n]
				if d.at(a, c)+d.at(b, e) < d.at(a, b)+d.at(c, e)-gainKm {
					slices.Reverse(t[i+1 : j+1])
					again = true
				}
			}
		}
	}
}

// orOpt applies improving Or-opt moves until there are none and reports
// whether it made any. Each pass tries every run against every edge,
// taking moves as it finds them.
func orOpt(d distMatrix, t []int) bool {
	n, moved := len(t), false
	// next[j] is the position after j round the tour, and edge[j] the
	// length from t[j] to it: the inner loop reads them rather than
	// dividing and looking up.
	next := make([]int, n)
	for j := range n {
		next[j] = j + 1
	}
	next[n-1] = 0
	edge := make([]float64, n)
	measure := func() {
		for j := range n {
			edge[j] = d.at(t[j], t[next[j]])
		}
	}
	measure()
	for again := true; again; {
		again = false
		for size := 1; size <= 3 && size <= n-2; size++ {
			for i := 1; i+size <= n; i++ {
				prev, first, last, after := t[i-1], t[i], t[i+size-1], t[next[i+size-1]]
				saved := d.at(prev, first) + d.at(last, after) - d.at(prev, after)
				// The matrix is symmetric: d.at(x, first) is first's row at x.
				fromFirst, fromLast := d.km[first*n:(first+1)*n], d.km[last*n:(last+1)*n]
				for j := range n {
					if j >= i-1 && j <= i+size-1 { // an edge touching the run
						continue
					}
					p, q := t[j], t[next[j]]
					pq := edge[j]
					forward := fromFirst[p] + fromLast[q] - pq
					backward := fromLast[p] + fromFirst[q] - pq
					if min(forward, backward) < saved-gainKm {
						moveRun(t, i, size, j, backward < forward)
						measure()
						moved, again = true, true
						break
					}
				}
			}
		}
	}
	return moved
}

// moveRun moves t[i:i+size] to between t[j] and t[j+1], reversed if asked.
func moveRun(t []int, i, size, j int, reversed bool) {
	run := slices.Clone(t[i : i+size])
	if reversed {
		slices.Reverse(run)
	}
	rest := slices.Delete(slices.Clone(t), i, i+size)
	at := j + 1
	if j > i {
		at -= size
	}
	copy(t, slices.Insert(rest, at, run...))
}
