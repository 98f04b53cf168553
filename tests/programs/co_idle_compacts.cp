// The entry keeps 3,000 strings of 1 KB, then makes 10,000 small ones it drops (too
// few bytes for a collection to run meanwhile), and waits: the idle sweep collects its
// heap, finds most of its slots free and compacts it (tests/sched_stats.rs counts it),
// renaming every handle. The kept strings, the vector holding them and the channel
// ends in registers must all be where the program left them.
task<> main() = coroutine {
    let (tx, rx) = channel::<int>(4);
    let kept: Vec<String> = Vec::new();
    for i in 0..3000 {
        kept.push(format!("{}:", i).repeat(200));
    }
    let mut dropped = 0;
    for i in 0..10000 {
        let s = format!("g{}", i);
        dropped += s.len();
    }
    let h = spawn async {
        timer::sleep(Duration::from_millis(30)).await;
        tx.send(7).await;
        1
    };
    let got = rx.recv().await.unwrap();
    let mut sum = 0;
    for i in 0..3000 {
        if kept[i].starts_with(&format!("{}:{}:", i, i)) {
            sum += 1;
        }
    }
    println!("{} kept strings intact of {}, {} bytes dropped, got {}, joined {}", sum, kept.len(), dropped, got, h.join().await);
}
