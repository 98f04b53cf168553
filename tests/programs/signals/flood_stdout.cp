// Prints without end to a stdout nobody reads (tests/signals.rs): the scheduler's thread
// ends up stuck in a write, and SIGTERM then SIGINT must still end the process.
task<> main() = coroutine {
    eprintln!("ready");
    let mut k = 0;
    loop { println!("line {}", k); k += 1; }
}
