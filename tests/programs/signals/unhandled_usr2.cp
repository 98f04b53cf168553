// Driven by tests/signals.rs: no handler for SIGUSR2, so its OS default applies on the
// coroutine runtime too: the process ends by the signal.
task<> main() = coroutine {
    println!("ready");
    loop { timer::sleep(Duration::from_millis(5)).await; }
}
