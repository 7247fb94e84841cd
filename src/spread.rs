//! Independent pieces of one file's analysis, spread over a few threads.
//!
//! Input: a number of threads, a number of items and the work for one item.
//! Output: every item's result, in item order, whatever the threads did.
//!
//! Why: a single large file (a 4,000-rule template) spends most of its time
//! in questions asked once per rule (is it shadowed, is it redundant) that
//! read a shared policy and do not depend on each other. A fleet of files is
//! already spread over the cores by `workspace::fleet`, one file per worker;
//! this is for a run of one file, which would otherwise leave the other
//! cores idle.
//!
//! Invariants:
//! - The result depends on nothing but the items and the work: each item's
//!   result goes to its own slot, so thread timing never shows.
//! - One thread (or one item) means no thread at all: the items run here,
//!   in order.
//! - Threads take items one at a time from a shared counter, so one costly
//!   item (a broad rule that meets hundreds of earlier ones) never holds
//!   up a fixed share of the others.
//! - The helper threads are started once and kept (see [`HELPERS`]);
//!   what they run is scoped: nothing of a call outlives it, and a panic in
//!   the work is a panic of the call (as it would be on one thread).
//! - A run of several files never spreads (its workers already fill the
//!   cores, and `workspace::fleet` runs them on a pool of its own), so the
//!   two never wait on each other.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock, PoisonError};

/// The helper threads, started on first use and kept for the process: a
/// large template asks for a spread once per policy and lint, and threads
/// started anew each time (with their allocator's fresh memory) cost more
/// than a policy's walks save.
static HELPERS: OnceLock<Option<rayon::ThreadPool>> = OnceLock::new();

/// `work(i)` for `i` in `0..count`, over `threads` threads (the calling one
/// among them; 0: one per CPU), in item order. The first call that spreads
/// fixes the number of helper threads for the process (`threads - 1`).
pub fn map<T: Send>(threads: usize, count: usize, work: impl Fn(usize) -> T + Sync) -> Vec<T> {
    let threads = resolve(threads).clamp(1, count.max(1));
    if threads == 1 {
        return (0..count).map(work).collect();
    }
    let helpers = HELPERS.get_or_init(|| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads - 1)
            .thread_name(|i| format!("misec-spread-{i}"))
            .build()
            .ok()
    });
    let Some(helpers) = helpers else {
        // no threads to be had: one item after another, here
        return (0..count).map(work).collect();
    };
    let next = AtomicUsize::new(0);
    let take = || {
        let mut done = Vec::new();
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            if i >= count {
                return done;
            }
            done.push((i, work(i)));
        }
    };
    let parts: Mutex<Vec<Vec<(usize, T)>>> = Mutex::new(Vec::new());
    let keep = |part| {
        parts
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(part)
    };
    // the calling thread takes items too; a panic in any item is resumed
    // here when the scope ends
    helpers.in_place_scope(|scope| {
        for _ in 1..threads.min(helpers.current_num_threads() + 1) {
            scope.spawn(|_| keep(take()));
        }
        keep(take());
    });
    let mut slots: Vec<Option<T>> = (0..count).map(|_| None).collect();
    let parts = parts.into_inner().unwrap_or_else(PoisonError::into_inner);
    for (i, value) in parts.into_iter().flatten() {
        if let Some(slot) = slots.get_mut(i) {
            *slot = Some(value);
        }
    }
    // every index below `count` was taken exactly once
    slots.into_iter().flatten().collect()
}

/// `threads` where the work is `worth` spreading, else 1 (only the calling
/// thread): each caller measures its own work against its own bound.
pub fn when(worth: bool, threads: usize) -> usize {
    match worth {
        true => threads,
        false => 1,
    }
}

/// `threads` as asked (0: one per CPU, asked of the system once, and only
/// when something is to be spread).
fn resolve(threads: usize) -> usize {
    static CPUS: OnceLock<usize> = OnceLock::new();
    match threads {
        0 => *CPUS.get_or_init(|| std::thread::available_parallelism().map_or(1, |n| n.get())),
        n => n,
    }
}

#[cfg(test)]
mod tests {
    use super::map;

    #[test]
    fn results_are_in_item_order_for_any_number_of_threads() {
        let want: Vec<usize> = (0..500).map(|i| i * i).collect();
        for threads in [0, 1, 2, 3, 8, 1000] {
            let got = map(threads, 500, |i| {
                // later items finish first
                if i % 50 == 0 {
                    std::thread::sleep(std::time::Duration::from_micros((500 - i) as u64));
                }
                i * i
            });
            assert_eq!(got, want, "{threads} threads");
        }
        assert!(map(4, 0, |i| i).is_empty());
        assert_eq!(map(4, 1, |i| i + 7), vec![7]);
    }

    #[test]
    fn the_work_runs_on_more_than_one_thread_when_asked() {
        let ids = map(2, 64, |_| {
            std::thread::sleep(std::time::Duration::from_millis(1));
            std::thread::current().id()
        });
        let here = std::thread::current().id();
        assert!(ids.iter().any(|&id| id != here), "no other thread ran");
        let ids = map(1, 64, |_| std::thread::current().id());
        assert!(
            ids.iter().all(|&id| id == here),
            "one thread means this one"
        );
    }

    #[test]
    #[should_panic(expected = "item 40")]
    fn a_panic_in_the_work_is_the_callers() {
        map(2, 100, |i| {
            if i == 40 {
                panic!("item 40");
            }
            i
        });
    }
}
