//! Places a value is written to: a variable or global, a field (`s.f`), a vector's
//! element (`v[i]`). An assignment, a compound one (`v[i] += x`) and an in-place string
//! append (`names[i].push_str(..)`, strings being values) evaluate the place's object
//! and index once, then read and write through the registers holding them.
use cprime_bytecode::builtins;
use cprime_bytecode::isa::*;

use super::{FnCx, V};
use crate::ast::*;
use crate::diag::Diagnostic;
use crate::items::Def;
use crate::types::{Ty, INT};

/// A field or element place, its object (and index) evaluated.
pub(super) enum Place {
    Field { obj: V, idx: u16, ty: Ty },
    /// A vector's element.
    Elem { vec: V, index: V, ty: Ty },
    /// What can be read but not written through: `map[key]` (the value it read,
    /// `from_map`), or an object of a type that cannot be indexed (its error reported).
    ReadOnly { value: V, from_map: bool },
}

impl<'u, 'a> FnCx<'u, 'a> {
    /// `x = v`, `x += v`, `s.f = v`, `v[i] = x`.
    pub(super) fn assign(&mut self, lhs: &'a Expr<'a>, rhs: &'a Expr<'a>, op: Option<BinOp>, span: Span) {
        match &lhs.kind {
            ExprKind::Path(p) if p.is_single() => {
                let name = p.segs[0].name;
                if let Some(var) = self.lookup_var(name).or_else(|| self.capture(name)) {
                    if !var.mutable {
                        self.diag(
                            Diagnostic::error(lhs.span, format!("cannot assign twice to immutable variable `{name}`"))
                                .label("cannot assign")
                                .help(format!("make the variable mutable: `let mut {name}`")),
                        );
                    }
                    if let (Some(bop), super::Loc::Reg(r)) = (op, var.loc) {
                        if let Some(()) = self.int_update_in_place(bop, r, &var.ty, rhs) {
                            return;
                        }
                    }
                    let v = self.assigned_value(lhs, rhs, op, &var.ty, span);
                    self.write_loc(var.loc, v.reg);
                    return;
                }
                if let Some(Def::Global(g)) = self.lookup_def(name) {
                    let ty = self.global_ty(g);
                    let v = self.assigned_value(lhs, rhs, op, &ty, span);
                    self.emit(Insn::GSet { g: Glb(g), v: Rx(v.reg) });
                    return;
                }
                self.err(lhs.span, format!("cannot find variable `{name}` in this scope"));
            }
            ExprKind::Path(p) => {
                let segs: Vec<&str> = p.segs.iter().map(|s| s.name).collect();
                if let Some(Def::Global(g)) = self.lookup_path(&segs) {
                    let ty = self.global_ty(g);
                    let v = self.assigned_value(lhs, rhs, op, &ty, span);
                    self.emit(Insn::GSet { g: Glb(g), v: Rx(v.reg) });
                    return;
                }
                self.err(lhs.span, "invalid left-hand side of assignment");
            }
            ExprKind::Field(..) | ExprKind::Index(..) => {
                // (the object and the index are evaluated once, `v[f()] += 1` included)
                let Some(place) = self.place(lhs) else { return };
                let Some(ty) = self.writable(&place, lhs.span) else { return };
                let v = match op {
                    None => self.expr_expect(rhs, &ty),
                    Some(op) => {
                        let cur = self.load(&place);
                        self.updated(cur, op, rhs, &ty, span)
                    }
                };
                self.store(&place, v);
            }
            ExprKind::Unary(UnOp::Deref, inner) => {
                if self.write_through_copy(inner, lhs.span) {
                    self.expr(rhs, None);
                    return;
                }
                self.assign(inner, rhs, op, span)
            }
            _ => self.err(lhs.span, "invalid left-hand side of assignment"),
        }
    }

    /// `*x = v` where `x` is a variable: a `&mut` parameter of a value type, a `let r =
    /// &mut y;`, or an `iter_mut()` loop's element, holds a copy here (`&mut T` is `T`), so the
    /// write could not reach its owner: refused, saying so (`true`).
    fn write_through_copy(&mut self, inner: &'a Expr<'a>, at: Span) -> bool {
        let ExprKind::Path(p) = &inner.kind else { return false };
        if !p.is_single() {
            return false;
        }
        let name = p.segs[0].name;
        // mutable or not: a `mut n: &mut int` parameter or `let mut r = &mut y;` holds a
        // copy as well, and `*r = ..` would rebind only `r`
        if self.lookup_var(name).or_else(|| self.capture(name)).is_none() {
            return false;
        }
        self.diag(
            Diagnostic::error(at, format!("cannot assign through `*{name}`: the write would not reach the value's owner"))
                .label(format!("`&mut T` is `T` here: this would only rebind `{name}`"))
                .help("return the new value (`n = bump(n)`), index the vector itself (`for i in 0..v.len() { v[i] = .. }` for `iter_mut()`), or keep the value in a struct field, which `&mut` shares"),
        );
        true
    }

    /// `x += e` on an integer register variable: one instruction writing `x` directly.
    fn int_update_in_place(&mut self, op: BinOp, r: u16, ty: &Ty, rhs: &'a Expr<'a>) -> Option<()> {
        let ty = self.inf.shallow(ty);
        match ty {
            // (`u64`'s own `/`, `%`, `>>` are no single instruction: `binary_vals`)
            Ty::Int(it) if !super::expr::unsigned_64(it, op) => {}
            _ => return None,
        }
        let var = V { reg: r, ty: ty.clone() };
        if let ExprKind::Int(k) = &rhs.kind {
            if let Some((make, k)) = super::expr::int_immediate(op, *k as i64) {
                self.emit(make(Wi(r), Ri(r), Imm(k)));
                self.wrap_to_width(&var, op);
                return Some(());
            }
        }
        // (a literal is of the variable's type, `a &= 18446744073709551614` with `a: u64`;
        // another value may be any integer, and a shift's amount is an `int`)
        let literal = crate::types::int_literal(rhs).is_some() && !matches!(op, BinOp::Shl | BinOp::Shr);
        let v = self.expr_expect(rhs, if literal { &ty } else { &INT });
        let amount = if matches!(op, BinOp::Shl | BinOp::Shr) { self.shift_amount(&ty, v.reg) } else { v.reg };
        let (a, b, c) = (Wi(r), Ri(r), Ri(amount));
        let insn = match op {
            BinOp::Add => Insn::AddI { a, b, c },
            BinOp::Sub => Insn::SubI { a, b, c },
            BinOp::Mul => Insn::MulI { a, b, c },
            BinOp::Div => Insn::DivI { a, b, c },
            BinOp::Rem => Insn::RemI { a, b, c },
            BinOp::BitAnd => Insn::AndI { a, b, c },
            BinOp::BitOr => Insn::OrI { a, b, c },
            BinOp::BitXor => Insn::XorI { a, b, c },
            BinOp::Shl => Insn::ShlI { a, b, c },
            BinOp::Shr => Insn::ShrI { a, b, c },
            _ => return None,
        };
        self.emit(insn);
        self.wrap_to_width(&var, op);
        Some(())
    }

    /// The value `lhs = rhs` or `lhs op= rhs` stores, `lhs` being a variable or global.
    fn assigned_value(&mut self, lhs: &'a Expr<'a>, rhs: &'a Expr<'a>, op: Option<BinOp>, ty: &Ty, span: Span) -> V {
        match op {
            None => self.expr_expect(rhs, ty),
            Some(op) => {
                let cur = self.expr(lhs, None);
                self.updated(cur, op, rhs, ty, span)
            }
        }
    }

    /// `cur op rhs`, which is stored where `cur` was read, a place of type `ty`.
    fn updated(&mut self, cur: V, op: BinOp, rhs: &'a Expr<'a>, ty: &Ty, span: Span) -> V {
        let hint = self.inf.shallow(&cur.ty);
        let r = self.expr(rhs, Some(&hint));
        let v = self.binary_vals(op, cur, r, span);
        self.expect_ty(span, ty, &v.ty);
        v
    }

    /// The field or element place `e` names (`s.f`, `v[i]`), its object and index
    /// evaluated; `None` when `e` is no such place or its errors were reported.
    pub(super) fn place(&mut self, e: &'a Expr<'a>) -> Option<Place> {
        match &e.kind {
            ExprKind::Field(obj, name) => {
                let o = self.expr(obj, None);
                let (idx, ty) = self.field_of(&o.ty, *name)?;
                Some(Place::Field { obj: o, idx, ty })
            }
            ExprKind::Index(obj, i) => {
                let o = self.expr(obj, None);
                match self.inf.shallow(&o.ty) {
                    Ty::Vec(ty) if !matches!(i.kind, ExprKind::Range { .. }) => {
                        let index = self.expr_expect(i, &INT);
                        Some(Place::Elem { vec: o, index, ty: *ty })
                    }
                    Ty::Error => None,
                    Ty::Map(..) => {
                        let value = self.index_of(o, obj.span, i, e.span);
                        Some(Place::ReadOnly { value, from_map: true })
                    }
                    _ => {
                        // (the error said by `index_of`)
                        let value = self.index_of(o, obj.span, i, e.span);
                        Some(Place::ReadOnly { value, from_map: false })
                    }
                }
            }
            _ => None,
        }
    }

    /// The type `place` holds, if it can be written (else the error is reported).
    fn writable(&mut self, place: &Place, at: Span) -> Option<Ty> {
        match place {
            Place::Field { ty, .. } | Place::Elem { ty, .. } => Some(ty.clone()),
            Place::ReadOnly { from_map: true, .. } => {
                self.err(at, "assigning through `map[key]` is not supported; use `map.insert(key, value)`");
                None
            }
            Place::ReadOnly { value, .. } => {
                if !matches!(self.inf.shallow(&value.ty), Ty::Error) {
                    self.err(at, "invalid left-hand side of assignment");
                }
                None
            }
        }
    }

    /// The value at `place` now.
    pub(super) fn load(&mut self, place: &Place) -> V {
        match place {
            Place::Field { obj, idx, ty } => {
                let out = self.new_val(ty.clone());
                self.emit(Insn::GetF { a: Wx(out.reg), o: Rr(obj.reg), i: N(*idx) });
                out
            }
            Place::Elem { vec, index, ty } => {
                let out = self.new_val(ty.clone());
                self.emit(Insn::VecGet { a: Wx(out.reg), v: Rr(vec.reg), i: Ri(index.reg) });
                out
            }
            Place::ReadOnly { value, .. } => value.clone(),
        }
    }

    /// Writes `v` to a writable `place`.
    fn store(&mut self, place: &Place, v: V) {
        match place {
            Place::Field { obj, idx, .. } => {
                self.emit(Insn::SetF { o: Rr(obj.reg), i: N(*idx), v: Rx(v.reg) });
            }
            Place::Elem { vec, index, .. } => {
                self.emit(Insn::VecSet { v: Rr(vec.reg), i: Ri(index.reg), x: Rx(v.reg) });
            }
            Place::ReadOnly { .. } => {}
        }
    }

    /// A method that gives its receiver's place a new value, strings and options being
    /// values: `s.push_str(x)` / `s.push(c)` of a string (the longer one), `o.take()` /
    /// `o.replace(x)` of an `Option` (`None` / `Some(x)`, the method returning the old
    /// one). `None`: `recv` is no place; a place of another type gets the method called
    /// on its value (a vector's `push`).
    pub(super) fn rebinding_method(&mut self, recv: &'a Expr<'a>, name: Ident<'a>, args: &'a [&'a Expr<'a>], span: Span) -> Option<V> {
        let arity = if name.name == "take" { 0 } else { 1 };
        if args.len() != arity {
            return None;
        }
        let (cur, place) = match &recv.kind {
            ExprKind::Path(p) if p.is_single() => (self.expr(recv, None), None),
            ExprKind::Field(..) => {
                let place = self.place(recv)?;
                (self.load(&place), Some(place))
            }
            ExprKind::Index(_, i) if !matches!(i.kind, ExprKind::Range { .. }) => {
                let place = self.place(recv)?;
                (self.load(&place), Some(place))
            }
            _ => return None,
        };
        let ty = self.inf.shallow(&cur.ty);
        // the old value, returned: out of the variable's register, which gets the new one
        let old = |cx: &mut Self| {
            let o = cx.new_val(cur.ty.clone());
            cx.mov(o.reg, cur.reg);
            o
        };
        let (new, out) = match (name.name, &ty) {
            ("push_str" | "push", Ty::Str) => (self.appended(cur, name, args[0], span), self.unit()),
            ("take", Ty::Option(_)) => {
                let out = old(self);
                (self.new_record_fixed(builtins::NONE, &[], ty.clone()), out)
            }
            ("replace", Ty::Option(x)) => {
                let x = (**x).clone();
                let v = self.expr_expect(args[0], &x);
                let out = old(self);
                (self.new_variant(builtins::some, v, ty.clone()), out)
            }
            // not a string or an option: a user type's own method, or a vector's `push`
            _ => return Some(self.method_call_on(cur, name, args, span, None)),
        };
        // how the errors below name it
        let string = ty == Ty::Str;
        let (what, noun, type_name) = if string { ("a string", "string", "String") } else { ("an option", "option", "Option") };
        match (&recv.kind, place) {
            (_, Some(Place::ReadOnly { from_map: true, .. })) => {
                let help = if string { "insert the longer string: `map.insert(key, map[key] + x)`" } else { "insert the new value: `map.insert(key, value)`" };
                self.diag(
                    Diagnostic::error(recv.span, format!("`{}` cannot change {what} in a map through `map[key]`", name.name))
                        .label("this reads a copy of the value")
                        .help(help),
                );
            }
            (_, Some(place)) => self.store(&place, new),
            (ExprKind::Path(p), None) => {
                let n = p.segs[0].name;
                if let Some(var) = self.lookup_var(n).or_else(|| self.capture(n)) {
                    if var.via_ref {
                        self.diag(
                            Diagnostic::error(recv.span, format!("`{}` through `{n}` would not reach the {noun}'s owner", name.name))
                                .label(format!("`&mut {type_name}` is `{type_name}` here: this would only change `{n}`"))
                                .help(if string {
                                    "return the new string (`s = with_suffix(s)`), or change the owner's place itself (`v[i].push_str(..)`, `p.name.push_str(..)`)"
                                } else {
                                    "return the new option, or change the owner's place itself (`v[i].take()`, `p.item.take()`)"
                                }),
                        );
                    } else if !var.mutable {
                        self.err(recv.span, format!("cannot mutate immutable variable `{n}`"));
                    }
                    self.write_loc(var.loc, new.reg);
                }
            }
            _ => {}
        }
        Some(out)
    }

    /// `cur` with `push_str(x)` / `push(c)`'s piece after it.
    fn appended(&mut self, cur: V, name: Ident<'a>, arg: &'a Expr<'a>, span: Span) -> V {
        let piece = if name.name == "push" {
            let c = self.expr_expect(arg, &Ty::Char);
            self.to_text(c, false, None, span)
        } else {
            self.expr_expect(arg, &Ty::Str)
        };
        self.binary_vals(BinOp::Add, cur, piece, span)
    }
}
