//! Every spawned coroutine's state by id (`Run::states`): its fiber (running, ready or
//! waiting), or its packed words (`packed.rs`) while it waits among very many.
//!
//! One word per id, packed or not: a million parked coroutines carry a million
//! (bench/co_parked.cp), where a fiber pointer and a packed one side by side took 24
//! bytes (16 as an enum).
//! The rare packed heap kept as objects (`Packed::objs`: a map, a long string) sits in
//! a map beside the slots, where every id would otherwise carry a word for it.
// (`Slot`: a tagged pointer, the VM's second unsafe code beside `interp/threaded.rs`;
// ARCHITECTURE.md's invariants)
#![allow(unsafe_code)]

use alloc::boxed::Box;
use alloc::vec::Vec;
use core::marker::PhantomData;
use hashbrown::HashMap;

use super::packed::{self, Packed};
use super::sched::Fiber;
use crate::heap::Object;

/// A coroutine id's state in one word: none (null: finished, not started, or running on
/// another worker), its fiber (a `Box<Fiber>`'s pointer), or its packed words (a
/// `Box<[u64]>`'s pointer with bit 0 set: both are aligned to 8 bytes, and the words
/// say their own length, `packed::sparse_len`, so the pointer needs no length beside
/// it). The only unsafe code of the scheduler: each pointer is made by `Box::into_raw`
/// here and turned back into its box once, by `take` (or `drop`).
struct Slot {
    ptr: *mut u8,
    /// (owns one or the other)
    _owns: PhantomData<(Box<Fiber>, Box<[u64]>)>,
}

// SAFETY: a slot owns a `Box<Fiber>` or a `Box<[u64]>` as a field of either type would,
// and nothing else points to it: it is `Send` and `Sync` as they are
unsafe impl Send for Slot where Box<Fiber>: Send {}
unsafe impl Sync for Slot where Box<Fiber>: Sync {}

const PACKED: usize = 1;

/// What a slot holds, taken out of it.
enum Held {
    Nothing,
    Fiber(Box<Fiber>),
    Packed(Box<[u64]>),
}

impl Slot {
    const EMPTY: Slot = Slot { ptr: core::ptr::null_mut(), _owns: PhantomData };

    fn of(h: Held) -> Slot {
        let ptr = match h {
            Held::Nothing => core::ptr::null_mut(),
            Held::Fiber(f) => Box::into_raw(f).cast::<u8>(),
            Held::Packed(words) => {
                // the length must come back from the words alone (`words`): a check that
                // keeps the unsafe code below sound whatever it is given
                assert!(!words.is_empty() && packed::sparse_len(words.get(..packed::header_len(words[0])).unwrap_or(&[])) == words.len());
                Box::into_raw(words).cast::<u8>().map_addr(|a| a | PACKED)
            }
        };
        Slot { ptr, _owns: PhantomData }
    }

    #[inline]
    fn fiber_ptr(&self) -> Option<*mut Fiber> {
        (!self.ptr.is_null() && self.ptr.addr() & PACKED == 0).then_some(self.ptr.cast::<Fiber>())
    }

    #[inline]
    fn is_packed(&self) -> bool {
        self.ptr.addr() & PACKED != 0
    }

    #[inline]
    fn fiber(&self) -> Option<&Fiber> {
        // SAFETY: a fiber's word is a live `Box<Fiber>`'s pointer, owned by this slot
        // (`of`); the shared borrow of the slot lends it
        self.fiber_ptr().map(|p| unsafe { &*p })
    }

    #[inline]
    fn fiber_mut(&mut self) -> Option<&mut Fiber> {
        // SAFETY: as `fiber`, the exclusive borrow of the slot lending it exclusively
        self.fiber_ptr().map(|p| unsafe { &mut *p })
    }

    /// The packed words, if it holds them.
    fn words(&self) -> Option<&[u64]> {
        if !self.is_packed() {
            return None;
        }
        let p = self.ptr.map_addr(|a| a & !PACKED).cast::<u64>().cast_const();
        // SAFETY: a packed word is a live `Box<[u64]>`'s pointer, owned by this slot,
        // whose length `of` checked is what its header says: the header's words (at
        // least the first) are in it, then the whole
        unsafe {
            let header = core::slice::from_raw_parts(p, packed::header_len(*p));
            Some(core::slice::from_raw_parts(p, packed::sparse_len(header)))
        }
    }

    /// What it holds, leaving it empty.
    fn take(&mut self) -> Held {
        let len = self.words().map(|w| w.len());
        let ptr = core::mem::replace(&mut self.ptr, core::ptr::null_mut());
        // SAFETY: the pointer `of` made from a box, turned back into it once (the slot
        // is empty now), with the slice's length as it was
        unsafe {
            match len {
                Some(len) => Held::Packed(Box::from_raw(core::ptr::slice_from_raw_parts_mut(ptr.map_addr(|a| a & !PACKED).cast::<u64>(), len))),
                None if !ptr.is_null() => Held::Fiber(Box::from_raw(ptr.cast::<Fiber>())),
                None => Held::Nothing,
            }
        }
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        self.take();
    }
}

// one word per coroutine id
#[cfg(target_pointer_width = "64")]
const _: () = assert!(core::mem::size_of::<Slot>() == 8);

#[derive(Default)]
pub(crate) struct States {
    slots: Vec<Slot>,
    objects: HashMap<usize, Box<Box<[Object]>>>,
}

impl States {
    /// Ids below this have a slot (`grow_to`).
    pub fn len(&self) -> usize {
        self.slots.len()
    }

    /// Makes room for `n` slots without aborting when the system refuses it (`false`).
    pub fn try_reserve_to(&mut self, n: usize) -> bool {
        self.slots.try_reserve(n.saturating_sub(self.slots.len())).is_ok()
    }

    /// Room for ids below `n`.
    pub fn grow_to(&mut self, n: usize) {
        if self.slots.len() < n {
            self.slots.resize_with(n, || Slot::EMPTY);
        }
    }

    /// Coroutine `i`'s fiber, if it is here unpacked.
    #[inline]
    pub fn fiber(&self, i: usize) -> Option<&Fiber> {
        self.slots.get(i)?.fiber()
    }

    #[inline]
    pub fn fiber_mut(&mut self, i: usize) -> Option<&mut Fiber> {
        self.slots.get_mut(i)?.fiber_mut()
    }

    /// Coroutine `i`'s fiber, taken out (to run elsewhere, to pack, or to reuse).
    #[inline]
    pub fn take_fiber(&mut self, i: usize) -> Option<Box<Fiber>> {
        let slot = self.slots.get_mut(i).filter(|s| s.fiber_ptr().is_some())?;
        match slot.take() {
            Held::Fiber(f) => Some(f),
            _ => None,
        }
    }

    /// Keeps coroutine `i`'s fiber (there must be room: `grow_to`).
    #[inline]
    pub fn put_fiber(&mut self, i: usize, fiber: Box<Fiber>) {
        if let Some(slot) = self.slots.get_mut(i) {
            *slot = Slot::of(Held::Fiber(fiber));
        }
    }

    /// The fibers here, with their ids.
    pub fn fibers_mut(&mut self) -> impl Iterator<Item = (usize, &mut Fiber)> + '_ {
        self.slots.iter_mut().enumerate().filter_map(|(i, s)| Some((i, s.fiber_mut()?)))
    }

    #[inline]
    pub fn is_packed(&self, i: usize) -> bool {
        self.slots.get(i).is_some_and(Slot::is_packed)
    }

    /// Whether coroutine `i` is here, packed or not.
    #[inline]
    pub fn is_here(&self, i: usize) -> bool {
        self.slots.get(i).is_some_and(|s| !s.ptr.is_null())
    }

    /// Keeps coroutine `i`'s packed state in its place (there must be room).
    pub fn put_packed(&mut self, i: usize, Packed { words, objs }: Packed) {
        if let Some(slot) = self.slots.get_mut(i) {
            *slot = Slot::of(Held::Packed(words));
            if let Some(objs) = objs {
                self.objects.insert(i, objs);
            }
        }
    }

    /// Coroutine `i`'s packed state, taken out, if it is packed.
    pub fn take_packed(&mut self, i: usize) -> Option<Packed> {
        let slot = self.slots.get_mut(i).filter(|s| s.is_packed())?;
        match slot.take() {
            Held::Packed(words) => Some(Packed { words, objs: self.objects.remove(&i) }),
            _ => None,
        }
    }

    /// Whether coroutine `i`'s heap, packed or not, holds a sender end of channel `chan`
    /// (the deadlock report).
    pub fn holds_sender(&self, i: usize, chan: u32) -> bool {
        let Some(slot) = self.slots.get(i) else { return false };
        match (slot.fiber(), slot.words()) {
            (Some(f), _) => f.st.heap.holds_sender(chan),
            (None, Some(words)) => Packed::holds_sender(words, self.objects.get(&i).map(|o| &***o), chan),
            (None, None) => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Fiber, States};
    use crate::{Limits, State};
    use alloc::boxed::Box;
    use alloc::sync::Arc;

    fn fiber(urgent: bool) -> Box<Fiber> {
        Box::new(Fiber { st: State::empty(Arc::new(Limits::default())), then_call: false, urgent })
    }

    /// Packed words of `n` dense words, every third one not zero.
    fn words(n: usize) -> Box<[u64]> {
        let dense: alloc::vec::Vec<u64> = (0..n as u64).map(|i| if i % 3 == 0 { i + 1 } else { 0 }).collect();
        super::packed::sparse_for_tests(&dense)
    }

    /// Fibers and packed words of every header size go in and come out whole, and what
    /// is left in the slots is freed with them (Miri: `cargo +nightly miri test -p
    /// cprime-vm co::states`).
    #[test]
    fn slots_hold_fibers_and_packed_words() {
        let mut s = States::default();
        s.grow_to(6);
        s.put_fiber(1, fiber(true));
        for (i, n) in [(2, 0), (3, 44), (4, 200)] {
            let w = words(n);
            s.put_packed(i, super::Packed { words: w.clone(), objs: None });
            assert!(s.is_packed(i) && s.is_here(i) && s.fiber(i).is_none());
            assert_eq!(s.slots[i].words(), Some(&*w), "{n} dense words");
        }
        assert!(s.fiber(1).is_some_and(|f| f.urgent) && !s.is_packed(1));
        s.fiber_mut(1).unwrap().then_call = true;
        assert!(s.take_packed(1).is_none() && s.take_fiber(2).is_none(), "each takes only its kind");
        let back = s.take_fiber(1).unwrap();
        assert!(back.then_call && !s.is_here(1));
        assert_eq!(s.take_packed(3).map(|p| p.words.len()), Some(words(44).len()));
        s.put_fiber(3, back);
        s.put_fiber(4, fiber(false)); // drops the packed words it replaces
        assert_eq!(s.fibers_mut().map(|(i, _)| i).collect::<alloc::vec::Vec<_>>(), [3, 4]);
        assert!(!s.is_here(5) && !s.is_here(99) && s.fiber(99).is_none());
        // (dropped here: a fiber each in 3 and 4, packed words in 2)
    }

    #[test]
    #[should_panic]
    fn words_that_do_not_say_their_length_are_refused() {
        let mut s = States::default();
        s.grow_to(1);
        let mut w = alloc::vec::Vec::from(words(10));
        w.push(7);
        s.put_packed(0, super::Packed { words: w.into_boxed_slice(), objs: None });
    }
}
