// exit: 3
// exit(n) in the body still cleans up the stages, in reverse order, before exiting.
struct log_stage {
    name: String,
    static void init(name: String) { println!("open {}", name); }
    static void cleanup(name: String) { println!("close {}", name); }
}

fn main() = default(log_stage{"a"}, log_stage{"b"}) {
    println!("body");
    exit(3);
    println!("never");
}
