// exit: 1
// Macro errors: unknown macros, `assert!`/`assert_eq!` without their values, `matches!`,
// a repeat count on a macro that takes none.
fn main() = default {
    frobnicate!(1);
    assert!();
    assert_eq!(1);
    let m = matches!(1, 1);
    let s = format!["x"; 3];
}
