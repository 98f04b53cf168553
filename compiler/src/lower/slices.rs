//! Mutable range slices of vectors: `f(&mut v[a..b])` and `v[a..b].sort()`.
//!
//! A range of a vector is a copy (`VecSlice`); the VM has no view into another
//! vector. Where the program borrows that range mutably for one call, the copy is
//! written back into the vector once the call returns (`VecWriteAt`), which is what a
//! Rust program sees: nothing else can touch the vector while the call holds its
//! borrow. A mutable range slice anywhere else (`let s = &mut v[a..b];`, a field, a
//! return value) would need a view that outlives the statement: it is a compile error
//! rather than a copy whose writes are lost.
use cprime_bytecode::natives::Native;

use super::{FnCx, V};
use crate::ast::*;
use crate::diag::Diagnostic;
use crate::types::Ty;

/// A range slice to write back after a call: the vector, the range's start, the copy.
pub(super) struct WriteBack {
    vec: V,
    lo: V,
    slice: V,
}

/// Vector methods that change a range in place (written back) and that would change a
/// slice's length (refused).
const IN_PLACE: &[&str] = &["sort", "sort_unstable", "reverse", "swap"];
const RESIZING: &[&str] = &["push", "pop", "insert", "remove", "clear", "truncate", "extend", "append", "extend_from_slice"];

/// `x[range]`: the indexed expression and the range, if `e` is one.
fn range_index<'a>(e: &'a Expr<'a>) -> Option<(&'a Expr<'a>, &'a Expr<'a>)> {
    match &e.kind {
        ExprKind::Index(x, i) if matches!(i.kind, ExprKind::Range { .. }) => Some((x, i)),
        _ => None,
    }
}

/// `x[range]` lowered: a vector's, with what writing it back takes, or anything else's
/// (a string's range, an error) as `index` lowers it.
enum Ranged {
    WriteBack(WriteBack),
    Plain(V),
}

impl<'u, 'a> FnCx<'u, 'a> {
    /// A call's argument against parameter type `t`: `&mut v[a..b]` of a vector is its
    /// range's copy, noted in `wbs` for `write_back` after the call.
    pub(super) fn arg_expect(&mut self, a: &'a Expr<'a>, t: &Ty, wbs: &mut Vec<WriteBack>) -> V {
        if let ExprKind::Unary(UnOp::RefMut, inner) = &a.kind {
            if let Some(r) = self.range_for_write_back(inner) {
                let v = match r {
                    Ranged::WriteBack(wb) => {
                        let v = wb.slice.clone();
                        wbs.push(wb);
                        v
                    }
                    Ranged::Plain(v) => v,
                };
                self.expect_ty(a.span, t, &v.ty);
                return v;
            }
        }
        self.expr_expect(a, t)
    }

    /// The receiver of a method call: `v[a..b]` before an in-place method is its range's
    /// copy, noted in `wbs`; before one that changes a length, an error.
    pub(super) fn receiver(&mut self, recv: &'a Expr<'a>, name: Ident<'a>, wbs: &mut Vec<WriteBack>) -> V {
        if range_index(recv).is_some() {
            if IN_PLACE.contains(&name.name) {
                match self.range_for_write_back(recv) {
                    Some(Ranged::WriteBack(wb)) => {
                        let v = wb.slice.clone();
                        wbs.push(wb);
                        return v;
                    }
                    Some(Ranged::Plain(v)) => return v,
                    None => {}
                }
            } else if RESIZING.contains(&name.name) {
                let r = self.expr(recv, None);
                if matches!(self.inf.shallow(&r.ty), Ty::Vec(_)) {
                    self.diag(
                        Diagnostic::error(name.span, format!("`{}` would change the length of a slice", name.name))
                            .label("a range of a vector has a fixed length")
                            .help("call it on the vector itself"),
                    );
                }
                return r;
            }
        }
        self.expr(recv, None)
    }

    /// `x[range]` lowered (`None`: `e` is no range index).
    fn range_for_write_back(&mut self, e: &'a Expr<'a>) -> Option<Ranged> {
        let (x, range) = range_index(e)?;
        let ExprKind::Range { lo, hi, inclusive } = &range.kind else { return None };
        let vec = self.expr(x, None);
        let Ty::Vec(elem) = self.inf.shallow(&vec.ty) else { return Some(Ranged::Plain(self.index_of(vec, x.span, range, e.span))) };
        let (lo, slice) = self.vec_range(&vec, *elem, *lo, *hi, *inclusive);
        Some(Ranged::WriteBack(WriteBack { vec, lo, slice }))
    }

    /// Writes each range slice back into its vector (after the call that borrowed it).
    pub(super) fn write_back(&mut self, wbs: Vec<WriteBack>) {
        for WriteBack { vec, lo, slice } in wbs {
            self.call_native(Native::VecWriteAt, &[vec, lo, slice], Ty::Unit);
        }
    }

    /// A spawned call's arguments are copied into the new coroutine's heap: a mutable
    /// range slice among them could not be written back (nor can a Rust task borrow one).
    pub(super) fn no_write_back_in_spawn(&mut self, wbs: Vec<WriteBack>, span: Span) {
        if !wbs.is_empty() {
            self.diag(
                Diagnostic::error(span, "a spawned call cannot borrow a slice mutably")
                    .label("its arguments are copied into the new coroutine")
                    .help("pass the values, and send the results back on a channel or return them to `join`"),
            );
        }
    }

    /// `&mut v[a..b]` where no call takes it: refused (module docs).
    pub(super) fn mut_range_elsewhere(&mut self, x: &'a Expr<'a>, span: Span) -> bool {
        if range_index(x).is_none() {
            return false;
        }
        self.diag(
            Diagnostic::error(span, "a mutable slice of a vector can only be an argument of a function or closure you call")
                .label("here its writes would go to a copy")
                .help("pass `&mut v[a..b]` to a function or closure, call an in-place method on `v[a..b]` (`sort`, `reverse`, `swap`), or index the vector itself; a builtin method or macro only reads, so give it `&v[a..b]`"),
        );
        true
    }
}
