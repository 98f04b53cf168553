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
use smallvec::SmallVec;

use cprime_bytecode::module::{Kind, Module};

use crate::heap::{index, Counted, Heap, Object, POLL_GC};
use crate::unwind::Resume;
use crate::{State, Tables};

/// Objects marked whose references are still to be marked.
type MarkStack = SmallVec<[u32; 32]>;

/// Collects garbage. `cur` is the running frame and the instruction it continues with,
/// if any; the saved frames are in `st.frames`. Registers no path reads again are
/// cleared first (`liveness.rs`): they are no roots.
pub(crate) fn collect(module: &Module, tables: &Tables, st: &mut State, cur: Option<Resume>) {
    if let Some(top) = cur {
        crate::liveness::clear_dead_registers(module, tables, st, top);
    }
    let cur = cur.map(|r| (r.func, r.base));
    let State { heap, globals, consts, faults, regs, frames, extras, limits, cleanup_trace, .. } = st;
    let os_handlers: &[(i32, u64)] = extras.as_ref().map_or(&[], |e| &e.os_handlers);
    // mark bits, one per slot (not kept in the heap: a parked coroutine's heap would
    // carry them between collections)
    // (inline for small heaps: a coroutine's is collected each time it is packed)
    let mut mark_bits: SmallVec<[u64; 4]> = smallvec::smallvec![0u64; heap.objs.len().div_ceil(64)];
    let objs: &[Object] = &heap.objs;
    let marks: &mut [u64] = &mut mark_bits;
    let mut stack = MarkStack::new();

    for &h in consts.iter().chain([faults.div_zero, faults.oom, faults.stack_overflow].iter()) {
        mark(objs, marks, &mut stack, h);
    }
    for &(_, handler) in os_handlers.iter() {
        mark(objs, marks, &mut stack, handler);
    }
    // the signal a `defer` pad is cleaning up after: its trace is matched by handle, so
    // the handle must not be reused while the pad runs (its register may be dead)
    if let Some(t) = cleanup_trace.as_deref() {
        mark(objs, marks, &mut stack, t.sig);
    }
    for (g, &v) in module.globals.iter().zip(globals.iter()) {
        if g.kind == Kind::Ref {
            mark(objs, marks, &mut stack, v);
        }
    }
    for (i, f) in frames.iter().enumerate() {
        let callee_base = match frames.get(i + 1) {
            Some(next) => next.base as usize,
            None => cur.map_or(usize::MAX, |c| c.1),
        };
        scan_frame(tables, regs, f.func as usize, f.base as usize, callee_base, objs, marks, &mut stack);
    }
    if let Some((func, base)) = cur {
        scan_frame(tables, regs, func, base, usize::MAX, objs, marks, &mut stack);
    }

    while let Some(i) = stack.pop() {
        match objs.get(i as usize) {
            Some(Object::Record { layout, fields }) => {
                if let Some(refs) = tables.layout_refs.get(*layout as usize) {
                    for &f in refs.iter() {
                        if let Some(&v) = fields.get(f as usize) {
                            mark(objs, marks, &mut stack, v);
                        }
                    }
                }
            }
            Some(Object::Vector { kind: Kind::Ref, items }) => {
                for &v in items {
                    mark(objs, marks, &mut stack, v);
                }
            }
            Some(Object::Map(m)) => {
                if m.key == Kind::Ref {
                    for &v in m.keys() {
                        mark(objs, marks, &mut stack, v);
                    }
                }
                if m.val == Kind::Ref {
                    for &v in m.values() {
                        mark(objs, marks, &mut stack, v);
                    }
                }
            }
            Some(Object::Closure { func, caps }) => {
                for (i, &v) in caps.iter().enumerate() {
                    if tables.capture_is_ref(*func, i) {
                        mark(objs, marks, &mut stack, v);
                    }
                }
            }
            Some(Object::Cell { kind: Kind::Ref, value }) => mark(objs, marks, &mut stack, *value),
            _ => {}
        }
    }
    sweep(heap, &mark_bits);
    if limits.gc_stress {
        heap.threshold = 0;
    }
}

#[allow(clippy::too_many_arguments)]
fn scan_frame(
    tables: &Tables,
    regs: &[u64],
    func: usize,
    base: usize,
    limit: usize,
    objs: &[Object],
    marks: &mut [u64],
    stack: &mut MarkStack,
) {
    let Some(meta) = tables.fns.get(func) else { return };
    for &r in meta.refs.iter() {
        let at = base + r as usize;
        if at >= limit {
            break;
        }
        if let Some(&v) = regs.get(at) {
            mark(objs, marks, stack, v);
        }
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
    for i in (1..keep).rev() {
        if marked(marks, i) {
            bytes += Heap::size_of(&heap.objs[i]);
            live += 1;
            sockets += u32::from(matches!(heap.objs[i], Object::Socket { id, .. } if id != crate::heap::MOVED));
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
