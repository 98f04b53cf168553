//! Packed coroutines: a waiting coroutine's state squeezed into a few exact-size
//! allocations while it waits, so that a program with very many waiting coroutines
//! (a server's idle connections, bench/co_parked.cp) pays for what they hold, not for a
//! whole [`State`] each.
//!
//! A running coroutine is a boxed [`Fiber`] (its `State`: a heap with spare slot room, a
//! register stack, counters, room for signal handlers and stashes: about 350 bytes before
//! any object). Once more than `CoOptions::pack_after` coroutines are alive, one that
//! parks is collected (so no garbage is packed, and the sweeps that look for garbage
//! channel ends can pass it by: a waiting coroutine makes none) and packed: its heap's
//! slots (handles stay what they were: nothing in them is rewritten, and no counted
//! reference changes hands), its registers up to the last one that is not zero, its
//! frames, globals and constant table, each in a boxed slice of its exact length. The
//! fiber's box goes back to the spare pool. When it is woken, or anything needs its
//! state (a shutdown cancelling it, a deadlock report), it is unpacked into a spare
//! fiber, exactly as it was.
//!
//! A state that uses the rare parts (signal handlers, a stash, a clean-up in progress)
//! is not packed.
use alloc::boxed::Box;
use alloc::sync::Arc;

use crate::heap::{Counters, Heap, Object};
use crate::unwind::Resume;
use crate::{Faults, Frame, Limits, State, Tables};

use super::sched::Fiber;

/// A waiting coroutine's state, packed (module docs).
pub(crate) struct Packed {
    /// Heap slots `1..` (slot 0 is the null handle), as the collection left them.
    objs: Box<[Object]>,
    /// The registers up to the last non-zero one (`nregs` in all), then the globals
    /// (`nglobals`), then the constant table.
    words: Box<[u64]>,
    frames: Box<[Frame]>,
    counters: Counters,
    faults: Faults,
    limits: Arc<Limits>,
    resume: Resume,
    nregs: u32,
    nkept: u32,
    nglobals: u32,
    then_call: bool,
    urgent: bool,
}

impl Packed {
    /// Packs `fiber`, waiting at `resume` (its heap collected, its counted-reference
    /// events applied); gives it back when its state uses what packing does not keep.
    /// The emptied fiber comes back too, for the spare pool.
    pub fn pack(tables: &Tables, mut fiber: Box<Fiber>) -> Result<(Box<Packed>, Box<Fiber>), Box<Fiber>> {
        let st = &mut fiber.st;
        let Some(resume) = st.suspended.get() else { return Err(fiber) };
        if st.stash.is_some() || st.extras.is_some() || st.cleanup_trace.is_some() || !st.heap.events.is_empty() {
            return Err(fiber);
        }
        // the top of the register stack: the end of the highest frame (a callee's frame
        // starts at its argument window, so it may end below its caller's)
        let end = |func: usize, base: usize| base + tables.fns.get(func).map_or(0, |m| m.nregs as usize);
        let top = st.frames.iter().map(|f| end(f.func as usize, f.base as usize)).fold(end(resume.func, resume.base), usize::max);
        if top > st.regs.len() || u32::try_from(top).is_err() {
            return Err(fiber);
        }
        let kept = st.regs[..top].iter().rposition(|&r| r != 0).map_or(0, |i| i + 1);
        let mut words = alloc::vec::Vec::with_capacity(kept + st.globals.len() + st.consts.len());
        words.extend_from_slice(&st.regs[..kept]);
        words.extend_from_slice(&st.globals);
        words.extend_from_slice(&st.consts);
        let (objs, counters) = st.heap.take_parts();
        let packed = Packed {
            objs,
            words: words.into_boxed_slice(),
            frames: core::mem::take(&mut st.frames).into_boxed_slice(),
            counters,
            faults: core::mem::take(&mut st.faults),
            limits: Arc::clone(&st.limits),
            resume,
            nregs: top as u32,
            nkept: kept as u32,
            nglobals: st.globals.len() as u32,
            then_call: fiber.then_call,
            urgent: fiber.urgent,
        };
        // the shell keeps no buffer: a spare pool of emptied fibers holds little
        let st = &mut fiber.st;
        st.regs = alloc::vec::Vec::new();
        st.globals = alloc::vec::Vec::new();
        st.consts = alloc::vec::Vec::new();
        st.suspended.clear();
        Ok((Box::new(packed), fiber))
    }

    /// The coroutine's fiber again, as it was when packed, in `spare`'s box if there is
    /// one.
    pub fn unpack(self, spare: Option<Box<Fiber>>) -> Box<Fiber> {
        let Packed { objs, words, frames, counters, faults, limits, resume, nregs, nkept, nglobals, then_call, urgent } = self;
        let mut words = words.into_vec();
        let (kept, globals) = (nkept as usize, nglobals as usize);
        let consts = words.split_off(kept + globals);
        let globals = words.split_off(kept);
        let mut regs = words;
        regs.resize(nregs as usize, 0);
        let mut suspended = crate::unwind::Suspended::NONE;
        suspended.set(resume);
        let st = State {
            heap: Heap::restore(objs, counters),
            globals,
            consts,
            faults,
            regs,
            frames: frames.into_vec(),
            limits,
            stash: None,
            extras: None,
            cleanup_trace: None,
            slice: None,
            suspended,
        };
        match spare {
            Some(mut f) => {
                f.st = st;
                f.then_call = then_call;
                f.urgent = urgent;
                f
            }
            None => Box::new(Fiber { st, then_call, urgent }),
        }
    }
}
