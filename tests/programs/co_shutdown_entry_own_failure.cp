// exit: 70
// A signal of the entry's own that ends it during a graceful shutdown is a failure the
// shutdown does not hide: once the shutdown is done, its report is shown and the status
// is 70, as without the shutdown. Here the entry waits in a `defer` for its own OOPS
// when SIGTERM comes; the `defer` runs whole and nothing catches OOPS. (It used to
// exit 0 without a word.)
signal OOPS;
task<> main() = coroutine {
    spawn async {
        timer::sleep(Duration::from_millis(10)).await;
        process::kill(process::id(), SIGTERM);
    };
    defer {
        println!("entry defer start");
        timer::sleep(Duration::from_millis(50)).await;
        println!("entry defer end");
    }
    raise OOPS;
}
