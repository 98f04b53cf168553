//! Who waits for what: registrations, parking and waking.
//!
//! A coroutine's registrations ([`Wait`]) are kept in its task (`Task::waits`): that
//! list is the truth, and the lists of the things waited on (a channel's receivers, a
//! task's joiners, the timer heap, the sockets) only point back to it. A registration
//! is used up when it wakes the coroutine, and every registration left is removed when
//! the coroutine runs again (outside a `select`), when a `select` arm wins (`SelDone`),
//! and when the shutdown cancels the coroutine or it ends, so it is never woken for
//! something it no longer waits for (which, with a channel waking one receiver per
//! message, would lose that wake-up: tests/programs/co_select_done_drops_other_arms.cp,
//! co_shutdown_cancel_drops_waits.cp).
//!
//! A `select` registers one wait per arm; its own state is `select.rs`'s.
use alloc::collections::BinaryHeap;
use alloc::vec::Vec;
use smallvec::SmallVec;
use core::cmp::Reverse;

use super::select::Select;
use super::{CoId, Core, Progress, Task};
use crate::Trap;

/// One thing a coroutine waits for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Wait {
    /// A message on channel `chan`, or room in it to send.
    Recv(u32),
    Send(u32),
    /// Coroutine `id` to finish.
    Join(CoId),
    /// Every other coroutine to finish (`scheduler.run()`).
    All,
    /// The clock to reach this time (nanoseconds).
    Timer(i64),
    /// Socket `s` to become readable (`false`) or writable.
    Io(u32, bool),
    /// The host to finish file operation `ticket` (`Host::file_start`).
    File(u32),
    /// The output thread to catch up (`Host::output_backlogged`).
    Output,
}

/// What a coroutine waits for (`Task::waits`): one thing, but for a `select`'s arms,
/// so one is kept inline; several are boxed with the coroutine's `select` state (made
/// at its first `select` and kept, as every `select` registers there): 16 bytes in
/// every task for both, where a `SmallVec` with one inline took 24 and the `select`
/// box 8 more. Read as a slice; in the order registered.
#[derive(Default)]
pub(crate) enum Waits {
    #[default]
    None,
    One(Wait),
    Boxed(alloc::boxed::Box<Several>),
}

/// A coroutine's registrations once it has a `select` (`Waits::Boxed`).
#[derive(Default)]
pub(crate) struct Several {
    list: Vec<Wait>,
    select: Select,
}

#[cfg(target_pointer_width = "64")]
const _: () = assert!(core::mem::size_of::<Waits>() == 16);

impl core::ops::Deref for Waits {
    type Target = [Wait];

    #[inline]
    fn deref(&self) -> &[Wait] {
        match self {
            Waits::None => &[],
            Waits::One(w) => core::slice::from_ref(w),
            Waits::Boxed(b) => &b.list,
        }
    }
}

impl Waits {
    #[inline]
    pub fn push(&mut self, w: Wait) {
        match self {
            Waits::None => *self = Waits::One(w),
            Waits::One(first) => *self = Waits::Boxed(alloc::boxed::Box::new(Several { list: alloc::vec![*first, w], select: Select::default() })),
            Waits::Boxed(b) => b.list.push(w),
        }
    }

    /// Keeps the registrations `keep` says to (asked in order).
    pub fn retain(&mut self, mut keep: impl FnMut(&Wait) -> bool) {
        match self {
            Waits::Boxed(b) => b.list.retain(keep),
            Waits::One(w) => {
                if !keep(w) {
                    *self = Waits::None;
                }
            }
            Waits::None => {}
        }
    }

    /// The registrations, taken out (the `select` state stays).
    pub fn take_list(&mut self) -> SmallVec<[Wait; 1]> {
        match self {
            Waits::Boxed(b) => SmallVec::from_vec(core::mem::take(&mut b.list)),
            _ => core::mem::take(self).iter().copied().collect(),
        }
    }

    /// The coroutine's `select` state, if it has had a `select`.
    #[inline]
    pub fn select(&self) -> Option<&Select> {
        match self {
            Waits::Boxed(b) => Some(&b.select),
            _ => None,
        }
    }

    #[inline]
    pub fn select_mut(&mut self) -> Option<&mut Select> {
        match self {
            Waits::Boxed(b) => Some(&mut b.select),
            _ => None,
        }
    }

    /// Its `select` state, made (with the registrations kept) if it has none.
    pub fn select_or_insert(&mut self) -> &mut Select {
        if !matches!(self, Waits::Boxed(_)) {
            let list = core::mem::take(self).iter().copied().collect();
            *self = Waits::Boxed(alloc::boxed::Box::new(Several { list, select: Select::default() }));
        }
        match self {
            Waits::Boxed(b) => &mut b.select,
            _ => unreachable!("boxed just above"),
        }
    }

    /// Its `select` state, taken (left as a new one's: in no `select`).
    pub fn take_select(&mut self) -> Option<Select> {
        self.select_mut().map(core::mem::take)
    }
}

/// Whether coroutine `id` is registered for `w`: a waiting queue may still name one
/// that no longer waits there (`waiters.rs`).
pub(super) fn registered(tasks: &[Task], id: CoId, w: Wait) -> bool {
    tasks.get(id as usize).is_some_and(|t| t.waits.contains(&w))
}

impl Core {
    /// Registers the running coroutine as waiting for `w`. Parks it (`Trap::Block`), or
    /// for a `select` arm only records that the arm is pending (`Ok`: the native returns
    /// a placeholder that `SelDone` tells the program to ignore).
    pub fn park(&mut self, w: Wait, arm: bool) -> Result<(), Trap> {
        self.park_at(w, arm, false)
    }

    /// `park`, first in line (`front`) on a channel's queue: a plain receiver woken for a
    /// message that another took (`Progress::Summoned`).
    pub fn park_at(&mut self, w: Wait, arm: bool, front: bool) -> Result<(), Trap> {
        let me = self.me;
        if !arm {
            self.clear_waits(me);
            self.pass_batons(me);
        }
        let Some(t) = self.tasks.get_mut(me as usize) else { return Err(Trap::Block) };
        if let Some(s) = t.waits.select_mut() {
            // a plain wait is no `select`'s (one that raised out of its arms is over)
            s.waits_in_arm(arm);
        }
        self.register_at(me, w, front);
        if arm {
            Ok(())
        } else {
            Err(Trap::Block)
        }
    }

    /// `park` for a plain wait on `w` that also ends at time `at` (a `write_all` with a
    /// write timeout): whichever comes first wakes the coroutine.
    pub fn park_until(&mut self, w: Wait, at: i64) -> Result<(), Trap> {
        let parked = self.park(w, false);
        self.register(self.me, Wait::Timer(at));
        parked
    }

    /// Records that coroutine `me` waits for `w`, in its task and in the list of what
    /// it waits on.
    fn register(&mut self, me: CoId, w: Wait) {
        self.register_at(me, w, false)
    }

    /// `register`, first in line on a channel's queue (`front`) rather than last.
    fn register_at(&mut self, me: CoId, w: Wait, front: bool) {
        let Some(t) = self.tasks.get_mut(me as usize) else { return };
        // two arms waiting for one thing (`Some(v) = rx.recv()` beside `None =
        // rx.recv()`) are one registration: a second place in the channel's queue stayed
        // behind when the first woke the coroutine, one more at each round (a consumer
        // loop's queue grew without bound: tests/programs/co_select_same_channel_loop.cp)
        // This counts on a registration never outliving its place: the drains that wake
        // without using it up (a channel's end, a task's end, `forget_waiters`) leave a
        // coroutine whose retried native completes at once (`None`, the join's result)
        // or that is cancelled before any program code runs.
        if !matches!(t.waits, Waits::None) && !matches!(w, Wait::Timer(_)) && t.waits.contains(&w) {
            return;
        }
        t.waits.push(w);
        match w {
            Wait::Recv(c) | Wait::Send(c) => {
                let Core { chans, tasks, .. } = self;
                if let Some(ch) = chans.get_mut(c as usize) {
                    let recv = matches!(w, Wait::Recv(_));
                    if front {
                        ch.wait_list(!recv).push_front(me);
                    } else {
                        ch.wait_list(!recv).push_back(me);
                    }
                    // a `select` arm sending on a rendezvous channel waits for a receiver
                    // (another coroutine) to wait: this one may be it
                    if recv && ch.rendezvous() && ch.send_wait().iter().any(|&id| id != me && registered(tasks, id, Wait::Send(c))) {
                        self.wake_sender_for(c, me);
                    }
                }
            }
            Wait::Join(id) => {
                if (id as usize) < self.tasks.len() {
                    self.joiners.entry(id).or_default().at_mut(0).push_back(me);
                }
            }
            Wait::All => self.all_waiters.push(me),
            Wait::Timer(at) => {
                self.timers.push(Reverse((at, me)));
                if self.timers.len() > self.timers_compact_at {
                    self.compact_timers();
                }
            }
            Wait::Io(s, writable) => self.io_waits.entry((s, writable)).or_default().push(me),
            Wait::File(t) => {
                self.file_waits.insert(t, me);
            }
            Wait::Output => self.output_waits.push(me),
        }
    }

    /// Removes every registration coroutine `id` has left (it runs again, so whatever
    /// it waited for is over or no longer wanted).
    #[inline]
    pub fn clear_waits(&mut self, id: CoId) {
        // most calls find nothing to clear: no call for them
        if self.tasks.get(id as usize).is_some_and(|t| !t.waits.is_empty()) {
            self.clear_registrations(id);
        }
    }

    /// Takes the coroutines marked in `going` (by id) off every waiting list at once,
    /// for a shutdown that cancels them all: `clear_waits` of each takes a pass over
    /// each list it is on, which for many waiters on one channel was quadratic. Their
    /// tasks keep their registrations, for `clear_waits` to finish (it then finds them
    /// gone from the lists, which hold the few that stay).
    pub fn forget_waiters(&mut self, going: &[bool]) {
        let stays = |x: &CoId| !going.get(*x as usize).is_some_and(|&g| g);
        for ch in self.chans.iter_mut() {
            ch.recv_wait_mut().retain(stays);
            ch.send_wait_mut().retain(stays);
        }
        self.joiners.retain(|_, joiners| {
            joiners.at_mut(0).retain(stays);
            !joiners.at(0).is_empty()
        });
        self.all_waiters.retain(stays);
        self.output_waits.retain(stays);
        self.io_waits.retain(|_, list| {
            list.retain(stays);
            !list.is_empty()
        });
    }

    #[inline(never)]
    fn clear_registrations(&mut self, id: CoId) {
        let Some(t) = self.tasks.get_mut(id as usize) else { return };
        let waits = t.waits.take_list();
        for &w in waits.iter() {
            match w {
                Wait::Recv(c) | Wait::Send(c) => {
                    let Core { chans, tasks, .. } = self;
                    if let Some(ch) = chans.get_mut(c as usize) {
                        ch.wait_list(matches!(w, Wait::Send(_))).forget(id, |x| registered(tasks, x, w));
                    }
                }
                Wait::Join(j) => {
                    if let Some(mut joiners) = self.joiners.remove(&j) {
                        joiners.at_mut(0).forget(id, |x| registered(&self.tasks, x, w));
                        if !joiners.at(0).is_empty() {
                            self.joiners.insert(j, joiners);
                        }
                    }
                }
                Wait::All => self.all_waiters.retain(|&x| x != id),
                // left in the heap: `timer_due` ignores what no coroutine waits for
                Wait::Timer(_) => {}
                Wait::Io(s, writable) => {
                    if let Some(list) = self.io_waits.get_mut(&(s, writable)) {
                        list.retain(|&x| x != id);
                        if list.is_empty() {
                            self.io_waits.remove(&(s, writable));
                        }
                    }
                }
                // the operation finishes anyway; its result waits in the host
                Wait::File(_) => {}
                Wait::Output => self.output_waits.retain(|&x| x != id),
            }
        }
    }

    /// Uses up registration `w` of coroutine `id` if it still has it (every copy: two
    /// `select` arms on one channel are one reason to wake, so a second message goes to
    /// another waiter).
    pub(super) fn consume(&mut self, id: CoId, w: Wait) -> bool {
        self.consume_in_select(id, w).is_some()
    }

    /// `consume`, saying also whether the coroutine is in a `select` (`Select::open`):
    /// `None` when it did not have the registration.
    #[inline]
    fn consume_in_select(&mut self, id: CoId, w: Wait) -> Option<bool> {
        let t = self.tasks.get_mut(id as usize)?;
        let selecting = t.waits.select().is_some_and(Select::is_open);
        let rewoken = |t: &mut Task| {
            if let Some(s) = t.waits.select_mut() {
                s.rewake();
            }
        };
        // one registration, the usual case (anything but a `select`)
        if let Waits::One(only) = t.waits {
            if only != w {
                return None;
            }
            t.waits = Waits::None;
            rewoken(t);
            return Some(selecting);
        }
        let before = t.waits.len();
        t.waits.retain(|x| *x != w);
        let used = t.waits.len() != before;
        if used {
            rewoken(t);
        }
        used.then_some(selecting)
    }

    /// Wakes one coroutine waiting to receive from (`send` false) or send to channel
    /// `chan`: one message, or one free place, wakes one. A coroutine in a `select` may
    /// not use it (another of its arms may win, and the message would wait with nobody
    /// woken for it: tests/programs/co_select_handoff.cp), so its `select` keeps the
    /// wake-up as a baton to pass on (`pass_batons`) if it finishes or parks again
    /// without it.
    pub fn wake_one(&mut self, chan: u32, send: bool) {
        loop {
            let Some(ch) = self.chans.get_mut(chan as usize) else { return };
            let Some(id) = ch.wait_list(send).pop_front() else { return };
            if self.wake_waiter(chan, send, id) {
                return;
            }
        }
    }

    /// `wake_one`, not waking coroutine `skip` (a `select` passing its wake-up on).
    pub(super) fn wake_one_but(&mut self, chan: u32, send: bool, skip: CoId) {
        loop {
            let Some(ch) = self.chans.get_mut(chan as usize) else { return };
            let mut list = ch.wait_list(send);
            let at = list.iter().position(|&id| id != skip);
            let Some(id) = at.and_then(|at| list.remove(at)) else { return };
            if self.wake_waiter(chan, send, id) {
                return;
            }
        }
    }

    /// Wakes coroutine `id`, just taken off channel `chan`'s list of waiters, if it
    /// still waits there (a registration no longer there is skipped: it moved on); a
    /// `select` keeps the wake-up as a baton.
    #[inline]
    pub(super) fn wake_waiter(&mut self, chan: u32, send: bool, id: CoId) -> bool {
        let w = if send { Wait::Send(chan) } else { Wait::Recv(chan) };
        let Some(selecting) = self.consume_in_select(id, w) else { return false };
        self.woken.push(id);
        if selecting {
            if let Some(s) = self.task_mut(id).and_then(|t| t.waits.select_mut()) {
                s.keep_baton(chan, send);
            }
        } else if !send {
            if let Some(t) = self.task_mut(id).filter(|t| matches!(t.progress, Progress::None)) {
                t.set_progress(Progress::Summoned(chan));
            }
        }
        true
    }

    /// A receiver took a message from channel `chan`: one free place goes to one sender
    /// (`place_freed`);
    /// on a rendezvous channel, so does the sender whose message this was (it waits for
    /// the taking: `Progress::Handed`). Waking every sender there instead made N senders
    /// of one rendezvous channel cost N slices a message (N² in all: 4,000 senders,
    /// 1.8 s; tests/programs/co_rendezvous_many_senders.cp).
    pub fn message_taken(&mut self, chan: u32) {
        let Some(ch) = self.chans.get_mut(chan as usize) else { return };
        let number = ch.taken;
        ch.taken = ch.taken.wrapping_add(1);
        // the last message of a channel without senders: receivers that waited while it
        // was promised to another's `select` find the end now (the last sender's drop
        // woke them while it was still there)
        if ch.queue.is_empty() && ch.senders <= 0 && !ch.recv_wait().is_empty() {
            let from = self.woken.len();
            let tasks = &self.tasks;
            ch.recv_wait_mut().drain_waiting_into(&mut self.woken, |x| registered(tasks, x, Wait::Recv(chan)));
            self.rewoken_from(from);
        }
        if self.chans.get(chan as usize).is_some_and(|c| c.rendezvous()) {
            // (a rendezvous channel holds one message at a time: one sender waits for it)
            if let Some(id) = self.handed_sender(chan, number) {
                if self.consume(id, Wait::Send(chan)) {
                    self.woken.push(id);
                }
                let Core { chans, tasks, .. } = self;
                if let Some(ch) = chans.get_mut(chan as usize) {
                    ch.send_wait_mut().forget(id, |x| registered(tasks, x, Wait::Send(chan)));
                }
            }
        }
        self.place_freed(chan)
    }

    /// The sender waiting for the taking of message `number` of rendezvous channel `chan`.
    fn handed_sender(&self, chan: u32, number: u32) -> Option<CoId> {
        let ch = self.chans.get(chan as usize)?;
        let handed = |id: CoId| self.tasks.get(id as usize).and_then(|t| t.handed()) == Some((chan, number));
        ch.send_wait().iter().copied().find(|&id| handed(id) && registered(&self.tasks, id, Wait::Send(chan)))
    }

    /// The output thread has caught up: every coroutine waiting to print may go on.
    pub fn output_drained(&mut self) {
        for id in core::mem::take(&mut self.output_waits) {
            if self.consume(id, Wait::Output) {
                self.woken.push(id);
            }
        }
    }

    /// Drops the entries at the front of the timer heap that no coroutine waits for any
    /// more (a losing `select` timer arm's, a timed write's that finished): an idle
    /// scheduler must not sleep until them, nor put off a deadlock report.
    pub fn drop_stale_timers(&mut self) {
        while let Some(&Reverse((at, id))) = self.timers.peek() {
            if self.tasks.get(id as usize).is_some_and(|t| t.waits.contains(&Wait::Timer(at))) {
                break;
            }
            self.timers.pop();
        }
    }

    /// Drops the timer registrations no coroutine waits for any more (a loop whose
    /// `select` has a long timer arm that keeps losing left one per round, 16 bytes
    /// each, until its deadline: 192 MB for 12 million rounds of a 100 s timeout), and
    /// copies of one registration (a `select` woken without finishing registers its
    /// timer arm again each round). Run when the heap has doubled since the last
    /// compaction: a sort of what is kept, O(log n) per registration amortized.
    pub(crate) fn compact_timers(&mut self) {
        let tasks = &self.tasks;
        let mut kept = core::mem::take(&mut self.timers).into_vec();
        kept.retain(|Reverse((at, id))| tasks.get(*id as usize).is_some_and(|t| t.waits.contains(&Wait::Timer(*at))));
        kept.sort_unstable();
        kept.dedup();
        self.timers = BinaryHeap::from(kept);
        self.timers_compact_at = (2 * self.timers.len()).max(1024);
    }

    /// Whether the timer entry `(at, id)` taken from the heap still wakes its coroutine.
    pub fn timer_due(&mut self, at: i64, id: CoId) -> bool {
        self.consume(id, Wait::Timer(at))
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::co::Chan;
    use cprime_bytecode::module::Kind;

    #[test]
    fn waits_keep_one_inline_and_more_in_order() {
        let mut w = Waits::default();
        assert!(w.is_empty());
        w.push(Wait::Recv(3));
        assert!(matches!(w, Waits::One(Wait::Recv(3))));
        w.push(Wait::Timer(9));
        w.push(Wait::Send(4));
        assert_eq!(w[..], [Wait::Recv(3), Wait::Timer(9), Wait::Send(4)]);
        w.retain(|x| *x != Wait::Timer(9));
        assert_eq!(w[..], [Wait::Recv(3), Wait::Send(4)]);
        w.retain(|x| *x != Wait::Recv(3));
        assert_eq!(w[..], [Wait::Send(4)], "one left (in the box, kept with the select state)");
        w.retain(|x| *x != Wait::Recv(3));
        assert_eq!(w[..], [Wait::Send(4)]);
        w.retain(|_| false);
        assert!(w.is_empty());
        w.push(Wait::All);
        assert_eq!(w[..], [Wait::All]);
    }

    /// A scheduler's bookkeeping with coroutines 1..=n and one channel (0).
    pub(crate) fn core_with(n: u32) -> Core {
        let mut c = Core::new(usize::MAX);
        for _ in 0..n {
            c.new_task(Kind::Int).unwrap();
        }
        c.chans.push(Chan { cap_bits: 1, senders: 1, receivers: 1, ..Chan::default() });
        c
    }

    pub(crate) fn park_as(c: &mut Core, id: CoId, w: Wait, arm: bool) {
        c.me = id;
        let r = c.park(w, arm);
        assert_eq!(r.is_ok(), arm, "an arm only registers; anything else parks");
    }

    #[test]
    fn timer_registrations_given_up_are_dropped_as_the_heap_doubles() {
        let mut c = core_with(2);
        // coroutine 1 sleeps for good; coroutine 2 waits on a new far deadline each
        // round and gives it up (a `select` whose timer arm keeps losing)
        park_as(&mut c, 1, Wait::Timer(7), false);
        for round in 0..100_000i64 {
            park_as(&mut c, 2, Wait::Timer(1_000_000 + round), false);
            c.clear_waits(2);
        }
        assert!(c.timers.len() <= 2048, "{} registrations kept", c.timers.len());
        // one registration pushed again and again (a `select` woken, not finished)
        park_as(&mut c, 2, Wait::Timer(99), false);
        for _ in 0..100_000 {
            c.me = 2;
            c.register(2, Wait::Timer(99));
        }
        assert!(c.timers.len() <= 2048, "{} copies kept", c.timers.len());
        // what is still waited for stays
        assert!(c.timers.iter().any(|r| r.0 == (7, 1)));
        assert!(c.timer_due(7, 1));
    }

    #[test]
    fn waiters_forgotten_at_once_leave_the_others_in_order() {
        // a shutdown cancelling 1 and 3 of four receivers takes them off the channel's
        // list in one pass; their own registrations then clear, and a message wakes the
        // first of those left
        let mut c = core_with(4);
        for id in 1..=4 {
            park_as(&mut c, id, Wait::Recv(0), false);
        }
        c.forget_waiters(&[false, true, false, true, false]);
        assert_eq!(c.chans[0].recv_wait().iter().copied().collect::<Vec<_>>(), [2, 4]);
        c.clear_waits(1);
        c.clear_waits(3);
        assert!(c.task(1).is_some_and(|t| t.waits.is_empty()));
        c.wake_one(0, false);
        assert_eq!(c.woken, [2]);
    }

    #[test]
    fn a_message_wakes_a_coroutine_that_still_waits_not_one_that_moved_on() {
        let mut c = core_with(2);
        park_as(&mut c, 1, Wait::Recv(0), false);
        park_as(&mut c, 2, Wait::Recv(0), false);
        // coroutine 1 was woken by something else and runs: its registration goes
        c.clear_waits(1);
        c.wake_one(0, false);
        assert_eq!(c.woken, [2]);
        // the registration was used up: a second message wakes nobody
        c.wake_one(0, false);
        assert_eq!(c.woken, [2]);
    }

    #[test]
    fn a_message_taken_wakes_one_sender_and_on_a_rendezvous_channel_the_one_it_was_from() {
        for rendezvous in [false, true] {
            let mut c = core_with(4);
            if rendezvous {
                c.chans[0].cap_bits |= crate::co::RENDEZVOUS;
            }
            park_as(&mut c, 1, Wait::Send(0), false);
            park_as(&mut c, 2, Wait::Send(0), false);
            // 3 handed message 0 over and waits for its taking
            park_as(&mut c, 3, Wait::Send(0), false);
            c.tasks[3].set_handed(Some((0, 0)));
            c.message_taken(0);
            let want: &[CoId] = if rendezvous { &[3, 1] } else { &[1] };
            assert_eq!(c.woken, want, "rendezvous: {rendezvous}: its sender, and one for the free place");
            assert_eq!(c.chans[0].taken, 1);
            let left: alloc::vec::Vec<CoId> = c.chans[0].send_wait().iter().copied().collect();
            let want: &[CoId] = if rendezvous { &[2] } else { &[2, 3] };
            assert_eq!(left, want);
        }
    }

    /// The shutdown lets a rendezvous send complete once its message is taken
    /// (`Core::send_taken`): before, it is still to happen, and is taken back.
    #[test]
    fn a_rendezvous_send_has_happened_once_its_message_is_taken() {
        let mut c = core_with(2);
        c.chans[0].cap_bits |= crate::co::RENDEZVOUS;
        c.chans[0].taken = 7;
        c.tasks[1].set_handed(Some((0, 7)));
        assert!(!c.send_taken(1), "message 7 is still in the channel");
        c.message_taken(0);
        assert!(c.send_taken(1));
        assert!(!c.send_taken(2), "2 sent nothing");
        // around the counter's wrap too
        c.chans[0].taken = u32::MAX;
        c.tasks[1].set_handed(Some((0, u32::MAX)));
        assert!(!c.send_taken(1));
        c.message_taken(0);
        assert!(c.send_taken(1));
    }

    /// A coroutine the shutdown cancels where it next stops stops at its next waiting
    /// native (woken, should the cancel not come), but not while it owes a completion:
    /// a send whose message was taken finishes first. Others are not concerned.
    #[test]
    fn one_to_be_cancelled_stops_at_its_next_wait_once_it_owes_nothing() {
        let mut c = core_with(2);
        c.me = 1;
        assert!(!c.stops_for_cancel(), "no shutdown");
        c.cancel_at_stop.insert(1);
        c.me = 2;
        assert!(!c.stops_for_cancel(), "2 is not to be cancelled there");
        c.me = 1;
        c.chans[0].cap_bits |= crate::co::RENDEZVOUS;
        c.chans[0].taken = 3;
        c.tasks[1].set_handed(Some((0, 3)));
        c.message_taken(0);
        c.woken.clear();
        assert!(!c.stops_for_cancel(), "its send was taken: it completes first");
        c.tasks[1].set_handed(None);
        assert!(c.stops_for_cancel());
        assert_eq!(c.woken, [1]);
    }

    /// A socket native out of file descriptors parks until the scheduler's sweep of
    /// the heaps holding sockets, once; failing again after that sweep, it raises.
    #[test]
    fn out_of_file_descriptors_a_native_waits_for_one_sweep() {
        let mut c = core_with(2);
        c.me = 1;
        assert!(matches!(c.out_of_fds(5, false), Err(Trap::Block)));
        assert_eq!(c.fds_short, [1]);
        assert_eq!(&*c.tasks[1].waits, [Wait::Timer(5)]);
        // woken before any sweep (a `select`'s other arm, say): it waits for it again
        assert!(matches!(c.out_of_fds(6, false), Err(Trap::Block)));
        (c.fds_short, c.fd_sweeps) = (Vec::new(), c.fd_sweeps.wrapping_add(1));
        assert!(c.out_of_fds(7, false).is_ok(), "swept: the error stands");
        assert!(c.fds_short.is_empty());
        // the next failure asks for a sweep of its own, as after any other outcome
        assert!(matches!(c.out_of_fds(8, false), Err(Trap::Block)));
        c.fds_found();
        c.fd_sweeps = c.fd_sweeps.wrapping_add(1);
        assert!(matches!(c.out_of_fds(9, false), Err(Trap::Block)), "a success in between forgets the old sweep");
        // an arm registers and is pending
        c.me = 2;
        assert!(matches!(c.out_of_fds(10, true), Err(Trap::Block)));
    }

    #[test]
    fn a_file_operation_given_up_wakes_nobody_and_its_result_is_dropped() {
        let mut c = core_with(2);
        park_as(&mut c, 1, Wait::File(5), false);
        assert_eq!(c.file_waits.get(&5), Some(&1));
        // the shutdown cancels coroutine 1; its slot may go to another coroutine before
        // the operation finishes: nobody is woken for it
        c.abandon(1);
        assert!(c.file_waits.is_empty());
        assert_eq!(c.abandoned_files, [5], "its result is to be taken and dropped");
    }
}
