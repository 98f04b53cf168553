//! Whether a `match`'s arms cover every value of the scrutinee's type.
//!
//! The usefulness check of Rust's and OCaml's compilers, in its simplest form: a matrix
//! of patterns (a row per arm without a guard, a column per value still to match) is
//! split on each constructor of the first column's type (an enum's variants, `Some` /
//! `None`, `Ok` / `Err`, `true` / `false`, a tuple's or struct's one), each constructor's
//! fields becoming new columns; the arms cover the type when every split is covered
//! and, with no columns left, some row remains. So `Some(E::A(n))`, `Some(E::B)` and
//! `None` cover `Option<E>`, which a check of the outermost constructor alone refused.
//! When the first column names only some of the type's constructors, a missing one is
//! matched by the rows that match anything there alone, and those rows (the "default
//! matrix") decide for every constructor: no split, which keeps the work about linear
//! in the size of the arms where splitting on every constructor doubled it per column.
//! Constructors are told apart by what they resolve to (an enum's variant, a signal's
//! layout), never by their last name: `A` after `use F::*` is `F::A` even in a match
//! on an `E` that has an `A` too. An integer column is split at the bounds its literals
//! and ranges name (`0..=127` and `128..=255` cover a `u8`: each piece between two
//! bounds must be covered by the rows whose pattern holds it). A type whose values
//! cannot be listed (strings) is covered only by an arm that matches anything there.
//! The answer errs on the side of
//! "not covered" (the compiler then asks for a `_` arm), never the other way.
use super::pattern::Ctor;
use super::FnCx;
use crate::ast::*;
use crate::items::Def;
use crate::types::{IntTy, Ty};

/// A row of the matrix: the patterns still to match, `None` where anything matches.
type Row<'p, 'a> = Vec<Option<&'p Pat<'a>>>;

/// A constructor, by what it is: one a pattern names (resolved as the pattern compiler
/// resolves it, `pattern.rs`), a `bool`, or a tuple's (or `()`'s) only one.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Key {
    Ctor(Ctor),
    Bool(bool),
    Tuple,
}

/// One constructor of a type, and its fields (names for struct-style patterns, types
/// for the split).
struct Split {
    key: Key,
    fields: Vec<(String, Ty)>,
}

/// What a pattern's outermost part is.
enum Head<'p, 'a> {
    /// Matches anything (`_`, a new binding).
    Any,
    /// A constructor, with its field patterns.
    Ctor(Key, Fields<'p, 'a>),
    /// Something only some values match (a literal, a range, a name that resolves to
    /// nothing a pattern can be).
    Other,
}

enum Fields<'p, 'a> {
    None,
    Tuple(&'p [Pat<'a>]),
    Named(&'p [(Ident<'a>, Pat<'a>)]),
}

/// Deeper than this (constructors nested in constructors), the arms are taken as not
/// covering: no real match comes near.
const MAX_DEPTH: usize = 1024;

/// Answers already found, by the types and rows asked about (or-patterns make the same
/// sub-matrix come up under each alternative: without this, a tuple of `true | false`
/// columns took twice as long for each column).
type Memo = std::collections::HashMap<(String, Vec<Vec<usize>>), bool>;

impl<'a> FnCx<'_, 'a> {
    pub(super) fn match_is_exhaustive(&mut self, t: &Ty, arms: &'a [Arm<'a>]) -> bool {
        let rows = arms.iter().filter(|a| a.guard.is_none()).map(|a| vec![Some(a.pat)]).collect();
        self.covers(vec![t.clone()], rows, 0, &mut Memo::new())
    }

    fn covers<'p>(&mut self, mut tys: Vec<Ty>, mut rows: Vec<Row<'p, 'a>>, depth: usize, memo: &mut Memo) -> bool {
        if depth > MAX_DEPTH {
            return false;
        }
        let key = (format!("{tys:?}"), rows.iter().map(|r| r.iter().map(|p| p.map_or(0, |p| p as *const Pat as usize)).collect()).collect());
        if let Some(&known) = memo.get(&key) {
            return known;
        }
        let anything = |cx: &mut Self, p: Option<&'p Pat<'a>>| matches!(cx.head(p), Head::Any);
        // the columns no row looks into, or whose values cannot be listed, one after
        // another (a loop: a struct of thousands of fields is as many columns)
        let answer = loop {
            if tys.is_empty() {
                break !rows.is_empty();
            }
            rows = expand_or(rows);
            // a row that matches anything in every column left covers everything
            if rows.iter().any(|r| r.iter().all(|&p| anything(self, p))) {
                break true;
            }
            let t = self.inf.shallow(&tys[0]);
            if matches!(t, Ty::Error) {
                break true;
            }
            if let Ty::Int(it) = t {
                let heads: Vec<IntHead> = rows.iter().map(|r| self.int_head(r[0])).collect();
                if heads.iter().any(|h| matches!(h, IntHead::Span(..))) {
                    break self.split_ints(it, &heads, &tys[1..], &rows, depth, memo);
                }
            }
            // the constructors the first column names, and the type's
            let mut named: Vec<Key> = Vec::new();
            for r in &rows {
                if let Head::Ctor(k, _) = self.head(r[0]) {
                    if !named.contains(&k) {
                        named.push(k);
                    }
                }
            }
            let ctors = if named.is_empty() { None } else { self.ctors(&t) };
            let complete = ctors.as_ref().is_some_and(|cs| cs.iter().all(|c| named.contains(&c.key)));
            match ctors.filter(|_| complete) {
                // the default matrix: only the rows that match anything here count (values
                // that cannot be listed, or a constructor no row names)
                None => {
                    rows = rows.into_iter().filter(|r| anything(self, r[0])).map(|r| r[1..].to_vec()).collect();
                    tys.remove(0);
                }
                Some(ctors) => break self.split(&ctors, &tys[1..], &rows, depth, memo),
            }
        };
        memo.insert(key, answer);
        answer
    }

    /// Whether the rows cover every constructor of the first column's type, each with
    /// its fields as new columns before `rest`.
    fn split<'p>(&mut self, ctors: &[Split], rest: &[Ty], rows: &[Row<'p, 'a>], depth: usize, memo: &mut Memo) -> bool {
        for c in ctors {
            let mut sub: Vec<Row<'p, 'a>> = Vec::new();
            for r in rows {
                let fields: Option<Row<'p, 'a>> = match self.head(r[0]) {
                    Head::Any => Some(vec![None; c.fields.len()]),
                    Head::Ctor(k, f) if k == c.key => match f {
                        Fields::None => Some(vec![None; c.fields.len()]),
                        Fields::Tuple(es) if es.len() == c.fields.len() && !matches!(c.key, Key::Ctor(Ctor::Signal(_))) => {
                            Some(es.iter().map(Some).collect())
                        }
                        // (`IO_ERROR(e)` binds the whole signal value: it counts when what
                        // it binds matches anything)
                        Fields::Tuple(es) => es.iter().all(|e| self.irrefutable(e)).then(|| vec![None; c.fields.len()]),
                        Fields::Named(fs) => {
                            let by_name = |n: &str| fs.iter().find(|(i, _)| i.name == n).map(|(_, p)| p);
                            let known = fs.iter().all(|(i, _)| c.fields.iter().any(|(n, _)| n == i.name));
                            // (a field named twice is an error `pattern.rs` reports)
                            let twice = fs.iter().enumerate().any(|(k, (i, _))| fs[..k].iter().any(|(j, _)| j.name == i.name));
                            (known && !twice).then(|| c.fields.iter().map(|(n, _)| by_name(n)).collect())
                        }
                    },
                    _ => None,
                };
                if let Some(mut row) = fields {
                    row.extend_from_slice(&r[1..]);
                    sub.push(row);
                }
            }
            let mut tys: Vec<Ty> = c.fields.iter().map(|(_, t)| t.clone()).collect();
            tys.extend_from_slice(rest);
            if !self.covers(tys, sub, depth + 1, memo) {
                return false;
            }
        }
        true
    }

    /// Whether the rows cover every value of integer type `it` in their first column, each
    /// with `rest`: the type's range is cut at every bound a row names, and each piece
    /// must be covered by the rows whose pattern matches all of it (or anything).
    fn split_ints<'p>(&mut self, it: IntTy, heads: &[IntHead], rest: &[Ty], rows: &[Row<'p, 'a>], depth: usize, memo: &mut Memo) -> bool {
        let (min, max) = int_domain(it);
        let mut cuts: Vec<i128> = vec![min, max + 1];
        for h in heads {
            if let IntHead::Span(lo, hi) = *h {
                cuts.extend([lo, hi + 1].into_iter().filter(|c| (min..=max).contains(c)));
            }
        }
        cuts.sort_unstable();
        cuts.dedup();
        for piece in cuts.windows(2) {
            let at = piece[0];
            let sub: Vec<Row<'p, 'a>> = rows
                .iter()
                .zip(heads)
                .filter(|(_, h)| match **h {
                    IntHead::Any => true,
                    IntHead::Span(lo, hi) => lo <= at && at <= hi,
                    IntHead::Other => false,
                })
                .map(|(r, _)| r[1..].to_vec())
                .collect();
            if !self.covers(rest.to_vec(), sub, depth + 1, memo) {
                return false;
            }
        }
        true
    }

    /// What pattern `p` matches of an integer: anything, the values from one bound to
    /// another (a literal is one value), or what cannot be told here (a constant's name:
    /// taken as matching nothing, so the answer errs on the side of "not covered").
    fn int_head<'p>(&mut self, p: Option<&'p Pat<'a>>) -> IntHead {
        let Some(p) = p else { return IntHead::Any };
        let value = |e: &Expr| crate::types::int_literal(e).map(|(m, neg)| if neg { -i128::from(m) } else { i128::from(m) });
        match &p.kind {
            PatKind::Lit(e) => value(e).map_or(IntHead::Other, |v| IntHead::Span(v, v)),
            PatKind::Range { lo, hi, inclusive } => match (value(lo), value(hi)) {
                (Some(l), Some(h)) => IntHead::Span(l, if *inclusive { h } else { h - 1 }),
                _ => IntHead::Other,
            },
            PatKind::Ref(q) => self.int_head(Some(q)),
            _ => match self.head(Some(p)) {
                Head::Any => IntHead::Any,
                _ => IntHead::Other,
            },
        }
    }

    /// The constructors of type `t`, when its values can be listed so, with their fields.
    fn ctors(&mut self, t: &Ty) -> Option<Vec<Split>> {
        let plain = |key: Key| Split { key, fields: Vec::new() };
        let named: Vec<Ctor> = match t {
            Ty::Bool => return Some(vec![plain(Key::Bool(true)), plain(Key::Bool(false))]),
            Ty::Unit => return Some(vec![plain(Key::Tuple)]),
            Ty::Tuple(ts) => {
                let fields = ts.iter().enumerate().map(|(i, t)| (i.to_string(), t.clone())).collect();
                return Some(vec![Split { key: Key::Tuple, fields }]);
            }
            Ty::Enum(e) => (0..self.u.prog.enums[*e as usize].variants.len() as u32).map(|v| Ctor::Variant(*e, v)).collect(),
            Ty::Option(_) => vec![Ctor::Some, Ctor::None],
            Ty::Result(..) => vec![Ctor::Ok, Ctor::Err],
            Ty::Struct(s) => vec![Ctor::Struct(*s)],
            Ty::Sig(l) => vec![Ctor::Signal(*l)],
            Ty::SigSet(ls) => ls.iter().map(|l| Ctor::Signal(*l)).collect(),
            _ => return None,
        };
        Some(named.into_iter().map(|c| Split { key: Key::Ctor(c), fields: self.ctor_fields(&c, t) }).collect())
    }

    /// What pattern `p` (`None`: a wildcard) starts with.
    fn head<'p>(&mut self, p: Option<&'p Pat<'a>>) -> Head<'p, 'a> {
        let Some(p) = p else { return Head::Any };
        let ctor = |c: Option<Ctor>, f: Fields<'p, 'a>| c.map_or(Head::Other, |c| Head::Ctor(Key::Ctor(c), f));
        match &p.kind {
            PatKind::Wild => Head::Any,
            PatKind::Binding { name, .. } => match (self.named_ctor(name.name), self.lookup_def(name.name)) {
                (Some(c), _) => Head::Ctor(Key::Ctor(c), Fields::None),
                (None, Some(Def::Const(_))) => Head::Other,
                (None, _) => Head::Any,
            },
            PatKind::Path(path) => ctor(self.resolve_ctor(&segs(path)), Fields::None),
            PatKind::TupleStruct { path, elems } => ctor(self.resolve_ctor(&segs(path)), Fields::Tuple(elems)),
            PatKind::Struct { path, fields, .. } => ctor(self.resolve_ctor(&segs(path)), Fields::Named(fields)),
            PatKind::Tuple(elems) => Head::Ctor(Key::Tuple, Fields::Tuple(elems)),
            PatKind::Lit(e) => match e.kind {
                ExprKind::Bool(b) => Head::Ctor(Key::Bool(b), Fields::None),
                _ => Head::Other,
            },
            PatKind::Ref(q) => self.head(Some(q)),
            // (split into rows by `expand_or` before)
            PatKind::Or(_) | PatKind::Range { .. } => Head::Other,
        }
    }

    /// Whether `p` matches every value (of whatever type it is matched against).
    fn irrefutable(&mut self, p: &Pat<'a>) -> bool {
        matches!(self.head(Some(p)), Head::Any)
    }
}

/// What an integer pattern matches (`int_head`).
#[derive(Clone, Copy)]
enum IntHead {
    Any,
    /// The values from the first to the second, both included (none when the second is
    /// smaller).
    Span(i128, i128),
    Other,
}

/// The values of integer type `it` (a `u64`'s up to `u64::MAX`).
fn int_domain(it: IntTy) -> (i128, i128) {
    match it {
        IntTy::U64 => (0, i128::from(u64::MAX)),
        _ => {
            let (lo, hi) = it.range();
            (i128::from(lo), i128::from(hi))
        }
    }
}

/// A path's segments.
fn segs<'a>(path: &Path<'a>) -> Vec<&'a str> {
    path.segs.iter().map(|s| s.name).collect()
}

/// The rows with an or-pattern (or a reference to one) first, split into a row per
/// alternative.
fn expand_or<'p, 'a>(rows: Vec<Row<'p, 'a>>) -> Vec<Row<'p, 'a>> {
    let mut out = Vec::with_capacity(rows.len());
    let mut todo = rows;
    while let Some(r) = todo.pop() {
        let mut first = r[0];
        while let Some(Pat { kind: PatKind::Ref(q), .. }) = first {
            first = Some(q);
        }
        match first {
            Some(Pat { kind: PatKind::Or(alts), .. }) => {
                for alt in alts.iter().rev() {
                    let mut row = r.clone();
                    row[0] = Some(alt);
                    todo.push(row);
                }
            }
            _ => out.push(r),
        }
    }
    out.reverse();
    out
}

#[cfg(test)]
mod tests {
    //! The check against the truth: random types built from `bool`, `Option`, `Result`,
    //! pairs and an enum with a tuple, a unit and a struct-style variant (every one of
    //! finitely many values), random arms for them; the compiler must report "not
    //! covered" exactly when some value matches no arm.
    use proptest::prelude::*;

    #[derive(Clone, Debug)]
    enum T {
        Bool,
        Unit,
        Opt(Box<T>),
        Res(Box<T>, Box<T>),
        Pair(Box<T>, Box<T>),
        E,
    }

    #[derive(Clone, Debug)]
    enum V {
        Bool(bool),
        Unit,
        Some(Box<V>),
        None,
        Ok(Box<V>),
        Err(Box<V>),
        Pair(Box<V>, Box<V>),
        A(Box<V>),
        B,
        C(Box<V>),
    }

    #[derive(Clone, Debug)]
    enum P {
        Wild,
        Bind,
        Bool(bool),
        Unit,
        Some(Box<P>),
        None,
        Ok(Box<P>),
        Err(Box<P>),
        Pair(Box<P>, Box<P>),
        A(Box<P>),
        B,
        /// `E::C { x: p }`, or `E::C { .. }` for `None`.
        C(Option<Box<P>>),
        Or(Box<P>, Box<P>),
    }

    fn ty() -> impl Strategy<Value = T> {
        let leaf = prop_oneof![Just(T::Bool), Just(T::E), Just(T::Unit)];
        leaf.prop_recursive(3, 8, 2, |inner| {
            prop_oneof![
                inner.clone().prop_map(|t| T::Opt(Box::new(t))),
                (inner.clone(), inner.clone()).prop_map(|(a, b)| T::Res(Box::new(a), Box::new(b))),
                (inner.clone(), inner).prop_map(|(a, b)| T::Pair(Box::new(a), Box::new(b))),
            ]
        })
    }

    /// A pattern for type `t`, `depth` levels deep at most.
    fn pat(t: &T, depth: u32) -> BoxedStrategy<P> {
        let b = |p: P| Box::new(p);
        let anything = prop_oneof![Just(P::Wild), Just(P::Bind)];
        if depth == 0 {
            return anything.boxed();
        }
        let d = depth - 1;
        let shaped: BoxedStrategy<P> = match t {
            T::Bool => any::<bool>().prop_map(P::Bool).boxed(),
            T::Unit => Just(P::Unit).boxed(),
            T::Opt(inner) => prop_oneof![pat(inner, d).prop_map(move |p| P::Some(Box::new(p))), Just(P::None)].boxed(),
            T::Res(o, e) => prop_oneof![pat(o, d).prop_map(move |p| P::Ok(Box::new(p))), pat(e, d).prop_map(move |p| P::Err(Box::new(p)))].boxed(),
            T::Pair(x, y) => (pat(x, d), pat(y, d)).prop_map(move |(p, q)| P::Pair(Box::new(p), Box::new(q))).boxed(),
            T::E => prop_oneof![
                pat(&T::Bool, d).prop_map(move |p| P::A(Box::new(p))),
                Just(P::B),
                proptest::option::of(pat(&T::Bool, d)).prop_map(move |p| P::C(p.map(Box::new))),
            ]
            .boxed(),
        };
        let t2 = t.clone();
        prop_oneof![
            2 => anything,
            5 => shaped,
            1 => (pat(&t2, d), pat(&t2, d)).prop_map(move |(p, q)| P::Or(b(p), Box::new(q))),
        ]
        .boxed()
    }

    fn values(t: &T) -> Vec<V> {
        let b = |v: V| Box::new(v);
        match t {
            T::Bool => vec![V::Bool(false), V::Bool(true)],
            T::Unit => vec![V::Unit],
            T::Opt(i) => values(i).into_iter().map(|v| V::Some(b(v))).chain([V::None]).collect(),
            T::Res(o, e) => values(o).into_iter().map(|v| V::Ok(b(v))).chain(values(e).into_iter().map(|v| V::Err(Box::new(v)))).collect(),
            T::Pair(x, y) => {
                let ys = values(y);
                values(x).into_iter().flat_map(|a| ys.iter().map(move |c| V::Pair(Box::new(a.clone()), Box::new(c.clone())))).collect()
            }
            T::E => [false, true].into_iter().map(|x| V::A(b(V::Bool(x)))).chain([V::B]).chain([false, true].into_iter().map(|x| V::C(Box::new(V::Bool(x))))).collect(),
        }
    }

    fn matches(p: &P, v: &V) -> bool {
        match (p, v) {
            (P::Wild | P::Bind, _) => true,
            (P::Or(a, b), v) => matches(a, v) || matches(b, v),
            (P::Bool(x), V::Bool(y)) => x == y,
            (P::Some(p), V::Some(v)) | (P::Ok(p), V::Ok(v)) | (P::Err(p), V::Err(v)) | (P::A(p), V::A(v)) => matches(p, v),
            (P::None, V::None) | (P::B, V::B) | (P::Unit, V::Unit) => true,
            (P::Pair(p, q), V::Pair(a, b)) => matches(p, a) && matches(q, b),
            (P::C(None), V::C(_)) => true,
            (P::C(Some(p)), V::C(v)) => matches(p, v),
            _ => false,
        }
    }

    fn show_ty(t: &T) -> String {
        match t {
            T::Bool => "bool".into(),
            T::Unit => "()".into(),
            T::Opt(i) => format!("Option<{}>", show_ty(i)),
            T::Res(o, e) => format!("Result<{}, {}>", show_ty(o), show_ty(e)),
            T::Pair(x, y) => format!("({}, {})", show_ty(x), show_ty(y)),
            T::E => "E".into(),
        }
    }

    /// (bindings inside an or-pattern are written `_`: both sides would have to bind
    /// the same names)
    fn show(p: &P, names: &mut u32, in_or: bool) -> String {
        match p {
            P::Wild => "_".into(),
            P::Bind if in_or => "_".into(),
            P::Bind => {
                *names += 1;
                format!("v{names}")
            }
            P::Bool(b) => b.to_string(),
            P::Unit => "()".into(),
            P::Some(q) => format!("Some({})", show(q, names, in_or)),
            P::None => "None".into(),
            P::Ok(q) => format!("Ok({})", show(q, names, in_or)),
            P::Err(q) => format!("Err({})", show(q, names, in_or)),
            P::Pair(a, b) => format!("({}, {})", show(a, names, in_or), show(b, names, in_or)),
            P::A(q) => format!("E::A({})", show(q, names, in_or)),
            P::B => "E::B".into(),
            P::C(None) => "E::C { .. }".into(),
            P::C(Some(q)) => format!("E::C {{ x: {} }}", show(q, names, in_or)),
            P::Or(a, b) => format!("{} | {}", show(a, names, true), show(b, names, true)),
        }
    }

    fn case() -> impl Strategy<Value = (T, Vec<P>)> {
        ty().prop_flat_map(|t| {
            let arms = proptest::collection::vec(pat(&t, 4), 1..6);
            (Just(t), arms)
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]
        #[test]
        fn not_covered_is_reported_exactly_when_a_value_matches_no_arm((t, arms) in case()) {
            let covered = values(&t).iter().all(|v| arms.iter().any(|p| matches(p, v)));
            let mut names = 0;
            let body: Vec<String> = arms.iter().enumerate().map(|(i, p)| format!("        {} => {},", show(p, &mut names, false), i)).collect();
            let src = format!(
                "enum E {{ A(bool), B, C {{ x: bool }} }}\nfn f(v: {}) -> int {{\n    match v {{\n{}\n    }}\n}}\nfn main() = default {{ }}\n",
                show_ty(&t),
                body.join("\n")
            );
            let out = crate::compile_source("t.cp", &src, &crate::Options::default());
            let errors: Vec<&str> = out
                .diagnostics
                .list
                .iter()
                .filter(|d| matches!(d.severity, crate::diag::Severity::Error))
                .map(|d| d.message.as_str())
                .collect();
            let reported = errors.iter().any(|m| m.starts_with("non-exhaustive patterns"));
            prop_assert!(errors.iter().all(|m| m.starts_with("non-exhaustive patterns")), "other errors {:?} in\n{}", errors, src);
            prop_assert_eq!(reported, !covered, "{}", src);
        }
    }

    /// An integer arm of the second test: a literal, an inclusive or half-open range, or
    /// (rarely) a wildcard, over an `i8`'s values.
    #[derive(Clone, Debug)]
    enum IntArm {
        Lit(i16),
        Incl(i16, i16),
        Excl(i16, i16),
        Wild,
    }

    fn int_arm() -> impl Strategy<Value = IntArm> {
        let v = -128i16..=127;
        prop_oneof![
            3 => v.clone().prop_map(IntArm::Lit),
            4 => (v.clone(), v.clone()).prop_map(|(a, b)| IntArm::Incl(a.min(b), a.max(b))),
            2 => (v.clone(), -127i16..=127).prop_map(|(a, b)| IntArm::Excl(a.min(b - 1), b)),
            1 => Just(IntArm::Wild),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]
        /// Integer literals and ranges, alone and beside a `bool` in a pair: "not covered"
        /// exactly when some `i8` (or pair) matches no arm.
        #[test]
        fn integer_ranges_cover_exactly_the_values_they_hold(arms in proptest::collection::vec((any::<Option<bool>>(), int_arm()), 1..8), paired in any::<bool>()) {
            let holds = |a: &IntArm, x: i16| match *a {
                IntArm::Lit(k) => x == k,
                IntArm::Incl(l, h) => l <= x && x <= h,
                IntArm::Excl(l, h) => l <= x && x < h,
                IntArm::Wild => true,
            };
            let bools: &[Option<bool>] = if paired { &[Some(false), Some(true)] } else { &[None] };
            let covered = bools.iter().all(|&b| {
                (-128i16..=127).all(|x| arms.iter().any(|(ab, a)| (!paired || ab.is_none() || *ab == b) && holds(a, x)))
            });
            let text = |a: &IntArm| match *a {
                IntArm::Lit(k) => k.to_string(),
                IntArm::Incl(l, h) => format!("{l}..={h}"),
                IntArm::Excl(l, h) => format!("{l}..{h}"),
                IntArm::Wild => "_".into(),
            };
            let body: Vec<String> = arms
                .iter()
                .enumerate()
                .map(|(i, (b, a))| match (paired, b) {
                    (false, _) => format!("        {} => {i},", text(a)),
                    (true, None) => format!("        (_, {}) => {i},", text(a)),
                    (true, Some(b)) => format!("        ({b}, {}) => {i},", text(a)),
                })
                .collect();
            let ty = if paired { "(bool, i8)" } else { "i8" };
            let src = format!("fn f(v: {ty}) -> int {{\n    match v {{\n{}\n    }}\n}}\nfn main() = default {{ }}\n", body.join("\n"));
            let out = crate::compile_source("t.cp", &src, &crate::Options::default());
            let errors: Vec<&str> = out.diagnostics.list.iter().filter(|d| matches!(d.severity, crate::diag::Severity::Error)).map(|d| d.message.as_str()).collect();
            let reported = errors.iter().any(|m| m.starts_with("non-exhaustive patterns"));
            prop_assert!(errors.iter().all(|m| m.starts_with("non-exhaustive patterns")), "other errors {:?} in\n{}", errors, src);
            prop_assert_eq!(reported, !covered, "{}", src);
        }
    }
}
