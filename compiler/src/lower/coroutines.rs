//! Coroutine syntax: `spawn`, `.await`, and the methods of channel ends and tasks.
//!
//! An `async { .. }` block is a closure without parameters (`expr.rs`); `spawn` hands
//! it to the scheduler (`CoSpawn`, which copies it and its captures into the new
//! coroutine's heap) and gives back a `JoinHandle<T>`. Channel operations are natives
//! that wait inside the call when they must (the scheduler parks the coroutine there),
//! so `.await` on `tx.send(v)` or `rx.recv()` has nothing left to do; on a handle
//! (`h.join().await`, `h.await`) it waits for the coroutine's result, and on an
//! `async` block it runs the block here.
use cprime_bytecode::isa::*;
use cprime_bytecode::natives::Native;
use cprime_bytecode::{Except, Function, Kind};

use super::{FnCx, V};
use crate::ast::*;
use crate::diag::{counted, given, Diagnostic};
use crate::items::kind_of;
use crate::types::Ty;

impl<'u, 'a> FnCx<'u, 'a> {
    pub fn spawn(&mut self, x: &'a Expr<'a>) -> V {
        // `spawn worker(a, b)` of an `async fn`: the arguments here, the call there
        if let Some(f) = self.async_fn_called(x) {
            return self.spawn_call(f, x);
        }
        // `spawn async_tasks().await` (the seed's `CoroutineScheduler` entry) parses as
        // `spawn (async_tasks().await)`: it spawns the call (or block) and waits for it
        if let ExprKind::Await(inner) = &x.kind {
            if self.async_fn_called(inner).is_some() || matches!(inner.kind, ExprKind::Async(_) | ExprKind::MethodCall { .. }) {
                let h = self.spawn(inner);
                return match self.inf.shallow(&h.ty) {
                    Ty::Task(t) => self.call_native(Native::CoJoin, &[h], *t),
                    _ => h,
                };
            }
        }
        // `spawn async { .. }`: the block's closure (one diagnostic for the pair when
        // the runtime has no coroutines, from `spawn`)
        let f = match &x.kind {
            ExprKind::Async(_) => self.async_block(x, None),
            // `spawn conn.serve(n)` of an `async` method: as `spawn f(args)`, with the
            // receiver (copied as every capture) the first argument
            ExprKind::MethodCall { recv, name, args, .. } => {
                let r = self.expr(recv, None);
                match self.user_method(&r.ty, *name) {
                    Some(m) if self.u.prog.fns[m as usize].decl.is_async => {
                        let mut vals = vec![r];
                        let mut wbs = Vec::new();
                        vals.extend(self.args_for(m, 1, args, x.span, &mut wbs));
                        self.no_write_back_in_spawn(wbs, x.span);
                        return self.spawn_vals(m, vals, x.span);
                    }
                    Some(m) => {
                        let method = self.u.prog.fns[m as usize].name.clone();
                        self.diag(
                            Diagnostic::error(x.span, "`spawn` runs an `async` block or a call of an `async fn`")
                                .label(format!("`{method}` is not an `async fn`"))
                                .help(format!("declare the method `async fn`, or write `spawn async {{ x.{}(..) }}`", name.name)),
                        );
                        return V { reg: self.never().reg, ty: Ty::Error };
                    }
                    None => match self.inf.shallow(&r.ty) {
                        Ty::Dyn(tr) => return self.spawn_virtual(tr, *name, r, args, x.span),
                        _ => self.method_call_on(r, *name, args, x.span, None),
                    },
                }
            }
            // `spawn g` of a function by name: a plain one is no coroutine body
            ExprKind::Path(p) => match self.named_plain_fn(p) {
                Some(name) => {
                    self.diag(
                        Diagnostic::error(x.span, "`spawn` runs an `async` block or a call of an `async fn`")
                            .label(format!("`{name}` is a plain function"))
                            .help(format!("write `spawn async {{ {name}() }}`, or declare it `async fn {name}(..)` and write `spawn {name}(..)`")),
                    );
                    return V { reg: self.never().reg, ty: Ty::Error };
                }
                None => self.expr(x, None),
            },
            _ => self.expr(x, None),
        };
        let ret = match self.inf.shallow(&f.ty) {
            Ty::Async(r) => self.inf.resolve(&r),
            Ty::Error => return V { reg: self.never().reg, ty: Ty::Error },
            t => {
                let found = self.show(&t);
                let help = match (self.plain_fn_called(x), &x.kind) {
                    (Some(name), _) => format!("`{name}` is not an `async fn`: declare it `async fn {name}(..)`, or write `spawn async {{ {name}(..) }}`"),
                    (None, ExprKind::MethodCall { name, .. }) => {
                        format!("`spawn x.m(..)` spawns the program's own `async` methods; for `{}` write `spawn async {{ x.{}(..) }}`", name.name, name.name)
                    }
                    (None, ExprKind::Try(inner)) if self.async_fn_called(inner).is_some() => {
                        String::from("drop the `?`: `spawn f(..)` spawns the call, and joining it raises what it raised")
                    }
                    (None, ExprKind::Call(..)) => {
                        String::from("`spawn f(..)` spawns a free `async fn`; for anything else write `spawn async { .. }` around the call")
                    }
                    _ => String::from("write `spawn async { .. }`, or `spawn f(..)` of an `async fn f`"),
                };
                self.diag(
                    Diagnostic::error(x.span, "`spawn` runs an `async` block or a call of an `async fn`")
                        .label(format!("expected `async {{ .. }}`, found `{found}`"))
                        .help(help),
                );
                return V { reg: self.never().reg, ty: Ty::Error };
            }
        };
        let kind = self.kind_code(ret.clone());
        self.call_native(Native::CoSpawn, &[f, kind], Ty::Task(Box::new(ret)))
    }

    /// A spawn whose handle is dropped at once (`spawn ..;`, `let _ = spawn ..;`), `v`
    /// its value: the coroutine is started with no `JoinHandle` (`CoGo`), which would be
    /// garbage in the spawner's heap until its next collection and would keep the task's
    /// record until then.
    pub fn detach_spawn(&mut self, x: &Expr<'a>, v: &V) {
        if !matches!(x.kind, ExprKind::Spawn(_)) {
            return;
        }
        if let Some(Insn::CallNat { a, x: nat, .. }) = self.code.last_mut() {
            if a.0 == v.reg && nat.0 == Native::CoSpawn as u16 {
                nat.0 = Native::CoGo as u16;
            }
        }
    }

    /// The function `x` calls by name, when `x` is such a call (not of a closure held in
    /// a variable).
    fn fn_called(&self, x: &Expr<'a>) -> Option<u32> {
        let ExprKind::Call(f, _) = &x.kind else { return None };
        let ExprKind::Path(path) = &f.kind else { return None };
        let segs: Vec<&str> = path.segs.iter().map(|s| s.name).collect();
        if path.is_single() && self.is_variable(segs[0]) {
            return None;
        }
        match self.lookup_path(&segs)? {
            crate::items::Def::Fn(id) => Some(id),
            _ => None,
        }
    }

    /// Whether `name` is a variable here (this function's, captured, or an enclosing
    /// function's), which hides a function of that name.
    fn is_variable(&self, name: &str) -> bool {
        self.lookup_var(name).is_some() || self.captures.iter().any(|c| c.0 == name) || self.outer_var(name).is_some()
    }

    /// The name of the program's plain (not `async`) function that path `p` names, when
    /// it names one and no variable.
    fn named_plain_fn(&self, p: &Path<'a>) -> Option<String> {
        let segs: Vec<&str> = p.segs.iter().map(|s| s.name).collect();
        if p.is_single() && self.is_variable(segs[0]) {
            return None;
        }
        let crate::items::Def::Fn(id) = self.lookup_path(&segs)? else { return None };
        let info = self.u.prog.fns.get(id as usize)?;
        (!info.decl.is_async).then(|| info.name.clone())
    }

    /// The `async fn` (a free function) that `x` calls, if it is such a call.
    fn async_fn_called(&self, x: &Expr<'a>) -> Option<u32> {
        let id = self.fn_called(x)?;
        let info = self.u.prog.fns.get(id as usize)?;
        (info.decl.is_async && !info.has_self).then_some(id)
    }

    /// `spawn f(args)` of an `async fn`: as Tokio's `spawn(f(args))`, the arguments are
    /// evaluated here, in the spawner, and the new coroutine runs the call. The closure
    /// handed to `CoSpawn` captures the argument values; its function (`spawn_trampoline`)
    /// passes them on to `f`.
    fn spawn_call(&mut self, f: u32, x: &'a Expr<'a>) -> V {
        let ExprKind::Call(_, args) = &x.kind else { return V { reg: self.never().reg, ty: Ty::Error } };
        let mut wbs = Vec::new();
        let vals = self.args_for(f, 0, args, x.span, &mut wbs);
        self.no_write_back_in_spawn(wbs, x.span);
        self.spawn_vals(f, vals, x.span)
    }

    /// Spawns a coroutine calling `f` with the values `vals` (copied into it).
    fn spawn_vals(&mut self, f: u32, vals: Vec<V>, span: Span) -> V {
        let ret = self.u.prog.fns[f as usize].ret.clone();
        let tramp = self.spawn_trampoline(f, span);
        self.spawn_closure_of(tramp, vals, ret)
    }

    /// Spawns a coroutine running trampoline `tramp` on a closure capturing `vals`.
    fn spawn_closure_of(&mut self, tramp: u32, vals: Vec<V>, ret: Ty) -> V {
        let w = self.args_window(&vals);
        let clo = self.new_val(Ty::Fn(Vec::new(), Box::new(ret.clone())));
        self.emit(Insn::MkClo { a: Wr(clo.reg), f: Fun(tramp), w: Win(w), n: N(vals.len() as u16) });
        let kind = self.kind_code(ret.clone());
        self.call_native(Native::CoSpawn, &[clo, kind], Ty::Task(Box::new(ret)))
    }

    /// The function a `spawn f(..)` closure runs: its captures are `f`'s arguments; it
    /// calls `f` with them and returns what `f` returns. One per `async fn` and source
    /// line spawning it (a trace names the line of the `spawn`).
    fn spawn_trampoline(&mut self, f: u32, span: crate::ast::Span) -> u32 {
        // one per spawn site: its line is the trampoline's, in traces
        let line = self.u.sm.line_of(span);
        if let Some(&t) = self.u.spawn_trampolines.get(&(f, self.file, line)) {
            return t;
        }
        let info = &self.u.prog.fns[f as usize];
        let kinds: Vec<Kind> = info.params.iter().map(|(_, t)| kind_of(t)).collect();
        let (name, ret) = (format!("{}::{{spawned}}", info.name), info.ret.clone());
        let t = self.trampoline(name, kinds, &ret, line, |a, w, n| Insn::Call { a, f: Fun(f), w, n });
        self.u.spawn_trampolines.insert((f, self.file, line), t);
        t
    }

    /// A function taking a closure whose captures are the arguments (of `kinds`) of a
    /// call it makes (`call(result register, window, count)`), returning its result.
    fn trampoline(&mut self, name: String, kinds: Vec<Kind>, ret: &Ty, line: u32, call: impl FnOnce(Wx, Win, N) -> Insn) -> u32 {
        let ret = if matches!(ret, Ty::Unit | Ty::Never) { None } else { Some(kind_of(ret)) };
        let n = kinds.len() as u16;
        // r0 the closure, r1.. the arguments (the call's window), then the result
        let mut regs = vec![Kind::Ref];
        regs.extend(kinds.iter().copied());
        regs.push(ret.unwrap_or(Kind::Int));
        let mut code: Vec<Insn> = (0..n).map(|i| Insn::CapGet { a: Wx(1 + i), i: N(i) }).collect();
        code.push(call(Wx(1 + n), Win(1), N(n)));
        code.push(match ret {
            Some(_) => Insn::Ret { v: Rx(1 + n) },
            None => Insn::Ret0 {},
        });
        let func = Function {
            name,
            file: self.file,
            params: vec![Kind::Ref],
            captures: kinds,
            ret,
            regs,
            code,
            handlers: Vec::new(),
            lines: vec![(0, line)],
            except: Except::Any,
        };
        let t = self.u.reserve_fn();
        self.u.funcs[t as usize] = Some(func);
        t
    }

    /// `spawn x.m(args)` of a trait object's `async` method `m` (dyn slot `slot`): as
    /// for the program's own methods, the receiver and the arguments are copied into
    /// the new coroutine, which makes the virtual call.
    fn spawn_virtual(&mut self, tr: u32, name: Ident<'a>, recv: V, args: &'a [&'a Expr<'a>], span: Span) -> V {
        let Some((slot, decl)) = self.u.prog.traits[tr as usize].methods.iter().find(|m| m.0 == name.name).map(|m| (m.1, m.2)) else {
            let s = self.show(&recv.ty);
            self.diag(Diagnostic::error(name.span, format!("no method named `{}` found for `{s}`", name.name)).label("method not found"));
            return V { reg: self.never().reg, ty: Ty::Error };
        };
        let method = format!("{}::{}", self.u.prog.traits[tr as usize].name, name.name);
        if !decl.is_async {
            self.diag(
                Diagnostic::error(span, "`spawn` runs an `async` block or a call of an `async fn`")
                    .label(format!("`{method}` is not an `async fn`"))
                    .help(format!("declare the method `async fn`, or write `spawn async {{ x.{}(..) }}`", name.name)),
            );
            return V { reg: self.never().reg, ty: Ty::Error };
        }
        let (ptys, ret) = self.trait_method_sig(tr, decl);
        if ptys.len() != args.len() {
            self.err(span, format!("method `{}` takes {} but {}", name.name, counted(ptys.len(), "argument"), given(args.len())));
            return V { reg: self.never().reg, ty: Ty::Error };
        }
        let mut vals = vec![recv];
        for (a, p) in args.iter().zip(ptys.iter()) {
            vals.push(self.expr_expect(a, p));
        }
        let kinds: Vec<Kind> = vals.iter().map(|v| kind_of(&v.ty)).collect();
        let line = self.u.sm.line_of(span);
        let tramp = self.trampoline(format!("{method}::{{spawned}}"), kinds, &ret, line, |a, w, n| Insn::CallVirt { a, s: Slot(slot), w, n });
        self.spawn_closure_of(tramp, vals, ret)
    }

    /// An `async` block: a closure without parameters at run time, of type
    /// `Ty::Async` (`spawn` runs it in a new coroutine, `.await` runs it here).
    pub fn async_block(&mut self, x: &'a Expr<'a>, expect: Option<&Ty>) -> V {
        let hint = expect.map(|t| match self.inf.shallow(t) {
            Ty::Async(r) => Ty::Fn(Vec::new(), r),
            t => t,
        });
        let mut v = self.closure(&[], None, x, false, x.span, hint.as_ref());
        if let Ty::Fn(_, r) = self.inf.shallow(&v.ty) {
            v.ty = Ty::Async(r);
        }
        v
    }

    pub fn await_expr(&mut self, x: &'a Expr<'a>, span: Span, expect: Option<&Ty>) -> V {
        let v = self.expr(x, None);
        // a call of an `async fn` (or async method) has run where it stands: `.await`
        // marks it and gives its result, whatever its type (a closure, a join handle, an
        // `async` block: `.await` that again to join or run it), as in Rust
        // (tests/programs/co_async_fn_returns_closure.cp)
        if self.awaits_async_call(x) {
            if let Some(t) = expect {
                let _ = self.unify(&v.ty, t);
            }
            return v;
        }
        match self.inf.shallow(&v.ty) {
            Ty::Task(t) => {
                self.last_join = Some(span);
                self.call_native(Native::CoJoin, &[v], *t)
            }
            Ty::Async(r) => {
                let ret = self.inf.resolve(&r);
                self.call_closure_vals(&v, Vec::new(), ret)
            }
            // a closure is no `async` block (though one without parameters is the same
            // at run time): it would run as a plain call
            Ty::Fn(..) => {
                let found = self.show(&v.ty);
                self.diag(
                    Diagnostic::error(x.span, format!("`.await` on a closure of type `{found}`, which is not an `async` block"))
                        .label("a closure runs when called; there is nothing to wait for")
                        .help("call it (`f()`), or make it an `async` block: `async { .. }`"),
                );
                v
            }
            // a channel operation (it waited in the call), an `async fn`'s result, ...
            t => {
                // ... but a plain value written as such (a variable, a literal, a field)
                // is no operation at all: `.await` on it would silently do nothing
                let plain = matches!(
                    x.kind,
                    ExprKind::Int(_)
                        | ExprKind::Float(_)
                        | ExprKind::Str(_)
                        | ExprKind::Char(_)
                        | ExprKind::Bool(_)
                        | ExprKind::Duration(_)
                        | ExprKind::Path(_)
                        | ExprKind::Field(..)
                        | ExprKind::Index(..)
                        | ExprKind::Unary(..)
                        | ExprKind::Binary(..)
                        | ExprKind::Cast(..)
                        | ExprKind::Tuple(_)
                        | ExprKind::Array(_)
                        | ExprKind::ArrayRepeat(..)
                        | ExprKind::StructLit { .. }
                        | ExprKind::Macro { .. }
                        | ExprKind::MacroRepeat { .. }
                        // `f().await.await`: the first `.await` gave a value that is
                        // no handle or block (those are waited for above)
                        | ExprKind::Await(_)
                ) && !matches!(t, Ty::Error | Ty::Never | Ty::Var(_));
                if let (false, Some(name)) = (plain, self.plain_method_called(x)) {
                    self.diag(
                        Diagnostic::error(x.span, format!("`.await` on a call to method `{name}`, which is not an `async fn`"))
                            .label("this call has already run to its end; there is nothing to wait for")
                            .help("declare the method `async fn`, or call it without `.await`"),
                    );
                }
                if let (false, Some(name)) = (plain, self.plain_fn_called(x)) {
                    self.diag(
                        Diagnostic::error(x.span, format!("`.await` on a call to `{name}`, which is not an `async fn`"))
                            .label("this call has already run to its end; there is nothing to wait for")
                            .help(format!("declare it `async fn {name}(..)`, or call it without `.await`")),
                    );
                }
                if plain {
                    let found = self.show(&v.ty);
                    self.diag(
                        Diagnostic::error(x.span, format!("`.await` on a value of type `{found}`, which does not wait for anything"))
                            .label("not a join handle, an `async` block or an operation that waits")
                            .help("`.await` a `spawn`'s handle, an `async` block, or a call that waits (a channel, socket or timer operation, an `async fn`)"),
                    );
                }
                if let Some(t) = expect {
                    let _ = self.unify(&v.ty, t);
                }
                v
            }
        }
    }

    /// The name of the program's own function that `x` calls, when `x` is a call of one
    /// that is not an `async fn` (the prelude's, which wrap waiting operations, are not
    /// named).
    fn plain_fn_called(&self, x: &Expr<'a>) -> Option<String> {
        let id = self.fn_called(x)?;
        let info = self.u.prog.fns.get(id as usize)?;
        (!info.decl.is_async && !self.u.prog.is_prelude_fn(id)).then(|| info.name.clone())
    }

    /// Whether `x` calls one of the program's `async fn`s or async methods (the method
    /// just compiled).
    fn awaits_async_call(&self, x: &Expr<'a>) -> bool {
        if let ExprKind::MethodCall { name, .. } = &x.kind {
            return matches!(&self.last_method, Some((span, true, _)) if *span == name.span);
        }
        self.fn_called(x).and_then(|id| self.u.prog.fns.get(id as usize)).is_some_and(|info| info.decl.is_async)
    }

    /// The name of the program's own method that `x` calls (just compiled), when `x` is
    /// a call of one that is not an `async fn`.
    fn plain_method_called(&self, x: &Expr<'a>) -> Option<String> {
        let ExprKind::MethodCall { name, .. } = &x.kind else { return None };
        match &self.last_method {
            Some((span, false, method)) if *span == name.span => Some(method.clone()),
            _ => None,
        }
    }

    /// Methods of `Sender<T>`, `Receiver<T>` and `JoinHandle<T>`; `None` for other types.
    pub fn co_method(&mut self, r: &V, t: &Ty, name: Ident<'a>, args: &'a [&'a Expr<'a>]) -> Option<V> {
        let r = r.clone();
        let v = match (t, name.name) {
            (Ty::Sender(e), "send") => {
                if args.len() != 1 {
                    self.err(name.span, "`send` takes the value to send");
                    return Some(V { reg: self.never().reg, ty: Ty::Error });
                }
                let x = self.expr_expect(args[0], e);
                self.call_native(Native::ChanSend, &[r, x], Ty::Unit)
            }
            (Ty::Sender(e), "clone") => self.call_native(Native::ChanClone, &[r], Ty::Sender(e.clone())),
            (Ty::Receiver(e), "recv") => self.call_native(Native::ChanRecv, &[r], Ty::option((**e).clone())),
            // `h.join().await`: the handle itself; the `.await` waits
            (Ty::Task(_), "join") => r,
            // `.handle(SIG, |s| async { .. })`: each delivery of SIG runs the handler in a
            // new coroutine, with the signal value; returns the scheduler (chainable)
            (Ty::Scheduler, "handle") => {
                if args.len() != 2 {
                    self.err(name.span, "`handle` takes a signal and a handler: `.handle(SIGINT, |s| async { .. })`");
                    return Some(r);
                }
                let sig_ty = self.signal_type(args[0]);
                let fn_ty = Ty::Fn(vec![sig_ty.clone()], Box::new(self.inf.fresh()));
                // an application signal kind: its handler runs for coroutines that end
                // with it unhandled, with the signal (payload fields and all)
                if let Ty::Sig(l) = sig_ty {
                    if cprime_bytecode::builtins::os_signal_number(l).is_none() {
                        let layout = self.load_int(l as i64, crate::types::INT);
                        let h = self.expr_expect(args[1], &fn_ty);
                        self.call_native(Native::CoHandleSig, &[layout, h], Ty::Unit);
                        return Some(r);
                    }
                }
                let signo = self.os_signal_number(args[0], super::calls::SignalUse::SchedulerHandle);
                let h = self.expr_expect(args[1], &fn_ty);
                self.call_native(Native::CoHandle, &[signo, h], Ty::Unit);
                return Some(r);
            }
            // `scheduler.run().await`: wait until every other coroutine has finished
            (Ty::Scheduler, "run") => self.call_native(Native::CoWaitAll, &[], Ty::Unit),
            // how many coroutines are alive (the entry's, the spawned ones and signal
            // handlers' while they run), and the most `.max_coroutines` allows
            (Ty::Scheduler, "alive" | "max_coroutines") => {
                let which = self.load_int((name.name == "max_coroutines") as i64, crate::types::INT);
                self.call_native(Native::CoCount, &[which], crate::types::INT)
            }
            (Ty::Sender(_) | Ty::Receiver(_) | Ty::Task(_) | Ty::Scheduler, _) => {
                let s = self.show(t);
                self.diag(Diagnostic::error(name.span, format!("no method named `{}` found for `{s}`", name.name)).label("method not found"));
                V { reg: self.never().reg, ty: Ty::Error }
            }
            _ => return None,
        };
        if matches!(name.name, "clone" | "recv" | "join" | "run" | "alive" | "max_coroutines") && !args.is_empty() {
            self.err(name.span, format!("`{}` takes no arguments", name.name));
        }
        Some(v)
    }

    /// The type of a signal named by `e` (`SIGINT` is `Ty::Sig` of its layout).
    fn signal_type(&mut self, e: &'a Expr<'a>) -> Ty {
        if let ExprKind::Path(p) = &e.kind {
            let segs: Vec<&str> = p.segs.iter().map(|s| s.name).collect();
            if let Some(crate::items::Def::Signal(l)) = self.lookup_path(&segs) {
                return Ty::Sig(l);
            }
        }
        Ty::AnySignal
    }
}
