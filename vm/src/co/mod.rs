//! Coroutines: VM-level green threads with isolated heaps, channels and tasks.
//!
//! A coroutine is a [`State`] of its own (heap, registers, frames, globals) running the
//! shared module; the scheduler (`sched.rs`) gives each a time slice in turn
//! (`Outcome::Preempted` ends a slice, so a busy loop cannot starve the others) and
//! parks those that wait. Nothing is shared between heaps: what `spawn` captures and
//! what a channel carries is copied (`transfer.rs`); a channel end copied into another
//! heap is a new end of the same channel.
//!
//! This file is the scheduler's bookkeeping ([`Core`]: channels, tasks, who waits on
//! what) and the coroutine natives. A native that must wait returns `Trap::Block` after
//! registering the coroutine as a waiter: the interpreter parks it at that instruction,
//! and when the scheduler wakes it the instruction runs again, finding the channel or
//! task ready, or registering again.
//!
//! Channels count their live senders: +1 for every sender end created in any heap
//! (`ChanNew`, `ChanClone`, a copy arriving), -1 when the collector frees one or its
//! coroutine ends. `recv` on an empty channel without senders returns `None`.
mod lifecycle;
#[cfg(feature = "std")]
mod pool;
mod sched;
mod shutdown;
mod wait;

use alloc::collections::{BinaryHeap, VecDeque};
use hashbrown::HashMap;
use core::cmp::Reverse;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use cprime_bytecode::builtins;
use cprime_bytecode::module::Kind;
use cprime_bytecode::natives::Native;

use crate::heap::{Heap, Object};
use crate::natives::Cx;
use crate::transfer::{self, Packet};
use crate::Trap;

pub use sched::CoOptions;
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
    chans: Vec<Chan>,
    tasks: Vec<Task>,
    /// Recycled task ids.
    free_tasks: Vec<CoId>,
    /// The running coroutine.
    pub me: CoId,
    /// Coroutines `spawn` created this slice, with their closures, to start.
    pub spawned: Vec<(CoId, Packet)>,
    /// Coroutines whose wait may be over.
    pub woken: Vec<CoId>,
    /// Coroutines alive (started and not finished); `spawn` fails past `max`.
    pub live: usize,
    pub max: usize,
    /// `scheduler.handle(..)`: OS signal number -> handler closure.
    pub handlers: Vec<(i32, Packet)>,
    /// `scheduler.handle(..)` of a signal kind: layout -> handler closure, for
    /// coroutines that end with that signal unhandled.
    pub sig_handlers: Vec<(u32, Packet)>,
    /// Handler coroutines to start: (handler closure, signal value).
    pub handler_starts: Vec<(Packet, Packet)>,
    /// Coroutines in `scheduler.run()`, waiting for every other one to finish.
    pub all_waiters: Vec<CoId>,
    /// Sleeping coroutines by wake-up time (monotonic nanoseconds), earliest first.
    pub timers: BinaryHeap<Reverse<(i64, CoId)>>,
    /// Coroutines waiting for a socket to become readable (`false`) or writable.
    pub io_waits: HashMap<(u32, bool), Vec<CoId>>,
    /// Coroutines waiting for a file operation (by ticket) the host runs elsewhere.
    pub file_waits: HashMap<u32, CoId>,
    /// Socket reference counts to pass on to the host (`NetHost::retain`), in order.
    pub socket_deltas: Vec<(u32, i32)>,
}

struct Chan {
    cap: usize,
    queue: VecDeque<Packet>,
    senders: i64,
    receivers: i64,
    /// Coroutines waiting to receive / to send.
    recv_wait: VecDeque<CoId>,
    send_wait: VecDeque<CoId>,
}

#[derive(Default)]
pub(crate) struct Task {
    pub kind: Option<Kind>,
    /// The result, once the coroutine returned.
    pub result: Option<Packet>,
    /// The wake-up time of the sleep it is in (`thread::sleep`, `timer::after`).
    pub deadline: Option<i64>,
    /// A socket operation's progress across waits: bytes written, or the socket being
    /// connected.
    pub io_progress: Option<u64>,
    /// Set when it ended with an unhandled signal: the report its joiners end with.
    pub failed: Option<String>,
    pub joiners: Vec<CoId>,
    /// What it waits for (`wait.rs`).
    pub waits: Vec<Wait>,
    /// Join handles to it in heaps and packets; with none left once it has finished,
    /// the task's slot (and id) is recycled.
    pub handles: i64,
    pub finished: bool,
    pub select: wait::Select,
}

impl Core {
    pub fn new(max: usize) -> Core {
        Core { tasks: alloc::vec![Task::default()], live: 1, max, ..Core::default() }
    }

    pub fn task_mut(&mut self, id: CoId) -> Option<&mut Task> {
        self.tasks.get_mut(id as usize)
    }

    /// Applies the channel-end events a heap recorded (ends created, collected, or
    /// dropped with their coroutine); a channel that lost its last sender wakes its
    /// receivers, which then see `None`.
    pub fn apply_port_events(&mut self, heap: &mut Heap) {
        for (chan, sender, delta) in heap.port_events.drain(..) {
            self.count(chan, sender, delta as i64);
        }
        self.socket_deltas.append(&mut heap.socket_events);
        for (id, delta) in core::mem::take(&mut heap.task_events) {
            self.count_handles(id, delta as i64);
        }
    }

    /// Counts join handles of task `id`; recycles a finished task nobody can join.
    fn count_handles(&mut self, id: CoId, delta: i64) {
        let Some(t) = self.tasks.get_mut(id as usize) else { return };
        t.handles += delta;
        if t.handles <= 0 && t.finished && id != 0 {
            self.recycle(id);
        }
    }

    /// Frees task `id`'s slot for a new coroutine (its result goes with it).
    fn recycle(&mut self, id: CoId) {
        let Some(t) = self.tasks.get_mut(id as usize) else { return };
        let old = core::mem::take(t);
        if let Some(p) = &old.result {
            self.hold(p, -1);
        }
        self.free_tasks.push(id);
    }

    /// Wakes the coroutines waiting for what socket `s` became.
    pub fn io_ready(&mut self, s: u32, readable: bool, writable: bool) {
        for (dir, ready) in [(false, readable), (true, writable)] {
            if ready {
                if let Some(list) = self.io_waits.remove(&(s, dir)) {
                    self.woken.extend(list);
                }
            }
        }
    }

    /// Counts the channel ends a packet carries: +1 each when it is made, -1 each when
    /// the import that consumes it is done (which made ends of its own).
    pub fn hold(&mut self, p: &Packet, delta: i64) {
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
        let Some(c) = self.chans.get_mut(chan as usize) else { return };
        if sender {
            c.senders += delta;
            if c.senders <= 0 {
                self.woken.extend(c.recv_wait.drain(..));
            }
        } else {
            c.receivers += delta;
            if c.receivers <= 0 {
                self.woken.extend(c.send_wait.drain(..));
            }
        }
    }

    /// Records that coroutine `id` finished with `result` (or failed with a report),
    /// and wakes its joiners.
    pub fn finish(&mut self, id: CoId, result: Result<Packet, String>) {
        self.clear_waits(id);
        if let Some(t) = self.tasks.get_mut(id as usize) {
            match result {
                Ok(p) => t.result = Some(p),
                Err(report) => t.failed = Some(report),
            }
            t.finished = true;
            self.woken.append(&mut t.joiners);
            if t.handles <= 0 && id != 0 {
                self.recycle(id);
            }
        }
        self.live = self.live.saturating_sub(1);
        self.woken.append(&mut self.all_waiters);
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
                let id = u32::try_from(self.tasks.len()).map_err(|_| Trap::Oom)?;
                self.tasks.push(task);
                id
            }
        };
        self.live += 1;
        Ok(id)
    }
}

/// `thread::sleep(d)` / `timer::after(d)` in a coroutine: the first run of the native
/// sets the wake-up time and parks; the scheduler wakes the coroutine then, and the run
/// again finds the time reached.
pub(crate) fn sleep(cx: &mut Cx, ns: i64) -> Result<Option<u64>, Trap> {
    let now = cx.host.now_ns();
    let Some(co) = cx.co.as_deref_mut() else { return Ok(None) };
    if co.take_arm() {
        // a `select` arm (`_ = timer::after(d) => ..`): its deadline is kept by the select
        let at = co.arm_deadline(now, ns);
        if now < at {
            co.park(Wait::Timer(at), true)?;
        }
        return Ok(None);
    }
    let me = co.me;
    let Some(t) = co.task_mut(me) else { return Ok(None) };
    match t.deadline {
        Some(at) if now >= at => {
            t.deadline = None;
            Ok(None)
        }
        Some(at) => co.park(Wait::Timer(at), false).map(|_| None),
        None if ns <= 0 => Ok(None),
        None => {
            let at = now.saturating_add(ns);
            t.deadline = Some(at);
            co.park(Wait::Timer(at), false).map(|_| None)
        }
    }
}

/// A file operation in a coroutine: started on the host's file threads and waited for
/// (the worker runs other coroutines meanwhile), or run inline when the host has none.
pub(crate) fn file_op(cx: &mut Cx, op: crate::FileOp) -> Result<Result<String, crate::IoErr>, Trap> {
    let inline = |cx: &mut Cx, op: crate::FileOp| match op {
        crate::FileOp::Read(p) => cx.host.read_file(&p),
        crate::FileOp::Write(p, t) => cx.host.write_file(&p, &t).map(|_| String::new()),
        crate::FileOp::Append(p, t) => cx.host.append_file(&p, &t).map(|_| String::new()),
    };
    let Some(co) = cx.co.as_deref_mut() else { return Ok(inline(cx, op)) };
    let me = co.me;
    let ticket = match co.task_mut(me).and_then(|t| t.io_progress) {
        Some(t) => t as u32,
        None => match cx.host.file_start(op.clone()) {
            Some(t) => t,
            None => return Ok(inline(cx, op)),
        },
    };
    let co = cx.co.as_deref_mut().ok_or(Trap::Block)?;
    if let Some(res) = cx.host.file_take(ticket) {
        if let Some(t) = co.task_mut(me) {
            t.io_progress = None;
        }
        return Ok(res);
    }
    if let Some(t) = co.task_mut(me) {
        t.io_progress = Some(ticket as u64);
    }
    co.park(Wait::File(ticket), false)?;
    Err(Trap::Block)
}

/// The channel number of a dropped channel end.
pub(crate) const DROPPED: u32 = u32::MAX;

/// The channel end `h` of the running heap: (channel, message kind, sender?).
fn port(heap: &Heap, h: u64) -> Result<(u32, Kind, bool), Trap> {
    match heap.get(h) {
        Some(Object::Port { chan: DROPPED, .. }) => Err(Trap::Panic(String::from("use of a dropped channel end"))),
        Some(Object::Port { chan, kind, sender }) => Ok((*chan, *kind, *sender)),
        _ => Err(crate::heap::bad(h, "channel end")),
    }
}

fn kind_code(k: i64) -> Result<Kind, Trap> {
    match k {
        0 => Ok(Kind::Int),
        1 => Ok(Kind::Float),
        2 => Ok(Kind::Ref),
        _ => Err(Trap::Internal(format!("bad kind code {k}"))),
    }
}

/// The coroutine natives.
pub(crate) fn call(cx: &mut Cx, n: Native, args: &[u64]) -> Result<Option<u64>, Trap> {
    let a = |i: usize| args.get(i).copied().unwrap_or(0);
    use Native::*;
    let Some(co) = cx.co.as_deref_mut() else {
        // a program error, not the VM's: coroutine code reached from an entry whose
        // runtime has no coroutines (the compiler rejects it only inside such an entry)
        let what = match n {
            CoSpawn => "`spawn`",
            CoJoin => "`.join()`",
            CoHandle | CoHandleSig | CoWaitAll => "`CoroutineScheduler`",
            SelBegin | SelArm | SelDone | SelWait => "`select`",
            _ => "a channel",
        };
        return Err(Trap::Panic(format!("{what} needs the coroutine runtime: bind the entry to it (`= coroutine {{ .. }}`)")));
    };
    let heap = &mut *cx.heap;
    let out = match n {
        ChanNew => {
            let kind = kind_code(a(1) as i64)?;
            let id = u32::try_from(co.chans.len()).map_err(|_| Trap::Oom)?;
            let cap = usize::try_from(a(0) as i64).unwrap_or(0).max(1);
            co.chans.push(Chan {
                cap,
                queue: VecDeque::new(),
                senders: 0,
                receivers: 0,
                recv_wait: VecDeque::new(),
                send_wait: VecDeque::new(),
            });
            heap.new_port(id, kind, true)?
        }
        ChanRx | ChanClone => {
            let (chan, kind, _) = port(heap, a(0))?;
            heap.new_port(chan, kind, n == ChanClone)?
        }
        ChanDrop => {
            if let Some(Object::Port { chan, sender, .. }) = heap.get_mut(a(0)) {
                if *chan != DROPPED {
                    let (c, s) = (*chan, *sender);
                    *chan = DROPPED;
                    heap.port_events.push((c, s, -1));
                }
            }
            co.apply_port_events(heap);
            return Ok(None);
        }
        ChanSend => {
            let arm = co.take_arm();
            let (chan, kind, _) = port(heap, a(0))?;
            co.apply_port_events(heap);
            let c = co.chans.get_mut(chan as usize).ok_or_else(|| Trap::Internal(format!("no channel {chan}")))?;
            // with no receiver left, the message is dropped (as a send on a closed
            // channel would fail; the program has nobody to tell)
            if c.receivers <= 0 {
                return Ok(None);
            }
            if c.queue.len() >= c.cap {
                co.park(Wait::Send(chan), arm)?;
                return Ok(None);
            }
            let msg = transfer::export(heap, cx.tables, a(1), kind)?;
            heap.move_sockets(msg.sockets());
            // one message, one receiver to wake (it registers again if another took it)
            co.wake_one(chan, false);
            co.hold(&msg, 1);
            if let Some(c) = co.chans.get_mut(chan as usize) {
                c.queue.push_back(msg);
            }
            return Ok(None);
        }
        ChanRecv => {
            let arm = co.take_arm();
            let (chan, kind, _) = port(heap, a(0))?;
            co.apply_port_events(heap);
            let c = co.chans.get_mut(chan as usize).ok_or_else(|| Trap::Internal(format!("no channel {chan}")))?;
            match c.queue.front() {
                Some(p) => {
                    // import before dequeuing: running out of memory must not lose it
                    let v = transfer::import(heap, cx.tables, p)?;
                    let value = [v];
                    let some = heap.new_record(builtins::some(kind), &value)?;
                    let msg = c.queue.pop_front();
                    co.wake_one(chan, true);
                    co.apply_port_events(heap);
                    if let Some(m) = msg {
                        co.hold(&m, -1);
                    }
                    some
                }
                None if c.senders <= 0 => heap.new_record(builtins::NONE, &[])?,
                None => {
                    co.park(Wait::Recv(chan), arm)?;
                    return Ok(Some(0));
                }
            }
        }
        CoSpawn => {
            let kind = kind_code(a(1) as i64)?;
            if !matches!(heap.get(a(0)), Some(Object::Closure { .. })) {
                return Err(crate::heap::bad(a(0), "closure"));
            }
            if co.live >= co.max {
                return Err(Trap::Panic(format!("cannot spawn: {} coroutines are alive (`.max_coroutines`)", co.max)));
            }
            let body = transfer::export(heap, cx.tables, a(0), Kind::Ref)?;
            let task = heap.alloc(Object::Task { id: u32::MAX, kind })?;
            let id = co.new_task(kind)?;
            if let Some(Object::Task { id: slot, .. }) = heap.get_mut(task) {
                *slot = id;
                heap.task_events.push((id, 1));
            }
            // after the last allocation: a retry after collecting must find them here
            heap.move_sockets(body.sockets());
            co.hold(&body, 1);
            co.spawned.push((id, body));
            task
        }
        CoJoin => {
            let arm = co.take_arm();
            let id = match heap.get(a(0)) {
                Some(Object::Task { id, .. }) => *id,
                _ => return Err(crate::heap::bad(a(0), "task")),
            };
            let t = co.task_mut(id).ok_or_else(|| Trap::Internal(format!("no task {id}")))?;
            if let Some(report) = &t.failed {
                return Err(Trap::Joined(format!("joined coroutine {id}, which ended with:\n{report}")));
            }
            match &t.result {
                Some(p) => {
                    let v = transfer::import(heap, cx.tables, p)?;
                    co.apply_port_events(heap);
                    v
                }
                None => {
                    co.park(Wait::Join(id), arm)?;
                    return Ok(Some(0));
                }
            }
        }
        CoHandle => {
            let signo = i32::try_from(a(0) as i64).unwrap_or(-1);
            if !matches!(heap.get(a(1)), Some(Object::Closure { .. })) {
                return Err(crate::heap::bad(a(1), "closure (signal handler)"));
            }
            if !cx.host.install_signal(signo) {
                return Err(Trap::Panic(format!("cannot install a handler for signal {signo}")));
            }
            let handler = transfer::export(heap, cx.tables, a(1), Kind::Ref)?;
            co.hold(&handler, 1);
            if let Some(i) = co.handlers.iter().position(|(s, _)| *s == signo) {
                let (_, old) = co.handlers.remove(i);
                co.hold(&old, -1);
            }
            co.handlers.push((signo, handler));
            return Ok(None);
        }
        CoHandleSig => {
            let layout = u32::try_from(a(0)).unwrap_or(u32::MAX);
            if !matches!(heap.get(a(1)), Some(Object::Closure { .. })) {
                return Err(crate::heap::bad(a(1), "closure (signal handler)"));
            }
            let handler = transfer::export(heap, cx.tables, a(1), Kind::Ref)?;
            co.hold(&handler, 1);
            if let Some(i) = co.sig_handlers.iter().position(|(l, _)| *l == layout) {
                let (_, old) = co.sig_handlers.remove(i);
                co.hold(&old, -1);
            }
            co.sig_handlers.push((layout, handler));
            return Ok(None);
        }
        CoWaitAll => {
            if co.live > 1 {
                co.park(Wait::All, false)?;
            }
            return Ok(None);
        }
        SelBegin | SelArm | SelDone | SelWait => return co.select(n),
        _ => return Err(Trap::Internal(format!("{} is not a coroutine native", n.info().name))),
    };
    co.apply_port_events(heap);
    Ok(Some(out))
}

#[cfg(test)]
mod tests {
    use super::{Core, Packet};
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
}
