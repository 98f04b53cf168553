//! `{:#?}`: Rust's pretty Debug layout, made from the one-line debug text. Every
//! non-empty `(..)`, `[..]` or `{..}` puts its items one a line, indented four spaces a
//! level, each followed by a comma (`Some(\n    1,\n)`, `P {\n    x: 1,\n}`); empty
//! ones stay as they are (`[]`, `{}`, `()`). String and char literals are copied as
//! they are (their brackets and commas are text): debug text escapes their quotes.

/// Four spaces a level, as Rust's `PadAdapter`.
const INDENT: &[u8] = b"    ";

/// The pretty layout of the one-line debug text `text`.
pub fn pretty(text: &str) -> alloc::string::String {
    let b = text.as_bytes();
    let mut out: alloc::vec::Vec<u8> = alloc::vec::Vec::with_capacity(b.len() * 2);
    let mut depth = 0usize;
    // for each open `{`: whether it is a struct's (`P { x: 1 }`, spaces inside its
    // braces) rather than a map's (`{1: 2}`, none: a padded key's spaces are its own)
    let mut struct_braces: alloc::vec::Vec<bool> = alloc::vec::Vec::new();
    let mut i = 0;
    let line = |out: &mut alloc::vec::Vec<u8>, depth: usize| {
        out.push(b'\n');
        for _ in 0..depth {
            out.extend_from_slice(INDENT);
        }
    };
    while i < b.len() {
        let c = b[i];
        match c {
            b'"' | b'\'' => {
                // a literal, to its closing quote (past escaped ones)
                out.push(c);
                i += 1;
                while i < b.len() {
                    let d = b[i];
                    out.push(d);
                    i += 1;
                    if d == b'\\' {
                        if let Some(&e) = b.get(i) {
                            out.push(e);
                            i += 1;
                        }
                    } else if d == c {
                        break;
                    }
                }
            }
            b'(' | b'[' | b'{' => {
                let close = match c {
                    b'(' => b')',
                    b'[' => b']',
                    _ => b'}',
                };
                // (a struct's `P { x: 1 }` has a space inside its braces; nothing else
                // does, and a value padded with spaces keeps them: `{:#5?}`)
                let is_struct = c == b'{' && i >= 2 && b[i - 1] == b' ' && (b[i - 2].is_ascii_alphanumeric() || b[i - 2] == b'_');
                let next = if is_struct { skip_one_space(b, i + 1) } else { i + 1 };
                if b.get(next) == Some(&close) {
                    out.extend_from_slice(&[c, close]);
                    i = next + 1;
                    continue;
                }
                out.push(c);
                if c == b'{' {
                    struct_braces.push(is_struct);
                }
                depth += 1;
                line(&mut out, depth);
                i = next;
            }
            b',' if depth > 0 => {
                let next = skip_one_space(b, i + 1);
                // a one-tuple's `(1,)`: the closer writes the comma
                if !matches!(b.get(next), Some(b')' | b']' | b'}')) {
                    out.push(b',');
                    line(&mut out, depth);
                }
                i = next;
            }
            b')' | b']' | b'}' if depth > 0 => {
                if c == b'}' && struct_braces.pop() == Some(true) && out.last() == Some(&b' ') {
                    out.pop();
                }
                out.push(b',');
                depth -= 1;
                line(&mut out, depth);
                out.push(c);
                i += 1;
            }
            _ => {
                out.push(c);
                i += 1;
            }
        }
    }
    // only ASCII was added, at ASCII places: the text stays UTF-8
    alloc::string::String::from_utf8(out).unwrap_or_else(|_| text.into())
}

/// The index after the space at `i`, if there is one there (the one-line text's
/// separators have one: `, `).
fn skip_one_space(b: &[u8], i: usize) -> usize {
    if b.get(i) == Some(&b' ') {
        i + 1
    } else {
        i
    }
}

#[cfg(test)]
mod tests {
    use super::pretty;

    #[test]
    fn lays_out_as_rusts_pretty_debug() {
        // each expected text is what Rust's `{:#?}` prints for the value in the comment
        let cases: &[(&str, &str)] = &[
            ("5", "5"),
            ("\"a, (b]\"", "\"a, (b]\""),
            ("Some(1)", "Some(\n    1,\n)"),
            ("[]", "[]"),
            ("{}", "{}"),
            ("()", "()"),
            ("(1,)", "(\n    1,\n)"),
            ("[1, 2]", "[\n    1,\n    2,\n]"),
            ("P { x: 1, y: [2] }", "P {\n    x: 1,\n    y: [\n        2,\n    ],\n}"),
            ("{\"k\": Some(')')}", "{\n    \"k\": Some(\n        ')',\n    ),\n}"),
            ("Some('\\'')", "Some(\n    '\\'',\n)"),
            ("[\"\\\"[\", \"é\"]", "[\n    \"\\\"[\",\n    \"é\",\n]"),
            ("Ok(())", "Ok(\n    (),\n)"),
            // `{:#5?}`: the padding of each value stays
            ("[    1,    -2]", "[\n        1,\n       -2,\n]"),
            ("P { x: 1     }", "P {\n    x: 1    ,\n}"),
            ("{     7: false }", "{\n         7: false ,\n}"),
            ("P { m: {  -5: ()  } }", "P {\n    m: {\n          -5: ()  ,\n    },\n}"),
        ];
        for (one_line, want) in cases {
            assert_eq!(pretty(one_line), *want, "{one_line}");
        }
    }
}
