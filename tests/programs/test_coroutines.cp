// cmd: test
// exit: 1
// stdout: test a_channel_and_a_spawn ... ok
// stdout: test through_a_helper ... ok
// stdout: test a_select_with_a_timer ... ok
// stdout: test a_failing_join ... FAILED
// stdout: test result: FAILED. 4 passed; 1 failed
// `cprime test` runs a test that makes channels, spawns or selects under the coroutine
// scheduler (as a `= coroutine` entry), directly or through functions and closures it
// calls; the others as before. A failing coroutine test reports like any other.
async fn double_via_channel(n: int) -> int {
    let (tx, rx) = channel::<int>(1);
    spawn async { tx.send(n * 2).await; };
    rx.recv().await.unwrap()
}

#[test]
task<> a_channel_and_a_spawn() = coroutine {
    let (tx, rx) = channel::<int>(2);
    spawn async { tx.send(5).await; };
    assert_eq!(rx.recv().await, Some(5));
}

#[test]
fn through_a_helper() {
    assert_eq!(double_via_channel(21).await, 42);
}

#[test]
fn a_select_with_a_timer() {
    let (tx, rx) = channel::<int>(1);
    let v = select {
        Some(v) = rx.recv() => v,
        _ = timer::after(Duration::from_millis(5)) => -1,
    };
    assert_eq!(v, -1);
    drop(tx);
}

#[test]
fn a_failing_join() {
    let h = spawn async { 1 + 1 };
    assert_eq!(h.join().await, 3);
}

#[test]
fn plain() {
    assert_eq!(1 + 1, 2);
}
