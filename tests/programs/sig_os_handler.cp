// signal(SIG, handler) on the default runtime: the handler runs on the main thread at the
// next safepoint after delivery, sees the program's variables, and a sleep it interrupts
// resumes for the time that was left.
fn main() = default {
    let mut hits = 0;
    let mut last = 0;
    signal(SIGUSR1, |sig| {
        hits += 1;
        last = sig;
    });
    signal(SIGHUP, |_| { println!("hup handler"); });
    process::kill(process::id(), SIGUSR1);
    let mut spins = 0;
    while hits == 0 {
        spins += 1;
    }
    println!("handled {} (signal {})", hits, last);
    // a sleep the signal interrupts still lasts its whole time
    let start = Instant::now();
    process::kill(process::id(), SIGHUP);
    thread::sleep(Duration::from_millis(30));
    let slept = Instant::now() - start;
    println!("slept at least 30ms: {}", slept >= Duration::from_millis(30));
    // installing again replaces the handler
    signal(SIGUSR1, |_| { println!("second handler"); });
    process::kill(process::id(), SIGUSR1);
    thread::sleep(Duration::from_millis(1));
    println!("hits still {}", hits);
}
