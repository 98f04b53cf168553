//! A queue of waiting coroutines: a channel's receivers or senders (`Chan::recv_wait`,
//! `Chan::send_wait`), a task's joiners (`Task::joiners`).
//!
//! Most have at most one waiter at a time (a receiver parked on its own channel: a
//! million of them in bench/co_parked.cp; the one coroutine that joins a task), so the
//! first waits inline and only a second one allocates: 16 bytes and no allocation for
//! the usual case, where a `VecDeque` takes 32 bytes and a buffer once used. The methods are `VecDeque`'s, for
//! the few the scheduler uses; the order is first come, first served.
use alloc::boxed::Box;
use alloc::collections::VecDeque;

use super::CoId;

#[derive(Default)]
pub(crate) struct Waiters {
    /// The front of the queue (`None` only when the queue is empty).
    first: Option<CoId>,
    /// The rest, in order; kept (with its buffer) once a queue needed one. Boxed: 8
    /// bytes in every queue, where a `VecDeque` would take 32 in each.
    #[allow(clippy::box_collection)]
    rest: Option<Box<VecDeque<CoId>>>,
}

impl Waiters {
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.first.is_none()
    }

    #[inline]
    pub fn push_back(&mut self, id: CoId) {
        match self.first {
            None => self.first = Some(id),
            Some(_) => self.rest.get_or_insert_with(Default::default).push_back(id),
        }
    }

    #[inline]
    pub fn pop_front(&mut self) -> Option<CoId> {
        let front = self.first.take()?;
        self.first = self.rest.as_mut().and_then(|r| r.pop_front());
        Some(front)
    }

    /// The waiter at `at` (0: the front), taken out of the queue.
    #[inline]
    pub fn remove(&mut self, at: usize) -> Option<CoId> {
        match at {
            0 => self.pop_front(),
            _ => self.rest.as_mut().and_then(|r| r.remove(at - 1)),
        }
    }

    #[inline]
    pub fn iter(&self) -> impl Iterator<Item = &CoId> + '_ {
        self.first.iter().chain(self.rest.iter().flat_map(|r| r.iter()))
    }

    /// Keeps the waiters `keep` says to (asked in order).
    pub fn retain(&mut self, mut keep: impl FnMut(&CoId) -> bool) {
        let drop_first = self.first.as_ref().is_some_and(|f| !keep(f));
        if let Some(r) = self.rest.as_mut() {
            r.retain(&mut keep);
        }
        if drop_first {
            self.first = self.rest.as_mut().and_then(|r| r.pop_front());
        }
    }

    /// Moves every waiter, in order, to the end of `out`, leaving the queue empty (and
    /// its buffer kept).
    #[inline]
    pub fn drain_into(&mut self, out: &mut alloc::vec::Vec<CoId>) {
        while let Some(id) = self.pop_front() {
            out.push(id);
        }
    }

    #[cfg(test)]
    pub fn clear(&mut self) {
        *self = Waiters::default();
    }
}

#[cfg(test)]
mod tests {
    use super::Waiters;
    use alloc::vec::Vec;

    fn all(w: &Waiters) -> Vec<u32> {
        w.iter().copied().collect()
    }

    #[test]
    fn a_queue_in_order_whatever_its_length() {
        let mut w = Waiters::default();
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
        w.drain_into(&mut out);
        assert_eq!(out, [9, 5]);
        assert!(w.is_empty() && all(&w).is_empty());
        w.push_back(7);
        w.retain(|_| false);
        assert!(w.is_empty());
    }

    proptest::proptest! {
        /// Any sequence of the queue's operations does what it does to a `VecDeque`.
        #[test]
        fn a_queue_as_a_vecdeque_is(ops in proptest::collection::vec((0u8..6, 0u32..8), 0..60)) {
            let (mut w, mut model) = (Waiters::default(), alloc::collections::VecDeque::new());
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
                    _ => {
                        let mut out = Vec::new();
                        w.drain_into(&mut out);
                        proptest::prop_assert_eq!(out, model.drain(..).collect::<Vec<_>>());
                    }
                }
                proptest::prop_assert_eq!(all(&w), model.iter().copied().collect::<Vec<_>>());
                proptest::prop_assert_eq!(w.is_empty(), model.is_empty());
            }
        }
    }

    #[test]
    fn sixteen_bytes() {
        assert_eq!(core::mem::size_of::<Waiters>(), 16);
    }
}
