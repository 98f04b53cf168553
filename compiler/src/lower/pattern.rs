//! Patterns: tests that jump away on mismatch, and the bindings they introduce.
use cprime_bytecode::builtins;
use cprime_bytecode::isa::*;

use super::{FnCx, V};
use crate::ast::*;
use crate::diag::Diagnostic;
use crate::items::Def;
use crate::types::{Ty, INT};

/// What a constructor pattern (`Some(x)`, `Shape::Circle { r }`, `IO_ERROR(e)`) names
/// (also what the exhaustiveness check splits on: `exhaustive.rs`).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Ctor {
    Some,
    None,
    Ok,
    Err,
    Variant(u32, u32),
    Signal(u32),
    Struct(u32),
}

impl<'u, 'a> FnCx<'u, 'a> {
    /// Emits the test of `pat` against `s`; returns jumps taken on mismatch. Bindings are
    /// declared in the current scope.
    pub fn pattern_test(&mut self, pat: &'a Pat<'a>, s: &V) -> Vec<usize> {
        let mut fails = Vec::new();
        self.pat(pat, s, &mut fails);
        fails
    }

    /// A pattern that cannot fail (`let (a, b) = ..`, parameters).
    pub fn bind_irrefutable(&mut self, pat: &'a Pat<'a>, v: V) {
        let fails = self.pattern_test(pat, &v);
        self.refutable_in_binding(pat, fails);
    }

    /// [`Self::bind_irrefutable`] of tuple pattern `pat` (whose parts are `ps`) to a
    /// tuple's `parts` taken one by one (`take_back_tuple`).
    pub fn bind_irrefutable_parts(&mut self, pat: &'a Pat<'a>, ps: &'a [Pat<'a>], parts: Vec<V>) {
        let mut fails = Vec::new();
        for (p, part) in ps.iter().zip(parts) {
            self.pat(p, &part, &mut fails);
        }
        self.refutable_in_binding(pat, fails);
    }

    /// Reports a binding's pattern that may not match (its tests jumped to `fails`).
    fn refutable_in_binding(&mut self, pat: &'a Pat<'a>, fails: Vec<usize>) {
        if !fails.is_empty() {
            self.diag(Diagnostic::error(pat.span, "refutable pattern in a binding").help("use `if let` or `match` for patterns that may not match"));
            for f in fails {
                self.patch_here(f);
            }
        }
    }

    fn pat(&mut self, pat: &'a Pat<'a>, s: &V, fails: &mut Vec<usize>) {
        match &pat.kind {
            PatKind::Wild => {}
            PatKind::Ref(p) => self.pat(p, s, fails),
            PatKind::Binding { name, mutable } => {
                if let Some(ctor) = self.named_ctor(name.name) {
                    // (of the value's type, as a path's must be: `A` of `use F::*` on an
                    // `E`, a `None` on an `int` would never match)
                    self.ctor_fits(&ctor, &s.ty, pat.span);
                    self.ctor_test(ctor, s, fails);
                    return;
                }
                if let Some(Def::Const(c)) = self.lookup_def(name.name) {
                    let k = self.const_value(c);
                    self.equal_test(s, k, pat.span, fails);
                    return;
                }
                self.declare(name.name, s.ty.clone(), *mutable, Some(s.reg));
            }
            PatKind::Lit(e) => {
                if let Some(k) = literal_int(e) {
                    let st = self.inf.shallow(&s.ty);
                    let lit_ty = match e.kind {
                        ExprKind::Char(_) => Ty::Char,
                        ExprKind::Bool(_) => Ty::Bool,
                        _ => INT,
                    };
                    if !matches!(st, Ty::Error) && !self.unify(&st, &lit_ty) {
                        let (a, b) = (self.show(&st), self.show(&lit_ty));
                        self.diag(Diagnostic::error(pat.span, "mismatched types in pattern").label(format!("expected `{a}`, found `{b}`")));
                    }
                    self.check_pattern_literal(e, &st);
                    fails.push(self.emit(Insn::JneIK { b: Ri(s.reg), v: Imm(k), t: Tgt(u32::MAX) }));
                    return;
                }
                let k = self.expr(e, Some(&s.ty.clone()));
                self.equal_test(s, k, pat.span, fails);
            }
            PatKind::Range { lo, hi, inclusive } => {
                let (Some(l), Some(h)) = (literal_int(lo), literal_int(hi)) else {
                    self.err(pat.span, "range patterns need integer or char literal bounds");
                    return;
                };
                let st = self.inf.shallow(&s.ty);
                self.check_pattern_literal(lo, &st);
                self.check_pattern_literal(hi, &st);
                // a `u64`'s order is unsigned: its value and the bounds are compared with
                // their top bits flipped (`..=u64::MAX` has no value past its end either)
                let (value, flip, end) = if st == Ty::Int(crate::types::IntTy::U64) {
                    let f = self.top_bit_flipped(s.reg);
                    let end = if *inclusive { (h as u64).checked_add(1).map(|e| e as i64) } else { Some(h) };
                    (f, i64::MIN, end)
                } else {
                    // (`..=i64::MAX` has no value past its end: nothing more to test)
                    (s.reg, 0, if *inclusive { h.checked_add(1) } else { Some(h) })
                };
                fails.push(self.emit(Insn::JltIK { b: Ri(value), v: Imm(l ^ flip), t: Tgt(u32::MAX) }));
                if let Some(end) = end {
                    fails.push(self.emit(Insn::JgeIK { b: Ri(value), v: Imm(end ^ flip), t: Tgt(u32::MAX) }));
                }
            }
            PatKind::Tuple(ps) => {
                let tys = match self.inf.shallow(&s.ty) {
                    Ty::Tuple(ts) if ts.len() == ps.len() => ts,
                    // `()` matches the unit value: nothing to test
                    Ty::Unit if ps.is_empty() => Vec::new(),
                    Ty::Error => vec![Ty::Error; ps.len()],
                    Ty::Var(_) => {
                        let ts: Vec<Ty> = ps.iter().map(|_| self.inf.fresh()).collect();
                        self.unify(&s.ty, &Ty::Tuple(ts.clone()));
                        ts
                    }
                    t => {
                        let st = self.show(&t);
                        self.err(pat.span, format!("expected `{st}`, found a tuple pattern of {} elements", ps.len()));
                        // its names are still bound (as errors), so their uses say nothing more
                        let e = V { reg: self.never().reg, ty: Ty::Error };
                        self.pat(pat, &e, fails);
                        return;
                    }
                };
                for (i, (p, t)) in ps.iter().zip(tys).enumerate() {
                    let f = self.get_field(s, i as u16, t);
                    self.pat(p, &f, fails);
                }
            }
            PatKind::TupleStruct { path, elems } => {
                let Some(ctor) = self.path_ctor(path, &s.ty) else { return };
                let fields = self.ctor_fields(&ctor, &s.ty);
                self.ctor_test_ref(&ctor, s, fails);
                if let Ctor::Signal(l) = ctor {
                    // `IO_ERROR(e)` binds the whole signal value, typed as that kind
                    if elems.len() == 1 {
                        let v = V { reg: s.reg, ty: Ty::Sig(l) };
                        self.pat(&elems[0], &v, fails);
                    } else if !elems.is_empty() {
                        self.err(pat.span, "a signal pattern binds one name: `KIND(value)`");
                    }
                    return;
                }
                if elems.len() != fields.len() {
                    self.err(
                        pat.span,
                        format!("this pattern has {}, but the variant has {}", crate::diag::counted(elems.len(), "field"), fields.len()),
                    );
                    return;
                }
                for (i, (p, (_, t))) in elems.iter().zip(fields).enumerate() {
                    let f = self.get_field(s, i as u16, t);
                    self.pat(p, &f, fails);
                }
            }
            PatKind::Struct { path, fields: pfields, .. } => {
                let Some(ctor) = self.path_ctor(path, &s.ty) else { return };
                let fields = self.ctor_fields(&ctor, &s.ty);
                self.ctor_test_ref(&ctor, s, fails);
                for (k, (name, p)) in pfields.iter().enumerate() {
                    if pfields[..k].iter().any(|(other, _)| other.name == name.name) {
                        self.err(name.span, format!("field `{}` is named more than once in this pattern", name.name));
                        continue;
                    }
                    match fields.iter().position(|(n, _)| n == name.name) {
                        Some(i) => {
                            let f = self.get_field(s, i as u16, fields[i].1.clone());
                            self.pat(p, &f, fails);
                        }
                        None => self.err(name.span, format!("no field `{}` in this pattern's type", name.name)),
                    }
                }
            }
            PatKind::Path(path) => {
                if let Some(ctor) = self.path_ctor(path, &s.ty) {
                    self.ctor_test(ctor, s, fails);
                }
            }
            PatKind::Or(ps) => {
                // each alternative jumps to `matched` on success; bindings are not allowed
                let mut matched = Vec::new();
                for (i, p) in ps.iter().enumerate() {
                    let mut alt_fails = Vec::new();
                    let before = self.scopes.last().map_or(0, |s| s.vars.len());
                    self.pat(p, s, &mut alt_fails);
                    if self.scopes.last().map_or(0, |s| s.vars.len()) != before {
                        self.err(p.span, "bindings inside `|` patterns are not supported");
                    }
                    if i + 1 == ps.len() {
                        fails.extend(alt_fails);
                    } else {
                        matched.push(self.jump());
                        for f in alt_fails {
                            self.patch_here(f);
                        }
                    }
                }
                for m in matched {
                    self.patch_here(m);
                }
            }
        }
    }

    fn get_field(&mut self, s: &V, i: u16, t: Ty) -> V {
        let out = self.new_val(t);
        self.emit(Insn::GetF { a: Wx(out.reg), o: Rr(s.reg), i: N(i) });
        out
    }

    fn equal_test(&mut self, s: &V, k: V, span: Span, fails: &mut Vec<usize>) {
        let eq = self.binary_vals(BinOp::Eq, s.clone(), k, span);
        fails.push(self.emit(Insn::JmpIfNot { c: Ri(eq.reg), t: Tgt(u32::MAX) }));
    }

    /// Reports a signal pattern of kind `l` on a value of type `t` that cannot hold it.
    fn check_signal_fits(&mut self, l: u32, t: &Ty, span: Span) {
        let st = self.inf.shallow(t);
        let name = || self.u.prog.module.layouts[l as usize].name.clone();
        match st {
            Ty::SigSet(ref ls) if !ls.contains(&l) => {
                let (name, s) = (name(), self.show(&st));
                self.err(span, format!("signal `{name}` cannot occur here: this value is `{s}`"));
            }
            Ty::Sig(x) if x != l => {
                let (name, s) = (name(), self.show(&st));
                self.err(span, format!("signal `{name}` cannot occur here: this value is `{s}`"));
            }
            Ty::Sig(_) | Ty::SigSet(_) | Ty::AnySignal | Ty::Error => {}
            _ => {
                let s = self.show(&st);
                self.err(span, format!("expected `{s}`, found a signal pattern"));
            }
        }
    }

    /// A bare name that is a constructor in this position (`None`, `SIGINT`, `Red` after
    /// `use`; `None` is `Option`'s whatever the value is).
    pub(super) fn named_ctor(&self, name: &str) -> Option<Ctor> {
        match self.lookup_def(name) {
            Some(Def::Signal(l)) => Some(Ctor::Signal(l)),
            Some(Def::Variant(e, v)) => Some(Ctor::Variant(e, v)),
            None if name == "None" => Some(Ctor::None),
            _ => None,
        }
    }

    /// The constructor a pattern's path (`Shape::Circle`, `Some`, `a::E`) names.
    pub(super) fn resolve_ctor(&self, segs: &[&str]) -> Option<Ctor> {
        match self.lookup_path(segs) {
            Some(Def::Variant(e, v)) => Some(Ctor::Variant(e, v)),
            Some(Def::Signal(l)) => Some(Ctor::Signal(l)),
            Some(Def::Struct(s)) => Some(Ctor::Struct(s)),
            None if segs.len() == 1 => match segs[0] {
                "Some" => Some(Ctor::Some),
                "None" => Some(Ctor::None),
                "Ok" => Some(Ctor::Ok),
                "Err" => Some(Ctor::Err),
                _ => None,
            },
            _ => None,
        }
    }

    fn path_ctor(&mut self, path: &Path<'a>, t: &Ty) -> Option<Ctor> {
        let segs: Vec<&str> = path.segs.iter().map(|s| s.name).collect();
        let Some(ctor) = self.resolve_ctor(&segs) else {
            self.diag(Diagnostic::error(path.span, format!("cannot find variant or signal `{}`", segs.join("::"))).label("not found"));
            return None;
        };
        self.ctor_fits(&ctor, t, path.span);
        Some(ctor)
    }

    /// Reports a constructor pattern on a value of a type it cannot be (a value of a type
    /// not known yet gets the constructor's).
    fn ctor_fits(&mut self, c: &Ctor, t: &Ty, span: Span) {
        let expected = match c {
            Ctor::Some | Ctor::None => {
                let v = self.inf.fresh();
                Ty::option(v)
            }
            Ctor::Ok | Ctor::Err => {
                let (a, b) = (self.inf.fresh(), self.inf.fresh());
                Ty::Result(Box::new(a), Box::new(b))
            }
            Ctor::Variant(e, _) => Ty::Enum(*e),
            Ctor::Struct(s) => Ty::Struct(*s),
            Ctor::Signal(l) => return self.check_signal_fits(*l, t, span),
        };
        if !self.unify(&expected, t) {
            let (a, b) = (self.show(t), self.show(&expected));
            self.diag(Diagnostic::error(span, "mismatched types in pattern").label(format!("expected `{a}`, found `{b}`")));
        }
    }

    /// A constructor's fields on a value of type `t` (names, types).
    pub(super) fn ctor_fields(&mut self, c: &Ctor, t: &Ty) -> Vec<(String, Ty)> {
        match c {
            Ctor::Some => match self.inf.shallow(t) {
                Ty::Option(x) => vec![("0".into(), *x)],
                _ => vec![("0".into(), Ty::Error)],
            },
            Ctor::Ok | Ctor::Err => match self.inf.shallow(t) {
                Ty::Result(a, b) => vec![("0".into(), if matches!(c, Ctor::Ok) { *a } else { *b })],
                _ => vec![("0".into(), Ty::Error)],
            },
            Ctor::None => Vec::new(),
            Ctor::Variant(e, v) => self.u.prog.enums[*e as usize].variants[*v as usize].fields.clone(),
            Ctor::Signal(l) => self.u.prog.signals.get(l).map(|s| s.fields.clone()).unwrap_or_default(),
            Ctor::Struct(s) => self.u.prog.structs[*s as usize].fields.clone(),
        }
    }

    fn ctor_test(&mut self, c: Ctor, s: &V, fails: &mut Vec<usize>) {
        self.ctor_test_ref(&c, s, fails)
    }

    /// Tests the record's layout: Option/Result by layout ranges (their ids depend on the
    /// payload kind), others by exact id.
    fn ctor_test_ref(&mut self, c: &Ctor, s: &V, fails: &mut Vec<usize>) {
        if let Ctor::Struct(_) = c {
            return;
        }
        let tag = self.new_val(INT);
        self.emit(Insn::Tag { a: Wi(tag.reg), o: Rr(s.reg) });
        let t = Tgt(u32::MAX);
        let b = Ri(tag.reg);
        let insn = match c {
            Ctor::None => Insn::JneIK { b, v: Imm(builtins::NONE as i64), t },
            Ctor::Some => Insn::JeqIK { b, v: Imm(builtins::NONE as i64), t },
            Ctor::Ok => Insn::JgeIK { b, v: Imm(builtins::ERR_I as i64), t },
            Ctor::Err => Insn::JltIK { b, v: Imm(builtins::ERR_I as i64), t },
            Ctor::Variant(e, v) => {
                let l = self.u.prog.enums[*e as usize].variants[*v as usize].layout;
                Insn::JneIK { b, v: Imm(l as i64), t }
            }
            Ctor::Signal(l) => Insn::JneIK { b, v: Imm(*l as i64), t },
            Ctor::Struct(_) => return,
        };
        fails.push(self.emit(insn));
    }
}

impl FnCx<'_, '_> {
    /// An integer literal in a pattern must fit the matched value's type (`300` cannot
    /// match a `u8`, as Rust's `overflowing_literals` says).
    fn check_pattern_literal(&mut self, e: &Expr, matched: &Ty) {
        if let (Some((v, negated)), Ty::Int(it)) = (crate::types::int_literal(e), matched) {
            if let Some(d) = crate::types::literal_misfit(v, negated, *it, e.span) {
                self.diag(d);
            }
        }
    }
}

/// The integer value of an int, char or bool literal (or a negated int).
fn literal_int(e: &Expr) -> Option<i64> {
    match &e.kind {
        ExprKind::Int(v) => Some(*v as i64),
        ExprKind::Char(c) => Some(*c as i64),
        ExprKind::Bool(b) => Some(*b as i64),
        ExprKind::Unary(UnOp::Neg, x) => match x.kind {
            ExprKind::Int(v) => Some((v as i64).wrapping_neg()),
            _ => None,
        },
        _ => None,
    }
}
