//! Format strings as Rust's `std::fmt` reads them: text and `{arg:spec}` placeholders,
//! where a spec is `[[fill]align][sign]['#']['0'][width]['.' precision][type]`
//! (`{:>8}`, `{:*^9}`, `{:+.2}`, `{:#010x}`, `{:.*}`, `{:w$}`, `{:#?}`, `{:e}`).
//! Parsing only; `format.rs` lowers the pieces.

/// One piece of a format string.
#[derive(Debug, PartialEq)]
pub enum Piece<'s> {
    Text(String),
    Arg { arg: ArgRef<'s>, spec: Spec<'s> },
}

/// Which argument a placeholder (or a `$` width or precision) names.
#[derive(Debug, PartialEq, Clone, Copy)]
pub enum ArgRef<'s> {
    Next,
    Index(usize),
    Name(&'s str),
}

/// A width or precision: written in the spec, or taken from an argument (`{:w$}`,
/// `{:1$}`, and `{:.*}`, which takes the next positional argument before the value).
#[derive(Debug, PartialEq, Clone, Copy)]
pub enum Count<'s> {
    Is(usize),
    Arg(ArgRef<'s>),
}

/// How the value is written: the spec's type letter.
#[derive(Debug, PartialEq, Clone, Copy)]
pub enum Notation {
    /// `{}`
    Display,
    /// `{:?}`; `{:#?}` is `Debug` with `alt`
    Debug,
    /// `{:x}` `{:X}` `{:o}` `{:b}`: an integer in base 16, 8 or 2
    Radix { base: u32, upper: bool },
    /// `{:e}` `{:E}`: a number in scientific notation
    Exp { upper: bool },
}

/// Everything after the `:` of a placeholder.
#[derive(Debug, PartialEq, Clone, Copy)]
pub struct Spec<'s> {
    pub notation: Notation,
    pub fill: Option<char>,
    pub align: Option<char>,
    /// `+`: a sign on non-negative numbers too
    pub plus: bool,
    /// `#`: `0x` before a hexadecimal number, or `{:#?}`'s one item a line
    pub alt: bool,
    /// `0`: a number padded with zeros after its sign (and its `0x`)
    pub zero: bool,
    pub width: Option<Count<'s>>,
    pub precision: Option<Count<'s>>,
}

impl Spec<'_> {
    pub fn debug(&self) -> bool {
        self.notation == Notation::Debug
    }
}

/// The most a width or precision may be (as in Rust, where they are `u16`; the
/// bytecode's precision operand has the same range).
pub const SPEC_MAX: i64 = u16::MAX as i64;

/// A width or precision written in a format spec, checked against [`SPEC_MAX`].
fn spec_number(digits: &str, what: &str) -> Result<usize, String> {
    match digits.parse::<i64>() {
        Ok(n) if n <= SPEC_MAX => Ok(n as usize),
        _ => Err(format!("the {what} `{digits}` in format spec is too large (at most {SPEC_MAX})")),
    }
}

/// An argument's name or index as written (`0`, `x`); `None` if it is neither.
fn arg_ref(name: &str) -> Option<ArgRef<'_>> {
    if name.is_empty() {
        Some(ArgRef::Next)
    } else if let Ok(n) = name.parse::<usize>() {
        Some(ArgRef::Index(n))
    } else if name.chars().next().is_some_and(|c| c.is_alphabetic() || c == '_') && name.chars().all(|c| c.is_alphanumeric() || c == '_') {
        Some(ArgRef::Name(name))
    } else {
        None
    }
}

/// A width or precision at the start of `spec`: digits, or an argument followed by `$`.
/// Returns it and the rest.
fn count<'s>(spec: &'s str, what: &str) -> Result<(Option<Count<'s>>, &'s str), String> {
    let word: usize = spec.find(|c: char| !(c.is_alphanumeric() || c == '_')).unwrap_or(spec.len());
    if let Some(rest) = spec[word..].strip_prefix('$') {
        let name = &spec[..word];
        return match arg_ref(name) {
            Some(r) if !name.is_empty() => Ok((Some(Count::Arg(r)), rest)),
            _ => Err(format!("invalid argument `{name}$` for the {what} in format spec")),
        };
    }
    let digits = spec.find(|c: char| !c.is_ascii_digit()).unwrap_or(spec.len());
    if digits == 0 {
        return Ok((None, spec));
    }
    Ok((Some(Count::Is(spec_number(&spec[..digits], what)?)), &spec[digits..]))
}

/// Parses what follows the `:` of a placeholder.
pub fn parse_spec(spec: &str) -> Result<Spec<'_>, String> {
    let mut s = Spec { notation: Notation::Display, fill: None, align: None, plus: false, alt: false, zero: false, width: None, precision: None };
    let mut rest = spec;
    let mut chars = rest.chars();
    let (first, second) = (chars.next(), chars.next());
    let is_align = |c: Option<char>| matches!(c, Some('<' | '>' | '^'));
    if let (Some(f), true) = (first, is_align(second)) {
        s.fill = Some(f);
        s.align = second;
        rest = &rest[f.len_utf8() + 1..];
    } else if is_align(first) {
        s.align = first;
        rest = &rest[1..];
    }
    if let Some(r) = rest.strip_prefix('+') {
        s.plus = true;
        rest = r;
    } else if rest.starts_with('-') {
        return Err("the `-` flag in a format spec is not supported (Rust ignores it)".into());
    }
    if let Some(r) = rest.strip_prefix('#') {
        s.alt = true;
        rest = r;
    }
    // (after an alignment too: a number's zeros then win over it, as in Rust)
    if rest.starts_with('0') && !rest[1..].starts_with('$') {
        s.zero = true;
        rest = &rest[1..];
    }
    (s.width, rest) = count(rest, "width")?;
    if let Some(r) = rest.strip_prefix('.') {
        if let Some(r) = r.strip_prefix('*') {
            s.precision = Some(Count::Arg(ArgRef::Next));
            rest = r;
        } else {
            let (p, r) = count(r, "precision")?;
            if p.is_none() {
                return Err("expected a number, `name$` or `*` after `.` in format spec".into());
            }
            (s.precision, rest) = (p, r);
        }
    }
    s.notation = match rest {
        "" => Notation::Display,
        "?" => Notation::Debug,
        "x" => Notation::Radix { base: 16, upper: false },
        "X" => Notation::Radix { base: 16, upper: true },
        "o" => Notation::Radix { base: 8, upper: false },
        "b" => Notation::Radix { base: 2, upper: false },
        "e" => Notation::Exp { upper: false },
        "E" => Notation::Exp { upper: true },
        "x?" | "X?" => return Err(format!("`{rest}` (hexadecimal debug) in format spec is not supported")),
        other => return Err(format!("unsupported format spec `{other}`")),
    };
    Ok(s)
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
                let Some(arg) = arg_ref(name) else { return Err((i, format!("invalid argument name `{name}` in format string"))) };
                let spec = parse_spec(spec).map_err(|m| (i, m))?;
                if !text.is_empty() {
                    out.push(Piece::Text(std::mem::take(&mut text)));
                }
                out.push(Piece::Arg { arg, spec });
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

/// Variable names a format string refers to (`{x}`, `{:w$}`), for capture analysis.
pub fn inline_names(s: &str) -> Vec<&str> {
    let mut names = Vec::new();
    for p in parse_format(s).unwrap_or_default() {
        let Piece::Arg { arg, spec } = p else { continue };
        let counted = [spec.width, spec.precision].into_iter().flatten().filter_map(|c| match c {
            Count::Arg(a) => Some(a),
            Count::Is(_) => None,
        });
        for a in core::iter::once(arg).chain(counted) {
            if let ArgRef::Name(n) = a {
                names.push(n);
            }
        }
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_placeholders() {
        let p = parse_format("a {} b {:?} {:.2} {x} {0} {{}}").unwrap();
        assert_eq!(p.len(), 11);
        assert!(matches!(p[1], Piece::Arg { arg: ArgRef::Next, spec: Spec { notation: Notation::Display, .. } }));
        assert!(matches!(p[3], Piece::Arg { spec: Spec { notation: Notation::Debug, .. }, .. }));
        assert!(matches!(p[5], Piece::Arg { spec: Spec { precision: Some(Count::Is(2)), .. }, .. }));
        assert!(matches!(p[7], Piece::Arg { arg: ArgRef::Name("x"), .. }));
        assert!(matches!(p[9], Piece::Arg { arg: ArgRef::Index(0), .. }));
        assert_eq!(p[10], Piece::Text(" {}".into()));
        assert!(parse_format("{").is_err());
        assert!(parse_format("}").is_err());
        assert!(matches!(parse_format("{:>5}").unwrap()[0], Piece::Arg { spec: Spec { width: Some(Count::Is(5)), align: Some('>'), .. }, .. }));
        assert_eq!(inline_names("{a} {b:?} {} {:w$.p$}"), vec!["a", "b", "w", "p"]);
    }

    #[test]
    fn reads_every_part_of_a_spec() {
        let s = parse_spec("*^+#012.3e").unwrap();
        assert_eq!((s.fill, s.align, s.plus, s.alt, s.zero), (Some('*'), Some('^'), true, true, true));
        assert_eq!((s.width, s.precision, s.notation), (Some(Count::Is(12)), Some(Count::Is(3)), Notation::Exp { upper: false }));
        let s = parse_spec("#X").unwrap();
        assert_eq!((s.alt, s.notation), (true, Notation::Radix { base: 16, upper: true }));
        assert!(parse_spec("#?").unwrap().alt);
        // a fill may be any character, the alignment characters too
        assert_eq!(parse_spec("<<5").unwrap().fill, Some('<'));
        assert_eq!(parse_spec("é>5").unwrap().fill, Some('é'));
        // widths and precisions from arguments
        assert_eq!(parse_spec("w$").unwrap().width, Some(Count::Arg(ArgRef::Name("w"))));
        assert_eq!(parse_spec("1$.p$").unwrap().width, Some(Count::Arg(ArgRef::Index(1))));
        assert_eq!(parse_spec(".*").unwrap().precision, Some(Count::Arg(ArgRef::Next)));
        assert_eq!(parse_spec("0$").unwrap().width, Some(Count::Arg(ArgRef::Index(0))), "`0$` is an argument, not the zero flag");
        assert!(!parse_spec("0$").unwrap().zero);
        for bad in ["z", ".", ".x", "-5", "5.2.3", "x?", "$"] {
            assert!(parse_spec(bad).is_err(), "{bad}");
        }
        assert!(parse_spec("+").unwrap().plus);
    }

    proptest::proptest! {
        /// Any text after a `:` parses or is refused with a message; never a panic.
        #[test]
        fn any_spec_parses_or_is_refused(spec in "\\PC{0,12}") {
            let _ = parse_spec(&spec);
            let _ = parse_format(&spec);
        }

        /// A spec put together from its parts reads back as those parts.
        #[test]
        fn a_built_spec_reads_back(
            fill in proptest::option::of(proptest::char::any()),
            align in proptest::option::of(proptest::sample::select(vec!['<', '>', '^'])),
            plus: bool, alt: bool, zero: bool,
            width in proptest::option::of(1usize..=65535),
            precision in proptest::option::of(0usize..=65535),
            letter in proptest::sample::select(vec!["", "?", "x", "X", "o", "b", "e", "E"]),
        ) {
            let fill = if align.is_some() { fill.filter(|&c| c != '{' && c != '}') } else { None };
            let mut text = String::new();
            text.extend(fill);
            text.extend(align);
            if plus { text.push('+') }
            if alt { text.push('#') }
            if zero { text.push('0') }
            if let Some(w) = width { text += &w.to_string() }
            if let Some(p) = precision { text += &format!(".{p}") }
            text += letter;
            let s = parse_spec(&text).unwrap();
            proptest::prop_assert_eq!((s.fill, s.align, s.plus, s.alt), (fill, align, plus, alt));
            proptest::prop_assert_eq!(s.zero, zero);
            proptest::prop_assert_eq!(s.width, width.map(Count::Is));
            proptest::prop_assert_eq!(s.precision, precision.map(Count::Is));
        }
    }

    #[test]
    fn widths_and_precisions_stop_at_65535() {
        assert!(matches!(parse_format("{:65535.65535}").unwrap()[0], Piece::Arg { spec: Spec { width: Some(Count::Is(65535)), precision: Some(Count::Is(65535)), .. }, .. }));
        for too_large in ["{:65536}", "{:.65536}", "{:99999999999999999999}", "{:.99999999999999999999}"] {
            let (_, msg) = parse_format(too_large).unwrap_err();
            assert!(msg.contains("too large (at most 65535)"), "{too_large}: {msg}");
        }
    }
}
