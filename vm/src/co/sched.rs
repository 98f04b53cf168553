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

use super::shutdown::{Shutdown, SHUTDOWN_SIGNALS};
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

/// Slices run between two looks at the sockets while coroutines are ready.
const IO_POLL_EVERY: u32 = 16;
/// The longest wait for a socket when nothing else can wake the scheduler (a signal
/// ends it early).
const IO_IDLE_WAIT_NS: i64= 100_000_000;

/// Asks the host which sockets became ready (waiting up to `timeout_ns`) and wakes their
/// waiters.
fn poll_io(core: &mut Core, host: &mut dyn Host, timeout_ns: i64) {
    pass_socket_counts(core, host);
    let mut ready = Vec::new();
    if let Some(net) = host.net() {
        net.poll(timeout_ns, &mut ready);
    }
    for (s, r, w) in ready {
        core.io_ready(s, r, w);
    }
    if !core.file_waits.is_empty() {
        let mut done = Vec::new();
        host.files_done(&mut done);
        for t in done {
            core.woken.extend(core.file_waits.remove(&t));
        }
    }
}

/// Passes the socket reference counts the last slice changed on to the host.
fn pass_socket_counts(core: &mut Core, host: &mut dyn Host) {
    if core.socket_deltas.is_empty() {
        return;
    }
    match host.net() {
        Some(net) => core.socket_deltas.drain(..).for_each(|(s, d)| net.retain(s, d)),
        None => core.socket_deltas.clear(),
    }
}

/// A spawned coroutine's state and where it continues.
pub(super) struct Fiber {
    st: State,
    at: Option<Resume>,
    /// A signal handler's coroutine: when the handler returns an `async` block (a
    /// closure without parameters), the coroutine goes on to run it.
    then_call: bool,
}

/// The coroutines of one run besides the entry's (whose state is the `Vm`'s own), and
/// the ready queue.
pub(super) struct Run {
    /// Spawned coroutines by id (slot 0, the entry's, stays empty).
    pub fibers: Vec<Option<Box<Fiber>>>,
    /// Whether each coroutine is in `ready` (so it is queued once).
    queued: Vec<bool>,
    ready: VecDeque<CoId>,
    /// Where the entry's coroutine starts (then it continues from `State::suspended`).
    pub main_at: Option<Resume>,
    pub main_done: bool,
}

impl Run {
    /// Queues coroutine `id` to run (at the front: next), unless it is queued already.
    pub fn queue(&mut self, id: CoId, front: bool) {
        let Some(q) = self.queued.get_mut(id as usize) else { return };
        if !*q {
            *q = true;
            if front {
                self.ready.push_front(id);
            } else {
                self.ready.push_back(id);
            }
        }
    }

    /// Stores a new coroutine, counts the channel ends its heap received, queues it.
    fn add(&mut self, core: &mut Core, id: CoId, mut fiber: Fiber, front: bool) {
        let i = id as usize;
        if self.fibers.len() <= i {
            self.fibers.resize_with(i + 1, || None);
            self.queued.resize(i + 1, false);
        }
        core.apply_port_events(&mut fiber.st.heap);
        self.fibers[i] = Some(Box::new(fiber));
        self.queue(id, front);
    }

    /// Whether every spawned coroutine has finished.
    pub fn spawned_done(&self) -> bool {
        self.fibers.iter().all(|f| f.is_none())
    }

    /// The state and start point of coroutine `id` (`main` is the entry's state).
    pub fn coroutine<'a>(&'a mut self, main: &'a mut State, id: CoId) -> Option<(&'a mut State, &'a mut Option<Resume>)> {
        if id == 0 {
            return (!self.main_done).then_some((main, &mut self.main_at));
        }
        let f = self.fibers.get_mut(id as usize)?.as_mut()?;
        Some((&mut f.st, &mut f.at))
    }

    /// Ends coroutine `id` with `result`: its channel ends go, its joiners wake.
    pub fn end(&mut self, core: &mut Core, main: &mut State, id: CoId, result: Result<Packet, String>) {
        if let Some((st, _)) = self.coroutine(main, id) {
            st.heap.release_ports();
            core.apply_port_events(&mut st.heap);
        }
        core.finish(id, result);
        match self.fibers.get_mut(id as usize) {
            Some(f) if id != 0 => *f = None,
            _ => self.main_done = true,
        }
    }
}

impl Vm {
    /// Runs entry `func` as the first coroutine of a scheduler, with everything it
    /// spawns; returns the entry's outcome.
    pub fn run_coroutines(&mut self, func: u32, args: Option<&[String]>, host: &mut dyn Host, opts: CoOptions) -> Outcome {
        if let Err(o) = self.prepare(func, args) {
            return o;
        }
        let mut core = Core::new(opts.max_coroutines.max(1));
        let mut run = Run {
            fibers: alloc::vec![None],
            queued: alloc::vec![true],
            ready: VecDeque::from([0]),
            main_at: Some(Resume { func: func as usize, pc: 0, base: 0 }),
            main_done: false,
        };
        let reductions = opts.reductions.max(1);
        // whether the heaps were collected since the last time anything ran
        let mut collected_idle = false;
        let mut shutdown: Option<Shutdown> = None;
        let mut slices_since_poll = 0u32;
        for signo in SHUTDOWN_SIGNALS {
            host.install_signal(signo);
        }
        loop {
            // handler coroutines for signals other coroutines ended with, first
            for (body, sig) in core.handler_starts.drain(..).collect::<Vec<_>>() {
                match self.handler_fiber(&mut core, &body, |heap, tables| transfer::import(heap, tables, &sig)) {
                    Ok((id, fiber)) => run.add(&mut core, id, fiber, true),
                    Err(o) => return o,
                }
                core.hold(&sig, -1);
            }
            // start what the last slice spawned
            for (id, body) in core.spawned.drain(..).collect::<Vec<_>>() {
                match self.start_fiber(&body) {
                    Ok(fiber) => run.add(&mut core, id, fiber, false),
                    Err(o) => return o,
                }
                core.hold(&body, -1);
            }
            // OS signals: a handler coroutine each, run before everything that is ready;
            // SIGINT/SIGTERM without a handler shut the scheduler down
            while let Some(signo) = host.poll_signal() {
                let handled = core.handlers.iter().any(|(s, _)| *s == signo);
                if !handled && SHUTDOWN_SIGNALS.contains(&signo) {
                    if shutdown.is_some() {
                        // a second one during the shutdown: go now
                        host.flush();
                        return Outcome::Exit(128 + signo);
                    }
                    match self.begin_shutdown(&mut core, &mut run, host, signo) {
                        Ok(s) => shutdown = Some(s),
                        Err(o) => return o,
                    }
                    continue;
                }
                match self.start_handler(&mut core, signo) {
                    Ok(Some((id, fiber))) => run.add(&mut core, id, fiber, true),
                    Ok(None) => {}
                    Err(o) => return o,
                }
            }
            // sleepers whose time has come, and whatever the last slice woke
            if core.timers.peek().is_some() {
                let now = host.now_ns();
                while let Some(Reverse((at, id))) = core.timers.peek().copied() {
                    if at > now {
                        break;
                    }
                    core.timers.pop();
                    if core.timer_due(at, id) {
                        core.woken.push(id);
                    }
                }
            }
            // sockets: what became ready wakes its waiters (looking without waiting now and
            // then while others run, so I/O is not starved by busy coroutines)
            slices_since_poll += 1;
            let waits_io = !core.io_waits.is_empty() || !core.file_waits.is_empty();
            if waits_io && (run.ready.is_empty() || slices_since_poll >= IO_POLL_EVERY) {
                slices_since_poll = 0;
                poll_io(&mut core, host, 0);
            }
            for id in core.woken.drain(..) {
                run.queue(id, false);
            }
            if let Some(sd) = shutdown.as_mut() {
                if let Some(o) = self.shutdown_step(&mut core, &mut run, host, sd) {
                    return o;
                }
            }
            let Some(id) = run.ready.pop_front() else {
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
                    let states = core::iter::once(main).chain(run.fibers.iter_mut().flatten().map(|f| &mut f.st));
                    for st in states {
                        if let Some(r) = &st.suspended {
                            let at = (r.func, r.base);
                            gc::collect(module, tables, st, Some(at));
                            core.apply_port_events(&mut st.heap);
                        }
                    }
                    continue;
                }
                let next_timer = core.timers.peek().map(|Reverse((at, _))| at.saturating_sub(host.now_ns()).clamp(0, 10_000_000));
                if !core.io_waits.is_empty() || !core.file_waits.is_empty() {
                    // wait for a socket, a file, the next sleeper or a signal, whichever comes first
                    poll_io(&mut core, host, next_timer.unwrap_or(IO_IDLE_WAIT_NS));
                    continue;
                }
                if let Some(wait) = next_timer {
                    // nothing to run before the next sleeper wakes (a signal may come first)
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
            run.queued[id as usize] = false;
            collected_idle = false;
            core.me = id;
            // it runs again: whatever else it was registered for is over (`wait.rs`)
            core.clear_waits(id);
            let Vm { module, tables, st: main } = self;
            let Some((st, at)) = run.coroutine(main, id) else { continue };
            st.slice = Some(reductions);
            let Some(start) = at.take().or_else(|| st.suspended.take()) else {
                return Outcome::InternalError(format!("coroutine {id} has nowhere to continue"));
            };
            let outcome = interp::execute(module, tables, st, host, start, Some(&mut core));
            core.apply_port_events(&mut st.heap);
            pass_socket_counts(&mut core, host);
            // a signal handler's coroutine continues with the `async` block it returns
            let then_call = matches!(outcome, Outcome::Returned(Some(_)))
                && run.fibers.get_mut(id as usize).and_then(|f| f.as_mut()).is_some_and(|f| core::mem::take(&mut f.then_call));
            if matches!(outcome, Outcome::Blocked) {
                // what it printed before waiting shows now, not when the program goes
                // idle (busy coroutines may keep it from ever going idle)
                host.flush();
            } else {
                // registrations of a `select` it finished, or left by a signal
                core.clear_waits(id);
            }
            match outcome {
                Outcome::Preempted => run.queue(id, false),
                Outcome::Blocked => {}
                Outcome::Returned(_) | Outcome::Unhandled(_) if id == 0 && shutdown.is_some() => run.main_done = true,
                o if id == 0 => return o,
                Outcome::Returned(Some(v)) if then_call => {
                    // a signal handler that returned an `async` block runs it next, still
                    // as the signal's high-priority coroutine
                    let Some((st, at)) = run.coroutine(main, id) else { continue };
                    match call_block(st, tables, v) {
                        Some(r) => {
                            *at = Some(r);
                            run.queue(id, true);
                        }
                        None => run.end(&mut core, main, id, Ok(Packet::int(0))),
                    }
                }
                Outcome::Returned(v) => {
                    let kind = core.task_mut(id).and_then(|t| t.kind).unwrap_or(Kind::Int);
                    let Some((st, _)) = run.coroutine(main, id) else { continue };
                    // a result's channel ends stay counted for as long as the task exists
                    let result = match transfer::export(&st.heap, tables, v.unwrap_or(0), kind) {
                        Ok(p) => {
                            core.hold(&p, 1);
                            Ok(p)
                        }
                        Err(_) => Err(String::from("its result could not be copied\n")),
                    };
                    run.end(&mut core, main, id, result);
                }
                Outcome::Unhandled(report) => {
                    // ends this coroutine only; its joiners end with the report. With a
                    // scheduler handler for the signal's kind, that handler runs (in a new
                    // coroutine, started before this one counts as finished) instead of
                    // the report going to stderr; a coroutine the shutdown cancelled ends
                    // quietly.
                    let Some((st, _)) = run.coroutine(main, id) else { continue };
                    let sig = st.unhandled.take();
                    let layout = sig.and_then(|h| st.heap.try_tag(h));
                    let handler = layout.and_then(|l| core.sig_handlers.iter().find(|(k, _)| *k == l)).map(|(_, b)| b.clone());
                    match (handler, sig) {
                        (Some(body), Some(sig)) => {
                            if let Ok(value) = transfer::export(&st.heap, tables, sig, Kind::Ref) {
                                core.hold(&value, 1);
                                core.handler_starts.push((body, value));
                            }
                        }
                        _ if layout.is_some() && layout == shutdown.as_ref().map(|s| s.layout) => {}
                        _ => host.write(2, format!("coroutine {id} ended: {report}").as_bytes()),
                    }
                    run.end(&mut core, main, id, Err(report));
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
