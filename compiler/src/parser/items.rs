//! Items: the file's top level, `mod` bodies and items inside function bodies.
//! Attributes, `use` trees, `mod`, `signal`, `const`, `static` and the dispatch to
//! functions (`fns`) and type declarations (`decls`).
use super::{Boundary, PResult, Parser};
use crate::ast::*;
use crate::diag::Diagnostic;
use crate::lexer::{Kw, Tok};

impl<'a, 's> Parser<'a, 's> {
    /// Items up to the end of the file.
    pub(super) fn parse_items_until_eof(&mut self) -> &'a [Item<'a>] {
        let mut items = Vec::new();
        while !self.at_eof() {
            if self.at(Tok::RBrace) {
                let d = Diagnostic::error(self.span(), "unexpected closing delimiter `}`").label("no `{` to close");
                self.report(d);
                self.bump();
                continue;
            }
            self.item_or_recover(&mut items);
        }
        self.slice(items)
    }

    /// One item into `items`; on error, skip to the next item.
    fn item_or_recover(&mut self, items: &mut Vec<Item<'a>>) {
        let start = self.pos;
        let lo = self.span();
        let parsed = self.parse_attrs().and_then(|attrs| self.try_parse_item(attrs, lo, items));
        match parsed {
            Ok(true) => return,
            Ok(false) => {
                let found = self.describe(self.tok());
                let d = Diagnostic::error(self.span(), format!("expected item, found {found}"))
                    .label("expected item")
                    .help("items are `fn`, C-style functions (`int f() { }`), `struct`, `enum`, `class`, `trait`, `impl`, `signal`, `const`, `static`, `mod` and `use`");
                self.report(d);
            }
            Err(_) => {}
        }
        self.recover(start, Boundary::Item);
        if self.pos == start {
            self.bump();
        }
    }

    /// Whether an item starts here (for recovery and statement dispatch).
    pub(super) fn at_item_start(&self) -> bool {
        match self.peek() {
            Tok::Kw(Kw::Fn | Kw::Struct | Kw::Enum | Kw::Impl | Kw::Trait | Kw::Mod | Kw::Use | Kw::Pub | Kw::Static | Kw::Class | Kw::Type) => true,
            Tok::Kw(Kw::Const) => matches!(self.nth(1), Tok::Ident(_) | Tok::Kw(Kw::Fn)),
            Tok::Kw(Kw::Async | Kw::Unsafe) => self.nth(1) == Tok::Kw(Kw::Fn),
            Tok::Pound => true,
            Tok::Ident("functional") => self.nth(1) == Tok::Kw(Kw::Class),
            Tok::Ident("signal") => self.at_signal_item(),
            _ => false,
        }
    }

    /// `signal NAME {` or `signal NAME;` (otherwise `signal` is an ordinary name).
    fn at_signal_item(&self) -> bool {
        self.at_word("signal") && matches!(self.nth(1), Tok::Ident(_)) && matches!(self.nth(2), Tok::LBrace | Tok::Semi)
    }

    /// Parses an item if one starts here, pushing it (or one `Use` per leaf) to `out`.
    /// `Ok(false)`: no item here and nothing consumed (unless `pub` or attributes were
    /// already seen, in which case it is an error).
    pub(super) fn try_parse_item(&mut self, attrs: &'a [Attr<'a>], lo: Span, out: &mut Vec<Item<'a>>) -> PResult<bool> {
        let is_pub = self.eat_kw(Kw::Pub);
        if is_pub && self.at(Tok::LParen) {
            self.skip_group()?; // `pub(crate)`
        }
        let item = |p: &mut Self, kind| Item { attrs, is_pub, kind, span: p.span_from(lo) };
        let free = super::fns::FnCtx::FREE;
        let kind = match self.peek() {
            Tok::Kw(Kw::Fn) | Tok::Kw(Kw::Async) | Tok::Kw(Kw::Unsafe) if self.fn_keyword_ahead() => {
                ItemKind::Fn(self.rust_fn(lo, free)?)
            }
            Tok::Kw(Kw::Const) if self.nth(1) == Tok::Kw(Kw::Fn) => ItemKind::Fn(self.rust_fn(lo, free)?),
            Tok::Kw(Kw::Struct) => self.struct_item()?,
            Tok::Kw(Kw::Class) => self.class_item()?,
            Tok::Ident("functional") if self.nth(1) == Tok::Kw(Kw::Class) => self.functional_class_item()?,
            Tok::Kw(Kw::Enum) => self.enum_item()?,
            Tok::Kw(Kw::Trait) => self.trait_item()?,
            Tok::Kw(Kw::Impl) => self.impl_item()?,
            Tok::Ident("signal") if self.at_signal_item() => self.signal_item()?,
            Tok::Kw(Kw::Const) => self.const_item()?,
            Tok::Kw(Kw::Static) => self.static_item(lo)?,
            Tok::Kw(Kw::Mod) => self.mod_item()?,
            Tok::Kw(Kw::Use) => {
                let leaves = self.use_item()?;
                let span = self.span_from(lo);
                out.extend(leaves.into_iter().map(|(path, alias, glob)| Item { attrs, is_pub, kind: ItemKind::Use { path, alias, glob }, span }));
                return Ok(true);
            }
            Tok::Kw(Kw::Type) => return Err(self.error(self.span(), "type aliases are not supported")),
            Tok::Ident(_) => match self.c_fn_head() {
                Some(ret) => ItemKind::Fn(self.c_fn(lo, ret, free)?),
                None if is_pub => return Err(self.expected("item after `pub`")),
                None => return Ok(false),
            },
            _ if is_pub => return Err(self.expected("item after `pub`")),
            _ => return Ok(false),
        };
        out.push(item(self, kind));
        Ok(true)
    }

    /// `fn`, `async fn`, `unsafe fn`, `async unsafe fn` ahead.
    pub(super) fn fn_keyword_ahead(&self) -> bool {
        (0..3).map(|i| self.nth(i)).find(|t| !matches!(t, Tok::Kw(Kw::Async | Kw::Unsafe | Kw::Const))) == Some(Tok::Kw(Kw::Fn))
    }

    /// Skips a balanced `( .. )` / `[ .. ]` / `{ .. }` group starting at the cursor.
    pub(super) fn skip_group(&mut self) -> PResult<()> {
        let mut depth = 0usize;
        loop {
            match self.bump().kind {
                Tok::LParen | Tok::LBracket | Tok::LBrace => depth += 1,
                Tok::RParen | Tok::RBracket | Tok::RBrace => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        return Ok(());
                    }
                }
                Tok::Eof => return Err(self.expected("closing delimiter")),
                _ if depth == 0 => return Ok(()),
                _ => {}
            }
        }
    }

    // ----- attributes -----

    /// Outer attributes `#[..]`; inner ones `#![..]` are accepted and dropped.
    pub(super) fn parse_attrs(&mut self) -> PResult<&'a [Attr<'a>]> {
        let mut out = Vec::new();
        while self.at(Tok::Pound) {
            let lo = self.bump().span;
            let inner = self.eat(Tok::Bang);
            if !self.at(Tok::LBracket) {
                return Err(self.expected("`[` after `#`"));
            }
            if inner {
                self.skip_group()?;
                continue;
            }
            self.bump();
            let kind = self.attr_body()?;
            self.expect(Tok::RBracket)?;
            out.push(Attr { kind, span: self.span_from(lo) });
        }
        Ok(self.slice(out))
    }

    fn attr_body(&mut self) -> PResult<AttrKind<'a>> {
        let name = self.name_or_keyword()?;
        match name.name {
            "cfg" => {
                self.expect(Tok::LParen)?;
                let pred = self.cfg_pred()?;
                self.expect(Tok::RParen)?;
                Ok(AttrKind::Cfg(pred))
            }
            _ => {
                // `test`, `derive(..)`, `inline`, `path = ".."`: arguments skipped.
                while !matches!(self.peek(), Tok::RBracket | Tok::Eof) {
                    self.skip_group()?;
                }
                Ok(if name.name == "test" { AttrKind::Test } else { AttrKind::Other(name.name) })
            }
        }
    }

    /// `feature = "x"`, `not(p)`, `all(p, ..)`, `any(p, ..)`, other `key = "v"` / words.
    fn cfg_pred(&mut self) -> PResult<CfgPred<'a>> {
        self.nested(|p| {
            let name = p.name_or_keyword()?;
            if p.eat(Tok::Eq) {
                let Tok::Str(value) = p.peek() else { return Err(p.expected("string after `=`")) };
                p.bump();
                return Ok(if name.name == "feature" { CfgPred::Feature(value) } else { CfgPred::Other(name.name) });
            }
            if !matches!(name.name, "not" | "all" | "any") || !p.at(Tok::LParen) {
                return Ok(CfgPred::Other(name.name));
            }
            p.bump();
            let mut list = Vec::new();
            while !p.eat(Tok::RParen) {
                list.push(p.cfg_pred()?);
                if !p.eat(Tok::Comma) && !p.at(Tok::RParen) {
                    return Err(p.expected("`,` or `)`"));
                }
            }
            Ok(match name.name {
                "not" => match list.as_slice() {
                    [one] => CfgPred::Not(p.alloc(*one)),
                    _ => return Err(p.error(name.span, "`not(..)` takes exactly one predicate")),
                },
                "all" => CfgPred::All(p.slice(list)),
                _ => CfgPred::Any(p.slice(list)),
            })
        })
    }

    // ----- use, mod, signal, const, static -----

    /// `use a::b::{c, d as e, f::*};`: one `(path, alias, glob)` per leaf.
    fn use_item(&mut self) -> PResult<Vec<(Path<'a>, Option<Ident<'a>>, bool)>> {
        self.bump();
        self.eat(Tok::PathSep);
        let mut leaves = Vec::new();
        self.use_tree(&mut Vec::new(), &mut leaves)?;
        self.expect_semi()?;
        Ok(leaves)
    }

    fn use_tree(&mut self, prefix: &mut Vec<Ident<'a>>, leaves: &mut Vec<(Path<'a>, Option<Ident<'a>>, bool)>) -> PResult<()> {
        self.nested(|p| {
            let base = prefix.len();
            let r = p.use_tree_inner(prefix, leaves);
            prefix.truncate(base);
            r
        })
    }

    fn use_tree_inner(&mut self, prefix: &mut Vec<Ident<'a>>, leaves: &mut Vec<(Path<'a>, Option<Ident<'a>>, bool)>) -> PResult<()> {
        loop {
            match self.peek() {
                Tok::Star => {
                    let span = self.bump().span;
                    leaves.push((self.use_path(prefix, span)?, None, true));
                    return Ok(());
                }
                Tok::LBrace => {
                    self.bump();
                    while !self.eat(Tok::RBrace) {
                        self.use_tree(prefix, leaves)?;
                        if !self.eat(Tok::Comma) && !self.at(Tok::RBrace) {
                            return Err(self.expected("`,` or `}`"));
                        }
                    }
                    return Ok(());
                }
                _ => {
                    let seg = self.path_segment()?;
                    let is_self_leaf = seg.name == "self" && !prefix.is_empty() && !self.at(Tok::PathSep);
                    if !is_self_leaf {
                        prefix.push(seg);
                    }
                    if self.eat(Tok::PathSep) {
                        continue;
                    }
                    let alias = if self.eat_kw(Kw::As) { Some(self.ident()?) } else { None };
                    leaves.push((self.use_path(prefix, seg.span)?, alias, false));
                    return Ok(());
                }
            }
        }
    }

    fn use_path(&mut self, segs: &[Ident<'a>], end: Span) -> PResult<Path<'a>> {
        let Some(first) = segs.first() else { return Err(self.error(end, "expected a path before `*`")) };
        Ok(Path { segs: self.arena.alloc_slice_copy(segs), generics: &[], span: first.span.to(end) })
    }

    /// `mod name;` or `mod name { items }`.
    fn mod_item(&mut self) -> PResult<ItemKind<'a>> {
        self.bump();
        let name = self.ident()?;
        if self.eat(Tok::Semi) {
            return Ok(ItemKind::Mod { name, items: None });
        }
        let open = self.expect(Tok::LBrace)?.span;
        self.nested(|p| {
            let mut items = Vec::new();
            loop {
                match p.peek() {
                    Tok::RBrace => {
                        p.bump();
                        break;
                    }
                    Tok::Eof => {
                        let d = Diagnostic::error(open, "unclosed delimiter `{`").label("this `{` is never closed");
                        return Err(p.report(d));
                    }
                    _ => p.item_or_recover(&mut items),
                }
            }
            Ok(ItemKind::Mod { name, items: Some(p.slice(items)) })
        })
    }

    /// `signal NAME;` or `signal NAME { field: T, .. }`.
    fn signal_item(&mut self) -> PResult<ItemKind<'a>> {
        self.bump();
        let name = self.ident()?;
        if self.eat(Tok::Semi) {
            return Ok(ItemKind::Signal { name, fields: &[] });
        }
        let fields = self.field_list()?;
        self.eat(Tok::Semi);
        Ok(ItemKind::Signal { name, fields })
    }

    /// `const N [: T] = e;`
    fn const_item(&mut self) -> PResult<ItemKind<'a>> {
        self.bump();
        let name = self.ident()?;
        let ty = if self.eat(Tok::Colon) { Some(self.parse_type()?) } else { None };
        self.expect(Tok::Eq)?;
        let value = self.parse_expr()?;
        self.expect_semi()?;
        Ok(ItemKind::Const { name, ty, value })
    }

    /// `static [mut] X [: T] = e;`, or a function written `static fn f()` / `static void f()`.
    fn static_item(&mut self, lo: Span) -> PResult<ItemKind<'a>> {
        let global = self.nth(1) == Tok::Kw(Kw::Mut) || (matches!(self.nth(1), Tok::Ident(_)) && matches!(self.nth(2), Tok::Colon | Tok::Eq));
        if !global {
            return Ok(ItemKind::Fn(self.static_fn(lo, super::fns::FnCtx::FREE)?));
        }
        self.bump();
        let mutable = self.eat_kw(Kw::Mut);
        let name = self.ident()?;
        let ty = if self.eat(Tok::Colon) { Some(self.parse_type()?) } else { None };
        self.expect(Tok::Eq)?;
        let value = self.parse_expr()?;
        self.expect_semi()?;
        Ok(ItemKind::Static { name, mutable, ty, value })
    }
}
