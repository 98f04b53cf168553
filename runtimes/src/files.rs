//! File operations off the coroutine runtime's worker: a few threads run the blocking
//! calls (`read`, `write`, `append`, reading stdin) while the worker runs other
//! coroutines; each
//! finished operation wakes the worker's poller, and the scheduler wakes the coroutine
//! that waits for its ticket (`Host::file_start` / `file_take` / `files_done`).
use std::collections::HashMap;
use std::io::Write;
use std::sync::mpsc::{channel, Sender};
use std::sync::{Arc, Mutex};

use cprime_vm::{FileOp, IoErr};

/// Threads that run file operations: enough that a slow one (a network file system)
/// does not hold up the rest.
const THREADS: usize = 2;

type Done = Arc<Mutex<(HashMap<u32, Result<String, IoErr>>, Vec<u32>)>>;

pub struct Files {
    jobs: Sender<(u32, FileOp)>,
    /// Results not yet taken, and the tickets finished since `files_done` last looked.
    done: Done,
    next: u32,
}

impl Files {
    /// Starts the threads; `wake` tells the worker that an operation finished.
    pub fn start(wake: Arc<mio::Waker>) -> std::io::Result<Files> {
        let (jobs, rx) = channel::<(u32, FileOp)>();
        let rx = Arc::new(Mutex::new(rx));
        let done: Done = Arc::default();
        for i in 0..THREADS {
            let (rx, done, wake) = (Arc::clone(&rx), Arc::clone(&done), Arc::clone(&wake));
            std::thread::Builder::new().name(format!("cprime-files-{i}")).spawn(move || loop {
                let job = match rx.lock() {
                    Ok(rx) => rx.recv(),
                    Err(_) => return,
                };
                let Ok((ticket, op)) = job else { return };
                let result = run(op);
                if let Ok(mut d) = done.lock() {
                    d.0.insert(ticket, result);
                    d.1.push(ticket);
                }
                let _ = wake.wake();
            })?;
        }
        Ok(Files { jobs, done, next: 0 })
    }

    pub fn start_op(&mut self, op: FileOp) -> Option<u32> {
        let ticket = self.next;
        self.next = self.next.wrapping_add(1);
        self.jobs.send((ticket, op)).ok()?;
        Some(ticket)
    }

    pub fn take(&mut self, ticket: u32) -> Option<Result<String, IoErr>> {
        self.done.lock().ok()?.0.remove(&ticket)
    }

    pub fn finished(&mut self, out: &mut Vec<u32>) {
        if let Ok(mut d) = self.done.lock() {
            out.append(&mut d.1);
        }
    }
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
