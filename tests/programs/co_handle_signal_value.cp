// `scheduler.handle(sig, ..)` takes an OS signal held in a variable as well as one
// named in place.
task<> main() = coroutine {
    let sig = SIGUSR1;
    let s = CoroutineScheduler::new().handle(sig, |s| async { println!("handled {:?}", s); });
    process::kill(process::id(), SIGUSR1);
    timer::sleep(Duration::from_millis(30)).await;
    s.run().await;
    println!("done");
}
