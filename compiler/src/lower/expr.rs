//! Expressions and statements.
use cprime_bytecode::builtins;
use cprime_bytecode::isa::*;
use cprime_bytecode::natives::Native;
use cprime_bytecode::numbers::IntFn2;

use super::{Cleanup, FnCx, Loc, V};
use crate::ast::*;
use crate::diag::Diagnostic;
use crate::items::{Def, TyKey};
use crate::types::{IntTy, Ty, INT};

impl<'u, 'a> FnCx<'u, 'a> {
    /// Compiles `e` and checks it against `ty`.
    pub fn expr_expect(&mut self, e: &'a Expr<'a>, ty: &Ty) -> V {
        let v = self.expr(e, Some(ty));
        self.expect_ty(e.span, ty, &v.ty);
        v
    }

    /// A block in its own scope; its value is the trailing expression's.
    pub fn block_value(&mut self, b: &'a Block<'a>, expect: Option<&Ty>) -> V {
        self.push_scope();
        let v = self.block_stmts(b, expect);
        let v = self.taken_before_cleanups(v, self.scopes.len() - 1);
        self.pop_scope_with(!matches!(v.ty, Ty::Never));
        v
    }

    /// The statements of a block in the current scope.
    pub fn block_stmts(&mut self, b: &'a Block<'a>, expect: Option<&Ty>) -> V {
        let n = b.stmts.len();
        let mut diverged = false;
        for (i, s) in b.stmts.iter().enumerate() {
            self.set_line(s.span);
            let last = i + 1 == n;
            match &s.kind {
                StmtKind::Expr { expr, semi: false } if last => {
                    let v = self.expr(expr, expect);
                    if !diverged {
                        return v;
                    }
                    // unreachable, but its type is still the block's (as in Rust): a
                    // closure `|| { raise(E); 7 }` returns an int, not `()`
                    if let Some(want) = expect {
                        if matches!(self.inf.shallow(want), Ty::Var(_)) && !matches!(v.ty, Ty::Never) {
                            self.expect_ty(expr.span, want, &v.ty);
                        }
                    }
                    return V { reg: v.reg, ty: Ty::Never };
                }
                StmtKind::Expr { expr, .. } => {
                    let v = self.expr(expr, None);
                    self.detach_spawn(expr, &v);
                    if matches!(v.ty, Ty::Never) {
                        diverged = true;
                    }
                }
                StmtKind::Let { pat, ty, init } => {
                    if self.let_stmt(pat, ty.as_ref(), *init) {
                        diverged = true;
                    }
                }
                StmtKind::Item(_) => {} // hoisted to the module
                StmtKind::Defer(block) => {
                    self.add_cleanup(Cleanup::Defer(block));
                }
            }
        }
        if diverged {
            self.never()
        } else {
            self.unit()
        }
    }

    /// `let`; returns whether the initializer diverges.
    fn let_stmt(&mut self, pat: &'a Pat<'a>, ty: Option<&Type<'a>>, init: Option<&'a Expr<'a>>) -> bool {
        let declared = ty.map(|t| self.resolve_type(t));
        let Some(init) = init else {
            let t = declared.unwrap_or_else(|| self.inf.fresh());
            if let PatKind::Binding { name, mutable } = pat.kind {
                self.declare(name.name, t, mutable, None);
            } else {
                self.err(pat.span, "a `let` without initializer needs a simple name");
            }
            return false;
        };
        let v = match &declared {
            Some(t) => self.expr_expect(init, t),
            None => self.expr(init, None),
        };
        let ty = declared.unwrap_or(v.ty.clone());
        let diverges = matches!(v.ty, Ty::Never);
        let v = V { reg: v.reg, ty };
        match pat.kind {
            PatKind::Binding { name, mutable } => {
                let loc = self.declare(name.name, v.ty.clone(), mutable, Some(v.reg));
                if matches!(init.kind, ExprKind::Unary(UnOp::RefMut, _)) {
                    self.mark_via_ref(name.name);
                }
                self.register_destructor(init, &v.ty, loc);
            }
            PatKind::Wild => self.detach_spawn(init, &v),
            PatKind::Tuple(ps) => match self.take_back_tuple(&v, ps.len()) {
                Some(parts) => self.bind_irrefutable_parts(pat, ps, parts),
                None => self.bind_irrefutable(pat, v),
            },
            _ => self.bind_irrefutable(pat, v),
        }
        diverges
    }

    /// A binding initialized by a class constructor owns the object: the class's
    /// `destruct` runs when the binding's scope ends.
    fn register_destructor(&mut self, init: &'a Expr<'a>, ty: &Ty, loc: Loc) {
        let Ty::Struct(sid) = self.inf.shallow(ty) else { return };
        let Some(ops) = self.u.prog.structs[sid as usize].constructed_by.clone() else { return };
        let owns = match &init.kind {
            ExprKind::Call(f, _) => matches!(&f.kind, ExprKind::Path(p) if p.segs.len() >= 2 && p.segs[p.segs.len() - 2].name == ops),
            ExprKind::StructLit { .. } => true,
            _ => false,
        };
        if !owns {
            return;
        }
        let Some(Def::Struct(ops_id)) = self.lookup_def(&ops) else { return };
        if let Some(&func) = self.u.prog.methods.get(&(TyKey::Struct(ops_id), "destruct".to_string())) {
            self.add_cleanup(Cleanup::Destruct { func, var: loc, class: sid });
        }
    }

    pub fn expr(&mut self, e: &'a Expr<'a>, expect: Option<&Ty>) -> V {
        match &e.kind {
            ExprKind::Int(v) => {
                if let Some(Ty::Float) = expect.map(|t| self.inf.shallow(t)) {
                    let r = self.new_val(Ty::Float);
                    self.emit(Insn::LdF { a: Wf(r.reg), bits: Imm((*v as f64).to_bits() as i64) });
                    return r;
                }
                let expect = expect.map(|t| self.inf.shallow(t));
                self.check_literal(*v, false, expect.as_ref(), e.span);
                let ty = match expect {
                    Some(t @ Ty::Int(_)) => t,
                    _ => INT,
                };
                self.load_int(*v as i64, ty)
            }
            ExprKind::Float(f) => {
                let r = self.new_val(Ty::Float);
                self.emit(Insn::LdF { a: Wf(r.reg), bits: Imm(f.to_bits() as i64) });
                r
            }
            ExprKind::Str(s) => self.load_str(s),
            ExprKind::Char(c) => self.load_int(*c as i64, Ty::Char),
            ExprKind::Bool(b) => self.load_int(*b as i64, Ty::Bool),
            ExprKind::Duration(ns) => self.load_int(*ns, Ty::Duration),
            ExprKind::Path(p) => self.path_expr(p, e.span, expect),
            ExprKind::Unary(op, x) => self.unary(*op, x, e.span, expect),
            ExprKind::Binary(op, a, b) => self.binary(*op, a, b, e.span),
            ExprKind::Assign(lhs, rhs) => {
                self.assign(lhs, rhs, None, e.span);
                self.unit()
            }
            ExprKind::AssignOp(op, lhs, rhs) => {
                self.assign(lhs, rhs, Some(*op), e.span);
                self.unit()
            }
            ExprKind::Call(f, args) => self.call(f, args, e.span, expect),
            // `s.parse::<f64>()`: the turbofish says what the result holds, as an
            // expected `Option<f64>` would
            ExprKind::MethodCall { recv, name, args, generics: [t] } if name.name == "parse" => {
                let want = Ty::option(self.resolve_type(t));
                self.method_call(recv, *name, args, e.span, Some(&want))
            }
            ExprKind::MethodCall { recv, name, args, .. } => self.method_call(recv, *name, args, e.span, expect),
            ExprKind::Field(x, name) => self.field(x, *name),
            ExprKind::Index(x, i) => self.index(x, i, e.span),
            ExprKind::Try(x) => self.try_expr(x, e.span),
            ExprKind::Await(x) => {
                self.coroutine_syntax(e.span, "`.await`");
                self.await_expr(x, e.span, expect)
            }
            ExprKind::Cast(x, t) => self.cast(x, t, e.span),
            ExprKind::Range { .. } => {
                self.err(e.span, "a range is only allowed as the iterator of a `for` loop or in a pattern");
                self.unit()
            }
            ExprKind::Tuple(xs) => {
                if xs.is_empty() {
                    return self.unit();
                }
                let exp: Vec<Option<Ty>> = match expect.map(|t| self.inf.shallow(t)) {
                    Some(Ty::Tuple(ts)) if ts.len() == xs.len() => ts.into_iter().map(Some).collect(),
                    _ => vec![None; xs.len()],
                };
                let vals: Vec<V> = xs.iter().zip(exp).map(|(x, t)| self.expr(x, t.as_ref())).collect();
                self.new_tuple(&vals)
            }
            ExprKind::Array(xs) => self.vec_literal(xs, e.span, expect),
            ExprKind::ArrayRepeat(v, n) => self.vec_repeat(v, n, expect),
            ExprKind::StructLit { path, fields, base } => self.struct_lit(path, fields, *base, e.span),
            ExprKind::Block(b) | ExprKind::Unsafe(b) => self.block_value(b, expect),
            ExprKind::Async(_) => {
                self.coroutine_syntax(e.span, "an `async` block");
                self.async_block(e, expect)
            }
            ExprKind::If { cond, then, else_ } => self.if_expr(cond, then, *else_, expect),
            ExprKind::IfLet { pat, scrutinee, then, else_ } => self.if_let(pat, scrutinee, then, *else_, expect),
            ExprKind::While { cond, body, label } => self.while_loop(cond, body, *label),
            ExprKind::WhileLet { pat, scrutinee, body, label } => self.while_let(pat, scrutinee, body, *label),
            ExprKind::Loop { body, label } => self.loop_expr(body, *label, expect),
            ExprKind::For { pat, iter, body, label } => self.for_loop(pat, iter, body, *label),
            ExprKind::Match { scrutinee, arms } => self.match_expr(scrutinee, arms, e.span, expect),
            ExprKind::Break { label, value } => self.break_expr(*label, *value, e.span),
            ExprKind::Continue { label } => self.continue_expr(*label, e.span),
            ExprKind::Return(v) => self.return_expr(*v, e.span),
            ExprKind::Closure { params, ret, body, moves } => self.closure(params, ret.as_ref(), body, *moves, e.span, expect),
            ExprKind::Macro { name, args } => self.macro_call(*name, args, e.span, expect),
            ExprKind::MacroRepeat { name, value, count } => {
                if name.name != "vec" {
                    self.err(name.span, format!("`{}![..; ..]` is not a macro that takes a repeat count", name.name));
                }
                self.vec_repeat(value, count, expect)
            }
            ExprKind::Catch { signals, body, recover } => self.catch_expr(signals, body, recover, e.span, expect),
            ExprKind::Raise(x) => self.raise(x, e.span),
            ExprKind::Spawn(x) => {
                self.coroutine_syntax(e.span, "`spawn`");
                self.spawn(x)
            }
            ExprKind::Select(arms) => self.select_expr(arms, e.span, expect),
        }
    }

    fn path_expr(&mut self, p: &Path<'a>, span: Span, expect: Option<&Ty>) -> V {
        if p.is_single() {
            let name = p.segs[0].name;
            if let Some(var) = self.lookup_var(name).or_else(|| self.capture(name)) {
                return self.read_loc(var.loc, var.ty);
            }
            if name == "None" && self.lookup_def(name).is_none() {
                let t = match expect.map(|t| self.inf.shallow(t)) {
                    Some(t @ Ty::Option(_)) => t,
                    _ => Ty::option(self.inf.fresh()),
                };
                return self.new_record_fixed(builtins::NONE, &[], t);
            }
            if name == "self" {
                self.err(span, "`self` is only available in methods");
                return V { reg: self.never().reg, ty: Ty::Error };
            }
        }
        let segs: Vec<&str> = p.segs.iter().map(|s| s.name).collect();
        // (`Self::STEP` in an impl, the type's associated constant: `lookup_path`)
        match self.lookup_path(&segs) {
            Some(Def::Const(c)) => self.const_value(c),
            Some(Def::Global(g)) => {
                let ty = self.global_ty(g);
                let out = self.new_val(ty);
                self.emit(Insn::GGet { a: Wx(out.reg), g: Glb(g) });
                out
            }
            Some(Def::Signal(l)) => {
                let nfields = self.u.prog.signals.get(&l).map_or(0, |s| s.fields.len());
                if nfields > 0 {
                    let name = segs.join("::");
                    self.err(span, format!("signal `{name}` has fields; write `{name} {{ field: value, .. }}`"));
                }
                self.new_record_fixed(l, &[], Ty::Sig(l))
            }
            Some(Def::Variant(en, vi)) => {
                let var = &self.u.prog.enums[en as usize].variants[vi as usize];
                let (has_fields, name, l) = (!var.fields.is_empty(), var.name.clone(), var.layout);
                if has_fields {
                    self.err(span, format!("variant `{name}` has fields; construct it with arguments"));
                }
                self.new_record_fixed(l, &[], Ty::Enum(en))
            }
            // a unit struct (`struct Marker;`) names its one value
            Some(Def::Struct(st)) if self.u.prog.structs[st as usize].fields.is_empty() && !self.u.prog.structs[st as usize].is_class => {
                let l = self.u.prog.structs[st as usize].layout;
                self.new_record_fixed(l, &[], Ty::Struct(st))
            }
            Some(Def::Struct(_)) => {
                let name = segs.join("::");
                self.diag(Diagnostic::error(span, format!("expected a value, found struct `{name}`")).help(format!("construct it: `{name} {{ field: value, .. }}`")));
                V { reg: self.never().reg, ty: Ty::Error }
            }
            Some(Def::Fn(f)) => self.fn_value(f, span),
            _ if crate::consts::builtin(&segs).is_some() => match crate::consts::builtin(&segs) {
                Some(crate::consts::ConstVal::Int(v, t)) => self.load_int(v, t),
                Some(crate::consts::ConstVal::Float(f)) => {
                    let r = self.new_val(Ty::Float);
                    self.emit(Insn::LdF { a: Wf(r.reg), bits: Imm(f.to_bits() as i64) });
                    r
                }
                _ => V { reg: self.never().reg, ty: Ty::Error },
            },
            _ => {
                let name = segs.join("::");
                self.diag(Diagnostic::error(span, format!("cannot find value `{name}` in this scope")).label("not found in this scope"));
                V { reg: self.never().reg, ty: Ty::Error }
            }
        }
    }

    pub fn global_ty(&mut self, g: u32) -> Ty {
        if let Some(t) = self.u.prog.global_tys.get(&g) {
            return t.clone();
        }
        match self.u.prog.module.globals[g as usize].kind {
            cprime_bytecode::Kind::Int => INT,
            cprime_bytecode::Kind::Float => Ty::Float,
            cprime_bytecode::Kind::Ref => Ty::Str,
        }
    }

    /// The value of a `const` item, folded at compile time. (Its declaration's errors
    /// are said at the declaration, by the check of every constant, `consts::check`.)
    pub fn const_value(&mut self, c: u32) -> V {
        match crate::consts::check(&self.u.prog, c).0 {
            Some(crate::consts::ConstVal::Int(v, t)) => self.load_int(v, t),
            Some(crate::consts::ConstVal::Float(f)) => {
                let r = self.new_val(Ty::Float);
                self.emit(Insn::LdF { a: Wf(r.reg), bits: Imm(f.to_bits() as i64) });
                r
            }
            Some(crate::consts::ConstVal::Str(s)) => self.load_str(&s),
            None => V { reg: self.never().reg, ty: Ty::Error },
        }
    }

    /// An integer literal must fit the type it is given: the expected one (`let x: u8 =
    /// 300` is an error, as in Rust), else `int`'s. A type not known yet is not checked.
    fn check_literal(&mut self, v: u64, negated: bool, expect: Option<&Ty>, span: Span) {
        let it = match expect {
            Some(Ty::Int(it)) => *it,
            None | Some(Ty::Bool | Ty::Char | Ty::Str | Ty::Unit | Ty::Duration) => IntTy::I64,
            Some(_) => return,
        };
        if let Some(d) = crate::types::literal_misfit(v, negated, it, span) {
            self.diag(d);
        }
    }

    fn unary(&mut self, op: UnOp, x: &'a Expr<'a>, span: Span, expect: Option<&Ty>) -> V {
        match op {
            UnOp::Ref | UnOp::Deref => self.expr(x, expect),
            UnOp::RefMut => {
                // (a call's argument is `arg_expect`'s: this one has no call to write back after)
                let refused = self.mut_range_elsewhere(x, span);
                let v = self.expr(x, expect);
                if refused {
                    return V { reg: v.reg, ty: Ty::Error };
                }
                v
            }
            UnOp::Neg => {
                if let ExprKind::Int(v) = x.kind {
                    let expect = expect.map(|t| self.inf.shallow(t));
                    if !matches!(expect, Some(Ty::Float)) {
                        self.check_literal(v, true, expect.as_ref(), span);
                        return self.load_int((v as i64).wrapping_neg(), INT);
                    }
                }
                let v = self.expr(x, expect);
                match self.inf.shallow(&v.ty) {
                    Ty::Int(_) => {
                        let out = self.new_val(v.ty.clone());
                        self.emit(Insn::NegI { a: Wi(out.reg), b: Ri(v.reg) });
                        self.wrap_to_width(&out, BinOp::Sub);
                        out
                    }
                    Ty::Float => {
                        let out = self.new_val(Ty::Float);
                        self.emit(Insn::NegF { a: Wf(out.reg), b: Rf(v.reg) });
                        out
                    }
                    Ty::Error | Ty::Never => v,
                    t => {
                        let s = self.show(&t);
                        self.err(span, format!("cannot negate a value of type `{s}`"));
                        v
                    }
                }
            }
            UnOp::Not => {
                let v = self.expr(x, expect);
                match self.inf.shallow(&v.ty) {
                    Ty::Bool => {
                        let out = self.new_val(Ty::Bool);
                        self.emit(Insn::NotB { a: Wi(out.reg), b: Ri(v.reg) });
                        out
                    }
                    Ty::Int(_) => {
                        let out = self.new_val(v.ty.clone());
                        self.emit(Insn::NotI { a: Wi(out.reg), b: Ri(v.reg) });
                        // (a narrow signed value's complement is in its range already)
                        self.wrap_to_width(&out, BinOp::BitXor);
                        out
                    }
                    Ty::Error | Ty::Never => v,
                    t => {
                        let s = self.show(&t);
                        self.err(span, format!("cannot apply `!` to a value of type `{s}`"));
                        v
                    }
                }
            }
        }
    }

    pub fn binary(&mut self, op: BinOp, a: &'a Expr<'a>, b: &'a Expr<'a>, span: Span) -> V {
        if matches!(op, BinOp::And | BinOp::Or) {
            return self.logical(op, a, b);
        }
        // an integer literal on the left (`255 == x`, `200 + x`) is of the right
        // operand's integer type, as in Rust: the right goes first (loading a literal
        // has no effect to order)
        if crate::types::int_literal(a).is_some() && crate::types::int_literal(b).is_none() && !matches!(op, BinOp::Shl | BinOp::Shr) {
            let vb = self.expr(b, None);
            let hint = match self.inf.shallow(&vb.ty) {
                t @ Ty::Int(_) => Some(t),
                _ => None,
            };
            let va = self.expr(a, hint.as_ref());
            return self.binary_vals(op, va, vb, span);
        }
        let va = self.expr(a, None);
        // `x + 1`, `x * 7`, `x % 3`: one instruction with the literal as an immediate
        if let (Ty::Int(it), ExprKind::Int(k)) = (self.inf.shallow(&va.ty), &b.kind) {
            if let Some((make, k)) = int_immediate(op, *k as i64).filter(|_| !unsigned_64(it, op)) {
                let out = self.new_val(va.ty.clone());
                self.emit(make(Wi(out.reg), Ri(va.reg), Imm(k)));
                self.wrap_to_width(&out, op);
                return out;
            }
        }
        let hint = self.inf.shallow(&va.ty);
        let vb = if matches!(op, BinOp::Shl | BinOp::Shr) { self.expr_expect(b, &INT) } else { self.expr(b, Some(&hint)) };
        self.binary_vals(op, va, vb, span)
    }

    /// Wraps integer result `v` of `op` to its type's width, as Rust's release build
    /// does (`200u8 + 100` is 44, `1i32 << 31` is `i32::MIN`, `!0u8` is 255): values of
    /// a narrow type are kept sign- or zero-extended from its width. Only the operators
    /// that can leave the range need it (`&`, `|`, `%` and `>>` cannot; `^` and `!` can
    /// only for an unsigned type, whose extension is zeros).
    pub(super) fn wrap_to_width(&mut self, v: &V, op: BinOp) {
        let Ty::Int(it) = self.inf.shallow(&v.ty) else { return };
        let leaves = match op {
            BinOp::Add | BinOp::Sub | BinOp::Mul | BinOp::Div | BinOp::Shl => true,
            BinOp::BitXor => !it.signed(),
            _ => false,
        };
        if it.bits() < 64 && leaves {
            let (a, b, bits) = (Wi(v.reg), Ri(v.reg), Imm(it.bits()));
            self.emit(if it.signed() { Insn::SExt { a, b, bits } } else { Insn::ZExt { a, b, bits } });
        }
    }

    /// The register holding shift amount `r` for a value of type `t`: a narrow type's
    /// amount is taken modulo its width, as Rust's release build does (`1u8 << 9` is
    /// `1u8 << 1`); a 64-bit one's is masked by the instruction itself.
    pub(super) fn shift_amount(&mut self, t: &Ty, r: u16) -> u16 {
        match t {
            Ty::Int(it) if it.bits() < 64 => {
                let m = self.new_reg(INT);
                self.emit(Insn::ZExt { a: Wi(m), b: Ri(r), bits: Imm(it.bits().trailing_zeros() as i64) });
                m
            }
            _ => r,
        }
    }

    /// `op` on two `u64` values where it differs from the signed one (`unsigned_64`): an
    /// order compares them with their top bits flipped (`u64::MAX > 1`), `/` and `%`
    /// are the unsigned ones (`IntFn2`'s euclidean ones on an unsigned type), `>>` is
    /// logical. (`x`, `y`: the operands in the order of the comparison instruction.)
    fn unsigned_64_op(&mut self, op: BinOp, va: V, vb: V, x: u16, y: u16) -> V {
        use BinOp::*;
        let f = match op {
            Div => IntFn2::DivEuclid,
            Rem => IntFn2::RemEuclid,
            Shr => IntFn2::WrappingShr,
            _ => {
                let (fx, fy) = (self.top_bit_flipped(x), self.top_bit_flipped(y));
                let out = self.new_val(Ty::Bool);
                let (a, b, c) = (Wi(out.reg), Ri(fx), Ri(fy));
                self.emit(if matches!(op, Lt | Gt) { Insn::LtI { a, b, c } } else { Insn::LeI { a, b, c } });
                return out;
            }
        };
        let code = self.load_int(cprime_bytecode::numbers::int_code(f as u8, 64, false), INT);
        let ty = va.ty.clone();
        self.call_native(Native::IntFn2, &[va, vb, code], ty)
    }

    /// A register holding `r` with its top bit flipped: signed order of such values is
    /// the unsigned order of the originals (a `u64`'s comparisons and range patterns).
    pub(super) fn top_bit_flipped(&mut self, r: u16) -> u16 {
        let top = self.load_int(i64::MIN, INT);
        let f = self.new_reg(INT);
        self.emit(Insn::XorI { a: Wi(f), b: Ri(r), c: Ri(top.reg) });
        f
    }

    /// An arithmetic, bitwise or comparison operator on two values.
    pub fn binary_vals(&mut self, op: BinOp, va: V, vb: V, span: Span) -> V {
        use BinOp::*;
        let ta = self.inf.shallow(&va.ty);
        let tb = self.inf.shallow(&vb.ty);
        if matches!(ta, Ty::Error | Ty::Never) || matches!(tb, Ty::Error | Ty::Never) {
            return V { reg: va.reg, ty: Ty::Error };
        }
        let cmp = matches!(op, Eq | Ne | Lt | Le | Gt | Ge);
        let (ra, rb) = (va.reg, vb.reg);
        // comparisons are emitted with swapped operands for > and >=
        let (x, y) = if matches!(op, Gt | Ge) { (rb, ra) } else { (ra, rb) };
        let int_like = |t: &Ty| matches!(t, Ty::Int(_) | Ty::Bool | Ty::Char | Ty::Duration);
        if int_like(&ta) && (matches!(op, Shl | Shr) || self.unify(&ta, &tb)) {
            // durations saturate rather than wrap (as their constructors do): a timeout
            // of "forever plus a bit" must not fire at once
            if ta == Ty::Duration && matches!(op, Add | Sub | Mul) {
                let n = match op {
                    Add => Native::AddSatI,
                    Sub => Native::SubSatI,
                    _ => Native::MulSatI,
                };
                return self.call_native(n, &[va, vb], Ty::Duration);
            }
            if let Ty::Int(it) = ta {
                if unsigned_64(it, op) {
                    return self.unsigned_64_op(op, va, vb, x, y);
                }
            }
            let out = self.new_val(if cmp { Ty::Bool } else { ta.clone() });
            let y = if matches!(op, Shl | Shr) { self.shift_amount(&ta, y) } else { y };
            let (a, b, c) = (Wi(out.reg), Ri(x), Ri(y));
            let i = match op {
                Add => Insn::AddI { a, b, c },
                Sub => Insn::SubI { a, b, c },
                Mul => Insn::MulI { a, b, c },
                Div => Insn::DivI { a, b, c },
                Rem => Insn::RemI { a, b, c },
                BitAnd => Insn::AndI { a, b, c },
                BitOr => Insn::OrI { a, b, c },
                BitXor => Insn::XorI { a, b, c },
                Shl => Insn::ShlI { a, b, c },
                Shr => Insn::ShrI { a, b, c },
                Eq => Insn::EqI { a, b, c },
                Ne => Insn::NeI { a, b, c },
                Lt | Gt => Insn::LtI { a, b, c },
                Le | Ge => Insn::LeI { a, b, c },
                And | Or => unreachable_op(),
            };
            if matches!(ta, Ty::Bool) && matches!(op, Add | Sub | Mul | Div | Rem | Shl | Shr) {
                self.err(span, "arithmetic on `bool` values is not allowed");
            }
            self.emit(i);
            self.wrap_to_width(&out, op);
            return out;
        }
        if ta == Ty::Float && self.unify(&ta, &tb) {
            let out = self.new_val(if cmp { Ty::Bool } else { Ty::Float });
            let i = if cmp {
                let (a, b, c) = (Wi(out.reg), Rf(x), Rf(y));
                match op {
                    Eq => Insn::EqF { a, b, c },
                    Ne => Insn::NeF { a, b, c },
                    Lt | Gt => Insn::LtF { a, b, c },
                    _ => Insn::LeF { a, b, c },
                }
            } else {
                let (a, b, c) = (Wf(out.reg), Rf(x), Rf(y));
                match op {
                    Add => Insn::AddF { a, b, c },
                    Sub => Insn::SubF { a, b, c },
                    Mul => Insn::MulF { a, b, c },
                    Div => Insn::DivF { a, b, c },
                    Rem => Insn::RemF { a, b, c },
                    _ => {
                        self.err(span, "bitwise operators need integer operands");
                        return out;
                    }
                }
            };
            self.emit(i);
            return out;
        }
        if ta == Ty::Str && self.unify(&ta, &tb) {
            match op {
                Add => {
                    let out = self.new_val(Ty::Str);
                    self.emit(Insn::StrCat { a: Wr(out.reg), b: Rr(ra), c: Rr(rb) });
                    return out;
                }
                Eq | Ne => {
                    let out = self.new_val(Ty::Bool);
                    self.emit(Insn::StrEq { a: Wi(out.reg), b: Rr(ra), c: Rr(rb) });
                    if op == Ne {
                        self.emit(Insn::NotB { a: Wi(out.reg), b: Ri(out.reg) });
                    }
                    return out;
                }
                Lt | Le | Gt | Ge => {
                    let c = self.call_native(Native::StrCmp, &[va.clone(), vb.clone()], INT);
                    let zero = self.load_int(0, INT);
                    return self.binary_vals(op, c, zero, span);
                }
                _ => {}
            }
        }
        let structural = |t: &Ty| {
            matches!(t, Ty::Option(_) | Ty::Result(..) | Ty::Enum(_) | Ty::Struct(_) | Ty::Tuple(_) | Ty::Vec(_) | Ty::Map(..) | Ty::Sig(_) | Ty::AnySignal)
        };
        if matches!(op, Eq | Ne) && structural(&ta) && self.unify(&ta, &tb) {
            // structural, as Rust's derived `PartialEq`: the variant and its payload, the
            // fields, the items (`ValEq`)
            let kind = self.load_int(cprime_bytecode::Kind::Ref as i64, INT);
            let eq = self.call_native(Native::ValEq, &[va.clone(), vb.clone(), kind], Ty::Bool);
            if op == Eq {
                return eq;
            }
            let out = self.new_val(Ty::Bool);
            self.emit(Insn::NotB { a: Wi(out.reg), b: Ri(eq.reg) });
            return out;
        }
        let (sa, sb) = (self.show(&ta), self.show(&tb));
        let sym = op.symbol();
        let mut d = Diagnostic::error(span, format!("cannot apply `{sym}` to `{sa}` and `{sb}`")).label("unsupported operand types");
        if matches!(ta, Ty::Task(_)) || matches!(tb, Ty::Task(_)) {
            d = d.help("a `JoinHandle` is not its result: wait for it with `.join().await`");
        }
        self.diag(d);
        V { reg: va.reg, ty: Ty::Error }
    }

    fn logical(&mut self, op: BinOp, a: &'a Expr<'a>, b: &'a Expr<'a>) -> V {
        let out = self.new_val(Ty::Bool);
        let va = self.expr_expect(a, &Ty::Bool);
        self.mov(out.reg, va.reg);
        let skip = match op {
            BinOp::And => self.emit(Insn::JmpIfNot { c: Ri(out.reg), t: Tgt(u32::MAX) }),
            _ => self.emit(Insn::JmpIf { c: Ri(out.reg), t: Tgt(u32::MAX) }),
        };
        let vb = self.expr_expect(b, &Ty::Bool);
        self.mov(out.reg, vb.reg);
        self.patch_here(skip);
        out
    }

    /// Field index and type of `name` in a value of type `t`.
    pub fn field_of(&mut self, t: &Ty, name: Ident<'a>) -> Option<(u16, Ty)> {
        let t = self.inf.shallow(t);
        let fields: Vec<(String, Ty)> = match &t {
            Ty::Struct(s) => self.u.prog.structs[*s as usize].fields.clone(),
            Ty::Sig(l) => self.u.prog.signals.get(l).map(|s| s.fields.clone()).unwrap_or_default(),
            Ty::Tuple(ts) => ts.iter().enumerate().map(|(i, t)| (i.to_string(), t.clone())).collect(),
            Ty::Error => return None,
            _ => Vec::new(),
        };
        match fields.iter().position(|(n, _)| n == name.name) {
            Some(i) => Some((i as u16, fields[i].1.clone())),
            None => {
                let s = self.show(&t);
                let mut d = Diagnostic::error(name.span, format!("no field `{}` on type `{s}`", name.name)).label("unknown field");
                if !fields.is_empty() {
                    let names: Vec<&str> = fields.iter().map(|(n, _)| n.as_str()).collect();
                    d = d.help(format!("available fields: {}", names.join(", ")));
                } else if matches!(t, Ty::SigSet(_) | Ty::AnySignal) {
                    d = d.help("match on the signal first: `match current_signal() { KIND(s) => s.field, .. }`");
                }
                self.diag(d);
                None
            }
        }
    }

    fn field(&mut self, x: &'a Expr<'a>, name: Ident<'a>) -> V {
        let o = self.expr(x, None);
        match self.field_of(&o.ty, name) {
            Some((i, t)) => {
                let out = self.new_val(t);
                self.emit(Insn::GetF { a: Wx(out.reg), o: Rr(o.reg), i: N(i) });
                out
            }
            None => V { reg: o.reg, ty: Ty::Error },
        }
    }

    fn index(&mut self, x: &'a Expr<'a>, i: &'a Expr<'a>, span: Span) -> V {
        let o = self.expr(x, None);
        self.index_of(o, x.span, i, span)
    }

    /// A vector's range `o[lo..hi]` (`..=` when `inclusive`): where it starts, and its
    /// copy.
    pub(super) fn vec_range(&mut self, o: &V, elem: Ty, lo: Option<&'a Expr<'a>>, hi: Option<&'a Expr<'a>>, inclusive: bool) -> (V, V) {
        let (lo, hi) = self.range_bounds(lo, hi, inclusive, |cx| {
            let out = cx.new_val(INT);
            cx.emit(Insn::VecLen { a: Wi(out.reg), v: Rr(o.reg) });
            out
        });
        let slice = self.call_native(Native::VecSlice, &[o.clone(), lo.clone(), hi], Ty::Vec(Box::new(elem)));
        (lo, slice)
    }

    /// The start and end of a range index (`v[a..b]`, `s[a..=b]`: one past `b`), a
    /// missing start 0 and a missing end `len`.
    fn range_bounds(&mut self, lo: Option<&'a Expr<'a>>, hi: Option<&'a Expr<'a>>, inclusive: bool, len: impl FnOnce(&mut Self) -> V) -> (V, V) {
        let lo = match lo {
            Some(l) => self.expr_expect(l, &INT),
            None => self.load_int(0, INT),
        };
        let hi = match hi {
            Some(h) => {
                let h = self.expr_expect(h, &INT);
                if inclusive {
                    let out = self.new_val(INT);
                    self.emit(Insn::AddIK { a: Wi(out.reg), b: Ri(h.reg), v: Imm(1) });
                    out
                } else {
                    h
                }
            }
            None => len(self),
        };
        (lo, hi)
    }

    /// `o[i]` of an evaluated `o` (written at `at`).
    pub(super) fn index_of(&mut self, o: V, at: Span, i: &'a Expr<'a>, span: Span) -> V {
        match self.inf.shallow(&o.ty) {
            Ty::Vec(elem) => {
                if let ExprKind::Range { lo, hi, inclusive } = &i.kind {
                    return self.vec_range(&o, *elem, *lo, *hi, *inclusive).1;
                }
                let iv = self.expr_expect(i, &INT);
                let out = self.new_val(*elem);
                self.emit(Insn::VecGet { a: Wx(out.reg), v: Rr(o.reg), i: Ri(iv.reg) });
                out
            }
            Ty::Map(k, v) => {
                let key = self.expr_expect(i, &k);
                let opt = self.call_native(Native::MapGet, &[o.clone(), key], Ty::option((*v).clone()));
                self.unwrap_option(opt, *v, span, "key not found in map")
            }
            // `&s[a..b]`: the bytes from `a` to `b`, as Rust's (an end past the string or
            // inside a character raises `INDEX_ERROR`)
            Ty::Str if matches!(i.kind, ExprKind::Range { .. }) => {
                let ExprKind::Range { lo, hi, inclusive } = i.kind else { unreachable!("a range") };
                let (lo, hi) = self.range_bounds(lo, hi, inclusive, |cx| cx.call_native(Native::StrLen, std::slice::from_ref(&o), INT));
                self.call_native(Native::StrSlice, &[o, lo, hi], Ty::Str)
            }
            Ty::Str => {
                self.err(span, "strings cannot be indexed by position; use `.chars()` or a range `&s[a..b]`");
                V { reg: o.reg, ty: Ty::Error }
            }
            Ty::Error => o,
            t => {
                let s = self.show(&t);
                self.err(at, format!("cannot index into a value of type `{s}`"));
                V { reg: o.reg, ty: Ty::Error }
            }
        }
    }

    /// `e?`: on a call it marks that the callee's signals propagate (checked statically);
    /// on a `Result` it returns the `Err` early; on an `Option` it returns `None` early.
    fn try_expr(&mut self, x: &'a Expr<'a>, span: Span) -> V {
        // `f(..).await?` marks the call as `f(..)?` does
        let inner = match x.kind {
            ExprKind::Await(inner) => inner,
            _ => x,
        };
        let is_call = matches!(inner.kind, ExprKind::Call(..) | ExprKind::MethodCall { .. });
        let v = if is_call {
            let (v, done) = self.call_marked(x);
            if done {
                return v;
            }
            v
        } else {
            self.expr(x, None)
        };
        // `h.await?`: the join raises what the coroutine ended with; `?` marks it, as
        // on `h.join().await?`
        if matches!(x.kind, ExprKind::Await(_)) && self.last_join == Some(x.span) {
            return v;
        }
        match self.inf.shallow(&v.ty) {
            Ty::Result(ok, err) => {
                let tag = self.new_val(INT);
                self.emit(Insn::Tag { a: Wi(tag.reg), o: Rr(v.reg) });
                let ok_l = builtins::ok(self.inf.kind(&ok));
                let j = self.emit(Insn::JeqIK { b: Ri(tag.reg), v: Imm(ok_l as i64), t: Tgt(u32::MAX) });
                let mut ret = self.inf.shallow(&self.ret.clone());
                // a closure or `async` block whose result is not known yet returns a
                // `Result` with this error type
                if let Ty::Var(_) = ret {
                    let r = Ty::Result(Box::new(self.inf.fresh()), err.clone());
                    self.unify(&ret, &r);
                    ret = r;
                }
                match ret {
                    Ty::Result(_, e2) => {
                        self.expect_ty(span, &e2, &err);
                    }
                    _ => {
                        let s = self.show(&ret);
                        self.err(span, format!("`?` on a `Result` can only be used in a function returning `Result`, not `{s}`"));
                    }
                }
                if !self.leaves_defer(span, "?", None) {
                    self.emit_return(Some(v.clone()));
                }
                self.patch_here(j);
                let out = self.new_val(*ok);
                self.emit(Insn::GetF { a: Wx(out.reg), o: Rr(v.reg), i: N(0) });
                out
            }
            Ty::Option(inner) => {
                let tag = self.new_val(INT);
                self.emit(Insn::Tag { a: Wi(tag.reg), o: Rr(v.reg) });
                let j = self.emit(Insn::JneIK { b: Ri(tag.reg), v: Imm(builtins::NONE as i64), t: Tgt(u32::MAX) });
                let ret = self.inf.shallow(&self.ret.clone());
                // (a closure or `async` block whose result is not known yet returns an `Option`)
                if let Ty::Var(_) = ret {
                    let o = Ty::Option(Box::new(self.inf.fresh()));
                    self.unify(&ret, &o);
                } else if !matches!(ret, Ty::Option(_)) {
                    self.err(span, "`?` on an `Option` can only be used in a function returning `Option`");
                }
                if !self.leaves_defer(span, "?", None) {
                    self.emit_return(Some(v.clone()));
                }
                self.patch_here(j);
                let out = self.new_val(*inner);
                self.emit(Insn::GetF { a: Wx(out.reg), o: Rr(v.reg), i: N(0) });
                out
            }
            Ty::Error | Ty::Never => v,
            t => {
                let s = self.show(&t);
                self.diag(
                    Diagnostic::error(span, format!("`?` cannot be applied to a value of type `{s}`"))
                        .help("`?` marks a call whose signals propagate, or unwraps a `Result`/`Option`"),
                );
                v
            }
        }
    }

    fn cast(&mut self, x: &'a Expr<'a>, t: &Type<'a>, span: Span) -> V {
        let target = self.resolve_type(t);
        // a suffixed literal (`200u8`, `-128i8`: the parser's cast spans the literal)
        // is of the suffix's type
        let v = match (crate::types::int_literal(x), &target) {
            (Some((lit, negated)), Ty::Int(it)) if x.span == span => {
                if let Some(d) = crate::types::literal_misfit(lit, negated, *it, span) {
                    self.diag(d);
                }
                self.load_int(if negated { (lit as i64).wrapping_neg() } else { lit as i64 }, INT)
            }
            _ => self.expr(x, None),
        };
        let from = self.inf.shallow(&v.ty);
        match (&from, &target) {
            (Ty::Int(_) | Ty::Bool | Ty::Char, Ty::Int(it)) => {
                let out = self.new_val(target.clone());
                match it.bits() {
                    64 => self.mov(out.reg, v.reg),
                    bits if it.signed() => {
                        self.emit(Insn::SExt { a: Wi(out.reg), b: Ri(v.reg), bits: Imm(bits) });
                    }
                    bits => {
                        self.emit(Insn::ZExt { a: Wi(out.reg), b: Ri(v.reg), bits: Imm(bits) });
                    }
                }
                out
            }
            (Ty::Int(_), Ty::Char) | (Ty::Char, Ty::Char) => {
                let out = self.new_val(Ty::Char);
                self.emit(Insn::ZExt { a: Wi(out.reg), b: Ri(v.reg), bits: Imm(32) });
                out
            }
            (Ty::Int(_) | Ty::Char | Ty::Bool, Ty::Float) => {
                let out = self.new_val(Ty::Float);
                self.emit(Insn::IToF { a: Wf(out.reg), b: Ri(v.reg) });
                if from == Ty::Int(IntTy::U64) {
                    // a `u64` past `i64::MAX`: half of it, its last bit kept for the
                    // rounding, converted and doubled (as compilers convert one)
                    let done = self.emit(Insn::JgeIK { b: Ri(v.reg), v: Imm(0), t: Tgt(u32::MAX) });
                    let one = self.load_int(1, INT);
                    let code = self.load_int(cprime_bytecode::numbers::int_code(IntFn2::WrappingShr as u8, 64, false), INT);
                    let half = self.call_native(Native::IntFn2, &[v.clone(), one.clone(), code], INT);
                    let last = self.new_reg(INT);
                    self.emit(Insn::AndI { a: Wi(last), b: Ri(v.reg), c: Ri(one.reg) });
                    self.emit(Insn::OrI { a: Wi(half.reg), b: Ri(half.reg), c: Ri(last) });
                    self.emit(Insn::IToF { a: Wf(out.reg), b: Ri(half.reg) });
                    self.emit(Insn::AddF { a: Wf(out.reg), b: Rf(out.reg), c: Rf(out.reg) });
                    self.patch_here(done);
                }
                out
            }
            (Ty::Float, Ty::Int(it)) => {
                // saturating at the target's range, as Rust's `as` (`300.0 as u8` is 255;
                // `FToI` saturates at i64's), as `consts::cast` computes it
                let out = self.new_val(target.clone());
                self.emit(Insn::FToI { a: Wi(out.reg), b: Rf(v.reg) });
                let (lo, hi) = it.range();
                let mut v = out;
                if lo > i64::MIN {
                    let k = self.load_int(lo, INT);
                    v = self.call_native(Native::MaxI, &[v, k], target.clone());
                }
                if hi < i64::MAX {
                    let k = self.load_int(hi, INT);
                    v = self.call_native(Native::MinI, &[v, k], target.clone());
                }
                v
            }
            (Ty::Float, Ty::Float) => v,
            (Ty::Error, _) | (_, Ty::Error) => V { reg: v.reg, ty: target },
            (a, b) if a == b => v,
            (Ty::Opaque, Ty::Int(_)) | (Ty::Int(_), Ty::Opaque) => V { reg: v.reg, ty: target },
            _ => {
                let (a, b) = (self.show(&from), self.show(&target));
                self.err(span, format!("cannot cast `{a}` as `{b}`"));
                V { reg: v.reg, ty: target }
            }
        }
    }

    fn vec_literal(&mut self, xs: &'a [&'a Expr<'a>], _span: Span, expect: Option<&Ty>) -> V {
        let elem = match expect.map(|t| self.inf.shallow(t)) {
            Some(Ty::Vec(e)) => *e,
            _ => self.inf.fresh(),
        };
        let mut vals = Vec::new();
        for x in xs {
            let v = self.expr(x, Some(&elem));
            self.expect_ty(x.span, &elem, &v.ty);
            vals.push(v);
        }
        self.new_vec(elem, &vals)
    }

    pub fn vec_repeat(&mut self, v: &'a Expr<'a>, n: &'a Expr<'a>, expect: Option<&Ty>) -> V {
        let elem_hint = match expect.map(|t| self.inf.shallow(t)) {
            Some(Ty::Vec(e)) => Some(*e),
            _ => None,
        };
        let val = self.expr(v, elem_hint.as_ref());
        if let Some(h) = &elem_hint {
            self.expect_ty(v.span, h, &val.ty);
        }
        let count = self.expr_expect(n, &INT);
        let out = self.new_val(Ty::vec(val.ty.clone()));
        let pc = self.emit(Insn::VecRep { a: Wr(out.reg), k: Kd(cprime_bytecode::Kind::Int), v: Rx(val.reg), n: Ri(count.reg) });
        self.fix_kind(pc, val.ty);
        out
    }

    /// `S { a: 1, b }`, `s{.a = 1}`, `Sig { .. }`, `Enum::Variant { .. }`.
    pub(crate) fn struct_lit(&mut self, path: &Path<'a>, fields: &'a [FieldInit<'a>], base: Option<&'a Expr<'a>>, span: Span) -> V {
        let segs: Vec<&str> = path.segs.iter().map(|s| s.name).collect();
        let (layout, decl_fields, ty) = match self.lookup_path(&segs) {
            Some(Def::Struct(s)) => {
                let st = &self.u.prog.structs[s as usize];
                (st.layout, st.fields.clone(), Ty::Struct(s))
            }
            Some(Def::Signal(l)) => (l, self.u.prog.signals.get(&l).map(|s| s.fields.clone()).unwrap_or_default(), Ty::Sig(l)),
            Some(Def::Variant(e, v)) => {
                let var = &self.u.prog.enums[e as usize].variants[v as usize];
                (var.layout, var.fields.clone(), Ty::Enum(e))
            }
            _ if segs == ["Self"] && self.self_ty.is_some() => {
                let Some(Ty::Struct(s)) = self.self_ty.clone() else {
                    self.err(path.span, "`Self { .. }` needs a struct");
                    return V { reg: self.never().reg, ty: Ty::Error };
                };
                let st = &self.u.prog.structs[s as usize];
                (st.layout, st.fields.clone(), Ty::Struct(s))
            }
            _ => {
                let name = segs.join("::");
                self.diag(Diagnostic::error(path.span, format!("cannot find struct, variant or signal `{name}` in this scope")).label("not found"));
                for f in fields {
                    self.expr(f.value, None);
                }
                return V { reg: self.never().reg, ty: Ty::Error };
            }
        };
        let mut vals: Vec<Option<V>> = vec![None; decl_fields.len()];
        let mut positional = 0usize;
        for f in fields {
            let (idx, fname) = match f.name {
                Some(n) => (decl_fields.iter().position(|(d, _)| d == n.name), n),
                None => {
                    // `S { x }` shorthand when `x` names a field and a variable; else positional
                    if let ExprKind::Path(p) = &f.value.kind {
                        if p.is_single() {
                            if let Some(i) = decl_fields.iter().position(|(d, _)| d == p.segs[0].name) {
                                if self.lookup_var(p.segs[0].name).is_some() || self.outer_var(p.segs[0].name).is_some() {
                                    let t = decl_fields[i].1.clone();
                                    let v = self.expr_expect(f.value, &t);
                                    vals[i] = Some(v);
                                    continue;
                                }
                            }
                        }
                    }
                    let i = positional;
                    positional += 1;
                    (if i < decl_fields.len() { Some(i) } else { None }, Ident { name: "", span: f.value.span })
                }
            };
            match idx {
                Some(i) => {
                    let t = decl_fields[i].1.clone();
                    let v = self.expr_expect(f.value, &t);
                    if vals[i].is_some() {
                        self.err(fname.span, format!("field `{}` specified more than once", decl_fields[i].0));
                    }
                    vals[i] = Some(v);
                }
                None => {
                    let tn = self.show(&ty);
                    if fname.name.is_empty() {
                        self.err(f.value.span, format!("too many positional fields for `{tn}`"));
                    } else {
                        self.err(fname.span, format!("`{tn}` has no field named `{}`", fname.name));
                    }
                    self.expr(f.value, None);
                }
            }
        }
        let base_v = base.map(|b| self.expr_expect(b, &ty));
        let mut out = Vec::new();
        for (i, v) in vals.into_iter().enumerate() {
            let v = match v {
                Some(v) => v,
                None => match &base_v {
                    Some(b) => {
                        let t = decl_fields[i].1.clone();
                        let r = self.new_val(t);
                        self.emit(Insn::GetF { a: Wx(r.reg), o: Rr(b.reg), i: N(i as u16) });
                        r
                    }
                    None => self.default_value(&decl_fields[i].1.clone(), &decl_fields[i].0.clone(), span, &ty),
                },
            };
            out.push(v);
        }
        self.new_record_fixed(layout, &out, ty)
    }

    /// Omitted fields take their defaults where the type has an obvious one
    /// (`None`, `0`, `false`, empty) — runtime and stage literals rely on it.
    fn default_value(&mut self, t: &Ty, name: &str, span: Span, owner: &Ty) -> V {
        match self.inf.shallow(t) {
            Ty::Int(_) | Ty::Char | Ty::Duration => self.load_int(0, t.clone()),
            Ty::Bool => self.load_int(0, Ty::Bool),
            Ty::Float => {
                let r = self.new_val(Ty::Float);
                self.emit(Insn::LdF { a: Wf(r.reg), bits: Imm(0) });
                r
            }
            Ty::Str => self.load_str(""),
            Ty::Option(_) => self.new_record_fixed(builtins::NONE, &[], t.clone()),
            Ty::Vec(e) => self.new_vec(*e, &[]),
            Ty::Map(k, v) => self.new_map(*k, *v),
            _ => {
                let o = self.show(owner);
                self.diag(Diagnostic::error(span, format!("missing field `{name}` in initializer of `{o}`")).label(format!("`{name}` has no default value")));
                V { reg: self.never().reg, ty: Ty::Error }
            }
        }
    }

    /// `raise(SIG)` / `raise(SIG { .. })` / `raise(current_signal())`.
    fn raise(&mut self, x: &'a Expr<'a>, span: Span) -> V {
        let v = self.expr(x, None);
        let kinds: Vec<u32> = match self.inf.shallow(&v.ty) {
            Ty::Sig(l) => vec![l],
            Ty::SigSet(ls) => ls,
            Ty::AnySignal => Vec::new(),
            Ty::Error => return self.never(),
            t => {
                let s = self.show(&t);
                self.err(x.span, format!("`raise` needs a signal, found `{s}`"));
                return self.never();
            }
        };
        for k in kinds {
            self.check_escape(span, k, "raises");
        }
        self.emit(Insn::Raise { s: Rr(v.reg) });
        self.never()
    }

    /// `Some(x)` etc. unwrapped, panicking with `msg` on `None`.
    pub fn unwrap_option(&mut self, opt: V, inner: Ty, span: Span, msg: &str) -> V {
        self.unwrap_option_or_panic(opt, inner, span, |cx| cx.load_str(msg))
    }

    /// `unwrap_option`, the panic's message made on the `None` path by `msg` (an
    /// `expect`'s text, computed before: `msg` only names it).
    pub fn unwrap_option_or_panic(&mut self, opt: V, inner: Ty, span: Span, msg: impl FnOnce(&mut Self) -> V) -> V {
        let _ = span;
        let tag = self.new_val(INT);
        self.emit(Insn::Tag { a: Wi(tag.reg), o: Rr(opt.reg) });
        let j = self.emit(Insn::JneIK { b: Ri(tag.reg), v: Imm(builtins::NONE as i64), t: Tgt(u32::MAX) });
        let m = msg(self);
        self.call_native(Native::Panic, &[m], Ty::Never);
        self.patch_here(j);
        let out = self.new_val(inner);
        self.emit(Insn::GetF { a: Wx(out.reg), o: Rr(opt.reg), i: N(0) });
        out
    }

    /// Converts a value to its display (`{}`) or debug (`{:?}`) text.
    pub fn to_text(&mut self, v: V, debug: bool, precision: Option<i64>, span: Span) -> V {
        let t = self.inf.shallow(&v.ty);
        // a handle on the running scheduler, not a value: nothing to print (at run time
        // it is a placeholder number)
        let resolved = self.resolve(&t);
        if self.u.prog.holds(&resolved, &|t| matches!(t, Ty::Scheduler), &mut Vec::new()) {
            let shown = self.show(&resolved);
            let why = if matches!(resolved, Ty::Scheduler) { "a `CoroutineScheduler` has no text form" } else { "it holds a `CoroutineScheduler`, which has no text form" };
            self.diag(
                Diagnostic::error(span, format!("`{shown}` cannot be formatted"))
                    .label(why)
                    .help("print what it reports instead, such as `scheduler.alive()`"),
            );
            return self.load_str("");
        }
        if let (Ty::Duration, true) = (&t, debug) {
            // as Rust prints one: `1.5s`, `250ms`, `{:.2?}` `1.50s`
            let p = self.load_int(precision.unwrap_or(-1), INT);
            return self.call_native(Native::DurationDebug, &[v, p], Ty::Str);
        }
        // `{:.1?}` of a composite: Rust's Debug passes the precision to the floats and
        // `Duration`s inside (`Some(1.2)`)
        if let (true, Some(p)) = (debug, precision) {
            if !matches!(t, Ty::Int(_) | Ty::Float | Ty::Bool | Ty::Char | Ty::Str | Ty::Unit | Ty::Duration | Ty::Error | Ty::Never | Ty::Var(_)) {
                let p = self.load_int(p, INT);
                return self.debug_with_precision(v, &t, p);
            }
        }
        if t == Ty::Int(IntTy::U64) {
            // its 64 bits as one unsigned number (`StrOfI` reads them signed)
            let mode = self.load_int(10 | cprime_bytecode::natives::FMT_UNSIGNED, INT);
            let p = self.load_int(-1, INT);
            return self.call_native(Native::IntText, &[v, mode, p], Ty::Str);
        }
        let out = self.new_val(Ty::Str);
        match t {
            Ty::Int(_) | Ty::Duration => {
                self.emit(Insn::StrOfI { a: Wr(out.reg), b: Ri(v.reg) });
            }
            Ty::Float => {
                let p = precision.unwrap_or(if debug { -2 } else { -1 });
                self.emit(Insn::StrOfF { a: Wr(out.reg), b: Rf(v.reg), p: Imm(p) });
            }
            Ty::Bool => {
                self.emit(Insn::StrOfB { a: Wr(out.reg), b: Ri(v.reg) });
                // a precision cuts a bool's text, as Rust's (`{:.1}` of true is `t`)
                if let Some(p) = precision {
                    let n = self.load_int(p, INT);
                    return self.call_native(Native::StrPrefix, &[out, n], Ty::Str);
                }
            }
            // `{:?}` escapes as Rust does (`'\n'`, `'\''`), as inside a collection
            Ty::Char if debug => return self.call_native(Native::CharDebug, &[v], Ty::Str),
            Ty::Char => {
                self.emit(Insn::StrOfC { a: Wr(out.reg), b: Ri(v.reg) });
            }
            // (a precision cuts it as a bool's: `{:.1?}` is `(`)
            Ty::Unit => return self.load_str(&"()"[..precision.map_or(2, |p| p.clamp(0, 2) as usize)]),
            // `{:.3}` of a string: its first three characters, as Rust's
            Ty::Str if !debug => match precision {
                Some(p) => {
                    let n = self.load_int(p, INT);
                    return self.call_native(Native::StrPrefix, &[v, n], Ty::Str);
                }
                None => return v,
            },
            Ty::Struct(s) if !debug => {
                // a `to_string` or `fmt` method returning String gives the display text
                for m in ["to_string", "fmt"] {
                    if let Some(&f) = self.u.prog.methods.get(&(TyKey::Struct(s), m.to_string())) {
                        if self.u.prog.fns[f as usize].ret == Ty::Str && self.u.prog.fns[f as usize].params.len() == 1 {
                            return self.call_fn(f, vec![v], span);
                        }
                    }
                }
                self.debug_text(out.reg, v.reg, &t);
            }
            Ty::Error | Ty::Never => {}
            Ty::Var(_) => {
                self.err(span, "type annotations needed to format this value");
            }
            _ => {
                if debug {
                    self.debug_text(out.reg, v.reg, &t);
                } else {
                    self.emit(Insn::StrOfR { a: Wr(out.reg), b: Rr(v.reg) });
                }
            }
        }
        out
    }

    /// `{:.p?}` of an object of type `t`, the precision `p` in a register (`DebugPrec`).
    pub fn debug_with_precision(&mut self, v: V, t: &Ty, p: V) -> V {
        let t = self.resolve(t);
        let shape = self.u.debug_shape(&t).map_or(-1, i64::from);
        let s = self.load_int(shape, INT);
        self.call_native(Native::DebugPrec, &[v, s, p], Ty::Str)
    }

    /// `R[out] := {:?} of R[v]`, an object of type `t`: read as its shape when it holds a
    /// `bool`, `char` or `()` (`shapes.rs`).
    fn debug_text(&mut self, out: u16, v: u16, t: &Ty) {
        let t = self.resolve(t);
        match self.u.debug_shape(&t) {
            Some(s) => self.emit(Insn::DbgT { a: Wr(out), b: Rr(v), s: Shp(s) }),
            None => self.emit(Insn::DbgR { a: Wr(out), b: Rr(v) }),
        };
    }

    /// Int type with a width for messages (`u8` etc.).
    pub fn int_of(&self, it: IntTy) -> Ty {
        Ty::Int(it)
    }
}

/// `OP k` with a literal as one immediate-operand instruction, where one exists: its
/// constructor and immediate. `+`/`-` are `AddIK`; `/` and `%` by a literal zero keep the
/// register form, which raises `DIVIDE_BY_ZERO`.
pub(super) type ImmInsn = fn(Wi, Ri, Imm) -> Insn;
/// Whether `op` on `u64` values (`usize`'s too) differs from the signed 64-bit one the
/// instructions compute: an order, `/`, `%`, `>>` (`unsigned_64_op`).
pub(super) fn unsigned_64(it: IntTy, op: BinOp) -> bool {
    it == IntTy::U64 && matches!(op, BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge | BinOp::Div | BinOp::Rem | BinOp::Shr)
}

pub(super) fn int_immediate(op: BinOp, k: i64) -> Option<(ImmInsn, i64)> {
    let add: ImmInsn = |a, b, v| Insn::AddIK { a, b, v };
    Some(match op {
        BinOp::Add => (add, k),
        BinOp::Sub => (add, k.wrapping_neg()),
        BinOp::Mul => (|a, b, v| Insn::MulIK { a, b, v }, k),
        BinOp::Div if k != 0 => (|a, b, v| Insn::DivIK { a, b, v }, k),
        BinOp::Rem if k != 0 => (|a, b, v| Insn::RemIK { a, b, v }, k),
        _ => return None,
    })
}

fn unreachable_op() -> Insn {
    Insn::Nop {}
}

