// exit: 101
// A finished coroutine's result or failure keeps the channel ends it carries while a
// join handle to it exists (its joiner may still take them): the deadlock report says
// who holds the sender when that is what keeps the channel open.
signal BOOM { tx: Sender<int> }

fn fail(tx: Sender<int>) except(BOOM) -> int {
    raise(BOOM { tx: tx });
    0
}

task<> main() = coroutine {
    let (tx, rx) = channel::<int>(4);
    let h = spawn async { tx.send(1).await; fail(tx)? };
    drop(tx);
    let mut sum = 0;
    while let Some(v) = rx.recv().await {
        sum += v;
    }
    println!("sum {}", sum);
    let r = catch(BOOM) { h.join().await } recover { -1 };
    println!("{}", r);
}
