// Driven by tests/blocking_io.rs: as stdout_blocked.cp, on two workers. A coroutine
// prints without end to a stdout nobody reads; once a MiB waits for the output thread it
// waits too, whichever worker runs it, so after a second the process is still small.
// It reports its resident memory through a file, then exits.
task<> main(args: &[String]) = coroutine(.thread_pool = 2) {
    let path = args[0].clone();
    spawn async {
        let line = "x".repeat(99);
        let mut i = 0;
        loop { println!("{} {}", i, line); i += 1; }
    };
    timer::sleep(Duration::from_millis(1000)).await;
    let status = fs::read_to_string("/proc/self/status")?;
    let mut rss = "?".to_string();
    for l in status.lines() {
        if l.starts_with("VmRSS:") {
            rss = l.to_string();
        }
    }
    fs::write(path, rss)?;
    exit(0);
}
