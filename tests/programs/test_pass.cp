// cmd: test
// `cprime test`: every #[test] function runs; the report goes to stdout.
fn add(a: int, b: int) -> int {
    a + b
}

fn main() = default {
    println!("{}", add(1, 2));
}

#[test]
fn adds() {
    assert_eq!(add(2, 2), 4);
}

#[test]
fn adds_negative() {
    assert!(add(-2, 1) == -1);
}
