// `network_stage`'s port is the process's: a spawned coroutine's `network_port()` is the
// entry's, on either worker.
task<> main() = coroutine(network_stage{.port = 0}, .thread_pool = 2) {
    let p = network_port();
    println!("the entry sees a port: {}", p > 0);
    let h = spawn async { network_port() };
    println!("a spawned coroutine sees the same: {}", h.await == p);
}
