// exit: 1
// Loop errors: non-iterable values, undeclared labels, `continue` outside a loop,
// `break` values, and `return` without a value.
fn f() -> int {
    return;
}
fn main() = default {
    let s = "abc".to_string();
    for c in s {}
    for x in 5 {}
    loop { break 'outer; }
    continue;
    while true { break 5; }
    let x: int = loop { break; };
}
