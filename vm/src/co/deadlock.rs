//! The report of a deadlock: every coroutine waits and nothing can wake one. It says
//! what each coroutine waits for and where. A receiver whose channel still has senders
//! is the usual case: `spawn` copies what it captures, so a sender the spawner still
//! uses after the wait (or the receiver itself does) keeps the channel open; the report
//! says to drop it before waiting.
use alloc::string::String;
use core::fmt::Write;

use cprime_bytecode::module::Module;

use super::sched::Run;
use super::{CoId, Core, End, Failure, Wait};
use crate::unwind::write_trace;
use crate::State;

/// Coroutines listed before the rest are only counted.
const LISTED: usize = 8;

/// The spawned coroutines `report` lists (the first `LISTED` alive, but for the entry's
/// place), unpacked so that it can read where they wait; the others may stay packed.
pub(super) fn prepare(core: &Core, run: &mut Run) {
    let alive = |id: usize| core.tasks.get(id).is_some_and(|t| !t.finished()) && run.here(id as CoId);
    let ids: alloc::vec::Vec<CoId> = (1..core.tasks.len()).filter(|&id| alive(id)).take(LISTED).map(|id| id as CoId).collect();
    for id in ids {
        run.unpack(id);
    }
}

/// The report of a deadlock of the coroutines in `run` (the entry's on `main`), after
/// `prepare`: a panic's text, or a warning's (the cleanup for `exit(n)` stuck).
pub(super) fn report(module: &Module, core: &Core, run: &Run, main: &State) -> String {
    let mut text = String::from("every coroutine is waiting and none can be woken (deadlock)\n");
    let mut listed = 0;
    let mut more = 0;
    let mut open_channel = false;
    for (id, task) in core.tasks.iter().enumerate() {
        let st = match id {
            0 if !run.main_done => Some(main),
            0 => continue,
            _ if !run.here(id as CoId) => continue,
            _ => run.states.fiber(id).map(|f| &f.st),
        };
        if task.finished() {
            continue;
        }
        // (a packed one is past the first `LISTED`: `prepare`)
        let Some(st) = st.filter(|_| listed < LISTED) else {
            more += 1;
            continue;
        };
        listed += 1;
        let who = if id == 0 { String::from("coroutine 0 (the entry's)") } else { alloc::format!("coroutine {id}") };
        let what = match task.waits.first() {
            Some(&Wait::Recv(c)) => {
                let senders = core.chans.get(c as usize).map_or(0, |ch| ch.senders.max(0));
                open_channel |= senders > 0;
                let held = holders(core, run, main, c, id);
                match senders {
                    1 => alloc::format!("waits to receive on a channel that still has a sender{held}"),
                    n => alloc::format!("waits to receive on a channel that still has {n} senders{held}"),
                }
            }
            Some(Wait::Send(_)) if task.handed().is_some() => String::from("waits for a receiver to take its message (a rendezvous channel)"),
            Some(&Wait::Send(c)) if core.chans.get(c as usize).is_some_and(|ch| ch.rendezvous()) => {
                match core.chans.get(c as usize).is_some_and(|ch| !ch.queue.is_empty()) {
                    true => String::from("waits to send on a rendezvous channel that holds another message not taken yet"),
                    false => String::from("waits to send on a rendezvous channel (a `select` arm: no receiver is waiting)"),
                }
            }
            Some(Wait::Send(_)) => String::from("waits to send on a full channel"),
            Some(&Wait::Join(j)) if core.tasks.get(j as usize).is_some_and(|t| matches!(t.end(), Some(End::Failed(Failure::Exited)))) => {
                alloc::format!("waits for coroutine {j}, which called `exit`")
            }
            Some(Wait::Join(j)) => alloc::format!("waits for coroutine {j} to finish"),
            Some(Wait::All) => String::from("waits for every other coroutine to finish (`scheduler.run()`)"),
            Some(Wait::Timer(_)) => String::from("sleeps"),
            Some(Wait::Io(..) | Wait::File(_)) => String::from("waits for I/O"),
            Some(Wait::Output) => String::from("waits for its output to be written"),
            None => String::from("waits"),
        };
        let arms = if task.waits.len() > 1 { " (and more `select` arms)" } else { "" };
        let _ = writeln!(text, "{who} {what}{arms}");
        if let Some(r) = st.suspended.get() {
            let mut frames = alloc::vec![(r.func, r.pc)];
            frames.extend(st.frames.iter().rev().map(|f| (f.func as usize, f.pc as usize)));
            write_trace(module, &frames, &mut text);
        }
    }
    if more > 0 {
        let _ = writeln!(text, "... and {more} more coroutines waiting");
    }
    if open_channel {
        text.push_str(
            "help: a channel stays open while a sender of it may still be used, also one in a variable read after \
             the wait (`spawn` copies what it captures, so the spawner keeps its own): `drop(tx)` senders that are \
             done before waiting for the channel to close\n",
        );
    }
    text
}

/// Who holds a sender of channel `chan`, as it reads after "a sender" in the report of
/// coroutine `me`: " (held by itself)", " (held by coroutines 2 and 5)", " (held by
/// itself and by coroutine 3)", " (held by a message queued on a channel)", or nothing
/// when nobody does.
fn holders(core: &Core, run: &Run, main: &State, chan: u32, me: usize) -> String {
    let holds = |id: usize| match id {
        0 => !run.main_done && main.heap.holds_sender(chan),
        _ => run.holds_sender(id, chan),
    };
    let ids: alloc::vec::Vec<usize> = (0..core.tasks.len()).filter(|&id| !core.tasks[id].finished() && holds(id)).collect();
    let own = ids.contains(&me);
    let others: alloc::vec::Vec<String> = ids.iter().filter(|&&i| i != me).map(|i| alloc::format!("{i}")).collect();
    let others = match others.as_slice() {
        [] => String::new(),
        [one] => alloc::format!("coroutine {one}"),
        [rest @ .., last] if rest.len() < LISTED => alloc::format!("coroutines {} and {last}", rest.join(", ")),
        [first @ .., _] => alloc::format!("coroutines {} and {} more", first[..LISTED].join(", "), others.len() - LISTED),
    };
    // a finished coroutine's result or failure keeps what it carries while a join
    // handle to it exists (the joiner may still take it)
    let kept: alloc::vec::Vec<String> = core
        .tasks
        .iter()
        .enumerate()
        .filter(|(_, t)| {
            t.end().and_then(|e| e.packet()).is_some_and(|p| p.ports().any(|(c, sender)| sender && c == chan))
        })
        .map(|(id, _)| alloc::format!("coroutine {id}"))
        .collect();
    let kept = match kept.as_slice() {
        [] => String::new(),
        [one] => alloc::format!("what {one} ended with, kept while a join handle to it exists"),
        [first, ..] => alloc::format!("what {first} and {} more ended with, kept while join handles to them exist", kept.len() - 1),
    };
    let carries = |p: &crate::transfer::Packet| p.ports().any(|(c, sender)| sender && c == chan);
    // a handler closure registered with `scheduler.handle(..)` lives as long as the run
    let handler = core.handlers.iter().map(|(_, p)| p).chain(core.sig_handlers.iter().map(|(_, p)| p)).any(carries);
    let handler = if handler { String::from("a signal handler registered on the scheduler") } else { String::new() };
    let queued = core.chans.iter().any(|ch| ch.queue.iter().any(carries));
    let queued = if queued { String::from("a message queued on a channel") } else { String::new() };
    // a message a send waits to put on a full channel, or one handed to a receiver
    let held: alloc::vec::Vec<String> = core
        .tasks
        .iter()
        .enumerate()
        .filter(|(_, t)| t.held_message().is_some_and(carries))
        .map(|(id, _)| alloc::format!("the message coroutine {id} waits to send"))
        .collect();
    let mut by: alloc::vec::Vec<String> = alloc::vec::Vec::new();
    if own {
        by.push(String::from("itself"));
    }
    by.extend([others, kept, handler, queued].into_iter().chain(held).filter(|s| !s.is_empty()));
    match by.as_slice() {
        [] => String::new(),
        [one] => alloc::format!(" (held by {one})"),
        _ => alloc::format!(" (held by {})", by.join(" and by ")),
    }
}
