//! Compile-time evaluation of `const` items and `static` initializers.
use crate::ast::*;
use crate::items::{Def, Program};
use crate::types::{IntTy, Ty, INT};

#[derive(Clone, Debug, PartialEq)]
pub enum ConstVal {
    Int(i64, Ty),
    Float(f64),
    Str(String),
}

/// The standard numeric constants: `i64::MAX`, `u8::MAX`, `f64::consts::PI`,
/// `f64::EPSILON`, ... (`std::` already stripped from the path).
pub fn builtin(segs: &[&str]) -> Option<ConstVal> {
    let segs: Vec<&str> = segs.iter().copied().skip_while(|s| *s == "std" || *s == "core").collect();
    // (of its type: `u8::MAX.wrapping_add(1)` wraps at 8 bits)
    let int = |v: i64, t: IntTy| Some(ConstVal::Int(v, Ty::Int(t)));
    match segs.as_slice() {
        ["i64" | "isize" | "int", "MAX"] => int(i64::MAX, IntTy::I64),
        ["i64" | "isize" | "int", "MIN"] => int(i64::MIN, IntTy::I64),
        ["i32", "MAX"] => int(i32::MAX as i64, IntTy::I32),
        ["i32", "MIN"] => int(i32::MIN as i64, IntTy::I32),
        ["i16", "MAX"] => int(i16::MAX as i64, IntTy::I16),
        ["i16", "MIN"] => int(i16::MIN as i64, IntTy::I16),
        ["i8", "MAX"] => int(i8::MAX as i64, IntTy::I8),
        ["i8", "MIN"] => int(i8::MIN as i64, IntTy::I8),
        ["u8", "MAX"] => int(u8::MAX as i64, IntTy::U8),
        ["u16", "MAX"] => int(u16::MAX as i64, IntTy::U16),
        ["u32", "MAX"] => int(u32::MAX as i64, IntTy::U32),
        // u64/usize are 64-bit patterns in an i64: MAX is all ones
        ["u64" | "usize", "MAX"] => int(-1, IntTy::U64),
        ["u8", "MIN"] => int(0, IntTy::U8),
        ["u16", "MIN"] => int(0, IntTy::U16),
        ["u32", "MIN"] => int(0, IntTy::U32),
        ["u64" | "usize", "MIN"] => int(0, IntTy::U64),
        ["f64" | "f32", "consts", "PI"] => Some(ConstVal::Float(core::f64::consts::PI)),
        ["f64" | "f32", "consts", "E"] => Some(ConstVal::Float(core::f64::consts::E)),
        ["f64" | "f32", "consts", "TAU"] => Some(ConstVal::Float(core::f64::consts::TAU)),
        ["f64" | "f32", "consts", "SQRT_2"] => Some(ConstVal::Float(core::f64::consts::SQRT_2)),
        ["f64" | "f32", "MAX"] => Some(ConstVal::Float(f64::MAX)),
        ["f64" | "f32", "MIN"] => Some(ConstVal::Float(f64::MIN)),
        ["f64" | "f32", "EPSILON"] => Some(ConstVal::Float(f64::EPSILON)),
        ["f64" | "f32", "INFINITY"] => Some(ConstVal::Float(f64::INFINITY)),
        ["f64" | "f32", "NEG_INFINITY"] => Some(ConstVal::Float(f64::NEG_INFINITY)),
        ["f64" | "f32", "NAN"] => Some(ConstVal::Float(f64::NAN)),
        _ => None,
    }
}

/// Evaluates const item `id` (an integer at its declared type, `check`).
pub fn eval_const(p: &Program, id: u32) -> Result<ConstVal, String> {
    match check(p, id) {
        (Some(v), _) => Ok(v),
        (None, errors) => Err(errors.into_iter().next().map_or_else(|| String::from(CYCLE), |d| d.message)),
    }
}

/// Constant `id`'s value with the errors of its declaration: a value that is no
/// constant, a suffixed literal that does not fit its suffix, a value that does not fit
/// the declared integer type (`const C: u8 = 300;`, `const D: u8 = 200 + 100;`). The
/// value has the declared type when it is an integer one.
pub fn check(p: &Program, id: u32) -> (Option<ConstVal>, Vec<crate::diag::Diagnostic>) {
    check_at(p, id)
}

/// `check`'s answers by constant, and the constants being evaluated.
#[derive(Default)]
pub struct Checks {
    done: hashbrown::HashMap<u32, (Option<ConstVal>, Vec<crate::diag::Diagnostic>)>,
    busy: Vec<u32>,
}

/// `check`, once per constant; the constants being evaluated are the chain of
/// references followed (a constant used in another's value many times, as in
/// `C2 = C1 + C1`, is not evaluated again each time: a chain of them doubled the work
/// at each step).
fn check_at(p: &Program, id: u32) -> (Option<ConstVal>, Vec<crate::diag::Diagnostic>) {
    use crate::diag::Diagnostic;
    let c = &p.consts[id as usize];
    if let Some(known) = p.const_checks.borrow().done.get(&id) {
        return known.clone();
    }
    // a reference back to a constant being evaluated, or a chain too long to follow
    let refused = {
        let busy = &p.const_checks.borrow().busy;
        if busy.contains(&id) {
            Some(String::from(CYCLE))
        } else {
            (busy.len() > MAX_REFERENCES).then(|| format!("constant definitions refer to each other more than {MAX_REFERENCES} deep"))
        }
    };
    if let Some(msg) = refused {
        return (None, vec![Diagnostic::error(c.value.span, msg)]);
    }
    p.const_checks.borrow_mut().busy.push(id);
    let answer = check_uncached(p, id);
    let mut checks = p.const_checks.borrow_mut();
    checks.busy.retain(|&b| b != id);
    checks.done.insert(id, answer.clone());
    answer
}

/// Constants followed through references at most (each takes a few frames of stack).
const MAX_REFERENCES: usize = 2_000;

fn check_uncached(p: &Program, id: u32) -> (Option<ConstVal>, Vec<crate::diag::Diagnostic>) {
    use crate::diag::Diagnostic;
    let c = &p.consts[id as usize];
    let declared = c.ty.as_ref().map(|ty| p.resolve_type(c.scope, ty, &mut crate::diag::Diagnostics::default()));
    // an integer type's value is computed at that type (`at_type`); what that cannot
    // tell (not an integer expression) is `eval`'s
    if let Some(Ty::Int(it)) = declared {
        match at_type(p, c.scope, c.value, it, 0) {
            // (a `u64` past `i64::MAX` as its bit pattern)
            Ok(v) => return (Some(ConstVal::Int(v as u64 as i64, Ty::Int(it))), Vec::new()),
            Err(Some(d)) => return (None, vec![d]),
            Err(None) => {}
        }
    }
    match eval(p, c.scope, c.value, 0) {
        Ok(ConstVal::Int(v, t)) => match declared {
            Some(Ty::Int(it)) if matches!(t, Ty::Int(_)) => (Some(ConstVal::Int(v, Ty::Int(it))), crate::types::const_misfit(v, it, c.value).into_iter().collect()),
            _ => (Some(ConstVal::Int(v, t)), Vec::new()),
        },
        Ok(v) => (Some(v), Vec::new()),
        Err(msg) => {
            let d = suffix_misfit(p, c.scope, c.value).unwrap_or_else(|| Diagnostic::error(c.value.span, msg));
            (None, vec![d])
        }
    }
}

/// The message for constants whose values refer to each other.
const CYCLE: &str = "constant definitions refer to each other in a cycle";

/// Nested references and operators followed at most (a cycle goes on for ever).
const MAX_DEPTH: u32 = 64;

/// Integer constant expression `e` (a `static`'s value) of declared type `it`, whose
/// value `eval` computed as `v` (in 64 bits), computed at its type as Rust does
/// (`at_type`): the value, and the error where it fails.
pub fn at_declared_type(p: &Program, scope: u32, e: &Expr, v: i64, it: IntTy) -> (i64, Option<crate::diag::Diagnostic>) {
    match at_type(p, scope, e, it, 0) {
        Ok(t) => (t as u64 as i64, None),
        Err(Some(d)) => (v, Some(d)),
        Err(None) => (v, crate::types::const_misfit(v, it, e)),
    }
}

/// The value of integer constant expression `e` computed at type `it`, every step
/// checked, as Rust evaluates a constant (`!0` of a `u8` is 255, `255 << 1` is 254;
/// `const A: u8 = 2 * 200 / 2;` fails at `2 * 200`, `const B: u64 = 0 - 1;` at the
/// subtraction, a literal out of the type's range at the literal): `Err(Some(error))`
/// at the first step that fails (an error `eval` finds in a part, a reference to a
/// constant that has none, included), `Err(None)` where it is no integer expression (a
/// comparison).
fn at_type(p: &Program, scope: u32, e: &Expr, it: IntTy, depth: u32) -> Result<i128, Option<crate::diag::Diagnostic>> {
    use crate::diag::Diagnostic;
    let (lo, hi) = match it {
        IntTy::U64 => (0, i128::from(u64::MAX)),
        _ => {
            let (lo, hi) = it.range();
            (i128::from(lo), i128::from(hi))
        }
    };
    let name = format!("{it:?}").to_lowercase();
    let overflow = |v: i128| {
        let d = Diagnostic::error(e.span, format!("this arithmetic operation overflows `{name}`"));
        Err(Some(d.label(format!("this is {v}")).help(format!("a `{name}` is from {lo} to {hi}"))))
    };
    if depth > MAX_DEPTH {
        return Err(None);
    }
    match &e.kind {
        ExprKind::Int(v) => match crate::types::literal_misfit(*v, false, it, e.span) {
            Some(d) => Err(Some(d)),
            None => Ok(i128::from(*v)),
        },
        ExprKind::Unary(UnOp::Neg, x) => {
            if let Some((lit, true)) = crate::types::int_literal(e) {
                return match crate::types::literal_misfit(lit, true, it, e.span) {
                    Some(d) => Err(Some(d)),
                    None => Ok(-i128::from(lit)),
                };
            }
            let v = -at_type(p, scope, x, it, depth + 1)?;
            if (lo..=hi).contains(&v) { Ok(v) } else { overflow(v) }
        }
        ExprKind::Unary(UnOp::Not, x) => {
            let v = at_type(p, scope, x, it, depth + 1)?;
            Ok(if it.signed() { !v } else { hi ^ v })
        }
        ExprKind::Block(b) if b.stmts.len() == 1 => match &b.stmts[0].kind {
            StmtKind::Expr { expr, semi: false } => at_type(p, scope, expr, it, depth + 1),
            _ => Err(None),
        },
        ExprKind::Binary(op, a, b) => {
            use BinOp::*;
            if !matches!(op, Add | Sub | Mul | Div | Rem | BitAnd | BitOr | BitXor | Shl | Shr) {
                return Err(None);
            }
            let x = at_type(p, scope, a, it, depth + 1)?;
            // (a shift's amount is a count, not of the type)
            let y = if matches!(op, Shl | Shr) { count(p, scope, b, depth)? } else { at_type(p, scope, b, it, depth + 1)? };
            let bits = i128::from(it.bits());
            let v = match op {
                Add => x + y,
                Sub => x - y,
                Mul => x * y,
                Div | Rem if y == 0 => return Err(None),
                Div => x / y,
                Rem => x % y,
                BitAnd => x & y,
                BitOr => x | y,
                BitXor => x ^ y,
                _ if !(0..bits).contains(&y) => return overflow(y).map_err(|d| d.map(|d| Diagnostic { message: format!("this shift by {y} overflows `{name}`"), ..d })),
                // (bits shifted out are lost, as Rust's constant evaluation has it)
                Shl => {
                    let v = (x << y) & ((1i128 << bits) - 1);
                    if it.signed() && v > hi { v - (1i128 << bits) } else { v }
                }
                _ => x >> y,
            };
            if (lo..=hi).contains(&v) { Ok(v) } else { overflow(v) }
        }
        // another constant, a cast ..: its value as `eval` computes it, read as its type
        // (an error here is said once: `eval` is not asked again for the whole value)
        _ => match eval(p, scope, e, depth + 1) {
            Ok(ConstVal::Int(v, Ty::Int(IntTy::U64))) => Ok(i128::from(v as u64)),
            Ok(ConstVal::Int(v, _)) => Ok(i128::from(v)),
            Ok(_) => Err(None),
            Err(msg) => Err(Some(suffix_misfit(p, scope, e).unwrap_or_else(|| Diagnostic::error(e.span, msg)))),
        },
    }
}

/// A shift amount in a constant expression.
fn count(p: &Program, scope: u32, e: &Expr, depth: u32) -> Result<i128, Option<crate::diag::Diagnostic>> {
    match eval(p, scope, e, depth + 1) {
        Ok(ConstVal::Int(v, _)) => Ok(i128::from(v)),
        _ => Err(None),
    }
}

/// Evaluates a constant expression in `scope`.
pub fn eval(p: &Program, scope: u32, e: &Expr, depth: u32) -> Result<ConstVal, String> {
    if depth > MAX_DEPTH {
        return Err(CYCLE.into());
    }
    match &e.kind {
        ExprKind::Int(v) => Ok(ConstVal::Int(*v as i64, INT)),
        ExprKind::Float(f) => Ok(ConstVal::Float(*f)),
        ExprKind::Str(s) => Ok(ConstVal::Str(s.to_string())),
        ExprKind::Bool(b) => Ok(ConstVal::Int(*b as i64, Ty::Bool)),
        ExprKind::Char(c) => Ok(ConstVal::Int(*c as i64, Ty::Char)),
        ExprKind::Duration(ns) => Ok(ConstVal::Int(*ns, Ty::Duration)),
        ExprKind::Unary(UnOp::Neg, x) => match eval(p, scope, x, depth + 1)? {
            ConstVal::Int(v, t) => Ok(ConstVal::Int(v.wrapping_neg(), t)),
            ConstVal::Float(f) => Ok(ConstVal::Float(-f)),
            _ => Err("cannot negate a string".into()),
        },
        ExprKind::Unary(UnOp::Not, x) => match eval(p, scope, x, depth + 1)? {
            ConstVal::Int(v, Ty::Bool) => Ok(ConstVal::Int((v == 0) as i64, Ty::Bool)),
            ConstVal::Int(v, t) => Ok(ConstVal::Int(!v, t)),
            _ => Err("`!` needs an integer or bool".into()),
        },
        ExprKind::Cast(x, t) => {
            // (a type that does not resolve is reported where the item is checked)
            if let Some(d) = suffix_misfit(p, scope, e) {
                return Err(d.message);
            }
            let to = p.resolve_type(scope, t, &mut crate::diag::Diagnostics::default());
            cast(eval(p, scope, x, depth + 1)?, &to)
        }
        ExprKind::Unary(_, x) => eval(p, scope, x, depth + 1),
        ExprKind::Binary(op, a, b) => {
            let (a, b) = (eval(p, scope, a, depth + 1)?, eval(p, scope, b, depth + 1)?);
            binary(*op, a, b)
        }
        ExprKind::Path(path) => {
            let segs: Vec<&str> = path.segs.iter().map(|s| s.name).collect();
            match p.lookup_path(scope, &segs) {
                // (its value as its declaration makes it: an integer at its type)
                Some(Def::Const(c)) => match check_at(p, c) {
                    (Some(v), _) => Ok(v),
                    (None, errors) => Err(errors.into_iter().next().map_or_else(|| String::from(CYCLE), |d| d.message)),
                },
                Some(Def::Global(g)) => match p.static_inits.get(&g) {
                    Some(&(s, value, false)) => eval(p, s, value, depth + 1),
                    Some(_) => Err(format!("`{}` is a `static mut`: its value may change, so a constant cannot use it", segs.join("::"))),
                    None => Err(format!("`{}` is not a constant", segs.join("::"))),
                },
                _ => builtin(&segs).ok_or_else(|| format!("`{}` is not a constant", segs.join("::"))),
            }
        }
        ExprKind::Block(b) if b.stmts.len() == 1 => match &b.stmts[0].kind {
            StmtKind::Expr { expr, semi: false } => eval(p, scope, expr, depth + 1),
            _ => Err("this is not a constant expression".into()),
        },
        _ => Err("this is not a constant expression (only literals, operators and other constants)".into()),
    }
}

/// The error for a suffixed literal (`300u8`, `-129i8`: the parser's cast spans the
/// literal) that does not fit its suffix's type.
pub fn suffix_misfit(p: &Program, scope: u32, e: &Expr) -> Option<crate::diag::Diagnostic> {
    let ExprKind::Cast(x, t) = &e.kind else { return None };
    let (lit, negated) = crate::types::int_literal(x).filter(|_| x.span == e.span)?;
    match p.resolve_type(scope, t, &mut crate::diag::Diagnostics::default()) {
        Ty::Int(it) => crate::types::literal_misfit(lit, negated, it, e.span),
        _ => None,
    }
}

/// `v as to`, as the compiled cast computes it (`lower/expr.rs` `cast`): an integer
/// wraps to the target's width, a float saturates at its range (NaN is 0; `u64` at
/// `i64::MAX`, as `FToI` does), an integer becomes a char by its low 32 bits.
fn cast(v: ConstVal, to: &Ty) -> Result<ConstVal, String> {
    match (v, to) {
        (ConstVal::Int(x, _), Ty::Int(it)) => Ok(ConstVal::Int(wrap(x, it.bits(), it.signed()), to.clone())),
        (ConstVal::Int(x, _), Ty::Char) => Ok(ConstVal::Int(x as u32 as i64, Ty::Char)),
        (ConstVal::Int(x, _), Ty::Float) => Ok(ConstVal::Float(x as f64)),
        (ConstVal::Float(f), Ty::Int(it)) => {
            // saturated at the type's range, as Rust's `as` (and `FToI` at i64's), NaN 0
            let (lo, hi) = it.range();
            Ok(ConstVal::Int((f as i64).clamp(lo, hi), to.clone()))
        }
        (ConstVal::Float(f), Ty::Float) => Ok(ConstVal::Float(f)),
        (ConstVal::Int(x, t), to) if t == *to => Ok(ConstVal::Int(x, t)),
        (ConstVal::Str(s), Ty::Str) => Ok(ConstVal::Str(s)),
        _ => Err("this cast is not a constant expression".into()),
    }
}

/// `x` wrapped to a `bits`-wide integer, sign- or zero-extended back to 64 bits.
fn wrap(x: i64, bits: i64, signed: bool) -> i64 {
    match bits {
        64.. => x,
        b => {
            let shift = 64 - b as u32;
            if signed { (x << shift) >> shift } else { ((x as u64) << shift >> shift) as i64 }
        }
    }
}

fn binary(op: BinOp, a: ConstVal, b: ConstVal) -> Result<ConstVal, String> {
    use BinOp::*;
    match (a, b) {
        (ConstVal::Int(x, t), ConstVal::Int(y, _)) => {
            let v = match op {
                Add => x.wrapping_add(y),
                Sub => x.wrapping_sub(y),
                Mul => x.wrapping_mul(y),
                Div | Rem if y == 0 => return Err("division by zero in a constant".into()),
                Div => x.wrapping_div(y),
                Rem => x.wrapping_rem(y),
                BitAnd | And => x & y,
                BitOr | Or => x | y,
                BitXor => x ^ y,
                Shl => x.wrapping_shl(y as u32),
                Shr => x.wrapping_shr(y as u32),
                Eq => return Ok(ConstVal::Int((x == y) as i64, Ty::Bool)),
                Ne => return Ok(ConstVal::Int((x != y) as i64, Ty::Bool)),
                Lt => return Ok(ConstVal::Int((x < y) as i64, Ty::Bool)),
                Le => return Ok(ConstVal::Int((x <= y) as i64, Ty::Bool)),
                Gt => return Ok(ConstVal::Int((x > y) as i64, Ty::Bool)),
                Ge => return Ok(ConstVal::Int((x >= y) as i64, Ty::Bool)),
            };
            Ok(ConstVal::Int(v, t))
        }
        (ConstVal::Float(x), ConstVal::Float(y)) => Ok(match op {
            Add => ConstVal::Float(x + y),
            Sub => ConstVal::Float(x - y),
            Mul => ConstVal::Float(x * y),
            Div => ConstVal::Float(x / y),
            Rem => ConstVal::Float(x % y),
            Lt => ConstVal::Int((x < y) as i64, Ty::Bool),
            Le => ConstVal::Int((x <= y) as i64, Ty::Bool),
            Gt => ConstVal::Int((x > y) as i64, Ty::Bool),
            Ge => ConstVal::Int((x >= y) as i64, Ty::Bool),
            Eq => ConstVal::Int((x == y) as i64, Ty::Bool),
            Ne => ConstVal::Int((x != y) as i64, Ty::Bool),
            _ => return Err("bitwise operators need integers".into()),
        }),
        (ConstVal::Str(x), ConstVal::Str(y)) if op == Add => Ok(ConstVal::Str(x + &y)),
        _ => Err("mismatched operand types in a constant expression".into()),
    }
}
