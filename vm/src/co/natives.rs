//! The coroutine natives: channels, spawn and join, the scheduler's signal handlers,
//! sleeps and file operations in a coroutine, and `select` (whose bookkeeping is in
//! `select.rs`). Each works on the running coroutine's heap and the scheduler's [`Core`];
//! one that must wait registers the coroutine (`Core::park`) and returns `Trap::Block`.
use alloc::format;
use alloc::string::String;

use cprime_bytecode::builtins;
use cprime_bytecode::module::Kind;
use cprime_bytecode::natives::Native;

use super::handoff::Pending;
use super::{End, Failure, Wait, DROPPED};
use crate::heap::{Heap, Object};
use crate::natives::Cx;
use crate::transfer::{self, Packet};
use crate::Trap;

/// `thread::sleep(d)` / `timer::after(d)` in a coroutine: the first run of the native
/// sets the wake-up time and parks; the scheduler wakes the coroutine then, and the run
/// again finds the time reached.
pub(crate) fn sleep(cx: &mut Cx, ns: i64) -> Result<Option<u64>, Trap> {
    let now = cx.host.now_ns();
    let Some(co) = cx.co.as_deref_mut() else { return Ok(None) };
    if co.stops_for_cancel() {
        return Err(Trap::Block);
    }
    if co.take_arm() {
        // a `select` arm (`_ = timer::after(d) => ..`): its deadline is kept by the select
        let at = co.arm_deadline(now, ns);
        if now < at || co.held_back(None) {
            co.park(Wait::Timer(at), true)?;
        }
        return Ok(None);
    }
    let me = co.me;
    let Some(t) = co.task_mut(me) else { return Ok(None) };
    match t.deadline() {
        Some(at) if now >= at => {
            t.set_deadline(None);
            Ok(None)
        }
        Some(at) => co.park(Wait::Timer(at), false).map(|_| None),
        None if ns <= 0 => Ok(None),
        None => {
            // (a million sleepers: the timer heap's growth the system refuses is an `OOM`)
            co.timers.try_reserve(1).map_err(|_| Trap::Oom)?;
            let Some(t) = co.task_mut(me) else { return Ok(None) };
            let at = now.saturating_add(ns);
            t.set_deadline(Some(at));
            co.park(Wait::Timer(at), false).map(|_| None)
        }
    }
}

/// Whether the running coroutine has a file operation under way (started, its result
/// not yet taken by `file_op`).
pub(crate) fn file_op_pending(cx: &mut Cx) -> bool {
    let Some(co) = cx.co.as_deref_mut() else { return false };
    let me = co.me;
    co.task_mut(me).and_then(|t| t.io_progress()).is_some()
}

/// A file operation in a coroutine: started on the host's file threads and waited for
/// (the worker runs other coroutines meanwhile), or run inline when the host has none.
pub(crate) fn file_op(cx: &mut Cx, op: crate::FileOp) -> Result<Result<String, crate::IoErr>, Trap> {
    let inline = |cx: &mut Cx, op: crate::FileOp| match op {
        crate::FileOp::Read(p) => cx.host.read_file(&p),
        crate::FileOp::Write(p, t) => cx.host.write_file(&p, &t).map(|_| String::new()),
        crate::FileOp::Append(p, t) => cx.host.append_file(&p, &t).map(|_| String::new()),
        crate::FileOp::StdinFill => {
            cx.host.stdin_fill();
            Ok(String::new())
        }
    };
    let Some(co) = cx.co.as_deref_mut() else { return Ok(inline(cx, op)) };
    if co.stops_for_cancel() {
        return Err(Trap::Block);
    }
    let me = co.me;
    let ticket = match co.task_mut(me).and_then(|t| t.io_progress()) {
        Some(t) => t as u32,
        None => match cx.host.file_start(op) {
            Ok(t) => t,
            Err(op) => return Ok(inline(cx, op)),
        },
    };
    let co = cx.co.as_deref_mut().ok_or(Trap::Block)?;
    if let Some(res) = cx.host.file_take(ticket) {
        if let Some(t) = co.task_mut(me) {
            t.set_io_progress(None);
        }
        return Ok(res);
    }
    if let Some(t) = co.task_mut(me) {
        t.set_io_progress(Some(ticket as u64));
    }
    co.park(Wait::File(ticket), false)?;
    Err(Trap::Block)
}


/// The channel end `h` of the running heap: (channel, message kind, sender?).
#[inline(always)]
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
            CoSpawn | CoGo => "`spawn`",
            CoJoin => "`.join()`",
            CoHandle | CoHandleSig | CoWaitAll | CoCount => "`CoroutineScheduler`",
            SelBegin | SelArm | SelDone | SelWait => "`select`",
            _ => "a channel",
        };
        return Err(Trap::Panic(format!("{what} needs the coroutine runtime: bind the entry to it (`= coroutine {{ .. }}`)")));
    };
    let heap = &mut *cx.heap;
    let out = match n {
        ChanNew => {
            let kind = kind_code(a(1) as i64)?;
            let cap = a(0) as i64;
            if cap < 0 {
                return Err(Trap::Panic(format!("a channel's capacity cannot be negative ({cap})")));
            }
            let id = co.new_chan(usize::try_from(cap).unwrap_or(usize::MAX))?;
            match heap.new_port(id, kind, true) {
                Ok(h) => h,
                Err(t) => {
                    // no end was made: the channel goes again (the retry makes a new one)
                    co.free_chan(id);
                    return Err(t);
                }
            }
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
                    heap.events.push((crate::heap::Counted::Port { chan: c, sender: s }, -1));
                }
            }
            co.apply_counts(heap);
            return Ok(None);
        }
        ChanSend => {
            // (before the arm mark is taken: should the cancel not come, the native runs
            // again as what it was)
            if co.stops_for_cancel() {
                return Err(Trap::Block);
            }
            let arm = co.take_arm();
            let (chan, kind, _) = port(heap, a(0))?;
            co.apply_counts(heap);
            // a number handed to a receiver waiting for it: no packet, no queue
            // (not while the machine's memory is short: a send raises `OOM` then, whatever
            // its message, as the full path says)
            if !arm && matches!(kind, Kind::Int | Kind::Float) && !crate::memory::is_short() && co.hand_plain(chan, a(1)) {
                return Ok(None);
            }
            let me = co.me;
            // a `select` promised a rendezvous message holds back its send arms, even
            // one that would complete at once (on a channel without receivers): winning,
            // it would leave the promised message to nobody
            if arm && co.held_back(None) {
                co.park(Wait::Send(chan), true)?;
                return Ok(None);
            }
            // a plain send that waited for a place holding its message: a receiver put
            // it in the place it freed, or it still holds it (`handoff.rs`)
            let held = match co.pending_send() {
                Pending::Placed => return Ok(None),
                Pending::Held => true,
                Pending::None => false,
            };
            let c = co.chans.get(chan as usize).ok_or_else(|| Trap::Internal(format!("no channel {chan}")))?;
            // a rendezvous send that handed its message over: done once it is taken
            if c.rendezvous() {
                if let Some((_, n)) = co.task(me).and_then(|t| t.handed()) {
                    if c.receivers > 0 && (c.taken.wrapping_sub(n) as i32) <= 0 {
                        co.park(Wait::Send(chan), false)?;
                    }
                    if let Some(t) = co.task_mut(me) {
                        t.set_handed(None);
                    }
                    // sent: the sockets it carried are the receiver's now (they stayed
                    // this heap's while the message waited, for a cancelled send)
                    if !heap.stream_slots.is_empty() {
                        if let Ok(msg) = transfer::export_with(&mut co.spares, heap, cx.tables, a(1), kind) {
                            heap.move_sockets(msg.sockets());
                            co.spares.give(msg);
                        }
                    }
                    return Ok(None);
                }
            }
            let c = co.chans.get(chan as usize).ok_or_else(|| Trap::Internal(format!("no channel {chan}")))?;
            // with no receiver left, the message is dropped (as a send on a closed
            // channel would fail; the program has nobody to tell)
            if c.receivers <= 0 {
                if let Some(p) = co.take_pending() {
                    co.release(p);
                }
                return Ok(None);
            }
            // a `select` arm sends on a rendezvous channel only to a receiver waiting
            // now (it cannot wait for the taking: another arm may win meanwhile), one
            // that will take it (`rendezvous_taker`: not its own recv arm in this
            // `select`, nor a `select` promised another message)
            let (rendezvous, full) = (c.rendezvous(), c.queue.len() >= c.cap());
            let taker = if arm && rendezvous { co.rendezvous_taker(chan, me) } else { None };
            let number = c.taken.wrapping_add(c.queue.len() as u32);
            let export = |co: &mut super::Core, heap: &mut Heap| -> Result<Packet, Trap> {
                let msg = transfer::export_with(&mut co.spares, heap, cx.tables, a(1), kind)?;
                // copying a big message out is work without a safepoint (`Heap::work`)
                if msg.objects() > 0 {
                    heap.work(msg.size());
                }
                Ok(msg)
            };
            if full || (arm && rendezvous && taker.is_none()) {
                // a plain send waits in line holding its message: the receiver that frees
                // a place puts it there (no later send can take the place first). Not one
                // carrying a socket: a send the graceful shutdown cancels did not happen,
                // and its socket must stay the sender's (it tries again when woken, as a
                // `select` arm does)
                if !arm && !held {
                    let msg = export(co, heap)?;
                    if msg.sockets().next().is_none() {
                        co.park_pending(msg);
                    } else {
                        co.spares.give(msg);
                    }
                }
                co.park(Wait::Send(chan), arm)?;
                return Ok(None);
            }
            // room in the queue's buffer, should the message go there: growing it is
            // where a big channel meets the end of memory (an `OOM` raised by the send,
            // which has not happened; a small channel's buffer holds exactly its
            // capacity; a queued message lives outside every heap, so none is queued
            // while the machine's memory is short either, `memory.rs`)
            if let Some(c) = co.chans.get_mut(chan as usize) {
                if crate::memory::is_short() || !c.queue.try_reserve_one(c.cap().min(4)) {
                    return Err(Trap::Oom);
                }
            }
            // (a message it held stays counted: counting it again only after giving its
            // count back could free a channel whose last ends it carries)
            let (msg, held) = match co.take_pending() {
                Some(msg) => (msg, true),
                None => (export(co, heap)?, false),
            };
            // the first receiver waiting, a plain `recv` with nothing queued before this
            // message, is handed it (as a `select` arm's rendezvous taker that is one):
            // a rendezvous message is taken then, and the send complete
            // (a send arm sends now: the wake-up for a free place it had is used)
            if arm {
                co.baton_used(chan, true);
            }
            let plain_taker = match taker {
                Some(r) => (!co.in_select(r)).then_some(r),
                None => co.first_plain_receiver(chan),
            };
            // the sockets it carries leave this heap, but those of a rendezvous send
            // that will wait for the taking only once taken: cancelled before, the send
            // did not happen and they are still the sender's
            if msg.objects() > 0 && !(rendezvous && !arm && plain_taker.is_none()) {
                heap.move_sockets(msg.sockets());
            }
            if let Some(r) = plain_taker {
                co.hand_to(r, chan, msg, held);
                return Ok(None);
            }
            // a receiver in a `select` is promised to take it (its other arms hold back)
            if let Some(r) = taker {
                co.commit_to(r, chan);
            }
            // one message, one receiver to wake (it registers again if another took it)
            co.wake_one(chan, false);
            if !held {
                co.hold(&msg, 1);
            }
            if let Some(c) = co.chans.get_mut(chan as usize) {
                c.queue.push_back(msg);
            }
            // a rendezvous sender waits until a receiver took its message
            if rendezvous && !arm {
                if let Some(t) = co.task_mut(me) {
                    t.set_handed(Some((chan, number)));
                }
                co.park(Wait::Send(chan), false)?;
            }
            return Ok(None);
        }
        ChanRecv => {
            // (before the arm mark is taken: should the cancel not come, the native runs
            // again as what it was)
            if co.stops_for_cancel() {
                return Err(Trap::Block);
            }
            let arm = co.take_arm();
            let (chan, kind, _) = port(heap, a(0))?;
            let summoned = co.take_summoned(chan);
            // a message a sender handed it while it waited (`Core::hand_to`)
            // (its heap counts the ends it carries before the message gives its back:
            // the other order could free a channel whose last ends it carries)
            let taken = co.given(heap, cx.tables).and_then(|v| v.map(|v| heap.new_record(builtins::some(kind), &[v])).transpose());
            match taken {
                Ok(None) => {}
                Ok(Some(some)) => {
                    co.apply_counts(heap);
                    co.took_given();
                    return Ok(Some(some));
                }
                Err(Trap::Oom) => {
                    co.give_back(chan, kind);
                    return Err(Trap::Oom);
                }
                Err(t) => return Err(t),
            }
            // a channel an earlier arm of this `select` found empty stays so for its later
            // arms this round: a message that arrived in between (from another worker, or
            // while this coroutine was preempted between arms) is left for the next round,
            // where the first arm takes it; a later arm (`None = rx.recv()`) would drop
            // it. The earlier arm's registration wakes this coroutine for it.
            if arm && (co.arm_found_empty(chan) || co.held_back(Some(chan))) {
                co.park(Wait::Recv(chan), true)?;
                return Ok(Some(0));
            }
            co.apply_counts(heap);
            // a rendezvous message a `select` send arm promised to another receiver's
            // `select` is that one's: this receiver waits for the next
            if co.promised_elsewhere(chan, co.me) {
                co.park(Wait::Recv(chan), arm)?;
                return Ok(Some(0));
            }
            let c = co.chans.get_mut(chan as usize).ok_or_else(|| Trap::Internal(format!("no channel {chan}")))?;
            match c.queue.front() {
                Some(p) => {
                    // import before dequeuing: running out of memory must not lose it,
                    // nor the wake-up this receiver may have had for it (another waiting
                    // receiver gets one: if this one then takes it after a collection,
                    // that one finds nothing and waits again)
                    let taken = transfer::import(heap, cx.tables, p).and_then(|v| heap.new_record(builtins::some(kind), &[v]));
                    let some = match taken {
                        Err(Trap::Oom) => {
                            let me = co.me;
                            co.wake_one_but(chan, false, me);
                            return Err(Trap::Oom);
                        }
                        other => other?,
                    };
                    co.unpromise(chan);
                    if arm {
                        co.baton_used(chan, false);
                    }
                    let c = co.chans.get_mut(chan as usize).ok_or_else(|| Trap::Internal(format!("no channel {chan}")))?;
                    let msg = c.queue.pop_front();
                    co.message_taken(chan);
                    co.apply_counts(heap);
                    if let Some(m) = msg {
                        co.hold(&m, -1);
                        co.spares.give(m);
                    }
                    some
                }
                None if c.senders <= 0 => heap.new_record(builtins::NONE, &[])?,
                None => {
                    if arm {
                        co.note_empty(chan);
                        co.commit_failed(chan);
                    }
                    // woken for a message another took: first in line again, where it was
                    co.park_at(Wait::Recv(chan), arm, summoned && !arm)?;
                    return Ok(Some(0));
                }
            }
        }
        CoSpawn | CoGo => {
            let kind = kind_code(a(1) as i64)?;
            if !matches!(heap.get(a(0)), Some(Object::Closure { .. })) {
                return Err(crate::heap::bad(a(0), "closure"));
            }
            if co.live >= co.max {
                let alive = if co.max == 1 { String::from("1 coroutine is") } else { format!("{} coroutines are", co.max) };
                return Err(Trap::Panic(format!(
                    "cannot spawn: {alive} alive (`.max_coroutines`; to refuse work instead, compare `scheduler.alive()` with `scheduler.max_coroutines()` before a `spawn`)"
                )));
            }
            let body = transfer::export_with(&mut co.spares, heap, cx.tables, a(0), Kind::Ref)?;
            // a task nobody joins has no handle: it is recycled as soon as it ends
            let task = if n == CoGo { None } else { Some(heap.alloc(Object::Task { id: crate::heap::NO_TASK, kind })?) };
            let id = co.new_task(kind)?;
            if let Some(Object::Task { id: slot, .. }) = task.and_then(|t| heap.get_mut(t)) {
                *slot = id;
                heap.events.push((crate::heap::Counted::Task(id), 1));
            }
            // after the last allocation: a retry after collecting must find them here
            // (sockets are counted references: a closure without any has none)
            if body.counted() {
                heap.move_sockets(body.sockets());
            }
            co.hold(&body, 1);
            co.spawned.push((id, body));
            task.unwrap_or(0)
        }
        CoJoin => {
            // (before the arm mark is taken: should the cancel not come, the native runs
            // again as what it was)
            if co.stops_for_cancel() {
                return Err(Trap::Block);
            }
            let arm = co.take_arm();
            let id = match heap.get(a(0)) {
                Some(Object::Task { id, .. }) => *id,
                _ => return Err(crate::heap::bad(a(0), "task")),
            };
            if arm && co.held_back(None) {
                co.park(Wait::Join(id), true)?;
                return Ok(Some(0));
            }
            let t = co.task_mut(id).ok_or_else(|| Trap::Internal(format!("no task {id}")))?;
            match t.end() {
                // it failed: the joiner raises what ended it, here
                Some(End::Failed(f)) => match f {
                    Failure::Signal(p) => {
                        let sig = transfer::import(heap, cx.tables, p)?;
                        co.apply_counts(heap);
                        return Err(Trap::Signal(sig));
                    }
                    Failure::Oom => return Err(Trap::Oom),
                    Failure::Exited => {
                        co.park(Wait::Join(id), arm)?;
                        return Ok(Some(0));
                    }
                },
                Some(End::Plain(v)) => v,
                Some(End::Result(p)) => {
                    let v = transfer::import(heap, cx.tables, p)?;
                    co.apply_counts(heap);
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
            return register_handler(co, heap, cx.tables, a(1), signo, |co| &mut co.handlers);
        }
        CoHandleSig => {
            let layout = u32::try_from(a(0)).unwrap_or(u32::MAX);
            if !matches!(heap.get(a(1)), Some(Object::Closure { .. })) {
                return Err(crate::heap::bad(a(1), "closure (signal handler)"));
            }
            return register_handler(co, heap, cx.tables, a(1), layout, |co| &mut co.sig_handlers);
        }
        CoWaitAll => {
            // (a signal that has arrived runs its handler first: one the program sent
            // itself just before is not missed)
            if co.live > 1 || (!co.handlers.is_empty() && cx.host.signal_pending()) {
                co.park(Wait::All, false)?;
            }
            return Ok(None);
        }
        // `scheduler.alive()` / `scheduler.max_coroutines()`: a server can refuse work
        // before a `spawn` past the limit would panic
        CoCount => {
            let n = if a(0) == 0 { co.live } else { co.max };
            return Ok(Some(n.min(i64::MAX as usize) as u64));
        }
        SelBegin | SelArm | SelDone | SelWait => return co.select(n),
        _ => return Err(Trap::Internal(format!("{} is not a coroutine native", n.info().name))),
    };
    co.apply_counts(heap);
    Ok(Some(out))
}

/// Registers the closure `h` of the running heap as the handler for `key` (a signal
/// number or a signal layout) in the list `list` picks, replacing the one registered
/// before; the handler's references stay counted while it is registered.
fn register_handler<K: PartialEq>(
    co: &mut super::Core,
    heap: &Heap,
    tables: &crate::Tables,
    h: u64,
    key: K,
    list: fn(&mut super::Core) -> &mut alloc::vec::Vec<(K, Packet)>,
) -> Result<Option<u64>, Trap> {
    let handler = transfer::export(heap, tables, h, Kind::Ref)?;
    co.hold(&handler, 1);
    let handlers = list(co);
    let old = match handlers.iter_mut().find(|(k, _)| *k == key) {
        Some((_, slot)) => Some(core::mem::replace(slot, handler)),
        None => {
            handlers.push((key, handler));
            None
        }
    };
    if let Some(old) = old {
        co.hold(&old, -1);
    }
    Ok(None)
}
