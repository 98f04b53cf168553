//! Types of the checker and their unification.
//!
//! Inference is local to a function: type variables are created for unknown element
//! types (`Vec::new()`, `None`) and solved by unification as the body is checked. All
//! integer types share one runtime representation (i64, wrapping); their width matters
//! for `as` conversions only, so they unify with each other.
use cprime_bytecode::Kind;

#[derive(Clone, Debug, PartialEq)]
pub enum Ty {
    /// Any integer type; the name is kept for messages and `as` conversions.
    Int(IntTy),
    Float,
    Bool,
    Char,
    Str,
    Unit,
    Never,
    Duration,
    Vec(Box<Ty>),
    Map(Box<Ty>, Box<Ty>),
    Option(Box<Ty>),
    Result(Box<Ty>, Box<Ty>),
    Tuple(Vec<Ty>),
    Struct(u32),
    Enum(u32),
    /// One signal kind (its layout id).
    Sig(u32),
    /// The value of `current_signal()` in a `recover` of several kinds.
    SigSet(Vec<u32>),
    /// `Signal`: any signal value.
    AnySignal,
    /// The ends of a coroutine channel carrying `T` (`Sender<T>`, `Receiver<T>`).
    Sender(Box<Ty>),
    Receiver(Box<Ty>),
    /// What `spawn` returns: the coroutine, to `.join().await` its `T` (`JoinHandle<T>`).
    Task(Box<Ty>),
    /// The entry's coroutine scheduler (`CoroutineScheduler::new()`).
    Scheduler,
    /// A TCP socket: `TcpListener` (`true`) or `TcpStream`.
    Tcp(bool),
    /// A closure `fn(params) -> ret`.
    Fn(Vec<Ty>, Box<Ty>),
    /// An `async` block not run yet, of value `T` (a closure without parameters at run
    /// time): `.await` runs it, `spawn` starts it. A type of its own, so that a plain
    /// closure is neither awaited nor spawned.
    Async(Box<Ty>),
    /// `dyn Trait` (a record of a type implementing it).
    Dyn(u32),
    /// An opaque type accepted for compatibility (`*mut u8`): values are ints.
    Opaque,
    /// An inference variable.
    Var(u32),
    /// The type of an erroneous expression: unifies with everything, reported once.
    Error,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IntTy {
    I8,
    I16,
    I32,
    I64,
    U8,
    U16,
    U32,
    U64,
}

impl IntTy {
    pub fn bits(self) -> i64 {
        match self {
            IntTy::I8 | IntTy::U8 => 8,
            IntTy::I16 | IntTy::U16 => 16,
            IntTy::I32 | IntTy::U32 => 32,
            IntTy::I64 | IntTy::U64 => 64,
        }
    }
    pub fn signed(self) -> bool {
        matches!(self, IntTy::I8 | IntTy::I16 | IntTy::I32 | IntTy::I64)
    }
    /// The values it holds, as an `i64` holds them (`u64` up to `i64::MAX`: integers
    /// are 64-bit patterns, and a larger `u64` is a negative `i64`).
    pub fn range(self) -> (i64, i64) {
        match (self.bits(), self.signed()) {
            (64, true) => (i64::MIN, i64::MAX),
            (64, false) => (0, i64::MAX),
            (b, true) => (-(1i64 << (b - 1)), (1i64 << (b - 1)) - 1),
            (b, false) => (0, (1i64 << b) - 1),
        }
    }
}

pub const INT: Ty = Ty::Int(IntTy::I64);

/// The error for integer literal `v` (negated: `-v`) at `span` if it cannot be of type
/// `it`, as Rust's `overflowing_literals` (an error by default) says. `u64`'s range is
/// the full 64 bits here: `18446744073709551615` is its largest, stored as the bit pattern.
pub fn literal_misfit(v: u64, negated: bool, it: IntTy, span: crate::ast::Span) -> Option<crate::diag::Diagnostic> {
    use crate::diag::Diagnostic;
    let name = if it == IntTy::I64 { "int".to_string() } else { format!("{it:?}").to_lowercase() };
    if negated && !it.signed() {
        let d = Diagnostic::error(span, format!("cannot negate a literal of type `{name}`"));
        return (v != 0).then(|| d.label("negated").help("unsigned values cannot be negated"));
    }
    let bits = it.bits() as u32;
    let (min_mag, max) = if it.signed() { (1u128 << (bits - 1), (1u128 << (bits - 1)) - 1) } else { (0, (1u128 << bits) - 1) };
    let help = match (negated, v as u128) {
        (true, v) if v > min_mag => format!("the smallest `{name}` is -{min_mag}"),
        (false, v) if v > max => format!("the largest `{name}` is {max}"),
        _ => return None,
    };
    Some(Diagnostic::error(span, format!("literal out of range for `{name}`")).label("out of range").help(help))
}

/// The error for constant expression `expr` (not a literal: `literal_misfit` says
/// those), whose value `v` its declared type `it` cannot hold (`const A: u8 = 200 +
/// 100;`), as Rust refuses to evaluate it. 64-bit types hold every value (`u64` as the
/// bit pattern).
pub fn const_misfit(v: i64, it: IntTy, expr: &crate::ast::Expr) -> Option<crate::diag::Diagnostic> {
    let (lo, hi) = it.range();
    if it.bits() == 64 || (lo..=hi).contains(&v) || int_literal(expr).is_some() {
        return None;
    }
    let name = format!("{it:?}").to_lowercase();
    let d = crate::diag::Diagnostic::error(expr.span, format!("constant value out of range for `{name}`"));
    Some(d.label(format!("this is {v}")).help(format!("a `{name}` is from {lo} to {hi}")))
}

/// Integer literal `e` (`300`, `-129`, `(5)`), as (magnitude, negated).
pub fn int_literal(e: &crate::ast::Expr) -> Option<(u64, bool)> {
    use crate::ast::{ExprKind, UnOp};
    match &e.kind {
        ExprKind::Int(v) => Some((*v, false)),
        ExprKind::Unary(UnOp::Neg, x) => match x.kind {
            ExprKind::Int(v) => Some((v, true)),
            _ => None,
        },
        _ => None,
    }
}

impl Ty {
    pub fn vec(t: Ty) -> Ty {
        Ty::Vec(Box::new(t))
    }
    pub fn option(t: Ty) -> Ty {
        Ty::Option(Box::new(t))
    }
    pub fn is_signal(&self) -> bool {
        matches!(self, Ty::Sig(_) | Ty::SigSet(_) | Ty::AnySignal)
    }
}

/// Names of types for messages; struct/enum names are looked up by the caller.
pub trait TypeNames {
    fn struct_name(&self, id: u32) -> String;
    fn enum_name(&self, id: u32) -> String;
    fn layout_name(&self, id: u32) -> String;
    fn trait_name(&self, id: u32) -> String;
}

/// The substitution of one function's inference variables (its closures' included: they
/// share the table, since their captured variables' types name its variables).
#[derive(Clone, Default)]
pub struct Infer {
    vars: Vec<Option<Ty>>,
}

impl Infer {
    pub fn fresh(&mut self) -> Ty {
        self.vars.push(None);
        Ty::Var(self.vars.len() as u32 - 1)
    }

    /// Follows variable bindings at the top level.
    pub fn shallow(&self, t: &Ty) -> Ty {
        let mut t = t.clone();
        while let Ty::Var(v) = t {
            match self.vars.get(v as usize).and_then(|x| x.clone()) {
                Some(b) => t = b,
                None => return Ty::Var(v),
            }
        }
        t
    }

    /// Fully resolves a type (unbound variables stay).
    pub fn resolve(&self, t: &Ty) -> Ty {
        match self.shallow(t) {
            Ty::Vec(e) => Ty::Vec(Box::new(self.resolve(&e))),
            Ty::Map(k, v) => Ty::Map(Box::new(self.resolve(&k)), Box::new(self.resolve(&v))),
            Ty::Option(e) => Ty::Option(Box::new(self.resolve(&e))),
            Ty::Sender(e) => Ty::Sender(Box::new(self.resolve(&e))),
            Ty::Receiver(e) => Ty::Receiver(Box::new(self.resolve(&e))),
            Ty::Task(e) => Ty::Task(Box::new(self.resolve(&e))),
            Ty::Async(e) => Ty::Async(Box::new(self.resolve(&e))),
            Ty::Result(a, b) => Ty::Result(Box::new(self.resolve(&a)), Box::new(self.resolve(&b))),
            Ty::Tuple(ts) => Ty::Tuple(ts.iter().map(|t| self.resolve(t)).collect()),
            Ty::Fn(ps, r) => Ty::Fn(ps.iter().map(|t| self.resolve(t)).collect(), Box::new(self.resolve(&r))),
            t => t,
        }
    }

    fn occurs(&self, v: u32, t: &Ty) -> bool {
        match self.shallow(t) {
            Ty::Var(w) => v == w,
            Ty::Vec(e) | Ty::Option(e) | Ty::Sender(e) | Ty::Receiver(e) | Ty::Task(e) | Ty::Async(e) => self.occurs(v, &e),
            Ty::Map(a, b) | Ty::Result(a, b) => self.occurs(v, &a) || self.occurs(v, &b),
            Ty::Tuple(ts) => ts.iter().any(|t| self.occurs(v, t)),
            Ty::Fn(ps, r) => ps.iter().any(|t| self.occurs(v, t)) || self.occurs(v, &r),
            _ => false,
        }
    }

    /// Makes `actual` fit `expected`. Allowed coercions: `!` fits anything, a signal kind
    /// fits `Signal`, a struct fits `dyn Trait` when `implements` says so.
    pub fn unify(&mut self, expected: &Ty, actual: &Ty, implements: &dyn Fn(&Ty, u32) -> bool) -> bool {
        let e = self.shallow(expected);
        let a = self.shallow(actual);
        match (&e, &a) {
            (Ty::Error, _) | (_, Ty::Error) | (_, Ty::Never) => true,
            (Ty::Var(x), Ty::Var(y)) if x == y => true,
            (Ty::Var(x), t) | (t, Ty::Var(x)) => {
                if self.occurs(*x, t) {
                    return false;
                }
                self.vars[*x as usize] = Some(t.clone());
                true
            }
            (Ty::Int(_), Ty::Int(_)) => true,
            (Ty::AnySignal, t) if t.is_signal() => true,
            (Ty::SigSet(s), Ty::Sig(x)) => s.contains(x),
            (Ty::Dyn(tr), t) => matches!(t, Ty::Dyn(t2) if t2 == tr) || implements(t, *tr),
            (Ty::Vec(x), Ty::Vec(y))
            | (Ty::Option(x), Ty::Option(y))
            | (Ty::Sender(x), Ty::Sender(y))
            | (Ty::Receiver(x), Ty::Receiver(y))
            | (Ty::Task(x), Ty::Task(y))
            | (Ty::Async(x), Ty::Async(y)) => self.unify(x, y, implements),
            (Ty::Map(k1, v1), Ty::Map(k2, v2)) | (Ty::Result(k1, v1), Ty::Result(k2, v2)) => {
                self.unify(k1, k2, implements) && self.unify(v1, v2, implements)
            }
            (Ty::Tuple(xs), Ty::Tuple(ys)) => {
                xs.len() == ys.len() && xs.iter().zip(ys).all(|(x, y)| self.unify(x, y, implements))
            }
            (Ty::Fn(p1, r1), Ty::Fn(p2, r2)) => {
                p1.len() == p2.len()
                    && p1.iter().zip(p2).all(|(x, y)| self.unify(x, y, implements))
                    && (matches!(**r1, Ty::Unit) || self.unify(r1, r2, implements))
            }
            (x, y) => x == y,
        }
    }

    /// The register kind of a value of type `t` (unsolved variables default to int).
    pub fn kind(&self, t: &Ty) -> Kind {
        kind_of(&self.shallow(t))
    }

    /// Whether the kind of `t` is known yet.
    pub fn kind_known(&self, t: &Ty) -> bool {
        !matches!(self.shallow(t), Ty::Var(_))
    }

    /// The type as the user would write it.
    pub fn show(&self, t: &Ty, names: &dyn TypeNames) -> String {
        match self.shallow(t) {
            Ty::Int(i) => match i {
                IntTy::I64 => "int".into(),
                i => format!("{i:?}").to_lowercase(),
            },
            Ty::Float => "f64".into(),
            Ty::Bool => "bool".into(),
            Ty::Char => "char".into(),
            Ty::Str => "String".into(),
            Ty::Unit => "()".into(),
            Ty::Never => "!".into(),
            Ty::Duration => "Duration".into(),
            Ty::Vec(e) => format!("Vec<{}>", self.show(&e, names)),
            Ty::Map(k, v) => format!("HashMap<{}, {}>", self.show(&k, names), self.show(&v, names)),
            Ty::Option(e) => format!("Option<{}>", self.show(&e, names)),
            Ty::Sender(e) => format!("Sender<{}>", self.show(&e, names)),
            Ty::Receiver(e) => format!("Receiver<{}>", self.show(&e, names)),
            Ty::Task(e) => format!("JoinHandle<{}>", self.show(&e, names)),
            Ty::Async(e) => format!("impl Future<Output = {}>", self.show(&e, names)),
            Ty::Scheduler => "CoroutineScheduler".to_string(),
            Ty::Tcp(true) => "TcpListener".to_string(),
            Ty::Tcp(false) => "TcpStream".to_string(),
            Ty::Result(a, b) => format!("Result<{}, {}>", self.show(&a, names), self.show(&b, names)),
            Ty::Tuple(ts) => {
                let parts: Vec<String> = ts.iter().map(|t| self.show(t, names)).collect();
                if parts.len() == 1 {
                    format!("({},)", parts[0])
                } else {
                    format!("({})", parts.join(", "))
                }
            }
            Ty::Struct(id) => names.struct_name(id),
            Ty::Enum(id) => names.enum_name(id),
            Ty::Sig(id) => names.layout_name(id),
            Ty::SigSet(ids) => ids.iter().map(|i| names.layout_name(*i)).collect::<Vec<_>>().join(" | "),
            Ty::AnySignal => "Signal".into(),
            Ty::Fn(ps, r) => {
                let parts: Vec<String> = ps.iter().map(|t| self.show(t, names)).collect();
                format!("fn({}) -> {}", parts.join(", "), self.show(&r, names))
            }
            Ty::Dyn(t) => format!("dyn {}", names.trait_name(t)),
            Ty::Opaque => "*mut u8".into(),
            Ty::Var(_) => "_".into(),
            Ty::Error => "{error}".into(),
        }
    }
}

/// The register kind of values of type `t` (an unsolved variable counts as `Int`).
pub fn kind_of(t: &Ty) -> Kind {
    match t {
        Ty::Float => Kind::Float,
        Ty::Int(_) | Ty::Bool | Ty::Char | Ty::Unit | Ty::Never | Ty::Duration | Ty::Opaque | Ty::Scheduler | Ty::Var(_) | Ty::Error => Kind::Int,
        _ => Kind::Ref,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    fn no(_: &Ty, _: u32) -> bool {
        false
    }
    #[test]
    fn unify_solves_variables() {
        let mut inf = Infer::default();
        let v = inf.fresh();
        assert!(inf.unify(&Ty::vec(v.clone()), &Ty::vec(Ty::Str), &no));
        assert_eq!(inf.resolve(&v), Ty::Str);
        assert_eq!(inf.kind(&v), Kind::Ref);
        assert!(!inf.unify(&Ty::Str, &Ty::Float, &no));
        assert!(inf.unify(&Ty::AnySignal, &Ty::Sig(3), &no));
        assert!(!inf.unify(&Ty::Sig(3), &Ty::AnySignal, &no));
        assert!(inf.unify(&Ty::Str, &Ty::Never, &no));
        let w = inf.fresh();
        assert!(!inf.unify(&w, &Ty::vec(w.clone()), &no), "occurs check");
    }
}
