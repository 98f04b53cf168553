// A signal handler's coroutine that starts during the graceful shutdown (SIGUSR1 sent by
// a cancelled coroutine's `recover`) is cancelled at its first wait like every other:
// its `defer` runs and the program exits 0 at once.
task<> main() = coroutine {
    let s = CoroutineScheduler::new().handle(SIGUSR1, |_| async {
        defer { println!("handler cleaned up"); }
        println!("handler waits");
        timer::sleep(Duration::from_secs(60)).await;
    });
    spawn async {
        catch(SIGTERM) {
            timer::sleep(Duration::from_secs(60)).await;
        } recover {
            println!("cancelled; signalling");
            process::kill(process::id(), SIGUSR1);
            // (cancelled once: this wait is not; the handler starts meanwhile)
            timer::sleep(Duration::from_millis(200)).await;
            println!("recovered");
        }
    };
    timer::sleep(Duration::from_millis(20)).await;
    process::kill(process::id(), SIGTERM);
    s.run().await;
}
