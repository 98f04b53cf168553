// `stream.read(n)` returns at most n bytes of what is available, in whole characters: a
// character longer than n (`é` is two bytes) comes whole rather than never. It is a
// `select` arm like `read()`. (An n below 1 is an error: co_tcp_read_count.cp.)
task<> main() = coroutine {
    let listener = TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr();
    spawn async {
        let c = TcpStream::connect(addr).await?;
        c.write_all("héllo, wörld").await?;
        c.shutdown();
    };
    let (s, _) = listener.accept().await?;
    println!("{:?}", s.read(1).await?);
    println!("{:?}", s.read(1).await?);
    println!("{:?}", s.read(3).await?);
    let rest = select {
        t = s.read(5)? => t,
        _ = timer::after(Duration::from_secs(10)) => "timed out".to_string(),
    };
    println!("{:?}", rest);
    println!("{:?}", s.read(100).await?);
    println!("{:?}", s.read(100).await?);
}
