// A vector keeps the capacity it grew to across a wait, packed or not (the program
// suite's debug pass packs every coroutine that waits): a heap counts a vector's bytes
// by its capacity, so the heap limit is reached at the same allocation either way.
// Here the truncated vector still counts its 60,000 places (about 512 KB), so 560 KB
// more do not fit in 1 MB, and 300 KB do.
fn make(n: int) except(OOM) -> int {
    let w = vec![0; n];
    w.len()
}

task<> main() = coroutine {
    let (tx, rx) = channel::<int>(1);
    let h = spawn async {
        heap::set_limit(1_MB);
        let mut v: Vec<int> = Vec::new();
        for i in 0..60000 {
            v.push(i);
        }
        v.truncate(10);
        rx.recv().await;
        let big = catch(OOM) { make(70000)? } recover { -1 };
        let small = catch(OOM) { make(37500)? } recover { -1 };
        println!("{} items kept, 560 KB more: {}, 300 KB more: {}", v.len(), big, small);
        v[9]
    };
    timer::sleep(Duration::from_millis(5)).await;
    tx.send(1).await;
    println!("{}", h.join().await);
}
