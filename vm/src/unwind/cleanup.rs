//! Which cleanups a state is running: the catch-all landing pads (a `defer`'s or a
//! destructor's cleanup, which ends by raising its signal again; a stage's check of an
//! alternative) that caught a signal and have not finished with it.
//!
//! The unwinder notes each (`State::cleanup_trace`, innermost first) for two readers:
//! the pad's closing `Raise` continues the trace of the signal's first raise, and the
//! graceful shutdown does not cut a `defer` short (`co/shutdown.rs`). A note outlives
//! the pad when the pad is left by another signal (a `defer` that raised one of its
//! own), so whoever reads one asks whether the state is still inside it (`Pad::holds`).
use alloc::boxed::Box;
use alloc::collections::BTreeMap;
use alloc::vec::Vec;

use cprime_bytecode::isa::Insn;
use cprime_bytecode::module::Module;

use crate::{Frame, State, Tables};

/// Where a landing pad runs: its frame (depth on the frame stack, function) and its
/// code, from the handler row's target to the last `Raise` of the row's register, which
/// ends it (code after it is the pad's no longer).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Pad {
    pub depth: u32,
    pub func: u32,
    pub start: u32,
    pub end: u32,
}

impl Pad {
    /// The pad of row `row` of function `func`, entered at frame depth `depth`.
    pub(crate) fn of(module: &Module, tables: &Tables, func: usize, row: usize, depth: usize) -> Pad {
        let fit = |x: usize| u32::try_from(x).unwrap_or(u32::MAX);
        let start = module.functions.get(func).and_then(|f| f.handlers.get(row)).map_or(0, |h| h.target);
        let end = tables.fns.get(func).and_then(|m| m.pad_ends.get_or_init(|| pad_ends(module, func)).get(row).copied());
        Pad { depth: fit(depth), func: fit(func), start, end: end.unwrap_or(start) }
    }

    /// Whether a `Raise` at `pc` of `func`, at frame depth `depth`, is the pad's closing one.
    pub(crate) fn closes_at(&self, depth: usize, func: usize, pc: usize) -> bool {
        depth == self.depth as usize && func == self.func as usize && pc == self.end as usize
    }

    /// Whether a state at `pc` of `func`, with caller frames `frames`, runs this pad: its
    /// frame is still there, and it is at (or called from) an instruction of the pad.
    pub(crate) fn holds(&self, frames: &[Frame], func: usize, pc: usize) -> bool {
        let d = self.depth as usize;
        let (f, p) = match frames.len() {
            n if n < d => return false,
            n if n == d => (func, pc),
            _ => (frames[d].func as usize, frames[d].pc as usize),
        };
        f == self.func as usize && (self.start as usize..=self.end as usize).contains(&p)
    }
}

/// Where each handler row's pad of function `func` ends: the last `Raise` of the row's
/// register (a stages wrapper's pad may pass a shutdown's signal on before it cleans up
/// and raises the init's; a register is one pad's only), else the function's end. One
/// pass over the code.
fn pad_ends(module: &Module, func: usize) -> Box<Box<[u32]>> {
    let Some(f) = module.functions.get(func) else { return Box::default() };
    let mut last_raise: BTreeMap<u16, u32> = BTreeMap::new();
    for (at, i) in f.code.iter().enumerate() {
        if let Insn::Raise { s } = i {
            last_raise.insert(s.0, u32::try_from(at).unwrap_or(u32::MAX));
        }
    }
    let end = u32::try_from(f.code.len()).unwrap_or(u32::MAX);
    Box::new(f.handlers.iter().map(|h| last_raise.get(&h.reg).copied().filter(|&at| at >= h.target).unwrap_or(end)).collect())
}

/// A signal a catch-all pad caught and will raise again (see the module doc).
pub(crate) struct CleanupTrace {
    /// The signal object (a root: the trace is matched by handle).
    pub sig: u64,
    /// Frames left before the cleanup's frame, innermost first, then that frame's raise pc.
    pub frames: Vec<(usize, usize)>,
    pub pc: usize,
    pub pad: Pad,
    /// The pad this one runs inside (a `defer` inside a `defer`, or a `defer` of a
    /// function a `defer` calls).
    pub outer: Option<Box<CleanupTrace>>,
}

impl Drop for CleanupTrace {
    /// A chain as deep as the call stack (a `defer` in each of many recursive calls)
    /// goes one note at a time, not by recursion.
    fn drop(&mut self) {
        let mut next = self.outer.take();
        while let Some(mut t) = next {
            next = t.outer.take();
        }
    }
}

/// Notes that a pad caught a signal (`note.outer` is set here). A pad noted already is
/// one entered again from inside itself, which compiled code never does (a pad lies
/// outside its own protected range) but crafted bytecode may, in a loop: its note and
/// the ones inside it go, so there is one note per pad however often it is entered, and
/// the signals they hold (roots) stay few.
pub(crate) fn enter_pad(st: &mut State, mut note: Box<CleanupTrace>) {
    let mut chain = st.cleanup_trace.take();
    let mut t = chain.as_deref();
    let mut again = false;
    while let Some(m) = t {
        again |= m.pad == note.pad;
        t = m.outer.as_deref();
    }
    while again {
        let Some(mut m) = chain.take() else { break };
        again = m.pad != note.pad;
        chain = m.outer.take();
    }
    note.outer = chain;
    st.cleanup_trace = Some(note);
}

/// Drops the notes of pads a state at `(func, pc)` has left (innermost first: an outer
/// one holds whenever an inner one does).
pub(crate) fn left_pads(st: &mut State, func: usize, pc: usize) {
    while let Some(mut t) = st.cleanup_trace.take() {
        if t.pad.holds(&st.frames, func, pc) {
            st.cleanup_trace = Some(t);
            return;
        }
        st.cleanup_trace = t.outer.take();
    }
}

/// The outermost cleanup a stopped state runs: the one whose end a graceful shutdown
/// waits for. (Notes of pads it left are skipped.)
pub(crate) fn running_cleanup(st: &State) -> Option<&CleanupTrace> {
    let at = st.suspended.get()?;
    let mut found = None;
    let mut t = st.cleanup_trace.as_deref();
    while let Some(m) = t {
        if m.pad.holds(&st.frames, at.func, at.pc) {
            found = Some(m);
        }
        t = m.outer.as_deref();
    }
    found
}

#[cfg(test)]
mod tests {
    use super::{CleanupTrace, Pad};
    use crate::Frame;

    fn frame(func: u32, pc: u32) -> Frame {
        Frame { func, pc, base: 0, dest: 0 }
    }

    /// A pad holds its own frame's instructions from its target to its closing `Raise`,
    /// and the calls made from there; not its frame's other code, nor another frame.
    #[test]
    fn a_pad_holds_its_code_and_its_calls() {
        let pad = Pad { depth: 1, func: 3, start: 10, end: 14 };
        let callers = [frame(0, 5)];
        assert!(pad.holds(&callers, 3, 10) && pad.holds(&callers, 3, 14));
        assert!(!pad.holds(&callers, 3, 9) && !pad.holds(&callers, 3, 15), "the rest of the function");
        assert!(!pad.holds(&callers, 4, 12), "another function at that depth");
        assert!(!pad.holds(&[], 3, 12), "its frame is gone");
        assert!(pad.holds(&[frame(0, 5), frame(3, 12)], 7, 0), "a call from the pad");
        assert!(!pad.holds(&[frame(0, 5), frame(3, 20)], 7, 0), "a call from after it");
    }

    /// A chain of a million notes (a `defer` in each of a million recursive calls) drops
    /// without recursing.
    #[test]
    fn a_deep_chain_drops_without_recursion() {
        let pad = Pad { depth: 0, func: 0, start: 0, end: 0 };
        let mut chain: Option<alloc::boxed::Box<CleanupTrace>> = None;
        for sig in 0..1_000_000 {
            chain = Some(alloc::boxed::Box::new(CleanupTrace { sig, frames: alloc::vec::Vec::new(), pc: 0, pad, outer: chain }));
        }
        drop(chain);
    }
}
