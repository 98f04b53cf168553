// A consumer loop of `select`s with two arms on one channel (a message, or its end),
// as docs/language.md writes it: every message is taken once, the end ends the loop.
// (Each round used to leave one more place behind in the channel's queue of
// receivers: memory grew with the messages, vm unit test
// two_arms_on_one_channel_are_one_place_in_its_queue.)
task<> main() = coroutine {
    let (tx, rx) = channel::<int>(1);
    spawn async {
        for i in 1..=20000 {
            tx.send(i).await;
        }
    };
    let mut count = 0;
    let mut sum = 0;
    loop {
        let stop = select {
            Some(v) = rx.recv() => { count += 1; sum += v; false },
            None = rx.recv() => true,
        };
        if stop {
            break;
        }
    }
    println!("{} messages, sum {}", count, sum);
}
