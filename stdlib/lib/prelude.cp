// The CPrime prelude: the part of the standard library that every program sees.
//
// The standard library is CPrime source built into the `cprime` binary (the
// `cprime-stdlib` crate embeds this file with `include_str!`); the compiler
// compiles it together with the user's program. Operations the VM must provide
// (I/O, processes, time, string and collection primitives) are native functions:
// the compiler binds them by name to the table in vm/bytecode/src/natives.rs, so
// they need no CPrime body here.
//
// Keep this file plain, simple CPrime: it is compiled before every program, so a
// mistake here is a compile error in everyone's code.

/// The smaller of two integers.
fn min(a: int, b: int) -> int {
    if a < b { a } else { b }
}

/// The larger of two integers.
fn max(a: int, b: int) -> int {
    if a > b { a } else { b }
}

/// The absolute value of an integer (wrapping: `abs(i64::MIN)` is `i64::MIN`).
fn abs(a: int) -> int {
    if a < 0 { 0 - a } else { a }
}

/// `v` limited to the range `lo..=hi`.
fn clamp(v: int, lo: int, hi: int) -> int {
    max(lo, min(v, hi))
}

// ---------------------------------------------------------------------------------
// Built-in stages. A stage is a struct whose static `init` runs before the entry body
// and whose `cleanup` runs after it, last stage first; fields bind to parameters by
// name, and omitted fields take their defaults (0, false, ""). A program's own item of
// the same name shadows these.

/// `logging_stage{"app.log"}` target naming standard output.
const stdout: String = "<stdout>";
/// `logging_stage{stderr}`: the log on standard error (also where it goes without a
/// logging stage).
const stderr: String = "<stderr>";

/// `logging_stage{"server.log"}` / `logging_stage{stdout}`: sends the `log::` macros'
/// lines to a file (appended, created if missing) or to stdout. Init fails with
/// `IO_ERROR` when the file cannot be written, so a `catch` alternative can take over.
struct logging_stage {
    target: String,
    static void init(target: String) except(IO_ERROR) {
        if target != stdout && target != stderr && target != "" {
            fs::append(target, "")?;
        }
        // process-wide, so that spawned coroutines log there too
        setting::set("log_target", target);
    }
    static void cleanup(target: String) {
        setting::set("log_target", "");
    }
}

/// One log line, `LEVEL message`, to the current log target. `log::info!(..)` calls it.
fn log_write(level: String, text: String) {
    let line = level + " " + text + "\n";
    // a file path, `stdout`, or `stderr` ("")
    let target = setting::get("log_target");
    if target == stdout {
        print!("{}", line);
    } else if target == "" || target == stderr {
        eprint!("{}", line);
    } else {
        // a log file that went away: the line still reaches stderr
        catch(IO_ERROR) { fs::append(target, line)?; } recover { eprint!("{}", line); }
    }
}

/// `globals_stage{}`: marks where global initializers run. CPrime globals have constant
/// initializers, placed before any code runs, so there is nothing left to do here.
struct globals_stage {
    static void init() {}
}

/// `heap_stage{.size = 64_MB}` (also `default(.heap_size = 64_MB)`): allocation beyond
/// `size` bytes of live heap raises `OOM`.
struct heap_stage {
    size: int,
    static void init(size: int) { heap::set_limit(size); }
}

/// `stack_stage{.size = 64_KB}` (also `default(.stack_size = 64_KB)`): recursion deeper
/// than `size` bytes of frames raises `STACK_OVERFLOW`.
struct stack_stage {
    size: int,
    static void init(size: int) { stack::set_limit(size); }
}

/// `debug_stage{.memory_tracking = true}`: at exit, one line of heap statistics
/// (allocations, live objects, peak, collections) on stderr.
struct debug_stage {
    memory_tracking: bool,
    static void init(memory_tracking: bool) {}
    static void cleanup(memory_tracking: bool) {
        if memory_tracking { eprintln!("debug: {}", heap::report()); }
    }
}

static mut SHUTDOWN_REQUESTED_FLAG: int = 0;
static mut RELOAD_REQUESTED_FLAG: int = 0;

/// `signal_stage{.graceful_shutdown = true, .reload_config = true}`: SIGTERM and SIGINT
/// set a flag `shutdown_requested()` reports instead of killing the process; SIGHUP
/// sets one `reload_requested()` reports (and clears). `.defer = true` does both: every
/// one of these signals is deferred to the program instead of taking its OS default.
struct signal_stage {
    defer: bool,
    graceful_shutdown: bool,
    reload_config: bool,
    static void init(defer: bool, graceful_shutdown: bool, reload_config: bool) {
        if graceful_shutdown || defer {
            signal(SIGTERM, |_| { unsafe { SHUTDOWN_REQUESTED_FLAG = 1; } });
            signal(SIGINT, |_| { unsafe { SHUTDOWN_REQUESTED_FLAG = 1; } });
        }
        if reload_config || defer {
            signal(SIGHUP, |_| { unsafe { RELOAD_REQUESTED_FLAG = 1; } });
        }
    }
}

/// Whether SIGTERM or SIGINT arrived (with `signal_stage{.graceful_shutdown = true}`).
fn shutdown_requested() -> bool {
    unsafe { SHUTDOWN_REQUESTED_FLAG != 0 }
}

/// Whether SIGHUP arrived since the last call (with `signal_stage{.reload_config = true}`).
fn reload_requested() -> bool {
    let r = unsafe { RELOAD_REQUESTED_FLAG != 0 };
    unsafe { RELOAD_REQUESTED_FLAG = 0; }
    r
}

// ---------------------------------------------------------------------------------
// Runtimes

/// What every runtime provides (the seed's `Runtime` trait). A program writes its own
/// runtime as `struct R { .. }` plus `impl Runtime for R { .. }` and selects it with
/// `fn main() = R { field: value } { .. }`: `init` and `setup_signals` run before the
/// stages, `cleanup` after them (also on `exit(n)` and on an escaping signal). Fields
/// of the runtime literal bind to these functions' parameters by name. The capability
/// constants are compile-time facts: coroutine syntax under a runtime whose
/// `HAS_COROUTINES` is false is a compile error. `allocate_stack`/`deallocate_stack`
/// size coroutine stacks, so only the coroutine runtime calls them.
trait Runtime {
    fn init() {}
    fn setup_signals() {}
    fn cleanup() {}
    fn allocate_stack(size: int) -> int { size }
    fn deallocate_stack(stack: int, size: int) {}
    const HAS_COROUTINES: bool = false;
    const HAS_ASYNC: bool = false;
    const HAS_SIGNAL_THREAD: bool = false;
    const HAS_WORK_STEALING: bool = false;
    const HAS_NUMA_AWARENESS: bool = false;
}

/// The listener `network_stage` bound (-1: none).
static mut NETWORK_LISTENER: int = -1;

/// `network_stage{.port = 8080}` / `network_stage{.port = 8080, .address = "0.0.0.0"}`:
/// binds a TCP listener (127.0.0.1 unless an address is given; port 0 picks a free
/// one). A port in use fails the stage with `IO_ERROR`, so its `catch` alternative runs.
/// `network_port()` is the bound port; cleanup closes the listener.
struct network_stage {
    port: int,
    address: String,
    static void init(port: int, address: String) except(IO_ERROR) {
        let l = net::listen(address, port)?;
        unsafe { NETWORK_LISTENER = l; }
        // process-wide, so that spawned coroutines see it too
        setting::set("network_port", net::local_port(l).to_string());
    }
    static void cleanup(port: int, address: String) {
        net::close(unsafe { NETWORK_LISTENER });
        unsafe { NETWORK_LISTENER = -1; }
        setting::set("network_port", "");
    }
}

/// The port `network_stage` listens on, or -1.
fn network_port() -> int {
    setting::get("network_port").parse_int().unwrap_or(-1)
}

// ---------------------------------------------------------------------------------
// Timers (coroutine runtime; outside it they block the thread)

/// A periodic timer: `let mut ticker = timer::interval(period);` then
/// `ticker.tick().await` in a loop, or `_ = ticker.tick() => ..` in a `select`. The first
/// tick completes at once (as Tokio's); a tick missed by a whole period or more is
/// skipped, not made up in a burst.
struct Interval {
    period: Duration,
    /// The clock's time of the next tick (`time::now_ns()`); zero before the first.
    next: Duration,
}

impl Interval {
    /// Waits for the next tick.
    fn tick(&mut self) {
        timer::sleep(self.remaining());
        self.advance();
    }

    /// The time until the next tick (zero when it is due).
    fn remaining(&self) -> Duration {
        let now = time::now_ns();
        if self.next > now { self.next - now } else { Duration::from_nanos(0) }
    }

    /// Takes the tick that is due: the next one is a period later, or a period from now
    /// when it is already late by a period. (A period too long to add means never: the
    /// sum saturates rather than wrapping into the past.)
    fn advance(&mut self) {
        let now = time::now_ns();
        let next = if self.next == Duration::from_nanos(0) { now + self.period } else { self.next + self.period };
        self.next = if next <= now { now + self.period } else { next };
    }
}

mod timer {
    /// A timer that ticks every `period` (at least 1 ns).
    fn interval(period: Duration) -> Interval {
        let at_least = Duration::from_nanos(1);
        Interval { period: if period < at_least { at_least } else { period }, next: Duration::from_nanos(0) }
    }
}
