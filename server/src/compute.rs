//! CPU-heavy work off the async threads, a bounded number at a time.
//!
//! Estimates, comparisons, Terraform bundles and their zips, and server-rendered pages take
//! milliseconds of CPU each. Run on the async worker threads, a burst of them (64 concurrent
//! bundle downloads, say) leaves nothing to answer `/healthz` or a plain read. [`Compute::run`]
//! moves such work to tokio's blocking pool and lets at most one job per core run at once;
//! the rest wait their turn without holding a thread. [`Compute::run_in_place`] does the same
//! for work that is a future (a Leptos page render): it takes a slot, then runs the future to
//! completion on a thread the async scheduler has handed its other tasks away from.

use std::sync::Arc;

use tokio::sync::Semaphore;

/// The gate CPU-heavy work goes through.
#[derive(Debug)]
pub struct Compute {
    permits: Arc<Semaphore>,
}

impl Compute {
    /// A gate letting `jobs` run at once (at least one).
    pub fn with_jobs(jobs: usize) -> Compute {
        Compute {
            permits: Arc::new(Semaphore::new(jobs.max(1))),
        }
    }

    /// Runs `work` on the blocking pool once a slot is free and returns its result; a panic
    /// in `work` resumes in the caller, as if it had run there.
    pub async fn run<T: Send + 'static>(&self, work: impl FnOnce() -> T + Send + 'static) -> T {
        let _slot = self
            .permits
            .acquire()
            .await
            .expect("the compute gate is never closed");
        match tokio::task::spawn_blocking(work).await {
            Ok(value) => value,
            Err(err) if err.is_panic() => std::panic::resume_unwind(err.into_panic()),
            Err(err) => panic!("compute work was cancelled: {err}"),
        }
    }
}

impl Compute {
    /// Runs the future `work` once a slot is free, blocking the current thread rather than an
    /// async worker: on the multi-threaded runtime its other tasks move to another thread
    /// (`block_in_place`) while `work` runs here. On a single-threaded runtime (unit tests)
    /// it is simply awaited.
    pub async fn run_in_place<T>(&self, work: impl std::future::Future<Output = T>) -> T {
        let _slot = self
            .permits
            .acquire()
            .await
            .expect("the compute gate is never closed");
        let runtime = tokio::runtime::Handle::current();
        match runtime.runtime_flavor() {
            tokio::runtime::RuntimeFlavor::MultiThread => {
                tokio::task::block_in_place(|| runtime.block_on(work))
            }
            _ => work.await,
        }
    }
}

impl Default for Compute {
    /// One job per available core.
    fn default() -> Compute {
        Compute::with_jobs(std::thread::available_parallelism().map_or(2, usize::from))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::{Condvar, Mutex};
    use std::time::Duration;

    /// Jobs block until an async task releases them: that task can only run if the jobs left
    /// the async threads free. Deterministic: the wait's bound only matters when the gate is
    /// broken, and then the jobs report that nobody released them.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn at_most_the_allowed_jobs_run_at_once_and_the_async_threads_stay_free() {
        let compute = Arc::new(Compute::with_jobs(2));
        let running = Arc::new(AtomicUsize::new(0));
        let most = Arc::new(AtomicUsize::new(0));
        let release = Arc::new((Mutex::new(false), Condvar::new()));
        let jobs: Vec<_> = (0..8)
            .map(|_| {
                let (compute, running, most, release) = (
                    compute.clone(),
                    running.clone(),
                    most.clone(),
                    release.clone(),
                );
                tokio::spawn(async move {
                    compute
                        .run(move || {
                            let now = running.fetch_add(1, Ordering::SeqCst) + 1;
                            most.fetch_max(now, Ordering::SeqCst);
                            let (released, signal) = &*release;
                            let (released, _) = signal
                                .wait_timeout_while(
                                    released.lock().unwrap(),
                                    Duration::from_secs(10),
                                    |released| !*released,
                                )
                                .unwrap();
                            running.fetch_sub(1, Ordering::SeqCst);
                            *released
                        })
                        .await
                })
            })
            .collect();
        let releaser = release.clone();
        tokio::spawn(async move {
            // Let the first two jobs take their slots (bounded: with a broken gate they hold
            // the async threads and this only runs once they give up), then free everyone.
            let _ = tokio::time::timeout(Duration::from_secs(10), async {
                while running.load(Ordering::SeqCst) < 2 {
                    tokio::time::sleep(Duration::from_millis(1)).await;
                }
            })
            .await;
            let (released, signal) = &*releaser;
            *released.lock().unwrap() = true;
            signal.notify_all();
        })
        .await
        .unwrap();
        for job in jobs {
            assert!(job.await.unwrap(), "an async task released the job");
        }
        assert_eq!(most.load(Ordering::SeqCst), 2);
    }
}
