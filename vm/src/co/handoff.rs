//! Channel messages handed from coroutine to coroutine without the channel's queue
//! where one side already waits, as Go's channels do: this is what makes waiting
//! receivers and waiting senders each served first come, first served (a coroutine
//! that comes later cannot take the message or the place a woken one was woken for,
//! as it could while the woken one had not run yet), and what lets a graceful
//! shutdown cancel a receiver without losing a message that was sent to it.
//!
//! - A send finding a plain `recv` waiting first, with nothing queued, hands the
//!   message to it (`hand_to`: `Progress::Given`); its `recv` takes it when it runs.
//! - A plain send finding the channel full exports its message at once and waits
//!   holding it (`park_pending`: `Progress::Pending`); a receiver that frees a place
//!   puts the first waiting sender's message there (`place_freed`) and wakes it done
//!   (`Progress::Placed`), or, on a rendezvous channel, leaves it waiting for the
//!   taking (`Progress::Handed`).
//!
//! A `select` takes no part: its arms may lose to another, so it neither is handed a
//! message nor exports one before its arm wins (`select.rs` keeps its wake-ups).
use alloc::boxed::Box;

use super::wait::registered;
use super::{CoId, Core, Progress, Wait};
use crate::transfer::Packet;
use crate::Trap;

/// Where a plain send that waited for a place stands (`Core::pending_send`).
pub(crate) enum Pending {
    /// It holds no exported message.
    None,
    /// A receiver put its message in the place it freed: the send is done.
    Placed,
    /// It still holds its message, exported.
    Held,
}

impl Core {
    /// The receiver a message sent on `chan` now is handed (`hand_to`): the first one
    /// waiting there, if it is a plain `recv` (not a `select`, which may take another
    /// arm) and nothing queued is before the message.
    pub fn first_plain_receiver(&mut self, chan: u32) -> Option<CoId> {
        if !self.chans.get(chan as usize)?.queue.is_empty() {
            return None;
        }
        let first = self.first_waiting(chan, false)?;
        (!self.in_select(first)).then_some(first)
    }

    /// The first coroutine still registered in channel `chan`'s list of receivers (or
    /// senders: `send`); the entries before it, which waited there no more, go (as
    /// `wake_one` drops them: each is looked at once, not at every message).
    fn first_waiting(&mut self, chan: u32, send: bool) -> Option<CoId> {
        let w = if send { Wait::Send(chan) } else { Wait::Recv(chan) };
        let Core { chans, tasks, .. } = self;
        let mut list = chans.get_mut(chan as usize)?.wait_list(send);
        loop {
            let first = list.iter().next().copied()?;
            if registered(tasks, first, w) {
                return Some(first);
            }
            list.pop_front();
        }
    }

    /// Hands message `msg` on channel `chan` to receiver `id`, waiting there in a plain
    /// `recv`, and wakes it: it takes it when it runs again, and a graceful shutdown
    /// lets it take it before it is cancelled (`owes_a_take`): the send has happened.
    /// (`held`: the message's references are counted already, as a waiting send's are:
    /// counting them again only after giving them back could free a channel whose last
    /// ends it carries.)
    pub fn hand_to(&mut self, id: CoId, chan: u32, msg: Packet, held: bool) {
        let given = match msg.plain() {
            Some(v) => {
                self.spares.give(msg);
                Progress::Given(v)
            }
            None => {
                if !held {
                    self.hold(&msg, 1);
                }
                Progress::GivenPacket(Box::new(msg))
            }
        };
        self.give(id, chan, given);
    }

    /// The fast lane of a send by the running coroutine that is not a `select` arm (the
    /// caller knows) and holds no message (`Progress::None`), on a buffered channel, of a message that
    /// carries no object (`plain`, a number): handed to the first receiver waiting in a
    /// plain `recv` as `hand_to` does, without making a packet (about a third of a
    /// ping-pong's send). `false`: no such receiver, or not such a send; the full path
    /// decides (it finds the same, as nothing changed).
    pub fn hand_plain(&mut self, chan: u32, plain: u64) -> bool {
        let me = self.me;
        if !self.task(me).is_some_and(|t| matches!(t.progress, Progress::None)) {
            return false;
        }
        if !self.chans.get(chan as usize).is_some_and(|c| !c.rendezvous() && c.receivers > 0) {
            return false;
        }
        let Some(r) = self.first_plain_receiver(chan) else { return false };
        self.give(r, chan, Progress::Given(plain));
        true
    }

    /// `hand_to`'s hand-over of what receiver `id`, waiting on channel `chan`, is given.
    fn give(&mut self, id: CoId, chan: u32, given: Progress) {
        if let Some(t) = self.task_mut(id) {
            t.set_progress(given);
        }
        if self.consume(id, Wait::Recv(chan)) {
            self.woken.push(id);
        }
        self.drop_waiter(chan, false, id);
        // the place this message would have taken is free: a sender waiting for one
        // has it (a rendezvous channel's senders wait for it one after another)
        let Some(ch) = self.chans.get(chan as usize) else { return };
        if !ch.send_wait().is_empty() && ch.queue.len() < ch.cap() {
            self.place_freed(chan);
        }
    }

    /// Takes coroutine `id`, which waits there no more, off channel `chan`'s list of
    /// receivers (or senders: `send`): at once from the front, where it mostly is.
    fn drop_waiter(&mut self, chan: u32, send: bool, id: CoId) {
        let w = if send { Wait::Send(chan) } else { Wait::Recv(chan) };
        let Core { chans, tasks, .. } = self;
        let Some(ch) = chans.get_mut(chan as usize) else { return };
        let mut list = ch.wait_list(send);
        if list.iter().next() == Some(&id) {
            list.pop_front();
        } else {
            list.forget(id, |x| registered(tasks, x, w));
        }
    }

    /// The value of the message the running coroutine was handed (`hand_to`), imported
    /// into its heap; `None` if it was handed none. The message stays its until the
    /// caller `took_given` (an import that runs out of memory is retried).
    pub fn given(&self, heap: &mut crate::heap::Heap, tables: &crate::Tables) -> Result<Option<u64>, Trap> {
        match self.task(self.me).map(|t| &t.progress) {
            Some(Progress::Given(v)) => Ok(Some(*v)),
            Some(Progress::GivenPacket(p)) => crate::transfer::import(heap, tables, p).map(Some),
            _ => Ok(None),
        }
    }

    /// Whether the running coroutine was woken for a message queued on channel `chan`
    /// (`Progress::Summoned`); the mark goes either way (it is for this one `recv`).
    pub fn take_summoned(&mut self, chan: u32) -> bool {
        let me = self.me;
        let Some(t) = self.task_mut(me) else { return false };
        match t.progress {
            Progress::Summoned(c) => {
                t.set_progress(Progress::None);
                c == chan
            }
            _ => false,
        }
    }

    /// The running coroutine has the message it was handed in its heap now (counted
    /// there: the caller applied its heap's counts first).
    pub fn took_given(&mut self) {
        if let Some(p) = self.take_progress_packet(self.me, false) {
            self.hold(&p, -1);
            self.spares.give(p);
        }
    }

    /// The running coroutine ran out of memory taking the message it was handed: the
    /// message goes back to the front of channel `chan`'s queue (of element kind
    /// `kind`), where it would have stayed without the hand-off, and a receiver wakes
    /// for it; the `recv` raises `OOM` or, after a collection, runs again.
    pub fn give_back(&mut self, chan: u32, kind: crate::Kind) {
        let me = self.me;
        let msg = match self.task(me).map(|t| &t.progress) {
            Some(Progress::Given(v)) => Packet::plain_of(kind, *v),
            Some(Progress::GivenPacket(_)) => match self.take_progress_packet(me, false) {
                Some(p) => p,
                None => return,
            },
            _ => return,
        };
        if let Some(t) = self.task_mut(me) {
            t.set_progress(Progress::None);
        }
        // first in line, as it was: before whatever was queued since (a queued
        // message's number is its place after `taken`: the rendezvous senders waiting
        // for those to be taken wait for the next number; this one's sender was done
        // when it was handed)
        let Some(c) = self.chans.get_mut(chan as usize) else { return self.release(msg) };
        let front = c.taken;
        c.queue.push_front(msg);
        if c.rendezvous() {
            // every such sender: one woken but not yet run is off `send_wait` (a rare
            // path, an out-of-memory receive: a walk over the tasks is fine)
            for t in &mut self.tasks {
                if let Some((ch, n)) = t.handed().filter(|&(ch, n)| ch == chan && n.wrapping_sub(front) as i32 >= 0) {
                    t.set_handed(Some((ch, n.wrapping_add(1))));
                }
            }
        }
        self.wake_one(chan, false);
    }

    /// A plain send of the running coroutine on a full channel waits holding `msg`, its
    /// message exported now (its place in the line is its place in `send_wait`).
    pub fn park_pending(&mut self, msg: Packet) {
        self.hold(&msg, 1);
        let me = self.me;
        if let Some(t) = self.task_mut(me) {
            t.set_progress(Progress::Pending(Box::new(msg)));
        }
    }

    /// Where the running coroutine's plain send stands, having waited for a place: a
    /// `Placed` mark is cleared as it is read (the send returns).
    pub fn pending_send(&mut self) -> Pending {
        let me = self.me;
        let Some(t) = self.task_mut(me) else { return Pending::None };
        match t.progress {
            Progress::Placed => {
                t.set_progress(Progress::None);
                Pending::Placed
            }
            Progress::Pending(_) => Pending::Held,
            _ => Pending::None,
        }
    }

    /// The message the running coroutine's send holds (`Pending::Held`), back to be sent
    /// now; its references stay counted (the caller sends it as `held`, or releases it).
    pub fn take_pending(&mut self) -> Option<Packet> {
        self.take_progress_packet(self.me, true)
    }

    /// Coroutine `id`'s pending (`pending`) or handed message out of its progress, which
    /// is cleared; its references stay counted.
    pub(super) fn take_progress_packet(&mut self, id: CoId, pending: bool) -> Option<Packet> {
        let t = self.task_mut(id)?;
        match (&t.progress, pending) {
            (Progress::Pending(_), true) | (Progress::GivenPacket(_), false) => {}
            (Progress::Given(_), false) => {
                t.set_progress(Progress::None);
                return None;
            }
            _ => return None,
        }
        match core::mem::take(&mut t.progress) {
            Progress::GivenPacket(p) | Progress::Pending(p) => Some(*p),
            _ => None,
        }
    }

    /// A place on channel `chan` has come free (a receiver took a message, or one was
    /// handed past the queue): the first sender waiting, if it is a plain send holding
    /// its message, has it put there and is done (`Placed`; on a rendezvous channel it
    /// waits on for the taking: `Handed`); anyone else waiting (a `select`, a send that
    /// has not exported yet) is woken to try, as before.
    pub fn place_freed(&mut self, chan: u32) {
        let Some(c) = self.chans.get(chan as usize) else { return };
        // (a message given back to the front of the line may fill it past capacity)
        if c.queue.len() >= c.cap() && c.receivers > 0 {
            return;
        }
        let receivers = c.receivers;
        // the first sender waiting for a place: past a rendezvous sender waiting for its
        // message to be taken (one at a time), and the entries that wait no more
        let Some(front) = self.first_waiting(chan, true) else { return };
        let tasks = &self.tasks;
        let waiting = |id: CoId| registered(tasks, id, Wait::Send(chan)) && tasks.get(id as usize).is_some_and(|t| t.handed().is_none());
        let first = if waiting(front) { Some(front) } else { self.chans.get(chan as usize).and_then(|c| c.send_wait().iter().copied().find(|&id| waiting(id))) };
        let Some(first) = first else { return };
        if !matches!(self.task(first).map(|t| &t.progress), Some(Progress::Pending(_))) || receivers <= 0 {
            // a `select`, or a send that has not exported its message: it tries again
            self.drop_waiter(chan, true, first);
            self.wake_waiter(chan, true, first);
            return;
        }
        let id = first;
        let Some(msg) = self.take_progress_packet(id, true) else { return };
        let Some(c) = self.chans.get_mut(chan as usize) else { return };
        let number = c.taken.wrapping_add(c.queue.len() as u32);
        let rendezvous = c.rendezvous();
        c.queue.push_back(msg);
        if rendezvous {
            // (it stays in `send_wait`, registered: `message_taken` wakes it)
            if let Some(t) = self.task_mut(id) {
                t.set_handed(Some((chan, number)));
            }
        } else {
            if let Some(t) = self.task_mut(id) {
                t.set_progress(Progress::Placed);
            }
            if self.consume(id, Wait::Send(chan)) {
                self.woken.push(id);
            }
            self.drop_waiter(chan, true, id);
        }
        // one message more: one receiver to wake
        self.wake_one(chan, false);
    }

    /// Whether coroutine `id` was handed a message that it has not taken yet (`hand_to`),
    /// or its plain send's message was put in a place (`Placed`), or its `select` was
    /// promised a rendezvous message still there for it (`Core::promises`): the send
    /// happened, so a graceful shutdown cancels it where it next stops, after its
    /// receive or send, and nothing is lost or sent twice.
    pub fn owes_a_take(&self, id: CoId) -> bool {
        let Some(t) = self.task(id) else { return false };
        if matches!(t.progress, Progress::Given(_) | Progress::GivenPacket(_) | Progress::Placed) {
            return true;
        }
        self.select_promised(id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::co::wait::tests::{core_with, park_as};

    #[test]
    fn a_number_is_handed_to_the_first_plain_receiver_only() {
        // 1 waits in a plain `recv`: 2's number is handed to it, and it is woken
        let mut c = core_with(3);
        park_as(&mut c, 1, Wait::Recv(0), false);
        c.me = 2;
        assert!(c.hand_plain(0, 42));
        assert_eq!(c.woken, [1]);
        assert!(matches!(c.task(1).map(|t| &t.progress), Some(Progress::Given(42))));
        // nobody waits now: the full path queues the next one
        assert!(!c.hand_plain(0, 43));
        // a sender holding a message (waiting for a place) is not this lane's
        park_as(&mut c, 3, Wait::Recv(0), false);
        c.me = 2;
        c.tasks[2].progress = Progress::Placed;
        assert!(!c.hand_plain(0, 44));
        c.tasks[2].progress = Progress::None;
        // nor is a rendezvous channel (its sender waits for the taking)
        c.chans[0].cap_bits |= crate::co::RENDEZVOUS;
        assert!(!c.hand_plain(0, 45));
        c.chans[0].cap_bits = 1;
        assert!(c.hand_plain(0, 46));
        assert_eq!(c.woken, [1, 3]);
    }

    #[test]
    fn a_receiver_in_a_select_is_not_handed_a_number() {
        // its arms may lose to another: the full path wakes it to try them
        let mut c = core_with(2);
        c.me = 1;
        c.select(cprime_bytecode::natives::Native::SelBegin).unwrap();
        c.select(cprime_bytecode::natives::Native::SelArm).unwrap();
        assert!(c.take_arm());
        assert!(c.park(Wait::Recv(0), true).is_ok());
        c.me = 2;
        assert!(!c.hand_plain(0, 7));
        assert!(c.woken.is_empty());
    }
}
