// `drop(stream)` closes the connection at once, as in Rust (the peer reads the end of the
// stream), and `drop(listener)` stops listening: a later connect is refused.
task<> main() = coroutine {
    let listener = TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr();
    let client = TcpStream::connect(addr).await?;
    let (conn, _) = listener.accept().await?;
    conn.write_all("bye\n").await?;
    drop(conn);
    println!("{:?}", client.read_line().await?);
    println!("{:?}", client.read_line().await?);
    drop(listener);
    let refused = catch(IO_ERROR) { TcpStream::connect(addr).await?; "connected" } recover { "refused" };
    println!("after drop(listener): {}", refused);
}
