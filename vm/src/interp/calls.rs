//! The slow paths of calls and safepoints: growing the frame and register stacks within
//! the limits, and the work a safepoint does when its counter or flag says so.
use crate::heap::{POLL_GC, POLL_RETRY};
use crate::{gc, Host, Outcome, State, Tables, Trap};
use cprime_bytecode::module::Module;

/// Safepoints between polls of `Host::poll_signal` when no fuel limit is set.
pub(crate) const INTERVAL: u64 = 1 << 16;

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
        let more = st.frames.capacity().max(64).min(st.limits.max_frames - st.frames.len());
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

/// A safepoint whose counter ran out or whose heap flag is set: fuel, host signals, the
/// end of a post-collection retry, and collection.
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
) -> Result<(), Outcome> {
    if *ticks == 0 {
        if fuel_mode {
            return Err(Outcome::OutOfFuel);
        }
        *ticks = INTERVAL;
        if let Some(sig) = host.poll_signal() {
            if st.pending_signals.len() < 64 {
                st.pending_signals.push(sig);
            }
        }
    }
    if st.heap.poll & POLL_RETRY != 0 {
        st.heap.strict = false;
        st.heap.poll &= !POLL_RETRY;
    }
    if st.heap.poll & POLL_GC != 0 {
        gc::collect(module, tables, st, Some((func, base)));
    }
    Ok(())
}
