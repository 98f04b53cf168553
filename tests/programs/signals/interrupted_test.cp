// `cprime test` of this file is ended by SIGTERM while `a_sleeps` runs
// (tests/signals.rs): the report's header is on stdout already.
#[test]
fn a_sleeps() {
    timer::sleep(Duration::from_secs(10)).await;
    assert!(true);
}

#[test]
fn b_quick() { assert!(true); }
