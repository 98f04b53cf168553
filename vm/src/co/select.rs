//! `select`: rounds of trying its arms, and the promises and wake-ups a round keeps.
//!
//! `select { p = fut => body, .. }` compiles to a loop (lower/select.rs):
//! `SelBegin`, then for each arm `SelArm` + the arm's native + `SelDone`, then `SelWait`
//! and back to the first arm. A native that would wait, called right after `SelArm`,
//! registers its wait but does not park: it returns at once and `SelDone` says 0. The
//! first arm whose native completes wins; nothing was taken from the others (a `recv`
//! that did not complete took no message), so cancelling them loses nothing. `SelWait`
//! parks until any registration fires, then the arms are tried again in order.
//!
//! The registrations themselves are `wait.rs`'s; this file keeps what only a `select`
//! has: its state (`Select`, boxed with the registrations once a coroutine has had a
//! `select`), the wake-ups it was given and may pass on (`batons`), and the promise of
//! a rendezvous message (`committed`).
use alloc::vec::Vec;
use smallvec::SmallVec;

use super::wait::{registered, Wait};
use super::{CoId, Core};
use crate::Trap;

/// `Select::not_ready` keeps sockets beside channels, told apart by this bit.
const SOCKET_ARM: u32 = 1 << 31;

/// A coroutine's `select` in progress.
#[derive(Default)]
pub(crate) struct Select {
    /// `SelArm` was called: the next waiting native is an arm.
    arm: bool,
    /// The last arm registered a wait instead of completing.
    pending: bool,
    /// `SelWait` parked (its run after the wake-up returns).
    waited: bool,
    /// From `SelBegin` to the coroutine's next plain wait: a wake-up may go unused
    /// (another arm wins), so the wake-ups it is given are noted (`batons`). (An arm
    /// whose native completed may still not win: its pattern may not match. After the
    /// `select`, the coroutine has no arm registrations left.)
    open: bool,
    /// The channels (and whether to send) on which this `select` was given the one
    /// wake-up a message or a free place makes (`wake_one`): when it finishes or parks
    /// again while that message or place is still there (another arm won, or its arm
    /// held back), the wake-up goes on to the next waiter (`pass_batons`). Waking every
    /// waiting `select` instead made a message to N workers selecting on one channel
    /// cost N slices.
    batons: SmallVec<[(u32, bool); 1]>,
    /// Deadlines of the timer arms, in arm order, fixed at their first try.
    deadlines: Vec<i64>,
    next_timer: u32,
    /// Channels a `recv` arm found empty in this round of trying the arms: a later arm
    /// on the same channel finds it empty too (a message that arrived in between, from
    /// another worker or while the coroutine was preempted between arms, is the first
    /// arm's in the next round; a later `None = rx.recv()` arm would drop it).
    not_ready: SmallVec<[u32; 2]>,
    /// A registration of this round was used up by a wake-up while the coroutine was
    /// not parked (it was preempted between arms, or still trying them): `SelWait` tries
    /// the arms again instead of parking, or that wake-up would be lost.
    rewoken: bool,
    /// A `select` send arm on this rendezvous channel handed its message over to this
    /// coroutine's recv arm on it, counting on it being taken: until that arm has run,
    /// the other arms hold back (they register, but do not complete), as Go's `select`
    /// commits both sides of a rendezvous at once.
    committed: Option<u32>,
    /// A round ended with `committed` still set (the promise came after the recv arm's
    /// turn): the arms are tried once more for it, then the promise is dropped.
    commit_retried: bool,
}

impl Select {
    /// Whether the coroutine is in this `select` (from its `SelBegin` to its next
    /// plain wait).
    #[inline]
    pub(super) fn is_open(&self) -> bool {
        self.open
    }

    /// The coroutine registers a wait: as an arm (pending, the `select` goes on) or a
    /// plain wait (which ends the `select`: one raised out of its arms is over).
    pub(super) fn waits_in_arm(&mut self, arm: bool) {
        self.pending |= arm;
        self.open &= arm;
    }

    /// A registration of this `select` was used up: `SelWait` tries the arms again.
    pub(super) fn rewake(&mut self) {
        if self.open {
            self.rewoken = true;
        }
    }

    /// Keeps the one wake-up a message or free place on `chan` gave (`batons`).
    pub(super) fn keep_baton(&mut self, chan: u32, send: bool) {
        self.batons.push((chan, send));
    }
}

impl Core {
    /// The running coroutine's `select` arm took a message on `chan` (or, `send`, put one
    /// in a free place): the wake-up it was given for that is used, not passed on. Passed
    /// on as well, one message woke two receivers: the one the taking freed a place for
    /// got the next message and the other found nothing and waited again at the back of
    /// the line, behind receivers that came after it (tests/programs/co_select_fifo_burst.cp).
    pub fn baton_used(&mut self, chan: u32, send: bool) {
        let me = self.me;
        if let Some(s) = self.task_mut(me).and_then(|t| t.waits.select_mut()) {
            if let Some(i) = s.batons.iter().position(|&b| b == (chan, send)) {
                s.batons.swap_remove(i);
            }
        }
    }

    /// Takes the mark `SelArm` left: whether the calling native is a `select` arm. Every
    /// native that can wait takes it first, so the mark never outlives its arm.
    pub fn take_arm(&mut self) -> bool {
        let me = self.me;
        self.task_mut(me).and_then(|t| t.waits.select_mut()).is_some_and(|s| core::mem::take(&mut s.arm))
    }

    /// Coroutine `id` leaves whatever `select` it was in, never to finish it (the entry,
    /// to run its exit hook; a coroutine that ended, cancelled by a shutdown): its arm
    /// mark and state go, and a rendezvous message promised to it is free for another
    /// receiver, which wakes if one waits.
    pub fn leave_select(&mut self, id: CoId) {
        self.pass_batons(id);
        let Some(s) = self.tasks.get_mut(id as usize).and_then(|t| t.waits.take_select()) else { return };
        let Some(chan) = s.committed else { return };
        if self.promised(chan) == Some(id) {
            self.unpromise(chan);
            if self.chans.get(chan as usize).is_some_and(|c| !c.queue.is_empty()) {
                self.wake_one(chan, false);
            }
        }
    }

    /// Coroutine `id` caught a signal. Nothing that can raise runs between a `select`'s
    /// `SelBegin` and its winning arm's `SelDone` but the arms' natives (the operands
    /// are evaluated before), so a `select` still in its rounds was raised out of (a
    /// join arm of a failed coroutine): its registrations and the wake-ups it was given
    /// go now. Left until its next wait, a coroutine that then only computes would keep
    /// a message's one wake-up from the receivers behind it
    /// (tests/programs/co_select_raised_out_passes_wakeup.cp). After a winning arm, the
    /// `select` has nothing left to drop.
    pub fn leave_raised_select(&mut self, id: CoId) {
        if self.in_select(id) {
            self.clear_waits(id);
            self.leave_select(id);
        }
    }

    /// Whether coroutine `id` is in a `select` (from its `SelBegin` to its next plain
    /// wait).
    pub fn in_select(&self, id: CoId) -> bool {
        self.tasks.get(id as usize).and_then(|t| t.waits.select()).is_some_and(|s| s.open)
    }

    /// Whether coroutine `id` is between the arms of a round of its `select` (began it
    /// or woke from its `SelWait`, and has not parked there again): what its arms
    /// registered this round must stay until `SelWait`.
    pub fn mid_select_round(&self, id: CoId) -> bool {
        self.tasks.get(id as usize).and_then(|t| t.waits.select()).is_some_and(|s| s.open && !s.waited)
    }

    /// Whether a `recv` arm of the running coroutine's `select` found channel `chan`
    /// empty earlier in this round of trying the arms.
    pub fn arm_found_empty(&self, chan: u32) -> bool {
        let t = self.tasks.get(self.me as usize);
        t.and_then(|t| t.waits.select()).is_some_and(|s| s.not_ready.contains(&chan))
    }

    /// Whether the running coroutine's `select` arm, a recv on `recv_on` (or `None`: any
    /// other operation), must hold back this round: the `select` was promised to take a
    /// rendezvous message on another channel (`Select::committed`).
    pub fn held_back(&self, recv_on: Option<u32>) -> bool {
        let t = self.tasks.get(self.me as usize);
        t.and_then(|t| t.waits.select()).and_then(|s| s.committed).is_some_and(|c| Some(c) != recv_on)
    }

    /// The coroutine a `select` send arm on rendezvous channel `chan` may hand its message
    /// to: the first waiting receiver other than `me` that will take it (a plain `recv`,
    /// or a `select` not already promised to another rendezvous).
    pub fn rendezvous_taker(&self, chan: u32, me: CoId) -> Option<CoId> {
        let ch = self.chans.get(chan as usize)?;
        ch.recv_wait().iter().copied().find(|&id| {
            // a receiver in a `select` counts once parked in its `SelWait`: it will try
            // its arms again when woken (one still trying them, preempted between them,
            // or past the `select` may never come back to this recv arm)
            let select = self.tasks.get(id as usize).and_then(|t| t.waits.select()).filter(|s| s.open);
            id != me && registered(&self.tasks, id, Wait::Recv(chan)) && select.is_none_or(|s| s.waited && s.committed.is_none())
        })
    }

    /// Whether coroutine `id`'s `select` is promised the message on channel `chan`.
    fn committed_to(&self, id: CoId, chan: u32) -> bool {
        self.tasks.get(id as usize).and_then(|t| t.waits.select()).is_some_and(|s| s.committed == Some(chan))
    }

    /// Whether the message in rendezvous channel `chan` is promised to a receiver other
    /// than `me` (`Core::promises`): `me` leaves it and waits for the next.
    pub fn promised_elsewhere(&self, chan: u32, me: CoId) -> bool {
        self.promised(chan).is_some_and(|p| p != me && self.committed_to(p, chan))
    }

    /// Promises receiver `id`'s `select`, if it is in one, to take the message just put
    /// on rendezvous channel `chan` (`Select::committed`).
    pub fn commit_to(&mut self, id: CoId, chan: u32) {
        if let Some(s) = self.task_mut(id).and_then(|t| t.waits.select_mut()).filter(|s| s.open) {
            s.committed = Some(chan);
            s.commit_retried = false;
            if self.chans.get(chan as usize).is_some() {
                self.promises.insert(chan, id);
            }
        }
    }

    /// Whether coroutine `id`'s `select` was promised a rendezvous message still there
    /// for it (`Core::promises`).
    pub(super) fn select_promised(&self, id: CoId) -> bool {
        let Some(chan) = self.task(id).and_then(|t| t.waits.select()).and_then(|s| s.committed) else { return false };
        self.promised(chan) == Some(id) && self.chans.get(chan as usize).is_some_and(|c| !c.queue.is_empty())
    }

    /// The running coroutine's recv arm on `chan` found it empty: if its `select` was
    /// promised a message there, another receiver took it; the promise is off, and the
    /// arms that held back are tried again (nothing would wake it for them).
    pub fn commit_failed(&mut self, chan: u32) {
        let me = self.me;
        if let Some(s) = self.task_mut(me).and_then(|t| t.waits.select_mut()).filter(|s| s.committed == Some(chan)) {
            s.committed = None;
            s.rewoken = true;
        }
    }

    /// The coroutines woken from `woken[from..]` on, which do not consume a
    /// registration as a message or a timer does (a socket's readiness, a channel's
    /// closing, a coroutine's end): one between the arms of its `select` tries them
    /// again at its `SelWait` rather than parking (`Select::rewoken`), or the wake-up
    /// would be lost (a socket's readiness is reported once).
    pub(super) fn rewoken_from(&mut self, from: usize) {
        for i in from..self.woken.len() {
            let id = self.woken[i];
            if let Some(s) = self.tasks.get_mut(id as usize).and_then(|t| t.waits.select_mut()).filter(|s| s.open) {
                s.rewoken = true;
            }
        }
    }

    /// Notes that a read arm found socket `s` with nothing to read this round: a later
    /// read arm on it in the same round finds it so too (the text that arrives in
    /// between is the first arm's in the next round, as for channels; a later
    /// `None = s.read_line()` arm would drop a line). A later `read` arm still returns
    /// the start of a line a `read_line` arm left in the socket's buffer (`net.rs`).
    pub fn note_unreadable(&mut self, s: u32) {
        self.note_empty(s | SOCKET_ARM);
    }

    /// Whether a read arm of the running coroutine's `select` found socket `s` with
    /// nothing to read earlier in this round.
    pub fn arm_found_unreadable(&self, s: u32) -> bool {
        self.arm_found_empty(s | SOCKET_ARM)
    }

    /// Notes that a `recv` arm found channel `chan` empty this round.
    pub fn note_empty(&mut self, chan: u32) {
        let me = self.me;
        if let Some(s) = self.task_mut(me).and_then(|t| t.waits.select_mut()) {
            if !s.not_ready.contains(&chan) {
                s.not_ready.push(chan);
            }
        }
    }

    /// Passes on the wake-ups coroutine `id`'s `select` was given and did not use
    /// (`Select::batons`): for each message still queued, or place still free, on its
    /// channel, the next waiter but `id` wakes.
    #[inline]
    pub(super) fn pass_batons(&mut self, id: CoId) {
        let t = self.tasks.get(id as usize);
        if t.and_then(|t| t.waits.select()).is_some_and(|s| !s.batons.is_empty()) {
            self.pass_batons_held(id);
        }
    }

    #[inline(never)]
    fn pass_batons_held(&mut self, id: CoId) {
        let Some(s) = self.tasks.get_mut(id as usize).and_then(|t| t.waits.select_mut()) else { return };
        for (chan, send) in core::mem::take(&mut s.batons) {
            let Some(c) = self.chans.get(chan as usize) else { continue };
            let still = if send { c.queue.len() < c.cap() || c.receivers <= 0 } else { !c.queue.is_empty() };
            if still {
                self.wake_one_but(chan, send, id);
            }
        }
    }

    /// Wakes a `select` other than `receiver`'s waiting to send on rendezvous channel
    /// `chan`: its send arm waits for a receiver to wait, and `receiver` waiting is its
    /// chance. (A plain sender waits for the place, and is woken when it frees,
    /// first come, first served: waking one here too sent two for one place, and the
    /// loser to the back of the queue.)
    pub(super) fn wake_sender_for(&mut self, chan: u32, receiver: CoId) {
        let Core { chans, tasks, .. } = self;
        let Some(ch) = chans.get_mut(chan as usize) else { return };
        let selecting = |id: CoId| tasks.get(id as usize).and_then(|t| t.waits.select()).is_some_and(|s| s.open);
        let sending = |id: CoId| id != receiver && selecting(id) && registered(tasks, id, Wait::Send(chan));
        let Some(at) = ch.send_wait().iter().position(|&id| sending(id)) else { return };
        let Some(id) = ch.send_wait_mut().remove(at) else { return };
        if self.consume(id, Wait::Send(chan)) {
            self.woken.push(id);
        }
    }

    /// A timer arm's deadline: fixed when the arm is first tried in this `select`.
    pub fn arm_deadline(&mut self, now: i64, ns: i64) -> i64 {
        let me = self.me;
        let Some(t) = self.task_mut(me) else { return now };
        let s = t.waits.select_or_insert();
        let i = s.next_timer as usize;
        s.next_timer = s.next_timer.saturating_add(1);
        match s.deadlines.get(i) {
            Some(&at) => at,
            None => {
                let at = now.saturating_add(ns.max(0));
                s.deadlines.push(at);
                at
            }
        }
    }

    /// The `select` natives.
    pub fn select(&mut self, n: cprime_bytecode::natives::Native) -> Result<Option<u64>, Trap> {
        use cprime_bytecode::natives::Native::*;
        let me = self.me;
        // (an earlier `select` an arm raised out of was left when the signal was caught:
        // `leave_raised_select`)
        let Some(t) = self.task_mut(me) else { return Err(Trap::Internal(alloc::format!("no task {me}"))) };
        let s = t.waits.select_or_insert();
        match n {
            // a new `select` (in the last one's box)
            SelBegin => *s = Select { open: true, ..Select::default() },
            SelArm => s.arm = true,
            SelDone => {
                s.arm = false;
                let done = !core::mem::take(&mut s.pending);
                if done {
                    // an arm completed: the other arms' registrations go now (one left
                    // would take a wake-up meant for another waiter). Should its pattern
                    // not match, the arms are tried again before any parking.
                    s.rewoken = true;
                    self.clear_waits(me);
                    self.pass_batons(me);
                    // an arm that ran out of file descriptors and lost asked for a sweep
                    // for nothing: the next such failure asks again (`out_of_fds`)
                    self.fds_found();
                }
                return Ok(Some(done as u64));
            }
            SelWait => {
                let resumed = core::mem::take(&mut s.waited);
                // promised a rendezvous message after its recv arm's turn this round (a
                // worker's sender, while it tried its arms): one more round takes it
                // (and, should the arm never come, the promise is dropped after that:
                // another receiver may take the message)
                let mut dropped = None;
                if !resumed && s.committed.is_some() {
                    if core::mem::replace(&mut s.commit_retried, true) {
                        dropped = s.committed.take();
                    }
                    s.rewoken = true;
                }
                if !resumed && !s.rewoken {
                    s.waited = true;
                    // parked in `SelWait`, it is a taker for `select` send arms on the
                    // rendezvous channels its recv arms wait on (`rendezvous_taker`)
                    let recvs: SmallVec<[u32; 2]> =
                        t.waits.iter().filter_map(|w| if let Wait::Recv(c) = *w { Some(c) } else { None }).collect();
                    for c in recvs {
                        if self.chans.get(c as usize).is_some_and(|ch| ch.rendezvous() && !ch.send_wait().is_empty()) {
                            self.wake_sender_for(c, me);
                        }
                    }
                    // a message its arms left (one held back) is another waiter's
                    self.pass_batons(me);
                    return Err(Trap::Block);
                }
                if let Some(c) = dropped {
                    self.wake_one(c, false);
                }
                let Some(s) = self.task_mut(me).and_then(|t| t.waits.select_mut()) else { return Ok(None) };
                // woken (or already while trying the arms): the arms are tried again, timer
                // arms keeping their deadlines
                s.next_timer = 0;
                s.not_ready.clear();
                s.rewoken = false;
            }
            _ => return Err(Trap::Internal(alloc::format!("{} is not a select native", n.info().name))),
        }
        Ok(None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::co::wait::tests::{core_with, park_as};
    use cprime_bytecode::natives::Native::{SelArm, SelBegin};

    /// Coroutine `id` begins a `select` and is at its first arm's native.
    fn begin_at_arm(c: &mut Core, id: CoId) {
        c.me = id;
        c.select(SelBegin).unwrap();
        at_arm(c);
    }

    /// The running coroutine's `select` is at an arm's native (`SelArm` took).
    fn at_arm(c: &mut Core) {
        c.select(SelArm).unwrap();
        assert!(c.take_arm());
    }

    #[test]
    fn a_wake_up_while_trying_the_arms_makes_select_try_them_again_instead_of_parking() {
        use cprime_bytecode::natives::Native::SelWait;
        let mut c = core_with(1);
        // a round in which nothing happens meanwhile parks
        begin_at_arm(&mut c, 1);
        c.note_empty(0);
        c.park(Wait::Recv(0), true).unwrap();
        assert!(c.arm_found_empty(0), "a later arm on the channel finds it empty too");
        assert!(matches!(c.select(SelWait), Err(Trap::Block)));
        // woken while parked: the next round starts afresh
        c.wake_one(0, false);
        assert!(matches!(c.select(SelWait), Ok(None)));
        assert!(!c.arm_found_empty(0));
        // a round whose registration is used up before it reaches `SelWait` (the
        // coroutine was preempted between its arms): no parking, or the wake-up is lost
        at_arm(&mut c);
        c.park(Wait::Recv(0), true).unwrap();
        c.wake_one(0, false);
        assert!(matches!(c.select(SelWait), Ok(None)));
    }

    #[test]
    fn select_arms_add_registrations_and_a_plain_wait_replaces_them() {
        let mut c = core_with(1);
        park_as(&mut c, 1, Wait::Recv(0), true);
        park_as(&mut c, 1, Wait::Timer(50), true);
        assert_eq!(c.tasks[1].waits[..], [Wait::Recv(0), Wait::Timer(50)]);
        park_as(&mut c, 1, Wait::Send(0), false);
        assert_eq!(c.tasks[1].waits[..], [Wait::Send(0)]);
        assert!(c.chans[0].recv_wait().is_empty(), "the old arm left the channel's list");
        assert!(!c.timer_due(50, 1), "a timer it no longer waits for wakes nobody");
    }

    #[test]
    fn a_select_raised_out_of_leaves_the_next_message_to_a_plain_receiver() {
        let mut c = core_with(2);
        begin_at_arm(&mut c, 1);
        park_as(&mut c, 1, Wait::Recv(0), true);
        // the next arm (a join of a failed coroutine) raised; the coroutine caught it
        c.leave_raised_select(1);
        assert!(c.tasks[1].waits.is_empty() && !c.in_select(1));
        park_as(&mut c, 2, Wait::Recv(0), false);
        c.chans[0].queue.push_back(crate::transfer::Packet::int(7));
        c.wake_one(0, false);
        assert_eq!(c.woken, [2], "the message wakes the receiver that waits for it");
    }

    /// One round of coroutine `id`'s `select { Some(v) = rx.recv() => .., None =
    /// rx.recv() => .. }` on channel 0 that finds it empty and parks.
    fn select_twice_on_one_channel(c: &mut Core, id: CoId) {
        use cprime_bytecode::natives::Native::{SelDone, SelWait};
        c.me = id;
        c.select(SelBegin).unwrap();
        for _ in 0..2 {
            at_arm(c);
            park_as(c, id, Wait::Recv(0), true);
            assert_eq!(c.select(SelDone).unwrap(), Some(0));
        }
        assert!(matches!(c.select(SelWait), Err(Trap::Block)));
    }

    #[test]
    fn two_arms_on_one_channel_are_one_place_in_its_queue() {
        // a consumer loop of such `select`s left one more place behind at each message
        let mut c = core_with(1);
        for round in 0..100 {
            select_twice_on_one_channel(&mut c, 1);
            assert_eq!(c.chans[0].recv_wait().len(), 1, "round {round}");
            c.wake_one(0, false);
            assert_eq!(c.woken, [1]);
            c.woken.clear();
            assert!(c.chans[0].recv_wait().is_empty(), "round {round}: a place stayed behind");
            // it runs again: past its `select`
            c.clear_waits(1);
            c.leave_select(1);
        }
    }

    #[test]
    fn many_selects_giving_up_on_one_channel_leave_it_in_linear_time_and_space() {
        // 10,000 coroutines wait on one channel in a `select` and all time out: taking
        // each out of the queue was a pass over it (quadratic); now the queue keeps the
        // stale ones until they are half of it, and the next message still wakes one
        // that waits
        let n = 10_000;
        let mut c = core_with(n);
        for id in 1..=n {
            select_twice_on_one_channel(&mut c, id);
        }
        assert_eq!(c.chans[0].recv_wait().len(), n as usize);
        for id in 1..n {
            // its timer arm won
            c.me = id;
            c.clear_waits(id);
            c.leave_select(id);
            assert!(c.chans[0].recv_wait().len() <= 2 * (n - id) as usize + 32, "{} places for {} waiters", c.chans[0].recv_wait().len(), n - id);
        }
        c.wake_one(0, false);
        assert_eq!(c.woken, [n], "the one left waiting is woken");
        assert!(c.chans[0].recv_wait().is_empty() || c.chans[0].recv_wait().iter().all(|&x| !registered(&c.tasks, x, Wait::Recv(0))));
        // a channel closing wakes only those that wait
        c.woken.clear();
        select_twice_on_one_channel(&mut c, 1);
        c.count(0, true, -1);
        assert_eq!(c.woken, [1]);
    }

    #[test]
    fn a_message_wakes_one_waiter_and_a_select_that_leaves_it_passes_it_on() {
        use cprime_bytecode::natives::Native::{SelDone, SelWait};
        let mut c = core_with(3);
        begin_at_arm(&mut c, 1);
        park_as(&mut c, 1, Wait::Recv(0), true);
        assert_eq!(c.select(SelDone).unwrap(), Some(0), "the arm waits");
        assert!(matches!(c.select(SelWait), Err(Trap::Block)));
        park_as(&mut c, 2, Wait::Recv(0), false);
        park_as(&mut c, 3, Wait::Recv(0), false);
        c.chans[0].queue.push_back(crate::transfer::Packet::int(7));
        c.wake_one(0, false);
        assert_eq!(c.woken, [1], "one message, one waiter woken, a selecting one too");
        // coroutine 1 runs: its arms again, and another one wins; the message is still
        // there, so the wake-up goes on to the next waiter
        c.me = 1;
        assert!(c.select(SelWait).is_ok());
        at_arm(&mut c);
        assert_eq!(c.select(SelDone).unwrap(), Some(1), "the arm completed");
        assert_eq!(c.woken, [1, 2]);
        // once taken, nothing more is passed on: the next message wakes 3
        c.chans[0].queue.pop_front();
        park_as(&mut c, 2, Wait::Recv(0), false);
        c.woken.clear();
        c.wake_one(0, false);
        assert_eq!(c.woken, [3]);
    }

    #[test]
    fn a_thousand_selects_waiting_on_one_channel_wake_one_per_message() {
        let mut c = core_with(1000);
        for id in 1..=1000 {
            c.me = id;
            c.select(cprime_bytecode::natives::Native::SelBegin).unwrap();
            park_as(&mut c, id, Wait::Recv(0), true);
        }
        c.wake_one(0, false);
        assert_eq!(c.woken, [1]);
    }

    /// One step of a random schedule over coroutines 1..=4 and channel 0.
    #[derive(Clone, Debug)]
    enum Step {
        /// Coroutine waits to receive: plainly, or as a `select` arm.
        Wait(u32, bool),
        /// Coroutine runs again (woken, or spuriously): its registrations go.
        Run(u32),
        /// A message arrives: one waiter is woken.
        Message,
    }

    fn step() -> impl proptest::strategy::Strategy<Value = Step> {
        use proptest::prelude::*;
        prop_oneof![
            (1u32..=4, any::<bool>()).prop_map(|(c, arm)| Step::Wait(c, arm)),
            (1u32..=4).prop_map(Step::Run),
            Just(Step::Message),
        ]
    }

    proptest::proptest! {
        /// Whatever the interleaving, a message wakes exactly one coroutine that still
        /// waits on the channel (none if none waits), never one that stopped waiting; a
        /// `select` woken keeps the wake-up to pass on should it not use it.
        #[test]
        fn a_message_wakes_one_current_waiter(steps in proptest::collection::vec(step(), 1..60)) {
            let mut c = core_with(4);
            for s in steps {
                match s {
                    Step::Wait(id, arm) => {
                        c.me = id;
                        if arm && !c.tasks[id as usize].waits.select().is_some_and(|s| s.open) {
                            c.select(cprime_bytecode::natives::Native::SelBegin).unwrap();
                        }
                        let _ = c.park(Wait::Recv(0), arm);
                    }
                    Step::Run(id) => c.clear_waits(id),
                    Step::Message => {
                        let waiting: alloc::vec::Vec<CoId> =
                            (1..=4).filter(|&id| c.tasks[id as usize].waits.contains(&Wait::Recv(0))).collect();
                        let selecting = |c: &Core, id: CoId| c.tasks[id as usize].waits.select().is_some_and(|s| s.open);
                        c.woken.clear();
                        c.wake_one(0, false);
                        proptest::prop_assert_eq!(c.woken.len(), usize::from(!waiting.is_empty()));
                        if let Some(&w) = c.woken.first() {
                            proptest::prop_assert!(waiting.contains(&w));
                            // used up: the next message goes to someone else
                            proptest::prop_assert!(!c.tasks[w as usize].waits.contains(&Wait::Recv(0)));
                            let baton = c.tasks[w as usize].waits.select().is_some_and(|s| s.batons.contains(&(0, false)));
                            proptest::prop_assert_eq!(baton, selecting(&c, w));
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn timer_arms_keep_their_deadline_across_tries() {
        let mut c = core_with(1);
        c.me = 1;
        c.select(cprime_bytecode::natives::Native::SelBegin).unwrap();
        assert_eq!(c.arm_deadline(100, 10), 110);
        assert_eq!(c.arm_deadline(100, 5), 105, "a second timer arm has its own");
        // woken and tried again later: same deadlines
        c.tasks[1].waits.select_or_insert().waited = true;
        c.select(cprime_bytecode::natives::Native::SelWait).unwrap();
        assert_eq!(c.arm_deadline(107, 10), 110);
        assert_eq!(c.arm_deadline(107, 5), 105);
    }

    #[test]
    fn a_receiver_starting_to_wait_on_a_rendezvous_channel_wakes_a_select_sender() {
        let mut c = core_with(3);
        c.chans[0].cap_bits |= crate::co::RENDEZVOUS;
        // a plain sender waiting for the place (woken when it frees, in turn)
        park_as(&mut c, 3, Wait::Send(0), false);
        // a `select` send arm: it sends only to a waiting receiver
        c.me = 1;
        c.select(cprime_bytecode::natives::Native::SelBegin).unwrap();
        park_as(&mut c, 1, Wait::Send(0), true);
        park_as(&mut c, 2, Wait::Recv(0), false);
        assert_eq!(c.woken, [1], "the select's chance; not the plain sender's");
    }

    /// Coroutine 1 parks in a `select` whose recv arm on rendezvous channel 0 was
    /// promised the message there (as a `select` send arm leaves it); coroutine 2 waits
    /// to receive there too, the message not being its.
    fn promised_to_1_while_2_waits() -> Core {
        use cprime_bytecode::natives::Native::SelWait;
        let mut c = core_with(2);
        c.chans[0].cap_bits |= crate::co::RENDEZVOUS;
        begin_at_arm(&mut c, 1);
        c.park(Wait::Recv(0), true).unwrap();
        assert!(matches!(c.select(SelWait), Err(Trap::Block)));
        c.chans[0].queue.push_back(crate::transfer::Packet::int(7));
        c.commit_to(1, 0);
        assert!(c.promised_elsewhere(0, 2));
        park_as(&mut c, 2, Wait::Recv(0), false);
        c
    }

    #[test]
    fn the_last_message_taken_from_a_channel_without_senders_wakes_its_receivers() {
        let mut c = promised_to_1_while_2_waits();
        // the last sender went while the message was there: the receivers woke, and
        // coroutine 2 went back to waiting, the message not being its
        c.count(0, true, -1);
        c.woken.clear();
        park_as(&mut c, 2, Wait::Recv(0), false);
        // coroutine 1 takes its message: the channel is empty and closed, so 2 wakes
        // (to find `None`)
        c.chans[0].queue.pop_front();
        c.me = 1;
        c.message_taken(0);
        assert_eq!(c.woken, [2]);
    }

    #[test]
    fn a_select_that_ends_promised_a_message_leaves_it_to_a_waiting_receiver() {
        let mut c = promised_to_1_while_2_waits();
        c.woken.clear();
        // coroutine 1 ends (cancelled by a shutdown) without taking its message
        c.finish(1, Ok(crate::transfer::Packet::int(0)));
        assert!(c.woken.contains(&2), "the waiting receiver wakes: {:?}", c.woken);
        assert!(!c.promised_elsewhere(0, 2), "the message is free");
    }
}
