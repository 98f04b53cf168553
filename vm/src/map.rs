//! Map objects (`HashMap<K, V>`): entries in insertion order plus a hashbrown index.
//!
//! Keys compare by value: ints and floats by bits, strings by content, other references
//! by identity. The index stores entry positions and each entry's hash is kept, so
//! resizing never re-reads key strings. Removal swaps the last entry into the hole.
//! Hashing is a fixed function (no per-process seed) so runs are reproducible.
use alloc::vec::Vec;
use core::hash::{BuildHasher, Hasher};

use cprime_bytecode::module::Kind;
use hashbrown::HashTable;

use crate::heap::Heap;

/// splitmix64's finalizer: spreads every input bit over the whole word.
#[inline]
pub(crate) fn mix(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

const FX: u64 = 0x517c_c1b7_2722_0a95;

pub(crate) fn hash_bytes(b: &[u8]) -> u64 {
    let mut h: u64 = b.len() as u64;
    let mut chunks = b.chunks_exact(8);
    for c in &mut chunks {
        let mut w = [0u8; 8];
        w.copy_from_slice(c);
        h = (h.rotate_left(5) ^ u64::from_le_bytes(w)).wrapping_mul(FX);
    }
    for &x in chunks.remainder() {
        h = (h.rotate_left(5) ^ x as u64).wrapping_mul(FX);
    }
    mix(h)
}

/// A deterministic `BuildHasher` for the VM's internal hash maps.
#[derive(Clone, Copy, Default, Debug)]
pub(crate) struct FxBuild;

pub(crate) struct FxHasher(u64);

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(5) ^ b as u64).wrapping_mul(FX);
        }
    }
    fn write_u32(&mut self, i: u32) {
        self.write_u64(i as u64)
    }
    fn write_u64(&mut self, i: u64) {
        self.0 = (self.0.rotate_left(5) ^ i).wrapping_mul(FX);
    }
    fn write_usize(&mut self, i: usize) {
        self.write_u64(i as u64)
    }
    fn finish(&self) -> u64 {
        mix(self.0)
    }
}

impl BuildHasher for FxBuild {
    type Hasher = FxHasher;
    fn build_hasher(&self) -> FxHasher {
        FxHasher(0)
    }
}

/// The hash of a key of kind `kind`.
pub(crate) fn key_hash(heap: &Heap, kind: Kind, key: u64) -> u64 {
    match kind {
        Kind::Ref => match heap.str(key) {
            Some(s) => hash_bytes(s.as_bytes()),
            None => mix(key ^ 0x5555),
        },
        _ => mix(key),
    }
}

pub(crate) fn key_eq(heap: &Heap, kind: Kind, a: u64, b: u64) -> bool {
    if a == b {
        return true;
    }
    match (kind, heap.str(a), heap.str(b)) {
        (Kind::Ref, Some(x), Some(y)) => x == y,
        _ => false,
    }
}

#[derive(Debug, Clone)]
pub struct MapObj {
    pub key: Kind,
    pub val: Kind,
    keys: Vec<u64>,
    vals: Vec<u64>,
    hashes: Vec<u64>,
    index: HashTable<u32>,
}

/// Bytes one entry costs (key, value, hash, index slot), for the heap accounting.
pub(crate) const ENTRY_BYTES: usize = 8 * 3 + 8;

impl MapObj {
    pub fn new(key: Kind, val: Kind) -> MapObj {
        MapObj { key, val, keys: Vec::new(), vals: Vec::new(), hashes: Vec::new(), index: HashTable::new() }
    }

    pub fn len(&self) -> usize {
        self.keys.len()
    }

    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// Keys in insertion order (after removals, the last entry fills the hole).
    pub fn keys(&self) -> &[u64] {
        &self.keys
    }

    pub fn values(&self) -> &[u64] {
        &self.vals
    }

    pub(crate) fn values_mut(&mut self) -> &mut [u64] {
        &mut self.vals
    }

    pub(crate) fn bytes(&self) -> usize {
        self.keys.capacity() * 8 + self.vals.capacity() * 8 + self.hashes.capacity() * 8 + self.index.capacity() * 8
    }

    /// Renames the references among its keys and values (`gc::compact` moved the heap's
    /// objects); `rehash` once the heap is in its new order.
    pub(crate) fn rename_refs(&mut self, rename: impl Fn(&mut u64)) {
        if self.key == Kind::Ref {
            self.keys.iter_mut().for_each(&rename);
        }
        if self.val == Kind::Ref {
            self.vals.iter_mut().for_each(&rename);
        }
    }

    /// Hashes again the keys hashed by handle (references other than strings, after
    /// `rename_refs`) and rebuilds the index if any hash changed.
    pub(crate) fn rehash(&mut self, heap: &Heap) {
        if self.key != Kind::Ref {
            return;
        }
        let mut changed = false;
        for (&k, h) in self.keys.iter().zip(self.hashes.iter_mut()) {
            if heap.str(k).is_none() {
                let new = key_hash(heap, Kind::Ref, k);
                changed |= new != *h;
                *h = new;
            }
        }
        if changed {
            // (the index keeps its capacity: inserting again allocates nothing)
            self.index.clear();
            let hashes = &self.hashes;
            for (i, &h) in hashes.iter().enumerate() {
                self.index.insert_unique(h, i as u32, |&j| hashes.get(j as usize).copied().unwrap_or(0));
            }
        }
    }

    /// Position of `key`'s entry.
    pub(crate) fn find(&self, heap: &Heap, key: u64) -> Option<usize> {
        let h = key_hash(heap, self.key, key);
        self.find_hashed(heap, h, key)
    }

    fn find_hashed(&self, heap: &Heap, h: u64, key: u64) -> Option<usize> {
        let keys = &self.keys;
        let kind = self.key;
        self.index.find(h, |&i| keys.get(i as usize).is_some_and(|&k| key_eq(heap, kind, k, key))).map(|&i| i as usize)
    }

    pub(crate) fn get(&self, heap: &Heap, key: u64) -> Option<u64> {
        self.find(heap, key).and_then(|i| self.vals.get(i).copied())
    }

    /// Makes room for one more entry; `Err` when memory is exhausted.
    pub(crate) fn reserve_one(&mut self) -> Result<(), ()> {
        self.keys.try_reserve(1).map_err(|_| ())?;
        self.vals.try_reserve(1).map_err(|_| ())?;
        self.hashes.try_reserve(1).map_err(|_| ())?;
        let hashes = &self.hashes;
        self.index.try_reserve(1, |&i| hashes.get(i as usize).copied().unwrap_or(0)).map_err(|_| ())
    }

    /// Inserts or replaces; returns the old value. Call `reserve_one` first when the key
    /// may be new (insertion itself then never allocates).
    pub(crate) fn insert(&mut self, heap: &Heap, key: u64, val: u64) -> Option<u64> {
        let h = key_hash(heap, self.key, key);
        if let Some(i) = self.find_hashed(heap, h, key) {
            return self.vals.get_mut(i).map(|slot| core::mem::replace(slot, val));
        }
        let i = self.keys.len() as u32;
        self.keys.push(key);
        self.vals.push(val);
        self.hashes.push(h);
        let hashes = &self.hashes;
        self.index.insert_unique(h, i, |&j| hashes.get(j as usize).copied().unwrap_or(0));
        None
    }

    /// Removes `key`; returns its value.
    pub(crate) fn remove(&mut self, heap: &Heap, key: u64) -> Option<u64> {
        let h = key_hash(heap, self.key, key);
        let keys = &self.keys;
        let kind = self.key;
        let entry = self.index.find_entry(h, |&i| keys.get(i as usize).is_some_and(|&k| key_eq(heap, kind, k, key))).ok()?;
        let (i, _) = entry.remove();
        let i = i as usize;
        let last = self.keys.len().checked_sub(1)?;
        if i > last {
            return None;
        }
        if i != last {
            // the last entry moves into the hole: repoint its index slot
            let moved_hash = self.hashes.get(last).copied().unwrap_or(0);
            if let Some(slot) = self.index.find_mut(moved_hash, |&j| j as usize == last) {
                *slot = i as u32;
            }
        }
        self.keys.swap_remove(i);
        self.hashes.swap_remove(i);
        Some(self.vals.swap_remove(i))
    }
}
