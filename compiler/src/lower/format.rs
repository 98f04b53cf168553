//! Macros: `println!`-style formatting (`{}`, `{:?}`, `{:.N}`, `{name}`, `{0}`, width and
//! alignment), `format!`, `panic!`, `assert!`, `assert_eq!`, `assert_ne!`, `vec!`.
use cprime_bytecode::natives::Native;

use super::{FnCx, V};
use crate::ast::*;
use crate::diag::{given, Diagnostic};
use crate::types::{Ty, INT};

/// One piece of a format string.
#[derive(Debug, PartialEq)]
pub enum Piece<'s> {
    Text(String),
    Arg { arg: ArgRef<'s>, debug: bool, precision: Option<i64>, width: Option<usize>, align: Option<char>, zero: bool },
}

#[derive(Debug, PartialEq, Clone, Copy)]
pub enum ArgRef<'s> {
    Next,
    Index(usize),
    Name(&'s str),
}

/// The most a width or precision may be (as in Rust, where they are `u16`; the
/// bytecode's precision operand has the same range).
const SPEC_MAX: i64 = u16::MAX as i64;

/// A width or precision written in a format spec, checked against [`SPEC_MAX`].
fn spec_number(digits: &str, what: &str) -> Result<i64, String> {
    match digits.parse::<i64>() {
        Ok(n) if n <= SPEC_MAX => Ok(n),
        _ => Err(format!("the {what} `{digits}` in format spec is too large (at most {SPEC_MAX})")),
    }
}

/// Parses a format string; errors carry a byte offset into it.
pub fn parse_format(s: &str) -> Result<Vec<Piece<'_>>, (usize, String)> {
    let mut out = Vec::new();
    let mut text = String::new();
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'{' if b.get(i + 1) == Some(&b'{') => {
                text.push('{');
                i += 2;
            }
            b'}' if b.get(i + 1) == Some(&b'}') => {
                text.push('}');
                i += 2;
            }
            b'{' => {
                let Some(close) = s[i..].find('}') else { return Err((i, "unterminated `{` in format string".into())) };
                let inner = &s[i + 1..i + close];
                let (name, spec) = match inner.find(':') {
                    Some(c) => (&inner[..c], &inner[c + 1..]),
                    None => (inner, ""),
                };
                let arg = if name.is_empty() {
                    ArgRef::Next
                } else if let Ok(n) = name.parse::<usize>() {
                    ArgRef::Index(n)
                } else if name.chars().all(|c| c.is_alphanumeric() || c == '_') {
                    ArgRef::Name(name)
                } else {
                    return Err((i, format!("invalid argument name `{name}` in format string")));
                };
                let mut spec = spec;
                let mut align = None;
                if let Some(c) = spec.chars().next() {
                    if matches!(c, '<' | '>' | '^') {
                        align = Some(c);
                        spec = &spec[1..];
                    }
                }
                // (after an alignment too: a number's zeros then win over it, as in Rust)
                let zero = spec.starts_with('0') && spec.len() > 1 && spec.as_bytes()[1].is_ascii_digit();
                if zero {
                    spec = &spec[1..];
                }
                let digits: String = spec.chars().take_while(|c| c.is_ascii_digit()).collect();
                let width = if digits.is_empty() { None } else { Some(spec_number(&digits, "width").map_err(|m| (i, m))? as usize) };
                spec = &spec[digits.len()..];
                let mut precision = None;
                if let Some(rest) = spec.strip_prefix('.') {
                    let d: String = rest.chars().take_while(|c| c.is_ascii_digit()).collect();
                    if d.is_empty() {
                        return Err((i, "expected a number after `.` in format spec".into()));
                    }
                    precision = Some(spec_number(&d, "precision").map_err(|m| (i, m))?);
                    spec = &rest[d.len()..];
                }
                let debug = match spec {
                    "" => false,
                    "?" => true,
                    other => return Err((i, format!("unsupported format spec `{other}`"))),
                };
                if !text.is_empty() {
                    out.push(Piece::Text(std::mem::take(&mut text)));
                }
                out.push(Piece::Arg { arg, debug, precision, width, align, zero });
                i += close + 1;
            }
            b'}' => return Err((i, "unmatched `}` in format string; write `}}` for a literal brace".into())),
            _ => {
                let ch = s[i..].chars().next().unwrap_or('\u{fffd}');
                text.push(ch);
                i += ch.len_utf8().max(1);
            }
        }
    }
    if !text.is_empty() {
        out.push(Piece::Text(text));
    }
    Ok(out)
}

/// Variable names a format string refers to (`{x}`), for capture analysis.
pub fn inline_names(s: &str) -> Vec<&str> {
    match parse_format(s) {
        Ok(pieces) => pieces
            .into_iter()
            .filter_map(|p| match p {
                Piece::Arg { arg: ArgRef::Name(n), .. } => Some(n),
                _ => None,
            })
            .collect(),
        Err(_) => Vec::new(),
    }
}

impl<'u, 'a> FnCx<'u, 'a> {
    /// `format!`-style arguments to one string.
    pub fn format_args(&mut self, args: &'a [&'a Expr<'a>], span: Span) -> V {
        let Some(first) = args.first() else { return self.load_str("") };
        let ExprKind::Str(fmt) = first.kind else {
            self.diag(Diagnostic::error(first.span, "format argument must be a string literal").help("write `\"{}\", value`"));
            return self.load_str("");
        };
        let pieces = match parse_format(fmt) {
            Ok(p) => p,
            Err((_, msg)) => {
                self.err(first.span, msg);
                return self.load_str("");
            }
        };
        let rest = &args[1..];
        let mut vals: Vec<Option<V>> = vec![None; rest.len()];
        let mut used = vec![false; rest.len()];
        let mut next = 0usize;
        let mut acc: Option<V> = None;
        for p in pieces {
            let piece = match p {
                Piece::Text(t) => self.load_str(&t),
                Piece::Arg { arg, debug, precision, width, align, zero } => {
                    // where a value that cannot be formatted is reported
                    let mut at = first.span;
                    let v = match arg {
                        ArgRef::Next | ArgRef::Index(_) => {
                            let i = match arg {
                                ArgRef::Index(i) => i,
                                _ => {
                                    next += 1;
                                    next - 1
                                }
                            };
                            if i >= rest.len() {
                                self.diag(
                                    Diagnostic::error(first.span, format!("format string refers to argument {} but {}", i + 1, given(rest.len())))
                                        .label("missing argument"),
                                );
                                return self.load_str("");
                            }
                            used[i] = true;
                            at = rest[i].span;
                            match &vals[i] {
                                Some(v) => v.clone(),
                                None => {
                                    let v = self.expr(rest[i], None);
                                    vals[i] = Some(v.clone());
                                    v
                                }
                            }
                        }
                        ArgRef::Name(n) => match self.lookup_var(n).or_else(|| {
                            let n: &'a str = self.outer_var(n).map(|v| v.name)?;
                            self.capture(n)
                        }) {
                            Some(var) => self.read_loc(var.loc, var.ty),
                            None => {
                                self.err(first.span, format!("cannot find value `{n}` named in the format string"));
                                return self.load_str("");
                            }
                        },
                    };
                    let shallow = self.inf.shallow(&v.ty);
                    let numeric = matches!(shallow, Ty::Int(_) | Ty::Float | Ty::Duration);
                    // (Rust's `{:6?}` pads a number or a bool; a string's, a char's or a
                    // composite value's debug text is written as it is)
                    let padded = !debug || numeric || matches!(shallow, Ty::Bool);
                    let text = self.to_text(v, debug, precision, at);
                    match width {
                        Some(w) if padded => self.pad(text, w, align, zero, numeric),
                        _ => text,
                    }
                }
            };
            acc = Some(match acc {
                None => piece,
                Some(a) => self.binary_vals(BinOp::Add, a, piece, span),
            });
        }
        if let Some(i) = used.iter().position(|u| !u) {
            self.diag(Diagnostic::error(rest[i].span, "argument never used in the format string").label("unused argument"));
        }
        acc.unwrap_or_else(|| self.load_str(""))
    }

    /// Pads text to a width in characters as Rust does (`{:>5}`, `{:<5}`, `{:^5}`;
    /// without an alignment numbers go right and the rest left; `{:05}`: a number's
    /// zeros after its sign, other values' width as `{:5}`).
    fn pad(&mut self, text: V, width: usize, align: Option<char>, zero: bool, numeric: bool) -> V {
        use cprime_bytecode::natives::{PAD_CENTRE, PAD_LEFT, PAD_RIGHT, PAD_ZEROS};
        let mode = match align {
            _ if zero && numeric => PAD_ZEROS,
            Some('<') => PAD_LEFT,
            Some('^') => PAD_CENTRE,
            Some(_) => PAD_RIGHT,
            None if numeric => PAD_RIGHT,
            None => PAD_LEFT,
        };
        let w = self.load_int(i64::try_from(width).unwrap_or(i64::MAX), INT);
        let m = self.load_int(mode, INT);
        self.call_native(Native::StrPad, &[text, w, m], Ty::Str)
    }

    pub fn macro_call(&mut self, name: Ident<'a>, args: &'a [&'a Expr<'a>], span: Span, expect: Option<&Ty>) -> V {
        match name.name {
            "println" | "print" | "eprintln" | "eprint" => {
                let mut s = self.format_args(args, span);
                if name.name.ends_with("ln") {
                    let nl = self.load_str("\n");
                    s = self.binary_vals(BinOp::Add, s, nl, span);
                }
                let n = if name.name.starts_with('e') { Native::Eprint } else { Native::Print };
                self.call_native(n, &[s], Ty::Unit)
            }
            "format" => self.format_args(args, span),
            // `log::info!(..)` and friends: one line through the prelude's `log_write`,
            // to wherever `logging_stage` pointed the log (stderr without one)
            "log::info" | "log::warn" | "log::error" | "log::debug" | "log::trace" => {
                let text = self.format_args(args, span);
                let level = self.load_str(&name.name[5..].to_uppercase());
                match self.u.prog.prelude_fn("log_write") {
                    Some(f) => self.call_fn(f, vec![level, text], span),
                    None => {
                        self.err(span, "`log::` macros need the standard prelude (`log_write`)");
                        self.unit()
                    }
                }
            }
            "panic" | "unreachable" | "todo" | "unimplemented" => {
                let msg = if args.is_empty() {
                    self.load_str(match name.name {
                        "panic" => "explicit panic",
                        "unreachable" => "internal error: entered unreachable code",
                        _ => "not yet implemented",
                    })
                } else {
                    self.format_args(args, span)
                };
                self.call_native(Native::Panic, &[msg], Ty::Never)
            }
            "assert" => {
                let Some(cond) = args.first() else {
                    self.err(span, "`assert!` needs a condition");
                    return self.unit();
                };
                let jf = self.branch_true(cond);
                let msg = if args.len() > 1 {
                    self.format_args(&args[1..], span)
                } else {
                    let text = self.source_text(cond.span);
                    self.load_str(&format!("assertion failed: {text}"))
                };
                self.call_native(Native::Panic, &[msg], Ty::Never);
                self.patch_here(jf);
                self.unit()
            }
            "assert_eq" | "assert_ne" => {
                if args.len() < 2 {
                    self.err(span, format!("`{}!` needs two values", name.name));
                    return self.unit();
                }
                let a = self.expr(args[0], None);
                let hint = self.inf.shallow(&a.ty);
                let b = self.expr(args[1], Some(&hint));
                let eq = self.values_equal(a.clone(), b.clone(), span);
                let j = if name.name == "assert_eq" {
                    self.emit(cprime_bytecode::isa::Insn::JmpIf { c: cprime_bytecode::isa::Ri(eq.reg), t: cprime_bytecode::isa::Tgt(u32::MAX) })
                } else {
                    self.emit(cprime_bytecode::isa::Insn::JmpIfNot { c: cprime_bytecode::isa::Ri(eq.reg), t: cprime_bytecode::isa::Tgt(u32::MAX) })
                };
                let op = if name.name == "assert_eq" { "==" } else { "!=" };
                let head = self.load_str(&format!("assertion `left {op} right` failed\n  left: "));
                let la = self.to_text(a, true, None, span);
                let mid = self.load_str("\n right: ");
                let lb = self.to_text(b, true, None, span);
                let mut msg = self.binary_vals(BinOp::Add, head, la, span);
                msg = self.binary_vals(BinOp::Add, msg, mid, span);
                msg = self.binary_vals(BinOp::Add, msg, lb, span);
                if args.len() > 2 {
                    let extra = self.format_args(&args[2..], span);
                    let sep = self.load_str("\n  note: ");
                    msg = self.binary_vals(BinOp::Add, msg, sep, span);
                    msg = self.binary_vals(BinOp::Add, msg, extra, span);
                }
                self.call_native(Native::Panic, &[msg], Ty::Never);
                self.patch_here(j);
                self.unit()
            }
            "vec" => {
                let arr = self.u.sm.files.len(); // silence: vec! of expressions
                let _ = arr;
                let elem = match expect.map(|t| self.inf.shallow(t)) {
                    Some(Ty::Vec(e)) => *e,
                    _ => self.inf.fresh(),
                };
                let mut vals = Vec::new();
                for x in args {
                    let v = self.expr(x, Some(&elem));
                    self.expect_ty(x.span, &elem, &v.ty);
                    vals.push(v);
                }
                self.new_vec(elem, &vals)
            }
            "matches" => {
                self.err(span, "`matches!` is not supported yet; use `match` or `if let`");
                self.load_int(0, Ty::Bool)
            }
            other => {
                self.diag(Diagnostic::error(name.span, format!("cannot find macro `{other}!`")).label("unknown macro"));
                for a in args {
                    self.expr(a, None);
                }
                V { reg: self.never().reg, ty: Ty::Error }
            }
        }
    }

    /// Structural equality for `assert_eq!` (numbers, bools, chars, strings; others by tag).
    fn values_equal(&mut self, a: V, b: V, span: Span) -> V {
        match self.inf.shallow(&a.ty) {
            Ty::Vec(_) | Ty::Struct(_) | Ty::Tuple(_) | Ty::Map(..) | Ty::Option(_) | Ty::Result(..) | Ty::Enum(_) => {
                // compare debug renderings: structural and good enough for tests
                let x = self.to_text(a, true, None, span);
                let y = self.to_text(b, true, None, span);
                self.binary_vals(BinOp::Eq, x, y, span)
            }
            _ => self.binary_vals(BinOp::Eq, a, b, span),
        }
    }

    /// The source text of a span (for `assert!` messages).
    pub fn source_text(&self, span: Span) -> String {
        self.u
            .sm
            .files
            .get(span.file as usize)
            .and_then(|f| f.text.get(span.lo as usize..span.hi as usize))
            .unwrap_or("")
            .to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn parses_placeholders() {
        let p = parse_format("a {} b {:?} {:.2} {x} {0} {{}}").unwrap();
        assert_eq!(p.len(), 11);
        assert!(matches!(p[1], Piece::Arg { arg: ArgRef::Next, debug: false, .. }));
        assert!(matches!(p[3], Piece::Arg { debug: true, .. }));
        assert!(matches!(p[5], Piece::Arg { precision: Some(2), .. }));
        assert!(matches!(p[7], Piece::Arg { arg: ArgRef::Name("x"), .. }));
        assert!(matches!(p[9], Piece::Arg { arg: ArgRef::Index(0), .. }));
        assert_eq!(p[10], Piece::Text(" {}".into()));
        assert!(parse_format("{").is_err());
        assert!(parse_format("}").is_err());
        assert!(matches!(parse_format("{:>5}").unwrap()[0], Piece::Arg { width: Some(5), align: Some('>'), .. }));
        assert_eq!(inline_names("{a} {b:?} {}"), vec!["a", "b"]);
    }

    #[test]
    fn widths_and_precisions_stop_at_65535() {
        assert!(matches!(parse_format("{:65535.65535}").unwrap()[0], Piece::Arg { width: Some(65535), precision: Some(65535), .. }));
        for too_large in ["{:65536}", "{:.65536}", "{:99999999999999999999}", "{:.99999999999999999999}"] {
            let (_, msg) = parse_format(too_large).unwrap_err();
            assert!(msg.contains("too large (at most 65535)"), "{too_large}: {msg}");
        }
    }
}
