// TcpListener / TcpStream on the coroutine runtime: a server coroutine and a client
// coroutine in one program, on 127.0.0.1 with a port the OS picks. Lines go both ways,
// `read` sees what is available and "" at the end of the stream, `shutdown` ends the
// stream for the peer, and failures raise IO_ERROR with the OS's errno.
async fn shout(stream: TcpStream) except(IO_ERROR) {
    while let Some(line) = stream.read_line().await? {
        stream.write_all(line.to_uppercase() + "\n").await?;
    }
    stream.write_all("bye").await?;
}

task<> main() = coroutine {
    let listener = TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr();
    println!("bound to 127.0.0.1: {}", addr.starts_with("127.0.0.1:"));
    let server = spawn async {
        let (stream, peer) = listener.accept().await?;
        println!("server: a client from 127.0.0.1: {}", peer.starts_with("127.0.0.1:"));
        shout(stream).await?;
        "served"
    };
    let client = TcpStream::connect(addr).await?;
    println!("client: peer is the listener: {}", client.peer_addr() == addr);
    client.write_all("hello\r\nworld\n").await?;
    println!("{:?}", client.read_line().await?);
    println!("{:?}", client.read_line().await?);
    // a big write: more than the socket buffers hold, so it waits for the reader
    let big = "x".repeat(1000000);
    let reader = spawn async {
        let c = TcpStream::connect(addr).await?;
        let mut total = 0;
        loop {
            let chunk = c.read().await?;
            if chunk.len() == 0 { break; }
            total = total + chunk.len();
        }
        total
    };
    let (conn, _) = listener.accept().await?;
    conn.write_all(big).await?;
    conn.shutdown();
    println!("reader got {} bytes", reader.join().await);
    client.shutdown();
    println!("{:?}", client.read().await?);
    println!("{:?}", client.read().await?);
    println!("{}", server.join().await);

    // `select` over a socket and a channel: a stop message ends an accept loop
    let l2 = TcpListener::bind("127.0.0.1:0").await?;
    let (stop_tx, stop) = channel::<int>(1);
    let a2 = l2.local_addr();
    spawn async {
        let c = TcpStream::connect(a2).await?;
        c.write_all("one\n").await?;
        timer::sleep(Duration::from_millis(10)).await;
        stop_tx.send(1).await;
    };
    loop {
        select {
            (conn, _) = l2.accept()? => println!("accepted, read {:?}", conn.read_line().await?),
            _ = stop.recv() => break,
        }
    }
    println!("accept loop stopped");

    // errors: a port in use, a refused connection, a malformed address
    let taken = catch(IO_ERROR) { TcpListener::bind(addr).await?; "no error" } recover {
        match current_signal() { IO_ERROR(e) => e.message, _ => "?" }
    };
    println!("bind again: {}", taken);
    listener.close();
    let refused = catch(IO_ERROR) { TcpStream::connect(addr).await?; 0 } recover {
        match current_signal() { IO_ERROR(e) => e.error_code, _ => -1 }
    };
    println!("connect to a closed port: errno {}", refused);
    let bad = catch(IO_ERROR) { TcpListener::bind("nowhere").await?; "no error" } recover {
        match current_signal() { IO_ERROR(e) => e.message, _ => "?" }
    };
    println!("bind nowhere: {}", bad);
}
