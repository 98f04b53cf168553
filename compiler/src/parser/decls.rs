//! Type declarations: `struct`, `class`, `functional class`, `enum`, `trait`, `impl`, and
//! the member lists of their bodies (fields, methods in either spelling, constants).
use super::fns::FnCtx;
use super::{Boundary, PResult, Parser};
use crate::ast::*;
use crate::diag::Diagnostic;
use crate::lexer::{Kw, Tok};

/// Which body a member list belongs to: decides what members are allowed.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Body {
    Struct,
    Class,
    Trait,
    Impl,
    Functional,
}

impl Body {
    fn name(self) -> &'static str {
        match self {
            Body::Struct => "a struct",
            Body::Class => "a class",
            Body::Trait => "a trait",
            Body::Impl => "an impl",
            Body::Functional => "a functional class",
        }
    }
}

#[derive(Default)]
struct Members<'a> {
    fields: Vec<Field<'a>>,
    methods: Vec<&'a FnDecl<'a>>,
    consts: Vec<TraitConst<'a>>,
    constructed_by: Option<Ident<'a>>,
}

impl<'a, 's> Parser<'a, 's> {
    /// `struct S;`, `struct P(int, int);`, `struct S<T> { fields and methods }`.
    pub(super) fn struct_item(&mut self) -> PResult<ItemKind<'a>> {
        let lo = self.bump().span;
        let name = self.ident()?;
        let generics = self.generic_params()?;
        self.where_clause()?;
        let mut decl = StructDecl { name, generics, fields: &[], tuple: false, methods: &[], constructed_by: None, span: lo };
        match self.peek() {
            Tok::Semi => {
                self.bump();
            }
            Tok::LParen => {
                self.bump();
                let mut fields = Vec::new();
                while !self.eat(Tok::RParen) {
                    let attrs = self.parse_attrs()?;
                    self.eat_kw(Kw::Pub);
                    let ty = self.parse_type()?;
                    let label = self.arena.alloc_str(&fields.len().to_string());
                    fields.push(Field { name: Ident { name: label, span: ty.span }, ty, attrs });
                    if !self.eat(Tok::Comma) && !self.at(Tok::RParen) {
                        return Err(self.expected("`,` or `)`"));
                    }
                }
                self.where_clause()?;
                self.expect_semi()?;
                decl.fields = self.slice(fields);
                decl.tuple = true;
            }
            _ => {
                let m = self.members(Body::Struct)?;
                decl.fields = self.slice(m.fields);
                decl.methods = self.slice(m.methods);
            }
        }
        decl.span = self.span_from(lo);
        Ok(ItemKind::Struct(self.alloc(decl)))
    }

    /// `class D { fields, constructed_by: Ops }`.
    pub(super) fn class_item(&mut self) -> PResult<ItemKind<'a>> {
        let lo = self.bump().span;
        let name = self.ident()?;
        let generics = self.generic_params()?;
        let m = self.members(Body::Class)?;
        let decl = StructDecl {
            name,
            generics,
            fields: self.slice(m.fields),
            tuple: false,
            methods: self.slice(m.methods),
            constructed_by: m.constructed_by,
            span: self.span_from(lo),
        };
        Ok(ItemKind::Class(self.alloc(decl)))
    }

    /// `functional class Ops { fn construct(..) -> D { .. } .. }`.
    pub(super) fn functional_class_item(&mut self) -> PResult<ItemKind<'a>> {
        self.bump();
        self.bump();
        let name = self.ident()?;
        let m = self.members(Body::Functional)?;
        Ok(ItemKind::FunctionalClass { name, methods: self.slice(m.methods) })
    }

    /// `enum E<T> { A, B(int, String), C { x: int }, D = 3 }`.
    pub(super) fn enum_item(&mut self) -> PResult<ItemKind<'a>> {
        let lo = self.bump().span;
        let name = self.ident()?;
        let generics = self.generic_params()?;
        self.where_clause()?;
        self.expect(Tok::LBrace)?;
        let mut variants = Vec::new();
        while !self.eat(Tok::RBrace) {
            self.parse_attrs()?;
            let vname = self.ident()?;
            let mut v = Variant { name: vname, tuple: &[], fields: &[] };
            match self.peek() {
                Tok::LParen => {
                    self.bump();
                    let (types, _) = self.type_list(Tok::RParen)?;
                    v.tuple = self.slice(types);
                }
                Tok::LBrace => v.fields = self.field_list()?,
                _ => {}
            }
            if self.eat(Tok::Eq) {
                self.parse_expr()?; // explicit discriminant: accepted, ignored
            }
            variants.push(v);
            if !self.eat(Tok::Comma) && !self.at(Tok::RBrace) {
                return Err(self.expected("`,` or `}`"));
            }
        }
        let decl = EnumDecl { name, generics, variants: self.slice(variants), span: self.span_from(lo) };
        Ok(ItemKind::Enum(self.alloc(decl)))
    }

    /// `trait T: Super { fn m(&self) -> int; fn d(&self) { .. } const X: bool = false; }`.
    pub(super) fn trait_item(&mut self) -> PResult<ItemKind<'a>> {
        let lo = self.bump().span;
        let name = self.ident()?;
        self.generic_params()?;
        if self.eat(Tok::Colon) {
            self.bounds()?;
        }
        self.where_clause()?;
        let m = self.members(Body::Trait)?;
        let decl = TraitDecl { name, methods: self.slice(m.methods), consts: self.slice(m.consts), span: self.span_from(lo) };
        Ok(ItemKind::Trait(self.alloc(decl)))
    }

    /// `impl S { .. }`, `impl<T> Tr for X<T> { .. }`, `impl Runtime for default { .. }`.
    pub(super) fn impl_item(&mut self) -> PResult<ItemKind<'a>> {
        let lo = self.bump().span;
        let generics = if self.at(Tok::Lt) { self.generic_params()? } else { &[] };
        let first = self.parse_type()?;
        let (trait_, self_ty) = if self.eat_kw(Kw::For) {
            let TypeKind::Path { path, .. } = first.kind else {
                return Err(self.error(first.span, "expected a trait name before `for`"));
            };
            (Some(path), self.parse_type()?)
        } else {
            (None, first)
        };
        self.where_clause()?;
        let m = self.members(Body::Impl)?;
        let decl = ImplDecl { generics, trait_, self_ty, methods: self.slice(m.methods), consts: self.slice(m.consts), span: self.span_from(lo) };
        Ok(ItemKind::Impl(self.alloc(decl)))
    }

    /// `{ [#[attr]] [pub] name: T, .. }` of a signal or a struct variant.
    pub(super) fn field_list(&mut self) -> PResult<&'a [Field<'a>]> {
        self.expect(Tok::LBrace)?;
        let mut fields = Vec::new();
        while !self.eat(Tok::RBrace) {
            let attrs = self.parse_attrs()?;
            self.eat_kw(Kw::Pub);
            let name = self.ident()?;
            self.expect(Tok::Colon)?;
            let ty = self.parse_type()?;
            fields.push(Field { name, ty, attrs });
            if !self.eat(Tok::Comma) && !self.at(Tok::RBrace) {
                return Err(self.expected("`,` or `}`"));
            }
        }
        Ok(self.slice(fields))
    }

    /// `{ members }`; a bad member is skipped and the rest still parsed.
    fn members(&mut self, body: Body) -> PResult<Members<'a>> {
        let open = self.expect(Tok::LBrace)?.span;
        let mut m = Members::default();
        self.with_struct_lits(true, |p| loop {
            match p.peek() {
                Tok::RBrace => {
                    p.bump();
                    return Ok(());
                }
                Tok::Eof => {
                    let d = Diagnostic::error(open, "unclosed delimiter `{`").label("this `{` is never closed");
                    return Err(p.report(d));
                }
                _ => {}
            }
            let start = p.pos;
            if p.member(body, &mut m).is_err() {
                p.recover(start, Boundary::Member);
                if p.pos == start {
                    p.bump();
                }
            }
        })?;
        Ok(m)
    }

    /// One field, method or constant.
    fn member(&mut self, body: Body, m: &mut Members<'a>) -> PResult<()> {
        let lo = self.span();
        let attrs = self.parse_attrs()?;
        if self.eat_kw(Kw::Pub) && self.at(Tok::LParen) {
            self.skip_group()?;
        }
        let cx = FnCtx { is_static: false, member: true };
        match self.peek() {
            Tok::Semi | Tok::Comma => {
                self.bump();
            }
            _ if self.fn_keyword_ahead() => m.methods.push(self.rust_fn(lo, cx)?),
            Tok::Kw(Kw::Static) => m.methods.push(self.static_fn(lo, cx)?),
            Tok::Kw(Kw::Const) => {
                if !matches!(body, Body::Trait | Body::Impl) {
                    return Err(self.error(self.span(), format!("constants are not allowed in {}", body.name())));
                }
                self.bump();
                let name = self.ident()?;
                self.expect(Tok::Colon)?;
                let ty = self.parse_type()?;
                let value = if self.eat(Tok::Eq) { Some(self.parse_expr()?) } else { None };
                self.expect_semi()?;
                m.consts.push(TraitConst { name, ty, value });
            }
            Tok::Kw(Kw::Type) => return Err(self.error(self.span(), "associated types are not supported")),
            Tok::Ident(_) if self.nth(1) == Tok::Colon => self.field_member(body, attrs, m)?,
            Tok::Ident(_) => match self.c_fn_head() {
                Some(ret) => m.methods.push(self.c_fn(lo, ret, cx)?),
                None if matches!(body, Body::Struct | Body::Class) && matches!(self.nth(1), Tok::Ident(_)) => {
                    self.bump(); // `x int`: a field missing its `:`
                    return Err(self.expected("`:`"));
                }
                None => return Err(self.expected(if matches!(body, Body::Struct | Body::Class) { "field or method" } else { "method" })),
            },
            _ => return Err(self.expected(if matches!(body, Body::Struct | Body::Class) { "field or method" } else { "method" })),
        }
        Ok(())
    }

    /// `name: T,` (or `constructed_by: Ops,` in a class).
    fn field_member(&mut self, body: Body, attrs: &'a [Attr<'a>], m: &mut Members<'a>) -> PResult<()> {
        let name = self.ident()?;
        if !matches!(body, Body::Struct | Body::Class) {
            let d = Diagnostic::error(name.span, format!("fields are not allowed in {}", body.name())).label("field").help("fields belong in a `struct` or `class`");
            return Err(self.report(d));
        }
        self.bump(); // `:`
        if body == Body::Class && name.name == "constructed_by" {
            m.constructed_by = Some(self.ident()?);
        } else {
            let ty = self.parse_type()?;
            m.fields.push(Field { name, ty, attrs });
        }
        if !self.eat(Tok::Comma) && !self.at(Tok::RBrace) {
            return Err(self.expected("`,` or `}`"));
        }
        Ok(())
    }
}
