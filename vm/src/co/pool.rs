//! More workers (`.thread_pool = N`): N - 1 OS threads beside the scheduler's own run
//! coroutines' time slices in parallel.
//!
//! The scheduler loop (`sched.rs`) stays the one place that decides what runs: it
//! hands a ready coroutine (its whole `Fiber`: heap, stacks) to a free worker, goes on
//! with the next, and takes back each finished slice with its outcome. Heaps are
//! isolated, so a slice needs nothing shared but the program (read-only) and the
//! scheduler's bookkeeping, which a worker locks only for the natives that use it
//! (`CoAccess::Shared`). The entry's coroutine always runs on the scheduler's thread
//! (its state is the `Vm`'s own).
//!
//! Not built yet: per-worker run queues and stealing between them; the scheduler's
//! ready queue is the one queue every worker is fed from.
use alloc::boxed::Box;
use alloc::vec::Vec;
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use super::lifecycle::Prog;
use super::sched::{CoreCell, Fiber};
use super::{lock, CoAccess, CoId};
use crate::unwind::Resume;
use crate::{interp, Host, Outcome};

/// A slice to run: the coroutine, its state, where it continues.
type Job = (CoId, Box<Fiber>, Resume);
/// A slice that ran: the state back, and how the slice ended.
pub(super) type Done = (CoId, Box<Fiber>, Outcome);

/// How long a worker looks for its next slice before it sleeps: being woken costs more
/// than that on small VMs, and slices come back to back when coroutines are busy.
const SPIN: Duration = Duration::from_micros(50);

fn next_job(rx: &Receiver<Job>) -> Result<Job, std::sync::mpsc::RecvError> {
    let until = std::time::Instant::now() + SPIN;
    while std::time::Instant::now() < until {
        match rx.try_recv() {
            Ok(j) => return Ok(j),
            Err(std::sync::mpsc::TryRecvError::Empty) => std::hint::spin_loop(),
            Err(std::sync::mpsc::TryRecvError::Disconnected) => return Err(std::sync::mpsc::RecvError),
        }
    }
    rx.recv()
}

/// The scheduler's side of the workers.
pub(super) struct Pool {
    jobs: Sender<Job>,
    results: Receiver<Done>,
    workers: usize,
    /// Slices handed out and not yet back.
    pub in_flight: usize,
}

impl Pool {
    /// Starts one worker per host in `scope`; each runs slices of `reductions`.
    pub fn start<'s, 'e>(
        scope: &'s std::thread::Scope<'s, 'e>,
        prog: Prog<'e>,
        cell: &'e CoreCell,
        hosts: Vec<Box<dyn Host + Send>>,
        reductions: u64,
    ) -> Pool {
        let (jobs, job_rx) = channel::<Job>();
        let (done_tx, results) = channel::<Done>();
        let job_rx = Arc::new(Mutex::new(job_rx));
        let workers = hosts.len();
        for mut host in hosts {
            let (job_rx, done_tx) = (Arc::clone(&job_rx), done_tx.clone());
            scope.spawn(move || loop {
                let job = match job_rx.lock() {
                    Ok(rx) => next_job(&rx),
                    Err(_) => return,
                };
                // the scheduler is gone: the run is over
                let Ok((id, mut fiber, start)) = job else { return };
                fiber.st.slice = Some(reductions);
                let outcome = interp::execute(prog.module, prog.tables, &mut fiber.st, &mut *host, start, CoAccess::Shared(cell, id));
                lock(cell).apply_port_events(&mut fiber.st.heap);
                if done_tx.send((id, fiber, outcome)).is_err() {
                    return;
                }
            });
        }
        Pool { jobs, results, workers, in_flight: 0 }
    }

    /// Hands a slice to a free worker; gives it back when every worker is busy.
    pub fn offer(&mut self, id: CoId, fiber: Box<Fiber>, start: Resume) -> Result<(), (Box<Fiber>, Resume)> {
        if self.in_flight >= self.workers {
            return Err((fiber, start));
        }
        match self.jobs.send((id, fiber, start)) {
            Ok(()) => {
                self.in_flight += 1;
                Ok(())
            }
            Err(e) => Err((e.0 .1, e.0 .2)),
        }
    }

    /// A finished slice, waiting up to `timeout_ns` for one (0: only looks).
    pub fn take(&mut self, timeout_ns: i64) -> Option<Done> {
        if self.in_flight == 0 {
            return None;
        }
        let got = if timeout_ns <= 0 {
            self.results.try_recv().ok()
        } else {
            match self.results.recv_timeout(Duration::from_nanos(timeout_ns as u64)) {
                Ok(d) => Some(d),
                Err(RecvTimeoutError::Timeout | RecvTimeoutError::Disconnected) => None,
            }
        };
        if got.is_some() {
            self.in_flight -= 1;
        }
        got
    }
}
