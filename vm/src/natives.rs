//! Native functions (`CallNat`): every row of `cprime_bytecode::natives`.
//!
//! Host-provided rows call the [`Host`] trait; core rows are implemented here and in
//! `natives/strings.rs` and `natives/collections.rs`. Conventions:
//! - `Option<T>` results are records of layout `builtins::some(kind)` / `builtins::NONE`;
//! - a native allocates everything before it mutates anything reachable, so when the
//!   heap limit is hit (`Trap::NoMem`) the interpreter can collect and simply call it
//!   again; host results already read are kept in the `Stash` for that second call;
//! - faults (`INDEX_ERROR`, `IO_ERROR`, ...) surface at the `CallNat`, the user's call site.
mod collections;
pub(crate) mod equality;
pub(crate) use collections::vec_rep;
pub(crate) mod fmath;
mod numbers;
mod strings;

use alloc::boxed::Box;
use alloc::format;
use alloc::string::{String, ToString};

use cprime_bytecode::builtins;
use cprime_bytecode::module::{Kind, Module};
use cprime_bytecode::natives::Native;

use crate::heap::Heap;
use crate::{Host, Stash, Tables, Trap};

/// What a native may touch.
pub(crate) struct Cx<'a> {
    pub module: &'a Module,
    pub tables: &'a Tables,
    pub heap: &'a mut Heap,
    pub host: &'a mut dyn Host,
    pub stash: &'a mut Option<Box<Stash>>,
    /// The program's OS signal handlers (`signal(..)`) and interrupted sleeps
    /// (`State::extras`), and the calling frame's depth.
    pub extras: &'a mut Option<Box<crate::Extras>>,
    pub depth: usize,
    /// The run's limits (`heap_stage`, `.stack_size`).
    pub limits: &'a mut alloc::sync::Arc<crate::Limits>,
    /// The coroutine scheduler's bookkeeping, when running under it.
    pub co: Option<&'a mut crate::co::Core>,
}

#[cfg(feature = "std")]
/// Whether native `id` works with the coroutine scheduler's bookkeeping (so a worker
/// must hold it while the native runs).
pub(crate) fn uses_core(id: u16) -> bool {
    use Native::*;
    Native::from_id(id).is_some_and(|n| {
        matches!(
            n,
            ChanNew | ChanRx | ChanClone | ChanDrop | ChanSend | ChanRecv | CoSpawn | CoGo | CoJoin | CoHandle | CoWaitAll | CoHandleSig | CoCount
                | SelBegin | SelArm | SelDone | SelWait | SleepNs | ReadLine | ReadFile | WriteFile | AppendFile | SignalHandle
                | SigIsCancel | InitCancelled | ShuttingDown | CleanupBegins
                | NetBind | NetAccept | NetConnect | NetRead | NetReadMax | NetReadLine | NetWrite | NetShutdown | NetAddr | NetClose
        )
    })
}

/// Whether native `id` writes to stdout or stderr: under the coroutine runtime it needs
/// the scheduler's bookkeeping when the output thread is behind (its coroutine waits).
pub(crate) fn is_output(id: u16) -> bool {
    use Native::*;
    Native::from_id(id).is_some_and(|n| matches!(n, Print | Eprint | WriteFd))
}

/// Calls native `id` with `args`; `Ok(None)` for natives that return nothing.
pub(crate) fn call(cx: &mut Cx, id: u16, args: &[u64]) -> Result<Option<u64>, Trap> {
    let Some(n) = Native::from_id(id) else {
        return Err(Trap::Internal(format!("unknown native #{id}")));
    };
    let a = |i: usize| args.get(i).copied().unwrap_or(0);
    use Native::*;
    match n {
        Print | Eprint | WriteFd | Exit | ProcessId | ProcessKill | SleepNs | SignalHandle | SignalDisposition | NowNs | ReadLine | ReadFile | SettingSet | SettingGet
        | WriteFile | AppendFile | TcpListen | TcpLocalPort | TcpClose => {
            host(cx, n, args)
        }
        NetBind | NetAccept | NetConnect | NetRead | NetReadMax | NetReadLine | NetWrite | NetShutdown | NetAddr | NetClose
        | NetWriteTimeout => crate::net::call(cx, n, args),
        SetHeapLimit => {
            let limit = usize::try_from(a(0) as i64).ok().filter(|&b| b > 0);
            alloc::sync::Arc::make_mut(cx.limits).heap_limit = limit;
            cx.heap.set_limit(limit);
            Ok(None)
        }
        SetStackLimit => {
            let bytes = a(0) as i64;
            if bytes > 0 {
                // one register slot is 8 bytes; the limit never grows past the default
                let regs = usize::try_from(bytes / 8).unwrap_or(usize::MAX).max(64);
                alloc::sync::Arc::make_mut(cx.limits).max_registers = regs.min(crate::Limits::default().max_registers);
            }
            Ok(None)
        }
        HeapReport => {
            let s = cx.heap.stats();
            let text = format!(
                "{} allocations, {} objects live ({} bytes), peak {} bytes, {} collections",
                s.allocations, s.live_objects, s.live_bytes, s.peak_bytes, s.collections
            );
            cx.heap.new_str(text).map(Some)
        }
        Panic => Err(Trap::Panic(cx.heap.str_of(a(0))?.to_string())),
        StrLen | StrParseInt | StrParseU | StrParseF | StrContains | StrStarts | StrEnds | StrFind | StrTrim | StrUpper | StrLower
        | StrSplit | StrChars | StrSlice | StrCmp | StrRepeat | StrReplace | StrLines | StrCharAt => {
            let units = work(cx.heap, n, args);
            cx.heap.work(units);
            strings::call(cx.heap, n, args)
        }
        VecPop | VecInsert | VecRemove | VecClear | VecTruncate | VecSwap | VecReverse | VecSortI | VecSortU | VecSortF | VecSortS
        | VecJoin | VecContains | VecSlice | VecWriteAt | VecExtend | MapInsert | MapGet | MapContains | MapRemove | MapLen | MapKeys
        | MapValues | Clone => {
            let units = work(cx.heap, n, args);
            cx.heap.work(units);
            collections::call(cx, n, args)
        }
        SigName => {
            let name = signal_name(cx.module, cx.heap, a(0))?;
            cx.heap.new_str(name).map(Some)
        }
        SigMessage => {
            let (layout, fields) = cx.heap.record(a(0))?;
            let l = cx.module.layout(layout).ok_or_else(|| Trap::Internal(format!("unknown layout #{layout}")))?;
            let msg = l.fields.iter().position(|(name, k)| name == "message" && *k == Kind::Ref).and_then(|i| fields.get(i).copied());
            match msg {
                Some(h) if cx.heap.str(h).is_some() => Ok(Some(h)),
                _ => {
                    let name = l.name.clone();
                    cx.heap.new_str(name).map(Some)
                }
            }
        }
        RefEq => Ok(Some((a(0) == a(1)) as u64)),
        DurationDebug => {
            let p = format_amount(a(1) as i64, "precision")?;
            cx.heap.work(usize::try_from(p).unwrap_or(0));
            cx.heap.new_str(crate::format::duration_debug(a(0) as i64, p)).map(Some)
        }
        CharDebug => cx.heap.new_str(crate::format::char_debug(a(0))).map(Some),
        DebugPrec => {
            let shape = u32::try_from(a(1) as i64).ok();
            let p = format_amount(a(2) as i64, "precision")?.max(0) as usize;
            let text = crate::format::debug_with_precision(cx.module, cx.heap, a(0), shape, p);
            cx.heap.work(text.len());
            cx.heap.new_str(text).map(Some)
        }
        DebugSpec => {
            let shape = u32::try_from(a(1) as i64).ok();
            let precision = usize::try_from(format_amount(a(2) as i64, "precision")?).ok();
            let width = usize::try_from(format_amount(a(3) as i64, "width")?).unwrap_or(0);
            let leaf = crate::format::Leaf { precision, width, mode: a(4) as i64 };
            let text = crate::format::debug_with(cx.module, cx.heap, a(0), shape, leaf);
            cx.heap.work(text.len());
            cx.heap.new_str(text).map(Some)
        }
        CharDigit => {
            let radix = u32::try_from(a(1) as i64).ok().filter(|r| (2..=36).contains(r));
            let Some(radix) = radix else { return Err(Trap::Panic(format!("to_digit: invalid radix {} -- radix must be in the range 2 to 36 inclusive", a(1) as i64))) };
            let c = u32::try_from(a(0) as i64).ok().and_then(char::from_u32);
            option(cx.heap, Kind::Int, c.and_then(|c| c.to_digit(radix)).map(u64::from)).map(Some)
        }
        IntText => {
            let p = format_amount(a(2) as i64, "precision")?;
            cx.heap.new_str(crate::format::int_text(a(0) as i64, a(1) as i64, p)).map(Some)
        }
        FloatText => {
            let p = format_amount(a(2) as i64, "precision")?;
            cx.heap.work(usize::try_from(p).unwrap_or(0));
            cx.heap.new_str(crate::format::float_text(f64::from_bits(a(0)), a(1) as i64, p)).map(Some)
        }
        NumSign => match crate::format::num_sign(cx.heap.str_of(a(0))?) {
            Some(text) => cx.heap.new_str(text).map(Some),
            None => Ok(Some(a(0))),
        },
        StrPretty => {
            let text = crate::format::pretty(cx.heap.str_of(a(0))?);
            cx.heap.work(text.len());
            cx.heap.new_str(text).map(Some)
        }
        ValEq => {
            let kind = Kind::from_u8(a(2) as u8).unwrap_or(Kind::Ref);
            Ok(Some(equality::equal(cx.module, cx.heap, kind, a(0), a(1)) as u64))
        }
        CharIs => {
            let c = u32::try_from(a(0)).ok().and_then(char::from_u32).unwrap_or('\u{fffd}');
            use cprime_bytecode::natives::*;
            let is = match a(1) as i64 {
                CHAR_ALPHABETIC => c.is_alphabetic(),
                CHAR_NUMERIC => c.is_numeric(),
                CHAR_ALPHANUMERIC => c.is_alphanumeric(),
                CHAR_LOWERCASE => c.is_lowercase(),
                CHAR_UPPERCASE => c.is_uppercase(),
                _ => c.is_whitespace(),
            };
            Ok(Some(is as u64))
        }
        StrPrefix => {
            let s = cx.heap.str_of(a(0))?;
            let n = usize::try_from(a(1) as i64).unwrap_or(0);
            match s.char_indices().nth(n) {
                Some((end, _)) => {
                    let prefix = s[..end].to_string();
                    cx.heap.new_str(prefix).map(Some)
                }
                None => Ok(Some(a(0))),
            }
        }
        StrPad => {
            let width = usize::try_from(format_amount(a(1) as i64, "width")?).unwrap_or(0);
            cx.heap.work(width);
            let padded = crate::format::pad(cx.heap.str_of(a(0))?, width, a(2) as i64);
            match padded {
                Some(text) => cx.heap.new_str(text).map(Some),
                None => Ok(Some(a(0))),
            }
        }
        SigIsCancel | InitCancelled => {
            let (layout, _) = cx.heap.record(a(0))?;
            // a stage init's own signal that a `defer` was cleaning up after when the
            // shutdown came (`Extras::cancel_after_cleanup`) is not a failure to try the
            // alternative for: it is passed on as the cancel it now is, which ends the
            // entry quietly. (Past the body, `SigIsCancel`, it stays a failure.)
            if let Some(e) = cx.extras.as_mut().filter(|e| n == InitCancelled && e.cancel_after_cleanup.is_some()) {
                e.cancel_after_cleanup = None;
                e.cancelled_by = Some(layout);
            }
            let cancelled = cx.extras.as_ref().is_some_and(|e| e.cancelled_by == Some(layout));
            Ok(Some((cancelled || cx.co.as_ref().is_some_and(|c| c.shutdown == Some(layout))) as u64))
        }
        ShuttingDown => {
            let Some(c) = cx.co.as_deref_mut() else { return Ok(Some(0)) };
            let under_way = c.shutdown.is_some();
            if !under_way {
                // the entry's wrapper goes on to its cleanup: marked now, before the
                // native's safepoint, so a shutdown that begins there cancels nothing
                c.cleanup_begins();
            }
            Ok(Some(under_way as u64))
        }
        CleanupBegins => {
            if let Some(c) = cx.co.as_deref_mut() {
                c.cleanup_begins();
            }
            Ok(None)
        }
        Sqrt | Floor | Ceil | Round | AbsF | PowF | Sin | Cos | Exp | Ln | AbsI | PowI | MinI | MaxI | MinF | MaxF | MulSatI | AddSatI | SubSatI
        | FloatFn | FloatFn2 | FloatFn3 | FloatIs | IntFn | IntFn2 | ClampI => math(n, args).map(Some),
        IntChecked => {
            let r = numbers::int_checked(a(0) as i64, a(1) as i64, a(2) as i64)?;
            option(cx.heap, Kind::Int, r.map(|v| v as u64)).map(Some)
        }
        ChanNew | ChanRx | ChanClone | ChanDrop | ChanSend | ChanRecv | CoSpawn | CoGo | CoJoin | CoHandle | CoWaitAll | CoHandleSig
        | CoCount | SelBegin | SelArm | SelDone | SelWait => crate::co::call(cx, n, args),
    }
}

/// What the native now running had left to do or had done when an OS signal interrupted
/// it in this frame (`Extras::interrupted`), taken: it goes on from there.
pub(crate) fn resumed(cx: &mut Cx) -> Option<i64> {
    let stack = &mut cx.extras.as_mut()?.interrupted;
    if stack.last().is_some_and(|&(depth, ..)| depth == cx.depth) {
        stack.pop().map(|(_, v, _)| v)
    } else {
        None
    }
}

/// Interrupts the native now running for an OS signal's handler, keeping `state` for its
/// run after the handler (`resumed`).
pub(crate) fn interrupt(cx: &mut Cx, state: i64) -> Trap {
    cx.extras.get_or_insert_with(Default::default).interrupted.push((cx.depth, state, false));
    Trap::Interrupted
}

/// `interrupt`, for a native whose state is socket `s` it opened and nothing refers to
/// yet: closed if the handler's signal abandons the native (`unwind.rs`).
pub(crate) fn interrupt_holding_socket(cx: &mut Cx, s: u32) -> Trap {
    cx.extras.get_or_insert_with(Default::default).interrupted.push((cx.depth, i64::from(s), true));
    Trap::Interrupted
}

/// Reductions by work (`Heap::work`): about how many elements or bytes native `n` walks
/// for `args`, for the natives whose time grows with their operands (others: 0). Counted
/// before the call: a native that then fails did at most that much. What a native
/// allocates is counted as well, by the collections it brings.
fn work(heap: &Heap, n: Native, args: &[u64]) -> usize {
    use Native::*;
    let a = |i: usize| args.get(i).copied().unwrap_or(0);
    let items = |h: u64| heap.vector(h).map_or(0, |(_, v)| v.len());
    let bytes = |h: u64| heap.str(h).map_or(0, str::len);
    let sorting = |n: usize| n.saturating_mul((usize::BITS - n.leading_zeros()) as usize);
    // a range `a..b` of the operand (clamped; a bad one raises in the native)
    let range = || usize::try_from((a(2) as i64).saturating_sub(a(1) as i64)).unwrap_or(0);
    // the elements after index `i`, which an insert or remove moves
    let after = |i: u64| items(a(0)).saturating_sub(usize::try_from(i as i64).unwrap_or(0));
    match n {
        VecReverse | VecContains | VecJoin => items(a(0)),
        VecInsert | VecRemove => after(a(1)),
        VecSlice | StrSlice => range(),
        VecWriteAt => items(a(2)),
        VecExtend => items(a(1)),
        VecSortI | VecSortU | VecSortF => sorting(items(a(0))),
        // each comparison reads two strings
        VecSortS => sorting(items(a(0))).saturating_mul(4),
        MapKeys | MapValues => heap.map(a(0)).map_or(0, |m| m.len()),
        // a prefix or suffix test reads the pattern's length; a comparison the shorter
        StrStarts | StrEnds => bytes(a(1)),
        StrCmp => bytes(a(0)).min(bytes(a(1))),
        StrContains | StrFind | StrReplace => bytes(a(0)).saturating_add(bytes(a(1))),
        StrParseInt | StrParseU | StrParseF | StrTrim | StrUpper | StrLower | StrSplit | StrChars | StrLines => bytes(a(0)),
        StrRepeat => bytes(a(0)).saturating_mul(usize::try_from(a(1) as i64).unwrap_or(0)),
        _ => 0,
    }
}

/// A format width or precision given at run time (`{:w$}`, `{:.*}`): at most 65535, as
/// Rust's; negative is none (-1).
fn format_amount(n: i64, what: &str) -> Result<i64, Trap> {
    if n > u16::MAX as i64 {
        return Err(Trap::Panic(format!("a format {what} of {n} is more than 65535")));
    }
    Ok(n.max(-1))
}

/// The id of `SetStackLimit`, after which the interpreter re-reads its limits.
pub(crate) const SET_STACK_LIMIT: u16 = Native::SetStackLimit as u16;

/// Whether native `id` is provided by the host (a system call, possibly blocking).
pub(crate) fn is_host(id: u16) -> bool {
    Native::from_id(id).is_some_and(|n| n.info().provider == cprime_bytecode::natives::Provider::Host)
}

fn signal_name(module: &Module, heap: &Heap, h: u64) -> Result<String, Trap> {
    let (layout, _) = heap.record(h)?;
    module.layout(layout).map(|l| l.name.clone()).ok_or_else(|| Trap::Internal(format!("unknown layout #{layout}")))
}

/// `Some(v)` with the layout for `kind`.
pub(crate) fn some(heap: &mut Heap, kind: Kind, v: u64) -> Result<u64, Trap> {
    heap.new_record(builtins::some(kind), &[v])
}

pub(crate) fn none(heap: &mut Heap) -> Result<u64, Trap> {
    heap.new_record(builtins::NONE, &[])
}

pub(crate) fn option(heap: &mut Heap, kind: Kind, v: Option<u64>) -> Result<u64, Trap> {
    match v {
        Some(v) => some(heap, kind, v),
        None => none(heap),
    }
}

fn host(cx: &mut Cx, n: Native, args: &[u64]) -> Result<Option<u64>, Trap> {
    let a = |i: usize| args.get(i).copied().unwrap_or(0);
    let i = |k: usize| a(k) as i64;
    use Native::*;
    // a coroutine that prints while the output thread is far behind waits (the others
    // go on) until it has caught up; then this native runs again
    if let Some(co) = cx.co.as_deref_mut() {
        if is_output(n as u16) && cx.host.output_backlogged() {
            co.park(crate::co::Wait::Output, false)?;
        }
    }
    match n {
        Print | Eprint => {
            let s = cx.heap.str_of(a(0))?;
            cx.host.write(if n == Print { 1 } else { 2 }, s.as_bytes());
            Ok(None)
        }
        WriteFd => {
            let s = cx.heap.str_of(a(1))?.as_bytes();
            let len = usize::try_from(i(2).max(0)).unwrap_or(usize::MAX).min(s.len());
            match i(0) {
                fd @ (1 | 2) => {
                    cx.host.write(fd as i32, &s[..len]);
                    Ok(Some(len as u64))
                }
                _ => Ok(Some(-1i64 as u64)),
            }
        }
        Exit => Err(Trap::Exit(i(0) as i32)),
        ProcessId => Ok(Some(cx.host.process_id() as u64)),
        ProcessKill => Ok(Some(cx.host.kill(i(0), i(1)) as u64)),
        // under the coroutine scheduler a sleep parks the coroutine, not the worker
        SleepNs if cx.co.is_some() => crate::co::sleep(cx, i(0)),
        SleepNs => {
            // a sleep interrupted by a handled OS signal resumes with what was left
            let ns = resumed(cx).unwrap_or(i(0));
            let left = cx.host.sleep_ns(ns);
            if left > 0 {
                return Err(interrupt(cx, left));
            }
            Ok(None)
        }
        SignalDisposition => {
            let signo = i32::try_from(i(0)).unwrap_or(-1);
            if !cx.host.set_signal_disposition(signo, i(1) != 0) {
                return Err(Trap::Panic(format!("cannot change the disposition of signal {signo}")));
            }
            if let Some(e) = cx.extras.as_mut() {
                e.os_handlers.retain(|(s, _)| *s != signo);
            }
            Ok(None)
        }
        SignalHandle => {
            // the scheduler owns the OS signals (its signal thread): a frame handler would
            // never run, and silently swallowing the signal is worse than saying so
            if cx.co.is_some() {
                return Err(Trap::Panic(String::from(
                    "`signal(..)` handlers (and `signal_stage`) do not run on the coroutine runtime: register the handler with `CoroutineScheduler::new().handle(SIG, |s| async { .. })`",
                )));
            }
            let signo = i32::try_from(i(0)).unwrap_or(-1);
            let handler = args.get(1).copied().unwrap_or(0);
            if !matches!(cx.heap.get(handler), Some(crate::heap::Object::Closure { .. })) {
                return Err(crate::heap::bad(handler, "closure (signal handler)"));
            }
            if !cx.host.install_signal(signo) {
                return Err(Trap::Panic(format!("cannot install a handler for signal {signo}")));
            }
            let handlers = &mut cx.extras.get_or_insert_with(Default::default).os_handlers;
            match handlers.iter_mut().find(|(s, _)| *s == signo) {
                Some(slot) => slot.1 = handler,
                None => handlers.push((signo, handler)),
            }
            Ok(None)
        }
        NowNs => Ok(Some(cx.host.now_ns() as u64)),
        SettingSet => {
            let key = String::from(cx.heap.str_of(a(0))?);
            let value = String::from(cx.heap.str_of(a(1))?);
            cx.host.setting_set(&key, &value);
            Ok(None)
        }
        SettingGet => {
            let key = String::from(cx.heap.str_of(a(0))?);
            let value = cx.host.setting_get(&key);
            cx.heap.new_str(value).map(Some)
        }
        ReadLine => {
            let line = match take_stash(cx.stash, |s| matches!(s, Stash::Line(_))) {
                Some(Stash::Line(l)) => l,
                // a coroutine takes a line read already, or waits while a file thread
                // reads more: the other coroutines go on
                _ if cx.co.is_some() => loop {
                    // a fill under way is finished (its ticket taken) before anything else
                    if !crate::co::file_op_pending(cx) {
                        if let Some(line) = cx.host.stdin_buffered() {
                            break line;
                        }
                        cx.host.flush(); // a prompt shows before the wait
                    }
                    let _ = crate::co::file_op(cx, crate::FileOp::StdinFill)?;
                },
                _ => cx.host.read_line(),
            };
            let room = line.as_ref().map_or(0, |l| l.len()) + 256;
            if let Err(t) = cx.heap.check_room(room) {
                *cx.stash = Some(Box::new(Stash::Line(line)));
                return Err(t);
            }
            match line {
                Some(l) => {
                    let h = cx.heap.new_str(l)?;
                    some(cx.heap, Kind::Ref, h).map(Some)
                }
                None => none(cx.heap).map(Some),
            }
        }
        ReadFile => {
            let path = cx.heap.str_of(a(0))?.to_string();
            let res = match take_stash(cx.stash, |s| matches!(s, Stash::File(p, _) if *p == path)) {
                Some(Stash::File(_, r)) => r,
                _ if cx.co.is_some() => crate::co::file_op(cx, crate::FileOp::Read(path.clone()))?,
                _ => cx.host.read_file(&path),
            };
            let room = match &res {
                Ok(text) => text.len(),
                Err((_, msg)) => msg.len(),
            } + 256;
            if let Err(t) = cx.heap.check_room(room) {
                // a file can be read again; a stashed stdin line could not
                if cx.stash.is_none() {
                    *cx.stash = Some(Box::new(Stash::File(path, res)));
                }
                return Err(t);
            }
            match res {
                Ok(text) => cx.heap.new_str(text).map(Some),
                Err((code, msg)) => Err(Trap::Signal(io_error(cx.heap, a(0), code, msg)?)),
            }
        }
        TcpListen => {
            let address = cx.heap.str_of(a(0))?.to_string();
            match cx.host.tcp_listen(&address, i(1)) {
                Ok(h) => Ok(Some(h as u64)),
                Err((code, msg)) => {
                    let shown = if address.is_empty() { "127.0.0.1" } else { address.as_str() };
                    let what = cx.heap.new_str(format!("{shown}:{}", i(1)))?;
                    Err(Trap::Signal(io_error(cx.heap, what, code, msg)?))
                }
            }
        }
        TcpLocalPort => Ok(Some(cx.host.tcp_local_port(i(0)) as u64)),
        TcpClose => {
            cx.host.tcp_close(i(0));
            Ok(None)
        }
        WriteFile | AppendFile => {
            // (in a coroutine the text is copied for the file thread, once: the run
            // after the wake-up only takes the result; a copy the system refuses is an
            // `OOM`)
            let started = cx.co.is_some() && crate::co::file_op_pending(cx);
            let (path, text) = (cx.heap.str_of(a(0))?, cx.heap.str_of(a(1))?);
            let done = if cx.co.is_some() {
                let (p, t) = if started { (String::new(), String::new()) } else { (crate::memory::try_string(path)?, crate::memory::try_string(text)?) };
                let op = if n == WriteFile { crate::FileOp::Write(p, t) } else { crate::FileOp::Append(p, t) };
                crate::co::file_op(cx, op)?.map(|_| ())
            } else if n == WriteFile {
                cx.host.write_file(path, text)
            } else {
                cx.host.append_file(path, text)
            };
            match done {
                Ok(()) => Ok(None),
                Err((code, msg)) => Err(Trap::Signal(io_error(cx.heap, a(0), code, msg)?)),
            }
        }
        _ => Err(Trap::Internal(format!("native {n:?} is not a host native"))),
    }
}

/// `IO_ERROR { path, error_code, message }`.
pub(crate) fn io_error(heap: &mut Heap, path: u64, code: i64, msg: String) -> Result<u64, Trap> {
    let m = heap.new_str(msg)?;
    heap.new_record(builtins::IO_ERROR, &[path, code as u64, m])
}

/// The math natives that cannot fail, on their first two arguments (`None` for any other
/// native). The interpreter's threaded handlers call these without leaving the chain.
#[inline(never)]
pub(crate) fn pure_math(id: u16, x: u64, y: u64) -> Option<u64> {
    // only `CallMath` calls it, which translation makes for `is_pure_math` natives; any
    // other native (or a math error) is `None`, and the outer loop runs the call
    math(Native::from_id(id)?, &[x, y]).ok()
}

/// Whether native `id` is math that never fails, needs nothing but its two arguments, and
/// can run inside the threaded chain (`PowI` raises on a negative exponent of zero).
pub(crate) fn is_pure_math(id: u16) -> bool {
    use Native::*;
    Native::from_id(id).is_some_and(|n| matches!(n, Sqrt | Floor | Ceil | Round | AbsF | PowF | Sin | Cos | Exp | Ln | AbsI | MinI | MaxI | MinF | MaxF | MulSatI | AddSatI | SubSatI | FloatFn | FloatIs | IntFn))
}

fn math(n: Native, args: &[u64]) -> Result<u64, Trap> {
    let a = |i: usize| args.get(i).copied().unwrap_or(0);
    let f = |k: usize| f64::from_bits(a(k));
    let i = |k: usize| a(k) as i64;
    use Native::*;
    let float = |x: f64| Ok(x.to_bits());
    let int = |x: i64| Ok(x as u64);
    match n {
        Sqrt => float(fmath::sqrt(f(0))),
        Floor => float(fmath::floor(f(0))),
        Ceil => float(fmath::ceil(f(0))),
        Round => float(fmath::round(f(0))),
        AbsF => float(fmath::fabs(f(0))),
        PowF => float(fmath::pow(f(0), f(1))),
        Sin => float(fmath::sin(f(0))),
        Cos => float(fmath::cos(f(0))),
        Exp => float(fmath::exp(f(0))),
        Ln => float(fmath::log(f(0))),
        AbsI => int(i(0).wrapping_abs()),
        PowI => pow_i(i(0), i(1)).map(|x| x as u64),
        MinI => int(i(0).min(i(1))),
        MaxI => int(i(0).max(i(1))),
        MulSatI => int(i(0).saturating_mul(i(1)).max(0)),
        AddSatI => int(i(0).saturating_add(i(1)).max(0)),
        SubSatI => int(i(0).saturating_sub(i(1)).max(0)),
        MinF => float(fmath::fmin(f(0), f(1))),
        MaxF => float(fmath::fmax(f(0), f(1))),
        FloatFn => float(numbers::float_fn(f(0), i(1))?),
        FloatFn2 => float(numbers::float_fn2(f(0), f(1), i(2))?),
        FloatFn3 => float(numbers::float_fn3(f(0), f(1), f(2), i(3))?),
        FloatIs => int(numbers::float_is(f(0), i(1))? as i64),
        IntFn => int(numbers::int_fn(i(0), i(1))?),
        IntFn2 => int(numbers::int_fn2(i(0), i(1), i(2))?),
        ClampI => int(numbers::clamp_int(i(0), i(1), i(2), i(3))?),
        _ => Err(Trap::Internal(format!("native {n:?} is not a math native"))),
    }
}

/// Wrapping integer power; a negative exponent gives the truncated quotient `1 / b^-e`.
fn pow_i(b: i64, e: i64) -> Result<i64, Trap> {
    if e < 0 {
        return match b {
            0 => Err(Trap::DivZero),
            1 => Ok(1),
            -1 => Ok(if e & 1 == 0 { 1 } else { -1 }),
            _ => Ok(0),
        };
    }
    let (mut r, mut b, mut e) = (1i64, b, e as u64);
    while e > 0 {
        if e & 1 == 1 {
            r = r.wrapping_mul(b);
        }
        b = b.wrapping_mul(b);
        e >>= 1;
    }
    Ok(r)
}

/// The stashed host result, if it is the one `mine` recognizes; another call's stays
/// for that call (a stdin line is not lost to a file read).
fn take_stash(stash: &mut Option<Box<Stash>>, mine: impl FnOnce(&Stash) -> bool) -> Option<Stash> {
    if stash.as_deref().is_some_and(mine) {
        stash.take().map(|b| *b)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn integer_power() {
        assert_eq!(pow_i(2, 10).unwrap(), 1024);
        assert_eq!(pow_i(3, 0).unwrap(), 1);
        assert_eq!(pow_i(-1, -3).unwrap(), -1);
        assert_eq!(pow_i(2, -1).unwrap(), 0);
        assert!(matches!(pow_i(0, -1), Err(Trap::DivZero)));
        assert_eq!(pow_i(2, 64).unwrap(), 0); // wraps
    }
}
