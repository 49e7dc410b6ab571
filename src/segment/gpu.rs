//! k-means on a [`GpuBackend`] (feature `gpu`): every Lloyd assignment step runs on the GPU, the
//! points uploaded once per fit ([`GpuAssignStep`]), the rest of the algorithm on the CPU exactly
//! as in [`KMeansParams::fit`].

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use super::{AssignFuture, AsyncAssignStep, KMeans, KMeansParams, Rfm, RfmSegmentation};
use crate::compute::{GpuBackend, GpuPoints, Matrix};
use crate::error::Result;

/// `(address, length, dim)` of a point slice: equal keys within one fit mean the same points.
type SliceKey = (usize, usize, usize);

/// An [`AsyncAssignStep`] on a GPU for one fit: the first call uploads the points
/// ([`GpuBackend::upload_points`]); later calls with the same slice (same address and length, as
/// within one fit) reuse them and send only the centroids. A different slice is uploaded anew.
pub struct GpuAssignStep<'g> {
    gpu: &'g GpuBackend,
    /// The uploaded slice and the points on the device.
    resident: RefCell<Option<(SliceKey, Rc<GpuPoints>)>>,
    uploads: Cell<usize>,
    steps: Cell<usize>,
}

impl<'g> GpuAssignStep<'g> {
    /// A step on `gpu` that has uploaded nothing yet.
    pub fn new(gpu: &'g GpuBackend) -> Self {
        GpuAssignStep {
            gpu,
            resident: RefCell::new(None),
            uploads: Cell::new(0),
            steps: Cell::new(0),
        }
    }

    /// How many times points were uploaded (1 after a whole fit on one point set).
    pub fn uploads(&self) -> usize {
        self.uploads.get()
    }

    /// How many assignment steps ran.
    pub fn steps(&self) -> usize {
        self.steps.get()
    }

    fn points_for(&self, points: &[f32], dim: usize) -> Result<Rc<GpuPoints>> {
        let key = (points.as_ptr() as usize, points.len(), dim);
        if let Some((k, p)) = &*self.resident.borrow() {
            if *k == key {
                return Ok(Rc::clone(p));
            }
        }
        let rows = points.len() / dim.max(1);
        let up = Rc::new(
            self.gpu
                .upload_points(&Matrix::trusted(points, rows, dim))?,
        );
        self.uploads.set(self.uploads.get() + 1);
        *self.resident.borrow_mut() = Some((key, Rc::clone(&up)));
        Ok(up)
    }
}

impl AsyncAssignStep for GpuAssignStep<'_> {
    fn assign<'a>(
        &'a self,
        points: &'a [f32],
        dim: usize,
        centroids: &'a [f32],
    ) -> AssignFuture<'a> {
        Box::pin(async move {
            self.steps.set(self.steps.get() + 1);
            let resident = self.points_for(points, dim)?;
            let cm = Matrix::trusted(centroids, centroids.len() / dim.max(1), dim);
            self.gpu.kmeans_assign_resident_async(&resident, &cm).await
        })
    }
}

impl KMeansParams {
    /// [`KMeansParams::fit`] with every assignment step on `gpu`, points uploaded once. Await it
    /// in the browser; natively [`KMeansParams::fit_on_gpu`] blocks on it. Labels agree with the
    /// CPU fit except at near-ties (the GPU sums distances in f32); inertia within
    /// [`crate::compute::SCORE_REL_TOL`]-scale relative error.
    pub async fn fit_on_gpu_async(
        &self,
        gpu: &GpuBackend,
        points: &[f32],
        dim: usize,
    ) -> Result<KMeans> {
        self.fit_with_async(points, dim, &GpuAssignStep::new(gpu))
            .await
    }

    /// Blocking [`KMeansParams::fit_on_gpu_async`] (native only: the browser cannot block).
    pub fn fit_on_gpu(&self, gpu: &GpuBackend, points: &[f32], dim: usize) -> Result<KMeans> {
        gpu.block(self.fit_on_gpu_async(gpu, points, dim))
    }
}

/// [`super::segment_rfm`] with the k-means assignment steps on `gpu` (points uploaded once).
pub async fn segment_rfm_on_gpu_async(
    gpu: &GpuBackend,
    rfm: &Rfm,
    params: &KMeansParams,
    silhouette_sample: usize,
) -> Result<RfmSegmentation> {
    super::segment_rfm_with_async(rfm, params, silhouette_sample, &GpuAssignStep::new(gpu)).await
}
