//! OS-facing runtimes: what `= RUNTIME` on an entry point selects, on a Linux host.
//!
//! A runtime owns the process around the VM: signal dispositions, the host (stdout,
//! files, clocks), how the entry's outcome becomes an exit status, and what goes to
//! stderr. The VM core (`cprime-vm`) knows none of this: it is `no_std` and talks to the
//! world only through [`cprime_vm::Host`].
//!
//! Built now: the `Runtime` interface with `default`, `debug_runtime`,
//! `production_runtime` and `test_runtime` (`runtime.rs`), run by [`run_entry`], and the
//! test runner behind `cprime test` ([`run_tests`], `test_runner.rs`). Stages and user runtimes are
//! compiled into the module and run inside the VM. Entries on a runtime with
//! coroutines (`coroutine`, `std::CoroutineScheduler`) run under the VM's coroutine
//! scheduler (`Vm::run_coroutines`, one worker so far); `http_server` runs as `default`
//! until it is built; `bare_metal` exists only in frozen RV32 images, so on the host it
//! is an error.
//!
//! Exit statuses (also in docs/cli.md): the entry's `int` return value, 0 for entries
//! that return nothing, `n` for `exit(n)`, 70 for an unhandled signal, 101 for `panic!`
//! and internal VM errors, 1 when the bytecode is rejected or a tier is unavailable.
pub mod files;
pub mod host;
pub mod inbox;
mod stdin;
pub mod net;
pub mod output;
pub mod reserve;
pub mod os_signals;
pub mod runtime;
pub mod signal_thread;
mod test_runner;

pub use test_runner::run_tests;

use cprime_bytecode::{Kind, Module};
use cprime_tiers::{execute, Tier};
use cprime_vm::{Outcome, Vm};

pub use host::{CaptureHost, OsHost, StdoutBuf};

/// Exit status of an unhandled CPrime signal (`EX_SOFTWARE`).
pub const EXIT_UNHANDLED: i32 = 70;
/// Exit status of `panic!` and internal errors (as Rust's test harness uses).
pub const EXIT_PANIC: i32 = 101;

/// Sets up the process the way every host runtime needs: `SIGPIPE` ignored, so writing
/// to a closed socket is an `EPIPE` error the program sees (a closed stdout ends the
/// process all the same: `stdout_reader_gone`).
/// Every other signal keeps its OS default until the program installs a handler.
pub fn init_process() {
    use nix::sys::signal::{sigaction, SaFlags, SigAction, SigHandler, SigSet, Signal};
    let ignore = SigAction::new(SigHandler::SigIgn, SaFlags::empty(), SigSet::empty());
    // SAFETY: installing SIG_IGN runs no handler code, so no async-signal-safety rule can
    // be broken; the previous disposition is not needed.
    let _ = unsafe { sigaction(Signal::SIGPIPE, &ignore) };
}

/// Ends the process by `sig` as its OS default disposition would (the status a shell
/// shows is 128 + `sig`), from any thread, whatever its signal mask: nothing of ours
/// runs after this.
pub(crate) fn end_by_signal(sig: nix::sys::signal::Signal) -> ! {
    use nix::sys::signal::{pthread_sigmask, sigaction, SaFlags, SigAction, SigHandler, SigSet, SigmaskHow};
    let dfl = SigAction::new(SigHandler::SigDfl, SaFlags::empty(), SigSet::empty());
    // SAFETY: SIG_DFL runs no code of ours.
    let _ = unsafe { sigaction(sig, &dfl) };
    let mut one = SigSet::empty();
    one.add(sig);
    let _ = pthread_sigmask(SigmaskHow::SIG_UNBLOCK, Some(&one), None);
    let _ = nix::sys::signal::raise(sig);
    // not reached when the default is to terminate
    // SAFETY: `_exit` ends the process without running anything of ours (another
    // thread may hold the locks `exit` would take).
    unsafe { nix::libc::_exit(128 + sig as i32) }
}

/// Stdout's reader went away (a write failed with `EPIPE`): the process ends as a C or
/// Go program does, killed by `SIGPIPE` (status 141 in a shell), so `cprime run app.cp |
/// head -1` ends once `head` has its line instead of computing output nobody reads.
/// `SIGPIPE` itself stays ignored (`init_process`): sockets report `EPIPE` as an error
/// to the program instead.
pub(crate) fn stdout_reader_gone() -> ! {
    end_by_signal(nix::sys::signal::Signal::SIGPIPE)
}

/// Blocks every blockable signal in the calling thread. `cprime` calls it in the main
/// thread before starting the thread that does the work, which inherits the mask:
/// process-directed signals then go to the working thread only, once it unblocks them,
/// and the process behaves as a single-threaded one. (Blocking after the start left a
/// window in which a signal the program sent itself could land in the main thread, with
/// its default action.) The working thread keeps them blocked until it knows what it
/// runs ([`BlockedSignals::hold`], then [`release_signals`]).
pub fn block_signals_in_this_thread() -> BlockedSignals {
    use nix::sys::signal::{pthread_sigmask, SigSet, SigmaskHow};
    let mut old = SigSet::empty();
    let blocked = pthread_sigmask(SigmaskHow::SIG_BLOCK, Some(&SigSet::all()), Some(&mut old)).is_ok();
    BlockedSignals { old: blocked.then_some(old) }
}

/// The signal mask a thread had before [`block_signals_in_this_thread`].
pub struct BlockedSignals {
    old: Option<nix::sys::signal::SigSet>,
}

impl BlockedSignals {
    /// Keeps every signal blocked in the calling thread (which inherited the blocked
    /// mask) until [`release_signals`] gives it this mask back.
    pub fn hold(self) {
        *HELD.lock().unwrap_or_else(|e| e.into_inner()) = self.old;
    }
}

/// The mask [`release_signals`] restores: a program about to run does not know its
/// runtime yet (the coroutine runtime's signal thread takes SIGTERM as a graceful
/// shutdown; under `default` it terminates), so a signal arriving while it is compiled
/// or loaded waits, pending, for the disposition that applies.
static HELD: std::sync::Mutex<Option<nix::sys::signal::SigSet>> = std::sync::Mutex::new(None);

/// Restores the calling thread's mask that [`BlockedSignals::hold`] kept (once; later
/// calls do nothing): a signal that arrived meanwhile is delivered now.
pub fn release_signals() {
    release_signals_keeping(&nix::sys::signal::SigSet::empty());
}

/// [`release_signals`], but `keep` stays blocked (the coroutine runtime's managed
/// signals, which its signal thread takes with `sigwait`).
pub(crate) fn release_signals_keeping(keep: &nix::sys::signal::SigSet) {
    use nix::sys::signal::{pthread_sigmask, SigmaskHow};
    let held = HELD.lock().unwrap_or_else(|e| e.into_inner()).take();
    if let Some(mut mask) = held {
        for s in keep.iter() {
            mask.add(s);
        }
        let _ = pthread_sigmask(SigmaskHow::SIG_SETMASK, Some(&mask), None);
    }
}

/// Runs entry point `entry_index` of `module` under its runtime (today: the `default`
/// runtime for every runtime name but `bare_metal`), with `args` as the program
/// arguments, and returns the process exit status. Stdout is flushed before it returns.
pub fn run_entry(module: Module, entry_index: usize, args: Vec<String>, tier: Tier) -> i32 {
    run_entry_from(module, entry_index, args, tier, None)
}

/// [`run_entry`], naming the bytecode file in the message when the module fails
/// verification (`cprime vm app.cpb`): ``error: `app.cpb` is not valid CPrime bytecode: ..``.
pub fn run_entry_from(module: Module, entry_index: usize, args: Vec<String>, tier: Tier, origin: Option<&str>) -> i32 {
    let mut host = OsHost::new();
    let Some(entry) = module.entries.get(entry_index).cloned() else {
        host.eprint(&format!("error: the module has no entry point #{entry_index}"));
        return 1;
    };
    if entry.runtime == "bare_metal" {
        host.eprint(
            "error: the `bare_metal` runtime runs only in frozen RV32 images, which this cprime cannot build yet\n\
             help: bind the entry to `default` or `coroutine` to run it here",
        );
        return 1;
    }
    let coroutines = entry.runs_coroutines();
    if !coroutines {
        // the coroutine runtime releases them once its signal thread has its own
        release_signals();
    }
    let mut rt = runtime::for_name(&entry.runtime);
    rt.init(&mut host);
    rt.setup_signals();
    let mut vm = match Vm::new(module) {
        Ok(vm) => vm,
        Err(e) => {
            match origin {
                _ if e.is_out_of_memory() => host.eprint("error: out of memory: the system refused the memory to load the program"),
                Some(file) => host.eprint(&format!("error: `{file}` is not valid CPrime bytecode: {e}")),
                None => host.eprint(&format!("error: invalid bytecode: {e}")),
            }
            return 1;
        }
    };
    // after verification, `entry.func` names a function of the module
    let returns_int = vm.module().functions.get(entry.func as usize).is_some_and(|f| f.ret == Some(Kind::Int));
    rt.allocate_stack(&mut vm, runtime::DEFAULT_STACK_BYTES);
    if env_flag("CPRIME_GC_STRESS") {
        vm.set_limits(cprime_vm::Limits { gc_stress: true, ..vm.limits() });
    }
    vm.set_exit_hook(entry.cleanup);
    let args = entry.takes_args.then_some(args.as_slice());
    let co = co_settings(&entry.params);
    if coroutines {
        let started = host.start_coroutine_threads(co.epoll_size);
        // its signal thread owns the managed signals now: they stay blocked here, the
        // others get this thread's old mask back
        release_signals_keeping(&signal_thread::managed_set());
        if let Err(e) = started {
            host.eprint(&format!("error: cannot start the coroutine runtime's threads: {e}"));
            return 1;
        }
    }
    let result = if coroutines {
        // the other workers' hosts share this one's stdout, sockets and helper threads
        let workers = (1..co.threads).map(|_| Box::new(host.for_worker()) as Box<dyn cprime_vm::Host + Send>).collect();
        cprime_tiers::execute_coroutines(&mut vm, entry.func, args, &mut host, tier, co.options, workers)
    } else {
        execute(&mut vm, entry.func, args, &mut host, tier)
    };
    if coroutines {
        if let Some(line) = sched_stats_line(&vm) {
            host.eprint(&line);
        }
    }
    let outcome = match result {
        Ok(o) => o,
        Err(e) => {
            host.eprint(&format!("error: {e}"));
            return 1;
        }
    };
    let (status, mut message) = exit_status(&outcome, returns_int);
    // a bytecode file that verifies can still break the interpreter's own checks (the
    // verifier knows register kinds, not object kinds: docs/bytecode.md); say so, since
    // a file crafted or patched by hand is likelier than a VM bug
    if let (Outcome::InternalError(_), Some(file), Some(m)) = (&outcome, origin, message.as_mut()) {
        m.push_str(&format!(
            "\nhelp: `{file}` passed verification but not the interpreter's checks: a file that `cprime build` did not make can do that; rebuild it from its source (and report it if the rebuilt file does the same)"
        ));
    }
    // (bounded during a graceful shutdown; the message waits for the output before it)
    host.drain_before_exit();
    if let Some(m) = message {
        host.eprint(&m);
    }
    rt.deallocate_stack(&mut vm);
    rt.cleanup(&vm, &mut host);
    host.drain_before_exit();
    status
}

/// Whether the environment turns on a testing or diagnostic aid (`NAME=1`; any other
/// value, or none, is off; docs/cli.md): stress modes the program suite uses to find
/// liveness and collector mistakes, and the scheduler's statistics. Not tuning knobs.
fn env_flag(name: &str) -> bool {
    std::env::var_os(name).is_some_and(|v| v == "1")
}

/// With `CPRIME_SCHED_STATS=1`, what the coroutine scheduler of `vm`'s last run did, as
/// one line for stderr (docs/cli.md).
pub(crate) fn sched_stats_line(vm: &Vm) -> Option<String> {
    if !env_flag("CPRIME_SCHED_STATS") {
        return None;
    }
    let st = vm.sched_stats();
    Some(format!(
        "sched: {} slices ({} on other workers), {} coroutines started, heaps swept: {} while busy, {} while idle, {} waits packed, {} heaps compacted",
        st.slices, st.on_workers, st.started, st.busy_sweeps, st.idle_sweeps, st.packed, st.compacted
    ))
}

/// The coroutine runtime's settings.
pub(crate) struct CoSettings {
    pub options: cprime_vm::co::CoOptions,
    /// Worker threads (`.thread_pool`, `scheduler_stage{.threads}`; 1 by default, at
    /// most 256).
    pub threads: usize,
    /// Ready sockets taken per poll (`async_io_stage{.epoll_size}`; 1024 by default).
    epoll_size: usize,
}

/// The coroutine scheduler's settings from the entry's runtime parameters
/// (`coroutine(.max_coroutines = 10_000, .thread_pool = 4)`; the compiler turns the
/// scheduler's stages into these too).
pub(crate) fn co_settings(params: &[(String, String)]) -> CoSettings {
    let mut s = CoSettings { options: cprime_vm::co::CoOptions::default(), threads: 1, epoll_size: 1024 };
    // a testing aid (the program suite's debug pass), not a tuning knob
    s.options.sweep_each_slice = env_flag("CPRIME_SWEEP_EACH_SLICE");
    // likewise: `CPRIME_PACK_AFTER=0` packs every coroutine that waits
    if let Some(n) = std::env::var("CPRIME_PACK_AFTER").ok().and_then(|v| v.parse().ok()) {
        s.options.pack_after = n;
    }
    // the decoder refused a module whose values are out of bounds
    for (name, text) in params {
        let n = match cprime_bytecode::runtimes::scheduler_param(name, text) {
            Some(Ok(n)) => usize::try_from(n).unwrap_or(usize::MAX),
            _ => continue,
        };
        match name.as_str() {
            "max_coroutines" => s.options.max_coroutines = n,
            "thread_pool" => s.threads = n,
            "epoll_size" => s.epoll_size = n,
            _ => {}
        }
    }
    s
}

/// Maps an entry's outcome to the process exit status and what the user must see on
/// stderr (unhandled signal report, panic message), if anything.
fn exit_status(outcome: &Outcome, returns_int: bool) -> (i32, Option<String>) {
    match outcome {
        // `as i32`: the OS keeps the low 8 bits, as `exit(3)` in C does
        Outcome::Returned(Some(v)) if returns_int => (*v as i64 as i32, None),
        Outcome::Returned(_) => (0, None),
        Outcome::Exit(n) => (*n, None),
        Outcome::Unhandled(report) => (EXIT_UNHANDLED, Some(report.clone())),
        Outcome::Panic(msg) => (EXIT_PANIC, Some(msg.clone())),
        Outcome::OutOfFuel => {
            (EXIT_PANIC, Some("error: the program ran out of fuel (instruction budget exhausted)".to_string()))
        }
        Outcome::InternalError(msg) => (EXIT_PANIC, Some(format!("error: internal VM error: {msg}, please report"))),
        // entries run to completion (`Vm::run`); only time-sliced runs stop early
        Outcome::Preempted | Outcome::Blocked => {
            (EXIT_PANIC, Some("error: internal VM error: a run to completion was suspended, please report".to_string()))
        }
    }
}


#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn held_signals_stay_blocked_until_released_and_the_managed_ones_after() {
        use nix::sys::signal::{pthread_sigmask, SigSet, SigmaskHow, Signal};
        // in a thread of its own: the mask is per thread
        let masks = std::thread::spawn(|| {
            let mask = || {
                let mut m = SigSet::empty();
                pthread_sigmask(SigmaskHow::SIG_BLOCK, None, Some(&mut m)).unwrap();
                (m.contains(Signal::SIGTERM), m.contains(Signal::SIGTSTP))
            };
            block_signals_in_this_thread().hold();
            let held = mask();
            release_signals_keeping(&signal_thread::managed_set());
            let released = mask();
            release_signals(); // a second release changes nothing
            (held, released, mask())
        })
        .join()
        .unwrap();
        assert_eq!(masks.0, (true, true), "held: all blocked");
        assert_eq!(masks.1, (true, false), "released: SIGTERM (managed) still blocked, SIGTSTP back");
        assert_eq!(masks.2, masks.1);
    }

    #[test]
    fn outcomes_map_to_exit_statuses() {
        let status = |o: Outcome, int: bool| exit_status(&o, int).0;
        assert_eq!(status(Outcome::Returned(Some(3)), true), 3);
        // the entry's int is an i64 in a register; the OS keeps the low 8 bits of i32
        assert_eq!(status(Outcome::Returned(Some((-1i64) as u64)), true), -1);
        assert_eq!(status(Outcome::Returned(Some(258)), true) & 0xff, 2);
        assert_eq!(status(Outcome::Returned(Some(3)), false), 0, "non-int results do not count");
        assert_eq!(status(Outcome::Returned(None), false), 0);
        assert_eq!(status(Outcome::Exit(7), false), 7);
        assert_eq!(status(Outcome::Unhandled("unhandled signal X".into()), true), EXIT_UNHANDLED);
        assert_eq!(status(Outcome::Panic("boom".into()), true), EXIT_PANIC);
        let (code, msg) = exit_status(&Outcome::InternalError("bad handle".into()), true);
        assert_eq!(code, EXIT_PANIC);
        assert_eq!(msg.as_deref(), Some("error: internal VM error: bad handle, please report"));
        assert_eq!(exit_status(&Outcome::Returned(None), false).1, None);
    }
}
