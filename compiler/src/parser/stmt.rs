//! Blocks and statements: `let`, `defer`, items, expression statements.
//!
//! A block-like expression at the start of a statement ends the statement without `;`
//! (`catch(E) {..} recover {..}` then `let x = ..` on the next line), but may continue
//! with `.method()` or `?`. The last expression without `;` is the block's value.
use super::{Boundary, PResult, Parser};
use crate::ast::*;
use crate::diag::Diagnostic;
use crate::lexer::{Kw, Tok};

impl<'a, 's> Parser<'a, 's> {
    /// `{ stmts }`. Inside, struct literals are allowed again.
    pub(super) fn parse_block(&mut self) -> PResult<&'a Block<'a>> {
        self.nested(|p| {
            let open = p.expect(Tok::LBrace)?;
            p.with_struct_lits(true, |p| p.block_body(open.span))
        })
    }

    /// Statements up to the closing `}`; a failed statement is skipped, the rest parsed.
    fn block_body(&mut self, open: Span) -> PResult<&'a Block<'a>> {
        let mut stmts = Vec::new();
        loop {
            match self.peek() {
                Tok::RBrace => {
                    self.bump();
                    break;
                }
                Tok::Eof => {
                    let d = Diagnostic::error(open, "unclosed delimiter `{`")
                        .label("this `{` is never closed")
                        .help("add the missing `}`");
                    return Err(self.report(d));
                }
                _ => {}
            }
            let start = self.pos;
            if self.parse_stmt(&mut stmts).is_err() {
                self.recover(start, Boundary::Stmt);
                if self.pos == start {
                    self.bump();
                }
            }
        }
        Ok(self.alloc(Block { stmts: self.slice(stmts), span: self.span_from(open) }))
    }

    /// One statement (several for `use a::{b, c};`), appended to `out`.
    fn parse_stmt(&mut self, out: &mut Vec<Stmt<'a>>) -> PResult<()> {
        let lo = self.span();
        let attrs = self.parse_attrs()?;
        match self.peek() {
            Tok::Semi => {
                self.bump();
                return Ok(());
            }
            Tok::Kw(Kw::Let) => return self.let_stmt(lo, out),
            Tok::Ident("defer") if self.nth(1) == Tok::LBrace => {
                self.bump();
                let body = self.parse_block()?;
                self.eat(Tok::Semi);
                out.push(Stmt { kind: StmtKind::Defer(body), span: self.span_from(lo) });
                return Ok(());
            }
            _ => {}
        }
        let mut items = Vec::new();
        if self.try_parse_item(attrs, lo, &mut items)? {
            for item in items {
                let span = item.span;
                out.push(Stmt { kind: StmtKind::Item(self.alloc(item)), span });
            }
            return Ok(());
        }
        let start = self.span();
        let expr = if self.at_blocklike() {
            let e = self.parse_blocklike()?;
            if !matches!(self.peek(), Tok::Dot | Tok::Question) {
                let semi = self.eat(Tok::Semi);
                out.push(Stmt { kind: StmtKind::Expr { expr: e, semi }, span: self.span_from(start) });
                return Ok(());
            }
            let e = self.postfix_ops(e)?;
            self.parse_expr_from(e)?
        } else {
            self.parse_expr()?
        };
        let semi = if self.at(Tok::RBrace) { false } else { self.expect_semi()? };
        out.push(Stmt { kind: StmtKind::Expr { expr, semi }, span: self.span_from(start) });
        Ok(())
    }

    /// `let pat [: T] [= e];`
    fn let_stmt(&mut self, lo: Span, out: &mut Vec<Stmt<'a>>) -> PResult<()> {
        self.bump();
        let pat = self.parse_pat()?;
        let ty = if self.eat(Tok::Colon) { Some(self.parse_type()?) } else { None };
        let init = if self.eat(Tok::Eq) { Some(self.parse_expr()?) } else { None };
        if self.at_kw(Kw::Else) {
            return Err(self.error(self.span(), "`let .. else` is not supported"));
        }
        self.expect_semi()?;
        out.push(Stmt { kind: StmtKind::Let { pat, ty, init }, span: self.span_from(lo) });
        Ok(())
    }

    /// A statement's `;`. When it is missing at a line break, the error is reported and
    /// parsing goes on as if it were there (the usual typo); otherwise we bail.
    pub(super) fn expect_semi(&mut self) -> PResult<bool> {
        if self.eat(Tok::Semi) {
            return Ok(true);
        }
        let found = self.describe(self.tok());
        let end = self.prev_hi();
        let at_line_end = self.newline_before() || self.at(Tok::RBrace) || self.at_eof();
        let span = if at_line_end { Span { file: self.file, lo: end, hi: end } } else { self.span() };
        let d = Diagnostic::error(span, format!("expected `;`, found {found}")).label("expected `;`").help("add `;` here");
        let bail = self.report(d);
        if at_line_end && !self.at_eof() {
            return Ok(true);
        }
        Err(bail)
    }
}
