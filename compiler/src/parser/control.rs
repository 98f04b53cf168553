//! Block-like expressions: blocks, `unsafe` / `async` blocks, `if` / `if let`, `while` /
//! `while let`, `loop`, `for`, labels, `match`, `catch .. recover`, `select`.
//!
//! As statements they end without `;` and never continue as the left operand of a
//! binary operator (the Rust rule), which `stmt` relies on.
use super::{PResult, Parser};
use crate::ast::*;
use crate::diag::Diagnostic;
use crate::lexer::{Kw, Tok};

impl<'a, 's> Parser<'a, 's> {
    /// Whether a block-like expression starts here.
    pub(super) fn at_blocklike(&self) -> bool {
        match self.peek() {
            Tok::LBrace => true,
            Tok::Kw(Kw::If | Kw::Match | Kw::Loop | Kw::While | Kw::For | Kw::Catch | Kw::Select) => true,
            Tok::Kw(Kw::Unsafe) => self.nth(1) == Tok::LBrace,
            Tok::Kw(Kw::Async) => self.nth(1) == Tok::LBrace || (self.nth(1) == Tok::Kw(Kw::Move) && self.nth(2) == Tok::LBrace),
            Tok::Lifetime(_) => self.nth(1) == Tok::Colon,
            _ => false,
        }
    }

    /// A block-like expression (the cursor is where `at_blocklike` said yes).
    pub(super) fn parse_blocklike(&mut self) -> PResult<&'a Expr<'a>> {
        self.nested(|p| {
            let lo = p.span();
            let kind = match p.peek() {
                Tok::LBrace => ExprKind::Block(p.parse_block()?),
                Tok::Kw(Kw::Unsafe) => {
                    p.bump();
                    ExprKind::Unsafe(p.parse_block()?)
                }
                Tok::Kw(Kw::Async) => {
                    p.bump();
                    p.eat_kw(Kw::Move);
                    ExprKind::Async(p.parse_block()?)
                }
                Tok::Kw(Kw::If) => return p.if_chain(),
                Tok::Kw(Kw::Match) => p.match_expr()?,
                Tok::Kw(Kw::Catch) => p.catch_expr()?,
                Tok::Kw(Kw::Select) => p.select_expr()?,
                Tok::Lifetime(name) => {
                    let span = p.bump().span;
                    p.expect(Tok::Colon)?;
                    let label = Ident { name, span };
                    if !matches!(p.peek(), Tok::Kw(Kw::Loop | Kw::While | Kw::For)) {
                        return Err(p.expected("`loop`, `while` or `for` after a label"));
                    }
                    p.loop_expr(Some(label))?
                }
                _ => p.loop_expr(None)?,
            };
            Ok(p.mk(kind, p.span_from(lo)))
        })
    }

    /// An expression in an `if` / `while` / `match` / `for` head: no struct literals.
    fn head_expr(&mut self) -> PResult<&'a Expr<'a>> {
        self.with_struct_lits(false, |p| p.parse_expr())
    }

    /// `if c {..} else if let p = e {..} else {..}`, built without recursion so long
    /// `else if` chains cannot exhaust the nesting limit.
    fn if_chain(&mut self) -> PResult<&'a Expr<'a>> {
        enum Head<'a> {
            Cond(&'a Expr<'a>),
            Let(&'a Pat<'a>, &'a Expr<'a>),
        }
        let mut links = Vec::new();
        let mut final_else = None;
        loop {
            let lo = self.span();
            self.expect(Tok::Kw(Kw::If))?;
            let head = if self.eat_kw(Kw::Let) {
                let pat = self.with_struct_lits(true, |p| p.parse_pat())?;
                self.expect(Tok::Eq)?;
                Head::Let(pat, self.head_expr()?)
            } else {
                Head::Cond(self.head_expr()?)
            };
            let then = self.parse_block()?;
            links.push((lo, head, then));
            if !self.eat_kw(Kw::Else) {
                break;
            }
            match self.peek() {
                Tok::Kw(Kw::If) => continue,
                Tok::LBrace => {
                    let lo = self.span();
                    let block = self.parse_block()?;
                    final_else = Some(self.mk(ExprKind::Block(block), self.span_from(lo)));
                    break;
                }
                _ => return Err(self.expected("`{` or `if` after `else`")),
            }
        }
        let end_hi = self.prev_hi();
        let mut else_ = final_else;
        let mut result = None;
        while let Some((lo, head, then)) = links.pop() {
            let kind = match head {
                Head::Cond(cond) => ExprKind::If { cond, then, else_ },
                Head::Let(pat, scrutinee) => ExprKind::IfLet { pat, scrutinee, then, else_ },
            };
            let e = self.mk(kind, Span { hi: end_hi.max(lo.lo), ..lo });
            else_ = Some(e);
            result = Some(e);
        }
        result.ok_or_else(|| self.expected("`if`"))
    }

    /// `loop {..}`, `while c {..}`, `while let p = e {..}`, `for p in e {..}`.
    fn loop_expr(&mut self, label: Option<Ident<'a>>) -> PResult<ExprKind<'a>> {
        match self.bump().kind {
            Tok::Kw(Kw::Loop) => Ok(ExprKind::Loop { body: self.parse_block()?, label }),
            Tok::Kw(Kw::While) => {
                if self.eat_kw(Kw::Let) {
                    let pat = self.with_struct_lits(true, |p| p.parse_pat())?;
                    self.expect(Tok::Eq)?;
                    let scrutinee = self.head_expr()?;
                    let body = self.parse_block()?;
                    return Ok(ExprKind::WhileLet { pat, scrutinee, body, label });
                }
                let cond = self.head_expr()?;
                Ok(ExprKind::While { cond, body: self.parse_block()?, label })
            }
            _ => {
                let pat = self.with_struct_lits(true, |p| p.parse_pat())?;
                self.expect(Tok::Kw(Kw::In))?;
                let iter = self.head_expr()?;
                let body = self.parse_block()?;
                Ok(ExprKind::For { pat, iter, body, label })
            }
        }
    }

    /// An arm body (`match`, `select`): a block-like body needs no `,` after it. Returns
    /// the body and whether it was block-like.
    fn arm_body(&mut self) -> PResult<(&'a Expr<'a>, bool)> {
        if self.at_blocklike() {
            let e = self.parse_blocklike()?;
            if !matches!(self.peek(), Tok::Dot | Tok::Question) {
                return Ok((e, true));
            }
            let e = self.postfix_ops(e)?;
            return Ok((self.parse_expr_from(e)?, false));
        }
        Ok((self.parse_expr()?, false))
    }

    /// After an arm: `,`, or nothing before `}` or after a block body.
    fn arm_separator(&mut self, blocklike: bool, what: &str) -> PResult<()> {
        if self.eat(Tok::Comma) || self.at(Tok::RBrace) || blocklike {
            return Ok(());
        }
        let d = Diagnostic::error(self.span(), format!("expected `,` following `{what}` arm, found {}", self.describe(self.tok())))
            .label("expected `,`")
            .help("separate arms with `,` (a `{ .. }` body needs none)");
        Err(self.report(d))
    }

    /// `match e { p [if g] => body, .. }`.
    fn match_expr(&mut self) -> PResult<ExprKind<'a>> {
        self.bump();
        let scrutinee = self.head_expr()?;
        self.expect(Tok::LBrace)?;
        let arms = self.with_struct_lits(true, |p| {
            let mut arms = Vec::new();
            while !p.eat(Tok::RBrace) {
                if p.at_eof() {
                    return Err(p.expected("`}`"));
                }
                let lo = p.span();
                let pat = p.parse_pat()?;
                let guard = if p.eat_kw(Kw::If) { Some(p.parse_expr()?) } else { None };
                p.expect(Tok::FatArrow)?;
                let (body, blocklike) = p.arm_body()?;
                arms.push(Arm { pat, guard, body, span: p.span_from(lo) });
                p.arm_separator(blocklike, "match")?;
            }
            Ok(arms)
        })?;
        Ok(ExprKind::Match { scrutinee, arms: self.slice(arms) })
    }

    /// `catch(A | B) { body } recover { handler }`, or `catch { .. } recover { .. }`.
    fn catch_expr(&mut self) -> PResult<ExprKind<'a>> {
        self.bump();
        let mut signals = Vec::new();
        if self.eat(Tok::LParen) {
            while !self.eat(Tok::RParen) {
                signals.push(self.expr_path()?);
                if !self.eat(Tok::Pipe) && !self.eat(Tok::Comma) && !self.at(Tok::RParen) {
                    return Err(self.expected("`|` or `)`"));
                }
            }
        }
        let body = self.parse_block()?;
        if !self.eat_kw(Kw::Recover) {
            let found = self.describe(self.tok());
            let d = Diagnostic::error(self.span(), format!("expected `recover` after the `catch` block, found {found}"))
                .label("expected `recover { .. }`")
                .help("every `catch { .. }` needs a `recover { .. }` handler");
            return Err(self.report(d));
        }
        let recover = self.parse_block()?;
        Ok(ExprKind::Catch { signals: self.slice(signals), body, recover })
    }

    /// `select { p = future => body, .. }`.
    fn select_expr(&mut self) -> PResult<ExprKind<'a>> {
        self.bump();
        self.expect(Tok::LBrace)?;
        let arms = self.with_struct_lits(true, |p| {
            let mut arms = Vec::new();
            while !p.eat(Tok::RBrace) {
                if p.at_eof() {
                    return Err(p.expected("`}`"));
                }
                let lo = p.span();
                let pat = p.parse_pat()?;
                p.expect(Tok::Eq)?;
                let future = p.parse_expr()?;
                p.expect(Tok::FatArrow)?;
                let (body, blocklike) = p.arm_body()?;
                arms.push(SelectArm { pat, future, body, span: p.span_from(lo) });
                p.arm_separator(blocklike, "select")?;
            }
            Ok(arms)
        })?;
        Ok(ExprKind::Select(self.slice(arms)))
    }
}
