//! Error tests: each message with its `line:col`, recovery that finds later mistakes,
//! and no cascades from a single one.
use super::tests::parse;

/// The errors of `src` as `line:col: message`.
fn errors(src: &str) -> Vec<String> {
    parse(src).1
}

#[track_caller]
fn assert_errors(src: &str, want: &[&str]) {
    assert_eq!(errors(src), want, "in:\n{src}");
}

#[test]
fn missing_semicolon_is_reported_and_parsing_goes_on() {
    assert_errors("fn main() {\n    let x = 1\n    let y = 2;\n    foo(x y);\n    bar();\n}\n", &["2:14: expected `;`, found keyword `let`", "4:11: expected `,` or `)`, found `y`"]);
    assert_errors("fn main() { f() g(); }", &["1:17: expected `;`, found `g`"]);
    assert_errors("const N: int = 5\nfn f() { }", &["1:17: expected `;`, found keyword `fn`"]);
}

#[test]
fn expected_token_messages() {
    assert_errors("fn main() { let v = match x {\n 1 => a\n 2 => b,\n }; }", &["3:2: expected `,` following `match` arm, found `2`"]);
    assert_errors("fn main() { catch(E) { a(); }\n let y = 2; }", &["2:2: expected `recover` after the `catch` block, found keyword `let`"]);
    assert_errors("struct S {\n a: int\n b: int,\n}", &["3:2: expected `,` or `}`, found `b`"]);
    assert_errors("fn f() { 1 + }", &["1:14: expected expression, found `}`"]);
    assert_errors("fn g(a int) { }", &["1:8: expected `:`, found `int`"]);
    assert_errors("int h() = { }", &["1:11: expected a runtime after `=`, found `{`"]);
    assert_errors("fn g() -> Vec<int { }", &["1:19: expected `,` or `>`, found `{`"]);
    assert_errors("fn main() { a < b < c; }", &["1:19: comparison operators cannot be chained"]);
    assert_errors("fn main() = default(heap_stage{}) ;", &["1:35: expected `{` (the entry point's body), found `;`"]);
    assert_errors("fn f() { for x v { } }", &["1:16: expected `in`, found `v`"]);
    assert_errors("fn f() { let = 1; }", &["1:14: expected pattern, found `=`"]);
    assert_errors("fn f() { raise; }", &["1:15: expected a signal after `raise`, as in `raise(NAME)`, found `;`"]);
    assert_errors("fn f() { x = 1..=; }", &["1:15: inclusive range with no end"]);
    assert_errors("let x = 1;", &["1:1: expected item, found keyword `let`"]);
    assert_errors("pub 5", &["1:5: expected item after `pub`, found `5`"]);
    assert_errors("fn f() { if x { } else y }", &["1:24: expected `{` or `if` after `else`, found `y`"]);
    assert_errors("fn f() { |x| -> int x; }", &["1:21: expected `{` (a closure with a return type needs a block body), found `x`"]);
}

#[test]
fn delimiter_errors() {
    assert_errors("fn main() {\n    if x {\n}\nfn g() { }\n", &["1:11: unclosed delimiter `{`"]);
    assert_errors("fn main() { }\n}\nfn x() {}", &["2:1: unexpected closing delimiter `}`"]);
    assert_errors("fn main() {\n    let x = (1 + 2;\n    let y = 3;\n}\nfn ok() {}", &["2:19: expected `,` or `)`, found `;`"]);
}

#[test]
fn lexer_errors_come_through_in_source_order() {
    assert_errors(
        "fn f() { let s = \"a\\qb\"; let n = 5_XB; }\nfn g() { x ¤ }\nfn h() { let c = 'ab'; }\nfn i() { /* open",
        &[
            "1:20: unknown character escape: `q`",
            "1:36: invalid suffix `XB` for number literal",
            "2:12: unknown start of token: `¤`",
            "3:18: character literal may only contain one codepoint",
            "4:10: unterminated block comment",
        ],
    );
    assert_errors("fn f() { let s = \"abc; }", &["1:18: unterminated string literal"]);
}

#[test]
fn one_mistake_gives_one_error_and_later_ones_are_found() {
    let src = "fn a() { let x = ; }\nfn b() { good(); }\nstruct S { x int }\nfn c() { foo(; }\nimpl S {\n  fn a(&self) { }\n  garbage here;\n  fn b() { }\n}\nenum E { A B }\n";
    assert_errors(
        src,
        &[
            "1:18: expected expression, found `;`",
            "3:14: expected `:`, found `int`",
            "4:14: expected expression, found `;`",
            "7:3: expected method, found `garbage`",
            "10:12: expected `,` or `}`, found `B`",
        ],
    );
}

#[test]
fn nesting_too_deep_is_an_error_not_a_crash() {
    for (open, close) in [("(", ")"), ("[", "]"), ("{", "}"), ("-", ""), ("!", ""), ("& ", ""), ("|x| ", ""), ("x = ", ""), ("return ", "")] {
        let src = format!("fn f() {{ {}1{} }}", open.repeat(300), close.repeat(300));
        let errs = errors(&src);
        assert_eq!(errs.len(), 1, "{open}: {errs:?}");
        assert!(errs[0].ends_with("nesting too deep"), "{open}: {errs:?}");
    }
    let errs = errors(&format!("fn f(x: {}int{}) {{ }}", "Vec<".repeat(300), ">".repeat(300)));
    assert!(errs.len() == 1 && errs[0].ends_with("nesting too deep"), "{errs:?}");
    let errs = errors(&format!("fn f() {{ let {}x{} = 1; }}", "(".repeat(300), ")".repeat(300)));
    assert!(errs.len() == 1 && errs[0].ends_with("nesting too deep"), "{errs:?}");
    // 150 levels is fine, and long `else if` chains do not nest
    assert!(errors(&format!("fn f() {{ {}1{} }}", "(".repeat(150), ")".repeat(150))).is_empty());
    let chain = "if a { 1 } else ".repeat(1000);
    assert!(errors(&format!("fn f() {{ {chain} {{ 2 }} }}")).is_empty());
}

/// Long chains make trees as deep as nesting does (the passes after parsing recurse on
/// them): past 10,000 operators, calls or casts chained, an error, not a stack overflow.
#[test]
fn chains_too_long_are_an_error_not_a_crash() {
    for link in [" + a", " || a", ".abs()", ".x", "[0]", "?", "(1)", " as int"] {
        let src = format!("fn f() {{ a{} }}", link.repeat(10_001));
        let errs = errors(&src);
        assert_eq!(errs.len(), 1, "{link}: {errs:?}");
        assert!(errs[0].ends_with("expression too long"), "{link}: {errs:?}");
        assert!(errors(&format!("fn f() {{ a{} }}", link.repeat(9_000))).is_empty(), "{link}");
    }
    // the count is of chains still open: many long chains one after another are fine
    let stmts = format!("let b = a{};", " + a".repeat(5_000)).repeat(4);
    assert!(errors(&format!("fn f() {{ {stmts} }}")).is_empty());
}

#[test]
fn unbalanced_deep_nesting_reports_few_errors() {
    for s in ["(", "{", "[", "fn f() {", "fn f() { let x = ", "fn f() { if x { "] {
        let src = s.repeat(10_000);
        let errs = errors(&src);
        assert!(!errs.is_empty() && errs.len() <= 3, "{s}: {errs:?}");
    }
    // many separate mistakes: reported up to a cap
    let errs = errors(&"fn f() -> Vec<".repeat(10_000));
    assert_eq!(errs.len(), super::MAX_ERRORS);
}

