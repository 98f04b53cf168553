//! `OsHost`: the VM's window onto a Linux process (stdout, stderr, stdin, files, clocks,
//! processes), and `CaptureHost` for `cprime test`, which keeps a test's output aside.
use std::io::Write;
use std::os::fd::AsFd;
use std::time::{Duration, Instant};

use cprime_vm::Host;
use nix::errno::Errno;
use nix::sys::signal::{self, Signal};
use nix::unistd::Pid;

/// How long an idle coroutine scheduler watches for a signal before it parks (a wake-up
/// from the signal thread costs more than that on small VMs).
const SPIN_BEFORE_PARK: std::time::Duration = std::time::Duration::from_micros(50);
/// How long `process::kill` of the process itself waits for the signal to be counted
/// (`SignalThread::await_delivery`): it takes microseconds; the bound is for a kernel
/// that merged it into one already pending.
const SELF_SIGNAL_WAIT: std::time::Duration = std::time::Duration::from_millis(100);

/// Size at which buffered stdout is written out.
const STDOUT_BUFFER: usize = 64 * 1024;

/// Buffered stdout that never panics and never dies of a closed pipe.
///
/// Why not `BufWriter<Stdout>`: std's `Stdout` is already a `LineWriter`, so stacking a
/// `BufWriter` on it buffers twice and still writes at every newline on large writes;
/// and `println!` panics on `EPIPE`. This writes straight to fd 1: output is kept until
/// 64 KiB are pending, a line ends on a terminal, or [`StdoutBuf::flush`] is called (on
/// exit, before anything goes to stderr, before blocking). A write that finds the reader
/// gone (`EPIPE`) ends the process as `SIGPIPE` would (`stdout_reader_gone`); after
/// another failure (a full disk) later output is dropped.
pub struct StdoutBuf {
    buf: Vec<u8>,
    /// On a terminal, flush at every newline so interactive programs show their lines.
    line_buffered: bool,
    broken: bool,
    /// Under the coroutine runtime: the thread that writes (flushing only queues there).
    pipe: Option<std::sync::Arc<crate::output::OutputThread>>,
}

impl StdoutBuf {
    /// Whether a newline flushes (on a terminal by default); `production_runtime` turns
    /// it off for throughput.
    pub fn set_line_buffered(&mut self, on: bool) {
        self.line_buffered = on;
    }
}

impl Default for StdoutBuf {
    fn default() -> Self {
        use std::io::IsTerminal;
        StdoutBuf { buf: Vec::with_capacity(8 * 1024), line_buffered: std::io::stdout().is_terminal(), broken: false, pipe: None }
    }
}

impl StdoutBuf {
    pub fn new() -> StdoutBuf {
        StdoutBuf::default()
    }

    pub fn write(&mut self, bytes: &[u8]) {
        if self.broken {
            return;
        }
        self.buf.extend_from_slice(bytes);
        if self.buf.len() >= STDOUT_BUFFER || (self.line_buffered && bytes.contains(&b'\n')) {
            self.flush();
        }
    }

    pub fn write_str(&mut self, s: &str) {
        self.write(s.as_bytes());
    }

    /// Writes out everything pending (with an output thread: hands it over to be
    /// written). Never panics.
    pub fn flush(&mut self) {
        if self.buf.is_empty() {
            return;
        }
        if let Some(pipe) = &self.pipe {
            pipe.push(1, std::mem::replace(&mut self.buf, Vec::with_capacity(8 * 1024)));
            return;
        }
        match write_all_fd1(&self.buf) {
            Err(Errno::EPIPE) => crate::stdout_reader_gone(),
            Err(_) => self.broken = true,
            Ok(()) => {}
        }
        self.buf.clear();
    }

    /// Flushes and, with an output thread, waits until it has written everything.
    pub fn drain(&mut self) {
        self.flush();
        if let Some(pipe) = &self.pipe {
            pipe.drain();
        }
    }
}

impl Drop for StdoutBuf {
    fn drop(&mut self) {
        self.drain();
    }
}

/// [`StdoutBuf`] shared by the threads of one process (the coroutine runtime's
/// workers): one buffer, so output keeps the order in which it was written.
#[derive(Clone, Default)]
pub struct SharedStdout(std::sync::Arc<(std::sync::Mutex<StdoutBuf>, std::sync::atomic::AtomicBool)>);

impl SharedStdout {
    fn with<R>(&self, f: impl FnOnce(&mut StdoutBuf) -> R) -> R {
        // a worker that panicked while printing leaves a usable buffer behind
        let mut b = self.0 .0.lock().unwrap_or_else(|e| e.into_inner());
        f(&mut b)
    }
    pub fn write(&self, bytes: &[u8]) {
        self.0 .1.store(true, std::sync::atomic::Ordering::Release);
        self.with(|b| b.write(bytes))
    }
    pub fn write_str(&self, s: &str) {
        self.write(s.as_bytes())
    }
    /// Writes out what is pending (cheap when nothing is: the scheduler calls it often).
    pub fn flush(&self) {
        if self.0 .1.swap(false, std::sync::atomic::Ordering::AcqRel) {
            self.with(|b| b.flush())
        }
    }
    pub fn set_line_buffered(&self, on: bool) {
        self.with(|b| b.set_line_buffered(on))
    }

    /// From now on stdout and stderr are written by `pipe`'s thread (`output.rs`).
    pub fn set_pipe(&self, pipe: std::sync::Arc<crate::output::OutputThread>) {
        self.with(|b| {
            b.flush();
            b.pipe = Some(pipe);
        })
    }

    /// Flushes and waits until the output is written (before what must come after it:
    /// the process's exit, a signal sent, a message written to stderr directly).
    pub fn drain(&self) {
        self.0 .1.store(false, std::sync::atomic::Ordering::Release);
        self.with(|b| b.drain())
    }

    /// Writes `bytes` to stderr after the stdout output before them: through the output
    /// thread when there is one (never blocking), else at once.
    pub fn stderr(&self, bytes: &[u8]) {
        self.0 .1.store(false, std::sync::atomic::Ordering::Release);
        let queued = self.with(|b| {
            b.flush();
            b.pipe.as_ref().map(|p| p.push(2, bytes.to_vec())).is_some()
        });
        if !queued {
            write_stderr(bytes);
        }
    }

}

pub(crate) fn write_all_fd1(mut bytes: &[u8]) -> Result<(), Errno> {
    let stdout = std::io::stdout();
    while !bytes.is_empty() {
        match nix::unistd::write(stdout.as_fd(), bytes) {
            Ok(0) => return Err(Errno::EIO),
            Ok(n) => bytes = &bytes[n..],
            Err(Errno::EINTR) => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

/// Writes to stderr directly (unbuffered), ignoring errors: a diagnostic that cannot be
/// shown must not turn into a crash.
pub fn write_stderr(bytes: &[u8]) {
    let _ = std::io::stderr().write_all(bytes);
}

/// The host of the `default` runtime: a plain Linux process.
pub struct OsHost {
    pub stdout: SharedStdout,
    start: Instant,
    /// TCP listeners by handle (`network_stage`); closed ones are `None`.
    listeners: Vec<Option<std::net::TcpListener>>,
    /// `TcpListener` / `TcpStream` sockets, set up at the first use.
    net: Option<crate::net::SharedNet>,
    /// The coroutine runtime's signal thread, which then owns the OS signals.
    signals: Option<std::sync::Arc<crate::signal_thread::SignalThread>>,
    /// The coroutine runtime's file threads.
    files: Option<std::sync::Arc<std::sync::Mutex<crate::files::Files>>>,
    /// What the stages set for the whole process (`Host::setting_set`), shared with the
    /// workers' hosts.
    settings: std::sync::Arc<std::sync::Mutex<Vec<(String, String)>>>,
}

impl Default for OsHost {
    fn default() -> Self {
        OsHost {
            stdout: SharedStdout::default(),
            start: Instant::now(),
            listeners: Vec::new(),
            net: None,
            signals: None,
            files: None,
            settings: Default::default(),
        }
    }
}

impl OsHost {
    pub fn new() -> OsHost {
        OsHost::default()
    }

    /// Starts the coroutine runtime's helper threads: the signal thread, which from now
    /// on owns the OS signals (deliveries arrive through `poll_signal`, and waits end
    /// early for them), and the file threads, which keep blocking file I/O off this one.
    /// `epoll_size`: ready sockets taken per wait (`async_io_stage{.epoll_size = N}`).
    pub fn start_coroutine_threads(&mut self, epoll_size: usize) -> std::io::Result<()> {
        if self.net.is_none() {
            self.net = Some(crate::net::SharedNet::new(crate::net::Net::with_events(epoll_size)?));
        }
        let waker = self.net.as_ref().map(|n| n.with(|n| n.waker())).transpose()?.ok_or(std::io::ErrorKind::Other)?;
        let waker = std::sync::Arc::new(waker);
        let grace = Duration::from_nanos(cprime_vm::co::SHUTDOWN_GRACE_NS as u64);
        let signals = crate::signal_thread::SignalThread::start(std::sync::Arc::clone(&waker), &cprime_vm::co::SHUTDOWN_SIGNALS, grace)?;
        self.signals = Some(signals);
        self.files = Some(std::sync::Arc::new(std::sync::Mutex::new(crate::files::Files::start(waker)?)));
        self.stdout.set_pipe(crate::output::OutputThread::start()?);
        Ok(())
    }

    /// Writes out everything the program printed before the process exits; after a
    /// graceful shutdown, bounded by the watchdog (`SignalThread::shutdown_draining`).
    pub fn drain_before_exit(&mut self) {
        if let Some(s) = &self.signals {
            s.shutdown_draining();
        }
        self.stdout.drain();
    }

    /// A host for another worker thread of the coroutine runtime: the same stdout
    /// buffer, clock, sockets, file threads and signal thread.
    pub fn for_worker(&self) -> OsHost {
        OsHost {
            stdout: self.stdout.clone(),
            start: self.start,
            listeners: Vec::new(),
            net: self.net.clone(),
            signals: self.signals.clone(),
            files: self.files.clone(),
            settings: self.settings.clone(),
        }
    }

    /// Flushes stdout, then writes `text` to stderr: messages appear after the output the
    /// program produced before them, even when both streams go to one terminal or file.
    pub fn eprint(&mut self, text: &str) {
        self.stdout.drain();
        write_stderr(text.as_bytes());
        if !text.ends_with('\n') {
            write_stderr(b"\n");
        }
    }
}

/// `(errno, message)` for an I/O error, as the `IO_ERROR` signal carries them.
pub(crate) fn io_error(e: &std::io::Error) -> (i64, String) {
    match e.raw_os_error() {
        Some(code) => (code as i64, errno_text(code)),
        None => (Errno::EIO as i64, e.to_string()),
    }
}

/// The C library's text for errno `code` (`strerror`: "Bad file descriptor"), without
/// std's " (os error N)".
pub(crate) fn errno_text(code: i32) -> String {
    let text = std::io::Error::from_raw_os_error(code).to_string();
    match text.rfind(" (os error ") {
        Some(i) => text[..i].to_string(),
        None => text,
    }
}

impl Host for OsHost {
    fn write(&mut self, fd: i32, bytes: &[u8]) {
        match fd {
            1 => self.stdout.write(bytes),
            2 => self.stdout.stderr(bytes),
            // the verifier and natives only produce fds 1 and 2; anything else is dropped
            _ => {}
        }
    }

    fn flush(&mut self) {
        self.stdout.flush();
    }

    fn output_backlogged(&mut self) -> bool {
        crate::output::OutputThread::of_process().is_some_and(|o| o.backlog() > crate::output::BACKLOG_LIMIT)
    }

    fn process_id(&mut self) -> i64 {
        std::process::id() as i64
    }

    /// `kill(pid, signo)`: 0 on success, -1 on failure (as in C). Stdout is flushed first,
    /// since the signal may end this very process.
    fn kill(&mut self, pid: i64, signo: i64) -> i64 {
        self.stdout.drain();
        let Ok(pid) = i32::try_from(pid) else { return -1 };
        let sig = if signo == 0 {
            None
        } else {
            match i32::try_from(signo).ok().and_then(|s| Signal::try_from(s).ok()) {
                Some(s) => Some(s),
                None => return -1,
            }
        };
        // a signal the process sends itself is counted before `kill` returns (as the
        // kernel delivers one to an unblocked thread): its handler runs even when the
        // program asks right after, with `scheduler.run()`, whether all is done
        // (the process itself: its pid, its group, 0 for that group, -1 for every process)
        let own = u32::try_from(pid).is_ok_and(|p| p == std::process::id()) || pid == 0 || pid == -1 || pid == -nix::unistd::getpgrp().as_raw();
        let signo = i32::try_from(signo).unwrap_or(0);
        let before = self.signals.as_ref().filter(|_| own).and_then(|s| s.handled_count(signo));
        match signal::kill(Pid::from_raw(pid), sig) {
            Ok(()) => {
                if let (Some(sigs), Some(before)) = (&self.signals, before) {
                    sigs.await_delivery(signo, before, SELF_SIGNAL_WAIT);
                }
                0
            }
            Err(_) => -1,
        }
    }

    fn sleep_ns(&mut self, ns: i64) -> i64 {
        // output written before a pause should be visible during it
        self.stdout.flush();
        match &self.signals {
            Some(sigs) => {
                // a delivery ends the wait early: the signal thread unparks this thread
                let now = || i64::try_from(self.start.elapsed().as_nanos()).unwrap_or(i64::MAX);
                let end = now().saturating_add(ns.max(0));
                // a signal on its way is caught without the cost of parking and being
                // woken, and without waiting for the signal thread to wake: this thread
                // takes it from the kernel itself
                let spin_until = std::time::Instant::now() + SPIN_BEFORE_PARK.min(std::time::Duration::from_nanos(ns.max(0) as u64));
                while !sigs.pending() && !sigs.intake() && std::time::Instant::now() < spin_until {
                    std::hint::spin_loop();
                }
                // a park may also end early for no reason: park again for the rest
                loop {
                    let left = end.saturating_sub(now());
                    if sigs.pending() {
                        return left.max(1);
                    }
                    if left <= 0 {
                        return 0;
                    }
                    sigs.park(std::time::Duration::from_nanos(left as u64));
                }
            }
            None => crate::os_signals::sleep(ns),
        }
    }

    fn poll_signal(&mut self) -> Option<i32> {
        match &self.signals {
            Some(sigs) => sigs.take(),
            None => crate::os_signals::take(),
        }
    }

    fn signal_pending(&mut self) -> bool {
        self.signals.as_ref().is_some_and(|s| s.pending())
    }

    fn install_signal(&mut self, signo: i32) -> bool {
        match &self.signals {
            Some(sigs) => sigs.install(signo),
            None => crate::os_signals::install(signo),
        }
    }

    fn set_signal_disposition(&mut self, signo: i32, ignore: bool) -> bool {
        match &self.signals {
            Some(sigs) => sigs.set_disposition(signo, ignore),
            None => crate::os_signals::set_disposition(signo, ignore),
        }
    }

    fn now_ns(&mut self) -> i64 {
        i64::try_from(self.start.elapsed().as_nanos()).unwrap_or(i64::MAX)
    }

    /// A line from stdin without its line ending; `None` at end of input. Invalid UTF-8
    /// is replaced, not an error. Stdout is flushed first so a prompt shows.
    fn read_line(&mut self) -> Option<String> {
        self.stdout.flush();
        crate::stdin::read_line()
    }

    fn stdin_buffered(&mut self) -> Option<Option<String>> {
        crate::stdin::buffered_line()
    }

    fn stdin_fill(&mut self) {
        crate::stdin::fill();
    }

    fn setting_set(&mut self, key: &str, value: &str) {
        let mut all = self.settings.lock().unwrap_or_else(|e| e.into_inner());
        match all.iter_mut().find(|(k, _)| k == key) {
            Some(slot) => slot.1 = value.to_string(),
            None => all.push((key.to_string(), value.to_string())),
        }
    }

    fn setting_get(&mut self, key: &str) -> String {
        let all = self.settings.lock().unwrap_or_else(|e| e.into_inner());
        all.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone()).unwrap_or_default()
    }

    fn install_shutdown_signal(&mut self, signo: i32, grace_ns: i64) -> bool {
        match &self.signals {
            Some(s) => s.install_shutdown(signo, Duration::from_nanos(grace_ns.max(0) as u64)),
            None => self.install_signal(signo),
        }
    }

    fn shutdown_finished(&mut self) {
        if let Some(s) = &self.signals {
            s.shutdown_finished();
        }
    }

    fn read_file(&mut self, path: &str) -> Result<String, (i64, String)> {
        let bytes = std::fs::read(path).map_err(|e| io_error(&e))?;
        String::from_utf8(bytes).map_err(|_| (Errno::EILSEQ as i64, "file is not valid UTF-8".to_string()))
    }

    fn write_file(&mut self, path: &str, text: &str) -> Result<(), (i64, String)> {
        std::fs::write(path, text).map_err(|e| io_error(&e))
    }

    /// Binds `address:port` (`""` means 127.0.0.1). A port in use is `EADDRINUSE`.
    fn tcp_listen(&mut self, address: &str, port: i64) -> Result<i64, (i64, String)> {
        let Ok(port) = u16::try_from(port) else {
            return Err((Errno::EINVAL as i64, format!("port {port} is out of range 0..=65535")));
        };
        let host = if address.is_empty() { "127.0.0.1" } else { address };
        let l = std::net::TcpListener::bind((host, port)).map_err(|e| io_error(&e))?;
        self.listeners.push(Some(l));
        Ok(self.listeners.len() as i64 - 1)
    }

    fn tcp_local_port(&mut self, handle: i64) -> i64 {
        let l = usize::try_from(handle).ok().and_then(|h| self.listeners.get(h)).and_then(|l| l.as_ref());
        l.and_then(|l| l.local_addr().ok()).map_or(-1, |a| a.port() as i64)
    }

    fn tcp_close(&mut self, handle: i64) {
        if let Some(slot) = usize::try_from(handle).ok().and_then(|h| self.listeners.get_mut(h)) {
            *slot = None;
        }
    }

    fn append_file(&mut self, path: &str, text: &str) -> Result<(), (i64, String)> {
        let mut f = std::fs::OpenOptions::new().create(true).append(true).open(path).map_err(|e| io_error(&e))?;
        f.write_all(text.as_bytes()).map_err(|e| io_error(&e))
    }

    fn file_start(&mut self, op: cprime_vm::FileOp) -> Result<u32, cprime_vm::FileOp> {
        match self.files.as_ref().map(|f| f.lock()) {
            Some(Ok(mut f)) => f.start_op(op),
            _ => Err(op),
        }
    }

    fn file_take(&mut self, t: u32) -> Option<Result<String, (i64, String)>> {
        self.files.as_ref()?.lock().ok()?.take(t)
    }

    fn files_done(&mut self, done: &mut Vec<u32>) {
        if let Some(Ok(mut f)) = self.files.as_ref().map(|f| f.lock()) {
            f.finished(done);
        }
    }

    /// `None` only when the OS refuses a poller (out of file descriptors).
    fn net(&mut self) -> Option<&mut dyn cprime_vm::NetHost> {
        if self.net.is_none() {
            self.net = crate::net::Net::new().ok().map(crate::net::SharedNet::new);
        }
        // output written before waiting on a socket should be visible meanwhile
        self.stdout.flush();
        self.net.as_mut().map(|n| n as &mut dyn cprime_vm::NetHost)
    }
}

/// The host `cprime test` gives each test: like [`OsHost`], but whatever the test writes
/// to stdout or stderr is kept, to be shown only if the test fails (as libtest does), so
/// the report on stdout stays readable.
///
/// The captured bytes are shared so that `cprime test --timeout` can show what a test
/// that never finishes printed.
#[derive(Default)]
pub struct CaptureHost {
    pub os: OsHost,
    pub captured: std::sync::Arc<std::sync::Mutex<Vec<u8>>>,
}

impl CaptureHost {
    /// What the test has written so far (taken out: the next call starts empty).
    pub fn take_captured(&self) -> Vec<u8> {
        std::mem::take(&mut *self.captured.lock().unwrap_or_else(|e| e.into_inner()))
    }

    /// The host of another coroutine worker of the same test: its output goes to the
    /// same capture, in the order the workers write it, and its sockets are the test's
    /// (the table is made first, so that every worker shares it, as `cprime run`'s
    /// `start_coroutine_threads` does).
    pub fn for_worker(&mut self) -> CaptureHost {
        let _ = Host::net(&mut self.os);
        CaptureHost { os: self.os.for_worker(), captured: self.captured.clone() }
    }
}

impl Host for CaptureHost {
    fn write(&mut self, fd: i32, bytes: &[u8]) {
        if fd == 1 || fd == 2 {
            self.captured.lock().unwrap_or_else(|e| e.into_inner()).extend_from_slice(bytes);
        }
    }
    fn flush(&mut self) {}
    fn process_id(&mut self) -> i64 {
        self.os.process_id()
    }
    fn kill(&mut self, pid: i64, signo: i64) -> i64 {
        self.os.kill(pid, signo)
    }
    fn sleep_ns(&mut self, ns: i64) -> i64 {
        self.os.sleep_ns(ns)
    }
    fn poll_signal(&mut self) -> Option<i32> {
        self.os.poll_signal()
    }
    fn signal_pending(&mut self) -> bool {
        self.os.signal_pending()
    }
    fn install_signal(&mut self, signo: i32) -> bool {
        self.os.install_signal(signo)
    }
    fn set_signal_disposition(&mut self, signo: i32, ignore: bool) -> bool {
        self.os.set_signal_disposition(signo, ignore)
    }
    fn now_ns(&mut self) -> i64 {
        self.os.now_ns()
    }
    /// Tests do not read the terminal: stdin is at its end for them.
    fn read_line(&mut self) -> Option<String> {
        None
    }
    fn read_file(&mut self, path: &str) -> Result<String, (i64, String)> {
        self.os.read_file(path)
    }
    fn write_file(&mut self, path: &str, text: &str) -> Result<(), (i64, String)> {
        self.os.write_file(path, text)
    }
    fn append_file(&mut self, path: &str, text: &str) -> Result<(), (i64, String)> {
        self.os.append_file(path, text)
    }
    fn tcp_listen(&mut self, address: &str, port: i64) -> Result<i64, (i64, String)> {
        self.os.tcp_listen(address, port)
    }
    fn tcp_local_port(&mut self, handle: i64) -> i64 {
        self.os.tcp_local_port(handle)
    }
    fn tcp_close(&mut self, handle: i64) {
        self.os.tcp_close(handle)
    }
    fn net(&mut self) -> Option<&mut dyn cprime_vm::NetHost> {
        self.os.net()
    }
    fn setting_set(&mut self, key: &str, value: &str) {
        self.os.setting_set(key, value)
    }
    fn setting_get(&mut self, key: &str) -> String {
        self.os.setting_get(key)
    }
    /// A coroutine test does not take over SIGINT/SIGTERM for a graceful shutdown:
    /// Ctrl-C keeps ending the whole `cprime test` run, and no handler outlives the test.
    fn install_shutdown_signal(&mut self, _signo: i32, _grace_ns: i64) -> bool {
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn io_errors_carry_errno_and_text() {
        let mut h = OsHost::new();
        let (code, msg) = h.read_file("/nonexistent/cprime-test-file").unwrap_err();
        assert_eq!(code, Errno::ENOENT as i64);
        assert_eq!(msg, "No such file or directory");
    }

    #[test]
    fn files_roundtrip() {
        let dir = std::env::temp_dir().join(format!("cprime-host-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let p = dir.join("a.txt");
        let p = p.to_str().unwrap();
        let mut h = OsHost::new();
        h.write_file(p, "héllo\n").unwrap();
        assert_eq!(h.read_file(p).unwrap(), "héllo\n");
        std::fs::write(p, [0xff, 0xfe]).unwrap();
        assert_eq!(h.read_file(p).unwrap_err().0, Errno::EILSEQ as i64);
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn clock_is_monotonic_and_kill_checks_arguments() {
        let mut h = OsHost::new();
        let a = h.now_ns();
        h.sleep_ns(1_000);
        assert!(h.now_ns() >= a);
        let me = h.process_id();
        assert_eq!(h.kill(me, 0), 0, "signal 0 only checks the process exists");
        assert_eq!(h.kill(1 << 40, 0), -1);
        assert_eq!(h.kill(me, 9999), -1);
    }

    #[test]
    fn capture_keeps_both_streams() {
        let mut h = CaptureHost::default();
        h.write(1, b"out ");
        h.write(2, b"err");
        h.write(7, b"dropped");
        assert_eq!(h.take_captured(), b"out err");
        assert_eq!(h.take_captured(), b"");
        assert_eq!(h.read_line(), None);
    }
}
