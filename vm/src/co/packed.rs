//! Packed coroutines: a waiting coroutine's state squeezed into a few exact-size
//! allocations while it waits, so that a program with very many waiting coroutines
//! (a server's idle connections, bench/co_parked.cp) pays for what they hold, not for a
//! whole [`State`] each.
//!
//! A running coroutine is a boxed [`Fiber`] (its `State`: a heap with spare slot room, a
//! register stack, counters, room for signal handlers and stashes: about 350 bytes before
//! any object). Once more than `CoOptions::pack_after` coroutines are alive, the
//! coroutines that have waited while 1,024 others parked (`co/sched/packing.rs` decides:
//! a pair that keeps waking each other is never packed) are collected (so no garbage is packed,
//! and the sweeps that look for garbage channel ends can pass them by: a waiting
//! coroutine makes none) and packed into one word vector in which only the words that
//! are not zero are stored (most registers of a waiting coroutine are: the liveness
//! analysis cleared the dead references), behind a bitmap of which are: its registers
//! up to the top of its stack, frames, globals, constant table, counters, and its heap's
//! slots as words (`objects.rs`; packing renames no handle, and no counted reference
//! changes hands: the compaction before it, `gc::compact`, has already moved the
//! survivors down and renamed their handles). A heap holding what is not
//! encoded as words (a map, a long string) keeps its slots as objects beside the
//! vector. The fiber's box goes back to the spare pool. When it is woken, or anything
//! needs its state (a shutdown cancelling it, a deadlock report), it is unpacked into a
//! spare fiber, exactly as it was.
//!
//! A state that uses the rare parts (signal handlers, a stash, a clean-up in progress)
//! is not packed, nor one whose heap has more than `MAX_SLOTS` slots once collected: its
//! collection and copies at every wait would cost more than packing saves. The collection shows in what
//! `heap::report()` says (as the idle sweep's does).
use alloc::boxed::Box;
use alloc::sync::Arc;
use alloc::vec::Vec;

use crate::heap::Object;
use crate::unwind::Resume;
use crate::{Faults, Frame, Limits, State, Tables};

use super::sched::Fiber;

mod objects;

/// A waiting coroutine's state, packed (module docs): one allocation (its limits are an
/// index into the run's table of them: `Run::limits_index`), kept in the run's
/// `States`.
pub(crate) struct Packed {
    /// The state as words (`layout`), sparse (`sparse`).
    pub(super) words: Box<[u64]>,
    /// Heap slots `1..` (slot 0 is the null handle), as the collection left them, when
    /// they are not in `words` (`objects::encodable`).
    pub(super) objs: Option<Box<Box<[Object]>>>,
}

/// The dense word vector of a packed state: a header (the parts' sizes, where it
/// continues, the counters, the faults), then the registers, globals, constants, frames
/// (two words each) and the heap's objects (`objects.rs`). The words most states have
/// the same are arranged to be zero, which the sparse vector does not store: the
/// registers and objects share one word (`SHAPE`), a state without globals, constants
/// or outer frames has zeros for them, and the heap's counters are stored relative to
/// what a just-collected heap's are (`Heap::take_parts`), and small values of a record,
/// closure or vector go two to a word (`objects.rs`): a coroutine of
/// bench/co_parked.cp is eight words that are not zero, with the length and the bitmap
/// (one word) nine (a 72-byte allocation; eleven, 88 bytes, and fourteen, 112, before).
mod layout {
    /// Registers (low half) and heap objects in words (high half: at most `MAX_SLOTS`).
    pub const SHAPE: usize = 0;
    pub const NGLOBALS: usize = 1;
    pub const NCONSTS: usize = 2;
    pub const NFRAMES: usize = 3;
    /// `func | pc << 32`, then `base`.
    pub const RESUME: usize = 4;
    pub const FLAGS: usize = 6;
    pub const COUNTERS: usize = 7;
    pub const FAULTS: usize = COUNTERS + crate::heap::COUNTER_WORDS;
    pub const HEADER: usize = FAULTS + 3;
    pub const THEN_CALL: u64 = 1;
    pub const URGENT: u64 = 2;
    /// `FLAGS >> LIMITS`: the index of the coroutine's limits in the run's table.
    pub const LIMITS: u32 = 8;
}

impl Packed {
    /// Whether its heap holds a sender end of channel `chan` (as `Heap::holds_sender`).
    pub fn holds_sender(words: &[u64], objs: Option<&[Object]>, chan: u32) -> bool {
        match objs {
            Some(objs) => crate::heap::holds_sender_in(objs, |c| c == chan),
            None => {
                let d = dense(words);
                let p = Parts::of(&d);
                objects::hold_sender(d.get(p.objs..).unwrap_or(&[]), p.nobjs, chan)
            }
        }
    }
}

/// Heaps of more slots are not packed: their collection and the copies of their slots
/// at every wait would cost more than packing saves.
pub(crate) const MAX_SLOTS: usize = 256;

impl Packed {
    /// Whether packing keeps all of `st`: it uses none of the rare parts.
    pub fn keeps(st: &State) -> bool {
        st.stash.is_none() && st.extras.is_none() && st.cleanup_trace.is_none()
    }

    /// Whether `pack` takes `st`: it keeps all of it, and its heap is small.
    pub fn fits(st: &State) -> bool {
        Self::keeps(st) && st.heap.objs.len() <= MAX_SLOTS
    }

    /// Packs `fiber`, waiting at `resume` (its heap collected, its counted-reference
    /// events applied), whose limits are `limits` in the run's table of them (`unpack`
    /// takes them from there); gives it back when its state uses what packing does not
    /// keep. The emptied fiber comes back too, for the spare pool.
    pub fn pack(tables: &Tables, limits: usize, mut fiber: Box<Fiber>) -> Result<(Packed, Box<Fiber>), Box<Fiber>> {
        use layout::*;
        let st = &mut fiber.st;
        let Some(resume) = st.suspended.get() else { return Err(fiber) };
        if !Self::fits(st) || !st.heap.events.is_empty() {
            return Err(fiber);
        }
        // the top of the register stack: the end of the highest frame (a callee's frame
        // starts at its argument window, so it may end below its caller's)
        let end = |func: usize, base: usize| base + tables.fns.get(func).map_or(0, |m| m.nregs as usize);
        let top = st.frames.iter().map(|f| end(f.func as usize, f.base as usize)).fold(end(resume.func, resume.base), usize::max);
        // (what does not fit a frame's 32-bit fields is not packed)
        let fits = |x: usize| u32::try_from(x).is_ok();
        if top > st.regs.len() || !fits(top) || !fits(resume.func) || !fits(resume.pc) || !fits(resume.base) {
            return Err(fiber);
        }
        let w = |n: usize| n as u64;
        // (on the stack for a small state)
        let mut dense: Dense = smallvec::smallvec![0u64; HEADER];
        dense[SHAPE] = w(top);
        dense[NGLOBALS] = w(st.globals.len());
        dense[NCONSTS] = w(st.consts.len());
        dense[NFRAMES] = w(st.frames.len());
        dense[RESUME] = w(resume.func) | w(resume.pc) << 32;
        dense[RESUME + 1] = w(resume.base);
        dense[FLAGS] = if fiber.then_call { THEN_CALL } else { 0 } | if fiber.urgent { URGENT } else { 0 } | (limits as u64) << LIMITS;
        let st = &mut fiber.st;
        dense[FAULTS..HEADER].copy_from_slice(&[st.faults.div_zero, st.faults.oom, st.faults.stack_overflow]);
        dense.extend_from_slice(&st.regs[..top]);
        dense.extend_from_slice(&st.globals);
        dense.extend_from_slice(&st.consts);
        dense.extend(st.frames.iter().flat_map(|f| [u64::from(f.func) | u64::from(f.pc) << 32, u64::from(f.base) | u64::from(f.dest) << 32]));
        // (the heap's words to come: at most a first word and `MAX_WORDS` for each slot)
        if dense.len() + st.heap.objs.len() * (1 + objects::MAX_WORDS) > MAX_DENSE {
            return Err(fiber);
        }
        // the heap's slots last, as words if they all can be
        let as_words = st.heap.objs.iter().all(objects::encodable);
        let mut objs = None;
        let counters = st.heap.take_parts(|slots| {
            if as_words {
                dense[SHAPE] |= w(slots.len()) << 32;
                slots.for_each(|o| objects::encode(&o, &mut dense));
            } else {
                objs = Some(Box::new(slots.collect()));
            }
        });
        dense[COUNTERS..FAULTS].copy_from_slice(&counters);
        let packed = Packed { words: sparse(&dense), objs };
        // the shell keeps its buffers for the next coroutine started or unpacked in it
        st.regs.clear();
        st.globals.clear();
        st.consts.clear();
        st.frames.clear();
        st.suspended.clear();
        Ok((packed, fiber))
    }

    /// The words it keeps (the length, the bitmap, the words that are not zero).
    #[cfg(test)]
    pub fn len_in_words(&self) -> usize {
        self.words.len()
    }

    /// The coroutine's fiber again, as it was when packed, in `spare`'s box if there is
    /// one, with its limits, which `limits` gives for their index in the run's table of
    /// them (`pack`).
    pub fn unpack(self, spare: Option<Box<Fiber>>, limits: impl FnOnce(usize) -> Option<Arc<Limits>>) -> Box<Fiber> {
        use layout::*;
        let Packed { words, objs } = self;
        let d = dense(&words);
        let at = |i: usize| d.get(i).copied().unwrap_or(0);
        let n = |i: usize| usize::try_from(at(i)).unwrap_or(0);
        let p = Parts::of(&d);
        let limits = limits((at(FLAGS) >> LIMITS) as usize).unwrap_or_default();
        let part = |from: usize, to: usize| d.get(from..to).unwrap_or(&[]);
        let (regs, globals, consts, frames) = (part(p.regs, p.globals), part(p.globals, p.consts), part(p.consts, p.frames), part(p.frames, p.objs));
        let mut fiber = spare.unwrap_or_else(|| Box::new(Fiber { st: State::empty(Arc::clone(&limits)), then_call: false, urgent: false }));
        fiber.then_call = at(FLAGS) & THEN_CALL != 0;
        fiber.urgent = at(FLAGS) & URGENT != 0;
        // into the spare's buffers: every field of the state is set
        let State { heap, globals: g, consts: k, faults, regs: r, frames: fr, limits: l, stash, extras, cleanup_trace, slice, suspended } = &mut fiber.st;
        let counters = core::array::from_fn(|i| at(COUNTERS + i));
        match objs {
            Some(objs) => heap.restore(objs.into_vec(), &counters),
            None => heap.restore(objects::decode(d.get(p.objs..).unwrap_or(&[]), p.nobjs), &counters),
        }
        for (v, from) in [(g, globals), (k, consts), (r, regs)] {
            v.clear();
            v.extend_from_slice(from);
        }
        *faults = Faults { div_zero: at(FAULTS), oom: at(FAULTS + 1), stack_overflow: at(FAULTS + 2) };
        fr.clear();
        fr.extend(frames.chunks_exact(2).map(|f| Frame { func: f[0] as u32, pc: (f[0] >> 32) as u32, base: f[1] as u32, dest: (f[1] >> 32) as u32 }));
        if !Arc::ptr_eq(l, &limits) {
            *l = limits;
        }
        (*stash, *extras, *cleanup_trace, *slice) = (None, None, None, None);
        suspended.set(Resume { func: at(RESUME) as u32 as usize, pc: (at(RESUME) >> 32) as usize, base: n(RESUME + 1) });
        fiber
    }
}

/// Where each part of the dense words starts (`layout`), and how many objects there are.
struct Parts {
    regs: usize,
    globals: usize,
    consts: usize,
    frames: usize,
    objs: usize,
    nobjs: usize,
}

impl Parts {
    fn of(d: &[u64]) -> Parts {
        use layout::*;
        let n = |i: usize| d.get(i).map_or(0, |&x| usize::try_from(x).unwrap_or(0));
        let shape = d.get(SHAPE).copied().unwrap_or(0);
        let regs = HEADER;
        let globals = regs.saturating_add(shape as u32 as usize);
        let consts = globals.saturating_add(n(NGLOBALS));
        let frames = consts.saturating_add(n(NCONSTS));
        let objs = frames.saturating_add(n(NFRAMES).saturating_mul(2));
        Parts { regs, globals, consts, frames, objs, nobjs: (shape >> 32) as usize }
    }
}

/// A state's words before `sparse` (inline up to a few dozen registers).
type Dense = smallvec::SmallVec<[u64; 64]>;

/// The low bits of a sparse vector's first word: the dense length.
const LEN_BITS: usize = 20;
/// The longest dense vector `sparse` takes (a state of more words is not packed).
const MAX_DENSE: usize = (1 << LEN_BITS) - 1;

/// Words of `sparse`'s header for `len` dense words: the length, then one bit per
/// dense word (set: it is not zero), from bit `LEN_BITS` of the first word on.
fn header_words(len: usize) -> usize {
    (LEN_BITS + len).div_ceil(64)
}

/// Words of `sparse`'s header, from its first word.
pub(super) fn header_len(first: u64) -> usize {
    header_words((first & MAX_DENSE as u64) as usize)
}

/// The length of the words `sparse` made, from their header (`header_len` words): the
/// header and a word for each bit set in its bitmap. A packed state says its own length
/// (`states.rs` keeps it behind a thin pointer).
pub(super) fn sparse_len(header: &[u64]) -> usize {
    let map = |(k, &w): (usize, &u64)| if k == 0 { w >> LEN_BITS } else { w };
    header.len() + header.iter().enumerate().map(map).map(|w| w.count_ones() as usize).sum::<usize>()
}

/// `dense` without its zero words: its length and a bitmap of the words that are not
/// zero (44 of them in the first word with the length: a small state's whole header),
/// then those words in order.
fn sparse(dense: &[u64]) -> Box<[u64]> {
    debug_assert!(dense.len() <= MAX_DENSE);
    let nhead = header_words(dense.len());
    let mut out = Vec::with_capacity(nhead + dense.iter().filter(|&&x| x != 0).count());
    out.resize(nhead, 0);
    out[0] = dense.len() as u64;
    for (i, &x) in dense.iter().enumerate() {
        if x != 0 {
            let bit = LEN_BITS + i;
            out[bit / 64] |= 1 << (bit % 64);
            out.push(x);
        }
    }
    out.into_boxed_slice()
}

#[cfg(test)]
pub(super) fn sparse_for_tests(dense: &[u64]) -> Box<[u64]> {
    sparse(dense)
}

/// The dense words `sparse` packed.
fn dense(words: &[u64]) -> Dense {
    let len = words.first().map_or(0, |&n| (n & MAX_DENSE as u64) as usize);
    let nhead = header_words(len);
    let (map, mut values) = match words.get(..nhead) {
        Some(map) => (map, words[nhead..].iter()),
        None => return Dense::new(),
    };
    let set = |i: usize| map[(LEN_BITS + i) / 64] & (1 << ((LEN_BITS + i) % 64)) != 0;
    (0..len).map(|i| if set(i) { values.next().copied().unwrap_or(0) } else { 0 }).collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn sparse_words_keep_only_what_is_not_zero() {
        let mut dense = alloc::vec![0u64; 130];
        dense[0] = 7;
        dense[64] = u64::MAX;
        dense[129] = 1;
        let s = super::sparse(&dense);
        assert_eq!(s.len(), 3 + 3, "length and bitmap (20 + 130 bits), three values");
        assert_eq!(super::dense(&s).as_slice(), dense.as_slice());
        assert!(super::dense(&super::sparse(&[])).is_empty());
        let len = |s: &[u64]| super::sparse_len(&s[..super::header_len(s[0])]);
        assert_eq!(len(&s), s.len(), "the words say their length");
        let small = [0, 5, 0, 0, 9];
        assert_eq!(super::sparse(&small).len(), 1 + 2, "one header word for up to 44 words");
        for n in [0, 43, 44, 45, 108, 109] {
            let d: alloc::vec::Vec<u64> = (0..n as u64).map(|i| i % 3).collect();
            let s = super::sparse(&d);
            assert_eq!(super::dense(&s).as_slice(), d.as_slice(), "{n} words");
            assert_eq!(len(&s), s.len(), "{n} words say their length");
        }
    }
}
