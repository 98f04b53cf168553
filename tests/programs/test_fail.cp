// cmd: test
// exit: 1
// stdout: test broken ... FAILED
// stdout: test result: FAILED. 1 passed; 1 failed
// A failing assert fails its test; its output and message appear under `failures:`.
fn double(x: int) -> int {
    x * 3
}

#[test]
fn works() {
    assert_eq!(double(0), 0);
}

#[test]
fn broken() {
    println!("checking double(2)");
    assert_eq!(double(2), 4);
}
