//! Method calls: user methods (static and `dyn` dispatch) and the standard library's
//! methods on strings, vectors, maps, options, results, numbers and signals.
use cprime_bytecode::builtins;
use cprime_bytecode::isa::*;
use cprime_bytecode::natives::Native;

use super::{FnCx, V};
use crate::ast::*;
use crate::diag::{counted, given, Diagnostic};
use crate::items::TyKey;
use crate::types::{Ty, INT};

impl<'u, 'a> FnCx<'u, 'a> {
    pub fn method_call(&mut self, recv: &'a Expr<'a>, name: Ident<'a>, args: &'a [&'a Expr<'a>], span: Span, expect: Option<&Ty>) -> V {
        // `s.push_str(x)` of a string and `o.take()` of an option rebind the place
        // (strings and options are values)
        if matches!(name.name, "push_str" | "push" | "take" | "replace") {
            if let Some(v) = self.rebinding_method(recv, name, args, span) {
                return v;
            }
        }
        // (`v[a..b].sort()` sorts the range of `v`: its copy, written back)
        let mut wbs = Vec::new();
        let r = self.receiver(recv, name, &mut wbs);
        let out = self.method_call_on(r, name, args, span, expect);
        self.write_back(wbs);
        out
    }

    /// The user method (not a trait object's) that `name` names on a receiver of type
    /// `t`.
    pub fn user_method(&mut self, t: &Ty, name: Ident<'a>) -> Option<u32> {
        let key = TyKey::of(&self.inf.shallow(t))?;
        let f = *self.u.prog.methods.get(&(key, name.name.to_string()))?;
        self.u.prog.fns[f as usize].has_self.then_some(f)
    }

    /// A method call on a receiver already evaluated into `r`.
    pub fn method_call_on(&mut self, r: V, name: Ident<'a>, args: &'a [&'a Expr<'a>], span: Span, expect: Option<&Ty>) -> V {
        let t = self.inf.shallow(&r.ty);
        if let Some(key) = TyKey::of(&t) {
            if let Some(&f) = self.u.prog.methods.get(&(key, name.name.to_string())) {
                if self.u.prog.fns[f as usize].has_self {
                    let mut vals = vec![r];
                    let params: Vec<Ty> = self.u.prog.fns[f as usize].params.iter().skip(1).map(|p| p.1.clone()).collect();
                    if params.len() != args.len() {
                        self.err(span, format!("method `{}` takes {} but {}", name.name, counted(params.len(), "argument"), given(args.len())));
                    }
                    let mut wbs = Vec::new();
                    for (a, p) in args.iter().zip(params.iter()) {
                        vals.push(self.arg_expect(a, p, &mut wbs));
                    }
                    if vals.len() != params.len() + 1 {
                        return V { reg: self.never().reg, ty: Ty::Error };
                    }
                    let info = &self.u.prog.fns[f as usize];
                    let waits = info.decl.is_async || self.u.prog.is_prelude_fn(f);
                    self.last_method = Some((name.span, waits, info.name.clone()));
                    let out = self.call_fn(f, vals, span);
                    self.write_back(wbs);
                    return out;
                }
            }
        }
        if let Ty::Dyn(tr) = t {
            let found = self.u.prog.traits[tr as usize].methods.iter().find(|m| m.0 == name.name).map(|m| (m.1, m.2));
            if let Some((slot, decl)) = found {
                let tname = self.u.prog.traits[tr as usize].name.clone();
                let method = format!("{tname}::{}", name.name);
                let mut vals = vec![r];
                let (ptys, ret) = self.trait_method_sig(tr, decl);
                for (a, p) in args.iter().zip(ptys.iter()) {
                    vals.push(self.expr_expect(a, p));
                }
                self.last_method = Some((name.span, decl.is_async, method));
                let w = self.args_window(&vals);
                let out = self.result_reg(&ret);
                self.emit(Insn::CallVirt { a: Wx(out.reg), s: Slot(slot), w: Win(w), n: N(vals.len() as u16) });
                return out;
            }
        }
        if let Some(v) = self.builtin_method(&r, &t, name, args, span, expect) {
            return v;
        }
        if !matches!(t, Ty::Error) {
            let s = self.show(&t);
            self.diag(Diagnostic::error(name.span, format!("no method named `{}` found for `{s}`", name.name)).label("method not found"));
        }
        for a in args {
            self.expr(a, None);
        }
        V { reg: self.never().reg, ty: Ty::Error }
    }

    /// A trait method's parameter types (after `self`) and return type.
    pub fn trait_method_sig(&mut self, tr: u32, decl: &'a FnDecl<'a>) -> (Vec<Ty>, Ty) {
        // (the names a declaration uses are the trait's module's, not the caller's)
        let scope = self.u.prog.traits[tr as usize].scope;
        let params = decl.params.iter().map(|p| self.u.prog.resolve_type(scope, &p.ty, &mut self.u.diags)).collect();
        let ret = match &decl.ret {
            Some(t) => self.u.prog.resolve_type(scope, t, &mut self.u.diags),
            None => Ty::Unit,
        };
        (params, ret)
    }

    pub(super) fn argn(&mut self, args: &'a [&'a Expr<'a>], n: usize, name: Ident<'a>) -> bool {
        if args.len() != n {
            self.err(name.span, format!("method `{}` takes {} but {}", name.name, counted(n, "argument"), given(args.len())));
            for a in args {
                self.expr(a, None);
            }
            return false;
        }
        true
    }

    fn builtin_method(&mut self, r: &V, t: &Ty, name: Ident<'a>, args: &'a [&'a Expr<'a>], span: Span, expect: Option<&Ty>) -> Option<V> {
        if let Some(v) = self.co_method(r, t, name, args) {
            return Some(v);
        }
        if let Ty::Tcp(listener) = t {
            return Some(self.socket_method(r, *listener, name, args, span));
        }
        let m = name.name;
        let r = r.clone();
        // methods every value has
        match m {
            "clone" | "to_owned" | "as_str" | "as_ref" | "borrow" | "borrow_mut" | "as_mut" | "iter" | "into_iter" | "iter_mut" | "collect" | "to_vec" | "as_slice" | "cloned" | "copied" | "into" => {
                if !self.argn(args, 0, name) {
                    return Some(r);
                }
                return Some(match (m, t) {
                    ("clone" | "to_vec" | "to_owned", Ty::Vec(_) | Ty::Map(..) | Ty::Struct(_) | Ty::Enum(_) | Ty::Tuple(_) | Ty::Option(_) | Ty::Result(..)) => {
                        self.call_native(Native::Clone, core::slice::from_ref(&r), r.ty.clone())
                    }
                    _ => r,
                });
            }
            "to_string" if !matches!(t, Ty::Struct(_)) => {
                if !self.argn(args, 0, name) {
                    return Some(r);
                }
                return Some(self.to_text(r, false, None, span));
            }
            _ => {}
        }
        if let (Ty::Str, "parse", true) = (&t, name.name, args.is_empty()) {
            return Some(self.parse_as(r.clone(), expect));
        }
        let v = match t {
            Ty::Str => self.string_method(r, name, args, span)?,
            Ty::Vec(e) => self.vec_method(r, (**e).clone(), name, args, span, expect)?,
            Ty::Map(k, v) => self.map_method(r, (**k).clone(), (**v).clone(), name, args)?,
            Ty::Option(x) => self.option_method(r, (**x).clone(), name, args, span)?,
            Ty::Result(a, b) => self.result_method(r, (**a).clone(), (**b).clone(), name, args, span)?,
            Ty::Float => self.float_method(r, name, args)?,
            Ty::Int(_) => self.int_method(r, name, args)?,
            Ty::Char => self.char_method(r, name, args)?,
            Ty::Duration => match m {
                // a time point is a Duration since the clock's start: `now.duration_since(t)`
                "duration_since" | "saturating_sub" => {
                    if !self.argn(args, 1, name) {
                        return Some(self.unit());
                    }
                    // (zero for a later `t`, as Rust's)
                    let other = self.expr_expect(args[0], &Ty::Duration);
                    self.call_native(Native::SubSatI, &[r, other], Ty::Duration)
                }
                // `Instant::now().elapsed()`: the clock now minus the time point
                "elapsed" => {
                    if !self.argn(args, 0, name) {
                        return Some(self.unit());
                    }
                    let now = self.call_native(Native::NowNs, &[], Ty::Duration);
                    self.call_native(Native::SubSatI, &[now, r], Ty::Duration)
                }
                "as_secs_f32" | "as_secs_f64" => {
                    let f = self.new_val(Ty::Float);
                    self.emit(Insn::IToF { a: Wf(f.reg), b: Ri(r.reg) });
                    let k = self.new_val(Ty::Float);
                    self.emit(Insn::LdF { a: Wf(k.reg), bits: Imm(1e9f64.to_bits() as i64) });
                    let out = self.new_val(Ty::Float);
                    self.emit(Insn::DivF { a: Wf(out.reg), b: Rf(f.reg), c: Rf(k.reg) });
                    out
                }
                _ => {
                    let div = match m {
                        "as_nanos" => 1,
                        "as_micros" => 1_000,
                        "as_millis" => 1_000_000,
                        "as_secs" => 1_000_000_000,
                        _ => return None,
                    };
                    let out = self.new_val(INT);
                    self.emit(Insn::DivIK { a: Wi(out.reg), b: Ri(r.reg), v: Imm(div) });
                    out
                }
            },
            Ty::Sig(_) | Ty::SigSet(_) | Ty::AnySignal => match m {
                "name" => self.call_native(Native::SigName, &[r], Ty::Str),
                "message" => self.call_native(Native::SigMessage, &[r], Ty::Str),
                _ => return None,
            },
            _ => return None,
        };
        Some(v)
    }

    /// `s.parse()`: a float when an `Option<f64>` is expected (`s.parse::<f64>()`), else
    /// an integer, `None` past the range of the integer type expected (`"300"` as a
    /// `u8`), as Rust's `parse` fails there (its `Result` is an `Option` here).
    fn parse_as(&mut self, r: V, expect: Option<&Ty>) -> V {
        let want = match expect.map(|t| self.inf.shallow(t)) {
            Some(Ty::Option(x)) => self.inf.shallow(&x),
            _ => INT,
        };
        let it = match want {
            Ty::Float => return self.call_native(Native::StrParseF, &[r], Ty::option(Ty::Float)),
            Ty::Int(it) => it,
            _ => crate::types::IntTy::I64,
        };
        let ty = Ty::option(Ty::Int(it));
        // (an unsigned type's text has no `-`, not even in `-0`, as Rust's)
        let parse = if it.signed() { Native::StrParseInt } else { Native::StrParseU };
        let out = self.call_native(parse, &[r], ty.clone());
        if it.bits() == 64 {
            return out;
        }
        let (lo, hi) = it.range();
        // a number out of the type's range is no number of that type
        let tag = self.new_val(INT);
        self.emit(Insn::Tag { a: Wi(tag.reg), o: Rr(out.reg) });
        let none = self.emit(Insn::JeqIK { b: Ri(tag.reg), v: Imm(builtins::NONE as i64), t: Tgt(u32::MAX) });
        let n = self.new_val(INT);
        self.emit(Insn::GetF { a: Wx(n.reg), o: Rr(out.reg), i: N(0) });
        let lo_ok = self.load_int(lo, INT);
        let below = self.emit(Insn::JltI { b: Ri(n.reg), c: Ri(lo_ok.reg), t: Tgt(u32::MAX) });
        let hi_ok = self.load_int(hi, INT);
        let fine = self.emit(Insn::JleI { b: Ri(n.reg), c: Ri(hi_ok.reg), t: Tgt(u32::MAX) });
        self.patch_here(below);
        let empty = self.new_record_fixed(builtins::NONE, &[], ty);
        self.mov(out.reg, empty.reg);
        self.patch_here(none);
        self.patch_here(fine);
        out
    }

    fn string_method(&mut self, r: V, name: Ident<'a>, args: &'a [&'a Expr<'a>], span: Span) -> Option<V> {
        let one = |cx: &mut Self| -> Option<V> {
            if cx.argn(args, 1, name) {
                Some(cx.expr_expect(args[0], &Ty::Str))
            } else {
                None
            }
        };
        let v = match name.name {
            "len" => self.call_native(Native::StrLen, &[r], INT),
            "is_empty" => {
                let n = self.call_native(Native::StrLen, &[r], INT);
                let z = self.load_int(0, INT);
                self.binary_vals(BinOp::Eq, n, z, span)
            }
            "parse_int" | "parse" => self.call_native(Native::StrParseInt, &[r], Ty::option(INT)),
            "parse_float" => self.call_native(Native::StrParseF, &[r], Ty::option(Ty::Float)),
            "contains" => match one(self) {
                Some(x) => self.call_native(Native::StrContains, &[r, x], Ty::Bool),
                None => return Some(self.unit()),
            },
            "starts_with" => match one(self) {
                Some(x) => self.call_native(Native::StrStarts, &[r, x], Ty::Bool),
                None => return Some(self.unit()),
            },
            "ends_with" => match one(self) {
                Some(x) => self.call_native(Native::StrEnds, &[r, x], Ty::Bool),
                None => return Some(self.unit()),
            },
            "find" => match one(self) {
                Some(x) => self.call_native(Native::StrFind, &[r, x], Ty::option(INT)),
                None => return Some(self.unit()),
            },
            "split" => match one(self) {
                Some(x) => self.call_native(Native::StrSplit, &[r, x], Ty::vec(Ty::Str)),
                None => return Some(self.unit()),
            },
            "trim" => self.call_native(Native::StrTrim, &[r], Ty::Str),
            "to_uppercase" | "to_upper" => self.call_native(Native::StrUpper, &[r], Ty::Str),
            "to_lowercase" | "to_lower" => self.call_native(Native::StrLower, &[r], Ty::Str),
            "chars" => self.call_native(Native::StrChars, &[r], Ty::vec(Ty::Char)),
            "lines" => self.call_native(Native::StrLines, &[r], Ty::vec(Ty::Str)),
            "repeat" => {
                if !self.argn(args, 1, name) {
                    return Some(r);
                }
                let n = self.expr_expect(args[0], &INT);
                self.call_native(Native::StrRepeat, &[r, n], Ty::Str)
            }
            "replace" => {
                if !self.argn(args, 2, name) {
                    return Some(r);
                }
                let a = self.expr_expect(args[0], &Ty::Str);
                let b = self.expr_expect(args[1], &Ty::Str);
                self.call_native(Native::StrReplace, &[r, a, b], Ty::Str)
            }
            "substring" | "slice" => {
                if !self.argn(args, 2, name) {
                    return Some(r);
                }
                let a = self.expr_expect(args[0], &INT);
                let b = self.expr_expect(args[1], &INT);
                self.call_native(Native::StrSlice, &[r, a, b], Ty::Str)
            }
            "char_at" => {
                if !self.argn(args, 1, name) {
                    return Some(r);
                }
                let i = self.expr_expect(args[0], &INT);
                self.call_native(Native::StrCharAt, &[r, i], Ty::option(Ty::Char))
            }
            "eq" => match one(self) {
                Some(x) => self.binary_vals(BinOp::Eq, r, x, span),
                None => return Some(self.unit()),
            },
            _ => return None,
        };
        Some(v)
    }

    fn vec_method(&mut self, r: V, e: Ty, name: Ident<'a>, args: &'a [&'a Expr<'a>], span: Span, _expect: Option<&Ty>) -> Option<V> {
        let v = match name.name {
            "len" => {
                let out = self.new_val(INT);
                self.emit(Insn::VecLen { a: Wi(out.reg), v: Rr(r.reg) });
                out
            }
            "is_empty" => {
                let n = self.new_val(INT);
                self.emit(Insn::VecLen { a: Wi(n.reg), v: Rr(r.reg) });
                let z = self.load_int(0, INT);
                self.binary_vals(BinOp::Eq, n, z, span)
            }
            "push" => {
                if !self.argn(args, 1, name) {
                    return Some(self.unit());
                }
                let x = self.expr_expect(args[0], &e);
                self.emit(Insn::VecPush { v: Rr(r.reg), x: Rx(x.reg) });
                self.unit()
            }
            "pop" => self.call_native(Native::VecPop, &[r], Ty::option(e)),
            "clear" => self.call_native(Native::VecClear, &[r], Ty::Unit),
            "reverse" => self.call_native(Native::VecReverse, &[r], Ty::Unit),
            "insert" => {
                if !self.argn(args, 2, name) {
                    return Some(self.unit());
                }
                let i = self.expr_expect(args[0], &INT);
                let x = self.expr_expect(args[1], &e);
                self.call_native(Native::VecInsert, &[r, i, x], Ty::Unit)
            }
            "remove" => {
                if !self.argn(args, 1, name) {
                    return Some(self.unit());
                }
                let i = self.expr_expect(args[0], &INT);
                self.call_native(Native::VecRemove, &[r, i], e)
            }
            "truncate" => {
                if !self.argn(args, 1, name) {
                    return Some(self.unit());
                }
                let i = self.expr_expect(args[0], &INT);
                self.call_native(Native::VecTruncate, &[r, i], Ty::Unit)
            }
            "swap" => {
                if !self.argn(args, 2, name) {
                    return Some(self.unit());
                }
                let i = self.expr_expect(args[0], &INT);
                let j = self.expr_expect(args[1], &INT);
                self.call_native(Native::VecSwap, &[r, i, j], Ty::Unit)
            }
            "extend" | "append" | "extend_from_slice" => {
                if !self.argn(args, 1, name) {
                    return Some(self.unit());
                }
                let o = self.expr_expect(args[0], &Ty::vec(e));
                self.call_native(Native::VecExtend, &[r, o], Ty::Unit)
            }
            "contains" => {
                if !self.argn(args, 1, name) {
                    return Some(self.unit());
                }
                let x = self.expr_expect(args[0], &e);
                self.call_native(Native::VecContains, &[r, x], Ty::Bool)
            }
            "join" => {
                if !self.argn(args, 1, name) {
                    return Some(self.unit());
                }
                self.expect_ty(span, &Ty::Str, &e);
                let sep = self.expr_expect(args[0], &Ty::Str);
                self.call_native(Native::VecJoin, &[r, sep], Ty::Str)
            }
            "sort" | "sort_unstable" => {
                let n = match self.inf.shallow(&e) {
                    Ty::Int(crate::types::IntTy::U64) => Native::VecSortU,
                    Ty::Int(_) | Ty::Char | Ty::Bool => Native::VecSortI,
                    Ty::Float => Native::VecSortF,
                    Ty::Str => Native::VecSortS,
                    t => {
                        let s = self.show(&t);
                        self.err(span, format!("cannot sort a `Vec<{s}>`: only numbers, chars and strings have an order"));
                        return Some(self.unit());
                    }
                };
                self.call_native(n, &[r], Ty::Unit)
            }
            "get" => {
                if !self.argn(args, 1, name) {
                    return Some(self.unit());
                }
                let i = self.expr_expect(args[0], &INT);
                self.vec_get_opt(r, e, i)
            }
            "first" => {
                let i = self.load_int(0, INT);
                self.vec_get_opt(r, e, i)
            }
            "last" => {
                let n = self.new_val(INT);
                self.emit(Insn::VecLen { a: Wi(n.reg), v: Rr(r.reg) });
                let i = self.new_val(INT);
                self.emit(Insn::AddIK { a: Wi(i.reg), b: Ri(n.reg), v: Imm(-1) });
                self.vec_get_opt(r, e, i)
            }
            "sum" => {
                let zero = match self.inf.shallow(&e) {
                    // -0.0, as Rust's float sum starts: the sum of nothing, or of
                    // negative zeros, is -0.0 (0.0 + -0.0 would be 0.0)
                    Ty::Float => {
                        let z = self.new_val(Ty::Float);
                        self.emit(Insn::LdF { a: Wf(z.reg), bits: Imm((-0.0f64).to_bits() as i64) });
                        z
                    }
                    _ => self.load_int(0, e.clone()),
                };
                let acc = self.new_val(e.clone());
                self.mov(acc.reg, zero.reg);
                self.each(&r, &e, |cx, x| {
                    let s = cx.binary_vals(BinOp::Add, acc.clone(), x, span);
                    cx.mov(acc.reg, s.reg);
                });
                acc
            }
            "count" => {
                let out = self.new_val(INT);
                self.emit(Insn::VecLen { a: Wi(out.reg), v: Rr(r.reg) });
                out
            }
            "max" | "min" => {
                // Option of the extreme element
                let ty = Ty::option(e.clone());
                let best = self.new_val(e.clone());
                let found = self.load_int(0, Ty::Bool);
                let is_max = name.name == "max";
                self.each(&r, &e, |cx, x| {
                    let j = cx.emit(Insn::JmpIfNot { c: Ri(found.reg), t: Tgt(u32::MAX) });
                    let better = if is_max {
                        cx.binary_vals(BinOp::Gt, x.clone(), best.clone(), span)
                    } else {
                        cx.binary_vals(BinOp::Lt, x.clone(), best.clone(), span)
                    };
                    let skip = cx.emit(Insn::JmpIfNot { c: Ri(better.reg), t: Tgt(u32::MAX) });
                    cx.patch_here(j);
                    cx.mov(best.reg, x.reg);
                    cx.emit(Insn::LdI { a: Wi(found.reg), v: Imm(1) });
                    cx.patch_here(skip);
                });
                let out = self.new_val(ty.clone());
                let jn = self.emit(Insn::JmpIfNot { c: Ri(found.reg), t: Tgt(u32::MAX) });
                let some = self.new_variant(builtins::some, best, ty.clone());
                self.mov(out.reg, some.reg);
                let jend = self.jump();
                self.patch_here(jn);
                let none = self.new_record_fixed(builtins::NONE, &[], ty);
                self.mov(out.reg, none.reg);
                self.patch_here(jend);
                out
            }
            "map" | "filter" | "for_each" | "any" | "all" | "position" | "find" => {
                if !self.argn(args, 1, name) {
                    return Some(self.unit());
                }
                let ret_hint = match name.name {
                    "filter" | "any" | "all" | "position" | "find" => Ty::Bool,
                    "for_each" => Ty::Unit,
                    _ => self.inf.fresh(),
                };
                let f = self.expr(args[0], Some(&Ty::Fn(vec![e.clone()], Box::new(ret_hint.clone()))));
                let fret = match self.inf.shallow(&f.ty) {
                    Ty::Fn(_, ret) => *ret,
                    _ => ret_hint.clone(),
                };
                self.expect_ty(args[0].span, &Ty::Fn(vec![e.clone()], Box::new(ret_hint)), &f.ty);
                self.iter_adapter(name.name, r, e, f, fret, span)
            }
            "fold" => {
                if !self.argn(args, 2, name) {
                    return Some(self.unit());
                }
                let init = self.expr(args[0], None);
                let acc = self.new_val(init.ty.clone());
                self.mov(acc.reg, init.reg);
                let f = self.expr(args[1], Some(&Ty::Fn(vec![init.ty.clone(), e.clone()], Box::new(init.ty.clone()))));
                self.each(&r, &e, |cx, x| {
                    let v = cx.call_closure_vals(&f, vec![acc.clone(), x], acc.ty.clone());
                    cx.mov(acc.reg, v.reg);
                });
                acc
            }
            _ => return None,
        };
        Some(v)
    }

    /// Emits a loop over the elements of vector `r`, calling `body` with each element.
    fn each(&mut self, r: &V, e: &Ty, mut body: impl FnMut(&mut Self, V)) {
        self.each_until(r, e, |cx, x, _| {
            body(cx, x);
            None
        });
    }

    /// `each`, where `body` is also given the loop's index and may end the loop: the
    /// jump it returns goes to the loop's end (`any`, `all`, `position`, `find` stop at
    /// their answer, as Rust's do: the closure is not called again).
    fn each_until(&mut self, r: &V, e: &Ty, mut body: impl FnMut(&mut Self, V, &V) -> Option<usize>) {
        let i = self.load_int(0, INT);
        let len = self.new_val(INT);
        self.emit(Insn::VecLen { a: Wi(len.reg), v: Rr(r.reg) });
        let jtest = self.jump();
        let top = self.pc();
        let x = self.new_val(e.clone());
        self.emit(Insn::VecGet { a: Wx(x.reg), v: Rr(r.reg), i: Ri(i.reg) });
        let exit = body(self, x, &i);
        self.emit(Insn::AddIK { a: Wi(i.reg), b: Ri(i.reg), v: Imm(1) });
        self.patch_here(jtest);
        self.emit(Insn::JltI { b: Ri(i.reg), c: Ri(len.reg), t: Tgt(top as u32) });
        if let Some(j) = exit {
            self.patch_here(j);
        }
    }

    fn iter_adapter(&mut self, which: &str, r: V, e: Ty, f: V, fret: Ty, span: Span) -> V {
        match which {
            "map" => {
                let out = self.new_vec(fret.clone(), &[]);
                self.each(&r, &e, |cx, x| {
                    let y = cx.call_closure_vals(&f, vec![x], fret.clone());
                    cx.emit(Insn::VecPush { v: Rr(out.reg), x: Rx(y.reg) });
                });
                out
            }
            "filter" => {
                let out = self.new_vec(e.clone(), &[]);
                self.each(&r, &e, |cx, x| {
                    let keep = cx.call_closure_vals(&f, vec![x.clone()], Ty::Bool);
                    let j = cx.emit(Insn::JmpIfNot { c: Ri(keep.reg), t: Tgt(u32::MAX) });
                    cx.emit(Insn::VecPush { v: Rr(out.reg), x: Rx(x.reg) });
                    cx.patch_here(j);
                });
                out
            }
            "for_each" => {
                self.each(&r, &e, |cx, x| {
                    cx.call_closure_vals(&f, vec![x], Ty::Unit);
                });
                self.unit()
            }
            "any" | "all" => {
                let any = which == "any";
                let out = self.load_int(if any { 0 } else { 1 }, Ty::Bool);
                self.each_until(&r, &e, |cx, x, _| {
                    let t = cx.call_closure_vals(&f, vec![x], Ty::Bool);
                    let insn = if any { Insn::JmpIfNot { c: Ri(t.reg), t: Tgt(u32::MAX) } } else { Insn::JmpIf { c: Ri(t.reg), t: Tgt(u32::MAX) } };
                    let j = cx.emit(insn);
                    cx.emit(Insn::LdI { a: Wi(out.reg), v: Imm(if any { 1 } else { 0 }) });
                    let done = cx.jump();
                    cx.patch_here(j);
                    Some(done)
                });
                out
            }
            _ => {
                // position / find: first match as an Option
                let is_pos = which == "position";
                let ty = Ty::option(if is_pos { INT } else { e.clone() });
                let out = self.new_record_fixed(builtins::NONE, &[], ty.clone());
                self.each_until(&r, &e, |cx, x, i| {
                    let t = cx.call_closure_vals(&f, vec![x.clone()], Ty::Bool);
                    let j = cx.emit(Insn::JmpIfNot { c: Ri(t.reg), t: Tgt(u32::MAX) });
                    let payload = if is_pos { i.clone() } else { x };
                    let s = cx.new_variant(builtins::some, payload, ty.clone());
                    cx.mov(out.reg, s.reg);
                    let done = cx.jump();
                    cx.patch_here(j);
                    Some(done)
                });
                let _ = span;
                out
            }
        }
    }

    fn vec_get_opt(&mut self, r: V, e: Ty, i: V) -> V {
        let ty = Ty::option(e.clone());
        let out = self.new_val(ty.clone());
        let n = self.new_val(INT);
        self.emit(Insn::VecLen { a: Wi(n.reg), v: Rr(r.reg) });
        let j1 = self.emit(Insn::JltIK { b: Ri(i.reg), v: Imm(0), t: Tgt(u32::MAX) });
        let j2 = self.emit(Insn::JleI { b: Ri(n.reg), c: Ri(i.reg), t: Tgt(u32::MAX) });
        let x = self.new_val(e);
        self.emit(Insn::VecGet { a: Wx(x.reg), v: Rr(r.reg), i: Ri(i.reg) });
        let s = self.new_variant(builtins::some, x, ty.clone());
        self.mov(out.reg, s.reg);
        let jend = self.jump();
        self.patch_here(j1);
        self.patch_here(j2);
        let none = self.new_record_fixed(builtins::NONE, &[], ty);
        self.mov(out.reg, none.reg);
        self.patch_here(jend);
        out
    }

    fn map_method(&mut self, r: V, k: Ty, v: Ty, name: Ident<'a>, args: &'a [&'a Expr<'a>]) -> Option<V> {
        let key_of = |cx: &mut Self| cx.expr_expect(args[0], &k);
        let out = match name.name {
            "insert" => {
                if !self.argn(args, 2, name) {
                    return Some(self.unit());
                }
                let key = key_of(self);
                let val = self.expr_expect(args[1], &v);
                self.call_native(Native::MapInsert, &[r, key, val], Ty::option(v))
            }
            "get" => {
                if !self.argn(args, 1, name) {
                    return Some(self.unit());
                }
                let key = key_of(self);
                self.call_native(Native::MapGet, &[r, key], Ty::option(v))
            }
            "contains_key" => {
                if !self.argn(args, 1, name) {
                    return Some(self.unit());
                }
                let key = key_of(self);
                self.call_native(Native::MapContains, &[r, key], Ty::Bool)
            }
            "remove" => {
                if !self.argn(args, 1, name) {
                    return Some(self.unit());
                }
                let key = key_of(self);
                self.call_native(Native::MapRemove, &[r, key], Ty::option(v))
            }
            "len" => self.call_native(Native::MapLen, &[r], INT),
            "is_empty" => {
                let n = self.call_native(Native::MapLen, &[r], INT);
                let z = self.load_int(0, INT);
                self.binary_vals(BinOp::Eq, n, z, name.span)
            }
            "keys" => self.call_native(Native::MapKeys, &[r], Ty::vec(k.clone())),
            "values" => self.call_native(Native::MapValues, &[r], Ty::vec(v)),
            _ => return None,
        };
        let t = self.inf.shallow(&k);
        if !matches!(t, Ty::Int(_) | Ty::Str | Ty::Char | Ty::Bool | Ty::Var(_) | Ty::Error) {
            let s = self.show(&t);
            self.err(name.span, format!("`HashMap` keys must be integers, chars, bools or strings, not `{s}`"));
        }
        Some(out)
    }

    fn option_method(&mut self, r: V, x: Ty, name: Ident<'a>, args: &'a [&'a Expr<'a>], span: Span) -> Option<V> {
        let v = match name.name {
            "unwrap" => self.unwrap_option(r, x, span, "called `Option::unwrap()` on a `None` value"),
            // `take()` / `replace(x)` of a temporary (`mk().take()`): its value, the
            // temporary's new one going nowhere (a place's are `rebinding_method`'s)
            "take" => {
                self.argn(args, 0, name);
                r
            }
            "replace" => {
                if self.argn(args, 1, name) {
                    self.expr_expect(args[0], &x);
                }
                r
            }
            "expect" => {
                if !self.argn(args, 1, name) {
                    return Some(self.unit());
                }
                // (evaluated whether it is needed or not, as Rust's argument is)
                let msg = self.expr_expect(args[0], &Ty::Str);
                self.unwrap_option_or_panic(r, x, span, |_| msg)
            }
            "is_some" | "is_none" => {
                let tag = self.new_val(INT);
                self.emit(Insn::Tag { a: Wi(tag.reg), o: Rr(r.reg) });
                let out = self.new_val(Ty::Bool);
                let k = self.load_int(builtins::NONE as i64, INT);
                if name.name == "is_some" {
                    self.emit(Insn::NeI { a: Wi(out.reg), b: Ri(tag.reg), c: Ri(k.reg) });
                } else {
                    self.emit(Insn::EqI { a: Wi(out.reg), b: Ri(tag.reg), c: Ri(k.reg) });
                }
                out
            }
            "unwrap_or" => {
                if !self.argn(args, 1, name) {
                    return Some(self.unit());
                }
                let d = self.expr_expect(args[0], &x);
                let out = self.new_val(x.clone());
                self.mov(out.reg, d.reg);
                let tag = self.new_val(INT);
                self.emit(Insn::Tag { a: Wi(tag.reg), o: Rr(r.reg) });
                let j = self.emit(Insn::JeqIK { b: Ri(tag.reg), v: Imm(builtins::NONE as i64), t: Tgt(u32::MAX) });
                self.emit(Insn::GetF { a: Wx(out.reg), o: Rr(r.reg), i: N(0) });
                self.patch_here(j);
                out
            }
            _ => return None,
        };
        Some(v)
    }

    fn result_method(&mut self, r: V, ok: Ty, err: Ty, name: Ident<'a>, args: &'a [&'a Expr<'a>], span: Span) -> Option<V> {
        let tag = self.new_val(INT);
        self.emit(Insn::Tag { a: Wi(tag.reg), o: Rr(r.reg) });
        let v = match name.name {
            "unwrap" | "expect" => {
                // Rust's message: `msg: {err:?}`, or `called `Result::unwrap()` on an
                // `Err` value: {err:?}`
                let msg = match name.name {
                    "expect" if self.argn(args, 1, name) => Some(self.expr_expect(args[0], &Ty::Str)),
                    _ => None,
                };
                let j = self.emit(Insn::JltIK { b: Ri(tag.reg), v: Imm(builtins::ERR_I as i64), t: Tgt(u32::MAX) });
                let prefix = match msg {
                    Some(m) => m,
                    None => self.load_str("called `Result::unwrap()` on an `Err` value"),
                };
                let e = self.new_val(err.clone());
                self.emit(Insn::GetF { a: Wx(e.reg), o: Rr(r.reg), i: N(0) });
                let text = self.to_text(e, true, None, span);
                let sep = self.load_str(": ");
                let head = self.binary_vals(BinOp::Add, prefix, sep, span);
                let m = self.binary_vals(BinOp::Add, head, text, span);
                self.call_native(Native::Panic, &[m], Ty::Never);
                self.patch_here(j);
                let out = self.new_val(ok);
                self.emit(Insn::GetF { a: Wx(out.reg), o: Rr(r.reg), i: N(0) });
                out
            }
            "is_ok" | "is_err" => {
                let out = self.new_val(Ty::Bool);
                let k = self.load_int(builtins::ERR_I as i64, INT);
                if name.name == "is_ok" {
                    self.emit(Insn::LtI { a: Wi(out.reg), b: Ri(tag.reg), c: Ri(k.reg) });
                } else {
                    self.emit(Insn::LeI { a: Wi(out.reg), b: Ri(k.reg), c: Ri(tag.reg) });
                }
                out
            }
            _ => return None,
        };
        let _ = span;
        Some(v)
    }

    fn char_method(&mut self, r: V, name: Ident<'a>, args: &'a [&'a Expr<'a>]) -> Option<V> {
        // `c.to_digit(radix)`: an Option, as Rust's; `c.is_digit(radix)`: whether it is one
        if let ("to_digit" | "is_digit", [radix]) = (name.name, args) {
            let radix = self.expr_expect(radix, &INT);
            let digit = self.call_native(Native::CharDigit, &[r, radix], Ty::Option(Box::new(INT)));
            if name.name == "to_digit" {
                return Some(digit);
            }
            let tag = self.new_val(INT);
            self.emit(Insn::Tag { a: Wi(tag.reg), o: Rr(digit.reg) });
            let none = self.load_int(builtins::NONE as i64, INT);
            let out = self.new_val(Ty::Bool);
            self.emit(Insn::NeI { a: Wi(out.reg), b: Ri(tag.reg), c: Ri(none.reg) });
            return Some(out);
        }
        if !args.is_empty() {
            return None;
        }
        let range = |cx: &mut Self, lo: i64, hi: i64| -> V {
            let out = cx.load_int(0, Ty::Bool);
            let j1 = cx.emit(Insn::JltIK { b: Ri(r.reg), v: Imm(lo), t: Tgt(u32::MAX) });
            let j2 = cx.emit(Insn::JgeIK { b: Ri(r.reg), v: Imm(hi + 1), t: Tgt(u32::MAX) });
            cx.emit(Insn::LdI { a: Wi(out.reg), v: Imm(1) });
            cx.patch_here(j1);
            cx.patch_here(j2);
            out
        };
        // the Unicode classes, as Rust's char methods (`CharIs`)
        use cprime_bytecode::natives::*;
        let class = match name.name {
            "is_alphabetic" => Some(CHAR_ALPHABETIC),
            "is_numeric" => Some(CHAR_NUMERIC),
            "is_alphanumeric" => Some(CHAR_ALPHANUMERIC),
            "is_lowercase" => Some(CHAR_LOWERCASE),
            "is_uppercase" => Some(CHAR_UPPERCASE),
            "is_whitespace" => Some(CHAR_WHITESPACE),
            _ => None,
        };
        if let Some(k) = class {
            let k = self.load_int(k, INT);
            return Some(self.call_native(Native::CharIs, &[r, k], Ty::Bool));
        }
        let v = match name.name {
            "is_ascii_digit" => range(self, '0' as i64, '9' as i64),
            "is_ascii_lowercase" => range(self, 'a' as i64, 'z' as i64),
            "is_ascii_uppercase" => range(self, 'A' as i64, 'Z' as i64),
            "is_ascii_whitespace" => {
                let out = self.load_int(0, Ty::Bool);
                let mut hits = Vec::new();
                for c in [' ', '\t', '\n', '\x0C', '\r'] {
                    hits.push(self.emit(Insn::JeqIK { b: Ri(r.reg), v: Imm(c as i64), t: Tgt(u32::MAX) }));
                }
                let jend = self.jump();
                for h in hits {
                    self.patch_here(h);
                }
                self.emit(Insn::LdI { a: Wi(out.reg), v: Imm(1) });
                self.patch_here(jend);
                out
            }
            _ => return None,
        };
        Some(v)
    }
}
