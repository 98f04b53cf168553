//! Staged start-up: an entry point whose runtime arguments include stages runs through
//! two generated functions.
//!
//! - `NAME::{stages}`: runs each stage's `init` in order (direct calls), trying its
//!   `catch { .. }` alternatives when one raises, then calls the entry body (the plain
//!   function, unchanged, so an entry without stages costs nothing) and finally
//!   `NAME::{cleanup}`. A signal that escapes (from a stage with no alternative left, or
//!   from the body) runs `{cleanup}` before it goes on to end the program. During the
//!   coroutine runtime's graceful shutdown neither runs it: the scheduler does, once
//!   every coroutine has finished (so what the cleanup spawns is not cancelled).
//! - `NAME::{cleanup}`: cleans up the stages whose init completed, in reverse order.
//!   The runtime also calls it when the program calls `exit(n)` (the entry's `cleanup`).
//!
//! What each stage completed lives in two globals per stage (the stage object and which
//! alternative it is), so `{cleanup}` needs no arguments and runs at most once per stage.
//!
//! A stage is a struct: `init`/`cleanup` are its static functions, their parameters
//! bound by name to the literal's fields; or a three-class `class` whose
//! `constructed_by` functional class provides `construct` (its result is the stage) and
//! `destruct`.
use cprime_bytecode::isa::*;
use cprime_bytecode::module::{Global, GlobalInit, Handler, Kind};
use cprime_bytecode::natives::Native;

use super::{FnCx, Unit, V};
use crate::items::kind_of;
use crate::ast::{Block, Expr, ExprKind, Span, StageSpec, StmtKind};
use crate::diag::Diagnostic;
use crate::items::{Def, TyKey};
use crate::types::{Ty, INT};

/// An entry point with stages, as `collect_entries` found it.
pub struct StagedEntry<'a> {
    pub name: String,
    pub body: u32,
    pub scope: u32,
    pub file: u32,
    pub takes_args: bool,
    pub stages: Vec<&'a StageSpec<'a>>,
    /// Runtime parameters (`.heap_size = 4_MB`), already checked against the runtime.
    pub params: Vec<(&'a str, &'a crate::ast::Expr<'a>)>,
    /// A runtime written in CPrime (`= GameEngineRuntime { frame_rate: 60 }`): its
    /// struct, and the literal's path and fields.
    pub user_runtime: Option<(u32, &'a crate::ast::Path<'a>, &'a [crate::ast::FieldInit<'a>])>,
    pub span: Span,
}

/// Runtime parameters every built-in runtime accepts, and the native each one sets
/// (`default(.heap_size = N)` is `heap_stage{.size = N}`).
pub const RUNTIME_PARAMS: &[(&str, Native)] = &[("heap_size", Native::SetHeapLimit), ("stack_size", Native::SetStackLimit)];

/// How a completed stage is cleaned up.
#[derive(Clone, Copy)]
enum Teardown {
    /// `S::cleanup(fields by name)` of struct `S`.
    Cleanup { func: u32, sid: u32 },
    /// `Ops::destruct(object)` of a class.
    Destruct { func: u32 },
    Nothing,
}

/// One stage slot: its globals and, per alternative, how to tear it down.
struct Slot {
    name: String,
    object: u32,
    alt: u32,
    teardowns: Vec<Teardown>,
}

/// Builds `{stages}` and `{cleanup}` for `e`; returns their function ids.
pub fn lower_staged_entry<'a>(u: &mut Unit<'a>, e: &StagedEntry<'a>) -> (u32, u32) {
    let wrapper = u.reserve_fn();
    let cleanup = u.reserve_fn();
    let mut slots = Vec::new();
    for (k, s) in e.stages.iter().enumerate() {
        let object = add_global(u, format!("{}::stage{k}", e.name), Kind::Ref);
        let alt = add_global(u, format!("{}::stage{k}.alt", e.name), Kind::Int);
        slots.push(Slot { name: stage_name(s), object, alt, teardowns: Vec::new() });
    }
    // a user runtime: its object, and whether its init completed (so cleanup runs once)
    let runtime_slot = e.user_runtime.map(|(sid, _, _)| {
        let object = add_global(u, format!("{}::runtime", e.name), Kind::Ref);
        let alt = add_global(u, format!("{}::runtime.ready", e.name), Kind::Int);
        (sid, Slot { name: u.prog.structs[sid as usize].name.clone(), object, alt, teardowns: Vec::new() })
    });
    let f = {
        let mut cx = FnCx::new(u, e.scope, e.file, format!("{}::{{stages}}", e.name));
        cx.except = None;
        cx.set_line(e.span);
        cx.push_scope();
        let body_ret = cx.u.prog.fns[e.body as usize].ret.clone();
        cx.ret = body_ret.clone();
        let args = e.takes_args.then(|| V { reg: cx.new_reg(Ty::Vec(Box::new(Ty::Str))), ty: Ty::Vec(Box::new(Ty::Str)) });
        let start = cx.pc();
        // a user runtime's init and setup_signals come first: the stages run under it
        if let (Some((path, fields)), Some((sid, slot))) = (e.user_runtime.map(|(_, p, f)| (p, f)), &runtime_slot) {
            let obj = cx.struct_lit(path, fields, None, path.span);
            cx.emit(Insn::GSet { g: Glb(slot.object), v: Rx(obj.reg) });
            for m in ["init", "setup_signals"] {
                if let Some(&f) = cx.u.prog.methods.get(&(TyKey::Struct(*sid), m.to_string())) {
                    call_with_fields(&mut cx, f, &obj, *sid, path.span);
                }
            }
            let one = cx.new_val(INT);
            cx.emit(Insn::LdI { a: Wi(one.reg), v: Imm(1) });
            cx.emit(Insn::GSet { g: Glb(slot.alt), v: Rx(one.reg) });
        }
        // runtime parameters next: they set the limits the stages run under
        for (name, value) in &e.params {
            if let Some(&(_, native)) = RUNTIME_PARAMS.iter().find(|(p, _)| p == name) {
                let v = cx.expr_expect(value, &INT);
                cx.call_native(native, &[v], Ty::Unit);
            }
        }
        for (k, spec) in e.stages.iter().enumerate() {
            cx.set_line(spec.span);
            let teardowns = run_stage(&mut cx, spec, &slots[k], cleanup);
            slots[k].teardowns = teardowns;
        }
        cx.set_line(e.span);
        let vals: Vec<V> = args.iter().cloned().collect();
        let w = cx.args_window(&vals);
        let out = cx.result_reg(&body_ret);
        cx.emit(Insn::Call { a: Wx(out.reg), f: Fun(e.body), w: Win(w), n: N(vals.len() as u16) });
        // during the coroutine runtime's graceful shutdown (the body caught it, or
        // returned meanwhile) the scheduler cleans up, once every coroutine has finished;
        // otherwise the native marks the entry as cleaning up before its safepoint, so a
        // shutdown that begins there cannot cancel it and lose its status
        let shutting_down = cx.call_native(Native::ShuttingDown, &[], Ty::Bool);
        let skip = cx.emit(Insn::JmpIf { c: Ri(shutting_down.reg), t: Tgt(u32::MAX) });
        call_cleanup(&mut cx, cleanup);
        cx.patch_here(skip);
        match kind_of(&body_ret) {
            _ if matches!(body_ret, Ty::Unit | Ty::Never) => cx.emit(Insn::Ret0 {}),
            _ => cx.emit(Insn::Ret { v: Rx(out.reg) }),
        };
        // anything that escapes: clean up, then let it end the program
        let end = cx.pc();
        let sig = cx.new_reg(Ty::AnySignal);
        let pad = cx.pc();
        // (asked first: with no shutdown under way, the entry is marked as cleaning up
        // before any safepoint, so a shutdown beginning now does not cancel it and lose
        // the signal; `ShuttingDown`)
        let shutting_down = cx.call_native(Native::ShuttingDown, &[], Ty::Bool);
        let skip = cx.emit(Insn::JmpIfNot { c: Ri(shutting_down.reg), t: Tgt(u32::MAX) });
        pass_on_shutdown(&mut cx, sig, Native::SigIsCancel);
        cx.patch_here(skip);
        call_cleanup(&mut cx, cleanup);
        cx.emit(Insn::Raise { s: Rr(sig) });
        cx.handlers.push(Handler { start: start as u32, end: end as u32, target: pad as u32, reg: sig, signals: Vec::new() });
        let params = if e.takes_args { vec![Kind::Ref] } else { Vec::new() };
        let ret = if matches!(body_ret, Ty::Unit | Ty::Never) { None } else { Some(kind_of(&body_ret)) };
        cx.finish(params, ret, e.span)
    };
    u.funcs[wrapper as usize] = Some(f);
    let runtime = runtime_slot.map(|(sid, mut slot)| {
        let cleanup = u.prog.methods.get(&(TyKey::Struct(sid), "cleanup".to_string())).copied();
        slot.teardowns = vec![cleanup.map_or(Teardown::Nothing, |func| Teardown::Cleanup { func, sid })];
        slot
    });
    let f = lower_cleanup(u, e, &slots, runtime.as_ref());
    u.funcs[cleanup as usize] = Some(f);
    (wrapper, cleanup)
}

fn add_global(u: &mut Unit, name: String, kind: Kind) -> u32 {
    let init = if kind == Kind::Ref { GlobalInit::Null } else { GlobalInit::Int(0) };
    u.prog.module.globals.push(Global { name, kind, init });
    u.prog.module.globals.len() as u32 - 1
}

/// The stage's name as written (`logging_stage`), for messages.
fn stage_name(s: &StageSpec) -> String {
    match &s.expr.kind {
        crate::ast::ExprKind::StructLit { path, .. } => path.last().to_string(),
        crate::ast::ExprKind::Path(p) => p.last().to_string(),
        _ => "stage".to_string(),
    }
}

fn call_cleanup(cx: &mut FnCx, cleanup: u32) {
    let u = cx.unit();
    let w = cx.args_window(&[]);
    cx.emit(Insn::Call { a: Wx(u.reg), f: Fun(cleanup), w: Win(w), n: N(0) });
}

/// Emits one stage with its alternatives; returns each alternative's teardown.
fn run_stage<'a>(cx: &mut FnCx<'_, 'a>, spec: &'a StageSpec<'a>, slot: &Slot, cleanup: u32) -> Vec<Teardown> {
    let mut teardowns = Vec::new();
    let mut done = Vec::new();
    let mut last_sig = None;
    let alternatives = 1 + spec.catches.len();
    for j in 0..alternatives {
        let start = cx.pc();
        let v = if j == 0 { cx.expr(spec.expr, None) } else { block_stage(cx, spec.catches[j - 1]) };
        let teardown = match cx.inf.shallow(&v.ty) {
            // a `catch { exit(1); }` alternative: nothing to set up or tear down
            Ty::Never | Ty::Error => Teardown::Nothing,
            Ty::Struct(sid) => {
                let literal = if j == 0 { Some(spec.expr) } else { block_tail(spec.catches[j - 1]) };
                check_limit_literal(cx, sid, literal);
                init_stage(cx, v, sid, slot, j, spec.span)
            }
            t => {
                let shown = cx.show(&t);
                cx.diag(
                    Diagnostic::error(if j == 0 { spec.expr.span } else { spec.catches[j - 1].span }, format!("a stage must be a struct, found `{shown}`"))
                        .help("write a stage literal such as `logging_stage{\"app.log\"}` or `my_stage{.n = 1}`"),
                );
                Teardown::Nothing
            }
        };
        teardowns.push(teardown);
        done.push(cx.jump());
        let end = cx.pc();
        let sig = cx.new_reg(Ty::AnySignal);
        cx.handlers.push(Handler { start: start as u32, end: end as u32, target: end as u32, reg: sig, signals: Vec::new() });
        pass_on_shutdown(cx, sig, Native::InitCancelled);
        last_sig = Some(sig);
    }
    // every alternative raised: the last signal decides
    let sig = last_sig.unwrap_or(0);
    let sname = cx.call_native(Native::SigName, &[V { reg: sig, ty: Ty::AnySignal }], Ty::Str);
    if spec.optional {
        let text = concat(cx, &format!("warning: optional stage `{}` failed with signal ", slot.name), sname, "; skipped\n");
        cx.call_native(Native::Eprint, &[text], Ty::Unit);
    } else {
        let text = concat(cx, &format!("error: stage `{}` failed with signal ", slot.name), sname, "\n");
        cx.call_native(Native::Eprint, &[text], Ty::Unit);
        call_cleanup(cx, cleanup);
        cx.emit(Insn::Raise { s: Rr(sig) });
    }
    for d in done {
        cx.patch_here(d);
    }
    teardowns
}

/// The coroutine runtime's graceful shutdown cancelling the entry is not a failure of
/// the stage init or body it reaches: no alternative is tried, nothing is printed, and
/// the stages are not cleaned up here. The signal goes on to end the entry quietly; the
/// scheduler runs `{cleanup}` (the entry's exit hook) once every coroutine has
/// finished, so what the cleanup itself spawns and waits for is not cancelled.
/// `check` asks whether `sig` is the cancel: `InitCancelled` after a stage init, where
/// a signal of the init's own that the shutdown came during the cleanup of counts too;
/// `SigIsCancel` after the body, where such a signal stays the failure it is.
fn pass_on_shutdown(cx: &mut FnCx, sig: u16, check: Native) {
    let cancel = cx.call_native(check, &[V { reg: sig, ty: Ty::AnySignal }], Ty::Bool);
    let skip = cx.emit(Insn::JmpIfNot { c: Ri(cancel.reg), t: Tgt(u32::MAX) });
    cx.emit(Insn::Raise { s: Rr(sig) });
    cx.patch_here(skip);
}

/// `head ++ mid ++ tail` as a string value.
fn concat(cx: &mut FnCx, head: &str, mid: V, tail: &str) -> V {
    let h = cx.load_str(head);
    let t = cx.load_str(tail);
    let a = cx.new_val(Ty::Str);
    cx.emit(Insn::StrCat { a: Wr(a.reg), b: Rr(h.reg), c: Rr(mid.reg) });
    let b = cx.new_val(Ty::Str);
    cx.emit(Insn::StrCat { a: Wr(b.reg), b: Rr(a.reg), c: Rr(t.reg) });
    b
}

/// A `catch { .. }` alternative: a block whose value is a stage, or that diverges.
fn block_stage<'a>(cx: &mut FnCx<'_, 'a>, b: &'a Block<'a>) -> V {
    cx.push_scope();
    let v = cx.block_value(b, None);
    cx.scopes.pop();
    v
}

/// The expression a block ends with (its value), if any.
fn block_tail<'a>(b: &'a Block<'a>) -> Option<&'a Expr<'a>> {
    match b.stmts.last()?.kind {
        StmtKind::Expr { expr, semi: false } => Some(expr),
        _ => None,
    }
}

/// The prelude's limit stages take a size that must be positive, as their runtime
/// parameters (`.heap_size`) do: `heap::set_limit(0)` means no limit, so a literal
/// `heap_stage{.size = 0}` can only be a mistake.
fn check_limit_literal(cx: &mut FnCx, sid: u32, literal: Option<&Expr>) {
    let Some(Expr { kind: ExprKind::StructLit { fields, .. }, span, .. }) = literal else { return };
    let name = cx.u.prog.structs[sid as usize].name.clone();
    let init = cx.u.prog.methods.get(&(TyKey::Struct(sid), "init".to_string())).copied();
    if !(matches!(name.as_str(), "heap_stage" | "stack_stage") && init.is_some_and(|f| cx.u.prog.is_prelude_fn(f))) {
        return;
    }
    // (left out, the size would be 0: no limit either)
    if fields.is_empty() {
        cx.diag(
            Diagnostic::error(*span, format!("`{name}` needs a `.size`"))
                .label("without one it would set no limit")
                .help(format!("write `{name}{{.size = 64_MB}}`, or leave `{name}` out for no limit")),
        );
    }
    for f in fields.iter().filter(|f| f.name.is_none_or(|n| n.name == "size")) {
        if f.value.is_non_positive_literal() {
            cx.diag(
                Diagnostic::error(f.value.span, format!("`{name}`'s `.size` must be positive"))
                    .label("a limit of zero or less")
                    .help(format!("leave `{name}` out for no limit")),
            );
        }
    }
}

/// Calls the stage's init (or its class's `construct`) and records it as completed.
fn init_stage(cx: &mut FnCx, v: V, sid: u32, slot: &Slot, alt: usize, span: Span) -> Teardown {
    let info = &cx.u.prog.structs[sid as usize];
    let sname = info.name.clone();
    let ops = info.constructed_by.clone();
    let (object, teardown) = match ops.and_then(|o| match cx.lookup_def(&o) {
        Some(Def::Struct(ops)) => Some(ops),
        _ => None,
    }) {
        Some(ops) => {
            let method = |cx: &FnCx, m: &str| cx.u.prog.methods.get(&(TyKey::Struct(ops), m.to_string())).copied();
            let Some(construct) = method(cx, "construct") else {
                cx.err(span, format!("stage class `{sname}` has no `construct` in its functional class"));
                return Teardown::Nothing;
            };
            let obj = call_with_fields(cx, construct, &v, sid, span);
            let teardown = method(cx, "destruct").map_or(Teardown::Nothing, |func| Teardown::Destruct { func });
            (obj, teardown)
        }
        None => {
            let method = |cx: &FnCx, m: &str| cx.u.prog.methods.get(&(TyKey::Struct(sid), m.to_string())).copied();
            let Some(init) = method(cx, "init") else {
                cx.diag(
                    Diagnostic::error(span, format!("`{sname}` is not a stage: it has no `init`"))
                        .help(format!("give it `static void init(..) {{ .. }}` inside `struct {sname} {{ .. }}`")),
                );
                return Teardown::Nothing;
            };
            call_with_fields(cx, init, &v, sid, span);
            let teardown = method(cx, "cleanup").map_or(Teardown::Nothing, |func| Teardown::Cleanup { func, sid });
            (v, teardown)
        }
    };
    cx.emit(Insn::GSet { g: Glb(slot.object), v: Rx(object.reg) });
    let n = cx.new_val(INT);
    cx.emit(Insn::LdI { a: Wi(n.reg), v: Imm(alt as i64 + 1) });
    cx.emit(Insn::GSet { g: Glb(slot.alt), v: Rx(n.reg) });
    teardown
}

/// Calls `func` with the fields of stage record `v` (a `sid` struct) bound to its
/// parameters by name.
fn call_with_fields(cx: &mut FnCx, func: u32, v: &V, sid: u32, span: Span) -> V {
    let params = cx.u.prog.fns[func as usize].params.clone();
    let fields = cx.u.prog.structs[sid as usize].fields.clone();
    let fname = cx.u.prog.fns[func as usize].name.clone();
    let mut args = Vec::new();
    for (p, pty) in &params {
        match fields.iter().position(|(f, _)| f == p) {
            Some(i) => {
                let a = cx.new_val(pty.clone());
                cx.emit(Insn::GetF { a: Wx(a.reg), o: Rr(v.reg), i: N(i as u16) });
                args.push(a);
            }
            None => {
                let names: Vec<&str> = fields.iter().map(|(f, _)| f.as_str()).collect();
                cx.diag(
                    Diagnostic::error(span, format!("parameter `{p}` of `{fname}` matches no field of the stage"))
                        .help(format!("a stage's fields bind to its functions' parameters by name; fields: {}", names.join(", "))),
                );
                args.push(V { reg: cx.never().reg, ty: pty.clone() });
            }
        }
    }
    let ret = cx.u.prog.fns[func as usize].ret.clone();
    let w = cx.args_window(&args);
    let out = cx.result_reg(&ret);
    cx.emit(Insn::Call { a: Wx(out.reg), f: Fun(func), w: Win(w), n: N(args.len() as u16) });
    out
}

/// `{cleanup}`: for each stage, last first, the teardown of the alternative that
/// completed; each slot is cleared before its teardown runs, so nothing runs twice.
fn lower_cleanup(u: &mut Unit, e: &StagedEntry, slots: &[Slot], runtime: Option<&Slot>) -> cprime_bytecode::Function {
    let mut cx = FnCx::new(u, e.scope, e.file, format!("{}::{{cleanup}}", e.name));
    cx.except = None;
    cx.set_line(e.span);
    // the entry is on its way out: on the coroutine runtime, a shutdown or an `exit(n)`
    // elsewhere leaves this to finish (`Core::cleanup_begins`)
    cx.call_native(Native::CleanupBegins, &[], Ty::Unit);
    // the stages, last first, then the runtime they ran under
    for slot in slots.iter().rev().chain(runtime) {
        if slot.teardowns.iter().all(|t| matches!(t, Teardown::Nothing)) {
            continue;
        }
        let alt = cx.new_val(INT);
        cx.emit(Insn::GGet { a: Wx(alt.reg), g: Glb(slot.alt) });
        let zero = cx.new_val(INT);
        cx.emit(Insn::LdI { a: Wi(zero.reg), v: Imm(0) });
        cx.emit(Insn::GSet { g: Glb(slot.alt), v: Rx(zero.reg) });
        for (j, t) in slot.teardowns.iter().enumerate() {
            if matches!(t, Teardown::Nothing) {
                continue;
            }
            let skip = cx.emit(Insn::JneIK { b: Ri(alt.reg), v: Imm(j as i64 + 1), t: Tgt(u32::MAX) });
            let obj = cx.new_val(Ty::Str);
            cx.emit(Insn::GGet { a: Wx(obj.reg), g: Glb(slot.object) });
            match *t {
                Teardown::Cleanup { func, sid } => {
                    let obj = V { reg: obj.reg, ty: Ty::Struct(sid) };
                    call_with_fields(&mut cx, func, &obj, sid, e.span);
                }
                Teardown::Destruct { func } => {
                    let w = cx.args_window(&[obj]);
                    let out = cx.unit();
                    cx.emit(Insn::Call { a: Wx(out.reg), f: Fun(func), w: Win(w), n: N(1) });
                }
                Teardown::Nothing => {}
            }
            cx.patch_here(skip);
        }
    }
    cx.emit(Insn::Ret0 {});
    cx.finish(Vec::new(), None, e.span)
}
