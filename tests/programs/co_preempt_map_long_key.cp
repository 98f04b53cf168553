// A map operation counts the bytes of a string key it hashes and compares as work: a
// coroutine looking up a 10 MB key in a loop is preempted like any other, so three 1 ms
// sleeps on the one worker take milliseconds, not the loop's whole slices (seconds).
task<> main() = coroutine {
    spawn async {
        let k = "k".repeat(10000000);
        let mut m: HashMap<String, int> = HashMap::new();
        m.insert(k.clone(), 1);
        let mut n = 0;
        loop {
            n += m.get(&k).unwrap_or(0);
            if m.contains_key(&k) { n += 1; }
        }
    };
    let start = Instant::now();
    for _ in 0..3 {
        timer::sleep(Duration::from_millis(1)).await;
    }
    println!("{}", start.elapsed() < Duration::from_millis(1500));
}
