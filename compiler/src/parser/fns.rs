//! Functions in both spellings and entry points.
//!
//! Rust style: `[async] fn f<T>(params) [except(A | B)] [-> T] [= RUNTIME] { body }`.
//! C style:    `T f(params) [except(..)] [= RUNTIME] { body }`, found by speculatively
//! parsing `TYPE IDENT (`; a `void` return type means no return type.
//! An entry point's `= RUNTIME` is a path, then optionally `( args )` (designated
//! `.name = e` parameters or stages) or a struct-literal field list `{ field: e }`.
use super::expr::can_begin_expr;
use super::{PResult, Parser};
use crate::ast::*;
use crate::diag::Diagnostic;
use crate::lexer::{Kw, Tok};

/// Where a function is written.
#[derive(Clone, Copy)]
pub(super) struct FnCtx {
    /// Written with `static`.
    pub is_static: bool,
    /// Inside a struct / class / trait / impl body: a method without `self` is static.
    pub member: bool,
}

impl FnCtx {
    pub const FREE: FnCtx = FnCtx { is_static: false, member: false };
}

impl<'a, 's> Parser<'a, 's> {
    /// `[async] [unsafe] [const] fn name ..` (the cursor is on the first keyword).
    pub(super) fn rust_fn(&mut self, lo: Span, cx: FnCtx) -> PResult<&'a FnDecl<'a>> {
        let mut is_async = false;
        let mut seen: Vec<Kw> = Vec::new();
        while let Tok::Kw(k @ (Kw::Async | Kw::Unsafe | Kw::Const)) = self.peek() {
            if seen.contains(&k) {
                let d = Diagnostic::error(self.span(), format!("`{}` written twice", k.as_str())).label("remove this one");
                self.report(d);
            }
            seen.push(k);
            is_async |= k == Kw::Async;
            self.bump();
        }
        self.expect(Tok::Kw(Kw::Fn))?;
        let name = self.ident()?;
        self.fn_rest(lo, name, None, is_async, cx)
    }

    /// After `static`: `static fn f()`, `static async fn f()` or C-style `static void f()`.
    pub(super) fn static_fn(&mut self, lo: Span, cx: FnCtx) -> PResult<&'a FnDecl<'a>> {
        self.bump();
        let cx = FnCtx { is_static: true, ..cx };
        if self.fn_keyword_ahead() {
            return self.rust_fn(lo, cx);
        }
        match self.c_fn_head() {
            Some(ret) => self.c_fn(lo, ret, cx),
            None => Err(self.expected("`fn` or a return type after `static`")),
        }
    }

    /// Speculates `TYPE IDENT (` (or `TYPE IDENT <`): on success the return type is
    /// consumed and the cursor is on the name; otherwise nothing is consumed.
    pub(super) fn c_fn_head(&mut self) -> Option<Type<'a>> {
        if !matches!(self.peek(), Tok::Ident(_)) || !matches!(self.nth(1), Tok::Ident(_) | Tok::Lt | Tok::PathSep) {
            return None;
        }
        let at = (self.pos, self.depth);
        if self.not_fn_heads.contains(&at) {
            return None;
        }
        let head = self.speculate(|p| {
            let ty = p.parse_type()?;
            if matches!(p.peek(), Tok::Ident(_)) && matches!(p.nth(1), Tok::LParen | Tok::Lt) {
                Ok(ty)
            } else {
                Err(super::Bail)
            }
        });
        if head.is_none() {
            self.not_fn_heads.insert(at);
        }
        head
    }

    /// The rest of a C-style function after its return type `ret`.
    pub(super) fn c_fn(&mut self, lo: Span, ret: Type<'a>, cx: FnCtx) -> PResult<&'a FnDecl<'a>> {
        let name = self.ident()?;
        let is_void = matches!(ret.kind, TypeKind::Path { path, args: [] } if path.is_single() && path.last() == "void");
        self.fn_rest(lo, name, Some(if is_void { None } else { Some(ret) }), false, cx)
    }

    /// Generics, parameters, `except`, return type, `= RUNTIME`, body.
    /// `c_ret` is `Some(..)` for a C-style function (whose return type came first).
    fn fn_rest(&mut self, lo: Span, name: Ident<'a>, c_ret: Option<Option<Type<'a>>>, is_async: bool, cx: FnCtx) -> PResult<&'a FnDecl<'a>> {
        let generics = self.generic_params()?;
        let (self_param, params) = self.fn_params()?;
        let mut except = self.except_list()?;
        let mut ret = c_ret.flatten();
        if self.eat(Tok::Arrow) {
            let ty = self.parse_type()?;
            if c_ret.is_some() {
                return Err(self.error(ty.span, "a C-style function names its return type before its name, not after `->`"));
            }
            ret = Some(ty);
        }
        if except.is_empty() {
            except = self.except_list()?; // tolerated after `-> T` too
        }
        self.where_clause()?;
        let entry = if self.eat(Tok::Eq) { Some(self.entry_spec()?) } else { None };
        let body = match self.peek() {
            Tok::LBrace => Some(self.parse_block()?),
            Tok::Semi if entry.is_none() => {
                self.bump();
                None
            }
            _ if entry.is_some() => return Err(self.expected("`{` (the entry point's body)")),
            _ => return Err(self.expected("`{` or `;`")),
        };
        let is_static = cx.is_static || (cx.member && self_param.is_none());
        let decl = FnDecl { name, generics, self_param, params, ret, except, is_async, is_static, entry, body, span: self.span_from(lo) };
        Ok(self.alloc(decl))
    }

    /// `( [self param,] pat: T, .. )`.
    fn fn_params(&mut self) -> PResult<(Option<SelfParam>, &'a [Param<'a>])> {
        self.expect(Tok::LParen)?;
        let self_param = self.self_param()?;
        if self_param.is_some() && !self.eat(Tok::Comma) && !self.at(Tok::RParen) {
            return Err(self.expected("`,` or `)`"));
        }
        let mut params = Vec::new();
        while !self.eat(Tok::RParen) {
            self.parse_attrs()?;
            let pat = self.parse_pat_no_alt()?;
            if !self.at(Tok::Colon) {
                let d = crate::diag::Diagnostic::error(self.span(), format!("expected `:`, found {}", self.describe(self.tok())))
                    .label("expected `:`")
                    .help("parameters are written `name: Type`");
                return Err(self.report(d));
            }
            self.bump();
            let ty = self.parse_type()?;
            params.push(Param { pat, ty });
            if !self.eat(Tok::Comma) && !self.at(Tok::RParen) {
                return Err(self.expected("`,` or `)`"));
            }
        }
        Ok((self_param, self.slice(params)))
    }

    /// `self`, `mut self`, `&self`, `&mut self`, `&'a self`, optionally `: Type`.
    fn self_param(&mut self) -> PResult<Option<SelfParam>> {
        let mut i = 0;
        let by_ref = self.nth(0) == Tok::Amp;
        if by_ref {
            i += 1;
            if let Tok::Lifetime(_) = self.nth(i) {
                i += 1;
            }
        }
        let mutable = self.nth(i) == Tok::Kw(Kw::Mut);
        if mutable {
            i += 1;
        }
        if self.nth(i) != Tok::Kw(Kw::SelfValue) || self.nth(i + 1) == Tok::PathSep {
            return Ok(None);
        }
        for _ in 0..=i {
            self.bump();
        }
        if self.eat(Tok::Colon) {
            self.parse_type()?;
        }
        Ok(Some(match (by_ref, mutable) {
            (true, true) => SelfParam::RefMut,
            (true, false) => SelfParam::Ref,
            _ => SelfParam::Value,
        }))
    }

    /// Optional `except(A | B)` (a `,` between signals is accepted too).
    fn except_list(&mut self) -> PResult<&'a [Path<'a>]> {
        if !self.eat_kw(Kw::Except) {
            return Ok(&[]);
        }
        self.expect(Tok::LParen)?;
        let mut out = Vec::new();
        while !self.eat(Tok::RParen) {
            out.push(self.expr_path()?);
            if !self.eat(Tok::Pipe) && !self.eat(Tok::Comma) && !self.at(Tok::RParen) {
                return Err(self.expected("`|` or `)`"));
            }
        }
        Ok(self.slice(out))
    }

    /// After `=`: `RUNTIME`, `RUNTIME(args)`, or `RUNTIME { field: e, .. }`.
    fn entry_spec(&mut self) -> PResult<&'a EntrySpec<'a>> {
        let lo = self.span();
        if !matches!(self.peek(), Tok::Ident(_)) {
            let d = crate::diag::Diagnostic::error(self.span(), format!("expected a runtime after `=`, found {}", self.describe(self.tok())))
                .label("expected a runtime")
                .help("an entry point names its runtime: `fn main() = default { .. }`");
            return Err(self.report(d));
        }
        let mut segs = vec![self.ident()?];
        while self.at(Tok::PathSep) {
            self.bump();
            segs.push(self.ident()?);
        }
        let runtime = Path { segs: self.slice(segs), generics: &[], span: self.span_from(lo) };
        let args = if self.at(Tok::LParen) { Some(self.runtime_args()?) } else { None };
        let field_list = self.at(Tok::LBrace)
            && ((matches!(self.nth(1), Tok::Ident(_)) && self.nth(2) == Tok::Colon) || (self.nth(1) == Tok::Dot && self.nth(3) == Tok::Eq));
        let fields = if field_list {
            let (fields, base) = self.struct_fields()?;
            if let Some(b) = base {
                return Err(self.error(b.span, "`..base` is not allowed in a runtime's fields"));
            }
            Some(fields)
        } else {
            None
        };
        Ok(self.alloc(EntrySpec { runtime, args, fields, span: self.span_from(lo) }))
    }

    /// `( .name = e, stage_expr catch { .. }, #[cfg(..)] optional stage, .. )`.
    fn runtime_args(&mut self) -> PResult<&'a [RuntimeArg<'a>]> {
        self.bump();
        let args = self.with_struct_lits(true, |p| {
            let mut args = Vec::new();
            while !p.eat(Tok::RParen) {
                args.push(p.runtime_arg()?);
                if !p.eat(Tok::Comma) && !p.at(Tok::RParen) {
                    return Err(p.expected("`,` or `)`"));
                }
            }
            Ok(args)
        })?;
        Ok(self.slice(args))
    }

    fn runtime_arg(&mut self) -> PResult<RuntimeArg<'a>> {
        if self.at(Tok::Dot) {
            self.bump();
            let name = self.name_or_keyword()?;
            self.expect(Tok::Eq)?;
            let value = self.parse_expr()?;
            return Ok(RuntimeArg::Param { name, value });
        }
        let lo = self.span();
        let attrs = self.parse_attrs()?;
        let optional = self.at_word("optional") && matches!(self.nth(1), Tok::Ident(_));
        if optional {
            self.bump();
        }
        if !can_begin_expr(self.peek()) {
            return Err(self.expected("a stage (like `heap_stage{.size = 1_MB}`) or `.name = value`"));
        }
        let expr = self.parse_expr()?;
        let mut catches = Vec::new();
        while self.at_kw(Kw::Catch) {
            self.bump();
            catches.push(self.parse_block()?);
        }
        let stage = StageSpec { attrs, optional, expr, catches: self.slice(catches), span: self.span_from(lo) };
        Ok(RuntimeArg::Stage(self.alloc(stage)))
    }
}
