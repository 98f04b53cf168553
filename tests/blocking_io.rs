//! Blocking file I/O stays off the coroutine runtime's worker: a read of a FIFO that
//! has no writer yet blocks a file thread, not the coroutines
//! (tests/programs/io/fifo_read.cp); so does a wait for stdin (stdin_wait.cp).
use std::io::{BufRead, BufReader, Write};
use std::process::{Child, ChildStdout, Command, Stdio};
use std::sync::mpsc::RecvTimeoutError;
use std::time::Duration;

const BIN: &str = env!("CARGO_BIN_EXE_cprime");
const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// Reads the child's "waiting" line, then its next line for up to 10 s while its read
/// is blocked; then `unblock`s the read whatever happened (so the child can end).
/// Returns that line (an error if it did not come) and the rest of stdout.
fn line_while_blocked(child: &mut Child, unblock: impl FnOnce()) -> (Result<String, RecvTimeoutError>, BufReader<ChildStdout>) {
    let mut out = BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    out.read_line(&mut line).unwrap();
    assert_eq!(line, "waiting\n");
    let (tx, rx) = std::sync::mpsc::channel();
    let reader = std::thread::spawn(move || {
        let mut l = String::new();
        out.read_line(&mut l).unwrap();
        let _ = tx.send(l);
        out
    });
    let next = rx.recv_timeout(Duration::from_secs(10));
    unblock();
    (next, reader.join().unwrap())
}

/// A fresh directory (named after `name` and this process) with FIFOs `pipe0`,
/// `pipe1`, .. in it: the directory and their paths.
fn make_fifos(name: &str, n: usize) -> (std::path::PathBuf, Vec<std::path::PathBuf>) {
    let dir = std::env::temp_dir().join(format!("{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let fifos: Vec<_> = (0..n).map(|i| dir.join(format!("pipe{i}"))).collect();
    for f in &fifos {
        let _ = std::fs::remove_file(f);
        assert!(Command::new("mkfifo").arg(f).status().unwrap().success());
    }
    (dir, fifos)
}

/// Runs tests/programs/io/`program` with `arg`, its stdout piped.
fn start_with_stdout(program: &str, arg: &std::path::Path) -> Child {
    Command::new(BIN)
        .args(["run", &format!("{ROOT}/tests/programs/io/{program}"), "--", arg.to_str().unwrap()])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap()
}

#[test]
fn a_blocked_file_read_does_not_stop_other_coroutines() {
    let (dir, fifos) = make_fifos("cprime-fifo", 1);
    let fifo = fifos[0].clone();
    let mut child = start_with_stdout("fifo_read.cp", &fifo);
    // the ticks come while nobody has opened the FIFO for writing: the read is blocked
    let (ticked, mut out) = line_while_blocked(&mut child, || {
        std::fs::OpenOptions::new().write(true).open(&fifo).unwrap().write_all(b"hello").unwrap();
    });
    assert_eq!(ticked.expect("the coroutines were stopped by the read"), "ticked 5 times while the read waited\n");
    let mut line = String::new();
    out.read_line(&mut line).unwrap();
    assert_eq!(line, "read \"hello\"\n");
    assert!(child.wait().unwrap().success());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn more_blocked_file_reads_than_64_do_not_hold_up_the_next_file_operation() {
    let (dir, fifos) = make_fifos("cprime-fifos", 100);
    let mut child = start_with_stdout("fifo_reads_many.cp", &dir);
    let (line, mut out) = line_while_blocked(&mut child, || {
        // each FIFO gets its writer on a thread of its own (opening one blocks until
        // its reader has opened it)
        for f in fifos.clone() {
            std::thread::spawn(move || std::fs::OpenOptions::new().write(true).open(f).and_then(|mut w| w.write_all(b"x")));
        }
    });
    assert_eq!(line.expect("the write waited behind the blocked reads"), "wrote and read back \"done\" while 100 reads waited\n");
    let mut rest = String::new();
    out.read_line(&mut rest).unwrap();
    assert_eq!(rest, "the reads got 100 bytes\n");
    assert!(child.wait().unwrap().success());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_wait_for_stdin_does_not_stop_other_coroutines() {
    let mut child = Command::new(BIN)
        .args(["run", &format!("{ROOT}/tests/programs/io/stdin_wait.cp")])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let (ticked, mut out) = line_while_blocked(&mut child, move || {
        stdin.write_all(b"one\ntwo\r\nthree").unwrap();
    });
    assert_eq!(ticked.expect("the coroutines were stopped by the wait for stdin"), "ticked 5 times while stdin was silent\n");
    let mut line = String::new();
    out.read_line(&mut line).unwrap();
    assert_eq!(line, "read [\"one\", \"two\", \"three\"]\n");
    assert!(child.wait().unwrap().success());
}

/// Runs tests/programs/io/`program` with a report file as its argument and a stdout
/// that is not read until the program has written that report (so the pipe stays full
/// meanwhile): the report (`None` if none came in 10 s) and the program's output.
fn run_reporting_with_stdout_unread(program: &str) -> (Option<String>, std::process::Output) {
    let dir = std::env::temp_dir().join(format!("cprime-{program}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let report = dir.join("report");
    let _ = std::fs::remove_file(&report);
    let child = Command::new(BIN)
        .args(["run", &format!("{ROOT}/tests/programs/io/{program}"), "--", report.to_str().unwrap()])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let start = std::time::Instant::now();
    let reported = loop {
        match std::fs::read_to_string(&report) {
            Ok(t) if !t.is_empty() => break Some(t),
            _ if start.elapsed() > Duration::from_secs(10) => break None,
            _ => std::thread::sleep(Duration::from_millis(20)),
        }
    };
    let out = child.wait_with_output().unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    (reported, out)
}

#[test]
fn a_stdout_nobody_reads_does_not_stop_other_coroutines() {
    // before the output thread, the first full pipe stopped every coroutine
    let (ticked, out) = run_reporting_with_stdout_unread("stdout_blocked.cp");
    assert_eq!(ticked.as_deref(), Some("ticked 5 times"), "the coroutines were stopped by the full pipe");
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 80000, "every line arrives");
    assert!(lines.iter().enumerate().all(|(i, l)| l.starts_with(&format!("{i} x"))), "in order");
    assert_eq!(String::from_utf8_lossy(&out.stderr), "printed 80000 lines\n");
}

#[test]
fn printers_on_any_worker_wait_while_the_output_is_a_mib_behind() {
    let (rss, out) = run_reporting_with_stdout_unread("stdout_blocked_pool.cp");
    let rss = rss.unwrap_or_default();
    assert!(out.status.success(), "{:?}", out.status);
    let kb: u64 = rss.split_whitespace().nth(1).and_then(|n| n.parse().ok()).unwrap_or(u64::MAX);
    // a MiB of backlog and the runtime itself; unbounded, a second of printing queued
    // hundreds of MB
    assert!(kb < 64 * 1024, "resident memory after a second of blocked printing: {rss}");
    assert!(out.stdout.len() > 1 << 20, "the queued output is written before the exit");
}

#[test]
fn a_stdout_whose_reader_left_ends_the_process_as_sigpipe_would() {
    use std::os::unix::process::ExitStatusExt;
    for program in ["endless_print.cp", "endless_print_co.cp", "endless_print_pool.cp"] {
        let mut child = Command::new(BIN)
            .args(["run", &format!("{ROOT}/tests/programs/io/{program}")])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut out = BufReader::new(child.stdout.take().unwrap());
        let mut line = String::new();
        out.read_line(&mut line).unwrap();
        assert!(line.ends_with('\n'), "{program}: {line:?}");
        drop(out); // like `| head -1`
        let start = std::time::Instant::now();
        let status = loop {
            match child.try_wait().unwrap() {
                Some(s) => break Some(s),
                None if start.elapsed() > Duration::from_secs(10) => break None,
                None => std::thread::sleep(Duration::from_millis(20)),
            }
        };
        let Some(status) = status else {
            let _ = child.kill();
            panic!("{program}: still printing 10 s after stdout's reader left");
        };
        assert_eq!(status.signal(), Some(13), "{program}: ended by SIGPIPE, not {status:?}");
        let mut err = String::new();
        std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut err).unwrap();
        assert_eq!(err, "started\n", "{program}");
    }
}
