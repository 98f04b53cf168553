//! Moving value graphs between heaps (`transfer.rs`): what coroutines' `spawn` captures
//! and channel messages rely on.
use alloc::boxed::Box;
use alloc::string::ToString;
use alloc::vec;

use cprime_bytecode::module::{Kind, LayoutKind};

use super::*;
use crate::heap::Object;
use crate::map::MapObj;
use crate::transfer::{export, import};
use crate::{format, Trap, Vm};

/// A VM whose module has `Pair { a: ref, b: int }` (layout number returned).
fn vm() -> (Vm, u32) {
    let mut b = ModB::new();
    let pair = b.layout("Pair", LayoutKind::Struct, &[("a", Kind::Ref), ("b", Kind::Int)]);
    b.func("main", "", "", "", "Ret0");
    (Vm::new(b.build()).expect("verifies"), pair)
}

fn debug(vm: &Vm, h: u64) -> String {
    format::object_debug(&vm.module, &vm.st.heap, h)
}

#[test]
fn graphs_arrive_whole_with_sharing_kept() {
    let (mut a, pair) = vm();
    let heap = &mut a.st.heap;
    let s = heap.new_str("hi".to_string()).unwrap();
    let v = heap.new_vector(Kind::Ref, vec![s, s]).unwrap();
    let rec = heap.new_record(pair, &[v, 7]).unwrap();
    let key = heap.new_str("k".to_string()).unwrap();
    let mut m = MapObj::new(Kind::Ref, Kind::Ref);
    m.reserve_one().unwrap();
    m.insert(heap, key, rec);
    let map = heap.alloc(Object::Map(Box::new(m))).unwrap();
    let sent = debug(&a, map);

    let p = export(&a.st.heap, &a.tables, map, Kind::Ref).unwrap();
    assert_eq!(p.objects(), 5, "map, key, record, vector and one shared string");
    let (mut b, _) = vm();
    let got = import(&mut b.st.heap, &b.tables, &p).unwrap();
    assert_eq!(debug(&b, got), sent);
    // the copy's vector holds one string twice, as the original did
    let k = b.st.heap.new_str("k".to_string()).unwrap();
    let Some(Object::Map(m)) = b.st.heap.get(got) else { panic!("not a map") };
    assert_eq!(m.len(), 1);
    let rec2 = m.get(&b.st.heap, k).expect("a string key is found by content");
    let v2 = b.st.heap.field(rec2, 0).unwrap();
    assert_eq!(b.st.heap.vec_get(v2, 0).unwrap(), b.st.heap.vec_get(v2, 1).unwrap());
    assert_eq!(b.st.heap.field(rec2, 1).unwrap(), 7);
}

#[test]
fn cycles_through_cells_and_closures_terminate() {
    let (mut a, _) = vm();
    let heap = &mut a.st.heap;
    let cell = heap.alloc(Object::Cell { kind: Kind::Ref, value: 0 }).unwrap();
    let clo = heap.alloc(Object::Closure { func: 0, caps: crate::heap::Fields::from_slice(&[cell]) }).unwrap();
    heap.cell_set(cell, clo).unwrap();
    let p = export(&a.st.heap, &a.tables, clo, Kind::Ref).unwrap();
    assert_eq!(p.objects(), 2);
    let (mut b, _) = vm();
    let clo2 = import(&mut b.st.heap, &b.tables, &p).unwrap();
    let Some(Object::Closure { caps, .. }) = b.st.heap.get(clo2) else { panic!("not a closure") };
    let cell2 = caps[0];
    assert_eq!(b.st.heap.cell_get(cell2).unwrap(), clo2, "the cycle closes on the copies");
}

#[test]
fn plain_values_and_null_pass_through() {
    let (a, _) = vm();
    let (mut b, _) = vm();
    for (v, k) in [(42u64, Kind::Int), (2.5f64.to_bits(), Kind::Float), (0, Kind::Ref)] {
        let p = export(&a.st.heap, &a.tables, v, k).unwrap();
        assert_eq!(p.objects(), 0);
        assert_eq!(import(&mut b.st.heap, &b.tables, &p).unwrap(), v);
    }
}

#[test]
fn a_long_list_needs_no_deep_rust_stack() {
    let (mut a, pair) = vm();
    let mut list = 0;
    for i in 0..200_000u64 {
        list = a.st.heap.new_record(pair, &[list, i]).unwrap();
    }
    let p = export(&a.st.heap, &a.tables, list, Kind::Ref).unwrap();
    assert_eq!(p.objects(), 200_000);
    let (mut b, _) = vm();
    let mut h = import(&mut b.st.heap, &b.tables, &p).unwrap();
    let mut n = 0;
    while h != 0 {
        assert_eq!(b.st.heap.field(h, 1).unwrap(), 199_999 - n);
        h = b.st.heap.field(h, 0).unwrap();
        n += 1;
    }
    assert_eq!(n, 200_000);
}

#[test]
fn dead_handles_are_refused() {
    let (a, _) = vm();
    let e = export(&a.st.heap, &a.tables, 12345, Kind::Ref).unwrap_err();
    assert!(matches!(e, Trap::Internal(ref m) if m.contains("not a live object")), "{e:?}");
}

#[test]
fn an_import_past_the_heap_limit_fails_cleanly() {
    let (mut a, pair) = vm();
    let mut list = 0;
    for i in 0..10_000u64 {
        list = a.st.heap.new_record(pair, &[list, i]).unwrap();
    }
    let p = export(&a.st.heap, &a.tables, list, Kind::Ref).unwrap();
    let (mut b, _) = vm();
    b.st.heap.set_limit(Some(4096));
    assert!(matches!(import(&mut b.st.heap, &b.tables, &p), Err(Trap::NoMem | Trap::Oom)));
}

#[test]
fn a_closures_number_captures_travel_as_they_are() {
    let mut b = ModB::new();
    b.func("main", "", "", "", "Ret0");
    let f = b.func("clo", "r", "", "", "Ret0");
    b.captures(f, "ir");
    let m = b.build();
    let mut a = Vm::new(m.clone()).expect("verifies");
    let heap = &mut a.st.heap;
    let s = heap.new_str("s".to_string()).unwrap();
    // 1 would name the first node if it were taken for a reference
    let clo = heap.alloc(Object::Closure { func: f as u32, caps: crate::heap::Fields::from_slice(&[1, s]) }).unwrap();
    let p = export(&a.st.heap, &a.tables, clo, Kind::Ref).unwrap();
    assert_eq!(p.objects(), 2, "the closure and its string, no node for the number");
    let mut b = Vm::new(m).expect("verifies");
    let got = import(&mut b.st.heap, &b.tables, &p).unwrap();
    let Some(Object::Closure { caps, .. }) = b.st.heap.get(got) else { panic!("not a closure") };
    let (n, s2) = (caps[0], caps[1]);
    assert_eq!(n, 1);
    assert_eq!(b.st.heap.str(s2).unwrap(), "s");
}

#[test]
fn only_packets_with_channel_ends_sockets_or_handles_are_counted() {
    let (mut a, _) = vm();
    let heap = &mut a.st.heap;
    let s = heap.new_str("text".to_string()).unwrap();
    let port = heap.new_port(3, Kind::Int, true).unwrap();
    let v = heap.new_vector(Kind::Ref, vec![s, port]).unwrap();
    assert!(!export(&a.st.heap, &a.tables, s, Kind::Ref).unwrap().counted());
    assert!(!export(&a.st.heap, &a.tables, 5, Kind::Int).unwrap().counted());
    let p = export(&a.st.heap, &a.tables, v, Kind::Ref).unwrap();
    assert!(p.counted());
    assert_eq!(p.ports().collect::<Vec<_>>(), vec![(3, true)]);
}

#[test]
fn an_object_without_references_travels_as_one_node() {
    let (mut a, pair) = vm();
    // a record whose reference field is null refers to nothing
    let rec = a.st.heap.new_record(pair, &[0, 9]).unwrap();
    let p = export(&a.st.heap, &a.tables, rec, Kind::Ref).unwrap();
    assert_eq!(p.objects(), 1);
    let (mut b, _) = vm();
    let got = import(&mut b.st.heap, &b.tables, &p).unwrap();
    assert_eq!((b.st.heap.field(got, 0).unwrap(), b.st.heap.field(got, 1).unwrap()), (0, 9));
}

#[test]
fn consumed_packets_lend_their_buffers_to_the_next_exports() {
    use crate::transfer::{export_with, Spares};
    let (mut a, pair) = vm();
    let tables = crate::build_tables(&a.module);
    let heap = &mut a.st.heap;
    let s = heap.new_str("hi".to_string()).unwrap();
    let rec = heap.new_record(pair, &[s, 7]).unwrap();
    let mut spares = Spares::default();
    // numbers carry no nodes: nothing to keep
    let int = export_with(&mut spares, heap, &tables, 7, Kind::Int).unwrap();
    spares.give(int);
    assert_eq!(spares.len(), 0);
    let first = export_with(&mut spares, heap, &tables, rec, Kind::Ref).unwrap();
    spares.give(first);
    assert_eq!(spares.len(), 1);
    // the next export takes the kept buffer, and the packet is whole
    let second = export_with(&mut spares, heap, &tables, rec, Kind::Ref).unwrap();
    assert_eq!(spares.len(), 0);
    assert_eq!(second, export(heap, &tables, rec, Kind::Ref).unwrap());
    let back = import(heap, &tables, &second).unwrap();
    assert_eq!(debug(&a, back), debug(&a, rec));
    // a big graph's buffer is not kept
    let heap = &mut a.st.heap;
    let items: alloc::vec::Vec<u64> = (0..100).map(|i| heap.new_str(alloc::format!("{i}")).unwrap()).collect();
    let big = heap.new_vector(Kind::Ref, items).unwrap();
    let p = export_with(&mut spares, heap, &tables, big, Kind::Ref).unwrap();
    spares.give(p);
    assert_eq!(spares.len(), 0);
}
