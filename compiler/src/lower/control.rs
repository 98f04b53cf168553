//! Control flow: conditionals, loops, `match`, jumps out of blocks, `catch`/`recover`.
use cprime_bytecode::isa::*;
use cprime_bytecode::natives::Native;
use cprime_bytecode::Handler;

use super::{FnCx, LoopCx, V};
use crate::ast::*;
use crate::diag::Diagnostic;
use crate::items::Def;
use crate::types::{Ty, INT};

impl<'u, 'a> FnCx<'u, 'a> {
    /// Jumps to the returned patch sites when `cond` is false (fused compare-and-branch
    /// for integer comparisons).
    pub fn branch_false(&mut self, cond: &'a Expr<'a>) -> Vec<usize> {
        match &cond.kind {
            ExprKind::Binary(op @ (BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge | BinOp::Eq | BinOp::Ne), a, b) => {
                // a literal on the left is of the right operand's type (`binary`)
                if crate::types::int_literal(a).is_some() && crate::types::int_literal(b).is_none() {
                    let v = self.binary(*op, a, b, cond.span);
                    return vec![self.emit(Insn::JmpIfNot { c: Ri(v.reg), t: Tgt(u32::MAX) })];
                }
                let va = self.expr(a, None);
                let hint = self.inf.shallow(&va.ty);
                // (a `u64`'s order is no signed compare-and-jump: `binary_vals` says it)
                if matches!(hint, Ty::Int(it) if super::expr::unsigned_64(it, *op)) {
                    let vb = self.expr(b, Some(&hint));
                    let v = self.binary_vals(*op, va, vb, cond.span);
                    return vec![self.emit(Insn::JmpIfNot { c: Ri(v.reg), t: Tgt(u32::MAX) })];
                }
                if matches!(hint, Ty::Int(_) | Ty::Char) {
                    // comparison against a small constant
                    // (`x <= k` tests `x < k + 1`, which `k = i64::MAX` would overflow)
                    let small = |k: i64| !(matches!(op, BinOp::Le | BinOp::Gt) && k == i64::MAX);
                    if let ExprKind::Int(k) = b.kind {
                        let k = k as i64;
                        if !small(k) {
                            let vb = self.expr(b, Some(&hint));
                            let v = self.binary_vals(*op, va, vb, cond.span);
                            return vec![self.emit(Insn::JmpIfNot { c: Ri(v.reg), t: Tgt(u32::MAX) })];
                        }
                        let (b_, t) = (Ri(va.reg), Tgt(u32::MAX));
                        let insn = match op {
                            BinOp::Lt => Insn::JgeIK { b: b_, v: Imm(k), t },
                            BinOp::Ge => Insn::JltIK { b: b_, v: Imm(k), t },
                            BinOp::Eq => Insn::JneIK { b: b_, v: Imm(k), t },
                            BinOp::Ne => Insn::JeqIK { b: b_, v: Imm(k), t },
                            BinOp::Le => Insn::JgeIK { b: b_, v: Imm(k.wrapping_add(1)), t },
                            _ => Insn::JltIK { b: b_, v: Imm(k.wrapping_add(1)), t },
                        };
                        return vec![self.emit(insn)];
                    }
                    let vb = self.expr(b, Some(&hint));
                    if self.unify(&hint, &vb.ty) {
                        let (x, y, t) = (va.reg, vb.reg, Tgt(u32::MAX));
                        // jump when the condition does NOT hold
                        let insn = match op {
                            BinOp::Lt => Insn::JleI { b: Ri(y), c: Ri(x), t },
                            BinOp::Le => Insn::JltI { b: Ri(y), c: Ri(x), t },
                            BinOp::Gt => Insn::JleI { b: Ri(x), c: Ri(y), t },
                            BinOp::Ge => Insn::JltI { b: Ri(x), c: Ri(y), t },
                            BinOp::Eq => Insn::JneI { b: Ri(x), c: Ri(y), t },
                            _ => Insn::JeqI { b: Ri(x), c: Ri(y), t },
                        };
                        return vec![self.emit(insn)];
                    }
                    let v = self.binary_vals(*op, va, vb, cond.span);
                    return vec![self.emit(Insn::JmpIfNot { c: Ri(v.reg), t: Tgt(u32::MAX) })];
                }
                let vb = self.expr(b, Some(&hint));
                let v = self.binary_vals(*op, va, vb, cond.span);
                self.expect_ty(cond.span, &Ty::Bool, &v.ty);
                vec![self.emit(Insn::JmpIfNot { c: Ri(v.reg), t: Tgt(u32::MAX) })]
            }
            ExprKind::Binary(BinOp::And, a, b) => {
                let mut j = self.branch_false(a);
                j.extend(self.branch_false(b));
                j
            }
            ExprKind::Unary(UnOp::Not, x) => {
                let t = self.branch_true(x);
                vec![t]
            }
            _ => {
                let v = self.expr_expect(cond, &Ty::Bool);
                vec![self.emit(Insn::JmpIfNot { c: Ri(v.reg), t: Tgt(u32::MAX) })]
            }
        }
    }

    /// Jumps to the returned patch site when `cond` is true.
    pub fn branch_true(&mut self, cond: &'a Expr<'a>) -> usize {
        let falses = self.branch_false(cond);
        let j = self.jump();
        for f in falses {
            self.patch_here(f);
        }
        j
    }

    pub fn if_expr(&mut self, cond: &'a Expr<'a>, then: &'a Block<'a>, else_: Option<&'a Expr<'a>>, expect: Option<&Ty>) -> V {
        let jf = self.branch_false(cond);
        let Some(else_) = else_ else {
            let v = self.block_value(then, Some(&Ty::Unit));
            if !matches!(self.inf.shallow(&v.ty), Ty::Unit | Ty::Never | Ty::Error) {
                let s = self.show(&v.ty);
                let span = then.stmts.last().map_or(then.span, |s| s.span);
                self.diag(
                    Diagnostic::error(span, "`if` without `else` cannot produce a value")
                        .label(format!("this is `{s}`"))
                        .help("add an `else` branch, or end the statement with `;`"),
                );
            }
            for j in jf {
                self.patch_here(j);
            }
            return self.unit();
        };
        let t = self.block_value(then, expect);
        let out = self.new_val(t.ty.clone());
        // a `()` value is never read: no copy for `if .. { a; } else { b; }`
        if !matches!(self.inf.shallow(&t.ty), Ty::Unit) {
            self.mov(out.reg, t.reg);
        }
        let jend = self.jump();
        for j in jf {
            self.patch_here(j);
        }
        let hint = if matches!(self.inf.shallow(&t.ty), Ty::Never) { expect.cloned() } else { Some(t.ty.clone()) };
        let e = self.expr(else_, hint.as_ref());
        self.join_types(&out, &t, &e, else_.span);
        if !matches!(self.inf.shallow(&e.ty), Ty::Unit) {
            self.mov(out.reg, e.reg);
        }
        self.patch_here(jend);
        self.branch_result(out, &t, &e)
    }

    /// Checks two branch types agree (`!` fits anything).
    fn join_types(&mut self, out: &V, a: &V, b: &V, span: Span) {
        let _ = out;
        if matches!(self.inf.shallow(&a.ty), Ty::Never) {
            return;
        }
        if !self.unify(&a.ty, &b.ty) {
            let (x, y) = (self.show(&a.ty), self.show(&b.ty));
            self.diag(Diagnostic::error(span, "`if` and `else` have incompatible types").label(format!("expected `{x}`, found `{y}`")));
        }
    }

    /// The type of a two-way branch: `!` only when both diverge.
    fn branch_result(&mut self, out: V, a: &V, b: &V) -> V {
        let ta = self.inf.shallow(&a.ty);
        let tb = self.inf.shallow(&b.ty);
        let ty = match (&ta, &tb) {
            (Ty::Never, Ty::Never) => Ty::Never,
            (Ty::Never, _) => tb,
            _ => ta,
        };
        self.regs[out.reg as usize] = if matches!(ty, Ty::Never) { Ty::Unit } else { ty.clone() };
        V { reg: out.reg, ty }
    }

    pub fn if_let(&mut self, pat: &'a Pat<'a>, scr: &'a Expr<'a>, then: &'a Block<'a>, else_: Option<&'a Expr<'a>>, expect: Option<&Ty>) -> V {
        let s = self.expr(scr, None);
        self.push_scope();
        let fails = self.pattern_test(pat, &s);
        let t = self.block_value(then, if else_.is_some() { expect } else { Some(&Ty::Unit) });
        self.scopes.pop();
        let out = self.new_val(t.ty.clone());
        self.mov(out.reg, t.reg);
        let jend = self.jump();
        for j in fails {
            self.patch_here(j);
        }
        let e = match else_ {
            Some(x) => {
                let hint = t.ty.clone();
                self.expr(x, Some(&hint))
            }
            None => self.unit(),
        };
        if else_.is_some() {
            self.join_types(&out, &t, &e, else_.map_or(scr.span, |x| x.span));
        }
        self.mov(out.reg, e.reg);
        self.patch_here(jend);
        self.branch_result(out, &t, &e)
    }

    fn open_loop(&mut self, label: Option<Ident<'a>>, result: Option<V>) {
        let depth = self.scopes.len();
        self.loops.push(LoopCx { label: label.map(|l| l.name), breaks: Vec::new(), continues: Vec::new(), result, depth });
    }

    fn close_loop(&mut self, continue_at: usize) -> LoopCx<'a> {
        let lp = self.loops.pop().expect("loop stack");
        for c in &lp.continues {
            self.patch_to(*c, continue_at);
        }
        let end = self.pc();
        for b in &lp.breaks {
            self.patch_to(*b, end);
        }
        lp
    }

    pub fn while_loop(&mut self, cond: &'a Expr<'a>, body: &'a Block<'a>, label: Option<Ident<'a>>) -> V {
        // rotated: the test sits at the bottom, one branch per iteration
        let jtest = self.jump();
        let top = self.pc();
        self.open_loop(label, None);
        self.block_value(body, Some(&Ty::Unit));
        let test = self.pc();
        self.patch_to(jtest, test);
        let jt = self.branch_true(cond);
        self.patch_to(jt, top);
        self.close_loop(test);
        self.unit()
    }

    pub fn while_let(&mut self, pat: &'a Pat<'a>, scr: &'a Expr<'a>, body: &'a Block<'a>, label: Option<Ident<'a>>) -> V {
        let top = self.pc();
        self.open_loop(label, None);
        let s = self.expr(scr, None);
        self.push_scope();
        let fails = self.pattern_test(pat, &s);
        self.block_value(body, Some(&Ty::Unit));
        self.scopes.pop();
        let back = self.jump();
        self.patch_to(back, top);
        for f in fails {
            self.patch_here(f);
        }
        self.close_loop(top);
        self.unit()
    }

    pub fn loop_expr(&mut self, body: &'a Block<'a>, label: Option<Ident<'a>>, expect: Option<&Ty>) -> V {
        let ty = expect.cloned().unwrap_or_else(|| self.inf.fresh());
        let result = self.new_val(ty);
        let top = self.pc();
        self.open_loop(label, Some(result.clone()));
        self.block_value(body, Some(&Ty::Unit));
        let back = self.jump();
        self.patch_to(back, top);
        let lp = self.close_loop(top);
        if lp.breaks.is_empty() {
            return self.never();
        }
        let t = self.inf.shallow(&result.ty);
        if let Ty::Var(_) = t {
            // only `break;` without a value: the loop is `()`
            self.unify(&result.ty, &Ty::Unit);
        }
        result
    }

    /// `for x in a..b`, `for x in vec`, `for (i, x) in v.iter().enumerate()`,
    /// `for (k, v) in map`.
    pub fn for_loop(&mut self, pat: &'a Pat<'a>, iter: &'a Expr<'a>, body: &'a Block<'a>, label: Option<Ident<'a>>) -> V {
        if let ExprKind::Range { lo: Some(lo), hi: Some(hi), inclusive } = &iter.kind {
            let l = self.expr(lo, None);
            let ity = if matches!(self.inf.shallow(&l.ty), Ty::Char) { Ty::Char } else { INT };
            self.expect_ty(lo.span, &ity, &l.ty);
            let h = self.expr_expect(hi, &ity);
            let i = self.new_val(ity.clone());
            self.mov(i.reg, l.reg);
            let end = self.new_val(ity.clone());
            self.mov(end.reg, h.reg);
            let jtest = self.jump();
            let top = self.pc();
            self.open_loop(label, None);
            self.push_scope();
            self.bind_loop_var(pat, V { reg: i.reg, ty: ity.clone() });
            self.block_value(body, Some(&Ty::Unit));
            self.scopes.pop();
            let cont = self.pc();
            // `a..=b` stops once `b` has run, before the step past it (which for
            // `i64::MAX` would wrap and go on)
            let last = inclusive.then(|| self.emit(Insn::JeqI { b: Ri(i.reg), c: Ri(end.reg), t: Tgt(u32::MAX) }));
            self.emit(Insn::AddIK { a: Wi(i.reg), b: Ri(i.reg), v: Imm(1) });
            let test = self.pc();
            self.patch_to(jtest, test);
            if *inclusive {
                self.emit(Insn::JleI { b: Ri(i.reg), c: Ri(end.reg), t: Tgt(top as u32) });
            } else {
                self.emit(Insn::JltI { b: Ri(i.reg), c: Ri(end.reg), t: Tgt(top as u32) });
            }
            if let Some(last) = last {
                self.patch_here(last);
            }
            self.close_loop(cont);
            return self.unit();
        }
        // `.iter().enumerate()` over a vector
        let (src, enumerate) = match &iter.kind {
            ExprKind::MethodCall { recv, name, args, .. } if name.name == "enumerate" && args.is_empty() => (*recv, true),
            _ => (iter, false),
        };
        let coll = self.iter_source(src);
        let (elem, is_map) = match self.inf.shallow(&coll.ty) {
            Ty::Vec(e) => (*e, None),
            Ty::Map(k, v) => (Ty::Tuple(vec![(*k).clone(), (*v).clone()]), Some(((*k).clone(), (*v).clone()))),
            Ty::Str => {
                self.err(src.span, "iterate over a string's characters with `.chars()`");
                (Ty::Error, None)
            }
            Ty::Error => (Ty::Error, None),
            t => {
                let s = self.show(&t);
                self.err(src.span, format!("`{s}` is not iterable"));
                (Ty::Error, None)
            }
        };
        // a map iterates over a snapshot of its keys
        let (vecv, keys_of) = match &is_map {
            Some((k, _)) => {
                let keys = self.call_native(Native::MapKeys, core::slice::from_ref(&coll), Ty::vec(k.clone()));
                (keys, Some(coll.clone()))
            }
            None => (coll.clone(), None),
        };
        let i = self.load_int(0, INT);
        let len = self.new_val(INT);
        self.emit(Insn::VecLen { a: Wi(len.reg), v: Rr(vecv.reg) });
        let jtest = self.jump();
        let top = self.pc();
        self.open_loop(label, None);
        self.push_scope();
        let item = match (&is_map, keys_of) {
            (Some((k, v)), Some(map)) => {
                let key = self.new_val(k.clone());
                self.emit(Insn::VecGet { a: Wx(key.reg), v: Rr(vecv.reg), i: Ri(i.reg) });
                let opt = self.call_native(Native::MapGet, &[map, key.clone()], Ty::option(v.clone()));
                let val = self.new_val(v.clone());
                self.emit(Insn::GetF { a: Wx(val.reg), o: Rr(opt.reg), i: N(0) });
                self.new_tuple(&[key, val])
            }
            _ => {
                let x = self.new_val(elem.clone());
                self.emit(Insn::VecGet { a: Wx(x.reg), v: Rr(vecv.reg), i: Ri(i.reg) });
                x
            }
        };
        if enumerate {
            let idx = self.new_val(INT);
            self.mov(idx.reg, i.reg);
            let pair = self.new_tuple(&[idx, item]);
            self.bind_loop_var(pat, pair);
        } else {
            self.bind_loop_var(pat, item);
            if let (PatKind::Binding { name, .. }, ExprKind::MethodCall { name: m, .. }) = (&pat.kind, &src.kind) {
                if m.name == "iter_mut" {
                    self.mark_via_ref(name.name);
                }
            }
        }
        self.block_value(body, Some(&Ty::Unit));
        self.scopes.pop();
        let cont = self.pc();
        self.emit(Insn::AddIK { a: Wi(i.reg), b: Ri(i.reg), v: Imm(1) });
        let test = self.pc();
        self.patch_to(jtest, test);
        // the length is re-read so pushing inside the loop cannot index out of range
        self.emit(Insn::VecLen { a: Wi(len.reg), v: Rr(vecv.reg) });
        self.emit(Insn::JltI { b: Ri(i.reg), c: Ri(len.reg), t: Tgt(top as u32) });
        self.close_loop(cont);
        self.unit()
    }

    fn bind_loop_var(&mut self, pat: &'a Pat<'a>, v: V) {
        match pat.kind {
            // an immutable loop variable no closure shares is the loop's own register
            PatKind::Binding { name, mutable: false } if !self.boxed.contains(name.name) => {
                if let Some(s) = self.scopes.last_mut() {
                    s.vars.push(super::Var { name: name.name, loc: super::Loc::Reg(v.reg), ty: v.ty.clone(), mutable: false, via_ref: false });
                }
            }
            PatKind::Binding { name, mutable } => {
                self.declare(name.name, v.ty.clone(), mutable, Some(v.reg));
            }
            PatKind::Wild => {}
            _ => self.bind_irrefutable(pat, v),
        }
    }

    fn find_loop(&mut self, label: Option<Ident<'a>>, span: Span, what: &str) -> Option<usize> {
        let idx = match label {
            None => self.loops.len().checked_sub(1),
            Some(l) => self.loops.iter().rposition(|lp| lp.label == Some(l.name)),
        };
        if idx.is_none() {
            match label {
                Some(l) => self.err(l.span, format!("use of undeclared label `'{}`", l.name.trim_start_matches('\''))),
                None => self.err(span, format!("`{what}` outside of a loop")),
            }
        }
        idx
    }

    pub fn break_expr(&mut self, label: Option<Ident<'a>>, value: Option<&'a Expr<'a>>, span: Span) -> V {
        let Some(i) = self.find_loop(label, span, "break") else { return self.never() };
        if let Some(v) = value {
            match self.loops[i].result.clone() {
                Some(res) => {
                    let x = self.expr_expect(v, &res.ty);
                    self.mov(res.reg, x.reg);
                }
                None => {
                    self.err(v.span, "`break` with a value is only allowed in `loop`");
                }
            }
        } else if let Some(res) = self.loops[i].result.clone() {
            if !self.unify(&res.ty, &Ty::Unit) {
                let s = self.show(&res.ty);
                self.err(span, format!("`break` without a value in a `loop` that produces `{s}`"));
            }
        }
        if self.leaves_defer(span, "break", Some(i)) {
            return self.never();
        }
        let depth = self.loops[i].depth;
        self.run_cleanups_from(depth);
        let j = self.jump();
        self.loops[i].breaks.push(j);
        self.never()
    }

    pub fn continue_expr(&mut self, label: Option<Ident<'a>>, span: Span) -> V {
        let Some(i) = self.find_loop(label, span, "continue") else { return self.never() };
        if self.leaves_defer(span, "continue", Some(i)) {
            return self.never();
        }
        let depth = self.loops[i].depth;
        self.run_cleanups_from(depth);
        let j = self.jump();
        self.loops[i].continues.push(j);
        self.never()
    }

    pub fn return_expr(&mut self, value: Option<&'a Expr<'a>>, span: Span) -> V {
        let ret = self.ret.clone();
        let v = match value {
            Some(x) => Some(self.expr_expect(x, &ret)),
            None => {
                if !self.unify(&ret, &Ty::Unit) {
                    let s = self.show(&ret);
                    self.err(span, format!("`return` without a value in a function that returns `{s}`"));
                }
                None
            }
        };
        if !self.leaves_defer(span, "return", None) {
            self.emit_return(v);
        }
        self.never()
    }

    /// Whether a `return`, `?`, `break` or `continue` (`what`; for the last two, to loop
    /// `target`) would leave the `defer` block being compiled, reported as an error: a
    /// `defer` block runs because its scope is being left, and leaving it again would
    /// run it again (the compiler used to recurse until its stack overflowed).
    pub fn leaves_defer(&mut self, span: Span, what: &str, target: Option<usize>) -> bool {
        let Some(&loops_outside) = self.defers.last() else { return false };
        if target.is_some_and(|i| i >= loops_outside) {
            return false;
        }
        self.diag(
            Diagnostic::error(span, format!("`{what}` cannot leave a `defer` block"))
                .help("a `defer` block runs while its scope is left; let it end instead"),
        );
        true
    }

    /// Runs every cleanup of the function, then returns.
    pub fn emit_return(&mut self, v: Option<V>) {
        let v = v.map(|v| self.taken_before_cleanups(v, 0));
        // inside a `defer` block (an error reported already): the cleanups would run
        // this block again
        if self.defers.is_empty() {
            self.run_cleanups_from(0);
        }
        match v {
            Some(v) if !matches!(self.inf.shallow(&self.ret.clone()), Ty::Unit | Ty::Never) => {
                self.emit(Insn::Ret { v: Rx(v.reg) });
            }
            _ => {
                self.emit(Insn::Ret0 {});
            }
        }
    }

    pub fn match_expr(&mut self, scr: &'a Expr<'a>, arms: &'a [Arm<'a>], span: Span, expect: Option<&Ty>) -> V {
        let s = self.expr(scr, None);
        let ty = expect.cloned().unwrap_or_else(|| self.inf.fresh());
        let out = self.new_val(ty.clone());
        let mut ends = Vec::new();
        let mut all_never = true;
        let mut exhaustive = false;
        for arm in arms {
            self.set_line(arm.span);
            self.push_scope();
            let mut fails = self.pattern_test(arm.pat, &s);
            if let Some(g) = arm.guard {
                fails.extend(self.branch_false(g));
            } else if fails.is_empty() {
                exhaustive = true;
            }
            let v = self.expr(arm.body, Some(&ty));
            if !matches!(self.inf.shallow(&v.ty), Ty::Never) {
                all_never = false;
                if !self.unify(&ty, &v.ty) {
                    let (a, b) = (self.show(&ty), self.show(&v.ty));
                    self.diag(Diagnostic::error(arm.body.span, "`match` arms have incompatible types").label(format!("expected `{a}`, found `{b}`")));
                }
                self.mov(out.reg, v.reg);
            }
            self.pop_scope();
            ends.push(self.jump());
            for f in fails {
                self.patch_here(f);
            }
        }
        if !exhaustive && !self.match_is_exhaustive(&s.ty, arms) {
            let t = self.show(&s.ty);
            self.diag(
                Diagnostic::error(scr.span, format!("non-exhaustive patterns in `match` on `{t}`"))
                    .label("some values are not covered")
                    .help("add a `_ => ..` arm"),
            );
        }
        // reached only if no arm matched (a checker gap); fail loudly rather than run on
        let m = self.load_str("no `match` arm matched");
        self.call_native(Native::Panic, &[m], Ty::Never);
        for e in ends {
            self.patch_here(e);
        }
        let _ = span;
        if all_never && !arms.is_empty() {
            return self.never();
        }
        if matches!(self.inf.shallow(&ty), Ty::Var(_)) {
            self.unify(&ty, &Ty::Unit);
        }
        out
    }

    /// Moves the value of one arm of a two-way construct (`catch` body or `recover`) into
    /// its result register, checking the type, unless the arm diverges.
    fn flow_into(&mut self, out: &V, ty: &Ty, v: &V, block: &'a Block<'a>) {
        if !matches!(self.inf.shallow(&v.ty), Ty::Never) {
            self.expect_ty(block.stmts.last().map_or(block.span, |s| s.span), ty, &v.ty);
            self.mov(out.reg, v.reg);
        }
    }

    /// `catch(A | B) { body } recover { handler }`: a handler-table row covers the body;
    /// nothing executes on entry.
    pub fn catch_expr(&mut self, sigs: &'a [Path<'a>], body: &'a Block<'a>, recover: &'a Block<'a>, span: Span, expect: Option<&Ty>) -> V {
        let mut kinds = Vec::new();
        for p in sigs {
            let segs: Vec<&str> = p.segs.iter().map(|s| s.name).collect();
            match self.lookup_path(&segs) {
                Some(Def::Signal(l)) => kinds.push(l),
                _ => self.diag(
                    Diagnostic::error(p.span, format!("`{}` is not a signal", segs.join("::")))
                        .label("expected a signal kind")
                        .help("declare it with `signal NAME;`"),
                ),
            }
        }
        if sigs.is_empty() {
            self.err(span, "`catch` needs the signals it handles: `catch(A | B) { .. } recover { .. }`");
        }
        let ty = expect.cloned().unwrap_or_else(|| self.inf.fresh());
        let out = self.new_val(ty.clone());
        let sig_reg = self.new_val(if kinds.len() == 1 { Ty::Sig(kinds[0]) } else { Ty::SigSet(kinds.clone()) });
        let start = self.pc();
        self.catches.push(super::OpenCatch { signals: kinds.clone(), depth: self.scopes.len(), holes: Vec::new() });
        let b = self.block_value(body, Some(&ty));
        let holes = self.catches.pop().map(|c| c.holes).unwrap_or_default();
        self.flow_into(&out, &ty, &b, body);
        let end = self.pc();
        let jend = self.jump();
        let target = self.pc();
        self.recovers.push(sig_reg.clone());
        let r = self.block_value(recover, Some(&ty));
        self.recovers.pop();
        self.flow_into(&out, &ty, &r, recover);
        self.patch_here(jend);
        for (start, end) in super::cleanups::without(start, end, &holes) {
            self.handlers.push(Handler { start: start as u32, end: end as u32, target: target as u32, reg: sig_reg.reg, signals: kinds.clone() });
        }
        if matches!(self.inf.shallow(&ty), Ty::Var(_)) {
            self.unify(&ty, &Ty::Unit);
        }
        if matches!(self.inf.shallow(&b.ty), Ty::Never) && matches!(self.inf.shallow(&r.ty), Ty::Never) {
            return self.never();
        }
        out
    }
}

impl<'u, 'a> FnCx<'u, 'a> {
    /// What a `for` loop iterates, `e` lowered: `v.iter()`, `v.into_iter()`, `&v`,
    /// `v.iter_mut()` are `v` itself, unless `v`'s type has a method of that name of its
    /// own (a user type's `iter()` returning a vector), which is called.
    fn iter_source(&mut self, e: &'a Expr<'a>) -> V {
        match &e.kind {
            ExprKind::MethodCall { recv, name, args, .. } if args.is_empty() && matches!(name.name, "iter" | "into_iter" | "iter_mut") => {
                let r = self.iter_source(recv);
                match self.user_method(&r.ty, *name) {
                    Some(_) => self.method_call_on(r, *name, args, e.span, None),
                    None => r,
                }
            }
            ExprKind::Unary(UnOp::Ref | UnOp::RefMut, x) => self.iter_source(x),
            _ => self.expr(e, None),
        }
    }
}
