// The default runtime: a handled OS signal delivered while `write_all` waits on a full
// socket (the test's client does not read yet) runs its handler, and the write then goes
// on from what it had written: the client gets every byte once (tests/signals.rs).
int main() = default {
    signal(SIGUSR1, |s| { println!("handler ran"); });
    let listener = TcpListener::bind("127.0.0.1:0")?;
    println!("ready");
    println!("{}", listener.local_addr());
    let (conn, _) = listener.accept()?;
    let big = "x".repeat(1 << 20);
    for _ in 0..8 {
        conn.write_all(big.clone())?;
    }
    conn.write_all("end\n")?;
    println!("wrote it all");
    return 0;
}
