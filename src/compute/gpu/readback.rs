//! The one asynchronous path: a buffer mapping is a future (`map_async` + a shared slot the
//! callback fills), awaited on the web and driven natively by [`block_on`], which calls
//! `device.poll` whenever the future is not ready.

use std::future::Future;
#[cfg(not(target_arch = "wasm32"))]
use std::pin::pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, Waker};

use crate::error::{Error, Result};

#[derive(Default)]
struct Slot {
    result: Option<std::result::Result<(), wgpu::BufferAsyncError>>,
    waker: Option<Waker>,
}

/// Resolves when the `map_async` it was made for completes.
pub(crate) struct MapFuture {
    slot: Arc<Mutex<Slot>>,
}

/// Starts mapping the first `size` bytes of `buffer` for reading.
pub(crate) fn map_read(buffer: &wgpu::Buffer, size: u64) -> MapFuture {
    let slot = Arc::new(Mutex::new(Slot::default()));
    let filled = Arc::clone(&slot);
    buffer.map_async(wgpu::MapMode::Read, 0..size, move |r| {
        if let Ok(mut s) = filled.lock() {
            s.result = Some(r);
            if let Some(w) = s.waker.take() {
                w.wake();
            }
        }
    });
    MapFuture { slot }
}

impl Future for MapFuture {
    type Output = Result<()>;

    fn poll(self: std::pin::Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let Ok(mut s) = self.slot.lock() else {
            return Poll::Ready(Err(Error::Unsupported(
                "GPU read-back failed: its state lock was poisoned".into(),
            )));
        };
        match s.result.take() {
            Some(Ok(())) => Poll::Ready(Ok(())),
            Some(Err(e)) => Poll::Ready(Err(Error::Unsupported(format!(
                "GPU read-back failed: {e} (the device may have been lost)"
            )))),
            None => {
                s.waker = Some(cx.waker().clone());
                Poll::Pending
            }
        }
    }
}

/// Polls `fut` to completion on this thread, calling `wait` (which blocks on the device) each time
/// it is pending (native only: the browser cannot block). Gives up with an error after many waits without progress instead of hanging.
#[cfg(not(target_arch = "wasm32"))]
pub(crate) fn block_on<F: Future>(
    fut: F,
    mut wait: impl FnMut() -> Result<()>,
) -> Result<F::Output> {
    let mut fut = pin!(fut);
    let mut cx = Context::from_waker(Waker::noop());
    for _ in 0..10_000 {
        if let Poll::Ready(v) = fut.as_mut().poll(&mut cx) {
            return Ok(v);
        }
        wait()?;
    }
    Err(Error::Unsupported(
        "GPU work did not complete: the device made no progress after 10000 waits".into(),
    ))
}
