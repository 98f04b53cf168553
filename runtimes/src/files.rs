//! File operations off the coroutine runtime's worker: a few threads run the blocking
//! calls (`read`, `write`, `append`, reading stdin) while the worker runs other
//! coroutines, more when all are busy (a read of stdin or of a FIFO may block one for
//! good, and must not hold up every other file operation); each
//! finished operation wakes the worker's poller, and the scheduler wakes the coroutine
//! that waits for its ticket (`Host::file_start` / `file_take` / `files_done`).
use std::collections::HashMap;
use std::io::Write;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use cprime_vm::{FileOp, IoErr};

/// Threads kept for file operations: enough that a slow one (a network file system)
/// does not hold up the rest.
const THREADS: usize = 2;
/// The most threads: an operation that finds every thread busy (each may be blocked for
/// good: a read of stdin, of a FIFO nobody writes) starts another, up to this many (as
/// Tokio's default limit of blocking threads).
const MAX_THREADS: usize = 512;
/// A file thread's stack: it only calls the system (what it reads goes to the heap), so
/// 512 of them reserve 128 MiB of address space, not a GiB.
const THREAD_STACK: usize = 256 * 1024;
/// A thread past `THREADS` that waited this long for an operation ends.
const IDLE_EXIT: Duration = Duration::from_secs(10);

type Done = Arc<Mutex<(HashMap<u32, Result<String, IoErr>>, Vec<u32>)>>;

/// What the file threads share.
struct Pool {
    jobs: Mutex<Receiver<(u32, FileOp)>>,
    done: Done,
    wake: Arc<mio::Waker>,
    /// Threads running, those waiting for an operation, and operations sent that no
    /// thread has taken yet.
    threads: AtomicUsize,
    idle: AtomicUsize,
    queued: AtomicUsize,
}

pub struct Files {
    jobs: Sender<(u32, FileOp)>,
    pool: Arc<Pool>,
    next: u32,
}

impl Files {
    /// Starts the threads; `wake` tells the worker that an operation finished.
    pub fn start(wake: Arc<mio::Waker>) -> std::io::Result<Files> {
        let (jobs, rx) = channel::<(u32, FileOp)>();
        let pool = Arc::new(Pool { jobs: Mutex::new(rx), done: Arc::default(), wake, threads: AtomicUsize::new(0), idle: AtomicUsize::new(0), queued: AtomicUsize::new(0) });
        for _ in 0..THREADS {
            spawn_thread(&pool)?;
        }
        Ok(Files { jobs, pool, next: 0 })
    }

    /// Queues `op` for the file threads: its ticket, or the operation back when they are
    /// gone (the caller runs it inline).
    pub fn start_op(&mut self, op: FileOp) -> Result<u32, FileOp> {
        let ticket = self.next;
        self.next = self.next.wrapping_add(1);
        self.pool.queued.fetch_add(1, Ordering::SeqCst);
        if let Err(back) = self.jobs.send((ticket, op)) {
            self.pool.queued.fetch_sub(1, Ordering::SeqCst);
            return Err(back.0 .1);
        }
        // more operations waiting than threads free (each busy one may be blocked for
        // good): one more thread (without it, the operation waits for a busy one)
        let pool = &self.pool;
        if pool.queued.load(Ordering::SeqCst) > pool.idle.load(Ordering::SeqCst) && pool.threads.load(Ordering::SeqCst) < MAX_THREADS {
            let _ = spawn_thread(pool);
        }
        Ok(ticket)
    }

    pub fn take(&mut self, ticket: u32) -> Option<Result<String, IoErr>> {
        self.pool.done.lock().ok()?.0.remove(&ticket)
    }

    pub fn finished(&mut self, out: &mut Vec<u32>) {
        if let Ok(mut d) = self.pool.done.lock() {
            out.append(&mut d.1);
        }
    }

    /// File threads running now (for tests).
    #[cfg(test)]
    fn threads(&self) -> usize {
        self.pool.threads.load(Ordering::SeqCst)
    }
}

/// One more file thread: it runs operations until the channel closes (the runtime
/// ended), or, one past `THREADS`, until it waited `IDLE_EXIT` for one.
fn spawn_thread(pool: &Arc<Pool>) -> std::io::Result<()> {
    let n = pool.threads.fetch_add(1, Ordering::SeqCst);
    let shared = Arc::clone(pool);
    let started = std::thread::Builder::new().name(format!("cprime-files-{n}")).stack_size(THREAD_STACK).spawn(move || {
        let pool = shared;
        loop {
            pool.idle.fetch_add(1, Ordering::SeqCst);
            let job = match pool.jobs.lock() {
                Ok(rx) => rx.recv_timeout(IDLE_EXIT),
                Err(_) => Err(RecvTimeoutError::Disconnected),
            };
            pool.idle.fetch_sub(1, Ordering::SeqCst);
            let (ticket, op) = match job {
                Ok(j) => {
                    pool.queued.fetch_sub(1, Ordering::SeqCst);
                    j
                }
                Err(RecvTimeoutError::Timeout) => {
                    // an extra thread goes once idle; the first ones stay. Not while an
                    // operation waits: it was sent while this thread still counted as
                    // idle (`idle` is lowered before `queued` is read, and `start_op`
                    // raises `queued` before it reads `idle`: one of them sees the other)
                    let threads = pool.threads.load(Ordering::SeqCst);
                    if threads > THREADS
                        && pool.queued.load(Ordering::SeqCst) == 0
                        && pool.threads.compare_exchange(threads, threads - 1, Ordering::SeqCst, Ordering::SeqCst).is_ok()
                    {
                        return;
                    }
                    continue;
                }
                Err(RecvTimeoutError::Disconnected) => return,
            };
            let result = run(op);
            if let Ok(mut d) = pool.done.lock() {
                d.0.insert(ticket, result);
                d.1.push(ticket);
            }
            let _ = pool.wake.wake();
        }
    });
    if let Err(e) = started {
        pool.threads.fetch_sub(1, Ordering::SeqCst);
        return Err(e);
    }
    Ok(())
}

fn run(op: FileOp) -> Result<String, IoErr> {
    let err = |e: std::io::Error| crate::host::io_error(&e);
    match op {
        FileOp::Read(path) => {
            let bytes = std::fs::read(path).map_err(err)?;
            String::from_utf8(bytes).map_err(|_| (nix::errno::Errno::EILSEQ as i64, "file is not valid UTF-8".to_string()))
        }
        FileOp::Write(path, text) => std::fs::write(path, text).map(|_| String::new()).map_err(err),
        FileOp::Append(path, text) => {
            let mut f = std::fs::OpenOptions::new().create(true).append(true).open(path).map_err(err)?;
            f.write_all(text.as_bytes()).map(|_| String::new()).map_err(err)
        }
        FileOp::StdinFill => {
            crate::stdin::fill();
            Ok(String::new())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operations_blocked_for_good_do_not_hold_up_the_next() {
        let poll = mio::Poll::new().unwrap();
        let waker = Arc::new(mio::Waker::new(poll.registry(), mio::Token(0)).unwrap());
        let mut files = Files::start(waker).unwrap();
        let dir = std::env::temp_dir().join(format!("cprime-files-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        // three reads of FIFOs nobody writes yet: more than the threads kept
        let fifos: Vec<_> = (0..3).map(|i| dir.join(format!("pipe{i}"))).collect();
        for f in &fifos {
            let _ = std::fs::remove_file(f);
            assert!(std::process::Command::new("mkfifo").arg(f).status().unwrap().success());
        }
        let reads: Vec<u32> = fifos.iter().map(|f| files.start_op(FileOp::Read(f.to_str().unwrap().into())).unwrap()).collect();
        let written = dir.join("out.txt");
        let write = files.start_op(FileOp::Write(written.to_str().unwrap().into(), "done".into())).unwrap();
        let deadline = std::time::Instant::now() + Duration::from_secs(10);
        let result = loop {
            if let Some(r) = files.take(write) {
                break r;
            }
            assert!(std::time::Instant::now() < deadline, "the write waited behind the blocked reads");
            std::thread::sleep(Duration::from_millis(5));
        };
        assert!(result.is_ok());
        assert_eq!(std::fs::read_to_string(&written).unwrap(), "done");
        assert!(files.threads() >= 4, "a thread more for each operation that found all busy");
        // the reads end once their FIFOs are written
        for f in &fifos {
            std::fs::OpenOptions::new().write(true).open(f).unwrap().write_all(b"x").unwrap();
        }
        for t in reads {
            let got = loop {
                if let Some(r) = files.take(t) {
                    break r;
                }
                assert!(std::time::Instant::now() < deadline, "a read did not end");
                std::thread::sleep(Duration::from_millis(5));
            };
            assert_eq!(got.unwrap(), "x");
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
}
