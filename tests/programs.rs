//! The program test harness: one libtest-mimic binary for every CPrime program test and
//! every test of the `cprime` command line.
//!
//! Program cases are `tests/programs/NAME.cp` (top-level files only; subfolders hold the
//! modules of multi-file cases). Each runs the built `cprime` binary in the case's folder
//! as its header says, and compares:
//!
//! * stdout with `NAME.out` (exactly; a case without one is reported as ignored until
//!   blessed),
//! * stderr with `NAME.err` when that file exists (exactly),
//! * the exit status with `// exit: N` (default 0),
//! * plus `// stdout: TEXT` / `// stderr: TEXT` lines: the stream must contain TEXT.
//!
//! Header lines (the conformance suite's grammar): `// cmd: run|test|build|check|dis`
//! (default run), `// flags: ...` (before the file), `// args: ...` (after `--`),
//! `// exit: N`. Output is compared as is, except that ANSI colors are stripped (the
//! binary runs with `NO_COLOR=1` anyway).
//!
//! Environment: `CPRIME_BLESS=1` rewrites `.out`/`.err` from what the binary printed (the
//! exit status must still match: blessing records output, never a new status), and the
//! opcode table in docs/bytecode.md. `CPRIME_TIERS="interp baseline opt"` (default
//! `interp`) runs every run/test case once per tier, to prove the tiers agree.
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use libtest_mimic::{Arguments, Completion, Failed, Trial};

const BIN: &str = env!("CARGO_BIN_EXE_cprime");
const ROOT: &str = env!("CARGO_MANIFEST_DIR");
/// A case taking longer than this is a failure (and killed), not a hung CI.
const TIMEOUT: Duration = Duration::from_secs(60);

fn main() {
    let args = Arguments::from_args();
    let mut trials = program_trials();
    trials.extend(cli_trials());
    let conclusion = libtest_mimic::run(&args, trials);
    // scratch folders of this run: `scratch()` names them after our pid
    let prefix = format!("cprime-programs-{}-", std::process::id());
    if let Ok(rd) = std::fs::read_dir(std::env::temp_dir()) {
        for e in rd.flatten() {
            if e.file_name().to_string_lossy().starts_with(&prefix) {
                let _ = std::fs::remove_dir_all(e.path());
            }
        }
    }
    conclusion.exit();
}

fn blessing() -> bool {
    std::env::var("CPRIME_BLESS").is_ok_and(|v| !v.is_empty() && v != "0")
}

fn tiers() -> Vec<String> {
    let t = std::env::var("CPRIME_TIERS").unwrap_or_default();
    let v: Vec<String> = t.split([' ', ',']).filter(|s| !s.is_empty()).map(String::from).collect();
    if v.is_empty() {
        vec!["interp".to_string()]
    } else {
        v
    }
}

// ---------------------------------------------------------------- running the binary

/// What one run of `cprime` produced.
struct Run {
    status: i32,
    stdout: String,
    stderr: String,
}

/// Runs `cprime ARGS` in `dir` with colors off and stdin closed; death by signal N is
/// status 128+N, as a shell reports it.
fn cprime(dir: &Path, args: &[String]) -> Result<Run, Failed> {
    let mut child = Command::new(BIN)
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("CPRIME_BLESS")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot start {BIN}: {e}"))?;
    // read both pipes on threads so a chatty program cannot fill one and block
    let mut out = child.stdout.take().expect("piped");
    let mut err = child.stderr.take().expect("piped");
    let out_t = std::thread::spawn(move || {
        let mut b = Vec::new();
        let _ = out.read_to_end(&mut b);
        b
    });
    let err_t = std::thread::spawn(move || {
        let mut b = Vec::new();
        let _ = err.read_to_end(&mut b);
        b
    });
    let start = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().map_err(|e| e.to_string())? {
            break s;
        }
        if start.elapsed() > TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            return Err(format!("timed out after {}s: cprime {}", TIMEOUT.as_secs(), args.join(" ")).into());
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    use std::os::unix::process::ExitStatusExt;
    let status = status.code().unwrap_or_else(|| 128 + status.signal().unwrap_or(0));
    let text = |b: Vec<u8>| strip_ansi(&String::from_utf8_lossy(&b));
    Ok(Run { status, stdout: text(out_t.join().unwrap_or_default()), stderr: text(err_t.join().unwrap_or_default()) })
}

/// Whether stderr shows a panic of cprime itself (a CPrime `panic!` reads differently).
fn rust_panic(stderr: &str) -> bool {
    stderr.contains("panicked at") || stderr.contains("internal error, please report")
}

/// Removes ANSI escape sequences (`ESC [ ... letter`).
fn strip_ansi(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\x1b' && chars.peek() == Some(&'[') {
            chars.next();
            for c in chars.by_ref() {
                if c.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

fn s(v: &[&str]) -> Vec<String> {
    v.iter().map(|x| x.to_string()).collect()
}

/// A fresh scratch folder for one trial.
fn scratch(name: &str) -> PathBuf {
    static N: AtomicUsize = AtomicUsize::new(0);
    let d = std::env::temp_dir().join(format!(
        "cprime-programs-{}-{}-{name}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    ));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).expect("temp dir");
    d
}

// ---------------------------------------------------------------- program cases

/// A program case's header.
#[derive(Clone, Debug)]
struct Header {
    cmd: String,
    flags: Vec<String>,
    args: Vec<String>,
    exit: i32,
    stdout_has: Vec<String>,
    stderr_has: Vec<String>,
}

fn parse_header(text: &str) -> Result<Header, String> {
    let first = |key: &str| {
        let p = format!("// {key}:");
        text.lines().find_map(|l| l.strip_prefix(&p)).map(|v| v.trim().to_string())
    };
    let all = |key: &str| {
        let p = format!("// {key}:");
        text.lines().filter_map(|l| l.strip_prefix(&p)).map(|v| v.trim().to_string()).collect::<Vec<_>>()
    };
    let cmd = first("cmd").unwrap_or_else(|| "run".to_string());
    if !["run", "test", "build", "check", "dis"].contains(&cmd.as_str()) {
        return Err(format!("unknown `// cmd: {cmd}`"));
    }
    let exit = match first("exit") {
        None => 0,
        Some(v) => v.parse().map_err(|_| format!("bad `// exit: {v}`"))?,
    };
    Ok(Header {
        cmd,
        flags: split_words(&first("flags").unwrap_or_default()),
        args: split_words(&first("args").unwrap_or_default()),
        exit,
        stdout_has: all("stdout"),
        stderr_has: all("stderr"),
    })
}

/// Splits on whitespace; `"..."` keeps spaces inside one word.
fn split_words(s: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut cur = String::new();
    let (mut quoted, mut any) = (false, false);
    for c in s.chars() {
        match c {
            '"' => {
                quoted = !quoted;
                any = true;
            }
            c if c.is_whitespace() && !quoted => {
                if any {
                    words.push(std::mem::take(&mut cur));
                    any = false;
                }
            }
            c => {
                cur.push(c);
                any = true;
            }
        }
    }
    if any {
        words.push(cur);
    }
    words
}

fn program_trials() -> Vec<Trial> {
    let dir = Path::new(ROOT).join("tests/programs");
    let mut files: Vec<PathBuf> =
        std::fs::read_dir(&dir).map(|rd| rd.filter_map(|e| e.ok().map(|e| e.path())).collect()).unwrap_or_default();
    files.retain(|p| p.is_file() && p.extension().is_some_and(|e| e == "cp"));
    files.sort();
    let tiers = tiers();
    let mut trials = Vec::new();
    for file in files {
        let name = file.file_stem().unwrap_or_default().to_string_lossy().into_owned();
        let header = std::fs::read_to_string(&file).map_err(|e| e.to_string()).and_then(|t| parse_header(&t));
        // build/check/dis do not execute code: one run, whatever the tiers
        let runs_code = matches!(&header, Ok(h) if h.cmd == "run" || h.cmd == "test");
        let case_tiers: Vec<Option<String>> =
            if runs_code { tiers.iter().cloned().map(Some).collect() } else { vec![None] };
        for (i, tier) in case_tiers.iter().enumerate() {
            let label = match (tier, case_tiers.len()) {
                (Some(t), n) if n > 1 => format!("programs::{name} [{t}]"),
                _ => format!("programs::{name}"),
            };
            let (file, header, tier) = (file.clone(), header.clone(), tier.clone());
            // only the first tier blesses; the others must then agree with it
            let bless = blessing() && i == 0;
            trials.push(Trial::ignorable_test(label, move || {
                let header = header.map_err(|e| format!("{}: {e}", file.display()))?;
                run_case(&file, &header, tier.as_deref(), bless)
            }));
        }
    }
    trials
}

fn run_case(file: &Path, h: &Header, tier: Option<&str>, bless: bool) -> Result<Completion, Failed> {
    let dir = file.parent().expect("a case lives in a folder");
    let stem = file.file_stem().unwrap_or_default().to_string_lossy().into_owned();
    let out_path = dir.join(format!("{stem}.out"));
    let err_path = dir.join(format!("{stem}.err"));
    if !out_path.exists() && !bless {
        return Ok(Completion::ignored_with(format!(
            "no {stem}.out yet: review the output and bless with CPRIME_BLESS=1"
        )));
    }
    let mut argv = vec![h.cmd.clone()];
    if let Some(t) = tier {
        argv.push(format!("--tier={t}"));
    }
    argv.extend(h.flags.iter().cloned());
    let scratch_dir =
        (h.cmd == "build" && !h.flags.iter().any(|f| f == "-o" || f.starts_with("--output"))).then(|| scratch(&stem));
    if let Some(d) = &scratch_dir {
        argv.push("-o".into());
        argv.push(d.join(format!("{stem}.cpb")).to_string_lossy().into_owned());
    }
    argv.push(file.file_name().unwrap_or_default().to_string_lossy().into_owned());
    if !h.args.is_empty() {
        argv.push("--".into());
        argv.extend(h.args.iter().cloned());
    }
    let run = cprime(dir, &argv)?;
    if let Some(d) = scratch_dir {
        let _ = std::fs::remove_dir_all(d);
    }
    let shown = format!("cprime {}", argv.join(" "));
    let mut problems = Vec::new();
    if rust_panic(&run.stderr) {
        problems.push("cprime panicked (a bug in cprime, not in the program)".to_string());
    }
    if run.status != h.exit {
        problems.push(format!("exit status {}, want {}", run.status, h.exit));
    }
    for want in &h.stdout_has {
        if !run.stdout.contains(want.as_str()) {
            problems.push(format!("stdout lacks `{want}`"));
        }
    }
    for want in &h.stderr_has {
        if !run.stderr.contains(want.as_str()) {
            problems.push(format!("stderr lacks `{want}`"));
        }
    }
    if bless && problems.is_empty() {
        std::fs::write(&out_path, &run.stdout).map_err(|e| e.to_string())?;
        if err_path.exists() || !run.stderr.is_empty() || h.exit != 0 {
            std::fs::write(&err_path, &run.stderr).map_err(|e| e.to_string())?;
        }
    } else {
        let want_out = std::fs::read_to_string(&out_path).unwrap_or_default();
        if run.stdout != want_out {
            problems.push(format!("stdout differs from {stem}.out:\n{}", diff(&want_out, &run.stdout)));
        }
        if let Ok(want_err) = std::fs::read_to_string(&err_path) {
            if run.stderr != want_err {
                problems.push(format!("stderr differs from {stem}.err:\n{}", diff(&want_err, &run.stderr)));
            }
        }
    }
    if problems.is_empty() {
        Ok(Completion::Completed)
    } else {
        Err(format!(
            "{shown}\n{}\n--- stdout\n{}--- stderr\n{}",
            problems.join("\n"),
            clip(&run.stdout),
            clip(&run.stderr)
        )
        .into())
    }
}

/// A short line diff: the first differing line with context.
fn diff(want: &str, got: &str) -> String {
    let (w, g): (Vec<&str>, Vec<&str>) = (want.lines().collect(), got.lines().collect());
    let i = w.iter().zip(&g).position(|(a, b)| a != b).unwrap_or(w.len().min(g.len()));
    let mut s = format!("  first difference at line {}:\n", i + 1);
    for l in w.iter().skip(i).take(3) {
        s.push_str(&format!("  - {l}\n"));
    }
    for l in g.iter().skip(i).take(3) {
        s.push_str(&format!("  + {l}\n"));
    }
    if w.len() == g.len() && i == w.len() {
        s.push_str("  (the texts differ only in their final newline)\n");
    }
    s
}

fn clip(s: &str) -> String {
    let mut t: String = s.lines().take(40).map(|l| format!("{l}\n")).collect();
    if s.lines().count() > 40 {
        t.push_str("...\n");
    }
    t
}

// ---------------------------------------------------------------- command-line trials

fn check(cond: bool, what: impl FnOnce() -> String) -> Result<(), Failed> {
    if cond {
        Ok(())
    } else {
        Err(what().into())
    }
}

/// A bad input must be a clean error: status 1, an `error:` line, no panic.
fn expect_clean_error(run: &Run, what: &str) -> Result<(), Failed> {
    check(run.status == 1 && run.stderr.contains("error:") && !rust_panic(&run.stderr), || {
        format!("{what}: exit {}, stderr:\n{}", run.status, run.stderr)
    })
}

/// A tiny deterministic PRNG (xorshift): the bad-bytes trials need variety, not quality.
fn xorshift(seed: &mut u64) -> u64 {
    *seed ^= *seed << 13;
    *seed ^= *seed >> 7;
    *seed ^= *seed << 17;
    *seed
}

fn hello_source() -> PathBuf {
    Path::new(ROOT).join("tests/programs/hello.cp")
}

/// Writes a bytecode file whose one function, `main` (the entry, on the `default`
/// runtime, returning an int), has registers `regs` and runs `code`: bytes as
/// `cprime build` writes them, with a meaning it would never give them.
fn write_one_function_module(
    path: &Path,
    regs: Vec<cprime_bytecode::Kind>,
    code: Vec<cprime_bytecode::Insn>,
) -> Result<(), Failed> {
    use cprime_bytecode::{format, Entry, Except, Function, Kind, Module};
    let mut m = Module::new();
    m.files.push("crafted.cp".into());
    m.functions.push(Function {
        name: "main".into(),
        file: 0,
        params: vec![],
        captures: vec![],
        ret: Some(Kind::Int),
        regs,
        code,
        handlers: vec![],
        lines: vec![(0, 1)],
        except: Except::Any,
    });
    m.entries.push(Entry::plain("main", 0));
    std::fs::write(path, format::encode(&m)).map_err(|e| e.to_string().into())
}

fn cli_trials() -> Vec<Trial> {
    vec![
        Trial::test("cli::version_and_help", || {
            let d = scratch("help");
            for args in [s(&["--version"]), s(&["--help"]), s(&["run", "--help"]), s(&["help", "test"])] {
                let r = cprime(&d, &args)?;
                check(r.status == 0 && !r.stdout.is_empty(), || format!("{args:?}: exit {}", r.status))?;
            }
            let r = cprime(&d, &s(&["--version"]))?;
            check(r.stdout.starts_with("cprime "), || format!("--version printed {:?}", r.stdout))
        }),
        Trial::test("cli::usage_errors_exit_2", || {
            let d = scratch("usage");
            for args in [
                s(&["run", "--no-such-flag", "x.cp"]),
                s(&["frobnicate"]),
                s(&[]),
                s(&["run"]),
                s(&["run", "--tier=warp", "x.cp"]),
                s(&["--color=sometimes", "check", "x.cp"]),
                s(&["test", "--timeout", "5", "x.cp"]),
                s(&["test", "--timeout", "0s", "x.cp"]),
            ] {
                let r = cprime(&d, &args)?;
                check(r.status == 2 && !rust_panic(&r.stderr), || {
                    format!("{args:?}: exit {}, stderr:\n{}", r.status, r.stderr)
                })?;
            }
            Ok(())
        }),
        Trial::test("cli::missing_file_is_an_error", || {
            let d = scratch("missing");
            for cmd in ["run", "vm", "dis", "check", "build", "test"] {
                let r = cprime(&d, &s(&[cmd, "no-such-file.cp"]))?;
                expect_clean_error(&r, cmd)?;
                check(r.stderr.contains("error: cannot read `no-such-file.cp`: No such file or directory"), || {
                    format!("{cmd}: {}", r.stderr)
                })?;
            }
            Ok(())
        }),
        Trial::test("cli::build_never_overwrites_its_source_whatever_the_output_is_called", || {
            let d = scratch("overwrite");
            let source = "task<> main() = coroutine {\n    println!(\"hello\");\n}\n";
            std::fs::write(d.join("app.cp"), source).map_err(|e| e.to_string())?;
            std::os::unix::fs::symlink("app.cp", d.join("sym.cp")).map_err(|e| e.to_string())?;
            std::fs::hard_link(d.join("app.cp"), d.join("hard.cp")).map_err(|e| e.to_string())?;
            // the default output (`app.cpb`) as a link to the source is refused too
            std::os::unix::fs::symlink("app.cp", d.join("app.cpb")).map_err(|e| e.to_string())?;
            let absolute = d.join("app.cp").display().to_string();
            let outs: [&[&str]; 6] =
                [&["-o", "app.cp"], &["-o", "./app.cp"], &["-o", &absolute], &["-o", "sym.cp"], &["-o", "hard.cp"], &[]];
            for out in outs {
                let mut args = s(&["build", "app.cp"]);
                args.extend(s(out));
                let r = cprime(&d, &args)?;
                expect_clean_error(&r, &format!("{out:?}"))?;
                check(r.stderr.contains("error: refusing to overwrite the source `app.cp` with bytecode"), || r.stderr.clone())?;
                let now = std::fs::read_to_string(d.join("app.cp")).map_err(|e| e.to_string())?;
                check(now == source, || format!("{out:?}: the source became {now:?}"))?;
            }
            // another file is written as asked
            let r = cprime(&d, &s(&["build", "app.cp", "-o", "./other.cpb"]))?;
            check(r.status == 0 && d.join("other.cpb").exists(), || r.stderr.clone())
        }),
        Trial::test("cli::color_follows_the_flag", || {
            let d = scratch("color");
            let mut cmd = Command::new(BIN);
            cmd.args(["--color=always", "run", "missing.cp"]).current_dir(&d).env_remove("NO_COLOR");
            let out = cmd.output().map_err(|e| e.to_string())?;
            let err = String::from_utf8_lossy(&out.stderr);
            check(err.contains("\x1b["), || format!("--color=always gave no color: {err:?}"))?;
            let r = cprime(&d, &s(&["--color=never", "run", "missing.cp"]))?;
            check(!r.stderr.contains('\x1b'), || "--color=never gave color".into())
        }),
        Trial::test("cli::vm_rejects_random_bytes", || {
            let d = scratch("random");
            let f = d.join("bad.cpb");
            let mut seed = 0x9E37_79B9_7F4A_7C15u64;
            for len in [1usize, 3, 6, 7, 16, 64, 500, 4096] {
                let mut bytes: Vec<u8> = (0..len).map(|_| xorshift(&mut seed) as u8).collect();
                // half of them start like a real file, to get past the magic check
                if len >= 6 && len % 2 == 0 {
                    bytes[..6].copy_from_slice(b"CPB\0\x01\x00");
                }
                std::fs::write(&f, &bytes).map_err(|e| e.to_string())?;
                let r = cprime(&d, &s(&["vm", "bad.cpb"]))?;
                expect_clean_error(&r, &format!("{len} random bytes"))?;
                check(r.stderr.contains("is not valid CPrime bytecode"), || r.stderr.clone())?;
                let r = cprime(&d, &s(&["dis", "bad.cpb"]))?;
                expect_clean_error(&r, &format!("dis of {len} random bytes"))?;
            }
            Ok(())
        }),
        Trial::test("cli::the_machine_running_out_of_memory_is_an_oom_signal", || {
            // under an address-space limit the system refuses allocations: a program
            // filling a vector catches `OOM`; one filling a channel's queue (outside
            // every heap) ends with it unhandled; neither aborts (`memory.rs`)
            let d = scratch("machine-oom");
            let fill = "struct P { a: int, b: int }\nint main() = default {\n    let mut v: Vec<P> = Vec::new();\n    let n = catch(OOM) { loop { v.push(P { a: 1, b: 2 }); } } recover { -1 };\n    v = Vec::new();\n    println!(\"caught {}\", n);\n    return 0;\n}\n";
            let queue = "task<> main() = coroutine {\n    let (tx, rx) = channel::<String>(1000000000);\n    loop { tx.send(\"abc\".to_string()).await; }\n}\n";
            std::fs::write(d.join("fill.cp"), fill).map_err(|e| e.to_string())?;
            std::fs::write(d.join("queue.cp"), queue).map_err(|e| e.to_string())?;
            for (file, status, says) in [("fill.cp", 0, "caught -1"), ("queue.cp", 70, "unhandled signal OOM")] {
                // (350 MB of address space, the toolchain's own stacks included: a
                // fraction of a second; the debug pass's collection at every safepoint
                // would make the filling quadratic)
                let out = Command::new("sh")
                    .args(["-c", &format!("ulimit -v 350000 && exec timeout 60 \"$0\" run {file}"), BIN])
                    .current_dir(&d)
                    .env("NO_COLOR", "1")
                    .env_remove("CPRIME_GC_STRESS")
                    .env_remove("CPRIME_SWEEP_EACH_SLICE")
                    .env_remove("CPRIME_PACK_AFTER")
                    .stdin(Stdio::null())
                    .output()
                    .map_err(|e| e.to_string())?;
                let (o, e) = (String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
                check(out.status.code() == Some(status) && (o.contains(says) || e.contains(says)), || {
                    format!("{file}: status {:?}, stdout {o:?}, stderr {e:?}", out.status)
                })?;
            }
            Ok(())
        }),
        Trial::test("cli::workers_the_system_refuses_leave_the_run_on_fewer", || {
            // under an address-space limit, 256 worker threads do not all fit: the run
            // goes on with those that started, and says so (a worker's refused start was
            // an internal error)
            let d = scratch("refused-workers");
            let prog = "task<> main() = coroutine(.thread_pool = 256) {\n    let mut hs: Vec<JoinHandle<int>> = Vec::new();\n    for i in 0..100 { hs.push(spawn async { i * 2 }); }\n    let mut sum = 0;\n    for h in hs { sum += h.join().await; }\n    println!(\"sum {}\", sum);\n}\n";
            std::fs::write(d.join("pool.cp"), prog).map_err(|e| e.to_string())?;
            let out = Command::new("sh")
                .args(["-c", "ulimit -v 400000 && exec timeout 60 \"$0\" run pool.cp", BIN])
                .current_dir(&d)
                .env("NO_COLOR", "1")
                .stdin(Stdio::null())
                .output()
                .map_err(|e| e.to_string())?;
            let (o, e) = (String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
            check(out.status.code() == Some(0) && o == "sum 9900\n", || format!("status {:?}, stdout {o:?}, stderr {e:?}", out.status))?;
            check(e.starts_with("warning: the coroutine runtime runs on ") && e.contains(" of its 256 threads: the system refused the others"), || e.to_string())
        }),
        Trial::test("cli::entry_without_stages_is_the_plain_function", || {
            // zero overhead, shown: `cprime dis` of an entry point without stages and of
            // the same function without `= default` print the same function body
            let d = scratch("zero-overhead");
            let body = "{\n    let mut s = 0;\n    for i in 0..10 { s += i * i; }\n    return s % 7;\n}\n";
            std::fs::write(d.join("entry.cp"), format!("int app() = default {body}")).map_err(|e| e.to_string())?;
            std::fs::write(d.join("plain.cp"), format!("int app() {body}\nint main() = default {{ return app(); }}\n"))
                .map_err(|e| e.to_string())?;
            let function_of = |file: &str| -> Result<String, Failed> {
                let r = cprime(&d, &s(&["dis", file]))?;
                check(r.status == 0, || format!("dis {file}: {}", r.stderr))?;
                // the `function #N app (FILE)` section up to the next blank line, without
                // its header line (the file name differs)
                let start = r.stdout.find(" app (").ok_or_else(|| format!("no app in {}", r.stdout))?;
                let rest = &r.stdout[start..];
                let rest = &rest[rest.find('\n').unwrap_or(0)..];
                Ok(rest.split("\n\n").next().unwrap_or("").trim_end().to_string())
            };
            let (a, b) = (function_of("entry.cp")?, function_of("plain.cp")?);
            check(!a.trim().is_empty() && a == b, || format!("entry:\n{a}\nplain:\n{b}"))
        }),
        Trial::test("cli::endless_files_are_refused_not_read_to_the_end", || {
            // a device that never ends (or a file past 256 MiB) is no program
            let d = scratch("endless");
            for cmd in ["vm", "run", "check", "dis"] {
                let r = cprime(&d, &s(&[cmd, "/dev/zero"]))?;
                expect_clean_error(&r, cmd)?;
                check(r.stderr.contains("error: cannot read `/dev/zero`: the file is larger than 256 MiB"), || r.stderr.clone())?;
            }
            Ok(())
        }),
        Trial::test("cli::vm_rejects_an_empty_file", || {
            let d = scratch("empty");
            std::fs::write(d.join("empty.cpb"), b"").map_err(|e| e.to_string())?;
            let r = cprime(&d, &s(&["vm", "empty.cpb"]))?;
            expect_clean_error(&r, "empty file")?;
            check(r.stderr.contains("error: `empty.cpb` is not valid CPrime bytecode:"), || r.stderr.clone())
        }),
        Trial::test("cli::vm_rejects_bytecode_of_another_version_and_says_to_rebuild", || {
            let d = scratch("old-version");
            let mut bytes = cprime_bytecode::format::MAGIC.to_vec();
            bytes.extend_from_slice(&1u16.to_le_bytes());
            std::fs::write(d.join("old.cpb"), &bytes).map_err(|e| e.to_string())?;
            let r = cprime(&d, &s(&["vm", "old.cpb"]))?;
            expect_clean_error(&r, "old version")?;
            check(r.stderr.contains("bytecode version 1 is not supported"), || r.stderr.clone())?;
            check(r.stderr.contains("help: it was built by another version of cprime: rebuild it"), || r.stderr.clone())
        }),
        Trial::test("cli::vm_rejects_unverifiable_bytecode", || {
            // well-formed bytes, wrong meaning: `Ret r9` in a function with one register
            use cprime_bytecode::isa::{Imm, Rx, Wi};
            use cprime_bytecode::{Insn, Kind};
            let code = vec![Insn::LdI { a: Wi(0), v: Imm(1) }, Insn::Ret { v: Rx(9) }];
            let d = scratch("unverifiable");
            write_one_function_module(&d.join("bad.cpb"), vec![Kind::Int], code)?;
            let r = cprime(&d, &s(&["vm", "bad.cpb"]))?;
            expect_clean_error(&r, "unverifiable module")?;
            check(r.stderr.contains("error: `bad.cpb` is not valid CPrime bytecode:"), || r.stderr.clone())
        }),
        Trial::test("cli::vm_of_a_file_that_verifies_but_breaks_the_interpreters_checks_says_to_rebuild", || {
            // `GetF` of a null reference: the verifier knows the register is a
            // reference, not that it holds a record (docs/bytecode.md)
            use cprime_bytecode::isa::{Rr, Rx, Wx, N};
            use cprime_bytecode::{Insn, Kind};
            let code = vec![Insn::GetF { a: Wx(1), o: Rr(0), i: N(0) }, Insn::Ret { v: Rx(1) }];
            let d = scratch("crafted");
            write_one_function_module(&d.join("crafted.cpb"), vec![Kind::Ref, Kind::Int], code)?;
            let r = cprime(&d, &s(&["vm", "crafted.cpb"]))?;
            check(r.status == 101 && !rust_panic(&r.stderr), || format!("exit {}: {}", r.status, r.stderr))?;
            check(r.stderr.contains("error: internal VM error: "), || r.stderr.clone())?;
            check(r.stderr.contains("help: `crafted.cpb` passed verification but not the interpreter's checks"), || r.stderr.clone())
        }),
        Trial::test("cli::vm_of_source_says_to_run_it", || {
            let d = scratch("vm_of_source");
            let src = hello_source();
            let r = cprime(&d, &[s(&["vm"]), vec![src.display().to_string()]].concat())?;
            check(r.status == 1, || format!("status {}", r.status))?;
            check(r.stderr.contains("is not valid CPrime bytecode"), || r.stderr.clone())?;
            check(r.stderr.contains("help: it looks like source: run it with `cprime run"), || r.stderr.clone())
        }),
        Trial::test("cli::vm_rejects_truncated_bytecode", || {
            let d = scratch("truncated");
            let out = d.join("hello.cpb");
            let src = hello_source();
            let r = cprime(
                &d,
                &[s(&["build", "-o"]), vec![out.display().to_string(), src.display().to_string()]].concat(),
            )?;
            check(r.status == 0, || format!("build failed: {}", r.stderr))?;
            let bytes = std::fs::read(&out).map_err(|e| e.to_string())?;
            // about 60 prefixes, always including the very short ones and the last byte
            let step = (bytes.len() / 60).max(1);
            let mut cuts: Vec<usize> = (0..bytes.len()).step_by(step).collect();
            cuts.extend([1, 5, 6, bytes.len() - 1]);
            for n in cuts {
                std::fs::write(d.join("cut.cpb"), &bytes[..n]).map_err(|e| e.to_string())?;
                let r = cprime(&d, &s(&["vm", "cut.cpb"]))?;
                expect_clean_error(&r, &format!("{n} of {} bytes", bytes.len()))?;
            }
            Ok(())
        }),
        Trial::test("cli::build_then_vm_matches_run", || {
            let d = scratch("roundtrip");
            std::fs::copy(hello_source(), d.join("hello.cp")).map_err(|e| e.to_string())?;
            let r = cprime(&d, &s(&["build", "hello.cp"]))?;
            check(r.status == 0, || format!("build: exit {}: {}", r.status, r.stderr))?;
            check(d.join("hello.cpb").exists(), || "build wrote no hello.cpb beside the source".into())?;
            let ran = cprime(&d, &s(&["run", "hello.cp"]))?;
            let vm = cprime(&d, &s(&["vm", "hello.cpb"]))?;
            check(ran.status == 0 && vm.status == 0 && ran.stdout == vm.stdout, || {
                format!("run gave {} {:?}, vm gave {} {:?}", ran.status, ran.stdout, vm.status, vm.stdout)
            })?;
            let dis = cprime(&d, &s(&["dis", "hello.cpb"]))?;
            check(dis.status == 0 && dis.stdout.contains("entries:"), || format!("dis: {}", dis.stdout))?;
            let dis_src = cprime(&d, &s(&["dis", "hello.cp"]))?;
            check(dis_src.stdout == dis.stdout, || "dis of the source and of its .cpb differ".into())
        }),
        Trial::test("cli::build_to_stdout_writes_the_same_bytecode", || {
            // `-o -` is stdout, not a file named `-`
            let d = scratch("build_stdout");
            std::fs::copy(hello_source(), d.join("hello.cp")).map_err(|e| e.to_string())?;
            let r = cprime(&d, &s(&["build", "hello.cp", "-o", "file.cpb"]))?;
            check(r.status == 0, || format!("build: exit {}: {}", r.status, r.stderr))?;
            let piped = Command::new(BIN).args(["build", "hello.cp", "-o", "-"]).current_dir(&d).stdin(Stdio::null()).output().map_err(|e| e.to_string())?;
            check(piped.status.success(), || String::from_utf8_lossy(&piped.stderr).into_owned())?;
            let file = std::fs::read(d.join("file.cpb")).map_err(|e| e.to_string())?;
            check(piped.stdout == file, || format!("{} bytes on stdout, {} in the file", piped.stdout.len(), file.len()))?;
            check(!d.join("-").exists(), || "wrote a file named `-`".into())
        }),
        Trial::test("cli::build_checks_the_entry", || {
            let d = scratch("build-entry");
            std::fs::copy(hello_source(), d.join("hello.cp")).map_err(|e| e.to_string())?;
            let r = cprime(&d, &s(&["build", "--entry", "nope", "hello.cp"]))?;
            expect_clean_error(&r, "unknown entry")?;
            check(r.stderr.contains("no entry point named `nope`"), || r.stderr.clone())?;
            check(!d.join("hello.cpb").exists(), || "a failed build wrote a file".into())?;
            let r = cprime(&d, &s(&["vm", "--entry", "nope", "hello.cpb"]))?;
            check(r.status == 1, || format!("vm of a missing file: {}", r.status))
        }),
        Trial::test("cli::examples_and_benchmarks_compile", || {
            // examples/ and bench/ are not run here (bench/run times them) but must not rot
            for dir in ["examples", "bench"] {
                let d = Path::new(ROOT).join(dir);
                let mut files: Vec<PathBuf> = std::fs::read_dir(&d)
                    .map_err(|e| e.to_string())?
                    .filter_map(|e| e.ok().map(|e| e.path()))
                    .collect();
                files.retain(|p| p.extension().is_some_and(|e| e == "cp"));
                check(!files.is_empty(), || format!("no .cp files in {dir}/"))?;
                for f in files {
                    let r = cprime(&d, &[s(&["check"]), vec![f.display().to_string()]].concat())?;
                    check(r.status == 0, || format!("{}: exit {}\n{}", f.display(), r.status, r.stderr))?;
                }
            }
            Ok(())
        }),
        Trial::test("cli::opcode_table_matches_docs", opcode_docs),
    ]
}

const BEGIN: &str = "<!-- opcodes:begin -->\n";
const END: &str = "<!-- opcodes:end -->";

/// docs/bytecode.md's opcode table must be what `cprime opcodes` prints, so the doc can't
/// drift from the instruction set; `CPRIME_BLESS=1` regenerates it.
fn opcode_docs() -> Result<(), Failed> {
    let doc_path = Path::new(ROOT).join("docs/bytecode.md");
    let doc = std::fs::read_to_string(&doc_path).map_err(|e| format!("{}: {e}", doc_path.display()))?;
    let r = cprime(Path::new(ROOT), &s(&["opcodes"]))?;
    check(r.status == 0, || format!("cprime opcodes: exit {}", r.status))?;
    let (Some(b), Some(e)) = (doc.find(BEGIN), doc.find(END)) else {
        return Err(format!("docs/bytecode.md lacks the markers {BEGIN:?} and {END:?}").into());
    };
    let start = b + BEGIN.len();
    if doc[start..e] == r.stdout {
        return Ok(());
    }
    if blessing() {
        let new = format!("{}{}{}", &doc[..start], r.stdout, &doc[e..]);
        return std::fs::write(&doc_path, new).map_err(|e| e.to_string().into());
    }
    Err(format!(
        "docs/bytecode.md's opcode table differs from `cprime opcodes`:\n{}run with CPRIME_BLESS=1 to regenerate it",
        diff(&doc[start..e], &r.stdout)
    )
    .into())
}
