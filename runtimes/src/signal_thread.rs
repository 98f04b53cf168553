//! The coroutine runtime's signal thread: one thread owns the OS signals.
//!
//! Before any CPrime code runs, [`SignalThread::start`] blocks every signal of
//! [`MANAGED`] in the calling thread (the worker; the process's main thread blocks all
//! signals already) and starts a thread that waits for them with `sigwait`. For each
//! delivery it:
//! - counts it, when the program registered a handler (or it is SIGINT/SIGTERM, which
//!   the scheduler turns into a graceful shutdown), and wakes the scheduler: an idle
//!   one, parked in [`SignalThread::park`], directly (a futex wake of its thread, not
//!   through the I/O driver); one waiting for sockets, through its poller's waker. The
//!   scheduler takes the deliveries one by one
//!   ([`SignalThread::take`]) and starts a handler coroutine for each, so repeated
//!   signals are counted, not merged into one flag;
//! - reaps every exited child for SIGCHLD (the one place that does), then counts it
//!   too if the program handles SIGCHLD;
//! - otherwise applies what the OS would have: the signals whose default is to end the
//!   process end it (the default disposition is restored and the signal raised again,
//!   so the exit status says which signal), the others are dropped.
//!
//! An idle scheduler that is still watching for work (the short spin before it parks)
//! takes a signal the kernel holds for the process itself ([`SignalThread::intake`],
//! `sigtimedwait` without waiting) and treats it exactly as the signal thread would, by
//! the same code: the signal thread's wake-up alone costs 10-30 us on a small VM, and a
//! signal sent while the runtime was just busy need not pay it. Whichever thread
//! dequeues a delivery first owns it; the kernel hands each to one thread only.
//!
//! The runtime never sends a signal to a thread of its own: user code runs with every
//! managed signal blocked, and nothing interrupts it.
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

use nix::sys::signal::{pthread_sigmask, SigSet, SigmaskHow, Signal};
use nix::sys::wait::{waitpid, WaitPidFlag, WaitStatus};

/// The signals the thread owns: every catchable signal CPrime names (`SIGPIPE` stays
/// ignored, so a write to a closed socket is an `EPIPE` error in the thread that wrote).
pub const MANAGED: [Signal; 9] = [
    Signal::SIGINT,
    Signal::SIGTERM,
    Signal::SIGHUP,
    Signal::SIGQUIT,
    Signal::SIGUSR1,
    Signal::SIGUSR2,
    Signal::SIGALRM,
    Signal::SIGCHLD,
    Signal::SIGWINCH,
];

const SLOTS: usize = 65;

/// What the worker and the signal thread share.
pub struct SignalThread {
    /// Deliveries counted per signal number, and how many the worker has taken.
    delivered: [AtomicU64; SLOTS],
    taken: [AtomicU64; SLOTS],
    /// The program (or the scheduler) handles this signal: count it.
    handled: [AtomicBool; SLOTS],
    /// `signal(SIG, SIG_IGN)`: drop it.
    ignored: [AtomicBool; SLOTS],
    /// Some delivery may be waiting: `take` looks only when set.
    any: AtomicBool,
    /// Wakes the worker when it waits in its poller.
    waker: Arc<mio::Waker>,
    /// The scheduler's thread while it is parked in [`SignalThread::park`] (set, then
    /// `parked`; both read by the signal thread in the opposite order).
    sleeper: Mutex<Option<std::thread::Thread>>,
    parked: AtomicBool,
    /// [`MANAGED`] as a set, for `sigwait` and [`SignalThread::intake`].
    set: SigSet,
    /// The signal starts the scheduler's graceful shutdown (SIGINT/SIGTERM without a
    /// program handler), which the watchdog backs up (`install_shutdown`).
    graceful: [AtomicBool; SLOTS],
    /// The first graceful delivery: when, which signal, and the SIGINT + SIGTERM
    /// deliveries counted by then; the watchdog waits for it.
    began: Mutex<Option<(Instant, i32, u64)>>,
    began_cv: Condvar,
    /// The grace period the watchdog allows, and whether it runs.
    grace: Mutex<Duration>,
    watchdog: std::sync::Once,
    /// The shutdown is over (every coroutine finished and the entry has no stages to
    /// clean up; a stages' cleanup stays under the grace period): only the output is
    /// left, and only a second signal still ends the process.
    finished: AtomicBool,
    /// The cleanup is done too and only the output is left to write (`output.rs`): by
    /// this time it must be written, or the watchdog ends the process (a stdout nobody
    /// reads must not keep a stopped server alive).
    drain_deadline: Mutex<Option<Instant>>,
}

pub(crate) fn managed_set() -> SigSet {
    let mut set = SigSet::empty();
    for s in MANAGED {
        set.add(s);
    }
    set
}

fn managed(signo: i32) -> Option<Signal> {
    MANAGED.iter().copied().find(|s| *s as i32 == signo)
}

impl SignalThread {
    /// Nothing counted, handled or ignored yet.
    fn new(waker: Arc<mio::Waker>) -> SignalThread {
        SignalThread {
            set: managed_set(),
            delivered: std::array::from_fn(|_| AtomicU64::new(0)),
            taken: std::array::from_fn(|_| AtomicU64::new(0)),
            handled: std::array::from_fn(|_| AtomicBool::new(false)),
            ignored: std::array::from_fn(|_| AtomicBool::new(false)),
            any: AtomicBool::new(false),
            waker,
            sleeper: Mutex::new(None),
            parked: AtomicBool::new(false),
            graceful: std::array::from_fn(|_| AtomicBool::new(false)),
            began: Mutex::new(None),
            began_cv: Condvar::new(),
            grace: Mutex::new(Duration::ZERO),
            watchdog: std::sync::Once::new(),
            finished: AtomicBool::new(false),
            drain_deadline: Mutex::new(None),
        }
    }

    /// The signals routed to the graceful shutdown (SIGINT, SIGTERM, unless the program
    /// handles them itself).
    fn graceful_signals(&self) -> impl Iterator<Item = Signal> + '_ {
        [Signal::SIGINT, Signal::SIGTERM].into_iter().filter(|&s| self.graceful[s as usize].load(Ordering::Acquire))
    }

    /// Deliveries of the graceful signals counted so far.
    fn shutdown_deliveries(&self) -> u64 {
        self.graceful_signals().map(|s| self.delivered[s as usize].load(Ordering::SeqCst)).sum()
    }

    /// The scheduler finished the graceful shutdown (every coroutine ended, no stage
    /// cleanup left): the watchdog's deadline is off.
    pub fn shutdown_finished(&self) {
        self.finished.store(true, Ordering::SeqCst);
    }

    /// The process is about to exit and writes its queued output: during a graceful
    /// shutdown the watchdog allows that until the end of the grace period and its half
    /// second of slack, or half a second from now when the cleanups took longer.
    pub fn shutdown_draining(&self) {
        let Some((start, ..)) = *self.began.lock().unwrap_or_else(|e| e.into_inner()) else { return };
        let grace = *self.grace.lock().unwrap_or_else(|e| e.into_inner());
        let deadline = (start + grace + WATCHDOG_SLACK).max(Instant::now() + WATCHDOG_SLACK);
        self.drain_deadline.lock().unwrap_or_else(|e| e.into_inner()).get_or_insert(deadline);
    }

    /// Routes `signo` to the scheduler's graceful shutdown (`install`), backed by a
    /// watchdog thread that ends the process with 128 + the signal if the scheduler
    /// cannot do it itself (its thread stuck in a write to a full stdout pipe): half a
    /// second after `grace` (unless every coroutine has finished by then), or when a
    /// second SIGINT/SIGTERM stays untaken for half a second. The scheduler normally
    /// gets there first, with its output flushed.
    pub fn install_shutdown(self: &Arc<Self>, signo: i32, grace: Duration) -> bool {
        let Some(i) = managed(signo).map(|s| s as usize) else { return false };
        // graceful before handled: a delivery in between is never taken as the
        // program's own (no watchdog); installing again changes nothing on the way
        self.ignored[i].store(false, Ordering::Release);
        self.graceful[i].store(true, Ordering::Release);
        self.handled[i].store(true, Ordering::Release);
        *self.grace.lock().unwrap_or_else(|e| e.into_inner()) = grace;
        let me = Arc::clone(self);
        self.watchdog.call_once(move || {
            let _ = std::thread::Builder::new().name("cprime-shutdown-watch".into()).spawn(move || me.watch());
        });
        true
    }

    /// The watchdog: sleeps until a graceful shutdown begins, then ends the process if
    /// the scheduler has not by the deadline.
    fn watch(&self) {
        const SLACK: Duration = WATCHDOG_SLACK;
        let (start, signo, counted) = {
            let mut began = self.began.lock().unwrap_or_else(|e| e.into_inner());
            loop {
                if let Some(b) = *began {
                    break b;
                }
                began = self.began_cv.wait(began).unwrap_or_else(|e| e.into_inner());
            }
        };
        let deadline = start + *self.grace.lock().unwrap_or_else(|e| e.into_inner()) + SLACK;
        let mut second_since: Option<Instant> = None;
        loop {
            std::thread::sleep(Duration::from_millis(20));
            let now = Instant::now();
            if now >= deadline && !self.finished.load(Ordering::SeqCst) {
                // (the scheduler's thread is stuck: it would have said so itself)
                let detail = ": the scheduler's thread did not respond (a long native operation, or paging)";
                crate::host::write_stderr(cprime_vm::co::shutdown_grace_expired(signo, detail).as_bytes());
                hard_exit(128 + signo);
            }
            if self.drain_deadline.lock().unwrap_or_else(|e| e.into_inner()).is_some_and(|d| now >= d) {
                // the output thread is stuck on a stdout nobody reads
                crate::host::write_stderr(b"error: output not written: stdout is not being read\n");
                hard_exit(128 + signo);
            }
            let untaken = self
                .graceful_signals()
                .find(|&s| self.delivered[s as usize].load(Ordering::SeqCst) > self.taken[s as usize].load(Ordering::SeqCst));
            match (untaken, second_since) {
                (Some(s), Some(t)) if self.shutdown_deliveries() > counted && now - t >= SLACK => hard_exit(128 + s as i32),
                (Some(_), None) if self.shutdown_deliveries() > counted => second_since = Some(now),
                (None, _) => second_since = None,
                _ => {}
            }
        }
    }

    /// Parks the calling thread (the idle scheduler) for up to `timeout`, or until a
    /// delivery arrives: the signal thread then unparks it directly.
    pub fn park(&self, timeout: Duration) {
        *self.sleeper.lock().unwrap_or_else(|e| e.into_inner()) = Some(std::thread::current());
        // SeqCst on both sides: either this sees the delivery's `any`, or the signal
        // thread sees `parked` and unparks (an unpark before the park is kept)
        self.parked.store(true, Ordering::SeqCst);
        if !self.any.load(Ordering::SeqCst) {
            std::thread::park_timeout(timeout);
        }
        self.parked.store(false, Ordering::SeqCst);
    }

    /// Wakes the scheduler for a delivery just counted: unparks it when parked, else
    /// ends its wait in the poller (or its next one).
    fn wake(&self) {
        if self.parked.load(Ordering::SeqCst) {
            if let Some(t) = self.sleeper.lock().unwrap_or_else(|e| e.into_inner()).as_ref() {
                t.unpark();
                return;
            }
        }
        let _ = self.waker.wake();
    }

    /// Blocks the managed signals in this thread and starts the signal thread, which
    /// wakes the worker through `waker`. `shutdown` signals shut the scheduler down
    /// gracefully (`install_shutdown`) from the first delivery on: one sent while the
    /// program was compiled or loaded is pending, and the thread takes it at once.
    pub fn start(waker: Arc<mio::Waker>, shutdown: &[i32], grace: Duration) -> std::io::Result<Arc<SignalThread>> {
        let shared = SignalThread::with_shutdown(waker, shutdown, grace);
        pthread_sigmask(SigmaskHow::SIG_BLOCK, Some(&shared.set), None)?;
        let st = Arc::clone(&shared);
        std::thread::Builder::new().name("cprime-signals".into()).spawn(move || loop {
            match st.set.wait() {
                Ok(sig) => {
                    if st.deliver(sig) {
                        st.wake();
                    }
                }
                Err(_) => continue,
            }
        })?;
        Ok(shared)
    }

    /// The thread's state with `shutdown` signals routed to the graceful shutdown.
    fn with_shutdown(waker: Arc<mio::Waker>, shutdown: &[i32], grace: Duration) -> Arc<SignalThread> {
        let shared = Arc::new(SignalThread::new(waker));
        for &signo in shutdown {
            shared.install_shutdown(signo, grace);
        }
        shared
    }

    /// On the scheduler's thread, while it has nothing to run: takes one managed signal
    /// the kernel holds for the process, if any, without waiting, and delivers it here
    /// (no wake-up needed: the caller looks at [`SignalThread::pending`] next). True when
    /// a delivery was counted for the scheduler to take.
    pub fn intake(&self) -> bool {
        let zero = nix::libc::timespec { tv_sec: 0, tv_nsec: 0 };
        // SAFETY: the set and the timeout are valid for the call; no siginfo is asked for.
        let signo = unsafe { nix::libc::sigtimedwait(self.set.as_ref(), std::ptr::null_mut(), &zero) };
        managed(signo).is_some_and(|sig| self.deliver(sig))
    }

    /// One delivery of `sig` (on the signal thread, or the idle scheduler's in
    /// [`SignalThread::intake`]). True when it was counted for the scheduler to take.
    fn deliver(&self, sig: Signal) -> bool {
        let i = sig as usize;
        if sig == Signal::SIGCHLD {
            reap_children();
        }
        if self.ignored[i].load(Ordering::Acquire) {
            return false;
        }
        if self.handled[i].load(Ordering::Acquire) {
            self.delivered[i].fetch_add(1, Ordering::SeqCst);
            self.any.store(true, Ordering::SeqCst);
            if self.graceful[i].load(Ordering::Acquire) {
                let mut began = self.began.lock().unwrap_or_else(|e| e.into_inner());
                if began.is_none() {
                    *began = Some((Instant::now(), sig as i32, self.shutdown_deliveries()));
                    self.began_cv.notify_all();
                }
            }
            return true;
        }
        match sig {
            // ignored by default
            Signal::SIGCHLD | Signal::SIGWINCH => {}
            // the default: the process ends by this signal
            _ => die_by(sig),
        }
        false
    }

    /// Routes `signo` to [`SignalThread::take`]; false for signals the thread does not
    /// own.
    pub fn install(&self, signo: i32) -> bool {
        let Some(i) = managed(signo).map(|s| s as usize) else { return false };
        self.ignored[i].store(false, Ordering::Release);
        self.handled[i].store(true, Ordering::Release);
        // a program handler (installed after the scheduler's shutdown routing) owns it
        self.graceful[i].store(false, Ordering::Release);
        true
    }

    /// `SIG_IGN` (`ignore`) or the default for `signo`.
    pub fn set_disposition(&self, signo: i32, ignore: bool) -> bool {
        let Some(i) = managed(signo).map(|s| s as usize) else { return false };
        self.handled[i].store(false, Ordering::Release);
        self.ignored[i].store(ignore, Ordering::Release);
        self.graceful[i].store(false, Ordering::Release);
        true
    }

    /// The next delivery not yet taken (lowest signal number first).
    pub fn take(&self) -> Option<i32> {
        // SeqCst throughout `any`: a delivery's count and flag must never be missed by
        // the `pending` look that follows a reset of the flag
        if !self.any.swap(false, Ordering::SeqCst) {
            return None;
        }
        // more may be waiting after the one taken: the next call looks again
        self.any.store(true, Ordering::SeqCst);
        for s in MANAGED {
            let i = s as usize;
            let taken = self.taken[i].load(Ordering::Acquire);
            if self.delivered[i].load(Ordering::Acquire) > taken {
                self.taken[i].store(taken + 1, Ordering::Release);
                return Some(s as i32);
            }
        }
        // nothing was waiting; a delivery counted meanwhile set `any` again itself
        self.any.store(false, Ordering::SeqCst);
        if self.pending() {
            self.any.store(true, Ordering::SeqCst);
        }
        None
    }

    /// Deliveries of `signo` counted so far, when the program (or the scheduler)
    /// handles it: a signal the process sends itself is then waited for
    /// ([`SignalThread::await_delivery`]).
    pub fn handled_count(&self, signo: i32) -> Option<u64> {
        let i = managed(signo)? as usize;
        self.handled[i].load(Ordering::Acquire).then(|| self.delivered[i].load(Ordering::SeqCst))
    }

    /// Waits until the deliveries of `signo` counted pass `before`, taking signals from
    /// the kernel on this thread rather than waiting for the signal thread to; at most
    /// `limit` (the kernel merges a signal sent again while one is pending).
    pub fn await_delivery(&self, signo: i32, before: u64, limit: Duration) {
        let Some(sig) = managed(signo) else { return };
        let end = Instant::now() + limit;
        while self.delivered[sig as usize].load(Ordering::SeqCst) <= before && Instant::now() < end {
            if self.intake() {
                // (the scheduler may be parked on another thread: as the signal thread
                // would after a delivery)
                self.wake();
            } else {
                std::thread::yield_now();
            }
        }
    }

    /// Whether a delivery waits to be taken.
    pub fn pending(&self) -> bool {
        MANAGED.iter().any(|&s| self.delivered[s as usize].load(Ordering::SeqCst) > self.taken[s as usize].load(Ordering::Acquire))
    }

    /// Counts one delivery of `signo` as the signal thread would (for tests).
    #[cfg(test)]
    fn deliver_for_test(&self, signo: i32) {
        if let Some(sig) = managed(signo) {
            if self.deliver(sig) {
                self.wake();
            }
        }
    }
}

/// Collects every child that has exited, so none stays a zombie.
fn reap_children() {
    loop {
        match waitpid(None, Some(WaitPidFlag::WNOHANG)) {
            Ok(WaitStatus::StillAlive) | Err(_) => return,
            Ok(_) => {}
        }
    }
}

/// How long past its deadline the watchdog waits before it ends the process.
const WATCHDOG_SLACK: Duration = Duration::from_millis(500);

/// Ends the process now with `status`, from a thread that must not wait for locks or
/// buffers another thread may hold.
fn hard_exit(status: i32) -> ! {
    // SAFETY: `_exit` ends the process without running anything of ours.
    unsafe { nix::libc::_exit(status) }
}

/// Ends the process by `sig`, as its default disposition would have: after the output
/// the program already printed is written (what a program printed before, say, sleeping
/// is out, as it would be had it written it itself), for up to half a second.
fn die_by(sig: Signal) {
    if let Some(out) = crate::output::OutputThread::of_process() {
        out.drain_for(WATCHDOG_SLACK);
    }
    crate::end_by_signal(sig)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_thread_owns_the_signals_the_compiler_lets_a_scheduler_handle() {
        let managed: Vec<i32> = MANAGED.iter().map(|s| *s as i32).collect();
        assert_eq!(managed, cprime_bytecode::builtins::SCHEDULER_SIGNALS);
    }

    fn thread_without_start() -> SignalThread {
        let poll = mio::Poll::new().unwrap();
        SignalThread::new(Arc::new(mio::Waker::new(poll.registry(), mio::Token(0)).unwrap()))
    }

    #[test]
    fn a_shutdown_signal_delivered_before_the_scheduler_runs_is_kept_for_it() {
        // as `start` sets it up: SIGTERM that was pending while the program compiled is
        // the first thing the thread takes; it must wait for the scheduler, not end the
        // process by its default action (which would end this test run)
        let poll = mio::Poll::new().unwrap();
        let waker = Arc::new(mio::Waker::new(poll.registry(), mio::Token(0)).unwrap());
        let st = SignalThread::with_shutdown(waker, &[Signal::SIGTERM as i32], Duration::from_secs(60));
        st.deliver_for_test(Signal::SIGTERM as i32);
        assert_eq!(st.take(), Some(Signal::SIGTERM as i32));
        st.shutdown_finished(); // the watchdog the delivery armed stands down
    }

    #[test]
    fn every_delivery_of_a_handled_signal_is_taken_once() {
        let st = thread_without_start();
        assert!(st.install(Signal::SIGUSR1 as i32));
        for _ in 0..5 {
            st.deliver_for_test(Signal::SIGUSR1 as i32);
        }
        st.deliver_for_test(Signal::SIGWINCH as i32); // not handled: dropped (its default)
        let got: Vec<i32> = std::iter::from_fn(|| st.take()).collect();
        assert_eq!(got, vec![Signal::SIGUSR1 as i32; 5]);
        assert!(!st.pending());
    }

    #[test]
    fn a_delivery_unparks_the_idle_scheduler_directly() {
        let st = Arc::new(thread_without_start());
        assert!(st.install(Signal::SIGUSR1 as i32));
        let parker = Arc::clone(&st);
        let idle = std::thread::spawn(move || {
            let t = std::time::Instant::now();
            parker.park(Duration::from_secs(30));
            t.elapsed()
        });
        // once it is parked, deliver: the thread wakes long before its timeout, and no
        // poller was involved (the waker's poller is never polled here)
        while !st.parked.load(Ordering::SeqCst) {
            std::thread::yield_now();
        }
        st.deliver_for_test(Signal::SIGUSR1 as i32);
        let slept = idle.join().unwrap();
        assert!(slept < Duration::from_secs(10), "woken by the delivery, not the timeout: {slept:?}");
        assert_eq!(st.take(), Some(Signal::SIGUSR1 as i32));
        // a delivery that comes first is not lost: the park returns at once
        st.deliver_for_test(Signal::SIGUSR1 as i32);
        let t = std::time::Instant::now();
        st.park(Duration::from_secs(30));
        assert!(t.elapsed() < Duration::from_secs(10));
    }

    #[test]
    fn the_idle_scheduler_takes_a_pending_signal_itself() {
        let st = thread_without_start();
        assert!(st.install(Signal::SIGUSR2 as i32));
        assert!(st.set_disposition(Signal::SIGWINCH as i32, true));
        // blocked in this thread and sent to this thread only, so no other thread of the
        // test process can be the one it reaches
        pthread_sigmask(SigmaskHow::SIG_BLOCK, Some(&st.set), None).unwrap();
        let me = nix::sys::pthread::pthread_self();
        assert!(!st.intake(), "nothing pending yet");
        nix::sys::pthread::pthread_kill(me, Signal::SIGUSR2).unwrap();
        assert!(st.intake(), "taken from the kernel and counted");
        assert!(st.pending());
        assert_eq!(st.take(), Some(Signal::SIGUSR2 as i32));
        assert!(!st.intake(), "dequeued once");
        // an ignored signal is dequeued and dropped, not counted
        nix::sys::pthread::pthread_kill(me, Signal::SIGWINCH).unwrap();
        assert!(!st.intake());
        assert_eq!(st.take(), None);
        assert!(!st.intake());
    }

    #[test]
    fn exited_children_are_reaped() {
        let child = std::process::Command::new("true").spawn().unwrap();
        let pid = nix::unistd::Pid::from_raw(child.id() as i32);
        std::mem::forget(child);
        std::thread::sleep(std::time::Duration::from_millis(100));
        reap_children();
        assert_eq!(waitpid(pid, Some(WaitPidFlag::WNOHANG)), Err(nix::errno::Errno::ECHILD), "already reaped");
    }

    #[test]
    fn ignored_signals_are_dropped_and_unknown_ones_refused() {
        let st = thread_without_start();
        assert!(st.install(Signal::SIGUSR2 as i32));
        assert!(st.set_disposition(Signal::SIGUSR2 as i32, true));
        st.deliver_for_test(Signal::SIGUSR2 as i32);
        assert_eq!(st.take(), None);
        assert!(!st.install(Signal::SIGKILL as i32));
        assert!(!st.install(Signal::SIGPIPE as i32));
    }
}
