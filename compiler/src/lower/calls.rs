//! Calls: user functions, associated functions, variant constructors, the standard
//! library's free functions, closures (creation and calls), and the `?` marking rule.
use cprime_bytecode::builtins;
use cprime_bytecode::isa::*;
use cprime_bytecode::natives::Native;
use cprime_bytecode::{Except, Function, Kind};

use super::{closure_names, FnCx, Loc, V};
use crate::ast::*;
use crate::diag::{counted, given, Diagnostic};
use crate::items::{kind_of, Def, TyKey};
use crate::types::{Ty, INT};

impl<'u, 'a> FnCx<'u, 'a> {
    /// A call under `?`, evaluated once: its value, and whether the `?` is used up (the
    /// call is to a function declaring `except(..)`, whose signals it propagates, or
    /// its value is no `Option` or `Result`); `false`: the caller applies `?` to the
    /// value (returning early on `None` / `Err`). (Asking "not consumed" by evaluating
    /// the call again ran it twice: `g()?` printed twice, `a.take()?` saw `None`.)
    pub fn call_marked(&mut self, x: &'a Expr<'a>) -> (V, bool) {
        let saved = self.marked;
        self.marked = true;
        let v = self.expr(x, None);
        let consumed = !self.marked;
        self.marked = saved;
        if consumed {
            return (v, true);
        }
        let t = self.inf.shallow(&v.ty);
        let applies = matches!(t, Ty::Result(..) | Ty::Option(_));
        (v, !applies)
    }

    /// Applies the static rule for calls to functions that declare `except(..)`.
    fn check_call_signals(&mut self, f: u32, span: Span) {
        let except = self.u.prog.fns[f as usize].except.clone();
        if except.is_empty() {
            return;
        }
        let name = self.u.prog.fns[f as usize].name.clone();
        if self.marked {
            self.marked = false;
            for s in except {
                self.check_escape(span, s, "propagates");
            }
        } else {
            let names: Vec<String> = except.iter().map(|l| self.u.prog.module.layouts[*l as usize].name.clone()).collect();
            self.diag(
                Diagnostic::error(span, format!("call to `{name}` may raise {} and is not marked with `?`", names.join(" | ")))
                    .label("signals can propagate from this call")
                    .help(format!("write `{name}(..)?` to let the signal propagate, and handle it with `catch({}) {{ .. }} recover {{ .. }}` or declare it in `except(..)`", names.join(" | "))),
            );
        }
    }

    /// Calls user function `f` with already computed arguments.
    pub fn call_fn(&mut self, f: u32, args: Vec<V>, span: Span) -> V {
        self.check_call_signals(f, span);
        let ret = self.u.prog.fns[f as usize].ret.clone();
        let w = self.args_window(&args);
        let out = self.result_reg(&ret);
        self.emit(Insn::Call { a: Wx(out.reg), f: Fun(f), w: Win(w), n: N(args.len() as u16) });
        out
    }

    /// Compiles arguments against a function's parameter types (skipping `skip` leading ones).
    /// A `&mut v[a..b]` argument is noted in `wbs`, for `write_back` after the call.
    pub(super) fn args_for(&mut self, f: u32, skip: usize, args: &'a [&'a Expr<'a>], span: Span, wbs: &mut Vec<super::slices::WriteBack>) -> Vec<V> {
        let params: Vec<Ty> = self.u.prog.fns[f as usize].params.iter().skip(skip).map(|p| p.1.clone()).collect();
        if params.len() != args.len() {
            let name = self.u.prog.fns[f as usize].name.clone();
            self.diag(
                Diagnostic::error(span, format!("`{name}` takes {} but {}", counted(params.len(), "argument"), given(args.len())))
                    .label("wrong number of arguments"),
            );
        }
        let mut vals = Vec::new();
        for (i, a) in args.iter().enumerate() {
            match params.get(i) {
                Some(t) => vals.push(self.arg_expect(a, t, wbs)),
                None => {
                    self.expr(a, None);
                }
            }
        }
        while vals.len() < params.len() {
            let t = params[vals.len()].clone();
            vals.push(V { reg: self.never().reg, ty: t });
        }
        vals
    }

    pub fn call(&mut self, f: &'a Expr<'a>, args: &'a [&'a Expr<'a>], span: Span, expect: Option<&Ty>) -> V {
        let ExprKind::Path(path) = &f.kind else {
            let c = self.expr(f, None);
            return self.call_closure(c, args, span);
        };
        let segs: Vec<&str> = path.segs.iter().map(|s| s.name).collect();
        if path.is_single() {
            if let Some(var) = self.lookup_var(segs[0]).or_else(|| self.capture(segs[0])) {
                let c = self.read_loc(var.loc, var.ty);
                return self.call_closure(c, args, span);
            }
        }
        let def = self.lookup_path(&segs);
        match def {
            Some(Def::Fn(id)) => {
                let mut wbs = Vec::new();
                let vals = self.args_for(id, 0, args, span, &mut wbs);
                let out = self.call_fn(id, vals, span);
                self.write_back(wbs);
                return out;
            }
            Some(Def::Variant(e, v)) => {
                let var = &self.u.prog.enums[e as usize].variants[v as usize];
                let (layout, fields) = (var.layout, var.fields.clone());
                if fields.len() != args.len() {
                    let name = var.name.clone();
                    self.err(span, format!("variant `{name}` has {} but {}", counted(fields.len(), "field"), given(args.len())));
                }
                let vals: Vec<V> = args.iter().zip(fields.iter()).map(|(a, (_, t))| self.expr_expect(a, t)).collect();
                if vals.len() != fields.len() {
                    return V { reg: self.never().reg, ty: Ty::Enum(e) };
                }
                return self.new_record_fixed(layout, &vals, Ty::Enum(e));
            }
            Some(Def::Struct(sid)) if self.u.prog.structs[sid as usize].decl.is_some_and(|d| d.tuple) => {
                // `Pair(1, "one")`: a tuple struct's constructor
                let info = &self.u.prog.structs[sid as usize];
                let (layout, fields, name) = (info.layout, info.fields.clone(), info.name.clone());
                if fields.len() != args.len() {
                    self.err(span, format!("tuple struct `{name}` has {} but {}", counted(fields.len(), "field"), given(args.len())));
                    for a in args {
                        self.expr(a, None);
                    }
                    return V { reg: self.never().reg, ty: Ty::Struct(sid) };
                }
                let vals: Vec<V> = args.iter().zip(fields.iter()).map(|(a, (_, t))| self.expr_expect(a, t)).collect();
                return self.new_record_fixed(layout, &vals, Ty::Struct(sid));
            }
            Some(Def::Signal(_)) => {
                self.err(span, format!("signals are built with `{} {{ field: value }}`, not called", segs.join("::")));
                return V { reg: self.never().reg, ty: Ty::Error };
            }
            _ => {}
        }
        // `Type::function` and `Self::function`
        if segs.len() >= 2 {
            let (head, name) = (&segs[..segs.len() - 1], segs[segs.len() - 1]);
            let key = if head == ["Self"] {
                self.self_ty.as_ref().and_then(TyKey::of)
            } else {
                match self.lookup_path(head) {
                    Some(Def::Struct(s)) => Some(TyKey::Struct(s)),
                    Some(Def::Enum(e)) => Some(TyKey::Enum(e)),
                    _ => None,
                }
            };
            if let Some(key) = key {
                if let Some(&id) = self.u.prog.methods.get(&(key, name.to_string())) {
                    let mut wbs = Vec::new();
                    let vals = self.args_for(id, 0, args, span, &mut wbs);
                    let out = self.call_fn(id, vals, span);
                    self.write_back(wbs);
                    return out;
                }
                let tn = match key {
                    TyKey::Struct(s) => self.u.prog.structs[s as usize].name.clone(),
                    TyKey::Enum(e) => self.u.prog.enums[e as usize].name.clone(),
                };
                self.diag(Diagnostic::error(path.span, format!("no function `{name}` on type `{tn}`")).label("not found"));
                return V { reg: self.never().reg, ty: Ty::Error };
            }
        }
        if let Some(v) = self.builtin_call(&segs, path, args, span, expect) {
            return v;
        }
        let name = segs.join("::");
        self.diag(Diagnostic::error(path.span, format!("cannot find function `{name}` in this scope")).label("not found in this scope"));
        for a in args {
            self.expr(a, None);
        }
        V { reg: self.never().reg, ty: Ty::Error }
    }

    /// Calls a closure value.
    pub fn call_closure(&mut self, c: V, args: &'a [&'a Expr<'a>], span: Span) -> V {
        let (params, ret) = match self.inf.shallow(&c.ty) {
            Ty::Fn(p, r) => (p, *r),
            Ty::Error => {
                for a in args {
                    self.expr(a, None);
                }
                return V { reg: c.reg, ty: Ty::Error };
            }
            t => {
                let s = self.show(&t);
                self.err(span, format!("expected a function, found `{s}`"));
                return V { reg: c.reg, ty: Ty::Error };
            }
        };
        if params.len() != args.len() {
            self.err(span, format!("this closure takes {} but {}", counted(params.len(), "argument"), given(args.len())));
        }
        let mut vals = vec![c.clone()];
        let mut wbs = Vec::new();
        for (a, t) in args.iter().zip(params.iter()) {
            vals.push(self.arg_expect(a, t, &mut wbs));
        }
        let w = self.args_window(&vals);
        let out = self.result_reg(&ret);
        self.emit(Insn::CallClo { a: Wx(out.reg), w: Win(w), n: N(vals.len() as u16 - 1) });
        self.write_back(wbs);
        out
    }

    /// Calls a closure value with computed arguments (used by `map`, `filter`, ...).
    pub fn call_closure_vals(&mut self, c: &V, args: Vec<V>, ret: Ty) -> V {
        let mut vals = vec![c.clone()];
        vals.extend(args);
        let w = self.args_window(&vals);
        let out = self.result_reg(&ret);
        self.emit(Insn::CallClo { a: Wx(out.reg), w: Win(w), n: N(vals.len() as u16 - 1) });
        out
    }

    /// `|a, b| body`: a function of its own, with the closure as parameter 0 and the
    /// variables it uses from here passed as cells.
    pub fn closure(&mut self, params: &'a [ClosureParam<'a>], ret: Option<&Type<'a>>, body: &'a Expr<'a>, moves: bool, span: Span, expect: Option<&Ty>) -> V {
        let (exp_params, exp_ret) = match expect.map(|t| self.inf.resolve(t)) {
            Some(Ty::Fn(p, r)) if p.len() == params.len() => (Some(p), Some(*r)),
            _ => (None, None),
        };
        let mut ptys = Vec::new();
        for (i, p) in params.iter().enumerate() {
            let t = match (&p.ty, &exp_params) {
                (Some(t), _) => self.resolve_type(t),
                (None, Some(ep)) => ep[i].clone(),
                (None, None) => {
                    self.diag(
                        Diagnostic::error(p.pat.span, "type annotations needed for this closure parameter")
                            .help("write the type: `|x: int| ..`"),
                    );
                    Ty::Error
                }
            };
            ptys.push(self.resolve(&t));
        }
        let ret_ty = match (ret, &exp_ret) {
            (Some(t), _) => Some(self.resolve_type(t)),
            (None, Some(r)) if !matches!(r, Ty::Var(_)) => Some(r.clone()),
            _ => None,
        };
        // the variables the closure sees: this function's scopes (and its enclosing
        // functions'), lent to the closure while it compiles
        let lent = self.outer.len();
        let mut outer = std::mem::take(&mut self.outer);
        outer.append(&mut self.scopes);
        let fid = self.u.reserve_fn();
        let name = format!("{}::{{closure}}", self.name);
        let (scope, file, self_ty) = (self.scope, self.file, self.self_ty.clone());
        let line_span = span;
        let (func, captures, ret_solved, pending) = {
            let mut child = FnCx::new(&mut *self.u, scope, file, name);
            // one inference table for a function and its closures: captured variables'
            // types (and the parameter types expected here) may hold variables still
            // unsolved, which the closure's body can solve (`let v = Vec::new();
            // let f = || v.push(1);`); the table comes back below
            child.inf = std::mem::take(&mut self.inf);
            child.self_ty = self_ty;
            child.except = None;
            child.outer = outer;
            let ret_var = ret_ty.clone().unwrap_or_else(|| child.inf.fresh());
            child.ret = ret_var.clone();
            child.set_line(line_span);
            if let ExprKind::Block(b) | ExprKind::Unsafe(b) | ExprKind::Async(b) = &body.kind {
                closure_names(b, &mut child.boxed);
            }
            child.push_scope();
            let fn_ty = Ty::Fn(ptys.clone(), Box::new(ret_var.clone()));
            child.new_reg(fn_ty);
            let mut kinds = vec![Kind::Ref];
            let regs: Vec<u16> = ptys.iter().map(|t| child.new_reg(t.clone())).collect();
            for (p, (t, r)) in params.iter().zip(ptys.iter().zip(regs)) {
                kinds.push(kind_of(t));
                child.bind_param(p.pat, t.clone(), r);
            }
            // `|s| async { .. }` returns its `async` block (a closure without parameters)
            // unrun, as Rust's does: calling it does not run the block, `.await` does
            let v = match &body.kind {
                ExprKind::Async(b) if params.is_empty() && line_span == body.span => child.block_value(b, Some(&ret_var)),
                _ => child.expr(body, Some(&ret_var)),
            };
            // unify the body's type first: an expression body is what decides the return kind
            if !matches!(v.ty, Ty::Never) {
                child.expect_ty(body.span, &ret_var, &v.ty);
            }
            let resolved_ret = child.inf.resolve(&ret_var);
            let ret_kind = if matches!(resolved_ret, Ty::Unit | Ty::Never | Ty::Var(_)) { None } else { Some(kind_of(&resolved_ret)) };
            if !matches!(v.ty, Ty::Never) {
                match ret_kind {
                    Some(_) => child.emit(Insn::Ret { v: Rx(v.reg) }),
                    None => child.emit(Insn::Ret0 {}),
                };
            }
            child.scopes.pop();
            let captures = child.captures.clone();
            let solved = child.inf.resolve(&ret_var);
            // kinds the closure fixes while types are unknown: this function checks them
            // once it knows more (`check_unsolved`)
            let mut pending = child.check_unsolved();
            pending.extend(child.kind_guesses().into_iter().map(|t| (span, t)));
            self.scopes = child.outer.split_off(lent);
            self.outer = std::mem::take(&mut child.outer);
            let (f, inf) = child.finish_giving_back(kinds, ret_kind, span);
            self.inf = inf;
            (f, captures, solved, pending)
        };
        self.u.funcs[fid as usize] = Some(func);
        self.unsolved.extend(pending);
        // pass the captured variables' cells (their values, for those captured by value)
        let mut cells = Vec::new();
        for (cname, cty, _, direct) in &captures {
            let var = self.scopes.iter().rev().flat_map(|s| s.vars.iter().rev()).find(|v| v.name == cname.as_str()).cloned();
            let var = match var {
                Some(v) => Some(v),
                None => {
                    let n: &'a str = self.outer_var(cname).map(|v| v.name).unwrap_or("");
                    if n.is_empty() { None } else { self.capture(n) }
                }
            };
            let Some(var) = var else { continue };
            if *direct {
                let v = self.read_loc(var.loc, var.ty.clone());
                cells.push(v);
                continue;
            }
            // (a `move` closure takes a copy of a shared variable, as Rust's copies it:
            // what either side assigns later, the other does not see)
            let cell = match self.cell_of(var.loc).filter(|_| !moves) {
                Some(c) => c,
                None => {
                    // not shared (not found by the pre-pass), or moved: capture a copy
                    let v = self.read_loc(var.loc, var.ty.clone());
                    let c = self.new_reg(Ty::Str);
                    let pc = self.emit(Insn::NewCell { a: Wr(c), k: Kd(Kind::Int), v: Rx(v.reg) });
                    self.fix_kind(pc, cty.clone());
                    c
                }
            };
            cells.push(V { reg: cell, ty: Ty::Str });
        }
        let w = self.args_window(&cells);
        let ret_final = if matches!(ret_solved, Ty::Var(_)) { Ty::Unit } else { ret_solved };
        let out = self.new_val(Ty::Fn(ptys, Box::new(ret_final)));
        self.emit(Insn::MkClo { a: Wr(out.reg), f: Fun(fid), w: Win(w), n: N(cells.len() as u16) });
        out
    }

    /// A named function used as a value: wrapped in a closure that forwards its arguments.
    pub fn fn_value(&mut self, f: u32, span: Span) -> V {
        let info = &self.u.prog.fns[f as usize];
        let params: Vec<Ty> = info.params.iter().map(|p| p.1.clone()).collect();
        let ret = info.ret.clone();
        let name = format!("{}::{{fn}}", info.name);
        let mut kinds = vec![Kind::Ref];
        kinds.extend(params.iter().map(kind_of));
        let ret_kind = if matches!(ret, Ty::Unit | Ty::Never) { None } else { Some(kind_of(&ret)) };
        let n = params.len() as u16;
        let mut regs = kinds.clone();
        regs.extend(kinds.iter().skip(1).copied());
        regs.push(ret_kind.unwrap_or(Kind::Int));
        let w = 1 + n;
        let mut code = Vec::new();
        for i in 0..n {
            code.push(Insn::Mov { a: Wx(w + i), b: Rx(1 + i) });
        }
        let out = w + n;
        code.push(Insn::Call { a: Wx(out), f: Fun(f), w: Win(w), n: N(n) });
        code.push(match ret_kind {
            Some(_) => Insn::Ret { v: Rx(out) },
            None => Insn::Ret0 {},
        });
        let line = self.u.sm.line_of(span);
        let func = Function {
            name,
            file: self.file,
            params: kinds,
            captures: Vec::new(),
            ret: ret_kind,
            regs,
            code,
            handlers: Vec::new(),
            lines: vec![(0, line)],
            except: Except::Any,
        };
        let fid = self.u.reserve_fn();
        self.u.funcs[fid as usize] = Some(func);
        let out = self.new_val(Ty::Fn(params, Box::new(ret)));
        let w = self.regs.len() as u16;
        self.emit(Insn::MkClo { a: Wr(out.reg), f: Fun(fid), w: Win(w), n: N(0) });
        out
    }

    /// Free functions and associated functions of the standard library.
    fn builtin_call(&mut self, segs: &[&str], path: &Path<'a>, args: &'a [&'a Expr<'a>], span: Span, expect: Option<&Ty>) -> Option<V> {
        let segs: Vec<&str> = segs.iter().copied().skip_while(|s| matches!(*s, "std" | "core")).collect();
        let key = segs.join("::");
        let argc = args.len();
        let want = |cx: &mut Self, n: usize| -> bool {
            if argc != n {
                cx.err(span, format!("`{key}` takes {} but {}", counted(n, "argument"), given(argc)));
                false
            } else {
                true
            }
        };
        let v = match key.as_str() {
            "println" | "print" | "eprintln" | "eprint" => {
                if !want(self, 1) {
                    return Some(self.unit());
                }
                let s = self.expr_expect(args[0], &Ty::Str);
                let text = if key.ends_with("ln") {
                    let nl = self.load_str("\n");
                    self.binary_vals(BinOp::Add, s, nl, span)
                } else {
                    s
                };
                let n = if key.starts_with('e') { Native::Eprint } else { Native::Print };
                self.call_native(n, &[text], Ty::Unit)
            }
            "exit" | "process::exit" => {
                if !want(self, 1) {
                    return Some(self.never());
                }
                let c = self.expr_expect(args[0], &INT);
                self.call_native(Native::Exit, &[c], Ty::Never)
            }
            "process::id" => self.call_native(Native::ProcessId, &[], INT),
            "process::kill" => {
                if !want(self, 2) {
                    return Some(self.unit());
                }
                let pid = self.expr_expect(args[0], &INT);
                let sig = self.os_signal_number(args[1], SignalUse::Send);
                self.call_native(Native::ProcessKill, &[pid, sig], INT)
            }
            // in a coroutine these park the coroutine; elsewhere they block the thread
            "thread::sleep" | "sleep" | "timer::after" | "timer::sleep" => {
                if !want(self, 1) {
                    return Some(self.unit());
                }
                let d = self.expr_expect(args[0], &Ty::Duration);
                self.call_native(Native::SleepNs, &[d], Ty::Unit)
            }
            "Duration::from_millis" | "Duration::from_micros" | "Duration::from_secs" | "Duration::from_nanos" => {
                if !want(self, 1) {
                    return Some(self.unit());
                }
                let n = self.expr_expect(args[0], &INT);
                let scale = match key.as_str() {
                    "Duration::from_millis" => 1_000_000,
                    "Duration::from_micros" => 1_000,
                    "Duration::from_secs" => 1_000_000_000,
                    _ => 1,
                };
                // a duration too long for the clock saturates (a timer that never fires
                // in practice) instead of wrapping into the past
                let k = self.load_int(scale, INT);
                self.call_native(Native::MulSatI, &[n, k], Ty::Duration)
            }
            "Instant::now" | "SystemTime::now" | "time::now_ns" => self.call_native(Native::NowNs, &[], Ty::Duration),
            "write" => {
                if !want(self, 3) {
                    return Some(self.unit());
                }
                let fd = self.expr_expect(args[0], &INT);
                let s = self.expr_expect(args[1], &Ty::Str);
                let n = self.expr_expect(args[2], &INT);
                self.call_native(Native::WriteFd, &[fd, s, n], INT)
            }
            "current_signal" => match self.recovers.last().cloned() {
                Some(v) => v,
                None => {
                    self.diag(Diagnostic::error(span, "`current_signal()` is only available inside `recover { .. }`").label("not inside a recover block"));
                    V { reg: self.never().reg, ty: Ty::Error }
                }
            },
            // `signal(SIGUSR1, |sig| { .. })`: the handler runs on the main thread at the
            // next safepoint after each delivery, with the signal number
            "signal" => {
                if !want(self, 2) {
                    return Some(self.unit());
                }
                let signo = self.os_signal_number(args[0], SignalUse::Handle);
                // `SIG_IGN` / `SIG_DFL` in place of a handler
                if let ExprKind::Path(p) = &args[1].kind {
                    if let (true, "SIG_IGN" | "SIG_DFL") = (p.is_single(), p.last()) {
                        let ignore = self.load_int((p.last() == "SIG_IGN") as i64, INT);
                        return Some(self.call_native(Native::SignalDisposition, &[signo, ignore], Ty::Unit));
                    }
                }
                // in the body of an entry on the coroutine runtime, whose signal thread owns
                // the OS signals, this could only panic when it runs (a function called
                // from there is told so then)
                if let Some((rt, true)) = self.runtime.clone() {
                    self.diag(
                        Diagnostic::error(span, format!("`signal(..)` handlers do not run on the `{rt}` runtime"))
                            .label("its signal thread owns the OS signals")
                            .help("register the handler with `CoroutineScheduler::new().handle(SIG, |s| async { .. })`"),
                    );
                }
                let handler_ty = Ty::Fn(vec![INT], Box::new(Ty::Unit));
                let h = self.expr(args[1], Some(&handler_ty));
                if !matches!(self.inf.shallow(&h.ty), Ty::Error) && !self.unify(&h.ty, &handler_ty) {
                    let found = self.show(&h.ty);
                    self.diag(
                        Diagnostic::error(args[1].span, "a signal handler takes the signal number and returns nothing")
                            .label(format!("expected `fn(int)`, found `{found}`"))
                            .help("write `signal(SIGINT, |sig| { .. })`"),
                    );
                }
                self.call_native(Native::SignalHandle, &[signo, h], Ty::Unit)
            }
            "Some" | "Ok" | "Err" => {
                if !want(self, 1) {
                    return Some(V { reg: self.never().reg, ty: Ty::Error });
                }
                let exp = expect.map(|t| self.inf.shallow(t));
                match key.as_str() {
                    "Some" => {
                        let inner = match exp {
                            Some(Ty::Option(x)) => *x,
                            _ => self.inf.fresh(),
                        };
                        let v = self.expr_expect(args[0], &inner);
                        self.new_variant(builtins::some, v, Ty::option(inner))
                    }
                    _ => {
                        let (ok, err) = match exp {
                            Some(Ty::Result(a, b)) => (*a, *b),
                            _ => (self.inf.fresh(), self.inf.fresh()),
                        };
                        let t = Ty::Result(Box::new(ok.clone()), Box::new(err.clone()));
                        if key == "Ok" {
                            let v = self.expr_expect(args[0], &ok);
                            self.new_variant(builtins::ok, v, t)
                        } else {
                            let v = self.expr_expect(args[0], &err);
                            self.new_variant(builtins::err, v, t)
                        }
                    }
                }
            }
            "Box::new" | "Rc::new" | "Arc::new" | "RefCell::new" | "Cell::new" => {
                if !want(self, 1) {
                    return Some(V { reg: self.never().reg, ty: Ty::Error });
                }
                self.expr(args[0], expect)
            }
            "drop" => {
                want(self, 1);
                for a in args {
                    let v = self.expr(a, None);
                    match self.inf.shallow(&v.ty) {
                        // dropping a channel end lets receivers see the end of the stream
                        Ty::Sender(_) | Ty::Receiver(_) => {
                            self.call_native(Native::ChanDrop, &[v], Ty::Unit);
                        }
                        // as in Rust, dropping a socket closes it (now, not at a sweep)
                        Ty::Tcp(_) => {
                            self.call_native(Native::NetClose, &[v], Ty::Unit);
                        }
                        _ => {}
                    }
                }
                self.unit()
            }
            // the entry's scheduler, to register signal handlers on and to wait for
            "CoroutineScheduler::new" => {
                self.coroutine_syntax(span, "`CoroutineScheduler`");
                want(self, 0);
                for a in args {
                    self.expr(a, None);
                }
                self.load_int(0, Ty::Scheduler)
            }
            // `channel::<T>(capacity)`: a bounded coroutine channel, `(Sender<T>, Receiver<T>)`
            "channel" => {
                if !want(self, 1) {
                    return Some(V { reg: self.never().reg, ty: Ty::Error });
                }
                if path.generics.len() > 1 {
                    self.err(span, format!("`channel` takes 1 type argument (the message type), but {} given", path.generics.len()));
                }
                let elem = match expect.map(|t| self.inf.shallow(t)) {
                    Some(Ty::Tuple(ts)) if ts.len() == 2 => match &ts[0] {
                        Ty::Sender(e) => (**e).clone(),
                        _ => self.inf.fresh(),
                    },
                    _ => self.generic_arg(path, 0).unwrap_or_else(|| self.inf.fresh()),
                };
                self.coroutine_syntax(span, "a channel");
                // 0: a rendezvous channel; a capacity written negative is a mistake
                if matches!(args[0].kind, ExprKind::Unary(UnOp::Neg, inner) if matches!(inner.kind, ExprKind::Int(n) if n > 0)) {
                    self.diag(
                        Diagnostic::error(args[0].span, "a channel's capacity cannot be negative")
                            .label("negative")
                            .help("`channel::<T>(n)` holds up to n messages; `channel::<T>(0)` is a rendezvous channel, whose sender waits for the receiver"),
                    );
                }
                let cap = self.expr_expect(args[0], &INT);
                let kind = self.kind_code(elem.clone());
                let tx = self.call_native(Native::ChanNew, &[cap, kind], Ty::Sender(Box::new(elem.clone())));
                let rx = self.call_native(Native::ChanRx, core::slice::from_ref(&tx), Ty::Receiver(Box::new(elem)));
                self.new_tuple(&[tx, rx])
            }
            "Vec::new" | "Vec::with_capacity" => {
                for a in args {
                    self.expr_expect(a, &INT);
                }
                let elem = match expect.map(|t| self.inf.shallow(t)) {
                    Some(Ty::Vec(e)) => *e,
                    _ => self.generic_arg(path, 0).unwrap_or_else(|| self.inf.fresh()),
                };
                self.new_vec(elem, &[])
            }
            "HashMap::new" | "HashMap::with_capacity" => {
                for a in args {
                    self.expr_expect(a, &INT);
                }
                let (k, v) = match expect.map(|t| self.inf.shallow(t)) {
                    Some(Ty::Map(k, v)) => (*k, *v),
                    _ => (self.inf.fresh(), self.inf.fresh()),
                };
                self.new_map(k, v)
            }
            "String::new" => self.load_str(""),
            "String::from" | "String::from_str" => {
                if !want(self, 1) {
                    return Some(self.load_str(""));
                }
                self.expr_expect(args[0], &Ty::Str)
            }
            "char::from_u32" | "char::from" => {
                if !want(self, 1) {
                    return Some(self.load_int(0, Ty::Char));
                }
                let v = self.expr_expect(args[0], &INT);
                V { reg: v.reg, ty: Ty::Char }
            }
            "read_line" | "io::read_line" => self.call_native(Native::ReadLine, &[], Ty::option(Ty::Str)),
            "fs::read_to_string" | "read_file" => {
                if !want(self, 1) {
                    return Some(self.load_str(""));
                }
                let p = self.expr_expect(args[0], &Ty::Str);
                self.io_call(span);
                self.call_native(Native::ReadFile, &[p], Ty::Str)
            }
            "fs::write" | "write_file" | "fs::append" => {
                if !want(self, 2) {
                    return Some(self.unit());
                }
                let p = self.expr_expect(args[0], &Ty::Str);
                let t = self.expr_expect(args[1], &Ty::Str);
                self.io_call(span);
                let n = if key == "fs::append" { Native::AppendFile } else { Native::WriteFile };
                self.call_native(n, &[p, t], Ty::Unit)
            }
            // limits and statistics, for the built-in stages (`heap_stage`, `debug_stage`)
            "heap::set_limit" | "stack::set_limit" => {
                if !want(self, 1) {
                    return Some(self.unit());
                }
                let n = self.expr_expect(args[0], &INT);
                let native = if key == "heap::set_limit" { Native::SetHeapLimit } else { Native::SetStackLimit };
                self.call_native(native, &[n], Ty::Unit)
            }
            "heap::report" => self.call_native(Native::HeapReport, &[], Ty::Str),
            // process-wide settings of the stages (`logging_stage`): every coroutine sees them
            "setting::set" | "setting::get" => {
                let n = if key == "setting::set" { 2 } else { 1 };
                if !want(self, n) {
                    return Some(self.unit());
                }
                let k = self.expr_expect(args[0], &Ty::Str);
                if key == "setting::set" {
                    let v = self.expr_expect(args[1], &Ty::Str);
                    self.call_native(Native::SettingSet, &[k, v], Ty::Unit)
                } else {
                    self.call_native(Native::SettingGet, &[k], Ty::Str)
                }
            }
            // TCP listeners (`network_stage`): `net::listen` raises IO_ERROR
            "net::listen" => {
                if !want(self, 2) {
                    return Some(self.load_int(-1, INT));
                }
                let a = self.expr_expect(args[0], &Ty::Str);
                let p = self.expr_expect(args[1], &INT);
                self.io_call(span);
                self.call_native(Native::TcpListen, &[a, p], INT)
            }
            // coroutine sockets (`sockets.rs`): `TcpListener::bind(addr).await?`
            "TcpListener::bind" | "TcpStream::connect" => {
                if !want(self, 1) {
                    return Some(V { reg: self.never().reg, ty: Ty::Error });
                }
                let a = self.expr_expect(args[0], &Ty::Str);
                self.io_call(span);
                let listener = key == "TcpListener::bind";
                self.call_native(if listener { Native::NetBind } else { Native::NetConnect }, &[a], Ty::Tcp(listener))
            }
            "net::local_port" | "net::close" => {
                if !want(self, 1) {
                    return Some(self.unit());
                }
                let h = self.expr_expect(args[0], &INT);
                if key == "net::close" {
                    self.call_native(Native::TcpClose, &[h], Ty::Unit)
                } else {
                    self.call_native(Native::TcpLocalPort, &[h], INT)
                }
            }
            _ => return None,
        };
        Some(v)
    }

    /// File and socket operations raise `IO_ERROR`: they follow the `?` rule like
    /// `except(IO_ERROR)` functions.
    pub(super) fn io_call(&mut self, span: Span) {
        if self.marked {
            self.marked = false;
            self.check_escape(span, builtins::IO_ERROR, "propagates");
        } else {
            self.diag(
                Diagnostic::error(span, "this I/O operation may raise IO_ERROR and is not marked with `?`")
                    .label("signals can propagate from this call")
                    .help("write `..?` and handle IO_ERROR with `catch(IO_ERROR) { .. } recover { .. }`"),
            );
        }
    }

    /// A turbofish type argument (`Vec::<int>::new()`).
    fn generic_arg(&mut self, path: &Path<'a>, i: usize) -> Option<Ty> {
        let t = path.generics.get(i)?;
        Some(self.resolve_type(t))
    }

    /// The OS signal number `e` names: an OS signal's name (`SIGUSR1`), a value of an OS
    /// signal's type (`let s = SIGUSR1;`), or a computed `int` (checked when used).
    /// `use_`: what the number is for (a handler cannot be for `SIGKILL` or `SIGSTOP`,
    /// a coroutine scheduler's only for the signals its signal thread owns).
    pub fn os_signal_number(&mut self, e: &'a Expr<'a>, use_: SignalUse) -> V {
        let named = match &e.kind {
            ExprKind::Path(p) => {
                let segs: Vec<&str> = p.segs.iter().map(|s| s.name).collect();
                match self.lookup_path(&segs) {
                    Some(Def::Signal(l)) => Some(l),
                    _ => None,
                }
            }
            _ => None,
        };
        let layout = match named {
            Some(l) => l,
            None => {
                let v = self.expr(e, Some(&INT));
                match self.inf.shallow(&v.ty) {
                    Ty::Sig(l) => l,
                    _ => {
                        self.expect_ty(e.span, &INT, &v.ty);
                        return v;
                    }
                }
            }
        };
        let name = self.show(&Ty::Sig(layout));
        let handled = use_ != SignalUse::Send;
        match builtins::os_signal_number(layout) {
            Some(_) if handled && matches!(name.as_str(), "SIGKILL" | "SIGSTOP") => {
                self.diag(
                    Diagnostic::error(e.span, format!("`{name}` cannot be handled"))
                        .label("the OS ends or stops the process without telling it")
                        .help("handle `SIGTERM` or `SIGINT` to shut down cleanly"),
                );
                self.load_int(0, INT)
            }
            Some(n) if use_ == SignalUse::SchedulerHandle && !builtins::SCHEDULER_SIGNALS.contains(&n) => {
                self.diag(
                    Diagnostic::error(e.span, format!("`{name}` cannot be handled by the coroutine scheduler"))
                        .label("its signal thread leaves it to the OS")
                        .help("the scheduler handles SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2, SIGALRM, SIGCHLD and SIGWINCH"),
                );
                self.load_int(0, INT)
            }
            Some(n) => self.load_int(n as i64, INT),
            None => {
                self.diag(
                    Diagnostic::error(e.span, format!("`{name}` is not an OS signal"))
                        .label("an application signal: `raise` it, `catch` it")
                        .help("OS signals are `SIGINT`, `SIGTERM`, `SIGHUP`, `SIGUSR1`, ..."),
                );
                self.load_int(0, INT)
            }
        }
    }

    /// Used by `Loc` users outside this module.
    pub fn loc_is_shared(loc: Loc) -> bool {
        !matches!(loc, Loc::Reg(_))
    }
}

/// What an OS signal number is for (`FnCx::os_signal_number`).
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum SignalUse {
    /// `process::kill`: any signal.
    Send,
    /// `signal(..)` on the default runtime: any the OS lets a process handle.
    Handle,
    /// `scheduler.handle(..)`: one the scheduler's signal thread owns.
    SchedulerHandle,
}
