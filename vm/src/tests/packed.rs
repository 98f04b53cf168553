//! Packed coroutines (`co/packed.rs`): a waiting coroutine's state survives packing
//! and unpacking exactly, and packing keeps only what the state uses.
use alloc::boxed::Box;
use alloc::sync::Arc;

use super::*;
use crate::co::packed::Packed;
use crate::co::sched::Fiber;
use crate::heap::Object;
use crate::unwind::Resume;
use crate::{Frame, State};

/// `outer` (6 registers) calls `inner` (3 registers) with its argument window at its
/// register 1: the callee's frame ends at 4, below the caller's, which stays the top of
/// the register stack.
fn two_frames() -> (Module, crate::Tables) {
    let mut b = ModB::new();
    b.func("inner", "i", "i", "ii", "Ret r0");
    b.func("outer", "", "i", "iiiiii", "LdI r1 1\n Call r0 inner r1 1\n Ret r0");
    let m = b.build();
    let t = crate::build_tables(&m);
    (m, t)
}

/// A waiting state: objects with a free slot between them, registers past the top of
/// the stack, globals, a constant table, an outer frame.
fn waiting(m: &Module) -> (Box<Fiber>, [u64; 3]) {
    let mut st = State::new(m, false).unwrap();
    let a = st.heap.alloc(Object::Str("kept".into())).unwrap();
    let b = st.heap.alloc(Object::Str("freed".into())).unwrap();
    let c = st.heap.alloc(Object::Record { layout: 3, fields: [a, 7].as_slice().into() }).unwrap();
    st.heap.objs[b as usize] = Object::Free;
    st.heap.free.push(b as u32);
    let (outer, inner) = (func_index(m, "outer") as usize, func_index(m, "inner") as usize);
    // outer's frame at 2 (registers 2..8), inner's at outer's register 1 (3..6)
    st.regs = alloc::vec![0; 40];
    st.regs[2] = c;
    st.regs[5] = 33;
    st.regs[6] = 44;
    st.regs[7] = a;
    st.regs[30] = 99; // above every frame: not part of the state
    st.frames.push(Frame { func: outer as u32, pc: 1, base: 2, dest: 2 });
    st.globals = alloc::vec![5, 6];
    st.consts = alloc::vec![a];
    st.suspended.set(Resume { func: inner, pc: 1, base: 3 });
    st.faults = crate::Faults { div_zero: a, oom: c, stack_overflow: 11 };
    // counters a collection would not leave as they are
    let h = &mut st.heap;
    (h.limit, h.strict, h.poll, h.work, h.since_gc, h.threshold) = (Some(usize::MAX), true, 4, 123, 77, 999);
    (Box::new(Fiber { st, then_call: false, urgent: true }), [a, b, c])
}

#[test]
fn a_packed_coroutine_unpacks_to_the_state_it_was() {
    let (m, t) = two_frames();
    let (fiber, [a, b, c]) = waiting(&m);
    let stats = fiber.st.heap.stats();
    let faults = fiber.st.faults;
    let limits = Arc::clone(&fiber.st.limits);
    let (packed, shell) = Packed::pack(&t, 0, fiber).unwrap_or_else(|_| panic!("not packed"));
    assert!(shell.st.regs.is_empty() && shell.st.heap.objs.len() == 1, "the shell is empty");
    assert!(shell.st.regs.capacity() >= 40, "and keeps its buffers for the next coroutine");
    let mut f = packed.unpack(Some(shell), |_| Some(Arc::clone(&limits)));
    let st = &mut f.st;
    assert!(!f.then_call && f.urgent);
    // registers up to the highest frame's end (outer's 2 + 6, not inner's 3 + 3)
    assert_eq!(st.regs, [0, 0, c, 0, 0, 33, 44, a]);
    let fr: alloc::vec::Vec<_> = st.frames.iter().map(|f| (f.func, f.pc, f.base, f.dest)).collect();
    assert_eq!(fr, [(func_index(&m, "outer"), 1, 2, 2)]);
    assert_eq!((st.globals.as_slice(), st.consts.as_slice()), ([5, 6].as_slice(), [a].as_slice()));
    assert_eq!(st.suspended.get().map(|r| (r.func, r.pc, r.base)), Some((func_index(&m, "inner") as usize, 1, 3)));
    assert_eq!((st.faults.div_zero, st.faults.oom, st.faults.stack_overflow), (faults.div_zero, faults.oom, faults.stack_overflow));
    assert_eq!(st.heap.stats(), stats, "the heap's counters");
    let h = &st.heap;
    assert_eq!((h.limit, h.strict, h.poll, h.work, h.since_gc, h.threshold), (Some(usize::MAX), true, 4, 123, 77, 999));
    assert!(matches!(st.heap.get(a), Some(Object::Str(s)) if &**s == "kept"));
    assert!(matches!(st.heap.get(c), Some(Object::Record { fields, .. }) if fields.as_slice() == [a, 7]));
    // the free slot is found again and reused first
    assert_eq!(st.heap.alloc(Object::Str("new".into())).unwrap(), b);
    assert_eq!(st.heap.alloc(Object::Str("newer".into())).unwrap(), c + 1);
}

#[test]
fn a_state_using_the_rare_parts_stays_unpacked() {
    let (m, t) = two_frames();
    let (mut fiber, _) = waiting(&m);
    fiber.st.extras().os_handlers.push((10, 0));
    assert!(Packed::pack(&t, 0, fiber).is_err(), "signal handlers are not packed");
    let (mut fiber, _) = waiting(&m);
    fiber.st.suspended.clear();
    assert!(Packed::pack(&t, 0, fiber).is_err(), "a state that does not wait is not packed");
    let (mut fiber, _) = waiting(&m);
    fiber.st.heap.events.push((crate::heap::Counted::Task(1), 1));
    assert!(Packed::pack(&t, 0, fiber).is_err(), "counts not yet applied are not packed away");
}

#[test]
fn limits_come_back_from_the_runs_table() {
    let (m, t) = two_frames();
    let (mut fiber, _) = waiting(&m);
    let limits = Arc::new(crate::Limits { max_frames: 77, ..crate::Limits::default() });
    fiber.st.limits = Arc::clone(&limits);
    let (packed, _) = Packed::pack(&t, 1, fiber).unwrap_or_else(|_| panic!("not packed"));
    let f = packed.unpack(None, |i| (i == 1).then(|| Arc::clone(&limits)));
    assert!(Arc::ptr_eq(&f.st.limits, &limits), "its own limits, shared, not copied");
}

/// A heap holding what is not encoded as words (a map, a long string) is packed with
/// its slots as objects, and unpacks the same.
#[test]
fn a_heap_with_a_map_keeps_its_slots_as_objects() {
    let (m, t) = two_frames();
    for big in [Object::Map(Box::new(crate::map::MapObj::new(cprime_bytecode::module::Kind::Int, cprime_bytecode::module::Kind::Int))), Object::Str("long ".repeat(200).into())] {
        let (mut fiber, [a, _, c]) = waiting(&m);
        let h = fiber.st.heap.alloc(big).unwrap();
        let before = alloc::format!("{:?}", &fiber.st.heap.objs[1..]);
        let limits = Arc::clone(&fiber.st.limits);
        let (packed, shell) = Packed::pack(&t, 0, fiber).unwrap_or_else(|_| panic!("not packed"));
        let f = packed.unpack(Some(shell), |_| Some(Arc::clone(&limits)));
        assert_eq!(alloc::format!("{:?}", &f.st.heap.objs[1..]), before);
        assert!(matches!(f.st.heap.get(c), Some(Object::Record { fields, .. }) if fields.as_slice() == [a, 7]));
        assert!(f.st.heap.get(h).is_some());
    }
}

#[test]
fn a_big_heap_is_not_packed() {
    let (m, t) = two_frames();
    let (mut fiber, _) = waiting(&m);
    for i in 0..300 {
        fiber.st.heap.alloc(Object::Str(alloc::format!("{i}").into())).unwrap();
    }
    assert!(!Packed::fits(&fiber.st));
    assert!(Packed::pack(&t, 0, fiber).is_err(), "its collection and copies at every wait would cost more than packing saves");
}

/// A coroutine of bench/co_parked.cp as it waits, just collected: its closure (two
/// captures), the sender it will answer on and its own receiver, 14 registers of which
/// two are not zero. Its header's zero words cost nothing: the heap's counters are
/// stored relative to a just-collected heap's, the register and object counts share a
/// word; the closure's two captures (handles) share a word; eight words are left, and
/// one for the length and bitmap: 72 bytes, an 80-byte block of the allocator (a
/// million such coroutines parked take 48 bytes less each than with fourteen words).
#[test]
fn a_parked_coroutine_packs_into_nine_words() {
    let mut b = ModB::new();
    b.func("body", "", "i", "iiiiiiiiiiiiii", "Ret r0");
    let m = b.build();
    let t = crate::build_tables(&m);
    let mut st = State::new(&m, false).unwrap();
    st.heap = crate::heap::Heap::for_coroutine();
    let kind = cprime_bytecode::module::Kind::Int;
    let done = st.heap.alloc(Object::Port { chan: 0, kind, sender: true }).unwrap();
    let rx = st.heap.alloc(Object::Port { chan: 77, kind, sender: false }).unwrap();
    let closure = st.heap.alloc(Object::Closure { func: 0, caps: [rx, done].as_slice().into() }).unwrap();
    // as a collection leaves a heap
    (st.heap.since_gc, st.heap.collections) = (0, 1);
    st.regs = alloc::vec![0; 14];
    (st.regs[0], st.regs[2]) = (closure, rx);
    st.suspended.set(Resume { func: func_index(&m, "body") as usize, pc: 1, base: 0 });
    let stats = st.heap.stats();
    let limits = Arc::clone(&st.limits);
    let (packed, shell) = Packed::pack(&t, 0, Box::new(Fiber { st, then_call: false, urgent: false })).unwrap_or_else(|_| panic!("not packed"));
    assert_eq!(packed.len_in_words(), 9);
    let f = packed.unpack(Some(shell), |_| Some(Arc::clone(&limits)));
    assert_eq!(f.st.heap.stats(), stats, "the counters come back as they were");
    assert_eq!(f.st.regs.len(), 14);
    assert!(matches!(f.st.heap.get(closure), Some(Object::Closure { caps, .. }) if caps.as_slice() == [rx, done]));
}

/// The run's table keeps a packed state's words by id and the rare heap kept as
/// objects beside them; both come back together, and the deadlock report's question
/// (does it hold a sender?) is answered from either form, and from a fiber's heap. A
/// fiber and packed words share an id's one 16-byte slot.
#[test]
fn the_table_keeps_a_heap_of_objects_beside_the_words() {
    let (m, t) = two_frames();
    let mut table = crate::co::states::States::default();
    table.grow_to(3);
    let kind = cprime_bytecode::module::Kind::Int;
    for (i, with_map) in [(1, true), (2, false)] {
        let (mut fiber, _) = waiting(&m);
        fiber.st.heap.alloc(Object::Port { chan: 40 + i as u32, kind, sender: true }).unwrap();
        if with_map {
            fiber.st.heap.alloc(Object::Map(Box::new(crate::map::MapObj::new(kind, kind)))).unwrap();
        }
        let (packed, _) = Packed::pack(&t, 0, fiber).unwrap_or_else(|_| panic!("not packed"));
        table.put_packed(i, packed);
    }
    assert!(table.is_packed(1) && table.is_packed(2) && !table.is_packed(0));
    assert!(table.holds_sender(1, 41) && table.holds_sender(2, 42));
    assert!(!table.holds_sender(1, 42) && !table.holds_sender(0, 41));
    let limits = Arc::new(crate::Limits::default());
    let f = table.take_packed(1).unwrap().unpack(None, |_| Some(Arc::clone(&limits)));
    assert!(f.st.heap.objs.iter().any(|o| matches!(o, Object::Map(_))), "the map came back with its words");
    assert!(!table.is_packed(1) && table.take_packed(1).is_none() && !table.holds_sender(1, 41));
    assert!(!table.is_here(1) && table.fiber(1).is_none());
    table.put_fiber(1, f);
    assert!(table.is_here(1) && !table.is_packed(1) && table.take_packed(1).is_none(), "a fiber is not taken as packed");
    assert!(table.holds_sender(1, 41), "asked of the fiber's heap");
    assert_eq!(table.fibers_mut().map(|(i, _)| i).collect::<alloc::vec::Vec<_>>(), [1]);
    assert!(table.take_fiber(1).is_some() && !table.is_here(1));
}
