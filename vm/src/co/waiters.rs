//! A queue of waiting coroutines: a channel's receivers or senders (`Chan::waiting`), a
//! task's joiners (`Core::joiners`).
//!
//! Most have at most one waiter at a time (a receiver parked on its own channel: a
//! million of them in bench/co_parked.cp; the one coroutine that joins a task), so the
//! first waits inline and only a second one allocates. A channel's two queues share
//! one box for the rest ([`WaitQueues`] of two): 16 bytes for both and no allocation
//! for the usual case, where two `VecDeque`s take 64 bytes and a buffer each once used.
//! The methods are `VecDeque`'s, for the few the scheduler uses, on a view of one queue
//! ([`Waiters`], [`WaitersMut`]); the order is first come, first served.
//!
//! A waiter that stops waiting (a `select` whose other arm won, or that timed out) is
//! taken out of a short queue at once; in a long one it stays, stale, until the queue
//! is compacted (`forget`): taking each out of a queue of N waiters was a pass over N,
//! and N `select`s giving up on one channel took N² steps. So the queue may name
//! coroutines that no longer wait there: whoever takes a waiter from it asks the task
//! (`Task::waits` is the truth, `wait.rs`), as for one woken meanwhile by another arm.
use alloc::boxed::Box;
use alloc::collections::VecDeque;

use super::CoId;

/// Queues at least this long leave a waiter that stops waiting in place (`forget`).
const FORGET_LAZILY_FROM: usize = 32;

/// A queue's empty front (no coroutine has this id: ids index `Core::tasks`).
const NONE: CoId = CoId::MAX;

/// `N` queues side by side: each one's front inline, the rest of all of them behind
/// one box, made when any holds a second waiter (and kept, with its buffers).
pub(crate) struct WaitQueues<const N: usize> {
    first: [CoId; N],
    rest: Option<Box<[Rest; N]>>,
}

impl<const N: usize> Default for WaitQueues<N> {
    fn default() -> Self {
        WaitQueues { first: [NONE; N], rest: None }
    }
}

#[derive(Default)]
struct Rest {
    queue: VecDeque<CoId>,
    /// Waiters left in place since the last compaction (`forget`): at least as many as
    /// the queue holds that no longer wait (some may have been taken off since).
    stale: usize,
}

impl<const N: usize> WaitQueues<N> {
    /// Queue `i`, to look at.
    #[inline]
    pub fn at(&self, i: usize) -> Waiters<'_> {
        Waiters { first: &self.first[i], rest: self.rest.as_ref().map(|r| &r[i]) }
    }

    /// Queue `i`, to change.
    #[inline]
    pub fn at_mut(&mut self, i: usize) -> WaitersMut<'_, N> {
        WaitersMut { qs: self, i }
    }
}

/// One queue of a [`WaitQueues`], to look at.
#[derive(Clone, Copy)]
pub(crate) struct Waiters<'a> {
    first: &'a CoId,
    rest: Option<&'a Rest>,
}

impl<'a> Waiters<'a> {
    #[inline]
    pub fn is_empty(self) -> bool {
        *self.first == NONE
    }

    pub fn len(self) -> usize {
        if self.is_empty() {
            return 0;
        }
        1 + self.rest.map_or(0, |r| r.queue.len())
    }

    #[inline]
    pub fn iter(self) -> impl Iterator<Item = &'a CoId> + 'a {
        let first = (!self.is_empty()).then_some(self.first);
        first.into_iter().chain(self.rest.into_iter().flat_map(|r| r.queue.iter()))
    }
}

/// One queue of a [`WaitQueues`], to change.
pub(crate) struct WaitersMut<'a, const N: usize> {
    qs: &'a mut WaitQueues<N>,
    i: usize,
}

impl<const N: usize> WaitersMut<'_, N> {
    #[inline]
    fn view(&self) -> Waiters<'_> {
        self.qs.at(self.i)
    }

    #[inline]
    pub fn is_empty(&self) -> bool {
        self.view().is_empty()
    }

    pub fn len(&self) -> usize {
        self.view().len()
    }

    #[inline]
    pub fn iter(&self) -> impl Iterator<Item = &CoId> + '_ {
        self.view().iter()
    }

    fn rest(&mut self) -> Option<&mut Rest> {
        let i = self.i;
        self.qs.rest.as_mut().map(|r| &mut r[i])
    }

    /// The second place on: the front of the rest, which becomes the front.
    fn next_of_rest(&mut self) -> CoId {
        self.rest().and_then(|r| r.queue.pop_front()).unwrap_or(NONE)
    }

    #[inline]
    pub fn push_back(&mut self, id: CoId) {
        debug_assert_ne!(id, NONE);
        if self.is_empty() {
            self.qs.first[self.i] = id;
        } else {
            let i = self.i;
            let rest = self.qs.rest.get_or_insert_with(|| Box::new(core::array::from_fn(|_| Rest::default())));
            rest[i].queue.push_back(id);
        }
    }

    /// Puts `id` first in line (a receiver woken for a message another took: it waited
    /// before everyone still waiting).
    pub fn push_front(&mut self, id: CoId) {
        debug_assert_ne!(id, NONE);
        let old = core::mem::replace(&mut self.qs.first[self.i], id);
        if old != NONE {
            let i = self.i;
            let rest = self.qs.rest.get_or_insert_with(|| Box::new(core::array::from_fn(|_| Rest::default())));
            rest[i].queue.push_front(old);
        }
    }

    #[inline]
    pub fn pop_front(&mut self) -> Option<CoId> {
        if self.is_empty() {
            return None;
        }
        let front = self.qs.first[self.i];
        self.qs.first[self.i] = self.next_of_rest();
        Some(front)
    }

    /// The waiter at `at` (0: the front), taken out of the queue.
    #[inline]
    pub fn remove(&mut self, at: usize) -> Option<CoId> {
        match at {
            0 => self.pop_front(),
            _ => self.rest().and_then(|r| r.queue.remove(at - 1)),
        }
    }

    /// Keeps the waiters `keep` says to (asked in order).
    pub fn retain(&mut self, mut keep: impl FnMut(&CoId) -> bool) {
        let first = self.qs.first[self.i];
        let drop_first = first != NONE && !keep(&first);
        if let Some(r) = self.rest() {
            r.queue.retain(&mut keep);
        }
        if drop_first {
            self.qs.first[self.i] = self.next_of_rest();
        }
    }

    /// Coroutine `id` no longer waits here: out of a short queue it goes now; a long one
    /// keeps it, stale, until as many are stale as wait, then keeps only the first place
    /// of each coroutine that `waits` says still waits here. (Each compaction of N
    /// places follows N/2 such calls: constant time each, on average.)
    pub fn forget(&mut self, id: CoId, mut waits: impl FnMut(CoId) -> bool) {
        let len = self.len();
        if len < FORGET_LAZILY_FROM {
            return self.retain(|&x| x != id);
        }
        let Some(r) = self.rest() else { return };
        r.stale += 1;
        if r.stale * 2 > len {
            r.stale = 0;
            let mut seen = hashbrown::HashSet::with_capacity(len / 2 + 1);
            self.retain(|&x| waits(x) && seen.insert(x));
        }
    }

    /// Moves every waiter that `waits` says still waits here, in order, to the end of
    /// `out`, leaving the queue empty (and its buffer kept).
    pub fn drain_waiting_into(&mut self, out: &mut alloc::vec::Vec<CoId>, mut waits: impl FnMut(CoId) -> bool) {
        while let Some(id) = self.pop_front() {
            if waits(id) {
                out.push(id);
            }
        }
        if let Some(r) = self.rest() {
            r.stale = 0;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{WaitQueues, WaitersMut};
    use alloc::vec::Vec;

    fn all(w: &WaitersMut<'_, 2>) -> Vec<u32> {
        w.iter().copied().collect()
    }

    #[test]
    fn a_queue_in_order_whatever_its_length() {
        let mut q = WaitQueues::<2>::default();
        let mut w = q.at_mut(1);
        assert!(w.is_empty() && w.pop_front().is_none());
        w.push_back(1);
        assert_eq!(all(&w), [1]);
        for id in 2..=5 {
            w.push_back(id);
        }
        assert_eq!(all(&w), [1, 2, 3, 4, 5]);
        assert_eq!(w.pop_front(), Some(1));
        assert_eq!(w.remove(2), Some(4));
        assert_eq!(w.remove(0), Some(2));
        assert_eq!(all(&w), [3, 5]);
        w.push_back(6);
        w.retain(|&x| x != 3);
        assert_eq!(all(&w), [5, 6], "the front removed, the next one moves up");
        w.retain(|&x| x != 6);
        assert_eq!(all(&w), [5]);
        let mut out = alloc::vec![9];
        w.drain_waiting_into(&mut out, |_| true);
        assert_eq!(out, [9, 5]);
        assert!(w.is_empty() && all(&w).is_empty());
        w.push_back(7);
        w.retain(|_| false);
        assert!(w.is_empty());
    }

    proptest::proptest! {
        /// Any sequence of the queue's operations does what it does to a `VecDeque`.
        #[test]
        fn a_queue_as_a_vecdeque_is(ops in proptest::collection::vec((0u8..7, 0u32..8), 0..60)) {
            let mut q = WaitQueues::<2>::default();
            let (mut w, mut model) = (q.at_mut(1), alloc::collections::VecDeque::new());
            for (op, x) in ops {
                match op {
                    0 | 1 => {
                        w.push_back(x);
                        model.push_back(x);
                    }
                    2 => proptest::prop_assert_eq!(w.pop_front(), model.pop_front()),
                    3 => proptest::prop_assert_eq!(w.remove(x as usize % 4), model.remove(x as usize % 4)),
                    4 => {
                        w.retain(|&id| id != x);
                        model.retain(|&id| id != x);
                    }
                    5 => {
                        w.push_front(x);
                        model.push_front(x);
                    }
                    _ => {
                        let mut out = Vec::new();
                        w.drain_waiting_into(&mut out, |_| true);
                        proptest::prop_assert_eq!(out, model.drain(..).collect::<Vec<_>>());
                    }
                }
                proptest::prop_assert_eq!(all(&w), model.iter().copied().collect::<Vec<_>>());
                proptest::prop_assert_eq!(w.is_empty(), model.is_empty());
            }
        }
    }

    #[test]
    fn a_long_queue_forgets_lazily_and_compacts_to_one_place_per_waiter() {
        let mut q = WaitQueues::<2>::default();
        let mut w = q.at_mut(1);
        w.push_back(1);
        w.push_back(2);
        w.forget(1, |_| unreachable!("a short queue asks nobody"));
        assert_eq!(all(&w), [2], "a short queue lets go at once");
        let n = super::FORGET_LAZILY_FROM as u32 * 4;
        let mut waiting: alloc::collections::BTreeSet<u32> = (0..n).collect();
        let mut q = WaitQueues::<2>::default();
        let mut w = q.at_mut(1);
        for id in 0..n {
            w.push_back(id);
        }
        // the even ones stop waiting: they stay in place, up to half of the queue
        for id in (0..n).step_by(2) {
            waiting.remove(&id);
            w.forget(id, |_| unreachable!("no compaction before half of the queue is stale"));
        }
        assert_eq!(w.len(), n as usize);
        // 0 waits again (a second place, behind), twice over; two more stale compact
        waiting.insert(0);
        w.push_back(0);
        w.push_back(0);
        for id in [1, 3] {
            waiting.remove(&id);
            w.forget(id, |x| waiting.contains(&x));
        }
        let expected: Vec<u32> = core::iter::once(0).chain((5..n).step_by(2)).collect();
        assert_eq!(all(&w), expected, "the waiters, each at its first place");
    }

    proptest::proptest! {
        /// However waiters come, go and stop waiting, a wake-up finds one that waits,
        /// the queue holds every one that waits, and not many more places than waiters.
        #[test]
        fn a_queue_that_forgets_keeps_its_waiters_in_order(ops in proptest::collection::vec((0u8..3, 0u32..80), 0..600)) {
            let mut q = WaitQueues::<2>::default();
            let mut w = q.at_mut(1);
            let mut model: Vec<u32> = Vec::new();
            for (op, x) in ops {
                match op {
                    0 => {
                        if !model.contains(&x) {
                            w.push_back(x);
                            model.push(x);
                        }
                    }
                    1 => {
                        if let Some(at) = model.iter().position(|&m| m == x) {
                            model.remove(at);
                            w.forget(x, |y| model.contains(&y));
                        }
                    }
                    _ => {
                        // a wake-up: the front waiter that still waits
                        let got = loop {
                            match w.pop_front() {
                                Some(id) if model.contains(&id) => break Some(id),
                                Some(_) => continue,
                                None => break None,
                            }
                        };
                        // (one that stopped waiting and came back may still have its
                        // old place, ahead of its new one)
                        let at = got.and_then(|id| model.iter().position(|&m| m == id));
                        proptest::prop_assert_eq!(at.is_some(), !model.is_empty());
                        if let Some(at) = at {
                            model.remove(at);
                        }
                    }
                }
                let mut seen = alloc::collections::BTreeSet::new();
                let mut queued: Vec<u32> = all(&w).into_iter().filter(|x| model.contains(x) && seen.insert(*x)).collect();
                let mut expected = model.clone();
                queued.sort_unstable();
                expected.sort_unstable();
                proptest::prop_assert_eq!(queued, expected);
                proptest::prop_assert!(w.len() <= 2 * model.len() + super::FORGET_LAZILY_FROM);
            }
        }
    }

    /// A channel's two queues share the box of their rest and stay apart.
    #[test]
    fn two_queues_in_one_box() {
        let mut q = WaitQueues::<2>::default();
        for id in [1, 2, 3] {
            q.at_mut(0).push_back(id);
        }
        q.at_mut(1).push_back(7);
        assert_eq!(q.at(0).iter().copied().collect::<Vec<_>>(), [1, 2, 3]);
        assert_eq!(q.at(1).iter().copied().collect::<Vec<_>>(), [7]);
        q.at_mut(1).push_back(8);
        assert_eq!(q.at_mut(1).pop_front(), Some(7));
        assert_eq!(q.at_mut(0).remove(1), Some(2));
        assert_eq!((q.at(0).len(), q.at(1).len()), (2, 1));
        q.at_mut(0).retain(|_| false);
        assert!(q.at(0).is_empty() && q.at(1).iter().eq([8].iter()));
    }

    #[test]
    fn sixteen_bytes_for_a_channel_s_two_queues() {
        assert_eq!(core::mem::size_of::<WaitQueues<2>>(), 16);
        assert_eq!(core::mem::size_of::<WaitQueues<1>>(), 16);
    }
}
