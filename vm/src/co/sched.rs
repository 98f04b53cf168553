//! The coroutine scheduler's run loop (one worker): a ready queue of coroutines, each
//! run for a time slice of `reductions` safepoints.
//!
//! The entry's coroutine (id 0) runs on the `Vm`'s own state, so the entry's stages,
//! globals and exit hook are as under the default runtime; spawned coroutines get fresh
//! states. The program ends when the entry's coroutine returns (as a Go program ends
//! when `main` does), when any coroutine calls `exit(n)` or panics, or when every
//! coroutine waits and nothing can wake one (a deadlock, reported).
use alloc::boxed::Box;
use alloc::collections::VecDeque;
use core::cmp::Reverse;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use cprime_bytecode::builtins;
use cprime_bytecode::module::Kind;

use super::{CoId, Core};
use crate::heap::Object;
use crate::transfer::{self, Packet};
use crate::unwind::Resume;
use crate::{gc, interp, Host, Outcome, State, Vm};

/// Scheduler settings (the `coroutine` runtime's parameters).
#[derive(Clone, Copy, Debug)]
pub struct CoOptions {
    /// Safepoints (calls, backward jumps) per time slice.
    pub reductions: u64,
    /// Coroutines alive at once, the entry's included (`.max_coroutines`; by default
    /// only memory bounds them).
    pub max_coroutines: usize,
}

impl Default for CoOptions {
    fn default() -> Self {
        CoOptions { reductions: 2000, max_coroutines: usize::MAX }
    }
}

/// The signals that shut the scheduler down gracefully when nobody handles them.
const SHUTDOWN_SIGNALS: [i32; 2] = [2, 15];
/// How long cancelled coroutines may take to finish before the process just exits.
const GRACE_NS: i64 = 5_000_000_000;

/// A spawned coroutine's state and where it continues.
struct Fiber {
    st: State,
    at: Option<Resume>,
    /// A signal handler's coroutine: when the handler returns an `async` block (a
    /// closure without parameters), the coroutine goes on to run it.
    then_call: bool,
}

impl Vm {
    /// Runs entry `func` as the first coroutine of a scheduler, with everything it
    /// spawns; returns the entry's outcome.
    pub fn run_coroutines(&mut self, func: u32, args: Option<&[String]>, host: &mut dyn Host, opts: CoOptions) -> Outcome {
        if let Err(o) = self.prepare(func, args) {
            return o;
        }
        let mut core = Core::new(opts.max_coroutines.max(1));
        let mut fibers: Vec<Option<Box<Fiber>>> = alloc::vec![None];
        let mut ready: VecDeque<CoId> = VecDeque::new();
        let mut queued: Vec<bool> = alloc::vec![true];
        ready.push_back(0);
        let mut main_at = Some(Resume { func: func as usize, pc: 0, base: 0 });
        let reductions = opts.reductions.max(1);
        // whether the heaps were collected since the last time anything ran
        let mut collected_idle = false;
        // SIGINT/SIGTERM without a handler: graceful shutdown (see `cancel`); the signal
        // and the end of the grace period once it started, and whether the entry's
        // coroutine is done
        let mut shutdown: Option<(i32, i64)> = None;
        let mut main_done = false;
        let mut main_cancelled = false;
        for signo in SHUTDOWN_SIGNALS {
            host.install_signal(signo);
        }
        loop {
            // handler coroutines for signals other coroutines ended with, first
            for (body, sig) in core.handler_starts.drain(..).collect::<Vec<_>>() {
                let (id, fiber) = match self.handler_fiber(&mut core, &body, |heap, tables| transfer::import(heap, tables, &sig)) {
                    Ok(x) => x,
                    Err(o) => return o,
                };
                let i = id as usize;
                if fibers.len() <= i {
                    fibers.resize_with(i + 1, || None);
                    queued.resize(i + 1, false);
                }
                fibers[i] = Some(Box::new(fiber));
                if let Some(f) = fibers[i].as_mut() {
                    core.apply_port_events(&mut f.st.heap);
                }
                core.hold(&sig, -1);
                queued[i] = true;
                ready.push_front(id);
            }
            // start what the last slice spawned, then queue what it woke
            for (id, body) in core.spawned.drain(..).collect::<Vec<_>>() {
                let fiber = match self.start_fiber(&body) {
                    Ok(f) => f,
                    Err(o) => return o,
                };
                let i = id as usize;
                if fibers.len() <= i {
                    fibers.resize_with(i + 1, || None);
                    queued.resize(i + 1, false);
                }
                fibers[i] = Some(Box::new(fiber));
                if let Some(f) = fibers[i].as_mut() {
                    core.apply_port_events(&mut f.st.heap);
                }
                core.hold(&body, -1);
                queued[i] = true;
                ready.push_back(id);
            }
            // OS signals with a `scheduler.handle(..)` handler: a new coroutine each, run
            // before everything that is ready
            while let Some(signo) = host.poll_signal() {
                let handled = core.handlers.iter().any(|(s, _)| *s == signo);
                if !handled && SHUTDOWN_SIGNALS.contains(&signo) {
                    if shutdown.is_some() {
                        // a second one during the shutdown: go now
                        host.flush();
                        return Outcome::Exit(128 + signo);
                    }
                    shutdown = Some((signo, host.now_ns().saturating_add(GRACE_NS)));
                    // cancel every spawned coroutine where it waits: its handlers and
                    // defers run; the entry's goes last (below), its stages after them
                    let ids: Vec<CoId> = (1..fibers.len() as CoId).filter(|&i| fibers[i as usize].is_some()).collect();
                    for id in ids {
                        let Vm { module, tables, st: main } = self;
                        let (st, at) = if id == 0 {
                            (main, &mut main_at)
                        } else {
                            match fibers[id as usize].as_mut() {
                                Some(f) => (&mut f.st, &mut f.at),
                                None => continue,
                            }
                        };
                        let Some(r) = at.take().or_else(|| st.suspended.take()) else { continue };
                        match cancel(module, tables, st, host, signo, r) {
                            Ok(resume) => {
                                *at = Some(resume);
                                if !queued[id as usize] {
                                    queued[id as usize] = true;
                                    ready.push_back(id);
                                }
                            }
                            Err(Outcome::Unhandled(_)) => {
                                // cancelled: it ends quietly
                                st.heap.release_ports();
                                core.apply_port_events(&mut st.heap);
                                core.finish(id, Err(String::from("cancelled by the shutdown\n")));
                                if id == 0 {
                                    main_done = true;
                                } else {
                                    fibers[id as usize] = None;
                                }
                            }
                            Err(o) => return o,
                        }
                    }
                    continue;
                }
                match self.start_handler(&mut core, signo) {
                    Ok(Some((id, fiber))) => {
                        let i = id as usize;
                        if fibers.len() <= i {
                            fibers.resize_with(i + 1, || None);
                            queued.resize(i + 1, false);
                        }
                        fibers[i] = Some(Box::new(fiber));
                        if let Some(f) = fibers[i].as_mut() {
                            core.apply_port_events(&mut f.st.heap);
                        }
                        queued[i] = true;
                        ready.push_front(id);
                    }
                    Ok(None) => {}
                    Err(o) => return o,
                }
            }
            // sleepers whose time has come
            if let Some(Reverse((at, _))) = core.timers.peek() {
                let now = host.now_ns();
                if *at <= now {
                    while let Some(Reverse((at, id))) = core.timers.peek().copied() {
                        if at > now {
                            break;
                        }
                        core.timers.pop();
                        core.woken.push(id);
                    }
                }
            }
            for id in core.woken.drain(..) {
                if let Some(q) = queued.get_mut(id as usize) {
                    if !*q {
                        *q = true;
                        ready.push_back(id);
                    }
                }
            }
            if let Some((signo, deadline)) = shutdown {
                if fibers.iter().all(|f| f.is_none()) {
                    if main_done {
                        return self.after_shutdown(host);
                    }
                    if !main_cancelled {
                        // the others are done: now the entry's coroutine
                        main_cancelled = true;
                        let Vm { module, tables, st } = self;
                        if let Some(r) = main_at.take().or_else(|| st.suspended.take()) {
                            match cancel(module, tables, st, host, signo, r) {
                                Ok(resume) => {
                                    main_at = Some(resume);
                                    if !queued[0] {
                                        queued[0] = true;
                                        ready.push_back(0);
                                    }
                                }
                                Err(Outcome::Unhandled(_)) => main_done = true,
                                Err(o) => return o,
                            }
                        }
                        continue;
                    }
                }
                if host.now_ns() >= deadline {
                    host.flush();
                    return Outcome::Exit(128 + signo);
                }
            }
            let Some(id) = ready.pop_front() else {
                if shutdown.is_some() {
                    // cancelled coroutines still waiting: give them the grace period
                    host.sleep_ns(10_000_000);
                    continue;
                }
                // channel ends that are garbage still count as senders: collect every
                // waiting coroutine's heap once before deciding nobody can be woken
                if !collected_idle {
                    collected_idle = true;
                    let Vm { module, tables, st: main } = self;
                    let states = core::iter::once(main).chain(fibers.iter_mut().flatten().map(|f| &mut f.st));
                    for st in states {
                        if let Some(r) = &st.suspended {
                            let at = (r.func, r.base);
                            gc::collect(module, tables, st, Some(at));
                            core.apply_port_events(&mut st.heap);
                        }
                    }
                    continue;
                }
                if let Some(Reverse((at, _))) = core.timers.peek() {
                    // nothing to run before the next sleeper wakes (a signal may come first)
                    let wait = at.saturating_sub(host.now_ns()).clamp(0, 10_000_000);
                    host.sleep_ns(wait);
                    continue;
                }
                if core.handlers.is_empty() {
                    return Outcome::Panic(String::from(
                        "panicked: every coroutine is waiting and none can be woken (deadlock)\n",
                    ));
                }
                // a signal handler may still wake someone: wait for a signal (the sleep
                // ends early when one arrives)
                host.sleep_ns(10_000_000);
                continue;
            };
            queued[id as usize] = false;
            collected_idle = false;
            core.me = id;
            let Vm { module, tables, st: main } = self;
            let mut no_handler = false;
            let (st, at, then_call) = if id == 0 {
                if main_done {
                    continue;
                }
                (main, &mut main_at, &mut no_handler)
            } else {
                match fibers.get_mut(id as usize).and_then(|f| f.as_mut()) {
                    Some(f) => (&mut f.st, &mut f.at, &mut f.then_call),
                    None => continue,
                }
            };
            st.slice = Some(reductions);
            let start = match at.take().or_else(|| st.suspended.take()) {
                Some(r) => r,
                None => return Outcome::InternalError(format!("coroutine {id} has nowhere to continue")),
            };
            let outcome = interp::execute(module, tables, st, host, start, Some(&mut core));
            core.apply_port_events(&mut st.heap);
            match outcome {
                Outcome::Preempted => {
                    queued[id as usize] = true;
                    ready.push_back(id);
                }
                Outcome::Blocked => {}
                Outcome::Returned(_) | Outcome::Unhandled(_) if id == 0 && shutdown.is_some() => main_done = true,
                o if id == 0 => return o,
                Outcome::Returned(Some(v)) if *then_call => {
                    // a handler that returned an `async` block: run the block next
                    *then_call = false;
                    match call_block(st, tables, v) {
                        Some(r) => {
                            // still the signal's high-priority coroutine: next to run
                            *at = Some(r);
                            queued[id as usize] = true;
                            ready.push_front(id);
                        }
                        None => {
                            st.heap.release_ports();
                            core.apply_port_events(&mut st.heap);
                            core.finish(id, Ok(Packet::int(0)));
                            fibers[id as usize] = None;
                        }
                    }
                }
                Outcome::Returned(v) => {
                    let kind = core.task_mut(id).and_then(|t| t.kind).unwrap_or(Kind::Int);
                    // a result's channel ends stay counted for as long as the task exists
                    let result = match transfer::export(&st.heap, tables, v.unwrap_or(0), kind) {
                        Ok(p) => {
                            core.hold(&p, 1);
                            Ok(p)
                        }
                        Err(_) => Err(String::from("its result could not be copied\n")),
                    };
                    st.heap.release_ports();
                    core.apply_port_events(&mut st.heap);
                    core.finish(id, result);
                    fibers[id as usize] = None;
                }
                Outcome::Unhandled(report) => {
                    // ends this coroutine only; its joiners end with the report. With a
                    // scheduler handler for the signal's kind, that handler runs (in a new
                    // coroutine, started before this one counts as finished) instead of
                    // the report going to stderr.
                    let handler = st.unhandled.take().and_then(|sig| {
                        let layout = st.heap.try_tag(sig)?;
                        let body = core.sig_handlers.iter().find(|(l, _)| *l == layout)?.1.clone();
                        let value = transfer::export(&st.heap, tables, sig, Kind::Ref).ok()?;
                        Some((body, value))
                    });
                    // a coroutine the shutdown cancelled ends quietly
                    let cancelled = shutdown.is_some_and(|(signo, _)| report.starts_with(&format!("unhandled signal {}", signal_name(signo))));
                    match handler {
                        Some((body, value)) => {
                            core.hold(&value, 1);
                            core.handler_starts.push((body, value));
                        }
                        None if cancelled => {}
                        None => host.write(2, format!("coroutine {id} ended: {report}").as_bytes()),
                    }
                    st.heap.release_ports();
                    core.apply_port_events(&mut st.heap);
                    core.finish(id, Err(report));
                    fibers[id as usize] = None;
                }
                o => return o,
            }
        }
    }

    /// A new coroutine's state running the closure `body` (copied into its heap).
    fn start_fiber(&self, body: &Packet) -> Result<Fiber, Outcome> {
        let oom = || Outcome::Unhandled(String::from("unhandled signal OOM (starting a coroutine)\n"));
        let mut st = State::new(&self.module, false).map_err(|_| oom())?;
        st.limits = self.st.limits;
        let clo = transfer::import(&mut st.heap, &self.tables, body).map_err(|_| oom())?;
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
        Ok(Fiber { st, at: Some(Resume { func, pc: 0, base: 0 }), then_call: false })
    }

    /// The coroutine for one delivery of OS signal `signo`, if a handler is registered:
    /// the handler closure called with the signal value.
    fn start_handler(&self, core: &mut Core, signo: i32) -> Result<Option<(CoId, Fiber)>, Outcome> {
        let Some((_, body)) = core.handlers.iter().find(|(s, _)| *s == signo) else { return Ok(None) };
        let layout = match builtins::OS_SIGNALS.iter().position(|(_, n)| *n == signo) {
            Some(i) => builtins::FIRST_OS_SIGNAL + i as u32,
            None => return Ok(None),
        };
        let body = body.clone();
        self.handler_fiber(core, &body, |heap, _| heap.new_record(layout, &[])).map(Some)
    }

    /// A coroutine calling the handler closure `body` with the signal value `make_sig`
    /// builds in its heap (then the `async` block the handler returns, if any).
    fn handler_fiber(
        &self,
        core: &mut Core,
        body: &Packet,
        make_sig: impl FnOnce(&mut crate::Heap, &crate::Tables) -> Result<u64, crate::Trap>,
    ) -> Result<(CoId, Fiber), Outcome> {
        let oom = || Outcome::Unhandled(String::from("unhandled signal OOM (starting a signal handler)\n"));
        let mut fiber = self.start_fiber(body)?;
        let sig = make_sig(&mut fiber.st.heap, &self.tables).map_err(|_| oom())?;
        let nparams = fiber.at.as_ref().and_then(|r| self.tables.fns.get(r.func)).map_or(0, |m| m.nparams);
        if nparams != 2 || fiber.st.regs.len() < 2 {
            return Err(Outcome::InternalError(String::from("a signal handler must take the signal")));
        }
        fiber.st.regs[1] = sig;
        fiber.then_call = true;
        let id = core.new_task(Kind::Int).map_err(|_| oom())?;
        Ok((id, fiber))
    }
}

/// The name of OS signal `signo` (`SIGTERM`).
fn signal_name(signo: i32) -> &'static str {
    builtins::OS_SIGNALS.iter().find(|(_, n)| *n == signo).map_or("?", |(name, _)| name)
}

/// Raises the shutdown signal `signo` in a coroutine stopped at `r`: where it continues
/// (a handler or a `defer` of its), or `Unhandled` when nothing of it catches the signal.
fn cancel(module: &cprime_bytecode::module::Module, tables: &crate::Tables, st: &mut State, host: &mut dyn Host, signo: i32, r: Resume) -> Result<Resume, Outcome> {
    let layout = builtins::OS_SIGNALS.iter().position(|(_, n)| *n == signo).map_or(builtins::OOM, |i| builtins::FIRST_OS_SIGNAL + i as u32);
    let sig = st.heap.new_record(layout, &[]).unwrap_or(st.faults.oom);
    crate::unwind::throw(module, tables, st, host, crate::Trap::Signal(sig), r.func, r.pc, r.base)
}

impl Vm {
    /// Every coroutine has finished after a graceful shutdown: the entry's stages are
    /// cleaned up (its exit hook), and the process exits with status 0.
    fn after_shutdown(&mut self, host: &mut dyn Host) -> Outcome {
        let Vm { module, tables, st } = self;
        let Some(hook) = st.exit_hook.take() else {
            host.flush();
            return Outcome::Exit(0);
        };
        let nregs = tables.fns.get(hook as usize).map_or(1, |m| m.nregs as usize).max(1);
        st.frames.clear();
        st.regs.clear();
        st.regs.resize(nregs, 0);
        st.slice = None;
        st.exiting = Some(0);
        interp::execute(module, tables, st, host, Resume { func: hook as usize, pc: 0, base: 0 }, None)
    }
}

/// Sets up a call of the closure `block` (no parameters) on the emptied stacks of `st`;
/// `None` when it is not such a closure.
fn call_block(st: &mut State, tables: &crate::Tables, block: u64) -> Option<Resume> {
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
