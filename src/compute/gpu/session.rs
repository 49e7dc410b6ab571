//! The GPU→CPU fallback policy shared by every caller that holds a GPU for a while (the JS
//! `GpuContext`): run on the GPU while there is one; when the device is lost, move to the CPU for
//! good and say why; when the GPU cannot run one call ([`Error::Unsupported`]: an operand over its
//! buffer limits, a validation error), answer that call on the CPU and stay on the GPU. Other
//! errors (bad input) are returned: the CPU would refuse the call the same way.

use std::cell::RefCell;
use std::future::Future;
use std::rc::Rc;

use super::backend::GpuBackend;
use crate::error::{Error, Result};
use crate::options as opt;

crate::option_set! {
    /// Options of `createGpuContext`.
    pub struct GpuConfig as "GpuContextOptions" {
        /// Cap on every GPU buffer, in bytes (at least 1024; the adapter's own limits still apply): bounds the page's GPU memory. Calls that cannot fit run on the CPU.
        max_buffer_bytes: value = "maxBufferBytes", "number";
    }
}

impl GpuConfig {
    /// The cap on every GPU buffer, in bytes (`None`: the adapter's limits).
    pub fn check(&self) -> Result<Option<u64>> {
        let cap = opt::opt_count(
            "options.maxBufferBytes",
            &self.max_buffer_bytes,
            1024,
            u32::MAX as usize,
        )?;
        Ok(cap.map(|c| c as u64))
    }
}

/// Where calls run: a GPU while it lasts, else the CPU with the reason.
pub struct Session {
    gpu: Option<Rc<GpuBackend>>,
    reason: Option<String>,
}

/// Where one call ran.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ran {
    /// True when the GPU answered.
    pub on_gpu: bool,
    /// Why the CPU answered (this call's reason, else the session's), `None` on the GPU.
    pub reason: Option<String>,
}

impl Ran {
    /// `"gpu"` or `"cpu"`.
    pub fn backend(&self) -> &'static str {
        if self.on_gpu {
            "gpu"
        } else {
            "cpu"
        }
    }
}

impl Session {
    /// A session on `gpu`.
    pub fn on_gpu(gpu: GpuBackend) -> Self {
        Session {
            gpu: Some(Rc::new(gpu)),
            reason: None,
        }
    }

    /// A session on the CPU, for `reason` (no WebGPU, no adapter, asked for).
    pub fn on_cpu(reason: impl Into<String>) -> Self {
        Session {
            gpu: None,
            reason: Some(reason.into()),
        }
    }

    /// Opens a session: on the GPU when the platform has WebGPU (`has_webgpu`; pass `true`
    /// natively) and grants an adapter and a device, every buffer capped at `max_buffer_bytes`;
    /// otherwise on the CPU, with the reason.
    pub async fn start(has_webgpu: bool, max_buffer_bytes: Option<u64>) -> Session {
        if !has_webgpu {
            return Session::on_cpu(
                "navigator.gpu is missing: this browser or context has no WebGPU",
            );
        }
        match GpuBackend::request().await {
            Ok(mut g) => {
                if let Some(cap) = max_buffer_bytes {
                    g.set_max_chunk_bytes(cap);
                }
                Session::on_gpu(g)
            }
            Err(e) => Session::on_cpu(e.to_string()),
        }
    }

    /// Runs `f` on the session's GPU: `Ok(None)` when there is none, or when the GPU cannot run
    /// it ([`Error::Unsupported`], e.g. an operand over its buffer limits) and the caller keeps
    /// the work on the CPU; other errors are returned.
    pub fn try_gpu<T>(&mut self, f: impl FnOnce(&GpuBackend) -> Result<T>) -> Result<Option<T>> {
        let Some(g) = self.gpu() else {
            return Ok(None);
        };
        match f(&g) {
            Ok(v) => Ok(Some(v)),
            Err(Error::Unsupported(_)) => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// The GPU, unless the session is (or has just moved) on the CPU.
    pub fn gpu(&mut self) -> Option<Rc<GpuBackend>> {
        self.refresh();
        self.gpu.clone()
    }

    /// Why the CPU is used, or `None` on the GPU.
    pub fn reason(&mut self) -> Option<String> {
        self.refresh();
        self.reason.clone()
    }

    /// Moves to the CPU if the device was lost since the last call.
    fn refresh(&mut self) {
        if let Some(lost) = self.gpu.as_ref().and_then(|g| g.lost_reason()) {
            self.gpu = None;
            self.reason = Some(format!("GPU device lost ({lost}); using the CPU"));
        }
    }
}

/// Runs `on_gpu` on the session's GPU, or `on_cpu`, under the policy of the module docs. The
/// session is borrowed only between awaits, never across one.
pub async fn run_with_fallback<T, G, F>(
    session: &RefCell<Session>,
    on_gpu: G,
    on_cpu: impl FnOnce() -> Result<T>,
) -> Result<(T, Ran)>
where
    G: FnOnce(Rc<GpuBackend>) -> F,
    F: Future<Output = Result<T>>,
{
    let gpu = session.borrow_mut().gpu();
    let mut reason = None;
    if let Some(g) = gpu {
        match on_gpu(Rc::clone(&g)).await {
            Ok(v) => {
                let ran = Ran {
                    on_gpu: true,
                    reason: None,
                };
                return Ok((v, ran));
            }
            Err(e) => match (g.lost_reason(), e) {
                // The session sees the loss on its next refresh.
                (Some(_), _) => {}
                (None, Error::Unsupported(why)) => {
                    reason = Some(format!("the GPU could not run this call: {why}"));
                }
                (None, e) => return Err(e),
            },
        }
    }
    let v = on_cpu()?;
    let reason = reason.or_else(|| session.borrow_mut().reason());
    Ok((
        v,
        Ran {
            on_gpu: false,
            reason,
        },
    ))
}
