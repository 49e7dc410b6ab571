//! An exact mixed-integer solver for one choice per item under two knapsack constraints.
//!
//! Each item `i` picks one of its candidate quantities `q[i][0] < q[i][1] < …` at cost `f[i][k]`,
//! the costs **convex** along the candidates; picking `q` uses `a_i·q` of a budget `B` and `b_i·q`
//! of a capacity `C` (`a_i, b_i >= 0`). Minimise `Σ f` subject to `Σ a_i q_i <= B`,
//! `Σ b_i q_i <= C`. As a MILP: binaries `x[i][k]`, `Σ_k x[i][k] = 1`, the two knapsack rows.
//!
//! Because the costs are convex and each item's resources are linear in `q`, the LP relaxation of
//! that MILP is the LP over *segments*: item `i`'s segment `k` (from `q[k]` to `q[k+1]`) is a
//! continuous variable `u ∈ [0, q[k+1] − q[k]]` with slope `(f[k+1] − f[k]) / (q[k+1] − q[k])`
//! (increasing in `k`), and only the two knapsack rows remain. That LP is solved by a
//! bounded-variable primal simplex whose basis is 2 × 2 ([`Lp`]); a basic solution has at most two
//! items between candidates. Branch and bound splits such an item into `q <= q[k]` and
//! `q >= q[k+1]`, best bound first, with reduced-cost fixing at every node (an item whose move
//! by one candidate would raise the bound past the incumbent is fixed there) and a rounding
//! heuristic for incumbents. Work is bounded by a node budget; the best plan comes back with its
//! proven lower bound and gap.

// Rows and items are indexed together throughout (two parallel rows, per-item arrays).
#![allow(clippy::needless_range_loop)]

use crate::error::{Error, Result};
use std::cmp::Ordering;
use std::collections::BinaryHeap;

/// One item: ascending candidate quantities with convex costs, and its resource use per unit.
#[derive(Debug, Clone)]
pub(crate) struct Item {
    /// Candidate quantities, strictly increasing (at least one).
    pub q: Vec<f64>,
    /// Cost of each candidate, convex along `q`.
    pub f: Vec<f64>,
    /// Budget used per unit (>= 0).
    pub a: f64,
    /// Capacity used per unit (>= 0).
    pub b: f64,
}

/// What the search found.
#[derive(Debug, Clone)]
pub(crate) struct Found {
    /// The chosen candidate index per item.
    pub choice: Vec<usize>,
    /// `Σ f` of the choice.
    pub objective: f64,
    /// A proven lower bound on the optimum.
    pub bound: f64,
    /// Branch-and-bound nodes whose LP was solved.
    pub nodes: usize,
    /// Simplex iterations over all nodes.
    pub iterations: usize,
    /// `true` when the search finished (the gap is within the tolerance asked for).
    pub finished: bool,
}

/// Solves the problem: `budget`/`capacity` `None` when absent; the all-lowest choice must be
/// feasible (the caller checks and reports it). Stops after `max_nodes` LPs or when the relative
/// gap is at most `gap`.
pub(crate) fn solve(
    items: &[Item],
    budget: Option<f64>,
    capacity: Option<f64>,
    max_nodes: usize,
    gap: f64,
) -> Result<Found> {
    let rhs = [budget.unwrap_or(1.0), capacity.unwrap_or(1.0)];
    let coef = |i: usize| {
        [
            if budget.is_some() { items[i].a } else { 0.0 },
            if capacity.is_some() { items[i].b } else { 0.0 },
        ]
    };
    let n = items.len();
    let root = Bounds {
        lo: vec![0; n],
        hi: items.iter().map(|it| it.q.len() - 1).collect(),
    };
    let mut search = Search {
        items,
        coef: (0..n).map(coef).collect(),
        rhs,
        gap,
        incumbent: None,
        pruned: f64::INFINITY,
        nodes: 0,
        iterations: 0,
    };
    // The all-lowest choice is feasible: it is the first incumbent.
    search.offer(&root.lo);
    let mut heap = BinaryHeap::new();
    heap.push(Node {
        bound: f64::NEG_INFINITY,
        bounds: root,
    });
    // The smallest bound of a node left open when the node budget ran out.
    let mut open = f64::INFINITY;
    while let Some(node) = heap.pop() {
        if search.prunes(node.bound) {
            continue;
        }
        if search.nodes >= max_nodes {
            // The heap pops the smallest bound first: the rest are no lower.
            open = node.bound;
            break;
        }
        search.nodes += 1;
        for child in search.expand(node.bounds)? {
            heap.push(child);
        }
    }
    let finished = open == f64::INFINITY;
    let Some((objective, choice)) = search.incumbent.clone() else {
        return Err(Error::Numerical(
            "replenishment plan: the smallest orders do not fit".into(),
        ));
    };
    // Nodes were closed by a bound within the gap of the incumbent, or left open.
    let bound = objective.min(search.pruned).min(open);
    Ok(Found {
        choice,
        objective,
        bound,
        nodes: search.nodes,
        iterations: search.iterations,
        finished,
    })
}

/// Candidate index range `lo[i]..=hi[i]` per item at one node.
#[derive(Debug, Clone)]
struct Bounds {
    lo: Vec<usize>,
    hi: Vec<usize>,
}

struct Node {
    bound: f64,
    bounds: Bounds,
}

impl PartialEq for Node {
    fn eq(&self, other: &Self) -> bool {
        self.bound.total_cmp(&other.bound) == Ordering::Equal
    }
}
impl Eq for Node {}
impl PartialOrd for Node {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Node {
    /// Smallest bound first (the heap is a max-heap).
    fn cmp(&self, other: &Self) -> Ordering {
        other.bound.total_cmp(&self.bound)
    }
}

struct Search<'a> {
    items: &'a [Item],
    coef: Vec<[f64; 2]>,
    rhs: [f64; 2],
    gap: f64,
    incumbent: Option<(f64, Vec<usize>)>,
    /// The smallest LP bound of a node closed against the incumbent.
    pruned: f64,
    nodes: usize,
    iterations: usize,
}

/// Relative slack allowed on a knapsack row (round-off of sums of products).
const ROW_TOL: f64 = 1e-9;

impl Search<'_> {
    fn tolerance(&self, objective: f64) -> f64 {
        self.gap * objective.abs() + 1e-12 * (1.0 + objective.abs())
    }

    /// Whether a node with this lower bound cannot improve the incumbent by more than the gap
    /// (and then remembers the bound).
    fn prunes(&mut self, bound: f64) -> bool {
        let closes = match &self.incumbent {
            Some((obj, _)) => bound >= obj - self.tolerance(*obj),
            None => false,
        };
        if closes {
            self.pruned = self.pruned.min(bound);
        }
        closes
    }

    /// Resources used by a choice, per row.
    fn used(&self, choice: &[usize]) -> [f64; 2] {
        let mut u = [0.0; 2];
        for (i, &k) in choice.iter().enumerate() {
            for (r, ur) in u.iter_mut().enumerate() {
                *ur += self.coef[i][r] * self.items[i].q[k];
            }
        }
        u
    }

    fn fits(&self, used: [f64; 2]) -> bool {
        (0..2).all(|r| used[r] <= self.rhs[r] * (1.0 + ROW_TOL) + ROW_TOL * f64::MIN_POSITIVE)
    }

    fn cost(&self, choice: &[usize]) -> f64 {
        choice
            .iter()
            .enumerate()
            .map(|(i, &k)| self.items[i].f[k])
            .sum()
    }

    /// Takes `choice` as the incumbent when it is feasible and better, after improving it by
    /// local search.
    fn offer(&mut self, choice: &[usize]) {
        if !self.fits(self.used(choice)) {
            return;
        }
        let obj = self.cost(choice);
        if self.incumbent.as_ref().is_none_or(|(best, _)| obj < *best) {
            let better = self.local_search(choice.to_vec());
            let obj = self.cost(&better).min(obj);
            let choice = if self.cost(&better) <= obj {
                better
            } else {
                choice.to_vec()
            };
            self.incumbent = Some((obj, choice));
        }
    }

    /// Improves a feasible choice by moves of one item one candidate up, and swaps of one item
    /// down with another up, while they lower the cost and fit (a bounded number of passes).
    fn local_search(&self, mut choice: Vec<usize>) -> Vec<usize> {
        let n = self.items.len();
        let mut used = self.used(&choice);
        // Each pass is O(n²): fewer passes for many items.
        let passes = (4_000_000 / (n * n).max(1)).clamp(1, 20);
        for _ in 0..passes {
            let mut improved = false;
            for i in 0..n {
                // Up moves of i alone, then down moves of i paired with an up move of another.
                let ki = choice[i];
                let up_i = (ki + 1 < self.items[i].q.len()).then(|| self.step(i, ki, 1));
                if let Some((df, du)) = up_i {
                    let after = [used[0] + du[0], used[1] + du[1]];
                    if df < -1e-12 * (1.0 + df.abs()) && self.fits(after) {
                        choice[i] += 1;
                        used = after;
                        improved = true;
                        continue;
                    }
                }
                if ki == 0 {
                    continue;
                }
                let (dfi, dui) = self.step(i, ki, -1);
                let mut best: Option<(usize, f64, [f64; 2])> = None;
                for j in 0..n {
                    let kj = choice[j];
                    if j == i || kj + 1 >= self.items[j].q.len() {
                        continue;
                    }
                    let (dfj, duj) = self.step(j, kj, 1);
                    let df = dfi + dfj;
                    let after = [used[0] + dui[0] + duj[0], used[1] + dui[1] + duj[1]];
                    if df < -1e-12 * (1.0 + self.items[i].f[ki].abs())
                        && best.is_none_or(|(_, b, _)| df < b)
                        && self.fits(after)
                    {
                        best = Some((j, df, after));
                    }
                }
                if let Some((j, _, after)) = best {
                    choice[i] -= 1;
                    choice[j] += 1;
                    used = after;
                    improved = true;
                }
            }
            if !improved {
                break;
            }
        }
        choice
    }

    /// Cost and resource change of moving item `i` from candidate `k` one step (`dir` ±1).
    fn step(&self, i: usize, k: usize, dir: isize) -> (f64, [f64; 2]) {
        let it = &self.items[i];
        let to = if dir > 0 { k + 1 } else { k - 1 };
        let dq = it.q[to] - it.q[k];
        (
            it.f[to] - it.f[k],
            [self.coef[i][0] * dq, self.coef[i][1] * dq],
        )
    }

    /// Solves a node's LP; returns its children (none when it is pruned or integral).
    fn expand(&mut self, mut b: Bounds) -> Result<Vec<Node>> {
        let Some(mut lp) = Lp::build(self.items, &self.coef, self.rhs, &b) else {
            return Ok(Vec::new()); // the forced quantities already exceed a row
        };
        self.iterations += lp.solve()?;
        let bound = lp.objective();
        if self.prunes(bound) {
            return Ok(Vec::new());
        }
        // Where the LP puts each item: the candidate below (or at) its quantity, and whether it
        // sits strictly between two candidates.
        let filled = lp.filled();
        let mut down = b.lo.clone();
        let mut fractional: Option<(usize, f64)> = None;
        for (i, item) in self.items.iter().enumerate() {
            if b.lo[i] == b.hi[i] {
                continue;
            }
            let x = item.q[b.lo[i]] + filled[i];
            let scale = item.q[b.hi[i]].abs().max(1.0);
            let mut k = b.lo[i];
            while k < b.hi[i] && item.q[k + 1] <= x + 1e-9 * scale {
                k += 1;
            }
            down[i] = k;
            if k < b.hi[i] && x - item.q[k] > 1e-9 * scale {
                // The most fractional item (relative to its step) is branched on.
                let t = (x - item.q[k]) / (item.q[k + 1] - item.q[k]);
                let score = t.min(1.0 - t);
                if fractional.is_none_or(|(_, s)| score > s) {
                    fractional = Some((i, score));
                }
            }
        }
        // Rounding down is feasible (and the local search of `offer` steps items up while it
        // pays and fits).
        self.offer(&down);
        if self.prunes(bound) {
            return Ok(Vec::new());
        }
        let Some((i, _)) = fractional else {
            return Ok(Vec::new()); // integral: offered above
        };
        // Reduced-cost fixing: no solution of this node below the incumbent moves an item past
        // the candidates that the LP's duals allow within the gap.
        if let Some((best, _)) = &self.incumbent {
            lp.fix(self.items, &self.coef, &mut b, best - bound);
        }
        let k = down[i];
        let mut children = Vec::with_capacity(2);
        if b.lo[i] <= k {
            let mut left = b.clone();
            left.hi[i] = left.hi[i].min(k);
            children.push(Node {
                bound,
                bounds: left,
            });
        }
        if k < b.hi[i] {
            let mut right = b;
            right.lo[i] = right.lo[i].max(k + 1);
            children.push(Node {
                bound,
                bounds: right,
            });
        }
        Ok(children)
    }
}

/// Orders `(key, index)` pairs by key, then index.
fn pair_order(p: &(f64, usize), q: &(f64, usize)) -> Ordering {
    p.0.total_cmp(&q.0).then(p.1.cmp(&q.1))
}

/// Sorts `(key, index)` pairs by key, then index (one sort for the whole solver: each sort
/// instantiation costs kilobytes of wasm).
fn sort_pairs(v: &mut [(f64, usize)]) {
    v.sort_unstable_by(pair_order);
}

/// Where a variable of the LP stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum At {
    Lower,
    Upper,
    Basic,
}

/// The LP relaxation of one node: segment variables `u_j ∈ [0, len_j]` with cost `slope_j` and
/// column `coef[item_j]`, plus one slack per row (`[0, ∞)`, cost 0); two equality rows
/// `Σ col_j u_j + s = rhs − forced use`.
struct Lp {
    item: Vec<usize>,
    slope: Vec<f64>,
    len: Vec<f64>,
    col: Vec<[f64; 2]>,
    /// Values of segments then the two slacks.
    x: Vec<f64>,
    at: Vec<At>,
    basis: [usize; 2],
    rhs: [f64; 2],
    /// `Σ f[lo]`: the cost of the forced part.
    base: f64,
    items: usize,
    /// Segments of item i: `start[i]..start[i + 1]`, slopes increasing.
    start: Vec<usize>,
    /// `cum[j]`: total length of the segments before j within its item.
    cum: Vec<f64>,
    /// Row duals of the last solve.
    pi: [f64; 2],
}

impl Lp {
    /// The node's LP, or `None` when its lower bounds alone exceed a row.
    fn build(items: &[Item], coef: &[[f64; 2]], rhs: [f64; 2], b: &Bounds) -> Option<Lp> {
        let mut lp = Lp {
            item: Vec::new(),
            slope: Vec::new(),
            len: Vec::new(),
            col: Vec::new(),
            x: Vec::new(),
            at: Vec::new(),
            basis: [0, 0],
            rhs,
            base: 0.0,
            items: items.len(),
            start: Vec::with_capacity(items.len() + 1),
            cum: Vec::new(),
            pi: [0.0; 2],
        };
        for (i, it) in items.iter().enumerate() {
            lp.start.push(lp.slope.len());
            let mut cum = 0.0;
            lp.base += it.f[b.lo[i]];
            for r in 0..2 {
                lp.rhs[r] -= coef[i][r] * it.q[b.lo[i]];
            }
            for k in b.lo[i]..b.hi[i] {
                let len = it.q[k + 1] - it.q[k];
                let slope = (it.f[k + 1] - it.f[k]) / len;
                // A segment that never lowers the cost is never used by an optimum (the
                // segments after it cost more still).
                if slope >= 0.0 {
                    break;
                }
                lp.item.push(i);
                lp.cum.push(cum);
                cum += len;
                lp.slope.push(slope);
                lp.len.push(len);
                lp.col.push(coef[i]);
            }
        }
        lp.start.push(lp.slope.len());
        for r in 0..2 {
            let scale = rhs[r].abs().max(f64::MIN_POSITIVE);
            if lp.rhs[r] < -ROW_TOL * scale {
                return None;
            }
            lp.rhs[r] = lp.rhs[r].max(0.0);
        }
        let m = lp.slope.len();
        lp.x = vec![0.0; m + 2];
        lp.at = vec![At::Lower; m + 2];
        lp.x[m] = lp.rhs[0];
        lp.x[m + 1] = lp.rhs[1];
        lp.at[m] = At::Basic;
        lp.at[m + 1] = At::Basic;
        lp.basis = [m, m + 1];
        Some(lp)
    }

    fn column(&self, j: usize) -> [f64; 2] {
        let m = self.slope.len();
        if j < m {
            self.col[j]
        } else if j == m {
            [1.0, 0.0]
        } else {
            [0.0, 1.0]
        }
    }

    fn cost(&self, j: usize) -> f64 {
        self.slope.get(j).copied().unwrap_or(0.0)
    }

    fn upper(&self, j: usize) -> f64 {
        self.len.get(j).copied().unwrap_or(f64::INFINITY)
    }

    /// The inverse of the basis matrix, or `None` when it is singular.
    fn inverse(&self) -> Option<[[f64; 2]; 2]> {
        let (c0, c1) = (self.column(self.basis[0]), self.column(self.basis[1]));
        // Basis matrix columns c0, c1: [[c0[0], c1[0]], [c0[1], c1[1]]].
        let det = c0[0] * c1[1] - c1[0] * c0[1];
        let scale = (c0[0].abs() + c0[1].abs()) * (c1[0].abs() + c1[1].abs());
        if det.abs() <= 1e-14 * scale || det == 0.0 {
            return None;
        }
        Some([[c1[1] / det, -c1[0] / det], [-c0[1] / det, c0[0] / det]])
    }

    /// The first segment of item `i` not at its upper bound (segments of an item stay ordered:
    /// upper, then at most one basic, then lower).
    fn front(&self, i: usize) -> usize {
        let (s, e) = (self.start[i], self.start[i + 1]);
        let mut k = s;
        while k < e && self.at[k] == At::Upper {
            k += 1;
        }
        k
    }

    /// Basic values from the nonbasic ones (recomputed each iteration against drift): the
    /// nonbasic segments of an item at their upper bound are a prefix of its segments.
    fn refresh(&mut self, inv: &[[f64; 2]; 2], front: &[usize]) {
        let mut r = self.rhs;
        for i in 0..self.items {
            let (s, k) = (self.start[i], front[i]);
            if k > s {
                let held = self.cum[k - 1] + self.len[k - 1];
                let c = self.col[s];
                r[0] -= c[0] * held;
                r[1] -= c[1] * held;
            }
        }
        for (p, &j) in self.basis.iter().enumerate() {
            self.x[j] = inv[p][0] * r[0] + inv[p][1] * r[1];
        }
    }

    /// Primal simplex from the slack basis. A first pass puts segments at their upper bound in
    /// order of cost per unit of a surrogate row (both rows weighted by 1 / right-hand side) while
    /// they fit: each is a bound-flip step at duals 0. Then Dantzig pricing (Bland's rule after
    /// degenerate steps); the candidates of one pricing are taken in turn while they are bound
    /// flips (the duals do not change), so long runs of flips cost one scan. Returns the number
    /// of iterations (pivots and flips).
    fn solve(&mut self) -> Result<usize> {
        let m = self.slope.len();
        let w = [
            if self.rhs[0] > 0.0 {
                1.0 / self.rhs[0]
            } else {
                0.0
            },
            if self.rhs[1] > 0.0 {
                1.0 / self.rhs[1]
            } else {
                0.0
            },
        ];
        let ratio = |j: usize| {
            let use_ = w[0] * self.col[j][0] + w[1] * self.col[j][1];
            if use_ > 0.0 {
                self.slope[j] / use_
            } else {
                f64::NEG_INFINITY
            }
        };
        let mut order: Vec<(f64, usize)> = (0..m).map(|j| (ratio(j), j)).collect();
        sort_pairs(&mut order);
        let mut slack = self.rhs;
        // An item's segments are taken in order: once one does not fit, none after it.
        let mut blocked = vec![false; self.items];
        for (_, j) in order {
            let (c, l, i) = (self.col[j], self.len[j], self.item[j]);
            if blocked[i] {
                continue;
            }
            if c[0] * l <= slack[0] && c[1] * l <= slack[1] {
                slack[0] -= c[0] * l;
                slack[1] -= c[1] * l;
                self.x[j] = l;
                self.at[j] = At::Upper;
            } else {
                blocked[i] = true;
            }
        }
        let mut front: Vec<usize> = (0..self.items).map(|i| self.front(i)).collect();
        let max_cost = self.slope.iter().fold(0.0f64, |a, s| a.max(s.abs()));
        let dtol = 1e-11 * max_cost.max(f64::MIN_POSITIVE);
        let limit = 50 * (m + 10);
        let mut iterations = 0usize;
        let mut degenerate = 0usize;
        // (−|reduced cost|, j): best first once sorted.
        let mut candidates: Vec<(f64, usize)> = Vec::new();
        while iterations < limit {
            let inv = self
                .inverse()
                .ok_or_else(|| Error::Numerical("replenishment LP: singular basis".into()))?;
            self.refresh(&inv, &front);
            let cb = [self.cost(self.basis[0]), self.cost(self.basis[1])];
            self.pi = [
                cb[0] * inv[0][0] + cb[1] * inv[1][0],
                cb[0] * inv[0][1] + cb[1] * inv[1][1],
            ];
            let bland = degenerate > 20;
            candidates.clear();
            // Per item only its frontier can improve: reduced costs rise with the slope along
            // an item's segments (one column), and an item with a basic segment (reduced cost 0)
            // has none that improves. Then the slacks. Bland's rule takes the smallest index.
            let pi = self.pi;
            let reduced = |j: usize| {
                let c = self.column(j);
                self.cost(j) - pi[0] * c[0] - pi[1] * c[1]
            };
            for i in 0..self.items {
                let (s, e, k) = (self.start[i], self.start[i + 1], front[i]);
                if k < e && self.at[k] == At::Basic {
                    continue;
                }
                if k > s {
                    let d = reduced(k - 1);
                    if d > dtol {
                        candidates.push((-d, k - 1));
                    }
                }
                if k < e {
                    let d = reduced(k);
                    if d < -dtol {
                        candidates.push((d, k));
                    }
                }
                if bland && !candidates.is_empty() {
                    break;
                }
            }
            for j in [m, m + 1] {
                if self.at[j] == At::Lower && (!bland || candidates.is_empty()) {
                    let d = reduced(j);
                    if d < -dtol {
                        candidates.push((d, j));
                    }
                }
            }
            if bland {
                if let Some(first) = candidates.iter().copied().min_by_key(|c| c.1) {
                    candidates.clear();
                    candidates.push(first);
                }
            }
            if candidates.is_empty() {
                return Ok(iterations);
            }
            // The best candidate first; the rest are sorted only if it turns out a bound flip.
            let best = (0..candidates.len())
                .min_by(|&p, &q| pair_order(&candidates[p], &candidates[q]))
                .unwrap_or(0);
            candidates.swap(0, best);
            for k in 0..candidates.len() {
                if k == 1 && !bland {
                    sort_pairs(&mut candidates[1..]);
                }
                let j = candidates[k].1;
                let dir = if self.at[j] == At::Upper { -1.0 } else { 1.0 };
                iterations += 1;
                let c = self.column(j);
                let alpha = [
                    inv[0][0] * c[0] + inv[0][1] * c[1],
                    inv[1][0] * c[0] + inv[1][1] * c[1],
                ];
                // x_B(t) = x_B − dir·t·alpha; the entering variable moves by dir·t.
                let mut t = self.upper(j);
                let mut leave: Option<(usize, At)> = None;
                for p in 0..2 {
                    let bj = self.basis[p];
                    let rate = dir * alpha[p];
                    if rate.abs() <= 1e-12 {
                        continue;
                    }
                    let (room, to) = if rate > 0.0 {
                        (self.x[bj].max(0.0) / rate, At::Lower)
                    } else {
                        let u = self.upper(bj);
                        if u.is_infinite() {
                            continue;
                        }
                        ((u - self.x[bj]).max(0.0) / -rate, At::Upper)
                    };
                    let better = match leave {
                        None => room < t,
                        Some((q, _)) => room < t || (room == t && self.basis[p] < self.basis[q]),
                    };
                    if better {
                        t = room;
                        leave = Some((p, to));
                    }
                }
                if t.is_infinite() {
                    return Err(Error::Numerical("replenishment LP: unbounded ray".into()));
                }
                degenerate = if t <= 0.0 { degenerate + 1 } else { 0 };
                for p in 0..2 {
                    let bj = self.basis[p];
                    self.x[bj] -= dir * t * alpha[p];
                }
                match leave {
                    None => {
                        // A bound flip: the duals stay, the next candidate is still improving.
                        self.x[j] = if dir > 0.0 { self.upper(j) } else { 0.0 };
                        self.at[j] = if dir > 0.0 { At::Upper } else { At::Lower };
                        if j < m {
                            front[self.item[j]] = self.front(self.item[j]);
                        }
                    }
                    Some((p, to)) => {
                        let out = self.basis[p];
                        self.x[j] += dir * t;
                        self.at[j] = At::Basic;
                        self.x[out] = if to == At::Lower {
                            0.0
                        } else {
                            self.upper(out)
                        };
                        self.at[out] = to;
                        self.basis[p] = j;
                        for v in [j, out] {
                            if v < m {
                                front[self.item[v]] = self.front(self.item[v]);
                            }
                        }
                        break; // a new basis: price again
                    }
                }
            }
        }
        Err(Error::Numerical(format!(
            "replenishment LP: no optimum after {limit} simplex iterations"
        )))
    }

    /// The LP optimum: forced cost plus the segments' cost.
    fn objective(&self) -> f64 {
        self.base
            + self
                .slope
                .iter()
                .zip(&self.x)
                .map(|(s, x)| s * x)
                .sum::<f64>()
    }

    /// Units each item holds above its lower candidate.
    fn filled(&self) -> Vec<f64> {
        let mut f = vec![0.0; self.items];
        for (j, &i) in self.item.iter().enumerate() {
            f[i] += crate::num::clamp(self.x[j], 0.0, self.len[j]);
        }
        f
    }

    /// Reduced-cost fixing: with duals π the node's cost is at least `bound + Σ d_j (u_j − u*_j)`,
    /// so an item may not move past candidates whose reduced costs add up beyond `room`.
    fn fix(&self, items: &[Item], coef: &[[f64; 2]], b: &mut Bounds, room: f64) {
        if room.is_nan() || room < 0.0 {
            return;
        }
        // Reduced cost of filling segment k of item i whole.
        let reduced = |i: usize, k: usize| -> f64 {
            let it = &items[i];
            let c = coef[i];
            (it.f[k + 1] - it.f[k])
                - (self.pi[0] * c[0] + self.pi[1] * c[1]) * (it.q[k + 1] - it.q[k])
        };
        let filled = self.filled();
        for i in 0..items.len() {
            if b.lo[i] == b.hi[i] {
                continue;
            }
            let it = &items[i];
            let x = it.q[b.lo[i]] + filled[i];
            let scale = it.q[b.hi[i]].abs().max(1.0);
            // Only items sitting on a candidate: moving up must fill whole segments at reduced
            // cost >= 0, moving down must empty whole ones at reduced cost <= 0.
            let Some(k) = (b.lo[i]..=b.hi[i]).find(|&k| (it.q[k] - x).abs() <= 1e-9 * scale) else {
                continue;
            };
            let mut up = 0.0;
            let mut hi = k;
            while hi < b.hi[i] {
                up += reduced(i, hi);
                if up > room {
                    break;
                }
                hi += 1;
            }
            let mut down = 0.0;
            let mut lo = k;
            while lo > b.lo[i] {
                down -= reduced(i, lo - 1);
                if down > room {
                    break;
                }
                lo -= 1;
            }
            b.hi[i] = hi;
            b.lo[i] = lo;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::Rng as _;

    /// Exhaustive search over every choice (tiny problems only).
    fn brute(items: &[Item], budget: f64, capacity: f64) -> f64 {
        let mut best = f64::INFINITY;
        let mut k = vec![0usize; items.len()];
        loop {
            let (mut a, mut b, mut f) = (0.0, 0.0, 0.0);
            for (i, it) in items.iter().enumerate() {
                a += it.a * it.q[k[i]];
                b += it.b * it.q[k[i]];
                f += it.f[k[i]];
            }
            if a <= budget * (1.0 + 1e-12) && b <= capacity * (1.0 + 1e-12) {
                best = best.min(f);
            }
            let mut p = 0;
            loop {
                if p == items.len() {
                    return best;
                }
                k[p] += 1;
                if k[p] < items[p].q.len() {
                    break;
                }
                k[p] = 0;
                p += 1;
            }
        }
    }

    #[test]
    fn matches_exhaustive_search_on_small_problems() {
        let mut rng = crate::rng::seeded(11);
        let mut uniform = || rng.random::<f64>();
        for case in 0..300 {
            let n = 1 + case % 5;
            let items: Vec<Item> = (0..n)
                .map(|_| {
                    let levels = 1 + (uniform() * 5.0) as usize;
                    let pack = 1.0 + (uniform() * 4.0).floor();
                    let moq = (uniform() * 3.0).floor() * pack;
                    let target: f64 = uniform() * 12.0;
                    let mut q: Vec<f64> = vec![0.0];
                    for l in 0..levels {
                        q.push(moq.max(pack) + l as f64 * pack);
                    }
                    let f = q.iter().map(|&x| (x - target).powi(2) + 0.5 * x).collect();
                    Item {
                        q,
                        f,
                        a: 0.5 + uniform() * 3.0,
                        b: uniform() * 2.0,
                    }
                })
                .collect();
            let budget = uniform() * 40.0;
            let capacity = uniform() * 30.0;
            let found = solve(&items, Some(budget), Some(capacity), 100_000, 0.0).unwrap();
            let best = brute(&items, budget, capacity);
            assert!(found.finished, "case {case}");
            assert!(
                (found.objective - best).abs() <= 1e-9 * (1.0 + best.abs()),
                "case {case}: {} vs {best}",
                found.objective
            );
            assert!(found.bound <= found.objective + 1e-9);
        }
    }
}
