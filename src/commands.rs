//! One function per subcommand. Each returns the process exit status; every failure the
//! user can cause ends in an `error: ...` line on stderr and status 1, never a panic.
use std::path::{Path, PathBuf};
use std::time::Duration;

use cprime_bytecode::{disasm, format, Module};
use cprime_compiler::diag::Severity;
use cprime_compiler::Options;
use cprime_tiers::{Tier, TierError};

use crate::entry;
use crate::term::{self, Ctx};
use crate::{Command, CompileFlags};

pub fn dispatch(cmd: Command, ctx: &Ctx) -> i32 {
    // a program's runtime decides its signal dispositions (`run_entry_from`); until it
    // does, a signal waits (blocked), so one sent while the program is compiled or
    // loaded finds the runtime's handling; every other command takes the OS defaults
    if !matches!(cmd, Command::Vm { .. } | Command::Run { .. }) {
        cprime_runtimes::release_signals();
    }
    // an unavailable tier is reported before any work is done
    let tier = match &cmd {
        Command::Vm { run, .. } | Command::Run { run, .. } | Command::Test { run, .. } => Some(run.tier),
        _ => None,
    };
    if let Some(t) = tier.filter(|t| !t.is_available()) {
        ctx.error(&TierError::NotBuilt(t).to_string());
        return 1;
    }
    let result = match cmd {
        Command::Build { file, output, entry, compile } => build(ctx, &file, output, entry.as_deref(), &compile),
        Command::Vm { file, entry, run, args } => vm(ctx, &file, entry.as_deref(), run.tier, args),
        Command::Run { file, entry, compile, run, args } => {
            run_source(ctx, &file, entry.as_deref(), &compile, run.tier, args)
        }
        Command::Dis { file, compile } => dis(ctx, &file, &compile),
        Command::Check { file, compile } => compile_checked(ctx, &file, &compile, true).map(|_| 0),
        Command::Test { path, filter, timeout, compile, run } => {
            test(ctx, path.as_deref().unwrap_or(Path::new(".")), filter.as_deref(), timeout, &compile, run.tier)
        }
        Command::Opcodes => {
            term::print(&disasm::opcode_reference());
            Ok(0)
        }
    };
    result.unwrap_or_else(|code| code)
}

/// `Err(status)`: the error is already reported, exit with `status`.
type Status<T> = Result<T, i32>;

/// Compiles `file`, prints every diagnostic (warnings too) to stderr, and returns the
/// module when there was no error.
fn compile_checked(ctx: &Ctx, file: &Path, flags: &CompileFlags, tests: bool) -> Status<Module> {
    if file.extension().is_some_and(|e| e == "cpb") {
        ctx.error(&format!("`{}` is a bytecode file, not source", file.display()));
        ctx.help(&format!("run it with `cprime vm {}`", file.display()));
        return Err(1);
    }
    let prelude = Some((cprime_stdlib::PRELUDE_NAME.to_string(), cprime_stdlib::PRELUDE.to_string()));
    let opts = Options { features: flags.features.clone(), tests, prelude };
    let out = match cprime_compiler::compile_file(file, &opts) {
        Ok(out) => out,
        Err(e) => {
            ctx.error(&format!("cannot read `{}`: {e}", file.display()));
            return Err(1);
        }
    };
    for d in &out.diagnostics.list {
        let text = d.render(&out.sources, ctx.color);
        term::eprint_raw(&format!("{}\n\n", text.trim_end()));
    }
    let errors = out.diagnostics.list.iter().filter(|d| d.severity == Severity::Error).count();
    if errors > 0 {
        let not_kept = out.diagnostics.errors_not_kept;
        if not_kept > 0 {
            ctx.error(&format!("{not_kept} more error{} not shown", if not_kept == 1 { "" } else { "s" }));
        }
        let errors = errors + not_kept;
        let s = if errors == 1 { "" } else { "s" };
        ctx.error(&format!("could not compile `{}` due to {errors} previous error{s}", file.display()));
        return Err(1);
    }
    match out.module {
        Some(m) => Ok(m),
        None => {
            ctx.error(&format!(
                "internal error, please report: compiling `{}` gave neither bytecode nor an error",
                file.display()
            ));
            Err(101)
        }
    }
}

fn pick_entry(ctx: &Ctx, m: &Module, wanted: Option<&str>) -> Status<usize> {
    entry::select(m, wanted).map_err(|e| {
        e.report(ctx);
        1
    })
}

fn build(ctx: &Ctx, file: &Path, output: Option<PathBuf>, wanted: Option<&str>, flags: &CompileFlags) -> Status<i32> {
    let mut m = compile_checked(ctx, file, flags, false)?;
    if wanted.is_some() {
        // `--entry` at build time: the file keeps only that entry, so `cprime vm` runs it
        let i = pick_entry(ctx, &m, wanted)?;
        let e = m.entries.swap_remove(i);
        m.entries = vec![e];
    }
    let out = output.unwrap_or_else(|| file.with_extension("cpb"));
    if out == Path::new("-") {
        return write_bytecode_to_stdout(ctx, &format::encode(&m));
    }
    // the same file by any name: `./app.cp`, an absolute path, a symbolic or hard link
    if out == file || same_file::is_same_file(&out, file).unwrap_or(false) {
        ctx.error(&format!("refusing to overwrite the source `{}` with bytecode", file.display()));
        ctx.help("choose the output file with `-o OUT`");
        return Err(1);
    }
    if let Err(e) = std::fs::write(&out, format::encode(&m)) {
        ctx.error(&format!("cannot write `{}`: {e}", out.display()));
        return Err(1);
    }
    Ok(0)
}

/// `build -o -`: the bytecode on stdout, for a pipe or a redirection (as `gcc -o -`);
/// never to a terminal, which it would garble.
fn write_bytecode_to_stdout(ctx: &Ctx, bytes: &[u8]) -> Status<i32> {
    use std::io::{IsTerminal, Write};
    let mut out = std::io::stdout().lock();
    if out.is_terminal() {
        ctx.error("refusing to write bytecode to a terminal");
        ctx.help("redirect it (`-o - > app.cpb`, `| ...`), or choose the output file with `-o OUT`");
        return Err(1);
    }
    if let Err(e) = out.write_all(bytes).and_then(|()| out.flush()) {
        ctx.error(&format!("cannot write the bytecode to stdout: {e}"));
        return Err(1);
    }
    Ok(0)
}

fn read_bytes(ctx: &Ctx, file: &Path) -> Status<Vec<u8>> {
    cprime_compiler::read_capped(file).map_err(|e| {
        ctx.error(&format!("cannot read `{}`: {e}", file.display()));
        1
    })
}

fn decode(ctx: &Ctx, file: &Path, bytes: &[u8]) -> Status<Module> {
    format::decode(bytes).map_err(|e| {
        ctx.error(&format!("`{}` is not valid CPrime bytecode: {e}", file.display()));
        // a file another cprime built: the source still compiles
        let other_version = bytes.len() >= 6 && bytes.starts_with(format::MAGIC) && bytes[4..6] != format::VERSION.to_le_bytes();
        if other_version {
            ctx.help("it was built by another version of cprime: rebuild it from its source with `cprime build`");
        } else if !bytes.starts_with(format::MAGIC) && (file.extension().is_some_and(|e| e == "cp") || std::str::from_utf8(bytes).is_ok()) {
            // the other way round from `cprime run app.cpb`: source given to `vm`
            ctx.help(&format!("it looks like source: run it with `cprime run {}`, or build it first with `cprime build`", file.display()));
        }
        1
    })
}

fn vm(ctx: &Ctx, file: &Path, wanted: Option<&str>, tier: Tier, args: Vec<String>) -> Status<i32> {
    let bytes = read_bytes(ctx, file)?;
    let m = decode(ctx, file, &bytes)?;
    let i = pick_entry(ctx, &m, wanted)?;
    let name = file.display().to_string();
    Ok(cprime_runtimes::run_entry_from(m, i, args, tier, Some(&name)))
}

fn run_source(
    ctx: &Ctx,
    file: &Path,
    wanted: Option<&str>,
    flags: &CompileFlags,
    tier: Tier,
    args: Vec<String>,
) -> Status<i32> {
    let m = compile_checked(ctx, file, flags, false)?;
    let i = pick_entry(ctx, &m, wanted)?;
    Ok(cprime_runtimes::run_entry(m, i, args, tier))
}

/// `.cpb` files (by extension or by their magic bytes) are decoded; anything else is
/// compiled as source.
fn dis(ctx: &Ctx, file: &Path, flags: &CompileFlags) -> Status<i32> {
    let bytes = read_bytes(ctx, file)?;
    let is_bytecode = file.extension().is_some_and(|e| e == "cpb") || bytes.starts_with(format::MAGIC);
    let m = if is_bytecode { decode(ctx, file, &bytes)? } else { compile_checked(ctx, file, flags, false)? };
    term::print(&disasm::module(&m));
    Ok(0)
}

/// `cprime test PATH`: PATH is a source file, or a directory whose top-level `.cp` files
/// are tested one after another (subdirectories hold modules, not test roots).
fn test(ctx: &Ctx, path: &Path, filter: Option<&str>, timeout: Option<Duration>, flags: &CompileFlags, tier: Tier) -> Status<i32> {
    let files = if path.is_dir() {
        let mut files: Vec<PathBuf> = match std::fs::read_dir(path) {
            Ok(rd) => rd
                .filter_map(|e| e.ok().map(|e| e.path()))
                // `cprime test` in the current folder shows `a.cp`, not `./a.cp`
                .map(|p| match (path == Path::new("."), p.file_name()) {
                    (true, Some(name)) => PathBuf::from(name),
                    _ => p,
                })
                .filter(|p| p.is_file() && p.extension().is_some_and(|e| e == "cp"))
                .collect(),
            Err(e) => {
                ctx.error(&format!("cannot read `{}`: {e}", path.display()));
                return Err(1);
            }
        };
        if files.is_empty() {
            ctx.error(&format!("no .cp files in `{}`", path.display()));
            return Err(1);
        }
        files.sort();
        files
    } else {
        vec![path.to_path_buf()]
    };
    let several = files.len() > 1;
    let mut status = 0;
    for f in &files {
        if several {
            term::eprint_raw(&format!("     Running {}\n", f.display()));
        }
        match compile_checked(ctx, f, flags, true) {
            Ok(m) => {
                if cprime_runtimes::run_tests(m, filter, tier, timeout) != 0 {
                    status = 1;
                }
            }
            Err(code) => status = status.max(code),
        }
    }
    Ok(status)
}
