//! Whether a `match`'s arms cover every value of the scrutinee's type.
//!
//! The usefulness check of Rust's and OCaml's compilers, in its simplest form: a matrix
//! of patterns (a row per arm without a guard, a column per value still to match) is
//! split on each constructor of the first column's type (an enum's variants, `Some` /
//! `None`, `Ok` / `Err`, `true` / `false`, a tuple's or struct's one), each constructor's
//! fields becoming new columns; the arms cover the type when every split is covered
//! and, with no columns left, some row remains. So `Some(E::A(n))`, `Some(E::B)` and
//! `None` cover `Option<E>`, which a check of the outermost constructor alone refused.
//! A type whose values cannot be listed (ints, strings) is covered only by an arm that
//! matches anything there. The answer errs on the side of "not covered" (the compiler
//! then asks for a `_` arm), never the other way.
use super::FnCx;
use crate::ast::*;
use crate::items::Def;
use crate::types::Ty;

/// A row of the matrix: the patterns still to match, `None` where anything matches.
type Row<'p, 'a> = Vec<Option<&'p Pat<'a>>>;

/// One constructor of a type: its name as patterns spell it, and its fields (names for
/// struct-style patterns, types for the split).
struct Ctor {
    name: String,
    fields: Vec<(String, Ty)>,
}

/// What a pattern's outermost part is.
enum Head<'p, 'a> {
    /// Matches anything (`_`, a new binding).
    Any,
    /// Constructor `name`, with its field patterns (`None`: it has none written).
    Ctor(String, Fields<'p, 'a>),
    /// Something only some values match (a literal, a range).
    Other,
}

enum Fields<'p, 'a> {
    None,
    Tuple(&'p [Pat<'a>]),
    Named(&'p [(Ident<'a>, Pat<'a>)]),
}

/// Deeper than this, the arms are taken as not covering (no real pattern nests so).
const MAX_DEPTH: usize = 64;

impl<'a> FnCx<'_, 'a> {
    pub(super) fn match_is_exhaustive(&mut self, t: &Ty, arms: &'a [Arm<'a>]) -> bool {
        let rows = arms.iter().filter(|a| a.guard.is_none()).map(|a| vec![Some(a.pat)]).collect();
        self.covers(&[t.clone()], rows, 0)
    }

    fn covers<'p>(&mut self, tys: &[Ty], rows: Vec<Row<'p, 'a>>, depth: usize) -> bool {
        let Some((t, rest)) = tys.split_first() else { return !rows.is_empty() };
        if depth > MAX_DEPTH {
            return false;
        }
        let rows = expand_or(rows);
        let t = self.inf.shallow(t);
        if matches!(t, Ty::Error) {
            return true;
        }
        let anything = |cx: &mut Self, r: &Row<'p, 'a>| matches!(cx.head(r[0]), Head::Any);
        let all_any = rows.iter().all(|r| anything(self, r));
        // no row looks into this value (the split would list the constructors of a
        // recursive type forever), or its values cannot be listed: only the rows that
        // match anything here count
        let ctors = if all_any { None } else { self.ctors(&t) };
        let Some(ctors) = ctors else {
            let sub = rows.iter().filter(|r| anything(self, r)).map(|r| r[1..].to_vec()).collect();
            return self.covers(rest, sub, depth + 1);
        };
        for c in &ctors {
            let mut sub: Vec<Row<'p, 'a>> = Vec::new();
            for r in &rows {
                let fields: Option<Row<'p, 'a>> = match self.head(r[0]) {
                    Head::Any => Some(vec![None; c.fields.len()]),
                    Head::Ctor(name, f) if name == c.name => match f {
                        Fields::None => Some(vec![None; c.fields.len()]),
                        Fields::Tuple(es) if es.len() == c.fields.len() => Some(es.iter().map(Some).collect()),
                        // (a signal's payload, whose fields are not listed here)
                        Fields::Tuple(es) => es.iter().all(|e| self.irrefutable(e)).then(|| vec![None; c.fields.len()]),
                        Fields::Named(fs) => {
                            let by_name = |n: &str| fs.iter().find(|(i, _)| i.name == n).map(|(_, p)| p);
                            let known = fs.iter().all(|(i, _)| c.fields.iter().any(|(n, _)| n == i.name));
                            known.then(|| c.fields.iter().map(|(n, _)| by_name(n)).collect())
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
            if !self.covers(&tys, sub, depth + 1) {
                return false;
            }
        }
        true
    }

    /// The constructors of type `t`, when its values can be listed so.
    fn ctors(&self, t: &Ty) -> Option<Vec<Ctor>> {
        let ctor = |name: &str, fields: Vec<(String, Ty)>| Ctor { name: name.into(), fields };
        let positional = |tys: &[Ty]| tys.iter().enumerate().map(|(i, t)| (i.to_string(), t.clone())).collect();
        Some(match t {
            Ty::Enum(e) => self.u.prog.enums[*e as usize].variants.iter().map(|v| ctor(&v.name, v.fields.clone())).collect(),
            Ty::Option(inner) => vec![ctor("Some", positional(&[(**inner).clone()])), ctor("None", Vec::new())],
            Ty::Result(ok, err) => vec![ctor("Ok", positional(&[(**ok).clone()])), ctor("Err", positional(&[(**err).clone()]))],
            Ty::Bool => vec![ctor("true", Vec::new()), ctor("false", Vec::new())],
            Ty::Tuple(ts) => vec![ctor("()", positional(ts))],
            Ty::Struct(s) => {
                let info = &self.u.prog.structs[*s as usize];
                vec![ctor(&info.name, info.fields.clone())]
            }
            Ty::Sig(l) => vec![ctor(&self.u.prog.module.layouts[*l as usize].name, Vec::new())],
            Ty::SigSet(ls) => ls.iter().map(|l| ctor(&self.u.prog.module.layouts[*l as usize].name, Vec::new())).collect(),
            _ => return None,
        })
    }

    /// What pattern `p` (`None`: a wildcard) starts with.
    fn head<'p>(&mut self, p: Option<&'p Pat<'a>>) -> Head<'p, 'a> {
        let Some(p) = p else { return Head::Any };
        match &p.kind {
            PatKind::Wild => Head::Any,
            PatKind::Binding { name, .. } => match self.lookup_def(name.name) {
                Some(Def::Signal(_) | Def::Variant(..)) => Head::Ctor(name.name.to_string(), Fields::None),
                Some(Def::Const(_)) => Head::Other,
                _ if name.name == "None" => Head::Ctor("None".into(), Fields::None),
                _ => Head::Any,
            },
            PatKind::Path(path) => Head::Ctor(path.last().to_string(), Fields::None),
            PatKind::TupleStruct { path, elems } => Head::Ctor(path.last().to_string(), Fields::Tuple(elems)),
            PatKind::Struct { path, fields, .. } => Head::Ctor(path.last().to_string(), Fields::Named(fields)),
            PatKind::Tuple(elems) => Head::Ctor("()".into(), Fields::Tuple(elems)),
            PatKind::Lit(e) => match e.kind {
                ExprKind::Bool(b) => Head::Ctor(b.to_string(), Fields::None),
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
