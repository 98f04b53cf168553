// A `select` with two read arms on one stream and no other arm: a line that arrives
// while the coroutine is preempted right after the first arm found nothing (its slice
// ends there: `busy` uses up all but the last few safepoints of it, and 24 busy
// coroutines take the worker meanwhile) must still wake it. The socket's readiness is
// reported once; it marks the `select` to try its arms again. The client answers each
// number it reads with a line, that many microseconds later.
fn busy(n: int) -> int {
    let mut i = 0;
    while i < n { i += 1; }
    i
}

task<> main(args: &[String]) = coroutine {
    let listener = TcpListener::bind(args[0].clone()).await?;
    println!("listening on {}", listener.local_addr());
    for j in 0..24 {
        spawn async {
            let start = Instant::now();
            let mut n = 0;
            while start.elapsed() < Duration::from_millis(20000) {
                let v = "abcd".repeat(40);
                n += v.len();
            }
        };
    }
    let (s, _) = listener.accept().await?;
    for t in 0..200 {
        let d = 2000 + (t % 40) * 100;
        s.write_all(format!("{}\n", d)).await?;
        timer::sleep(Duration::from_millis(1)).await;
        busy(1994);
        let t0 = Instant::now();
        select {
            Some(l) = s.read_line()? => {},
            None = s.read_line()? => { println!("eof"); },
        }
        let ms = t0.elapsed().as_millis();
        if ms > 1000 {
            println!("trial {}: the select waited {} ms for a line already sent", t, ms);
            exit(1);
        }
    }
    println!("all 200 lines read promptly");
    exit(0);
}
