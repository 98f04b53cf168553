// The graceful shutdown cancels each coroutine once, on any worker: eight coroutines on
// four workers catch the shutdown signal and wait twice more in their `recover`; every
// one finishes it (on another worker, a wait there was cancelled again and cut the
// `recover` short: 5 to 7 of the 8 finished).
fn busy(n: int) -> int {
    let mut s = 0;
    let mut i = 0;
    while i < n { s = s + i % 7; i = i + 1; }
    s
}

task<> main() = coroutine(.thread_pool = 4) {
    let (tx, rx) = channel::<int>(8);
    for k in 0..8 {
        let done = tx.clone();
        spawn async {
            catch(SIGTERM) {
                loop {
                    busy(200000);
                    timer::sleep(Duration::from_millis(1)).await;
                }
            } recover {
                busy(2000000);
                timer::sleep(Duration::from_millis(50)).await;
                busy(2000000);
                timer::sleep(Duration::from_millis(50)).await;
                done.send(k).await;
            }
        };
    }
    drop(tx);
    timer::sleep(Duration::from_millis(100)).await;
    process::kill(process::id(), SIGTERM);
    catch(SIGTERM) {
        timer::sleep(Duration::from_secs(60)).await;
    } recover {
        let mut n = 0;
        while let Some(_) = rx.recv().await {
            n += 1;
        }
        println!("{} recovered", n);
    }
}
