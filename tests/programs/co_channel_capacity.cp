// exit: 101
// A channel capacity computed at run time to be negative panics at `channel(..)` (a
// literal one is a compile error: err_channel_capacity.cp); 0 is a rendezvous channel.
task<> main() = coroutine {
    let n = "0".parse_int().unwrap();
    let (tx, rx) = channel::<int>(n + 2);
    tx.send(1).await;
    println!("capacity 2 holds {:?}", rx.recv().await);
    let (t0, r0) = channel::<int>(n);
    println!("capacity 0 made");
    let (t1, r1) = channel::<int>(n - 1);
    println!("not reached");
}
