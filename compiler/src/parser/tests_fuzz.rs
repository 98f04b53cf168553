//! Robustness: `parse_file` never panics, never hangs and never overflows the stack,
//! whatever the input: arbitrary text, soups of CPrime tokens, deep nesting, and every
//! prefix / random edit of the conformance programs.
use super::parse_file;
use crate::diag::{Diagnostics, SourceMap};
use bumpalo::Bump;
use proptest::prelude::*;

/// Parses `src`; checks that spans stay inside the text and ids are below the counter.
fn parse_checked(src: &str) -> usize {
    let arena = Bump::new();
    let mut sm = SourceMap::default();
    let f = sm.add("fuzz.cp", src);
    let mut diags = Diagnostics::default();
    let mut next = 0;
    let file = parse_file(&arena, &sm, f, &mut next, &mut diags);
    for d in &diags.list {
        assert!(d.span.lo <= d.span.hi && d.span.hi as usize <= src.len(), "bad span {:?} for {src:?}", d.span);
        let _ = d.render(&sm, false);
    }
    for item in file.items {
        assert!(item.span.hi as usize <= src.len());
    }
    diags.list.len()
}

const TOKENS: &[&str] = &[
    "fn", "main", "(", ")", "=", "default", "{", "}", "let", "mut", "x", ":", "int", ";", ",", "1", "1_KB", "16_ms", "0.5", "+", "-", "*",
    "/", "%", "==", "!=", "<", ">", "<=", ">>", ">>=", "<<", "&&", "||", "!", "&", "|", "^", "..", "..=", "=>", "->", "::", ".", "?",
    "\"s\"", "'c'", "'a", "if", "else", "while", "loop", "for", "in", "match", "_", "return", "break", "continue", "struct", "enum",
    "class", "functional", "trait", "impl", "signal", "S", "const", "static", "use", "mod", "pub", "catch", "recover", "raise",
    "except", "defer", "async", "await", "co_await", "spawn", "select", "unsafe", "move", "dyn", "self", "Self", "as", "where", "type",
    "optional", "#", "[", "]", "#[test]", "#[cfg(feature = \"x\")]", "vec!", "println!", "void", "task<>", "Vec<int>", "t.0.1",
    "heap_stage{.size = 1_GB}", "catch {", "} recover {", "=default", "|x|", "'outer:", "true", "None", "Some(x)",
];

fn soup(max: usize) -> impl Strategy<Value = String> {
    proptest::collection::vec(0..TOKENS.len(), 0..max).prop_map(|ix| ix.iter().map(|&i| TOKENS[i]).collect::<Vec<_>>().join(" "))
}

fn conformance_sources() -> Vec<String> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/conformance");
    let Ok(rd) = std::fs::read_dir(dir) else { return Vec::new() };
    let mut out: Vec<String> = rd
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "cp"))
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .collect();
    out.sort();
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn never_panics_on_arbitrary_text(s in "\\PC*") {
        parse_checked(&s);
    }

    #[test]
    fn never_panics_on_arbitrary_bytes_made_text(bytes in proptest::collection::vec(any::<u8>(), 0..300)) {
        parse_checked(&String::from_utf8_lossy(&bytes));
    }

    #[test]
    fn never_panics_on_token_soup(s in soup(200)) {
        parse_checked(&s);
    }

    #[test]
    fn never_panics_on_token_soup_inside_a_body(s in soup(100)) {
        parse_checked(&format!("fn main() = default {{ {s} }}"));
        parse_checked(&format!("struct S {{ {s} }}"));
        parse_checked(&format!("int app() = default({s}) {{ }}"));
    }

    #[test]
    fn never_panics_on_deep_nesting(openers in proptest::collection::vec(0..12usize, 1..8), reps in 1..3000usize) {
        const OPEN: [&str; 12] = ["(", "[", "{", "-", "!", "&", "|x| ", "Vec<", "if x {", "S { a: ", "match x { _ => ", "'a: loop {"];
        let unit: String = openers.iter().map(|&i| OPEN[i]).collect();
        let src = format!("fn f() {{ {} }}", unit.repeat(reps));
        // far fewer errors than openers: no cascade
        prop_assert!(parse_checked(&src) <= 5);
    }

    #[test]
    fn never_panics_on_edited_conformance_programs(pick in any::<prop::sample::Index>(), edits in proptest::collection::vec((any::<prop::sample::Index>(), 0..TOKENS.len(), any::<bool>()), 1..6)) {
        let sources = conformance_sources();
        if sources.is_empty() {
            return Ok(());
        }
        let mut src = sources[pick.index(sources.len())].clone();
        for (at, tok, delete) in edits {
            let mut i = at.index(src.len() + 1);
            while !src.is_char_boundary(i) {
                i -= 1;
            }
            if delete {
                let end = src[i..].char_indices().nth(3).map_or(src.len(), |(j, _)| i + j);
                src.replace_range(i..end, "");
            } else {
                src.insert_str(i, TOKENS[tok]);
            }
        }
        parse_checked(&src);
    }
}

/// Every prefix of every conformance program: all the ways a file can end early.
#[test]
fn every_prefix_of_the_conformance_programs() {
    for src in conformance_sources() {
        for (i, _) in src.char_indices() {
            parse_checked(&src[..i]);
        }
    }
}

/// Deep input on a thread with a small (1 MiB) stack: the nesting limit leaves a wide
/// margin under the usual 2 MiB test thread and 8 MiB main thread.
#[test]
fn deep_nesting_fits_in_a_small_stack() {
    let inputs: Vec<String> = [
        "(", "[", "{", "-", "!", "& ", "&&", "|x| ", "x = ", "return ", "raise ", "spawn ", "co_await ", "if x { ", "while x { ", "loop { ",
        "match x { _ => ", "S { a: ", "s{.a = ", "f(", "x.m(", "vec![", "unsafe { ", "async { ", "catch { ", "[0; ", "'a: loop { ", "..",
    ]
    .iter()
    .map(|o| format!("fn f() {{ {}1 }}", o.repeat(10_000)))
    .chain(["Vec<", "&", "(", "[", "fn(", "*mut "].iter().map(|o| format!("fn f(x: {}int) {{}}", o.repeat(10_000))))
    .chain(["(", "&", "Some("].iter().map(|o| format!("fn f() {{ let {}x = 1; }}", o.repeat(10_000))))
    .chain(["mod m { ", "#[cfg(not(", "use a::{"].iter().map(|o| o.repeat(10_000)))
    .collect();
    let handle = std::thread::Builder::new()
        .stack_size(1 << 20)
        .spawn(move || {
            for src in &inputs {
                let n = parse_checked(src);
                assert!((1..=5).contains(&n), "{n} errors for {}..", &src[..40.min(src.len())]);
            }
        })
        .expect("spawn");
    assert!(handle.join().is_ok(), "parser overflowed a 1 MiB stack");
}
