//! The coroutine scheduler's run, on the scheduler's own thread: a ready queue of
//! coroutines, each run for a time slice of `reductions` safepoints, here or on one of
//! the other workers it hands slices to (`pool.rs`), by the loop in `sched/turns.rs`;
//! the coroutines' table (`Run`) and the sweeps of their heaps are here.
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
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use super::lifecycle::Prog;

mod packing;
mod turns;
use turns::{lock_cell, schedule};
#[cfg(feature = "std")]
use super::pool::Pool;
use super::shutdown::Shutdown;
use super::{CoId, Core, Failure};
use crate::transfer::{self, Packet};
use crate::unwind::Resume;
use crate::{gc, Host, Limits, Outcome, State, Vm};

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

    /// Whether the run's tables have room for coroutine `id` (and one more ready), made
    /// now where they had not: `false` when the system refuses it, and the coroutine
    /// cannot start (an `OOM` of its own, not the process aborting).
    pub fn room_for(&mut self, id: CoId) -> bool {
        // (most coroutines take a recycled id: their room is there)
        if (id as usize) < self.runs.len() && self.ready.len() < self.ready.capacity() {
            return true;
        }
        let n = (id as usize + 1).saturating_sub(self.runs.len());
        self.states.try_reserve_to(id as usize + 1)
            && self.runs.try_reserve(n).is_ok()
            && self.marks.try_reserve(n).is_ok()
            && self.ready.try_reserve(1).is_ok()
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
            let asked = workers.len();
            let mut pool = Pool::start(scope, prog, &cell, workers, opts.reductions.max(1));
            if let Some(e) = pool.refused.take() {
                // (the run goes on with fewer: a limit on threads need not end a service)
                let started = pool.workers() + 1;
                let msg = alloc::format!("warning: the coroutine runtime runs on {started} of its {} threads: the system refused the others ({e})\n", asked + 1);
                host.write(2, msg.as_bytes());
            }
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

/// A signal handler's coroutine could not start (its closure and the signal do not fit
/// its heap, `.heap_size`): said on stderr after what it was to handle (`cause`: the
/// coroutine's end, the OS signal's delivery), as a coroutine's end is; the run goes on.
fn handler_not_started(host: &mut dyn Host, cause: &str, report: &str) {
    host.write(2, format!("{}\nits signal handler did not start: {report}", cause.trim_end()).as_bytes());
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
