// exit: 3
// While the entry cleans up for the first `exit(n)`, a later `exit` elsewhere only ends
// its own coroutine: the cleanup goes on to its end and the first status stands.
struct log_stage {
    name: String,
    static void init(name: String) { println!("open {}", name); }
    static void cleanup(name: String) {
        println!("cleanup {} start", name);
        timer::sleep(Duration::from_millis(50)).await;
        println!("cleanup {} end", name);
    }
}

task<> main() = coroutine(log_stage{"a"}, log_stage{"b"}) {
    spawn async { timer::sleep(Duration::from_millis(10)).await; println!("worker 1 exits 3"); exit(3); };
    spawn async { timer::sleep(Duration::from_millis(20)).await; println!("worker 2 exits 4"); exit(4); };
    loop { timer::sleep(Duration::from_millis(5)).await; }
}
