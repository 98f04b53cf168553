// The graceful shutdown cancels a coroutine started during it where it first stops:
// one that never waits (a busy loop spawned by a `recover`) is cancelled at the
// safepoint that ends its time slice, its `defer` runs, and the program exits 0 at
// once (it ran until the 5 s grace period ended the process with 143).
task<> main() = coroutine {
    spawn async {
        catch(SIGTERM) {
            timer::sleep(Duration::from_secs(60)).await;
        } recover {
            println!("cancelled; starting a busy helper");
            spawn async {
                defer { println!("busy helper cleaned up"); }
                let mut i = 0;
                loop {
                    i = i + 1;
                }
            };
        }
    };
    timer::sleep(Duration::from_millis(20)).await;
    process::kill(process::id(), SIGTERM);
    timer::sleep(Duration::from_secs(60)).await;
}
