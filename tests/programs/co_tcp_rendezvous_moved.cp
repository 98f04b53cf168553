// exit: 101
// A rendezvous send of a TcpStream waits until it is taken, then the stream is the
// receiver's: the connection closes when the receiver drops it (the client reads its
// line, then the end), and the sender using it afterwards is a panic.
task<> main() = coroutine {
    let listener = TcpListener::bind("127.0.0.1:0").await?;
    let client = TcpStream::connect(listener.local_addr()).await?;
    let (stream, _) = listener.accept().await?;
    let (tx, rx) = channel::<TcpStream>(0);
    let h = spawn async {
        timer::sleep(Duration::from_millis(10)).await;
        let s = rx.recv().await.unwrap();
        s.write_all("from the receiver\n").await?;
    };
    tx.send(stream).await;
    h.join().await;
    println!("{:?}", client.read_line().await?);
    println!("{:?}", client.read_line().await?);
    stream.write_all("from the sender\n").await?;
}
