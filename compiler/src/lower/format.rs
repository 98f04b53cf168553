//! Macros: `println!`-style formatting (every placeholder `format_spec.rs` reads: `{}`,
//! `{:?}`, `{:#?}`, `{:.N}`, `{name}`, `{0}`, fill, alignment and width, `{:+}`, `{:x}`,
//! `{:e}`, widths and precisions from arguments), `format!`, `panic!`, `assert!`,
//! `assert_eq!`, `assert_ne!`, `vec!`.
use cprime_bytecode::natives::Native;

use super::{FnCx, V};
use crate::ast::*;
use crate::diag::{given, Diagnostic};
use crate::types::{Ty, INT};

pub use super::format_spec::{inline_names, parse_format, ArgRef, Count, Notation, Piece, Spec};
use cprime_bytecode::natives;

/// The arguments of one `format!`: which are read (each once) and used, and the next
/// positional one.
struct FmtArgs<'a> {
    fmt: &'a Expr<'a>,
    rest: &'a [&'a Expr<'a>],
    vals: Vec<Option<V>>,
    used: Vec<bool>,
    next: usize,
}

/// A width or precision: in the format string, or in a register at run time.
enum Amount {
    Is(usize),
    Of(V),
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
        let mut a = FmtArgs { fmt: first, rest: &args[1..], vals: vec![None; args.len() - 1], used: vec![false; args.len() - 1], next: 0 };
        let mut acc: Option<V> = None;
        for p in pieces {
            let piece = match p {
                Piece::Text(t) => self.load_str(&t),
                Piece::Arg { arg, spec } => {
                    // (`{:.*}` takes its precision before its value)
                    let precision = match spec.precision.map(|c| self.format_amount(&mut a, c)) {
                        Some(None) => return self.load_str(""),
                        Some(Some(p)) => Some(p),
                        None => None,
                    };
                    let Some((v, at)) = self.format_arg(&mut a, arg) else { return self.load_str("") };
                    let width = match spec.width.map(|c| self.format_amount(&mut a, c)) {
                        Some(None) => return self.load_str(""),
                        Some(Some(w)) => Some(w),
                        None => None,
                    };
                    self.format_one(v, &spec, precision, width, at)
                }
            };
            acc = Some(match acc {
                None => piece,
                Some(a) => self.binary_vals(BinOp::Add, a, piece, span),
            });
        }
        if let Some(i) = a.used.iter().position(|u| !u) {
            self.diag(Diagnostic::error(a.rest[i].span, "argument never used in the format string").label("unused argument"));
        }
        acc.unwrap_or_else(|| self.load_str(""))
    }

    /// The value a placeholder (or a `$` count) names, and where it is written; `None`
    /// after reporting that there is none.
    fn format_arg(&mut self, a: &mut FmtArgs<'a>, arg: ArgRef<'_>) -> Option<(V, Span)> {
        let i = match arg {
            ArgRef::Index(i) => i,
            ArgRef::Next => {
                a.next += 1;
                a.next - 1
            }
            ArgRef::Name(n) => {
                let var = self.lookup_var(n).or_else(|| {
                    let n: &'a str = self.outer_var(n).map(|v| v.name)?;
                    self.capture(n)
                });
                let Some(var) = var else {
                    self.err(a.fmt.span, format!("cannot find value `{n}` named in the format string"));
                    return None;
                };
                return Some((self.read_loc(var.loc, var.ty), a.fmt.span));
            }
        };
        if i >= a.rest.len() {
            self.diag(Diagnostic::error(a.fmt.span, format!("format string refers to argument {} but {}", i + 1, given(a.rest.len()))).label("missing argument"));
            return None;
        }
        a.used[i] = true;
        let v = match &a.vals[i] {
            Some(v) => v.clone(),
            None => {
                let v = self.expr(a.rest[i], None);
                a.vals[i] = Some(v.clone());
                v
            }
        };
        Some((v, a.rest[i].span))
    }

    /// A width or precision: written in the spec, or an integer argument's value.
    fn format_amount(&mut self, a: &mut FmtArgs<'a>, c: Count<'_>) -> Option<Amount> {
        match c {
            Count::Is(n) => Some(Amount::Is(n)),
            Count::Arg(r) => {
                let (v, at) = self.format_arg(a, r)?;
                self.expect_ty(at, &INT, &v.ty);
                Some(Amount::Of(v))
            }
        }
    }

    /// One placeholder's text: the value in the spec's notation, signed, laid out and
    /// padded as it says.
    fn format_one(&mut self, v: V, spec: &Spec<'_>, precision: Option<Amount>, width: Option<Amount>, at: Span) -> V {
        let shallow = self.inf.shallow(&v.ty);
        let numeric = matches!(shallow, Ty::Int(_) | Ty::Float | Ty::Duration);
        let debug = spec.debug();
        // `{:5?}`, `{:+?}`, `{:>8.2?}` of a composite value: Debug passes the spec down to
        // each number, bool, `()` and `Duration` inside, and pads nothing else
        let composite = matches!(shallow, Ty::Vec(_) | Ty::Struct(_) | Ty::Tuple(_) | Ty::Map(..) | Ty::Option(_) | Ty::Result(..) | Ty::Enum(_));
        if debug && composite && (width.is_some() || spec.plus) {
            let text = self.debug_with_spec(v, &shallow, spec, precision, width);
            return if spec.alt { self.call_native(Native::StrPretty, &[text], Ty::Str) } else { text };
        }
        let text = match (spec.notation, precision) {
            (Notation::Radix { .. } | Notation::Exp { .. }, p) => self.notation_text(v, spec, p, at),
            (_, None) => self.to_text(v, debug, None, at),
            (_, Some(Amount::Is(p))) => self.to_text(v, debug, Some(p as i64), at),
            // a precision known at run time: where one matters
            (_, Some(Amount::Of(p))) => match shallow.clone() {
                Ty::Float => {
                    let mode = self.load_int(natives::FMT_PLAIN, INT);
                    self.call_native(Native::FloatText, &[v, mode, p], Ty::Str)
                }
                Ty::Str if !debug => self.call_native(Native::StrPrefix, &[v, p], Ty::Str),
                Ty::Duration if debug => self.call_native(Native::DurationDebug, &[v, p], Ty::Str),
                // (a bool's text and `()` are cut by a precision, as Rust's `Formatter::pad` cuts them)
                Ty::Bool | Ty::Unit => {
                    let text = self.to_text(v, debug, None, at);
                    self.call_native(Native::StrPrefix, &[text, p], Ty::Str)
                }
                Ty::Int(_) | Ty::Char | Ty::Str | Ty::Error | Ty::Never | Ty::Var(_) | Ty::Duration => self.to_text(v, debug, None, at),
                t if debug => self.debug_with_precision(v, &t, p),
                _ => self.to_text(v, debug, None, at),
            },
        };
        let text = if spec.alt && debug { self.call_native(Native::StrPretty, &[text], Ty::Str) } else { text };
        let text = if spec.plus && numeric { self.call_native(Native::NumSign, &[text], Ty::Str) } else { text };
        // (Rust's `{:6?}` pads a number, a bool, `()` or a `Duration`, this one as text:
        // to the left, without zeros; a string's or a char's debug text is written as it is)
        let padded = !debug || numeric || matches!(shallow, Ty::Bool | Ty::Unit);
        match width {
            Some(w) if padded => self.pad(text, w, spec, numeric && shallow != Ty::Duration),
            _ => text,
        }
    }

    /// `{:?}` of a composite value with a width or `+` (`DebugSpec`), the spec for the
    /// values inside.
    fn debug_with_spec(&mut self, v: V, t: &Ty, spec: &Spec<'_>, precision: Option<Amount>, width: Option<Amount>) -> V {
        use cprime_bytecode::natives::{DEBUG_NO_ALIGN, DEBUG_PLUS, PAD_CENTRE, PAD_FILL_SHIFT, PAD_LEFT, PAD_RIGHT, PAD_ZEROS};
        let t = self.resolve(t);
        let shape = self.u.debug_shape(&t).map_or(-1, i64::from);
        let align = match spec.align {
            Some('<') => PAD_LEFT,
            Some('^') => PAD_CENTRE,
            Some(_) => PAD_RIGHT,
            None => DEBUG_NO_ALIGN,
        };
        let mode = align
            | if spec.zero { PAD_ZEROS } else { 0 }
            | if spec.plus { DEBUG_PLUS } else { 0 }
            | i64::from(spec.fill.map_or(0, u32::from)) << PAD_FILL_SHIFT;
        let amount = |cx: &mut Self, a: Option<Amount>| match a {
            Some(Amount::Of(r)) => r,
            Some(Amount::Is(n)) => cx.load_int(i64::try_from(n).unwrap_or(i64::MAX), INT),
            None => cx.load_int(-1, INT),
        };
        let (p, w) = (amount(self, precision), amount(self, width));
        let (s, m) = (self.load_int(shape, INT), self.load_int(mode, INT));
        self.call_native(Native::DebugSpec, &[v, s, p, w, m], Ty::Str)
    }

    /// `{:x}` `{:X}` `{:o}` `{:b}` of an integer, `{:e}` `{:E}` of an integer or a float.
    fn notation_text(&mut self, v: V, spec: &Spec<'_>, precision: Option<Amount>, at: Span) -> V {
        let (base, upper) = match spec.notation {
            Notation::Radix { base, upper } => (i64::from(base), upper),
            Notation::Exp { upper } => (natives::FMT_EXP, upper),
            Notation::Display | Notation::Debug => unreachable!("a notation"),
        };
        let mut mode = base | if upper { natives::FMT_UPPER } else { 0 } | if spec.alt { natives::FMT_ALT } else { 0 };
        let t = self.inf.shallow(&v.ty);
        let native = match t {
            Ty::Int(it) => {
                if !it.signed() {
                    mode |= natives::FMT_UNSIGNED;
                }
                mode |= it.bits() << natives::FMT_BITS_SHIFT;
                Native::IntText
            }
            Ty::Float if base == natives::FMT_EXP => Native::FloatText,
            Ty::Error | Ty::Never => return self.load_str(""),
            Ty::Var(_) => {
                self.err(at, "type annotations needed to format this value");
                return self.load_str("");
            }
            t => {
                let (letter, what) = match spec.notation {
                    Notation::Exp { upper } => (if upper { "E" } else { "e" }, "a number"),
                    Notation::Radix { base: 16, upper: true } => ("X", "an integer"),
                    Notation::Radix { base: 16, .. } => ("x", "an integer"),
                    Notation::Radix { base: 8, .. } => ("o", "an integer"),
                    _ => ("b", "an integer"),
                };
                let shown = self.show(&t);
                self.diag(Diagnostic::error(at, format!("`{{:{letter}}}` formats {what}; this is `{shown}`")).label("no such notation for this type"));
                return self.load_str("");
            }
        };
        let p = match precision {
            Some(Amount::Of(p)) => p,
            Some(Amount::Is(p)) => self.load_int(p as i64, INT),
            None => self.load_int(-1, INT),
        };
        let m = self.load_int(mode, INT);
        self.call_native(native, &[v, m, p], Ty::Str)
    }

    /// Pads text to a width in characters as Rust does (`{:>5}`, `{:<5}`, `{:^5}`, with a
    /// fill `{:*^5}`; without an alignment numbers go right and the rest left; `{:05}`:
    /// a number's zeros after its sign, other values' width as `{:5}`).
    fn pad(&mut self, text: V, width: Amount, spec: &Spec<'_>, numeric: bool) -> V {
        use cprime_bytecode::natives::{PAD_CENTRE, PAD_FILL_SHIFT, PAD_LEFT, PAD_RIGHT, PAD_ZEROS};
        let mode = match spec.align {
            _ if spec.zero && numeric => PAD_ZEROS,
            Some('<') => PAD_LEFT,
            Some('^') => PAD_CENTRE,
            Some(_) => PAD_RIGHT,
            None if numeric => PAD_RIGHT,
            None => PAD_LEFT,
        };
        let mode = mode | i64::from(spec.fill.map_or(0, u32::from)) << PAD_FILL_SHIFT;
        let w = match width {
            Amount::Is(w) => self.load_int(i64::try_from(w).unwrap_or(i64::MAX), INT),
            Amount::Of(w) => w,
        };
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
