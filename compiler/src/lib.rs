//! The CPrime front end: source text to a bytecode `Module`.
//!
//! Passes, in order: `lexer` -> `parser` (arena AST, `ast`) -> `items` (every item's
//! name, fields and signature, across modules) -> `lower` (type checking and lowering to
//! typed register bytecode, one function at a time). Every pass reports into
//! `diag::Diagnostics` and keeps going where it can, so one run shows several errors.
pub mod ast;
pub mod consts;
pub mod diag;
pub mod items;
pub mod lexer;
pub mod lower;
pub mod parser;
pub mod prune;
mod scheduler_stages;
pub mod types;

use std::path::{Path, PathBuf};

use cprime_bytecode::{Entry, GlobalInit, Kind, Module, StageDecl, TestCase};

use ast::{ExprKind, ItemKind, RuntimeArg, Span};
use diag::{Diagnostic, Diagnostics, SourceMap};
use items::{attrs_enabled, Def, ParsedModule, Program};
use types::Ty;

/// What the caller wants compiled.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// Enabled `#[cfg(feature = "..")]` features.
    pub features: Vec<String>,
    /// Compile `#[test]` functions into the module's test table.
    pub tests: bool,
    /// Library source (name, text) compiled with the program, its items visible in every
    /// module unless shadowed: the standard prelude. Only what the program uses of it is
    /// kept in the module.
    pub prelude: Option<(String, String)>,
}

/// The result of a compilation: the sources (for rendering diagnostics), the
/// diagnostics, and the module when there were no errors.
pub struct Output {
    pub sources: SourceMap,
    pub diagnostics: Diagnostics,
    pub module: Option<Module>,
}


/// The largest file the toolchain reads (a source or a bytecode file): more is not a
/// program, and a device like `/dev/zero` would otherwise be read until memory ends.
pub const MAX_FILE: u64 = 256 << 20;

/// The bytes of the file at `path`, at most [`MAX_FILE`] of them (more is an error).
pub fn read_capped(path: &Path) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let mut bytes = Vec::new();
    std::fs::File::open(path)?.take(MAX_FILE + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > MAX_FILE {
        return Err(std::io::Error::other("the file is larger than 256 MiB"));
    }
    Ok(bytes)
}

/// The text of the file at `path` (`read_capped`, and UTF-8 as `read_to_string` wants).
pub fn read_source(path: &Path) -> std::io::Result<String> {
    String::from_utf8(read_capped(path)?).map_err(|_| std::io::Error::new(std::io::ErrorKind::InvalidData, "stream did not contain valid UTF-8"))
}

/// Compiles the file at `path` and the modules it loads. Fails only if `path` itself
/// cannot be read.
pub fn compile_file(path: &Path, opts: &Options) -> std::io::Result<Output> {
    let text = read_source(path)?;
    let name = path.to_string_lossy().to_string();
    Ok(compile_with(name, text, path.parent().map(Path::to_path_buf), opts))
}

/// Compiles a program given as text (no `mod name;` files are loaded from disk).
pub fn compile_source(name: &str, text: &str, opts: &Options) -> Output {
    compile_with(name.to_string(), text.to_string(), None, opts)
}

/// A file of the program: (index of the file that loads it, module name, source file
/// id, directory for its own `mod` files).
type ModFile = (Option<usize>, Option<String>, u32, Option<PathBuf>);

fn compile_with(name: String, text: String, dir: Option<PathBuf>, opts: &Options) -> Output {
    let mut sources = SourceMap::default();
    let mut diags = Diagnostics::default();
    // files referred to by `mod name;` are loaded first so the source map is complete
    // before anything borrows it
    let mut parsed: Vec<ModFile> = Vec::new();
    // the prelude is the root's parent scope: its names resolve everywhere, and the
    // program's own items shadow them
    let prelude = opts.prelude.as_ref().map(|(pname, ptext)| sources.add(pname.clone(), ptext.clone()));
    if let Some(p) = prelude {
        parsed.push((None, None, p, None));
    }
    // each file's canonical path, so that a module loading one of the files that
    // (indirectly) load it is an error, not a loop
    let mut canonical: Vec<Option<PathBuf>> = parsed.iter().map(|_| None).collect();
    canonical.push(std::fs::canonicalize(&name).ok());
    let root = sources.add(name, text);
    parsed.push((prelude.map(|_| 0), None, root, dir.clone()));
    let arena = bumpalo::Bump::new();
    let mut next_id = 0u32;
    let mut files_ast = Vec::new();
    let mut i = 0;
    while i < parsed.len() {
        let (_, _, file, ref fdir) = parsed[i];
        let fdir = fdir.clone();
        let f = {
            let sm = &sources;
            parser::parse_file(&arena, sm, file, &mut next_id, &mut diags)
        };
        for item in f.items {
            if let ItemKind::Mod { name, items: None } = item.kind {
                if !attrs_enabled(item.attrs, &opts.features) {
                    continue;
                }
                let Some(d) = &fdir else {
                    diags.push(Diagnostic::error(item.span, format!("cannot load module `{}`: the program has no directory", name.name)));
                    continue;
                };
                // `name.cp` beside the file, else `STEM/name.cp` (as Rust's `foo/a.rs`)
                let mut p = d.join(format!("{}.cp", name.name));
                if !p.exists() {
                    let stem = Path::new(&sources.files[file as usize].name).file_stem().map(|s| s.to_os_string());
                    if let Some(stem) = stem {
                        let alt = d.join(stem).join(format!("{}.cp", name.name));
                        if alt.exists() {
                            p = alt;
                        }
                    }
                }
                let canon = std::fs::canonicalize(&p).ok();
                let mut loader = Some(i);
                let cycle = canon.is_some()
                    && core::iter::from_fn(|| {
                        let at = loader?;
                        loader = parsed[at].0;
                        Some(at)
                    })
                    .any(|at| canonical[at] == canon);
                if cycle {
                    diags.push(
                        Diagnostic::error(item.span, format!("module `{}` forms a cycle: {} is this file or one that loads it", name.name, p.display()))
                            .label("a cycle of `mod` declarations"),
                    );
                    continue;
                }
                match read_source(&p) {
                    Ok(text) => {
                        let fid = sources.add(p.to_string_lossy().to_string(), text);
                        let pdir = p.parent().map(Path::to_path_buf);
                        parsed.push((Some(i), Some(name.name.to_string()), fid, pdir));
                        canonical.push(canon);
                    }
                    Err(e) => {
                        let d = Diagnostic::error(item.span, format!("cannot load module `{}`: {}: {e}", name.name, p.display()));
                        diags.push(match e.kind() {
                            std::io::ErrorKind::NotFound => d.help(format!("create `{}.cp` next to this file", name.name)),
                            _ => d,
                        });
                    }
                }
            }
        }
        files_ast.push(f);
        i += 1;
    }
    // Syntax errors end the compilation (as Go's compiler does): what the parser had to
    // skip would surface again as names "not found" and types that do not fit
    if diags.has_errors() {
        drop(files_ast);
        return Output { sources, diagnostics: diags, module: None };
    }
    let sources_ref: &SourceMap = &sources;
    let mut prog = Program::new();
    prog.module.files = sources_ref.files.iter().map(|f| f.name.clone()).collect();
    // declare every module: file modules, then inline `mod x { .. }` blocks
    let mut scopes_of_file: Vec<u32> = Vec::new();
    let mut modules: Vec<(u32, &[ast::Item])> = Vec::new();
    for (idx, f) in files_ast.iter().enumerate() {
        let (parent_file, ref mname, file, _) = parsed[idx];
        let parent = parent_file.map(|p| scopes_of_file[p]);
        let mut pending = Vec::new();
        let pm = ParsedModule { scope_parent: parent, name: mname.clone(), file, items: f.items };
        let scope = prog.declare(&pm, &opts.features, &mut diags, &mut pending);
        scopes_of_file.push(scope);
        modules.push((scope, f.items));
        if let (Some(p), Some(n)) = (parent, mname) {
            prog.scopes[p as usize].names.insert(n.clone(), Def::Mod(scope));
        }
        declare_inline_mods(&mut prog, scope, file, pending, &opts.features, &mut diags, &mut modules);
    }
    prog.prelude_scope = prelude.map(|_| scopes_of_file[0]);
    prog.resolve_uses(&mut diags);
    prog.define_items(&modules, &opts.features, sources_ref, &mut diags);
    define_globals(&mut prog, &modules, &opts.features, &mut diags);
    // every constant's declaration is checked, used or not (as Rust does)
    for c in 0..prog.consts.len() as u32 {
        for d in consts::check(&prog, c).1 {
            diags.push(d);
        }
    }
    let mut unit = lower::Unit {
        prog,
        funcs: Vec::new(),
        strings: Default::default(),
        tuple_layouts: Default::default(),
        shapes: Vec::new(),
        spawn_trampolines: Default::default(),
        diags,
        sm: sources_ref,
    };
    let (mut entries, staged) = collect_entries(&mut unit, opts);
    lower::lower_program(&mut unit);
    // a `#[test]` entry with stages is tested through them: (body, wrapper)
    let mut wrappers = Vec::new();
    for (i, e) in staged {
        let (wrapper, cleanup) = lower::stages::lower_staged_entry(&mut unit, &e);
        entries[i].func = wrapper;
        entries[i].cleanup = Some(cleanup);
        wrappers.push((e.body, wrapper));
    }
    unit.record_shapes();
    let mut module = std::mem::take(&mut unit.prog.module);
    module.functions = unit.funcs.into_iter().map(|f| f.unwrap_or_else(empty_function)).collect();
    module.entries = entries;
    if opts.tests {
        module.tests = unit
            .prog
            .fns
            .iter()
            .enumerate()
            .filter(|(_, f)| f.is_test)
            .map(|(i, f)| {
                let func = wrappers.iter().find(|(body, _)| *body == i as u32).map_or(i as u32, |(_, w)| *w);
                TestCase { name: f.name.clone(), func }
            })
            .collect();
    }
    if let Some(p) = prelude {
        prune::drop_unused(&mut module, p);
    }
    let diagnostics = unit.diags;
    drop(files_ast);
    let module = if diagnostics.has_errors() { None } else { Some(module) };
    Output { sources, diagnostics, module }
}

fn empty_function() -> cprime_bytecode::Function {
    cprime_bytecode::Function {
        name: "?".into(),
        file: 0,
        params: Vec::new(),
        captures: Vec::new(),
        ret: None,
        regs: Vec::new(),
        code: vec![cprime_bytecode::Insn::Ret0 {}],
        handlers: Vec::new(),
        lines: Vec::new(),
        except: cprime_bytecode::Except::Any,
    }
}

fn declare_inline_mods<'a>(
    prog: &mut Program<'a>,
    parent: u32,
    file: u32,
    pending: Vec<(u32, &'a ast::Item<'a>)>,
    features: &[String],
    diags: &mut Diagnostics,
    modules: &mut Vec<(u32, &'a [ast::Item<'a>])>,
) {
    for (_, item) in pending {
        if let ItemKind::Mod { name, items: Some(items) } = item.kind {
            let mut more = Vec::new();
            let pm = ParsedModule { scope_parent: Some(parent), name: Some(name.name.to_string()), file, items };
            let scope = prog.declare(&pm, features, diags, &mut more);
            prog.scopes[parent as usize].names.insert(name.name.to_string(), Def::Mod(scope));
            modules.push((scope, items));
            declare_inline_mods(prog, scope, file, more, features, diags, modules);
        }
    }
}

/// `static` items: kind from the declared or initializer type, value folded at compile time.
fn define_globals<'a>(prog: &mut Program<'a>, modules: &[(u32, &'a [ast::Item<'a>])], features: &[String], diags: &mut Diagnostics) {
    let mut statics = Vec::new();
    for &(scope, items) in modules {
        let mut list: Vec<&ast::Item> = items.iter().collect();
        let mut i = 0;
        while i < list.len() {
            if let ItemKind::Fn(f) = list[i].kind {
                if let Some(b) = f.body {
                    for s in b.stmts {
                        if let ast::StmtKind::Item(it) = s.kind {
                            list.push(it);
                        }
                    }
                }
            }
            i += 1;
        }
        for it in list {
            if let ItemKind::Static { name, ty, value, mutable } = it.kind {
                if attrs_enabled(it.attrs, features) {
                    statics.push((scope, name, ty, value));
                    // an immutable static's initializer serves other constants too
                    if let Some(Def::Global(g)) = prog.scopes[scope as usize].names.get(name.name).copied() {
                        prog.static_inits.insert(g, (scope, value, mutable));
                    }
                }
            }
        }
    }
    for (scope, name, ty, value) in statics {
        let Some(Def::Global(g)) = prog.scopes[scope as usize].names.get(name.name).copied() else { continue };
        let mut declared = ty.map(|t| prog.resolve_type(scope, &t, diags));
        let v = consts::eval(prog, scope, value, 0);
        let (kind, init) = match (v, &declared) {
            // an int initializes any integer type; a bool, char or Duration only its own
            (Ok(consts::ConstVal::Int(v, t)), None) => {
                declared = Some(t);
                (Kind::Int, GlobalInit::Int(v))
            }
            (Ok(consts::ConstVal::Int(v, Ty::Int(_))), Some(Ty::Int(it))) => {
                let (v, misfit) = consts::at_declared_type(prog, scope, value, v, *it);
                if let Some(d) = misfit {
                    diags.push(d);
                }
                (Kind::Int, GlobalInit::Int(v))
            }
            (Ok(consts::ConstVal::Int(v, t)), Some(d @ (Ty::Bool | Ty::Char | Ty::Duration))) if t == *d => (Kind::Int, GlobalInit::Int(v)),
            (Ok(consts::ConstVal::Int(v, _)), Some(Ty::Float)) => (Kind::Float, GlobalInit::Float(v as f64)),
            (Ok(consts::ConstVal::Float(f)), None | Some(Ty::Float)) => (Kind::Float, GlobalInit::Float(f)),
            (Ok(consts::ConstVal::Str(s)), None | Some(Ty::Str)) => {
                prog.module.consts.push(cprime_bytecode::Const::Str(s));
                (Kind::Ref, GlobalInit::Str(prog.module.consts.len() as u32 - 1))
            }
            (Ok(v), Some(want)) => {
                let found = match v {
                    consts::ConstVal::Int(_, t) => t,
                    consts::ConstVal::Float(_) => Ty::Float,
                    consts::ConstVal::Str(_) => Ty::Str,
                };
                let infer = types::Infer::default();
                let label = format!("expected `{}`, found `{}`", infer.show(want, prog), infer.show(&found, prog));
                diags.push(Diagnostic::error(value.span, format!("mismatched types in the initializer of `{}`", name.name)).label(label));
                prog.global_tys.insert(g, declared.unwrap_or(Ty::Error));
                continue;
            }
            (Err(msg), _) => {
                match consts::suffix_misfit(prog, scope, value) {
                    Some(d) => diags.push(d),
                    None => diags.push(Diagnostic::error(value.span, format!("a static's initializer must be a constant: {msg}")).label("not constant")),
                }
                prog.global_tys.insert(g, Ty::Error);
                continue;
            }
        };
        let ty = declared.unwrap_or(match kind {
            Kind::Int => types::INT,
            Kind::Float => Ty::Float,
            Kind::Ref => Ty::Str,
        });
        prog.global_tys.insert(g, ty);
        let gl = &mut prog.module.globals[g as usize];
        gl.kind = kind;
        gl.init = init;
    }
}

/// The entry table: every function written `SIGNATURE = RUNTIME BLOCK`.
/// The entry table, and the entries with stages (index into the table, what to build).
fn collect_entries<'a>(u: &mut lower::Unit<'a>, opts: &Options) -> (Vec<Entry>, Vec<(usize, lower::stages::StagedEntry<'a>)>) {
    let mut out = Vec::new();
    let mut staged = Vec::new();
    for i in 0..u.prog.fns.len() {
        let f = &u.prog.fns[i];
        if !f.is_entry || f.self_ty.is_some() {
            continue;
        }
        let Some(spec) = f.decl.entry else { continue };
        let decl = f.decl;
        let name = f.name.clone();
        let scope = f.scope;
        let params = f.params.clone();
        let runtime_segs: Vec<&str> = spec.runtime.segs.iter().map(|s| s.name).collect();
        let runtime = runtime_segs.join("::");
        let last = spec.runtime.last();
        let user_runtime = match u.prog.lookup_path(scope, &runtime_segs) {
            Some(Def::Struct(s)) => Some(s),
            _ => None,
        };
        let known = user_runtime.is_some() || cprime_bytecode::runtimes::runtime(last).is_some();
        if !known {
            u.diags.push(
                Diagnostic::error(spec.runtime.span, format!("unknown runtime `{runtime}`"))
                    .label("not a runtime")
                    .help(format!(
                        "built-in runtimes: {}; or declare `struct {runtime} {{ .. }}` and `impl Runtime for {runtime}`",
                        cprime_bytecode::runtimes::RUNTIMES.iter().map(|r| r.name).collect::<Vec<_>>().join(", ")
                    )),
            );
        }
        let mut rparams = Vec::new();
        let mut stages = Vec::new();
        let mut specs = Vec::new();
        let mut run_params = Vec::new();
        for a in spec.args.unwrap_or(&[]) {
            match a {
                RuntimeArg::Param { name, value } => {
                    if rparams.iter().any(|(p, _)| p == name.name) {
                        u.diags.push(
                            Diagnostic::error(name.span, format!("runtime parameter `.{}` is given twice", name.name))
                                .label("given again here")
                                .help("give each parameter once"),
                        );
                        continue;
                    }
                    rparams.push((name.name.to_string(), text_of(u.sm, value.span)));
                    // the plain runtimes take the same parameters; the coroutine runtime
                    // also its scheduler's (read by the runtime when it starts)
                    let coroutines = cprime_bytecode::runtimes::runtime(last).is_some_and(|r| r.has_coroutines);
                    let checked = coroutines || matches!(last, "default" | "debug_runtime" | "production_runtime" | "test_runtime");
                    let known = lower::stages::RUNTIME_PARAMS.iter().any(|(p, _)| *p == name.name);
                    let scheduler = coroutines && scheduler_stages::is_scheduler_param(name.name);
                    if known {
                        // a limit of 0 or less would mean none at run time (`SetHeapLimit`):
                        // written as a literal, it is a mistake
                        if value.is_non_positive_literal() {
                            u.diags.push_follow_on(
                                Diagnostic::error(value.span, format!("`.{}` must be positive", name.name))
                                    .label("a limit of zero or less")
                                    .help("leave the parameter out for no limit"),
                            );
                        }
                        run_params.push((name.name, *value));
                    } else if scheduler {
                        if let Err(d) = scheduler_stages::setting(name.name, name.name, value) {
                            u.diags.push_follow_on(d);
                        }
                    } else if checked {
                        let mut valid: Vec<String> = lower::stages::RUNTIME_PARAMS.iter().map(|(p, _)| format!(".{p}")).collect();
                        if coroutines {
                            valid.extend(cprime_bytecode::runtimes::SCHEDULER_PARAMS.iter().map(|(p, _)| format!(".{p}")));
                        }
                        u.diags.push(
                            Diagnostic::error(name.span, format!("runtime `{runtime}` has no parameter `.{}`", name.name))
                                .label("unknown parameter")
                                .help(format!("valid parameters: {}", valid.join(", "))),
                        );
                    }
                }
                RuntimeArg::Stage(s) => {
                    if !attrs_enabled(s.attrs, &opts.features) {
                        continue;
                    }
                    let sname = match &s.expr.kind {
                        ExprKind::StructLit { path, .. } => path.last().to_string(),
                        ExprKind::Path(p) => p.last().to_string(),
                        _ => "?".to_string(),
                    };
                    // the coroutine scheduler's own stages configure it: runtime parameters
                    let coroutines = cprime_bytecode::runtimes::runtime(last).is_some_and(|r| r.has_coroutines);
                    let fields = match &s.expr.kind {
                        ExprKind::StructLit { fields, .. } => *fields,
                        _ => &[],
                    };
                    match scheduler_stages::params(&sname, fields) {
                        Some(Ok(ps)) if coroutines => {
                            // read by the runtime before anything runs: it cannot fail
                            if s.optional || !s.catches.is_empty() {
                                let what = if s.optional { "be `optional`" } else { "have a `catch` alternative" };
                                let at = s.catches.first().filter(|_| !s.optional).map_or(s.span, |b| b.span);
                                u.diags.push(
                                    Diagnostic::error(at, format!("`{sname}` cannot {what}"))
                                        .label("the scheduler reads it before the program starts; it cannot fail")
                                        .help(format!("remove the {}", if s.optional { "`optional`" } else { "`catch { .. }`" })),
                                );
                            }
                            for (p, v) in ps {
                                if rparams.iter().any(|(q, _)| *q == p) {
                                    u.diags.push(
                                        Diagnostic::error(s.span, format!("runtime parameter `.{p}` is given twice"))
                                            .label(format!("`{sname}` sets `.{p}` again"))
                                            .help("give each parameter once"),
                                    );
                                } else {
                                    rparams.push((p, v));
                                }
                            }
                            continue;
                        }
                        Some(Err(d)) if coroutines => {
                            u.diags.push_follow_on(d);
                            continue;
                        }
                        _ => {}
                    }
                    stages.push(StageDecl { name: sname, text: text_of(u.sm, s.span) });
                    specs.push(*s);
                }
            }
        }
        for fi in spec.fields.unwrap_or(&[]) {
            if let Some(n) = fi.name {
                rparams.push((n.name.to_string(), text_of(u.sm, fi.value.span)));
            }
        }
        // the runtime makes the exit status of what the entry returns: an `int` or nothing
        let ret = u.prog.fns[i].ret.clone();
        if !matches!(ret, Ty::Unit | Ty::Never | Ty::Int(_) | Ty::Error) {
            let shown = types::Infer::default().show(&ret, &u.prog);
            u.diags.push(
                Diagnostic::error(decl.ret.map_or(decl.name.span, |t| t.span), format!("entry point `{name}` returns `{shown}`"))
                    .label("an entry point returns its exit status or nothing")
                    .help("return `int` (the exit status) or nothing; print the value instead"),
            );
        }
        let takes_args = match params.as_slice() {
            [] => false,
            [(_, Ty::Vec(e))] if **e == Ty::Str => true,
            _ => {
                u.diags.push(
                    Diagnostic::error(decl.name.span, format!("entry point `{name}` has unsupported parameters"))
                        .label("entry parameters are given by the runtime")
                        .help("an entry point takes no parameters or `args: &[String]` (the program arguments after `--`)"),
                );
                false
            }
        };
        let user_runtime = user_runtime.map(|s| (s, &spec.runtime, spec.fields.unwrap_or(&[])));
        if !specs.is_empty() || !run_params.is_empty() || user_runtime.is_some() {
            let file = u.prog.fns[i].file;
            staged.push((
                out.len(),
                lower::stages::StagedEntry {
                    name: name.clone(),
                    body: i as u32,
                    scope,
                    file,
                    takes_args,
                    stages: specs,
                    params: run_params,
                    user_runtime,
                    span: decl.span,
                },
            ));
        }
        let user_coroutines = user_runtime.is_some_and(|(sid, _, _)| u.prog.declares_coroutines(sid));
        out.push(Entry { name, func: i as u32, runtime, params: rparams, stages, takes_args, cleanup: None, user_coroutines });
    }
    (out, staged)
}

fn text_of(sm: &SourceMap, span: Span) -> String {
    sm.files
        .get(span.file as usize)
        .and_then(|f| f.text.get(span.lo as usize..span.hi as usize))
        .unwrap_or("")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn compile(src: &str) -> Output {
        compile_source("t.cp", src, &Options::default())
    }

    fn errors(src: &str) -> Vec<String> {
        compile(src).diagnostics.list.iter().map(|d| d.message.clone()).collect()
    }

    #[test]
    fn hello_compiles_to_an_entry() {
        let out = compile("fn main() = default { println!(\"hi\"); }");
        let m = out.module.expect("compiles");
        assert_eq!(m.entries.len(), 1);
        assert_eq!(m.entries[0].runtime, "default");
    }

    #[test]
    fn missing_question_mark_is_an_error() {
        let e = errors("signal B; fn r() except(B) -> int { raise(B); } fn main() = default { let x = catch(B) { r() } recover { 0 }; }");
        assert!(e.iter().any(|m| m.contains("not marked with `?`")), "{e:?}");
    }

    #[test]
    fn escaping_signal_names_signal_and_function() {
        let e = errors("signal LEAK; fn helper() -> int { raise(LEAK); } fn main() = default { helper(); }");
        assert!(e.iter().any(|m| m.contains("LEAK") && m.contains("helper")), "{e:?}");
    }

    #[test]
    fn zero_overhead_entry() {
        // an entry point without stages compiles to the same code as the plain function
        let a = compile("int app() = default { return 1 + 2; }").module.unwrap();
        let b = compile("int app() { return 1 + 2; }").module.unwrap();
        assert_eq!(a.functions[0].code, b.functions[0].code);
    }

    /// How many `NewCell` instructions `src` compiles to, over all functions.
    fn cells(src: &str) -> usize {
        let m = compile(src).module.expect("compiles");
        m.functions.iter().flat_map(|f| f.code.iter()).filter(|i| matches!(i, cprime_bytecode::isa::Insn::NewCell { .. })).count()
    }

    #[test]
    fn immutable_variables_are_captured_by_value_and_mutable_ones_in_cells() {
        // a string, a vector, a channel end: the closure holds the reference itself
        assert_eq!(cells("fn main() = default { let s = \"a\".to_string(); let v = vec![1]; let f = || format!(\"{} {:?}\", s, v); println!(\"{}\", f()); }"), 0);
        // and through a closure inside a closure
        assert_eq!(cells("fn main() = default { let s = \"a\".to_string(); let f = || { let g = || s.len(); g() }; println!(\"{}\", f()); }"), 0);
        // a number as it is (the closure function's capture kinds say so)
        let m = compile("fn main() = default { let n = 1; let x = 0.5; let f = || x * n as float; println!(\"{}\", f()); }").module.unwrap();
        assert!(m.functions.iter().all(|f| !f.code.iter().any(|i| matches!(i, cprime_bytecode::isa::Insn::NewCell { .. }))));
        assert!(m.functions.iter().any(|f| f.captures == [Kind::Int, Kind::Float] || f.captures == [Kind::Float, Kind::Int]));
        // a mutable variable can change: in a cell, whatever its kind
        assert_eq!(cells("fn main() = default { let mut n = 1; let f = || n + 1; n = 2; println!(\"{}\", f()); }"), 1);
        assert_eq!(cells("fn main() = default { let mut s = \"a\".to_string(); let f = || s.len(); s = \"bc\".to_string(); println!(\"{}\", f()); }"), 1);
    }

    const TOKENS: &[&str] = &[
        "fn", "main", "(", ")", "=", "default", "{", "}", "let", "x", ":", "int", ";", "1", "+", "\"s\"", "if", "else",
        "while", "for", "in", "..", "match", "=>", "_", ",", "catch", "recover", "raise", "signal", "S", "except", "|",
        "?", ".", "len", "struct", "P", "enum", "E", "impl", "trait", "T", "&", "mut", "return", "loop", "break",
        "vec!", "[", "]", "println!", "current_signal", "defer", "static", "const", "->", "Vec", "<", ">", "Option",
        "Some", "None", "1.5", "'c'", "true", "class", "functional", "use", "mod", "::", "self", "!", "*", "/", "%",
    ];

    proptest! {
        #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]
        #[test]
        fn front_end_never_panics_on_token_soup(idx in proptest::collection::vec(0..TOKENS.len(), 0..60)) {
            let src: Vec<&str> = idx.iter().map(|&i| TOKENS[i]).collect();
            let _ = compile(&src.join(" "));
        }

        #[test]
        fn front_end_never_panics_inside_main(idx in proptest::collection::vec(0..TOKENS.len(), 0..40)) {
            let body: Vec<&str> = idx.iter().map(|&i| TOKENS[i]).collect();
            let src = format!("signal S {{ n: int }} struct P {{ a: int }} enum E {{ A, B(int) }} fn f(v: int) except(S) -> int {{ v }} fn main() = default {{ let x = 1; let v = vec![1]; {} }}", body.join(" "));
            let _ = compile(&src);
        }

        #[test]
        fn front_end_never_panics_on_arbitrary_text(s in "\\PC*") {
            let _ = compile(&s);
        }
    }
}
