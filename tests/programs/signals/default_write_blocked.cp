// The default runtime: a handled OS signal delivered while `write_all` waits on a full
// socket (the test's client never reads) leaves the write waiting quietly: it finishes
// first (its progress lives in the call), then the handler runs (tests/signals.rs).
int main() = default {
    signal(SIGUSR1, |s| { eprintln!("handler ran"); });
    let listener = TcpListener::bind("127.0.0.1:0")?;
    println!("ready");
    println!("{}", listener.local_addr());
    let (conn, _) = listener.accept()?;
    let big = "x".repeat(1 << 20);
    for _ in 0..1000 {
        conn.write_all(big.clone())?;
    }
    return 0;
}
