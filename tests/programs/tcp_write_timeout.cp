// The default runtime: a stream's write timeout ends a `write_all` that waited that long
// without writing a byte (the peer, this program's own client, never reads).
int main() = default {
    let listener = TcpListener::bind("127.0.0.1:0")?;
    let client = TcpStream::connect(listener.local_addr())?;
    let (conn, _) = listener.accept()?;
    conn.set_write_timeout(Duration::from_millis(200))?;
    let big = "x".repeat(1 << 20);
    let start = Instant::now();
    let said = catch(IO_ERROR) {
        for _ in 0..1000 {
            conn.write_all(big.clone())?;
        }
        "wrote it all".to_string()
    } recover {
        match current_signal() { IO_ERROR(e) => format!("errno {}", e.error_code), _ => "?".to_string() }
    };
    println!("{}", said);
    println!("waited at least the timeout: {}", start.elapsed() >= Duration::from_millis(200));
    client.close();
    return 0;
}
