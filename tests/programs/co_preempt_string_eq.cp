// Comparing long strings counts as work (the bytes compared): a coroutine comparing two
// 10 MB strings in a loop is preempted like any other, so three 1 ms sleeps on the one
// worker take milliseconds, not the loop's whole slices (about 3 s).
task<> main() = coroutine {
    spawn async {
        let a = "x".repeat(10000000);
        let b = "x".repeat(10000000);
        let mut n = 0;
        loop {
            if a == b { n += 1; }
        }
    };
    let start = Instant::now();
    for _ in 0..3 {
        timer::sleep(Duration::from_millis(1)).await;
    }
    println!("{}", start.elapsed() < Duration::from_millis(1500));
}
