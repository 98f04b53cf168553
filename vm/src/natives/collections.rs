//! Vector and map natives, and `Clone` (deep copy).
//!
//! Element and value kinds come from the object (`X` parameters and results in the
//! native table): a vector of floats pops `Some(f64)`, a map of strings returns
//! `Option<String>`.
use alloc::boxed::Box;
use alloc::string::ToString;
use alloc::vec::Vec;

use cprime_bytecode::module::Kind;
use cprime_bytecode::natives::Native;
use hashbrown::HashMap;

use super::{none, option, some, Cx};
use crate::heap::{Heap, Object};
use crate::map::{FxBuild, ENTRY_BYTES};
use crate::{Tables, Trap};

pub(super) fn call(cx: &mut Cx, n: Native, args: &[u64]) -> Result<Option<u64>, Trap> {
    let a = |i: usize| args.get(i).copied().unwrap_or(0);
    let i = |k: usize| a(k) as i64;
    let heap = &mut *cx.heap;
    use Native::*;
    let v = match n {
        VecPop => {
            let (kind, items) = heap.vector(a(0))?;
            match items.last().copied() {
                Some(x) => {
                    let r = some(heap, kind, x)?;
                    heap.vector_mut(a(0))?.1.pop();
                    r
                }
                None => none(heap)?,
            }
        }
        VecInsert => {
            let len = heap.vector(a(0))?.1.len();
            let at = index_in(i(1), len + 1).ok_or(Trap::Index { index: i(1), len: len as i64 })?;
            heap.vec_reserve(a(0), 1)?;
            heap.vector_mut(a(0))?.1.insert(at, a(2));
            return Ok(None);
        }
        VecRemove => {
            let items = heap.vector_mut(a(0))?.1;
            let at = index_in(i(1), items.len()).ok_or(Trap::Index { index: i(1), len: items.len() as i64 })?;
            items.remove(at)
        }
        VecClear => {
            heap.vector_mut(a(0))?.1.clear();
            return Ok(None);
        }
        VecTruncate => {
            heap.vector_mut(a(0))?.1.truncate(usize::try_from(i(1).max(0)).unwrap_or(usize::MAX));
            return Ok(None);
        }
        VecSwap => {
            let items = heap.vector_mut(a(0))?.1;
            let len = items.len();
            let x = index_in(i(1), len).ok_or(Trap::Index { index: i(1), len: len as i64 })?;
            let y = index_in(i(2), len).ok_or(Trap::Index { index: i(2), len: len as i64 })?;
            items.swap(x, y);
            return Ok(None);
        }
        VecReverse => {
            heap.vector_mut(a(0))?.1.reverse();
            return Ok(None);
        }
        VecSortI => {
            heap.vector_mut(a(0))?.1.sort_unstable_by_key(|&x| x as i64);
            return Ok(None);
        }
        VecSortU => {
            heap.vector_mut(a(0))?.1.sort_unstable();
            return Ok(None);
        }
        VecSortF => {
            heap.vector_mut(a(0))?.1.sort_unstable_by(|x, y| f64::from_bits(*x).total_cmp(&f64::from_bits(*y)));
            return Ok(None);
        }
        VecSortS => {
            // the items leave the vector while sorting, to read the strings they name
            let mut items = core::mem::take(heap.vector_mut(a(0))?.1);
            let h: &Heap = heap;
            items.sort_by(|x, y| h.str(*x).unwrap_or("").cmp(h.str(*y).unwrap_or("")));
            *heap.vector_mut(a(0))?.1 = items;
            return Ok(None);
        }
        VecJoin => {
            let (items, sep) = (heap.vector(a(0))?.1, heap.str_of(a(1))?);
            let mut total = sep.len().saturating_mul(items.len());
            for &x in items {
                total = total.saturating_add(heap.str_of(x)?.len());
            }
            let mut out = heap.string_with_capacity(total)?;
            for (k, &x) in items.iter().enumerate() {
                if k > 0 {
                    out.push_str(sep);
                }
                out.push_str(heap.str_of(x)?);
            }
            heap.new_str(out)?
        }
        VecContains => {
            let (kind, items) = heap.vector(a(0))?;
            let x = a(1);
            // (by `==`: a struct, vector or option equal to the one looked for is found)
            let found = items.iter().any(|&y| super::equality::equal(cx.module, heap, kind, y, x));
            found as u64
        }
        VecSlice => {
            let (kind, items) = heap.vector(a(0))?;
            let len = items.len();
            let from = index_in(i(1), len + 1).ok_or(Trap::Index { index: i(1), len: len as i64 })?;
            let to = index_in(i(2), len + 1).filter(|&t| t >= from).ok_or(Trap::Index { index: i(2), len: len as i64 })?;
            let mut copy = heap.items_with_capacity(to - from)?;
            copy.extend_from_slice(&items[from..to]);
            heap.new_vector(kind, copy)?
        }
        VecWriteAt => {
            let (src_kind, src) = heap.vector(a(2))?;
            let mut copy = heap.items_with_capacity(src.len())?;
            copy.extend_from_slice(src);
            let (dst_kind, dst) = heap.vector_mut(a(0))?;
            if src_kind != dst_kind {
                return Err(Trap::Internal("VecWriteAt of vectors of different kinds".to_string()));
            }
            let len = dst.len();
            let from = index_in(i(1), len + 1).filter(|&f| f + copy.len() <= len);
            let from = from.ok_or(Trap::Index { index: i(1).saturating_add(copy.len() as i64), len: len as i64 })?;
            dst[from..from + copy.len()].copy_from_slice(&copy);
            return Ok(None);
        }
        VecExtend => {
            let (dst_kind, _) = heap.vector(a(0))?;
            let (src_kind, src) = heap.vector(a(1))?;
            if src_kind != dst_kind {
                return Err(Trap::Internal("VecExtend of vectors of different kinds".to_string()));
            }
            let mut copy = heap.items_with_capacity(src.len())?;
            copy.extend_from_slice(src);
            heap.vec_reserve(a(0), copy.len())?;
            heap.vector_mut(a(0))?.1.extend_from_slice(&copy);
            return Ok(None);
        }
        MapInsert => {
            heap.work(key_bytes(heap, a(0), a(1)));
            let m = heap.map(a(0))?;
            let (vk, old) = (m.val, m.get(heap, a(1)));
            let ret = option(heap, vk, old)?;
            if old.is_none() {
                heap.charge(ENTRY_BYTES)?;
            }
            let (k, v) = (a(1), a(2));
            let ok = heap.with_map(a(0), |h, m| {
                if old.is_none() {
                    m.reserve_one()?;
                }
                m.insert(h, k, v);
                Ok::<(), ()>(())
            })?;
            ok.map_err(|_| Trap::Oom)?;
            ret
        }
        MapGet => {
            heap.work(key_bytes(heap, a(0), a(1)));
            let m = heap.map(a(0))?;
            let (vk, v) = (m.val, m.get(heap, a(1)));
            option(heap, vk, v)?
        }
        MapContains => {
            heap.work(key_bytes(heap, a(0), a(1)));
            let m = heap.map(a(0))?;
            m.find(heap, a(1)).is_some() as u64
        }
        MapRemove => {
            heap.work(key_bytes(heap, a(0), a(1)));
            let m = heap.map(a(0))?;
            let (vk, old) = (m.val, m.get(heap, a(1)));
            let ret = option(heap, vk, old)?;
            if old.is_some() {
                let k = a(1);
                heap.with_map(a(0), |h, m| m.remove(h, k))?;
            }
            ret
        }
        MapLen => heap.map(a(0))?.len() as u64,
        MapKeys | MapValues => {
            let m = heap.map(a(0))?;
            let (kind, src) = if n == MapKeys { (m.key, m.keys()) } else { (m.val, m.values()) };
            let mut copy = heap.items_with_capacity(src.len())?;
            copy.extend_from_slice(src);
            heap.new_vector(kind, copy)?
        }
        Clone => deep_clone(cx.tables, heap, a(0))?,
        _ => return Err(Trap::Internal(n.info().name.to_string() + " is not a collection native")),
    };
    Ok(Some(v))
}

/// `i` as an index below `bound`.
fn index_in(i: i64, bound: usize) -> Option<usize> {
    usize::try_from(i).ok().filter(|&x| x < bound)
}

/// What a deep copy copies: records, vectors, maps, and channel ends (a copied sender
/// is another sender, as `tx.clone()` makes: dropping one leaves the other usable).
fn is_container(heap: &Heap, h: u64) -> bool {
    matches!(heap.get(h), Some(Object::Record { .. } | Object::Vector { .. } | Object::Map(_) | Object::Port { .. }))
}

/// `vec![v; n]`: `n` slots holding `v`; a record, vector or map is deep-copied for
/// every slot but the last, which gets `v` itself (as Rust's `vec!` clones).
pub(crate) fn vec_rep(tables: &Tables, heap: &mut Heap, kind: Kind, v: u64, n: i64) -> Result<u64, Trap> {
    if kind != Kind::Ref || n < 2 || !is_container(heap, v) {
        return heap.vec_rep(kind, v, n);
    }
    let n = usize::try_from(n).map_err(|_| Trap::Oom)?;
    let mut items = heap.items_with_capacity(n)?;
    for _ in 1..n {
        items.push(deep_clone(tables, heap, v)?);
    }
    items.push(v);
    heap.new_vector(kind, items)
}

/// Deep copy of the records, vectors, maps and channel ends reachable from `root`
/// (strings, closures, cells, sockets and join handles are shared; map keys are shared). Sharing and cycles inside the copied
/// graph are preserved. Iterative: a million-node list must not overflow the Rust stack.
fn deep_clone(tables: &Tables, heap: &mut Heap, root: u64) -> Result<u64, Trap> {
    if !is_container(heap, root) {
        return Ok(root);
    }
    let mut copies: HashMap<u64, u64, FxBuild> = HashMap::with_hasher(FxBuild);
    let mut made: Vec<u64> = Vec::new();
    let mut work: Vec<u64> = Vec::new();
    work.push(root);
    while let Some(old) = work.pop() {
        if copies.contains_key(&old) {
            continue;
        }
        let copy = match heap.get(old) {
            Some(&Object::Port { chan, kind, sender }) => {
                // a new end of the same channel, counted (`heap.new_port`)
                let new = heap.new_port(chan, kind, sender)?;
                copies.insert(old, new);
                continue;
            }
            Some(Object::Record { layout, fields }) => {
                if let Some(refs) = tables.layout_refs.get(*layout as usize) {
                    for &f in refs.iter() {
                        if let Some(&c) = fields.get(f as usize) {
                            if is_container(heap, c) {
                                work.push(c);
                            }
                        }
                    }
                }
                Object::Record { layout: *layout, fields: fields.clone() }
            }
            Some(Object::Vector { kind, items }) => {
                if *kind == Kind::Ref {
                    work.extend(items.iter().copied().filter(|&c| is_container(heap, c)));
                }
                let mut copy = heap.items_with_capacity(items.len())?;
                copy.extend_from_slice(items);
                Object::Vector { kind: *kind, items: copy }
            }
            Some(Object::Map(m)) => {
                if m.val == Kind::Ref {
                    work.extend(m.values().iter().copied().filter(|&c| is_container(heap, c)));
                }
                heap.check_room(m.bytes())?;
                Object::Map(Box::new((**m).clone()))
            }
            _ => continue,
        };
        let new = heap.alloc(copy)?;
        copies.insert(old, new);
        made.push(new);
    }
    // point the copies at each other instead of at the originals
    let relink = |x: &mut u64| {
        if let Some(&n) = copies.get(x) {
            *x = n;
        }
    };
    for &h in &made {
        match heap.get_mut(h) {
            Some(Object::Record { layout, fields }) => {
                if let Some(refs) = tables.layout_refs.get(*layout as usize) {
                    for &f in refs.iter() {
                        if let Some(x) = fields.get_mut(f as usize) {
                            relink(x);
                        }
                    }
                }
            }
            Some(Object::Vector { kind: Kind::Ref, items }) => items.iter_mut().for_each(relink),
            Some(Object::Map(m)) if m.val == Kind::Ref => m.values_mut().iter_mut().for_each(relink),
            _ => {}
        }
    }
    copies.get(&root).copied().ok_or_else(|| Trap::Internal("clone lost its root".to_string()))
}

/// The bytes a map operation on map `m` hashes and compares for key `k`: a string key's,
/// twice, counted as work (`Heap::work`: a loop of lookups with a long key is preempted
/// like any other).
fn key_bytes(heap: &Heap, m: u64, k: u64) -> usize {
    match heap.map(m) {
        Ok(map) if map.key == Kind::Ref => heap.str(k).map_or(0, |s| s.len().saturating_mul(2)),
        _ => 0,
    }
}
