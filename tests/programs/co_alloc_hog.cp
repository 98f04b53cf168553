// A coroutine whose loop does much work in few safepoints (each step builds a 64 MB
// vector) cannot hold the worker for a whole slice of 2,000 steps (a minute here):
// its slice ends at the collection its allocations bring, so the entry's sleeps end
// in time and the program ends (before, each 1 ms sleep waited out 2,000 such steps).
task<> main() = coroutine {
    spawn async {
        loop {
            let v = vec![7; 8000000];
            let n = v.len();
        }
    };
    for i in 0..5 {
        timer::sleep(Duration::from_millis(1)).await;
        println!("woke {}", i);
    }
}
