//! `==` of values that are not numbers or strings (`ValEq`, and `Vec::contains`):
//! structural, as Rust's derived `PartialEq` compares them. Records (structs, tuples,
//! enum variants, `Option`, signals) are equal when they have the same layout (for an
//! enum, the same variant) and equal fields, each compared by the kind its layout gives
//! it: integers by value, floats as `f64` (`NaN != NaN`, `0.0 == -0.0`), references
//! structurally. Vectors compare item by item, maps by their entries (whatever their
//! order), strings by their text; closures only equal themselves, channel ends, join
//! handles and sockets what is the same channel, coroutine or socket. The walk keeps
//! its own stack (a long list compares without recursion); past its first few pairs it
//! also remembers the pairs it met and takes one met again as equal (a cycle compares
//! as far as it differs). The common comparisons (an `Option` of a number, a string in
//! `contains`) allocate nothing.
use smallvec::SmallVec;

use cprime_bytecode::module::{Kind, Module};
use hashbrown::HashSet;

use crate::heap::{Heap, Object};

/// Whether `a` and `b`, values of kind `kind`, are equal.
pub(crate) fn equal(module: &Module, heap: &Heap, kind: Kind, a: u64, b: u64) -> bool {
    match kind {
        Kind::Int => a == b,
        Kind::Float => f64::from_bits(a) == f64::from_bits(b),
        Kind::Ref => refs_equal(module, heap, a, b),
    }
}

/// Pairs compared before the walk starts remembering them: a cycle goes round again
/// and meets a remembered pair once past them.
const UNTRACKED_PAIRS: usize = 64;

fn refs_equal(module: &Module, heap: &Heap, a: u64, b: u64) -> bool {
    let mut todo: SmallVec<[(u64, u64); 8]> = SmallVec::new();
    let mut seen: HashSet<(u64, u64)> = HashSet::new();
    let mut steps = 0usize;
    todo.push((a, b));
    while let Some((a, b)) = todo.pop() {
        // (null only equals null; an object is compared with itself field by field, so
        // that a NaN inside keeps it unequal, as in Rust)
        if a == 0 || b == 0 {
            if a != b {
                return false;
            }
            continue;
        }
        // (a pair met before is being compared already: equal unless it differs elsewhere)
        steps += 1;
        if steps > UNTRACKED_PAIRS && !seen.insert((a, b)) {
            continue;
        }
        let (Some(x), Some(y)) = (heap.get(a), heap.get(b)) else { return false };
        let mut pair = |kind: Kind, p: u64, q: u64| -> bool {
            match kind {
                Kind::Ref => {
                    todo.push((p, q));
                    true
                }
                k => equal(module, heap, k, p, q),
            }
        };
        let same = match (x, y) {
            (Object::Str(s), Object::Str(t)) => s == t,
            (Object::Record { layout: l, fields: f }, Object::Record { layout: m, fields: g }) => {
                l == m && f.len() == g.len() && {
                    let kinds = module.layout(*l).map_or(&[][..], |l| &l.fields[..]);
                    f.iter().zip(g.iter()).enumerate().all(|(i, (&p, &q))| pair(kinds.get(i).map_or(Kind::Int, |k| k.1), p, q))
                }
            }
            (Object::Vector { kind: k, items: v }, Object::Vector { kind: j, items: w }) => {
                k == j && v.len() == w.len() && v.iter().zip(w.iter()).all(|(&p, &q)| pair(*k, p, q))
            }
            (Object::Map(m), Object::Map(n)) => {
                m.len() == n.len()
                    && m.keys().iter().zip(m.values()).all(|(&key, &val)| match n.get(heap, key) {
                        Some(other) => pair(n.val, val, other),
                        None => false,
                    })
            }
            (Object::Cell { kind: k, value: p }, Object::Cell { kind: j, value: q }) => k == j && pair(*k, *p, *q),
            (Object::Port { chan: c, sender: s, .. }, Object::Port { chan: d, sender: t, .. }) => c == d && s == t,
            (Object::Task { id: i, .. }, Object::Task { id: j, .. }) => i == j,
            (Object::Socket { id: i, .. }, Object::Socket { id: j, .. }) => i == j,
            (Object::Closure { .. }, Object::Closure { .. }) => a == b,
            // objects of different shapes
            _ => false,
        };
        if !same {
            return false;
        }
    }
    true
}
