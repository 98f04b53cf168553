//! A channel's message queue (`Chan::queue`): a ring over a boxed slice behind one thin
//! pointer, 16 bytes where a `VecDeque` takes 32.
//!
//! Every channel carries its queue, and a million coroutines each parked on its own
//! channel (bench/co_parked.cp) carry a million of them: with this one and the waiter
//! queues' shared box (`waiters.rs`), a channel is 48 bytes instead of 88. A channel
//! without a message never allocated a buffer, so the box around the slice's fat pointer
//! costs only those that had one. The methods
//! are `VecDeque`'s, for the few the scheduler uses. The buffer is allocated on the
//! first message (`try_reserve_one` sizes it: a small channel's holds exactly its
//! capacity) and grows by doubling, falling short rather than aborting when memory
//! does; it is kept, empty, for the next message.
use alloc::boxed::Box;
use alloc::vec::Vec;

use crate::transfer::Packet;

#[derive(Default)]
pub(crate) struct Ring {
    /// The buffer (none before the first message): `len` messages from `head` on,
    /// wrapping; the other places are `None`.
    buf: Option<Box<Box<[Option<Packet>]>>>,
    head: u32,
    len: u32,
}

impl Ring {
    #[inline]
    fn slots(&self) -> &[Option<Packet>] {
        self.buf.as_deref().map_or(&[], |b| &b[..])
    }

    #[inline]
    fn slots_mut(&mut self) -> &mut [Option<Packet>] {
        match self.buf.as_deref_mut() {
            Some(b) => &mut b[..],
            None => &mut [],
        }
    }

    #[inline]
    pub fn len(&self) -> usize {
        self.len as usize
    }

    #[inline]
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    #[cfg(test)]
    pub fn capacity(&self) -> usize {
        self.slots().len()
    }

    /// The place of the `i`th message (`i` at most the buffer's length, as `head` is
    /// below it: one wrap at most, no division).
    #[inline]
    fn place(&self, i: usize) -> usize {
        let at = self.head as usize + i;
        if at >= self.slots().len() {
            at - self.slots().len()
        } else {
            at
        }
    }

    /// Makes room for one more message, if it is full, without aborting when memory is
    /// short (`false` then): an empty buffer grows to `first` places, a full one to
    /// twice its size.
    pub fn try_reserve_one(&mut self, first: usize) -> bool {
        if self.len() < self.slots().len() {
            return true;
        }
        let cap = if self.slots().is_empty() { first.max(1) } else { self.slots().len().saturating_mul(2) };
        let mut slots: Vec<Option<Packet>> = Vec::new();
        if slots.try_reserve_exact(cap).is_err() {
            return false;
        }
        slots.resize_with(cap, || None);
        for (i, slot) in slots.iter_mut().enumerate().take(self.len()) {
            let at = self.place(i);
            *slot = self.slots_mut()[at].take();
        }
        self.set_slots(slots);
        true
    }

    /// Moves the messages, in order, to the front of a buffer of `cap` places.
    fn regrow(&mut self, cap: usize) {
        let mut slots: Vec<Option<Packet>> = Vec::with_capacity(cap);
        let len = self.len();
        for i in 0..len {
            let at = self.place(i);
            slots.push(self.slots_mut()[at].take());
        }
        slots.resize_with(cap, || None);
        self.set_slots(slots);
    }

    /// The buffer is `slots` now, its messages from the first place on (the box around
    /// it is made once: 16 bytes, the one allocation here that could abort).
    fn set_slots(&mut self, slots: Vec<Option<Packet>>) {
        let slots = slots.into_boxed_slice();
        match self.buf.as_deref_mut() {
            Some(b) => *b = slots,
            None => self.buf = Some(Box::new(slots)),
        }
        self.head = 0;
    }

    pub fn push_back(&mut self, p: Packet) {
        if self.len() == self.slots().len() {
            self.regrow((self.slots().len() * 2).max(1));
        }
        let at = self.place(self.len());
        self.slots_mut()[at] = Some(p);
        self.len += 1;
    }

    /// Puts `p` before every message (one given back to the front of the line).
    pub fn push_front(&mut self, p: Packet) {
        if self.len() == self.slots().len() {
            self.regrow((self.slots().len() * 2).max(1));
        }
        self.head = if self.head == 0 { self.slots().len() as u32 - 1 } else { self.head - 1 };
        let head = self.head as usize;
        self.slots_mut()[head] = Some(p);
        self.len += 1;
    }

    pub fn front(&self) -> Option<&Packet> {
        if self.is_empty() {
            return None;
        }
        self.slots()[self.head as usize].as_ref()
    }

    pub fn pop_front(&mut self) -> Option<Packet> {
        if self.is_empty() {
            return None;
        }
        let head = self.head as usize;
        let p = self.slots_mut()[head].take();
        self.head = self.place(1) as u32;
        self.len -= 1;
        p
    }

    /// The message at `at` (0: the front), taken out of the queue; the ones behind it
    /// move up.
    pub fn remove(&mut self, at: usize) -> Option<Packet> {
        if at >= self.len() {
            return None;
        }
        let place = self.place(at);
        let p = self.slots_mut()[place].take();
        for i in at..self.len() - 1 {
            let (to, from) = (self.place(i), self.place(i + 1));
            let slots = self.slots_mut();
            slots[to] = slots[from].take();
        }
        self.len -= 1;
        p
    }

    pub fn iter(&self) -> impl Iterator<Item = &Packet> + '_ {
        (0..self.len()).filter_map(|i| self.slots()[self.place(i)].as_ref())
    }

    /// The messages, in order, taken out (the buffer goes with the ring).
    pub fn into_messages(mut self) -> impl Iterator<Item = Packet> {
        core::iter::from_fn(move || self.pop_front())
    }
}

// a channel carries one (`Chan`)
#[cfg(target_pointer_width = "64")]
const _: () = assert!(size_of::<Ring>() == 16);

#[cfg(test)]
mod tests {
    use super::Ring;
    use crate::transfer::Packet;
    use alloc::collections::VecDeque;
    use alloc::vec::Vec;

    fn ints(r: &Ring) -> Vec<i64> {
        r.iter().map(|p| p.plain().unwrap() as i64).collect()
    }

    #[test]
    fn an_exact_buffer_then_doubling() {
        let mut r = Ring::default();
        assert_eq!((r.capacity(), r.front()), (0, None));
        assert!(r.try_reserve_one(1));
        assert_eq!(r.capacity(), 1, "a channel of capacity 1 holds exactly one");
        r.push_back(Packet::int(1));
        r.push_back(Packet::int(2));
        assert_eq!(r.capacity(), 2);
        assert_eq!(r.pop_front().and_then(|p| p.plain()), Some(1));
        r.push_back(Packet::int(3));
        r.push_back(Packet::int(4));
        assert_eq!(ints(&r), [2, 3, 4], "in order across the wrap and the regrowth");
        assert_eq!(r.into_messages().filter_map(|p| p.plain()).collect::<Vec<_>>(), [2, 3, 4]);
    }

    proptest::proptest! {
        /// Any sequence of the queue's operations does what it does to a `VecDeque`.
        #[test]
        fn a_ring_as_a_vecdeque_is(ops in proptest::collection::vec((0u8..6, 0u8..8), 0..80)) {
            let (mut r, mut model) = (Ring::default(), VecDeque::new());
            for (op, x) in ops {
                match op {
                    0 | 1 => {
                        r.push_back(Packet::int(x.into()));
                        model.push_back(i64::from(x));
                    }
                    2 => proptest::prop_assert_eq!(r.pop_front().map(|p| p.plain().unwrap() as i64), model.pop_front()),
                    3 => proptest::prop_assert_eq!(r.remove(x as usize % 4).map(|p| p.plain().unwrap() as i64), model.remove(x as usize % 4)),
                    4 => {
                        r.push_front(Packet::int(x.into()));
                        model.push_front(i64::from(x));
                    }
                    _ => proptest::prop_assert!(r.try_reserve_one(x.into())),
                }
                proptest::prop_assert_eq!(ints(&r), model.iter().copied().collect::<Vec<_>>());
                proptest::prop_assert_eq!(r.front().map(|p| p.plain().unwrap() as i64), model.front().copied());
                proptest::prop_assert_eq!((r.len(), r.is_empty()), (model.len(), model.is_empty()));
            }
        }
    }
}
