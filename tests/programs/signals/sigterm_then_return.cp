// SIGTERM to itself, `n` steps of work (one safepoint each), then the body returns 7 or
// raises BOOM: for some `n` the shutdown begins right after the body ended, before its
// stages' cleanup began (tests/signals.rs sweeps `n`). There the body's end stands.
signal BOOM { n: int }
struct flush_stage {
    static void init() {}
    static void cleanup() {
        timer::sleep(Duration::from_millis(1)).await;
        println!("cleaned up");
    }
}
int main(args: Vec<String>) = coroutine(flush_stage{}) {
    let n = args[0].parse_int().unwrap_or(0);
    let raises = args.len() > 1;
    process::kill(process::id(), SIGTERM);
    let mut i = 0;
    while i < n { i = i + 1; }
    println!("body ends");
    if raises {
        raise BOOM { n: n };
    }
    7
}
