//! Raising signals: turning a `Trap` into a signal object, finding its handler row, and
//! the unhandled-signal and panic reports.
//!
//! Handler lookup happens only here, when something is raised (JVM-style tables), so
//! entering a `catch` costs nothing. In each frame, from the raise point outward: the
//! first handler row (table order) covering the pc and listing the signal's layout
//! catches it; else the frame's `except` decides whether it propagates to the caller
//! (resuming the search at the call instruction) or is unhandled.
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt::Write;

use cprime_bytecode::builtins;
use cprime_bytecode::module::{Except, Handler, LayoutKind, Module};

use crate::heap::{Object, POLL_RETRY};
use crate::{gc, CleanupTrace, Host, Outcome, State, Tables, Trap};

pub(crate) mod cleanup;
pub(crate) use cleanup::Pad;

/// Where execution continues after a trap was dealt with.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Resume {
    pub func: usize,
    pub pc: usize,
    pub base: usize,
}

/// Where a preempted or parked run continues (`State::suspended`), packed: every
/// coroutine's state carries one, and function, pc and register base all fit 32 bits
/// (the verifier bounds functions and code; the register stack stays below
/// `Limits::max_registers`).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Suspended {
    /// `u32::MAX`: nowhere (the run is not suspended).
    func: u32,
    pc: u32,
    base: u32,
}

impl Suspended {
    pub const NONE: Suspended = Suspended { func: u32::MAX, pc: 0, base: 0 };

    pub fn get(&self) -> Option<Resume> {
        (self.func != u32::MAX).then_some(Resume { func: self.func as usize, pc: self.pc as usize, base: self.base as usize })
    }

    pub fn take(&mut self) -> Option<Resume> {
        let r = self.get();
        *self = Suspended::NONE;
        r
    }

    pub fn set(&mut self, r: Resume) {
        let fit = |x: usize| u32::try_from(x).unwrap_or(u32::MAX - 1);
        *self = Suspended { func: fit(r.func), pc: fit(r.pc), base: fit(r.base) };
    }

    pub fn clear(&mut self) {
        *self = Suspended::NONE;
    }

    pub fn is_none(&self) -> bool {
        self.func == u32::MAX
    }
}

/// Handles a trap raised by instruction `pc` of the running frame `(func, base)`.
#[cold]
#[inline(never)]
#[allow(clippy::too_many_arguments)]
pub(crate) fn throw(
    module: &Module,
    tables: &Tables,
    st: &mut State,
    host: &mut dyn Host,
    trap: Trap,
    func: usize,
    pc: usize,
    base: usize,
) -> Result<Resume, Outcome> {
    let sig = match trap {
        Trap::Signal(h) => h,
        Trap::DivZero => fault(st, builtins::DIVIDE_BY_ZERO),
        Trap::StackOverflow => fault(st, builtins::STACK_OVERFLOW),
        Trap::Oom => {
            // the next allocation that does not fit collects first again: what the
            // handler frees (the unwound frames' objects) is garbage now
            st.heap.strict = false;
            st.oom()
        }
        Trap::Index { index, len } => {
            let fields = [index as u64, len as u64];
            match st.heap.new_record(builtins::INDEX_ERROR, &fields) {
                Ok(h) => h,
                Err(Trap::NoMem) => {
                    // nothing else is held outside the roots here: collect and try again
                    gc::collect(module, tables, st, Some(Resume { func, pc, base }));
                    st.heap.strict = true;
                    st.heap.poll |= POLL_RETRY;
                    st.heap.new_record(builtins::INDEX_ERROR, &fields).unwrap_or_else(|_| st.oom())
                }
                Err(_) => st.oom(),
            }
        }
        Trap::NoMem => {
            // the heap limit was reached: collect, then run the instruction again; if it
            // runs out again before the next safepoint, that is a real OOM (`strict`)
            gc::collect(module, tables, st, Some(Resume { func, pc, base }));
            st.heap.strict = true;
            st.heap.poll |= POLL_RETRY;
            return Ok(Resume { func, pc, base });
        }
        Trap::Interrupted => {
            // run the handler of the signal that cut the native short, then the native
            // again (it resumes from its stash); without a handler, just the native again
            crate::interp::drain_host_signals(st, host);
            let resume = crate::interp::enter_os_handler(tables, st, func, base, pc);
            return Ok(resume.unwrap_or(Resume { func, pc, base }));
        }
        Trap::Exit(code) => {
            // an exit hook (stage cleanup) runs first, alone on a fresh stack; when it
            // returns, the interpreter finishes with this exit status
            if let Some(resume) = st.begin_exit_hook(tables, code) {
                return Ok(resume);
            }
            host.flush();
            return Err(Outcome::Exit(code));
        }
        Trap::Panic(msg) => {
            let mut text = format!("panicked: {msg}\n");
            let mut frames = Vec::new();
            frames.push((func, pc));
            frames.extend(st.frames.iter().rev().map(|f| (f.func as usize, f.pc as usize)));
            write_trace(module, &frames, &mut text);
            return Err(Outcome::Panic(text));
        }
        Trap::Internal(msg) => return Err(internal(module, func, pc, &msg)),
        Trap::Block => return Err(block(st, Resume { func, pc, base })),
    };
    if sig == 0 {
        // no memory even for the `OOM` signal object (`State::oom`)
        return Err(Outcome::Unhandled(String::from("unhandled signal OOM (no memory left to raise it)\n")));
    }
    unwind(module, tables, st, host, sig, func, pc, base)
}

/// A coroutine waits at `at` (a native that blocked): the scheduler resumes it there,
/// and the instruction runs again.
#[inline]
pub(crate) fn block(st: &mut State, at: Resume) -> Outcome {
    st.suspended.set(at);
    Outcome::Blocked
}

/// `InternalError` text with the position it happened at.
pub(crate) fn internal(module: &Module, func: usize, pc: usize, msg: &str) -> Outcome {
    let name = module.functions.get(func).map_or("?", |f| f.name.as_str());
    Outcome::InternalError(format!("{msg} (in `{name}` at pc {pc})"))
}

/// Finds the handler for signal object `sig` raised at `pc` of frame `(func, base)`,
/// popping frames whose `except` lets it through.
#[allow(clippy::too_many_arguments)]
fn unwind(module: &Module, tables: &Tables, st: &mut State, host: &mut dyn Host, mut sig: u64, mut func: usize, mut pc: usize, mut base: usize) -> Result<Resume, Outcome> {
    let mut layout = match st.heap.get(sig) {
        Some(Object::Record { layout, .. })
            if module.layout(*layout).is_some_and(|l| l.kind == LayoutKind::Signal) =>
        {
            *layout
        }
        _ => return Err(internal(module, func, pc, "raised a value that is not a signal")),
    };
    // frames already left, innermost first: the start of the trace. A signal that a
    // cleanup landing pad raises again continues the trace of its first raise; one
    // raised inside a pad leaves the pad's note be (it may be caught there)
    let mut trace: Vec<(usize, usize)> = Vec::new();
    let mut trace_pc = pc;
    cleanup::left_pads(st, func, pc);
    // (the pad's own closing `Raise`: where, not what, for a pad may catch and raise
    // the same object again inside, a fault's or a stored signal)
    let depth = st.frames.len();
    if let Some(mut saved) = st.cleanup_trace.take_if(|t| t.sig == sig && t.pad.closes_at(depth, func, pc)) {
        st.cleanup_trace = saved.outer.take();
        trace = core::mem::take(&mut saved.frames);
        trace_pc = saved.pc;
    }
    'frames: loop {
        let Some(f) = module.functions.get(func) else {
            return Err(internal(module, func, pc, "frame of an unknown function"));
        };
        for (row, h) in f.handlers.iter().enumerate() {
            let listed = h.signals.is_empty() || h.signals.contains(&layout);
            if h.start as usize <= pc && pc < h.end as usize && listed {
                // a graceful shutdown came while a `defer` ran for a signal of the
                // coroutine's own: the first `catch` outside that `defer` to catch its
                // signal (or one the `defer` raised in its place) does not recover from
                // it: the coroutine is cancelled here, the shutdown's signal going on in
                // its place (uncaught, the signal ends it as its own; a stage's
                // alternative is not tried either, `InitCancelled`). One caught inside
                // the `defer` is that `defer`'s business.
                if let Some(l) = shutdown_in_place_of(st, func, h) {
                    // (with no memory for the shutdown's signal, its own goes on)
                    if let Ok(shutdown) = st.heap.new_record(l, &[]) {
                        sig = shutdown;
                        layout = l;
                        st.extras().cancelled_by = Some(l);
                        continue 'frames;
                    }
                }
                if let Some(slot) = st.regs.get_mut(base + h.reg as usize) {
                    *slot = sig;
                }
                cleanup::left_pads(st, func, h.target as usize);
                if h.signals.is_empty() {
                    let pad = Pad::of(module, tables, func, row, st.frames.len());
                    cleanup::enter_pad(st, alloc::boxed::Box::new(CleanupTrace { sig, frames: trace, pc: trace_pc, pad, outer: None }));
                }
                // a sleep or write an OS signal interrupted in this frame or deeper will
                // not resume; a connect's socket, which nothing refers to, closes
                let depth = st.frames.len();
                if let Some(e) = st.extras.as_mut() {
                    e.interrupted.retain(|&(d, state, socket)| {
                        if d >= depth && socket {
                            if let (Some(net), Ok(s)) = (host.net(), u32::try_from(state)) {
                                net.release_uncounted(s);
                            }
                        }
                        d < depth
                    });
                }
                return Ok(Resume { func, pc: h.target as usize, base });
            }
        }
        trace.push((func, trace_pc));
        let propagates = match &f.except {
            Except::Any => true,
            Except::List(l) => l.contains(&layout) || st.extras.as_ref().is_some_and(|e| e.cancelled_by == Some(layout)),
        };
        if propagates {
            if let Some(caller) = st.frames.pop() {
                func = caller.func as usize;
                pc = caller.pc as usize;
                trace_pc = pc;
                base = caller.base as usize;
                continue;
            }
        }
        trace.extend(st.frames.iter().rev().map(|f| (f.func as usize, f.pc as usize)));
        let payload = crate::format::object_debug_within(module, &st.heap, sig, crate::format::REPORT_TEXT);
        let mut text = format!("unhandled signal {payload}\n");
        write_trace(module, &trace, &mut text);
        st.extras().unhandled = Some(sig);
        return Err(Outcome::Unhandled(text));
    }
}

/// The shutdown signal's layout if handler `h` of `func` (the current frame) is outside
/// the `defer` a graceful shutdown waits for (`Extras::cancel_after_cleanup`, then
/// taken: once).
fn shutdown_in_place_of(st: &mut State, func: usize, h: &Handler) -> Option<u32> {
    let (layout, pad) = st.extras.as_ref()?.cancel_after_cleanup?;
    if h.signals.is_empty() || pad.holds(&st.frames, func, h.target as usize) {
        return None;
    }
    st.extras.as_mut().and_then(|e| e.cancel_after_cleanup.take());
    Some(layout)
}

/// Frames shown from the inside and from the outside of a very deep trace.
const TRACE_HEAD: usize = 40;
const TRACE_TAIL: usize = 10;

/// One `  at NAME (FILE:LINE)` line per frame, innermost first. A trace deeper than
/// `TRACE_HEAD + TRACE_TAIL` frames (a runaway recursion) shows both ends and says how
/// many frames it left out.
pub(crate) fn write_trace(module: &Module, frames: &[(usize, usize)], out: &mut String) {
    let n = frames.len();
    for (k, &(func, pc)) in frames.iter().enumerate() {
        if n > TRACE_HEAD + TRACE_TAIL && k >= TRACE_HEAD && k < n - TRACE_TAIL {
            if k == TRACE_HEAD {
                let _ = writeln!(out, "  ... {} frames omitted ...", n - TRACE_HEAD - TRACE_TAIL);
            }
            continue;
        }
        match module.functions.get(func) {
            Some(f) => {
                let file = module.files.get(f.file as usize).map_or("?", |s| s.as_str());
                let _ = writeln!(out, "  at {} ({}:{})", f.name, file, f.line_of(pc as u32));
            }
            None => {
                let _ = writeln!(out, "  at #{func} (?)");
            }
        }
    }
}

/// The state's signal object for a fault without payload, made on first use (a
/// coroutine's state starts without them); `OOM`'s when there is no memory for it.
fn fault(st: &mut State, layout: u32) -> u64 {
    let slot = if layout == builtins::DIVIDE_BY_ZERO { &mut st.faults.div_zero } else { &mut st.faults.stack_overflow };
    if *slot == 0 {
        if let Ok(h) = st.heap.new_record(layout, &[]) {
            *slot = h;
        }
    }
    match *slot {
        0 => st.oom(),
        h => h,
    }
}
