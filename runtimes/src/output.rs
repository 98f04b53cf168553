//! The output thread of the coroutine runtime: stdout and stderr written off the
//! scheduler's threads.
//!
//! A `write(2)` to a pipe nobody reads blocks; done by the thread that runs coroutines,
//! it would stop every coroutine (a server whose log consumer stalls stops serving).
//! Under the coroutine runtime the printing thread only queues its bytes here, in
//! order, stdout's and stderr's in one queue (so they keep their relative order on a
//! shared terminal), and this thread writes them. While more than [`BACKLOG_LIMIT`]
//! bytes wait, a coroutine that prints waits too (`Host::output_backlogged`; it parks
//! as in a short sleep), so memory stays bounded; the others go on. Before anything
//! that must come after the output already printed (the process exits, a signal is
//! sent, a message goes straight to stderr) [`OutputThread::drain`] waits until the
//! queue is written.
use std::collections::VecDeque;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};

/// Bytes queued past which printing coroutines wait.
pub const BACKLOG_LIMIT: usize = 1 << 20;

/// The process's output thread (`OutputThread::of_process`).
static PROCESS: std::sync::OnceLock<Arc<OutputThread>> = std::sync::OnceLock::new();

#[derive(Default)]
struct Queue {
    /// (fd, bytes) in the order written.
    chunks: VecDeque<(i32, Vec<u8>)>,
    /// Bytes queued or being written.
    pending: usize,
    /// A chunk is being written now.
    writing: bool,
    /// Stdout's reader went away (`EPIPE`): later stdout output is dropped (and the
    /// process's output thread ends the process once the stderr output queued before
    /// is written, as `StdoutBuf` does at once: `crate::stdout_reader_gone`).
    stdout_broken: bool,
}

/// Where the thread writes: `(fd, bytes)`, `false` when stdout's reader is gone.
pub type Sink = Box<dyn FnMut(i32, &[u8]) -> bool + Send>;

/// The queue and its thread (shared by every worker's host).
#[derive(Default)]
pub struct OutputThread {
    queue: Mutex<Queue>,
    /// Signalled when chunks arrive.
    work: Condvar,
    /// Signalled when the queue has been written out.
    idle: Condvar,
    /// `Queue::pending`, readable without the lock: every `print` of a coroutine looks.
    backlog: AtomicUsize,
    /// The process's thread: a broken stdout ends the process.
    ends_process: bool,
}

impl OutputThread {
    /// Starts the thread writing to fds 1 and 2 (it inherits the caller's signal mask:
    /// start it after the runtime has blocked the OS signals). It is the process's
    /// (`OutputThread::of_process`).
    pub fn start() -> std::io::Result<Arc<OutputThread>> {
        let sink: Sink = Box::new(|fd, bytes| match fd {
            1 => crate::host::write_all_fd1(bytes) != Err(nix::errno::Errno::EPIPE),
            _ => {
                crate::host::write_stderr(bytes);
                true
            }
        });
        let out = OutputThread::spawn(OutputThread { ends_process: true, ..Default::default() }, sink)?;
        let _ = PROCESS.set(Arc::clone(&out));
        Ok(out)
    }

    /// The output thread writing this process's stdout and stderr, if one was started:
    /// the signal thread lets it finish before an OS signal's default action ends the
    /// process.
    pub fn of_process() -> Option<&'static Arc<OutputThread>> {
        PROCESS.get()
    }

    /// Starts the thread writing through `sink(fd, bytes)`, which returns `false` once
    /// stdout is broken.
    pub fn start_with(sink: Sink) -> std::io::Result<Arc<OutputThread>> {
        OutputThread::spawn(OutputThread::default(), sink)
    }

    fn spawn(out: OutputThread, sink: Sink) -> std::io::Result<Arc<OutputThread>> {
        let out = Arc::new(out);
        let me = Arc::clone(&out);
        std::thread::Builder::new().name("cprime-output".into()).spawn(move || me.run(sink))?;
        Ok(out)
    }

    fn lock(&self) -> MutexGuard<'_, Queue> {
        self.queue.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn run(&self, mut sink: Sink) {
        let mut q = self.lock();
        loop {
            let Some((fd, bytes)) = q.chunks.pop_front() else {
                q = self.work.wait(q).unwrap_or_else(|e| e.into_inner());
                continue;
            };
            q.writing = true;
            drop(q);
            let broken = !sink(fd, &bytes) && fd == 1;
            q = self.lock();
            q.writing = false;
            q.pending -= bytes.len();
            if broken {
                q.stdout_broken = true;
                let dropped: usize = q.chunks.iter().filter(|(fd, _)| *fd == 1).map(|(_, b)| b.len()).sum();
                q.chunks.retain(|(fd, _)| *fd != 1);
                q.pending -= dropped;
            }
            self.backlog.store(q.pending, Ordering::Relaxed);
            if q.chunks.is_empty() {
                if q.stdout_broken && self.ends_process {
                    crate::stdout_reader_gone();
                }
                self.idle.notify_all();
            }
        }
    }

    /// Queues `bytes` for `fd` (1 or 2); never blocks on the stream.
    pub fn push(&self, fd: i32, bytes: Vec<u8>) {
        if bytes.is_empty() {
            return;
        }
        let mut q = self.lock();
        if fd == 1 && q.stdout_broken {
            return;
        }
        q.pending += bytes.len();
        self.backlog.store(q.pending, Ordering::Relaxed);
        match q.chunks.back_mut() {
            // small writes to one stream join the chunk before them
            Some((last, b)) if *last == fd && b.len() < 64 * 1024 => b.extend_from_slice(&bytes),
            _ => q.chunks.push_back((fd, bytes)),
        }
        self.work.notify_one();
    }

    /// Bytes waiting to be written (a snapshot, without taking the lock).
    pub fn backlog(&self) -> usize {
        self.backlog.load(Ordering::Relaxed)
    }

    /// Waits until everything queued has been written.
    pub fn drain(&self) {
        let mut q = self.lock();
        while !q.chunks.is_empty() || q.writing {
            q = self.idle.wait(q).unwrap_or_else(|e| e.into_inner());
        }
    }

    /// Waits until everything queued has been written, or `limit` has passed; whether
    /// it was written.
    pub fn drain_for(&self, limit: std::time::Duration) -> bool {
        let end = std::time::Instant::now() + limit;
        let mut q = self.lock();
        while !q.chunks.is_empty() || q.writing {
            let now = std::time::Instant::now();
            if now >= end {
                return false;
            }
            q = self.idle.wait_timeout(q, end - now).unwrap_or_else(|e| e.into_inner()).0;
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc;

    /// What a test sink wrote: (descriptor, bytes), in order.
    type Written = Arc<Mutex<Vec<(i32, Vec<u8>)>>>;

    /// An output thread whose sink records what it writes and holds each write until
    /// the test lets it go; stdout "breaks" at the text `EPIPE`.
    fn gated() -> (Arc<OutputThread>, Written, mpsc::Sender<()>) {
        let seen = Arc::new(Mutex::new(Vec::new()));
        let (go, gate) = mpsc::channel::<()>();
        let log = Arc::clone(&seen);
        let out = OutputThread::start_with(Box::new(move |fd, bytes| {
            let _ = gate.recv();
            log.lock().unwrap().push((fd, bytes.to_vec()));
            bytes != b"EPIPE"
        }))
        .unwrap();
        (out, seen, go)
    }

    #[test]
    fn output_keeps_its_order_across_streams_and_counts_its_backlog() {
        let (out, seen, go) = gated();
        out.push(1, b"a".to_vec());
        out.push(1, Vec::new());
        // the first write is held by the sink: what follows queues up
        std::thread::sleep(std::time::Duration::from_millis(20));
        out.push(1, b"b".to_vec());
        out.push(1, b"c".to_vec());
        out.push(2, b"warn".to_vec());
        out.push(1, b"d".to_vec());
        assert_eq!(out.backlog(), 8, "queued and in-flight bytes");
        for _ in 0..4 {
            go.send(()).unwrap();
        }
        out.drain();
        assert_eq!(out.backlog(), 0);
        let got = seen.lock().unwrap().clone();
        let want: Vec<(i32, Vec<u8>)> = vec![(1, b"a".to_vec()), (1, b"bc".to_vec()), (2, b"warn".to_vec()), (1, b"d".to_vec())];
        assert_eq!(got, want, "one stream's small writes join; the streams stay in order");
    }

    #[test]
    fn a_broken_stdout_drops_stdout_but_not_stderr() {
        let (out, seen, go) = gated();
        out.push(1, b"EPIPE".to_vec());
        std::thread::sleep(std::time::Duration::from_millis(20));
        out.push(1, vec![b'x'; 100_000]);
        out.push(2, b"still shown".to_vec());
        for _ in 0..3 {
            let _ = go.send(());
        }
        out.drain();
        out.push(1, b"later".to_vec());
        assert_eq!(out.backlog(), 0, "stdout output after the break is dropped at once");
        let got = seen.lock().unwrap().clone();
        assert_eq!(got, vec![(1, b"EPIPE".to_vec()), (2, b"still shown".to_vec())]);
    }
}
