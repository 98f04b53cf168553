//! The test runner behind `cprime test`: every `#[test]` function of a module, each in a
//! fresh VM (tests share no globals or heap), with a libtest-style report on stdout.
//!
//! A test passes when its function returns; it fails on `panic!` (a failed `assert!`),
//! an unhandled signal, `exit(..)`, or a VM error. What a test prints is captured and
//! shown only for failures. With `--timeout`, a watchdog thread ends the run when one
//! test takes longer (a test cannot be stopped from outside: it may be in a system call
//! or a loop that never reaches a safepoint), reporting it and what ran before, as
//! `go test -timeout` does.
use std::fmt::Write as _;
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use cprime_bytecode::Module;
use cprime_tiers::{execute, Tier};
use cprime_vm::{Outcome, Vm};

use crate::host::{self, CaptureHost, StdoutBuf};

/// Result of one test function.
enum TestResult {
    Ok,
    Failed { message: String, output: Vec<u8> },
}

/// Where a running test's output goes (the watchdog prints it if the test times out).
type Captured = Arc<Mutex<Vec<u8>>>;

/// The report so far, shared with the watchdog.
#[derive(Default)]
struct Report {
    passed: usize,
    /// Name, message and captured output of each failed test.
    failures: Vec<(String, String, Vec<u8>)>,
    filtered_out: usize,
    /// The test running now, its deadline, and where its output goes.
    running: Option<(String, Instant, Captured)>,
    /// Tests not started yet (the one running excluded).
    left: usize,
    finished: bool,
}

struct Shared {
    report: Mutex<Report>,
    changed: Condvar,
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, Report> {
        self.report.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// `cprime test`: runs every `#[test]` function of `module` whose name contains
/// `filter`. Returns 0 when every selected test passed, 1 otherwise; a test running
/// past `timeout` ends the process with status 1 after the report.
pub fn run_tests(module: Module, filter: Option<&str>, tier: Tier, timeout: Option<Duration>) -> i32 {
    crate::init_process();
    if !tier.is_available() {
        host::write_stderr(format!("error: {}\n", cprime_tiers::TierError::NotBuilt(tier)).as_bytes());
        return 1;
    }
    let mut out = StdoutBuf::new();
    let selected: Vec<_> = module.tests.iter().filter(|t| filter.is_none_or(|f| t.name.contains(f))).cloned().collect();
    // Verify once up front: a module that does not verify fails every test the same way.
    if let Err(e) = Vm::new(module.clone()) {
        host::write_stderr(format!("error: invalid bytecode: {e}\n").as_bytes());
        return 1;
    }
    let shared = Arc::new(Shared {
        report: Mutex::new(Report { filtered_out: module.tests.len() - selected.len(), left: selected.len(), ..Report::default() }),
        changed: Condvar::new(),
    });
    let watchdog = timeout.map(|t| {
        let shared = shared.clone();
        std::thread::spawn(move || watch(&shared, t))
    });
    let _ = writeln!(Line(&mut out), "\nrunning {} test{}", selected.len(), plural(selected.len()));
    // shown before the first test runs: a run ended by a signal (a CI timeout's SIGTERM)
    // still says what it ran and which tests passed
    out.flush();
    for t in &selected {
        let host = CaptureHost::default();
        {
            let mut r = shared.lock();
            r.left -= 1;
            // (a timeout too large for the clock is none)
            let now = Instant::now();
            let far = now.checked_add(Duration::from_secs(1 << 32)).unwrap_or(now);
            let deadline = now.checked_add(timeout.unwrap_or(Duration::ZERO)).unwrap_or(far);
            r.running = Some((t.name.clone(), deadline, host.captured.clone()));
            shared.changed.notify_all();
        }
        let result = run_one_test(&module, t.func, tier, host);
        let mut r = shared.lock();
        r.running = None;
        match result {
            TestResult::Ok => {
                r.passed += 1;
                let _ = writeln!(Line(&mut out), "test {} ... ok", t.name);
            }
            TestResult::Failed { message, output } => {
                let _ = writeln!(Line(&mut out), "test {} ... FAILED", t.name);
                r.failures.push((t.name.clone(), message, output));
            }
        }
        // progress shows as tests finish, even when stdout is a pipe
        out.flush();
    }
    let mut r = shared.lock();
    r.finished = true;
    shared.changed.notify_all();
    out.write_str(&summary(&r));
    out.flush();
    let status = if r.failures.is_empty() { 0 } else { 1 };
    drop(r);
    if let Some(w) = watchdog {
        let _ = w.join();
    }
    status
}

/// The watchdog: waits for each test's deadline; a test still running past it ends the
/// process (status 1) after the report, which counts it as failed.
fn watch(shared: &Shared, timeout: Duration) {
    let mut r = shared.lock();
    loop {
        if r.finished {
            return;
        }
        let Some((name, deadline, output)) = r.running.clone() else {
            r = shared.changed.wait(r).unwrap_or_else(|e| e.into_inner());
            continue;
        };
        let now = Instant::now();
        if now < deadline {
            r = shared.changed.wait_timeout(r, deadline - now).unwrap_or_else(|e| e.into_inner()).0;
            continue;
        }
        let printed = std::mem::take(&mut *output.lock().unwrap_or_else(|e| e.into_inner()));
        let message = format!("the test did not finish within {} (--timeout): the run stops here", shown(timeout));
        r.failures.push((name.clone(), message, printed));
        let mut out = StdoutBuf::new();
        let _ = writeln!(Line(&mut out), "test {name} ... FAILED (timed out)");
        out.write_str(&summary(&r));
        out.flush();
        std::process::exit(1);
    }
}

/// A duration in the largest unit that shows it whole (`2s`, `250ms`, `10us`, `7ns`).
fn shown(d: Duration) -> String {
    let ns = d.as_nanos();
    match ns {
        n if n >= 1_000_000_000 && n % 1_000_000_000 == 0 => format!("{}s", n / 1_000_000_000),
        n if n >= 1_000_000 && n % 1_000_000 == 0 => format!("{}ms", n / 1_000_000),
        n if n >= 1_000 && n % 1_000 == 0 => format!("{}us", n / 1_000),
        n => format!("{n}ns"),
    }
}

/// The end of the report: each failure with its output, then the counts.
fn summary(r: &Report) -> String {
    let mut s = String::new();
    if !r.failures.is_empty() {
        s.push_str("\nfailures:\n");
        for (name, message, output) in &r.failures {
            let _ = write!(s, "\n---- {name} stdout ----\n");
            s.push_str(&String::from_utf8_lossy(output));
            if !output.is_empty() && !output.ends_with(b"\n") {
                s.push('\n');
            }
            s.push_str(message.trim_end());
            s.push('\n');
        }
        s.push_str("\nfailures:\n");
        for (name, _, _) in &r.failures {
            let _ = writeln!(s, "    {name}");
        }
    }
    let verdict = if r.failures.is_empty() { "ok" } else { "FAILED" };
    let _ = write!(s, "\ntest result: {verdict}. {} passed; {} failed", r.passed, r.failures.len());
    if r.left > 0 {
        let _ = write!(s, "; {} not run", r.left);
    }
    if r.filtered_out > 0 {
        let _ = write!(s, "; {} filtered out", r.filtered_out);
    }
    s.push_str("\n\n");
    s
}

fn run_one_test(module: &Module, func: u32, tier: Tier, mut host: CaptureHost) -> TestResult {
    let mut vm = match Vm::new(module.clone()) {
        Ok(vm) => vm,
        Err(e) => return TestResult::Failed { message: format!("error: invalid bytecode: {e}"), output: Vec::new() },
    };
    // a test that is an entry runs as one, through its stages (`func` is then the
    // stages' wrapper), its cleanup on `exit(n)`, and its scheduler's settings (its
    // workers too); a test that makes channels, spawns or selects runs as a
    // `= coroutine` entry would
    let entry = module.entries.iter().find(|e| e.func == func);
    vm.set_exit_hook(entry.and_then(|e| e.cleanup));
    let run = if entry.is_some_and(|e| e.runs_coroutines()) || uses_coroutines(module, func) {
        let co = entry.map(|e| crate::co_settings(&e.params));
        let options = co.as_ref().map_or_else(Default::default, |c| c.options);
        let threads = co.as_ref().map_or(1, |c| c.threads);
        let workers = (1..threads).map(|_| Box::new(host.for_worker()) as Box<dyn cprime_vm::Host + Send>).collect();
        let run = cprime_tiers::execute_coroutines(&mut vm, func, None, &mut host, tier, options, workers);
        // (on the real stderr: a diagnostic aid, not the test's output)
        if let Some(line) = crate::sched_stats_line(&vm) {
            host::write_stderr(format!("{line}\n").as_bytes());
        }
        run
    } else {
        execute(&mut vm, func, None, &mut host, tier)
    };
    // an `int` entry's value is its exit status, which fails the test unless 0
    let returns_int = entry.is_some() && module.functions.get(func as usize).is_some_and(|f| f.ret == Some(cprime_bytecode::Kind::Int));
    let message = match run {
        Err(e) => format!("error: {e}"),
        Ok(Outcome::Returned(Some(v))) if returns_int && v as i64 != 0 => format!("the test returned exit status {}", v as i64),
        Ok(Outcome::Returned(_)) => return TestResult::Ok,
        Ok(Outcome::Exit(n)) => format!("the test called exit({n})"),
        Ok(Outcome::Unhandled(report)) => report,
        Ok(Outcome::Panic(msg)) => msg,
        Ok(Outcome::OutOfFuel) => "the test ran out of fuel".to_string(),
        Ok(Outcome::Preempted | Outcome::Blocked) => "error: internal VM error: a test run was suspended, please report".to_string(),
        Ok(Outcome::InternalError(msg)) => format!("error: internal VM error: {msg}, please report"),
    };
    TestResult::Failed { message, output: host.take_captured() }
}

/// Whether function `func` can reach a native that only the coroutine runtime provides
/// (every channel, `spawn`, `select` and scheduler handler starts with one of these):
/// through calls, closures, and, for a method call through a trait object, any method.
fn uses_coroutines(module: &Module, func: u32) -> bool {
    use cprime_bytecode::isa::{Fun, Insn, Nat};
    use cprime_bytecode::natives::Native::*;
    let starts = [ChanNew, CoSpawn, CoGo, SelBegin, CoHandle, CoHandleSig, CoWaitAll].map(|n| n as u16);
    let mut seen = vec![false; module.functions.len()];
    let mut work = vec![func as usize];
    let mut methods_added = false;
    while let Some(f) = work.pop() {
        let Some(function) = module.functions.get(f).filter(|_| !seen[f]) else { continue };
        seen[f] = true;
        for insn in &function.code {
            match insn {
                Insn::CallNat { x: Nat(x), .. } if starts.contains(x) => return true,
                Insn::Call { f: Fun(g), .. } | Insn::MkClo { f: Fun(g), .. } => work.push(*g as usize),
                Insn::CallVirt { .. } if !methods_added => {
                    methods_added = true;
                    work.extend(module.vtables.iter().map(|v| v.func as usize));
                }
                _ => {}
            }
        }
    }
    false
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// `fmt::Write` onto [`StdoutBuf`], so the report can use `writeln!` without `println!`'s
/// panic on a closed pipe.
struct Line<'a>(&'a mut StdoutBuf);

impl std::fmt::Write for Line<'_> {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        self.0.write_str(s);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_show_whole_in_their_largest_unit() {
        assert_eq!(shown(Duration::from_secs(2)), "2s");
        assert_eq!(shown(Duration::from_millis(1500)), "1500ms");
        assert_eq!(shown(Duration::from_millis(250)), "250ms");
        assert_eq!(shown(Duration::from_micros(10)), "10us");
        assert_eq!(shown(Duration::from_nanos(7)), "7ns");
    }
}
