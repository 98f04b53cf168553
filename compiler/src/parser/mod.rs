//! Parser: tokens to the arena AST (`crate::ast`).
//!
//! Recursive descent with one token of lookahead (more where CPrime needs it: C-style
//! functions are found by speculatively parsing `TYPE IDENT (`). Every parse function
//! returns `PResult`: an `Err(Bail)` means the error is already reported, and the nearest
//! statement / item / member loop skips to a boundary and carries on, so one mistake
//! gives one error and later mistakes are still found.
//!
//! The parts, one concept per file: `items` (item dispatch, attributes, `use`, `mod`,
//! `signal`, globals), `decls` (struct, class, enum, trait, impl bodies), `fns`
//! (functions in both spellings and entry points), `types`, `pat` (patterns), `expr`
//! (operators and atoms), `stmt` (blocks and statements), `control` (if, loops, match,
//! catch, select).
use crate::ast::*;
use crate::diag::{Diagnostic, Diagnostics, SourceMap};
use crate::lexer::{lex, Kw, Tok, Token};
use bumpalo::Bump;

mod control;
mod decls;
mod expr;
mod fns;
mod items;
mod pat;
mod stmt;
mod types;

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_errors;
#[cfg(test)]
mod tests_fuzz;
#[cfg(test)]
mod tests_items;

/// Parses file `file` of `sm`. Every `Expr` gets the next id from `next_expr_id`.
/// Never panics; errors go to `diags` and the returned tree holds what could be parsed.
pub fn parse_file<'a>(
    arena: &'a Bump,
    sm: &SourceMap,
    file: u32,
    next_expr_id: &mut u32,
    diags: &mut Diagnostics,
) -> File<'a> {
    let Some(source) = sm.files.get(file as usize) else {
        return File { items: &[] };
    };
    let first_diag = diags.list.len();
    let toks = lex(arena, &source.text, file, diags);
    // An unterminated string or comment ran to the end of the file: whatever the parser
    // finds missing there is a consequence, not news.
    let swallowed = diags.list[first_diag..].iter().any(|d| d.message.starts_with("unterminated") && !d.message.contains("character"));
    let mut p = Parser::new(arena, &source.text, toks, file, next_expr_id, diags);
    p.eof_error_reported = swallowed;
    let items = p.parse_items_until_eof();
    // lexer and parser errors of this file, in source order
    if let Some(new) = diags.list.get_mut(first_diag..) {
        new.sort_by_key(|d| d.span.lo);
    }
    File { items }
}

/// The error has been reported; unwind to the nearest recovery point.
#[derive(Debug)]
pub(crate) struct Bail;

pub(crate) type PResult<T> = Result<T, Bail>;

/// Deeper nesting than this is refused, so hostile input cannot overflow the stack.
const MAX_DEPTH: u32 = 200;
/// Operators in chains still open (`a + b + ..`, `x.f().g()..`, `v as T as U`): each
/// makes the tree one level deeper for the passes after parsing, which recurse, so
/// more than this is refused too.
const MAX_CHAIN: u32 = 10_000;
/// Past this many parse errors in one file, further ones are not reported.
const MAX_ERRORS: usize = 100;

pub(crate) struct Parser<'a, 's> {
    arena: &'a Bump,
    src: &'s str,
    toks: Vec<Token<'a>>,
    pos: usize,
    file: u32,
    next_id: &'s mut u32,
    diags: &'s mut Diagnostics,
    /// Current nesting of expressions, blocks, types and patterns.
    depth: u32,
    /// In `if`/`while`/`match`/`for` heads `Path {` is not a struct literal.
    no_struct: bool,
    /// While > 0 we are speculating: errors are not reported, only returned.
    quiet: u32,
    /// Tokens shortened by `split_first` (`>>` to `>`), so speculation can undo it.
    undo: Vec<(usize, Token<'a>)>,
    /// End offset of the last consumed token (or consumed half of a split token).
    prev_hi: u32,
    /// Start offset of the last reported error: a second one at the same place is noise.
    last_error_at: Option<u32>,
    eof_error_reported: bool,
    errors: usize,
    /// Where (token, nesting) a C-style function head was speculated and is not one
    /// (`fns.rs` `c_fn_head`): not tried again. Without it, input nesting such heads in
    /// array lengths (`f<[Q; { f<[Q; { ..`) is parsed 2^depth times.
    not_fn_heads: std::collections::HashSet<(usize, u32)>,
    /// Operators of the chains being parsed (`MAX_CHAIN`).
    chain: u32,
}

/// What a speculation restores.
struct Snapshot {
    pos: usize,
    prev_hi: u32,
    next_id: u32,
    undo: usize,
}

/// Where `recover` may stop.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Boundary {
    Stmt,
    Item,
    /// A field or method in a struct / trait / impl body: `,` ends it too.
    Member,
}

impl<'a, 's> Parser<'a, 's> {
    fn new(arena: &'a Bump, src: &'s str, toks: Vec<Token<'a>>, file: u32, next_id: &'s mut u32, diags: &'s mut Diagnostics) -> Self {
        Parser {
            arena,
            src,
            toks,
            pos: 0,
            file,
            next_id,
            diags,
            depth: 0,
            no_struct: false,
            quiet: 0,
            undo: Vec::new(),
            prev_hi: 0,
            last_error_at: None,
            eof_error_reported: false,
            errors: 0,
            not_fn_heads: Default::default(),
            chain: 0,
        }
    }

    // ----- token cursor -----

    fn tok(&self) -> Token<'a> {
        self.nth_tok(0)
    }
    fn nth_tok(&self, n: usize) -> Token<'a> {
        let last = self.toks.len().saturating_sub(1);
        self.toks.get((self.pos + n).min(last)).copied().unwrap_or(Token { kind: Tok::Eof, span: Span { file: self.file, lo: 0, hi: 0 } })
    }
    fn peek(&self) -> Tok<'a> {
        self.tok().kind
    }
    fn nth(&self, n: usize) -> Tok<'a> {
        self.nth_tok(n).kind
    }
    fn span(&self) -> Span {
        self.tok().span
    }
    fn at(&self, t: Tok<'a>) -> bool {
        self.peek() == t
    }
    fn at_kw(&self, k: Kw) -> bool {
        self.peek() == Tok::Kw(k)
    }
    fn at_eof(&self) -> bool {
        self.at(Tok::Eof)
    }
    /// The current token is the identifier `word` (a contextual keyword).
    fn at_word(&self, word: &str) -> bool {
        matches!(self.peek(), Tok::Ident(w) if w == word)
    }
    fn bump(&mut self) -> Token<'a> {
        let t = self.tok();
        if t.kind != Tok::Eof {
            self.pos += 1;
            self.prev_hi = t.span.hi;
        }
        t
    }
    fn eat(&mut self, t: Tok<'a>) -> bool {
        if self.at(t) {
            self.bump();
            true
        } else {
            false
        }
    }
    fn eat_kw(&mut self, k: Kw) -> bool {
        self.eat(Tok::Kw(k))
    }
    fn prev_hi(&self) -> u32 {
        self.prev_hi
    }
    /// A span from `lo` to the end of the last consumed token.
    fn span_from(&self, lo: Span) -> Span {
        Span { file: self.file, lo: lo.lo, hi: self.prev_hi().max(lo.lo) }
    }
    /// Whether a line break separates the previous token from the current one.
    fn newline_before(&self) -> bool {
        let (a, b) = (self.prev_hi() as usize, self.span().lo as usize);
        self.src.get(a..b.max(a)).is_some_and(|s| s.contains('\n'))
    }

    /// Consumes `t` or reports "expected `t`, found ..".
    fn expect(&mut self, t: Tok<'a>) -> PResult<Token<'a>> {
        if self.at(t) {
            return Ok(self.bump());
        }
        // `>>` and friends close two generic lists; `||` is two closure bars.
        if let Some(first) = self.split_first(t) {
            return Ok(first);
        }
        Err(self.expected(&format!("`{}`", tok_text(t))))
    }

    /// If the current token begins with `t` (`>>` begins with `>`), consumes that first
    /// character: the token shrinks to the rest, and the consumed half is returned.
    fn split_first(&mut self, t: Tok<'a>) -> Option<Token<'a>> {
        let cur = self.tok();
        let rest = match (t, cur.kind) {
            (Tok::Gt, Tok::Shr) => Tok::Gt,
            (Tok::Gt, Tok::Ge) => Tok::Eq,
            (Tok::Gt, Tok::ShrEq) => Tok::Ge,
            (Tok::Pipe, Tok::OrOr) => Tok::Pipe,
            (Tok::Amp, Tok::AndAnd) => Tok::Amp,
            (Tok::Lt, Tok::Shl) => Tok::Lt,
            _ => return None,
        };
        let lo = cur.span.lo;
        let slot = self.toks.get_mut(self.pos)?;
        *slot = Token { kind: rest, span: Span { lo: lo + 1, ..cur.span } };
        self.undo.push((self.pos, cur));
        self.prev_hi = lo + 1;
        Some(Token { kind: t, span: Span { hi: lo + 1, ..cur.span } })
    }

    /// An identifier (not a keyword).
    fn ident(&mut self) -> PResult<Ident<'a>> {
        match self.peek() {
            Tok::Ident(name) => {
                let span = self.bump().span;
                Ok(Ident { name, span })
            }
            _ => Err(self.expected("identifier")),
        }
    }

    /// An identifier or any keyword used as a name (`.type = ..`, `.await` is handled before).
    fn name_or_keyword(&mut self) -> PResult<Ident<'a>> {
        match self.peek() {
            Tok::Kw(k) => {
                let span = self.bump().span;
                Ok(Ident { name: k.as_str(), span })
            }
            _ => self.ident(),
        }
    }

    // ----- errors -----

    /// Reports an error (unless speculating or a duplicate) and returns `Bail`.
    fn report(&mut self, d: Diagnostic) -> Bail {
        if self.quiet > 0 {
            return Bail;
        }
        let at_eof = self.at_eof();
        if at_eof && self.eof_error_reported {
            return Bail;
        }
        if self.last_error_at == Some(d.span.lo) || self.errors >= MAX_ERRORS {
            return Bail;
        }
        self.eof_error_reported |= at_eof;
        self.last_error_at = Some(d.span.lo);
        self.errors += 1;
        self.diags.push(d);
        Bail
    }
    fn error(&mut self, span: Span, msg: impl Into<String>) -> Bail {
        self.report(Diagnostic::error(span, msg))
    }
    /// "expected WHAT, found `tok`" at the current token.
    fn expected(&mut self, what: &str) -> Bail {
        let found = self.describe(self.tok());
        let label = format!("expected {what}");
        let d = Diagnostic::error(self.span(), format!("expected {what}, found {found}")).label(label);
        self.report(d)
    }
    /// How a token is named in messages: "`}`", "keyword `let`", "end of file".
    fn describe(&self, t: Token<'a>) -> String {
        match t.kind {
            Tok::Eof => "end of file".to_string(),
            Tok::Kw(k) => format!("keyword `{}`", k.as_str()),
            _ => {
                let text = self.src.get(t.span.lo as usize..t.span.hi as usize).unwrap_or("");
                let short: String = text.chars().take(24).collect();
                let dots = if short.len() < text.len() { ".." } else { "" };
                format!("`{short}{dots}`")
            }
        }
    }

    // ----- nesting, speculation, recovery -----

    /// Enters one level of nesting; refuses past `MAX_DEPTH`.
    fn enter(&mut self) -> PResult<()> {
        if self.depth >= MAX_DEPTH {
            let d = Diagnostic::error(self.span(), "nesting too deep")
                .label("more than 200 nested expressions, blocks, types or patterns")
                .help("split this into smaller functions or `let` bindings");
            return Err(self.report(d));
        }
        self.depth += 1;
        Ok(())
    }
    fn leave(&mut self) {
        self.depth = self.depth.saturating_sub(1);
    }
    /// One more operator in a chain (`chained` undoes them); refused past `MAX_CHAIN`.
    fn link(&mut self) -> PResult<()> {
        if self.chain >= MAX_CHAIN {
            let d = Diagnostic::error(self.span(), "expression too long")
                .label("more than 10000 operators, calls or casts chained")
                .help("split this into smaller functions or `let` bindings");
            return Err(self.report(d));
        }
        self.chain += 1;
        Ok(())
    }
    /// Runs `f`, which may `link`, leaving the count of chained operators as it was.
    fn chained<T>(&mut self, f: impl FnOnce(&mut Self) -> PResult<T>) -> PResult<T> {
        let base = self.chain;
        let r = f(self);
        self.chain = base;
        r
    }
    /// Runs `f` one nesting level deeper.
    fn nested<T>(&mut self, f: impl FnOnce(&mut Self) -> PResult<T>) -> PResult<T> {
        self.enter()?;
        let r = f(self);
        self.leave();
        r
    }
    /// Runs `f` with struct literals allowed (`true`) or not.
    fn with_struct_lits<T>(&mut self, allowed: bool, f: impl FnOnce(&mut Self) -> PResult<T>) -> PResult<T> {
        let saved = self.no_struct;
        self.no_struct = !allowed;
        let r = f(self);
        self.no_struct = saved;
        r
    }

    fn snapshot(&self) -> Snapshot {
        Snapshot { pos: self.pos, prev_hi: self.prev_hi, next_id: *self.next_id, undo: self.undo.len() }
    }
    fn restore(&mut self, s: Snapshot) {
        while self.undo.len() > s.undo {
            if let Some((i, t)) = self.undo.pop() {
                if let Some(slot) = self.toks.get_mut(i) {
                    *slot = t;
                }
            }
        }
        self.pos = s.pos;
        self.prev_hi = s.prev_hi;
        *self.next_id = s.next_id;
    }
    /// Tries `f` silently; on failure nothing is consumed and nothing reported.
    fn speculate<T>(&mut self, f: impl FnOnce(&mut Self) -> PResult<T>) -> Option<T> {
        let snap = self.snapshot();
        self.quiet += 1;
        let r = f(self);
        self.quiet -= 1;
        match r {
            Ok(v) => Some(v),
            Err(Bail) => {
                self.restore(snap);
                None
            }
        }
    }

    /// After a failed statement / item / member that began at token `start`: rescan from
    /// there, balancing brackets, to just after a `;` (or `,` between members), or up to
    /// the `}` that closes the enclosing block. Past the error point a balanced `{..}`
    /// followed by a line break also ends it (a block-like statement), and so does a line
    /// starting with `let` or an item keyword. Callers make sure the loop advances.
    fn recover(&mut self, start: usize, boundary: Boundary) {
        let resume = self.pos;
        self.pos = start.min(self.toks.len().saturating_sub(1));
        let (mut braces, mut others) = (0i32, 0i32);
        loop {
            let outside = braces == 0 && others <= 0;
            let past = self.pos >= resume && self.pos > start;
            match self.peek() {
                Tok::Eof => return,
                Tok::RBrace if braces == 0 => return,
                Tok::Semi if outside => {
                    self.bump();
                    return;
                }
                Tok::Comma if outside && boundary == Boundary::Member => {
                    self.bump();
                    return;
                }
                _ if outside && past && self.at_boundary(boundary) => return,
                Tok::LBrace => braces += 1,
                Tok::RBrace => {
                    braces -= 1;
                    if braces == 0 && others <= 0 {
                        self.bump();
                        let ends = boundary != Boundary::Stmt || self.newline_before() || self.at(Tok::RBrace);
                        if self.pos > resume && ends {
                            return;
                        }
                        continue;
                    }
                }
                Tok::LParen | Tok::LBracket => others += 1,
                Tok::RParen | Tok::RBracket => others -= 1,
                _ => {}
            }
            self.bump();
        }
    }

    fn at_boundary(&self, boundary: Boundary) -> bool {
        match boundary {
            Boundary::Stmt => self.newline_before() && (self.at_kw(Kw::Let) || self.at_item_start()),
            Boundary::Item | Boundary::Member => self.at_item_start(),
        }
    }

    // ----- building nodes -----

    fn mk(&mut self, kind: ExprKind<'a>, span: Span) -> &'a Expr<'a> {
        let id = ExprId(*self.next_id);
        *self.next_id = self.next_id.wrapping_add(1);
        self.arena.alloc(Expr { id, kind, span })
    }
    fn slice<T: Copy>(&self, v: Vec<T>) -> &'a [T] {
        self.arena.alloc_slice_copy(&v)
    }
    fn alloc<T>(&self, v: T) -> &'a T {
        self.arena.alloc(v)
    }
}

/// Source spelling of a punctuation or keyword token, for "expected `x`" messages.
fn tok_text(t: Tok<'_>) -> &'static str {
    use Tok::*;
    match t {
        Kw(k) => k.as_str(),
        LParen => "(",
        RParen => ")",
        LBracket => "[",
        RBracket => "]",
        LBrace => "{",
        RBrace => "}",
        Comma => ",",
        Semi => ";",
        Colon => ":",
        PathSep => "::",
        Dot => ".",
        DotDot => "..",
        DotDotEq => "..=",
        DotDotDot => "...",
        Arrow => "->",
        FatArrow => "=>",
        Eq => "=",
        EqEq => "==",
        Ne => "!=",
        Lt => "<",
        Le => "<=",
        Gt => ">",
        Ge => ">=",
        Plus => "+",
        Minus => "-",
        Star => "*",
        Slash => "/",
        Percent => "%",
        Bang => "!",
        Amp => "&",
        AndAnd => "&&",
        Pipe => "|",
        OrOr => "||",
        Caret => "^",
        Shl => "<<",
        Shr => ">>",
        PlusEq => "+=",
        MinusEq => "-=",
        StarEq => "*=",
        SlashEq => "/=",
        PercentEq => "%=",
        AmpEq => "&=",
        PipeEq => "|=",
        CaretEq => "^=",
        ShlEq => "<<=",
        ShrEq => ">>=",
        Question => "?",
        Pound => "#",
        At => "@",
        Underscore => "_",
        Ident(_) => "identifier",
        Int(_) | TypedInt(..) | Float(_) | Duration(_) => "number",
        Str(_) => "string",
        Char(_) => "character",
        Lifetime(_) => "label",
        Eof => "end of file",
    }
}
