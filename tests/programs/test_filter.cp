// cmd: test
// flags: --filter neg
// --filter runs only the tests whose name contains the text.
fn add(a: int, b: int) -> int {
    a + b
}

#[test]
fn adds() {
    assert_eq!(add(2, 2), 4);
}

#[test]
fn adds_negative() {
    assert_eq!(add(-2, 1), -1);
}
