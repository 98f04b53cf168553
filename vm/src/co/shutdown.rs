//! Graceful shutdown: SIGINT or SIGTERM with no scheduler handler.
//!
//! Every spawned coroutine is cancelled where it waits: the signal is raised at its
//! suspension point, so its `catch`es and `defer`s run, and one that lets it escape ends
//! quietly; one running on another worker, or started during the shutdown (by a `catch`
//! or `defer`, or a signal handler's), where it next stops. One that was there when it
//! began and is cancelled later stops at its next waiting native even where that would
//! complete (`Core::stops_for_cancel`): it must not see what cancelling the others did
//! (a channel closed by their ends) before it is cancelled. When they have all finished,
//! or the entry waits while they all wait for
//! what only it can give (a message on a channel it holds), the entry's coroutine is
//! cancelled the same way. Once every coroutine has finished, the entry's stages are
//! cleaned up (its exit hook) and the process exits 0. A second SIGINT/SIGTERM, or
//! coroutines still running after the grace period, end the process with 128 + the
//! signal number (handled in `sched.rs` and here).
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use hashbrown::HashSet;

use cprime_bytecode::builtins;
use cprime_bytecode::module::Module;

use super::lifecycle::Prog;
use super::sched::Run;
use super::{CoId, Core};
use crate::unwind::Resume;
use crate::{Host, Outcome, State, Tables, Trap};

/// The signals that shut the scheduler down gracefully when nobody handles them.
pub const SHUTDOWN_SIGNALS: [i32; 2] = [2, 15];
/// How long cancelled coroutines may take to finish before the process just exits.
pub const GRACE_NS: i64 = 5_000_000_000;

/// A shutdown in progress.
pub(super) struct Shutdown {
    signo: i32,
    /// The signal's layout (a coroutine ending with it unhandled ends quietly).
    pub layout: u32,
    deadline: i64,
    entry_cancelled: bool,
    /// Coroutines not cancelled yet, each cancelled where it next stops (a wait, or the
    /// safepoint that ends its time slice): those running on another worker when the
    /// shutdown began, and those started during it (spawned by a `catch` or `defer` of
    /// a cancelled one, a signal handler's). A set: a shutdown whose `defer`s each
    /// spawn a coroutine adds as many as it cancels.
    uncancelled: HashSet<CoId>,
}

impl Shutdown {
    /// Coroutine `id` starts during the shutdown: it is cancelled where it first stops,
    /// as every coroutine is once; but not while the entry runs its exit hook
    /// (`exiting`: the stages' cleanup, which runs whole, with what it starts).
    pub(super) fn started(&mut self, core: &mut Core, id: CoId, exiting: bool) {
        // (not at its first channel operation: what the cleanup starts may communicate)
        core.cancel_at_stop.remove(&id);
        if exiting {
            // (its id may be a finished coroutine's that was still to be cancelled)
            self.uncancelled.remove(&id);
        } else {
            self.uncancelled.insert(id);
        }
    }

    /// Whether coroutine `id`, which has just stopped, is still to be cancelled (it is
    /// taken off the list: once is all).
    pub(super) fn take_uncancelled(&mut self, core: &mut Core, id: CoId) -> bool {
        core.cancel_at_stop.remove(&id);
        self.uncancelled.remove(&id)
    }
}

impl Core {
    /// Whether the running coroutine, to be cancelled by the shutdown where it next
    /// stops (`Core::cancel_at_stop`), stops at this native instead of completing it:
    /// it parks here and is cancelled here (woken too, should it not be). Not while it
    /// owes a completion: the take of a message handed to it, a send whose message was
    /// taken or placed.
    #[inline]
    pub fn stops_for_cancel(&mut self) -> bool {
        // (empty but during a shutdown: no call for it on a channel's hot path)
        !self.cancel_at_stop.is_empty() && self.stops_here_for_cancel()
    }

    #[inline(never)]
    fn stops_here_for_cancel(&mut self) -> bool {
        let me = self.me;
        if !self.cancel_at_stop.contains(&me) || self.send_taken(me) || self.owes_a_take(me) {
            return false;
        }
        self.woken.push(me);
        true
    }
}

impl Prog<'_> {
    /// Starts a shutdown for `signo`: cancels every spawned coroutine (those running on
    /// another worker when they next wait: the `AWAY` mark). When the entry already runs its
    /// exit hook (after `exit(n)`), nothing is cancelled: the program is on its way out,
    /// and the signal only bounds that by the grace period.
    pub(super) fn begin_shutdown(&self, core: &mut Core, run: &mut Run, main: &mut State, host: &mut dyn Host, signo: i32) -> Result<Shutdown, Outcome> {
        let layout = builtins::os_signal_layout(signo).unwrap_or(builtins::OOM);
        let exiting = core.entry_cleaning(main);
        let away: HashSet<CoId> = (1..run.states.len() as CoId).filter(|&i| run.marks[i as usize].has(super::sched::AWAY) && !exiting).collect();
        core.cancel_at_stop.extend(away.iter().copied());
        let mut sd = Shutdown { signo, layout, deadline: host.now_ns().saturating_add(GRACE_NS), entry_cancelled: exiting, uncancelled: away };
        if exiting {
            return Ok(sd);
        }
        core.shutdown = Some(layout);
        let ids: Vec<CoId> = (1..run.states.len() as CoId).filter(|&i| run.here(i)).collect();
        // those cancelled where they wait leave every waiting list in one pass: one at
        // a time, each took a pass over its channel's list (100,000 receivers of one
        // channel kept the scheduler past the grace period)
        let mut going = alloc::vec![false; run.states.len()];
        for &id in &ids {
            going[id as usize] = matches!(when_cancelled(core, run, main, layout, id), When::Now);
        }
        core.forget_waiters(&going);
        for id in ids {
            self.cancel(core, run, main, host, &mut sd, id)?;
        }
        Ok(sd)
    }

    /// The shutdown's progress before each pick from the ready queue: the entry's
    /// coroutine is cancelled once the others have finished (or are stuck waiting on it:
    /// `Run::spawned_stuck`), then cleans up its stages; the run ends (`Some`) once it
    /// has, or when the grace period is over.
    pub(super) fn shutdown_step(&self, core: &mut Core, run: &mut Run, main: &mut State, host: &mut dyn Host, sd: &mut Shutdown) -> Option<Outcome> {
        // (while the entry runs its exit hook, the shutdown's last step or `exit(n)`'s,
        // nothing more is cancelled: only the grace period below applies)
        let exiting = core.entry_cleaning(main);
        // the entry is cancelled last, once the others have finished, or earlier when it
        // waits while they all wait for what only it can give (a message on its channel)
        if !exiting && (run.spawned_done() || (!sd.entry_cancelled && !run.main_done && run.spawned_stuck(core))) {
            if run.main_done {
                // every coroutine has finished: the entry's stages are cleaned up (its
                // exit hook, run as a coroutine: it may wait, and what it spawns is not
                // cancelled), then the process exits 0; 70 with its report if a signal
                // of the entry's own ended it meanwhile
                let status = match run.main_failed.take() {
                    Some(report) => {
                        host.flush();
                        host.write(2, report.as_bytes());
                        70
                    }
                    None => 0,
                };
                if self.start_exit_hook(core, run, main, status) {
                    return None;
                }
                host.shutdown_finished();
                host.flush();
                return Some(Outcome::Exit(status));
            }
            if !sd.entry_cancelled {
                sd.entry_cancelled = true;
                if let Err(o) = self.cancel(core, run, main, host, sd, 0) {
                    return Some(o);
                }
            }
        }
        if host.now_ns() >= sd.deadline {
            // not silent: the program did not finish what it was doing
            let (n, s) = (core.live, if core.live == 1 { "" } else { "s" });
            host.write(2, grace_expired(sd.signo, &format!(": {n} coroutine{s} still running")).as_bytes());
            host.flush();
            return Some(Outcome::Exit(128 + sd.signo));
        }
        None
    }

    /// Raises the shutdown signal in coroutine `id` where it stopped: it continues at
    /// its handler or `defer`, or, with nothing to catch the signal, ends now.
    pub(super) fn cancel(&self, core: &mut Core, run: &mut Run, main: &mut State, host: &mut dyn Host, sd: &mut Shutdown, id: CoId) -> Result<(), Outcome> {
        match when_cancelled(core, run, main, sd.layout, id) {
            When::Now => {}
            When::Never => return Ok(()),
            When::AfterCleanup => {
                // (not at its waits: they are the `defer`'s, which runs whole; a `catch`
                // of its signal gets the shutdown's instead, `unwind`)
                if let Some(st) = run.coroutine(main, id) {
                    if let Some(pad) = crate::unwind::cleanup::running_cleanup(st).map(|t| t.pad) {
                        st.extras().cancel_after_cleanup = Some((sd.layout, pad));
                    }
                }
                return Ok(());
            }
            When::AtNextStop => {
                sd.uncancelled.insert(id);
                core.cancel_at_stop.insert(id);
                run.queue(id, false);
                return Ok(());
            }
        }
        // what it was in the middle of is abandoned
        core.abandon(id);
        // and so is what it waited for: a registration left behind would take a wake-up
        // meant for another waiter, and a rendezvous message promised to its `select`
        // is another receiver's now
        core.clear_waits(id);
        core.leave_select(id);
        let Some(st) = run.coroutine(main, id) else { return Ok(()) };
        let Some(r) = st.suspended.take() else { return Ok(()) };
        match raise_in(self.module, self.tables, st, host, sd.layout, r) {
            Ok(resume) => {
                st.suspended.set(resume);
                run.queue(id, false);
                Ok(())
            }
            Err(Outcome::Unhandled(_)) => {
                // its joiners raise the shutdown signal too (and can catch it)
                let sig = st.extras.as_mut().and_then(|e| e.unhandled.take());
                let failure = super::lifecycle::failure_of(core, self.tables, st, sig);
                run.end(core, main, id, Err(failure));
                Ok(())
            }
            Err(o) => Err(o),
        }
    }
}

/// Where a cancel reaches a coroutine.
enum When {
    /// Where it waits: it is raised there.
    Now,
    /// Where it next stops (its send completes first).
    AtNextStop,
    /// Where a `catch` would recover from the signal of its own it runs a `defer` for.
    AfterCleanup,
    /// Not at all: it is on its way out already.
    Never,
}

fn when_cancelled(core: &Core, run: &mut Run, main: &mut State, layout: u32, id: CoId) -> When {
    // one unwinding through a `defer` finishes it: raising there would cut it short.
    // Unwinding the shutdown's signal (it reached it through a join, or it was
    // cancelled before and its `defer` waits on another worker), it is on its way out;
    // unwinding a signal of its own, which it may catch and go on from, it is cancelled
    // where a `catch` would recover (tests/programs/co_shutdown_after_own_defer.cp)
    if let Some(st) = run.coroutine(main, id) {
        if let Some(t) = crate::unwind::cleanup::running_cleanup(st) {
            let shutdowns = matches!(st.heap.get(t.sig), Some(crate::heap::Object::Record { layout: l, .. }) if *l == layout);
            return if shutdowns { When::Never } else { When::AfterCleanup };
        }
    }
    // the entry cleaning its stages up (its exit hook, or its wrapper after the body
    // returned) finishes that: the shutdown only bounds it by the grace period
    if id == 0 && core.entry_cleaning(main) {
        return When::Never;
    }
    // a rendezvous send whose message a receiver has taken has happened: raising there
    // would tell the program it had not (a retry would deliver it twice), so the send
    // completes and the coroutine is cancelled where it next stops
    // and so has a `select` send arm's rendezvous whose message waits for this receiver:
    // it takes it first (the sender was told it was sent)
    if core.send_taken(id) || core.owes_a_take(id) {
        return When::AtNextStop;
    }
    When::Now
}

/// Raises a new signal of `layout` in a coroutine stopped at `r`.
fn raise_in(module: &Module, tables: &Tables, st: &mut State, host: &mut dyn Host, layout: u32, r: Resume) -> Result<Resume, Outcome> {
    let sig = st.heap.new_record(layout, &[]).unwrap_or_else(|_| st.oom());
    st.extras().cancelled_by = Some(layout);
    crate::unwind::throw(module, tables, st, host, Trap::Signal(sig), r.func, r.pc, r.base)
}

/// The message of a graceful shutdown (after signal `signo`) that ran out of time,
/// `detail` said after the reason.
pub fn grace_expired(signo: i32, detail: &str) -> String {
    let name = builtins::os_signal_name(signo).unwrap_or("the signal");
    format!(
        "error: the graceful shutdown ({name}) did not finish within {} s{detail}; exiting with status {}\n",
        GRACE_NS / 1_000_000_000,
        128 + signo
    )
}
