//! More workers (`.thread_pool = N`): N - 1 OS threads beside the scheduler's own run
//! coroutines' time slices in parallel.
//!
//! The scheduler loop (`sched.rs`) stays the one place that decides what is ready: its
//! ready queue is the global injector. It hands a ready coroutine (its whole `Fiber`:
//! heap, stacks) to the worker with the shortest local queue, goes on with the next,
//! and takes back each finished slice with its outcome. A worker runs the slices of its
//! own queue in order and, when that is empty, steals the newest slice queued at
//! another worker before it sleeps. Signal handlers' slices go to a high-priority queue
//! that every worker looks at first, between any two slices. Heaps are isolated, so a slice needs nothing shared
//! but the program (read-only) and the scheduler's bookkeeping, which a worker locks
//! only for the natives that use it (`CoAccess::Shared`). The entry's coroutine always
//! runs on the scheduler's thread (its state is the `Vm`'s own).
use alloc::boxed::Box;
use alloc::collections::VecDeque;
use alloc::vec::Vec;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{channel, Receiver};
use std::sync::{Arc, Mutex};
use std::thread::Thread;
use std::time::{Duration, Instant};

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
/// The longest a worker sleeps between looks at the other workers' queues.
const MAX_NAP: Duration = Duration::from_millis(50);
/// Slices queued per worker at most: the rest stay in the scheduler's queue, in order.
const QUEUED_PER_WORKER: usize = 2;

/// What the scheduler and the workers share.
struct Shared {
    /// Signal handlers' slices, which every worker takes before its own queue.
    urgent: Mutex<VecDeque<Job>>,
    /// Each worker's run queue.
    queues: Vec<Mutex<VecDeque<Job>>>,
    /// Whether each worker is running a slice now.
    running: Vec<AtomicBool>,
    /// The run is over: workers return.
    closed: AtomicBool,
}

impl Shared {
    fn queue(&self, i: usize) -> std::sync::MutexGuard<'_, VecDeque<Job>> {
        self.queues[i].lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Worker `me`'s next slice: a signal handler's, else the oldest of its own, else
    /// the newest of another's.
    fn next(&self, me: usize) -> Option<Job> {
        if let Some(j) = self.urgent.lock().unwrap_or_else(|e| e.into_inner()).pop_front() {
            return Some(j);
        }
        if let Some(j) = self.queue(me).pop_front() {
            return Some(j);
        }
        let n = self.queues.len();
        (1..n).find_map(|k| self.queue((me + k) % n).pop_back())
    }
}

/// The scheduler's side of the workers.
pub(super) struct Pool {
    shared: Arc<Shared>,
    threads: Vec<Thread>,
    results: Receiver<Done>,
    /// Slices handed out (queued or running) and not yet back.
    pub in_flight: usize,
    /// Why a worker's thread could not start, if one could not (`start`).
    pub refused: Option<std::io::Error>,
}

impl Pool {
    /// Starts one worker per host in `scope`; each runs slices of `reductions`. A worker
    /// whose thread the system refuses (a limit on threads or on memory) is not started:
    /// the run goes on with those that did, the first refusal kept in `refused` for the
    /// caller to report (none at all: the scheduler's own thread runs every slice).
    pub fn start<'s, 'e>(
        scope: &'s std::thread::Scope<'s, 'e>,
        prog: Prog<'e>,
        cell: &'e CoreCell,
        hosts: Vec<Box<dyn Host + Send>>,
        reductions: u64,
    ) -> Pool {
        let (done_tx, results) = channel::<Done>();
        let shared = Arc::new(Shared {
            urgent: Mutex::new(VecDeque::new()),
            queues: hosts.iter().map(|_| Mutex::new(VecDeque::new())).collect(),
            running: hosts.iter().map(|_| AtomicBool::new(false)).collect(),
            closed: AtomicBool::new(false),
        });
        let (mut threads, mut refused) = (Vec::new(), None);
        for (me, mut host) in hosts.into_iter().enumerate() {
            let (shared, done_tx) = (Arc::clone(&shared), done_tx.clone());
            let worker = std::thread::Builder::new().name(alloc::format!("cprime-worker-{me}")).spawn_scoped(scope, move || {
                while let Some((id, mut fiber, start)) = wait_for_job(&shared, me) {
                    shared.running[me].store(true, Ordering::Release);
                    fiber.st.slice = Some(reductions);
                    let outcome = interp::execute(prog.module, prog.tables, &mut fiber.st, &mut *host, start, CoAccess::Shared(cell, id));
                    lock(cell).apply_counts(&mut fiber.st.heap);
                    shared.running[me].store(false, Ordering::Release);
                    if done_tx.send((id, fiber, outcome)).is_err() {
                        return;
                    }
                }
            });
            match worker {
                Ok(w) => threads.push(w.thread().clone()),
                Err(e) => {
                    refused.get_or_insert(e);
                }
            }
        }
        Pool { shared, threads, results, in_flight: 0, refused }
    }

    /// The workers running.
    pub fn workers(&self) -> usize {
        self.threads.len()
    }

    /// Queues a slice at the least busy worker (a signal handler's in the high-priority
    /// queue, which wakes them all); gives it back when every worker has enough queued.
    pub fn offer(&mut self, id: CoId, fiber: Box<Fiber>, start: Resume) -> Result<(), (Box<Fiber>, Resume)> {
        if self.threads.is_empty() {
            return Err((fiber, start));
        }
        if fiber.urgent {
            self.shared.urgent.lock().unwrap_or_else(|e| e.into_inner()).push_back((id, fiber, start));
            self.in_flight += 1;
            self.threads.iter().for_each(Thread::unpark);
            return Ok(());
        }
        if self.in_flight >= self.threads.len() * QUEUED_PER_WORKER {
            return Err((fiber, start));
        }
        // the least work ahead of it: queued slices, plus the one it is running
        let load = |i: usize| self.shared.queue(i).len() + self.shared.running[i].load(Ordering::Acquire) as usize;
        let Some(i) = (0..self.threads.len()).min_by_key(|&i| load(i)) else { return Err((fiber, start)) };
        self.shared.queue(i).push_back((id, fiber, start));
        self.in_flight += 1;
        self.threads[i].unpark();
        Ok(())
    }

    /// A finished slice, waiting up to `timeout_ns` for one (0: only looks).
    pub fn take(&mut self, timeout_ns: i64) -> Option<Done> {
        if self.in_flight == 0 {
            return None;
        }
        let got = if timeout_ns <= 0 {
            self.results.try_recv().ok()
        } else {
            // a timeout, or workers gone (the run is ending): nothing came back
            self.results.recv_timeout(Duration::from_nanos(timeout_ns as u64)).ok()
        };
        if got.is_some() {
            self.in_flight -= 1;
        }
        got
    }
}

impl Drop for Pool {
    /// The run is over: the workers finish the slice they are in and return.
    fn drop(&mut self) {
        self.shared.closed.store(true, Ordering::Release);
        for t in &self.threads {
            t.unpark();
        }
    }
}

/// Worker `me`'s next slice: spins a little, then sleeps until the scheduler queues one
/// (`None` once the run is over).
fn wait_for_job(shared: &Shared, me: usize) -> Option<Job> {
    let spin_until = Instant::now() + SPIN;
    // `offer` unparks the worker it queues at, so a wake-up is never missed; the
    // timeout only bounds how long a slice queued at a busy worker waits to be stolen,
    // and it grows while nothing comes, so an idle pool costs next to no CPU
    let mut nap = Duration::from_millis(1);
    loop {
        if shared.closed.load(Ordering::Acquire) {
            return None;
        }
        if let Some(j) = shared.next(me) {
            return Some(j);
        }
        if Instant::now() < spin_until {
            std::hint::spin_loop();
            continue;
        }
        std::thread::park_timeout(nap);
        nap = (nap * 2).min(MAX_NAP);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn job(id: CoId) -> Job {
        let st = crate::State::new(&cprime_bytecode::module::Module::new(), false).unwrap();
        let at = Resume { func: 0, pc: 0, base: 0 };
        (id, Box::new(Fiber { st, then_call: false, urgent: false }), at)
    }

    #[test]
    fn a_worker_takes_signal_handlers_first_then_its_own_queue_then_steals() {
        let shared = Shared {
            urgent: Mutex::new(VecDeque::new()),
            queues: (0..3).map(|_| Mutex::new(VecDeque::new())).collect(),
            running: (0..3).map(|_| AtomicBool::new(false)).collect(),
            closed: AtomicBool::new(false),
        };
        shared.queue(1).extend([job(1), job(2), job(3)]);
        shared.queue(0).push_back(job(4));
        shared.urgent.lock().unwrap().push_back(job(9));
        let id = |j: Option<Job>| j.map(|j| j.0);
        assert_eq!(id(shared.next(2)), Some(9), "a signal handler's slice first, on any worker");
        assert_eq!(id(shared.next(0)), Some(4), "its own first");
        assert_eq!(id(shared.next(0)), Some(3), "then the newest of another queue");
        assert_eq!(id(shared.next(1)), Some(1), "the owner keeps its order");
        assert_eq!(id(shared.next(2)), Some(2));
        assert_eq!(id(shared.next(2)), None);
    }
}
