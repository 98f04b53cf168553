//! Expressions: Rust precedence (assignment < range < `||` < `&&` < comparison < `|` < `^`
//! < `&` < shifts < `+ -` < `* / %` < `as` < unary < postfix), and the atoms that are
//! not block-like (literals, paths, struct literals, tuples, arrays, macros, closures,
//! `return` / `break` / `continue` / `raise`). Block-like atoms live in `control`.
use super::{PResult, Parser};
use crate::ast::*;
use crate::diag::Diagnostic;
use crate::lexer::{Kw, Tok};

/// Binding power of a binary operator token (higher binds tighter).
fn binop(t: Tok<'_>) -> Option<(u8, BinOp)> {
    use BinOp::*;
    Some(match t {
        Tok::OrOr => (1, Or),
        Tok::AndAnd => (2, And),
        Tok::EqEq => (3, Eq),
        Tok::Ne => (3, Ne),
        Tok::Lt => (3, Lt),
        Tok::Le => (3, Le),
        Tok::Gt => (3, Gt),
        Tok::Ge => (3, Ge),
        Tok::Pipe => (4, BitOr),
        Tok::Caret => (5, BitXor),
        Tok::Amp => (6, BitAnd),
        Tok::Shl => (7, Shl),
        Tok::Shr => (7, Shr),
        Tok::Plus => (8, Add),
        Tok::Minus => (8, Sub),
        Tok::Star => (9, Mul),
        Tok::Slash => (9, Div),
        Tok::Percent => (9, Rem),
        _ => return None,
    })
}

/// `as` binds tighter than every binary operator.
const CAST_PREC: u8 = 10;
const COMPARISON_PREC: u8 = 3;

fn assign_op(t: Tok<'_>) -> Option<Option<BinOp>> {
    use BinOp::*;
    Some(match t {
        Tok::Eq => None,
        Tok::PlusEq => Some(Add),
        Tok::MinusEq => Some(Sub),
        Tok::StarEq => Some(Mul),
        Tok::SlashEq => Some(Div),
        Tok::PercentEq => Some(Rem),
        Tok::AmpEq => Some(BitAnd),
        Tok::PipeEq => Some(BitOr),
        Tok::CaretEq => Some(BitXor),
        Tok::ShlEq => Some(Shl),
        Tok::ShrEq => Some(Shr),
        _ => return None,
    })
}

/// Tokens that can start an expression.
pub(super) fn can_begin_expr(t: Tok<'_>) -> bool {
    use Kw::*;
    match t {
        Tok::Ident(_) | Tok::Int(_) | Tok::TypedInt(..) | Tok::Float(_) | Tok::Str(_) | Tok::Char(_) | Tok::Duration(_) | Tok::Lifetime(_) => true,
        Tok::LParen | Tok::LBracket | Tok::LBrace | Tok::Minus | Tok::Bang | Tok::Star | Tok::Amp | Tok::AndAnd => true,
        Tok::Pipe | Tok::OrOr | Tok::DotDot | Tok::DotDotEq | Tok::Underscore => true,
        Tok::Kw(k) => matches!(
            k,
            SelfValue | SelfType | True | False | If | Match | Loop | While | For | Unsafe | Async | Move | Return | Break | Continue | Raise | Catch | Spawn | Select | CoAwait
        ),
        _ => false,
    }
}

impl<'a, 's> Parser<'a, 's> {
    /// A full expression (assignment is the loosest operator).
    pub(super) fn parse_expr(&mut self) -> PResult<&'a Expr<'a>> {
        self.nested(|p| p.assign(None))
    }

    /// Continues an expression whose first operand `lhs` is already parsed (a block-like
    /// statement followed by `.method()`).
    pub(super) fn parse_expr_from(&mut self, lhs: &'a Expr<'a>) -> PResult<&'a Expr<'a>> {
        self.nested(|p| p.assign(Some(lhs)))
    }

    fn assign(&mut self, lhs: Option<&'a Expr<'a>>) -> PResult<&'a Expr<'a>> {
        let lhs = self.range(lhs)?;
        let Some(op) = assign_op(self.peek()) else { return Ok(lhs) };
        self.bump();
        let rhs = self.parse_expr()?;
        let kind = match op {
            None => ExprKind::Assign(lhs, rhs),
            Some(op) => ExprKind::AssignOp(op, lhs, rhs),
        };
        Ok(self.mk(kind, lhs.span.to(rhs.span)))
    }

    /// The end of a range may be left out (`a..`); `{` in a loop head is the body.
    fn range_end_follows(&self) -> bool {
        can_begin_expr(self.peek()) && !(self.at(Tok::LBrace) && self.no_struct)
    }

    fn range(&mut self, lhs: Option<&'a Expr<'a>>) -> PResult<&'a Expr<'a>> {
        let lo = match lhs {
            None if matches!(self.peek(), Tok::DotDot | Tok::DotDotEq) => None,
            _ => Some(self.binary(0, lhs)?),
        };
        let inclusive = match self.peek() {
            Tok::DotDot => false,
            Tok::DotDotEq => true,
            _ => return lo.ok_or_else(|| self.expected("expression")),
        };
        let op = self.bump();
        let hi = if self.range_end_follows() { Some(self.binary(0, None)?) } else { None };
        if inclusive && hi.is_none() {
            let d = crate::diag::Diagnostic::error(op.span, "inclusive range with no end").label("needs an end").help("use `..` for a range without an end");
            return Err(self.report(d));
        }
        let start = lo.map_or(op.span, |e| e.span);
        let end = hi.map_or(op.span, |e| e.span);
        Ok(self.mk(ExprKind::Range { lo, hi, inclusive }, start.to(end)))
    }

    /// Precedence climbing over binary operators and `as`.
    fn binary(&mut self, min_prec: u8, lhs: Option<&'a Expr<'a>>) -> PResult<&'a Expr<'a>> {
        self.chained(|p| p.binary_chain(min_prec, lhs))
    }

    fn binary_chain(&mut self, min_prec: u8, lhs: Option<&'a Expr<'a>>) -> PResult<&'a Expr<'a>> {
        let mut lhs = match lhs {
            Some(e) => e,
            None => self.unary()?,
        };
        loop {
            if self.at_kw(Kw::As) {
                if CAST_PREC < min_prec {
                    break;
                }
                self.link()?;
                self.bump();
                let ty = self.parse_type()?;
                lhs = self.mk(ExprKind::Cast(lhs, ty), lhs.span.to(ty.span));
                continue;
            }
            let Some((prec, op)) = binop(self.peek()) else { break };
            if prec < min_prec {
                break;
            }
            self.link()?;
            self.bump();
            let rhs = self.binary(prec + 1, None)?;
            lhs = self.mk(ExprKind::Binary(op, lhs, rhs), lhs.span.to(rhs.span));
            if prec == COMPARISON_PREC && binop(self.peek()).is_some_and(|(p, _)| p == COMPARISON_PREC) {
                let d = crate::diag::Diagnostic::error(self.span(), "comparison operators cannot be chained")
                    .label("second comparison")
                    .help("combine the comparisons with `&&`: `a < b && b < c`");
                return Err(self.report(d));
            }
        }
        Ok(lhs)
    }

    /// Prefix operators: `- ! * & &mut`, `co_await e`, `spawn e`.
    fn unary(&mut self) -> PResult<&'a Expr<'a>> {
        let lo = self.span();
        let op = match self.peek() {
            Tok::Minus => UnOp::Neg,
            Tok::Bang => UnOp::Not,
            Tok::Star => UnOp::Deref,
            Tok::Amp | Tok::AndAnd => UnOp::Ref,
            Tok::Kw(Kw::CoAwait) | Tok::Kw(Kw::Spawn) => {
                let spawn = self.at_kw(Kw::Spawn);
                self.bump();
                let e = self.nested(|p| p.unary())?;
                let kind = if spawn { ExprKind::Spawn(e) } else { ExprKind::Await(e) };
                return Ok(self.mk(kind, self.span_from(lo)));
            }
            _ => {
                let e = self.primary()?;
                return self.postfix_ops(e);
            }
        };
        let double = self.at(Tok::AndAnd);
        self.bump();
        let op = if op == UnOp::Ref && self.eat_kw(Kw::Mut) { UnOp::RefMut } else { op };
        let operand = self.nested(|p| p.unary())?;
        // `-128i8` is the literal -128 of type `i8`, negated before the cast
        if let (UnOp::Neg, ExprKind::Cast(lit, ty)) = (op, &operand.kind) {
            if matches!(lit.kind, ExprKind::Int(_)) && lit.span == operand.span {
                let neg = self.mk(ExprKind::Unary(op, lit), self.span_from(lo));
                return Ok(self.mk(ExprKind::Cast(neg, *ty), self.span_from(lo)));
            }
        }
        let mut e = self.mk(ExprKind::Unary(op, operand), self.span_from(lo));
        if double {
            e = self.mk(ExprKind::Unary(UnOp::Ref, e), self.span_from(lo));
        }
        Ok(e)
    }

    /// Postfix operators after `e`: `?`, `.await`, `.field`, `.0`, `.m::<T>(..)`, calls,
    /// indexing.
    pub(super) fn postfix_ops(&mut self, e: &'a Expr<'a>) -> PResult<&'a Expr<'a>> {
        self.chained(|p| p.postfix_chain(e))
    }

    fn postfix_chain(&mut self, mut e: &'a Expr<'a>) -> PResult<&'a Expr<'a>> {
        loop {
            if matches!(self.peek(), Tok::Question | Tok::Dot | Tok::LParen | Tok::LBracket) {
                self.link()?;
            }
            let kind = match self.peek() {
                Tok::Question => {
                    self.bump();
                    ExprKind::Try(e)
                }
                Tok::Dot => {
                    self.bump();
                    match self.peek() {
                        Tok::Kw(Kw::Await) => {
                            self.bump();
                            ExprKind::Await(e)
                        }
                        Tok::Int(n) => {
                            let span = self.bump().span;
                            let name = self.arena.alloc_str(&n.to_string());
                            ExprKind::Field(e, Ident { name, span })
                        }
                        _ => {
                            let name = self.name_or_keyword()?;
                            let generics = if self.at(Tok::PathSep) && self.nth(1) == Tok::Lt {
                                self.bump();
                                let g = self.generic_args()?;
                                self.slice(g)
                            } else {
                                &[]
                            };
                            if self.at(Tok::LParen) {
                                let args = self.call_args()?;
                                ExprKind::MethodCall { recv: e, name, generics, args }
                            } else if !generics.is_empty() {
                                return Err(self.expected("`(` after a method's generic arguments"));
                            } else {
                                ExprKind::Field(e, name)
                            }
                        }
                    }
                }
                Tok::LParen => ExprKind::Call(e, self.call_args()?),
                Tok::LBracket => {
                    self.bump();
                    let index = self.with_struct_lits(true, |p| p.parse_expr())?;
                    self.expect(Tok::RBracket)?;
                    ExprKind::Index(e, index)
                }
                _ => return Ok(e),
            };
            e = self.mk(kind, self.span_from(e.span));
        }
    }

    /// `(a, b, c)` call arguments.
    fn call_args(&mut self) -> PResult<&'a [&'a Expr<'a>]> {
        self.expect(Tok::LParen)?;
        let args = self.with_struct_lits(true, |p| p.expr_list(Tok::RParen))?;
        Ok(self.slice(args))
    }

    /// Comma-separated expressions up to and including `close` (trailing comma allowed).
    pub(super) fn expr_list(&mut self, close: Tok<'a>) -> PResult<Vec<&'a Expr<'a>>> {
        let mut out = Vec::new();
        while !self.eat(close) {
            out.push(self.parse_expr()?);
            if !self.eat(Tok::Comma) && !self.at(close) {
                return Err(self.expected(&format!("`,` or `{}`", super::tok_text(close))));
            }
        }
        Ok(out)
    }

    fn primary(&mut self) -> PResult<&'a Expr<'a>> {
        let t = self.tok();
        let lit = match t.kind {
            Tok::Int(v) => Some(ExprKind::Int(v)),
            Tok::Float(v) => Some(ExprKind::Float(v)),
            Tok::Str(s) => Some(ExprKind::Str(s)),
            Tok::Char(c) => Some(ExprKind::Char(c)),
            Tok::Duration(n) => Some(ExprKind::Duration(n)),
            Tok::Kw(Kw::True) => Some(ExprKind::Bool(true)),
            Tok::Kw(Kw::False) => Some(ExprKind::Bool(false)),
            _ => None,
        };
        if let Some(kind) = lit {
            self.bump();
            return Ok(self.mk(kind, t.span));
        }
        if let Tok::TypedInt(v, suffix) = t.kind {
            // `200u8` is `200 as u8`: the literal has the suffix's type
            self.bump();
            let lit = self.mk(ExprKind::Int(v), t.span);
            let path = Path { segs: self.slice(vec![Ident { name: suffix, span: t.span }]), generics: &[], span: t.span };
            let ty = Type { kind: TypeKind::Path { path, args: &[] }, span: t.span };
            return Ok(self.mk(ExprKind::Cast(lit, ty), t.span));
        }
        if self.at_blocklike() {
            return self.parse_blocklike();
        }
        match t.kind {
            Tok::Ident(_) | Tok::Kw(Kw::SelfValue) | Tok::Kw(Kw::SelfType) => self.path_expr(),
            Tok::Underscore => {
                self.bump();
                let path = Path { segs: self.slice(vec![Ident { name: "_", span: t.span }]), generics: &[], span: t.span };
                Ok(self.mk(ExprKind::Path(path), t.span))
            }
            Tok::LParen => self.paren_or_tuple(),
            Tok::LBracket => self.array(),
            Tok::Pipe | Tok::OrOr | Tok::Kw(Kw::Move) => self.closure(),
            Tok::Kw(Kw::Return) => {
                self.bump();
                let value = if self.range_end_follows() { Some(self.parse_expr()?) } else { None };
                Ok(self.mk(ExprKind::Return(value), self.span_from(t.span)))
            }
            Tok::Kw(Kw::Break) => {
                self.bump();
                let label = self.label_ref();
                let value = if self.range_end_follows() { Some(self.parse_expr()?) } else { None };
                Ok(self.mk(ExprKind::Break { label, value }, self.span_from(t.span)))
            }
            Tok::Kw(Kw::Continue) => {
                self.bump();
                let label = self.label_ref();
                Ok(self.mk(ExprKind::Continue { label }, self.span_from(t.span)))
            }
            Tok::Kw(Kw::Raise) => {
                self.bump();
                if !can_begin_expr(self.peek()) {
                    return Err(self.expected("a signal after `raise`, as in `raise(NAME)`"));
                }
                let value = self.parse_expr()?;
                Ok(self.mk(ExprKind::Raise(value), self.span_from(t.span)))
            }
            Tok::Kw(Kw::Async) => {
                // `async` not followed by a block: report what follows it
                self.bump();
                Err(self.expected("`{` after `async`"))
            }
            _ => Err(self.expected("expression")),
        }
    }

    /// `'label` after `break` / `continue`.
    fn label_ref(&mut self) -> Option<Ident<'a>> {
        if let Tok::Lifetime(name) = self.peek() {
            let span = self.bump().span;
            return Some(Ident { name, span });
        }
        None
    }

    /// `a::b::<T>::c`: identifiers (and `self` / `Self`) joined by `::`, turbofish
    /// generics collected into `Path::generics`.
    pub(super) fn expr_path(&mut self) -> PResult<Path<'a>> {
        let lo = self.span();
        let mut segs = vec![self.path_segment()?];
        let mut generics: &'a [Type<'a>] = &[];
        while self.at(Tok::PathSep) {
            match self.nth(1) {
                Tok::Lt => {
                    self.bump();
                    let g = self.generic_args()?;
                    generics = self.slice(g);
                }
                Tok::Ident(_) | Tok::Kw(Kw::SelfType) | Tok::Kw(Kw::SelfValue) => {
                    self.bump();
                    segs.push(self.path_segment()?);
                }
                Tok::Kw(Kw::Spawn) => {
                    // `thread::spawn(..)`, `tokio::spawn(..)`
                    self.bump();
                    let d = Diagnostic::error(self.span(), "expected identifier after `::`, found keyword `spawn`")
                        .label("`spawn` is a keyword, not a function")
                        .help("start a coroutine with `spawn async { .. }` or `spawn f(..)` of an `async fn`");
                    return Err(self.report(d));
                }
                _ => {
                    self.bump();
                    return Err(self.expected("identifier after `::`"));
                }
            }
        }
        Ok(Path { segs: self.slice(segs), generics, span: self.span_from(lo) })
    }

    /// A path, a macro call `name!(..)`, or a struct literal `Path { .. }`.
    fn path_expr(&mut self) -> PResult<&'a Expr<'a>> {
        let path = self.expr_path()?;
        if self.at(Tok::Bang) && matches!(self.nth(1), Tok::LParen | Tok::LBracket | Tok::LBrace) {
            // `log::info!(..)`: a macro named by its whole path
            let name = if path.is_single() {
                path.segs[0]
            } else {
                let joined: Vec<&str> = path.segs.iter().map(|s| s.name).collect();
                Ident { name: self.arena.alloc_str(&joined.join("::")), span: path.span }
            };
            return self.macro_call(name);
        }
        if self.at(Tok::LBrace) && !self.no_struct {
            let (fields, base) = self.struct_fields()?;
            return Ok(self.mk(ExprKind::StructLit { path, fields, base }, self.span_from(path.span)));
        }
        Ok(self.mk(ExprKind::Path(path), path.span))
    }

    /// `{ a: 1, b, .c = 2, "positional", ..base }` of a struct literal.
    pub(super) fn struct_fields(&mut self) -> PResult<(&'a [FieldInit<'a>], Option<&'a Expr<'a>>)> {
        self.expect(Tok::LBrace)?;
        self.with_struct_lits(true, |p| {
            let mut fields = Vec::new();
            let mut base = None;
            while !p.eat(Tok::RBrace) {
                if p.eat(Tok::DotDot) {
                    base = Some(p.parse_expr()?);
                    p.eat(Tok::Comma);
                    p.expect(Tok::RBrace)?;
                    break;
                }
                let field = if p.at(Tok::Dot) {
                    p.bump();
                    let name = p.name_or_keyword()?;
                    p.expect(Tok::Eq)?;
                    FieldInit { name: Some(name), value: p.parse_expr()? }
                } else if matches!(p.peek(), Tok::Ident(_)) && p.nth(1) == Tok::Colon {
                    let name = p.ident()?;
                    p.bump();
                    FieldInit { name: Some(name), value: p.parse_expr()? }
                } else {
                    FieldInit { name: None, value: p.parse_expr()? }
                };
                fields.push(field);
                if !p.eat(Tok::Comma) && !p.at(Tok::RBrace) {
                    return Err(p.expected("`,` or `}`"));
                }
            }
            Ok((p.slice(fields), base))
        })
    }

    /// `name!(a, b)`, `name![..]`, `name!{..}`; `vec![v; n]` is `MacroRepeat`.
    fn macro_call(&mut self, name: Ident<'a>) -> PResult<&'a Expr<'a>> {
        self.bump(); // `!`
        let close = match self.bump().kind {
            Tok::LParen => Tok::RParen,
            Tok::LBracket => Tok::RBracket,
            _ => Tok::RBrace,
        };
        self.with_struct_lits(true, |p| {
            if p.eat(close) {
                return Ok(p.mk(ExprKind::Macro { name, args: &[] }, p.span_from(name.span)));
            }
            let first = p.parse_expr()?;
            if p.eat(Tok::Semi) {
                let count = p.parse_expr()?;
                p.expect(close)?;
                return Ok(p.mk(ExprKind::MacroRepeat { name, value: first, count }, p.span_from(name.span)));
            }
            let mut args = vec![first];
            if p.eat(Tok::Comma) {
                args.extend(p.expr_list(close)?);
            } else {
                p.expect(close)?;
            }
            let args = p.slice(args);
            Ok(p.mk(ExprKind::Macro { name, args }, p.span_from(name.span)))
        })
    }

    /// `()`, `(e)`, `(e,)`, `(a, b)`.
    fn paren_or_tuple(&mut self) -> PResult<&'a Expr<'a>> {
        let lo = self.bump().span;
        self.with_struct_lits(true, |p| {
            if p.eat(Tok::RParen) {
                return Ok(p.mk(ExprKind::Tuple(&[]), p.span_from(lo)));
            }
            let first = p.parse_expr()?;
            if p.eat(Tok::RParen) {
                return Ok(first);
            }
            if !p.eat(Tok::Comma) {
                return Err(p.expected("`,` or `)`"));
            }
            let mut elems = vec![first];
            elems.extend(p.expr_list(Tok::RParen)?);
            let elems = p.slice(elems);
            Ok(p.mk(ExprKind::Tuple(elems), p.span_from(lo)))
        })
    }

    /// `[a, b]`, `[v; n]`.
    fn array(&mut self) -> PResult<&'a Expr<'a>> {
        let lo = self.bump().span;
        self.with_struct_lits(true, |p| {
            if p.eat(Tok::RBracket) {
                return Ok(p.mk(ExprKind::Array(&[]), p.span_from(lo)));
            }
            let first = p.parse_expr()?;
            if p.eat(Tok::Semi) {
                let count = p.parse_expr()?;
                p.expect(Tok::RBracket)?;
                return Ok(p.mk(ExprKind::ArrayRepeat(first, count), p.span_from(lo)));
            }
            let mut elems = vec![first];
            if p.eat(Tok::Comma) {
                elems.extend(p.expr_list(Tok::RBracket)?);
            } else {
                p.expect(Tok::RBracket)?;
            }
            let elems = p.slice(elems);
            Ok(p.mk(ExprKind::Array(elems), p.span_from(lo)))
        })
    }

    /// `|a, b: int| expr`, `|| expr`, `move |x| ..`, `|x| -> int { .. }`.
    fn closure(&mut self) -> PResult<&'a Expr<'a>> {
        let lo = self.span();
        let moves = self.eat_kw(Kw::Move);
        let mut params = Vec::new();
        if !self.eat(Tok::OrOr) {
            self.expect(Tok::Pipe)?;
            while !self.eat(Tok::Pipe) {
                let pat = self.parse_pat_no_alt()?;
                let ty = if self.eat(Tok::Colon) { Some(self.parse_type()?) } else { None };
                params.push(ClosureParam { pat, ty });
                if !self.eat(Tok::Comma) && !self.at(Tok::Pipe) {
                    return Err(self.expected("`,` or `|`"));
                }
            }
        }
        let ret = if self.eat(Tok::Arrow) { Some(self.parse_type()?) } else { None };
        let body = if ret.is_some() {
            if !self.at(Tok::LBrace) {
                return Err(self.expected("`{` (a closure with a return type needs a block body)"));
            }
            self.parse_blocklike()?
        } else {
            self.parse_expr()?
        };
        let params = self.slice(params);
        Ok(self.mk(ExprKind::Closure { params, ret, body, moves }, self.span_from(lo)))
    }
}
