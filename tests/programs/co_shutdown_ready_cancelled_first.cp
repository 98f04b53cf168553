// A graceful shutdown cancels every coroutine: one waiting where it waits, one that
// was ready to run (here the ponger, handed a ping it has yet to take) where it next
// stops, which is its next channel operation even when that would complete at once.
// The driver, cancelled where it waited, ended at once and its `ping` sender with it;
// the ponger takes its ping, then must be cancelled at its `send`, not see the
// channel closed and end as if the driver had finished.
task<> main() = coroutine {
    spawn async {
        let (ping, pings) = channel::<int>(0);
        let (pong, pongs) = channel::<int>(0);
        spawn async {
            catch(SIGTERM) {
                while let Some(n) = pings.recv().await {
                    if n >= 99 {
                        println!("ponger took {}", n);
                    }
                    pong.send(n + 1).await;
                }
                println!("ponger saw the pings end");
            } recover {
                println!("ponger cancelled");
            }
        };
        let mut n = 0;
        loop {
            ping.send(n).await;
            if n == 100 {
                process::kill(process::id(), SIGTERM);
            }
            n = pongs.recv().await.unwrap();
        }
    };
    timer::sleep(Duration::from_secs(30)).await;
    println!("not reached");
}
