//! Starting coroutines (spawned ones, signal handlers) and what happens when a time
//! slice ends: parked, preempted, returned, or ended by an unhandled signal.
use alloc::boxed::Box;
use alloc::sync::Arc;
use alloc::format;
use alloc::string::String;

use cprime_bytecode::builtins;
use cprime_bytecode::module::{Kind, Module};

use super::sched::{Fiber, Run};
use super::shutdown::Shutdown;
use super::{CoId, Core, Failure};
use crate::heap::Object;
use crate::transfer::{self, Packet};
use crate::unwind::Resume;
use crate::{Host, Limits, Outcome, State, Tables};

/// The program every coroutine runs: shared, read-only, by every worker.
#[derive(Clone, Copy)]
pub(crate) struct Prog<'a> {
    pub module: &'a Module,
    pub tables: &'a Tables,
}

impl Prog<'_> {
    /// Runs the entry's exit hook (the cleanup of its stages) in the entry's coroutine,
    /// on the scheduler like any coroutine (so it may spawn, join and wait), as
    /// `exit(code)` in the entry itself does: whatever the entry was in the middle of is
    /// abandoned, and once the hook returns the run ends with `code`. For `exit(n)` in
    /// another coroutine and for the end of a graceful shutdown. False when there is
    /// no hook (none, or it has started already).
    pub(super) fn start_exit_hook(&self, core: &mut Core, run: &mut Run, main: &mut State, code: i32) -> bool {
        let Some(resume) = main.begin_exit_hook(self.tables, code) else { return false };
        core.abandon(0);
        core.clear_waits(0);
        core.leave_select(0);
        main.suspended.set(resume);
        run.main_done = false;
        run.queue(0, true);
        true
    }

    /// A new coroutine's state running the closure `body` (copied into its heap); `spare`
    /// is a finished coroutine's, whose buffers it reuses.
    pub fn start_fiber(&self, body: &Packet, spare: Option<Box<Fiber>>, limits: &Arc<Limits>) -> Result<Box<Fiber>, Outcome> {
        let oom = || Outcome::Unhandled(String::from("unhandled signal OOM (starting a coroutine)\n"));
        let mut fiber = match spare {
            Some(mut f) => {
                f.st.reset(self.module, limits).map_err(|_| oom())?;
                f.then_call = false;
                f.urgent = false;
                f
            }
            None => {
                let st = State::for_coroutine(self.module, limits).map_err(|_| oom())?;
                Box::new(Fiber { st, then_call: false, urgent: false })
            }
        };
        let st = &mut fiber.st;
        // `.heap_size` bounds each coroutine's heap (every coroutine has its own)
        st.heap.set_limit(st.limits.heap_limit);
        if st.limits.gc_stress {
            st.heap.threshold = 0;
        }
        let clo = transfer::import(&mut st.heap, self.tables, body).map_err(|_| oom())?;
        let func = match st.heap.get(clo) {
            Some(Object::Closure { func, .. }) => *func as usize,
            _ => return Err(Outcome::InternalError(String::from("spawn of something not a closure"))),
        };
        let nregs = self.tables.fns.get(func).map_or(1, |m| m.nregs as usize).max(1);
        if st.regs.try_reserve_exact(nregs).is_err() {
            return Err(oom());
        }
        st.regs.resize(nregs, 0);
        st.regs[0] = clo;
        st.suspended.set(Resume { func, pc: 0, base: 0 });
        Ok(fiber)
    }

    /// The coroutine for one delivery of OS signal `signo`, if a handler is registered:
    /// the handler closure called with the signal value (in `spare`'s buffers, as
    /// `start_fiber`).
    pub fn start_handler(
        &self,
        core: &mut Core,
        signo: i32,
        spare: Option<Box<Fiber>>,
        limits: &Arc<Limits>,
    ) -> Result<Option<(CoId, Box<Fiber>)>, Outcome> {
        let Some((_, body)) = core.handlers.iter().find(|(s, _)| *s == signo) else { return Ok(None) };
        let Some(layout) = builtins::os_signal_layout(signo) else { return Ok(None) };
        let body = body.clone();
        self.handler_fiber(core, &body, spare, limits, |heap, _| heap.new_record(layout, &[])).map(Some)
    }

    /// A coroutine calling the handler closure `body` with the signal value `make_sig`
    /// builds in its heap (then the `async` block the handler returns, if any).
    pub fn handler_fiber(
        &self,
        core: &mut Core,
        body: &Packet,
        spare: Option<Box<Fiber>>,
        limits: &Arc<Limits>,
        make_sig: impl FnOnce(&mut crate::Heap, &Tables) -> Result<u64, crate::Trap>,
    ) -> Result<(CoId, Box<Fiber>), Outcome> {
        let oom = || Outcome::Unhandled(String::from("unhandled signal OOM (starting a signal handler)\n"));
        let mut fiber = self.start_fiber(body, spare, limits)?;
        let sig = make_sig(&mut fiber.st.heap, self.tables).map_err(|_| oom())?;
        let nparams = fiber.st.suspended.get().and_then(|r| self.tables.fns.get(r.func)).map_or(0, |m| m.nparams);
        if nparams != 2 || fiber.st.regs.len() < 2 {
            return Err(Outcome::InternalError(String::from("a signal handler must take the signal")));
        }
        fiber.st.regs[1] = sig;
        fiber.then_call = true;
        fiber.urgent = true;
        let id = core.new_task(Kind::Int).map_err(|_| oom())?;
        Ok((id, fiber))
    }

    /// What follows coroutine `id`'s time slice that ended with `outcome` (its state is
    /// back in `run`): queued again, left parked, or ended. `Some` ends the whole run.
    #[allow(clippy::too_many_arguments)]
    pub fn after_slice(
        &self,
        core: &mut Core,
        run: &mut Run,
        main: &mut State,
        host: &mut dyn Host,
        shutdown: Option<&Shutdown>,
        id: CoId,
        outcome: Outcome,
    ) -> Option<Outcome> {
        let blocked = matches!(outcome, Outcome::Blocked);
        let end = self.settle(core, run, main, host, shutdown, id, outcome);
        // among very many coroutines, those that have waited a while are packed (not
        // during a shutdown: they are about to be cancelled)
        if blocked && end.is_none() && shutdown.is_none() {
            run.parked(*self, core, id);
        }
        // sockets the slice (or the coroutine's end) let go of close now
        super::sched::pass_socket_counts(core, host);
        end
    }

    #[allow(clippy::too_many_arguments)]
    fn settle(
        &self,
        core: &mut Core,
        run: &mut Run,
        main: &mut State,
        host: &mut dyn Host,
        shutdown: Option<&Shutdown>,
        id: CoId,
        outcome: Outcome,
    ) -> Option<Outcome> {
        let tables = self.tables;
        if let Some(st) = run.coroutine(main, id) {
            core.apply_counts(&mut st.heap);
        }
        // a signal handler's coroutine continues with the `async` block it returns
        let then_call = matches!(outcome, Outcome::Returned(Some(_)))
            && run.states.fiber_mut(id as usize).is_some_and(|f| core::mem::take(&mut f.then_call));
        if matches!(outcome, Outcome::Blocked) {
            // what it printed before waiting shows now, not when the program goes idle
            // (busy coroutines may keep it from ever going idle)
            host.flush();
        } else if !(matches!(outcome, Outcome::Preempted) && core.in_select(id)) {
            // registrations of a `select` it finished, or left by a signal (a `select`
            // preempted between its arms keeps those of the arms it tried: a later arm on
            // the same channel must find it as the earlier one did, `ChanRecv`)
            core.clear_waits(id);
        }
        match outcome {
            Outcome::Preempted => run.queue(id, false),
            Outcome::Blocked => {}
            // (an exit hook that fails is reported, as it would be without a shutdown)
            Outcome::Returned(_) | Outcome::Unhandled(_) if id == 0 && shutdown.is_some() && !core.entry_cleaning(main) => {
                // its channel ends go with it (so a coroutine waiting for its messages
                // sees `None`); its state lives on for the stages' cleanup
                main.heap.release_channel_ends();
                core.apply_counts(&mut main.heap);
                run.main_done = true;
                // a signal of its own (not the shutdown's, which is how it is cancelled)
                // ended it: a failure the shutdown must not hide
                if let (Outcome::Unhandled(report), Some(sd)) = (&outcome, shutdown) {
                    let sig = main.extras.as_ref().and_then(|e| e.unhandled);
                    let layout = sig.and_then(|s| main.heap.record(s).ok()).map(|(l, _)| l);
                    let cancel = main.extras.as_ref().and_then(|e| e.cancelled_by);
                    if layout != Some(sd.layout) && layout != cancel {
                        run.main_failed = Some(report.clone());
                    }
                }
            }
            // (an `exit(n)` elsewhere while it cleaned up sets the status; the report of
            // a signal that ended the entry is still shown)
            Outcome::Returned(_) | Outcome::Unhandled(_) if id == 0 && core.exit_after_cleanup.is_some() => {
                if let Outcome::Unhandled(report) = &outcome {
                    host.flush();
                    host.write(2, report.as_bytes());
                    if !report.ends_with('\n') {
                        host.write(2, b"\n");
                    }
                }
                host.flush();
                return core.exit_after_cleanup.map(Outcome::Exit);
            }
            o if id == 0 => return Some(o),
            // `exit(n)` in a spawned coroutine or a handler: the entry's stages are cleaned
            // up first, in the entry's coroutine, while the others go on (as when the
            // entry itself calls `exit(n)`); this one ends, its joiners waiting for the
            // exit. During that cleanup, the first exit's status stands: a later `exit`
            // elsewhere just ends its coroutine.
            Outcome::Exit(code) => {
                let cleaning = core.entry_cleaning(main);
                if main.exiting().is_none() && core.entry_cleaning_up {
                    // the entry's `{cleanup}` runs after its body ended: the status is
                    // set for when it has finished
                    core.exit_after_cleanup.get_or_insert(code);
                }
                if !cleaning && !self.start_exit_hook(core, run, main, code) {
                    return Some(Outcome::Exit(code));
                }
                run.end(core, main, id, Err(Failure::Exited));
            }
            Outcome::Returned(Some(v)) if then_call => {
                // a signal handler that returned an `async` block runs it next, still as
                // the signal's high-priority coroutine
                let st = run.coroutine(main, id)?;
                match call_block(st, tables, v) {
                    Some(r) => {
                        st.suspended.set(r);
                        run.queue(id, true);
                    }
                    None => run.end(core, main, id, Ok(Packet::int(0))),
                }
            }
            Outcome::Returned(v) => {
                let kind = core.task_mut(id).and_then(|t| t.kind).unwrap_or(Kind::Int);
                let st = run.coroutine(main, id)?;
                // a result's channel ends stay counted for as long as the task exists
                let result = match transfer::export(&st.heap, tables, v.unwrap_or(0), kind) {
                    Ok(p) => {
                        core.hold(&p, 1);
                        Ok(p)
                    }
                    Err(_) => Err(Failure::Oom),
                };
                run.end(core, main, id, result);
            }
            Outcome::Unhandled(report) => {
                // ends this coroutine only; its joiners raise a copy of the signal. With
                // a scheduler handler for the signal's kind, that handler runs (in a new
                // coroutine, started before this one counts as finished) instead of the
                // report going to stderr; a coroutine the shutdown cancelled ends quietly.
                // A handler's own coroutine is reported, never handled: a handler that
                // fails with the kind it handles would run again forever, first in line.
                let in_handler = run.states.fiber(id as usize).is_some_and(|f| f.urgent);
                let st = run.coroutine(main, id)?;
                let sig = st.extras.as_mut().and_then(|e| e.unhandled.take());
                let failure = failure_of(core, tables, st, sig);
                let layout = sig.and_then(|h| st.heap.try_tag(h));
                // (an OS signal's kind raised by the program, `raise(SIGUSR1)`, goes to
                // the handler registered for that signal)
                let handler = layout.filter(|_| !in_handler).and_then(|l| match builtins::os_signal_number(l) {
                    Some(signo) => core.handlers.iter().find(|(s, _)| *s == signo).map(|(_, b)| b.clone()),
                    None => core.sig_handlers.iter().find(|(k, _)| *k == l).map(|(_, b)| b.clone()),
                });
                match (handler, sig) {
                    (Some(body), Some(sig)) => {
                        if let Ok(value) = transfer::export(&st.heap, tables, sig, Kind::Ref) {
                            // both stay counted until the handler's coroutine has them
                            core.hold(&value, 1);
                            core.hold(&body, 1);
                            // (with what the coroutine ended with, should the handler not start)
                            core.handler_starts.push((body, value, format!("coroutine {id} ended: {report}")));
                        }
                    }
                    _ if layout.is_some() && layout == shutdown.map(|s| s.layout) => {}
                    _ => host.write(2, format!("coroutine {id} ended: {report}").as_bytes()),
                }
                run.end(core, main, id, Err(failure));
            }
            o => return Some(o),
        }
        None
    }
}

/// What the joiners of a coroutine that ended with unhandled signal `sig` raise: a copy
/// of it (counted for as long as the task exists), or `OOM` when there is none.
pub(super) fn failure_of(core: &mut Core, tables: &Tables, st: &State, sig: Option<u64>) -> Failure {
    match sig.map(|s| transfer::export(&st.heap, tables, s, Kind::Ref)) {
        Some(Ok(p)) => {
            core.hold(&p, 1);
            Failure::Signal(p)
        }
        _ => Failure::Oom,
    }
}

/// Sets up a call of the closure `block` (no parameters) on the emptied stacks of `st`;
/// `None` when it is not such a closure.
fn call_block(st: &mut State, tables: &Tables, block: u64) -> Option<Resume> {
    let func = match st.heap.get(block) {
        Some(Object::Closure { func, .. }) => *func as usize,
        _ => return None,
    };
    let meta = tables.fns.get(func).filter(|m| m.nparams == 1)?;
    st.frames.clear();
    st.regs.clear();
    st.regs.resize(meta.nregs.max(1) as usize, 0);
    st.regs[0] = block;
    Some(Resume { func, pc: 0, base: 0 })
}

#[cfg(test)]
mod tests {
    use crate::heap::Object;
    use crate::State;
    use cprime_bytecode::module::Module;

    #[test]
    fn a_recycled_state_is_as_fresh_as_a_new_one() {
        let m = Module::new();
        let fresh = State::new(&m, false).unwrap();
        let mut used = State::new(&m, false).unwrap();
        for i in 0..100 {
            used.heap.alloc(Object::Str(alloc::format!("garbage {i}").into())).unwrap();
        }
        used.regs.resize(500, 7);
        let slots = used.heap.objs.capacity();
        let mut again = used;
        let limits = alloc::sync::Arc::new(crate::Limits { max_frames: 77, ..crate::Limits::default() });
        again.reset(&m, &limits).unwrap();
        assert_eq!(again.heap.stats(), fresh.heap.stats(), "same objects, counters and limits");
        assert!(alloc::sync::Arc::ptr_eq(&again.limits, &limits), "the scheduler's limits, shared");
        assert!(again.regs.is_empty() && again.frames.is_empty());
        assert_eq!(again.heap.objs.capacity(), slots, "the slot vector is kept");
        assert!(again.regs.capacity() >= 500, "a small register stack is kept");
        // a deep one is not: the spare pool would hold on to it
        again.regs.resize(100_000, 0);
        again.reset(&m, &limits).unwrap();
        assert_eq!(again.regs.capacity(), 0);
    }
}
