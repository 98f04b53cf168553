//! The slow paths of calls and safepoints: growing the frame and register stacks within
//! the limits, the work a safepoint does when its counter or flag says so, and entering
//! the program's OS signal handlers there.
use crate::heap::{Object, POLL_GC, POLL_RETRY, POLL_WORK};
use crate::unwind::Resume;
use crate::{gc, Frame, Host, Outcome, State, Tables, Trap};
use cprime_bytecode::module::Module;

/// Safepoints between polls of `Host::poll_signal` when no fuel limit is set.
pub(crate) const INTERVAL: u64 = 1 << 16;
/// The same once the program has installed an OS signal handler: a few microseconds of
/// work at most between a delivery and its handler.
pub(crate) const SIGNAL_INTERVAL: u64 = 256;

/// How deep the frame stack may get before `grow` must run: the frame limit, or the
/// reserved capacity (so a push in the call fast path never reallocates).
pub(crate) fn frame_cap(st: &State) -> usize {
    st.limits.max_frames.min(st.frames.capacity())
}

/// Makes room for one more frame and registers up to `top`, or says why not:
/// `STACK_OVERFLOW` past the limits, `OOM` when memory can't be reserved.
#[cold]
#[inline(never)]
pub(crate) fn grow(st: &mut State, top: usize, cap: &mut usize) -> Result<(), Trap> {
    let max_regs = st.limits.max_registers.min(u32::MAX as usize);
    if st.frames.len() >= st.limits.max_frames || top > max_regs {
        return Err(Trap::StackOverflow);
    }
    if st.frames.len() >= st.frames.capacity() {
        let more = st.frames.capacity().max(8).min(st.limits.max_frames - st.frames.len());
        st.frames.try_reserve(more).map_err(|_| Trap::Oom)?;
    }
    *cap = frame_cap(st);
    let len = st.regs.len();
    if top > len {
        let new_len = len.saturating_mul(2).min(max_regs).max(top);
        st.regs.try_reserve(new_len - len).map_err(|_| Trap::Oom)?;
        st.regs.resize(new_len, 0);
    }
    Ok(())
}

/// Bytes allocated since the last collection past which the collection also ends a
/// coroutine's time slice (`safepoint`): the first collection's threshold.
const SLICE_ALLOCATION: usize = crate::heap::INITIAL_THRESHOLD;

/// A safepoint whose counter ran out or whose heap flag is set: fuel, host signals, the
/// end of a post-collection retry, and collection. Returns where to continue when an OS
/// signal handler was entered (the running frame resumes at `pc` when it returns).
#[cold]
#[inline(never)]
#[allow(clippy::too_many_arguments)]
pub(crate) fn safepoint(
    module: &Module,
    tables: &Tables,
    st: &mut State,
    host: &mut dyn Host,
    ticks: &mut u64,
    fuel_mode: bool,
    func: usize,
    base: usize,
    pc: usize,
) -> Result<Option<Resume>, Outcome> {
    if *ticks == 0 {
        if fuel_mode {
            if st.limits.fuel.is_none() {
                // a time slice, not a budget: stop here, resumable (`Vm::resume`); the
                // next slice counts its natives' work afresh
                st.heap.work = 0;
                st.heap.poll &= !POLL_WORK;
                st.suspended.set(Resume { func, pc, base });
                return Err(Outcome::Preempted);
            }
            return Err(Outcome::OutOfFuel);
        }
        let handlers = st.extras.as_ref().is_some_and(|e| !e.os_handlers.is_empty());
        *ticks = if handlers { SIGNAL_INTERVAL } else { INTERVAL };
        drain_host_signals(st, host);
    }
    if st.heap.poll & POLL_RETRY != 0 {
        st.heap.strict = false;
        st.heap.poll &= !POLL_RETRY;
    }
    if st.heap.poll & POLL_GC != 0 {
        let allocated = st.heap.since_gc;
        gc::collect(module, tables, st, Some(Resume { func, pc, base }));
        // reductions by allocation: a time slice that allocated a MiB or more since the
        // last collection did much work in few safepoints (each `vec![x; n]` or big
        // string of a loop is one step): it ends here, or a loop of such steps would
        // hold its worker for thousands of them, with timers, other coroutines and a
        // shutdown waiting (`CPRIME_GC_STRESS`'s collections at every safepoint, after
        // a few bytes each, end nothing)
        if allocated >= SLICE_ALLOCATION && fuel_mode && st.slice.is_some() && st.limits.fuel.is_none() {
            st.heap.work = 0;
            st.heap.poll &= !POLL_WORK;
            st.suspended.set(Resume { func, pc, base });
            return Err(Outcome::Preempted);
        }
    }
    if st.heap.poll & POLL_WORK != 0 {
        // reductions by work: natives walked a slice's worth of elements since the last
        // look (a loop whose step is one big sort or search, `Heap::work`); outside
        // time slices the count just starts again
        st.heap.poll &= !POLL_WORK;
        st.heap.work = 0;
        if fuel_mode && st.slice.is_some() && st.limits.fuel.is_none() {
            st.suspended.set(Resume { func, pc, base });
            return Err(Outcome::Preempted);
        }
    }
    Ok(enter_os_handler(tables, st, func, base, pc))
}

/// Moves the OS signals the host saw into `st.pending_signals` (bounded).
pub(crate) fn drain_host_signals(st: &mut State, host: &mut dyn Host) {
    while let Some(sig) = host.poll_signal() {
        let pending = &mut st.extras().pending_signals;
        if pending.len() < 64 {
            pending.push(sig);
        }
    }
}

/// Enters the handler of the oldest pending OS signal in a new frame above the running
/// frame `(func, base)`, as if that frame had called it just before `resume_pc`: when
/// the handler returns, the frame continues at `resume_pc`. Signals without a handler
/// are dropped (their OS disposition applied already).
pub(crate) fn enter_os_handler(tables: &Tables, st: &mut State, func: usize, base: usize, resume_pc: usize) -> Option<Resume> {
    loop {
        let extras = st.extras.as_mut()?;
        if extras.pending_signals.is_empty() {
            return None;
        }
        let signo = extras.pending_signals.remove(0);
        let Some(&(_, clo)) = extras.os_handlers.iter().find(|(s, _)| *s == signo) else { continue };
        let Some(Object::Closure { func: callee, .. }) = st.heap.get(clo) else { continue };
        let callee = *callee as usize;
        let (Some(cur), Some(meta)) = (tables.fns.get(func), tables.fns.get(callee)) else { continue };
        if meta.nparams != 2 {
            continue;
        }
        let nb = base + cur.nregs as usize;
        let top = nb + meta.nregs as usize;
        let mut cap = frame_cap(st);
        if (st.frames.len() >= cap || top > st.regs.len()) && grow(st, top, &mut cap).is_err() {
            continue;
        }
        st.frames.push(Frame { func: func as u32, pc: (resume_pc as u32).wrapping_sub(1), base: base as u32, dest: nb as u32 });
        if let Some(r) = st.regs.get_mut(nb + meta.zero.0 as usize..nb + meta.zero.1 as usize) {
            r.fill(0);
        }
        st.regs[nb] = clo;
        st.regs[nb + 1] = signo as u64;
        return Some(Resume { func: callee, pc: 0, base: nb });
    }
}
