//! The collector: bounded memory under allocation-heavy loads, and every kind of root.


use cprime_bytecode::module::{GlobalInit, Kind, LayoutKind};

use super::*;
use crate::{Limits, Outcome, Vm};

/// Adds `churn(n)`: allocates `n` two-field records, keeping none.
fn add_churn(b: &mut ModB) {
    b.func(
        "churn",
        "i",
        "",
        "iir",
        "
        LdI r1 0
      loop:
        NewRec r3 Pair r1 2
        AddIK r1 r1 1
        JltI r1 r0 @loop
        Ret0",
    );
}

fn pair(b: &mut ModB) {
    b.layout("Pair", LayoutKind::Struct, &[("a", Kind::Int), ("b", Kind::Int)]);
}

#[test]
fn short_lived_records_keep_memory_bounded() {
    let mut b = ModB::new();
    pair(&mut b);
    add_churn(&mut b);
    b.func("main", "", "", "i", "LdI r0 2000000\n Call r0 churn r0 1\n Ret0");
    let (o, _, vm) = run_with(b.build(), Limits::default());
    assert_eq!(o, Outcome::Returned(None));
    let s = vm.heap_stats();
    assert!(s.collections >= 10, "{s:?}");
    assert!(s.live_objects < 40_000, "{s:?}");
    assert!(s.peak_bytes < 4 << 20, "{s:?}");
}

/// The binary-trees benchmark: a long-lived tree of depth 16, and 2^(16-d) trees of
/// depth d for d = 4, 8, 12, 16, each built and checked.
pub(super) fn binary_trees() -> Module {
    let mut b = ModB::new();
    b.layout("Node", LayoutKind::Struct, &[("left", Kind::Ref), ("right", Kind::Ref)]);
    b.func(
        "make",
        "i",
        "r",
        "rrir",
        "
        JeqIK r0 0 @leaf
        AddIK r3 r0 -1
        Call r1 make r3 1
        AddIK r3 r0 -1
        Call r2 make r3 1
        NewRec r4 Node r1 2
        Ret r4
      leaf:
        LdNull r1
        LdNull r2
        NewRec r4 Node r1 2
        Ret r4",
    );
    b.func(
        "check",
        "r",
        "i",
        "rriir",
        "
        GetF r1 r0 0
        LdNull r2
        CallNat r3 RefEq r1 2
        JneIK r3 0 @leaf
        Call r3 check r1 1
        GetF r5 r0 1
        Call r4 check r5 1
        AddI r3 r3 r4
        AddIK r3 r3 1
        Ret r3
      leaf:
        LdI r3 1
        Ret r3",
    );
    b.func(
        "main",
        "",
        "i",
        "riiiiriir",
        "
        LdI r6 16
        Call r0 make r6 1
        LdI r4 0
        LdI r1 4
      outer:
        LdI r6 16
        SubI r6 r6 r1
        LdI r2 1
        ShlI r2 r2 r6
        LdI r3 0
      inner:
        Mov r6 r1
        Call r5 make r6 1
        Mov r8 r5
        Call r7 check r8 1
        AddI r4 r4 r7
        AddIK r3 r3 1
        JltI r3 r2 @inner
        AddIK r1 r1 4
        JltIK r1 17 @outer
        Mov r8 r0
        Call r7 check r8 1
        AddI r4 r4 r7
        Ret r4",
    );
    b.build()
}

#[test]
fn binary_trees_depth_16_runs_in_bounded_memory() {
    let nodes = |d: u32| (1i64 << (d + 1)) - 1;
    let want: i64 = [4u32, 8, 12, 16].iter().map(|&d| (1i64 << (16 - d)) * nodes(d)).sum::<i64>() + nodes(16);
    let (o, _, vm) = run_with(binary_trees(), Limits::default());
    assert_eq!(o, Outcome::Returned(Some(want as u64)));
    let s = vm.heap_stats();
    // two depth-16 trees (~131k nodes each) live at once at most
    assert!(s.peak_bytes < 48 << 20, "{s:?}");
    assert!(s.collections > 0, "{s:?}");
}

#[test]
fn cycles_are_collected() {
    let mut b = ModB::new();
    b.layout("Node", LayoutKind::Struct, &[("next", Kind::Ref)]);
    b.func(
        "main",
        "",
        "",
        "irr",
        "
        LdI r0 0
      loop:
        LdNull r1
        NewRec r1 Node r1 1
        NewRec r2 Node r1 1
        SetF r1 0 r2
        AddIK r0 r0 1
        JltIK r0 500000 @loop
        Ret0",
    );
    let (o, _, vm) = run_with(b.build(), Limits::default());
    assert_eq!(o, Outcome::Returned(None));
    let s = vm.heap_stats();
    assert!(s.live_objects < 50_000 && s.peak_bytes < 4 << 20, "{s:?}");
}

#[test]
fn caller_frames_globals_cells_and_maps_are_roots() {
    let mut b = ModB::new();
    pair(&mut b);
    add_churn(&mut b);
    b.global("KEEP", Kind::Ref, GlobalInit::Null);
    // fresh strings (not constants) reachable only through: a global, a cell, a map value;
    // and a vector in main's frame while `churn` (a callee) forces collections
    b.func(
        "main",
        "",
        "i",
        "rrrriiirr",
        "
        LdI r4 1
        LdI r5 2
        LdI r6 3
        NewVec r0 int r4 3
        LdK r1 \"glob\"
        LdK r7 \"al\"
        StrCat r1 r1 r7
        GSet KEEP r1
        LdK r1 \"ce\"
        LdK r7 \"ll\"
        StrCat r1 r1 r7
        NewCell r2 ref r1
        NewMap r3 int ref
        LdK r1 \"ma\"
        LdK r7 \"p\"
        StrCat r8 r1 r7
        LdNull r1
        Mov r7 r3
        Call r6 insert9 r7 2
        LdNull r8
        LdI r6 3000000
        Call r6 churn r6 1
        LdI r4 2
        VecGet r4 r0 r4
        GGet r1 KEEP
        CallNat r5 StrLen r1 1
        AddI r4 r4 r5
        CellGet r1 r2
        CallNat r5 StrLen r1 1
        AddI r4 r4 r5
        Mov r7 r3
        Call r1 get9 r7 1
        CallNat r5 StrLen r1 1
        AddI r4 r4 r5
        Ret r4",
    );
    b.func("insert9", "rr", "", "rirr", "Mov r2 r0\n LdI r3 9\n Mov r4 r1\n CallNat r5 MapInsert r2 3\n Ret0");
    b.func("get9", "r", "r", "rir", "Mov r1 r0\n LdI r2 9\n CallNat r3 MapGet r1 2\n GetF r3 r3 0\n Ret r3");
    let (o, _, vm) = run_with(b.build(), Limits::default());
    assert_eq!(o, Outcome::Returned(Some(3 + 6 + 4 + 3)));
    assert!(vm.heap_stats().collections > 3);
}

#[test]
fn between_runs_only_globals_and_constants_survive() {
    let mut b = ModB::new();
    pair(&mut b);
    b.func("main", "", "r", "iirr", "LdI r0 1\n LdI r1 2\n LdK r3 \"k\"\n NewRec r2 Pair r0 2\n Ret r2");
    let mut vm = Vm::new(b.build()).unwrap();
    assert_eq!(vm.heap_stats().live_objects, 4, "three fault signals and the constant");
    let mut host = crate::NullHost::default();
    assert!(matches!(vm.run(0, None, &mut host), Outcome::Returned(Some(_))));
    vm.collect_garbage();
    let base = vm.heap_stats().live_objects;
    for _ in 0..10 {
        assert!(matches!(vm.run(0, None, &mut host), Outcome::Returned(Some(_))));
    }
    assert_eq!(vm.heap_stats().live_objects, base + 10);
    vm.collect_garbage();
    assert_eq!(vm.heap_stats().live_objects, base);
    assert_eq!(vm.heap_stats().live_objects, 1 + 3, "the used constant, three fault signals");
}

#[test]
fn ends_detached_from_an_earlier_scheduler_run_count_nothing_when_collected() {
    // a `Vm` that ran the coroutine scheduler before keeps that run's channel ends and
    // join handles in its heap; a new run numbers channels and tasks afresh, so when the
    // collector frees the old objects they must not count against the new numbers
    let m = cprime_bytecode::module::Module::new();
    let mut st = crate::State::new(&m, true).unwrap();
    st.heap.new_port(0, Kind::Int, true).unwrap();
    st.heap.new_task_handle(0, Kind::Int).unwrap();
    st.heap.new_socket(3, false).unwrap();
    st.heap.detach_from_scheduler();
    assert_eq!(st.heap.events, [(crate::heap::Counted::Socket(3), 1)], "only the socket stays counted (by the host)");
    crate::gc::collect(&m, &crate::build_tables(&m), &mut st, None);
    let counted: Vec<_> = st.heap.events.iter().filter(|(c, _)| !matches!(c, crate::heap::Counted::Socket(_))).collect();
    assert!(counted.is_empty(), "collected old ends and handles count nothing: {counted:?}");
}

/// A spawned coroutine's heap collects after 64 KiB, not the entry's 1 MiB (a thousand
/// busy connections held a MiB of garbage each), and stays one when emptied for the
/// next coroutine or packed and unpacked.
#[test]
fn coroutine_heaps_collect_sooner_and_stay_so() {
    use crate::heap::{Heap, Object, COROUTINE_THRESHOLD, INITIAL_THRESHOLD};
    let entry = Heap::new();
    assert_eq!((entry.threshold, entry.floor()), (INITIAL_THRESHOLD, INITIAL_THRESHOLD));
    let mut h = Heap::for_coroutine();
    assert_eq!((h.threshold, h.floor()), (COROUTINE_THRESHOLD, COROUTINE_THRESHOLD));
    // 100 KiB of strings: past the coroutine's threshold, far below the entry's
    for _ in 0..100 {
        h.alloc(Object::Str("x".repeat(1024).into())).unwrap();
    }
    assert!(h.poll & crate::heap::POLL_GC != 0, "a collection is due");
    h.clear();
    assert!(h.coroutine && h.threshold == COROUTINE_THRESHOLD, "emptied for the next coroutine");
    let counters = h.take_parts(|_| {});
    let mut back = Heap::for_coroutine();
    back.restore(core::iter::empty(), &counters);
    assert_eq!(back.threshold, COROUTINE_THRESHOLD, "packed and unpacked");
}

/// A packed coroutine unpacked into a state made afresh (no spare fiber) keeps its
/// heap's floor: the packed counters say whose heap it was.
#[test]
fn a_heaps_floor_survives_packing_into_any_state() {
    use crate::heap::{Heap, COROUTINE_THRESHOLD, INITIAL_THRESHOLD};
    for (mut h, floor) in [(Heap::for_coroutine(), COROUTINE_THRESHOLD), (Heap::new(), INITIAL_THRESHOLD)] {
        let counters = h.take_parts(|_| {});
        for mut into in [Heap::new(), Heap::for_coroutine()] {
            into.restore(core::iter::empty(), &counters);
            assert_eq!((into.threshold, into.floor()), (floor, floor));
        }
    }
}

/// Sockets pace collections (`Heap::new_socket`): a heap that makes little garbage but
/// forgets connections collects once it made as many socket references as the last
/// collection left live (at least `SOCKETS_PER_COLLECTION`), and packing keeps the count.
#[test]
fn socket_references_make_a_heap_collect() {
    use crate::heap::{Heap, POLL_GC, SOCKETS_PER_COLLECTION};
    let mut h = Heap::new();
    for id in 0..SOCKETS_PER_COLLECTION - 1 {
        h.new_socket(id, false).unwrap();
    }
    assert_eq!(h.poll & POLL_GC, 0, "not yet: a few bytes were allocated");
    // (the scheduler applies the references' counts before it packs a heap)
    h.events.clear();
    let counters = h.take_parts(|_| {});
    let mut h = Heap::new();
    h.restore(core::iter::empty(), &counters);
    assert_eq!(h.sockets_since_gc, SOCKETS_PER_COLLECTION - 1, "packed and unpacked");
    h.new_socket(SOCKETS_PER_COLLECTION, false).unwrap();
    assert!(h.poll & POLL_GC != 0, "a collection is due");
}

/// After a collection, the sockets it left live set how many more make the next one.
#[test]
fn live_sockets_raise_the_socket_threshold() {
    use crate::heap::{Object, POLL_GC};
    let mut m = cprime_bytecode::module::Module::new();
    m.globals.push(cprime_bytecode::module::Global { name: "kept".to_string(), kind: Kind::Ref, init: GlobalInit::Null });
    let mut st = crate::State::new(&m, true).unwrap();
    // 100 live sockets (in a vector a global holds), 5 forgotten
    let items = (0..100).map(|id| st.heap.new_socket(id, false).unwrap()).collect();
    st.globals[0] = st.heap.alloc(Object::Vector { kind: Kind::Ref, items }).unwrap();
    for id in 100..105 {
        st.heap.new_socket(id, false).unwrap();
    }
    crate::gc::collect(&m, &crate::build_tables(&m), &mut st, None);
    assert_eq!((st.heap.sockets_since_gc, st.heap.sockets_live), (0, 100));
    for id in 200..299 {
        st.heap.new_socket(id, false).unwrap();
    }
    assert_eq!(st.heap.poll & POLL_GC, 0, "99 new ones beside 100 live");
    st.heap.new_socket(299, false).unwrap();
    assert!(st.heap.poll & POLL_GC != 0, "100 new ones beside 100 live");
}

/// `compact` moves a collected heap's survivors down to its lowest slots and renames
/// every handle to them: roots, record fields, vector items and cells.
#[test]
fn compacting_moves_survivors_down_and_renames_their_handles() {
    use crate::heap::Object;
    use cprime_bytecode::builtins;
    let mut m = cprime_bytecode::module::Module::new();
    m.globals.push(cprime_bytecode::module::Global { name: "kept".to_string(), kind: Kind::Ref, init: GlobalInit::Null });
    m.globals.push(cprime_bytecode::module::Global { name: "n".to_string(), kind: Kind::Int, init: GlobalInit::Int(0) });
    let tables = crate::build_tables(&m);
    let mut st = crate::State::new(&m, true).unwrap();
    for i in 0..300 {
        st.heap.new_str(format!("garbage {i}")).unwrap();
    }
    // survivors made last: Some("a") in a vector with a cell holding "b"
    let a = st.heap.new_str("a".to_string()).unwrap();
    let some = st.heap.new_record(builtins::some(Kind::Ref), &[a]).unwrap();
    let b = st.heap.new_str("b".to_string()).unwrap();
    let cell = st.heap.alloc(Object::Cell { kind: Kind::Ref, value: b }).unwrap();
    let v = st.heap.alloc(Object::Vector { kind: Kind::Ref, items: vec![some, cell, some] }).unwrap();
    st.globals[0] = v;
    // an int global equal to a slot number is not a handle
    st.globals[1] = some;
    let resume = crate::unwind::Resume { func: 0, pc: 0, base: 0 };
    crate::gc::collect(&m, &tables, &mut st, Some(resume));
    let live = st.heap.live_objects;
    assert!(crate::gc::compact(&m, &tables, &mut st, resume));
    assert_eq!(st.heap.objs.len(), live + 1, "no free slot left");
    assert!(st.heap.free.is_empty());
    assert_eq!(st.globals[1], some, "the int global is unchanged");
    let v = st.globals[0];
    assert!((v as usize) <= live);
    let Some(Object::Vector { items, .. }) = st.heap.get(v) else { panic!("the vector moved away") };
    let items = items.clone();
    assert_eq!(items[0], items[2]);
    let (_, fields) = st.heap.record(items[0]).unwrap();
    assert_eq!(st.heap.str_of(fields[0]).unwrap(), "a");
    let Some(Object::Cell { value, .. }) = st.heap.get(items[1]) else { panic!("the cell moved away") };
    assert_eq!(st.heap.str_of(*value).unwrap(), "b");
    assert!(!crate::gc::compact(&m, &tables, &mut st, resume), "nothing left to move");
}

/// A map survives `compact`: its reference keys and values are renamed, and a key it
/// hashed by handle (a record) is found under its new handle.
#[test]
fn compacting_rehashes_a_map_keyed_by_handles() {
    use crate::heap::Object;
    use crate::map::MapObj;
    use cprime_bytecode::builtins;
    let mut m = cprime_bytecode::module::Module::new();
    m.globals.push(cprime_bytecode::module::Global { name: "by_record".to_string(), kind: Kind::Ref, init: GlobalInit::Null });
    m.globals.push(cprime_bytecode::module::Global { name: "keys".to_string(), kind: Kind::Ref, init: GlobalInit::Null });
    let tables = crate::build_tables(&m);
    let mut st = crate::State::new(&m, true).unwrap();
    for i in 0..300 {
        st.heap.new_str(format!("garbage {i}")).unwrap();
    }
    let map = st.heap.alloc(Object::Map(alloc::boxed::Box::new(MapObj::new(Kind::Ref, Kind::Ref)))).unwrap();
    let mut keys = Vec::new();
    for i in 0..50 {
        let k = st.heap.new_record(builtins::some(Kind::Int), &[i]).unwrap();
        let v = st.heap.new_str(format!("value {i}")).unwrap();
        st.heap.with_map(map, |heap, m| {
            m.reserve_one().unwrap();
            m.insert(heap, k, v);
        }).unwrap();
        keys.push(k);
    }
    let name = st.heap.new_str("by name".to_string()).unwrap();
    let v = st.heap.new_str("named".to_string()).unwrap();
    st.heap.with_map(map, |heap, m| {
        m.reserve_one().unwrap();
        m.insert(heap, name, v);
    }).unwrap();
    let kept = st.heap.alloc(Object::Vector { kind: Kind::Ref, items: keys }).unwrap();
    st.globals[0] = map;
    st.globals[1] = kept;
    let resume = crate::unwind::Resume { func: 0, pc: 0, base: 0 };
    crate::gc::collect(&m, &tables, &mut st, Some(resume));
    assert!(crate::gc::compact(&m, &tables, &mut st, resume));
    let (map, kept) = (st.globals[0], st.globals[1]);
    assert!(map < 300, "the map moved down");
    let Some(Object::Vector { items, .. }) = st.heap.get(kept) else { panic!("the keys moved away") };
    for (i, &k) in items.clone().iter().enumerate() {
        let found = st.heap.map(map).unwrap().get(&st.heap, k).expect("the key is found under its new handle");
        assert_eq!(st.heap.str_of(found).unwrap(), format!("value {i}"));
    }
    let probe = st.heap.new_str("by name".to_string()).unwrap();
    let found = st.heap.map(map).unwrap().get(&st.heap, probe).expect("a string key by content");
    assert_eq!(st.heap.str_of(found).unwrap(), "named");
}

/// A socket handed on to another coroutine (`Heap::move_sockets`: `spawn`, `send`) is
/// no descriptor this heap must collect to close: an accept loop that hands every
/// connection to a handler does not collect its heap every 32 accepts.
#[test]
fn sockets_handed_on_do_not_pace_collections() {
    use crate::heap::{Heap, POLL_GC, SOCKETS_PER_COLLECTION};
    let mut h = Heap::new();
    for id in 0..SOCKETS_PER_COLLECTION * 3 {
        h.new_socket(id, false).unwrap();
        h.move_sockets(core::iter::once(id));
    }
    assert_eq!(h.sockets_since_gc, 0);
    assert_eq!(h.poll & POLL_GC, 0, "no collection due");
}

/// `move_sockets` finds a stream among the slots listed when streams were made or last
/// survived a collection, not by walking the heap: the stream moves however the heap
/// changed around it (collected, slots reused), and only the stream named.
#[test]
fn moving_a_stream_finds_it_through_its_listed_slot() {
    use crate::heap::{Object, MOVED};
    let mut m = cprime_bytecode::module::Module::new();
    m.globals.push(cprime_bytecode::module::Global { name: "kept".to_string(), kind: Kind::Ref, init: GlobalInit::Null });
    let tables = crate::build_tables(&m);
    let mut st = crate::State::new(&m, true).unwrap();
    for i in 0..50 {
        st.heap.new_str(format!("garbage {i}")).unwrap();
    }
    let listener = st.heap.new_socket(1, true).unwrap();
    let kept = st.heap.new_socket(7, false).unwrap();
    st.heap.new_socket(8, false).unwrap(); // forgotten
    let v = st.heap.alloc(Object::Vector { kind: Kind::Ref, items: vec![listener, kept] }).unwrap();
    st.globals[0] = v;
    crate::gc::collect(&m, &tables, &mut st, None);
    assert_eq!(st.heap.stream_slots, [kept as u32], "the forgotten stream and the listener are not listed");
    // new objects reuse the freed slots; a new stream is listed too
    for i in 0..60 {
        st.heap.new_str(format!("more {i}")).unwrap();
    }
    let other = st.heap.new_socket(9, false).unwrap();
    st.heap.events.clear();
    st.heap.move_sockets([7u32].into_iter());
    assert!(matches!(st.heap.get(kept), Some(Object::Socket { id: MOVED, .. })));
    assert!(matches!(st.heap.get(other), Some(Object::Socket { id: 9, .. })));
    assert!(matches!(st.heap.get(listener), Some(Object::Socket { id: 1, .. })));
    assert_eq!(st.heap.events, [(crate::heap::Counted::Socket(7), -1)]);
    assert_eq!(st.heap.stream_slots, [other as u32], "a moved stream leaves the list");
}
