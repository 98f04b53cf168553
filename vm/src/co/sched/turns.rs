//! The scheduler loop (`schedule`), one turn at a time. A turn takes back the slices
//! other workers finished, then:
//! 1. starts what is queued to start: signal handlers for signals coroutines ended
//!    with, then what the last slices spawned (`start_queued`);
//! 2. turns OS signals into handler coroutines, or begins (or forces) the graceful
//!    shutdown (`take_os_signals`);
//! 3. wakes what is due: sleepers, printers, socket and file waiters (`wake_due`);
//! 4. runs the next ready coroutine for a slice, here or on another worker
//!    (`run_next`), or, with none ready, waits, sweeps, or reports a deadlock
//!    (`when_none_ready`).
use alloc::format;
use alloc::vec::Vec;
use core::cmp::Reverse;

use super::super::shutdown::{Shutdown, SHUTDOWN_SIGNALS};
use super::super::{CoId, Core, Failure};
use super::*;
use crate::{interp, Host, Outcome, State};

/// The scheduler's bookkeeping, locked.
#[cfg(feature = "std")]
pub(super) type CoreGuard<'c> = std::sync::MutexGuard<'c, Core>;
#[cfg(not(feature = "std"))]
pub(super) type CoreGuard<'c> = core::cell::RefMut<'c, Core>;

pub(super) fn lock_cell(c: &CoreCell) -> CoreGuard<'_> {
    #[cfg(feature = "std")]
    {
        super::super::lock(c)
    }
    #[cfg(not(feature = "std"))]
    {
        c.borrow_mut()
    }
}

/// What the loop keeps from one turn to the next.
struct Turns {
    /// Safepoints per slice.
    reductions: u64,
    idle: Idle,
    /// When the busy sweep (`sweep_holders_of_awaited`) runs next, at the earliest.
    next_busy_sweep: i64,
    /// The graceful shutdown under way, if one is.
    shutdown: Option<Shutdown>,
    /// Slices run since the sockets were last looked at.
    slices_since_poll: u32,
    slices: u64,
}

/// The scheduler loop: runs the entry `func` (on `main`) and every coroutine it starts
/// until the entry's coroutine ends, handing slices to `pool`'s workers when there is one.
pub(super) fn schedule(
    prog: Prog,
    cell: &CoreCell,
    main: &mut State,
    host: &mut dyn Host,
    opts: CoOptions,
    func: u32,
    mut pool: Option<&mut Pool>,
) -> Outcome {
    // the entry's coroutine starts at `func`, with a heap holding no channel end or
    // join handle of an earlier run
    main.suspended.set(Resume { func: func as usize, pc: 0, base: 0 });
    main.heap.detach_from_scheduler();
    let mut run = Run {
        states: Default::default(),
        pack_after: opts.pack_after,
        window: packing::Window::default(),
        runs: alloc::vec![0],
        marks: alloc::vec![Marks(QUEUED)],
        spare: Vec::new(),
        ready: VecDeque::from([0]),
        main_done: false,
        main_failed: None,
        limits: Arc::clone(&main.limits),
        limit_sets: Vec::new(),
        awaited_print: 0,
        alive_hint: core::cell::Cell::new(0),
    };
    run.states.grow_to(1);
    let mut t = Turns {
        reductions: opts.reductions.max(1),
        idle: Idle::Ran,
        next_busy_sweep: host.now_ns().saturating_add(BUSY_SWEEP_NS),
        shutdown: None,
        slices_since_poll: 0,
        slices: 0,
    };
    for signo in SHUTDOWN_SIGNALS {
        host.install_shutdown_signal(signo, super::super::shutdown::GRACE_NS);
    }
    loop {
        // coroutines inherit the entry's limits as its stages have set them
        if !Arc::ptr_eq(&run.limits, &main.limits) {
            run.limits = Arc::clone(&main.limits);
        }
        // slices other workers finished
        while let Some(done) = pool.as_deref_mut().and_then(|p| p.take(0)) {
            if let Some(o) = slice_back(prog, cell, &mut run, main, host, &mut t.shutdown, done) {
                return o;
            }
        }
        let mut core = lock_cell(cell);
        let turn = start_queued(prog, &mut core, &mut run, main, host, &mut t.shutdown).and_then(|()| take_os_signals(prog, &mut core, &mut run, main, host, &mut t.shutdown));
        if let Err(o) = turn {
            return o;
        }
        // a socket native out of file descriptors parked until now: first, the sockets
        // that are garbage go, once every coroutine is back from the other workers (no
        // slice is handed over meanwhile: their heaps may hold the garbage)
        if !core.fds_short.is_empty() && pool.as_deref().is_none_or(|p| p.in_flight == 0) {
            sweep_socket_holders(prog, &mut core, &mut run, main, host);
        }
        wake_due(&mut core, &mut run, host, &mut t.slices_since_poll);
        if let Some(sd) = t.shutdown.as_mut() {
            if let Some(o) = prog.shutdown_step(&mut core, &mut run, main, host, sd) {
                return o;
            }
        }
        let turn = match run.ready.pop_front() {
            Some(id) => run_next(prog, cell, core, &mut run, main, host, opts, &mut t, pool.as_deref_mut(), id),
            None => when_none_ready(prog, cell, core, &mut run, main, host, &mut t, pool.as_deref_mut()),
        };
        if let Err(o) = turn {
            return o;
        }
    }
}

/// Starts the handler coroutines for signals other coroutines ended with (first), then
/// what the last slices spawned. One that cannot start ends alone with `OOM`.
fn start_queued(prog: Prog, core: &mut Core, run: &mut Run, main: &mut State, host: &mut dyn Host, shutdown: &mut Option<Shutdown>) -> Result<(), Outcome> {
    // (most turns have none of these: no list is made for them)
    let starts = if core.handler_starts.is_empty() { Vec::new() } else { core.handler_starts.drain(..).collect::<Vec<_>>() };
    for (body, sig, ended) in starts {
        match prog.handler_fiber(core, &body, run.spare.pop(), &run.limits, |heap, tables| transfer::import(heap, tables, &sig)) {
            Ok((id, fiber)) => {
                run.add(core, id, fiber, true);
                if let Some(sd) = shutdown.as_mut() {
                    let exiting = core.entry_cleaning(main);
                    sd.started(core, id, exiting);
                }
            }
            Err(Outcome::Unhandled(report)) => handler_not_started(host, &ended, &report),
            Err(o) => return Err(o),
        }
        core.hold(&sig, -1);
        core.hold(&body, -1);
    }
    let spawned = if core.spawned.is_empty() { Vec::new() } else { core.spawned.drain(..).collect::<Vec<_>>() };
    for (id, body) in spawned {
        let started = if run.room_for(id) { prog.start_fiber(&body, run.spare.pop(), &run.limits) } else { Err(Outcome::Unhandled(alloc::string::String::from("unhandled signal OOM (starting a coroutine)\n"))) };
        match started {
            Ok(fiber) => {
                run.add(core, id, fiber, false);
                if let Some(sd) = shutdown.as_mut() {
                    let exiting = core.entry_cleaning(main);
                    sd.started(core, id, exiting);
                }
            }
            // its captures do not fit its heap (`.heap_size`): it ends, as one that
            // ran out of memory would, and the run goes on
            Err(Outcome::Unhandled(report)) => {
                host.write(2, format!("coroutine {id} ended: {report}").as_bytes());
                core.finish(id, Err(Failure::Oom));
            }
            Err(o) => return Err(o),
        }
        core.hold(&body, -1);
        core.spares.give(body);
    }
    Ok(())
}

/// OS signals: a handler coroutine each, run before everything that is ready;
/// SIGINT/SIGTERM without a handler shut the scheduler down (a second one during the
/// shutdown ends the run at once).
fn take_os_signals(prog: Prog, core: &mut Core, run: &mut Run, main: &mut State, host: &mut dyn Host, shutdown: &mut Option<Shutdown>) -> Result<(), Outcome> {
    while let Some(signo) = host.poll_signal() {
        let handled = core.handlers.iter().any(|(s, _)| *s == signo);
        if !handled && SHUTDOWN_SIGNALS.contains(&signo) {
            if shutdown.is_some() {
                // a second one during the shutdown: go now
                host.flush();
                return Err(Outcome::Exit(128 + signo));
            }
            *shutdown = Some(prog.begin_shutdown(core, run, main, host, signo)?);
            continue;
        }
        match prog.start_handler(core, signo, run.spare.pop(), &run.limits) {
            Ok(Some((id, fiber))) => {
                run.add(core, id, fiber, true);
                if let Some(sd) = shutdown.as_mut() {
                    let exiting = core.entry_cleaning(main);
                    sd.started(core, id, exiting);
                }
            }
            Ok(None) => {}
            Err(Outcome::Unhandled(report)) => {
                let name = cprime_bytecode::builtins::os_signal_name(signo).map_or_else(|| format!("signal {signo}"), alloc::string::String::from);
                handler_not_started(host, &format!("{name} was delivered"), &report);
            }
            Err(o) => return Err(o),
        }
        // `scheduler.run()` waits while a signal is pending (`CoWaitAll`): one that
        // started no coroutine (it could not start) must not leave it waiting
        if core.live <= 1 && !core.all_waiters.is_empty() {
            let waiters = core::mem::take(&mut core.all_waiters);
            core.woken.extend(waiters);
        }
    }
    Ok(())
}

/// Queues what is due: sleepers whose time has come, printers once the output thread
/// has caught up, socket and file waiters whose I/O is ready (looked at without waiting
/// now and then while others run, so I/O is not starved by busy coroutines), and
/// whatever the last slice woke.
fn wake_due(core: &mut Core, run: &mut Run, host: &mut dyn Host, slices_since_poll: &mut u32) {
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
    if !core.output_waits.is_empty() && !host.output_backlogged() {
        core.output_drained();
    }
    *slices_since_poll += 1;
    let waits_io = !core.io_waits.is_empty() || !core.file_waits.is_empty();
    if waits_io && (run.ready.is_empty() || *slices_since_poll >= IO_POLL_EVERY) {
        *slices_since_poll = 0;
        poll_io(core, host, 0);
    }
    for id in core.woken.drain(..) {
        run.queue(id, false);
    }
}

/// Nothing is ready: waits for another worker's slice, a signal, a timer, a socket or a
/// file; sweeps the waiting heaps once nothing has run for a while; reports a deadlock
/// when nothing can wake anyone.
#[allow(clippy::too_many_arguments)]
fn when_none_ready(
    prog: Prog,
    cell: &CoreCell,
    mut core: CoreGuard<'_>,
    run: &mut Run,
    main: &mut State,
    host: &mut dyn Host,
    t: &mut Turns,
    pool: Option<&mut Pool>,
) -> Result<(), Outcome> {
    if let Some(p) = pool.filter(|p| p.in_flight > 0) {
        // others are running: wait for one of them (then look at the rest again)
        drop(core);
        if let Some(done) = p.take(WORKER_WAIT_NS) {
            if let Some(o) = slice_back(prog, cell, run, main, host, &mut t.shutdown, done) {
                return Err(o);
            }
        }
        return Ok(());
    }
    // channel ends that are garbage still count as senders: once nothing has run for
    // `SWEEP_AFTER_NS`, collect the waiting coroutines' heaps before deciding nobody can
    // be woken (what only registers of ended scopes hold is garbage too: `liveness.rs`).
    // A heap that has not run since its last sweep has no new garbage. Waiting first
    // keeps the sweep off the path of a wake-up that comes soon (a signal, a socket),
    // and out of busy servers.
    if t.idle == Idle::Settled {
        t.idle = Idle::Swept;
        for (id, st) in states_here(&mut run.states, main) {
            let was = run.marks[id].swept();
            run.marks[id].set_swept(Swept::Collected);
            if was == Swept::Collected {
                continue;
            }
            sweep(prog, st);
            if tighten(prog, st, false) {
                core.stats.compacted += 1;
            }
            core.apply_counts(&mut st.heap);
            core.stats.idle_sweeps += 1;
        }
        return Ok(());
    }
    if t.shutdown.is_some() {
        // cancelled coroutines still waiting: give them the grace period (after the
        // sweep above: a `defer` draining a channel whose other senders are garbage
        // sees it close)
        let wait = if t.idle == Idle::Ran { SWEEP_AFTER_NS } else { 10_000_000 };
        if t.idle == Idle::Ran {
            t.idle = Idle::Settled;
        }
        drop(core);
        host.sleep_ns(wait);
        return Ok(());
    }
    // the first idle wait is at most `SWEEP_AFTER_NS` (then the sweep)
    let cap = if t.idle == Idle::Ran {
        t.idle = Idle::Settled;
        SWEEP_AFTER_NS
    } else {
        i64::MAX
    };
    // (the whole time: a signal ends either wait early)
    core.drop_stale_timers();
    let mut next_timer = core.timers.peek().map(|Reverse((at, _))| at.saturating_sub(host.now_ns()).max(0));
    if !core.output_waits.is_empty() {
        // look at the output thread's backlog again soon
        next_timer = Some(next_timer.map_or(OUTPUT_RECHECK_NS, |t| t.min(OUTPUT_RECHECK_NS)));
    }
    if !core.io_waits.is_empty() || !core.file_waits.is_empty() {
        // wait for a socket, a file, the next sleeper or a signal, whichever comes first
        poll_io(&mut core, host, next_timer.unwrap_or(IO_IDLE_WAIT_NS).min(cap));
        return Ok(());
    }
    if let Some(wait) = next_timer {
        // nothing to run before the next sleeper wakes (a signal may come first)
        drop(core);
        host.sleep_ns(wait.min(cap));
        return Ok(());
    }
    if cap != i64::MAX {
        drop(core);
        host.sleep_ns(cap);
        return Ok(());
    }
    if core.handlers.is_empty() {
        super::super::deadlock::prepare(&core, run);
        let report = super::super::deadlock::report(prog.module, &core, run, main);
        // the cleanup for `exit(n)` cannot finish (it waits for coroutines that wait
        // for one that called `exit`, say): the exit goes ahead, and says so
        if let Some(code) = main.exiting().or(core.exit_after_cleanup) {
            host.write(2, format!("warning: the cleanup for `exit({code})` cannot finish: {report}").as_bytes());
            host.flush();
            return Err(Outcome::Exit(code));
        }
        return Err(Outcome::Panic(format!("panicked: {report}")));
    }
    // a signal handler may still wake someone: wait for a signal (the sleep ends early
    // when one arrives)
    drop(core);
    host.sleep_ns(10_000_000);
    Ok(())
}

/// Runs ready coroutine `id` for a slice: here, or on another worker when one is free,
/// this thread has other coroutines to run, and it computes (its last slice used up its
/// time) or handles a signal. Then decides what follows the slice (`after_slice`).
#[allow(clippy::too_many_arguments)]
fn run_next<'c>(
    prog: Prog,
    cell: &'c CoreCell,
    mut core: CoreGuard<'c>,
    run: &mut Run,
    main: &mut State,
    host: &mut dyn Host,
    opts: CoOptions,
    t: &mut Turns,
    pool: Option<&mut Pool>,
    id: CoId,
) -> Result<(), Outcome> {
    run.marks[id as usize].set(QUEUED, false);
    if run.marks[id as usize].has(AWAY) {
        // woken while its slice runs on another worker: it goes again when back
        run.marks[id as usize].set(REWAKE, true);
        return Ok(());
    }
    run.unpack(id);
    run.ran(id);
    t.idle = Idle::Ran;
    t.slices += 1;
    core.stats.slices = t.slices;
    if t.slices > opts.max_slices {
        return Err(Outcome::OutOfFuel);
    }
    // busy for long: the holders of senders of awaited channels get their sweep anyway
    // (a coroutine that never waits must not keep a channel open whose last senders are
    // garbage, in its heap or in the receiver's own variables). The sweep takes at most
    // a twentieth of the time: with many heaps to look at, it runs less often.
    if t.slices & (BUSY_SWEEP_CHECK - 1) == 0 && host.now_ns() >= t.next_busy_sweep {
        let start = host.now_ns();
        sweep_holders_of_awaited(prog, &mut core, run, main);
        let end = host.now_ns();
        t.next_busy_sweep = end.saturating_add(BUSY_SWEEP_NS.max(end.saturating_sub(start).saturating_mul(BUSY_SWEEP_BUDGET)));
    }
    // it runs now, so its heap changes: the sweeps look at it again (after the busy
    // sweep above, which may have just collected it and must not leave it marked)
    run.marks[id as usize].set_swept(Swept::No);
    core.me = id;
    // it runs again: whatever else it was registered for is over (`wait.rs`), but for a
    // `select` preempted in the middle of a round of its arms: the arms it tried stay
    // registered until its `SelWait` (cleared here, it would park there waiting for
    // nothing: a false deadlock, or a hang)
    if !core.mid_select_round(id) {
        core.clear_waits(id);
    }
    // the entry's coroutine stays here. A coroutine woken by one that now waits (a
    // ping-pong, a request handed to a handler) runs here at once, and one that is
    // quickly done (most spawned ones) costs no hand-over, which takes longer than its
    // work. Nothing is handed over while a socket native out of file descriptors waits
    // for the sweep of every heap.
    let hand_over = id != 0
        && !run.ready.is_empty()
        && core.fds_short.is_empty()
        && (run.marks[id as usize].has(HUNGRY) || run.states.fiber(id as usize).is_some_and(|f| f.urgent));
    let has_pool = pool.is_some();
    if let (true, Some(p)) = (hand_over, pool) {
        if let Some(mut fiber) = run.states.take_fiber(id as usize) {
            let Some(start) = fiber.st.suspended.take() else {
                return Err(Outcome::InternalError(format!("coroutine {id} has nowhere to continue")));
            };
            match p.offer(id, fiber, start) {
                Ok(()) => {
                    run.marks[id as usize].set(AWAY, true);
                    core.stats.on_workers += 1;
                    return Ok(());
                }
                Err((mut fiber, start)) => {
                    fiber.st.suspended.set(start);
                    run.states.put_fiber(id as usize, fiber);
                }
            }
        }
    }
    let Some(st) = run.coroutine(main, id) else { return Ok(()) };
    st.slice = Some(t.reductions);
    let Some(start) = st.suspended.take() else {
        return Err(Outcome::InternalError(format!("coroutine {id} has nowhere to continue")));
    };
    #[cfg(feature = "std")]
    let outcome = if has_pool {
        // the workers need the bookkeeping while this slice runs
        drop(core);
        let o = interp::execute(prog.module, prog.tables, st, host, start, super::super::CoAccess::Shared(cell, id));
        core = lock_cell(cell);
        o
    } else {
        interp::execute(prog.module, prog.tables, st, host, start, super::super::CoAccess::Own(&mut core))
    };
    #[cfg(not(feature = "std"))]
    let outcome = {
        let _ = (cell, has_pool);
        interp::execute(prog.module, prog.tables, st, host, start, super::super::CoAccess::Own(&mut core))
    };
    run.marks[id as usize].set(HUNGRY, matches!(outcome, Outcome::Preempted));
    if opts.sweep_each_slice {
        if let Some(st) = run.coroutine(main, id) {
            sweep(prog, st);
            let _ = tighten(prog, st, true);
        }
    }
    let stopped = matches!(outcome, Outcome::Blocked | Outcome::Preempted);
    if let Some(o) = prog.after_slice(&mut core, run, main, host, t.shutdown.as_ref(), id, outcome) {
        return Err(o);
    }
    if let Some(sd) = t.shutdown.as_mut().filter(|_| stopped) {
        cancel_if_uncancelled(prog, &mut core, run, main, host, sd, id)?;
    }
    Ok(())
}
