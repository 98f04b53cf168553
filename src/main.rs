//! `cprime`: the CPrime toolchain's command line.
//!
//! This binary only parses the command line, picks entry points and reports errors; the
//! work is done by the crates it drives (`cprime-compiler`, `cprime-bytecode`,
//! `cprime-runtimes`, `cprime-tiers`). docs/cli.md describes every command, flag and
//! exit status.
mod commands;
mod entry;
mod term;

use std::io::Write;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};
use cprime_tiers::Tier;

#[derive(Parser, Debug)]
#[command(
    name = "cprime",
    version,
    about = "The CPrime toolchain: compiler, bytecode VM and runtimes",
    after_help = "Exit status: the program's own (its entry's int return value) when it runs; \
                  1 for compile errors, bad input and failing tests; 2 for usage errors; \
                  70 for an unhandled signal; 101 for a panic."
)]
struct Cli {
    /// When to color diagnostics (auto: when stderr is a terminal and NO_COLOR is unset)
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, global = true)]
    color: ColorChoice,
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum ColorChoice {
    Auto,
    Always,
    Never,
}

/// Flags of every command that compiles source.
#[derive(Args, Debug, Clone, Default)]
struct CompileFlags {
    /// Enable a feature for `#[cfg(feature = "F")]` (repeatable, or comma-separated)
    #[arg(long = "feature", value_name = "F", value_delimiter = ',')]
    features: Vec<String>,
}

/// Flags of every command that runs code.
#[derive(Args, Debug, Clone)]
struct RunFlags {
    /// Execution tier: interp, baseline, opt or auto (the last one given wins)
    #[arg(long, value_name = "TIER", default_value = "auto", value_parser = parse_tier, overrides_with = "tier")]
    tier: Tier,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Compile a program to a bytecode file (FILE.cpb beside the source unless -o)
    Build {
        /// The program's root source file
        file: PathBuf,
        /// Where to write the bytecode
        #[arg(short = 'o', long = "output", value_name = "OUT")]
        output: Option<PathBuf>,
        /// Keep only this entry point in the bytecode file (checked at build time)
        #[arg(long, value_name = "NAME")]
        entry: Option<String>,
        #[command(flatten)]
        compile: CompileFlags,
    },
    /// Run a bytecode file
    Vm {
        /// A bytecode file made by `cprime build`
        file: PathBuf,
        /// The entry point to run (default: the only one, or `main`)
        #[arg(long, value_name = "NAME")]
        entry: Option<String>,
        #[command(flatten)]
        run: RunFlags,
        /// Arguments for the program (its `args: &[String]` parameter)
        #[arg(last = true, value_name = "ARGS")]
        args: Vec<String>,
    },
    /// Compile a program in memory and run it
    Run {
        /// The program's root source file
        file: PathBuf,
        /// The entry point to run (default: the only one, or `main`)
        #[arg(long, value_name = "NAME")]
        entry: Option<String>,
        #[command(flatten)]
        compile: CompileFlags,
        #[command(flatten)]
        run: RunFlags,
        /// Arguments for the program (its `args: &[String]` parameter)
        #[arg(last = true, value_name = "ARGS")]
        args: Vec<String>,
    },
    /// Disassemble a bytecode file, or the bytecode a source file compiles to
    Dis {
        /// A .cpb file, or a .cp source file
        file: PathBuf,
        #[command(flatten)]
        compile: CompileFlags,
    },
    /// Check a program for errors without running it
    Check {
        /// The program's root source file
        file: PathBuf,
        #[command(flatten)]
        compile: CompileFlags,
    },
    /// Run #[test] functions and print a report
    Test {
        /// A .cp file, or a directory whose .cp files are each tested (default: .)
        path: Option<PathBuf>,
        /// Run only tests whose name contains this text
        #[arg(long, value_name = "TEXT")]
        filter: Option<String>,
        /// End the run when one test takes longer than this (`30s`, `500ms`, `2m`); none by default
        #[arg(long, value_name = "DURATION", value_parser = parse_timeout)]
        timeout: Option<std::time::Duration>,
        #[command(flatten)]
        compile: CompileFlags,
        #[command(flatten)]
        run: RunFlags,
    },
    /// Print the opcode reference table (docs/bytecode.md is generated from it)
    #[command(hide = true)]
    Opcodes,
}

/// A positive duration with its unit, as `go test -timeout` takes it.
fn parse_timeout(s: &str) -> Result<std::time::Duration, String> {
    match humantime::parse_duration(s) {
        Ok(d) if d.is_zero() => Err("the timeout must be more than zero".to_string()),
        Ok(d) => Ok(d),
        Err(e) => Err(format!("{e} (write a number with its unit: `30s`, `500ms`, `2m`)")),
    }
}

fn parse_tier(s: &str) -> Result<Tier, String> {
    s.parse::<Tier>().map_err(|e| e.to_string())
}

/// Stack size of the thread that runs the toolchain: generous, so deeply nested source
/// or deep recursion in a pass is an error message rather than a stack overflow.
const STACK_SIZE: usize = 256 * 1024 * 1024;

/// The system's allocator with a reserve given back when memory runs out, so a program
/// exhausting the machine gets an `OOM` signal rather than an abort
/// (`cprime_runtimes::reserve`).
#[global_allocator]
static ALLOC: cprime_runtimes::reserve::ReserveAlloc = cprime_runtimes::reserve::ReserveAlloc::new();

fn main() {
    // first of all: a signal sent as the process starts waits for the disposition that
    // applies (`run_on_big_stack`)
    let blocked = cprime_runtimes::block_signals_in_this_thread();
    cprime_runtimes::reserve::one_arena_under_address_limit();
    ALLOC.take_reserve();
    let _ = cprime_vm::memory::REFILL.set(|| ALLOC.take_reserve());
    std::panic::set_hook(Box::new(|info| {
        // the system refusing what a thread or the compiler's arena needs is not a bug
        if let Some(what) = refused_by_the_system(info) {
            let _ = writeln!(std::io::stderr(), "error: {what}");
            std::process::exit(1);
        }
        // A panic is a bug in cprime, never the user's fault: say so and exit like rustc.
        let _ = writeln!(std::io::stderr(), "error: internal error, please report: {info}");
        std::process::exit(101);
    }));
    // clap exits 2 on usage errors and 0 after --help / --version
    let cli = Cli::parse();
    let code = run_on_big_stack(blocked, move || {
        let ctx = term::Ctx::new(match cli.color {
            ColorChoice::Always => term::Color::Always,
            ColorChoice::Never => term::Color::Never,
            ColorChoice::Auto => term::Color::Auto,
        });
        commands::dispatch(cli.command, &ctx)
    });
    std::process::exit(code);
}

/// What a panic that is the system refusing memory or a thread says, in words, if it
/// is one: the standard library panics when a new thread cannot get its signal stack
/// (under `ulimit -v`), and the compiler's arena (bumpalo) when it cannot grow. Such a
/// run ends with an error, as one that cannot start its threads does, not with a
/// request to report a bug.
fn refused_by_the_system(info: &std::panic::PanicHookInfo<'_>) -> Option<String> {
    let msg = info.payload().downcast_ref::<String>().map(String::as_str).or_else(|| info.payload().downcast_ref::<&str>().copied())?;
    if msg.starts_with("failed to allocate an alternative stack") || msg.starts_with("failed to spawn thread") {
        return Some(format!("cannot start a thread: {msg}"));
    }
    let in_arena = info.location().is_some_and(|l| l.file().contains("bumpalo"));
    (in_arena && msg == "out of memory").then(|| String::from("out of memory: the system refused the compiler's memory"))
}

/// Runs `f` on a thread with a [`STACK_SIZE`] stack and returns its result.
///
/// The main thread then only waits, with every signal blocked, so OS signals (`kill`,
/// Ctrl-C) are delivered to the thread running the program, exactly as if it were the
/// main thread: default actions, `signal(..)` handlers and, later, `sigwait` threads all
/// see a single-threaded program.
fn run_on_big_stack(blocked: cprime_runtimes::BlockedSignals, f: impl FnOnce() -> i32 + Send + 'static) -> i32 {
    let worker = std::thread::Builder::new().name("cprime".into()).stack_size(STACK_SIZE).spawn(move || {
        // released by the command (`commands::dispatch`), or for a program by its
        // runtime, once it knows which dispositions apply
        blocked.hold();
        f()
    });
    match worker {
        Ok(handle) => {
            // a panic in the worker exits the process from the panic hook; Err is unreachable
            handle.join().unwrap_or(101)
        }
        Err(e) => {
            let _ = writeln!(std::io::stderr(), "error: cannot start a thread: {e}");
            1
        }
    }
}

#[cfg(test)]
mod tests {
    /// The prelude is compiled with every program, so it must compile cleanly on its own.
    #[test]
    fn prelude_compiles_without_diagnostics() {
        let opts = cprime_compiler::Options { features: vec![], tests: true, prelude: None };
        let out = cprime_compiler::compile_source(cprime_stdlib::PRELUDE_NAME, cprime_stdlib::PRELUDE, &opts);
        let shown: Vec<String> = out.diagnostics.list.iter().map(|d| d.render(&out.sources, false)).collect();
        assert!(shown.is_empty(), "{}", shown.join("\n"));
        assert!(out.module.is_some());
    }
}
