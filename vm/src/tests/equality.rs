//! `==` of composite values (`natives/equality.rs`): structural, iterative, and a cycle
//! ends the walk.
use super::*;
use crate::heap::{Heap, Object};
use crate::natives::equality::equal;

/// A list of `n` nodes `Node { v, next }` in `heap`, values `0..n`, the last node's
/// `next` pointing at `tail` (0: none).
fn list(heap: &mut Heap, layout: u32, n: i64, tail: u64) -> u64 {
    let mut next = tail;
    for v in 0..n {
        next = heap.alloc(Object::Record { layout, fields: [v as u64, next].as_slice().into() }).unwrap();
    }
    next
}

#[test]
fn equality_walks_a_million_nodes_without_recursion_and_ends_on_cycles() {
    let mut b = ModB::new();
    let node = b.layout("Node", LayoutKind::Struct, &[("v", Kind::Int), ("next", Kind::Ref)]);
    let f = b.layout("F", LayoutKind::Struct, &[("x", Kind::Float)]);
    let m = b.build();
    let mut heap = Heap::new();
    let (a, c) = (list(&mut heap, node, 1_000_000, 0), list(&mut heap, node, 1_000_000, 0));
    assert!(equal(&m, &heap, Kind::Ref, a, c), "equal lists");
    let d = list(&mut heap, node, 999_999, 0);
    assert!(!equal(&m, &heap, Kind::Ref, a, d), "one node fewer");
    // two rings of one node each, and a ring with another value
    let r1 = heap.alloc(Object::Record { layout: node, fields: [1, 0].as_slice().into() }).unwrap();
    let r2 = heap.alloc(Object::Record { layout: node, fields: [1, 0].as_slice().into() }).unwrap();
    let r3 = heap.alloc(Object::Record { layout: node, fields: [2, 0].as_slice().into() }).unwrap();
    for r in [r1, r2, r3] {
        heap.set_field(r, 1, r).unwrap();
    }
    assert!(equal(&m, &heap, Kind::Ref, r1, r2));
    assert!(!equal(&m, &heap, Kind::Ref, r1, r3));
    // floats as f64
    let nan = heap.alloc(Object::Record { layout: f, fields: [f64::NAN.to_bits()].as_slice().into() }).unwrap();
    let zero = heap.alloc(Object::Record { layout: f, fields: [0f64.to_bits()].as_slice().into() }).unwrap();
    let neg_zero = heap.alloc(Object::Record { layout: f, fields: [(-0f64).to_bits()].as_slice().into() }).unwrap();
    assert!(!equal(&m, &heap, Kind::Ref, nan, nan), "a NaN inside: not equal even to itself, as in Rust");
    assert!(equal(&m, &heap, Kind::Ref, 0, 0) && !equal(&m, &heap, Kind::Ref, 0, zero), "null only equals null");
    let nan2 = heap.alloc(Object::Record { layout: f, fields: [f64::NAN.to_bits()].as_slice().into() }).unwrap();
    assert!(!equal(&m, &heap, Kind::Ref, nan, nan2), "NaN != NaN");
    assert!(equal(&m, &heap, Kind::Ref, zero, neg_zero), "0.0 == -0.0");
}
