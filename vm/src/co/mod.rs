//! Coroutines: VM-level green threads with isolated heaps, channels and tasks.
//!
//! A coroutine is a [`State`] of its own (heap, registers, frames, globals) running the
//! shared module; the scheduler (`sched.rs`) gives each a time slice in turn
//! (`Outcome::Preempted` ends a slice, so a busy loop cannot starve the others) and
//! parks those that wait (packed, `packed.rs`, while very many are alive). Nothing is
//! shared between heaps: what `spawn` captures and
//! what a channel carries is copied (`transfer.rs`); a channel end copied into another
//! heap is a new end of the same channel.
//!
//! This file is the scheduler's bookkeeping ([`Core`]: channels, tasks and their
//! counts); `natives.rs` has the coroutine natives, `wait.rs` who waits for what,
//! `select.rs` a `select`'s state. A native that must wait returns `Trap::Block` after
//! registering the coroutine as a waiter: the interpreter parks it at that instruction,
//! and when the scheduler wakes it the instruction runs again, finding the channel or
//! task ready, or registering again. `lifecycle.rs` starts coroutines and ends their
//! slices, `sched.rs` is the loop, `pool.rs` the extra worker threads, `shutdown.rs`
//! the graceful shutdown, `deadlock.rs` the report when every coroutine waits and none
//! can be woken, `waiters.rs` the queue of coroutines waiting on a channel or a task,
//! `ring.rs` a channel's message queue.
//!
//! Channels count their live senders: +1 for every sender end created in any heap
//! (`ChanNew`, `ChanClone`, a copy arriving), -1 when the collector frees one or its
//! coroutine ends. `recv` on an empty channel without senders returns `None`. Receivers
//! are counted the same way; a channel with neither left is freed (the messages still
//! queued go with it) and its number serves the next `ChanNew`.
mod deadlock;
mod handoff;
mod lifecycle;
mod natives;
pub(crate) mod packed;
#[cfg(feature = "std")]
mod pool;
mod ring;
pub(crate) mod sched;
mod shutdown;
pub(crate) mod states;
mod select;
mod wait;
mod waiters;

use alloc::collections::BinaryHeap;
use hashbrown::{HashMap, HashSet};
use core::cmp::Reverse;
use alloc::vec::Vec;

use cprime_bytecode::module::Kind;

use crate::heap::{Counted, Heap};
use crate::transfer::Packet;
use crate::Trap;

pub(crate) use natives::{call, file_op, file_op_pending, sleep};
pub use sched::{CoOptions, SchedStats};
pub use shutdown::{grace_expired as shutdown_grace_expired, GRACE_NS as SHUTDOWN_GRACE_NS, SHUTDOWN_SIGNALS};
pub(crate) use wait::Wait;

/// How a running time slice reaches the scheduler's bookkeeping.
pub(crate) enum CoAccess<'a> {
    /// Not under the coroutine scheduler.
    None,
    /// One worker: the scheduler lends its bookkeeping for the slice.
    Own(&'a mut Core),
    /// Several workers: locked for each native that needs it, as coroutine `.1`.
    #[cfg(feature = "std")]
    Shared(&'a std::sync::Mutex<Core>, CoId),
}

impl CoAccess<'_> {
    /// A signal raised in the running coroutine was caught: a `select` it raised out of
    /// is over (`Core::leave_raised_select`).
    #[cold]
    pub fn signal_caught(&mut self) {
        match self {
            CoAccess::None => {}
            CoAccess::Own(c) => {
                let me = c.me;
                c.leave_raised_select(me);
            }
            #[cfg(feature = "std")]
            CoAccess::Shared(m, id) => lock(m).leave_raised_select(*id),
        }
    }
}

/// Locks the shared bookkeeping (a worker that panicked leaves it usable: the run ends
/// with that panic anyway).
#[cfg(feature = "std")]
pub(crate) fn lock(m: &std::sync::Mutex<Core>) -> std::sync::MutexGuard<'_, Core> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// Coroutine ids index `Core::tasks`; 0 is the entry's own coroutine.
pub(crate) type CoId = u32;

/// The scheduler's shared bookkeeping, handed to the natives of the running coroutine.
#[derive(Default)]
pub(crate) struct Core {
    /// What the scheduler did, for `Vm::sched_stats`.
    pub stats: sched::SchedStats,
    chans: Vec<Chan>,
    /// Numbers of freed channels, for reuse.
    free_chans: Vec<u32>,
    /// Rendezvous channels whose message a `select` send arm handed to a receiver
    /// waiting in its own `select` (`Select::committed`), with that coroutine. Other
    /// receivers leave the message to it while the promise holds, that is while that
    /// `select` still says it is committed there (`Core::promised_elsewhere` checks both:
    /// a `select` that drops a promise in `SelWait` leaves the entry as it is). The arm
    /// has sent: a graceful shutdown lets the receiver take it before it is cancelled
    /// (`Core::owes_a_take`). (A plain receiver is handed its message:
    /// `Progress::Given`.) Rare, so kept here rather than in every channel.
    promises: hashbrown::HashMap<u32, CoId>,
    /// Dropped packets whose counts are still to be given back (`release`), and whether
    /// that is under way.
    orphans: Vec<Packet>,
    dropping: bool,
    /// Buffers of consumed packets, for the next spawn's or message's export.
    pub spares: crate::transfer::Spares,
    tasks: Vec<Task>,
    /// The coroutines waiting to join each task, for the few tasks someone waits for
    /// (beside the tasks: every task, parked ones too, would carry 16 bytes for them).
    joiners: HashMap<CoId, waiters::WaitQueues<1>>,
    /// Recycled task ids.
    free_tasks: Vec<CoId>,
    /// The running coroutine.
    pub me: CoId,
    /// Coroutines `spawn` created this slice, with their closures, to start.
    pub spawned: Vec<(CoId, Packet)>,
    /// Coroutines whose wait may be over.
    pub woken: Vec<CoId>,
    /// The signal kind (layout) of the graceful shutdown under way, if one is: the
    /// stages wrapper leaves the cleanup to the scheduler then (`SigIsCancel`,
    /// `ShuttingDown`).
    pub shutdown: Option<u32>,
    /// During a shutdown, the coroutines that were there when it began and are still
    /// to be cancelled where they next stop (`shutdown.rs`: one with a send or a take
    /// to complete first, one away on another worker): such a one stops at its next
    /// channel operation, join or sleep even where that would complete at once
    /// (`stops_for_cancel`), so it is cancelled before it can see what cancelling the
    /// others did (a channel whose last sender they held closed, a join of one of them).
    pub cancel_at_stop: HashSet<CoId>,
    /// The entry's stages are being cleaned up (`cleanup_begins`): as during `exit(n)`'s
    /// cleanup, a graceful shutdown that begins now cancels nothing and leaves the
    /// cleanup to finish, and an `exit(n)` elsewhere ends only its coroutine, its status
    /// kept for when the entry ends (`exit_after_cleanup`, the first one's).
    pub entry_cleaning_up: bool,
    pub exit_after_cleanup: Option<i32>,
    /// Coroutines alive (started and not finished); `spawn` fails past `max`.
    pub live: usize,
    pub max: usize,
    /// `scheduler.handle(..)`: OS signal number -> handler closure.
    pub handlers: Vec<(i32, Packet)>,
    /// `scheduler.handle(..)` of a signal kind: layout -> handler closure, for
    /// coroutines that end with that signal unhandled.
    pub sig_handlers: Vec<(u32, Packet)>,
    /// Handler coroutines to start: (handler closure, signal value), both counted.
    pub handler_starts: Vec<(Packet, Packet, alloc::string::String)>,
    /// Coroutines in `scheduler.run()`, waiting for every other one to finish.
    pub all_waiters: Vec<CoId>,
    /// Sleeping coroutines by wake-up time (monotonic nanoseconds), earliest first.
    /// A registration given up (a `select`'s timer arm that lost) stays until its time
    /// comes, or until the heap has doubled since it was last compacted.
    pub timers: BinaryHeap<Reverse<(i64, CoId)>>,
    /// The length at which `timers` is compacted next (`Core::compact_timers`).
    pub timers_compact_at: usize,
    /// Coroutines waiting for a socket to become readable (`false`) or writable.
    pub io_waits: HashMap<(u32, bool), Vec<CoId>>,
    /// Coroutines waiting for a file operation (by ticket) the host runs elsewhere.
    pub file_waits: HashMap<u32, CoId>,
    /// File operations whose coroutine gave them up (cancelled by the shutdown): their
    /// results are taken from the host and dropped once they finish (`poll_io`).
    pub abandoned_files: Vec<u32>,
    /// Coroutines that print, waiting for the output thread to catch up.
    pub output_waits: Vec<CoId>,
    /// Socket reference counts to pass on to the host (`NetHost::retain`), in order.
    pub socket_deltas: Vec<(u32, i32)>,
    /// Coroutines whose socket native ran out of file descriptors (`Core::out_of_fds`):
    /// the scheduler is to collect the heaps holding sockets before they run again; and
    /// how many such sweeps it has made (wrapping).
    pub fds_short: Vec<CoId>,
    pub fd_sweeps: u32,
}

#[derive(Default)]
struct Chan {
    /// Capacity (1 up to `MAX_CAP`: a larger one is as good as unbounded) and, in the top
    /// bit (`RENDEZVOUS`), whether it is a rendezvous channel (`channel(0)`, Go's
    /// unbuffered: one message at a time, and its sender waits until a receiver has
    /// taken it, `Progress::Handed`); 0 marks a freed channel.
    cap_bits: u32,
    /// Messages taken so far (wrapping): a rendezvous sender's message numbered `n` has
    /// been taken once this passes `n`.
    taken: u32,
    queue: ring::Ring,
    /// Live ends (counted as `count` says; `i32`: ends are heap objects, fewer by far).
    senders: i32,
    receivers: i32,
    /// Coroutines waiting to receive (queue `RECV`) and to send (`SEND`).
    waiting: waiters::WaitQueues<2>,
}

/// `Chan::cap_bits`'s rendezvous flag, and the largest capacity below it.
const RENDEZVOUS: u32 = 1 << 31;
const MAX_CAP: u32 = RENDEZVOUS - 1;

/// How a coroutine ended (`Task::end`), as the task keeps it (`Progress::Ended` and the
/// two after it: a result that carries no object, a number as most do, inline, anything
/// else boxed, so that every task, running or not, carries 16 bytes for it).
#[derive(Clone, Copy)]
pub(crate) enum End<'a> {
    Plain(u64),
    Result(&'a Packet),
    Failed(&'a Failure),
}

impl<'a> End<'a> {
    /// The packet it keeps: a result's, or the signal a failure carries.
    pub fn packet(self) -> Option<&'a Packet> {
        match self {
            End::Plain(_) => None,
            End::Result(p) => Some(p),
            End::Failed(Failure::Signal(p)) => Some(p),
            End::Failed(Failure::Oom | Failure::Exited) => None,
        }
    }
}

/// How a coroutine failed, which decides what `join` does in each joiner.
pub(crate) enum Failure {
    /// An unhandled signal: each joiner raises a copy of it, where it joins (a `catch`
    /// around the join can recover).
    Signal(Packet),
    /// It could not start (its captures do not fit its heap), or its result could not
    /// be copied out of its heap: joiners raise `OOM`.
    Oom,
    /// It called `exit(n)`: the process ends once the entry's stages are cleaned up, and
    /// its joiners wait until then (as a thread joining one that called C's `exit`).
    Exited,
}

#[derive(Default)]
pub(crate) struct Task {
    pub kind: Option<Kind>,
    /// Join handles to it in heaps and packets; with none left once it has finished,
    /// the task's slot (and id) is recycled.
    pub handles: i32,
    /// While it runs, where the blocking native it is in stands across its waits (a
    /// coroutine is in one at a time: a sleep's wake-up time, or a host operation's
    /// progress); once it has ended, its result or how it failed. One field for both
    /// (`Progress::Ended`): an ended coroutine is in no native.
    progress: Progress,
    /// What it waits for (`wait.rs`): one thing, but for a `select`'s arms, so one is
    /// kept inline (no allocation for each wait); with several, the `select` state it
    /// is in (made at its first one: most coroutines never select, and every parked one
    /// would carry it).
    pub waits: wait::Waits,
}

// Every parked coroutine of bench/co_parked.cp has a channel of its own: keep it small.
#[cfg(target_pointer_width = "64")]
const _: () = assert!(size_of::<Chan>() <= 48);

/// `Chan::waiting`'s two queues.
const RECV: usize = 0;
const SEND: usize = 1;

impl Chan {
    fn new(cap: usize) -> Chan {
        let bits = if cap == 0 { 1 | RENDEZVOUS } else { u32::try_from(cap).unwrap_or(MAX_CAP).min(MAX_CAP) };
        Chan { cap_bits: bits, ..Chan::default() }
    }

    /// How many messages it holds at most (1 for a rendezvous channel; 0 once freed).
    #[inline]
    fn cap(&self) -> usize {
        (self.cap_bits & MAX_CAP) as usize
    }

    #[inline]
    fn rendezvous(&self) -> bool {
        self.cap_bits & RENDEZVOUS != 0
    }

    /// The coroutines waiting to receive.
    fn recv_wait(&self) -> waiters::Waiters<'_> {
        self.waiting.at(RECV)
    }

    /// The coroutines waiting to send.
    fn send_wait(&self) -> waiters::Waiters<'_> {
        self.waiting.at(SEND)
    }

    fn recv_wait_mut(&mut self) -> waiters::WaitersMut<'_, 2> {
        self.waiting.at_mut(RECV)
    }

    fn send_wait_mut(&mut self) -> waiters::WaitersMut<'_, 2> {
        self.waiting.at_mut(SEND)
    }

    /// The coroutines waiting to send (`send`) or to receive.
    fn wait_list(&mut self, send: bool) -> waiters::WaitersMut<'_, 2> {
        self.waiting.at_mut(if send { SEND } else { RECV })
    }
}

// Every coroutine has a task, parked ones too (bench/co_parked.cp): keep it small.
#[cfg(target_pointer_width = "64")]
const _: () = assert!(size_of::<Task>() <= 40);

// (the other variants fit around `End`'s tag: a task carries 16 bytes for both)
#[cfg(target_pointer_width = "64")]
const _: () = assert!(size_of::<Progress>() == 16);

/// See `Task::progress`: one field for what no coroutine does at once.
#[derive(Default)]
enum Progress {
    #[default]
    None,
    /// The wake-up time of the sleep it is in (`thread::sleep`, `timer::after`).
    Sleep(i64),
    /// Bytes written, the socket being connected, or the ticket of a file operation.
    Io(u64),
    /// A send on a rendezvous channel: the channel and the number of the message it
    /// put there, which it waits to see taken (`Chan::taken`).
    Handed(u32, u32),
    /// A `write_all` on a stream with a write timeout: bytes written (up to 4 GiB; past
    /// that it is `Io`, without a deadline) and when it gives up (host clock, ns, in
    /// halves: aligned to 4 bytes, the variant fits beside `End`'s tag).
    Write(u32, [u32; 2]),
    /// A socket native out of file descriptors waits for the scheduler's sweep after
    /// this many (`Core::out_of_fds`).
    FdSweep(u32),
    /// A message a sender handed straight to it while it waited to receive, first of the
    /// receivers (`Core::hand_to`): it takes it when its `recv` runs again. A number (or
    /// null) inline,
    Given(u64),
    /// anything else as its packet.
    GivenPacket(alloc::boxed::Box<Packet>),
    /// A plain receiver woken for a message queued on this channel (`wake_waiter`):
    /// should another coroutine take it first (a `select` woken by something else, a
    /// newcomer), it waits again first in line, where it was, not behind the receivers
    /// that came after it (`ChanRecv`).
    Summoned(u32),
    /// A plain send waiting for a place on a full channel, holding its message
    /// (`Core::park_pending`),
    Pending(alloc::boxed::Box<Packet>),
    /// which a receiver has put in the place it freed: the send is done.
    Placed,
    /// It has ended (`Task::end`): with a result that carries no object,
    Ended(u64),
    /// with one that does,
    Result(alloc::boxed::Box<Packet>),
    /// or it failed.
    Failed(alloc::boxed::Box<Failure>),
}

impl Progress {
    /// Where a coroutine that ended with `result` (or failed) stands.
    fn ended(result: Result<Packet, Failure>) -> Progress {
        match result {
            Ok(p) => match p.plain() {
                Some(v) => Progress::Ended(v),
                None => Progress::Result(alloc::boxed::Box::new(p)),
            },
            Err(f) => Progress::Failed(alloc::boxed::Box::new(f)),
        }
    }
}

impl Task {
    /// Whether its coroutine has ended (with a result or a failure).
    fn finished(&self) -> bool {
        self.end().is_some()
    }

    /// How it ended, once it has.
    pub fn end(&self) -> Option<End<'_>> {
        match &self.progress {
            Progress::Ended(v) => Some(End::Plain(*v)),
            Progress::Result(p) => Some(End::Result(p)),
            Progress::Failed(f) => Some(End::Failed(f)),
            _ => None,
        }
    }

    /// Where the native it is in stands (nothing once it has ended: that stays).
    fn set_progress(&mut self, p: Progress) {
        if !self.finished() {
            self.progress = p;
        }
    }

    /// The wake-up time of the sleep it is in.
    pub fn deadline(&self) -> Option<i64> {
        match self.progress {
            Progress::Sleep(at) => Some(at),
            _ => None,
        }
    }

    pub fn set_deadline(&mut self, at: Option<i64>) {
        self.set_progress(at.map_or(Progress::None, Progress::Sleep));
    }

    /// How far the host operation it is in has come (bytes written, the socket being
    /// connected, a file operation's ticket).
    pub fn io_progress(&self) -> Option<u64> {
        match self.progress {
            Progress::Io(p) => Some(p),
            _ => None,
        }
    }

    pub fn set_io_progress(&mut self, p: Option<u64>) {
        self.set_progress(p.map_or(Progress::None, Progress::Io));
    }

    /// A timed `write_all`'s bytes written and deadline (`Progress::Write`).
    pub fn timed_write(&self) -> Option<(u64, i64)> {
        match self.progress {
            Progress::Write(done, [lo, hi]) => Some((done as u64, (u64::from(lo) | u64::from(hi) << 32) as i64)),
            _ => None,
        }
    }

    /// (Callers keep texts past 4 GiB written in `Progress::Io`, without a deadline.)
    pub fn set_timed_write(&mut self, done: u64, at: i64) {
        self.set_progress(Progress::Write(u32::try_from(done).unwrap_or(u32::MAX), [at as u32, (at as u64 >> 32) as u32]));
    }

    /// The message its plain send waits to put on a full channel (`Progress::Pending`).
    pub fn held_message(&self) -> Option<&Packet> {
        match &self.progress {
            Progress::Pending(p) => Some(p),
            _ => None,
        }
    }

    /// The channel and number of the message its rendezvous send handed over, while it
    /// waits.
    pub fn handed(&self) -> Option<(u32, u32)> {
        match self.progress {
            Progress::Handed(c, n) => Some((c, n)),
            _ => None,
        }
    }

    pub fn set_handed(&mut self, h: Option<(u32, u32)>) {
        self.set_progress(h.map_or(Progress::None, |(c, n)| Progress::Handed(c, n)));
    }

    /// It gives up the native it was in (cancelled).
    pub fn abandon_progress(&mut self) {
        self.set_progress(Progress::None);
    }
}

impl Core {
    /// Whether the entry is on its way out, cleaning up its stages: its exit hook for
    /// `exit(n)` (`main`'s `exiting`), or its `{cleanup}` after the body ended.
    pub fn entry_cleaning(&self, main: &crate::State) -> bool {
        self.entry_cleaning_up || main.exiting().is_some()
    }

    pub fn new(max: usize) -> Core {
        Core { tasks: alloc::vec![Task::default()], live: 1, max, ..Core::default() }
    }

    /// The channels a coroutine waits to receive on while they still have senders, as a
    /// bit set by channel number, and a fingerprint of that set (the busy sweep looks
    /// again at heaps it has seen when the set changes). Empty when there are none.
    pub fn awaited_channels(&self) -> (Vec<u64>, u64) {
        let mut set = Vec::new();
        let mut print = 0u64;
        for (c, ch) in self.chans.iter().enumerate() {
            if ch.senders > 0 && ch.recv_wait().iter().any(|&x| wait::registered(&self.tasks, x, Wait::Recv(c as u32))) {
                if set.is_empty() {
                    set.resize(self.chans.len().div_ceil(64), 0u64);
                }
                set[c / 64] |= 1 << (c % 64);
                // order-independent, and unlikely to repeat for another set
                print = print.wrapping_add((c as u64 + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15));
            }
        }
        (set, print)
    }

    pub fn task_mut(&mut self, id: CoId) -> Option<&mut Task> {
        self.tasks.get_mut(id as usize)
    }

    pub fn task(&self, id: CoId) -> Option<&Task> {
        self.tasks.get(id as usize)
    }

    /// Applies the counted-reference events a heap recorded (channel ends, sockets and
    /// join handles created, collected, or dropped with their coroutine); a channel that
    /// lost its last sender wakes its receivers, which then see `None`.
    #[inline]
    pub fn apply_counts(&mut self, heap: &mut Heap) {
        // most natives create or drop no counted reference: nothing to look at
        if !heap.events.is_empty() {
            self.apply_each(heap);
        }
    }

    #[inline(never)]
    fn apply_each(&mut self, heap: &mut Heap) {
        for (c, delta) in heap.events.drain(..) {
            match c {
                Counted::Port { chan, sender } => self.count(chan, sender, delta as i64),
                Counted::Socket(s) => self.socket_deltas.push((s, delta)),
                Counted::Task(id) => self.count_handles(id, delta as i64),
            }
        }
    }

    /// Counts join handles of task `id`; recycles a finished task nobody can join.
    fn count_handles(&mut self, id: CoId, delta: i64) {
        let Some(t) = self.tasks.get_mut(id as usize) else { return };
        t.handles = t.handles.saturating_add(delta.clamp(i32::MIN as i64, i32::MAX as i64) as i32);
        if t.handles <= 0 && t.finished() && id != 0 {
            self.recycle(id);
        }
    }

    /// Coroutine `id` gives up the native it was in (cancelled by the shutdown): a
    /// rendezvous send takes back its message if no receiver has taken it yet (the
    /// send did not happen; a retry must not deliver it twice).
    /// A file operation it waited for is no longer its: the result (a whole file, maybe)
    /// is dropped when it comes, and nobody is woken for it.
    pub fn abandon(&mut self, id: CoId) {
        let Some(t) = self.tasks.get_mut(id as usize) else { return };
        let handed = t.handed();
        for &w in t.waits.iter() {
            if let Wait::File(ticket) = w {
                if self.file_waits.get(&ticket) == Some(&id) {
                    self.file_waits.remove(&ticket);
                }
                self.abandoned_files.push(ticket);
            }
        }
        // a send waiting for a place did not happen: its message goes (a receiver
        // handed one is not cancelled before it took it, as `owes_a_take` says; were
        // it, the message would go with it)
        let held = match t.progress {
            Progress::GivenPacket(_) | Progress::Pending(_) => core::mem::take(&mut t.progress),
            _ => Progress::None,
        };
        t.abandon_progress();
        if let Progress::GivenPacket(p) | Progress::Pending(p) = held {
            self.release(*p);
        }
        let Some((chan, n)) = handed else { return };
        let Some(c) = self.chans.get_mut(chan as usize).filter(|c| c.cap() > 0) else { return };
        let behind = n.wrapping_sub(c.taken) as i32;
        if behind >= 0 {
            if let Some(p) = c.queue.remove(behind as usize) {
                self.release(p);
                // its place is free for the next sender waiting (not for this one,
                // which waits no more)
                self.clear_waits(id);
                self.place_freed(chan);
            }
        }
    }

    /// `CleanupBegins`, at the start of the entry's `{cleanup}` (after its body returned
    /// or raised, a stage failed, or for `exit(n)`): from now on the entry is on its way
    /// out (`entry_cleaning_up`).
    pub fn cleanup_begins(&mut self) {
        if self.me == 0 {
            self.entry_cleaning_up = true;
        }
    }

    /// Whether coroutine `id` waits in a rendezvous send whose message a receiver has
    /// taken: the send has happened, only its native's second run is left.
    pub fn send_taken(&self, id: CoId) -> bool {
        let Some((chan, n)) = self.task(id).and_then(Task::handed) else { return false };
        self.chans.get(chan as usize).is_some_and(|c| c.taken.wrapping_sub(n) as i32 > 0)
    }

    /// The running coroutine's socket native failed for want of file descriptors
    /// (EMFILE, ENFILE). Sockets that are garbage may hold them (one is closed when a
    /// collection frees it, and other coroutines' heaps may not collect for a while), so
    /// the first time it parks (`Timer(now)`: it is ready again at once) and asks the
    /// scheduler to collect every heap holding sockets before it runs again
    /// (`Err(Trap::Block)`, an arm's too); the native then tries once more. `Ok`: that
    /// sweep was made, the error stands.
    pub fn out_of_fds(&mut self, now: i64, arm: bool) -> Result<(), Trap> {
        let (me, sweeps) = (self.me, self.fd_sweeps);
        let Some(t) = self.task_mut(me) else { return Ok(()) };
        let asked = match t.progress {
            Progress::FdSweep(n) => n,
            _ => sweeps,
        };
        if asked != sweeps {
            t.set_progress(Progress::None);
            return Ok(());
        }
        t.set_progress(Progress::FdSweep(asked));
        if !self.fds_short.contains(&me) {
            self.fds_short.push(me);
        }
        self.park(Wait::Timer(now), arm)?;
        Err(Trap::Block)
    }

    /// The running coroutine's socket native got past the want of file descriptors
    /// (`out_of_fds`): a later failure asks for a sweep of its own.
    pub fn fds_found(&mut self) {
        let me = self.me;
        if let Some(t) = self.task_mut(me).filter(|t| matches!(t.progress, Progress::FdSweep(_))) {
            t.set_progress(Progress::None);
        }
    }

    /// Frees task `id`'s slot for a new coroutine (its result goes with it).
    fn recycle(&mut self, id: CoId) {
        let Some(t) = self.tasks.get_mut(id as usize) else { return };
        let old = core::mem::take(t);
        self.joiners.remove(&id);
        self.free_tasks.push(id);
        match old.progress {
            Progress::Result(p) | Progress::GivenPacket(p) | Progress::Pending(p) => self.release(*p),
            Progress::Failed(f) => {
                if let Failure::Signal(p) = *f {
                    self.release(p);
                }
            }
            _ => {}
        }
    }

    /// Wakes the coroutines waiting for what socket `s` became.
    pub fn io_ready(&mut self, s: u32, readable: bool, writable: bool) {
        let from = self.woken.len();
        for (dir, ready) in [(false, readable), (true, writable)] {
            if ready {
                if let Some(list) = self.io_waits.remove(&(s, dir)) {
                    self.woken.extend(list);
                }
            }
        }
        self.rewoken_from(from);
    }

    /// Counts the channel ends a packet carries: +1 each when it is made, -1 each when
    /// the import that consumes it is done (which made ends of its own).
    pub fn hold(&mut self, p: &Packet, delta: i64) {
        // a number, or a graph without channel ends, sockets or join handles: nothing
        // counted (most messages and captures)
        if !p.counted() {
            return;
        }
        for (chan, sender) in p.ports() {
            self.count(chan, sender, delta);
        }
        for s in p.sockets() {
            self.socket_deltas.push((s, delta as i32));
        }
        for id in p.tasks() {
            self.count_handles(id, delta);
        }
    }

    fn count(&mut self, chan: u32, sender: bool, delta: i64) {
        let Some(c) = self.chans.get_mut(chan as usize).filter(|c| c.cap() > 0) else { return };
        let delta = delta.clamp(i32::MIN as i64, i32::MAX as i64) as i32;
        let from = self.woken.len();
        let tasks = &self.tasks;
        if sender {
            c.senders = c.senders.saturating_add(delta);
            if c.senders <= 0 {
                c.recv_wait_mut().drain_waiting_into(&mut self.woken, |x| wait::registered(tasks, x, Wait::Recv(chan)));
            }
        } else {
            c.receivers = c.receivers.saturating_add(delta);
            if c.receivers <= 0 {
                c.send_wait_mut().drain_waiting_into(&mut self.woken, |x| wait::registered(tasks, x, Wait::Send(chan)));
            }
        }
        self.rewoken_from(from);
        let c = &self.chans[chan as usize];
        if c.senders <= 0 && c.receivers <= 0 {
            self.free_chan(chan);
        }
    }

    /// A new channel of capacity `cap` (0: a rendezvous channel), under a freed
    /// channel's number when there is one.
    pub fn new_chan(&mut self, cap: usize) -> Result<u32, Trap> {
        let chan = Chan::new(cap);
        match self.free_chans.pop() {
            Some(id) => {
                self.chans[id as usize] = chan;
                Ok(id)
            }
            None => {
                let id = u32::try_from(self.chans.len()).ok().filter(|&id| id != DROPPED).ok_or(Trap::Oom)?;
                self.chans.try_reserve(1).map_err(|_| Trap::Oom)?;
                self.chans.push(chan);
                Ok(id)
            }
        }
    }

    /// The coroutine promised the message on channel `chan` (`promises`), if one is.
    fn promised(&self, chan: u32) -> Option<CoId> {
        if self.promises.is_empty() {
            return None;
        }
        self.promises.get(&chan).copied()
    }

    /// The message on channel `chan` is promised to no one (any more).
    fn unpromise(&mut self, chan: u32) {
        if !self.promises.is_empty() {
            self.promises.remove(&chan);
        }
    }

    /// Frees channel `chan`, which no end refers to any more. The messages still queued
    /// are dropped, and the ends they carry with them.
    fn free_chan(&mut self, chan: u32) {
        let Some(c) = self.chans.get_mut(chan as usize) else { return };
        let old = core::mem::take(c);
        self.unpromise(chan);
        self.free_chans.push(chan);
        old.queue.into_messages().for_each(|p| self.release(p));
    }

    /// Drops packet `p` (a freed channel's message, a recycled task's result) with the
    /// references it carries: one packet at a time from a list, so dropping one that
    /// holds the last end of a channel (or handle of a task) holding more never
    /// recurses deeply.
    fn release(&mut self, p: Packet) {
        self.orphans.push(p);
        if self.dropping {
            return;
        }
        self.dropping = true;
        while let Some(p) = self.orphans.pop() {
            self.hold(&p, -1);
        }
        self.dropping = false;
    }

    /// Records that coroutine `id` finished with `result` (or failed), and wakes its
    /// joiners.
    pub fn finish(&mut self, id: CoId, result: Result<Packet, Failure>) {
        self.clear_waits(id);
        self.leave_select(id);
        let from = self.woken.len();
        if let Some(t) = self.tasks.get_mut(id as usize) {
            // (a message it held, handed or waiting to be sent, goes: `abandon` gave
            // it up already wherever it is cancelled)
            if let Progress::GivenPacket(p) | Progress::Pending(p) = core::mem::replace(&mut t.progress, Progress::ended(result)) {
                self.release(*p);
            }
            if let Some(mut joiners) = self.joiners.remove(&id) {
                joiners.at_mut(0).drain_waiting_into(&mut self.woken, |x| wait::registered(&self.tasks, x, Wait::Join(id)));
            }
            if self.tasks[id as usize].handles <= 0 && id != 0 {
                self.recycle(id);
            }
        }
        self.live = self.live.saturating_sub(1);
        self.woken.append(&mut self.all_waiters);
        self.rewoken_from(from);
    }

    /// A new task id for a coroutine about to start (`spawn`, a signal handler).
    pub fn new_task(&mut self, kind: Kind) -> Result<CoId, Trap> {
        let task = Task { kind: Some(kind), ..Task::default() };
        let id = match self.free_tasks.pop() {
            Some(id) => {
                self.tasks[id as usize] = task;
                id
            }
            None => {
                // (`CoId::MAX` is no id: a waiter queue's empty front, `waiters.rs`)
                let id = u32::try_from(self.tasks.len()).ok().filter(|&id| id != CoId::MAX).ok_or(Trap::Oom)?;
                // (the table grows as a vector does: should the system refuse that, the
                // spawn raises `OOM` rather than the process abort)
                self.tasks.try_reserve(1).map_err(|_| Trap::Oom)?;
                self.spawned.try_reserve(1).map_err(|_| Trap::Oom)?;
                self.tasks.push(task);
                id
            }
        };
        self.live += 1;
        Ok(id)
    }
}

/// The channel number of a dropped channel end.
pub(crate) const DROPPED: u32 = u32::MAX;

#[cfg(test)]
mod tests {
    use super::{Core, End, Failure, Packet, Progress, Task, Wait};
    use cprime_bytecode::module::Kind;

    #[test]
    fn a_finished_task_is_recycled_once_no_handle_is_left() {
        let mut c = Core::new(usize::MAX);
        let a = c.new_task(Kind::Int).unwrap();
        c.count_handles(a, 1); // the spawner's JoinHandle
        c.finish(a, Ok(Packet::int(7)));
        let b = c.new_task(Kind::Int).unwrap();
        assert_ne!(a, b, "its result can still be joined");
        c.count_handles(a, -1); // the handle was collected
        let d = c.new_task(Kind::Int).unwrap();
        assert_eq!(d, a, "nobody can join it any more: the slot is reused");
        // a coroutine nobody holds a handle to (a signal handler's) goes at once
        c.finish(b, Ok(Packet::int(0)));
        assert_eq!(c.new_task(Kind::Int).unwrap(), b);
    }

    #[test]
    fn a_channel_without_ends_is_freed_with_its_messages_and_its_number_reused() {
        let mut c = Core::new(usize::MAX);
        let inner = c.new_chan(1).unwrap();
        c.count(inner, true, 1);
        c.count(inner, false, 1);
        let outer = c.new_chan(4).unwrap();
        c.count(outer, true, 1);
        c.count(outer, false, 1);
        // a message on `outer` carries the only sender of `inner` (the heap that made
        // it dropped its own)
        let mut heap = crate::Heap::new();
        let tx = heap.new_port(inner, Kind::Int, true).unwrap();
        let msg = crate::transfer::export(&heap, &crate::build_tables(&cprime_bytecode::module::Module::new()), tx, Kind::Ref).unwrap();
        c.hold(&msg, 1);
        c.count(inner, true, -1);
        c.chans[outer as usize].queue.push_back(msg);
        assert_eq!(c.chans[inner as usize].senders, 1, "the message keeps the sender alive");
        // both ends of `outer` go: it is freed, and the message with it, which was the
        // last sender of `inner`; its receiver is still there
        c.count(outer, true, -1);
        c.count(outer, false, -1);
        assert_eq!(c.chans[outer as usize].cap(), 0, "freed");
        assert_eq!(c.chans[inner as usize].senders, 0);
        assert_eq!(c.chans[inner as usize].cap(), 1, "its receiver still holds it");
        c.count(inner, false, -1);
        let (a, b) = (c.new_chan(2).unwrap(), c.new_chan(2).unwrap());
        let mut reused = [a, b];
        reused.sort();
        let mut freed = [inner, outer];
        freed.sort();
        assert_eq!(reused, freed, "both numbers are reused");
        assert_eq!(c.chans.len(), 2);
    }

    #[test]
    fn awaited_channels_are_those_a_receiver_waits_on_that_still_have_senders() {
        let mut c = Core::new(usize::MAX);
        assert!(c.awaited_channels().0.is_empty(), "no channel: nothing to sweep for");
        let chans: alloc::vec::Vec<u32> = (0..70).map(|_| c.new_chan(1).unwrap()).collect();
        for &ch in &chans {
            c.count(ch, true, 1);
            c.count(ch, false, 1);
        }
        assert!(c.awaited_channels().0.is_empty(), "nobody waits");
        for _ in 0..5 {
            c.new_task(Kind::Int).unwrap();
        }
        let wait_on = |c: &mut Core, id: u32, w: Wait| {
            c.tasks[id as usize].waits.push(w);
            match w {
                Wait::Recv(ch) => c.chans[ch as usize].recv_wait_mut().push_back(id),
                Wait::Send(ch) => c.chans[ch as usize].send_wait_mut().push_back(id),
                _ => unreachable!(),
            }
        };
        // receivers wait on 3 and 66; 5 has a waiting receiver but no sender left
        wait_on(&mut c, 1, Wait::Recv(3));
        wait_on(&mut c, 2, Wait::Recv(66));
        wait_on(&mut c, 3, Wait::Recv(5));
        c.count(5, true, -1);
        // a waiting sender does not make a channel awaited
        wait_on(&mut c, 4, Wait::Send(9));
        // nor does a receiver that no longer waits, still named in the queue
        c.chans[10].recv_wait_mut().push_back(4);
        let (set, print) = c.awaited_channels();
        let members: alloc::vec::Vec<u32> = chans.iter().copied().filter(|&ch| set[ch as usize / 64] & (1 << (ch % 64)) != 0).collect();
        assert_eq!(members, [3, 66]);
        // another set, another fingerprint; the same set, the same one
        c.clear_waits(2);
        wait_on(&mut c, 2, Wait::Recv(67));
        let (_, other) = c.awaited_channels();
        assert_ne!(print, other);
        assert_eq!(c.awaited_channels().1, other);
    }

    #[test]
    fn a_result_without_objects_is_kept_inline() {
        let ended = |result| Task { progress: Progress::ended(result), ..Task::default() };
        assert!(Task::default().end().is_none(), "running");
        assert!(matches!(ended(Ok(Packet::int(-3))).end(), Some(End::Plain(v)) if v as i64 == -3));
        let mut heap = crate::Heap::new();
        let tx = heap.new_port(4, Kind::Int, true).unwrap();
        let tables = crate::build_tables(&cprime_bytecode::module::Module::new());
        let null = crate::transfer::export(&heap, &tables, 0, Kind::Ref).unwrap();
        assert!(matches!(ended(Ok(null)).end(), Some(End::Plain(0))), "a null reference");
        let mut t = ended(Ok(crate::transfer::export(&heap, &tables, tx, Kind::Ref).unwrap()));
        let end = t.end().unwrap();
        assert!(matches!(end, End::Result(_)), "an object is boxed");
        assert_eq!(end.packet().map(|p| p.ports().collect::<alloc::vec::Vec<_>>()), Some(alloc::vec![(4, true)]));
        assert!(ended(Err(Failure::Oom)).end().unwrap().packet().is_none());
        // an ended coroutine is in no native: how it ended stays
        t.set_deadline(Some(5));
        t.abandon_progress();
        assert!(matches!(t.end(), Some(End::Result(_))));
    }

    #[test]
    fn a_dropped_sender_is_held_by_no_heap() {
        let mut heap = crate::Heap::new();
        let tx = heap.new_port(4, Kind::Int, true).unwrap();
        heap.new_port(5, Kind::Int, false).unwrap();
        assert!(heap.holds_sender(4));
        assert!(!heap.holds_sender(5), "a receiver is no sender");
        assert!(heap.holds_sender_where(|c| c > 3));
        if let Some(crate::heap::Object::Port { chan, .. }) = heap.get_mut(tx) {
            *chan = super::DROPPED;
        }
        assert!(!heap.holds_sender_where(|_| true), "dropped: it counts for no channel");
    }

    /// One step of a program's life as channel accounting sees it. Channels are named
    /// by creation order; a message on channel `a` may carry an end of a later channel
    /// only, so no cycle of channels holding each other's ends arises (counting cannot
    /// free a cycle; that is a leak, not a fault).
    #[derive(Clone, Debug)]
    enum Step {
        New,
        /// Another heap end (sender or receiver) of channel `c`, if one exists.
        Clone(usize, bool),
        /// A heap end of `c` dropped, if one exists.
        Drop(usize, bool),
        /// A message on `a` carrying an end of a later channel `b` (made by exporting one
        /// of `b`'s heap ends), if both are alive.
        Carry(usize, usize, bool),
        /// The oldest message on `c` received: its end becomes a heap end.
        Receive(usize),
    }

    fn step() -> impl proptest::strategy::Strategy<Value = Step> {
        use proptest::prelude::*;
        // few channels, and drops and carries often, so that channels holding the last
        // ends of others get freed
        prop_oneof![
            1 => Just(Step::New),
            1 => (0..4usize, any::<bool>()).prop_map(|(c, s)| Step::Clone(c, s)),
            3 => (0..4usize, any::<bool>()).prop_map(|(c, s)| Step::Drop(c, s)),
            3 => (0..4usize, 0..4usize, any::<bool>()).prop_map(|(a, b, s)| Step::Carry(a.min(b), a.max(b), s)),
            1 => (0..4usize).prop_map(Step::Receive),
        ]
    }

    /// The test's picture of one channel: its number, heap ends (receivers, senders),
    /// and the ends its queued messages carry (by channel and kind).
    struct Model {
        id: u32,
        ends: [i64; 2],
        queue: alloc::collections::VecDeque<(usize, bool)>,
        freed: bool,
    }

    proptest::proptest! {
        /// A channel is never freed while an end of it exists in a heap or in a message
        /// of a live channel, and once every end is gone every channel is freed (its
        /// number then serves new channels).
        #[test]
        fn channels_are_freed_exactly_when_no_end_is_left(steps in proptest::collection::vec(step(), 1..80)) {
            let tables = crate::build_tables(&cprime_bytecode::module::Module::new());
            let mut c = Core::new(usize::MAX);
            // per channel made (by creation order): its number, heap ends [receivers,
            // senders], and the queue as the ends its messages carry
            let mut chans: alloc::vec::Vec<Model> = alloc::vec::Vec::new();
            for s in steps {
                match s {
                    Step::New if chans.len() < 4 => {
                        let id = c.new_chan(2).unwrap();
                        c.count(id, true, 1);
                        c.count(id, false, 1);
                        chans.push(Model { id, ends: [1, 1], queue: alloc::collections::VecDeque::new(), freed: false });
                    }
                    Step::Clone(i, s) if i < chans.len() && chans[i].ends[s as usize] > 0 => {
                        c.count(chans[i].id, s, 1);
                        chans[i].ends[s as usize] += 1;
                    }
                    Step::Drop(i, s) if i < chans.len() && chans[i].ends[s as usize] > 0 => {
                        c.count(chans[i].id, s, -1);
                        chans[i].ends[s as usize] -= 1;
                    }
                    Step::Carry(a, b, s) if a < b && b < chans.len() && !chans[a].freed && chans[b].ends[s as usize] > 0 => {
                        let mut heap = crate::Heap::new();
                        let end = heap.new_port(chans[b].id, Kind::Int, s).unwrap();
                        let msg = crate::transfer::export(&heap, &tables, end, Kind::Ref).unwrap();
                        c.hold(&msg, 1);
                        c.chans[chans[a].id as usize].queue.push_back(msg);
                        chans[a].queue.push_back((b, s));
                    }
                    Step::Receive(a) if a < chans.len() && !chans[a].freed && !chans[a].queue.is_empty() => {
                        let msg = c.chans[chans[a].id as usize].queue.pop_front().unwrap();
                        let (b, s) = chans[a].queue.pop_front().unwrap();
                        // the import makes a heap end, then the packet lets go of its own
                        c.count(chans[b].id, s, 1);
                        chans[b].ends[s as usize] += 1;
                        c.hold(&msg, -1);
                    }
                    _ => {}
                }
                // the model: a channel lives while a heap end or a message of a live
                // channel refers to it (later channels only: settle from the first)
                let mut live = alloc::vec![false; chans.len()];
                for i in 0..chans.len() {
                    live[i] = live[i] || chans[i].ends.iter().any(|&n| n > 0);
                    if live[i] {
                        for &(b, _) in &chans[i].queue {
                            live[b] = true;
                        }
                    }
                }
                for (i, &l) in live.iter().enumerate() {
                    if chans[i].freed {
                        continue; // its number may serve a newer channel now
                    }
                    let in_core = c.chans[chans[i].id as usize].cap() > 0;
                    proptest::prop_assert_eq!(in_core, l, "channel #{} (number {})", i, chans[i].id);
                    if !l {
                        // a freed channel's messages went with it
                        chans[i].freed = true;
                        chans[i].queue.clear();
                    }
                }
            }
        }
    }
}
