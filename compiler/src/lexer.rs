//! Lexer: source text to a flat token list ending in `Tok::Eof`.
//!
//! It never fails: a malformed literal or an unknown character is reported to
//! `Diagnostics` with a precise span and replaced by a harmless token (or skipped), so the
//! parser still sees a plausible stream. Literal values are decoded here (escapes,
//! `_` separators, size / frequency / duration suffixes), so the parser never looks at
//! the characters of a literal again.
use crate::ast::Span;
use crate::diag::{Diagnostic, Diagnostics};
use bumpalo::Bump;

macro_rules! keywords {
    ($($v:ident = $s:literal,)*) => {
        /// Reserved words. `signal`, `functional`, `optional`, `defer` and `default` are
        /// contextual and lex as identifiers.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum Kw { $($v,)* }
        impl Kw {
            pub fn as_str(self) -> &'static str {
                match self { $(Kw::$v => $s,)* }
            }
            pub fn from_word(s: &str) -> Option<Kw> {
                match s { $($s => Some(Kw::$v),)* _ => None }
            }
        }
    };
}

keywords! {
    Fn = "fn", Let = "let", Mut = "mut", If = "if", Else = "else", While = "while",
    Loop = "loop", For = "for", In = "in", Match = "match", Return = "return",
    Break = "break", Continue = "continue", Struct = "struct", Enum = "enum", Impl = "impl",
    Trait = "trait", Use = "use", Mod = "mod", Pub = "pub", Const = "const",
    Static = "static", True = "true", False = "false", As = "as", SelfValue = "self",
    SelfType = "Self", Raise = "raise", Catch = "catch", Recover = "recover",
    Except = "except", Async = "async", Await = "await", Spawn = "spawn",
    Select = "select", Unsafe = "unsafe", Class = "class", Dyn = "dyn", Move = "move",
    Where = "where", Type = "type", CoAwait = "co_await",
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Tok<'a> {
    Ident(&'a str),
    Kw(Kw),
    /// Integer literal with any size / frequency suffix applied.
    Int(u64),
    /// Integer literal with an integer type's suffix (`200u8`): the parser reads it as
    /// `200 as u8`, so the literal has that type.
    TypedInt(u64, &'a str),
    Float(f64),
    /// Duration literal in nanoseconds (`16_ms`).
    Duration(i64),
    /// String literal, escapes processed.
    Str(&'a str),
    Char(char),
    /// `'outer` (the quote is part of the name).
    Lifetime(&'a str),
    LParen, RParen, LBracket, RBracket, LBrace, RBrace,
    Comma, Semi, Colon, PathSep, Dot, DotDot, DotDotEq, DotDotDot, Arrow, FatArrow,
    Eq, EqEq, Ne, Lt, Le, Gt, Ge,
    Plus, Minus, Star, Slash, Percent, Bang, Amp, AndAnd, Pipe, OrOr, Caret, Shl, Shr,
    PlusEq, MinusEq, StarEq, SlashEq, PercentEq, AmpEq, PipeEq, CaretEq, ShlEq, ShrEq,
    Question, Pound, At, Underscore,
    Eof,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Token<'a> {
    pub kind: Tok<'a>,
    pub span: Span,
}

/// Lexes `src` (file index `file`); identifiers and strings are allocated in `arena`.
pub fn lex<'a>(arena: &'a Bump, src: &str, file: u32, diags: &mut Diagnostics) -> Vec<Token<'a>> {
    let mut lx = Lexer { arena, src, pos: 0, file, diags, toks: Vec::new() };
    if src.len() >= u32::MAX as usize {
        lx.error(0, 0, "source file is too large (4 GiB or more)");
    } else {
        lx.run();
    }
    // end of file sits right after the last non-blank text, so "found end of file"
    // points at a line that is shown (not past the final newline)
    let end = lx.src.trim_end().len().min(u32::MAX as usize) as u32;
    lx.toks.push(Token { kind: Tok::Eof, span: Span { file, lo: end, hi: end } });
    lx.toks
}

struct Lexer<'a, 's> {
    arena: &'a Bump,
    src: &'s str,
    /// Byte offset; always on a char boundary because we only advance by whole chars.
    pos: usize,
    file: u32,
    diags: &'s mut Diagnostics,
    toks: Vec<Token<'a>>,
}

fn is_ident_start(c: char) -> bool {
    c == '_' || c.is_alphabetic()
}

fn is_ident_continue(c: char) -> bool {
    c == '_' || c.is_alphanumeric()
}

/// Valid number suffixes, for the `invalid suffix` help.
const SUFFIX_HELP: &str = "valid suffixes are integer types (`u8`, `i64`, `usize`, ..), `f32`, `f64`, \
     sizes `KB MB GB TB`, frequencies `Hz KHz MHz GHz` and durations `ns us ms s min h`";

/// The integer types a literal's suffix may name.
const INT_SUFFIXES: [&str; 12] = ["u8", "u16", "u32", "u64", "u128", "usize", "i8", "i16", "i32", "i64", "i128", "isize"];

enum Suffix {
    None,
    IntType,
    FloatType,
    Scale(u64),
    Nanos(u64),
}

fn classify_suffix(s: &str) -> Option<Suffix> {
    Some(match s {
        "" => Suffix::None,
        "u8" | "u16" | "u32" | "u64" | "u128" | "usize" | "i8" | "i16" | "i32" | "i64" | "i128"
        | "isize" => Suffix::IntType,
        "f32" | "f64" => Suffix::FloatType,
        "B" => Suffix::Scale(1),
        "KB" => Suffix::Scale(1 << 10),
        "MB" => Suffix::Scale(1 << 20),
        "GB" => Suffix::Scale(1 << 30),
        "TB" => Suffix::Scale(1 << 40),
        "Hz" => Suffix::Scale(1),
        "KHz" | "kHz" => Suffix::Scale(1_000),
        "MHz" => Suffix::Scale(1_000_000),
        "GHz" => Suffix::Scale(1_000_000_000),
        "ns" => Suffix::Nanos(1),
        "us" => Suffix::Nanos(1_000),
        "ms" => Suffix::Nanos(1_000_000),
        "s" => Suffix::Nanos(1_000_000_000),
        "min" => Suffix::Nanos(60_000_000_000),
        "h" => Suffix::Nanos(3_600_000_000_000),
        _ => return None,
    })
}

impl<'a, 's> Lexer<'a, 's> {
    fn peek(&self) -> Option<char> {
        self.src[self.pos..].chars().next()
    }
    fn peek_at(&self, n: usize) -> Option<char> {
        self.src[self.pos..].chars().nth(n)
    }
    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += c.len_utf8();
        Some(c)
    }
    fn eat(&mut self, c: char) -> bool {
        if self.peek() == Some(c) {
            self.pos += c.len_utf8();
            true
        } else {
            false
        }
    }
    fn eat_while(&mut self, f: impl Fn(char) -> bool) {
        while let Some(c) = self.peek() {
            if !f(c) {
                break;
            }
            self.pos += c.len_utf8();
        }
    }
    fn span(&self, lo: usize, hi: usize) -> Span {
        Span { file: self.file, lo: lo as u32, hi: hi as u32 }
    }
    fn error(&mut self, lo: usize, hi: usize, msg: impl Into<String>) {
        let span = self.span(lo, hi);
        self.diags.push(Diagnostic::error(span, msg));
    }
    fn error_with(&mut self, lo: usize, hi: usize, msg: &str, label: &str, help: Option<&str>) {
        let mut d = Diagnostic::error(self.span(lo, hi), msg).label(label);
        if let Some(h) = help {
            d = d.help(h);
        }
        self.diags.push(d);
    }
    fn push(&mut self, kind: Tok<'a>, lo: usize) {
        let span = self.span(lo, self.pos);
        self.toks.push(Token { kind, span });
    }

    fn run(&mut self) {
        self.eat('\u{feff}');
        if self.src.starts_with("#!") && !self.src.starts_with("#![") {
            self.eat_while(|c| c != '\n'); // shebang line
        }
        loop {
            self.skip_trivia();
            let lo = self.pos;
            let Some(c) = self.peek() else { break };
            if let Some(kind) = self.token(c, lo) {
                self.push(kind, lo);
            }
        }
    }

    /// Skips whitespace and comments (block comments nest).
    fn skip_trivia(&mut self) {
        loop {
            let Some(c) = self.peek() else { return };
            if c.is_whitespace() {
                self.bump();
            } else if c == '/' && self.peek_at(1) == Some('/') {
                self.eat_while(|c| c != '\n');
            } else if c == '/' && self.peek_at(1) == Some('*') {
                let lo = self.pos;
                self.pos += 2;
                let mut depth = 1u32;
                while depth > 0 {
                    match self.bump() {
                        None => {
                            self.error_with(lo, lo + 2, "unterminated block comment", "comment starts here", Some("close it with `*/`"));
                            return;
                        }
                        Some('*') if self.eat('/') => depth -= 1,
                        Some('/') if self.eat('*') => depth += 1,
                        Some(_) => {}
                    }
                }
            } else {
                return;
            }
        }
    }

    /// Lexes one token starting with `c` at `lo`; `None` when nothing is produced.
    fn token(&mut self, c: char, lo: usize) -> Option<Tok<'a>> {
        if c == 'r' && matches!(self.peek_at(1), Some('"') | Some('#')) {
            if let Some(t) = self.raw_string_or_ident(lo) {
                return Some(t);
            }
        }
        if is_ident_start(c) {
            self.eat_while(is_ident_continue);
            let word = &self.src[lo..self.pos];
            return Some(match word {
                "_" => Tok::Underscore,
                _ => match crate::lexer::Kw::from_word(word) {
                    Some(k) => Tok::Kw(k),
                    None => Tok::Ident(self.arena.alloc_str(word)),
                },
            });
        }
        if c.is_ascii_digit() {
            return Some(self.number(lo));
        }
        self.bump();
        use Tok::*;
        let two = |lx: &mut Self, next: char, yes: Tok<'a>, no: Tok<'a>| if lx.eat(next) { yes } else { no };
        Some(match c {
            '"' => return Some(self.string(lo)),
            '\'' => return self.char_or_lifetime(lo),
            '(' => LParen,
            ')' => RParen,
            '[' => LBracket,
            ']' => RBracket,
            '{' => LBrace,
            '}' => RBrace,
            ',' => Comma,
            ';' => Semi,
            '?' => Question,
            '#' => Pound,
            '@' => At,
            ':' => two(self, ':', PathSep, Colon),
            '.' => {
                if self.eat('.') {
                    if self.eat('=') {
                        DotDotEq
                    } else {
                        two(self, '.', DotDotDot, DotDot)
                    }
                } else {
                    Dot
                }
            }
            '-' => {
                if self.eat('>') {
                    Arrow
                } else {
                    two(self, '=', MinusEq, Minus)
                }
            }
            '=' => {
                if self.eat('>') {
                    FatArrow
                } else {
                    two(self, '=', EqEq, Eq)
                }
            }
            '!' => two(self, '=', Ne, Bang),
            '<' => {
                if self.eat('<') {
                    two(self, '=', ShlEq, Shl)
                } else {
                    two(self, '=', Le, Lt)
                }
            }
            '>' => {
                if self.eat('>') {
                    two(self, '=', ShrEq, Shr)
                } else {
                    two(self, '=', Ge, Gt)
                }
            }
            '+' => two(self, '=', PlusEq, Plus),
            '*' => two(self, '=', StarEq, Star),
            '/' => two(self, '=', SlashEq, Slash),
            '%' => two(self, '=', PercentEq, Percent),
            '^' => two(self, '=', CaretEq, Caret),
            '&' => {
                if self.eat('&') {
                    AndAnd
                } else {
                    two(self, '=', AmpEq, Amp)
                }
            }
            '|' => {
                if self.eat('|') {
                    OrOr
                } else {
                    two(self, '=', PipeEq, Pipe)
                }
            }
            _ => {
                // One error for a whole run of unknown characters.
                while let Some(n) = self.peek() {
                    if n.is_whitespace() || is_ident_start(n) || n.is_ascii_digit() || "()[]{},;:.\"'#".contains(n) {
                        break;
                    }
                    if "?@-=!<>+*/%^&|".contains(n) {
                        break;
                    }
                    self.bump();
                }
                let msg = format!("unknown start of token: `{}`", c.escape_debug());
                self.error_with(lo, self.pos, &msg, "not valid in CPrime source", None);
                return None;
            }
        })
    }

    /// `r"..."`, `r#"..."#`, and raw identifiers `r#type`. `None`: just the identifier `r`.
    fn raw_string_or_ident(&mut self, lo: usize) -> Option<Tok<'a>> {
        let rest = &self.src[lo + 1..];
        let hashes = rest.chars().take_while(|&c| c == '#').count();
        let after = rest[hashes..].chars().next();
        if hashes == 1 && after.is_some_and(is_ident_start) {
            self.pos = lo + 2;
            let start = self.pos;
            self.eat_while(is_ident_continue);
            return Some(Tok::Ident(self.arena.alloc_str(&self.src[start..self.pos])));
        }
        if after != Some('"') {
            return None;
        }
        self.pos = lo + 1 + hashes + 1;
        let body_start = self.pos;
        let closing: String = std::iter::once('"').chain(std::iter::repeat_n('#', hashes)).collect();
        match self.src[body_start..].find(&closing) {
            Some(off) => {
                self.pos = body_start + off + closing.len();
                Some(Tok::Str(self.arena.alloc_str(&self.src[body_start..body_start + off])))
            }
            None => {
                self.pos = self.src.len();
                self.error_with(lo, body_start, "unterminated raw string", "string starts here", Some(&format!("close it with `{closing}`")));
                Some(Tok::Str(""))
            }
        }
    }

    /// A `"..."` string; the opening quote is consumed.
    fn string(&mut self, lo: usize) -> Tok<'a> {
        let mut out = String::new();
        loop {
            match self.bump() {
                None => {
                    self.error_with(lo, lo + 1, "unterminated string literal", "string starts here", Some("close it with `\"`"));
                    break;
                }
                Some('"') => break,
                Some('\\') => {
                    if let Some(c) = self.escape(true) {
                        out.push(c);
                    }
                }
                Some(c) => out.push(c),
            }
        }
        Tok::Str(self.arena.alloc_str(&out))
    }

    /// Decodes an escape after its `\`; `None` for a line continuation or an invalid escape
    /// (which is reported).
    fn escape(&mut self, in_string: bool) -> Option<char> {
        let lo = self.pos - 1;
        let c = self.peek()?;
        self.bump();
        let simple = match c {
            'n' => Some('\n'),
            't' => Some('\t'),
            'r' => Some('\r'),
            '\\' => Some('\\'),
            '"' => Some('"'),
            '\'' => Some('\''),
            '0' => Some('\0'),
            _ => None,
        };
        if simple.is_some() {
            return simple;
        }
        match c {
            '\n' if in_string => {
                self.eat_while(char::is_whitespace);
                None
            }
            'x' => {
                let digits: String = self.src[self.pos..].chars().take(2).take_while(char::is_ascii_hexdigit).collect();
                self.pos += digits.len();
                match u8::from_str_radix(&digits, 16) {
                    Ok(v) if digits.len() == 2 && v <= 0x7f => Some(v as char),
                    _ => {
                        self.error_with(lo, self.pos, "invalid `\\x` escape", "expected two hex digits, at most `7f`", None);
                        None
                    }
                }
            }
            'u' => {
                let ok = self.eat('{');
                let start = self.pos;
                self.eat_while(|c| c.is_ascii_hexdigit() || c == '_');
                let digits: String = self.src[start..self.pos].chars().filter(|&c| c != '_').collect();
                let closed = ok && self.eat('}');
                let value = if closed && (1..=6).contains(&digits.len()) { u32::from_str_radix(&digits, 16).ok().and_then(char::from_u32) } else { None };
                if value.is_none() {
                    self.error_with(lo, self.pos, "invalid unicode escape", "expected `\\u{..}` with 1 to 6 hex digits naming a character", None);
                }
                value
            }
            other => {
                let msg = format!("unknown character escape: `{}`", other.escape_debug());
                self.error_with(lo, self.pos, &msg, "unknown escape", Some("valid escapes are \\n \\t \\r \\\\ \\\" \\' \\0 \\x7f \\u{1F600}"));
                None
            }
        }
    }

    /// After `'`: a char literal `'a'`, `'\n'`, or a label / lifetime `'outer`.
    fn char_or_lifetime(&mut self, lo: usize) -> Option<Tok<'a>> {
        let Some(c) = self.peek() else {
            self.error_with(lo, self.pos, "unterminated character literal", "literal starts here", None);
            return None;
        };
        if c == '\\' {
            self.bump();
            let value = self.escape(false);
            if !self.eat('\'') {
                self.error_with(lo, self.pos, "unterminated character literal", "expected a closing `'`", None);
            }
            return Some(Tok::Char(value.unwrap_or('\0')));
        }
        if c == '\'' {
            self.bump();
            self.error_with(lo, self.pos, "empty character literal", "expected a character", None);
            return Some(Tok::Char('\0'));
        }
        if self.peek_at(1) == Some('\'') && c != '\n' {
            self.bump();
            self.bump();
            return Some(Tok::Char(c));
        }
        if is_ident_start(c) {
            self.eat_while(is_ident_continue);
            if self.eat('\'') {
                self.error_with(lo, self.pos, "character literal may only contain one codepoint", "more than one character", Some("use a string literal `\"..\"` for text"));
                return Some(Tok::Char(c));
            }
            return Some(Tok::Lifetime(self.arena.alloc_str(&self.src[lo..self.pos])));
        }
        self.error_with(lo, lo + 1, "unterminated character literal", "literal starts here", Some("close it with `'`"));
        None
    }

    /// A number literal starting at `lo`.
    fn number(&mut self, lo: usize) -> Tok<'a> {
        // `t.0.1`: after a `.` only plain digits, so the tuple index is never a float.
        if matches!(self.toks.last(), Some(Token { kind: Tok::Dot, .. })) {
            self.eat_while(|c| c.is_ascii_digit());
            return match self.src[lo..self.pos].parse::<u64>() {
                Ok(v) => Tok::Int(v),
                Err(_) => {
                    self.error(lo, self.pos, "tuple index is too large");
                    Tok::Int(0)
                }
            };
        }
        let radix = match (self.peek(), self.peek_at(1)) {
            (Some('0'), Some('x')) => 16,
            (Some('0'), Some('o')) => 8,
            (Some('0'), Some('b')) => 2,
            _ => 10,
        };
        if radix != 10 {
            return self.radix_number(lo, radix);
        }
        self.eat_while(|c| c.is_ascii_digit() || c == '_');
        let mut is_float = false;
        if self.peek() == Some('.') && !self.peek_at(1).is_some_and(|c| c == '.' || is_ident_start(c)) {
            self.bump();
            is_float = true;
            self.eat_while(|c| c.is_ascii_digit() || c == '_');
        }
        if matches!(self.peek(), Some('e' | 'E')) {
            let exp = match self.peek_at(1) {
                Some(d) if d.is_ascii_digit() => true,
                Some('+' | '-') => self.peek_at(2).is_some_and(|d| d.is_ascii_digit()),
                _ => false,
            };
            if exp {
                self.bump();
                if !self.eat('+') {
                    self.eat('-');
                }
                self.eat_while(|c| c.is_ascii_digit() || c == '_');
                is_float = true;
            }
        }
        let digits_end = self.pos;
        self.eat_while(is_ident_continue);
        let text: String = self.src[lo..digits_end].chars().filter(|&c| c != '_').collect();
        let suffix_span = (digits_end, self.pos);
        let suffix = &self.src[digits_end..self.pos];
        if is_float {
            let v = text.parse::<f64>().unwrap_or(f64::NAN);
            self.apply_suffix(lo, suffix_span, suffix, Err(v))
        } else {
            match text.parse::<u64>() {
                Ok(v) => self.apply_suffix(lo, suffix_span, suffix, Ok(v)),
                Err(_) => {
                    self.error_with(lo, digits_end, "integer literal is too large", "does not fit in 64 bits", None);
                    Tok::Int(0)
                }
            }
        }
    }

    /// `0x..`, `0o..`, `0b..` (the cursor is on the `0`).
    fn radix_number(&mut self, lo: usize, radix: u32) -> Tok<'a> {
        self.pos += 2;
        let start = self.pos;
        if radix == 16 {
            self.eat_while(|c| c.is_ascii_hexdigit() || c == '_');
        } else {
            self.eat_while(|c| c.is_ascii_digit() || c == '_');
        }
        let digits_end = self.pos;
        self.eat_while(is_ident_continue);
        let base = match radix {
            16 => "hexadecimal",
            8 => "octal",
            _ => "binary",
        };
        let mut value: u64 = 0;
        let mut seen = false;
        for (i, c) in self.src[start..digits_end].char_indices() {
            let Some(d) = c.to_digit(radix) else {
                if c == '_' {
                    continue;
                }
                let at = start + i;
                self.error_with(at, at + 1, &format!("invalid digit `{c}` in {base} literal"), "invalid digit", None);
                return Tok::Int(0);
            };
            seen = true;
            match value.checked_mul(radix as u64).and_then(|v| v.checked_add(d as u64)) {
                Some(v) => value = v,
                None => {
                    self.error_with(lo, digits_end, "integer literal is too large", "does not fit in 64 bits", None);
                    return Tok::Int(0);
                }
            }
        }
        if !seen {
            self.error_with(lo, self.pos, &format!("missing digits after the {base} prefix"), "no digits", None);
            return Tok::Int(0);
        }
        let suffix = &self.src[digits_end..self.pos];
        if matches!(suffix, "f32" | "f64") {
            self.error_with(digits_end, self.pos, &format!("{base} float literals are not supported"), "float suffix", None);
            return Tok::Int(value);
        }
        self.apply_suffix(lo, (digits_end, self.pos), suffix, Ok(value))
    }

    /// Applies a suffix to an integer (`Ok`) or float (`Err`) value.
    fn apply_suffix(&mut self, lo: usize, (slo, shi): (usize, usize), suffix: &str, value: Result<u64, f64>) -> Tok<'a> {
        let Some(kind) = classify_suffix(suffix) else {
            let msg = format!("invalid suffix `{suffix}` for number literal");
            self.error_with(slo, shi, &msg, "invalid suffix", Some(SUFFIX_HELP));
            return match value {
                Ok(v) => Tok::Int(v),
                Err(f) => Tok::Float(f),
            };
        };
        let too_large = |lx: &mut Self, what: &str| {
            lx.error_with(lo, shi, &format!("{what} literal is too large"), "out of range", None);
        };
        match (kind, value) {
            (Suffix::None, Ok(v)) => Tok::Int(v),
            // (whether it fits the suffix's type is the lowerer's to say, with the
            // other literals: `types::literal_misfit`; `-128i8` is a negated `128i8`)
            (Suffix::IntType, Ok(v)) => {
                let name = INT_SUFFIXES.iter().copied().find(|&n| n == suffix).unwrap_or("i64");
                Tok::TypedInt(v, name)
            }
            (Suffix::None, Err(f)) | (Suffix::FloatType, Err(f)) => Tok::Float(f),
            (Suffix::FloatType, Ok(v)) => Tok::Float(v as f64),
            (Suffix::IntType, Err(f)) => {
                self.error_with(slo, shi, &format!("invalid suffix `{suffix}` for float literal"), "integer suffix on a float", Some("use `f32` or `f64`"));
                Tok::Float(f)
            }
            (Suffix::Scale(m), Ok(v)) => match v.checked_mul(m) {
                Some(v) => Tok::Int(v),
                None => {
                    too_large(self, "integer");
                    Tok::Int(0)
                }
            },
            (Suffix::Scale(m), Err(f)) => {
                let v = f * m as f64;
                if v.fract() == 0.0 && v >= 0.0 && v < u64::MAX as f64 {
                    Tok::Int(v as u64)
                } else {
                    self.error_with(lo, shi, "size or frequency literal is not a whole number", "not a whole number", None);
                    Tok::Int(0)
                }
            }
            (Suffix::Nanos(m), Ok(v)) => match v.checked_mul(m).and_then(|n| i64::try_from(n).ok()) {
                Some(n) => Tok::Duration(n),
                None => {
                    too_large(self, "duration");
                    Tok::Duration(0)
                }
            },
            (Suffix::Nanos(m), Err(f)) => {
                let n = (f * m as f64).round();
                if n.is_finite() && n >= 0.0 && n < i64::MAX as f64 {
                    Tok::Duration(n as i64)
                } else {
                    too_large(self, "duration");
                    Tok::Duration(0)
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::SourceMap;

    fn kinds(src: &str) -> Vec<Tok<'static>> {
        let arena = Box::leak(Box::new(Bump::new()));
        let mut d = Diagnostics::default();
        let toks = lex(arena, src, 0, &mut d);
        assert!(!d.has_errors(), "{src}: {:?}", d.list);
        toks.into_iter().map(|t| t.kind).filter(|k| *k != Tok::Eof).collect()
    }

    /// The first error: message and 1-based line:col of its start.
    fn first_error(src: &str) -> (String, (u32, u32)) {
        let arena = Bump::new();
        let mut sm = SourceMap::default();
        let f = sm.add("t.cp", src);
        let mut d = Diagnostics::default();
        lex(&arena, src, f, &mut d);
        let e = d.list.first().unwrap_or_else(|| panic!("no error for {src:?}"));
        (e.message.clone(), sm.line_col(f, e.span.lo))
    }

    #[test]
    fn numbers_and_suffixes() {
        use Tok::*;
        assert_eq!(kinds("1_000_000 0xFF 0b1010 0o17"), vec![Int(1_000_000), Int(255), Int(10), Int(15)]);
        assert_eq!(kinds("1.5 1e9 4.84e+00 2.5E-3"), vec![Float(1.5), Float(1e9), Float(4.84), Float(2.5e-3)]);
        assert_eq!(kinds("1u8 5i64 2usize 1.0f32 1f64"), vec![TypedInt(1, "u8"), TypedInt(5, "i64"), TypedInt(2, "usize"), Float(1.0), Float(1.0)]);
        assert_eq!(kinds("4_KB 64_KB 512_KB 1_MB 1_GB 4KB"), vec![Int(4096), Int(65536), Int(524288), Int(1 << 20), Int(1 << 30), Int(4096)]);
        assert_eq!(kinds("100_MHz 10_KHz 1_GHz 50_Hz"), vec![Int(100_000_000), Int(10_000), Int(1_000_000_000), Int(50)]);
        assert_eq!(kinds("16_ms 100_us 5_s 10_ns 2_min"), vec![Duration(16_000_000), Duration(100_000), Duration(5_000_000_000), Duration(10), Duration(120_000_000_000)]);
    }

    #[test]
    fn ranges_tuple_fields_and_methods_on_ints() {
        use Tok::*;
        assert_eq!(kinds("0..n"), vec![Int(0), DotDot, Ident("n")]);
        assert_eq!(kinds("1..=5"), vec![Int(1), DotDotEq, Int(5)]);
        assert_eq!(kinds("t.0.1"), vec![Ident("t"), Dot, Int(0), Dot, Int(1)]);
        assert_eq!(kinds("1.max(2)"), vec![Int(1), Dot, Ident("max"), LParen, Int(2), RParen]);
    }

    #[test]
    fn strings_chars_labels() {
        use Tok::*;
        assert_eq!(kinds(r#""a\n\t\"\\\u{1F600}""#), vec![Str("a\n\t\"\\\u{1F600}")]);
        assert_eq!(kinds("\"ab\\\n    cd\""), vec![Str("abcd")]);
        assert_eq!(kinds(r###"r"a\n" r#"x"y"#"###), vec![Str("a\\n"), Str("x\"y")]);
        assert_eq!(kinds(r"'a' '\n' '\'' 'outer: 'é'"), vec![Char('a'), Char('\n'), Char('\''), Lifetime("'outer"), Colon, Char('é')]);
        assert_eq!(kinds("r#type r"), vec![Ident("type"), Ident("r")]);
    }

    #[test]
    fn punctuation_comments_keywords() {
        use Tok::*;
        assert_eq!(kinds("a /* x /* nested */ y */ >>= :: -> => ..= // c\n signal"), vec![Ident("a"), ShrEq, PathSep, Arrow, FatArrow, DotDotEq, Ident("signal")]);
        assert_eq!(kinds("fn co_await _ self Self"), vec![Kw(super::Kw::Fn), Kw(super::Kw::CoAwait), Underscore, Kw(super::Kw::SelfValue), Kw(super::Kw::SelfType)]);
        assert_eq!(kinds("héllo"), vec![Ident("héllo")]);
    }

    #[test]
    fn lexer_errors_have_precise_spans() {
        assert_eq!(first_error("let s = \"abc"), ("unterminated string literal".into(), (1, 9)));
        assert_eq!(first_error("x /* a\n b"), ("unterminated block comment".into(), (1, 3)));
        assert_eq!(first_error("\"a\\qb\""), ("unknown character escape: `q`".into(), (1, 3)));
        assert_eq!(first_error("\n  '\\u{110000}'"), ("invalid unicode escape".into(), (2, 4)));
        assert_eq!(first_error("let x = 5_XB;"), ("invalid suffix `XB` for number literal".into(), (1, 11)));
        assert_eq!(first_error("0b102"), ("invalid digit `2` in binary literal".into(), (1, 5)));
        assert_eq!(first_error("99999999999999999999"), ("integer literal is too large".into(), (1, 1)));
        assert_eq!(first_error("a ¤ b"), ("unknown start of token: `¤`".into(), (1, 3)));
        assert_eq!(first_error("let c = ' "), ("unterminated character literal".into(), (1, 9)));
        assert_eq!(first_error("1.5u8"), ("invalid suffix `u8` for float literal".into(), (1, 4)));
        assert_eq!(first_error("''"), ("empty character literal".into(), (1, 1)));
    }

    #[test]
    fn never_panics_on_odd_input() {
        for src in ["'", "\"\\", "r#", "r#\"", "0x", "1e", "'\\u{", "/*/", "é'", "\u{0}", "1.", "'ab'", "\\"] {
            let arena = Bump::new();
            let mut d = Diagnostics::default();
            let toks = lex(&arena, src, 0, &mut d);
            assert_eq!(toks.last().map(|t| t.kind), Some(Tok::Eof));
        }
    }
}
