// A line longer than 16 MiB raises IO_ERROR with EMSGSIZE (90) and is dropped up to its
// newline: a program that catches the error reads on with the next line.
task<> main() = coroutine {
    let listener = TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr();
    spawn async {
        let c = TcpStream::connect(addr).await?;
        c.write_all("before\n" + "x".repeat(18 * 1024 * 1024) + "\nafter\n").await?;
        c.shutdown();
    };
    let (s, _) = listener.accept().await?;
    for i in 0..4 {
        let r = catch(IO_ERROR) {
            match s.read_line().await? { Some(l) => format!("{:?}", l), None => "the end".to_string() }
        } recover {
            match current_signal() { IO_ERROR(e) => format!("errno {}", e.error_code), _ => "?".to_string() }
        };
        println!("read_line {}: {}", i, r);
    }
}
