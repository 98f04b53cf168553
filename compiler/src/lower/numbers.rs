//! The methods of numbers: `f64`'s and the integer types', as Rust has them. The few
//! with a native of their own (`sqrt`, `powf`, `max`, ...) call it; the rest call their
//! family's native with the method's code (`cprime_bytecode::numbers`, one table), an
//! integer method's code carrying the receiver type's width and signedness.
use cprime_bytecode::isa::*;
use cprime_bytecode::builtins;
use cprime_bytecode::natives::Native;
use cprime_bytecode::numbers::{self, FloatFn, FloatFn2, FloatFn3, FloatIs, IntChecked, IntFn, IntFn2};

use super::{FnCx, V};
use crate::ast::*;
use crate::types::{IntTy, Ty, INT};

impl<'u, 'a> FnCx<'u, 'a> {
    pub(super) fn float_method(&mut self, r: V, name: Ident<'a>, args: &'a [&'a Expr<'a>]) -> Option<V> {
        if let Some(v) = self.float_family(&r, name, args) {
            return Some(v);
        }
        let unary = match name.name {
            "sqrt" => Some(Native::Sqrt),
            "floor" => Some(Native::Floor),
            "ceil" => Some(Native::Ceil),
            "round" => Some(Native::Round),
            "abs" => Some(Native::AbsF),
            "sin" => Some(Native::Sin),
            "cos" => Some(Native::Cos),
            "exp" => Some(Native::Exp),
            "ln" => Some(Native::Ln),
            _ => None,
        };
        if let Some(n) = unary {
            if !self.argn(args, 0, name) {
                return Some(r);
            }
            return Some(self.call_native(n, &[r], Ty::Float));
        }
        let binary = match name.name {
            "powf" => Native::PowF,
            "max" => Native::MaxF,
            "min" => Native::MinF,
            "powi" => Native::FloatFn2,
            _ => return None,
        };
        if !self.argn(args, 1, name) {
            return Some(r);
        }
        if binary == Native::FloatFn2 {
            // (the `i32` exponent travels as a float, exactly)
            let i = self.expr_expect(args[0], &INT);
            let f = self.new_val(Ty::Float);
            self.emit(Insn::IToF { a: Wf(f.reg), b: Ri(i.reg) });
            let code = self.load_int(FloatFn2::Powi as i64, INT);
            return Some(self.call_native(binary, &[r, f, code], Ty::Float));
        }
        let x = self.expr_expect(args[0], &Ty::Float);
        Some(self.call_native(binary, &[r, x], Ty::Float))
    }

    /// A float method of the `FloatFn*` and `FloatIs` families.
    fn float_family(&mut self, r: &V, name: Ident<'a>, args: &'a [&'a Expr<'a>]) -> Option<V> {
        let m = name.name;
        let (native, code, n, ret) = if let Some(f) = FloatFn::from_name(m) {
            (Native::FloatFn, f as i64, 0, Ty::Float)
        } else if let Some(f) = FloatFn2::from_name(m) {
            (Native::FloatFn2, f as i64, 1, Ty::Float)
        } else if let Some(f) = FloatFn3::from_name(m) {
            (Native::FloatFn3, f as i64, 2, Ty::Float)
        } else if let Some(f) = FloatIs::from_name(m) {
            (Native::FloatIs, f as i64, 0, Ty::Bool)
        } else {
            return None;
        };
        if !self.argn(args, n, name) {
            return Some(r.clone());
        }
        let mut vals = vec![r.clone()];
        for a in args {
            vals.push(self.expr_expect(a, &Ty::Float));
        }
        vals.push(self.load_int(code, INT));
        Some(self.call_native(native, &vals, ret))
    }

    pub(super) fn int_method(&mut self, r: V, name: Ident<'a>, args: &'a [&'a Expr<'a>]) -> Option<V> {
        if let Some(v) = self.int_family(&r, name, args) {
            return Some(v);
        }
        let ty = r.ty.clone();
        let v = match name.name {
            "abs" => {
                if !self.argn(args, 0, name) {
                    return Some(r);
                }
                self.call_native(Native::AbsI, &[r], ty)
            }
            "pow" | "max" | "min" => {
                if !self.argn(args, 1, name) {
                    return Some(r);
                }
                let x = self.expr_expect(args[0], &INT);
                let n = match name.name {
                    "pow" => Native::PowI,
                    "max" => Native::MaxI,
                    _ => Native::MinI,
                };
                self.call_native(n, &[r, x], ty)
            }
            "clamp" => {
                if !self.argn(args, 2, name) {
                    return Some(r);
                }
                let lo = self.expr_expect(args[0], &ty);
                let hi = self.expr_expect(args[1], &ty);
                let it = self.int_type_of(&r);
                let code = self.load_int(numbers::int_code(0, it.bits() as u32, it.signed()), INT);
                self.call_native(Native::ClampI, &[r, lo, hi, code], ty)
            }
            _ => return None,
        };
        Some(v)
    }

    /// An integer method of the `IntFn*` and `IntChecked` families, on the receiver's
    /// type (`i64` where inference left it open), and the `overflowing_*` ones made of
    /// two of them: `(a.wrapping_add(b), a.checked_add(b).is_none())`, the argument
    /// evaluated once.
    fn int_family(&mut self, r: &V, name: Ident<'a>, args: &'a [&'a Expr<'a>]) -> Option<V> {
        let it = self.int_type_of(r);
        // `min`, `max`, `pow` and `abs` of the 64-bit signed types have natives of their own
        // (`int_method`); of the others, they are computed on the type
        let m = match name.name {
            _ if it == IntTy::I64 => name.name,
            "abs" => "wrapping_abs",
            m => m,
        };
        let (first, checked) = match m.strip_prefix("overflowing_") {
            Some(op) => {
                let wrapping = int_method(r, it, &format!("wrapping_{op}"))?;
                let checked = int_method(r, it, &format!("checked_{op}"))?;
                (wrapping, Some(checked))
            }
            None => (int_method(r, it, m)?, None),
        };
        if !self.argn(args, usize::from(first.arg.is_some()), name) {
            return Some(r.clone());
        }
        let arg = match (first.arg, args.first()) {
            (Some(true), Some(a)) => Some(self.expr_expect(a, &INT)),
            (Some(false), Some(a)) => Some(self.expr_expect(a, &r.ty)),
            _ => None,
        };
        let call = |cx: &mut Self, f: &IntMethod| {
            let mut vals = vec![r.clone()];
            match &arg {
                Some(a) => vals.push(a.clone()),
                // (a checked method without an argument: the native's second is 0)
                None if f.native == Native::IntChecked => vals.push(cx.load_int(0, INT)),
                None => {}
            }
            vals.push(cx.load_int(numbers::int_code(f.code, it.bits() as u32, it.signed()), INT));
            cx.call_native(f.native, &vals, f.ret.clone())
        };
        let value = call(self, &first);
        let Some(checked) = checked else { return Some(value) };
        let option = call(self, &checked);
        let tag = self.new_val(INT);
        self.emit(Insn::Tag { a: Wi(tag.reg), o: Rr(option.reg) });
        let none = self.load_int(builtins::NONE as i64, INT);
        let overflowed = self.new_val(Ty::Bool);
        self.emit(Insn::EqI { a: Wi(overflowed.reg), b: Ri(tag.reg), c: Ri(none.reg) });
        Some(self.new_tuple(&[value, overflowed]))
    }
}

/// An integer method of a native family: the native, the method's code, whether it takes
/// an argument that is a count (`Some(true)`: an exponent or a bit count, an `int`) or
/// of the receiver's type (`Some(false)`), and the result's type.
struct IntMethod {
    native: Native,
    code: u8,
    arg: Option<bool>,
    ret: Ty,
}

/// The family method `m` of receiver `r` of integer type `it`.
fn int_method(r: &V, it: IntTy, m: &str) -> Option<IntMethod> {
    let unsigned = Ty::Int(unsigned_of(it));
    let (native, code, arg, ret) = if let Some(f) = IntFn::from_name(m) {
        let ret = match f {
            IntFn::IsPowerOfTwo | IntFn::IsPositive | IntFn::IsNegative => Ty::Bool,
            IntFn::CountOnes | IntFn::CountZeros | IntFn::LeadingZeros | IntFn::TrailingZeros | IntFn::Ilog2 | IntFn::Ilog10 => Ty::Int(IntTy::U32),
            IntFn::UnsignedAbs => unsigned,
            _ => r.ty.clone(),
        };
        (Native::IntFn, f as u8, None, ret)
    } else if let Some(f) = IntFn2::from_name(m).filter(|f| it != IntTy::I64 || !matches!(f, IntFn2::Min | IntFn2::Max | IntFn2::Pow)) {
        let count = matches!(f, IntFn2::WrappingPow | IntFn2::SaturatingPow | IntFn2::Pow | IntFn2::RotateLeft | IntFn2::RotateRight | IntFn2::WrappingShl | IntFn2::WrappingShr);
        let ret = if f == IntFn2::AbsDiff { unsigned } else { r.ty.clone() };
        (Native::IntFn2, f as u8, Some(count), ret)
    } else if let Some(f) = IntChecked::from_name(m) {
        (Native::IntChecked, f as u8, f.binary().then_some(f.counts()), Ty::option(r.ty.clone()))
    } else {
        return None;
    };
    Some(IntMethod { native, code, arg, ret })
}

impl FnCx<'_, '_> {
    /// The integer type of `r` (`i64` where inference left it open).
    fn int_type_of(&mut self, r: &V) -> IntTy {
        match self.inf.shallow(&r.ty) {
            Ty::Int(it) => it,
            _ => IntTy::I64,
        }
    }
}

/// The unsigned type of `it`'s width (`abs_diff` and `unsigned_abs` return it).
fn unsigned_of(it: IntTy) -> IntTy {
    match it.bits() {
        8 => IntTy::U8,
        16 => IntTy::U16,
        32 => IntTy::U32,
        _ => IntTy::U64,
    }
}
