//! Progress of a refresh or import: an `indicatif` bar when standard error is a terminal,
//! plain log lines (about every tenth of the work) otherwise, so CI logs and the server's
//! periodic refresh stay readable.

use std::io::IsTerminal;
use std::sync::atomic::{AtomicU64, Ordering};

use indicatif::{ProgressBar, ProgressStyle};

/// What the work is counted in.
#[derive(Debug, Clone, Copy)]
pub enum Unit {
    Requests,
    Bytes,
}

pub struct Progress {
    bar: Option<ProgressBar>,
    what: &'static str,
    unit: Unit,
    total: u64,
    done: AtomicU64,
    /// The tenth of the work last logged (log-line mode).
    logged_tenth: AtomicU64,
}

impl Progress {
    /// A bar on a terminal, log lines elsewhere. `total` may be 0 when unknown.
    pub fn new(what: &'static str, total: u64, unit: Unit) -> Progress {
        let bar = std::io::stderr().is_terminal().then(|| {
            let template = match unit {
                Unit::Requests => "{msg:40!} [{bar:30}] {pos}/{len} requests, {elapsed}",
                Unit::Bytes if total > 0 => {
                    "{msg:20!} [{bar:30}] {bytes}/{total_bytes} {bytes_per_sec}, eta {eta}"
                }
                Unit::Bytes => "{msg:20!} {bytes} {bytes_per_sec}, {elapsed}",
            };
            let bar = if total > 0 {
                ProgressBar::new(total)
            } else {
                ProgressBar::new_spinner()
            };
            bar.set_style(
                ProgressStyle::with_template(template)
                    .unwrap_or_else(|_| ProgressStyle::default_bar())
                    .progress_chars("=> "),
            );
            bar.set_message(what);
            bar
        });
        Progress {
            bar,
            what,
            unit,
            total,
            done: AtomicU64::new(0),
            logged_tenth: AtomicU64::new(0),
        }
    }

    /// Records `amount` more work done; `message` names what was just done.
    pub fn advance(&self, amount: u64, message: &str) {
        let done = self.done.fetch_add(amount, Ordering::Relaxed) + amount;
        if let Some(bar) = &self.bar {
            bar.inc(amount);
            if !message.is_empty() {
                bar.set_message(message.to_owned());
            }
            return;
        }
        // Unknown size: a line per 100 MB (bytes) or per 10 requests.
        let tenth = (done * 10)
            .checked_div(self.total)
            .unwrap_or(match self.unit {
                Unit::Bytes => done / 100_000_000,
                Unit::Requests => done / 10,
            });
        if tenth > self.logged_tenth.load(Ordering::Relaxed) {
            self.logged_tenth.store(tenth, Ordering::Relaxed);
            match self.unit {
                Unit::Requests => {
                    tracing::info!("{}: {done}/{} requests ({message})", self.what, self.total)
                }
                Unit::Bytes => tracing::info!(
                    "{}: {} MB of {} MB read",
                    self.what,
                    done / 1_000_000,
                    self.total / 1_000_000
                ),
            }
        }
    }

    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}
