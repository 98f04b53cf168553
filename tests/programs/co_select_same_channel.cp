// Two arms on one channel (`Some(v) = rx.recv()` then `None = rx.recv()`) beside an arm
// that is always ready: every message still arrives, in order. A message that comes
// while the coroutine is preempted between the arms (the loop runs long time slices) is
// the first arm's in the next round, never a later arm's to drop.
task<> main() = coroutine {
    let (atx, arx) = channel::<int>(2);
    let (btx, brx) = channel::<int>(1);
    drop(btx);
    spawn async { for i in 0..200 { atx.send(i).await; } };
    drop(atx);
    let mut got = Vec::new();
    let mut spins = 0;
    loop {
        select {
            Some(v) = arx.recv() => { got.push(v); },
            None = arx.recv() => { break; },
            None = brx.recv() => { spins += 1; },
        }
    }
    let mut in_order = true;
    for i in 0..got.len() {
        in_order = in_order && got[i] == i as int;
    }
    println!("got {} messages, in order: {}, the closed channel's arm won too: {}", got.len(), in_order, spins > 0);
}
