package patrol

import "math"

// lowerBoundKm is a lower bound on the shortest closed tour through every
// node of d: the larger of the minimum spanning tree and the Held–Karp
// bound. tourKm, the length of a known tour, steers the Held–Karp search.
func lowerBoundKm(d distMatrix, tourKm float64) float64 {
	switch d.n {
	case 0, 1:
		return 0
	case 2: // out and back
		return 2 * d.at(0, 1)
	}
	return max(mstKm(d), heldKarpKm(d, tourKm))
}

// mstKm is the length of a minimum spanning tree over every node of d
// (Prim's algorithm, O(n²)). Dropping any edge of a tour leaves a spanning
// tree, so no tour is shorter.
func mstKm(d distMatrix) float64 {
	n := d.n
	key := make([]float64, n)
	done := make([]bool, n)
	for i := range key {
		key[i] = math.Inf(1)
	}
	key[0] = 0
	total := 0.0
	for range n {
		u := -1
		for v := range n {
			if !done[v] && (u < 0 || key[v] < key[u]) {
				u = v
			}
		}
		done[u] = true
		total += key[u]
		for v := range n {
			if !done[v] && d.at(u, v) < key[v] {
				key[v] = d.at(u, v)
			}
		}
	}
	return total
}

// The subgradient search makes at most heldKarpIterations steps, each
// decay times the last (and halved when the bound stalls); on generated
// beats more steps raise the bound by well under a per cent.
const (
	heldKarpIterations = 40
	decay              = 0.97
)

// heldKarpKm is the Held–Karp lower bound on a tour of the n ≥ 3 nodes of
// d. A 1-tree (a spanning tree of nodes 1… plus the two shortest edges from
// node 0) is no longer than the shortest tour, and stays so when every edge
// (i, j) is lengthened by π[i]+π[j] and 2Σπ taken off; the search raises π
// on nodes of degree above two and lowers it below, pushing the 1-tree
// towards a tour (Held and Karp 1971, with Polyak steps towards tourKm).
func heldKarpKm(d distMatrix, tourKm float64) float64 {
	n := d.n
	pi := make([]float64, n)
	deg := make([]int, n)
	key := make([]float64, n)
	parent := make([]int, n)
	pred, succ := make([]int, n), make([]int, n)
	best, step, stale := math.Inf(-1), 2.0, 0
	for range heldKarpIterations {
		w := oneTree(d, pi, deg, key, parent, pred, succ)
		// The step shrinks every time, and faster while the bound is not
		// rising, so the search neither zigzags nor creeps.
		if w > best {
			best, stale = w, 0
		} else if stale++; stale >= 3 {
			step, stale = step/2, 0
		}
		step *= decay
		norm := 0
		for _, g := range deg {
			norm += (g - 2) * (g - 2)
		}
		if norm == 0 || tourKm-w <= 1e-9*tourKm || step < 1e-3 {
			break // the 1-tree is a tour, or the gap is closed, or the search has stalled
		}
		t := step * (tourKm - w) / float64(norm)
		for i := 1; i < n; i++ {
			pi[i] += t * float64(deg[i]-2)
		}
	}
	return best
}

// oneTree is the penalised length of the minimum 1-tree under pi, less
// 2Σpi; it fills deg with each node's degree in it. pi[0] is 0. pred and
// succ are room for the list of nodes not yet in the tree.
func oneTree(d distMatrix, pi []float64, deg []int, key []float64, parent []int, pred, succ []int) float64 {
	n := d.n
	for i := range n {
		deg[i], key[i], parent[i] = 0, math.Inf(1), -1
	}
	// Prim's algorithm over nodes 1…, updating keys and finding the next
	// node in the same pass. The nodes not yet in the tree are kept in a
	// list in order, so a pass looks at them alone, in the order a scan
	// of every node would (which settles ties the same way).
	for v := 2; v < n; v++ {
		pred[v], succ[v] = v-1, v+1
	}
	pred[2], succ[n-1] = -1, -1
	head := 2
	total := 0.0
	for u, added := 1, 1; ; added++ {
		if u != 1 { // take u out of the list
			if pred[u] < 0 {
				head = succ[u]
			} else {
				succ[pred[u]] = succ[u]
			}
			if succ[u] >= 0 {
				pred[succ[u]] = pred[u]
			}
		}
		if added == n-1 {
			break
		}
		row, pu := d.km[u*n:(u+1)*n], pi[u]
		next, nextKey := -1, math.Inf(1)
		for v := head; v >= 0; v = succ[v] {
			if w := row[v] + pu + pi[v]; w < key[v] {
				key[v], parent[v] = w, u
			}
			if key[v] < nextKey {
				next, nextKey = v, key[v]
			}
		}
		u = next
		total += nextKey
		deg[u]++
		deg[parent[u]]++
	}
	return joinNodeZero(d, pi, deg, total)
}

// joinNodeZero completes a spanning tree of nodes 1… (of length total
// under pi) into a 1-tree with the two shortest edges from node 0, and
// returns its length less 2Σpi.
func joinNodeZero(d distMatrix, pi []float64, deg []int, total float64) float64 {
	n := d.n
	a, b := -1, -1 // the two shortest edges from node 0
	for v := 1; v < n; v++ {
		w := d.at(0, v) + pi[v]
		switch {
		case a < 0 || w < d.at(0, a)+pi[a]:
			a, b = v, a
		case b < 0 || w < d.at(0, b)+pi[b]:
			b = v
		}
	}
	total += d.at(0, a) + pi[a] + d.at(0, b) + pi[b]
	deg[0], deg[a], deg[b] = 2, deg[a]+1, deg[b]+1
	for _, p := range pi {
		total -= 2 * p
	}
	return total
}
