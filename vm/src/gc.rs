//! Precise mark-sweep collection.
//!
//! Runs only at safepoints (calls, backward jumps, native calls) or between runs, when
//! every live handle is in a register, a global, a constant or an object. Roots:
//! - in each frame, the registers whose kind in that frame's function is `Ref` and that
//!   some path still reads (the others are cleared first, `liveness.rs`); a caller
//!   frame is scanned only below its callee's base, since a call clobbers its window;
//! - `Ref` globals, interned string constants, the preallocated fault signals, OS
//!   signal handlers, and the signal a cleanup pad is running for.
//!
//! A root that is not a live handle (out of range, freed) is ignored: bad bytecode can
//! at worst keep garbage alive, never crash the collector. Marking uses an explicit stack
//! (deep lists must not overflow the Rust stack). Sweeping frees unmarked slots, trims
//! free slots off the end of the heap, recomputes the live byte count exactly and sets
//! the next threshold: collect again once as many bytes as survived (at least
//! `Heap::floor`) have been allocated, so the heap stays within about 2x live.
//!
//! Objects stay in their slots, but for `compact`, which a coroutine's heap goes through
//! before it is packed: the survivors slide down to the lowest slots and every handle to
//! them (each root, each field) is renamed.
use smallvec::SmallVec;

use cprime_bytecode::module::{Kind, Module};

use crate::heap::{index, Counted, Heap, Object, POLL_GC};
use crate::unwind::Resume;
use crate::{State, Tables};

/// Objects marked whose references are still to be marked. A collection comes when
/// memory is short, so the stack may not grow: then the object is marked but not
/// pushed, the stack notes the overflow, and a pass over the heap scans the marked
/// objects again (`collect`), as collectors with bounded mark stacks do.
struct MarkStack {
    items: SmallVec<[u32; 32]>,
    overflowed: bool,
}

/// The unit tests' mark stacks are small, so every collection there takes the overflow
/// path too (the program suite takes the other).
#[cfg(test)]
const MARK_STACK_MAX: usize = 16;
#[cfg(not(test))]
const MARK_STACK_MAX: usize = usize::MAX;

impl MarkStack {
    #[inline]
    fn push(&mut self, i: u32) {
        let room = self.items.len() < self.items.capacity() || self.items.try_reserve(1).is_ok();
        if room && self.items.len() < MARK_STACK_MAX {
            self.items.push(i);
        } else {
            self.overflowed = true;
        }
    }
}

/// Collects garbage. `cur` is the running frame and the instruction it continues with,
/// if any; the saved frames are in `st.frames`. Registers no path reads again are
/// cleared first (`liveness.rs`): they are no roots.
pub(crate) fn collect(module: &Module, tables: &Tables, st: &mut State, cur: Option<Resume>) {
    if let Some(top) = cur {
        crate::liveness::clear_dead_registers(module, tables, st, top);
    }
    let cur = cur.map(|r| (r.func, r.base));
    let gc_stress = st.limits.gc_stress;
    let (heap, mut roots) = Roots::of(st);
    // mark bits, one per slot (not kept in the heap: a parked coroutine's heap would
    // carry them between collections)
    // (inline for small heaps: a coroutine's is collected each time it is packed)
    let mut mark_bits: SmallVec<[u64; 4]> = SmallVec::new();
    let words = heap.objs.len().div_ceil(64);
    if mark_bits.try_reserve_exact(words).is_err() {
        // no memory even for the mark bits: no collection (the allocation that needs
        // the room raises `OOM`)
        return;
    }
    mark_bits.resize(words, 0);
    let objs: &[Object] = &heap.objs;
    let marks: &mut [u64] = &mut mark_bits;
    let mut stack = MarkStack { items: SmallVec::new(), overflowed: false };
    roots.visit(module, tables, cur, |h| mark(objs, marks, &mut stack, *h));
    loop {
        while let Some(i) = stack.items.pop() {
            scan(objs, tables, marks, &mut stack, i);
        }
        if !stack.overflowed {
            break;
        }
        // some marked objects were not pushed: scan every marked one again (marking
        // what they refer to is idempotent), until nothing overflows
        stack.overflowed = false;
        for i in 1..objs.len() {
            if marks[i / 64] & (1 << (i % 64)) != 0 {
                scan(objs, tables, marks, &mut stack, i as u32);
            }
        }
    }
    sweep(heap, &mark_bits);
    if gc_stress {
        heap.threshold = 0;
    }
    drop(mark_bits);
    crate::memory::refill();
}

/// Where the collector's roots are (module docs): the parts of a [`State`] beside its
/// heap that hold handles.
struct Roots<'a> {
    consts: &'a mut [u64],
    faults: &'a mut crate::Faults,
    os_handlers: &'a mut [(i32, u64)],
    cleanup: Option<&'a mut crate::CleanupTrace>,
    globals: &'a mut [u64],
    regs: &'a mut [u64],
    frames: &'a [crate::Frame],
}

impl<'a> Roots<'a> {
    fn of(st: &'a mut State) -> (&'a mut Heap, Roots<'a>) {
        let State { heap, globals, consts, faults, regs, frames, extras, cleanup_trace, .. } = st;
        let os_handlers = extras.as_deref_mut().map_or(&mut [][..], |e| &mut e.os_handlers[..]);
        let cleanup = cleanup_trace.as_deref_mut();
        (heap, Roots { consts, faults, os_handlers, cleanup, globals, regs, frames })
    }

    /// Calls `f` on each root once: `cur` is the running frame (function, base), whose
    /// `Ref` registers are all roots; a caller frame's are, below its callee's base.
    fn visit(&mut self, module: &Module, tables: &Tables, cur: Option<(usize, usize)>, mut f: impl FnMut(&mut u64)) {
        let faults = &mut *self.faults;
        for h in self.consts.iter_mut().chain([&mut faults.div_zero, &mut faults.oom, &mut faults.stack_overflow]) {
            f(h);
        }
        for (_, handler) in self.os_handlers.iter_mut() {
            f(handler);
        }
        // the signals `defer` pads are cleaning up after: their traces are matched by
        // handle, so a handle must not be reused while its pad runs (its register may
        // be dead)
        let mut cleanup = self.cleanup.as_deref_mut();
        while let Some(t) = cleanup {
            f(&mut t.sig);
            cleanup = t.outer.as_deref_mut();
        }
        for (g, v) in module.globals.iter().zip(self.globals.iter_mut()) {
            if g.kind == Kind::Ref {
                f(v);
            }
        }
        let regs = &mut *self.regs;
        let mut frame = |func: usize, base: usize, limit: usize| {
            let Some(meta) = tables.fns.get(func) else { return };
            for &r in meta.refs.iter() {
                let at = base + r as usize;
                if at >= limit {
                    break;
                }
                if let Some(v) = regs.get_mut(at) {
                    f(v);
                }
            }
        };
        for (i, fr) in self.frames.iter().enumerate() {
            let callee_base = match self.frames.get(i + 1) {
                Some(next) => next.base as usize,
                None => cur.map_or(usize::MAX, |c| c.1),
            };
            frame(fr.func as usize, fr.base as usize, callee_base);
        }
        if let Some((func, base)) = cur {
            frame(func, base, usize::MAX);
        }
    }
}

/// Marks what marked object `i` refers to.
#[inline]
fn scan(objs: &[Object], tables: &Tables, marks: &mut [u64], stack: &mut MarkStack, i: u32) {
    match objs.get(i as usize) {
        Some(Object::Record { layout, fields }) => {
            if let Some(refs) = tables.layout_refs.get(*layout as usize) {
                for &f in refs.iter() {
                    if let Some(&v) = fields.get(f as usize) {
                        mark(objs, marks, stack, v);
                    }
                }
            }
        }
        Some(Object::Vector { kind: Kind::Ref, items }) => {
            for &v in items {
                mark(objs, marks, stack, v);
            }
        }
        Some(Object::Map(m)) => {
            if m.key == Kind::Ref {
                for &v in m.keys() {
                    mark(objs, marks, stack, v);
                }
            }
            if m.val == Kind::Ref {
                for &v in m.values() {
                    mark(objs, marks, stack, v);
                }
            }
        }
        Some(Object::Closure { func, caps }) => {
            for (i, &v) in caps.iter().enumerate() {
                if tables.capture_is_ref(*func, i) {
                    mark(objs, marks, stack, v);
                }
            }
        }
        Some(Object::Cell { kind: Kind::Ref, value }) => mark(objs, marks, stack, *value),
        _ => {}
    }
}

#[inline]
fn mark(objs: &[Object], marks: &mut [u64], stack: &mut MarkStack, h: u64) {
    let i = index(h);
    let Some(obj) = objs.get(i) else { return };
    if i == 0 || matches!(obj, Object::Free) {
        return;
    }
    let (w, bit) = (i / 64, 1u64 << (i % 64));
    let Some(word) = marks.get_mut(w) else { return };
    if *word & bit != 0 {
        return;
    }
    *word |= bit;
    if !matches!(obj, Object::Str(_)) {
        stack.push(i as u32);
    }
}

fn sweep(heap: &mut Heap, marks: &[u64]) {
    let marked = |marks: &[u64], i: usize| marks.get(i / 64).is_some_and(|w| w & (1 << (i % 64)) != 0);
    let mut keep = 1;
    for i in (1..heap.objs.len()).rev() {
        if marked(marks, i) {
            keep = i + 1;
            break;
        }
    }
    // channel ends and sockets about to be dropped: their counts go down
    for i in 1..heap.objs.len() {
        if marked(marks, i) {
            continue;
        }
        if let Some(c) = Counted::of(&heap.objs[i]) {
            heap.events.push((c, -1));
        }
    }
    heap.objs.truncate(keep);
    heap.free.clear();
    let (mut bytes, mut live, mut sockets) = (0usize, 0usize, 0u32);
    // (the streams' slots are listed anew in the same pass)
    heap.stream_slots.clear();
    for i in (1..keep).rev() {
        if marked(marks, i) {
            bytes += Heap::size_of(&heap.objs[i]);
            live += 1;
            if let Object::Socket { id, listener } = heap.objs[i] {
                if id != crate::heap::MOVED {
                    sockets += 1;
                    if !listener {
                        heap.stream_slots.push(i as u32);
                    }
                }
            }
        } else {
            heap.objs[i] = Object::Free;
            heap.free.push(i as u32);
        }
    }
    // give memory back after a peak
    if heap.objs.capacity() > 4 * heap.objs.len() + 1024 {
        heap.objs.shrink_to(2 * heap.objs.len());
    }
    if heap.free.capacity() > 4 * heap.free.len() + 1024 {
        heap.free.shrink_to(2 * heap.free.len());
    }
    heap.bytes = bytes;
    heap.live_objects = live;
    heap.since_gc = 0;
    heap.threshold = bytes.max(heap.floor());
    (heap.sockets_since_gc, heap.sockets_live) = (0, sockets);
    heap.poll &= !POLL_GC;
    heap.collections += 1;
}

/// Moves the live objects of a heap just collected (by `collect` at the same `cur`, so
/// every slot in use is live and its handles are all in roots and fields) down to its
/// lowest slots, in order, and renames every handle to them. A coroutine whose few
/// survivors sit high among free slots (one string made after many temporaries) can be
/// packed then (`co/packed.rs` takes small heaps only), and its slot vector no longer
/// keeps the length of its peak. A map whose keys are references other than strings
/// hashed them by handle: its index is rebuilt. Returns whether anything moved.
pub(crate) fn compact(module: &Module, tables: &Tables, st: &mut State, cur: Resume) -> bool {
    let len = st.heap.objs.len();
    if st.heap.free.is_empty() {
        return false;
    }
    // (the signal of an ended coroutine, kept for its scheduler handler, is no root of
    // the collector's: such a state is not compacted; packing never takes one)
    if st.extras.as_ref().is_some_and(|e| e.unhandled.is_some()) {
        return false;
    }
    // each live slot's new index (0: free)
    let mut to: SmallVec<[u32; 64]> = smallvec::smallvec![0; len];
    let mut next = 1u32;
    for (i, o) in st.heap.objs.iter().enumerate().skip(1) {
        if !matches!(o, Object::Free) {
            to[i] = next;
            next += 1;
        }
    }
    // (a root naming a free slot is no reference: the collector ignored it; it names
    // nothing now rather than whatever moves there)
    let rename = |h: &mut u64| {
        if *h != 0 {
            *h = to.get(index(*h)).map_or(0, |&n| u64::from(n));
        }
    };
    let (heap, mut roots) = Roots::of(st);
    roots.visit(module, tables, Some((cur.func, cur.base)), rename);
    for o in heap.objs.iter_mut() {
        match o {
            Object::Record { layout, fields } => {
                if let Some(refs) = tables.layout_refs.get(*layout as usize) {
                    for &f in refs.iter() {
                        if let Some(v) = fields.get_mut(f as usize) {
                            rename(v);
                        }
                    }
                }
            }
            Object::Vector { kind: Kind::Ref, items } => items.iter_mut().for_each(rename),
            Object::Closure { func, caps } => {
                for (i, v) in caps.iter_mut().enumerate() {
                    if tables.capture_is_ref(*func, i) {
                        rename(v);
                    }
                }
            }
            Object::Cell { kind: Kind::Ref, value } => rename(value),
            Object::Map(m) => m.rename_refs(rename),
            _ => {}
        }
    }
    // slide: a live slot's new place is at or below it, and free by now
    for i in 1..len {
        let n = to[i] as usize;
        if n != 0 && n != i {
            heap.objs.swap(n, i);
        }
    }
    heap.objs.truncate(next as usize);
    heap.free.clear();
    for i in 1..heap.objs.len() {
        if matches!(heap.objs.get(i), Some(Object::Map(m)) if m.key == Kind::Ref) {
            let _ = heap.with_map(i as u64, |heap, m| m.rehash(heap));
        }
    }
    if !heap.stream_slots.is_empty() {
        heap.find_stream_slots();
    }
    true
}
