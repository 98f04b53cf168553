// An OS signal's kind raised by the program (`raise(SIGUSR1)`) and left unhandled in a
// coroutine goes to the scheduler handler registered for that signal, as a delivered
// SIGUSR1 would; its joiners still see the failure. Without a handler for the signal
// (SIGUSR2 here) the coroutine's end is reported on stderr.
task<> main() = coroutine {
    let scheduler = CoroutineScheduler::new()
        .handle(SIGUSR1, |s| async { println!("SIGUSR1 handler got {:?}", s); });
    let h = spawn async { raise(SIGUSR1); };
    catch(SIGUSR1) {
        h.join().await;
    } recover {
        println!("the joiner saw SIGUSR1 too");
    }
    spawn async { raise(SIGUSR2); };
    scheduler.run().await;
    println!("done");
}
