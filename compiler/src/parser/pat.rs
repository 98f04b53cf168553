//! Patterns: `let`, parameters, `match` / `if let` / `while let` / `for` / `select`.
//!
//! A single identifier is always a `Binding`; whether it names a constant, a unit variant
//! or a signal (`None`, `SIGINT`) is decided by name resolution.
use super::{PResult, Parser};
use crate::ast::*;
use crate::lexer::{Kw, Tok};

impl<'a, 's> Parser<'a, 's> {
    /// A pattern with alternatives: `A | B`, with an optional leading `|`.
    pub(super) fn parse_pat(&mut self) -> PResult<&'a Pat<'a>> {
        let lo = self.span();
        self.eat(Tok::Pipe);
        let first = self.parse_pat_no_alt()?;
        if !self.at(Tok::Pipe) {
            return Ok(first);
        }
        let mut alts = vec![*first];
        while self.eat(Tok::Pipe) {
            alts.push(*self.parse_pat_no_alt()?);
        }
        let kind = PatKind::Or(self.slice(alts));
        Ok(self.alloc(Pat { kind, span: self.span_from(lo) }))
    }

    /// A pattern without top-level `|` (closure parameters, where `|` ends the list).
    pub(super) fn parse_pat_no_alt(&mut self) -> PResult<&'a Pat<'a>> {
        self.nested(|p| {
            let lo = p.span();
            let kind = p.pat_kind()?;
            Ok(p.alloc(Pat { kind, span: p.span_from(lo) }))
        })
    }

    fn pat_kind(&mut self) -> PResult<PatKind<'a>> {
        match self.peek() {
            Tok::Underscore => {
                self.bump();
                Ok(PatKind::Wild)
            }
            Tok::Amp | Tok::AndAnd => {
                let double = self.at(Tok::AndAnd);
                let lo = self.bump().span;
                self.eat_kw(Kw::Mut);
                let inner = self.parse_pat_no_alt()?;
                if double {
                    let mid = self.alloc(Pat { kind: PatKind::Ref(inner), span: self.span_from(lo) });
                    return Ok(PatKind::Ref(mid));
                }
                Ok(PatKind::Ref(inner))
            }
            Tok::LParen => {
                self.bump();
                let mut elems = Vec::new();
                let mut trailing = false;
                while !self.eat(Tok::RParen) {
                    elems.push(*self.parse_pat()?);
                    trailing = self.eat(Tok::Comma);
                    if !trailing && !self.at(Tok::RParen) {
                        return Err(self.expected("`,` or `)`"));
                    }
                }
                if elems.len() == 1 && !trailing {
                    return Ok(elems[0].kind); // `(p)` is `p`
                }
                Ok(PatKind::Tuple(self.slice(elems)))
            }
            Tok::Kw(Kw::Mut) => {
                self.bump();
                let name = self.ident()?;
                Ok(PatKind::Binding { name, mutable: true })
            }
            Tok::Ident("ref") if matches!(self.nth(1), Tok::Ident(_) | Tok::Kw(Kw::Mut)) => {
                self.bump();
                let mutable = self.eat_kw(Kw::Mut);
                let name = self.ident()?;
                Ok(PatKind::Binding { name, mutable })
            }
            Tok::Int(_) | Tok::TypedInt(..) | Tok::Float(_) | Tok::Str(_) | Tok::Char(_) | Tok::Duration(_) | Tok::Minus | Tok::Kw(Kw::True) | Tok::Kw(Kw::False) => {
                let lit = self.lit_pat_expr()?;
                self.maybe_range_pat(lit)
            }
            Tok::Ident(_) | Tok::Kw(Kw::SelfType) | Tok::Kw(Kw::SelfValue) => self.path_pat(),
            Tok::DotDot => Err(self.error(self.span(), "rest patterns `..` are only supported in struct patterns")),
            _ => Err(self.expected("pattern")),
        }
    }

    /// A literal in a pattern, with an optional leading `-`.
    fn lit_pat_expr(&mut self) -> PResult<&'a Expr<'a>> {
        let lo = self.span();
        let neg = self.eat(Tok::Minus);
        let kind = match self.peek() {
            Tok::Int(v) | Tok::TypedInt(v, _) => ExprKind::Int(v),
            Tok::Float(v) => ExprKind::Float(v),
            Tok::Duration(v) if !neg => ExprKind::Duration(v),
            Tok::Str(s) if !neg => ExprKind::Str(s),
            Tok::Char(c) if !neg => ExprKind::Char(c),
            Tok::Kw(Kw::True) if !neg => ExprKind::Bool(true),
            Tok::Kw(Kw::False) if !neg => ExprKind::Bool(false),
            _ => return Err(self.expected(if neg { "number after `-` in a pattern" } else { "literal" })),
        };
        let t = self.bump();
        let lit = self.mk(kind, t.span);
        if neg {
            return Ok(self.mk(ExprKind::Unary(UnOp::Neg, lit), self.span_from(lo)));
        }
        Ok(lit)
    }

    /// `lo..=hi` / `lo..hi` after a literal or path `lo`.
    fn maybe_range_pat(&mut self, lo_expr: &'a Expr<'a>) -> PResult<PatKind<'a>> {
        let inclusive = match self.peek() {
            Tok::DotDotEq | Tok::DotDotDot => true,
            Tok::DotDot => false,
            _ => return Ok(PatKind::Lit(lo_expr)),
        };
        self.bump();
        let hi = match self.peek() {
            Tok::Ident(_) => {
                let path = self.expr_path()?;
                self.mk(ExprKind::Path(path), path.span)
            }
            _ => self.lit_pat_expr()?,
        };
        Ok(PatKind::Range { lo: lo_expr, hi, inclusive })
    }

    /// `x`, `Some(p)`, `Shape::Circle(r)`, `Point { x, y: 0, .. }`, `Color::Red`, `A..=B`.
    fn path_pat(&mut self) -> PResult<PatKind<'a>> {
        let path = self.expr_path()?;
        match self.peek() {
            Tok::LParen => {
                self.bump();
                let mut elems = Vec::new();
                while !self.eat(Tok::RParen) {
                    if self.at(Tok::DotDot) {
                        return Err(self.error(self.span(), "rest patterns `..` are only supported in struct patterns"));
                    }
                    elems.push(*self.parse_pat()?);
                    if !self.eat(Tok::Comma) && !self.at(Tok::RParen) {
                        return Err(self.expected("`,` or `)`"));
                    }
                }
                Ok(PatKind::TupleStruct { path, elems: self.slice(elems) })
            }
            Tok::LBrace => self.struct_pat(path),
            Tok::DotDot | Tok::DotDotEq | Tok::DotDotDot => {
                let lo = self.mk(ExprKind::Path(path), path.span);
                self.maybe_range_pat(lo)
            }
            _ if path.segs.len() == 1 && path.generics.is_empty() => Ok(PatKind::Binding { name: path.segs[0], mutable: false }),
            _ => Ok(PatKind::Path(path)),
        }
    }

    /// `{ x, y: p, mut z, .. }` after a path.
    fn struct_pat(&mut self, path: Path<'a>) -> PResult<PatKind<'a>> {
        self.expect(Tok::LBrace)?;
        let mut fields = Vec::new();
        let mut rest = false;
        while !self.eat(Tok::RBrace) {
            if self.eat(Tok::DotDot) {
                rest = true;
                self.expect(Tok::RBrace)?;
                break;
            }
            let lo = self.span();
            let mutable = self.eat_kw(Kw::Mut);
            let name = self.name_or_keyword()?;
            let pat = if !mutable && self.eat(Tok::Colon) {
                *self.parse_pat()?
            } else {
                Pat { kind: PatKind::Binding { name, mutable }, span: self.span_from(lo) }
            };
            fields.push((name, pat));
            if !self.eat(Tok::Comma) && !self.at(Tok::RBrace) {
                return Err(self.expected("`,` or `}`"));
            }
        }
        Ok(PatKind::Struct { path, fields: self.slice(fields), rest })
    }
}
