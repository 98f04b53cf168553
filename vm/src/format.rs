//! `{}` and `{:?}` text of values, as `StrOf*`, `DbgR`, `DbgT`, `println!` and the
//! unhandled-signal report print them. Rust's own rules wherever Rust has one: floats print as `{}`/`{:?}`
//! print them, strings debug-print with Rust's escapes.
//!
//! Debug text: records `Name { a: 1, b: "x" }` (no fields: `Name`), positional layouts
//! (fields named `0`, `1`, ..) `Some(5)`, tuples `(1, "x")`, vectors `[1, 2]`, maps
//! `{"a": 1}`, closures `<closure>`, cells their content, null `null`. Cycles and very
//! deep nesting print `...` past depth 64, and output stops growing past `MAX_TEXT`
//! bytes (a shared sub-object reached by many paths can't blow up exponentially).
//! An int inside an object prints in decimal unless a shape (`DbgT`, the value's static
//! type) says it is a `bool`, `char` or `()`.
use alloc::format;
use alloc::string::String;
use core::fmt::Write;

use cprime_bytecode::module::{Kind, LayoutKind, Module, Shape};

use crate::heap::{Heap, Object};

mod pretty;

/// Nesting depth past which debug text prints `...`.
pub const MAX_DEPTH: usize = 64;
/// Bytes of debug text after which nothing more is appended (then `...`).
pub const MAX_TEXT: usize = 16 << 20;
/// The same bound for a signal's payload in an unhandled-signal report: one line of
/// stderr, not megabytes of a vector it carries.
pub const REPORT_TEXT: usize = 2048;

/// `format!("{}", x)` for `p == -1`, `format!("{:?}", x)` for `p == -2`, `format!("{:.p$}", x)` otherwise.
pub fn float_display(x: f64, p: i64) -> String {
    if p == -2 {
        float_debug(x)
    } else if p < 0 {
        format!("{x}")
    } else {
        format!("{:.*}", p.min(65_535) as usize, x)
    }
}

/// `format!("{:?}", x)`: always shows a decimal point or exponent (`1.0`, `1e20`).
pub fn float_debug(x: f64) -> String {
    format!("{x:?}")
}

/// The text of the char with code point `cp` (U+FFFD when not a valid char).
pub fn char_text(cp: i64) -> String {
    let c = u32::try_from(cp).ok().and_then(char::from_u32).unwrap_or('\u{FFFD}');
    let mut s = String::new();
    s.push(c);
    s
}

/// `{}` of an object: a string's own text; anything else its debug text.
pub fn object_display(module: &Module, heap: &Heap, h: u64) -> String {
    match heap.get(h) {
        Some(Object::Str(s)) => String::from(&**s),
        _ => object_debug(module, heap, h),
    }
}

/// `{:?}` of a char (a code point; what is none prints as U+FFFD), as Rust prints it:
/// quoted, escaped (`'\n'`, `'\''`).
pub fn char_debug(raw: u64) -> String {
    let c = u32::try_from(raw as i64).ok().and_then(char::from_u32).unwrap_or(char::REPLACEMENT_CHARACTER);
    format!("{c:?}")
}

/// `{:?}` of a Duration of `ns` nanoseconds, as Rust prints one: `1.5s`, `250ms`, `3µs`,
/// `0ns` (a negative one with a `-`). With a `precision` (`{:.2?}`; -1 for none) the
/// fraction has that many digits, rounded half up (`1.50s`, `2ms`).
pub fn duration_debug(ns: i64, precision: i64) -> String {
    let magnitude = ns.unsigned_abs();
    let (scale, unit, width): (u64, &str, u32) = match magnitude {
        1_000_000_000.. => (1_000_000_000, "s", 9),
        1_000_000.. => (1_000_000, "ms", 6),
        1_000.. => (1_000, "µs", 3),
        _ => (1, "ns", 0),
    };
    let (mut whole, mut frac) = (magnitude / scale, magnitude % scale);
    let digits = if precision < 0 {
        // as many digits as it takes
        let mut d = width;
        while d > 0 && frac % 10 == 0 {
            frac /= 10;
            d -= 1;
        }
        d
    } else {
        let d = (precision.min(width as i64)) as u32;
        let cut = 10u64.pow(width - d);
        let rest = frac % cut;
        frac /= cut;
        if cut > 1 && rest * 2 >= cut {
            frac += 1;
        }
        if frac >= 10u64.pow(d) {
            frac -= 10u64.pow(d);
            whole += 1;
        }
        d
    };
    let mut text = String::new();
    if ns < 0 {
        text.push('-');
    }
    let _ = write!(text, "{whole}");
    if digits > 0 {
        let _ = write!(text, ".{frac:0width$}", width = digits as usize);
    }
    if precision > digits as i64 {
        if digits == 0 {
            text.push('.');
        }
        for _ in digits as i64..precision {
            text.push('0');
        }
    }
    text.push_str(unit);
    text
}

/// `{:?}` of an object.
pub fn object_debug(module: &Module, heap: &Heap, h: u64) -> String {
    object_debug_within(module, heap, h, MAX_TEXT)
}

/// `{:?}` of an object, cut short (`...`) once it passes `max` bytes.
pub fn object_debug_within(module: &Module, heap: &Heap, h: u64, max: usize) -> String {
    let mut p = Printer { module, heap, out: String::new(), max, leaf: Leaf::default() };
    p.object(h, None, 0);
    p.out
}

/// `{:?}` of an object read as `module.shapes[shape]` (`DbgT`).
pub fn shaped_debug(module: &Module, heap: &Heap, h: u64, shape: u32) -> String {
    let mut p = Printer { module, heap, out: String::new(), max: MAX_TEXT, leaf: Leaf::default() };
    p.object(h, Some(shape), 0);
    p.out
}

/// `{:.p?}` of an object (read as `module.shapes[shape]` if there is one): its floats
/// and `Duration`s with `precision` digits, as Rust's Debug passes the precision down
/// (`Some(1.2)`, `[0.3, 2.0]`).
pub fn debug_with_precision(module: &Module, heap: &Heap, h: u64, shape: Option<u32>, precision: usize) -> String {
    debug_with(module, heap, h, shape, Leaf { precision: Some(precision), ..Leaf::default() })
}

/// `{:?}` of an object with the spec `leaf` gives each number, bool, `()` and `Duration`
/// inside (`{:5?}` of `[1, 2]` is `[    1,     2]`, `{:+?}` of `Some(1.5)` is
/// `Some(+1.5)`), as Rust's Debug passes its formatter down; strings and chars are
/// written as they are, as Rust's are.
pub fn debug_with(module: &Module, heap: &Heap, h: u64, shape: Option<u32>, leaf: Leaf) -> String {
    let mut p = Printer { module, heap, out: String::new(), max: MAX_TEXT, leaf };
    p.object(h, shape, 0);
    p.out
}

/// The part of a `{:?}` spec that Debug passes to the values inside a composite one.
#[derive(Clone, Copy, Default)]
pub struct Leaf {
    /// `{:.p?}`: the digits of every float and `Duration`, the characters of a bool.
    pub precision: Option<usize>,
    /// `{:w?}`: the width each is padded to (0: none).
    pub width: usize,
    /// `StrPad`'s mode, or `DEBUG_NO_ALIGN` for none given; `DEBUG_PLUS` for `{:+?}`.
    pub mode: i64,
}

/// What a leaf value is to its layout: a number (right-aligned by default, zero-padded
/// after its sign, signed by `{:+?}`), text padded as `Formatter::pad` pads it (a bool,
/// `()`: left-aligned by default, no zeros), or a `Duration` (padded as text, signed as
/// a number).
#[derive(Clone, Copy, PartialEq)]
enum LeafKind {
    Number,
    Text,
    Duration,
}

impl Leaf {
    fn lays_out(&self) -> bool {
        self.width > 0 || self.mode & DEBUG_PLUS != 0
    }

    /// `text`, a leaf of kind `k`, signed and padded as the spec says.
    fn lay_out(&self, text: String, k: LeafKind) -> String {
        let text = if self.mode & DEBUG_PLUS != 0 && k != LeafKind::Text { num_sign(&text).unwrap_or(text) } else { text };
        let align = match self.mode & 3 {
            DEBUG_NO_ALIGN if k == LeafKind::Number => PAD_RIGHT,
            DEBUG_NO_ALIGN => PAD_LEFT,
            a => a,
        };
        let zeros = if k == LeafKind::Number { self.mode & PAD_ZEROS } else { 0 };
        let fill = self.mode & !((1 << PAD_FILL_SHIFT) - 1);
        pad(&text, self.width, align | zeros | fill).unwrap_or(text)
    }
}

/// `{:?}` of a raw value of `kind`.
pub fn value_debug(module: &Module, heap: &Heap, kind: Kind, raw: u64) -> String {
    let mut p = Printer { module, heap, out: String::new(), max: MAX_TEXT, leaf: Leaf::default() };
    p.value(kind, raw, None, 0);
    p.out
}

struct Printer<'a> {
    module: &'a Module,
    heap: &'a Heap,
    out: String,
    /// Bytes after which nothing more is appended.
    max: usize,
    /// What the spec says of the numbers, bools, `()` and `Duration`s inside.
    leaf: Leaf,
}

impl<'a> Printer<'a> {
    /// Shape `s` of the module, if there is one (`None`: print by kinds only).
    fn shape(&self, s: Option<u32>) -> Option<&'a Shape> {
        s.and_then(|i| self.module.shapes.get(i as usize))
    }

    fn value(&mut self, kind: Kind, raw: u64, shape: Option<u32>, depth: usize) {
        let start = self.out.len();
        let leaf = match (kind, self.shape(shape)) {
            (Kind::Ref, _) | (Kind::Int, Some(Shape::Char)) => None,
            (Kind::Int, Some(Shape::Bool | Shape::Unit)) => Some(LeafKind::Text),
            (Kind::Int, Some(Shape::Duration)) => Some(LeafKind::Duration),
            _ => Some(LeafKind::Number),
        };
        self.leaf_text(kind, raw, shape, depth);
        if let Some(k) = leaf.filter(|_| self.leaf.lays_out()) {
            let text = self.out.split_off(start);
            let text = self.leaf.lay_out(text, k);
            self.out.push_str(&text);
        }
    }

    fn leaf_text(&mut self, kind: Kind, raw: u64, shape: Option<u32>, depth: usize) {
        let precision = self.leaf.precision;
        match (kind, self.shape(shape)) {
            (Kind::Int, Some(Shape::Bool)) => {
                // (a bool's Debug is its Display, which a precision cuts, as Rust's: `tru`)
                let text = if raw != 0 { "true" } else { "false" };
                self.out.push_str(&text[..precision.map_or(text.len(), |p| p.min(text.len()))]);
            }
            (Kind::Int, Some(Shape::Char)) => self.out.push_str(&char_debug(raw)),
            (Kind::Int, Some(Shape::Unit)) => self.out.push_str(&"()"[..precision.map_or(2, |p| p.min(2))]),
            (Kind::Int, Some(Shape::Duration)) => {
                let p = precision.map_or(-1, |p| p as i64);
                self.out.push_str(&duration_debug(raw as i64, p));
            }
            (Kind::Int, Some(Shape::Unsigned)) => {
                let _ = write!(self.out, "{raw}");
            }
            (Kind::Int, _) => {
                let _ = write!(self.out, "{}", raw as i64);
            }
            (Kind::Float, _) => {
                let x = f64::from_bits(raw);
                let _ = match precision {
                    Some(p) => write!(self.out, "{x:.p$?}"),
                    None => write!(self.out, "{x:?}"),
                };
            }
            (Kind::Ref, _) => self.object(raw, shape, depth),
        }
    }

    fn object(&mut self, h: u64, shape: Option<u32>, depth: usize) {
        if self.out.len() > self.max {
            if !self.out.ends_with("...") {
                self.out.push_str("...");
            }
            return;
        }
        if h == 0 {
            self.out.push_str("null");
            return;
        }
        if depth > MAX_DEPTH {
            self.out.push_str("...");
            return;
        }
        let heap = self.heap;
        match heap.get(h) {
            None => self.out.push_str("<invalid>"),
            Some(Object::Free) => self.out.push_str("<freed>"),
            Some(Object::Str(s)) => self.string(s),
            Some(Object::Record { layout, fields }) => {
                // the context's shape, else the one of the record's own declared layout
                let fields_of = |s: Option<&'a Shape>| match s {
                    Some(Shape::Records(rs)) => rs.iter().find(|(l, _)| l == layout).map(|(_, fs)| &fs[..]),
                    _ => None,
                };
                let own = self.module.record_shapes.iter().find(|(l, _)| l == layout).map(|&(_, s)| s);
                let shapes = fields_of(self.shape(shape)).or_else(|| fields_of(self.shape(own))).unwrap_or(&[]);
                self.record(*layout, fields, shapes, depth)
            }
            Some(Object::Vector { kind, items }) => {
                let item = match self.shape(shape) {
                    Some(Shape::Items(s)) => Some(*s),
                    _ => None,
                };
                self.out.push('[');
                for (i, &v) in items.iter().enumerate() {
                    if i > 0 {
                        self.out.push_str(", ");
                    }
                    self.value(*kind, v, item, depth + 1);
                    if self.out.len() > self.max && i + 1 < items.len() {
                        self.out.push_str(", ...");
                        break;
                    }
                }
                self.out.push(']');
            }
            Some(Object::Map(m)) => {
                let (ks, vs) = match self.shape(shape) {
                    Some(Shape::Entries(k, v)) => (Some(*k), Some(*v)),
                    _ => (None, None),
                };
                self.out.push('{');
                for (i, (&k, &v)) in m.keys().iter().zip(m.values()).enumerate() {
                    if i > 0 {
                        self.out.push_str(", ");
                    }
                    self.value(m.key, k, ks, depth + 1);
                    self.out.push_str(": ");
                    self.value(m.val, v, vs, depth + 1);
                    if self.out.len() > self.max && i + 1 < m.len() {
                        self.out.push_str(", ...");
                        break;
                    }
                }
                self.out.push('}');
            }
            Some(Object::Closure { .. }) => self.out.push_str("<closure>"),
            Some(Object::Cell { kind, value }) => self.value(*kind, *value, shape, depth + 1),
            Some(Object::Port { sender: true, .. }) => self.out.push_str("<sender>"),
            Some(Object::Port { sender: false, .. }) => self.out.push_str("<receiver>"),
            Some(Object::Socket { listener: true, .. }) => self.out.push_str("<TcpListener>"),
            Some(Object::Socket { listener: false, .. }) => self.out.push_str("<TcpStream>"),
            Some(Object::Task { id, .. }) => {
                let _ = write!(self.out, "<task {id}>");
            }
        }
    }

    /// A quoted string; one longer than the room left is cut at a character boundary
    /// and ends `..."`.
    fn string(&mut self, s: &str) {
        let room = self.max.saturating_sub(self.out.len());
        if s.len() <= room {
            let _ = write!(self.out, "{s:?}");
            return;
        }
        let cut = (0..=room).rev().find(|&i| s.is_char_boundary(i)).unwrap_or(0);
        let _ = write!(self.out, "{:?}", &s[..cut]);
        self.out.pop();
        self.out.push_str("...\"");
    }

    /// A record; `shapes` are its fields' (none: print by kinds).
    fn record(&mut self, layout: u32, fields: &[u64], shapes: &[u32], depth: usize) {
        let Some(l) = self.module.layout(layout) else {
            self.out.push_str("<record>");
            return;
        };
        let positional = l.fields.iter().enumerate().all(|(i, (name, _))| name.parse::<usize>() == Ok(i));
        let tuple = matches!(l.kind, LayoutKind::Tuple);
        if tuple || positional {
            if !tuple {
                self.out.push_str(&l.name);
                if l.fields.is_empty() {
                    return;
                }
            }
            self.out.push('(');
            for (i, ((_, kind), &v)) in l.fields.iter().zip(fields).enumerate() {
                if i > 0 {
                    self.out.push_str(", ");
                }
                self.value(*kind, v, shapes.get(i).copied(), depth + 1);
            }
            if tuple && l.fields.len() == 1 {
                self.out.push(',');
            }
            self.out.push(')');
        } else {
            self.out.push_str(&l.name);
            self.out.push_str(" { ");
            for (i, ((name, kind), &v)) in l.fields.iter().zip(fields).enumerate() {
                if i > 0 {
                    self.out.push_str(", ");
                }
                self.out.push_str(name);
                self.out.push_str(": ");
                self.value(*kind, v, shapes.get(i).copied(), depth + 1);
            }
            self.out.push_str(" }");
        }
    }
}

pub use cprime_bytecode::natives::{PAD_CENTRE, PAD_FILL_SHIFT, PAD_LEFT, PAD_RIGHT, PAD_ZEROS};
use cprime_bytecode::natives::{DEBUG_NO_ALIGN, DEBUG_PLUS, FMT_ALT, FMT_BITS_SHIFT, FMT_EXP, FMT_PLAIN, FMT_UNSIGNED, FMT_UPPER};

pub use pretty::pretty;

/// `text` padded to `width` characters as Rust's `format!` pads (`{:<6}`, `{:>6}`,
/// `{:^6}`: with spaces or the mode's fill character, a centred text's extra one on the
/// right; `{:06}` of a number: zeros after its sign and its `0x`, `-0042`, `0x002a`), or
/// `None` when it is that wide already.
pub fn pad(text: &str, width: usize, mode: i64) -> Option<String> {
    let missing = width.checked_sub(text.chars().count()).filter(|&m| m > 0)?;
    let mut out = String::with_capacity(text.len() + missing);
    if mode & PAD_ZEROS != 0 {
        let signed = text.strip_prefix(['-', '+']).unwrap_or(text);
        let digits = ["0x", "0o", "0b"].iter().find_map(|p| signed.strip_prefix(p)).unwrap_or(signed);
        out.push_str(&text[..text.len() - digits.len()]);
        out.extend(core::iter::repeat_n('0', missing));
        out.push_str(digits);
        return Some(out);
    }
    let fill = u32::try_from(mode >> PAD_FILL_SHIFT).ok().and_then(char::from_u32).filter(|&c| c != '\0').unwrap_or(' ');
    let (before, after) = match mode & 3 {
        PAD_RIGHT => (missing, 0),
        PAD_CENTRE => (missing / 2, missing - missing / 2),
        _ => (0, missing),
    };
    out.extend(core::iter::repeat_n(fill, before));
    out.push_str(text);
    out.extend(core::iter::repeat_n(fill, after));
    Some(out)
}

/// An integer as `{:x}`, `{:#X}`, `{:o}`, `{:b}`, `{:e}`, `{:.2E}` write it (Rust's own
/// formatting); `mode` holds the notation, the flags and the type's width (`FMT_*`): a
/// negative `i32` in hex is its 32-bit two's complement, as Rust's.
pub fn int_text(x: i64, mode: i64, precision: i64) -> String {
    let bits = ((mode >> FMT_BITS_SHIFT) & 127) as u32;
    let raw = if bits == 0 || bits >= 64 { x as u64 } else { (x as u64) & ((1u64 << bits) - 1) };
    let (upper, alt) = (mode & FMT_UPPER != 0, mode & FMT_ALT != 0);
    let p = usize::try_from(precision).ok().map(|p| p.min(65_535));
    match (mode & 0xff, upper, alt) {
        (16, false, false) => format!("{raw:x}"),
        (16, false, true) => format!("{raw:#x}"),
        (16, true, false) => format!("{raw:X}"),
        (16, true, true) => format!("{raw:#X}"),
        (8, _, false) => format!("{raw:o}"),
        (8, _, true) => format!("{raw:#o}"),
        (2, _, false) => format!("{raw:b}"),
        (2, _, true) => format!("{raw:#b}"),
        // (`{}` of a `u64`, whose 64 bits are one unsigned number)
        (10, _, _) if mode & FMT_UNSIGNED != 0 => format!("{raw}"),
        (10, _, _) => format!("{x}"),
        _ if mode & FMT_UNSIGNED != 0 => exp_text(x as u64, upper, p),
        _ => exp_text(x, upper, p),
    }
}

/// `{:e}` / `{:E}` / `{:.p$e}` of any number Rust formats that way.
fn exp_text<T: core::fmt::LowerExp + core::fmt::UpperExp>(x: T, upper: bool, p: Option<usize>) -> String {
    if p == Some(65_535) {
        // std's float formatting asks for one digit more than the precision, which
        // wraps at its 16 bits (an assertion fails): a number's exact digits end long
        // before 65,534 (an f64's after 767), so the last one is a zero
        let mut text = exp_text(x, upper, Some(65_534));
        if let Some(at) = text.find(['e', 'E']).filter(|_| text.contains('.')) {
            text.insert(at, '0');
        }
        return text;
    }
    match (upper, p) {
        (false, None) => format!("{x:e}"),
        (false, Some(p)) => format!("{x:.p$e}"),
        (true, None) => format!("{x:E}"),
        (true, Some(p)) => format!("{x:.p$E}"),
    }
}

/// A float as `{:e}` or `{:E}` writes it, or (`FMT_PLAIN`) as `{}` with a precision
/// known only at run time (`{:.*}`, `{:.p$}`); -1: none.
pub fn float_text(x: f64, mode: i64, precision: i64) -> String {
    let p = usize::try_from(precision).ok().map(|p| p.min(65_535));
    if mode & FMT_PLAIN != 0 {
        return float_display(x, p.map_or(-1, |p| p as i64));
    }
    debug_assert_eq!(mode & 0xff, FMT_EXP);
    exp_text(x, mode & FMT_UPPER != 0, p)
}

/// `{:+}` of a number whose text is `text`: a `+` before it unless it has a sign (or is
/// NaN, which Rust writes without one).
pub fn num_sign(text: &str) -> Option<String> {
    if text.starts_with(['-', '+']) || text == "NaN" {
        return None;
    }
    Some(format!("+{text}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn floats_follow_rust() {
        assert_eq!(float_display(1.0, -1), "1");
        assert_eq!(float_display(1.5, -1), "1.5");
        assert_eq!(float_display(2.0f64.sqrt(), 2), "1.41");
        assert_eq!(float_display(1e21, -1), "1000000000000000000000");
        assert_eq!(float_debug(1.0), "1.0");
        assert_eq!(float_debug(1e21), "1e21");
        assert_eq!(float_display(f64::NAN, -1), "NaN");
        assert_eq!(char_text(0x41), "A");
        assert_eq!(char_text(-1), "\u{FFFD}");
    }

    #[test]
    fn durations_follow_rust() {
        // what `format!("{:?}", Duration::..)` gives in Rust
        let cases: &[(i64, i64, &str)] = &[
            (0, -1, "0ns"),
            (1, -1, "1ns"),
            (999, -1, "999ns"),
            (1_000, -1, "1µs"),
            (1_500, -1, "1.5µs"),
            (250_000_000, -1, "250ms"),
            (1_500_000_000, -1, "1.5s"),
            (1_000_000_001, -1, "1.000000001s"),
            (90_000_000_000, -1, "90s"),
            (1_500_000_000, 2, "1.50s"),
            (1_999_000_000, 2, "2.00s"),
            (1_995_000_000, 2, "2.00s"),
            (1_994_000_000, 2, "1.99s"),
            (2_000_000, 0, "2ms"),
            (2_500_000, 0, "3ms"),
            (7, 3, "7.000ns"),
            (1_000, 1, "1.0µs"),
            (-1_500_000_000, -1, "-1.5s"),
            (i64::MIN, -1, "-9223372036.854775808s"),
        ];
        for &(ns, p, want) in cases {
            assert_eq!(duration_debug(ns, p), want, "{ns} ns, precision {p}");
        }
    }

    #[test]
    fn padding_counts_characters_and_puts_zeros_after_the_sign() {
        use super::{pad, PAD_CENTRE, PAD_LEFT, PAD_RIGHT, PAD_ZEROS};
        assert_eq!(pad("é", 6, PAD_RIGHT).as_deref(), Some("     é"));
        assert_eq!(pad("日本", 6, PAD_LEFT).as_deref(), Some("日本    "));
        assert_eq!(pad("ü", 7, PAD_CENTRE).as_deref(), Some("   ü   "));
        assert_eq!(pad("ab", 5, PAD_CENTRE).as_deref(), Some(" ab  "), "the extra space on the right");
        assert_eq!(pad("-42", 5, PAD_ZEROS).as_deref(), Some("-0042"));
        assert_eq!(pad("-1.50", 8, PAD_ZEROS).as_deref(), Some("-0001.50"));
        assert_eq!(pad("42", 5, PAD_ZEROS).as_deref(), Some("00042"));
        assert_eq!(pad("wide", 4, PAD_LEFT), None, "already that wide");
        assert_eq!(pad("wider", 2, PAD_RIGHT), None);
        assert_eq!(pad("0x2a", 8, PAD_ZEROS).as_deref(), Some("0x00002a"), "zeros after the prefix");
        assert_eq!(pad("-0b1", 6, PAD_ZEROS).as_deref(), Some("-0b001"));
        assert_eq!(pad("ab", 5, PAD_CENTRE | ('*' as i64) << super::PAD_FILL_SHIFT).as_deref(), Some("*ab**"));
    }

    #[test]
    fn notations_are_rusts() {
        use cprime_bytecode::natives::{FMT_ALT, FMT_BITS_SHIFT, FMT_EXP, FMT_PLAIN, FMT_UNSIGNED, FMT_UPPER};
        assert_eq!(int_text(255, 16 | FMT_ALT | FMT_UPPER, -1), "0xFF");
        assert_eq!(int_text(-1, 16 | 32 << FMT_BITS_SHIFT, -1), "ffffffff", "an i32's two's complement");
        assert_eq!(int_text(-1, 16, -1), "ffffffffffffffff");
        assert_eq!(int_text(5, 2 | FMT_ALT | 8 << FMT_BITS_SHIFT, -1), "0b101");
        assert_eq!(int_text(1250, FMT_EXP, 1), "1.2e3", "Rust rounds half to even");
        assert_eq!(int_text(-1, FMT_EXP | FMT_UNSIGNED, -1), "1.8446744073709551615e19");
        // the largest precision: one zero more than the one below it
        for x in [1.5, 0.0, f64::MAX, 5e-324] {
            let (a, b) = (float_text(x, FMT_EXP, 65_535), float_text(x, FMT_EXP, 65_534));
            assert_eq!(a.len(), b.len() + 1);
            assert_eq!(a.replacen("0e", "e", 1), b, "{x}");
        }
        assert_eq!(float_text(f64::NAN, FMT_EXP | FMT_UPPER, 65_535), "NaN");
        assert_eq!(int_text(7, FMT_EXP, 65_535).len(), int_text(7, FMT_EXP, 65_534).len() + 1);
        assert_eq!(float_text(1234.5, FMT_EXP | FMT_UPPER, 2), "1.23E3");
        assert_eq!(float_text(1.0 / 3.0, FMT_PLAIN, 3), "0.333");
        assert_eq!(num_sign("5").as_deref(), Some("+5"));
        assert_eq!(num_sign("-5"), None);
        assert_eq!(num_sign("NaN"), None);
    }
}
