//! Sockets: the `TcpListener` / `TcpStream` natives over the host's non-blocking sockets
//! ([`NetHost`]).
//!
//! Every operation first asks the host. When it would block, a coroutine parks: it is
//! registered as waiting for the socket's readiness (`Core::wait_io`, woken from what
//! `NetHost::poll` reports) and the native runs again when it is woken. Outside the
//! coroutine runtime the thread itself waits (`NetHost::wait`) and asks again.
//!
//! A socket object is a counted reference to a host socket: the heap records each one
//! created or collected (`Heap::events`) and the counts reach the host
//! (`NetHost::retain`), which closes a socket nobody refers to any more. A `TcpStream`
//! captured by `spawn` is therefore the same connection in the new coroutine.
use alloc::format;
use alloc::string::String;

use cprime_bytecode::builtins;
use cprime_bytecode::module::Kind;
use cprime_bytecode::natives::Native;

use crate::heap::{Heap, Object};
use crate::natives::Cx;
use crate::{IoErr, LineRead, NetHost, Trap};

/// Most bytes one `read` returns.
const READ_MAX: usize = 64 * 1024;

/// The socket natives.
pub(crate) fn call(cx: &mut Cx, n: Native, args: &[u64]) -> Result<Option<u64>, Trap> {
    use Native::*;
    sync_counts(cx);
    // the operations that can wait may be `select` arms
    let waits = matches!(n, NetAccept | NetConnect | NetRead | NetReadMax | NetReadLine | NetWrite);
    // (a coroutine the shutdown cancels where it next stops stops here, its arm mark
    // kept should the cancel not come: `stops_for_cancel`)
    if waits && cx.co.as_deref_mut().is_some_and(|co| co.stops_for_cancel()) {
        return Err(Trap::Block);
    }
    let arm = waits && cx.co.as_deref_mut().is_some_and(|co| co.take_arm());
    // an arm of a `select` promised a rendezvous message holds back (`Core::held_back`)
    let held_back = arm && cx.co.as_deref().is_some_and(|co| co.held_back(None));
    let result = if held_back {
        // (a connect's first argument is an address, not a socket: it registers nothing;
        // the `select`'s retry round tries it again)
        if let (Ok(s), Some(co)) = (socket(cx.heap, args.first().copied().unwrap_or(0), None), cx.co.as_deref_mut()) {
            co.park(crate::co::Wait::Io(s, matches!(n, NetWrite)), true)?;
        }
        Err(Trap::Block)
    } else {
        op(cx, n, args, arm)
    };
    match result {
        // a pending arm: a placeholder result, which `SelDone` says to ignore
        Err(Trap::Block) if arm => Ok((n != NetWrite).then_some(0)),
        r => r,
    }
}

fn op(cx: &mut Cx, n: Native, args: &[u64], arm: bool) -> Result<Option<u64>, Trap> {
    let a = |i: usize| args.get(i).copied().unwrap_or(0);
    use Native::*;
    match n {
        NetBind => {
            let addr = String::from(cx.heap.str_of(a(0))?);
            let bound = net(cx)?.bind(&addr);
            match after_fds(cx, bound, false)? {
                Ok(s) => cx.heap.new_socket(s, true).map(Some),
                Err(e) => Err(raise(cx.heap, &addr, e)),
            }
        }
        NetAccept => {
            let s = socket(cx.heap, a(0), Some(true))?;
            loop {
                let accepted = net(cx)?.accept(s);
                match after_fds(cx, accepted, arm)? {
                    Ok(Some(conn)) => {
                        let h = cx.heap.new_socket(conn, false);
                        if h.is_err() {
                            // nothing refers to it yet
                            net(cx)?.release_uncounted(conn);
                        }
                        return h.map(Some);
                    }
                    Ok(None) => wait(cx, s, false, arm)?,
                    Err(e) => return Err(raise_at(cx, s, e)),
                }
            }
        }
        NetConnect => {
            let addr = String::from(cx.heap.str_of(a(0))?);
            // the socket being connected, kept across waits (on the default runtime,
            // across an OS signal's handler)
            let kept = match cx.co.is_some() {
                true => progress(cx),
                false => crate::natives::resumed(cx).map(|s| s as u64),
            };
            let s = match kept {
                Some(s) => s as u32,
                None => match connect(cx, &addr, arm)? {
                    Ok(s) => {
                        set_progress(cx, Some(s as u64));
                        s
                    }
                    Err(e) => return Err(raise(cx.heap, &addr, e)),
                },
            };
            loop {
                match net(cx)?.connected(s) {
                    Ok(Some(())) => {
                        set_progress(cx, None);
                        return cx.heap.new_socket(s, false).map(Some);
                    }
                    Ok(None) if cx.co.is_some() => wait(cx, s, true, arm)?,
                    // the default runtime: a handled OS signal's handler runs, then this
                    // connect goes on with the same socket
                    Ok(None) => {
                        if net(cx)?.wait(s, true, true) {
                            return Err(crate::natives::interrupt_holding_socket(cx, s));
                        }
                    }
                    Err(e) => {
                        set_progress(cx, None);
                        net(cx)?.close(s);
                        return Err(raise(cx.heap, &addr, e));
                    }
                }
            }
        }
        NetRead | NetReadMax | NetReadLine => {
            let s = socket(cx.heap, a(0), Some(false))?;
            // `read(n)`: n from 1 to the most one `read` returns (Rust's `read` into an
            // empty buffer reads nothing; here that is a mistake worth saying: EINVAL)
            if n == NetReadMax && (a(1) as i64) < 1 {
                let e = (22, alloc::format!("read({}): the count must be at least 1", a(1) as i64));
                return Err(raise_at(cx, s, e));
            }
            let max = if n == NetReadMax { (a(1) as i64).clamp(1, READ_MAX as i64) as usize } else { READ_MAX };
            // a `select` arm after one that found nothing to read on this socket this
            // round finds nothing too (`Core::note_unreadable`), but for a `read` arm
            // after a `read_line` arm that left the start of a line in the socket's
            // buffer: that text is readable, and the `read` returns it without taking
            // anything that arrived since (no new data may come to wake the `select`)
            if arm && cx.co.as_deref().is_some_and(|co| co.arm_found_unreadable(s)) && (n == NetReadLine || !net(cx)?.holds_text(s)) {
                wait(cx, s, false, arm)?;
            }
            let got = loop {
                let r = match n {
                    NetReadLine => net(cx)?.read_line(s),
                    _ => net(cx)?.read(s, max).map(|r| r.map(LineRead::Line)),
                };
                match r {
                    Ok(Some(LineRead::Line(t))) => break Some(t),
                    Ok(Some(LineRead::End)) => break None,
                    Ok(Some(LineRead::More)) => yield_now(cx, arm)?,
                    Ok(None) => {
                        if let Some(co) = cx.co.as_deref_mut().filter(|_| arm) {
                            co.note_unreadable(s);
                        }
                        wait(cx, s, false, arm)?
                    }
                    Err(e) => return Err(raise_at(cx, s, e)),
                }
            };
            // no memory to store it: the text goes back to the socket, for the run of
            // this call after a collection or for the socket's next read
            if let Err(t) = cx.heap.check_room(got.as_ref().map_or(0, |b| b.len()) + 256) {
                if let Some(text) = &got {
                    let net = net(cx)?;
                    match n {
                        NetReadLine => net.unread(s, alloc::format!("{text}\n").as_bytes()),
                        _ => net.unread(s, text.as_bytes()),
                    }
                }
                return Err(t);
            }
            match (n, got) {
                (NetReadLine, Some(line)) => {
                    let h = cx.heap.new_str(line)?;
                    cx.heap.new_record(builtins::some(Kind::Ref), &[h]).map(Some)
                }
                (NetReadLine, None) => cx.heap.new_record(builtins::NONE, &[]).map(Some),
                (_, t) => cx.heap.new_str(t.unwrap_or_default()).map(Some),
            }
        }
        NetWrite => {
            let s = socket(cx.heap, a(0), Some(false))?;
            // bytes already written by earlier runs of this call, and when it gives up
            // waiting (`set_write_timeout`; from the first wait after bytes were written)
            let (mut done, mut deadline) = match timed_write(cx) {
                Some((done, at)) => (done as usize, Some(at)),
                None if cx.co.is_none() => (crate::natives::resumed(cx).unwrap_or(0) as usize, None),
                None => (progress(cx).unwrap_or(0) as usize, None),
            };
            loop {
                let bytes = cx.heap.str_of(a(1))?.as_bytes();
                let Some(rest) = bytes.get(done..).filter(|r| !r.is_empty()) else { break };
                let r = match cx.host.net() {
                    Some(net) => net.write(s, rest),
                    None => return Err(no_sockets()),
                };
                match r {
                    Ok(Some(k)) => {
                        done += k;
                        deadline = None;
                    }
                    Ok(None) => {
                        let now = cx.host.now_ns();
                        if deadline.is_none() {
                            let timeout = net(cx)?.write_timeout(s);
                            deadline = (timeout > 0).then(|| now.saturating_add(timeout));
                        }
                        if deadline.is_some_and(|at| now >= at) {
                            set_progress(cx, None);
                            let e = (110, String::from("write timed out: the peer took nothing for the write timeout"));
                            return Err(raise_at(cx, s, e));
                        }
                        set_write_progress(cx, done as u64, deadline);
                        match (deadline, cx.co.as_deref_mut()) {
                            // (a `select` arm never has a deadline: writes are no arms)
                            (Some(at), Some(co)) if !arm => {
                                co.park_until(crate::co::Wait::Io(s, true), at)?;
                            }
                            (_, Some(_)) => wait(cx, s, true, arm)?,
                            // the default runtime: a handled OS signal's handler runs, then
                            // this write goes on from what it wrote
                            (_, None) => {
                                if net(cx)?.wait(s, true, true) {
                                    return Err(crate::natives::interrupt(cx, done as i64));
                                }
                            }
                        }
                    }
                    Err(e) => {
                        set_progress(cx, None);
                        return Err(raise_at(cx, s, e));
                    }
                }
            }
            set_progress(cx, None);
            Ok(None)
        }
        NetWriteTimeout => {
            let s = socket(cx.heap, a(0), Some(false))?;
            if let Err(e) = net(cx)?.set_write_timeout(s, a(1) as i64) {
                return Err(raise_at(cx, s, e));
            }
            Ok(None)
        }
        NetShutdown => {
            let s = socket(cx.heap, a(0), Some(false))?;
            // like `shutdown(2)` on a connection the peer already closed: nothing to do
            let _ = net(cx)?.shutdown(s);
            Ok(None)
        }
        NetAddr => {
            let s = socket(cx.heap, a(0), None)?;
            let addr = net(cx)?.addr(s, a(1) != 0).unwrap_or_default();
            cx.heap.new_str(addr).map(Some)
        }
        NetClose => {
            let s = socket(cx.heap, a(0), None)?;
            net(cx)?.close(s);
            // whoever waits on it runs again and finds it closed
            if let Some(co) = cx.co.as_deref_mut() {
                co.io_ready(s, true, true);
            }
            Ok(None)
        }
        _ => Err(Trap::Internal(format!("{} is not a socket native", n.info().name))),
    }
}

fn net<'c>(cx: &'c mut Cx) -> Result<&'c mut dyn NetHost, Trap> {
    cx.host.net().ok_or_else(no_sockets)
}

#[cold]
fn no_sockets() -> Trap {
    Trap::Panic(String::from("this host has no sockets (TcpListener / TcpStream)"))
}

/// Passes socket counts the heap recorded on to the host, outside the coroutine
/// runtime (under it, the scheduler does, after the slice).
fn sync_counts(cx: &mut Cx) {
    if cx.co.is_some() || cx.heap.events.is_empty() {
        return;
    }
    let events = core::mem::take(&mut cx.heap.events);
    if let Some(net) = cx.host.net() {
        for (c, delta) in events {
            if let crate::heap::Counted::Socket(s) = c {
                net.retain(s, delta);
            }
        }
    }
}

/// The host socket behind object `h` (a listener when `listener` is `Some(true)`).
fn socket(heap: &Heap, h: u64, listener: Option<bool>) -> Result<u32, Trap> {
    match heap.get(h) {
        Some(Object::Socket { id: crate::heap::MOVED, .. }) => {
            Err(Trap::Panic(String::from("use of a TcpStream that was moved to another coroutine (by `spawn` or `send`)")))
        }
        Some(Object::Socket { id, listener: l }) if listener.is_none_or(|want| want == *l) => Ok(*id),
        _ => Err(crate::heap::bad(h, "socket")),
    }
}

/// The errors that say the process (EMFILE) or the system (ENFILE) has no file
/// descriptor left.
const EMFILE: i64 = 24;
const ENFILE: i64 = 23;

/// A socket native's call that makes a socket, passed on unless it failed for want of
/// file descriptors. Sockets that are garbage may be what holds them (a socket is
/// closed when a collection frees it), so the native runs again after a collection
/// (`Err`): on the default runtime of its own heap (`Trap::NoMem`: the interpreter
/// collects and runs it again once), on the coroutine runtime of every heap holding
/// sockets (`Core::out_of_fds`). When it fails again after that, the error stands.
fn after_fds<T>(cx: &mut Cx, r: Result<T, IoErr>, arm: bool) -> Result<Result<T, IoErr>, Trap> {
    let short = matches!(&r, Err((code, _)) if *code == EMFILE || *code == ENFILE);
    let now = if short { cx.host.now_ns() } else { 0 };
    match cx.co.as_deref_mut() {
        Some(co) if short => co.out_of_fds(now, arm)?,
        Some(co) => co.fds_found(),
        None if short && !cx.heap.strict => return Err(Trap::NoMem),
        None => {}
    }
    Ok(r)
}

/// Starts connecting a socket to `addr` (`after_fds`: out of descriptors, it may run
/// again first).
fn connect(cx: &mut Cx, addr: &str, arm: bool) -> Result<Result<u32, IoErr>, Trap> {
    let made = net(cx)?.connect(addr);
    after_fds(cx, made, arm)
}

/// Waits until socket `s` is ready: parks the coroutine (`Trap::Block`), or blocks the
/// thread (then the caller tries again). A `select` arm only registers the wait, and
/// also stops with `Trap::Block`, which `call` turns into the arm's placeholder.
fn wait(cx: &mut Cx, s: u32, writable: bool, arm: bool) -> Result<(), Trap> {
    match cx.co.as_deref_mut() {
        Some(co) => {
            co.park(crate::co::Wait::Io(s, writable), arm)?;
            Err(Trap::Block)
        }
        // the default runtime: a handled OS signal runs its handler, then this native
        // again (accept and the reads start over losing nothing: a connection stays
        // queued, buffered text stays buffered; a write goes on from what it wrote and a
        // connect with its socket: `NetWrite`, `NetConnect`)
        None => {
            if net(cx)?.wait(s, writable, true) {
                return Err(Trap::Interrupted);
            }
            Ok(())
        }
    }
}

/// Lets the other coroutines run before the native runs again (a plain coroutine parks
/// until now; a `select` arm and the default runtime just go on).
fn yield_now(cx: &mut Cx, arm: bool) -> Result<(), Trap> {
    let now = cx.host.now_ns();
    match cx.co.as_deref_mut() {
        Some(co) if !arm => co.park(crate::co::Wait::Timer(now), false),
        _ => Ok(()),
    }
}

/// The running coroutine's socket progress (the default runtime never keeps any: it
/// finishes each call in one run).
fn progress(cx: &mut Cx) -> Option<u64> {
    let co = cx.co.as_deref_mut()?;
    let me = co.me;
    co.task_mut(me)?.io_progress()
}

/// The running coroutine's timed write (`Task::timed_write`): bytes written, deadline.
fn timed_write(cx: &mut Cx) -> Option<(u64, i64)> {
    let co = cx.co.as_deref_mut()?;
    let me = co.me;
    co.task_mut(me)?.timed_write()
}

/// Keeps a write's progress across waits, with its deadline when it has one (a text
/// past 4 GiB written keeps counting without it).
fn set_write_progress(cx: &mut Cx, done: u64, deadline: Option<i64>) {
    match deadline {
        Some(at) if done <= u32::MAX as u64 => {
            if let Some(co) = cx.co.as_deref_mut() {
                let me = co.me;
                if let Some(t) = co.task_mut(me) {
                    t.set_timed_write(done, at);
                }
            }
        }
        _ => set_progress(cx, Some(done)),
    }
}

fn set_progress(cx: &mut Cx, p: Option<u64>) {
    if let Some(co) = cx.co.as_deref_mut() {
        let me = co.me;
        if let Some(t) = co.task_mut(me) {
            t.set_io_progress(p);
        }
    }
}

/// `IO_ERROR { path: what, .. }` to raise.
fn raise(heap: &mut Heap, what: &str, (code, msg): IoErr) -> Trap {
    let made = heap.new_str(String::from(what)).and_then(|p| crate::natives::io_error(heap, p, code, msg));
    match made {
        Ok(sig) => Trap::Signal(sig),
        Err(t) => t,
    }
}

/// `IO_ERROR` naming the connection (its peer, else its local address).
fn raise_at(cx: &mut Cx, s: u32, e: IoErr) -> Trap {
    let what: String = match cx.host.net() {
        Some(net) => net.addr(s, true).or_else(|_| net.addr(s, false)).unwrap_or_default(),
        None => String::new(),
    };
    raise(cx.heap, &what, e)
}
