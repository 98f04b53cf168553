// exit: 3
// `exit(n)` in a spawned coroutine cleans up the entry's stages first, as `exit(n)` in
// the entry does: the cleanup runs as the entry's coroutine (here it spawns and joins
// one of its own), and the process then exits with n.
struct log_stage {
    name: String,
    static void init(name: String) { println!("open {}", name); }
    static void cleanup(name: String) {
        let h = spawn async { timer::sleep(Duration::from_millis(5)).await; 40 };
        println!("close {} after {}", name, h.join().await);
    }
}

task<> main() = coroutine(log_stage{"first"}, log_stage{"second"}) {
    let h = spawn async {
        println!("worker exits");
        exit(3);
    };
    h.join().await;
    println!("never: the entry goes on");
}
