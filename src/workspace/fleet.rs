//! Many files, checked in parallel, handed on in order.
//!
//! Input: how many jobs, how many items, how to make a worker's state, the
//! work for one item, and what to do with each result. Output: `emit`
//! called with every result exactly in item order, on the calling thread.
//!
//! Invariants:
//! - Each worker thread makes its own state once ([`crate::workspace::Workspace`]
//!   holds `Rc`s, so it never crosses threads); only results do.
//! - At most a few results per worker wait for their turn: a worker does
//!   not start item `i` until every item before `i - WINDOW` was emitted,
//!   so memory does not grow with the number of items, whatever the order
//!   in which workers finish.
//! - The order of `emit` calls depends on nothing but the item order, never
//!   on thread timing.
//! - An error from `emit` stops the workers and is returned.
//! - One worker means no pool at all: the items run on the calling thread,
//!   and rayon's global pool is never started (a one-file check would pay
//!   more for threads than for its analysis).

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{mpsc, Condvar, Mutex};

/// Results that may wait for their turn, per worker.
const WINDOW_PER_WORKER: usize = 4;

/// The number of worker threads for `jobs` (0: rayon's default, which is
/// `RAYON_NUM_THREADS` or the number of CPUs), never more than `items`.
pub fn workers(jobs: usize, items: usize) -> usize {
    if items <= 1 {
        // asking rayon its default would start its global pool
        return 1;
    }
    let jobs = match jobs {
        0 => rayon::current_num_threads(),
        n => n,
    };
    jobs.clamp(1, items.max(1))
}

/// Runs `work` on items `0..count` over `jobs` threads and calls `emit`
/// with each result in item order.
pub fn run<W, T: Send, E>(
    jobs: usize,
    count: usize,
    make: impl Fn() -> W + Sync,
    work: impl Fn(&mut W, usize) -> T + Sync,
    mut emit: impl FnMut(usize, T) -> Result<(), E>,
) -> Result<(), E> {
    let threads = workers(jobs, count);
    let pool = match threads {
        1 => None,
        _ => rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .ok(),
    };
    // one worker, or no threads to be had: one item after another, here
    let Some(pool) = pool else {
        let mut state = make();
        for i in 0..count {
            emit(i, work(&mut state, i))?;
        }
        return Ok(());
    };
    let window = threads * WINDOW_PER_WORKER;
    let next = AtomicUsize::new(0);
    let stop = AtomicBool::new(false);
    let emitted = Mutex::new(0usize);
    let turn = Condvar::new();
    let (tx, rx) = mpsc::channel::<(usize, T)>();
    let (make, work) = (&make, &work);
    let (next, stop, emitted, turn) = (&next, &stop, &emitted, &turn);
    pool.in_place_scope(|scope| {
        for _ in 0..threads {
            let tx = tx.clone();
            scope.spawn(move |_| {
                let mut state = make();
                loop {
                    let i = next.fetch_add(1, Ordering::SeqCst);
                    if i >= count || !wait_for_turn(i, window, emitted, turn, stop) {
                        break;
                    }
                    if tx.send((i, work(&mut state, i))).is_err() {
                        break;
                    }
                }
            });
        }
        drop(tx);
        let mut waiting = BTreeMap::new();
        let mut expected = 0;
        let mut result = Ok(());
        'receive: for (i, value) in rx.iter() {
            waiting.insert(i, value);
            while let Some(value) = waiting.remove(&expected) {
                if let Err(e) = emit(expected, value) {
                    result = Err(e);
                    break 'receive;
                }
                expected += 1;
                *lock(emitted) = expected;
                turn.notify_all();
            }
        }
        stop.store(true, Ordering::SeqCst);
        turn.notify_all();
        // dropping the receiver makes the workers' next send fail
        drop(rx);
        result
    })
}

fn lock(m: &Mutex<usize>) -> std::sync::MutexGuard<'_, usize> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Waits until item `i` is within `window` of the next to emit; `false`
/// when the run is stopping.
fn wait_for_turn(
    i: usize,
    window: usize,
    emitted: &Mutex<usize>,
    turn: &Condvar,
    stop: &AtomicBool,
) -> bool {
    let mut done = lock(emitted);
    while i >= *done + window && !stop.load(Ordering::SeqCst) {
        done = turn
            .wait(done)
            .unwrap_or_else(std::sync::PoisonError::into_inner);
    }
    !stop.load(Ordering::SeqCst)
}

#[cfg(test)]
mod tests {
    use std::cell::Cell;

    #[test]
    fn results_come_in_item_order_whatever_the_timing() {
        for jobs in [1, 2, 4] {
            let mut seen = Vec::new();
            let out: Result<(), ()> = super::run(
                jobs,
                200,
                || Cell::new(0u32),
                |calls, i| {
                    calls.set(calls.get() + 1);
                    // later items finish first
                    std::thread::sleep(std::time::Duration::from_micros(
                        ((200 - i) % 7) as u64 * 50,
                    ));
                    i * 2
                },
                |i, v| {
                    seen.push((i, v));
                    Ok(())
                },
            );
            assert_eq!(out, Ok(()));
            assert_eq!(seen, (0..200).map(|i| (i, i * 2)).collect::<Vec<_>>());
        }
    }

    #[test]
    fn one_worker_runs_on_the_calling_thread() {
        let here = std::thread::current().id();
        // `-j1`, one file with the default jobs, one file with many jobs
        for (jobs, count) in [(1, 3), (0, 1), (4, 1)] {
            let mut threads = Vec::new();
            let out: Result<(), ()> = super::run(
                jobs,
                count,
                || (),
                |_, _| std::thread::current().id(),
                |_, id| {
                    threads.push(id);
                    Ok(())
                },
            );
            assert_eq!(out, Ok(()));
            assert_eq!(threads, vec![here; count], "jobs {jobs}, {count} items");
        }
    }

    #[test]
    fn an_emit_error_stops_the_run() {
        let mut seen = 0;
        let out = super::run(
            2,
            10_000,
            || (),
            |_, i| i,
            |i, _| {
                seen += 1;
                if i == 5 {
                    Err("broken pipe")
                } else {
                    Ok(())
                }
            },
        );
        assert_eq!((out, seen), (Err("broken pipe"), 6));
    }
}
