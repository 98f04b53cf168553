//! The coroutine scheduler's run loop, on the scheduler's own thread: a ready queue of
//! coroutines, each run for a time slice of `reductions` safepoints, here or on one of
//! the other workers it hands slices to (`pool.rs`).
//!
//! The entry's coroutine (id 0) runs on the `Vm`'s own state, so the entry's stages,
//! globals and exit hook are as under the default runtime; spawned coroutines get fresh
//! states. The program ends when the entry's coroutine returns (as a Go program ends
//! when `main` does), when any coroutine calls `exit(n)` (once the entry's coroutine
//! has run its exit hook, the stages' cleanup: `Prog::start_exit_hook`) or panics, or
//! when every coroutine waits and nothing can wake one (a deadlock, reported).
use alloc::boxed::Box;
use alloc::collections::VecDeque;
use alloc::sync::Arc;
use core::cmp::Reverse;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use super::lifecycle::Prog;

mod packing;
#[cfg(feature = "std")]
use super::pool::Pool;
use super::shutdown::{Shutdown, SHUTDOWN_SIGNALS};
use super::{CoId, Core, Failure};
use crate::transfer::{self, Packet};
use crate::unwind::Resume;
use crate::{gc, interp, Host, Limits, Outcome, State, Vm};

/// Scheduler settings (the `coroutine` runtime's parameters).
#[derive(Clone, Copy, Debug)]
pub struct CoOptions {
    /// Safepoints (calls, backward jumps) per time slice.
    pub reductions: u64,
    /// Coroutines alive at once, the entry's included (`.max_coroutines`; by default
    /// only memory bounds them).
    pub max_coroutines: usize,
    /// Time slices before the run ends with [`Outcome::OutOfFuel`]: with
    /// [`crate::Limits::fuel`] bounding each slice, a bound on the whole run (fuzzing).
    pub max_slices: u64,
    /// Waiting coroutines are packed (`packed.rs`) while more than this many coroutines
    /// are alive; `usize::MAX`: never. Tests pack every one (`CPRIME_PACK_AFTER=0`).
    pub pack_after: usize,
    /// Testing: after every slice on the scheduler's thread, clear the coroutine's dead
    /// registers and collect its heap, as the idle sweep does (`liveness.rs`). A wrong
    /// liveness then breaks programs at once instead of in rare deadlock sweeps; the
    /// debug pass of the program suite runs with it (`CPRIME_SWEEP_EACH_SLICE=1`).
    pub sweep_each_slice: bool,
}

impl Default for CoOptions {
    fn default() -> Self {
        CoOptions { reductions: 2000, max_coroutines: usize::MAX, max_slices: u64::MAX, pack_after: PACK_AFTER, sweep_each_slice: false }
    }
}

/// What the scheduler did in a run (`Vm::sched_stats`; `CPRIME_SCHED_STATS=1` prints
/// it when the program ends): where time slices ran, for tuning `.thread_pool`, and how
/// often the sweeps collected heaps.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SchedStats {
    /// Time slices run, on any worker thread.
    pub slices: u64,
    /// Of those, the ones handed to another worker thread than the scheduler's.
    pub on_workers: u64,
    /// Coroutines started (spawned ones and signal handlers').
    pub started: u64,
    /// Heaps collected while other coroutines ran (`sweep_holders_of_awaited`), and once
    /// every coroutine waited.
    pub busy_sweeps: u64,
    pub idle_sweeps: u64,
    /// Waiting coroutines packed (`packed.rs`).
    pub packed: u64,
    /// Heaps the idle sweep compacted, their slot vectors less than half in use (`tighten`).
    pub compacted: u64,
}

/// Coroutines alive before waiting ones are packed, by default: below it the memory a
/// `State` takes matters less than the collection and copies a packing costs (about
/// 100 ns each time a coroutine parks and wakes: `sched/packing.rs`).
pub const PACK_AFTER: usize = 4096;

/// How long nothing runs before the waiting coroutines' heaps are swept.
const SWEEP_AFTER_NS: i64 = 1_000_000;

/// While coroutines keep running, how often the holders of awaited channels' senders
/// are swept (`sweep_holders_of_awaited`) at most, every how many slices the clock is
/// read for it, and the time between two sweeps as a multiple of the last one's length
/// at least.
const BUSY_SWEEP_NS: i64 = 100_000_000;
const BUSY_SWEEP_CHECK: u64 = 256; // a power of two
const BUSY_SWEEP_BUDGET: i64 = 20;

/// Where the loop is between the last slice and the sweep of the waiting heaps.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Idle {
    /// A slice ran since the last sweep.
    Ran,
    /// Nothing ran during one wait of at most `SWEEP_AFTER_NS`: sweep next.
    Settled,
    /// Swept; nothing ran since.
    Swept,
}

/// What the sweeps did with a coroutine's heap since it last ran (nothing in it changes
/// until it runs again, so neither sweep repeats itself).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Swept {
    No,
    /// The busy sweep looked and had no reason to collect.
    Looked,
    Collected,
}

/// A coroutine's marks in the scheduler's loop (`Run::marks`), one byte per id where
/// five vectors of them took five (a million parked coroutines carry a million).
#[derive(Clone, Copy, Default)]
pub(super) struct Marks(u8);

/// It is in `Run::ready` (so it is queued once).
pub(super) const QUEUED: u8 = 1;
/// Its slice runs on another worker now (its fiber is there, not here),
pub(super) const AWAY: u8 = 2;
/// and it was woken meanwhile.
pub(super) const REWAKE: u8 = 4;
/// Its last slice used up its time (it computes rather than waits): only such
/// coroutines, and signal handlers', are handed to other workers.
pub(super) const HUNGRY: u8 = 8;
/// Its current park is in the packing window (`packing.rs`).
pub(super) const NOTED: u8 = 64;
/// Where `Swept` is kept (two bits).
const SWEPT_SHIFT: u8 = 4;

impl Marks {
    #[inline]
    pub fn has(self, m: u8) -> bool {
        self.0 & m != 0
    }

    #[inline]
    pub fn set(&mut self, m: u8, on: bool) {
        self.0 = if on { self.0 | m } else { self.0 & !m };
    }

    /// Whether mark `m` was set, clearing it.
    #[inline]
    pub fn take(&mut self, m: u8) -> bool {
        let had = self.has(m);
        self.set(m, false);
        had
    }

    #[inline]
    fn swept(self) -> Swept {
        match (self.0 >> SWEPT_SHIFT) & 3 {
            0 => Swept::No,
            1 => Swept::Looked,
            _ => Swept::Collected,
        }
    }

    #[inline]
    fn set_swept(&mut self, sw: Swept) {
        self.0 = (self.0 & !(3 << SWEPT_SHIFT)) | (sw as u8) << SWEPT_SHIFT;
    }
}

/// Finished coroutines' fibers kept for reuse (the stack pool).
const SPARE_FIBERS: usize = 1024;

/// Slices run between two looks at the sockets while coroutines are ready.
const IO_POLL_EVERY: u32 = 16;
/// The longest wait for a socket when nothing else can wake the scheduler (a signal
/// ends it early).
const IO_IDLE_WAIT_NS: i64 = 100_000_000;
/// While coroutines wait to print and nothing else can run, how often the scheduler looks
/// whether the output thread has caught up (its backlog is a MiB: a stream slower than a
/// GB/s never runs dry meanwhile).
const OUTPUT_RECHECK_NS: i64 = 1_000_000;
/// The longest wait for another worker's slice before looking at signals and timers.
const WORKER_WAIT_NS: i64 = 1_000_000;

/// Asks the host which sockets became ready (waiting up to `timeout_ns`) and wakes their
/// waiters.
fn poll_io(core: &mut Core, host: &mut dyn Host, timeout_ns: i64) {
    pass_socket_counts(core, host);
    let mut ready = Vec::new();
    if let Some(net) = host.net() {
        net.poll(timeout_ns, &mut ready);
    }
    for (s, r, w) in ready {
        core.io_ready(s, r, w);
    }
    if !core.file_waits.is_empty() {
        let mut done = Vec::new();
        host.files_done(&mut done);
        for t in done {
            core.woken.extend(core.file_waits.remove(&t));
        }
    }
    if !core.abandoned_files.is_empty() {
        core.abandoned_files.retain(|&t| host.file_take(t).is_none());
    }
}

/// Passes the socket reference counts the last slice changed on to the host.
pub(super) fn pass_socket_counts(core: &mut Core, host: &mut dyn Host) {
    if core.socket_deltas.is_empty() {
        return;
    }
    match host.net() {
        Some(net) => core.socket_deltas.drain(..).for_each(|(s, d)| net.retain(s, d)),
        None => core.socket_deltas.clear(),
    }
}

/// A spawned coroutine's state (which says where it continues: `State::suspended`).
pub(crate) struct Fiber {
    pub st: State,
    /// A signal handler's coroutine: when the handler returns an `async` block (a
    /// closure without parameters), the coroutine goes on to run it.
    pub then_call: bool,
    /// A signal handler's coroutine: runs before the others (the front of the ready
    /// queue here, the high-priority queue at the workers).
    pub urgent: bool,
}

/// The coroutines of one run besides the entry's (whose state is the `Vm`'s own), and
/// the ready queue.
pub(super) struct Run {
    /// Spawned coroutines' fibers or packed states by id (slot 0, the entry's, stays
    /// empty).
    pub states: super::states::States,
    /// `CoOptions::pack_after`.
    pack_after: usize,
    /// The coroutines that parked last (`packing.rs`).
    window: packing::Window,
    /// Time slices each coroutine started (wrapping; a new coroutine in a reused slot
    /// moves it on too): the packing window tells a stale park from the current one by
    /// it. Two bytes: a stale park whose count came round again (one in 65,536) packs a
    /// coroutine early, which costs only time.
    runs: Vec<u16>,
    /// Each coroutine's marks (`QUEUED`, `AWAY`, `REWAKE`, `HUNGRY`, `NOTED`) and what
    /// the sweeps did with its heap since it last ran.
    pub(super) marks: Vec<Marks>,
    ready: VecDeque<CoId>,
    /// Finished coroutines' fibers, whose buffers new coroutines reuse (boxed as they
    /// were in `states`: moving one in or out moves a pointer, not a `State`).
    #[allow(clippy::vec_box)]
    spare: Vec<Box<Fiber>>,
    pub main_done: bool,
    /// The report of a signal of its own that ended the entry during a graceful
    /// shutdown: shown, and the status 70, once the shutdown is done.
    pub main_failed: Option<String>,
    /// The entry's limits, which every coroutine started shares.
    pub limits: Arc<Limits>,
    /// The limits of packed coroutines (one of each value: `packing.rs` `limits_index`),
    /// with how many packed coroutines have each (an entry none has is reused).
    limit_sets: Vec<(Arc<Limits>, u32)>,
    /// A fingerprint of the channels awaited at the last busy sweep.
    awaited_print: u64,
    /// Where `spawned_done` last found a coroutine alive.
    alive_hint: core::cell::Cell<usize>,
}

impl Run {
    /// Queues coroutine `id` to run (at the front: next), unless it is queued already.
    pub fn queue(&mut self, id: CoId, front: bool) {
        let Some(m) = self.marks.get_mut(id as usize) else { return };
        if !m.has(QUEUED) {
            m.set(QUEUED, true);
            if front {
                self.ready.push_front(id);
            } else {
                self.ready.push_back(id);
            }
        }
    }

    /// Stores a new coroutine, counts the channel ends its heap received, queues it.
    fn add(&mut self, core: &mut Core, id: CoId, mut fiber: Box<Fiber>, front: bool) {
        let i = id as usize;
        if self.states.len() <= i {
            self.states.grow_to(i + 1);
            self.runs.resize(i + 1, 0);
            self.marks.resize(i + 1, Marks::default());
        }
        core.apply_counts(&mut fiber.st.heap);
        // the import's events are applied: most coroutines record no more, and a
        // parked one would carry the buffer
        fiber.st.heap.events = Vec::new();
        self.states.put_fiber(i, fiber);
        self.ran(id);
        self.marks[i].set_swept(Swept::No);
        self.marks[i].set(HUNGRY, false);
        core.stats.started += 1;
        self.queue(id, front);
    }

    /// Whether every spawned coroutine has finished.
    pub fn spawned_done(&self) -> bool {
        // asked at every pick while a shutdown winds coroutines down: the search starts
        // where the last one found a live coroutine (they mostly end in the order they
        // started), where a scan from the start each time made that quadratic
        let n = self.states.len();
        let from = self.alive_hint.get().min(n);
        let alive = |i: usize| self.here(i as CoId) || self.marks.get(i).is_some_and(|m| m.has(AWAY));
        match (from..n).chain(0..from).find(|&i| alive(i)) {
            Some(i) => {
                self.alive_hint.set(i);
                false
            }
            None => true,
        }
    }

    /// Whether spawned coroutine `id` is alive and its state is here (not on another
    /// worker), packed or not.
    pub fn here(&self, id: CoId) -> bool {
        self.states.is_here(id as usize)
    }

    /// Unpacks coroutine `id` if it is packed.
    #[inline]
    pub fn unpack(&mut self, id: CoId) {
        if self.states.is_packed(id as usize) {
            self.unpack_now(id as usize);
        }
    }

    #[inline(never)]
    fn unpack_now(&mut self, i: usize) {
        if let Some(p) = self.states.take_packed(i) {
            // (a spare that ran a big coroutine would lend it buffers it never needs)
            let spare = self.spare.pop().filter(|f| f.st.has_small_buffers());
            let fiber = p.unpack(spare, |i| self.limit_sets.get_mut(i).map(|(l, users)| {
                *users = users.saturating_sub(1);
                Arc::clone(l)
            }));
            self.states.put_fiber(i, fiber);
        }
    }

    /// Whether spawned coroutine `id`'s heap holds a sender end of channel `chan`, packed
    /// or not (the deadlock report).
    pub fn holds_sender(&self, id: usize, chan: u32) -> bool {
        self.states.holds_sender(id, chan)
    }

    /// Whether every spawned coroutine still alive waits, each for something only
    /// another coroutine can give (a channel, a join), while the entry waits too: no
    /// coroutine is ready (the entry, run, may give it) or runs elsewhere, and none
    /// sleeps or waits for I/O.
    pub fn spawned_stuck(&self, core: &Core) -> bool {
        use super::wait::Wait;
        self.ready.is_empty()
            && !self.marks.iter().any(|m| m.has(AWAY))
            && (1..self.states.len() as CoId).filter(|&i| self.here(i)).all(|i| {
                core.task(i).is_some_and(|t| {
                    !t.waits.is_empty() && t.waits.iter().all(|w| matches!(w, Wait::Recv(_) | Wait::Send(_) | Wait::Join(_) | Wait::All))
                })
            })
    }

    /// The state of coroutine `id` (`main` is the entry's state).
    pub fn coroutine<'a>(&'a mut self, main: &'a mut State, id: CoId) -> Option<&'a mut State> {
        if id == 0 {
            return (!self.main_done).then_some(main);
        }
        self.unpack(id);
        Some(&mut self.states.fiber_mut(id as usize)?.st)
    }

    /// Ends coroutine `id` with `result`: its channel ends go, its joiners wake.
    pub fn end(&mut self, core: &mut Core, main: &mut State, id: CoId, result: Result<Packet, Failure>) {
        // (a park of it noted for packing is over)
        self.ran(id);
        if let Some(st) = self.coroutine(main, id) {
            st.heap.release_ports();
            core.apply_counts(&mut st.heap);
        }
        core.finish(id, result);
        if id == 0 || id as usize >= self.states.len() {
            self.main_done = true;
        } else if let Some(fiber) = self.states.take_fiber(id as usize).filter(|_| self.spare.len() < SPARE_FIBERS) {
            // its memory serves the next coroutine started
            self.spare.push(fiber);
        }
    }
}

impl Vm {
    /// Runs entry `func` as the first coroutine of a scheduler, with everything it
    /// spawns, on this thread; returns the entry's outcome.
    pub fn run_coroutines(&mut self, func: u32, args: Option<&[String]>, host: &mut dyn Host, opts: CoOptions) -> Outcome {
        if let Err(o) = self.prepare(func, args) {
            return o;
        }
        let Vm { module, tables, st: main, .. } = self;
        let prog = Prog { module, tables };
        let cell = CoreCell::new(Core::new(opts.max_coroutines.max(1)));
        let outcome = schedule(prog, &cell, main, host, opts, func, None);
        self.sched_stats = lock_cell(&cell).stats;
        outcome
    }

    /// What the scheduler did in the last [`Vm::run_coroutines`] (zero before any).
    pub fn sched_stats(&self) -> SchedStats {
        self.sched_stats
    }

    /// [`Vm::run_coroutines`] with more workers: one OS thread per host in `workers`
    /// runs coroutines beside this one (`pool.rs`).
    #[cfg(feature = "std")]
    pub fn run_coroutines_on(
        &mut self,
        func: u32,
        args: Option<&[String]>,
        host: &mut dyn Host,
        opts: CoOptions,
        workers: Vec<Box<dyn Host + Send>>,
    ) -> Outcome {
        if workers.is_empty() {
            return self.run_coroutines(func, args, host, opts);
        }
        if let Err(o) = self.prepare(func, args) {
            return o;
        }
        let Vm { module, tables, st: main, .. } = self;
        let prog = Prog { module, tables };
        let cell = CoreCell::new(Core::new(opts.max_coroutines.max(1)));
        let outcome = std::thread::scope(|scope| {
            let mut pool = Pool::start(scope, prog, &cell, workers, opts.reductions.max(1));
            schedule(prog, &cell, main, host, opts, func, Some(&mut pool))
        });
        self.sched_stats = lock_cell(&cell).stats;
        outcome
    }
}

/// The scheduler's bookkeeping, reached by every worker (one worker: no lock needed).
#[cfg(feature = "std")]
pub(crate) type CoreCell = std::sync::Mutex<Core>;
#[cfg(not(feature = "std"))]
pub(crate) type CoreCell = core::cell::RefCell<Core>;

fn lock_cell(c: &CoreCell) -> impl core::ops::DerefMut<Target = Core> + '_ {
    #[cfg(feature = "std")]
    {
        super::lock(c)
    }
    #[cfg(not(feature = "std"))]
    {
        c.borrow_mut()
    }
}

/// Without threads there are no other workers.
#[cfg(not(feature = "std"))]
pub(super) struct Pool {
    pub in_flight: usize,
}

#[cfg(not(feature = "std"))]
impl Pool {
    fn offer(&mut self, _: CoId, fiber: Box<Fiber>, start: Resume) -> Result<(), (Box<Fiber>, Resume)> {
        Err((fiber, start))
    }
    fn take(&mut self, _: i64) -> Option<(CoId, Box<Fiber>, Outcome)> {
        None
    }
}

/// The scheduler loop: runs the entry `func` (on `main`) and every coroutine it starts
/// until the entry's coroutine ends, handing slices to `pool`'s workers when there is one.
fn schedule(
    prog: Prog,
    cell: &CoreCell,
    main: &mut State,
    host: &mut dyn Host,
    opts: CoOptions,
    func: u32,
    mut pool: Option<&mut Pool>,
) -> Outcome {
    // the entry's coroutine starts at `func`, with a heap holding no channel end or
    // join handle of an earlier run
    main.suspended.set(Resume { func: func as usize, pc: 0, base: 0 });
    main.heap.detach_from_scheduler();
    let mut run = Run {
        states: Default::default(),
        pack_after: opts.pack_after,
        window: packing::Window::default(),
        runs: alloc::vec![0],
        marks: alloc::vec![Marks(QUEUED)],
        spare: Vec::new(),
        ready: VecDeque::from([0]),
        main_done: false,
        main_failed: None,
        limits: Arc::clone(&main.limits),
        limit_sets: Vec::new(),
        awaited_print: 0,
        alive_hint: core::cell::Cell::new(0),
    };
    run.states.grow_to(1);
    let reductions = opts.reductions.max(1);
    let mut idle = Idle::Ran;
    let mut next_busy_sweep = host.now_ns().saturating_add(BUSY_SWEEP_NS);
    let mut shutdown: Option<Shutdown> = None;
    let mut slices_since_poll = 0u32;
    let mut slices = 0u64;
    for signo in SHUTDOWN_SIGNALS {
        host.install_shutdown_signal(signo, super::shutdown::GRACE_NS);
    }
    loop {
        // coroutines inherit the entry's limits as its stages have set them
        if !Arc::ptr_eq(&run.limits, &main.limits) {
            run.limits = Arc::clone(&main.limits);
        }
        // slices other workers finished
        while let Some(done) = pool.as_deref_mut().and_then(|p| p.take(0)) {
            if let Some(o) = slice_back(prog, cell, &mut run, main, host, &mut shutdown, done) {
                return o;
            }
        }
        let mut core = lock_cell(cell);
        // handler coroutines for signals other coroutines ended with, first
        // (most turns have none of these: no list is made for them)
        let starts = if core.handler_starts.is_empty() { Vec::new() } else { core.handler_starts.drain(..).collect::<Vec<_>>() };
        for (body, sig) in starts {
            match prog.handler_fiber(&mut core, &body, run.spare.pop(), &run.limits, |heap, tables| transfer::import(heap, tables, &sig)) {
                Ok((id, fiber)) => {
                    run.add(&mut core, id, fiber, true);
                    if let Some(sd) = shutdown.as_mut() {
                        let exiting = core.entry_cleaning(main);
                        sd.started(&mut core, id, exiting);
                    }
                }
                Err(Outcome::Unhandled(report)) => handler_not_started(host, &report),
                Err(o) => return o,
            }
            core.hold(&sig, -1);
            core.hold(&body, -1);
        }
        // start what the last slices spawned
        let spawned = if core.spawned.is_empty() { Vec::new() } else { core.spawned.drain(..).collect::<Vec<_>>() };
        for (id, body) in spawned {
            match prog.start_fiber(&body, run.spare.pop(), &run.limits) {
                Ok(fiber) => {
                    run.add(&mut core, id, fiber, false);
                    if let Some(sd) = shutdown.as_mut() {
                        let exiting = core.entry_cleaning(main);
                        sd.started(&mut core, id, exiting);
                    }
                }
                // its captures do not fit its heap (`.heap_size`): it ends, as one that
                // ran out of memory would, and the run goes on
                Err(Outcome::Unhandled(report)) => {
                    host.write(2, format!("coroutine {id} ended: {report}").as_bytes());
                    core.finish(id, Err(Failure::Oom));
                }
                Err(o) => return o,
            }
            core.hold(&body, -1);
            core.spares.give(body);
        }
        // OS signals: a handler coroutine each, run before everything that is ready;
        // SIGINT/SIGTERM without a handler shut the scheduler down
        while let Some(signo) = host.poll_signal() {
            let handled = core.handlers.iter().any(|(s, _)| *s == signo);
            if !handled && SHUTDOWN_SIGNALS.contains(&signo) {
                if shutdown.is_some() {
                    // a second one during the shutdown: go now
                    host.flush();
                    return Outcome::Exit(128 + signo);
                }
                match prog.begin_shutdown(&mut core, &mut run, main, host, signo) {
                    Ok(s) => shutdown = Some(s),
                    Err(o) => return o,
                }
                continue;
            }
            match prog.start_handler(&mut core, signo, run.spare.pop(), &run.limits) {
                Ok(Some((id, fiber))) => {
                    run.add(&mut core, id, fiber, true);
                    if let Some(sd) = shutdown.as_mut() {
                        let exiting = core.entry_cleaning(main);
                        sd.started(&mut core, id, exiting);
                    }
                }
                Ok(None) => {}
                Err(Outcome::Unhandled(report)) => handler_not_started(host, &report),
                Err(o) => return o,
            }
            // `scheduler.run()` waits while a signal is pending (`CoWaitAll`): one that
            // started no coroutine (it could not start) must not leave it waiting
            if core.live <= 1 && !core.all_waiters.is_empty() {
                let waiters = core::mem::take(&mut core.all_waiters);
                core.woken.extend(waiters);
            }
        }
        // a socket native out of file descriptors parked until now: first, the sockets
        // that are garbage go, once every coroutine is back from the other workers (no
        // slice is handed over meanwhile: their heaps may hold the garbage)
        if !core.fds_short.is_empty() && pool.as_deref().is_none_or(|p| p.in_flight == 0) {
            sweep_socket_holders(prog, &mut core, &mut run, main, host);
        }
        // sleepers whose time has come, and whatever the last slice woke
        if core.timers.peek().is_some() {
            let now = host.now_ns();
            while let Some(Reverse((at, id))) = core.timers.peek().copied() {
                if at > now {
                    break;
                }
                core.timers.pop();
                if core.timer_due(at, id) {
                    core.woken.push(id);
                }
            }
        }
        // printers waiting for the output thread, once it has caught up
        if !core.output_waits.is_empty() && !host.output_backlogged() {
            core.output_drained();
        }
        // sockets: what became ready wakes its waiters (looking without waiting now and
        // then while others run, so I/O is not starved by busy coroutines)
        slices_since_poll += 1;
        let waits_io = !core.io_waits.is_empty() || !core.file_waits.is_empty();
        if waits_io && (run.ready.is_empty() || slices_since_poll >= IO_POLL_EVERY) {
            slices_since_poll = 0;
            poll_io(&mut core, host, 0);
        }
        for id in core.woken.drain(..) {
            run.queue(id, false);
        }
        if let Some(sd) = shutdown.as_mut() {
            if let Some(o) = prog.shutdown_step(&mut core, &mut run, main, host, sd) {
                return o;
            }
        }
        let Some(id) = run.ready.pop_front() else {
            if pool.as_ref().is_some_and(|p| p.in_flight > 0) {
                // others are running: wait for one of them (then look at the rest again)
                drop(core);
                if let Some(done) = pool.as_deref_mut().and_then(|p| p.take(WORKER_WAIT_NS)) {
                    if let Some(o) = slice_back(prog, cell, &mut run, main, host, &mut shutdown, done) {
                        return o;
                    }
                }
                continue;
            }
            // channel ends that are garbage still count as senders: once nothing has run
            // for `SWEEP_AFTER_NS`, collect the waiting coroutines' heaps before deciding
            // nobody can be woken (what only registers of ended scopes hold is garbage
            // too: `liveness.rs`). A heap that has not run since its last sweep has no new
            // garbage. Waiting first keeps the sweep off the path of a wake-up that comes
            // soon (a signal, a socket), and out of busy servers.
            if idle == Idle::Settled {
                idle = Idle::Swept;
                for (id, st) in states_here(&mut run.states, main) {
                    let was = run.marks[id].swept();
                    run.marks[id].set_swept(Swept::Collected);
                    if was == Swept::Collected {
                        continue;
                    }
                    sweep(prog, st);
                    if tighten(prog, st, false) {
                        core.stats.compacted += 1;
                    }
                    core.apply_counts(&mut st.heap);
                    core.stats.idle_sweeps += 1;
                }
                continue;
            }
            if shutdown.is_some() {
                // cancelled coroutines still waiting: give them the grace period (after
                // the sweep above: a `defer` draining a channel whose other senders are
                // garbage sees it close)
                let wait = if idle == Idle::Ran { SWEEP_AFTER_NS } else { 10_000_000 };
                if idle == Idle::Ran {
                    idle = Idle::Settled;
                }
                drop(core);
                host.sleep_ns(wait);
                continue;
            }
            // the first idle wait is at most `SWEEP_AFTER_NS` (then the sweep)
            let cap = if idle == Idle::Ran {
                idle = Idle::Settled;
                SWEEP_AFTER_NS
            } else {
                i64::MAX
            };
            // (the whole time: a signal ends either wait early)
            core.drop_stale_timers();
            let mut next_timer = core.timers.peek().map(|Reverse((at, _))| at.saturating_sub(host.now_ns()).max(0));
            if !core.output_waits.is_empty() {
                // look at the output thread's backlog again soon
                next_timer = Some(next_timer.map_or(OUTPUT_RECHECK_NS, |t| t.min(OUTPUT_RECHECK_NS)));
            }
            if !core.io_waits.is_empty() || !core.file_waits.is_empty() {
                // wait for a socket, a file, the next sleeper or a signal, whichever comes first
                poll_io(&mut core, host, next_timer.unwrap_or(IO_IDLE_WAIT_NS).min(cap));
                continue;
            }
            drop(core);
            if let Some(wait) = next_timer {
                // nothing to run before the next sleeper wakes (a signal may come first)
                host.sleep_ns(wait.min(cap));
                continue;
            }
            if cap != i64::MAX {
                host.sleep_ns(cap);
                continue;
            }
            if lock_cell(cell).handlers.is_empty() {
                let core = lock_cell(cell);
                super::deadlock::prepare(&core, &mut run);
                let report = super::deadlock::report(prog.module, &core, &run, main);
                // the cleanup for `exit(n)` cannot finish (it waits for coroutines that
                // wait for one that called `exit`, say): the exit goes ahead, and says so
                if let Some(code) = main.exiting().or(core.exit_after_cleanup) {
                    host.write(2, format!("warning: the cleanup for `exit({code})` cannot finish: {report}").as_bytes());
                    host.flush();
                    return Outcome::Exit(code);
                }
                return Outcome::Panic(format!("panicked: {report}"));
            }
            // a signal handler may still wake someone: wait for a signal (the sleep ends
            // early when one arrives)
            host.sleep_ns(10_000_000);
            continue;
        };
        run.marks[id as usize].set(QUEUED, false);
        if run.marks[id as usize].has(AWAY) {
            // woken while its slice runs on another worker: it goes again when back
            run.marks[id as usize].set(REWAKE, true);
            continue;
        }
        run.unpack(id);
        run.ran(id);
        idle = Idle::Ran;
        slices += 1;
        core.stats.slices = slices;
        if slices > opts.max_slices {
            return Outcome::OutOfFuel;
        }
        // busy for long: the holders of senders of awaited channels get their sweep
        // anyway (a coroutine that never waits must not keep a channel open whose last
        // senders are garbage, in its heap or in the receiver's own variables). The
        // sweep takes at most a twentieth of the time: with many heaps to look at, it runs
        // less often.
        if slices & (BUSY_SWEEP_CHECK - 1) == 0 && host.now_ns() >= next_busy_sweep {
            let start = host.now_ns();
            sweep_holders_of_awaited(prog, &mut core, &mut run, main);
            let end = host.now_ns();
            next_busy_sweep = end.saturating_add(BUSY_SWEEP_NS.max(end.saturating_sub(start).saturating_mul(BUSY_SWEEP_BUDGET)));
        }
        // it runs now, so its heap changes: the sweeps look at it again (after the busy
        // sweep above, which may have just collected it and must not leave it marked)
        run.marks[id as usize].set_swept(Swept::No);
        core.me = id;
        // it runs again: whatever else it was registered for is over (`wait.rs`), but for
        // a `select` preempted in the middle of a round of its arms: the arms it tried
        // stay registered until its `SelWait` (cleared here, it would park there waiting
        // for nothing: a false deadlock, or a hang)
        if !core.mid_select_round(id) {
            core.clear_waits(id);
        }
        // another worker takes it if one is free, this thread has other coroutines to
        // run, and it computes (its last slice used up its time) or handles a signal;
        // the entry's coroutine stays here. Otherwise it runs here: a coroutine woken by
        // one that now waits (a ping-pong, a request handed to a handler) runs at once,
        // and one that is quickly done (most spawned ones) costs no hand-over, which
        // takes longer than its work. Nothing is handed over while a socket native out
        // of file descriptors waits for the sweep of every heap.
        let hand_over = id != 0
            && !run.ready.is_empty()
            && core.fds_short.is_empty()
            && (run.marks[id as usize].has(HUNGRY) || run.states.fiber(id as usize).is_some_and(|f| f.urgent));
        if let (true, Some(p)) = (hand_over, pool.as_deref_mut()) {
            if let Some(mut fiber) = run.states.take_fiber(id as usize) {
                let Some(start) = fiber.st.suspended.take() else {
                    return Outcome::InternalError(format!("coroutine {id} has nowhere to continue"));
                };
                match p.offer(id, fiber, start) {
                    Ok(()) => {
                        run.marks[id as usize].set(AWAY, true);
                        core.stats.on_workers += 1;
                        continue;
                    }
                    Err((mut fiber, start)) => {
                        fiber.st.suspended.set(start);
                        run.states.put_fiber(id as usize, fiber);
                    }
                }
            }
        }
        let Some(st) = run.coroutine(main, id) else { continue };
        st.slice = Some(reductions);
        let Some(start) = st.suspended.take() else {
            return Outcome::InternalError(format!("coroutine {id} has nowhere to continue"));
        };
        #[cfg(feature = "std")]
        let outcome = if pool.is_some() {
            // the workers need the bookkeeping while this slice runs
            drop(core);
            let o = interp::execute(prog.module, prog.tables, st, host, start, super::CoAccess::Shared(cell, id));
            core = lock_cell(cell);
            o
        } else {
            interp::execute(prog.module, prog.tables, st, host, start, super::CoAccess::Own(&mut core))
        };
        #[cfg(not(feature = "std"))]
        let outcome = interp::execute(prog.module, prog.tables, st, host, start, super::CoAccess::Own(&mut core));
        run.marks[id as usize].set(HUNGRY, matches!(outcome, Outcome::Preempted));
        if opts.sweep_each_slice {
            if let Some(st) = run.coroutine(main, id) {
                sweep(prog, st);
                let _ = tighten(prog, st, true);
            }
        }
        let stopped = matches!(outcome, Outcome::Blocked | Outcome::Preempted);
        if let Some(o) = prog.after_slice(&mut core, &mut run, main, host, shutdown.as_ref(), id, outcome) {
            return o;
        }
        if let Some(sd) = shutdown.as_mut().filter(|_| stopped) {
            if let Err(o) = cancel_if_uncancelled(prog, &mut core, &mut run, main, host, sd, id) {
                return o;
            }
        }
    }
}

/// A signal handler's coroutine could not start (its closure and the signal do not fit
/// its heap, `.heap_size`): said on stderr, as a coroutine's end is; the run goes on.
fn handler_not_started(host: &mut dyn Host, report: &str) {
    host.write(2, format!("a signal handler did not start: {report}").as_bytes());
}

/// Sweeps, while coroutines keep running, the coroutines that hold a sender of a channel
/// someone waits to receive on: those senders may be garbage (the spawner's copies, a
/// variable of an ended scope), which no idle moment collects while others run. Waiting
/// and preempted coroutines alike (both stopped at a safepoint); a heap is looked at
/// once per time its coroutine ran, unless the set of awaited channels changed since.
fn sweep_holders_of_awaited(prog: Prog, core: &mut Core, run: &mut Run, main: &mut State) {
    let (awaited, print) = core.awaited_channels();
    if awaited.is_empty() {
        return;
    }
    if core::mem::replace(&mut run.awaited_print, print) != print {
        // other channels are awaited now: a heap looked at before may hold their senders
        run.marks.iter_mut().filter(|m| m.swept() == Swept::Looked).for_each(|m| m.set_swept(Swept::No));
    }
    let is_awaited = |c: u32| awaited.get(c as usize / 64).is_some_and(|w| w & (1 << (c % 64)) != 0);
    for (id, st) in states_here(&mut run.states, main) {
        if run.marks[id].swept() != Swept::No || st.suspended.is_none() {
            continue;
        }
        run.marks[id].set_swept(Swept::Looked);
        if st.heap.holds_sender_where(is_awaited) {
            run.marks[id].set_swept(Swept::Collected);
            sweep(prog, st);
            core.apply_counts(&mut st.heap);
            core.stats.busy_sweeps += 1;
        }
    }
}

/// Collects the heaps here that hold sockets (streams and listeners, live at their last
/// collection or made since) and closes the sockets that were garbage: a socket native that ran
/// out of file descriptors tries again after it (`Core::out_of_fds`). Packed coroutines
/// were collected when packed; others running on another worker are not swept.
fn sweep_socket_holders(prog: Prog, core: &mut Core, run: &mut Run, main: &mut State, host: &mut dyn Host) {
    core.fds_short.clear();
    core.fd_sweeps = core.fd_sweeps.wrapping_add(1);
    for (id, st) in states_here(&mut run.states, main) {
        // (a heap collected since its coroutine last ran has no new garbage: a program
        // that keeps trying finds the sweep cheap)
        let sockets = !st.heap.stream_slots.is_empty() || st.heap.sockets_since_gc > 0 || st.heap.sockets_live > 0;
        if run.marks[id].swept() == Swept::Collected || st.suspended.is_none() || !sockets {
            continue;
        }
        sweep(prog, st);
        core.apply_counts(&mut st.heap);
        run.marks[id].set_swept(Swept::Collected);
    }
    pass_socket_counts(core, host);
}

/// The states of the coroutines whose fibers are on this thread (not running on another
/// worker), by id: the entry's (`main`) and the spawned ones in `states`.
fn states_here<'a>(states: &'a mut super::states::States, main: &'a mut State) -> impl Iterator<Item = (usize, &'a mut State)> {
    let spawned = states.fibers_mut().filter(|&(id, _)| id > 0);
    core::iter::once((0, main)).chain(spawned.map(|(id, f)| (id, &mut f.st)))
}

/// Collects the heap of a coroutine stopped at a safepoint, waiting or preempted (with
/// the registers it will not read again cleared first, so that what only they held is
/// garbage too).
fn sweep(prog: Prog, st: &mut State) {
    if let Some(r) = st.suspended.get() {
        gc::collect(prog.module, prog.tables, st, Some(r));
    }
}

/// Slot vectors at least this long, at most half of them in use, are compacted by the
/// idle sweep (`tighten`).
const TIGHTEN_SLOTS: usize = 4096;

/// After a sweep of a waiting coroutine's heap: a slot vector less than half in use
/// (a burst of garbage freed among what lives on, as when a loop spawning a million
/// coroutines kept a sender of each: its closures and the other ends were garbage in
/// between) is compacted (`gc::compact`, which the collection just made valid) and
/// trimmed to what is in use, so the room for the burst is not kept while the program
/// waits. `always`: whenever a slot is free (`CoOptions::sweep_each_slice`, so that the
/// program suite compacts the entry's state and every other at each slice).
fn tighten(prog: Prog, st: &mut State, always: bool) -> bool {
    let h = &st.heap;
    let in_use = h.objs.len() - h.free.len();
    let worth = h.objs.capacity() >= TIGHTEN_SLOTS && in_use <= h.objs.capacity() / 2;
    if !(worth || always) || st.stash.is_some() {
        return false;
    }
    let Some(r) = st.suspended.get() else { return false };
    if !gc::compact(prog.module, prog.tables, st, r) {
        return false;
    }
    st.heap.objs.shrink_to_fit();
    st.heap.free.shrink_to_fit();
    true
}

/// A slice another worker ran is back: its state returns to `run`, then as after any
/// slice; a coroutine woken meanwhile is queued, and during a shutdown one still to be
/// cancelled is (`cancel_if_uncancelled`: one that never waits at its safepoint, as it
/// would have been on this thread).
fn slice_back(
    prog: Prog,
    cell: &CoreCell,
    run: &mut Run,
    main: &mut State,
    host: &mut dyn Host,
    shutdown: &mut Option<Shutdown>,
    (id, fiber, outcome): (CoId, Box<Fiber>, Outcome),
) -> Option<Outcome> {
    let mut core = lock_cell(cell);
    let i = id as usize;
    run.marks[i].set(AWAY, false);
    run.states.put_fiber(i, fiber);
    run.marks[i].set(HUNGRY, matches!(outcome, Outcome::Preempted));
    let blocked = matches!(outcome, Outcome::Blocked);
    let stopped = blocked || matches!(outcome, Outcome::Preempted);
    let end = prog.after_slice(&mut core, run, main, host, shutdown.as_ref(), id, outcome);
    if run.marks[i].take(REWAKE) && blocked {
        run.queue(id, false);
    }
    if let Some(sd) = shutdown.as_mut().filter(|_| stopped) {
        if let Err(o) = cancel_if_uncancelled(prog, &mut core, run, main, host, sd, id) {
            return Some(o);
        }
    }
    end
}

/// During a shutdown, cancels coroutine `id`, which has just `stopped` (waits, or its
/// slice ended at a safepoint), if it is still to be cancelled: it was on another worker
/// when the shutdown began, or started during it. Once: one cancelled before that caught
/// the signal and waits again is left to finish.
/// (Out of line, and called only during a shutdown: a slice's end pays one test.)
#[inline(never)]
fn cancel_if_uncancelled(prog: Prog, core: &mut Core, run: &mut Run, main: &mut State, host: &mut dyn Host, sd: &mut Shutdown, id: CoId) -> Result<(), Outcome> {
    if !sd.take_uncancelled(core, id) {
        return Ok(());
    }
    prog.cancel(core, run, main, host, sd, id)
}

#[cfg(test)]
mod tests {
    use super::{Marks, Swept, AWAY, HUNGRY, NOTED, QUEUED, REWAKE};

    /// A coroutine's marks and its sweep state share a byte and leave each other be.
    #[test]
    fn marks_share_a_byte() {
        assert_eq!(size_of::<Marks>(), 1);
        let mut m = Marks::default();
        m.set(QUEUED, true);
        m.set_swept(Swept::Collected);
        m.set(HUNGRY, true);
        m.set(NOTED, true);
        assert!(m.has(QUEUED) && m.has(HUNGRY) && m.has(NOTED) && !m.has(AWAY | REWAKE));
        assert!(m.swept() == Swept::Collected);
        m.set_swept(Swept::Looked);
        assert!(m.swept() == Swept::Looked && m.has(QUEUED | HUNGRY));
        m.set(REWAKE, true);
        assert!(m.take(REWAKE) && !m.take(REWAKE));
        m.set(QUEUED, false);
        assert!(!m.has(QUEUED) && m.has(HUNGRY) && m.swept() == Swept::Looked);
        m.set_swept(Swept::No);
        assert!(m.swept() == Swept::No && m.has(HUNGRY));
    }
}
