// A coroutine whose loop does much work in few safepoints without allocating (each step
// reverses and searches a vector of 4,000,000 ints in place, milliseconds of work)
// cannot hold the worker for a whole slice of 2,000 steps (seconds): natives count the
// elements they walk as reductions, and a slice's worth ends the slice at the next
// safepoint. Before, each 1 ms sleep here waited out thousands of such steps.
task<> main() = coroutine {
    spawn async {
        let mut v = vec![7; 4000000];
        loop {
            v.reverse();
            if v.contains(8) {
                println!("found");
            }
        }
    };
    let start = Instant::now();
    for i in 0..5 {
        timer::sleep(Duration::from_millis(1)).await;
        println!("woke {}", i);
    }
    let waited = Instant::now().duration_since(start);
    println!("all woke within 3 s: {}", waited < Duration::from_millis(3000));
}
