//! Item embeddings from implicit feedback: alternating least squares with confidence weights
//! (Hu, Koren & Volinsky, "Collaborative Filtering for Implicit Feedback Datasets", ICDM 2008).
//!
//! Every (user, item) pair has a preference `p = 1` when the pair was observed (weight `w > 0`:
//! a purchase count, a rating, a play count) and `p = 0` otherwise, with confidence
//! `c = 1 + α·w` for observed pairs and `c = 1` for the rest. The user factors `X` and the item
//! factors `Y` minimise
//!
//! `Σ_{u,i} c_ui (p_ui − x_uᵀ y_i)² + λ (Σ_u ‖x_u‖² + Σ_i ‖y_i‖²)`
//!
//! over *all* pairs, by alternating exact solves: with `Y` fixed every user's factors are
//! `x_u = (YᵀY + λI + Σ_{i∈u} α w_ui y_i y_iᵀ)⁻¹ Σ_{i∈u} c_ui y_i` — the Gram trick: `YᵀY` is
//! computed once per half-step (on the [`Backend`], so on WebGPU when present), and each user adds
//! only their own items' rank-one terms before a Cholesky solve (f64). Then the same for the items
//! with `X` fixed. One [`Als::step`] is one such sweep (users, then items).
//!
//! Conventions shared with the `implicit` library's ALS (0.7): the user factors are solved first,
//! factors start uniform in `[0, 0.01)` (seeded), `λ` is not scaled by counts. `implicit` takes
//! the confidence as `α·w` where this module takes `1 + α·w` (the paper's); feeding `implicit` the
//! values `w + 1/α` gives it the same objective (scripts/als_implicit.py does).
//!
//! Output: the item factors as an [`ItemStore`](crate::rerank::ItemStore) for the rerank engine
//! (a user's factors are the matching query), both factor matrices as `.npy` bytes.

use crate::compute::{Backend, Items, Matrix};
use crate::error::{Error, Result};
use crate::limits::{self, check_count};
use crate::num::Num;
use rand::Rng as _;

/// Largest interaction weight, `α` and `λ` accepted: confidences stay far from overflow and the
/// factors stay finite in f32.
pub const MAX_ALS_VALUE: f64 = 1e6;
/// Smallest regularization `λ` accepted (it keeps every solve well-posed).
pub const MIN_REGULARIZATION: f64 = 1e-6;

/// Unchecked ALS parameters; [`AlsParams::check`] validates them.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AlsParams {
    /// Number of latent factors (the embedding dimension), 1..=[`limits::MAX_FACTORS`].
    pub factors: usize,
    /// L2 regularization `λ`, in [[`MIN_REGULARIZATION`], [`MAX_ALS_VALUE`]].
    pub regularization: f64,
    /// Confidence scale `α` (`c = 1 + α·w`), in [0, [`MAX_ALS_VALUE`]].
    pub alpha: f64,
    /// Seed of the initial factors.
    pub seed: u64,
    /// Per-row solver: 0 is the exact Cholesky solve; `k` in 1..=[`MAX_CG_STEPS`] runs `k`
    /// conjugate-gradient steps from the current factors (implicit's default is 3), much
    /// cheaper per sweep (no `factors³` factorisation, no rank-one updates) and nearly as good.
    pub cg_steps: usize,
}

/// Most conjugate-gradient steps per row and half-step ([`AlsParams::cg_steps`]).
pub const MAX_CG_STEPS: usize = 64;

impl Default for AlsParams {
    fn default() -> Self {
        AlsParams {
            factors: 32,
            regularization: 1.0,
            alpha: 1.0,
            seed: 0,
            cg_steps: 0,
        }
    }
}

impl AlsParams {
    /// Validates the parameters (named as the JS options `factors`, `regularization`, `alpha`).
    pub fn check(self) -> Result<Self> {
        check_count("factors", self.factors, 1, limits::MAX_FACTORS)?;
        check_count("cgSteps", self.cg_steps, 0, MAX_CG_STEPS)?;
        let lam = self.regularization;
        if !(lam.is_finite() && (MIN_REGULARIZATION..=MAX_ALS_VALUE).contains(&lam)) {
            return Err(Error::invalid(
                "regularization",
                format!(
                    "a number in [{}, {}]",
                    Num::from(MIN_REGULARIZATION),
                    Num::from(MAX_ALS_VALUE)
                ),
                lam,
            ));
        }
        if !(self.alpha.is_finite() && (0.0..=MAX_ALS_VALUE).contains(&self.alpha)) {
            return Err(Error::invalid(
                "alpha",
                format!("a number in [0, {}]", Num::from(MAX_ALS_VALUE)),
                self.alpha,
            ));
        }
        Ok(self)
    }
}

/// Sparse rows: `ptr[r]..ptr[r + 1]` indexes the columns `idx` and weights `w` of row `r`.
#[derive(Debug, Clone, PartialEq)]
struct Sparse {
    ptr: Vec<usize>,
    idx: Vec<u32>,
    w: Vec<f64>,
}

impl Sparse {
    fn row(&self, r: usize) -> (&[u32], &[f64]) {
        let (a, b) = (self.ptr[r], self.ptr[r + 1]);
        (&self.idx[a..b], &self.w[a..b])
    }

    /// The transpose (`cols` rows), columns in increasing order within each row.
    fn transpose(&self, cols: usize) -> Sparse {
        let mut ptr = vec![0usize; cols + 1];
        for &c in &self.idx {
            ptr[c as usize + 1] += 1;
        }
        for c in 0..cols {
            ptr[c + 1] += ptr[c];
        }
        let mut next = ptr.clone();
        let mut idx = vec![0u32; self.idx.len()];
        let mut w = vec![0f64; self.idx.len()];
        for r in 0..self.ptr.len() - 1 {
            let (cs, ws) = self.row(r);
            for (&c, &v) in cs.iter().zip(ws) {
                let at = &mut next[c as usize];
                idx[*at] = r as u32;
                w[*at] = v;
                *at += 1;
            }
        }
        Sparse { ptr, idx, w }
    }
}

/// A validated interaction matrix: users × items, weights > 0, duplicate pairs summed.
#[derive(Debug, Clone, PartialEq)]
pub struct Interactions {
    n_users: usize,
    n_items: usize,
    by_user: Sparse,
    by_item: Sparse,
}

impl Interactions {
    /// Builds the matrix from parallel lists: pair `j` is (`users[j]`, `items[j]`) with weight
    /// `weights[j]` (finite, in [0, [`MAX_ALS_VALUE`]]; 0 means "not observed" and is dropped;
    /// repeated pairs add up). Users are `0..n_users`, items `0..n_items` (each at most
    /// [`limits::MAX_ITEMS`]); at most [`limits::MAX_ELEMENTS`] pairs.
    pub fn new(
        users: &[u32],
        items: &[u32],
        weights: &[f64],
        n_users: usize,
        n_items: usize,
    ) -> Result<Self> {
        check_count("users.length", users.len(), 1, limits::MAX_ELEMENTS)?;
        check_count("nUsers", n_users, 1, limits::MAX_ITEMS)?;
        check_count("nItems", n_items, 1, limits::MAX_ITEMS)?;
        for (arg, v) in [("items", items.len()), ("weights", weights.len())] {
            if v != users.len() {
                return Err(Error::invalid(
                    arg,
                    format!("{} values (one per entry of users)", users.len()),
                    format!("{v} values"),
                ));
            }
        }
        for (arg, v, n) in [("users", users, n_users), ("items", items, n_items)] {
            if let Some(j) = v.iter().position(|&x| x as usize >= n) {
                return Err(Error::invalid(
                    format!("{arg}[{j}]"),
                    format!("an index below {n}"),
                    v[j],
                ));
            }
        }
        if let Some(j) = weights
            .iter()
            .position(|w| !(w.is_finite() && (0.0..=MAX_ALS_VALUE).contains(w)))
        {
            return Err(Error::invalid(
                format!("weights[{j}]"),
                format!("a number in [0, {}]", Num::from(MAX_ALS_VALUE)),
                weights[j],
            ));
        }
        let mut order: Vec<u32> = (0..users.len() as u32)
            .filter(|&j| weights[j as usize] > 0.0)
            .collect();
        order.sort_unstable_by_key(|&j| (users[j as usize], items[j as usize]));
        let mut ptr = vec![0usize; n_users + 1];
        let mut idx = Vec::with_capacity(order.len());
        let mut w: Vec<f64> = Vec::with_capacity(order.len());
        let mut last: Option<(u32, u32)> = None;
        for &j in &order {
            let key = (users[j as usize], items[j as usize]);
            if last == Some(key) {
                if let Some(v) = w.last_mut() {
                    *v += weights[j as usize];
                }
                continue;
            }
            last = Some(key);
            ptr[key.0 as usize + 1] += 1;
            idx.push(key.1);
            w.push(weights[j as usize]);
        }
        if idx.is_empty() {
            return Err(Error::invalid("weights", "at least one weight > 0", "none"));
        }
        for u in 0..n_users {
            ptr[u + 1] += ptr[u];
        }
        let by_user = Sparse { ptr, idx, w };
        let by_item = by_user.transpose(n_items);
        Ok(Interactions {
            n_users,
            n_items,
            by_user,
            by_item,
        })
    }

    /// Number of users.
    pub fn n_users(&self) -> usize {
        self.n_users
    }

    /// Number of items.
    pub fn n_items(&self) -> usize {
        self.n_items
    }

    /// Number of distinct observed (user, item) pairs.
    pub fn nnz(&self) -> usize {
        self.by_user.idx.len()
    }

    /// The items of user `u` and their summed weights (empty when out of range).
    pub fn user_items(&self, u: usize) -> (&[u32], &[f64]) {
        if u < self.n_users {
            self.by_user.row(u)
        } else {
            (&[], &[])
        }
    }

    /// Observed pairs per item (the training popularity).
    pub fn item_counts(&self) -> Vec<f64> {
        self.by_item
            .ptr
            .windows(2)
            .map(|p| (p[1] - p[0]) as f64)
            .collect()
    }
}

/// Which factor matrix a half-step solves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// The user factors `X`, given the items'.
    Users,
    /// The item factors `Y`, given the users'.
    Items,
}

/// An ALS model being trained: the data, the parameters and both factor matrices.
#[derive(Debug, Clone, PartialEq)]
pub struct Als {
    params: AlsParams,
    data: Interactions,
    /// `n_users × factors`, row-major.
    users: Vec<f32>,
    /// `n_items × factors`, row-major.
    items: Vec<f32>,
    steps: usize,
}

/// Multiply-adds of one [`Als::step`], roughly: the rank-one terms, the solves and the Grams.
fn step_work(data: &Interactions, f: usize) -> u128 {
    let (f, nnz, rows) = (
        f as u128,
        data.nnz() as u128,
        (data.n_users + data.n_items) as u128,
    );
    2 * nnz * f * (f + 1) + rows * (f * f * f / 3 + 2 * f * f)
}

impl Als {
    /// A model with seeded initial factors (uniform in `[0, 0.01)`, items then users drawn from
    /// one stream). Fails when the factors would exceed [`limits::MAX_ELEMENTS`] values or one step
    /// [`limits::MAX_MULTIPLY_ADDS`] multiply-adds.
    pub fn new(data: Interactions, params: AlsParams) -> Result<Self> {
        let p = params.check()?;
        let f = p.factors;
        let rows = data.n_users + data.n_items;
        if rows as u128 * f as u128 > limits::MAX_ELEMENTS as u128 {
            return Err(Error::invalid(
                "factors",
                format!(
                    "at most {} factor values in all ((users + items) × factors)",
                    limits::MAX_ELEMENTS
                ),
                format!("{rows} × {f}"),
            ));
        }
        let work = step_work(&data, f);
        if work > u128::from(limits::MAX_MULTIPLY_ADDS) {
            return Err(Error::invalid(
                "factors",
                format!(
                    "a training step of at most {} multiply-adds",
                    limits::MAX_MULTIPLY_ADDS
                ),
                format!("{work} for {} pairs and {f} factors", data.nnz()),
            ));
        }
        let mut rng = crate::rng::seeded(p.seed);
        let mut draw =
            |n: usize| -> Vec<f32> { (0..n).map(|_| rng.random::<f32>() * 0.01).collect() };
        let items = draw(data.n_items * f);
        let users = draw(data.n_users * f);
        Ok(Als {
            params: p,
            data,
            users,
            items,
            steps: 0,
        })
    }

    /// The parameters.
    pub fn params(&self) -> AlsParams {
        self.params
    }

    /// The interactions trained on.
    pub fn data(&self) -> &Interactions {
        &self.data
    }

    /// Completed steps (full sweeps).
    pub fn steps(&self) -> usize {
        self.steps
    }

    /// The number of factors.
    pub fn factors(&self) -> usize {
        self.params.factors
    }

    /// User factors, `n_users × factors` row-major (zero for a user without interactions once
    /// trained).
    pub fn user_factors(&self) -> &[f32] {
        &self.users
    }

    /// Item factors, `n_items × factors` row-major.
    pub fn item_factors(&self) -> &[f32] {
        &self.items
    }

    /// The factors of user `u` (empty when out of range): their query for ranking the items.
    pub fn user(&self, u: usize) -> &[f32] {
        let f = self.params.factors;
        self.users.get(u * f..(u + 1) * f).unwrap_or(&[])
    }

    /// The transposed fixed-side factors of a half-step (`factors × n` row-major): the operand
    /// whose self-product `T·Tᵀ` is the Gram matrix a [`Backend`] computes for [`Als::solve`].
    /// `side` is the side about to be solved (so `Side::Users` gives the items' factors).
    pub fn gram_operand(&self, side: Side) -> (Vec<f32>, usize) {
        let f = self.params.factors;
        let (m, n) = match side {
            Side::Users => (&self.items, self.data.n_items),
            Side::Items => (&self.users, self.data.n_users),
        };
        let mut t = vec![0f32; f * n];
        for (r, row) in m.chunks_exact(f).enumerate() {
            for (c, &v) in row.iter().enumerate() {
                t[c * n + r] = v;
            }
        }
        (t, n)
    }

    /// The Gram matrix (`factors × factors`) of the fixed side of a half-step, on `backend`.
    pub fn gram(&self, backend: &dyn Backend, side: Side) -> Result<Vec<f32>> {
        let f = self.params.factors;
        let (t, n) = self.gram_operand(side);
        let m = Matrix::new("factors", &t, f, n)?;
        backend.scores(&m, &Items::F32(m))
    }

    /// Solves one side given the other side's Gram matrix `gram` (`factors × factors`, as
    /// [`Als::gram`] gives it, from any backend: an async GPU call in the browser). Solving the
    /// items completes a sweep ([`Als::steps`] counts it). Leaves the model unchanged on error.
    pub fn solve(&mut self, side: Side, gram: &[f32]) -> Result<()> {
        let f = self.params.factors;
        if gram.len() != f * f {
            return Err(Error::invalid(
                "gram",
                format!("{f} × {f} values"),
                format!("{} values", gram.len()),
            ));
        }
        if let Some(i) = gram.iter().position(|v| !v.is_finite()) {
            return Err(Error::invalid("gram", "finite values", gram[i]));
        }
        let (rows, fixed, out) = match side {
            Side::Users => (&self.data.by_user, &self.items, &mut self.users),
            Side::Items => (&self.data.by_item, &self.users, &mut self.items),
        };
        let solved = if self.params.cg_steps == 0 {
            solve_rows(rows, fixed, gram, f, self.params)?
        } else {
            cg_rows(rows, fixed, out, gram, f, self.params)?
        };
        *out = solved;
        if side == Side::Items {
            self.steps += 1;
        }
        Ok(())
    }

    /// One full sweep — the users given the items, then the items given the users, each Gram on
    /// `backend` — and the training loss after it ([`Als::loss`]).
    pub fn step(&mut self, backend: &dyn Backend) -> Result<f64> {
        let g = self.gram(backend, Side::Users)?;
        let before = (self.users.clone(), self.steps);
        self.solve(Side::Users, &g)?;
        let g = match self.gram(backend, Side::Items) {
            Ok(g) => g,
            Err(e) => {
                (self.users, self.steps) = before;
                return Err(e);
            }
        };
        if let Err(e) = self.solve(Side::Items, &g) {
            (self.users, self.steps) = before;
            return Err(e);
        }
        Ok(self.loss())
    }

    /// The objective (see the module docs) divided by the total confidence
    /// `Σ_obs c + n_users·n_items − nnz`, as `implicit` reports it; computed in f64.
    pub fn loss(&self) -> f64 {
        let f = self.params.factors;
        let (lam, alpha) = (self.params.regularization, self.params.alpha);
        let mut g = vec![0f64; f * f];
        for y in self.items.chunks_exact(f) {
            for a in 0..f {
                let ya = f64::from(y[a]);
                for b in a..f {
                    g[a * f + b] += ya * f64::from(y[b]);
                }
            }
        }
        for a in 0..f {
            for b in 0..a {
                g[a * f + b] = g[b * f + a];
            }
        }
        let mut loss = 0.0;
        let mut total = 0.0;
        let mut norms = 0.0;
        for (u, x) in self.users.chunks_exact(f).enumerate() {
            let x: Vec<f64> = x.iter().map(|&v| f64::from(v)).collect();
            norms += x.iter().map(|v| v * v).sum::<f64>();
            for a in 0..f {
                loss += x[a] * (0..f).map(|b| g[a * f + b] * x[b]).sum::<f64>();
            }
            let (items, ws) = self.data.by_user.row(u);
            for (&i, &w) in items.iter().zip(ws) {
                let y = &self.items[i as usize * f..(i as usize + 1) * f];
                let s: f64 = x.iter().zip(y).map(|(a, &b)| a * f64::from(b)).sum();
                let c = 1.0 + alpha * w;
                loss += c * (1.0 - s) * (1.0 - s) - s * s;
                total += c;
            }
        }
        norms += self
            .items
            .iter()
            .map(|&v| f64::from(v) * f64::from(v))
            .sum::<f64>();
        let pairs = self.data.n_users as f64 * self.data.n_items as f64 - self.data.nnz() as f64;
        (loss + lam * norms) / (total + pairs)
    }

    /// The item factors as an item store (ids `0..n_items` until the caller sets its own), with
    /// the training counts as its popularity prior.
    #[cfg(feature = "rerank")]
    pub fn item_store(&self) -> Result<crate::rerank::ItemStore> {
        crate::rerank::ItemStore::from_f32(self.items.clone(), self.params.factors)?
            .with_popularity(self.data.item_counts())
    }

    /// The item factors as `.npy` bytes (`<f4`, shape `(n_items, factors)`).
    pub fn item_npy(&self) -> Vec<u8> {
        npy_f32(&self.items, self.data.n_items, self.params.factors)
    }

    /// The user factors as `.npy` bytes (`<f4`, shape `(n_users, factors)`).
    pub fn user_npy(&self) -> Vec<u8> {
        npy_f32(&self.users, self.data.n_users, self.params.factors)
    }
}

/// Runs `solve(row, cols, weights, base, x)` for every row of `rows`, `base = YᵀY + λI` from the
/// Gram `gram`: `solve` leaves the row's solution in `x` (f64, `f` values, holding whatever the
/// previous row left), which is written out in f32 and checked finite.
fn each_row(
    rows: &Sparse,
    gram: &[f32],
    f: usize,
    p: AlsParams,
    mut solve: impl FnMut(usize, &[u32], &[f64], &[f64], &mut [f64]),
) -> Result<Vec<f32>> {
    let n = rows.ptr.len() - 1;
    let mut out = vec![0f32; n * f];
    let base = shared_system(gram, f, p.regularization);
    let mut x = vec![0f64; f];
    for (r, xo) in out.chunks_exact_mut(f).enumerate() {
        let (cols, ws) = rows.row(r);
        solve(r, cols, ws, &base, &mut x);
        for (o, &v) in xo.iter_mut().zip(&x) {
            *o = v as f32;
        }
        check_row(xo, r)?;
    }
    Ok(out)
}

/// Solves every row of `rows` against the fixed factors `fixed` and their Gram `gram`.
fn solve_rows(
    rows: &Sparse,
    fixed: &[f32],
    gram: &[f32],
    f: usize,
    p: AlsParams,
) -> Result<Vec<f32>> {
    let mut a = vec![0f64; f * f];
    let mut y = vec![0f64; f];
    each_row(rows, gram, f, p, |_, cols, ws, base, rhs| {
        rhs.iter_mut().for_each(|v| *v = 0.0);
        if cols.is_empty() {
            return; // no observations: b = 0, so x = 0
        }
        a.copy_from_slice(base);
        for (&c, &w) in cols.iter().zip(ws) {
            let row = &fixed[c as usize * f..(c as usize + 1) * f];
            y.iter_mut().zip(row).for_each(|(d, &s)| *d = f64::from(s));
            let extra = p.alpha * w;
            let conf = 1.0 + extra;
            for i in 0..f {
                rhs[i] += conf * y[i];
                let s = extra * y[i];
                // Lower triangle only: the Cholesky reads nothing else.
                let ai = &mut a[i * f..i * f + i + 1];
                ai.iter_mut()
                    .zip(&y[..=i])
                    .for_each(|(v, &yj)| *v += s * yj);
            }
        }
        cholesky_solve(&mut a, rhs, f, p.regularization);
    })
}

/// Conjugate-gradient solves of every row of `rows`, `p.cg_steps` steps from `current` (the
/// side's factors before this half-step), as implicit's `least_squares_cg`: `A = YᵀY + λI +
/// Σ α w y yᵀ` is never formed, each step applies it as `(YᵀY + λI) p + Σ α w (y·p) y`.
fn cg_rows(
    rows: &Sparse,
    fixed: &[f32],
    current: &[f32],
    gram: &[f32],
    f: usize,
    p: AlsParams,
) -> Result<Vec<f32>> {
    let (mut r, mut d, mut ad) = (vec![0f64; f], vec![0f64; f], vec![0f64; f]);
    let dot = |a: &[f64], b: &[f64]| a.iter().zip(b).map(|(x, y)| x * y).sum::<f64>();
    // `out = A v` for this row.
    let apply = |base: &[f64], v: &[f64], out: &mut [f64], cols: &[u32], ws: &[f64]| {
        for (i, o) in out.iter_mut().enumerate() {
            *o = dot(&base[i * f..(i + 1) * f], v);
        }
        for (&c, &w) in cols.iter().zip(ws) {
            let y = &fixed[c as usize * f..(c as usize + 1) * f];
            let s = p.alpha * w * y.iter().zip(v).map(|(&a, b)| f64::from(a) * b).sum::<f64>();
            out.iter_mut()
                .zip(y)
                .for_each(|(o, &a)| *o += s * f64::from(a));
        }
    };
    each_row(rows, gram, f, p, |row, cols, ws, base, x| {
        x.iter_mut()
            .zip(&current[row * f..(row + 1) * f])
            .for_each(|(a, &b)| *a = f64::from(b));
        // r = b − A x with b = Σ (1 + α w) y.
        apply(base, x, &mut ad, cols, ws);
        r.iter_mut().zip(&ad).for_each(|(a, b)| *a = -b);
        for (&c, &w) in cols.iter().zip(ws) {
            let y = &fixed[c as usize * f..(c as usize + 1) * f];
            let conf = 1.0 + p.alpha * w;
            r.iter_mut()
                .zip(y)
                .for_each(|(a, &b)| *a += conf * f64::from(b));
        }
        d.copy_from_slice(&r);
        let mut rs = dot(&r, &r);
        for _ in 0..p.cg_steps {
            if rs < 1e-20 {
                break;
            }
            apply(base, &d, &mut ad, cols, ws);
            let step = rs / dot(&d, &ad);
            x.iter_mut().zip(&d).for_each(|(a, b)| *a += step * b);
            r.iter_mut().zip(&ad).for_each(|(a, b)| *a -= step * b);
            let next = dot(&r, &r);
            let beta = next / rs;
            d.iter_mut().zip(&r).for_each(|(a, b)| *a = b + beta * *a);
            rs = next;
        }
    })
}

/// `YᵀY + λI` in f64, symmetrised (a backend's f32 sums may differ in the last bit between
/// (a, b) and (b, a)).
fn shared_system(gram: &[f32], f: usize, lambda: f64) -> Vec<f64> {
    let mut base = vec![0f64; f * f];
    for a in 0..f {
        for b in 0..f {
            base[a * f + b] = 0.5 * (f64::from(gram[a * f + b]) + f64::from(gram[b * f + a]));
        }
        base[a * f + a] += lambda;
    }
    base
}

/// Fails when a solved row is not finite.
fn check_row(x: &[f32], row: usize) -> Result<()> {
    match x.iter().find(|v| !v.is_finite()) {
        Some(v) => Err(Error::Numerical(format!(
            "ALS solve gave {} for row {row}: lower alpha or the weights, or raise regularization",
            Num::from(*v)
        ))),
        None => Ok(()),
    }
}

/// Solves `A x = b` in place (`b` becomes `x`) for a symmetric positive-definite `A` of which
/// only the lower triangle is read (and overwritten by the Cholesky factor). `A ⪰ λI` in exact
/// arithmetic, so every pivot is at least `λ`; a rounded pivot below `λ/2` is raised to it.
fn cholesky_solve(a: &mut [f64], b: &mut [f64], n: usize, lambda: f64) {
    for j in 0..n {
        let (done, rest) = a.split_at_mut(j * n);
        let row_j = &mut rest[..n];
        for k in 0..j {
            let row_k = &done[k * n..k * n + k + 1];
            let s: f64 = row_j[..k].iter().zip(&row_k[..k]).map(|(x, y)| x * y).sum();
            row_j[k] = (row_j[k] - s) / row_k[k];
        }
        let d = row_j[j] - row_j[..j].iter().map(|x| x * x).sum::<f64>();
        row_j[j] = d.max(0.5 * lambda).sqrt();
    }
    // L z = b, then Lᵀ x = z.
    for i in 0..n {
        let row = &a[i * n..i * n + i + 1];
        let s: f64 = row[..i].iter().zip(&b[..i]).map(|(x, y)| x * y).sum();
        b[i] = (b[i] - s) / row[i];
    }
    for i in (0..n).rev() {
        let mut s = b[i];
        for k in i + 1..n {
            s -= a[k * n + i] * b[k];
        }
        b[i] = s / a[i * n + i];
    }
}

/// A version-1 `.npy` file of `rows × cols` little-endian f32 values, C order.
pub fn npy_f32(values: &[f32], rows: usize, cols: usize) -> Vec<u8> {
    let mut h = format!("{{'descr': '<f4', 'fortran_order': False, 'shape': ({rows}, {cols}), }}");
    // Magic (6) + version (2) + header length (2) + header + '\n', padded to a multiple of 64.
    while (10 + h.len() + 1) % 64 != 0 {
        h.push(' ');
    }
    h.push('\n');
    let mut out = Vec::with_capacity(10 + h.len() + values.len() * 4);
    out.extend_from_slice(b"\x93NUMPY\x01\x00");
    out.extend_from_slice(&(h.len() as u16).to_le_bytes());
    out.extend_from_slice(h.as_bytes());
    for v in values {
        out.extend_from_slice(&v.to_le_bytes());
    }
    out
}

/// Trains `iterations` full sweeps on `backend` and returns the model and the loss after each.
pub fn train(
    data: Interactions,
    params: AlsParams,
    iterations: usize,
    backend: &dyn Backend,
) -> Result<(Als, Vec<f64>)> {
    check_count("iterations", iterations, 1, limits::MAX_ALS_ITERATIONS)?;
    let mut model = Als::new(data, params)?;
    let losses = (0..iterations)
        .map(|_| model.step(backend))
        .collect::<Result<Vec<f64>>>()?;
    Ok((model, losses))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compute::CpuBackend;

    /// Two taste groups: users 0..6 buy items 0..4, users 6..12 items 4..8 (each user misses one).
    fn blocks() -> Interactions {
        let (mut u, mut i, mut w) = (vec![], vec![], vec![]);
        for user in 0..12u32 {
            let base = if user < 6 { 0 } else { 4 };
            for item in base..base + 4 {
                if item % 4 != user % 4 {
                    u.push(user);
                    i.push(item);
                    w.push(1.0 + f64::from(item % 2));
                }
            }
        }
        Interactions::new(&u, &i, &w, 12, 8).unwrap()
    }

    fn params() -> AlsParams {
        AlsParams {
            factors: 4,
            regularization: 0.1,
            alpha: 5.0,
            seed: 3,
            cg_steps: 0,
        }
    }

    #[test]
    fn duplicates_add_up_and_zero_weights_drop() {
        let d =
            Interactions::new(&[0, 1, 0, 0], &[2, 0, 2, 1], &[1.0, 2.0, 3.0, 0.0], 2, 3).unwrap();
        assert_eq!(d.nnz(), 2);
        assert_eq!(d.user_items(0), (&[2u32][..], &[4.0][..]));
        assert_eq!(d.user_items(1), (&[0u32][..], &[2.0][..]));
        assert_eq!(d.item_counts(), vec![1.0, 0.0, 1.0]);
        assert_eq!(d.by_item.row(2), (&[0u32][..], &[4.0][..]));
    }

    #[test]
    fn bad_input_names_the_argument() {
        let e = |r: Result<Interactions>| r.unwrap_err().to_string();
        assert!(e(Interactions::new(&[0], &[0, 1], &[1.0], 1, 2)).contains("`items`"));
        assert!(e(Interactions::new(&[3], &[0], &[1.0], 2, 2)).contains("`users[0]`"));
        assert!(e(Interactions::new(&[0], &[0], &[f64::NAN], 1, 1)).contains("`weights[0]`"));
        assert!(e(Interactions::new(&[0], &[0], &[-1.0], 1, 1)).contains("`weights[0]`"));
        assert!(e(Interactions::new(&[0], &[0], &[0.0], 1, 1)).contains("`weights`"));
        assert!(e(Interactions::new(&[], &[], &[], 1, 1)).contains("`users.length`"));
        let bad = |p: AlsParams| Als::new(blocks(), p).unwrap_err().to_string();
        assert!(bad(AlsParams {
            factors: 0,
            ..params()
        })
        .contains("`factors`"));
        assert!(bad(AlsParams {
            regularization: 0.0,
            ..params()
        })
        .contains("`regularization`"));
        assert!(bad(AlsParams {
            alpha: f64::INFINITY,
            ..params()
        })
        .contains("`alpha`"));
        let e = train(blocks(), params(), 0, &CpuBackend).unwrap_err();
        assert!(e.to_string().contains("`iterations`"));
    }

    /// The exact solve of one user against a dense reference: `(YᵀCY + λI) x = YᵀCp`.
    #[test]
    fn each_solve_is_the_exact_weighted_least_squares_answer() {
        let mut m = Als::new(blocks(), params()).unwrap();
        m.step(&CpuBackend).unwrap();
        let g = m.gram(&CpuBackend, Side::Users).unwrap();
        m.solve(Side::Users, &g).unwrap();
        let f = 4;
        for u in 0..12 {
            // Gradient of the user's objective at the solution: 0.
            let x: Vec<f64> = m.user(u).iter().map(|&v| f64::from(v)).collect();
            let mut grad = vec![0f64; f];
            for i in 0..8u32 {
                let (items, ws) = m.data().user_items(u);
                let w = items.iter().position(|&j| j == i).map_or(0.0, |p| ws[p]);
                let c = 1.0 + 5.0 * w;
                let pref = if w > 0.0 { 1.0 } else { 0.0 };
                let y: Vec<f64> = m.item_factors()[i as usize * f..][..f]
                    .iter()
                    .map(|&v| f64::from(v))
                    .collect();
                let s: f64 = x.iter().zip(&y).map(|(a, b)| a * b).sum();
                for k in 0..f {
                    grad[k] += c * (s - pref) * y[k];
                }
            }
            for k in 0..f {
                grad[k] += 0.1 * x[k];
                assert!(grad[k].abs() < 1e-4, "user {u}: gradient {grad:?}");
            }
        }
    }

    #[test]
    fn the_loss_falls_and_the_groups_separate() {
        let (m, losses) = train(blocks(), params(), 8, &CpuBackend).unwrap();
        assert!(losses.windows(2).all(|w| w[1] <= w[0] + 1e-9), "{losses:?}");
        assert!(losses.iter().all(|l| l.is_finite() && *l > 0.0));
        let f = 4;
        let score = |u: usize, i: usize| -> f32 {
            m.user(u)
                .iter()
                .zip(&m.item_factors()[i * f..(i + 1) * f])
                .map(|(a, b)| a * b)
                .sum()
        };
        // Each user's unseen in-group item beats every item of the other group.
        for u in 0..12 {
            let own = if u < 6 { 0 } else { 4 };
            let missed = own + u % 4;
            let other = 4 - own;
            for j in other..other + 4 {
                assert!(score(u, missed) > score(u, j), "user {u}");
            }
        }
    }

    #[cfg(feature = "rerank")]
    #[test]
    fn same_seed_same_model_and_the_store_and_npy_hold_the_factors() {
        let a = train(blocks(), params(), 3, &CpuBackend).unwrap();
        let b = train(blocks(), params(), 3, &CpuBackend).unwrap();
        assert_eq!(a, b);
        let c = train(
            blocks(),
            AlsParams {
                seed: 4,
                ..params()
            },
            3,
            &CpuBackend,
        )
        .unwrap();
        assert_ne!(a.0.item_factors(), c.0.item_factors());
        let m = a.0;
        let store = m.item_store().unwrap();
        assert_eq!((store.len(), store.dim()), (8, 4));
        assert_eq!(store.embedding(5), m.item_factors()[20..24].to_vec());
        // Training counts 4 (item 0) of at most 5, as the store's normalised prior.
        assert_eq!(store.popularity(0), Some(0.8));
        let back = crate::rerank::ItemStore::from_npy(&m.item_npy()).unwrap();
        assert_eq!(back.embedding(7), store.embedding(7));
        let users = crate::rerank::ItemStore::from_npy(&m.user_npy()).unwrap();
        assert_eq!(
            (users.len(), users.embedding(11)),
            (12, m.user(11).to_vec())
        );
    }

    #[test]
    fn a_failed_solve_leaves_the_model_unchanged() {
        let mut m = Als::new(blocks(), params()).unwrap();
        let before = m.clone();
        assert!(m
            .solve(Side::Users, &[0.0; 3])
            .unwrap_err()
            .to_string()
            .contains("`gram`"));
        assert!(m.solve(Side::Items, &[f32::NAN; 16]).is_err());
        assert_eq!(m, before);
    }

    #[test]
    fn conjugate_gradient_approaches_the_exact_solve() {
        let exact = train(blocks(), params(), 6, &CpuBackend).unwrap();
        let cg = |k| {
            train(
                blocks(),
                AlsParams {
                    cg_steps: k,
                    ..params()
                },
                6,
                &CpuBackend,
            )
            .unwrap()
        };
        // f = 4: four CG steps solve each 4 × 4 system exactly (up to rounding).
        let full = cg(4);
        let diff = |a: &[f32], b: &[f32]| {
            a.iter()
                .zip(b)
                .map(|(x, y)| (x - y).abs())
                .fold(0f32, f32::max)
        };
        assert!(diff(full.0.item_factors(), exact.0.item_factors()) < 1e-4);
        let three = cg(3);
        assert!(three.1.iter().all(|l| l.is_finite()));
        assert!(*three.1.last().unwrap() <= exact.1[0]);
        let bad = Als::new(
            blocks(),
            AlsParams {
                cg_steps: 65,
                ..params()
            },
        )
        .unwrap_err();
        assert!(bad.to_string().contains("`cgSteps`"));
    }

    #[test]
    fn cholesky_solves_a_known_system() {
        // A = [[4, 2], [2, 3]], b = [2, 1] → x = [0.5, 0].
        let mut a = vec![4.0, 0.0, 2.0, 3.0];
        let mut b = vec![2.0, 1.0];
        cholesky_solve(&mut a, &mut b, 2, 1e-6);
        assert!((b[0] - 0.5).abs() < 1e-12 && b[1].abs() < 1e-12, "{b:?}");
    }
}
