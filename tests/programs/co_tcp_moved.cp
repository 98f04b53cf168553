// exit: 101
// `spawn` moves a TcpStream into the new coroutine (so the connection closes when that
// coroutine is done with it); the spawner using it afterwards is a panic.
task<> main() = coroutine {
    let listener = TcpListener::bind("127.0.0.1:0").await?;
    let client = TcpStream::connect(listener.local_addr()).await?;
    let (stream, _) = listener.accept().await?;
    let h = spawn async { stream.write_all("from the new owner\n").await?; };
    h.join().await;
    println!("{:?}", client.read_line().await?);
    println!("{:?}", client.read_line().await?);
    stream.write_all("from the old owner\n").await?;
}
