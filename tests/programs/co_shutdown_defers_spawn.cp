// A graceful shutdown whose cancelled coroutines each spawn one more from their `defer`:
// each new one is cancelled where it first stops, unless it finishes first (these send
// on a channel with room, so they finish), and every one of them reports. (The set of
// coroutines still to be cancelled was a list searched at every start and stop:
// 100,000 of these took 4.2 s of the 5 s grace period, 1.0 s now.)
task<> main() = coroutine {
    let n = 2000;
    let (done, cleaned) = channel::<int>(n * 2);
    for i in 0..n {
        let (mytx, myrx) = channel::<int>(1);
        let d = done.clone();
        spawn async {
            defer {
                let d2 = d.clone();
                spawn async { d2.send(1).await; };
            }
            let v = myrx.recv().await;
            drop(mytx);
            println!("never {:?}", v);
        };
    }
    drop(done);
    defer {
        let mut count = 0;
        while let Some(v) = cleaned.recv().await {
            count += v;
        }
        println!("cleaned {}", count);
    }
    timer::sleep(Duration::from_millis(50)).await;
    process::kill(process::id(), SIGTERM);
    timer::sleep(Duration::from_secs(100)).await;
}
