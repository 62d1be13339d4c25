package patrol

import (
	"cmp"
	"math"
	"math/rand/v2"
	"slices"
)

// exactNodes is the most nodes (base included) whose best tour is found
// exactly, by dynamic programming over subsets: 2^9 × 9² steps at most.
const exactNodes = 10

// A larger beat's search makes kicksPerNode kicks per node, and at least
// minKicks: 0.5 finds about as short routes on a whole country as 2 does.
const (
	kicksPerNode = 0.5
	minKicks     = 10
)

// optimise shortens the closed tour t in place as far as is cheap: the
// best tour outright for a beat of up to nine stops, otherwise iterated
// local search (2-opt and Or-opt from random double-bridge kicks, keeping
// the best) finished by improve. t[0] stays first; the tour never gets
// longer. It is deterministic: the random kicks have a fixed seed.
func optimise(d distMatrix, t []int) {
	if len(t) < 4 {
		return
	}
	if len(t) <= exactNodes {
		exact(d, t)
		return
	}
	improve(d, t)
	rng := rand.New(rand.NewPCG(uint64(len(t)), 0x9a7201))
	s := newSearch(d)
	best, bestKm := slices.Clone(t), tourKm(d, t)
	for range max(minKicks, int(kicksPerNode*float64(len(t)))) {
		s.start(doubleBridge(best, rng))
		s.run()
		if km := tourKm(d, s.t); km < bestKm-gainKm {
			best, bestKm = slices.Clone(s.t), km
		}
	}
	// Put the base back first; improve then makes the result a true local
	// optimum, which the neighbour-list search alone does not promise.
	at := slices.Index(best, t[0])
	copy(t, slices.Concat(best[at:], best[:at]))
	improve(d, t)
}

// exact puts the shortest tour through t's nodes into t, t[0] first, by the
// Bellman–Held–Karp dynamic programme.
func exact(d distMatrix, t []int) {
	rest := t[1:]
	m := len(rest)
	full := 1<<m - 1
	cost := make([]float64, (full+1)*m) // cost[set*m+j]: shortest path from t[0] through set, ending at rest[j]
	from := make([]int8, (full+1)*m)
	for i := range cost {
		cost[i] = math.Inf(1)
	}
	for j := range m {
		cost[(1<<j)*m+j] = d.at(t[0], rest[j])
		from[(1<<j)*m+j] = -1
	}
	for set := 1; set <= full; set++ {
		for j := range m {
			c := cost[set*m+j]
			if set&(1<<j) == 0 || math.IsInf(c, 1) {
				continue
			}
			for k := range m {
				if set&(1<<k) != 0 {
					continue
				}
				next := set | 1<<k
				if v := c + d.at(rest[j], rest[k]); v < cost[next*m+k] {
					cost[next*m+k], from[next*m+k] = v, int8(j)
				}
			}
		}
	}
	end, bestKm := 0, math.Inf(1)
	for j := range m {
		if v := cost[full*m+j] + d.at(rest[j], t[0]); v < bestKm {
			end, bestKm = j, v
		}
	}
	if bestKm >= tourKm(d, t)-gainKm {
		return // keep the tour we have when it is already as short
	}
	order := make([]int, 0, m)
	for set, j := full, end; j >= 0; {
		order = append(order, rest[j])
		prev := int(from[set*m+j])
		set &^= 1 << j
		j = prev
	}
	slices.Reverse(order)
	copy(rest, order)
}

// doubleBridge returns a copy of t cut into A B C D at three random points
// and rejoined A C B D: a change 2-opt and Or-opt cannot undo in one move.
func doubleBridge(t []int, rng *rand.Rand) []int {
	n := len(t)
	cuts := rng.Perm(n - 1)[:3] // three different places, after the first node
	slices.Sort(cuts)
	cuts[0], cuts[1], cuts[2] = cuts[0]+1, cuts[1]+1, cuts[2]+1
	i, j, k := cuts[0], cuts[1], cuts[2]
	out := make([]int, 0, n)
	out = append(out, t[:i]...)
	out = append(out, t[j:k]...)
	out = append(out, t[i:j]...)
	return append(out, t[k:]...)
}

// neighbours is how many nearest nodes the search tries joining each node
// to.
const neighbours = 10

// search is a tour under neighbour-list local search with don't-look
// bits: only nodes whose edges have changed are looked at again, so after a
// kick the search costs about as much as the kick disturbed.
type search struct {
	d      distMatrix
	t, pos []int
	near   [][]int // each node's nearest other nodes, nearest first
	queue  []int
	queued []bool
}

func newSearch(d distMatrix) *search {
	s := &search{d: d, pos: make([]int, d.n), near: make([][]int, d.n), queued: make([]bool, d.n)}
	for i := range d.n {
		others := make([]int, 0, d.n-1)
		for j := range d.n {
			if j != i {
				others = append(others, j)
			}
		}
		slices.SortFunc(others, func(a, b int) int {
			return cmp.Or(cmp.Compare(d.at(i, a), d.at(i, b)), cmp.Compare(a, b))
		})
		s.near[i] = others[:min(len(others), neighbours)]
	}
	return s
}

// start takes t as the tour and queues every node.
func (s *search) start(t []int) {
	s.t = t
	for i, v := range t {
		s.pos[v] = i
	}
	s.queue = s.queue[:0]
	for _, v := range t {
		s.queued[v] = false
		s.push(v)
	}
}

func (s *search) push(nodes ...int) {
	for _, v := range nodes {
		if !s.queued[v] {
			s.queued[v] = true
			s.queue = append(s.queue, v)
		}
	}
}

// step is the node after v going forward, or before it going back.
func (s *search) step(v int, forward bool) int {
	n := len(s.t)
	if forward {
		return s.t[(s.pos[v]+1)%n]
	}
	return s.t[(s.pos[v]+n-1)%n]
}

// run makes improving moves until no queued node has one.
func (s *search) run() {
	for len(s.queue) > 0 {
		a := s.queue[0]
		s.queue = s.queue[1:]
		s.queued[a] = false
		if s.twoOpt(a) || s.orOpt(a) {
			s.push(a)
		}
	}
}

// twoOpt looks for a 2-opt move replacing one of a's edges (a, b) and
// another (c, e) by (a, c) and (b, e), with c near a.
func (s *search) twoOpt(a int) bool {
	d := s.d
	for _, forward := range []bool{true, false} {
		b := s.step(a, forward)
		ab := d.at(a, b)
		for _, c := range s.near[a] {
			ac := d.at(a, c)
			if ac >= ab-gainKm {
				break // (a, c) alone is no shorter than (a, b)
			}
			e := s.step(c, forward)
			if c == b || e == a {
				continue
			}
			if ac+d.at(b, e) < ab+d.at(c, e)-gainKm {
				if forward {
					s.reverse(b, c)
				} else {
					s.reverse(a, e)
				}
				s.push(a, b, c, e)
				return true
			}
		}
	}
	return false
}

// reverse reverses the stretch of tour from node from forward to node to,
// or the rest of the tour if that is shorter (the same change to a cycle).
func (s *search) reverse(from, to int) {
	n := len(s.t)
	i, j := s.pos[from], s.pos[to]
	length := (j-i+n)%n + 1
	if 2*length > n {
		i, j, length = (j+1)%n, (i+n-1)%n, n-length
	}
	for k := range length / 2 {
		x, y := (i+k)%n, (j-k+n)%n
		s.t[x], s.t[y] = s.t[y], s.t[x]
		s.pos[s.t[x]], s.pos[s.t[y]] = x, y
	}
}

// orOpt looks for an Or-opt move: a run of up to three nodes beginning at
// a (going either way) moved to lie between c, near a, and a neighbour of
// c, either way round.
func (s *search) orOpt(a int) bool {
	d, n := s.d, len(s.t)
	for _, forward := range []bool{true, false} {
		z := a
		for size := 1; size <= 3 && size+3 <= n; size++ {
			if size > 1 {
				z = s.step(z, forward)
			}
			p, q := s.step(a, !forward), s.step(z, forward)
			saved := d.at(p, a) + d.at(z, q) - d.at(p, q)
			if saved <= gainKm {
				continue
			}
			for _, c := range s.near[a] {
				if d.at(c, a) >= saved {
					break
				}
				if s.inRun(c, a, size, forward) {
					continue
				}
				for _, side := range []bool{true, false} {
					c2 := s.step(c, side)
					if s.inRun(c2, a, size, forward) {
						continue
					}
					if d.at(c, a)+d.at(z, c2)-d.at(c, c2) < saved-gainKm {
						s.moveRun(a, size, forward, c, c2)
						s.push(p, q, a, z, c, c2)
						return true
					}
				}
			}
		}
	}
	return false
}

// inRun reports whether v is among the size nodes from a going forward
// (or back).
func (s *search) inRun(v, a, size int, forward bool) bool {
	n := len(s.t)
	off := s.pos[v] - s.pos[a]
	if !forward {
		off = -off
	}
	return (off%n+n)%n < size
}

// moveRun takes the run of size nodes from a (forward or back) out of the
// tour and puts it between c and its neighbour c2, a next to c.
func (s *search) moveRun(a, size int, forward bool, c, c2 int) {
	run := make([]int, 0, size)
	for v, k := a, 0; k < size; v, k = s.step(v, forward), k+1 {
		run = append(run, v)
	}
	rest := slices.DeleteFunc(slices.Clone(s.t), func(v int) bool { return slices.Contains(run, v) })
	at := slices.Index(rest, c)
	if rest[(at+1)%len(rest)] == c2 { // c then c2: c, a … z, c2
		rest = slices.Insert(rest, at+1, run...)
	} else { // c2 then c: c2, z … a, c
		slices.Reverse(run)
		rest = slices.Insert(rest, at, run...)
	}
	copy(s.t, rest)
	for i, v := range s.t {
		s.pos[v] = i
	}
}
