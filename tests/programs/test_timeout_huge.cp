// cmd: test
// flags: --timeout 500000000000y
// A timeout too large for the clock is as good as none.
#[test]
fn quick() { assert!(true); }
