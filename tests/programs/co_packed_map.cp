// 5,000 coroutines wait at once, each keeping a map (string keys, string and vector
// values) made after 300 temporaries: compacting the heap before packing renames the
// map's values too, so the waiting coroutines are packed (tests/sched_stats.rs counts
// the packs) and find every entry when they come back.
task<> main() = coroutine {
    let (done, finished) = channel::<int>(1024);
    let wakers: Vec<Sender<int>> = Vec::new();
    for i in 0..5000 {
        let (tx, rx) = channel::<int>(1);
        let d = done.clone();
        spawn async {
            let mut n = 0;
            for k in 0..300 {
                let t = format!("temporary {} {}", i, k);
                n += t.len();
            }
            let mut names: HashMap<String, String> = HashMap::new();
            let mut parts: HashMap<int, Vec<String>> = HashMap::new();
            for k in 0..4 {
                names.insert(format!("key {}", k), format!("value {} {}", i, k));
                parts.insert(k, vec![format!("{}", n + k), "tail".to_string()]);
            }
            let v = rx.recv().await.unwrap();
            let mut sum = 0;
            for k in 0..4 {
                assert_eq!(names.get(&format!("key {}", k)).unwrap(), format!("value {} {}", i, k));
                let p = parts.get(&k).unwrap();
                assert_eq!(p[1], "tail");
                sum += p[0].parse_int().unwrap();
            }
            d.send(sum + v).await;
        };
        wakers.push(tx);
    }
    for w in wakers {
        w.send(1).await;
    }
    let mut total = 0;
    for _ in 0..5000 {
        total += finished.recv().await.unwrap();
    }
    println!("{}", total);
}
