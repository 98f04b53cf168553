//! A packed coroutine's heap objects as words, in its one word vector (`packed.rs`):
//! a waiting coroutine's objects are mostly small (channel ends, a closure, an
//! `Option`, a short string), and as words they cost no allocation of their own, no
//! 32-byte slot each, and their zero words nothing (the vector is stored sparse).
//!
//! Each object is a first word, `tag | small << 4 | count << 8 | id << 32` (a vector's
//! `id` is its capacity), then
//! `count` words for records, closures and vectors (their fields, captures, items;
//! two to a word when every one fits 32 bits, `HALVES` in `small`, as the handles a
//! closure captures in a compacted heap do), or the bytes of a string. A free slot is one zero word. A map, and strings and vectors
//! longer than `MAX_WORDS` words, are not encoded: a heap holding one keeps its slots as
//! objects (copying a big buffer at every wait would cost more than it saves).
use alloc::string::String;
use alloc::vec::Vec;

use cprime_bytecode::module::Kind;

use crate::heap::Object;

const FREE: u64 = 0;
const RECORD: u64 = 1;
const CLOSURE: u64 = 2;
const CELL: u64 = 3;
const PORT: u64 = 4;
const TASK: u64 = 5;
const SOCKET: u64 = 6;
const STR: u64 = 7;
const VECTOR: u64 = 8;

/// In `small` (beside a vector's kind): the words that follow are two values each.
const HALVES: u64 = 8;

/// The longest string, vector or field list encoded, in words.
pub(super) const MAX_WORDS: usize = 64;

/// Whether `encode` takes `o`.
pub(super) fn encodable(o: &Object) -> bool {
    match o {
        Object::Free | Object::Cell { .. } | Object::Port { .. } | Object::Task { .. } | Object::Socket { .. } => true,
        Object::Record { fields, .. } | Object::Closure { caps: fields, .. } => fields.len() <= MAX_WORDS,
        Object::Str(s) => s.len() <= MAX_WORDS * 8,
        Object::Vector { items, .. } => items.len() <= MAX_WORDS && u32::try_from(items.capacity()).is_ok(),
        Object::Map(_) => false,
    }
}

fn first(tag: u64, small: u64, count: usize, id: u32) -> u64 {
    tag | small << 4 | (count as u64) << 8 | u64::from(id) << 32
}

/// Appends `o`'s words to `out` (only for what `encodable` takes).
pub(super) fn encode(o: &Object, out: &mut impl Extend<u64>) {
    let kind = |k: Kind| k as u64;
    match o {
        Object::Free => out.extend([FREE]),
        Object::Record { layout, fields } => values(RECORD, 0, *layout, fields, out),
        Object::Closure { func, caps } => values(CLOSURE, 0, *func, caps, out),
        Object::Cell { kind: k, value } => out.extend([first(CELL, kind(*k), 0, 0), *value]),
        Object::Port { chan, kind: k, sender } => out.extend([first(PORT, kind(*k) | u64::from(*sender) << 2, 0, *chan)]),
        Object::Task { id, kind: k } => out.extend([first(TASK, kind(*k), 0, *id)]),
        Object::Socket { id, listener } => out.extend([first(SOCKET, u64::from(*listener), 0, *id)]),
        Object::Str(s) => {
            out.extend([first(STR, 0, s.len(), 0)]);
            out.extend(s.as_bytes().chunks(8).map(|c| {
                let mut b = [0u8; 8];
                b[..c.len()].copy_from_slice(c);
                u64::from_le_bytes(b)
            }));
        }
        Object::Vector { kind: k, items } => {
            // (its capacity too: a heap counts a vector's bytes by it, `Heap::size_of`)
            values(VECTOR, kind(*k), u32::try_from(items.capacity()).unwrap_or(u32::MAX), items, out);
        }
        Object::Map(_) => debug_assert!(false, "maps are not encoded"),
    }
}

/// An object's first word and its values, two to a word if they all fit 32 bits.
fn values(tag: u64, small: u64, id: u32, vals: &[u64], out: &mut impl Extend<u64>) {
    let halves = vals.iter().all(|&v| v >> 32 == 0);
    out.extend([first(tag, small | if halves { HALVES } else { 0 }, vals.len(), id)]);
    if halves {
        out.extend(vals.chunks(2).map(|c| c[0] | c.get(1).map_or(0, |&hi| hi << 32)));
    } else {
        out.extend(vals.iter().copied());
    }
}

/// The objects `encode` wrote to `words`, `n` of them, in order.
pub(super) fn decode(words: &[u64], n: usize) -> impl Iterator<Item = Object> + '_ {
    let mut at = 0;
    (0..n).map(move |_| {
        let w = words.get(at).copied().unwrap_or(0);
        at += 1;
        let (tag, small, count, id) = (w & 15, (w >> 4) & 15, ((w >> 8) & 0xff_ffff) as usize, (w >> 32) as u32);
        let kind = Kind::from_u8((small & 3) as u8).unwrap_or(Kind::Int);
        let halves = small & HALVES != 0;
        match tag {
            RECORD => Object::Record { layout: id, fields: take_values(words, &mut at, count, halves).collect() },
            CLOSURE => Object::Closure { func: id, caps: take_values(words, &mut at, count, halves).collect() },
            CELL => Object::Cell { kind, value: take(words, &mut at, 1).first().copied().unwrap_or(0) },
            PORT => Object::Port { chan: id, kind, sender: small & 4 != 0 },
            TASK => Object::Task { id, kind },
            SOCKET => Object::Socket { id, listener: small & 1 != 0 },
            STR => {
                let bytes: Vec<u8> = take(words, &mut at, count.div_ceil(8)).iter().flat_map(|w| w.to_le_bytes()).take(count).collect();
                // (they were a `str`'s)
                Object::Str(String::from_utf8(bytes).unwrap_or_default().into_boxed_str())
            }
            VECTOR => {
                let mut items = Vec::new();
                // (the capacity it had, where memory allows: what the heap counted)
                if items.try_reserve_exact((id as usize).max(count)).is_err() {
                    items.reserve_exact(count.min(words.len() * 2));
                }
                items.extend(take_values(words, &mut at, count, halves));
                Object::Vector { kind, items }
            }
            _ => Object::Free,
        }
    })
}

/// The next `k` words from `at` on.
fn take<'w>(words: &'w [u64], at: &mut usize, k: usize) -> &'w [u64] {
    let part = words.get(*at..*at + k).unwrap_or(&[]);
    *at += k;
    part
}

/// The `count` values `values` wrote from `at` on.
fn take_values<'w>(words: &'w [u64], at: &mut usize, count: usize, halves: bool) -> impl Iterator<Item = u64> + 'w {
    let part = take(words, at, if halves { count.div_ceil(2) } else { count });
    let per_word = if halves { 2 } else { 1 };
    let split = move |&w: &u64| if halves { [w & 0xffff_ffff, w >> 32] } else { [w, 0] };
    part.iter().flat_map(move |w| split(w).into_iter().take(per_word)).take(count)
}

/// Whether the `n` objects `encode` wrote to `words` hold a sender end of channel `chan`
/// (as `heap::holds_sender_in`).
pub(super) fn hold_sender(words: &[u64], n: usize, chan: u32) -> bool {
    decode(words, n).any(|o| matches!(o, Object::Port { chan: c, sender: true, .. } if c == chan && c != crate::co::DROPPED))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::heap::Fields;

    #[test]
    fn every_encodable_object_decodes_to_itself() {
        let objs = alloc::vec![
            Object::Free,
            Object::Record { layout: 7, fields: Fields::from_slice(&[1, 2]) },
            Object::Record { layout: u32::MAX, fields: Fields::from_slice(&[9; 5]) },
            Object::Closure { func: 3, caps: Fields::new() },
            Object::Cell { kind: Kind::Float, value: u64::MAX },
            Object::Port { chan: 12, kind: Kind::Ref, sender: true },
            Object::Port { chan: 13, kind: Kind::Int, sender: false },
            Object::Task { id: u32::MAX, kind: Kind::Ref },
            Object::Socket { id: 4, listener: true },
            Object::Str("".into()),
            Object::Str("eight by".into()),
            Object::Str("ünïcode, nine+ bytes".into()),
            Object::Vector { kind: Kind::Float, items: alloc::vec![0, 1, u64::MAX] },
            Object::Vector { kind: Kind::Int, items: alloc::vec![5, u32::MAX as u64, 7] },
            Object::Closure { func: 9, caps: Fields::from_slice(&[3, 4, 5]) },
            Object::Record { layout: 2, fields: Fields::from_slice(&[1 << 32, 1]) },
        ];
        let mut words = Vec::new();
        for o in &objs {
            assert!(encodable(o));
            encode(o, &mut words);
        }
        let back: Vec<Object> = decode(&words, objs.len()).collect();
        assert_eq!(alloc::format!("{objs:?}"), alloc::format!("{back:?}"));
        // a vector's capacity comes back too: the heap counts its bytes by it
        let mut items = Vec::with_capacity(40);
        items.extend([1, 2, 3]);
        let mut one = Vec::new();
        encode(&Object::Vector { kind: Kind::Int, items }, &mut one);
        assert!(matches!(decode(&one, 1).next(), Some(Object::Vector { items, .. }) if items.capacity() == 40 && items == [1, 2, 3]));
        assert!(hold_sender(&words, objs.len(), 12));
        assert!(!hold_sender(&words, objs.len(), 13), "a receiver is no sender");
    }

    /// Values that fit 32 bits go two to a word: a closure capturing two handles is two
    /// words, not three (a million parked coroutines of bench/co_parked.cp hold one).
    #[test]
    fn small_values_go_two_to_a_word() {
        let mut words = Vec::new();
        encode(&Object::Closure { func: 1, caps: Fields::from_slice(&[2, 3]) }, &mut words);
        assert_eq!(words.len(), 2);
        encode(&Object::Record { layout: 1, fields: Fields::from_slice(&[2, u64::MAX]) }, &mut words);
        assert_eq!(words.len(), 5, "a value past 32 bits keeps every one whole");
    }

    #[test]
    fn big_buffers_and_maps_are_not_encoded() {
        assert!(!encodable(&Object::Str("x".repeat(MAX_WORDS * 8 + 1).into())));
        assert!(!encodable(&Object::Vector { kind: Kind::Int, items: alloc::vec![0; MAX_WORDS + 1] }));
        assert!(encodable(&Object::Vector { kind: Kind::Int, items: alloc::vec![0; MAX_WORDS] }));
        assert!(!encodable(&Object::Map(alloc::boxed::Box::new(crate::map::MapObj::new(Kind::Int, Kind::Int)))));
    }
}
