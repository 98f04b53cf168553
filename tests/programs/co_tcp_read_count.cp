// `read(n)` with n below 1 is a mistake said as `IO_ERROR` with EINVAL (it returned a
// character); the bytes stay for the next read.
task<> main() = coroutine {
    let listener = TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr();
    spawn async {
        let c = TcpStream::connect(addr).await?;
        c.write_all("abc").await?;
    };
    let (conn, _) = listener.accept().await?;
    for n in [0, -1] {
        let said = catch(IO_ERROR) { conn.read(n).await?; "no error".to_string() } recover {
            match current_signal() { IO_ERROR(e) => format!("errno {}: {}", e.error_code, e.message), _ => "?".to_string() }
        };
        println!("read({}): {}", n, said);
    }
    println!("{:?}", conn.read(2).await?);
}
