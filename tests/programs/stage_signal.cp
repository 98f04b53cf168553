// signal_stage{.graceful_shutdown = true}: SIGTERM no longer kills the process; the
// program sees shutdown_requested() and stops cleanly. SIGHUP sets reload_requested().
fn main() = default(signal_stage{.graceful_shutdown = true, .reload_config = true}) {
    process::kill(process::id(), SIGHUP);
    thread::sleep(Duration::from_millis(1));
    println!("reload: {} then {}", reload_requested(), reload_requested());
    process::kill(process::id(), SIGTERM);
    let mut rounds = 0;
    while !shutdown_requested() {
        rounds += 1;
        thread::sleep(Duration::from_millis(1));
    }
    println!("graceful shutdown");
}
