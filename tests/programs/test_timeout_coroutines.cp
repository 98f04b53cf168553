// cmd: test
// flags: --timeout 1s --filter waits
// exit: 1
// The timeout covers a test on the coroutine runtime too: here its coroutines wait for
// each other's timers, forever.
#[test]
fn waits_forever() {
    let h = spawn async {
        loop { timer::sleep(Duration::from_millis(50)).await; }
    };
    println!("spawned");
    h.join().await;
}

#[test]
fn filtered() { }
