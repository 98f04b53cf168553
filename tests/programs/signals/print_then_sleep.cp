// Prints more than a pipe holds, says so through a file, then sleeps (tests/signals.rs):
// SIGUSR1, which it does not handle, ends it by the OS default, but only after what it
// printed is written.
task<> main(args: &[String]) = coroutine {
    for i in 0..5000 { println!("line {} zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz", i); }
    println!("LAST");
    fs::write(args[0].clone(), "printed")?;
    timer::sleep(Duration::from_secs(30)).await;
}
