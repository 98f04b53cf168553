// Coroutines: spawn 1,000,000 coroutines and join each (in batches of 1,000, so at most
// a thousand are alive at once); prints the sum of their results.
task<> main() = coroutine {
    let mut sum = 0;
    let batch = 1000;
    for b in 0..1000 {
        let handles: Vec<JoinHandle<int>> = Vec::new();
        for i in 0..batch {
            let n = b * batch + i;
            handles.push(spawn async { n % 7 });
        }
        for h in handles {
            sum += h.join().await;
        }
    }
    println!("{}", sum);
}
