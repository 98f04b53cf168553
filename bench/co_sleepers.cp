// Coroutines: N coroutines (1,000,000 unless the first argument says otherwise) asleep
// for an hour, with nothing else each: after a pause of 500 ms (every one has run to its
// sleep), the program writes its RSS to stderr (`VmRSS: .. kB`), prints N and exits.
// RSS / N is the cost of a parked coroutine itself (bench/co_parked.cp's also counts the
// channel each waits on and the spawner's ends); bench/co_go and bench/co_tokio do the
// same.
task<> main(args: &[String]) = coroutine {
    let mut n = 1000000;
    if args.len() > 0 {
        n = args[0].parse_int().unwrap();
    }
    for _ in 0..n {
        spawn async {
            timer::sleep(Duration::from_secs(3600)).await;
        };
    }
    timer::sleep(Duration::from_millis(500)).await;
    for line in fs::read_to_string("/proc/self/status")?.lines() {
        if line.starts_with("VmRSS:") {
            eprintln!("{}", line);
        }
    }
    println!("{}", n);
    process::exit(0);
}
