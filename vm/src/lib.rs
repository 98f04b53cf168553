//! The CPrime VM core: verifier, heap with a precise mark-sweep collector, the bytecode
//! interpreter and the core native functions.
//!
//! `no_std` + `alloc` and safe Rust but for two small, documented places (the threaded
//! interpreter's unchecked register access, `interp/threaded.rs`, and the coroutine
//! table's tagged pointers, `co/states.rs`: ARCHITECTURE.md's invariants): the same
//! crate runs inside `cprime` on Linux and inside bare-metal RV32 images. Everything
//! OS-facing goes through [`Host`].
//!
//! **Architecture Invariant:** the interpreter only runs modules that passed
//! [`verify::verify`]; even so, every heap access is checked, and an impossible state
//! becomes [`Outcome::InternalError`], never a Rust panic.
#![no_std]
#![deny(unsafe_code)]
extern crate alloc;
#[cfg(any(test, feature = "std"))]
extern crate std;

pub mod format;
pub mod gc;
pub mod heap;
pub mod interp;
mod liveness;
mod map;
pub mod memory;
pub mod natives;
mod net;
pub mod co;
// the coroutine runtime (spawn captures, channel messages) is its user; until it lands,
// only tests call it
#[cfg_attr(not(test), allow(dead_code))]
pub(crate) mod transfer;
mod unwind;
pub(crate) use unwind::cleanup::CleanupTrace;
pub mod verify;

#[cfg(test)]
mod tests;

use alloc::boxed::Box;
use alloc::sync::Arc;
use alloc::string::{String, ToString};
use alloc::vec::Vec;

use cprime_bytecode::builtins;
use cprime_bytecode::module::{Const, GlobalInit, Kind, Module};

pub use heap::{Heap, HeapStats, Object};
pub use verify::{verify, VerifyError};

/// OS-facing services, implemented by the runtimes crate (the std side).
pub trait Host {
    /// Raw bytes to a stream: 1 = stdout, 2 = stderr.
    fn write(&mut self, fd: i32, bytes: &[u8]);
    fn flush(&mut self);
    /// Whether so much output waits to be written that a coroutine that prints should
    /// wait (the coroutine runtime writes stdout and stderr on a thread of their own).
    fn output_backlogged(&mut self) -> bool {
        false
    }
    fn process_id(&mut self) -> i64;
    /// 0 ok, -1 error.
    fn kill(&mut self, pid: i64, signo: i64) -> i64;
    /// Sleeps `ns` nanoseconds; returns early with the time left (> 0) when an OS signal
    /// with a program handler arrives, so the VM can run the handler and sleep again.
    fn sleep_ns(&mut self, ns: i64) -> i64;
    fn now_ns(&mut self) -> i64;
    /// A line of stdin without its line ending (`None` at the end); blocks.
    fn read_line(&mut self) -> Option<String>;
    /// A line of stdin if one is read already (`Some(None)` at the end), else `None`:
    /// then a coroutine has `FileOp::StdinFill` read more on a file thread and waits.
    /// A host without such a buffer just reads (blocking).
    fn stdin_buffered(&mut self) -> Option<Option<String>> {
        Some(self.read_line())
    }
    /// Reads more of stdin into that buffer (blocking): `FileOp::StdinFill` run inline.
    fn stdin_fill(&mut self) {}
    /// Process-wide settings the entry's stages make (`logging_stage`'s target), seen
    /// by every coroutine (globals are per coroutine). A host without them keeps none.
    fn setting_set(&mut self, key: &str, value: &str) {
        let _ = (key, value);
    }
    fn setting_get(&mut self, key: &str) -> String {
        let _ = key;
        String::new()
    }
    /// Routes `signo` (SIGINT or SIGTERM) to the coroutine scheduler's graceful
    /// shutdown, which has `grace_ns` to finish: a host that can also ends the process
    /// with 128 + the signal itself when the scheduler cannot (its thread stuck writing
    /// to a stdout nobody reads): after the grace period, or when a second one stays
    /// untaken. A program handler installed later (`install_signal`) replaces this.
    fn install_shutdown_signal(&mut self, signo: i32, grace_ns: i64) -> bool {
        let _ = grace_ns;
        self.install_signal(signo)
    }
    /// The graceful shutdown has no coroutine left; what remains (the stages' cleanup)
    /// is not bound by the grace period.
    fn shutdown_finished(&mut self) {}
    /// `Err((errno, message))` becomes `IO_ERROR { path, error_code, message }`.
    fn read_file(&mut self, path: &str) -> Result<String, (i64, String)>;
    fn write_file(&mut self, path: &str, text: &str) -> Result<(), (i64, String)>;
    /// Appends to a file, creating it (log files).
    fn append_file(&mut self, path: &str, text: &str) -> Result<(), (i64, String)> {
        let _ = (path, text);
        Err((95, String::from("Operation not supported")))
    }
    /// A pending OS signal number, polled at safepoints: the signals whose handlers the
    /// program installed with `install_signal` and that arrived since the last poll.
    fn poll_signal(&mut self) -> Option<i32> {
        None
    }
    /// Whether a signal `poll_signal` would return has arrived (it stays pending).
    fn signal_pending(&mut self) -> bool {
        false
    }
    /// Routes OS signal `signo` to `poll_signal` from now on (the program installed a
    /// handler). False when the host cannot (no OS signals, or an uncatchable one).
    fn install_signal(&mut self, signo: i32) -> bool {
        let _ = signo;
        false
    }
    /// Binds a TCP listener: a handle for `tcp_*`, or `(errno, message)`.
    fn tcp_listen(&mut self, address: &str, port: i64) -> Result<i64, (i64, String)> {
        let _ = (address, port);
        Err((95, String::from("Operation not supported")))
    }
    /// The local port of listener `handle` (-1 if there is none).
    fn tcp_local_port(&mut self, handle: i64) -> i64 {
        let _ = handle;
        -1
    }
    fn tcp_close(&mut self, handle: i64) {
        let _ = handle;
    }
    /// `SIG_IGN` (`ignore`) or `SIG_DFL` for `signo`; false when the host cannot.
    fn set_signal_disposition(&mut self, signo: i32, ignore: bool) -> bool {
        let _ = (signo, ignore);
        false
    }
    /// Non-blocking sockets (`TcpListener`, `TcpStream`; `net.rs`), by socket number.
    /// `None` from an operation means it would block: the caller waits for readiness
    /// (`io_poll` under the coroutine scheduler, `net_wait` otherwise) and asks again.
    fn net(&mut self) -> Option<&mut dyn NetHost> {
        None
    }
    /// Starts a file operation away from the calling thread (the coroutine runtime keeps
    /// blocking file I/O off its worker): a ticket for `file_take`, or the operation back
    /// when the host runs it inline instead.
    fn file_start(&mut self, op: FileOp) -> Result<u32, FileOp> {
        Err(op)
    }
    /// The result of ticket `t` once the operation is done (the text read, or "").
    fn file_take(&mut self, t: u32) -> Option<Result<String, IoErr>> {
        let _ = t;
        None
    }
    /// Appends the tickets finished since the last call (their waiters can go on).
    fn files_done(&mut self, done: &mut Vec<u32>) {
        let _ = done;
    }
}

/// A file operation for [`Host::file_start`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FileOp {
    Read(String),
    Write(String, String),
    Append(String, String),
    /// Reads more of stdin into the host's buffer (`Host::stdin_buffered`); `""`.
    StdinFill,
}

/// An error from the OS: `(errno, message)`, raised as `IO_ERROR`.
pub type IoErr = (i64, String);
/// A non-blocking operation: done, would block (`None`), or failed.
pub type NetIo<T> = Result<Option<T>, IoErr>;

/// What one [`NetHost::read_line`] call got.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LineRead {
    Line(String),
    /// The end of the stream, with no partial line before it.
    End,
    /// Much was received without reaching the line's end: call again. A coroutine lets
    /// the others run first, so one long line does not hold up its worker.
    More,
}

/// The socket side of a [`Host`]. Sockets are counted references: the VM reports every
/// socket object created or freed (`retain`), and the host closes a socket when its count
/// drops to zero (or at `close`).
pub trait NetHost {
    /// A listener bound to `"host:port"`.
    fn bind(&mut self, addr: &str) -> Result<u32, IoErr>;
    /// The next connection.
    fn accept(&mut self, s: u32) -> NetIo<u32>;
    /// Starts connecting to `"host:port"`; `connected` says when it is done.
    fn connect(&mut self, addr: &str) -> Result<u32, IoErr>;
    fn connected(&mut self, s: u32) -> NetIo<()>;
    /// The text available, up to `max` bytes of whole characters (a character split
    /// between two receipts waits for its rest; one character longer than `max` comes
    /// whole); empty at the end of the stream. Bytes that are not UTF-8 are an error
    /// (`EILSEQ`), as they are for files.
    fn read(&mut self, s: u32, max: usize) -> NetIo<String>;
    /// One line without its `\n` / `\r\n`, or its end, or [`LineRead::More`].
    fn read_line(&mut self, s: u32) -> NetIo<LineRead>;
    /// Puts `bytes` back in front of what socket `s` received: a read whose text the
    /// program had no memory to store is read again after a collection, or by the
    /// next read of that socket once the program caught the `OOM`.
    fn unread(&mut self, s: u32, bytes: &[u8]);
    /// Whether socket `s` holds received text not handed out yet (the start of a line
    /// `read_line` is waiting to complete), which a `read` returns without waiting.
    fn holds_text(&mut self, s: u32) -> bool;
    /// Writes some of `bytes`: how many.
    fn write(&mut self, s: u32, bytes: &[u8]) -> NetIo<usize>;
    /// Shuts down the writing half: the peer reads the end of the stream.
    fn shutdown(&mut self, s: u32) -> Result<(), IoErr>;
    /// The local (or the peer's) address, `"host:port"`, as it was when the connection
    /// was made (so it is still known once the peer has gone).
    fn addr(&mut self, s: u32, peer: bool) -> Result<String, IoErr>;
    /// Adds `delta` to the socket's count of references; closes it at zero.
    fn retain(&mut self, s: u32, delta: i32);
    /// Closes and frees socket `s`, which nothing refers to (it was never counted: a
    /// connection accepted when its handle could not be allocated, a connect abandoned).
    fn release_uncounted(&mut self, s: u32) {
        self.retain(s, 1);
        self.retain(s, -1);
    }
    /// Closes the socket now (later operations on it fail with `EBADF`).
    fn close(&mut self, s: u32);
    /// Sets stream `s`'s write timeout (ns; <= 0: none): how long a `write_all` may wait
    /// without writing anything before it raises `ETIMEDOUT`.
    fn set_write_timeout(&mut self, s: u32, ns: i64) -> Result<(), IoErr>;
    /// Stream `s`'s write timeout in ns, 0 for none.
    fn write_timeout(&mut self, s: u32) -> i64;
    /// Blocks until socket `s` is readable (or writable): the default runtime's wait.
    /// With `signals`, `true` when it ended for a handled OS signal instead (the caller
    /// lets the program's handler run first); without, it goes on waiting through them.
    fn wait(&mut self, s: u32, writable: bool, signals: bool) -> bool;
    /// Waits up to `timeout_ns` (0: just looks; the wait ends early for an OS signal)
    /// and appends the sockets that became ready: `(socket, readable, writable)`.
    fn poll(&mut self, timeout_ns: i64, ready: &mut Vec<(u32, bool, bool)>);
}

/// A host that discards output and has no files: for tests and the fuzz oracle.
#[derive(Default, Debug, Clone)]
pub struct NullHost {
    /// The clock `now_ns` reports; `sleep_ns` advances it.
    pub clock: i64,
    /// How many times `sleep_ns` was called.
    pub sleeps: u64,
}

impl Host for NullHost {
    fn write(&mut self, _fd: i32, _bytes: &[u8]) {}
    fn flush(&mut self) {}
    fn process_id(&mut self) -> i64 {
        1
    }
    fn kill(&mut self, _pid: i64, _signo: i64) -> i64 {
        -1
    }
    fn sleep_ns(&mut self, ns: i64) -> i64 {
        self.clock = self.clock.saturating_add(ns.max(0));
        self.sleeps += 1;
        0
    }
    fn now_ns(&mut self) -> i64 {
        self.clock
    }
    fn read_line(&mut self) -> Option<String> {
        None
    }
    fn read_file(&mut self, _path: &str) -> Result<String, (i64, String)> {
        Err((2, String::from("No such file or directory")))
    }
    fn write_file(&mut self, _path: &str, _text: &str) -> Result<(), (i64, String)> {
        Err((30, String::from("Read-only file system")))
    }
}

/// Resource limits of a run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Deepest call stack before `STACK_OVERFLOW`.
    pub max_frames: usize,
    /// Most registers (8 bytes each) on the register stack before `STACK_OVERFLOW`.
    pub max_registers: usize,
    /// Approximate live heap bytes before `OOM`; `None` = bounded by the machine.
    pub heap_limit: Option<usize>,
    /// Safepoints (calls and backward jumps) before [`Outcome::OutOfFuel`]; for fuzzing.
    pub fuel: Option<u64>,
    /// Testing: collect at the first safepoint after any allocation, so that every
    /// register the liveness analysis calls dead is cleared while the program runs
    /// (`CPRIME_GC_STRESS=1`; the program suite's debug pass uses it).
    pub gc_stress: bool,
}

impl Default for Limits {
    fn default() -> Self {
        Limits { max_frames: 100_000, max_registers: 8 * 1024 * 1024, heap_limit: None, fuel: None, gc_stress: false }
    }
}

/// How a run ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Raw bits of the returned register (i64 / f64 bits / heap handle); `None` for void.
    Returned(Option<u64>),
    /// The `Exit` native (stdout already flushed).
    Exit(i32),
    /// `"unhandled signal NAME { payload }\n  at f (file.cp:6)\n..."`.
    Unhandled(String),
    /// `"panicked: message\n  at f (file.cp:3)\n..."`.
    Panic(String),
    OutOfFuel,
    /// The time slice given to [`Vm::run_slice`] or [`Vm::resume`] was used up at a
    /// safepoint; `Vm::resume` continues the run there. The coroutine scheduler's
    /// preemption by reduction counting.
    Preempted,
    /// A coroutine waits on a channel or a task (only under `Vm::run_coroutines`).
    Blocked,
    /// An impossible state (bad handle, ...): a VM or verifier bug, never a Rust panic.
    InternalError(String),
}

/// Why an instruction could not complete. Cold paths only: the interpreter turns each
/// into a raised signal, a retry after collecting, or an [`Outcome`].
#[derive(Debug)]
pub(crate) enum Trap {
    /// Raise this signal object.
    Signal(u64),
    DivZero,
    Index { index: i64, len: i64 },
    StackOverflow,
    /// Raise `OOM` now.
    Oom,
    /// The heap limit was reached: collect, then run the instruction again (once).
    /// Instructions and natives therefore allocate before they mutate anything reachable.
    NoMem,
    Exit(i32),
    /// A blocking native returned early for an OS signal: run its handler, then run the
    /// instruction again (its progress is in the `Stash`).
    Interrupted,
    Panic(String),
    Internal(String),
    /// A coroutine native must wait (a full or empty channel, an unfinished task): the
    /// scheduler parks the coroutine and runs the instruction again when it is woken.
    Block,
}

impl Trap {
    /// Whether the trap unwinds to a handler (or ends the run as unhandled): a signal
    /// raised, not an instruction to run again, an exit, or a failure of the VM itself.
    pub(crate) fn raises(&self) -> bool {
        matches!(self, Trap::Signal(_) | Trap::DivZero | Trap::Index { .. } | Trap::StackOverflow | Trap::Oom)
    }
}

/// Per-function facts the interpreter and the collector need, computed once at load.
pub(crate) struct FnMeta {
    pub nregs: u32,
    pub nparams: u32,
    /// Registers of kind `Ref`, ascending: the collector's roots in a frame.
    pub refs: Box<[u16]>,
    /// Registers a call clears, `zero.0..zero.1`: the span of the non-parameter `Ref`
    /// registers, so the collector never sees a stale handle. Other registers start
    /// with whatever the stack held: compiled code writes them before reading, and for
    /// hand-made bytecode a stale int or float is still just an int or float.
    pub zero: (u32, u32),
    /// Which `Ref` registers each instruction may still read (`liveness.rs`), computed
    /// the first time the collector meets the function in a frame.
    pub live: once_cell::race::OnceBox<liveness::Liveness>,
    /// The kinds of its closures' captures (`Function::captures`).
    pub captures: Box<[Kind]>,
    /// Where each handler row's landing pad ends (`unwind/cleanup.rs`), computed the
    /// first time a catch-all row of the function catches.
    pub pad_ends: once_cell::race::OnceBox<Box<[u32]>>,
}

/// Immutable tables built at load time.
pub(crate) struct Tables {
    pub fns: Vec<FnMeta>,
    /// Each function's code in the interpreter's format (`interp::code`).
    pub code: Vec<Box<[interp::code::Op]>>,
    /// For each layout, the indices of its `Ref` fields.
    pub layout_refs: Vec<Box<[u16]>>,
    /// `(layout, slot) -> function` for `CallVirt`.
    pub vtable: hashbrown::HashMap<(u32, u32), u32, map::FxBuild>,
}

impl Tables {
    /// Whether capture `i` of a closure of function `func` holds a reference (the
    /// verifier makes every closure's captures match its function's list; anything
    /// else would count as one).
    pub(crate) fn capture_is_ref(&self, func: u32, i: usize) -> bool {
        self.fns.get(func as usize).and_then(|m| m.captures.get(i)).is_none_or(|k| *k == Kind::Ref)
    }

    /// The function implementing method `slot` for records of `layout`. Out of line: the
    /// lookup's key lives on the stack, which would stop the threaded handler calling it
    /// from ending in a tail call.
    #[inline(never)]
    pub(crate) fn method(&self, layout: u32, slot: u32) -> Option<usize> {
        self.vtable.get(&(layout, slot)).map(|&f| f as usize)
    }
}

/// Preallocated field-less fault signals, so raising them never needs memory.
#[derive(Clone, Copy, Default)]
pub(crate) struct Faults {
    pub div_zero: u64,
    pub oom: u64,
    pub stack_overflow: u64,
}

/// A caller's saved position: return to `pc + 1`, result into absolute register `dest`.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Frame {
    pub func: u32,
    pub pc: u32,
    pub base: u32,
    pub dest: u32,
}

/// Host results read but not yet stored in the heap: if storing them needs a collection
/// first, the retried native takes them from here instead of asking the host again.
pub(crate) enum Stash {
    Line(Option<String>),
    /// A `read_file` result for this path.
    File(String, Result<String, (i64, String)>),
}

/// Everything mutable: heap, globals, register and frame stacks.
pub(crate) struct State {
    pub heap: Heap,
    pub globals: Vec<u64>,
    /// Handles of the interned string constants, 0 until first used (permanently rooted);
    /// a coroutine has no table until its first `LdK` of a constant not yet interned.
    pub consts: Vec<u64>,
    pub faults: Faults,
    pub regs: Vec<u64>,
    pub frames: Vec<Frame>,
    /// Shared by the coroutines of a scheduler (they inherit the entry's); a state that
    /// changes its own (a stage) gets a copy (`Arc::make_mut`).
    pub limits: Arc<Limits>,
    /// Boxed: rarely set, and every coroutine's `State` would carry its size.
    pub stash: Option<Box<Stash>>,
    /// What few states use (OS signal handlers, the exit hook): made on first use.
    pub extras: Option<Box<Extras>>,
    /// The signals caught by catch-all cleanup rows, which will raise them again,
    /// innermost first: the frames each already left, so the final trace starts where
    /// it was first raised, and where each pad runs (`unwind/cleanup.rs`).
    pub cleanup_trace: Option<Box<CleanupTrace>>,
    /// Safepoints per time slice (`Vm::run_slice`); `None` runs to completion.
    pub slice: Option<u64>,
    /// Where a preempted run continues.
    pub suspended: unwind::Suspended,
}

// Every coroutine that runs, or waits unpacked (`co/packed.rs`), has a state: keep it small
// (368: the heap's socket counters and the list of its stream slots took 32 bytes; a packed
// coroutine stores neither).
#[cfg(target_pointer_width = "64")]
const _: () = assert!(core::mem::size_of::<State>() <= 368);

/// A reset state keeps a register stack up to this many registers (32 KiB), and a frame
/// stack up to an eighth as many frames (`State::reset`).
const REUSED_REGISTERS: usize = 4096;

/// The parts of a state few programs use, boxed so that the many coroutine states do
/// not carry them (`State::extras`).
#[derive(Default)]
pub(crate) struct Extras {
    /// OS signals the host reported at safepoints, oldest first (bounded).
    pub pending_signals: Vec<i32>,
    /// Function run once when the program calls `exit(n)` (an entry's stage cleanup), and
    /// the status of that exit while it runs.
    pub exit_hook: Option<u32>,
    pub exiting: Option<i32>,
    /// Handlers the program installed with `signal(..)`: (signal number, closure). Roots.
    pub os_handlers: Vec<(i32, u64)>,
    /// Natives an OS signal interrupted on the default runtime, as (frame depth, what
    /// they still had to do or had done): the native at that depth, run again after the
    /// handler, takes its entry and goes on from there: a `SleepNs` sleeps only the
    /// nanoseconds left, a `NetWrite` writes only the bytes not yet written. A stack,
    /// because a handler may sleep or write too. The flag: the state is a socket the
    /// native opened and nothing refers to yet (a `connect` in progress), which the
    /// unwinder closes when a handler's signal abandons the native.
    pub interrupted: Vec<(usize, i64, bool)>,
    /// The signal object of the last `Outcome::Unhandled` (for scheduler handlers).
    pub unhandled: Option<u64>,
    /// The layout of the signal the graceful shutdown cancelled this coroutine with: a
    /// signal of it unwinds through every frame, whatever their `except` lists say (a
    /// cancellation, not an error a function must declare), so every `defer` and
    /// `catch` on the way runs.
    pub cancelled_by: Option<u32>,
    /// The graceful shutdown came while a `defer` ran for a signal of the coroutine's
    /// own: the shutdown signal's layout, and where that `defer` runs. The first handler
    /// outside it that catches the signal (or one the `defer` replaced it by) gets the
    /// shutdown's signal in its place.
    pub cancel_after_cleanup: Option<(u32, unwind::Pad)>,
}

impl State {
    /// The state's extras, made now if it had none.
    pub(crate) fn extras(&mut self) -> &mut Extras {
        self.extras.get_or_insert_with(Default::default)
    }

    /// The `OOM` signal object, made now (past the heap limit) if the state has none
    /// yet; 0 only when the host itself is out of memory.
    pub(crate) fn oom(&mut self) -> u64 {
        if self.faults.oom == 0 {
            let obj = heap::Object::Record { layout: builtins::OOM, fields: heap::Fields::new() };
            self.faults.oom = self.heap.alloc_over_limit(obj).unwrap_or(0);
        }
        self.faults.oom
    }

    /// The status of the `exit(n)` whose hook is running, if one is.
    pub(crate) fn exiting(&self) -> Option<i32> {
        self.extras.as_ref().and_then(|e| e.exiting)
    }

    /// For `exit(code)`: takes the exit hook (the entry's stage cleanup), if it has not
    /// run yet, and makes this state run it alone on a fresh stack, whatever it was in
    /// the middle of; where it starts. Once it returns, the run ends with `code`
    /// (`interp::finished`).
    pub(crate) fn begin_exit_hook(&mut self, tables: &Tables, code: i32) -> Option<unwind::Resume> {
        let hook = self.extras.as_mut().and_then(|e| e.exit_hook.take())?;
        let nregs = tables.fns.get(hook as usize).map_or(1, |m| m.nregs as usize).max(1);
        self.frames.clear();
        // (never shrunk: the interpreter that raised the exit keeps the length it saw)
        if self.regs.len() < nregs {
            self.regs.resize(nregs, 0);
        }
        self.regs[..nregs].fill(0);
        self.stash = None;
        self.cleanup_trace = None;
        let extras = self.extras();
        extras.exiting = Some(code);
        extras.cancelled_by = None;
        extras.cancel_after_cleanup = None;
        Some(unwind::Resume { func: hook as usize, pc: 0, base: 0 })
    }
}

impl State {
    /// A fresh state for `module`: a heap holding the interned string constants and the
    /// preallocated fault signals, the globals at their initial values, empty stacks.
    /// The entry's state (a coroutine's: `State::for_coroutine`).
    pub(crate) fn new(module: &Module, all_consts: bool) -> Result<State, Trap> {
        State::with_heap(module, all_consts, Heap::new(), Arc::new(Limits::default()))
    }

    /// A fresh coroutine state (`State::new(module, false)`) with the scheduler's `limits`.
    pub(crate) fn for_coroutine(module: &Module, limits: &Arc<Limits>) -> Result<State, Trap> {
        State::with_heap(module, false, Heap::for_coroutine(), Arc::clone(limits))
    }

    /// Makes this state a fresh coroutine state, as `State::for_coroutine` would be, in
    /// place: a finished coroutine's buffers (heap slots, stacks, constant and global
    /// tables) serve the next one without moving the state or allocating it again.
    pub(crate) fn reset(&mut self, module: &Module, new_limits: &Arc<Limits>) -> Result<(), Trap> {
        // every field is named: a new one must be reset here too
        let State {
            heap,
            globals,
            consts,
            faults,
            regs,
            frames,
            limits,
            stash,
            extras,
            cleanup_trace,
            slice,
            suspended,
        } = self;
        heap.clear();
        // stacks that grew deep (a recursion) are not kept for the next coroutine: the
        // spare pool would hold on to them
        regs.clear();
        if regs.capacity() > REUSED_REGISTERS {
            *regs = Vec::new();
        }
        frames.clear();
        if frames.capacity() > REUSED_REGISTERS / 8 {
            *frames = Vec::new();
        }
        *faults = init_values(module, false, heap, consts, globals)?;
        if !Arc::ptr_eq(limits, new_limits) {
            *limits = Arc::clone(new_limits);
        }
        *stash = None;
        *extras = None;
        *cleanup_trace = None;
        *slice = None;
        suspended.clear();
        Ok(())
    }

    /// Whether its buffers are of the size a reset keeps (`State::reset`): a state that
    /// ran a deep recursion or a big heap is not worth lending them to another.
    pub(crate) fn has_small_buffers(&self) -> bool {
        self.regs.capacity() <= REUSED_REGISTERS && self.frames.capacity() <= REUSED_REGISTERS / 8 && self.heap.objs.capacity() <= heap::REUSED_SLOTS
    }

    /// A state with nothing in it (not even a fresh heap's fault signals): for what
    /// fills every field itself (`co/packed.rs`).
    pub(crate) fn empty(limits: Arc<Limits>) -> State {
        State::around(Heap::new(), limits)
    }

    /// A state of `heap` with nothing else in it.
    fn around(heap: Heap, limits: Arc<Limits>) -> State {
        State {
            heap,
            globals: Vec::new(),
            consts: Vec::new(),
            faults: Faults::default(),
            regs: Vec::new(),
            frames: Vec::new(),
            limits,
            stash: None,
            extras: None,
            cleanup_trace: None,
            slice: None,
            suspended: unwind::Suspended::NONE,
        }
    }

    fn with_heap(module: &Module, all_consts: bool, heap: Heap, limits: Arc<Limits>) -> Result<State, Trap> {
        let mut st = State::around(heap, limits);
        st.faults = init_values(module, all_consts, &mut st.heap, &mut st.consts, &mut st.globals)?;
        Ok(st)
    }
}

/// Fills a fresh heap's constant table and the globals for `module` (reusing the two
/// vectors' buffers) and makes the fault signals; returns the faults.
fn init_values(module: &Module, all_consts: bool, heap: &mut Heap, consts: &mut Vec<u64>, globals: &mut Vec<u64>) -> Result<Faults, Trap> {
    // A coroutine's fresh heap interns string constants on first use (`LdK`), so it
    // holds only the ones it touches; the entry's interns them all now: a constant
    // interned late sits at a high heap slot for good, and the collector can only
    // shorten the slot vector down to its last live object (binary-trees peaked at
    // 105 MB instead of 89 MB). String globals need theirs now either way.
    consts.clear();
    // one pass over the globals (this runs for every coroutine started): a program with
    // no string global gives its coroutines no table to fill
    let str_globals = module.globals.iter().filter(|g| matches!(g.init, GlobalInit::Str(_)));
    // a coroutine that interns no constant now gets its table at its first `LdK`
    // (the `LdK` slow path in interp.rs): a parked coroutine does not carry one entry per constant
    if (all_consts && !module.consts.is_empty()) || str_globals.clone().next().is_some() {
        consts.try_reserve_exact(module.consts.len()).map_err(|_| Trap::Oom)?;
        consts.resize(module.consts.len(), 0);
    }
    let mut intern = |k: usize, heap: &mut Heap| -> Result<(), Trap> {
        if let (Some(0), Some(Const::Str(s))) = (consts.get(k), module.consts.get(k)) {
            consts[k] = heap.alloc(Object::Str(s.as_str().into()))?;
        }
        Ok(())
    };
    if all_consts {
        (0..module.consts.len()).try_for_each(|k| intern(k, heap))?;
    } else {
        for g in str_globals {
            if let GlobalInit::Str(k) = g.init {
                intern(k as usize, heap)?;
            }
        }
    }
    // a coroutine's are made when first raised (most coroutines never raise them, and
    // each is a heap slot); `OOM`'s is allowed past the heap limit (`State::oom`)
    let mut fault = |layout: u32, now: bool| match now {
        true => heap.alloc(Object::Record { layout, fields: heap::Fields::new() }),
        false => Ok(0),
    };
    let faults = Faults {
        div_zero: fault(builtins::DIVIDE_BY_ZERO, all_consts)?,
        oom: fault(builtins::OOM, all_consts)?,
        stack_overflow: fault(builtins::STACK_OVERFLOW, all_consts)?,
    };
    globals.clear();
    globals.reserve_exact(module.globals.len());
    globals.extend(module.globals.iter().map(|g| match g.init {
        GlobalInit::Int(v) => v as u64,
        GlobalInit::Float(v) => v.to_bits(),
        GlobalInit::Str(k) => consts.get(k as usize).copied().unwrap_or(0),
        GlobalInit::Null => 0,
    }));
    Ok(faults)
}

/// A loaded, verified program with its heap and globals.
pub struct Vm {
    module: Module,
    pub(crate) tables: Tables,
    pub(crate) st: State,
    /// What the coroutine scheduler did in its last run.
    pub(crate) sched_stats: co::SchedStats,
}

impl Vm {
    /// Verifies the module, interns string constants, builds the vtable lookup and
    /// initializes the globals.
    pub fn new(module: Module) -> Result<Vm, VerifyError> {
        verify::verify(&module)?;
        let tables = build_tables(&module);
        let st = State::new(&module, true).map_err(|_| VerifyError::out_of_memory())?;
        Ok(Vm { module, tables, st, sched_stats: co::SchedStats::default() })
    }

    /// Runs function `f` (no parameters; an entry's stage cleanup) when the program calls
    /// `exit(n)`, before the exit takes effect.
    pub fn set_exit_hook(&mut self, f: Option<u32>) {
        let hook = f.filter(|&f| self.tables.fns.get(f as usize).is_some_and(|m| m.nparams == 0));
        if hook.is_some() || self.st.extras.is_some() {
            self.st.extras().exit_hook = hook;
        }
    }

    pub fn set_limits(&mut self, l: Limits) {
        self.st.limits = Arc::new(l);
        self.st.heap.set_limit(l.heap_limit);
        if l.gc_stress {
            self.st.heap.threshold = 0;
        }
    }

    pub fn limits(&self) -> Limits {
        *self.st.limits
    }

    pub fn module(&self) -> &Module {
        &self.module
    }

    /// The heap, to read what a run returned (`heap().str(h)`).
    pub fn heap(&self) -> &Heap {
        &self.st.heap
    }

    /// Current values of the globals (raw bits by the global's kind).
    pub fn globals(&self) -> &[u64] {
        &self.st.globals
    }

    /// Runs function `func` to completion. With `args`, a `Vec<String>` object is built
    /// and passed as the single argument (an entry's `args: &[String]`); without, any
    /// parameters start as zero / null.
    pub fn run(&mut self, func: u32, args: Option<&[String]>, host: &mut dyn Host) -> Outcome {
        self.run_prepared(func, args, host, None)
    }

    /// Sets up `func`'s frame (and `args`) on empty stacks and runs it, in slices of
    /// `slice` safepoints when given.
    fn run_prepared(&mut self, func: u32, args: Option<&[String]>, host: &mut dyn Host, slice: Option<u64>) -> Outcome {
        if let Err(o) = self.prepare(func, args) {
            return o;
        }
        let Vm { module, tables, st, .. } = self;
        st.slice = slice;
        interp::execute(module, tables, st, host, unwind::Resume { func: func as usize, pc: 0, base: 0 }, crate::co::CoAccess::None)
    }

    /// Empties the stacks and sets up `func`'s frame at base 0, with `args` built into a
    /// `Vec<String>` as its single parameter when given.
    pub(crate) fn prepare(&mut self, func: u32, args: Option<&[String]>) -> Result<(), Outcome> {
        let Vm { module, st, .. } = self;
        let Some(f) = module.functions.get(func as usize) else {
            return Err(Outcome::InternalError(alloc::format!("no function #{func}")));
        };
        st.frames.clear();
        st.regs.clear();
        st.stash = None;
        st.heap.strict = false;
        st.suspended.clear();
        let nregs = f.regs.len().max(1);
        if st.regs.try_reserve(nregs.max(256)).is_err() {
            return Err(Outcome::InternalError(String::from("out of memory for the register stack")));
        }
        st.regs.resize(nregs, 0);
        if let Some(args) = args {
            if f.params.as_slice() != [Kind::Ref] {
                return Err(Outcome::InternalError(alloc::format!("function `{}` does not take `args: &[String]`", f.name)));
            }
            match build_args(&mut st.heap, args) {
                Some(h) => st.regs[0] = h,
                None => {
                    let file = module.files.get(f.file as usize).map_or("?", |s| s.as_str());
                    return Err(Outcome::Unhandled(alloc::format!("unhandled signal OOM\n  at {} ({file}:{})\n", f.name, f.line_of(0))));
                }
            }
        }
        Ok(())
    }

    /// Like [`Vm::run`], but stops with [`Outcome::Preempted`] after `reductions`
    /// safepoints (calls and backward jumps), to be continued with [`Vm::resume`]: a
    /// busy loop cannot keep the scheduler from running other coroutines. Not with a
    /// fuel limit (`Limits::fuel`), which stays a hard budget.
    pub fn run_slice(&mut self, func: u32, args: Option<&[String]>, host: &mut dyn Host, reductions: u64) -> Outcome {
        if self.st.limits.fuel.is_some() {
            return Outcome::InternalError(String::from("time slices and a fuel limit do not mix"));
        }
        self.run_prepared(func, args, host, Some(reductions))
    }

    /// Continues a run that ended with [`Outcome::Preempted`], for another `reductions`
    /// safepoints.
    pub fn resume(&mut self, host: &mut dyn Host, reductions: u64) -> Outcome {
        let Vm { module, tables, st, .. } = self;
        let Some(at) = st.suspended.take() else {
            return Outcome::InternalError(String::from("nothing to resume: the last run was not preempted"));
        };
        st.slice = Some(reductions);
        interp::execute(module, tables, st, host, at, crate::co::CoAccess::None)
    }

    pub fn heap_stats(&self) -> HeapStats {
        self.st.heap.stats()
    }

    /// Collects now (between runs only globals and constants are roots).
    pub fn collect_garbage(&mut self) {
        self.st.frames.clear();
        self.st.regs.clear();
        gc::collect(&self.module, &self.tables, &mut self.st, None);
    }

    /// `{:?}` text of a raw value of `kind` (as `DbgR` would print it).
    pub fn debug_text(&self, kind: Kind, raw: u64) -> String {
        format::value_debug(&self.module, &self.st.heap, kind, raw)
    }

    /// `{}` text of a raw value of `kind` (as `StrOfI`/`StrOfF`/`StrOfR` print it).
    pub fn display_text(&self, kind: Kind, raw: u64) -> String {
        match kind {
            Kind::Int => (raw as i64).to_string(),
            Kind::Float => format::float_display(f64::from_bits(raw), -1),
            Kind::Ref => format::object_display(&self.module, &self.st.heap, raw),
        }
    }

    /// OS signals the host reported at safepoints since the last call, oldest first.
    pub fn take_pending_signals(&mut self) -> Vec<i32> {
        self.st.extras.as_mut().map(|e| core::mem::take(&mut e.pending_signals)).unwrap_or_default()
    }
}

fn build_args(heap: &mut Heap, args: &[String]) -> Option<u64> {
    let mut items = Vec::new();
    items.try_reserve(args.len()).ok()?;
    for a in args {
        items.push(heap.alloc(Object::Str(a.as_str().into())).ok()?);
    }
    heap.alloc(Object::Vector { kind: Kind::Ref, items }).ok()
}

fn build_tables(m: &Module) -> Tables {
    let fns = m
        .functions
        .iter()
        .map(|f| FnMeta {
            nregs: f.regs.len() as u32,
            nparams: f.params.len() as u32,
            refs: f.regs.iter().enumerate().filter(|(_, k)| **k == Kind::Ref).map(|(i, _)| i as u16).collect(),
            zero: {
                let mut locals = f.regs.iter().enumerate().skip(f.params.len()).filter(|(_, k)| **k == Kind::Ref);
                match (locals.next(), locals.next_back()) {
                    (Some((lo, _)), Some((hi, _))) => (lo as u32, hi as u32 + 1),
                    (Some((lo, _)), None) => (lo as u32, lo as u32 + 1),
                    _ => (0, 0),
                }
            },
            live: once_cell::race::OnceBox::new(),
            pad_ends: once_cell::race::OnceBox::new(),
            captures: f.captures.iter().copied().collect(),
        })
        .collect();
    let layout_refs = m
        .layouts
        .iter()
        .map(|l| l.fields.iter().enumerate().filter(|(_, (_, k))| *k == Kind::Ref).map(|(i, _)| i as u16).collect())
        .collect();
    let mut vtable = hashbrown::HashMap::with_hasher(map::FxBuild);
    for v in &m.vtables {
        vtable.insert((v.layout, v.slot), v.func);
    }
    let code = m.functions.iter().map(|f| interp::code::translate(&f.code, &f.regs)).collect();
    Tables { fns, code, layout_refs, vtable }
}

/// Fuzz/proptest oracle: decode, verify and (if valid) run every entry (or function 0 when
/// there is none) with `fuel` and small limits; an entry on a runtime with coroutines
/// runs under the coroutine scheduler (at most 64 coroutines, 10,000 slices). Never
/// panics.
pub fn check_bytes(bytes: &[u8], fuel: u64) -> Result<Outcome, String> {
    let m = cprime_bytecode::format::decode(bytes).map_err(|e| e.to_string())?;
    // (function, takes args, under the coroutine scheduler)
    let mut runs: Vec<(u32, bool, bool)> = m.entries.iter().map(|e| (e.func, e.takes_args, e.runs_coroutines())).collect();
    if runs.is_empty() && !m.functions.is_empty() {
        runs.push((0, false, false));
    }
    let mut vm = Vm::new(m).map_err(|e| e.to_string())?;
    vm.set_limits(Limits { max_frames: 2_000, max_registers: 1 << 18, heap_limit: Some(16 << 20), fuel: Some(fuel), gc_stress: false });
    let mut host = NullHost::default();
    let mut last = Outcome::Returned(None);
    for (func, takes_args, co) in runs {
        let args = [String::from("arg")];
        let args = if takes_args { Some(&args[..]) } else { None };
        last = if co {
            // every slice is bounded by the fuel, the run by its number of slices
            let opts = co::CoOptions { reductions: 1_000, max_coroutines: 64, max_slices: 10_000, pack_after: 0, sweep_each_slice: true };
            vm.run_coroutines(func, args, &mut host, opts)
        } else {
            vm.run(func, args, &mut host)
        };
    }
    Ok(last)
}
