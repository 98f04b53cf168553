// exit: 101
// A `select` whose every arm is off (each pattern failed: both channels are closed) has
// nothing left to wait for: a panic, not a hang.
task<> main() = coroutine {
    let (tx1, rx1) = channel::<int>(1);
    let (tx2, rx2) = channel::<int>(1);
    drop(tx1);
    drop(tx2);
    select {
        Some(a) = rx1.recv() => println!("{}", a),
        Some(b) = rx2.recv() => println!("{}", b),
    }
}
