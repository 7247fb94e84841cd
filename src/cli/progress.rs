//! A progress bar on stderr for long `misec check` runs, and only where a
//! person watches: stderr is a terminal, `--quiet` is not given, and the run
//! has lasted a second with files still to go. Pipes and CI logs never see
//! it. The bar is cleared before misec prints anything after it.

use std::io::IsTerminal;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// How long a run goes before it shows progress.
const AFTER: Duration = Duration::from_secs(1);

pub struct Progress {
    files: usize,
    watched: bool,
    started: Instant,
    bar: Option<ProgressBar>,
}

/// Whether a run that has taken `elapsed` with `left` files to go shows a
/// bar.
pub fn shows(watched: bool, elapsed: Duration, left: usize) -> bool {
    watched && elapsed >= AFTER && left > 0
}

impl Progress {
    pub fn new(files: usize, quiet: bool) -> Progress {
        Progress {
            files,
            watched: !quiet && std::io::stderr().is_terminal(),
            started: Instant::now(),
            bar: None,
        }
    }

    /// `done` files were written.
    pub fn done(&mut self, done: usize) {
        if self.bar.is_none()
            && shows(
                self.watched,
                self.started.elapsed(),
                self.files - done.min(self.files),
            )
        {
            let bar = ProgressBar::with_draw_target(
                Some(self.files as u64),
                ProgressDrawTarget::stderr(),
            );
            if let Ok(style) =
                ProgressStyle::with_template("{bar:30} {pos}/{len} files checked, {eta} left")
            {
                bar.set_style(style);
            }
            self.bar = Some(bar);
        }
        if let Some(bar) = &self.bar {
            bar.set_position(done as u64);
        }
    }

    /// Whether the bar is on the terminal.
    pub fn shown(&self) -> bool {
        self.bar.is_some()
    }

    /// Runs `print` with the bar out of the way (stdout may be the same
    /// terminal).
    pub fn suspend<R>(&self, print: impl FnOnce() -> R) -> R {
        match &self.bar {
            Some(bar) => bar.suspend(print),
            None => print(),
        }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        if let Some(bar) = self.bar.take() {
            bar.finish_and_clear();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_long_watched_runs_show_progress() {
        let long = Duration::from_secs(2);
        assert!(shows(true, long, 10));
        assert!(!shows(false, long, 10), "not on a pipe or in CI");
        assert!(
            !shows(true, Duration::from_millis(200), 10),
            "not for a short run"
        );
        assert!(!shows(true, long, 0), "not when nothing is left");
    }
}
