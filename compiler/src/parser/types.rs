//! Types, generic argument lists and generic parameter lists.
//!
//! `>>`, `>=` and `>>=` close generic lists by splitting the token (`Parser::expect`).
//! Lifetimes (`&'a str`, `<'a, T>`) and bounds are accepted and dropped: CPrime has no
//! borrow checker and resolves trait bounds later from the impls.
use super::{PResult, Parser};
use crate::ast::*;
use crate::lexer::{Kw, Tok};

impl<'a, 's> Parser<'a, 's> {
    /// A type.
    pub(super) fn parse_type(&mut self) -> PResult<Type<'a>> {
        self.nested(|p| p.parse_type_inner())
    }

    fn parse_type_inner(&mut self) -> PResult<Type<'a>> {
        let lo = self.span();
        let kind = match self.peek() {
            Tok::Amp | Tok::AndAnd => {
                let double = self.at(Tok::AndAnd);
                self.bump();
                if let Tok::Lifetime(_) = self.peek() {
                    self.bump();
                }
                let mutable = self.eat_kw(Kw::Mut);
                let inner = self.parse_type()?;
                let kind = TypeKind::Ref { mutable, inner: self.alloc(inner) };
                if double {
                    let inner = Type { kind, span: self.span_from(lo) };
                    TypeKind::Ref { mutable: false, inner: self.alloc(inner) }
                } else {
                    kind
                }
            }
            Tok::Star => {
                self.bump();
                if !self.eat_kw(Kw::Mut) && !self.eat_kw(Kw::Const) {
                    return Err(self.expected("`mut` or `const` after `*` in a pointer type"));
                }
                {
                    let inner = self.parse_type()?;
                    TypeKind::Ptr(self.alloc(inner))
                }
            }
            Tok::LBracket => {
                self.bump();
                let elem = self.parse_type()?;
                if self.eat(Tok::Semi) {
                    // `[T; N]`: the length is parsed (so errors show) and ignored.
                    self.with_struct_lits(true, |p| p.parse_expr())?;
                }
                self.expect(Tok::RBracket)?;
                TypeKind::Slice(self.alloc(elem))
            }
            Tok::LParen => {
                self.bump();
                let (elems, trailing_comma) = self.type_list(Tok::RParen)?;
                if elems.len() == 1 && !trailing_comma {
                    // `(T)` is just `T`
                    return Ok(Type { kind: elems[0].kind, span: self.span_from(lo) });
                }
                TypeKind::Tuple(self.slice(elems))
            }
            Tok::Kw(Kw::Fn) => {
                self.bump();
                self.fn_type_tail()?
            }
            Tok::Kw(Kw::Impl) | Tok::Kw(Kw::Dyn) => {
                let is_dyn = self.at_kw(Kw::Dyn);
                self.bump();
                let first = self.parse_bound()?;
                while self.eat(Tok::Plus) {
                    self.parse_bound()?;
                }
                match first {
                    Some(t @ Type { kind: TypeKind::Fn { .. }, .. }) => t.kind,
                    Some(Type { kind: TypeKind::Path { path, .. }, .. }) => TypeKind::Dyn(path),
                    _ => {
                        let what = if is_dyn { "a trait after `dyn`" } else { "a trait after `impl`" };
                        return Err(self.error(self.span_from(lo), format!("expected {what}")));
                    }
                }
            }
            Tok::Bang => {
                self.bump();
                TypeKind::Never
            }
            Tok::Underscore => {
                self.bump();
                TypeKind::Infer
            }
            Tok::Ident(_) | Tok::Kw(Kw::SelfType) | Tok::Kw(Kw::SelfValue) => return self.path_type(),
            _ => return Err(self.expected("type")),
        };
        Ok(Type { kind, span: self.span_from(lo) })
    }

    /// `(A, B) -> R` after `fn` / `Fn` / `FnMut` / `FnOnce`.
    fn fn_type_tail(&mut self) -> PResult<TypeKind<'a>> {
        self.expect(Tok::LParen)?;
        let (params, _) = self.type_list(Tok::RParen)?;
        let ret = if self.eat(Tok::Arrow) {
            let ty = self.parse_type()?;
            Some(self.alloc(ty))
        } else {
            None
        };
        Ok(TypeKind::Fn { params: self.slice(params), ret })
    }

    /// Comma-separated types up to and including `close`; also tells whether a trailing
    /// comma was written (`(T,)` is a tuple).
    pub(super) fn type_list(&mut self, close: Tok<'a>) -> PResult<(Vec<Type<'a>>, bool)> {
        let mut out = Vec::new();
        let mut trailing = false;
        while !self.eat(close) {
            out.push(self.parse_type()?);
            trailing = self.eat(Tok::Comma);
            if !trailing && !self.at(close) {
                return Err(self.expected(&format!("`,` or `{}`", super::tok_text(close))));
            }
        }
        Ok((out, trailing))
    }

    /// A bound in `impl A + B`, `dyn A + 'static`, `T: A + ?Sized`; `None` for a lifetime.
    fn parse_bound(&mut self) -> PResult<Option<Type<'a>>> {
        if let Tok::Lifetime(_) = self.peek() {
            self.bump();
            return Ok(None);
        }
        self.eat(Tok::Question);
        self.parse_type().map(Some)
    }

    /// `a::b::C<T, U>`, `Fn(A) -> R`, `Self`.
    fn path_type(&mut self) -> PResult<Type<'a>> {
        let lo = self.span();
        let mut segs = Vec::new();
        let mut args = Vec::new();
        loop {
            let seg = self.path_segment()?;
            if segs.is_empty() && matches!(seg.name, "Fn" | "FnMut" | "FnOnce") && self.at(Tok::LParen) {
                let kind = self.fn_type_tail()?;
                return Ok(Type { kind, span: self.span_from(lo) });
            }
            segs.push(seg);
            if self.at(Tok::Lt) || self.at(Tok::Shl) || (self.at(Tok::PathSep) && self.nth(1) == Tok::Lt) {
                self.eat(Tok::PathSep);
                args = self.generic_args()?;
            }
            if self.at(Tok::PathSep) && matches!(self.nth(1), Tok::Ident(_) | Tok::Kw(Kw::SelfType)) {
                self.bump();
                continue;
            }
            break;
        }
        let path = Path { segs: self.slice(segs), generics: &[], span: self.span_from(lo) };
        Ok(Type { kind: TypeKind::Path { path, args: self.slice(args) }, span: self.span_from(lo) })
    }

    /// One path segment: an identifier, or `self` / `Self` used as one.
    pub(super) fn path_segment(&mut self) -> PResult<Ident<'a>> {
        match self.peek() {
            Tok::Kw(k @ (Kw::SelfType | Kw::SelfValue)) => {
                let span = self.bump().span;
                Ok(Ident { name: k.as_str(), span })
            }
            _ => self.ident(),
        }
    }

    /// `<A, B>` (the cursor is on `<`); `<>` is empty. Lifetimes are dropped and associated
    /// bindings (`Item = T`) keep only their type.
    pub(super) fn generic_args(&mut self) -> PResult<Vec<Type<'a>>> {
        self.expect(Tok::Lt)?;
        let mut out = Vec::new();
        loop {
            if self.at(Tok::Gt) || self.at(Tok::Shr) || self.at(Tok::Ge) || self.at(Tok::ShrEq) {
                self.expect(Tok::Gt)?;
                return Ok(out);
            }
            if let Tok::Lifetime(_) = self.peek() {
                self.bump();
            } else {
                if matches!(self.peek(), Tok::Ident(_)) && self.nth(1) == Tok::Eq {
                    self.bump();
                    self.bump();
                }
                out.push(self.parse_type()?);
            }
            if !self.eat(Tok::Comma) && !matches!(self.peek(), Tok::Gt | Tok::Shr | Tok::Ge | Tok::ShrEq) {
                return Err(self.expected("`,` or `>`"));
            }
        }
    }

    /// Optional `<T: Bound, 'a, const N: usize>` after an item name: the type parameter names.
    pub(super) fn generic_params(&mut self) -> PResult<&'a [Ident<'a>]> {
        if !self.eat(Tok::Lt) {
            return Ok(&[]);
        }
        let mut out = Vec::new();
        loop {
            if self.at(Tok::Gt) || self.at(Tok::Shr) {
                self.expect(Tok::Gt)?;
                return Ok(self.slice(out));
            }
            if let Tok::Lifetime(_) = self.peek() {
                self.bump();
                if self.eat(Tok::Colon) {
                    while let Tok::Lifetime(_) = self.peek() {
                        self.bump();
                        if !self.eat(Tok::Plus) {
                            break;
                        }
                    }
                }
            } else {
                let is_const = self.eat_kw(Kw::Const);
                out.push(self.ident()?);
                if self.eat(Tok::Colon) {
                    if is_const {
                        self.parse_type()?;
                    } else {
                        self.bounds()?;
                    }
                }
                if self.eat(Tok::Eq) {
                    self.parse_type()?;
                }
            }
            if !(self.eat(Tok::Comma) || self.at(Tok::Gt) || self.at(Tok::Shr)) {
                return Err(self.expected("`,` or `>`"));
            }
        }
    }

    /// `A + B + 'a` (dropped).
    pub(super) fn bounds(&mut self) -> PResult<()> {
        self.parse_bound()?;
        while self.eat(Tok::Plus) {
            self.parse_bound()?;
        }
        Ok(())
    }

    /// Optional `where T: A, U: B` before a body (dropped).
    pub(super) fn where_clause(&mut self) -> PResult<()> {
        if !self.eat_kw(Kw::Where) {
            return Ok(());
        }
        while !matches!(self.peek(), Tok::LBrace | Tok::Semi | Tok::Eq | Tok::Eof) {
            if let Tok::Lifetime(_) = self.peek() {
                self.bump();
            } else {
                self.parse_type()?;
            }
            self.expect(Tok::Colon)?;
            self.bounds()?;
            if !self.eat(Tok::Comma) {
                break;
            }
        }
        Ok(())
    }
}
