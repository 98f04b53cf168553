// 5,000 coroutines wait at once, each keeping a string and a record made after 300
// temporaries: the collection before packing leaves those survivors high among free
// slots, and compacting the heap moves them down, so the waiting coroutines are packed
// (tests/sched_stats.rs counts the packs) and come back with their values intact.
struct Kept { name: String, parts: Vec<String>, n: int }

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
            let kept = Kept { name: format!("kept {}", i), parts: vec![format!("{}", n), "tail".to_string()], n: n };
            let v = rx.recv().await.unwrap();
            assert_eq!(kept.name, format!("kept {}", i));
            assert_eq!(kept.parts[0], format!("{}", kept.n));
            assert_eq!(kept.parts[1], "tail");
            d.send(kept.n + v).await;
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
