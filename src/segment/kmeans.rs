//! k-means: greedy k-means++ seeding, Lloyd iterations, empty-cluster repair, best of
//! `n_init` starts (the scikit-learn algorithm, seeded).
//!
//! The algorithm exists once, as an `async` function whose assignment step may be asynchronous
//! ([`AsyncAssignStep`], e.g. a WebGPU dispatch awaited in the browser). The synchronous entry
//! points ([`KMeansParams::fit`], [`KMeansParams::fit_on`], [`KMeansParams::fit_with`]) drive it
//! with a trivial executor: their steps are always ready, so one poll completes the fit.

use super::assign::{assign_on, Assignment};
use super::{check_points, sq_dist};
use crate::compute::{Backend, CpuBackend};
use crate::error::{Error, Result};
use crate::limits;
use crate::rng::{seeded, Rng};
use rand::Rng as _;
use serde::{Deserialize, Serialize};
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll, Waker};

/// An assignment step: `(points, dim, centroids) -> Assignment`, see [`super::assign()`].
/// The seam through which a compute backend (CPU, SIMD, GPU) runs the Lloyd iterations.
pub type AssignStep<'a> = dyn Fn(&[f32], usize, &[f32]) -> Result<Assignment> + 'a;

/// The future of one asynchronous assignment step.
pub type AssignFuture<'a> = Pin<Box<dyn Future<Output = Result<Assignment>> + 'a>>;

/// An asynchronous assignment step for [`KMeansParams::fit_with_async`]: same contract as
/// [`AssignStep`], but the result may arrive later (a GPU read-back). Within one fit every call
/// gets the same `points` slice, so a step may keep them on a device after the first call.
/// Implemented for closures `Fn(&[f32], usize, &[f32]) -> AssignFuture<'_>`.
pub trait AsyncAssignStep {
    /// Starts the assignment of `points` (row-major `n × dim`) to `centroids` (`k × dim`).
    fn assign<'a>(
        &'a self,
        points: &'a [f32],
        dim: usize,
        centroids: &'a [f32],
    ) -> AssignFuture<'a>;
}

impl<F> AsyncAssignStep for F
where
    F: for<'a> Fn(&'a [f32], usize, &'a [f32]) -> AssignFuture<'a>,
{
    fn assign<'a>(
        &'a self,
        points: &'a [f32],
        dim: usize,
        centroids: &'a [f32],
    ) -> AssignFuture<'a> {
        self(points, dim, centroids)
    }
}

/// A synchronous step seen as an asynchronous one whose futures are always ready.
pub(crate) struct Ready<'s, 'f>(pub(crate) &'s AssignStep<'f>);

impl AsyncAssignStep for Ready<'_, '_> {
    fn assign<'a>(
        &'a self,
        points: &'a [f32],
        dim: usize,
        centroids: &'a [f32],
    ) -> AssignFuture<'a> {
        Box::pin(std::future::ready((self.0)(points, dim, centroids)))
    }
}

/// Completes `fut` with a single poll: the executor of the synchronous entry points, whose
/// steps never wait. A future that is still pending is an [`Error::Unsupported`] (its step
/// needs a real executor: use the `async` entry point), never a hang.
pub(crate) fn complete_now<T>(fut: impl Future<Output = Result<T>>) -> Result<T> {
    let mut fut = std::pin::pin!(fut);
    match fut.as_mut().poll(&mut Context::from_waker(Waker::noop())) {
        Poll::Ready(v) => v,
        Poll::Pending => Err(Error::Unsupported(
            "the k-means assignment step did not complete synchronously: await the async \
             entry point (fit_with_async / segment_rfm_with_async) for asynchronous steps"
                .into(),
        )),
    }
}

/// k-means parameters; [`KMeansParams::fit`] validates them with the data.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct KMeansParams {
    /// Number of clusters (>= 1, at most the number of points).
    pub k: usize,
    /// Independent k-means++ starts; the lowest inertia wins (>= 1, default 10).
    pub n_init: usize,
    /// Maximum Lloyd iterations per start (>= 1, default 300).
    pub max_iter: usize,
    /// Convergence tolerance on the squared centroid shift, relative to the mean feature
    /// variance as in scikit-learn (>= 0, default 1e-4).
    pub tol: f64,
    /// Seed of the random generator; same seed, same result.
    pub seed: u64,
}

impl KMeansParams {
    /// Defaults for `k` clusters: 10 starts, 300 iterations, tol 1e-4, seed 0.
    pub fn new(k: usize) -> Self {
        KMeansParams {
            k,
            n_init: 10,
            max_iter: 300,
            tol: 1e-4,
            seed: 0,
        }
    }

    /// Sets the seed.
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }

    /// Sets the number of starts.
    pub fn n_init(mut self, n_init: usize) -> Self {
        self.n_init = n_init;
        self
    }

    /// Sets the maximum number of Lloyd iterations.
    pub fn max_iter(mut self, max_iter: usize) -> Self {
        self.max_iter = max_iter;
        self
    }

    /// Sets the tolerance.
    pub fn tol(mut self, tol: f64) -> Self {
        self.tol = tol;
        self
    }

    /// Checks the parameters for `n` points as [`KMeansParams::fit`] does before it starts, so a
    /// caller can refuse bad input before starting an asynchronous fit: `k` in `1..=n` and at
    /// most [`MAX_CLUSTERS`](limits::MAX_CLUSTERS), `n_init` at most
    /// [`MAX_RESTARTS`](limits::MAX_RESTARTS), `max_iter` at most
    /// [`MAX_ITERATIONS`](limits::MAX_ITERATIONS).
    pub fn validate(&self, n: usize) -> Result<()> {
        if self.k == 0 || self.k > n {
            return Err(Error::invalid(
                "k",
                format!("a number of clusters between 1 and the number of points ({n})"),
                self.k,
            ));
        }
        limits::check_count("k", self.k, 1, limits::MAX_CLUSTERS)?;
        limits::check_count("n_init", self.n_init, 1, limits::MAX_RESTARTS)?;
        limits::check_count("max_iter", self.max_iter, 1, limits::MAX_ITERATIONS)?;
        if !(self.tol.is_finite() && self.tol >= 0.0) {
            return Err(Error::invalid("tol", "a finite number >= 0", self.tol));
        }
        Ok(())
    }

    /// Clusters row-major `n × dim` points. Errors on invalid parameters, `k` above the number
    /// of points, or empty, ragged or non-finite points.
    pub fn fit(&self, points: &[f32], dim: usize) -> Result<KMeans> {
        self.fit_on(&CpuBackend, points, dim)
    }

    /// [`KMeansParams::fit`] with every assignment step run on `backend` (CPU or GPU). A native
    /// `GpuBackend` (feature `gpu`) runs the fit of `KMeansParams::fit_on_gpu` (the browser's
    /// path: points uploaded once per fit, not once per step).
    pub fn fit_on(&self, backend: &dyn Backend, points: &[f32], dim: usize) -> Result<KMeans> {
        #[cfg(all(feature = "gpu", not(target_arch = "wasm32")))]
        if let Some(gpu) = backend.as_gpu() {
            return self.fit_on_gpu(gpu, points, dim);
        }
        self.fit_with(points, dim, &|p, d, c| assign_on(backend, p, d, c))
    }

    /// [`KMeansParams::fit`] with the assignment step of every Lloyd iteration delegated to
    /// `step` (e.g. a GPU backend's `kmeans_assign`). The step's output is checked for shape
    /// (labels below k, one label per point, `k × dim` sums, k counts): a bad step is an
    /// [`Error::Numerical`], not a panic.
    pub fn fit_with(&self, points: &[f32], dim: usize, step: &AssignStep<'_>) -> Result<KMeans> {
        complete_now(self.fit_with_async(points, dim, &Ready(step)))
    }

    /// [`KMeansParams::fit_with`] with an asynchronous step (e.g. a WebGPU assignment awaited
    /// in the browser): the same algorithm, so a step giving the same assignments gives the
    /// same model bit for bit. Every call of `step` in one fit gets the same `points` slice.
    pub async fn fit_with_async(
        &self,
        points: &[f32],
        dim: usize,
        step: &(impl AsyncAssignStep + ?Sized),
    ) -> Result<KMeans> {
        let n = check_points("points", points, dim)?;
        self.validate(n)?;
        let tol_abs = self.tol * mean_variance(points, dim);
        let mut rng = seeded(self.seed);
        let mut best: Option<KMeans> = None;
        for _ in 0..self.n_init {
            let init = kmeans_plus_plus(points, dim, self.k, &mut rng);
            let run = lloyd(points, dim, init, self.max_iter, tol_abs, step).await?;
            if best.as_ref().is_none_or(|b| run.inertia < b.inertia) {
                best = Some(run);
            }
        }
        best.ok_or_else(|| Error::Numerical("k-means produced no run".into()))
    }
}

/// A fitted k-means model.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct KMeans {
    /// Number of clusters.
    pub k: usize,
    /// Number of features.
    pub dim: usize,
    /// Centroids, row-major `k × dim`.
    pub centroids: Vec<f32>,
    /// Cluster of each training point.
    pub labels: Vec<u32>,
    /// Number of training points per cluster.
    pub counts: Vec<u64>,
    /// Sum of squared distances of training points to their centroid.
    pub inertia: f64,
    /// Lloyd iterations run by the winning start.
    pub n_iter: usize,
}

impl KMeans {
    /// Nearest centroid of each new point (row-major `n × dim`).
    pub fn predict(&self, points: &[f32]) -> Result<Vec<u32>> {
        check_points("points", points, self.dim)?;
        Ok(assign_on(&CpuBackend, points, self.dim, &self.centroids)?.labels)
    }
}

/// Mean over features of the per-feature variance (scikit-learn's tolerance scale).
fn mean_variance(points: &[f32], dim: usize) -> f64 {
    let n = (points.len() / dim) as f64;
    let mut mean = vec![0.0f64; dim];
    for row in points.chunks_exact(dim) {
        for (m, &x) in mean.iter_mut().zip(row) {
            *m += x as f64;
        }
    }
    mean.iter_mut().for_each(|m| *m /= n);
    let mut var = 0.0;
    for row in points.chunks_exact(dim) {
        for (m, &x) in mean.iter().zip(row) {
            var += (x as f64 - m).powi(2);
        }
    }
    var / (n * dim as f64)
}

/// Greedy k-means++ (Arthur & Vassilvitskii 2007, with 2 + ln k local trials per centre as
/// in scikit-learn): each new centre is the best of several D²-weighted candidates.
fn kmeans_plus_plus(points: &[f32], dim: usize, k: usize, rng: &mut Rng) -> Vec<f32> {
    let n = points.len() / dim;
    let row = |i: usize| &points[i * dim..(i + 1) * dim];
    let mut centroids = Vec::with_capacity(k * dim);
    let first = rng.random_range(0..n);
    centroids.extend_from_slice(row(first));
    let mut closest: Vec<f64> = points
        .chunks_exact(dim)
        .map(|p| sq_dist(p, row(first)))
        .collect();
    let mut potential: f64 = closest.iter().sum();
    let trials = 2 + (k as f64).ln() as usize;
    let mut cumulative = vec![0.0f64; n];
    let mut candidate_d = vec![0.0f64; n];
    let mut best_d = vec![0.0f64; n];
    for _ in 1..k {
        let mut acc = 0.0;
        for (c, d) in cumulative.iter_mut().zip(&closest) {
            acc += d;
            *c = acc;
        }
        let mut best: Option<(usize, f64)> = None;
        for _ in 0..trials {
            let idx = if potential > 0.0 {
                let r = rng.random::<f64>() * potential;
                cumulative.partition_point(|&c| c <= r).min(n - 1)
            } else {
                // Every point already sits on a centre: any choice is as good.
                rng.random_range(0..n)
            };
            let mut pot = 0.0;
            for ((cd, &old), p) in candidate_d
                .iter_mut()
                .zip(&closest)
                .zip(points.chunks_exact(dim))
            {
                *cd = old.min(sq_dist(p, row(idx)));
                pot += *cd;
            }
            if best.is_none_or(|(_, b)| pot < b) {
                best = Some((idx, pot));
                best_d.copy_from_slice(&candidate_d);
            }
        }
        if let Some((idx, pot)) = best {
            centroids.extend_from_slice(row(idx));
            closest.copy_from_slice(&best_d);
            potential = pot;
        }
    }
    centroids
}

/// Lloyd iterations from `centroids` until labels stop changing or the squared centre shift
/// drops to `tol_abs`; ends with an assignment to the final centres.
async fn lloyd(
    points: &[f32],
    dim: usize,
    mut centroids: Vec<f32>,
    max_iter: usize,
    tol_abs: f64,
    step: &(impl AsyncAssignStep + ?Sized),
) -> Result<KMeans> {
    let k = centroids.len() / dim;
    let n = points.len() / dim;
    let mut prev_labels: Option<Vec<u32>> = None;
    let mut n_iter = 0;
    for it in 0..max_iter {
        n_iter = it + 1;
        let mut a = checked_step(step, points, dim, &centroids, n, k).await?;
        if a.counts.contains(&0) {
            repair_empty(points, dim, &mut a);
        }
        let mut shift = 0.0;
        for j in 0..k {
            if a.counts[j] == 0 {
                continue; // still empty (degenerate data): keep the old centre
            }
            let cnt = a.counts[j] as f64;
            for f in 0..dim {
                let new = (a.sums[j * dim + f] / cnt) as f32;
                let old = centroids[j * dim + f];
                shift += (new as f64 - old as f64).powi(2);
                centroids[j * dim + f] = new;
            }
        }
        if prev_labels.as_ref() == Some(&a.labels) {
            break;
        }
        if shift <= tol_abs {
            break;
        }
        prev_labels = Some(a.labels);
    }
    let fin = checked_step(step, points, dim, &centroids, n, k).await?;
    Ok(KMeans {
        k,
        dim,
        centroids,
        labels: fin.labels,
        counts: fin.counts,
        inertia: fin.inertia,
        n_iter,
    })
}

/// Runs `step` and checks the shape of what it returns.
async fn checked_step(
    step: &(impl AsyncAssignStep + ?Sized),
    points: &[f32],
    dim: usize,
    centroids: &[f32],
    n: usize,
    k: usize,
) -> Result<Assignment> {
    let a = step.assign(points, dim, centroids).await?;
    let ok = a.labels.len() == n
        && a.distances.len() == n
        && a.sums.len() == k * dim
        && a.counts.len() == k
        && a.labels.iter().all(|&l| (l as usize) < k)
        && a.inertia.is_finite();
    if ok {
        Ok(a)
    } else {
        Err(Error::Numerical(format!(
            "the k-means assignment step returned {} labels, {} distances, {} sums, {} counts \
             (expected {n}, {n}, {}, {k} with labels below {k})",
            a.labels.len(),
            a.distances.len(),
            a.sums.len(),
            a.counts.len(),
            k * dim
        )))
    }
}

/// Gives each empty cluster the point farthest from its current centre (as scikit-learn does),
/// moving that point's contribution in `a.sums` / `a.counts` / `a.labels`.
fn repair_empty(points: &[f32], dim: usize, a: &mut Assignment) {
    let empty: Vec<usize> = (0..a.counts.len()).filter(|&j| a.counts[j] == 0).collect();
    let mut far: Vec<(f32, usize)> = a.distances.iter().copied().zip(0..).collect();
    far.sort_by(|x, y| y.0.total_cmp(&x.0).then(x.1.cmp(&y.1)));
    for (&j, &(_, i)) in empty.iter().zip(&far) {
        let p = &points[i * dim..(i + 1) * dim];
        let old = a.labels[i] as usize;
        if a.counts[old] <= 1 {
            continue; // taking its only point would just move the hole
        }
        a.counts[old] -= 1;
        for (f, &x) in p.iter().enumerate() {
            a.sums[old * dim + f] -= x as f64;
            a.sums[j * dim + f] = x as f64;
        }
        a.counts[j] = 1;
        a.labels[i] = j as u32;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn blobs(seed: u64) -> Vec<f32> {
        let mut r = seeded(seed);
        let centres = [(0.0, 0.0), (8.0, 0.0), (0.0, 8.0)];
        let mut pts = Vec::new();
        for i in 0..300 {
            let (cx, cy) = centres[i % 3];
            pts.push(cx + r.random_range(-1.0f32..1.0));
            pts.push(cy + r.random_range(-1.0f32..1.0));
        }
        pts
    }

    #[test]
    fn finds_separated_blobs_and_is_reproducible() {
        let pts = blobs(1);
        let m = KMeansParams::new(3).seed(42).fit(&pts, 2).unwrap();
        // Each blob is one cluster: points i, i+3, i+6... share a label.
        for i in 0..300 {
            assert_eq!(m.labels[i], m.labels[i % 3]);
        }
        assert_eq!(m.counts, vec![100, 100, 100]);
        let again = KMeansParams::new(3).seed(42).fit(&pts, 2).unwrap();
        assert_eq!(m, again);
        assert_eq!(m.predict(&[7.5, 0.2]).unwrap()[0], m.labels[1]);
        // Inertia equals the assignment's inertia at the returned centroids.
        let a = super::super::assign(&pts, 2, &m.centroids).unwrap();
        assert!((a.inertia - m.inertia).abs() < 1e-9 * m.inertia);
    }

    #[test]
    fn empty_cluster_is_repaired() {
        // Two far-apart groups and a centre that attracts nothing.
        let pts = [0.0, 0.0, 0.1, 0.0, 10.0, 0.0, 10.1, 0.0, 10.2, 0.0];
        let init = vec![0.0, 0.0, 10.0, 0.0, 100.0, 100.0];
        let step = |p: &[f32], d: usize, c: &[f32]| assign_on(&CpuBackend, p, d, c);
        let m = complete_now(lloyd(&pts, 2, init, 50, 0.0, &Ready(&step))).unwrap();
        assert!(m.counts.iter().all(|&c| c > 0), "{:?}", m.counts);
        assert!(m.centroids[4] < 20.0);
    }

    #[test]
    fn a_broken_assignment_step_is_an_error() {
        let pts = blobs(3);
        let short = |p: &[f32], d: usize, c: &[f32]| {
            let mut a = assign_on(&CpuBackend, p, d, c)?;
            a.labels.pop();
            Ok(a)
        };
        assert!(matches!(
            KMeansParams::new(3).fit_with(&pts, 2, &short),
            Err(Error::Numerical(_))
        ));
        let wild = |p: &[f32], d: usize, c: &[f32]| {
            let mut a = assign_on(&CpuBackend, p, d, c)?;
            a.labels[0] = 99;
            Ok(a)
        };
        assert!(KMeansParams::new(3).fit_with(&pts, 2, &wild).is_err());
        // A correct external step gives the built-in result.
        let same = |p: &[f32], d: usize, c: &[f32]| super::super::assign(p, d, c);
        assert_eq!(
            KMeansParams::new(3)
                .seed(4)
                .fit_with(&pts, 2, &same)
                .unwrap(),
            KMeansParams::new(3).seed(4).fit(&pts, 2).unwrap()
        );
    }

    /// Pending once (waking its waker), then ready with the CPU assignment: a stand-in for a
    /// GPU read-back.
    struct YieldOnce {
        polled: bool,
        result: Option<Result<Assignment>>,
    }

    impl Future for YieldOnce {
        type Output = Result<Assignment>;
        fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
            if !self.polled {
                self.polled = true;
                cx.waker().wake_by_ref();
                return Poll::Pending;
            }
            Poll::Ready(self.result.take().expect("polled after completion"))
        }
    }

    fn yielding<'a>(p: &'a [f32], d: usize, c: &'a [f32]) -> AssignFuture<'a> {
        Box::pin(YieldOnce {
            polled: false,
            result: Some(assign_on(&CpuBackend, p, d, c)),
        })
    }

    /// Polls `fut` until ready (a busy executor; the futures here wake themselves).
    fn run_to_end<T>(fut: impl Future<Output = T>) -> (T, usize) {
        let mut fut = std::pin::pin!(fut);
        let mut cx = Context::from_waker(Waker::noop());
        let mut polls = 0;
        loop {
            polls += 1;
            if let Poll::Ready(v) = fut.as_mut().poll(&mut cx) {
                return (v, polls);
            }
        }
    }

    #[test]
    fn the_async_fit_with_a_waiting_step_equals_the_sync_fit() {
        let pts = blobs(5);
        let params = KMeansParams::new(3).seed(8).n_init(3);
        let (m, polls) = run_to_end(params.fit_with_async(&pts, 2, &yielding));
        let m = m.unwrap();
        assert_eq!(m, params.fit(&pts, 2).unwrap());
        // One pending poll per assignment step: Lloyd steps plus the final one, per start.
        assert!(polls > 3 * 2, "{polls}");
        // The synchronous executor refuses a step that waits instead of hanging or panicking.
        let e = complete_now(params.fit_with_async(&pts, 2, &yielding)).unwrap_err();
        assert!(matches!(e, Error::Unsupported(_)), "{e}");
        assert!(e.to_string().contains("fit_with_async"), "{e}");
    }

    #[test]
    fn the_async_step_sees_the_same_points_slice_every_time() {
        let pts = blobs(6);
        let seen = std::cell::RefCell::new(Vec::new());
        let step = |p: &[f32], d: usize, c: &[f32]| {
            seen.borrow_mut().push((p.as_ptr(), p.len()));
            assign_on(&CpuBackend, p, d, c)
        };
        KMeansParams::new(3)
            .n_init(2)
            .fit_with(&pts, 2, &step)
            .unwrap();
        let seen = seen.borrow();
        assert!(seen.len() >= 4);
        assert!(seen.iter().all(|&s| s == (pts.as_ptr(), pts.len())));
    }

    #[test]
    fn duplicate_points_do_not_panic() {
        let pts = [1.0f32; 20];
        let m = KMeansParams::new(3).fit(&pts, 2).unwrap();
        assert_eq!(m.inertia, 0.0);
        assert_eq!(m.labels.len(), 10);
    }

    #[test]
    fn bad_input_is_an_error() {
        let pts = blobs(2);
        assert!(KMeansParams::new(0).fit(&pts, 2).is_err());
        let e = KMeansParams::new(301).fit(&pts, 2).unwrap_err();
        assert!(e.to_string().contains("`k`"), "{e}");
        assert!(KMeansParams::new(2).n_init(0).fit(&pts, 2).is_err());
        assert!(KMeansParams::new(2).max_iter(0).fit(&pts, 2).is_err());
        // Issue #12: restarts, iterations and clusters are bounded before any work starts.
        let msg = |p: KMeansParams| p.fit(&pts, 2).unwrap_err().to_string();
        assert_eq!(
            msg(KMeansParams::new(2).n_init(1_000_000_000)),
            "invalid argument `n_init`: expected a whole number in [1, 1000], got 1000000000"
        );
        assert!(msg(KMeansParams::new(2).max_iter(usize::MAX)).contains("`max_iter`"));
        let many: Vec<f32> = (0..2 * 1100).map(|i| i as f32).collect();
        let e = KMeansParams::new(1025)
            .fit(&many, 2)
            .unwrap_err()
            .to_string();
        assert!(e.contains("[1, 1024]"), "{e}");
        assert!(KMeansParams::new(1).fit(&[1.0], usize::MAX).is_err());
        assert!(KMeansParams::new(2).tol(f64::NAN).fit(&pts, 2).is_err());
        assert!(KMeansParams::new(2).fit(&pts[..5], 2).is_err());
        assert!(KMeansParams::new(2).fit(&[f32::NAN, 1.0], 2).is_err());
        let m = KMeansParams::new(2).fit(&pts, 2).unwrap();
        assert!(m.predict(&[1.0, 2.0, 3.0]).is_err());
    }
}
